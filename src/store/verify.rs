//! Checking a database (integrity, foreign keys, invariants, the audit hash
//! chain) and copying it online.

use super::audit::{Link, hash};
use super::case_io::{MEMBER_COLS, read_case};
use super::children::Child;
use super::codec::date_text;
use super::{Result, StoreError, VerifyReport};
use crate::domain::deadline;
use crate::domain::model::{Case, CaseId};
use crate::domain::policy::Policy;
use crate::domain::procedure::Procedures;
use crate::i18n::{t, tf};
use anyhow::Context;
use rusqlite::{Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Invariants expressible in SQL: (description, query counting violations).
const INVARIANTS: &[(&str, &str)] = &[
    (
        "store.verify.open_tracks",
        "SELECT count(*) FROM (SELECT case_id FROM tracks WHERE closed IS NULL
         GROUP BY case_id HAVING count(*) > 1)",
    ),
    (
        "store.verify.items_track",
        "SELECT count(*) FROM items i JOIN tracks t ON t.id = i.track_id
         WHERE t.case_id <> i.case_id",
    ),
    (
        "store.verify.decisions_track",
        "SELECT count(*) FROM decisions d JOIN tracks t ON t.id = d.track_id
         WHERE t.case_id <> d.case_id",
    ),
    (
        "store.verify.version_below_one",
        "SELECT count(*) FROM cases WHERE version < 1",
    ),
    (
        "store.verify.next_due",
        "SELECT count(*) FROM cases c WHERE c.next_due IS NOT
         (SELECT min(due) FROM deadlines d WHERE d.case_id = c.id
          AND d.kind <> 'becomes_lost')",
    ),
    (
        "store.verify.deadline_committee",
        "SELECT count(*) FROM deadlines d JOIN cases c ON c.id = d.case_id
         WHERE d.committee IS NOT c.committee",
    ),
];

/// Page cache while checking: the integrity check walks every index of the
/// file and re-reads pages a 2 MB cache has dropped (1M cases: 68 s → 53 s).
const CHECK_CACHE_KIB: i64 = 256 * 1024;

pub fn verify(conn: &Connection, receipt: Option<&str>) -> Result<VerifyReport> {
    let mut rep = VerifyReport::default();
    let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.execute_batch(&format!("PRAGMA cache_size = -{CHECK_CACHE_KIB}"))?;
    let msgs = integrity_messages(conn);
    conn.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    let msgs = msgs?;
    rep.integrity_ok = msgs.len() == 1 && msgs[0] == "ok";
    if !rep.integrity_ok {
        rep.problems.extend(
            msgs.into_iter()
                .map(|m| tf("store.verify.integrity", &[("detail", m)])),
        );
    }
    let mut st = conn.prepare("PRAGMA foreign_key_check")?;
    let fks: Vec<(String, i64, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rep.foreign_keys_ok = fks.is_empty();
    for (table, row, parent) in fks {
        rep.problems.push(tf(
            "store.verify.foreign_key",
            &[
                ("table", table),
                ("row", row.to_string()),
                ("parent", parent),
            ],
        ));
    }
    for (what, sql) in INVARIANTS {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
        if n > 0 {
            let args = [("n", n.to_string()), ("what", t(what).to_string())];
            rep.problems.push(tf("store.verify.invariant", &args));
        }
    }
    chain_report(conn, receipt, &mut rep)?;
    Ok(rep)
}

fn integrity_messages(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let msgs = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(msgs)
}

/// What walking the chain found.
#[derive(Default)]
struct Chain {
    /// First seq that does not link.
    broken_at: Option<i64>,
    /// Entries carrying a MAC, and the first whose MAC the key does not give.
    macs: u64,
    bad_mac: Option<i64>,
    /// The last entry: seq, hash, whether it carries a MAC.
    head: Option<(i64, String, bool)>,
}

/// Recompute the chain from the first row (and, with a key, every MAC).
fn check_chain(conn: &Connection, key: Option<&[u8]>) -> Result<Chain> {
    let mut st = conn.prepare(
        "SELECT seq, at, user, case_id, action, before, after, prev_hash, hash, corrects,
         state, mac FROM audit ORDER BY seq",
    )?;
    let mut rows = st.query([])?;
    let mut c = Chain::default();
    let (mut prev_seq, mut prev_hash) = (0i64, String::new());
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let (at, user): (String, String) = (r.get(1)?, r.get(2)?);
        let case: Option<i64> = r.get(3)?;
        let (action, before, after): (String, String, String) = (r.get(4)?, r.get(5)?, r.get(6)?);
        let (stored_prev, stored): (String, String) = (r.get(7)?, r.get(8)?);
        let corrects: Option<i64> = r.get(9)?;
        let (state, mac): (Option<String>, Option<String>) = (r.get(10)?, r.get(11)?);
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
            state: state.as_deref(),
        });
        if c.broken_at.is_none()
            && (seq != prev_seq + 1 || stored_prev != prev_hash || stored != expect)
        {
            c.broken_at = Some(seq);
        }
        if let Some(m) = &mac {
            c.macs += 1;
            if let Some(k) = key
                && c.bad_mac.is_none()
                && super::digest::mac(k, stored.as_bytes()) != *m
            {
                c.bad_mac = Some(seq);
            }
        }
        c.head = Some((seq, stored.clone(), mac.is_some()));
        (prev_seq, prev_hash) = (seq, stored);
    }
    Ok(c)
}

/// The chain's problems and notes into the report: a broken link; with a
/// key, a wrong MAC or a head without one (a rewritten or forged tail);
/// with a receipt, a head it names that is gone or different.
fn chain_report(conn: &Connection, receipt: Option<&str>, rep: &mut VerifyReport) -> Result<()> {
    let key = super::digest::key();
    let c = check_chain(conn, key.as_deref())?;
    rep.chain_broken_at = c.broken_at;
    if let Some(seq) = c.broken_at {
        rep.problems
            .push(tf("store.verify.chain_broken", &[("seq", seq.to_string())]));
    }
    if let Some(seq) = c.bad_mac {
        rep.problems
            .push(tf("store.verify.bad_mac", &[("seq", seq.to_string())]));
    }
    match (&key, &c.head) {
        (Some(_), Some((seq, _, false))) => rep
            .problems
            .push(tf("store.verify.head_no_mac", &[("seq", seq.to_string())])),
        (None, _) if c.macs > 0 => rep.notes.push(tf(
            "store.verify.macs_unchecked",
            &[("n", c.macs.to_string())],
        )),
        _ => {}
    }
    rep.receipt = c
        .head
        .as_ref()
        .map(|(s, h, _)| super::digest::receipt(*s, h));
    if let Some(r) = receipt {
        check_receipt(conn, r, &c, rep)?;
    }
    Ok(())
}

/// The chain still extends the head a receipt names.
fn check_receipt(conn: &Connection, r: &str, c: &Chain, rep: &mut VerifyReport) -> Result<()> {
    let Some((seq, prefix)) = super::digest::parse_receipt(r) else {
        // Shown quoted and escaped: it is what the user typed.
        let shown = format!("{r:?}");
        rep.problems
            .push(tf("store.verify.not_a_receipt", &[("receipt", shown)]));
        return Ok(());
    };
    let last = c.head.as_ref().map_or(0, |h| h.0);
    let stored: Option<String> = conn
        .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |row| {
            row.get(0)
        })
        .optional()?;
    match stored {
        None => rep.problems.push(tf(
            "store.verify.receipt_cut",
            &[("last", last.to_string()), ("seq", seq.to_string())],
        )),
        Some(h) if !h.starts_with(&prefix) => rep.problems.push(tf(
            "store.verify.receipt_rewritten",
            &[("seq", seq.to_string())],
        )),
        Some(_) => rep.notes.push(tf(
            "store.verify.receipt_holds",
            &[("receipt", r.to_string()), ("seq", seq.to_string())],
        )),
    }
    Ok(())
}

/// Cases per batch when the stored deadlines are checked against the rules.
pub(super) const BATCH: i64 = 2000;

/// A deadline as stored: kind code, due date, clearing action, detail.
type Row4 = (String, String, String, String);

/// Every case's stored deadline rows against what the rules compute from
/// the case, in batches of cases in id order: each batch loads its cases,
/// each record kind and the stored deadlines with one range query apiece
/// (not a dozen queries per case), so memory stays flat and time linear.
pub fn deadline_problems(
    conn: &Connection,
    policy: &Policy,
    procs: &Procedures,
) -> Result<Vec<String>> {
    deadline_problems_by(conn, policy, procs, BATCH)
}

fn deadline_problems_by(
    conn: &Connection,
    policy: &Policy,
    procs: &Procedures,
    batch: i64,
) -> Result<Vec<String>> {
    let mut expected = super::states::expected(conn)?;
    let mut out = std::mem::take(&mut expected.problems);
    let campaigns = super::lookback::campaigns(conn)?;
    let mut after = i64::MIN;
    loop {
        let cases = load_batch(conn, after, batch)?;
        let (Some(&lo), Some(&hi)) = (cases.keys().next(), cases.keys().next_back()) else {
            break;
        };
        expected.check(&cases, &mut out);
        let mut stored = stored_deadlines(conn, lo, hi)?;
        for (id, case) in &cases {
            let mut want: Vec<Row4> = deadline::compute(case, policy, procs, &campaigns)
                .iter()
                .map(|d| {
                    let due = date_text(d.due);
                    (
                        d.kind.code().to_string(),
                        due,
                        d.clears.clone(),
                        d.detail.clone(),
                    )
                })
                .collect();
            let mut got = stored.remove(id).unwrap_or_default();
            want.sort();
            got.sort();
            if got != want {
                out.push(tf(
                    "store.verify.deadline_rows",
                    &[
                        ("case", id.to_string()),
                        ("got", got.len().to_string()),
                        ("want", want.len().to_string()),
                    ],
                ));
            }
        }
        after = hi;
    }
    expected.missing(&mut out);
    Ok(out)
}

/// Up to `batch` whole cases (with every record) with id above `after`.
pub(super) fn load_batch(
    conn: &Connection,
    after: i64,
    batch: i64,
) -> Result<BTreeMap<CaseId, Case>> {
    let mut cases = case_batch(conn, after, batch)?;
    if let (Some(&lo), Some(&hi)) = (cases.keys().next(), cases.keys().next_back()) {
        load_records(conn, lo, hi, &mut cases)?;
    }
    Ok(cases)
}

/// Up to `batch` cases with id above `after`, without their records.
fn case_batch(conn: &Connection, after: i64, batch: i64) -> Result<BTreeMap<CaseId, Case>> {
    let sql = format!(
        "SELECT id, version, {} FROM cases WHERE id > ?1 ORDER BY id LIMIT ?2",
        MEMBER_COLS.join(", ")
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([after, batch], read_case)?;
    let mut out = BTreeMap::new();
    for c in rows {
        let c = c?;
        out.insert(c.id, c);
    }
    Ok(out)
}

/// Fill every record kind of the cases `lo..=hi` (all present in `cases`).
fn load_records(
    conn: &Connection,
    lo: CaseId,
    hi: CaseId,
    cases: &mut BTreeMap<CaseId, Case>,
) -> Result<()> {
    macro_rules! one {
        ($f:ident) => {
            fill(conn, lo, hi, cases, |c| &mut c.$f)?;
        };
    }
    super::case_io::child_kinds!(one);
    for (case, review, c) in super::lookback::criteria_in(conn, lo, hi)? {
        if let Some(k) = cases.get_mut(&case) {
            super::lookback::attach(&mut k.reviews, review, c);
        }
    }
    Ok(())
}

/// One kind's records of cases `lo..=hi`, in the order `load_case` gives.
fn fill<T: Child>(
    conn: &Connection,
    lo: CaseId,
    hi: CaseId,
    cases: &mut BTreeMap<CaseId, Case>,
    field: fn(&mut Case) -> &mut Vec<T>,
) -> Result<()> {
    let sql = format!(
        "SELECT id, {}, case_id FROM {} WHERE case_id BETWEEN ?1 AND ?2
         ORDER BY case_id, {}, id",
        T::COLS.join(", "),
        T::TABLE,
        T::ORDER
    );
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query([lo, hi])?;
    while let Some(r) = rows.next()? {
        let case: CaseId = r.get(T::COLS.len() + 1)?;
        if let Some(c) = cases.get_mut(&case) {
            field(c).push(T::read(r)?);
        }
    }
    Ok(())
}

fn stored_deadlines(
    conn: &Connection,
    lo: CaseId,
    hi: CaseId,
) -> Result<HashMap<CaseId, Vec<Row4>>> {
    let mut st = conn.prepare_cached(
        "SELECT case_id, kind, due, clears, detail FROM deadlines WHERE case_id BETWEEN ?1 AND ?2",
    )?;
    let mut rows = st.query([lo, hi])?;
    let mut out: HashMap<CaseId, Vec<Row4>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let row = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        out.entry(r.get(0)?).or_default().push(row);
    }
    Ok(out)
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
    // A rollback-journal copy: readable and verifiable from read-only
    // media (a WAL file needs its -shm beside it); shilian switches it back
    // to WAL when it opens it for writing.
    out.execute_batch("PRAGMA journal_mode = DELETE")
        .map_err(StoreError::from)?;
    out.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::deadline_problems_by;
    use crate::app::Workspace;
    use crate::domain::policy::Policy;
    use crate::domain::procedure::Procedures;

    #[test]
    fn batches_of_any_size_find_exactly_the_case_whose_deadlines_were_changed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (policy, procs) = (Policy::embedded(), Procedures::embedded());
        let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("date");
        let mut ws =
            Workspace::open(&dir.path().join("v.db"), policy.clone(), procs.clone()).expect("open");
        crate::demo::generate(&mut ws, 30, today).expect("demo");
        let conn = &ws.store().conn;
        let check = |batch| deadline_problems_by(conn, &policy, &procs, batch).expect("check");
        for batch in [1, 4, 7, 2000] {
            assert_eq!(check(batch), Vec::<String>::new(), "batch {batch}");
        }
        let (case, n): (i64, i64) = conn
            .query_row(
                "SELECT case_id, count(*) FROM deadlines GROUP BY case_id
                 ORDER BY case_id LIMIT 1 OFFSET 9",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("a case with deadlines");
        conn.execute(
            "UPDATE deadlines SET due = '2001-01-01' WHERE case_id = ?1",
            [case],
        )
        .expect("tamper");
        for batch in [1, 4, 7, 2000] {
            let p = check(batch);
            assert_eq!(p.len(), 1, "batch {batch}: {p:?}");
            assert!(p[0].contains(&format!("档案 {case} 存有 {n} 条")), "{p:?}");
        }
    }
}
