//! Upgrading a file written by the previous release (schema 4) in place:
//! `fixtures/schema4-demo.db` is a 60-case demo database made by the schema-4
//! binary (commit 6615b4f, `demo --cases 60 --today 2026-11-28`, then
//! journal_mode=delete and VACUUM so it is one file).

use crate::support::cli::Db;
use rusqlite::Connection;
use shilian::domain::model::*;
use shilian::store::Store;
use shilian::store::schema::SUPPORTED;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/fixtures/schema4-demo.db"
);

fn schema4_copy() -> Db {
    let db = Db::new();
    std::fs::copy(FIXTURE, &db.path).expect("copy fixture");
    let raw = Connection::open(&db.path).expect("raw");
    let v: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(v, 4, "the fixture is a schema-4 file");
    db
}

#[test]
fn a_schema_4_file_upgrades_in_place_and_verifies() {
    let db = schema4_copy();
    let (discipline_flags, decisions, items): (i64, i64, i64) = {
        let raw = Connection::open(&db.path).expect("raw");
        (
            raw.query_row(
                "SELECT count(*) FROM referrals WHERE disciplined IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .expect("referrals"),
            raw.query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))
                .expect("decisions"),
            raw.query_row("SELECT count(*) FROM items", [], |r| r.get(0))
                .expect("items"),
        )
    };
    assert!(decisions > 0 && items > 0, "the fixture has procedures");
    // The upgrade runs on the first open, then `verify` (integrity, chain,
    // invariants and every case's deadlines under the new rules) passes.
    let out = db.ok(&["verify"]);
    assert!(out.stdout.contains("检查通过"), "{}", out.stdout);
    let store = Store::open(&db.path).expect("open upgraded");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    let raw = Connection::open(&db.path).expect("raw");
    // Every old decision stands (they were only recorded when they passed),
    // every old item counts in the first attempt, and a referral's flag
    // became an outcome code.
    let failed: i64 = raw
        .query_row("SELECT count(*) FROM decisions WHERE passed = 0", [], |r| {
            r.get(0)
        })
        .expect("failed");
    assert_eq!(failed, 0);
    let first: i64 = raw
        .query_row("SELECT count(*) FROM items WHERE attempt = 1", [], |r| {
            r.get(0)
        })
        .expect("attempts");
    assert_eq!(first, items);
    let outcomes: i64 = raw
        .query_row(
            "SELECT count(*) FROM referrals WHERE outcome IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("outcomes");
    assert_eq!(outcomes, discipline_flags);
    // The deadlines were computed again under the new rules, once.
    let stale: i64 = raw
        .query_row(
            "SELECT count(*) FROM meta WHERE key = 'deadlines_stale'",
            [],
            |r| r.get(0),
        )
        .expect("meta");
    assert_eq!(stale, 0);
    let ids: Vec<i64> = raw
        .prepare("SELECT id FROM cases")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("ids")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(ids.len(), 60);
    for id in ids {
        let c = store.load_case(id).expect("every case loads");
        for d in &c.decisions {
            assert!(d.passed);
        }
    }
}

#[test]
fn an_upgraded_file_takes_the_new_actions() {
    let db = schema4_copy();
    db.ok(&["verify"]);
    // A regained case of the old file: record the facts the tracks now need.
    let raw = Connection::open(&db.path).expect("raw");
    let id: i64 = raw
        .query_row(
            "SELECT id FROM cases WHERE status = 'regained' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("a regained case");
    drop(raw);
    let actions = format!(
        r#"[{{"action":"record_assessment","case":{id},"date":"2026-11-20","cause":"objective","acknowledges":true}},
            {{"action":"record_education","case":{id},"date":"2026-11-21","note":"谈话"}}]"#
    );
    let file = db.file("a.json", &actions);
    db.ok(&["exec", file.to_str().expect("path")]);
    let store = Store::open(&db.path).expect("open");
    let c = store.load_case(id).expect("case");
    assert_eq!(c.assessments.len(), 1);
    assert_eq!(c.assessments[0].cause, CauseKind::Objective);
    assert!(
        c.milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::Educated)
    );
    db.ok(&["verify"]);
}
