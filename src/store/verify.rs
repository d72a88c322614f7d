//! Checking a database (integrity, foreign keys, invariants, the audit hash
//! chain) and copying it online.

use super::audit::{Link, hash};
use super::{Result, StoreError, VerifyReport};
use anyhow::Context;
use rusqlite::Connection;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Invariants expressible in SQL: (description, query counting violations).
const INVARIANTS: &[(&str, &str)] = &[
    (
        "cases with more than one open track",
        "SELECT count(*) FROM (SELECT case_id FROM tracks WHERE closed IS NULL
         GROUP BY case_id HAVING count(*) > 1)",
    ),
    (
        "checklist items pointing at another case's track",
        "SELECT count(*) FROM items i JOIN tracks t ON t.id = i.track_id
         WHERE t.case_id <> i.case_id",
    ),
    (
        "decisions pointing at another case's track",
        "SELECT count(*) FROM decisions d JOIN tracks t ON t.id = d.track_id
         WHERE t.case_id <> d.case_id",
    ),
    (
        "cases with a version below 1",
        "SELECT count(*) FROM cases WHERE version < 1",
    ),
    (
        "cases whose next deadline disagrees with their deadline rows",
        "SELECT count(*) FROM cases c WHERE c.next_due IS NOT
         (SELECT min(due) FROM deadlines d WHERE d.case_id = c.id)",
    ),
];

pub fn verify(conn: &Connection) -> Result<VerifyReport> {
    let mut rep = VerifyReport::default();
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let msgs: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    rep.integrity_ok = msgs.len() == 1 && msgs[0] == "ok";
    if !rep.integrity_ok {
        rep.problems
            .extend(msgs.into_iter().map(|m| format!("integrity: {m}")));
    }
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let fks: Vec<(String, i64, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rep.foreign_keys_ok = fks.is_empty();
    for (table, row, parent) in fks {
        rep.problems
            .push(format!("foreign key: {table} row {row} has no {parent}"));
    }
    for (what, sql) in INVARIANTS {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        if n > 0 {
            rep.problems.push(format!("invariant: {n} {what}"));
        }
    }
    rep.chain_broken_at = check_chain(conn)?;
    if let Some(seq) = rep.chain_broken_at {
        rep.problems.push(format!(
            "audit: hash chain broken at entry {seq} (changed, removed or inserted rows)"
        ));
    }
    Ok(rep)
}

/// Recompute the chain from the first row; the first seq that does not link.
fn check_chain(conn: &Connection) -> Result<Option<i64>> {
    let mut st = conn.prepare(
        "SELECT seq, at, user, case_id, action, before, after, prev_hash, hash, corrects
         FROM audit ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    let (mut prev_seq, mut prev_hash) = (0i64, String::new());
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let (at, user): (String, String) = (r.get(1)?, r.get(2)?);
        let case: Option<i64> = r.get(3)?;
        let (action, before, after): (String, String, String) = (r.get(4)?, r.get(5)?, r.get(6)?);
        let (stored_prev, stored): (String, String) = (r.get(7)?, r.get(8)?);
        let corrects: Option<i64> = r.get(9)?;
        let expect = hash(&Link {
            prev_hash: &prev_hash,
            seq,
            at: &at,
            user: &user,
            case,
            action: &action,
            before: &before,
            after: &after,
            corrects,
        });
        if seq != prev_seq + 1 || stored_prev != prev_hash || stored != expect {
            return Ok(Some(seq));
        }
        (prev_seq, prev_hash) = (seq, stored);
    }
    Ok(None)
}

/// Copy the open database to a new file `dest` (mode 0600) with SQLite's
/// online backup, which stays consistent while others write.
pub fn backup(conn: &Connection, dest: &Path) -> anyhow::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dest)
        .with_context(|| format!("cannot create backup file {}", dest.display()))?;
    let mut out = Connection::open(dest).map_err(StoreError::from)?;
    {
        let b = rusqlite::backup::Backup::new(conn, &mut out).map_err(StoreError::from)?;
        b.run_to_completion(256, std::time::Duration::from_millis(5), None)
            .map_err(StoreError::from)
            .with_context(|| format!("backup to {} failed", dest.display()))?;
    }
    out.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}
