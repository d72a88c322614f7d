//! Import (CSV with Chinese headers) → exec (JSON actions) → alerts → case show,
//! all through the built binary on a real database file.
use crate::support::cli::*;

fn import_two(db: &Db) -> (i64, i64) {
    let csv = format!(
        "{HEADER}\n{}\n李四,female,{},1990/5/6,probationary,2024-12-01,测试第二党支部,测试街道党工委,2024-12-01,,,,university,none,2025-02-01,否,graduate_unknown\n",
        row("张三", &id("19850302", 11), "1985-03-02", "2025-01-10"),
        id("19900506", 22),
    );
    let file = db.file("members.csv", &csv);
    db.ok(&["init"]);
    let out = db.ok(&["import", file.to_str().expect("path")]);
    assert!(out.stdout.contains('2'), "{}", out.stdout);
    let list = db.ok(&["case", "list", "--json", "--sort", "name"]).json();
    let rows = list.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    let id_of = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .and_then(|r| r["id"].as_i64())
            .expect("case id")
    };
    (id_of("张三"), id_of("李四"))
}

#[test]
fn import_exec_alerts_show_round_trip() {
    let db = Db::new();
    let (zhang, li) = import_two(&db);
    let show = db.ok(&["case", "show", &li.to_string(), "--json"]).json();
    let m = &show["case"]["member"];
    assert_eq!(m["membership"], "probationary");
    assert_eq!(m["birth_date"], "1990-05-06");
    assert_eq!(m["branch_exists"], false);
    assert_eq!(m["lost_cause"], "graduate_unknown");
    assert_eq!(show["case"]["status"], "lost");

    let actions = format!(
        r#"[
      {{"action":"record_search","case":{zhang},"date":"2026-10-01","channel":"family","who":"组织委员","result":"no_trace"}},
      {{"action":"record_search","case":{zhang},"date":"2026-10-20","channel":"phone","who":"组织委员","result":"reached","note":"本人接听"}},
      {{"action":"regain_contact","case":{zhang},"date":"2026-10-20"}}
    ]"#
    );
    let out = db.run(&["exec", "-"], Some(&actions));
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);

    let show = db
        .ok(&["case", "show", &zhang.to_string(), "--json"])
        .json();
    assert_eq!(show["case"]["status"], "regained");
    assert_eq!(
        show["case"]["searches"].as_array().map(|a| a.len()),
        Some(2)
    );
    assert!(show["deadlines"].is_array());

    let alerts = db.ok(&["alerts", "--json"]).json();
    let alerts = alerts.as_array().expect("array");
    assert!(
        !alerts.is_empty(),
        "a lost probationary member has deadlines"
    );
    for a in alerts {
        let case = a["case"].as_i64().expect("case");
        assert!(case == zhang || case == li);
        assert!(a["kind_label"].as_str().is_some_and(|s| !s.is_empty()));
    }
    // Most urgent first.
    let dues: Vec<&str> = alerts.iter().filter_map(|a| a["due"].as_str()).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted);

    // The text forms run too, in both languages.
    let text = db.ok(&["case", "show", &zhang.to_string()]).stdout;
    assert!(text.contains("张三") && text.contains("查找记录"), "{text}");
    let text = db
        .ok(&["--lang", "en", "case", "show", &zhang.to_string()])
        .stdout;
    assert!(text.contains("Search records"), "{text}");
    let audit = db
        .ok(&["audit", "--case", &zhang.to_string(), "--json"])
        .json();
    assert_eq!(
        audit.as_array().map(|a| a.len()),
        Some(4),
        "create + 3 actions"
    );
    db.ok(&["verify"]);
}

#[test]
fn json_import_and_backup() {
    let db = Db::new();
    let members = format!(
        r#"[{{"name":"王五","gender":"male","id_number":"{}","birth_date":"1980-01-02",
        "membership":"full","probation_start":null,"branch":"测试党支部","committee":"测试党委",
        "joined":"2005-06-01","phone":"","address":"","employer":"","focus_area":"other",
        "abroad":"none","last_contact":"2025-03-01","branch_exists":true,"lost_cause":"other"}}]"#,
        id("19800102", 33)
    );
    let file = db.file("m.json", &members);
    db.ok(&["import", file.to_str().expect("path")]);
    let backup = db.dir.path().join("copy.db");
    db.ok(&["backup", backup.to_str().expect("path")]);
    let out = db.run(&["backup", backup.to_str().expect("path")], None);
    assert_eq!(out.code, 1, "an existing backup file is not overwritten");
    let copy = Command::new(env!("CARGO_BIN_EXE_shilian"))
        .args([
            "--db",
            backup.to_str().expect("path"),
            "case",
            "list",
            "--json",
        ])
        .output()
        .expect("run");
    let rows: serde_json::Value = serde_json::from_slice(&copy.stdout).expect("json");
    assert_eq!(rows[0]["name"], "王五");
}

use std::process::Command;
