//! The SQLite store: schema and migrations, whole-case load and save, the
//! queries shaped for the panes, the hash-chained audit log, backup.
//! Knows SQL; knows nothing of the terminal or of the rules.

mod alerts;
mod audit;
mod bulk;
mod case_io;
mod children;
mod codec;
mod compiled;
pub mod digest;
mod grams;
mod invariants;
mod journal;
mod lookback;
mod memory;
pub use memory::commit_lazily;
pub mod migrate_history;
mod moved;
mod open;
mod records;
mod records_history;
mod register;
pub mod restore;
mod roster;
pub mod schema;
mod states;
mod stats;
mod verify;
pub mod wait;

pub use alerts::AlertKey;
pub use audit::now_utc;
pub use bulk::{BulkLoad, CaseGrams, NewCase};
pub use compiled::{COMPILED, Slice};
pub use moved::{AuditRow, Handed};
pub use open::check_shilian_file;
pub use roster::NO_DUE;
pub use stats::{BranchRow, MonthRow, NodeCounts, OrgUnit, ScopeStats};

use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::domain::model::{Abroad, Case, CaseId, FocusArea, Membership, Status};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// Typed store errors a caller must tell apart. Their text is in the
/// language files (`store.*`), in the language the program runs in.
#[derive(Debug)]
pub enum StoreError {
    NotADatabase(String),
    TooNew {
        found: i64,
        supported: i64,
    },
    ReadOnly(String),
    Busy,
    /// The disk (or the file's size limit) is full; the transaction rolled back.
    DiskFull(String),
    NoSuchCase(CaseId),
    Conflict {
        case: CaseId,
        expected: i64,
        found: i64,
    },
    DuplicateId(String),
    /// The audit log's key is missing or is not this log's.
    Key(String),
    Sql(rusqlite::Error),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::{t, tf};
        let text = match self {
            StoreError::NotADatabase(d) => tf("store.not_a_database", &[("detail", d.clone())]),
            StoreError::TooNew { found, supported } => tf(
                "store.too_new",
                &[
                    ("found", found.to_string()),
                    ("supported", supported.to_string()),
                ],
            ),
            StoreError::ReadOnly(d) => tf("store.read_only", &[("detail", d.clone())]),
            StoreError::Busy => t("store.busy").to_string(),
            StoreError::DiskFull(d) => tf("store.disk_full", &[("detail", d.clone())]),
            StoreError::NoSuchCase(c) => tf("store.no_such_case", &[("case", c.to_string())]),
            StoreError::Conflict {
                case,
                expected,
                found,
            } => tf(
                "store.conflict",
                &[
                    ("case", case.to_string()),
                    ("expected", expected.to_string()),
                    ("found", found.to_string()),
                ],
            ),
            StoreError::DuplicateId(id) => tf("store.duplicate_id", &[("id", id.clone())]),
            StoreError::Key(d) => d.clone(),
            StoreError::Sql(e) => tf("store.sql", &[("detail", e.to_string())]),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Sql(e) => Some(e),
            _ => None,
        }
    }
}

/// SQLite's busy, read-only, full and not-a-database codes become their own variants.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::ReadOnly) => StoreError::ReadOnly(e.to_string()),
            Some(C::NotADatabase) => StoreError::NotADatabase(e.to_string()),
            Some(C::DiskFull) => StoreError::DiskFull(e.to_string()),
            _ => StoreError::Sql(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One row of the roster pane.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RosterRow {
    pub id: CaseId,
    pub name: String,
    pub id_number: String,
    pub branch: String,
    pub committee: String,
    pub membership: Membership,
    pub status: Status,
    pub last_contact: NaiveDate,
    pub focus_area: FocusArea,
    pub abroad: Abroad,
    pub next_due: Option<NaiveDate>,
    pub next_kind: Option<DeadlineKind>,
    /// False once the branch no longer exists (its committee took over, N五).
    pub branch_exists: bool,
}

/// One line of the N五 register: the roster line and the whole member, so
/// the register carries every column the import reads.
#[derive(Clone, Debug, PartialEq)]
pub struct RegisterRow {
    pub row: RosterRow,
    pub member: crate::domain::model::Member,
    /// Since when the case has its status (a register bundle carries it).
    pub status_since: NaiveDate,
}

impl RosterRow {
    /// This row's keyset position for `sort`: pass it as `RosterQuery::after`
    /// to get the next page. (NextDeadline: due date, or `NO_DUE` when none.)
    pub fn key(&self, sort: RosterSort) -> (String, CaseId) {
        roster::key_of(self, sort)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub enum RosterSort {
    #[default]
    NextDeadline,
    LostDate,
    Name,
}

/// The roster's status filter: a stored status, or one side of `lost`
/// split at the six months (DOMAIN.md section 0). `cutoff` is
/// `domain::lost::lost_cutoff(today, policy)`: a lost case whose last
/// contact is after it is a watch case (失联未满6个月).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusFilter {
    /// Cases stored with this status (`lost`: watch cases included).
    Is(Status),
    /// 失联党员: lost, last contact on or before `cutoff`.
    Lost { cutoff: NaiveDate },
    /// 失联未满6个月: lost, last contact after `cutoff`.
    Watch { cutoff: NaiveDate },
}

/// Roster filter and page position (keyset paging: `after` is the sort key
/// and id of the last row of the previous page).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RosterQuery {
    /// Free text over name, ID number and branch.
    pub text: String,
    pub status: Option<StatusFilter>,
    pub branch: Option<String>,
    pub committee: Option<String>,
    pub membership: Option<Membership>,
    pub focus_area: Option<FocusArea>,
    /// Some(true) = only abroad, Some(false) = only not abroad.
    pub abroad: Option<bool>,
    pub sort: RosterSort,
    pub after: Option<(String, CaseId)>,
    pub limit: usize,
    /// Walk the order backwards: rows before `after` (or from the end of
    /// the list when `after` is None), last first. The roster's End key.
    pub descending: bool,
}

/// One alert row: a deadline joined with the case's name and branch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertRow {
    pub deadline: Deadline,
    pub name: String,
    pub branch: String,
    pub committee: String,
    /// The original date of last contact (never overwritten).
    pub last_contact: NaiveDate,
    /// The day contact was regained, if it was.
    pub regained_on: Option<NaiveDate>,
}

/// One audit log entry.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub user: String,
    pub case: Option<CaseId>,
    pub action: String,
    pub before: String,
    pub after: String,
    pub hash: String,
    /// The earlier entry this one corrects (a `correct` action), if any.
    pub corrects: Option<i64>,
}

/// What an action writes to the audit log (seq, time and hash are the store's).
#[derive(Clone, Debug)]
pub struct NewAudit {
    pub user: String,
    pub case: Option<CaseId>,
    pub action: String,
    pub before: String,
    pub after: String,
}

/// Result of `Store::verify`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct VerifyReport {
    pub integrity_ok: bool,
    pub foreign_keys_ok: bool,
    /// First broken link of the audit hash chain (its seq), if any.
    pub chain_broken_at: Option<i64>,
    /// Human-readable problems found (integrity, FK, invariants, chain).
    pub problems: Vec<String>,
    /// Facts that are not problems (a receipt that holds, MACs not checked).
    pub notes: Vec<String>,
    /// The chain head as a receipt (`seq-hash16`); None for an empty log.
    pub receipt: Option<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

pub struct Store {
    conn: rusqlite::Connection,
}

/// A write transaction (BEGIN IMMEDIATE); dropped without `commit` = rolled back.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    /// Cases inserted so far (a bulk load gets a larger page cache).
    inserted: std::cell::Cell<u32>,
}

impl Store {
    /// Open (creating if missing, mode 0600, directory 0700), set WAL,
    /// foreign keys and busy timeout, and migrate inside a transaction.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        Ok(Store {
            conn: open::open(path)?,
        })
    }

    /// Open an existing database for reading only (`open::open_read`):
    /// works on a full disk and on read-only media.
    pub fn open_read(path: &Path) -> anyhow::Result<Store> {
        Ok(Store {
            conn: open::open_read(path)?,
        })
    }

    /// Schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn begin(&mut self) -> Result<Tx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(Tx {
            tx,
            inserted: std::cell::Cell::new(0),
        })
    }

    pub fn load_case(&self, id: CaseId) -> Result<Case> {
        case_io::load_case(&self.conn, id)
    }

    pub fn roster(&self, q: &RosterQuery) -> Result<Vec<RosterRow>> {
        roster::roster(&self.conn, q)
    }

    pub fn roster_count(&self, q: &RosterQuery) -> Result<u64> {
        roster::roster_count(&self.conn, q)
    }

    /// `roster` and `roster_count_upto` together, in one pass when the
    /// page reads every match anyway.
    pub fn roster_with_count(&self, q: &RosterQuery, cap: u64) -> Result<(Vec<RosterRow>, u64)> {
        roster::roster_with_count(&self.conn, q, cap)
    }

    /// Like `roster_count`, but stops at `cap + 1` (show it as "cap+"):
    /// bounded cost per keystroke whatever the term (docs/BENCHMARKS.md).
    pub fn roster_count_upto(&self, q: &RosterQuery, cap: u64) -> Result<u64> {
        roster::roster_count_upto(&self.conn, q, cap)
    }

    /// Deadlines most urgent first (due ascending, then case id), optionally
    /// only those due on or before `until`; keyset paging after (due, case, kind).
    pub fn alerts(
        &self,
        until: Option<NaiveDate>,
        after: Option<(NaiveDate, CaseId, DeadlineKind)>,
        limit: usize,
    ) -> Result<Vec<AlertRow>> {
        alerts::alerts(&self.conn, None, until, after, limit)
    }

    /// Every stored deadline row due on or before `until` (all when `None`).
    pub fn alert_count(&self, until: Option<NaiveDate>) -> Result<u64> {
        alerts::alert_count(&self.conn, None, until)
    }

    /// The alert pane on `today`: like `alerts`, without the "becomes a
    /// lost-contact member" rows whose day has passed (DOMAIN.md deadlines).
    pub fn live_alerts(
        &self,
        today: NaiveDate,
        until: Option<NaiveDate>,
        after: Option<(NaiveDate, CaseId, DeadlineKind)>,
        limit: usize,
    ) -> Result<Vec<AlertRow>> {
        alerts::alerts(&self.conn, Some(today), until, after, limit)
    }

    /// What `live_alerts` would list (without a limit), counted.
    pub fn live_alert_count(&self, today: NaiveDate, until: Option<NaiveDate>) -> Result<u64> {
        alerts::alert_count(&self.conn, Some(today), until)
    }

    pub fn status_counts(&self) -> Result<Vec<(Status, u64)>> {
        alerts::status_counts(&self.conn)
    }

    /// Every branch with cases (the organisation tree), from kept counts.
    pub fn org_branches(&self) -> Result<Vec<BranchRow>> {
        stats::branches(&self.conn)
    }

    /// A tree node's counts on `today` (`cutoff`: `lost::lost_cutoff`).
    pub fn node_counts(
        &self,
        unit: &OrgUnit,
        today: NaiveDate,
        cutoff: NaiveDate,
    ) -> Result<NodeCounts> {
        stats::node_counts(&self.conn, unit, today, cutoff)
    }

    /// The statistics view of a unit: `months` months back, `weeks` ahead.
    pub fn scope_stats(
        &self,
        unit: &OrgUnit,
        today_cutoff: (NaiveDate, NaiveDate),
        months: usize,
        weeks: usize,
    ) -> Result<ScopeStats> {
        stats::scope_stats(&self.conn, unit, today_cutoff, months, weeks)
    }

    /// The alert pane of a committee or branch (see `stats::unit_alerts`).
    pub fn unit_alerts(
        &self,
        unit: &OrgUnit,
        today: NaiveDate,
        after: Option<alerts::AlertKey>,
        limit: usize,
    ) -> Result<Vec<AlertRow>> {
        stats::unit_alerts(&self.conn, unit, today, after, limit)
    }

    /// The alert pane's overdue rows of a unit (the whole file when the
    /// unit is empty), counted up to `cap` (see `stats::unit_overdue_upto`).
    pub fn unit_overdue_upto(&self, unit: &OrgUnit, today: NaiveDate, cap: usize) -> Result<u64> {
        stats::unit_overdue_upto(&self.conn, unit, today, cap)
    }

    /// The deadlines of a unit, counted from the kept counts.
    pub fn unit_alert_count(&self, unit: &OrgUnit) -> Result<u64> {
        stats::unit_alert_count(&self.conn, unit)
    }

    /// Lost cases whose last contact is after `cutoff` (the watch cases):
    /// a range count over the index `cases_status_lost`.
    pub fn watch_count(&self, cutoff: NaiveDate) -> Result<u64> {
        alerts::watch_count(&self.conn, cutoff)
    }

    /// The N五 register's rows: cases of `statuses` (all when empty) in
    /// committee, branch, id order, streamed to `f` one by one.
    pub fn register_rows<E: From<StoreError>>(
        &self,
        statuses: &[Status],
        f: impl FnMut(RegisterRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        register::for_each(&self.conn, statuses, f)
    }

    /// The case (id, name) already holding this ID number, if any.
    pub fn case_by_id_number(&self, id_number: &str) -> Result<Option<(CaseId, String)>> {
        case_io::by_id_number(&self.conn, id_number)
    }

    /// Distinct branch and committee names, for quick filters.
    pub fn branches(&self) -> Result<Vec<String>> {
        alerts::distinct(&self.conn, "branch")
    }

    pub fn committees(&self) -> Result<Vec<String>> {
        alerts::distinct(&self.conn, "committee")
    }

    /// The audit log, oldest first; only one case's entries when `case` is set.
    pub fn audit(&self, case: Option<CaseId>) -> Result<Vec<AuditEntry>> {
        audit::list(&self.conn, case)
    }

    /// One case's audit entries after `seq`, oldest first (what changed
    /// since a form opened).
    pub fn audit_since(&self, case: CaseId, seq: i64) -> Result<Vec<AuditEntry>> {
        audit::since(&self.conn, case, seq)
    }

    /// Changes whenever another connection commits (PRAGMA data_version).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    pub fn meta_get(&self, key: &str) -> Result<Option<String>> {
        meta_get(&self.conn, key)
    }

    /// Every meta entry whose key starts with `prefix` (which must end in
    /// an ASCII character below 0x7f, as `name:` does), by key.
    pub fn meta_prefixed(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let mut end = prefix.to_string();
        if let Some(c) = end.pop() {
            end.push(char::from_u32(c as u32 + 1).unwrap_or(char::MAX));
        }
        let mut st = self.conn.prepare_cached(
            "SELECT key, value FROM meta WHERE key >= ?1 AND key < ?2 ORDER BY key",
        )?;
        let rows = st.query_map([prefix, end.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Integrity check, foreign keys, audit chain.
    pub fn verify(&self) -> Result<VerifyReport> {
        verify::verify(&self.conn, None)
    }

    /// `verify`, and the chain must still extend the head `receipt` names.
    pub fn verify_receipt(&self, receipt: &str) -> Result<VerifyReport> {
        verify::verify(&self.conn, Some(receipt))
    }

    /// The chain head as a short receipt (`seq-hash16`), None when empty.
    pub fn receipt(&self) -> Result<Option<String>> {
        audit::receipt(&self.conn)
    }

    /// Consistent online copy to `dest` while others write.
    pub fn backup(&self, dest: &Path) -> anyhow::Result<()> {
        verify::backup(&self.conn, dest)
    }
}

fn meta_get(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// After this many inserts in one transaction the connection's page cache grows.
const BULK_INSERTS: u32 = 512;
const BULK_CACHE: &str = "PRAGMA cache_size = -262144";

impl Tx<'_> {
    pub fn load_case(&self, id: CaseId) -> Result<Case> {
        case_io::load_case(&self.tx, id)
    }

    /// Insert a new case with all its records; returns its id. Version becomes 1.
    /// A positive `case.id` is kept (imports); 0 lets the store choose.
    pub fn insert_case(&self, case: &Case) -> Result<CaseId> {
        let n = self.inserted.get().saturating_add(1);
        self.inserted.set(n);
        if n == BULK_INSERTS {
            // An import or generator: random index inserts over a large
            // file thrash SQLite's default 2 MB page cache.
            self.tx.execute_batch(BULK_CACHE)?;
        }
        case_io::insert_case(&self.tx, case)
    }

    /// Save a changed case: refuses with `Conflict` unless the stored version
    /// equals `case.version`; bumps the version; inserts records whose id is
    /// None and updates the others (records no longer in the case are
    /// deleted). Returns the new version.
    pub fn save_case(&self, case: &Case) -> Result<i64> {
        case_io::save_case(&self.tx, case)
    }

    /// Replace a case's deadline rows and its roster next-deadline columns.
    pub fn replace_deadlines(&self, case: CaseId, deadlines: &[Deadline]) -> Result<()> {
        case_io::replace_deadlines(&self.tx, case, deadlines)
    }

    /// Append one hash-chained audit entry; returns its seq. An entry
    /// about a case carries the digest of the case's state, loaded here.
    pub fn append_audit(&self, entry: &NewAudit) -> Result<i64> {
        let state = self.state_of(entry)?;
        audit::append(&self.tx, entry, None, state.as_deref())
    }

    /// Append an entry about `case` as just saved (its state digest taken
    /// from it, not reloaded); returns its seq.
    pub fn append_audit_for(&self, entry: &NewAudit, case: &Case) -> Result<i64> {
        let state = digest::state(case);
        audit::append(&self.tx, entry, None, Some(&state))
    }

    /// Append a bulk import's one entry: `states` holds the 32-byte state
    /// digest of each case it created, in id order from its first id; the
    /// entry carries the digest of that blob. Returns its seq.
    pub fn append_import(&self, entry: &NewAudit, states: &[u8]) -> Result<i64> {
        let state = states::blob_digest(states);
        let seq = audit::append(&self.tx, entry, None, Some(&state))?;
        states::record_import(&self.tx, seq, states)?;
        Ok(seq)
    }

    /// Append an entry that corrects entry `corrects`; returns its seq.
    pub fn append_correction(&self, entry: &NewAudit, corrects: i64) -> Result<i64> {
        let state = self.state_of(entry)?;
        audit::append(&self.tx, entry, Some(corrects), state.as_deref())
    }

    fn state_of(&self, entry: &NewAudit) -> Result<Option<String>> {
        match entry.case {
            Some(id) => Ok(Some(digest::state(&self.load_case(id)?))),
            None => Ok(None),
        }
    }

    /// Fresh baseline entries binding every case's current state (a
    /// migration that changes what a case holds writes them; see
    /// docs/RELIABILITY.md). Returns the number of cases bound.
    pub fn write_baselines(&self, reason: &str) -> Result<u64> {
        states::write_baselines(&self.tx, reason)
    }

    /// The seq the next appended entry gets (the head's plus one).
    pub fn next_audit_seq(&self) -> Result<i64> {
        let head = audit::head(&self.tx)?.map(|(s, _, _)| s).unwrap_or(0);
        Ok(head.saturating_add(1))
    }

    /// Give the amendments of `case` recorded without an audit entry the
    /// entry `seq` (the `amend` action's, linked just before it is appended).
    pub fn link_amendments(&self, case: CaseId, seq: i64) -> Result<()> {
        // The entry `seq` is appended later in this transaction: the
        // reference to it is checked at commit (reset when the transaction
        // ends). Checked at once, every amend failed with FOREIGN KEY.
        self.tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        self.tx
            .prepare_cached(
                "UPDATE amendments SET audit_seq = ?1 WHERE case_id = ?2 AND audit_seq IS NULL",
            )?
            .execute(rusqlite::params![seq, case])?;
        Ok(())
    }

    /// One audit entry by seq, if it exists.
    pub fn audit_entry(&self, seq: i64) -> Result<Option<AuditEntry>> {
        audit::entry(&self.tx, seq)
    }

    pub fn meta_get(&self, key: &str) -> Result<Option<String>> {
        meta_get(&self.tx, key)
    }

    pub fn meta_set(&self, key: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    pub fn meta_delete(&self, key: &str) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM meta WHERE key = ?1")?
            .execute([key])?;
        Ok(())
    }

    /// Every case id, ascending.
    pub fn case_ids(&self) -> Result<Vec<CaseId>> {
        let mut st = self.tx.prepare_cached("SELECT id FROM cases ORDER BY id")?;
        let ids = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<CaseId>>>()?;
        Ok(ids)
    }

    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}
