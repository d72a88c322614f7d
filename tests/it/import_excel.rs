//! Importing messy Excel rosters made by the test itself: title rows, the
//! header spellings departments use, full-width characters, every date form;
//! and bad workbooks — each problem named by sheet, row and column, nothing
//! written.

use crate::support::cli::*;
use crate::support::import::*;
use rust_xlsxwriter::{Format, Workbook};

fn case_list(db: &Db) -> serde_json::Value {
    db.ok(&["case", "list", "--json", "--limit", "1000"]).json()
}

fn wide(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

fn show(db: &Db, id: &serde_json::Value) -> serde_json::Value {
    db.ok(&["case", "show", &id.to_string(), "--json"]).json()["case"]["member"].clone()
}

#[test]
fn messy_workbook_with_every_date_form_imports() {
    let db = Db::new();
    db.ok(&["init"]);
    let mut rows = vec![
        member(
            1,
            "张\u{3000}三",
            &id("19850302", 11),
            s("2015-03-01"),
            s("2020/3/1"),
        ),
        member(
            2,
            "李四",
            &wide(&id("19850302", 12)),
            s("2015.03"),
            s("2020年3月"),
        ),
        member(
            3,
            "王五",
            &id("19850302", 13),
            s("2015年3月1日"),
            s(&wide("2020年3月1日")),
        ),
        member(
            4,
            "赵六",
            &id("19850302", 14),
            V::N(42064.0),
            V::D(2020, 3, 1),
        ),
        member(5, "钱七", &id("19850302", 15), s("2015/3/1"), V::E),
        member(
            6,
            "孙八",
            &id("19850302", 16),
            s("20150301"),
            V::N(20200301.0),
        ),
    ];
    // 李四: other spellings of coded values.
    rows[1][col("人员类别")] = s("正式");
    rows[1][col("出国（境）情况")] = s("无");
    rows[1][col("重点领域")] = s("社区");
    // 钱七: no 失联时间; the latest of organization life and dues counts.
    rows[4][col("最后参加组织生活时间")] = s("2019.06");
    rows[4][col("最后交纳党费时间")] = V::D(2020, 3, 1);
    let mut wb = Workbook::new();
    roster_sheet(&mut wb, "名册", &rows);
    // A footer below the table, merged across the sheet: skipped, not refused.
    let ws = wb.worksheet_from_name("名册").expect("sheet");
    ws.merge_range(
        10,
        0,
        10,
        17,
        "填表人：陈建国　　审核人：李卫东",
        &Format::new(),
    )
    .expect("merge");
    ws.write_string(11, 0, "合计：6人").expect("write");
    let path = db.dir.path().join("roster.xlsx");
    save(&mut wb, &path);
    let file = path.to_str().expect("path");

    let dry = db.run(&["import", file, "--dry-run"], None);
    assert_eq!(dry.code, 0, "{}\n{}", dry.stdout, dry.stderr);
    assert!(
        dry.stdout.contains("共 6 行，6 行无误，0 行有问题")
            && dry.stdout.contains("第 11 行：看起来是表尾")
            && dry.stdout.contains("第 12 行：看起来是表尾"),
        "{}",
        dry.stdout
    );
    assert_eq!(
        case_list(&db),
        serde_json::json!([]),
        "dry run wrote nothing"
    );

    let out = db.ok(&["import", file]);
    assert!(out.stdout.contains("6"), "{}", out.stdout);
    let list = case_list(&db);
    let cases = list.as_array().expect("array");
    assert_eq!(cases.len(), 6);
    for c in cases {
        let m = show(&db, &c["id"]);
        assert_eq!(m["joined"], "2015-03-01", "{m}");
        assert_eq!(m["last_contact"], "2020-03-01", "{m}");
        assert_eq!(m["birth_date"], "1985-03-02", "{m}");
        assert_eq!(
            m["branch"], "东湖社区（一）党支部",
            "full-width brackets kept: {m}"
        );
        assert_eq!(m["address"], "东湖路1号");
        assert_eq!(m["focus_area"], "street_community");
    }
    let names: Vec<&str> = cases.iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(names.contains(&"张三"), "padding space removed: {names:?}");
    let li = cases.iter().find(|c| c["name"] == "李四").expect("李四");
    assert_eq!(
        li["id_number"],
        id("19850302", 12),
        "full-width digits folded"
    );
    let li = show(&db, &li["id"]);
    assert_eq!(li["membership"], "full");
    assert_eq!(li["abroad"], "none");
}

/// The problem lines of a preview that mention `needle`.
fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

fn problem_workbook(path: &std::path::Path) {
    let good = id("19850302", 21);
    let mut rows = vec![
        member(1, "周一", &good, s("2015-03-01"), s("2020-03-01")),
        member(
            2,
            "吴二",
            &bad_id("19850302", 22),
            s("2015-03-01"),
            s("2020-03-01"),
        ),
        member(3, "郑三", &good, s("2015-03-01"), s("2020-03-01")),
        member(
            4,
            "王四",
            &id("19850302", 24),
            V::F("DATE(2015,3,1)".into()),
            s("2020-03-01"),
        ),
        member(
            5,
            "冯五",
            &id("19850302", 25),
            s("2015-03-01"),
            s("2020-03-01"),
        ),
        member(
            6,
            "陈六",
            &id("19850302", 26),
            s("2015-03-01"),
            s("2020-03-01"),
        ),
        member(
            7,
            "褚七",
            &id("19850302", 27),
            V::N(2015.1),
            s("2020-03-01"),
        ),
    ];
    // Rows 8 and 9 share one cell merged across branch and committee
    // (a vertical merge in one column would be filled down).
    rows[4][col("所在党支部")] = V::E;
    rows[5][col("所在党支部")] = V::E;
    rows[4][col("所属党委")] = V::E;
    rows[5][col("所属党委")] = V::E;
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").expect("name");
    notes
        .write_string(0, 0, "本表为失联党员名册，请勿改动表头。")
        .expect("write");
    roster_sheet(&mut wb, "名册", &rows);
    let ws = wb.worksheet_from_name("名册").expect("sheet");
    ws.merge_range(7, 5, 8, 6, "合并的支部", &Format::new())
        .expect("merge");
    save(&mut wb, path);
}

#[test]
fn preview_names_sheet_row_and_column_of_every_problem() {
    let db = Db::new();
    db.ok(&["init"]);
    let path = db.dir.path().join("problems.xlsx");
    problem_workbook(&path);
    let file = path.to_str().expect("path");

    let out = db.run(&["import", file, "--dry-run"], None);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let p = &out.stdout;
    assert!(p.contains("共 7 行，1 行无误，6 行有问题"), "{p}");
    let id_line = lines_with(p, "第 5 行");
    assert!(
        id_line.iter().any(|l| l.contains("工作表「名册」")
            && l.contains("D 列（身份证号）")
            && l.contains("校验码")),
        "{p}"
    );
    let dup = lines_with(p, "第 6 行");
    assert!(
        dup.iter()
            .any(|l| l.contains("D 列（身份证号）") && l.contains("重复") && l.contains("第 4 行")),
        "{p}"
    );
    let formula = lines_with(p, "第 7 行");
    assert!(
        formula
            .iter()
            .any(|l| l.contains("H 列（入党时间）") && l.contains("公式")),
        "{p}"
    );
    let merged = lines_with(p, "F8:G9");
    assert!(
        merged
            .iter()
            .any(|l| l.contains("第 8 行 F 列（所在党支部）") && l.contains("合并")),
        "{p}"
    );
    let month = lines_with(p, "第 10 行");
    assert!(
        month
            .iter()
            .any(|l| l.contains("H 列") && l.contains("10 月")),
        "{p}"
    );
    assert!(!p.contains("第 4 行 "), "the good row is not blamed: {p}");
    assert!(
        p.contains("说明") && p.contains("跳过"),
        "the notes sheet is skipped: {p}"
    );

    let en = db.run(&["--lang", "en", "import", file, "--dry-run"], None);
    assert!(
        en.stdout.contains("sheet 名册, row 5, column D (身份证号)"),
        "{}",
        en.stdout
    );

    let real = db.run(&["import", file], None);
    assert_eq!(real.code, 1);
    assert!(
        real.stderr.contains("第 5 行") && real.stderr.contains("未做任何更改"),
        "{}",
        real.stderr
    );
    assert_eq!(case_list(&db), serde_json::json!([]), "nothing written");
}

#[test]
fn not_a_workbook_and_no_header_are_clear_and_write_nothing() {
    let db = Db::new();
    db.ok(&["init"]);
    let fake = db.file("fake.xlsx", "姓名,性别\n张三,男\n");
    let out = db.run(&["import", fake.to_str().expect("path")], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("不是可读取的 Excel 工作簿"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("未做任何更改"), "{}", out.stderr);

    let path = db.dir.path().join("noheader.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").expect("name");
    for r in 0..5u32 {
        ws.write_string(r, 0, "张三").expect("write");
        ws.write_string(r, 1, "男").expect("write");
    }
    save(&mut wb, &path);
    let out = db.run(
        &["--lang", "en", "import", path.to_str().expect("path")],
        None,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("no header row") && out.stderr.contains("Sheet1"),
        "{}",
        out.stderr
    );
    assert_eq!(case_list(&db), serde_json::json!([]));
}

#[test]
fn an_id_stored_as_a_number_is_refused() {
    let db = Db::new();
    db.ok(&["init"]);
    let rows = vec![member(1, "周一", "x", s("2015-03-01"), s("2020-03-01"))];
    let mut rows = rows;
    rows[0][col("身份证号")] = V::N(350203198503020000.0);
    let mut wb = Workbook::new();
    roster_sheet(&mut wb, "名册", &rows);
    let path = db.dir.path().join("numid.xlsx");
    save(&mut wb, &path);
    let out = db.run(&["import", path.to_str().expect("path"), "--dry-run"], None);
    assert_eq!(out.code, 1);
    assert!(
        lines_with(&out.stdout, "D 列（身份证号）")
            .iter()
            .any(|l| l.contains("存成了数字")),
        "{}",
        out.stdout
    );
}

#[test]
fn a_password_protected_workbook_is_refused_clearly() {
    let db = Db::new();
    db.ok(&["init"]);
    let p = db.dir.path().join("locked.xlsx");
    std::fs::write(&p, encrypted_workbook()).expect("write");
    let out = db.run(&["import", p.to_str().expect("path"), "--dry-run"], None);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("设有密码"), "{}", out.stderr);
    // Also without the telling name.
    let q = db.dir.path().join("locked.bin");
    std::fs::write(&q, encrypted_workbook()).expect("write");
    let out = db.run(&["--lang", "en", "import", q.to_str().expect("path")], None);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("password-protected"), "{}", out.stderr);
    assert_eq!(case_list(&db), serde_json::json!([]));
}
