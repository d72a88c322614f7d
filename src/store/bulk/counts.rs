//! The organisation counters of a bulk load (migration V5: cases per
//! committee/branch by status, focus area, next deadline, lost day, lost
//! month; deadlines per day), added up in memory while the rows go in and
//! written once, at the branch, committee and whole-file levels, instead of
//! by a trigger per row (the load drops the insert triggers).

use super::super::Result;
use super::row::DayText;
use crate::domain::deadline::Deadline;
use crate::domain::model::{Case, Status};
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};

/// The insert triggers the load drops; `OrgDelta::write` does their work.
pub const INSERT_TRIGGERS: [&str; 7] = [
    "cases_org_counts_ins",
    "cases_focus_counts_ins",
    "cases_next_due_days_ins",
    "cases_next_due_months_ins",
    "cases_lost_days_ins",
    "cases_month_counts_ins",
    "deadlines_deadline_days_ins",
];

/// What one organisation unit (or level) gained.
#[derive(Default)]
struct Acc {
    status: BTreeMap<(&'static str, bool), i64>,
    focus: BTreeMap<&'static str, i64>,
    next_due: BTreeMap<NaiveDate, i64>,
    lost_days: BTreeMap<NaiveDate, i64>,
    lost_months: BTreeMap<(i32, u32), i64>,
    deadlines: BTreeMap<NaiveDate, i64>,
}

impl Acc {
    fn merge(&mut self, o: &Acc) {
        fn add<K: Ord + Clone>(a: &mut BTreeMap<K, i64>, b: &BTreeMap<K, i64>) {
            for (k, n) in b {
                *a.entry(k.clone()).or_default() += n;
            }
        }
        add(&mut self.status, &o.status);
        add(&mut self.focus, &o.focus);
        add(&mut self.next_due, &o.next_due);
        add(&mut self.lost_days, &o.lost_days);
        add(&mut self.lost_months, &o.lost_months);
        add(&mut self.deadlines, &o.deadlines);
    }
}

/// Counts gained per (committee, branch), not yet written.
#[derive(Default)]
pub struct OrgDelta {
    orgs: HashMap<String, HashMap<String, Acc>>,
}

impl OrgDelta {
    /// The unit's counts (names copied only the first time a unit is seen).
    fn acc(&mut self, committee: &str, branch: &str) -> Option<&mut Acc> {
        if !self.orgs.contains_key(committee) {
            self.orgs.insert(committee.to_string(), HashMap::new());
        }
        let c = self.orgs.get_mut(committee)?;
        if !c.contains_key(branch) {
            c.insert(branch.to_string(), Acc::default());
        }
        c.get_mut(branch)
    }

    /// Count a new case and the deadlines written with it.
    pub fn add(&mut self, case: &Case, first_due: Option<NaiveDate>, deadlines: &[Deadline]) {
        let m = &case.member;
        let Some(a) = self.acc(&m.committee, &m.branch) else {
            return;
        };
        *a.status
            .entry((case.status.code(), !m.branch_exists))
            .or_default() += 1;
        *a.focus.entry(m.focus_area.code()).or_default() += 1;
        if let Some(d) = first_due {
            *a.next_due.entry(d).or_default() += 1;
        }
        if case.status == Status::Lost {
            *a.lost_days.entry(m.last_contact).or_default() += 1;
        }
        let lc = m.last_contact;
        *a.lost_months.entry((lc.year(), lc.month())).or_default() += 1;
        for d in deadlines {
            *a.deadlines.entry(d.due).or_default() += 1;
        }
    }

    /// Write what was gained at every level, then forget it. The units go
    /// in key order (the whole file, then each committee before its
    /// branches, names sorted), so the rows of each counter table go in
    /// its primary key's order: a fresh table is appended to instead of
    /// written at random places (1M cases: some 2.9M day rows).
    pub fn write(&mut self, conn: &Connection) -> Result<()> {
        let orgs = std::mem::take(&mut self.orgs);
        if orgs.is_empty() {
            return Ok(());
        }
        let mut committees: Vec<(String, Vec<(String, Acc)>)> = orgs
            .into_iter()
            .map(|(c, branches)| {
                let mut b: Vec<(String, Acc)> = branches.into_iter().collect();
                b.sort_unstable_by(|x, y| x.0.cmp(&y.0));
                (c, b)
            })
            .collect();
        committees.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        let mut root = Acc::default();
        let mut wholes = Vec::with_capacity(committees.len());
        for (_, branches) in &committees {
            let mut whole = Acc::default();
            for (_, acc) in branches {
                whole.merge(acc);
            }
            root.merge(&whole);
            wholes.push(whole);
        }
        let mut sqls = Sqls::new();
        write_acc((conn, &mut sqls), "", "", &root)?;
        for ((committee, branches), whole) in committees.iter().zip(&wholes) {
            write_acc((conn, &mut sqls), committee, "", whole)?;
            for (branch, acc) in branches {
                write_acc((conn, &mut sqls), committee, branch, acc)?;
            }
        }
        Ok(())
    }
}

fn write_acc((conn, sqls): (&Connection, &mut Sqls), c: &str, b: &str, a: &Acc) -> Result<()> {
    const UP: &str = "ON CONFLICT DO UPDATE SET n = n + excluded.n";
    let mut st = conn.prepare_cached(&format!(
        "INSERT INTO org_counts (committee, branch, status, gone, n) VALUES (?1, ?2, ?3, ?4, ?5) {UP}"
    ))?;
    for ((s, gone), n) in &a.status {
        st.execute(rusqlite::params![c, b, s, gone, n])?;
    }
    let mut st = conn.prepare_cached(&format!(
        "INSERT INTO focus_counts (committee, branch, focus_area, n) VALUES (?1, ?2, ?3, ?4) {UP}"
    ))?;
    for (f, n) in &a.focus {
        st.execute(rusqlite::params![c, b, f, n])?;
    }
    let day = |d: &NaiveDate| {
        let mut buf = [0u8; 10];
        DayText::of(*d, &mut buf).as_str().to_string()
    };
    for (table, map) in [
        ("next_due_days", &a.next_due),
        ("lost_days", &a.lost_days),
        ("deadline_days", &a.deadlines),
    ] {
        let rows: Vec<(String, i64)> = map.iter().map(|(d, n)| (day(d), *n)).collect();
        write_keyed((conn, sqls), table, "day, n", "?", (c, b), &rows)?;
    }
    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    for (d, n) in &a.next_due {
        *months.entry(month_text(*d)).or_default() += n;
    }
    let rows: Vec<(String, i64)> = months.into_iter().collect();
    write_keyed(
        (conn, sqls),
        "next_due_months",
        "month, n",
        "?",
        (c, b),
        &rows,
    )?;
    let rows: Vec<(String, i64)> = a
        .lost_months
        .iter()
        .map(|((y, m), n)| {
            let first = NaiveDate::from_ymd_opt(*y, *m, 1).unwrap_or_default();
            (month_text(first), *n)
        })
        .collect();
    write_keyed(
        (conn, sqls),
        "month_counts",
        "month, kind, n",
        "?, 'lost'",
        (c, b),
        &rows,
    )?;
    Ok(())
}

/// The SQL of `write_keyed`'s statements by (table, rows per statement),
/// made once per write.
type Sqls = HashMap<(&'static str, usize), String>;

/// Add `rows` (key, n) of one unit `(c, b)` to a counter table: the key in
/// the first of `cols`, `key_sql` its VALUES text (a `?` and any literal
/// columns after it), n last. Many rows per statement (the committee and
/// branch bound once for each): a million-case load writes millions.
fn write_keyed(
    (conn, sqls): (&Connection, &mut Sqls),
    table: &'static str,
    cols: &str,
    key_sql: &str,
    (c, b): (&str, &str),
    rows: &[(String, i64)],
) -> Result<()> {
    let mut rest = rows;
    for size in [64usize, 8, 1] {
        if rest.len() < size {
            continue;
        }
        let sql = sqls.entry((table, size)).or_insert_with(|| {
            let values: Vec<String> = (0..size)
                .map(|i| {
                    let key = key_sql.replacen('?', &format!("?{}", 3 + 2 * i), 1);
                    format!("(?1, ?2, {key}, ?{})", 4 + 2 * i)
                })
                .collect();
            format!(
                "INSERT INTO {table} (committee, branch, {cols}) VALUES {}
                 ON CONFLICT DO UPDATE SET n = n + excluded.n",
                values.join(", ")
            )
        });
        let mut st = conn.prepare_cached(sql)?;
        while rest.len() >= size {
            let (chunk, tail) = rest.split_at(size);
            st.raw_bind_parameter(1, c)?;
            st.raw_bind_parameter(2, b)?;
            for (i, (key, n)) in chunk.iter().enumerate() {
                st.raw_bind_parameter(3 + 2 * i, key)?;
                st.raw_bind_parameter(4 + 2 * i, n)?;
            }
            st.raw_execute()?;
            rest = tail;
        }
    }
    Ok(())
}

/// The month of a day as the insert triggers take it: the first 7
/// characters of its text (`substr(day, 1, 7)`).
fn month_text(d: NaiveDate) -> String {
    let mut buf = [0u8; 10];
    DayText::of(d, &mut buf).as_str().chars().take(7).collect()
}
