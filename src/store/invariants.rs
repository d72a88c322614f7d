//! Domain invariants beyond what `verify` checks in SQL alone: the audit
//! triggers are in place, no action is half-applied (each case's version
//! equals the audit entries that changed it), and the stored deadline rows
//! equal what the rules compute from the case. Used by `shilian verify`
//! and `shilian restore`.

use super::{Result, Store};
use crate::domain::policy::Policy;
use crate::domain::procedure::Procedures;
use crate::i18n::tf;

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

    /// Stored deadline rows against the rules, batch by batch (`verify.rs`).
    fn deadlines(&self, policy: &Policy, procs: &Procedures) -> Result<Vec<String>> {
        super::verify::deadline_problems(&self.conn, policy, procs)
    }
}

fn triggers(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for name in [
        "audit_no_update",
        "audit_no_delete",
        "audit_states_no_update",
        "audit_states_no_delete",
    ] {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )?;
        if n == 0 {
            out.push(tf(
                "store.verify.trigger_missing",
                &[("name", name.to_string())],
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
    let imports = import_ranges(conn)?;
    let mut out = Vec::new();
    for row in rows {
        let (id, version, entries) = row?;
        let imported = imports.iter().filter(|r| r.contains(&id)).count() as i64;
        let entries = entries + imported;
        if version != entries {
            out.push(tf(
                "store.verify.version_entries",
                &[
                    ("case", id.to_string()),
                    ("version", version.to_string()),
                    ("entries", entries.to_string()),
                ],
            ));
        }
    }
    Ok(out)
}

/// Cases created by bulk imports: one audit entry (no case) covers the
/// consecutive ids `first..=last` (see `app::bulk`).
fn import_ranges(conn: &rusqlite::Connection) -> Result<Vec<std::ops::RangeInclusive<i64>>> {
    let mut st = conn.prepare(
        "SELECT json_extract(action, '$.first'), json_extract(action, '$.last') FROM audit
         WHERE case_id IS NULL AND after <> '' AND json_valid(action)
         AND json_extract(action, '$.action') = 'import'",
    )?;
    let rows = st.query_map([], |r| {
        Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
    })?;
    let mut out = Vec::new();
    for r in rows {
        if let (Some(first), Some(last)) = r? {
            out.push(first..=last);
        }
    }
    Ok(out)
}
