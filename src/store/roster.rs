//! The roster pane's query: filters, free text through the n-gram index,
//! and keyset paging (never OFFSET) on each sort order.

use super::codec::{code, date, date_text, opt_code, opt_date};
use super::grams::{self, Key};
use super::{Result, RosterQuery, RosterRow, RosterSort, StatusFilter};
use crate::domain::deadline::DeadlineKind;
use crate::domain::model::*;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

/// Sort key stored for a case without any deadline (sorts last).
pub const NO_DUE: &str = "9999-12-31";

/// Besides the rarest posting list, up to this many other grams of the
/// terms are probed per candidate (an index lookup each) before the case
/// row is read, those `useful_probes` keeps: "玄武区东" is driven by 玄武
/// and probes 区东 (武区 drops none of 玄武's cases).
const PROBES: usize = 3;

/// What a query is for: a page in sort order (its row limit), a count
/// (stopped after this many matches, or exact), or the page with its count
/// stopped past `cap` (the workstation's keystroke).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Page(usize),
    Count(Option<usize>),
    PageAndCount { limit: usize, cap: u64 },
}

/// Whether the rarest posting list (length `n`) should be the outer loop,
/// rather than walking the sort index and confirming each row with instr().
/// For a page, walking reads about `limit * total / matches` rows; driving
/// reads `n` (every candidate, to sort them). A count needs no order, so
/// driving stops with the matches it needs; a random lookup costs about
/// four rows of a plain scan. `est` estimates the matches. When a page
/// and its capped count are both wanted and the count would drive through
/// every candidate anyway (no more than `cap` matches expected), one driven
/// pass gives both: cheaper than a walk for the page on top of it.
fn drive(n: u64, est: u64, total: u64, purpose: Purpose) -> bool {
    match purpose {
        Purpose::Count(_) => n.saturating_mul(4) <= total,
        Purpose::Page(l) => n.saturating_mul(est.max(1)) <= (l.max(1) as u64).saturating_mul(total),
        Purpose::PageAndCount { limit, cap } => {
            drive(n, est, total, Purpose::Page(limit))
                || (est <= cap && drive(n, est, total, Purpose::Count(None)))
        }
    }
}

/// Candidates of the rarest posting list checked to estimate how many of
/// them match (grams of one term are far from independent: most cases
/// holding 1987 also hold 9870 when the term is 19870).
const SAMPLE: u64 = 256;

fn total_rows(conn: &Connection) -> Result<u64> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT max(id) FROM cases")?
        .query_row([], |r| r.get(0))?;
    Ok(n.unwrap_or(0).max(0) as u64)
}

/// A walk filters by the rarest posting list when it holds at most
/// 1/`FILTER_LIST` of the cases (reading a longer list costs more than it saves).
const FILTER_LIST: u64 = 20;

/// The index each sort order walks (see schema.rs).
fn sort_index(s: RosterSort) -> &'static str {
    match s {
        RosterSort::NextDeadline => "cases_due",
        RosterSort::LostDate => "cases_lost",
        RosterSort::Name => "cases_name",
    }
}

fn sort_col(s: RosterSort) -> &'static str {
    match s {
        RosterSort::NextDeadline => "c.due_key",
        RosterSort::LostDate => "c.last_contact",
        RosterSort::Name => "c.name",
    }
}

/// A query under construction: FROM clause, WHERE terms and their values.
#[derive(Clone)]
struct Sql {
    from: String,
    conds: Vec<String>,
    vals: Vec<Value>,
    empty: bool,
    /// Driven by a posting list: every candidate is read (and sorted) for
    /// a page, however small its limit.
    driven: bool,
}

impl Sql {
    fn push(&mut self, cond: &str, v: Value) {
        self.vals.push(v);
        self.conds
            .push(cond.replace('?', &format!("?{}", self.vals.len())));
    }
    fn where_clause(&self) -> String {
        if self.conds.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.conds.join(" AND "))
        }
    }
}

fn text_val(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The filter text's terms, normalised for the gram index (empty ones dropped).
fn terms(text: &str) -> Vec<Vec<char>> {
    text.split_whitespace()
        .map(grams::norm)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Filters and text terms for a page or a count (see `drive`).
fn build(conn: &Connection, q: &RosterQuery, purpose: Purpose) -> Result<Sql> {
    let mut sql = Sql {
        from: "cases c".into(),
        conds: vec![],
        vals: vec![],
        empty: false,
        driven: false,
    };
    let terms = terms(&q.text);
    let mut ranked: Vec<(Key, u64)> = vec![];
    for t in &terms {
        ranked.extend(grams::ranked(conn, t)?);
    }
    ranked.sort();
    ranked.dedup();
    ranked.sort_by_key(|(_, n)| *n);
    let exact = terms.len() == 1 && grams::is_exact(&terms[0]);
    text_conds(&mut sql, &terms);
    filters(&mut sql, q);
    let Some((_, n)) = ranked.first() else {
        return Ok(sql);
    };
    if *n == 0 {
        sql.empty = true;
        return Ok(sql);
    }
    let total = total_rows(conn)?;
    // Matches expected: the list itself when exact; else as if the next
    // gram were independent of the first — or, when that choice is in
    // doubt, measured on a sample of the candidates.
    let est = match ranked.get(1) {
        Some((_, n2)) if !exact => n.saturating_mul(*n2) / total.max(1),
        _ => *n,
    };
    let doubt =
        !exact && *n > SAMPLE && drive(*n, est, total, purpose) != drive(*n, *n, total, purpose);
    // The driven query (and the sample choosing its probes) only when it
    // is sampled or run: a walk needs neither.
    let mut driven_sql = None;
    let est = if doubt {
        let d = driven(&sql, &useful_probes(conn, &ranked)?);
        let est = sampled(conn, &d, *n)?;
        driven_sql = Some(d);
        est
    } else {
        est
    };
    if drive(*n, est, total, purpose) {
        return match driven_sql {
            Some(d) => Ok(d),
            None => Ok(driven(&sql, &useful_probes(conn, &ranked)?)),
        };
    }
    if let (Purpose::Page(_) | Purpose::PageAndCount { .. }, Some((g, _))) =
        (purpose, ranked.first())
        && q.status.is_none()
        && text_and_status_only(q)
        && n.saturating_mul(FILTER_LIST) <= total
    {
        // Walk the sort index but skip, from the index alone, every case
        // missing from the rarest posting list (read once into a set):
        // matches bunch along the sort order (ID digits follow birth year
        // and region), so a walk may pass ten times the rows an even spread
        // predicts, and reading each of those case rows is what costs.
        match g {
            Key::Gram(g) => sql.push(
                "c.id IN (SELECT case_id FROM grams WHERE gram = ?)",
                text_val(g),
            ),
            Key::Prefix(from, to) => {
                sql.vals.push(text_val(from));
                sql.vals.push(text_val(to));
                let n = sql.vals.len();
                sql.conds.push(format!(
                    "c.id IN (SELECT case_id FROM grams WHERE gram >= ?{} AND gram < ?{n})",
                    n - 1
                ));
            }
        }
        sql.from = format!("cases c INDEXED BY {}", sort_index(q.sort));
    }
    Ok(sql)
}

/// Each term must occur in the name, the branch or (two characters or
/// more) the ID number.
fn text_conds(sql: &mut Sql, terms: &[Vec<char>]) {
    for t in terms {
        sql.vals.push(text_val(&t.iter().collect::<String>()));
        let n = sql.vals.len();
        // One character is looked up in name and branch only (ID numbers
        // are indexed by pairs of characters).
        // lower() changes ASCII letters only: a term without any matches
        // the column as is (no copy of each value per row).
        let col = |c: &str| {
            if t.iter().any(char::is_ascii_alphabetic) {
                format!("lower(c.{c})")
            } else {
                format!("c.{c}")
            }
        };
        let id_part = if t.len() == 1 {
            String::new()
        } else {
            format!(" OR instr({}, ?{n}) > 0", col("id_number"))
        };
        sql.conds.push(format!(
            "(instr({}, ?{n}) > 0 OR instr({}, ?{n}) > 0{id_part})",
            col("name"),
            col("branch")
        ));
    }
}

/// `sql` driven by the rarest posting list (or range of lists), probing up
/// to `PROBES` more posting lists per candidate before the case row is read.
fn driven(sql: &Sql, ranked: &[(Key, u64)]) -> Sql {
    let mut d = sql.clone();
    let mut from = match ranked.first() {
        None => return d,
        Some((Key::Gram(g), _)) => {
            d.push("g.gram = ?", text_val(g));
            format!("grams g /*?{}*/", d.vals.len())
        }
        Some((Key::Prefix(lo, hi), _)) => {
            d.vals.push(text_val(lo));
            d.vals.push(text_val(hi));
            let n = d.vals.len();
            format!(
                "(SELECT DISTINCT case_id FROM grams WHERE gram >= ?{} AND gram < ?{n}) g",
                n - 1
            )
        }
    };
    let probes = ranked.iter().skip(1).filter_map(|(k, _)| match k {
        Key::Gram(g) => Some(g),
        Key::Prefix(..) => None,
    });
    for (i, g2) in probes.take(PROBES).enumerate() {
        d.vals.push(text_val(g2));
        from.push_str(&format!(
            " CROSS JOIN grams g{i} ON g{i}.gram = ?{} AND g{i}.case_id = g.case_id",
            d.vals.len()
        ));
    }
    d.from = format!("{from} CROSS JOIN cases c ON c.id = g.case_id");
    d.driven = true;
    d
}

/// Other grams whose survival on a sample of the rarest list is checked
/// to pick the probes.
const PROBE_CHOICES: usize = 6;

/// A probe (an index lookup, about half the cost of reading a case row)
/// pays when it drops at least half the candidates: kept when at most
/// `KEEP_PROBE` / 100 of a sample of them survive it.
const KEEP_PROBE: u64 = 50;

/// `ranked` with its other grams reordered for probing: those that drop
/// the most candidates of a sample of the rarest list first, those that
/// drop too few left out. The grams of one term are far from independent:
/// every case holding 玄武 also holds 武区, so probing 武区 after 玄武 costs a
/// lookup per candidate and drops none, while 区东 drops nine in ten.
fn useful_probes(conn: &Connection, ranked: &[(Key, u64)]) -> Result<Vec<(Key, u64)>> {
    let Some((Key::Gram(first), n)) = ranked.first() else {
        return Ok(ranked.to_vec());
    };
    let others: Vec<&String> = ranked
        .iter()
        .skip(1)
        .filter_map(|(k, _)| match k {
            Key::Gram(g) => Some(g),
            Key::Prefix(..) => None,
        })
        .take(PROBE_CHOICES)
        .collect();
    if *n <= SAMPLE || others.is_empty() {
        return Ok(ranked.to_vec());
    }
    let sums: Vec<String> = (0..others.len())
        .map(|i| {
            format!(
                "sum(EXISTS (SELECT 1 FROM grams x WHERE x.gram = ?{} AND x.case_id = s.case_id))",
                i + 2
            )
        })
        .collect();
    let text = format!(
        "SELECT count(*), {} FROM (SELECT case_id FROM grams WHERE gram = ?1 LIMIT {SAMPLE}) s",
        sums.join(", ")
    );
    let mut vals = vec![text_val(first)];
    vals.extend(others.iter().map(|g| text_val(g)));
    let counts: Vec<u64> = conn
        .prepare_cached(&text)?
        .query_row(params_from_iter(vals), |r| {
            (0..=others.len())
                .map(|i| {
                    r.get::<_, Option<i64>>(i)
                        .map(|v| v.unwrap_or(0).max(0) as u64)
                })
                .collect()
        })?;
    let Some((&seen, survived)) = counts.split_first() else {
        return Ok(ranked.to_vec());
    };
    let mut kept: Vec<(u64, &String)> = survived
        .iter()
        .zip(&others)
        .filter(|(s, _)| s.saturating_mul(100) <= seen.saturating_mul(KEEP_PROBE))
        .map(|(s, g)| (*s, *g))
        .collect();
    kept.sort();
    let mut out = vec![ranked[0].clone()];
    out.extend(kept.into_iter().map(|(s, g)| (Key::Gram(g.clone()), s)));
    Ok(out)
}

/// Matches estimated from the first `SAMPLE` candidates of the rarest list.
fn sampled(conn: &Connection, driven: &Sql, n: u64) -> Result<u64> {
    let Some(rest) = driven.from.strip_prefix("grams g /*?") else {
        return Ok(n);
    };
    let Some((k, rest)) = rest.split_once("*/") else {
        return Ok(n);
    };
    let from =
        format!("(SELECT gram, case_id FROM grams WHERE gram = ?{k} LIMIT {SAMPLE}) g{rest}");
    let text = format!("SELECT count(*) FROM {from} {}", driven.where_clause());
    let hits: i64 = conn
        .prepare_cached(&text)?
        .query_row(params_from_iter(driven.vals.iter()), |r| r.get(0))?;
    Ok(n.saturating_mul(hits.max(0) as u64) / SAMPLE.min(n).max(1))
}

fn filters(sql: &mut Sql, q: &RosterQuery) {
    match q.status {
        Some(StatusFilter::Is(s)) => sql.push("c.status = ?", text_val(s.code())),
        Some(StatusFilter::Lost { cutoff }) => {
            sql.push("c.status = ?", text_val(Status::Lost.code()));
            sql.push("c.last_contact <= ?", text_val(&date_text(cutoff)));
        }
        Some(StatusFilter::Watch { cutoff }) => {
            sql.push("c.status = ?", text_val(Status::Lost.code()));
            sql.push("c.last_contact > ?", text_val(&date_text(cutoff)));
        }
        None => {}
    }
    if let Some(b) = &q.branch {
        sql.push("c.branch = ?", text_val(b));
    }
    if let Some(c) = &q.committee {
        sql.push("c.committee = ?", text_val(c));
    }
    if let Some(m) = q.membership {
        sql.push("c.membership = ?", text_val(m.code()));
    }
    if let Some(f) = q.focus_area {
        sql.push("c.focus_area = ?", text_val(f.code()));
    }
    match q.abroad {
        Some(true) => {
            let codes: Vec<String> = Abroad::ALL
                .iter()
                .filter(|a| **a != Abroad::No)
                .map(|a| format!("'{}'", a.code()))
                .collect();
            sql.conds
                .push(format!("c.abroad IN ({})", codes.join(", ")));
        }
        Some(false) => sql.push("c.abroad = ?", text_val(Abroad::No.code())),
        None => {}
    }
}

pub(super) const ROW_COLS: &str = "c.id, c.name, c.id_number, c.branch, c.committee, c.membership, \
    c.status, c.last_contact, c.focus_area, c.abroad, c.next_due, c.next_kind, c.branch_exists";

pub(super) fn read_row(r: &Row) -> rusqlite::Result<RosterRow> {
    Ok(RosterRow {
        id: r.get(0)?,
        name: r.get(1)?,
        id_number: r.get(2)?,
        branch: r.get(3)?,
        committee: r.get(4)?,
        membership: code(r, 5, Membership::from_code)?,
        status: code(r, 6, Status::from_code)?,
        last_contact: date(r, 7)?,
        focus_area: code(r, 8, FocusArea::from_code)?,
        abroad: code(r, 9, Abroad::from_code)?,
        next_due: opt_date(r, 10)?,
        next_kind: opt_code(r, 11, DeadlineKind::from_code)?,
        branch_exists: r.get(12)?,
    })
}

pub fn roster(conn: &Connection, q: &RosterQuery) -> Result<Vec<RosterRow>> {
    let sql = build(conn, q, Purpose::Page(q.limit))?;
    page(conn, sql, q, q.limit)
}

/// The first `limit` rows of `sql` in `q`'s sort order after `q.after`.
fn page(conn: &Connection, sql: Sql, q: &RosterQuery, limit: usize) -> Result<Vec<RosterRow>> {
    if sql.empty || limit == 0 {
        return Ok(vec![]);
    }
    let (text, vals) = page_sql(sql, q, limit, ROW_COLS);
    let mut st = conn.prepare_cached(&text)?;
    let rows = st.query_map(params_from_iter(vals), read_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The query text and values selecting `cols` of the first `limit` rows.
fn page_sql(mut sql: Sql, q: &RosterQuery, limit: usize, cols: &str) -> (String, Vec<Value>) {
    let key = sort_col(q.sort);
    if let Some((k, id)) = &q.after {
        let k = if q.sort == RosterSort::NextDeadline && k.is_empty() {
            NO_DUE
        } else {
            k.as_str()
        };
        sql.vals.push(text_val(k));
        sql.vals.push(Value::Integer(*id));
        let n = sql.vals.len();
        let op = if q.descending { "<" } else { ">" };
        sql.conds
            .push(format!("({key}, c.id) {op} (?{}, ?{})", n - 1, n));
    }
    sql.vals
        .push(Value::Integer(limit.min(i64::MAX as usize) as i64));
    let dir = if q.descending { " DESC" } else { "" };
    let text = format!(
        "SELECT {cols} FROM {} {} ORDER BY {key}{dir}, c.id{dir} LIMIT ?{}",
        sql.from,
        sql.where_clause(),
        sql.vals.len()
    );
    (text, sql.vals)
}

/// The first page and the count stopped at `cap + 1`, as `roster` and
/// `roster_count_upto` give them. When the page is driven by a posting
/// list that few cases match, the page query reads and sorts every match
/// anyway: asking it for `cap + 1` rows gives the count too, one pass
/// instead of two.
pub fn roster_with_count(
    conn: &Connection,
    q: &RosterQuery,
    cap: u64,
) -> Result<(Vec<RosterRow>, u64)> {
    let purpose = Purpose::PageAndCount {
        limit: q.limit,
        cap,
    };
    let sql = build(conn, q, purpose)?;
    if sql.empty {
        return Ok((vec![], 0));
    }
    // A count known without touching the cases, once.
    if let Some(n) = known_count(conn, q, Some(cap))? {
        return Ok((page(conn, sql, q, q.limit)?, n));
    }
    let wide = usize::try_from(cap.saturating_add(1)).unwrap_or(usize::MAX);
    if sql.driven && q.after.is_none() && q.limit > 0 {
        // The ids of up to cap + 1 matches in order, then the page's rows.
        let (text, vals) = page_sql(sql, q, wide.max(q.limit), "c.id");
        let ids = conn
            .prepare_cached(&text)?
            .query_map(params_from_iter(vals), |r| r.get::<_, CaseId>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let count = (ids.len() as u64).min(cap.saturating_add(1));
        let mut one =
            conn.prepare_cached(&format!("SELECT {ROW_COLS} FROM cases c WHERE c.id = ?1"))?;
        // A case another process removed in between is left out (the next
        // reload shows the list as it then is).
        let mut rows = Vec::with_capacity(q.limit.min(ids.len()));
        for id in ids.iter().take(q.limit) {
            if let Some(row) = one.query_row([id], read_row).optional()? {
                rows.push(row);
            }
        }
        return Ok((rows, count));
    }
    let rows = page(conn, sql, q, q.limit)?;
    Ok((rows, count_upto(conn, q, Some(cap))?))
}

/// Whether the query has no filter besides the free text (and status).
fn text_and_status_only(q: &RosterQuery) -> bool {
    q.branch.is_none()
        && q.committee.is_none()
        && q.membership.is_none()
        && q.focus_area.is_none()
        && q.abroad.is_none()
}

/// Counts known without touching the cases: no filter at all or only a
/// status (the counts the triggers keep), or a single exact term (its
/// posting lists are exactly the match set); stopped past `cap`.
fn known_count(conn: &Connection, q: &RosterQuery, cap: Option<u64>) -> Result<Option<u64>> {
    if !text_and_status_only(q) {
        return Ok(None);
    }
    let terms = terms(&q.text);
    let n = match (terms.as_slice(), q.status) {
        ([], None) => super::alerts::status_counts(conn)?
            .iter()
            .map(|(_, n)| n)
            .sum(),
        ([], Some(StatusFilter::Is(s))) => super::alerts::status_count(conn, s)?,
        ([], Some(StatusFilter::Watch { cutoff })) => super::alerts::watch_count(conn, cutoff)?,
        ([], Some(StatusFilter::Lost { cutoff })) => {
            let all = super::alerts::status_count(conn, Status::Lost)?;
            all.saturating_sub(super::alerts::watch_count(conn, cutoff)?)
        }
        ([t], None) if grams::is_exact(t) => return Ok(Some(grams::exact_count(conn, t, cap)?)),
        _ => return Ok(None),
    };
    Ok(Some(cap.map_or(n, |c| n.min(c.saturating_add(1)))))
}

pub fn roster_count(conn: &Connection, q: &RosterQuery) -> Result<u64> {
    if let Some(n) = known_count(conn, q, None)? {
        return Ok(n);
    }
    count_upto(conn, q, None)
}

/// The count, or `cap + 1` when there are more than `cap` matches (the
/// roster then shows "cap+"): counting stops after `cap + 1` rows, so a
/// common term over a million cases costs no more than its first rows.
pub fn roster_count_upto(conn: &Connection, q: &RosterQuery, cap: u64) -> Result<u64> {
    if let Some(n) = known_count(conn, q, Some(cap))? {
        return Ok(n);
    }
    count_upto(conn, q, Some(cap))
}

fn count_upto(conn: &Connection, q: &RosterQuery, cap: Option<u64>) -> Result<u64> {
    let limit = cap.map(|c| c.saturating_add(1).min(i64::MAX as u64) as usize);
    let mut sql = build(conn, q, Purpose::Count(limit))?;
    if sql.empty {
        return Ok(0);
    }
    let text = match limit {
        None => format!("SELECT count(*) FROM {} {}", sql.from, sql.where_clause()),
        Some(l) => {
            sql.vals.push(Value::Integer(l as i64));
            format!(
                "SELECT count(*) FROM (SELECT 1 FROM {} {} LIMIT ?{})",
                sql.from,
                sql.where_clause(),
                sql.vals.len()
            )
        }
    };
    let n: i64 = conn
        .prepare_cached(&text)?
        .query_row(params_from_iter(sql.vals), |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// The keyset position of a row for a sort order (what `RosterQuery::after` takes).
pub fn key_of(row: &RosterRow, sort: RosterSort) -> (String, CaseId) {
    let k = match sort {
        RosterSort::NextDeadline => row
            .next_due
            .map_or(NO_DUE.to_string(), super::codec::date_text),
        RosterSort::LostDate => super::codec::date_text(row.last_contact),
        RosterSort::Name => row.name.clone(),
    };
    (k, row.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gram(g: &str) -> Key {
        Key::Gram(g.into())
    }

    /// Posting lists written straight into a real file: P (the rarest, ids
    /// 1-300) drives; Q holds every case of P (drops none); R, T and S drop
    /// 80 %, 67 % and 50 % of P's first 256 ids.
    #[test]
    fn probes_that_drop_too_few_candidates_are_left_out_the_best_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = super::super::open::open(&dir.path().join("p.db")).expect("open");
        let lists: [(&str, Vec<i64>); 5] = [
            ("P", (1..=300).collect()),
            ("Q", (1..=600).collect()),
            ("R", (1..=2000).filter(|i| i % 5 == 0).collect()),
            ("S", (1..=1200).filter(|i| i % 2 == 1).collect()),
            ("T", (1..=1500).filter(|i| i % 3 == 0).collect()),
        ];
        let mut ins = conn
            .prepare("INSERT INTO grams (gram, case_id) VALUES (?1, ?2)")
            .expect("prepare");
        let mut ranked = vec![];
        for (g, ids) in &lists {
            for id in ids {
                ins.execute(rusqlite::params![g, id]).expect("insert");
            }
            ranked.push((gram(g), ids.len() as u64));
        }
        drop(ins);
        let got = useful_probes(&conn, &ranked).expect("probes");
        assert_eq!(
            got,
            vec![
                (gram("P"), 300),
                (gram("R"), 51),
                (gram("T"), 85),
                (gram("S"), 128)
            ]
        );
        // A short rarest list is read whole: its probes stay as ranked.
        let short = vec![(gram("R"), 200), (gram("Q"), 600)];
        assert_eq!(useful_probes(&conn, &short).expect("short"), short);
    }
}
