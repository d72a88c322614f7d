//! Shared builders for the store tests (cases built directly, no rules engine).

use chrono::NaiveDate;
use shilian::domain::model::*;
use shilian::store::{NewAudit, RosterQuery, Store};
use std::path::{Path, PathBuf};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn member(name: &str, id_number: &str, branch: &str) -> Member {
    Member {
        name: name.into(),
        gender: Gender::Female,
        id_number: id_number.into(),
        birth_date: d("1990-03-07"),
        membership: Membership::Full,
        probation_start: None,
        branch: branch.into(),
        committee: "城东街道党工委".into(),
        joined: d("2012-07-01"),
        phone: "13800000000".into(),
        address: "某市某区某路1号".into(),
        employer: "某公司".into(),
        focus_area: FocusArea::StreetCommunity,
        abroad: Abroad::No,
        last_contact: d("2023-01-15"),
        branch_exists: true,
        lost_cause: LostCause::MigrantWork,
    }
}

pub fn case(name: &str, id_number: &str, branch: &str) -> Case {
    Case::new(
        0,
        member(name, id_number, branch),
        Status::Lost,
        d("2023-07-15"),
    )
}

/// A temporary directory and a database path inside it.
/// The journal mode a file is in, read by a connection of its own
/// (shilian keeps every file in WAL mode between its writes).
pub fn journal_mode(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode")
}

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("data").join("shilian.db");
    (dir, path)
}

pub fn insert(store: &mut Store, c: &Case) -> CaseId {
    let tx = store.begin().expect("begin");
    let id = tx.insert_case(c).expect("insert");
    tx.commit().expect("commit");
    id
}

/// The ids of the roster page `q` gives, in id order.
pub fn roster_ids(store: &Store, q: &RosterQuery) -> Vec<CaseId> {
    let mut ids: Vec<CaseId> = store
        .roster(q)
        .expect("roster")
        .iter()
        .map(|r| r.id)
        .collect();
    ids.sort_unstable();
    ids
}

pub fn audit(store: &mut Store, case: Option<CaseId>, action: &str) -> i64 {
    let tx = store.begin().expect("begin");
    let seq = tx
        .append_audit(&NewAudit {
            user: "王书记".into(),
            case,
            action: action.into(),
            before: "{}".into(),
            after: "{\"status\":\"lost\"}".into(),
        })
        .expect("audit");
    tx.commit().expect("commit");
    seq
}

/// Undo what migrations after version 4 added, so a test can turn a current
/// file back into an older one and watch it upgrade. Whoever adds a
/// migration adds its undo here (newest first).
pub fn undo_after_v4(raw: &rusqlite::Connection) {
    crate::reliability_tamper::drop_v8(raw);
    undo_v5_to_v7(raw);
}

/// Undo schemas 10 and 9: the file is then what schema 8 wrote
/// (`PRAGMA user_version = 8`).
pub fn undo_v9(raw: &rusqlite::Connection) {
    undo_v10(raw);
    // Schema 9 only marks the deadlines for one recompute.
    raw.execute_batch("DELETE FROM meta WHERE key = 'deadlines_stale'; PRAGMA user_version = 8;")
        .expect("undo schema 9");
}

/// Undo schema 10 (look-back campaigns and review criteria): the file is
/// then what schema 9 wrote (`PRAGMA user_version = 9`).
pub fn undo_v10(raw: &rusqlite::Connection) {
    undo_v11(raw);
    raw.execute_batch(
        "DROP INDEX IF EXISTS review_criteria_case;
         DROP TABLE IF EXISTS review_criteria;
         DROP INDEX IF EXISTS reviews_campaign;
         ALTER TABLE reviews DROP COLUMN campaign_id;
         ALTER TABLE reviews DROP COLUMN kind;
         ALTER TABLE reviews DROP COLUMN who;
         DROP TABLE IF EXISTS campaigns;
         PRAGMA user_version = 9;",
    )
    .expect("undo schema 10");
}

/// Undo schema 11 (each deadline's committee): the file is then what
/// schema 10 wrote (`PRAGMA user_version = 10`).
pub fn undo_v11(raw: &rusqlite::Connection) {
    raw.execute_batch(
        "DROP TRIGGER IF EXISTS cases_deadlines_committee;
         DROP INDEX IF EXISTS deadlines_committee;
         ALTER TABLE deadlines DROP COLUMN committee;
         PRAGMA user_version = 10;",
    )
    .expect("undo schema 11");
}

/// Undo schemas 5 to 7.
fn undo_v5_to_v7(raw: &rusqlite::Connection) {
    raw.execute_batch(
        "DROP INDEX IF EXISTS amendments_case;
         DROP TABLE IF EXISTS amendments;
         ALTER TABLE appeals DROP COLUMN kind;
         DROP TABLE assessments;
         ALTER TABLE referrals DROP COLUMN outcome;
         ALTER TABLE tracks DROP COLUMN months;
         ALTER TABLE tracks DROP COLUMN ground;
         ALTER TABLE items DROP COLUMN attempt;
         ALTER TABLE items DROP COLUMN outcome;
         ALTER TABLE decisions DROP COLUMN passed;",
    )
    .expect("undo schema 6");
    crate::store_counts::drop_counters(raw);
}
