//! Binding each case's data to the history: every audit entry about a case
//! carries the digest of the case's whole state after it (`digest::state`);
//! a bulk import's one entry carries the digest of a blob holding each
//! imported case's digest (`audit_states`, in id order). `verify` recomputes
//! every case's state and names each case whose data differs from what its
//! latest entry recorded, has no entry, or was deleted.

use super::digest::{self, hex};
use super::{NewAudit, Result, audit};
use crate::domain::model::{Case, CaseId};
use crate::i18n::tf;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// The user a migration's baseline entries are recorded under.
pub const BASELINE_USER: &str = "shilian";
/// The action name of a baseline entry.
pub const BASELINE_ACTION: &str = "baseline";

/// One baseline entry per case with the digest of its current state.
pub fn write_baselines(conn: &Connection, reason: &str) -> Result<u64> {
    let action = serde_json::json!({"action": BASELINE_ACTION, "reason": reason}).to_string();
    let mut n = 0u64;
    let mut after = i64::MIN;
    loop {
        let cases = super::verify::load_batch(conn, after, super::verify::BATCH)?;
        let Some(&hi) = cases.keys().next_back() else {
            break;
        };
        for (id, case) in &cases {
            let entry = NewAudit {
                user: BASELINE_USER.to_string(),
                case: Some(*id),
                action: action.clone(),
                before: String::new(),
                after: String::new(),
            };
            audit::append(conn, &entry, None, Some(&digest::state(case)))?;
            n += 1;
        }
        after = hi;
    }
    Ok(n)
}

/// Record a bulk import's per-case digests under entry `seq`; the entry's
/// own `state` is `blob_digest` of the same bytes.
pub fn record_import(conn: &Connection, seq: i64, blob: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT INTO audit_states (seq, states) VALUES (?1, ?2)")?
        .execute(rusqlite::params![seq, blob])?;
    Ok(())
}

/// The digest a bulk import's entry carries for its blob of digests.
pub fn blob_digest(blob: &[u8]) -> String {
    hex(&Sha256::digest(blob))
}

/// What the audit log says each case's state is: (entry seq, digest).
pub struct Expected {
    by_case: HashMap<CaseId, (i64, [u8; 32])>,
    pub problems: Vec<String>,
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        let pair = std::str::from_utf8(&b[2 * i..2 * i + 2]).ok()?;
        *o = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

/// Scan the log in order: the latest state of each case wins.
pub fn expected(conn: &Connection) -> Result<Expected> {
    let mut e = Expected {
        by_case: HashMap::new(),
        problems: Vec::new(),
    };
    let mut st = conn.prepare(
        "SELECT a.seq, a.case_id, a.state, json_extract(a.action, '$.first'), s.states,
         CASE WHEN a.case_id IS NULL THEN json_extract(a.action, '$.removed_first') END,
         CASE WHEN a.case_id IS NULL THEN json_extract(a.action, '$.removed_last') END
         FROM audit a LEFT JOIN audit_states s ON s.seq = a.seq
         WHERE a.state IS NOT NULL ORDER BY a.seq",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (seq, case, state): (i64, Option<CaseId>, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        match case {
            Some(id) => match unhex(&state) {
                Some(d) => drop(e.by_case.insert(id, (seq, d))),
                None => e
                    .problems
                    .push(tf("store.verify.bad_digest", &[("seq", seq.to_string())])),
            },
            None => {
                let first: Option<CaseId> = r.get(3).ok().flatten();
                let blob: Option<Vec<u8>> = r.get(4)?;
                let removed: (Option<CaseId>, Option<CaseId>) =
                    (r.get(5).ok().flatten(), r.get(6).ok().flatten());
                if let (Some(lo), Some(hi)) = removed {
                    // A compiled database's slice replaced whole: its old
                    // cases left by this entry (`store::compiled`).
                    e.by_case.retain(|id, _| !(lo..=hi).contains(id));
                }
                e.import(seq, first, blob.as_deref(), &state);
            }
        }
    }
    Ok(e)
}

impl Expected {
    fn import(&mut self, seq: i64, first: Option<CaseId>, blob: Option<&[u8]>, state: &str) {
        if first.is_none() && blob == Some(&[][..]) && blob_digest(&[]) == state {
            // A slice of no cases (a unit with nobody left to reach).
            return;
        }
        let (Some(first), Some(blob)) = (first, blob) else {
            self.problems.push(tf(
                "store.verify.import_digests_missing",
                &[("seq", seq.to_string())],
            ));
            return;
        };
        if blob_digest(blob) != state || blob.len() % 32 != 0 {
            self.problems.push(tf(
                "store.verify.import_digests_changed",
                &[("seq", seq.to_string())],
            ));
            return;
        }
        for (i, d) in blob.chunks_exact(32).enumerate() {
            let mut a = [0u8; 32];
            a.copy_from_slice(d);
            self.by_case.insert(first + i as CaseId, (seq, a));
        }
    }

    /// Compare a batch of cases (as loaded) with what the log recorded.
    pub fn check(&mut self, cases: &BTreeMap<CaseId, Case>, out: &mut Vec<String>) {
        for (id, case) in cases {
            match self.by_case.remove(id) {
                None => out.push(tf("store.verify.no_state", &[("case", id.to_string())])),
                Some((seq, d)) if d != digest::state_bytes(case) => out.push(tf(
                    "store.verify.state_differs",
                    &[("case", id.to_string()), ("seq", seq.to_string())],
                )),
                Some(_) => {}
            }
        }
    }

    /// Cases the log records that are no longer in the database.
    pub fn missing(self, out: &mut Vec<String>) {
        let mut left: Vec<(CaseId, i64)> =
            self.by_case.into_iter().map(|(c, (s, _))| (c, s)).collect();
        left.sort();
        for (id, seq) in left {
            out.push(tf(
                "store.verify.case_missing",
                &[("case", id.to_string()), ("seq", seq.to_string())],
            ));
        }
    }
}
