//! Domain invariants beyond what `verify` checks in SQL alone: the audit
//! triggers are in place, no action is half-applied (each case's version
//! equals the audit entries that changed it), and the stored deadline rows
//! equal what the rules compute from the case. Used by `shilian verify`
//! and `shilian restore`.

use super::{Result, Store};
use crate::domain::deadline::{self, Deadline};
use crate::domain::policy::Policy;
use crate::domain::procedure::Procedures;
use std::collections::BTreeMap;

/// Audit entries that changed no case (exports, notes) leave `after` empty.
const VERSION_SQL: &str = "SELECT c.id, c.version,
    (SELECT count(*) FROM audit a WHERE a.case_id = c.id AND a.after <> '')
    FROM cases c ORDER BY c.id";

impl Store {
    /// Problems found, as human-readable lines (empty = all hold).
    pub fn check_invariants(&self, policy: &Policy, procs: &Procedures) -> Result<Vec<String>> {
        let mut problems = triggers(&self.conn)?;
        problems.extend(versions(&self.conn)?);
        problems.extend(self.deadlines(policy, procs)?);
        Ok(problems)
    }

    fn deadlines(&self, policy: &Policy, procs: &Procedures) -> Result<Vec<String>> {
        let mut stored: BTreeMap<i64, Vec<Deadline>> = BTreeMap::new();
        for a in self.alerts(None, None, usize::MAX >> 1)? {
            stored.entry(a.deadline.case).or_default().push(a.deadline);
        }
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM cases ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let key = |d: &Deadline| (d.due, d.kind, d.detail.clone(), d.clears.clone());
        let mut out = Vec::new();
        for id in ids {
            let case = self.load_case(id)?;
            let mut want = deadline::compute(&case, policy, procs);
            let mut got = stored.remove(&id).unwrap_or_default();
            want.sort_by_key(key);
            got.sort_by_key(key);
            if got != want {
                out.push(format!(
                    "invariant: case {id} has {} stored deadline(s) but the rules give {}",
                    got.len(),
                    want.len()
                ));
            }
        }
        Ok(out)
    }
}

fn triggers(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for name in ["audit_no_update", "audit_no_delete"] {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        if n == 0 {
            out.push(format!(
                "audit: trigger {name} is missing (the log is no longer append-only)"
            ));
        }
    }
    Ok(out)
}

fn versions(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(VERSION_SQL)?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, entries) = row?;
        if version != entries {
            out.push(format!(
                "invariant: case {id} is at version {version} but the audit log holds \
                 {entries} change(s) for it (half-applied or unrecorded change)"
            ));
        }
    }
    Ok(out)
}
