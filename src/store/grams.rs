//! The n-gram index behind the roster's free-text search. Chinese names are
//! mostly 2-3 characters, which FTS5's trigram tokenizer cannot match, so we
//! keep our own posting lists: every 1- and 2-character substring of name and
//! branch, and every 2-character substring of the ID number (lower-cased).
//! Runs of ASCII letters and digits (ID numbers) also keep their 4-grams and
//! their last 3 characters (schema 12), so a term of 3 or 4 such characters
//! is found exactly from the index.
//! `gram_stats` (kept by triggers) holds each posting list's length.

use super::Result;
use crate::domain::model::CaseId;
use rusqlite::{Connection, OptionalExtension};
use std::collections::BTreeSet;

/// Lower-case a text for indexing and matching (ASCII only, like SQLite's `lower`).
pub fn norm(s: &str) -> Vec<char> {
    s.chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn bigrams(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    chars.windows(2).map(|w| w.iter().collect())
}

/// Length of the grams kept for runs of ASCII letters and digits (ID numbers).
pub const LONG: usize = 4;

/// Whether a term is matched through its `LONG`-grams: ASCII letters and
/// digits only, at least `LONG` of them.
pub fn is_long(term: &[char]) -> bool {
    term.len() >= LONG && term.iter().all(char::is_ascii_alphanumeric)
}

/// The `LONG`-grams of every maximal ASCII letter/digit run of a field. A
/// long term found in a field lies inside one such run, so its rarest
/// `LONG`-gram's posting list holds every match.
fn long_grams(chars: &[char], out: &mut BTreeSet<String>) {
    each_long(chars, &mut |w| {
        out.insert(w.iter().collect());
    });
}

/// Length of the one gram kept at the end of each ASCII run (schema 12).
/// Every 3 characters of a run are the start of one of its `LONG`-grams or
/// its last 3, so a 3-character term's matches are exactly the cases on the
/// posting lists of the grams that start with it (`prefix_range`).
pub const TAIL: usize = 3;

/// The maximal ASCII letter/digit runs of a field (some empty).
fn runs(chars: &[char]) -> impl Iterator<Item = &[char]> {
    chars.split(|c| !c.is_ascii_alphanumeric())
}

/// The last `TAIL` characters of a run, if it has that many.
fn tail(run: &[char]) -> Option<&[char]> {
    run.len().checked_sub(TAIL).map(|k| &run[k..])
}

fn each_long(chars: &[char], f: &mut impl FnMut(&[char])) {
    for run in runs(chars) {
        run.windows(LONG).for_each(&mut *f);
        if let Some(t) = tail(run) {
            f(t);
        }
    }
}

/// Whether a term is exactly `TAIL` ASCII letters and digits (found through
/// the grams that start with it).
pub fn is_tail(term: &[char]) -> bool {
    term.len() == TAIL && term.iter().all(char::is_ascii_alphanumeric)
}

/// The gram range `[from, to)` holding every gram that starts with `term`
/// (ASCII letters and digits: the next character up never overflows).
pub fn prefix_range(term: &[char]) -> Option<(String, String)> {
    let (last, head) = term.split_last()?;
    let next = char::from_u32(u32::from(*last) + 1)?;
    let to: String = head.iter().chain(std::iter::once(&next)).collect();
    Some((term.iter().collect(), to))
}

/// Schema 12: add the tail gram of every ASCII run of every existing case,
/// in key order (inserted in case order, each row went to another part of
/// the index: a 1M-case file took over 5 minutes).
pub fn backfill_tails(conn: &Connection) -> Result<()> {
    let mut pairs: Vec<([u8; TAIL], CaseId)> = vec![];
    let mut st = conn.prepare("SELECT id, name, branch, id_number FROM cases")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: CaseId = r.get(0)?;
        for col in 1..=3 {
            let text: String = r.get(col)?;
            for t in runs(&norm(&text)).filter_map(tail) {
                let mut packed = [0u8; TAIL];
                for (b, c) in packed.iter_mut().zip(t) {
                    *b = *c as u8; // ASCII: a run holds nothing else
                }
                pairs.push((packed, id));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let mut ins =
        conn.prepare_cached("INSERT OR IGNORE INTO grams (gram, case_id) VALUES (?1, ?2)")?;
    for (packed, id) in pairs {
        let g = std::str::from_utf8(&packed).unwrap_or_default();
        ins.execute(rusqlite::params![g, id])?;
    }
    Ok(())
}

/// Call `f` with every gram indexed for a case (a gram may come twice):
/// 1- and 2-character grams of name and branch, bigrams of the ID number,
/// and the `LONG`-grams and `TAIL` gram of every ASCII letter/digit run of
/// the three.
pub fn each_gram(name: &str, branch: &str, id_number: &str, mut f: impl FnMut(&[char])) {
    for field in [name, branch] {
        let chars = norm(field);
        chars.chunks(1).for_each(&mut f);
        chars.windows(2).for_each(&mut f);
        each_long(&chars, &mut f);
    }
    let id = norm(id_number);
    id.windows(2).for_each(&mut f);
    each_long(&id, &mut f);
}

/// Every gram indexed for a case.
pub fn grams_of(name: &str, branch: &str, id_number: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    each_gram(name, branch, id_number, |g| {
        out.insert(g.iter().collect());
    });
    out
}

/// Schema 3: add the `LONG`-grams of every existing case.
pub fn backfill_long(conn: &Connection) -> Result<()> {
    let mut st = conn.prepare("SELECT id, name, branch, id_number FROM cases")?;
    let mut rows = st.query([])?;
    let mut ins =
        conn.prepare_cached("INSERT OR IGNORE INTO grams (gram, case_id) VALUES (?1, ?2)")?;
    while let Some(r) = rows.next()? {
        let id: CaseId = r.get(0)?;
        let mut long = BTreeSet::new();
        for col in 1..=3 {
            let text: String = r.get(col)?;
            long_grams(&norm(&text), &mut long);
        }
        for g in long {
            ins.execute(rusqlite::params![g, id])?;
        }
    }
    Ok(())
}

pub fn add(conn: &Connection, case: CaseId, grams: &BTreeSet<String>) -> Result<()> {
    let mut st =
        conn.prepare_cached("INSERT OR IGNORE INTO grams (gram, case_id) VALUES (?1, ?2)")?;
    for g in grams {
        st.execute(rusqlite::params![g, case])?;
    }
    Ok(())
}

pub fn remove(conn: &Connection, case: CaseId, grams: &BTreeSet<String>) -> Result<()> {
    let mut st = conn.prepare_cached("DELETE FROM grams WHERE gram = ?1 AND case_id = ?2")?;
    for g in grams {
        st.execute(rusqlite::params![g, case])?;
    }
    Ok(())
}

/// Whether a term's posting lists are exactly its match set: one
/// character, two characters, exactly `TAIL` or `LONG` ASCII letters and
/// digits.
pub fn is_exact(term: &[char]) -> bool {
    term.len() <= 2 || is_tail(term) || (is_long(term) && term.len() == LONG)
}

/// Where a term's candidates are read from: one posting list, or the union
/// of the lists of every gram in `[from, to)` (a `TAIL` term; a case may be
/// on several of them).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Gram(String),
    Prefix(String, String),
}

/// Every key a field matching `term` must hold, with its posting-list
/// length (for a `Prefix`, the lists' total: at least the cases on them),
/// rarest first: the term itself when it is one character, the grams that
/// start with it when it is a `TAIL` term, its `LONG`-grams when it is a
/// long ASCII term, else its bigrams.
pub fn ranked(conn: &Connection, term: &[char]) -> Result<Vec<(Key, u64)>> {
    if is_tail(term)
        && let Some((from, to)) = prefix_range(term)
    {
        let n: i64 = conn
            .prepare_cached(
                "SELECT coalesce(sum(n), 0) FROM gram_stats WHERE gram >= ?1 AND gram < ?2",
            )?
            .query_row([&from, &to], |r| r.get(0))?;
        return Ok(vec![(Key::Prefix(from, to), n.max(0) as u64)]);
    }
    let grams: BTreeSet<String> = if term.len() == 1 {
        BTreeSet::from([term[0].to_string()])
    } else if is_long(term) {
        term.windows(LONG).map(|w| w.iter().collect()).collect()
    } else {
        bigrams(term).collect()
    };
    let mut st = conn.prepare_cached("SELECT n FROM gram_stats WHERE gram = ?1")?;
    let mut out = Vec::with_capacity(grams.len());
    for g in grams {
        let n: i64 = st.query_row([&g], |r| r.get(0)).optional()?.unwrap_or(0);
        out.push((Key::Gram(g), n.max(0) as u64));
    }
    out.sort_by_key(|(_, n)| *n);
    Ok(out)
}

/// The number of cases matching a single exact term (`is_exact`), or
/// `cap + 1` when there are more than `cap`.
pub fn exact_count(conn: &Connection, term: &[char], cap: Option<u64>) -> Result<u64> {
    let Some((key, n)) = ranked(conn, term)?.into_iter().next() else {
        return Ok(0);
    };
    let (from, to) = match key {
        Key::Gram(_) => return Ok(cap.map_or(n, |c| n.min(c.saturating_add(1)))),
        Key::Prefix(from, to) => (from, to),
    };
    // The lists of a range may share cases: count each once, and stop
    // reading once past the cap.
    let limit = cap.map_or(-1, |c| c.saturating_add(1).min(i64::MAX as u64) as i64);
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT DISTINCT case_id FROM grams
             WHERE gram >= ?1 AND gram < ?2 LIMIT ?3)",
        )?
        .query_row(rusqlite::params![from, to, limit], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}
