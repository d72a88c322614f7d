//! Schema as a list of migration steps, indexed by version (step `i` takes
//! the database from version `i` to `i + 1`). All pending steps run in one
//! transaction that also sets `PRAGMA user_version`.

use super::{Result, StoreError};
use rusqlite::Connection;

/// Marks a database as shilian's (`PRAGMA application_id`).
pub const APPLICATION_ID: i64 = 0x5348_4c4e; // "SHLN"

/// Version 1: every table, index and the audit triggers.
const V1: &str = r#"
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    name TEXT NOT NULL,
    gender TEXT NOT NULL,
    id_number TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    membership TEXT NOT NULL,
    probation_start TEXT,
    branch TEXT NOT NULL,
    committee TEXT NOT NULL,
    joined TEXT NOT NULL,
    phone TEXT NOT NULL,
    address TEXT NOT NULL,
    employer TEXT NOT NULL,
    focus_area TEXT NOT NULL,
    abroad TEXT NOT NULL,
    last_contact TEXT NOT NULL,
    branch_exists INTEGER NOT NULL,
    lost_cause TEXT NOT NULL,
    status TEXT NOT NULL,
    status_since TEXT NOT NULL,
    next_due TEXT,
    next_kind TEXT,
    due_key TEXT GENERATED ALWAYS AS (coalesce(next_due, '9999-12-31')) VIRTUAL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX cases_id_number ON cases(id_number);
CREATE INDEX cases_due ON cases(due_key, id);
CREATE INDEX cases_lost ON cases(last_contact, id);
CREATE INDEX cases_name ON cases(name, id);
CREATE INDEX cases_status_due ON cases(status, due_key, id);
CREATE INDEX cases_status_lost ON cases(status, last_contact, id);
CREATE INDEX cases_status_name ON cases(status, name, id);
CREATE INDEX cases_branch_due ON cases(branch, due_key, id);
CREATE INDEX cases_branch_lost ON cases(branch, last_contact, id);
CREATE INDEX cases_branch_name ON cases(branch, name, id);
CREATE INDEX cases_committee ON cases(committee, due_key, id);

CREATE TABLE grams (
    gram TEXT NOT NULL,
    case_id INTEGER NOT NULL,
    PRIMARY KEY (gram, case_id)
) WITHOUT ROWID;

CREATE TABLE searches (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, channel TEXT NOT NULL, who TEXT NOT NULL,
    result TEXT NOT NULL, note TEXT NOT NULL
);
CREATE INDEX searches_case ON searches(case_id);
CREATE TABLE conduct (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    check_kind TEXT NOT NULL, date TEXT NOT NULL, result TEXT NOT NULL, note TEXT NOT NULL
);
CREATE INDEX conduct_case ON conduct(case_id);
CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, note TEXT NOT NULL, outcome_date TEXT,
    disciplined INTEGER, outcome_note TEXT NOT NULL
);
CREATE INDEX referrals_case ON referrals(case_id);
CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL, started TEXT NOT NULL, reason TEXT NOT NULL,
    override_reason TEXT NOT NULL, closed TEXT, completed INTEGER NOT NULL
);
CREATE INDEX tracks_case ON tracks(case_id);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    track_id INTEGER NOT NULL REFERENCES tracks(id),
    step INTEGER NOT NULL, item TEXT NOT NULL, date TEXT NOT NULL, who TEXT NOT NULL,
    body TEXT, doc_no TEXT NOT NULL, note TEXT NOT NULL
);
CREATE INDEX items_case ON items(case_id);
CREATE INDEX items_track ON items(track_id);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    track_id INTEGER NOT NULL REFERENCES tracks(id),
    meeting_date TEXT NOT NULL, due INTEGER NOT NULL, attending INTEGER NOT NULL,
    votes_for INTEGER NOT NULL, against INTEGER NOT NULL, abstaining INTEGER NOT NULL,
    signature TEXT NOT NULL, signature_note TEXT NOT NULL
);
CREATE INDEX decisions_case ON decisions(case_id);
CREATE INDEX decisions_track ON decisions(track_id);
CREATE TABLE extensions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    start TEXT NOT NULL, months INTEGER NOT NULL, doc_no TEXT NOT NULL
);
CREATE INDEX extensions_case ON extensions(case_id);
CREATE TABLE suspensions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, abroad INTEGER NOT NULL, restored_on TEXT, removed_on TEXT
);
CREATE INDEX suspensions_case ON suspensions(case_id);
CREATE TABLE transfers (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    to_org TEXT NOT NULL, letter_no TEXT NOT NULL, issued TEXT NOT NULL,
    reissued INTEGER NOT NULL, received TEXT
);
CREATE INDEX transfers_case ON transfers(case_id);
CREATE TABLE retentions (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, doc_no TEXT NOT NULL, note TEXT NOT NULL
);
CREATE INDEX retentions_case ON retentions(case_id);
CREATE TABLE appeals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    received TEXT NOT NULL, note TEXT NOT NULL, answered TEXT, result TEXT,
    answer_note TEXT NOT NULL
);
CREATE INDEX appeals_case ON appeals(case_id);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, outcome TEXT NOT NULL, note TEXT NOT NULL
);
CREATE INDEX reviews_case ON reviews(case_id);
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, kind TEXT NOT NULL, note TEXT NOT NULL
);
CREATE INDEX milestones_case ON milestones(case_id);
CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL, due TEXT NOT NULL, clears TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX deadlines_case ON deadlines(case_id);
CREATE INDEX deadlines_due ON deadlines(due, case_id, kind);

CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    case_id INTEGER REFERENCES cases(id),
    action TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"#;

/// Version 2: posting-list sizes of the n-gram index (kept by triggers, so
/// a search can start from its rarest bigram), the per-case audit index and
/// indexes for the abroad, membership and focus-area filters.
const V2: &str = r#"
CREATE TABLE gram_stats (gram TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO gram_stats (gram, n) SELECT gram, count(*) FROM grams GROUP BY gram;
CREATE TRIGGER grams_ins AFTER INSERT ON grams BEGIN
    INSERT INTO gram_stats (gram, n) VALUES (new.gram, 1)
    ON CONFLICT (gram) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER grams_del AFTER DELETE ON grams BEGIN
    UPDATE gram_stats SET n = n - 1 WHERE gram = old.gram;
END;
CREATE INDEX audit_case ON audit(case_id, seq);
CREATE INDEX cases_abroad ON cases(abroad, due_key, id);
CREATE INDEX cases_membership ON cases(membership);
CREATE INDEX cases_focus ON cases(focus_area);
"#;

/// Version 3 (scale): per-status case counts and the deadline total kept by
/// triggers in the same transaction as the change, so the dashboard and the
/// alert pane never count a million rows; 4-grams of ID numbers (and of any
/// ASCII letter/digit run of 4 or more) are added to `grams` by `migrate`.
const V3: &str = r#"
CREATE TABLE status_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO status_counts (status, n) SELECT status, count(*) FROM cases GROUP BY status;
CREATE TRIGGER cases_count_ins AFTER INSERT ON cases BEGIN
    INSERT INTO status_counts (status, n) VALUES (new.status, 1)
    ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER cases_count_del AFTER DELETE ON cases BEGIN
    UPDATE status_counts SET n = n - 1 WHERE status = old.status;
END;
CREATE TRIGGER cases_count_upd AFTER UPDATE OF status ON cases
WHEN old.status IS NOT new.status BEGIN
    UPDATE status_counts SET n = n - 1 WHERE status = old.status;
    INSERT INTO status_counts (status, n) VALUES (new.status, 1)
    ON CONFLICT (status) DO UPDATE SET n = n + 1;
END;
CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO counters (name, n) SELECT 'deadlines', count(*) FROM deadlines;
CREATE TRIGGER deadlines_count_ins AFTER INSERT ON deadlines BEGIN
    UPDATE counters SET n = n + 1 WHERE name = 'deadlines';
END;
CREATE TRIGGER deadlines_count_del AFTER DELETE ON deadlines BEGIN
    UPDATE counters SET n = n - 1 WHERE name = 'deadlines';
END;
"#;

/// Version 4: an audit entry may correct an earlier one (`corrects` = its
/// seq). Earlier rows keep NULL, and the hash covers the field only when it
/// is set, so an upgraded file's chain still verifies.
const V4: &str = r#"
ALTER TABLE audit ADD COLUMN corrects INTEGER REFERENCES audit(seq);
CREATE INDEX audit_corrects ON audit(corrects) WHERE corrects IS NOT NULL;
"#;

/// Version 5 (issue 14): counts per organisation unit kept by triggers in
/// the same transaction as the change, so the organisation tree and the
/// statistics view never count cases. Each table holds a row per branch
/// (committee, branch), per committee (branch '') and for the whole file
/// (both ''); committee and branch are never empty in a case. Cases by
/// status and whether the branch still exists (`org_counts`), by focus
/// area, by next deadline day and month (overdue / due this week), lost
/// cases by last-contact day (watch cases), events by month (`month_counts`:
/// lost by last contact, regained and disposed by milestone, suspended by
/// suspension) and deadlines by day. A case moving to another branch takes
/// its children's counts along. Bulk loads add their counts once
/// (`bulk/counts.rs`).
const V5: &str = include_str!("counts_v5.sql");

/// Version 6: the rules review (issues "Procedures right to the Notice" and
/// "Time and history right to the Notice"). Every attempt of an item is kept
/// (`items.attempt`, `items.outcome`, `decisions.passed`); a track records
/// its decided period and N三 ground; the assessment of cause and attitude
/// is a record of its own; a referral's outcome is a code (schema 4's
/// `disciplined` flag: 1 → lesser, 0 → nothing found; the column stays,
/// derived, for old readers); `decisions.signature` '' = none needed.
/// Issue 11's part is `history_v6.sql`: an appeal's kind (复议/复查; NULL
/// on older rows), amendments, look-back campaigns and findings; and the
/// post-step `migrate_history::recover_last_contact`.
const V6: &str = concat!(
    r#"
ALTER TABLE referrals ADD COLUMN outcome TEXT;
UPDATE referrals SET outcome = CASE disciplined WHEN 1 THEN 'lesser' WHEN 0 THEN 'nothing_found' END;
ALTER TABLE tracks ADD COLUMN months INTEGER;
ALTER TABLE tracks ADD COLUMN ground TEXT;
ALTER TABLE items ADD COLUMN attempt INTEGER NOT NULL DEFAULT 1;
ALTER TABLE items ADD COLUMN outcome TEXT;
ALTER TABLE decisions ADD COLUMN passed INTEGER NOT NULL DEFAULT 1;
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    date TEXT NOT NULL, cause TEXT NOT NULL, acknowledges INTEGER NOT NULL, note TEXT NOT NULL
);
CREATE INDEX assessments_case ON assessments(case_id);
-- The rules changed with this schema: the workspace recomputes every
-- case's deadlines once, in one transaction that also deletes this mark.
INSERT INTO meta (key, value) VALUES ('deadlines_stale', '5')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
"#,
    include_str!("history_v6.sql")
);

/// Version 7 (issue 14): the counter triggers of version 5 again, every
/// decrement three primary-key lookups (version 5's removal of a deadline
/// scanned the whole `deadline_days` table through a row-value IN), and a
/// case leaves `lost_days` only if it was counted there; `lost_days` is
/// counted again.
const V7: &str = include_str!("counts_v7.sql");

/// Version 8 (tamper evidence, issue 12): each audit entry about a case
/// carries the digest of the case's whole state after it (`state`, covered
/// by the hash when set); with a key file, each entry's MAC (`mac`); a bulk
/// import's per-case digests in `audit_states` (the entry's `state` is the
/// digest of that blob), append-only like the log. `migrate` then writes one
/// baseline entry per case, so every case is bound from the upgrade on.
const V8: &str = r#"
ALTER TABLE audit ADD COLUMN state TEXT;
ALTER TABLE audit ADD COLUMN mac TEXT;
CREATE TABLE audit_states (seq INTEGER PRIMARY KEY REFERENCES audit(seq), states BLOB NOT NULL);
CREATE TRIGGER audit_states_no_update BEFORE UPDATE ON audit_states
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_states_no_delete BEFORE DELETE ON audit_states
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"#;

/// Version 9 (issue 11 items 3 and 10): the probation rows changed (what
/// can be done: the extension and conversion tracks, the lapse abroad, the
/// cancellation of a lost member once allowed), so the workspace recomputes
/// every case's deadlines once, as after version 6; no table changes.
const V9: &str = r#"
INSERT INTO meta (key, value) VALUES ('deadlines_stale', '8')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
"#;

/// Version 10 (issue 11 item 8): look-back campaigns as records started by
/// an action (`campaigns`), each review in a campaign with the kind it
/// reviewed, who decided and each criterion met or not (`review_criteria`).
/// Reviews of older files join one campaign made from the date the old
/// policy file built in (2026-09-01, `migrated` = 1); deadlines recomputed.
const V10: &str = include_str!("lookback_v10.sql");

/// Version 11 (issue 14): each deadline carries its case's committee
/// (`deadlines.committee`, index `deadlines_committee`), kept by a trigger
/// when a case moves, so a committee's alert pane is one index range.
const V11: &str = include_str!("deadline_unit_v11.sql");

/// Version 12 (issue 15 item 2): each ASCII letter/digit run (ID numbers)
/// also keeps its last 3 characters as a gram (`grams::TAIL`), so a 3-digit
/// term is found exactly; `migrate` adds them to existing cases
/// (`grams::backfill_tails`). No table changes.
const V12: &str = "-- grams: tail grams added by grams::backfill_tails";

/// Migration steps: `MIGRATIONS[i]` upgrades version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12];

/// The schema version this program writes.
pub const SUPPORTED: i64 = MIGRATIONS.len() as i64;

/// The file's schema version, refusing one too new or not shilian's
/// (reads only: works on a read-only connection).
pub fn check_version(conn: &Connection) -> Result<i64> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SUPPORTED {
        return Err(StoreError::TooNew {
            found,
            supported: SUPPORTED,
        });
    }
    check_ours(conn, found)?;
    Ok(found)
}

/// Refuse foreign or too-new files, then apply pending steps atomically.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found = check_version(conn)?;
    if found == SUPPORTED {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for step in &MIGRATIONS[found as usize..] {
        tx.execute_batch(step)?;
    }
    if (1..3).contains(&found) {
        // The LONG-grams of every run, with its tail gram.
        super::grams::backfill_long(&tx)?;
    } else if (3..12).contains(&found) {
        super::grams::backfill_tails(&tx)?;
    }
    if (1..6).contains(&found) {
        // Schema 6 (issue 11): the last contact overwritten by a regained
        // contact is restored from the creation entry; before any step that
        // fingerprints the final data.
        super::migrate_history::recover_last_contact(&tx)?;
    }
    // Last, over the final data, whatever version the file came from: a
    // fresh baseline of every case's state (docs/RELIABILITY.md).
    if found > 0 {
        let reason = format!("schema {found} -> {SUPPORTED}");
        super::states::write_baselines(&tx, &reason)?;
    }
    tx.execute_batch(&format!(
        "PRAGMA user_version = {SUPPORTED}; PRAGMA application_id = {APPLICATION_ID};"
    ))?;
    tx.commit()?;
    Ok(())
}

/// A version-0 file must be empty; a versioned one must carry our id.
fn check_ours(conn: &Connection, version: i64) -> Result<()> {
    if version == 0 {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        if tables > 0 {
            return Err(StoreError::NotADatabase(
                crate::i18n::t("store.detail_other_program").to_string(),
            ));
        }
        return Ok(());
    }
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app != 0 && app != APPLICATION_ID {
        return Err(StoreError::NotADatabase(crate::i18n::tf(
            "store.detail_other_app_id",
            &[("id", format!("{app:#x}"))],
        )));
    }
    Ok(())
}
