//! Tamper-evident audit through the command line (issue 4, item 3): rows
//! are append-only even from a raw sqlite connection, and `shilian verify`
//! exits non-zero naming the first broken link when someone drops the
//! triggers and edits or removes a row.

use crate::support::reliability::{db_with_cases, exec, run, search, text};
use rusqlite::Connection;

fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = db_with_cases(3);
    let actions: Vec<_> = (0..6)
        .map(|i| search(1 + i % 3, i as u32, "seed"))
        .collect();
    let out = exec(&db, &serde_json::to_string(&actions).expect("json"));
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn verify_passes_on_an_untouched_file() {
    let (_dir, db) = seeded();
    let out = run(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = run(&db, &["audit", "--case", "2", "--json"]);
    assert!(out.status.success(), "{}", text(&out));
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(entries.len(), 3, "create + two searches for case 2");
    assert!(entries.iter().all(|e| e["user"] == "tester"));
}

#[test]
fn raw_updates_and_deletes_of_audit_rows_are_refused() {
    let (_dir, db) = seeded();
    let raw = Connection::open(&db).expect("raw");
    for sql in [
        "UPDATE audit SET user = 'mallory' WHERE seq = 2",
        "DELETE FROM audit WHERE seq = 3",
    ] {
        let e = raw.execute(sql, []).expect_err(sql);
        assert!(e.to_string().contains("append-only"), "{sql}: {e}");
    }
    drop(raw);
    let out = run(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn verify_names_the_first_edited_row() {
    let (_dir, db) = seeded();
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER audit_no_update;
         UPDATE audit SET user = 'mallory' WHERE seq = 5;
         UPDATE audit SET user = 'mallory' WHERE seq = 7;",
    )
    .expect("tamper");
    drop(raw);
    let out = run(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("broken at entry 5"), "{err}");
    assert!(!err.contains("entry 7"), "only the first link: {err}");
    assert!(
        err.contains("audit_no_update"),
        "missing trigger named: {err}"
    );
}

#[test]
fn verify_names_a_removed_row_and_a_hidden_change() {
    let (_dir, db) = seeded();
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER audit_no_delete;
         DELETE FROM audit WHERE seq = 4;",
    )
    .expect("tamper");
    drop(raw);
    let out = run(&db, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("broken at entry 5"), "{err}");
    // A case changed behind the log's back: its version no longer matches.
    let (_dir2, db2) = seeded();
    let raw = Connection::open(&db2).expect("raw");
    raw.execute("UPDATE cases SET version = version + 1 WHERE id = 2", [])
        .expect("edit case");
    drop(raw);
    let out = run(&db2, &["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("case 2"), "{}", text(&out));
}
