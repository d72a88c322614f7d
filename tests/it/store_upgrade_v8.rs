//! Upgrading a file written by the previous release (schema 8) in place:
//! `fixtures/schema8-demo.db` is a 60-case demo database made by the schema-8
//! binary (commit 79fed68, `demo --cases 60 --today 2026-11-28`, then
//! journal_mode=delete and VACUUM so it is one file). Whatever migrations
//! come after 8, the people, their statuses and dates, and the audit chain the
//! old file's receipt proves must come through unchanged.

use crate::support::cli::Db;
use rusqlite::Connection;
use shilian::store::Store;
use shilian::store::schema::SUPPORTED;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/schema8-demo.db"
);

/// The receipt `verify` printed on the fixture when it was made.
const RECEIPT: &str = "743-548d5c3a352354d3";

type Row = (i64, String, String, String, String, String);

fn rows(path: &std::path::Path) -> Vec<Row> {
    let raw = Connection::open(path).expect("raw");
    raw.prepare(
        "SELECT id, name, id_number, status, status_since, last_contact FROM cases ORDER BY id",
    )
    .expect("prepare")
    .query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

#[test]
fn a_schema_8_file_upgrades_in_place_keeping_people_dates_and_chain() {
    let db = Db::new();
    std::fs::copy(FIXTURE, &db.path).expect("copy fixture");
    let version: i64 = Connection::open(&db.path)
        .expect("raw")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, 8, "the fixture is a schema-8 file");
    let before = rows(&db.path);
    assert_eq!(before.len(), 60);

    // The first open upgrades; verify checks integrity, chain, invariants.
    let out = db.ok(&["verify"]);
    assert!(out.stdout.contains("检查通过"), "{}", out.stdout);
    let store = Store::open(&db.path).expect("open upgraded");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    drop(store);

    // The audit log the old receipt stands for is still there, unchanged.
    let proof = db.ok(&["verify", "--receipt", RECEIPT]);
    assert!(proof.stdout.contains("检查通过"), "{}", proof.stdout);

    // Nobody lost, no status or date rewritten by the upgrade.
    assert_eq!(rows(&db.path), before);

    // Every case loads through the current store.
    let store = Store::open(&db.path).expect("open");
    for (id, name, ..) in &before {
        let c = store.load_case(*id).expect("every case loads");
        assert_eq!(&c.member.name, name);
    }
}

#[test]
fn a_forged_receipt_is_not_proven_by_the_upgraded_file() {
    let db = Db::new();
    std::fs::copy(FIXTURE, &db.path).expect("copy fixture");
    db.ok(&["verify"]);
    let forged = "743-0000000000000000";
    let out = db.run(&["verify", "--receipt", forged], None);
    assert_ne!(out.code, 0, "a receipt the log never had must fail");
}
