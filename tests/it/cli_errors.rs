//! Bad input is reported with where and why, and nothing changes.
use crate::support::cli::*;

fn case_list(db: &Db) -> serde_json::Value {
    db.ok(&["case", "list", "--json", "--limit", "1000"]).json()
}

#[test]
fn import_with_bad_rows_reports_every_line_and_writes_nothing() {
    let db = Db::new();
    db.ok(&["init"]);
    let good = row("赵一", &id("19850302", 11), "1985-03-02", "2025-01-10");
    let bad_date = row("钱二", &id("19860101", 12), "1986-01-01", "2025-13-40");
    let bad_check = row("孙三", &bad_id("19870101", 13), "1987-01-01", "2025-01-10");
    let bad_status = format!(
        "{},失踪",
        row("周四", &id("19880101", 14), "1988-01-01", "2025-01-10")
    );
    let csv = format!("{HEADER},状态\n{good},lost\n{bad_date},\n{bad_check},失联\n{bad_status}\n");
    let file = db.file("bad.csv", &csv);
    let out = db.run(&["import", file.to_str().expect("path")], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let e = &out.stderr;
    assert!(e.contains("第 3 行") && e.contains("2025-13-40"), "{e}");
    assert!(e.contains("第 4 行") && e.contains("校验码"), "{e}");
    assert!(e.contains("第 5 行") && e.contains("失踪"), "{e}");
    assert!(!e.contains("第 2 行"), "the good row is not blamed: {e}");
    assert!(e.contains("未做任何更改"), "{e}");
    assert_eq!(case_list(&db), serde_json::json!([]));
}

#[test]
fn import_rule_refusal_and_duplicate_are_reported_by_line() {
    let db = Db::new();
    db.ok(&["init"]);
    let same = id("19850302", 11);
    // A probationary member without the probation start is refused by the rules.
    let probationary = row("吴五", &id("19900101", 15), "1990-01-01", "2025-01-10")
        .replace("正式党员", "预备党员");
    let csv = format!(
        "{HEADER}\n{}\n{}\n{probationary}\n",
        row("郑六", &same, "1985-03-02", "2025-01-10"),
        row("郑六", &same, "1985-03-02", "2025-01-10"),
    );
    let file = db.file("dup.csv", &csv);
    let out = db.run(
        &["--lang", "en", "import", file.to_str().expect("path")],
        None,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("line 3") && out.stderr.contains("repeats line 2"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("line 4"), "{}", out.stderr);
    assert_eq!(case_list(&db), serde_json::json!([]));
}

#[test]
fn unknown_column_and_missing_column_are_refused() {
    let db = Db::new();
    db.ok(&["init"]);
    let file = db.file("cols.csv", "姓名,血型\n张三,A\n");
    let out = db.run(&["import", file.to_str().expect("path")], None);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("血型"), "{}", out.stderr);
    assert!(out.stderr.contains("公民身份号码"), "{}", out.stderr);
}

fn one_case(db: &Db) -> String {
    db.ok(&["init"]);
    let csv = format!(
        "{HEADER}\n{}\n",
        row("张三", &id("19850302", 11), "1985-03-02", "2025-01-10")
    );
    let file = db.file("one.csv", &csv);
    db.ok(&["import", file.to_str().expect("path")]);
    case_list(db)[0]["id"].to_string()
}

/// Run `actions` through `exec -`, expect exit 1 and an unchanged case.
fn exec_fails(db: &Db, case: &str, actions: &str) -> String {
    let before = db.ok(&["case", "show", case, "--json"]).stdout;
    let out = db.run(&["--lang", "en", "exec", "-"], Some(actions));
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let after = db.ok(&["case", "show", case, "--json"]).stdout;
    assert_eq!(before, after, "the case changed");
    assert!(out.stderr.contains("Nothing was changed"), "{}", out.stderr);
    out.stderr
}

#[test]
fn exec_unknown_action_missing_field_and_unknown_channel() {
    let db = Db::new();
    let c = one_case(&db);
    let search = format!(
        r#"{{"action":"record_search","case":{c},"date":"2026-10-01","channel":"family","who":"w","result":"no_trace"}}"#
    );
    let e = exec_fails(
        &db,
        &c,
        &format!(r#"[{search}, {{"action":"fly_away","case":{c}}}]"#),
    );
    assert!(e.contains("action [1]") && e.contains("fly_away"), "{e}");
    let e = exec_fails(
        &db,
        &c,
        &format!(r#"[{search}, {search}, {{"action":"regain_contact","case":{c}}}]"#),
    );
    assert!(
        e.contains("action [2]") && e.contains("missing field `date`"),
        "{e}"
    );
    let pigeon = search.replace("family", "carrier_pigeon");
    let e = exec_fails(&db, &c, &format!("[{pigeon}]"));
    assert!(
        e.contains("action [0]") && e.contains("carrier_pigeon"),
        "{e}"
    );
    let e = exec_fails(&db, &c, "{\"not\":\"an array\"}");
    assert!(e.contains("array"), "{e}");
}

#[test]
fn exec_refused_step_reports_index_and_rule_and_rolls_back() {
    let db = Db::new();
    let c = one_case(&db);
    // Two good searches, then a suspension with only two channels searched
    // and no override reason: the rules refuse it, and the searches roll back.
    let actions = format!(
        r#"[
      {{"action":"record_search","case":{c},"date":"2026-10-01","channel":"family","who":"w","result":"no_trace"}},
      {{"action":"record_search","case":{c},"date":"2026-10-02","channel":"phone","who":"w","result":"no_trace"}},
      {{"action":"choose_track","case":{c},"track":"suspension","date":"2026-10-03"}}
    ]"#
    );
    let e = exec_fails(&db, &c, &actions);
    assert!(e.contains("action [2] (choose_track)"), "{e}");
    // The rule's message names its source paragraph.
    assert!(e.contains("X三") || e.contains("N"), "{e}");
    // A case that does not exist.
    let e = exec_fails(
        &db,
        &c,
        r#"[{"action":"regain_contact","case":999,"date":"2026-10-01"}]"#,
    );
    assert!(e.contains("action [0]") && e.contains("999"), "{e}");
}

/// `exec --json`: a refusal as data (index, rule code, source, args) for
/// scripts; `expect_version` refuses a batch against a case that moved on.
#[test]
fn exec_json_refusal_names_the_rule_and_expect_version_guards_the_case() {
    let db = Db::new();
    let c = one_case(&db);
    let bad = format!(
        r#"[{{"action":"record_search","case":{c},"date":"2026-10-01","channel":"family","who":"w","result":"no_trace"}},
            {{"action":"choose_track","case":{c},"track":"removal","date":"2026-10-03"}}]"#
    );
    let file = db.file("bad.json", &bad);
    let out = db.run(&["exec", "--json", file.to_str().expect("path")], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v["ok"], false);
    assert_eq!(v["index"], 1);
    assert_eq!(v["action"], "choose_track");
    assert!(v["code"].is_string() && v["source"].is_string(), "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    // Nothing was written: the search rolled back.
    let shown = db.ok(&["case", "show", &c, "--json"]).json();
    let version = shown["case"]["version"]
        .as_i64()
        .or_else(|| shown["version"].as_i64())
        .expect("version");
    let search = |v: i64| {
        format!(
            r#"[{{"action":"record_search","case":{c},"date":"2026-10-01","channel":"family","who":"w","result":"no_trace","expect_version":{v}}}]"#
        )
    };
    let stale = db.file("stale.json", &search(version + 5));
    let out = db.run(&["exec", "--json", stale.to_str().expect("path")], None);
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["code"], "conflict");
    let ok = db.file("ok.json", &search(version));
    db.ok(&["exec", ok.to_str().expect("path")]);
    let bad_v = db.file("badv.json", &search(0).replace(":0}", ":\"x\"}"));
    let out = db.run(&["exec", bad_v.to_str().expect("path")], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("expect_version"), "{}", out.stderr);
}

/// stderr of `args` run in Chinese (the default) and in English.
fn both_languages(db: &Db, args: &[&str], stdin: Option<&str>) -> (String, String) {
    let en_args: Vec<&str> = ["--lang", "en"].iter().chain(args).copied().collect();
    // Both at once: a busy database makes each wait out the busy timeout.
    let (zh, en) = std::thread::scope(|s| {
        let zh = s.spawn(|| db.run(args, stdin));
        let en = db.run(&en_args, stdin);
        (zh.join().expect("the Chinese run"), en)
    });
    assert_eq!((zh.code, en.code), (1, 1), "{}\n{}", zh.stderr, en.stderr);
    (zh.stderr, en.stderr)
}

/// No English sentence inside the Chinese message (paths and SQLite's own
/// detail aside): the store's words come from the language files.
fn no_english_store_words(zh: &str) {
    for w in [
        "not a shilian",
        "newer than",
        "read-only",
        "busy",
        "database is",
    ] {
        assert!(!zh.contains(w), "English {w:?} in Chinese output: {zh}");
    }
}

#[test]
fn store_errors_speak_the_language_of_the_command_line() {
    let db = Db::new();
    std::fs::write(&db.path, "姓名,性别\n张三,男\n").expect("write");
    let (zh, en) = both_languages(&db, &["alerts"], None);
    assert!(
        zh.contains("不是失联党员管理数据库") && zh.contains("不是 SQLite 文件"),
        "{zh}"
    );
    no_english_store_words(&zh);
    assert!(
        en.contains("not a shilian database") && en.contains("not an SQLite file"),
        "{en}"
    );

    let db = Db::new();
    db.ok(&["init"]);
    rusqlite::Connection::open(&db.path)
        .expect("raw")
        .execute_batch("PRAGMA user_version = 999;")
        .expect("bump");
    let (zh, en) = both_languages(&db, &["case", "list"], None);
    assert!(
        zh.contains("数据库结构版本 999") && zh.contains("更新版本"),
        "{zh}"
    );
    no_english_store_words(&zh);
    assert!(
        en.contains("schema version 999 is newer than this program"),
        "{en}"
    );
}

#[test]
fn a_busy_database_is_reported_in_both_languages() {
    let db = Db::new();
    let case = one_case(&db);
    let lock = rusqlite::Connection::open(&db.path).expect("raw");
    lock.execute_batch("BEGIN IMMEDIATE; UPDATE meta SET value = value;")
        .expect("hold the write lock");
    let action = format!(r#"[{{"action":"regain_contact","case":{case},"date":"2025-02-01"}}]"#);
    let (zh, en) = both_languages(&db, &["exec", "-"], Some(&action));
    lock.execute_batch("ROLLBACK;").expect("release");
    assert!(zh.contains("数据库正被其他进程占用"), "{zh}");
    no_english_store_words(&zh);
    assert!(en.contains("database is busy"), "{en}");
}
