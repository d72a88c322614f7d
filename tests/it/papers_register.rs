//! The N五 register: `export roster --format xlsx|csv|json`, grouped by
//! committee and branch with counts, marked, audited; read back with calamine.
use crate::support::papers::*;
use calamine::{Data, Reader, Xlsx, open_workbook};

fn export(db: &Db, format: &str, all: bool, name: &str) -> std::path::PathBuf {
    let out = db.dir.path().join(name);
    let path = out.to_str().expect("utf8");
    let mut args = vec!["export", "roster", "--format", format, "--out", path];
    if all {
        args.push("--all");
    }
    db.ok(&args);
    out
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn sheet(path: &std::path::Path, index: usize) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open xlsx");
    let range = wb.worksheet_range_at(index).expect("sheet").expect("range");
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

/// The members of the register in committee, branch order, with a subtotal
/// line after each branch and committee and the grand total at the end.
fn expected_lines(names: &[&str]) -> Vec<String> {
    let mut people: Vec<_> = PEOPLE.iter().filter(|p| names.contains(&p.0)).collect();
    people.sort_by_key(|p| (p.1, p.2));
    let mut out = vec![];
    for (i, p) in people.iter().enumerate() {
        out.push(p.0.to_string());
        let next = people.get(i + 1);
        if next.is_none_or(|n| (n.1, n.2) != (p.1, p.2)) {
            out.push("党支部小计".into());
        }
        if next.is_none_or(|n| n.1 != p.1) {
            out.push("基层党委合计".into());
        }
    }
    out.push("总计".into());
    out
}

#[test]
fn xlsx_register_lists_members_not_yet_reached_grouped_with_counts() {
    let db = fixture();
    let path = export(&db, "xlsx", false, "register.xlsx");
    let rows = sheet(&path, 0);
    assert_eq!(rows[0][0], "失联党员中尚未取得联系的党员名册");
    assert!(rows[1][0].contains("内部资料 注意保密"), "{:?}", rows[1]);
    assert!(rows[1][0].contains(TODAY), "{:?}", rows[1]);
    assert_eq!(rows[2][0], "序号");
    assert_eq!(rows[2][1], "姓名");
    let head = rows[2].clone();
    let (cc, bc, sc) = (
        col(&head, "基层党委"),
        col(&head, "党支部"),
        col(&head, "状态"),
    );
    // 钱二 regained, 孙三 removed, 吴六 suspended: not on the register.
    let lines: Vec<String> = rows[3..].iter().map(|r| r[1].clone()).collect();
    assert_eq!(lines, expected_lines(&["赵一", "李四", "周五"]));
    for r in &rows[3..] {
        if let Some(p) = PEOPLE.iter().find(|p| p.0 == r[1]) {
            assert_eq!((r[cc].as_str(), r[bc].as_str()), (p.1, p.2), "{r:?}");
            assert_eq!(r[sc], "失联");
        }
    }
    // The count is a number (shown as "3 人") in the 入党日期 column, the
    // counts per status and focus area after it.
    let n = col(&head, "入党日期");
    let total = rows.last().expect("total row");
    assert_eq!(total[n], "3");
    assert!(total[n + 1].contains("失联 3"), "{total:?}");
    for f in ["街道社区 1", "高校 1", "非公有制企业 1"] {
        assert!(total[n + 1].contains(f), "{f} in {total:?}");
    }
    // The branch subtotal of 甲 第一社区 counts only 赵一.
    let sub = rows
        .iter()
        .find(|r| r[1] == "党支部小计" && r[2].contains(B_A1))
        .expect("subtotal of B_A1");
    assert_eq!(sub[n], "1");
}

/// Column index of a header in the counts sheet.
fn col(head: &[String], name: &str) -> usize {
    head.iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {head:?}"))
}

#[test]
fn all_cases_counts_sheet_has_numbers_per_status_and_focus_area() {
    let db = fixture();
    let path = export(&db, "xlsx", true, "all.xlsx");
    let rows = sheet(&path, 0);
    assert_eq!(rows[0][0], "失联党员名册（全部人员）");
    let names = PEOPLE.iter().map(|p| p.0).collect::<Vec<_>>();
    let lines: Vec<String> = rows[3..].iter().map(|r| r[1].clone()).collect();
    assert_eq!(lines, expected_lines(&names));
    let stats = sheet(&path, 1);
    assert!(stats[0][0].contains("内部资料 注意保密"));
    let head = &stats[1];
    let row = |c: &str, b: &str| {
        stats
            .iter()
            .find(|r| r[0] == c && r[1] == b)
            .unwrap_or_else(|| panic!("no row {c}/{b} in {stats:?}"))
    };
    let a1 = row(C_A, B_A1);
    assert_eq!(a1[col(head, "人数")], "3");
    assert_eq!(a1[col(head, "失联")], "1");
    assert_eq!(a1[col(head, "已联系")], "1");
    assert_eq!(a1[col(head, "除名")], "1");
    assert_eq!(a1[col(head, "街道社区")], "2");
    assert_eq!(a1[col(head, "高校")], "1");
    let b = row(C_B, "基层党委合计");
    assert_eq!(b[col(head, "人数")], "2");
    assert_eq!(b[col(head, "停止党籍")], "1");
    assert_eq!(b[col(head, "非公有制企业")], "2");
    let total = stats.last().expect("total");
    assert_eq!(total[0], "总计");
    assert_eq!(total[col(head, "人数")], "6");
    assert_eq!(total[col(head, "失联")], "3");
}

#[test]
fn csv_and_json_registers_are_marked_ordered_and_audited() {
    let db = fixture();
    let csv = export(&db, "csv", false, "register.csv");
    let body = std::fs::read_to_string(&csv).expect("read csv");
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}# 内部资料 注意保密"),
        "BOM, then the marking"
    );
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("序号,姓名,性别,公民身份号码,出生日期"))
    );
    let rest: Vec<&str> = lines.collect();
    let split = rest
        .iter()
        .position(|l| l.starts_with('#'))
        .expect("a counts table after the members");
    let names: Vec<&str> = rest[..split]
        .iter()
        .map(|l| l.split(',').nth(1).unwrap_or(""))
        .collect();
    let want: Vec<String> = expected_lines(&["赵一", "李四", "周五"])
        .into_iter()
        .filter(|l| PEOPLE.iter().any(|p| p.0 == l))
        .collect();
    assert_eq!(names, want);
    // The counts: a line per branch and committee, then the total line.
    assert_eq!(rest[split], "# 统计");
    let head: Vec<&str> = rest[split + 1].split(',').collect();
    let at = |name: &str| head.iter().position(|h| *h == name).expect(name);
    let total: Vec<&str> = rest[rest.len() - 1].split(',').collect();
    assert_eq!((total[0], total[1]), ("", ""), "{total:?}");
    assert_eq!(total[at("人数")], names.len().to_string());
    assert_eq!(total[at("失联")], names.len().to_string());
    let branch_lines: u64 = rest[split + 2..rest.len() - 1]
        .iter()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| !f[1].is_empty())
        .map(|f| f[at("人数")].parse::<u64>().expect("count"))
        .sum();
    assert_eq!(branch_lines, names.len() as u64, "branch lines add up");
    let json = export(&db, "json", true, "register.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("read")).expect("json");
    assert_eq!(v["marking"], "内部资料 注意保密");
    assert_eq!(v["rows"].as_array().map(|a| a.len()), Some(6));
    assert_eq!(v["totals"]["total"], 6);
    assert_eq!(v["totals"]["status"]["lost"], 3);
    let groups = v["groups"].as_array().expect("groups");
    let a2 = groups
        .iter()
        .find(|g| g["branch"] == B_A2)
        .expect("group of B_A2");
    assert_eq!(a2["counts"]["focus_area"]["university"], 1);
    let audit = db.ok(&["audit", "--json"]).json();
    let exports: Vec<String> = audit
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.contains("\"export\""))
        .map(String::from)
        .collect();
    assert_eq!(exports.len(), 2, "{exports:?}");
    assert!(exports[0].contains("\"roster\"") && exports[0].contains("\"csv\""));
    assert!(exports[0].contains("\"rows\":3"), "{}", exports[0]);
    assert!(exports[1].contains("\"json\"") && exports[1].contains("\"rows\":6"));
    // Never over an existing file.
    let out = db.run(
        &[
            "export",
            "roster",
            "--format",
            "xlsx",
            "--out",
            csv.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(out.code, 1);
}

#[test]
fn empty_register_is_still_a_marked_sheet_with_a_zero_total() {
    let db = Db::new();
    db.ok(&["init"]);
    let path = export(&db, "xlsx", false, "empty.xlsx");
    let rows = sheet(&path, 0);
    assert_eq!(rows.len(), 4, "title, marking, header, total: {rows:?}");
    assert!(rows[1][0].contains("内部资料 注意保密"));
    assert_eq!(rows[3][1], "总计");
    assert_eq!(rows[3][col(&rows[2], "入党日期")], "0");
    let audit = db.ok(&["audit", "--json"]).json();
    let last = audit.as_array().and_then(|a| a.last()).expect("entry");
    assert!(
        last["action"]
            .as_str()
            .is_some_and(|a| a.contains("\"rows\":0"))
    );
}
