//! The SQLite store: schema and migrations, whole-case load and save, the
//! queries shaped for the panes, the hash-chained audit log, backup.
//! Knows SQL; knows nothing of the terminal or of the rules.

use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::domain::model::{Abroad, Case, CaseId, FocusArea, Membership, Status};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// Typed store errors a caller must tell apart.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not a shilian database (or damaged): {0}")]
    NotADatabase(String),
    #[error(
        "database schema version {found} is newer than this program supports ({supported}); use a newer shilian"
    )]
    TooNew { found: i64, supported: i64 },
    #[error("database is read-only: {0}")]
    ReadOnly(String),
    #[error("database is busy (locked by another process) for longer than the wait time")]
    Busy,
    #[error("case {0} not found")]
    NoSuchCase(CaseId),
    #[error(
        "case {case} was changed by someone else since it was opened (version {expected} → {found})"
    )]
    Conflict {
        case: CaseId,
        expected: i64,
        found: i64,
    },
    #[error("an ID number {0} is already on record")]
    DuplicateId(String),
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
pub enum RosterSort {
    #[default]
    NextDeadline,
    LostDate,
    Name,
}

/// Roster filter and page position (keyset paging: `after` is the sort key
/// and id of the last row of the previous page).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RosterQuery {
    /// Free text over name, ID number and branch.
    pub text: String,
    pub status: Option<Status>,
    pub branch: Option<String>,
    pub committee: Option<String>,
    pub membership: Option<Membership>,
    pub focus_area: Option<FocusArea>,
    /// Some(true) = only abroad, Some(false) = only not abroad.
    pub abroad: Option<bool>,
    pub sort: RosterSort,
    pub after: Option<(String, CaseId)>,
    pub limit: usize,
}

/// One alert row: a deadline joined with the case's name and branch.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertRow {
    pub deadline: Deadline,
    pub name: String,
    pub branch: String,
}

/// One audit log entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub user: String,
    pub case: Option<CaseId>,
    pub action: String,
    pub before: String,
    pub after: String,
    pub hash: String,
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
}

impl Store {
    /// Open (creating if missing, mode 0600, directory 0700), set WAL,
    /// foreign keys and busy timeout, and migrate inside a transaction.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let _ = path;
        todo!("store")
    }

    pub fn begin(&mut self) -> Result<Tx<'_>> {
        todo!()
    }

    pub fn load_case(&self, id: CaseId) -> Result<Case> {
        let _ = id;
        todo!()
    }

    pub fn roster(&self, q: &RosterQuery) -> Result<Vec<RosterRow>> {
        let _ = q;
        todo!()
    }

    pub fn roster_count(&self, q: &RosterQuery) -> Result<u64> {
        let _ = q;
        todo!()
    }

    /// Deadlines most urgent first (due ascending, then case id), optionally
    /// only those due on or before `until`; keyset paging after (due, case, kind).
    pub fn alerts(
        &self,
        until: Option<NaiveDate>,
        after: Option<(NaiveDate, CaseId, DeadlineKind)>,
        limit: usize,
    ) -> Result<Vec<AlertRow>> {
        let _ = (until, after, limit);
        todo!()
    }

    pub fn alert_count(&self, until: Option<NaiveDate>) -> Result<u64> {
        let _ = until;
        todo!()
    }

    pub fn status_counts(&self) -> Result<Vec<(Status, u64)>> {
        todo!()
    }

    /// Distinct branch and committee names, for quick filters.
    pub fn branches(&self) -> Result<Vec<String>> {
        todo!()
    }

    pub fn committees(&self) -> Result<Vec<String>> {
        todo!()
    }

    /// The audit log, oldest first; only one case's entries when `case` is set.
    pub fn audit(&self, case: Option<CaseId>) -> Result<Vec<AuditEntry>> {
        let _ = case;
        todo!()
    }

    /// Changes whenever another connection commits (PRAGMA data_version).
    pub fn data_version(&self) -> Result<i64> {
        todo!()
    }

    pub fn meta_get(&self, key: &str) -> Result<Option<String>> {
        let _ = key;
        todo!()
    }

    /// Integrity check, foreign keys, audit chain.
    pub fn verify(&self) -> Result<VerifyReport> {
        todo!()
    }

    /// Consistent online copy to `dest` while others write.
    pub fn backup(&self, dest: &Path) -> anyhow::Result<()> {
        let _ = dest;
        todo!()
    }
}

impl Tx<'_> {
    pub fn load_case(&self, id: CaseId) -> Result<Case> {
        let _ = id;
        todo!()
    }

    /// Insert a new case with all its records; returns its id. Version becomes 1.
    pub fn insert_case(&self, case: &Case) -> Result<CaseId> {
        let _ = case;
        todo!()
    }

    /// Save a changed case: refuses with `Conflict` unless the stored version
    /// equals `case.version`; bumps the version; inserts records whose id is
    /// None and updates the others. Returns the new version.
    pub fn save_case(&self, case: &Case) -> Result<i64> {
        let _ = case;
        todo!()
    }

    /// Replace a case's deadline rows and its roster next-deadline columns.
    pub fn replace_deadlines(&self, case: CaseId, deadlines: &[Deadline]) -> Result<()> {
        let _ = (case, deadlines);
        todo!()
    }

    /// Append one hash-chained audit entry.
    pub fn append_audit(&self, entry: &NewAudit) -> Result<i64> {
        let _ = entry;
        todo!()
    }

    pub fn meta_set(&self, key: &str, value: &str) -> Result<()> {
        let _ = (key, value);
        todo!()
    }

    pub fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}
