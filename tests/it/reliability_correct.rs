//! Corrections (issue 4, item 3): "a correction is a new entry that says what
//! it corrects; nothing is deleted outright". The `correct` action appends an
//! entry naming the corrected seq, leaves the case and the corrected entry as
//! they were, is refused for a missing seq, another case's entry or an empty
//! note, and is covered by the hash chain — also in a file upgraded in place
//! from schema 3.

use crate::support::reliability::{
    audit_count, db_with_cases, downgrade_to_v4, exec, run, search, text,
};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::path::Path;

/// Cases 1 and 2 (audit 1, 2) and one search on case 1 (audit 3).
fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = db_with_cases(2);
    let out = exec(&db, &json!([search(1, 3, "日期记错")]).to_string());
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

fn correct(case: i64, seq: i64, note: &str) -> String {
    json!([{"action": "correct", "case": case, "audit_seq": seq, "note": note}]).to_string()
}

fn entries(db: &Path, case: i64) -> Vec<Value> {
    let out = run(db, &["audit", "--case", &case.to_string(), "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    serde_json::from_slice(&out.stdout).expect("audit json")
}

fn version(db: &Path, case: i64) -> i64 {
    let out = run(db, &["case", "show", &case.to_string(), "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let v: Value = serde_json::from_slice(&out.stdout).expect("case json");
    v["case"]["version"]
        .as_i64()
        .or_else(|| v["version"].as_i64())
        .expect("version field")
}

fn verify_code(db: &Path) -> (Option<i32>, String) {
    let out = run(db, &["verify"]);
    (out.status.code(), text(&out))
}

#[test]
fn a_correction_is_a_new_entry_naming_the_one_it_corrects() {
    let (_dir, db) = seeded();
    let before = entries(&db, 1);
    let v = version(&db, 1);
    let out = exec(&db, &correct(1, 3, "查找日期应为 2025-05-05"));
    assert!(out.status.success(), "{}", text(&out));
    let after = entries(&db, 1);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "earlier entries unchanged"
    );
    let last = after.last().expect("entry");
    assert_eq!(last["corrects"], json!(3));
    assert_eq!(last["seq"], json!(4));
    assert!(
        last["action"]
            .as_str()
            .expect("action")
            .contains("2025-05-05")
    );
    assert_eq!(version(&db, 1), v, "a correction changes no case data");
    let out = run(&db, &["audit", "--case", "1"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("corrects #3"), "{shown}");
    let (code, t) = verify_code(&db);
    assert_eq!(code, Some(0), "{t}");
}

#[test]
fn corrections_of_nothing_of_another_case_or_without_a_note_are_refused() {
    let (_dir, db) = seeded();
    let n = audit_count(&db);
    for (json, words) in [
        (correct(1, 99, "x"), "no entry 99"),
        (correct(1, 2, "x"), "does not belong to case 1"),
        (correct(1, 3, "  "), "must say what it corrects"),
        (correct(7, 3, "x"), "case 7 not found"),
    ] {
        let out = exec(&db, &json);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "expected {words:?}: {}", text(&out));
    }
    assert_eq!(audit_count(&db), n, "nothing was written");
}

#[test]
fn the_chain_covers_what_an_entry_corrects() {
    let (_dir, db) = seeded();
    let out = exec(&db, &correct(1, 3, "更正"));
    assert!(out.status.success(), "{}", text(&out));
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET corrects = 1 WHERE seq = 4;")
        .expect("tamper");
    drop(raw);
    let (code, t) = verify_code(&db);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("broken at entry 4"), "{t}");
    // Claiming an ordinary entry is a correction breaks the chain as well.
    let (_dir2, db2) = seeded();
    let raw = Connection::open(&db2).expect("raw");
    raw.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET corrects = 1 WHERE seq = 2;")
        .expect("tamper");
    drop(raw);
    let (code, t) = verify_code(&db2);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("broken at entry 2"), "{t}");
}

/// Turn a current file back into what schema 3 wrote: no `corrects` column
/// and none of schema 5's additions (the file has no tracks or referrals).
fn downgrade_to_v3(db: &Path) {
    downgrade_to_v4(db);
    let raw = Connection::open(db).expect("raw");
    raw.execute_batch(
        "DROP INDEX audit_corrects;
         ALTER TABLE audit DROP COLUMN corrects;
         PRAGMA user_version = 3;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .expect("downgrade");
    let cols: i64 = raw
        .query_row(
            "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'corrects'",
            [],
            |r| r.get(0),
        )
        .expect("cols");
    assert_eq!(cols, 0);
}

#[test]
fn a_schema_3_file_is_upgraded_in_place_and_still_verifies() {
    let (_dir, db) = seeded();
    let old = entries(&db, 1);
    downgrade_to_v3(&db);
    let (code, t) = verify_code(&db);
    assert_eq!(code, Some(0), "upgrade then verify: {t}");
    let raw = Connection::open(&db).expect("raw");
    let v: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(v, shilian::store::schema::SUPPORTED);
    drop(raw);
    let now = entries(&db, 1);
    // The upgrade keeps every entry and adds one baseline binding the
    // case's state (schema 6); the old hashes are those before schema 6.
    assert_eq!(now.len(), old.len() + 1, "{now:?}");
    for (n, o) in now.iter().zip(&old) {
        assert_eq!(
            (&n["seq"], &n["action"], &n["user"]),
            (&o["seq"], &o["action"], &o["user"])
        );
    }
    assert!(
        now[old.len()]["action"]
            .as_str()
            .is_some_and(|a| a.contains("baseline"))
    );
    let out = exec(&db, &correct(1, 3, "升级后更正"));
    assert!(out.status.success(), "{}", text(&out));
    let (code, t) = verify_code(&db);
    assert_eq!(code, Some(0), "{t}");
}
