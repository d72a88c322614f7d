//! A case moving between databases (handover, issue 16 item 5): the full
//! audit rows of a case as the sender's chain holds them (so the receiver
//! can recompute each entry's hash), the mark that keeps a handed-over case
//! read-only on the sending side, and inserting a case from another
//! database with every record under new ids (references between records —
//! a checklist item's track, an amendment's record — follow).

use super::audit::{Link, hash};
use super::children::{self, Child};
use super::{Result, StoreError, Tx, case_io};
use crate::domain::model::{AmendTarget, Case, CaseId, RecordId};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One audit row with every field its hash covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub user: String,
    pub case: Option<CaseId>,
    pub action: String,
    pub before: String,
    pub after: String,
    pub prev_hash: String,
    pub hash: String,
    pub corrects: Option<i64>,
    pub state: Option<String>,
}

impl AuditRow {
    /// The stored hash is the one its fields give (`audit::hash`).
    pub fn hash_checks(&self) -> bool {
        hash(&Link {
            prev_hash: &self.prev_hash,
            seq: self.seq,
            at: &self.at,
            user: &self.user,
            case: self.case,
            action: &self.action,
            before: &self.before,
            after: &self.after,
            corrects: self.corrects,
            state: self.state.as_deref(),
        }) == self.hash
    }
}

/// Where a handed-over case went (meta `handed:<id>`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handed {
    pub to: String,
    pub at: String,
    pub audit_seq: i64,
}

fn handed_key(id: CaseId) -> String {
    format!("handed:{id}")
}

/// Meta key of a received case's history from the sending database.
fn received_key(id: CaseId) -> String {
    format!("received_history:{id}")
}

pub(super) fn handed(conn: &Connection, id: CaseId) -> Result<Option<Handed>> {
    let v = super::meta_get(conn, &handed_key(id))?;
    Ok(v.and_then(|v| serde_json::from_str(&v).ok()))
}

fn json_err(e: serde_json::Error) -> StoreError {
    StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

impl super::Store {
    /// Where case `id` was handed over to, if it was.
    pub fn handed(&self, id: CaseId) -> Result<Option<Handed>> {
        handed(&self.conn, id)
    }

    /// The sending database's entries of a case received by handover
    /// (oldest first, their own seq and case id), empty for any other case.
    pub fn received_history(&self, id: CaseId) -> Result<Vec<super::AuditEntry>> {
        let Some(v) = self.meta_get(&received_key(id))? else {
            return Ok(vec![]);
        };
        let rows: Vec<AuditRow> = serde_json::from_str(&v).map_err(json_err)?;
        Ok(rows
            .into_iter()
            .map(|r| super::AuditEntry {
                seq: r.seq,
                at: r.at,
                user: r.user,
                case: r.case,
                action: r.action,
                before: r.before,
                after: r.after,
                hash: r.hash,
                corrects: r.corrects,
            })
            .collect())
    }
}

impl Tx<'_> {
    pub fn handed(&self, id: CaseId) -> Result<Option<Handed>> {
        handed(&self.tx, id)
    }

    pub fn set_handed(&self, id: CaseId, h: &Handed) -> Result<()> {
        self.meta_set(
            &handed_key(id),
            &serde_json::to_string(h).map_err(json_err)?,
        )
    }

    /// Keep a received case's history from the sending database.
    pub fn set_received_history(&self, id: CaseId, rows: &[AuditRow]) -> Result<()> {
        let v = serde_json::to_string(rows).map_err(json_err)?;
        self.meta_set(&received_key(id), &v)
    }

    /// Every audit row of case `id` (its own entries and the bulk import
    /// that created it), oldest first, with what the hash covers.
    pub fn audit_rows(&self, id: CaseId) -> Result<Vec<AuditRow>> {
        let cols =
            "seq, at, user, case_id, action, before, after, prev_hash, hash, corrects, state";
        let mut st = self.tx.prepare(&format!(
            "SELECT {cols} FROM audit WHERE case_id = ?1
             UNION ALL
             SELECT {cols} FROM audit WHERE case_id IS NULL AND after <> ''
             AND json_valid(action) AND json_extract(action, '$.action') = 'import'
             AND ?1 BETWEEN json_extract(action, '$.first') AND json_extract(action, '$.last')
             ORDER BY seq"
        ))?;
        let rows = st.query_map([id], |r| {
            Ok(AuditRow {
                seq: r.get(0)?,
                at: r.get(1)?,
                user: r.get(2)?,
                case: r.get(3)?,
                action: r.get(4)?,
                before: r.get(5)?,
                after: r.get(6)?,
                prev_hash: r.get(7)?,
                hash: r.get(8)?,
                corrects: r.get(9)?,
                state: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Insert a case from another database: a new case id, every record
    /// under a new id, tracks referenced by their new ids, amendments by
    /// the new ids of the records they correct and linked to audit entry
    /// `amend_seq` (appended later in this transaction). Returns the id.
    pub fn insert_moved(&self, case: &Case, amend_seq: i64) -> Result<CaseId> {
        let conn: &Connection = &self.tx;
        conn.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        let mut bare = Case::new(0, case.member.clone(), case.status, case.status_since);
        bare.version = case.version;
        let id = case_io::insert_case(conn, &bare)?;
        let mut c = case.clone();
        let searches = put(conn, id, &mut c.searches, |r| &mut r.id)?;
        let conduct = put(conn, id, &mut c.conduct, |r| &mut r.id)?;
        put(conn, id, &mut c.referrals, |r| &mut r.id)?;
        put(conn, id, &mut c.assessments, |r| &mut r.id)?;
        let tracks = put(conn, id, &mut c.tracks, |r| &mut r.id)?;
        let track = |old: RecordId| tracks.get(&old).copied().unwrap_or(old);
        for i in &mut c.items {
            i.track_id = track(i.track_id);
        }
        for d in &mut c.decisions {
            d.track_id = track(d.track_id);
        }
        let items = put(conn, id, &mut c.items, |r| &mut r.id)?;
        let votes = put(conn, id, &mut c.decisions, |r| &mut r.id)?;
        put(conn, id, &mut c.extensions, |r| &mut r.id)?;
        put(conn, id, &mut c.suspensions, |r| &mut r.id)?;
        put(conn, id, &mut c.transfers, |r| &mut r.id)?;
        put(conn, id, &mut c.retentions, |r| &mut r.id)?;
        put(conn, id, &mut c.appeals, |r| &mut r.id)?;
        put(conn, id, &mut c.reviews, |r| &mut r.id)?;
        let milestones = put(conn, id, &mut c.milestones, |r| &mut r.id)?;
        for a in &mut c.amendments {
            let map = match a.target {
                AmendTarget::Search => Some(&searches),
                AmendTarget::Conduct => Some(&conduct),
                AmendTarget::Item => Some(&items),
                AmendTarget::Vote => Some(&votes),
                AmendTarget::Regained => Some(&milestones),
                AmendTarget::Member => None,
            };
            a.record = match (a.record, map) {
                (Some(r), Some(m)) => Some(m.get(&r).copied().unwrap_or(r)),
                (r, _) => r,
            };
            a.audit_seq = a.audit_seq.map(|_| amend_seq);
        }
        put(conn, id, &mut c.amendments, |r| &mut r.id)?;
        // Every kind of record arrived (a kind added to `Case` and not
        // listed above fails here rather than being dropped).
        let loaded = case_io::load_case(conn, id)?;
        macro_rules! same {
            ($f:ident) => {
                if loaded.$f.len() != case.$f.len() {
                    return Err(StoreError::Sql(rusqlite::Error::InvalidParameterName(
                        format!("moved case: {} not carried over", stringify!($f)),
                    )));
                }
            };
        }
        case_io::child_kinds!(same);
        Ok(id)
    }
}

/// Insert each record of `recs` under case `id` with a new id; old id →
/// new id.
fn put<T: Child>(
    conn: &Connection,
    id: CaseId,
    recs: &mut [T],
    idf: fn(&mut T) -> &mut Option<RecordId>,
) -> Result<HashMap<RecordId, RecordId>> {
    let mut map = HashMap::new();
    for r in recs.iter_mut() {
        let old = idf(r).take();
        children::save(conn, id, std::slice::from_ref(r))?;
        if let Some(o) = old {
            map.insert(o, conn.last_insert_rowid());
        }
    }
    Ok(map)
}
