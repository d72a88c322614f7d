//! Importing messy CSV rosters: a title line above the header, header
//! spellings with full-width brackets and spaces, every date form, full-width
//! digits; problems by line and column; GBK text refused clearly.

use crate::support::cli::*;

fn case_list(db: &Db) -> serde_json::Value {
    db.ok(&["case", "list", "--json", "--limit", "1000"]).json()
}

const MESSY_HEADER: &str = "序号, 姓 名 ,性别,公民身份号码,人员类别,党支部,基层党委,入党时间,失联时间,最后参加组织生活时间,最后交纳党费时间,出国(境)情况,重点领域,血型";

fn line(n: u32, name: &str, id: &str, joined: &str, lost: &str, life: &str) -> String {
    format!(
        "{n},{name},女,{id},正式党员,东湖社区党支部,某街道党工委,{joined},{lost},{life},,出国（境）工作,高校,A"
    )
}

fn wide_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

#[test]
fn messy_csv_with_title_line_and_every_date_form_imports() {
    let db = Db::new();
    db.ok(&["init"]);
    let rows = [
        line(
            1,
            "甲一",
            &id("19900101", 31),
            "2015-03-01",
            "2020-03-01",
            "",
        ),
        line(2, "乙二", &id("19900101", 32), "2015/3/1", "2020/3/1", ""),
        line(3, "丙三", &id("19900101", 33), "2015.03", "2020.03", ""),
        line(4, "丁四", &id("19900101", 34), "2015年3月", "2020年3月", ""),
        line(
            5,
            "戊五",
            &id("19900101", 35),
            "2015年3月1日",
            "",
            "2020年3月1日",
        ),
        line(
            6,
            "己六",
            &wide_digits(&id("19900101", 36)),
            &wide_digits("2015-03-01"),
            "２０２０．０３",
            "",
        ),
    ];
    let csv = format!(
        "\u{feff}某某党委失联党员名册,,,\n{MESSY_HEADER}\n{}\n,,,,\n填表人：陈建国,,,\n",
        rows.join("\n")
    );
    let file = db.file("messy.csv", &csv);
    let out = db.ok(&["import", file.to_str().expect("path"), "--dry-run"]);
    assert!(out.stdout.contains("共 6 行，6 行无误"), "{}", out.stdout);
    assert!(
        out.stdout.contains("血型"),
        "the unknown column is noted: {}",
        out.stdout
    );
    db.ok(&["import", file.to_str().expect("path")]);
    let list = case_list(&db);
    let cases = list.as_array().expect("array");
    assert_eq!(cases.len(), 6);
    for c in cases {
        let case = db
            .ok(&["case", "show", &c["id"].to_string(), "--json"])
            .json();
        let m = &case["case"]["member"];
        assert_eq!(m["joined"], "2015-03-01", "{m}");
        assert_eq!(m["last_contact"], "2020-03-01", "{m}");
        assert_eq!(m["abroad"], "work");
        assert_eq!(m["focus_area"], "university");
        assert_eq!(m["gender"], "female");
    }
}

#[test]
fn csv_problems_name_line_and_column_and_nothing_is_written() {
    let db = Db::new();
    db.ok(&["init"]);
    let good = id("19900101", 41);
    let rows = [
        line(1, "甲一", &good, "2015-03-01", "2020-03-01", ""),
        line(
            2,
            "乙二",
            &bad_id("19900101", 42),
            "2015-03-01",
            "2020-03-01",
            "",
        ),
        line(3, "丙三", &good, "2015-03-01", "2020-03-01", ""),
        line(4, "丁四", &id("19900101", 44), "2015-13", "2020-03-01", ""),
        line(5, "戊五", &id("19900101", 45), "2015-03-01", "", ""),
        line(
            6,
            "己六",
            &id("19900101", 46),
            "2005-03-01",
            "2020-03-01",
            "",
        ),
    ];
    let csv = format!("名册\n{MESSY_HEADER}\n{}\n", rows.join("\n"));
    let file = db.file("bad.csv", &csv);
    let out = db.run(
        &["--lang", "en", "import", file.to_str().expect("path")],
        None,
    );
    assert_eq!(out.code, 1);
    let e = &out.stderr;
    assert!(e.contains("6 rows, 1 fine, 5 with problems"), "{e}");
    assert!(e.contains("line 4, column D (公民身份号码)"), "{e}");
    assert!(
        e.contains("line 5, column D (公民身份号码)") && e.contains("repeats line 3"),
        "{e}"
    );
    // A rule refusal (joined at 15) is placed in the column it is about.
    assert!(
        e.contains("line 8, column H (入党时间)") && e.contains("under 18"),
        "{e}"
    );
    assert!(
        e.contains("line 6, column H (入党时间)") && e.contains("2015-13"),
        "{e}"
    );
    assert!(
        e.contains("line 7") && e.contains("no date of last contact"),
        "{e}"
    );
    assert!(e.contains("Nothing was changed"), "{e}");
    assert_eq!(case_list(&db), serde_json::json!([]));
}

#[test]
fn gbk_csv_is_refused_with_advice() {
    let db = Db::new();
    db.ok(&["init"]);
    let p = db.dir.path().join("gbk.csv");
    // "姓名" in GBK.
    std::fs::write(&p, [0xD0u8, 0xD5, 0xC3, 0xFB, b'\n']).expect("write");
    let out = db.run(&["import", p.to_str().expect("path")], None);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("UTF-8"), "{}", out.stderr);
}

#[test]
fn dry_run_without_a_database_creates_none_and_a_second_import_is_refused() {
    let db = Db::new();
    let csv = format!(
        "{MESSY_HEADER}\n{}\n",
        line(
            1,
            "甲一",
            &id("19900101", 51),
            "2015-03-01",
            "2020-03-01",
            ""
        )
    );
    let file = db.file("one.csv", &csv);
    let f = file.to_str().expect("path");
    let out = db.ok(&["import", f, "--dry-run"]);
    assert!(out.stdout.contains("1 行无误"), "{}", out.stdout);
    assert!(!db.path.exists(), "the dry run created no database");

    db.ok(&["import", f]);
    let audit = db.ok(&["audit"]).stdout;
    assert!(
        audit.contains("1 人 #1–#1"),
        "the import entry names its cases: {audit}"
    );
    let again = db.run(&["import", f], None);
    assert_eq!(again.code, 1);
    let e = &again.stderr;
    // Found by the preview, named with the case that holds it.
    assert!(
        e.contains("第 2 行") && e.contains("已在库中：档案 1（甲一）"),
        "{e}"
    );
    assert!(e.contains("0 行无误，1 行有问题"), "{e}");
    assert_eq!(case_list(&db).as_array().map(Vec::len), Some(1));
}

#[test]
fn a_successful_import_prints_the_summary_and_notes() {
    let db = Db::new();
    db.ok(&["init"]);
    let csv = format!(
        "{MESSY_HEADER}\n{}\n",
        line(
            1,
            "甲一",
            &id("19900101", 61),
            "2015-03-01",
            "2020-03-01",
            ""
        )
    );
    let file = db.file("one.csv", &csv);
    let out = db.ok(&["import", file.to_str().expect("path")]);
    assert!(
        out.stdout.contains("共 1 行，1 行无误，0 行有问题"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("未识别的列 血型"), "{}", out.stdout);
    assert!(out.stdout.contains("导入 1 人"), "{}", out.stdout);
}
