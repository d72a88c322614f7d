//! A compiled database (汇总库, issue 16): the department's file made of the
//! register bundles of its units. Each unit's slice is a run of consecutive
//! case ids loaded from one bundle; its provenance (unit, export time, the
//! unit's audit chain head, the bundle's digest) is kept in `meta` under
//! `slice:<unit>` as JSON, and `meta.compiled` marks the file. Replacing a
//! slice removes its cases (records, deadlines, n-grams; the count triggers
//! follow) in the transaction that loads the new one; ids are never reused
//! (`compiled_next_id` keeps the high-water mark), so a bulk entry's
//! `first..=last` names only the cases it loaded.

use super::{Result, Store, Tx, grams};
use crate::domain::model::CaseId;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// Meta key marking a compiled database.
pub const COMPILED: &str = "compiled";
/// Meta key of the next case id a slice may take.
const NEXT_ID: &str = "compiled_next_id";
const SLICE_PREFIX: &str = "slice:";

/// One unit's slice and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slice {
    pub unit: String,
    /// register or all.
    pub kind: String,
    /// The unit's export time (UTC, as the bundle says).
    pub exported_at: String,
    /// The unit's audit chain head at export (receipt `SEQ-HASH16`).
    pub chain_head: Option<String>,
    /// The head's full hash.
    pub chain_hash: Option<String>,
    /// The bundle's content digest (sha256 hex).
    pub digest: String,
    pub first: Option<CaseId>,
    pub last: Option<CaseId>,
    pub cases: u64,
    /// When this database loaded it, and the audit entry recording it.
    pub imported_at: String,
    pub audit_seq: i64,
}

fn slices(conn: &Connection) -> Result<Vec<Slice>> {
    let mut st =
        conn.prepare_cached("SELECT value FROM meta WHERE key >= ?1 AND key < ?2 ORDER BY key")?;
    let rows = st.query_map(["slice:", "slice;"], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for v in rows {
        // A row that does not parse is shown as nothing rather than
        // failing every read of the file; `verify` still sees the cases.
        if let Ok(s) = serde_json::from_str::<Slice>(&v?) {
            out.push(s);
        }
    }
    Ok(out)
}

fn case_total(conn: &Connection) -> Result<u64> {
    let n: i64 = conn.query_row("SELECT coalesce(sum(n), 0) FROM status_counts", [], |r| {
        r.get(0)
    })?;
    Ok(n.max(0) as u64)
}

impl Store {
    /// Whether this file is a compiled database (read-only to case work).
    pub fn is_compiled(&self) -> Result<bool> {
        Ok(self.meta_get(COMPILED)?.is_some())
    }

    /// The slices loaded, by unit.
    pub fn slices(&self) -> Result<Vec<Slice>> {
        slices(&self.conn)
    }

    /// Cases in the file (from the kept status counts).
    pub fn case_total(&self) -> Result<u64> {
        case_total(&self.conn)
    }

    /// The audit chain's head: seq and full hash (None for an empty log).
    pub fn chain_head(&self) -> Result<Option<(i64, String)>> {
        Ok(super::audit::head(&self.conn)?.map(|(s, h, _)| (s, h)))
    }
}

impl Tx<'_> {
    pub fn is_compiled(&self) -> Result<bool> {
        Ok(self.meta_get(COMPILED)?.is_some())
    }

    pub fn mark_compiled(&self) -> Result<()> {
        self.meta_set(COMPILED, "1")
    }

    pub fn case_total(&self) -> Result<u64> {
        case_total(&self.tx)
    }

    pub fn slice(&self, unit: &str) -> Result<Option<Slice>> {
        let v = self.meta_get(&format!("{SLICE_PREFIX}{unit}"))?;
        Ok(v.and_then(|v| serde_json::from_str(&v).ok()))
    }

    pub fn set_slice(&self, s: &Slice) -> Result<()> {
        let v = serde_json::to_string(s).map_err(|e| {
            super::StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
        })?;
        self.meta_set(&format!("{SLICE_PREFIX}{}", s.unit), &v)
    }

    /// The lowest id the next slice may take (never one a removed slice had).
    pub fn slice_floor(&self) -> Result<CaseId> {
        let max: CaseId =
            self.tx
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM cases", [], |r| {
                    r.get(0)
                })?;
        let kept = self
            .meta_get(NEXT_ID)?
            .and_then(|v| v.parse::<CaseId>().ok())
            .unwrap_or(1);
        Ok(max.max(kept))
    }

    pub fn set_slice_floor(&self, next: CaseId) -> Result<()> {
        self.meta_set(NEXT_ID, &next.to_string())
    }

    /// Remove the cases `lo..=hi` with every record, deadline and n-gram
    /// (the count triggers take them out of the kept counters). References
    /// between records are checked at commit. Returns the cases removed.
    pub fn remove_cases(&self, lo: CaseId, hi: CaseId) -> Result<u64> {
        let conn: &Connection = &self.tx;
        conn.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        {
            let mut st = conn.prepare(
                "SELECT id, name, branch, id_number FROM cases WHERE id BETWEEN ?1 AND ?2",
            )?;
            let mut rows = st.query([lo, hi])?;
            while let Some(r) = rows.next()? {
                let id: CaseId = r.get(0)?;
                let (n, b, i): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
                grams::remove(conn, id, &grams::grams_of(&n, &b, &i))?;
            }
        }
        let tables: Vec<String> = conn
            .prepare(
                "SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND p.name = 'case_id'
                 AND m.name NOT IN ('audit', 'grams')",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for t in tables {
            conn.execute(
                &format!(
                    "DELETE FROM \"{}\" WHERE case_id BETWEEN ?1 AND ?2",
                    t.replace('"', "\"\"")
                ),
                [lo, hi],
            )?;
        }
        let n = conn.execute("DELETE FROM cases WHERE id BETWEEN ?1 AND ?2", [lo, hi])?;
        Ok(n as u64)
    }

    /// ID numbers held by more than one case (at most `limit` of them),
    /// each with its cases in id order: what failed a compiled import's
    /// unique index. A full scan: only for naming the refusal.
    pub fn repeated_id_numbers(&self, limit: usize) -> Result<Vec<(String, Vec<CaseId>)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut st = self.tx.prepare(
            "SELECT id_number, id FROM cases WHERE id_number IN
             (SELECT id_number FROM cases GROUP BY id_number HAVING count(*) > 1 LIMIT ?1)
             ORDER BY id_number, id",
        )?;
        let rows = st.query_map([limit], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        let mut out: Vec<(String, Vec<CaseId>)> = Vec::new();
        for row in rows {
            let (n, id) = row?;
            match out.last_mut() {
                Some((last, ids)) if *last == n => ids.push(id),
                _ => out.push((n, vec![id])),
            }
        }
        Ok(out)
    }

    /// The case holding `id_number`, if any.
    pub fn holder(&self, id_number: &str) -> Result<Option<CaseId>> {
        Ok(super::case_io::by_id_number(&self.tx, id_number)?.map(|(id, _)| id))
    }

    /// The unit whose slice holds case `id`, if any.
    pub fn slice_of(&self, id: CaseId) -> Result<Option<Slice>> {
        Ok(slices(&self.tx)?
            .into_iter()
            .find(|s| matches!((s.first, s.last), (Some(a), Some(b)) if (a..=b).contains(&id))))
    }
}
