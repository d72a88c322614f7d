//! The n-gram index behind the roster's free-text search. Chinese names are
//! mostly 2-3 characters, which FTS5's trigram tokenizer cannot match, so we
//! keep our own posting lists: every 1- and 2-character substring of name and
//! branch, and every 2-character substring of the ID number (lower-cased).
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

fn each_long(chars: &[char], f: &mut impl FnMut(&[char])) {
    for run in chars.split(|c| !c.is_ascii_alphanumeric()) {
        run.windows(LONG).for_each(&mut *f);
    }
}

/// Call `f` with every gram indexed for a case (a gram may come twice):
/// 1- and 2-character grams of name and branch, bigrams of the ID number,
/// and the `LONG`-grams of every ASCII letter/digit run of the three.
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

/// Whether a term's posting list is exactly its match set: one character,
/// two characters, or exactly `LONG` ASCII letters and digits.
pub fn is_exact(term: &[char]) -> bool {
    term.len() <= 2 || (is_long(term) && term.len() == LONG)
}

/// Every gram a field matching `term` must hold, with its posting-list
/// length, rarest first: the term itself when it is one character, its
/// `LONG`-grams when it is a long ASCII term, else its bigrams.
pub fn ranked(conn: &Connection, term: &[char]) -> Result<Vec<(String, u64)>> {
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
        out.push((g, n.max(0) as u64));
    }
    out.sort_by_key(|(_, n)| *n);
    Ok(out)
}

/// The rarest gram of `term` and its posting-list length; that list holds
/// every match.
pub fn driver(conn: &Connection, term: &[char]) -> Result<(String, u64)> {
    Ok(ranked(conn, term)?.into_iter().next().unwrap_or_default())
}
