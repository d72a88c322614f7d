//! A register kept by hand, as departments keep them: the committee only in
//! the 填报单位 title line, the branch written once per block in a vertically
//! merged cell, 出生年月 to the month, probationary members without a
//! probation column (入党时间 is that date), 最后一次交纳党费时间. The preview
//! and the cases written are checked; then the bad forms of the same sheet
//! are refused naming their cells, with nothing written.

use crate::support::cli::*;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

const COMMITTEE: &str = "青禾街道党工委";
const BRANCHES: [&str; 3] = [
    "青禾街道第一社区党支部",
    "青禾街道第二社区党支部",
    "青禾街道老年党支部",
];
const HEADER: [&str; 10] = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生年月",
    "党员类别",
    "所在党支部",
    "入党时间",
    "最后一次交纳党费时间",
    "失联原因",
];
/// Rows 4..=33: ten members per branch.
const FIRST: u32 = 3;
const ROWS: u32 = 30;

fn birth(i: u32) -> (u32, u32, u32) {
    (1970 + i % 20, 1 + i % 12, 1 + (i * 7) % 27)
}

/// The sheet; `title` is the line under the sheet's title (填报单位…).
fn register(ws: &mut Worksheet, title: &str) {
    ws.set_name("名册").expect("name");
    let plain = Format::new();
    ws.merge_range(0, 0, 0, 9, "失联党员中尚未取得联系的党员名册", &plain)
        .expect("title");
    ws.write_string(1, 0, title).expect("unit line");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("header");
    }
    for i in 0..ROWS {
        let r = FIRST + i;
        let (y, m, d) = birth(i);
        let idn = id(&format!("{y}{m:02}{d:02}"), 100 + i);
        let probationary = i % 10 == 9;
        let cells = [
            (i + 1).to_string(),
            format!("成员{}", i + 1),
            if i % 2 == 0 { "男" } else { "女" }.to_string(),
            idn,
            format!("{y}.{m:02}"),
            if probationary {
                "预备党员"
            } else {
                "正式党员"
            }
            .to_string(),
            String::new(),
            if probationary {
                "2024.05.20".to_string()
            } else {
                format!("{}.07.01", 2000 + i % 10)
            },
            "2025年3月".to_string(),
            "外出务工".to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r, c as u16, v).expect("cell");
            }
        }
    }
    // The branch once per block of ten, merged down over the block.
    for (b, name) in BRANCHES.iter().enumerate() {
        let top = FIRST + 10 * b as u32;
        ws.merge_range(top, 6, top + 9, 6, name, &plain)
            .expect("merge");
    }
}

fn save(path: &std::path::Path, title: &str, edit: impl FnOnce(&mut Worksheet)) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    register(ws, title);
    edit(ws);
    wb.save(path).expect("save");
}

const UNIT_LINE: &str = "填报单位：青禾街道党工委　　　填报日期：2026年11月20日";

#[test]
fn a_hand_kept_register_imports_with_its_merged_branches_and_title_committee() {
    let db = Db::new();
    db.ok(&["init"]);
    let path = db.dir.path().join("名册.xlsx");
    save(&path, UNIT_LINE, |_| {});
    let file = path.to_str().expect("utf8");
    let o = db.run(&["import", file, "--dry-run"], None);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    let p = &o.stdout;
    assert!(p.contains("共 30 行，30 行无误，0 行有问题"), "{p}");
    assert!(
        p.contains("G4:G13") && p.contains("纵向合并") && p.contains("青禾街道第一社区党支部"),
        "{p}"
    );
    assert!(p.contains("出生年月只到月"), "{p}");
    db.ok(&["import", file]);
    let list = db.ok(&["case", "list", "--json", "--limit", "100"]).json();
    let rows = list.as_array().expect("rows");
    assert_eq!(rows.len(), 30);
    for r in rows {
        let id = r["id"].to_string();
        let m = db.ok(&["case", "show", &id, "--json"]).json()["case"]["member"].clone();
        let n: u32 = m["name"].as_str().expect("name")[6..]
            .parse()
            .expect("number");
        let i = n - 1;
        assert_eq!(m["committee"], COMMITTEE, "from the title line");
        assert_eq!(m["branch"], BRANCHES[(i / 10) as usize], "filled down");
        let (y, mo, d) = birth(i);
        assert_eq!(
            m["birth_date"],
            format!("{y}-{mo:02}-{d:02}"),
            "the ID's day, month checked"
        );
        if i % 10 == 9 {
            assert_eq!(m["membership"], "probationary");
            assert_eq!(
                m["probation_start"], "2024-05-20",
                "入党时间 is the probation's start"
            );
        } else {
            assert!(m["probation_start"].is_null());
        }
        assert_eq!(m["last_contact"], "2025-03-01", "最后一次交纳党费时间");
    }
}

/// The preview of a file, which must be refused with nothing written.
fn refused(db: &Db, name: &str, title: &str, edit: impl FnOnce(&mut Worksheet)) -> String {
    let path = db.dir.path().join(name);
    save(&path, title, edit);
    let file = path.to_str().expect("utf8");
    let o = db.run(&["import", file], None);
    assert_eq!(o.code, 1, "{name}: {}\n{}", o.stdout, o.stderr);
    let list = db.ok(&["case", "list", "--json"]).json();
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(0),
        "{name}: nothing written"
    );
    format!("{}{}", o.stdout, o.stderr)
}

#[test]
fn bad_forms_of_the_register_are_refused_naming_their_cells() {
    let db = Db::new();
    db.ok(&["init"]);
    // Two committees in the title line.
    let e = refused(
        &db,
        "two.xlsx",
        "填报单位：青禾街道党工委、明德学院党委",
        |_| {},
    );
    assert!(
        e.contains("不止一个单位") && e.contains("明德学院党委") && e.contains("第 2 行 A 列"),
        "{e}"
    );
    // A committee column that disagrees with the title.
    let e = refused(&db, "disagree.xlsx", UNIT_LINE, |ws| {
        ws.write_string(2, 10, "基层党委").expect("header");
        for i in 0..ROWS {
            ws.write_string(FIRST + i, 10, COMMITTEE).expect("cell");
        }
        ws.write_string(FIRST + 4, 10, "明德学院党委")
            .expect("cell");
    });
    assert!(
        e.contains("第 8 行 K 列（基层党委）")
            && e.contains("明德学院党委")
            && e.contains("标题行"),
        "{e}"
    );
    // A data cell merged across two columns.
    let e = refused(&db, "across.xlsx", UNIT_LINE, |ws| {
        ws.merge_range(FIRST + 2, 7, FIRST + 2, 8, "2003.07.01", &Format::new())
            .expect("merge");
    });
    assert!(e.contains("H6:I6") && e.contains("横向合并"), "{e}");
    // No committee anywhere: one message with what would fix it; the rows counted.
    let e = refused(&db, "nocommittee.xlsx", "填报日期：2026年11月20日", |_| {});
    assert!(e.contains("共 30 行"), "the row count stays right: {e}");
    assert!(
        e.contains("缺少必需的列：基层党委") && e.contains("--committee") && e.contains("填报单位"),
        "{e}"
    );
    assert_eq!(e.matches("缺少必需的列").count(), 1, "one message: {e}");
}

#[test]
fn the_committee_can_be_given_on_the_command_line() {
    let db = Db::new();
    db.ok(&["init"]);
    let path = db.dir.path().join("c.xlsx");
    save(&path, "填报日期：2026年11月20日", |_| {});
    let file = path.to_str().expect("utf8");
    db.ok(&["import", file, "--committee", COMMITTEE]);
    let list = db
        .ok(&["case", "list", "--json", "--committee", COMMITTEE])
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(30));
    // Given both ways, they must agree.
    let other = db.dir.path().join("d.xlsx");
    save(&other, UNIT_LINE, |_| {});
    let o = db.run(
        &[
            "import",
            other.to_str().expect("utf8"),
            "--committee",
            "明德学院党委",
        ],
        None,
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("--committee") && o.stderr.contains("不一致"),
        "{}",
        o.stderr
    );
}
