//! The organisation counters of a bulk load (migration V5: cases per
//! committee/branch by status, focus area, next deadline, lost day, lost
//! month; deadlines per day), added up in memory while the rows go in and
//! written once, at the branch, committee and whole-file levels, instead of
//! by a trigger per row (the load drops the insert triggers).

use super::super::Result;
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

    /// Write what was gained at every level, then forget it.
    pub fn write(&mut self, conn: &Connection) -> Result<()> {
        let orgs = std::mem::take(&mut self.orgs);
        let mut root = Acc::default();
        for (committee, branches) in &orgs {
            let mut whole = Acc::default();
            for (branch, acc) in branches {
                write_acc(conn, committee, branch, acc)?;
                whole.merge(acc);
            }
            write_acc(conn, committee, "", &whole)?;
            root.merge(&whole);
        }
        if !orgs.is_empty() {
            write_acc(conn, "", "", &root)?;
        }
        Ok(())
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn write_acc(conn: &Connection, c: &str, b: &str, a: &Acc) -> Result<()> {
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
    let mut months: BTreeMap<String, i64> = BTreeMap::new();
    for (table, map) in [
        ("next_due_days", &a.next_due),
        ("lost_days", &a.lost_days),
        ("deadline_days", &a.deadlines),
    ] {
        let mut st = conn.prepare_cached(&format!(
            "INSERT INTO {table} (committee, branch, day, n) VALUES (?1, ?2, ?3, ?4) {UP}"
        ))?;
        for (d, n) in map {
            st.execute(rusqlite::params![c, b, day(*d), n])?;
        }
    }
    for (d, n) in &a.next_due {
        *months.entry(d.format("%Y-%m").to_string()).or_default() += n;
    }
    let mut st = conn.prepare_cached(&format!(
        "INSERT INTO next_due_months (committee, branch, month, n) VALUES (?1, ?2, ?3, ?4) {UP}"
    ))?;
    for (m, n) in &months {
        st.execute(rusqlite::params![c, b, m, n])?;
    }
    let mut st = conn.prepare_cached(&format!(
        "INSERT INTO month_counts (committee, branch, month, kind, n) VALUES (?1, ?2, ?3, 'lost', ?4) {UP}"
    ))?;
    for ((y, m), n) in &a.lost_months {
        st.execute(rusqlite::params![c, b, format!("{y:04}-{m:02}"), n])?;
    }
    Ok(())
}
