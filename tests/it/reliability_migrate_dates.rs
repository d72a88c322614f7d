//! Schema 6 (the rules review), issue 11 "dates are history": before it, regaining contact
//! overwrote the date of last contact. Upgrading a file of the previous
//! release restores the original date from the case's `create_case` audit
//! entry, logs the restoration, keeps `verify` passing, and lists the cases
//! created by a bulk import (no per-case entry) whose date cannot be found.

use crate::support::cli::{HEADER, row};
use crate::support::reliability::{db_with_cases, downgrade_to_v4, exec, id_number, run, text};
use serde_json::{Value, json};
use std::path::Path;

fn show(db: &Path, case: i64) -> Value {
    let out = run(db, &["case", "show", &case.to_string(), "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).expect("case json")
}

#[test]
fn an_overwritten_last_contact_is_recovered_from_the_creation_entry() {
    let (dir, db) = db_with_cases(2);
    let csv = format!(
        "{HEADER}\n{}\n",
        row(
            "导入甲",
            &id_number("350203", "19800101", 7),
            "1980-01-01",
            "2024-02-01"
        )
    );
    let file = dir.path().join("m.csv");
    std::fs::write(&file, csv).expect("csv");
    let out = run(&db, &["import", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out));
    let regain = |case: i64| json!({"action": "regain_contact", "case": case, "date": "2025-05-20", "note": "本人来电"});
    let out = exec(&db, &json!([regain(1), regain(3)]).to_string());
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(show(&db, 1)["case"]["member"]["last_contact"], "2024-03-01");
    let before = show(&db, 1)["case"]["version"].as_i64().expect("version");

    // What the previous release wrote: the regained date over the original.
    downgrade_to_v4(&db);
    let raw = rusqlite::Connection::open(&db).expect("raw");
    raw.execute_batch("UPDATE cases SET last_contact = '2025-05-20' WHERE id IN (1, 3)")
        .expect("old overwrite");
    drop(raw);

    let out = run(&db, &["verify"]);
    assert!(out.status.success(), "upgrade, then verify: {}", text(&out));
    let v = show(&db, 1);
    assert_eq!(
        v["case"]["member"]["last_contact"], "2024-03-01",
        "recovered"
    );
    assert_eq!(v["regained_on"], "2025-05-20", "both dates shown");
    assert_eq!(v["case"]["version"].as_i64(), Some(before + 1));
    assert_eq!(show(&db, 2)["case"]["member"]["last_contact"], "2024-03-01");
    let audit = run(&db, &["audit", "--case", "1", "--json"]);
    let entries: Vec<Value> = serde_json::from_slice(&audit.stdout).expect("audit");
    let action = |e: &Value| e["action"].as_str().unwrap_or_default().to_string();
    let n = entries.len();
    assert!(n >= 2, "{entries:?}");
    // The recovery's entry, then the upgrade's baseline of the case's
    // state (schema 8, tamper evidence) over the recovered data.
    assert!(
        action(&entries[n - 2]).contains("migrate_last_contact"),
        "{entries:?}"
    );
    assert!(action(&entries[n - 1]).contains("baseline"), "{entries:?}");
    // The imported case has no entry of its own to recover from.
    assert_eq!(show(&db, 3)["case"]["member"]["last_contact"], "2025-05-20");
    let raw = rusqlite::Connection::open(&db).expect("raw");
    let listed: String = raw
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema6_last_contact_unrecovered'",
            [],
            |r| r.get(0),
        )
        .expect("listed");
    assert_eq!(listed, "[3]");
}
