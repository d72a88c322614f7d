//! The organisation tree's and the statistics view's numbers, read from the
//! counters migration V5 keeps (never by counting cases): a unit is a
//! branch (committee, branch), a committee (committee, "") or the whole
//! file ("", "").

use super::Result;
use super::alerts::AlertKey;
use super::codec::date_text;
use crate::domain::model::{FocusArea, Status};
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};

/// One unit of the organisation: None = the whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OrgUnit {
    pub committee: Option<String>,
    pub branch: Option<String>,
}

impl OrgUnit {
    fn key(&self) -> (&str, &str) {
        (
            self.committee.as_deref().unwrap_or(""),
            self.branch.as_deref().unwrap_or(""),
        )
    }
}

/// A branch as the tree lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchRow {
    pub committee: String,
    pub branch: String,
    pub cases: u64,
    /// Cases recorded as in a branch that no longer exists (its committee
    /// took them over).
    pub gone: u64,
}

/// The counts shown at a tree node and atop the statistics view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeCounts {
    /// Cases per stored status, in `Status::ALL` order, zeros left out.
    pub status: Vec<(Status, u64)>,
    /// Lost cases still within the policy months (失联未满6个月).
    pub watch: u64,
    /// Cases whose next deadline is past / within 7 days (as the roster marks them).
    pub overdue: u64,
    pub week: u64,
    pub gone: u64,
}

impl NodeCounts {
    pub fn of(&self, s: Status) -> u64 {
        self.status
            .iter()
            .find(|(x, _)| *x == s)
            .map_or(0, |(_, n)| *n)
    }
    pub fn total(&self) -> u64 {
        self.status.iter().map(|(_, n)| n).sum()
    }
    /// 失联党员: lost past the policy months.
    pub fn lost(&self) -> u64 {
        self.of(Status::Lost).saturating_sub(self.watch)
    }
}

/// One month of the campaign.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthRow {
    /// "YYYY-MM".
    pub month: String,
    /// Cases whose contact was lost that month.
    pub lost: u64,
    pub regained: u64,
    pub disposed: u64,
    pub suspended: u64,
    /// Lost cases at the month's end: the current count for this month,
    /// earlier months by taking each later month's changes back.
    pub still_lost: u64,
}

/// Everything the statistics view shows for a unit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScopeStats {
    pub node: NodeCounts,
    pub focus: Vec<(FocusArea, u64)>,
    /// The last `months` months, oldest first.
    pub months: Vec<MonthRow>,
    /// Deadlines falling due in each of the next weeks (from today).
    pub weeks: Vec<(NaiveDate, u64)>,
}

fn n(v: Option<i64>) -> u64 {
    v.unwrap_or(0).max(0) as u64
}

fn sum(conn: &Connection, sql: &str, p: &[&dyn rusqlite::ToSql]) -> Result<u64> {
    let v: Option<i64> = conn
        .prepare_cached(sql)?
        .query_row(p, |r| r.get(0))
        .optional()?
        .flatten();
    Ok(n(v))
}

/// Every branch with cases, by committee then branch.
pub fn branches(conn: &Connection) -> Result<Vec<BranchRow>> {
    let mut st = conn.prepare_cached(
        "SELECT committee, branch, sum(n), sum(CASE WHEN gone THEN n ELSE 0 END)
         FROM org_counts WHERE branch <> '' GROUP BY committee, branch
         HAVING sum(n) > 0 ORDER BY committee, branch",
    )?;
    let rows = st.query_map([], |r| {
        Ok(BranchRow {
            committee: r.get(0)?,
            branch: r.get(1)?,
            cases: n(r.get(2)?),
            gone: n(r.get(3)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The counts of one unit on `today`; `cutoff` is `lost::lost_cutoff`.
pub fn node_counts(
    conn: &Connection,
    unit: &OrgUnit,
    today: NaiveDate,
    cutoff: NaiveDate,
) -> Result<NodeCounts> {
    let (c, b) = unit.key();
    let mut st = conn.prepare_cached(
        "SELECT status, sum(n), sum(CASE WHEN gone THEN n ELSE 0 END) FROM org_counts
         WHERE committee = ?1 AND branch = ?2 GROUP BY status",
    )?;
    let found: Vec<(String, Option<i64>, Option<i64>)> = st
        .query_map([c, b], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let status = Status::ALL
        .iter()
        .filter_map(|s| {
            let (_, k, _) = found.iter().find(|(code, _, _)| code == s.code())?;
            Some((*s, n(*k))).filter(|(_, k)| *k > 0)
        })
        .collect();
    let gone = found.iter().map(|(_, _, g)| n(*g)).sum();
    let today_t = date_text(today);
    let month_start = today.with_day(1).unwrap_or(today);
    let week_end = date_text(today + Duration::days(7));
    let watch = sum(
        conn,
        "SELECT sum(n) FROM lost_days WHERE committee = ?1 AND branch = ?2 AND day > ?3",
        &[&c, &b, &date_text(cutoff)],
    )?;
    let before_month = sum(
        conn,
        "SELECT sum(n) FROM next_due_months WHERE committee = ?1 AND branch = ?2 AND month < ?3",
        &[&c, &b, &today.format("%Y-%m").to_string()],
    )?;
    let days = "SELECT sum(n) FROM next_due_days
                WHERE committee = ?1 AND branch = ?2 AND day >= ?3 AND day < ?4";
    let this_month = sum(conn, days, &[&c, &b, &date_text(month_start), &today_t])?;
    let week = sum(
        conn,
        "SELECT sum(n) FROM next_due_days
         WHERE committee = ?1 AND branch = ?2 AND day >= ?3 AND day <= ?4",
        &[&c, &b, &today_t, &week_end],
    )?;
    Ok(NodeCounts {
        status,
        watch,
        overdue: before_month + this_month,
        week,
        gone,
    })
}

/// The statistics of one unit: counts, focus areas, the last `months`
/// months and the next `weeks` weeks of deadlines.
pub fn scope_stats(
    conn: &Connection,
    unit: &OrgUnit,
    (today, cutoff): (NaiveDate, NaiveDate),
    months: usize,
    weeks: usize,
) -> Result<ScopeStats> {
    let node = node_counts(conn, unit, today, cutoff)?;
    let (c, b) = unit.key();
    let mut st = conn.prepare_cached(
        "SELECT focus_area, n FROM focus_counts WHERE committee = ?1 AND branch = ?2",
    )?;
    let found: Vec<(String, i64)> = st
        .query_map([c, b], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let focus = FocusArea::ALL
        .iter()
        .map(|f| {
            let k = found.iter().find(|(x, _)| x == f.code()).map(|(_, k)| *k);
            (*f, n(k))
        })
        .collect();
    let months = month_rows(conn, (c, b), today, months, node.of(Status::Lost))?;
    let mut st = conn.prepare_cached(
        "SELECT day, n FROM deadline_days
         WHERE committee = ?1 AND branch = ?2 AND day >= ?3 AND day < ?4",
    )?;
    let end = today + Duration::days(7 * weeks as i64);
    let mut per_week = vec![0u64; weeks];
    let rows = st.query_map([c, b, &date_text(today), &date_text(end)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (d, k) = row?;
        let Ok(d) = NaiveDate::parse_from_str(&d, "%Y-%m-%d") else {
            continue;
        };
        let i = ((d - today).num_days() / 7) as usize;
        if let Some(w) = per_week.get_mut(i) {
            *w = w.saturating_add(n(Some(k)));
        }
    }
    let weeks = per_week
        .into_iter()
        .enumerate()
        .map(|(i, k)| (today + Duration::days(7 * i as i64), k))
        .collect();
    Ok(ScopeStats {
        node,
        focus,
        months,
        weeks,
    })
}

/// The last `count` months up to today's, with the lost count at each
/// month's end worked back from `lost_now`.
fn month_rows(
    conn: &Connection,
    (c, b): (&str, &str),
    today: NaiveDate,
    count: usize,
    lost_now: u64,
) -> Result<Vec<MonthRow>> {
    let mut out: Vec<MonthRow> = (0..count)
        .rev()
        .filter_map(|back| today.checked_sub_months(chrono::Months::new(back as u32)))
        .map(|d| MonthRow {
            month: d.format("%Y-%m").to_string(),
            ..MonthRow::default()
        })
        .collect();
    let Some(first) = out.first().map(|m| m.month.clone()) else {
        return Ok(out);
    };
    let mut st = conn.prepare_cached(
        "SELECT month, kind, n FROM month_counts
         WHERE committee = ?1 AND branch = ?2 AND month >= ?3",
    )?;
    let rows = st.query_map([c, b, &first], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (month, kind, k) = row?;
        let Some(m) = out.iter_mut().find(|m| m.month == month) else {
            continue;
        };
        let slot = match kind.as_str() {
            "lost" => &mut m.lost,
            "regained" => &mut m.regained,
            "disposed" => &mut m.disposed,
            "suspended" => &mut m.suspended,
            _ => continue,
        };
        *slot = slot.saturating_add(n(Some(k)));
    }
    let mut level = lost_now;
    for m in out.iter_mut().rev() {
        m.still_lost = level;
        let exits = m.regained + m.disposed + m.suspended;
        level = (level + exits).saturating_sub(m.lost);
    }
    Ok(out)
}

/// The alert pane scoped to a committee or branch on `today` (the whole
/// file goes through `alerts::alerts`), most urgent first. A committee's
/// deadlines carry its name (schema 11): the first `limit` rows of the
/// index `deadlines_committee`, read like the whole file's. A branch's come
/// from its cases (by the branch index), whose deadline ids are sorted
/// first, so the alert columns (names, the regained-date subquery) are read
/// for the `limit` rows kept only.
pub fn unit_alerts(
    conn: &Connection,
    unit: &OrgUnit,
    today: NaiveDate,
    after: Option<AlertKey>,
    limit: usize,
) -> Result<Vec<super::AlertRow>> {
    use rusqlite::types::Value;
    let mut conds = vec![];
    let mut vals: Vec<Value> = vec![];
    super::alerts::live_cond(&mut conds, &mut vals, Some(today));
    super::alerts::after_cond(&mut conds, &mut vals, after);
    // A committee alone is read from the deadline rows' own column; with a
    // branch, from the case (the branch's few cases lead the join).
    let table = if unit.branch.is_none() { "d" } else { "c" };
    if let Some(c) = &unit.committee {
        vals.push(Value::Text(c.clone()));
        conds.push(format!("{table}.committee = ?{}", vals.len()));
    }
    if let Some(b) = &unit.branch {
        vals.push(Value::Text(b.clone()));
        conds.push(format!("c.branch = ?{}", vals.len()));
    }
    vals.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    let (cols, wh, n) = (super::alerts::ALERT_COLS, conds.join(" AND "), vals.len());
    let sql = if unit.branch.is_none() {
        format!(
            "SELECT {cols} FROM deadlines d CROSS JOIN cases c ON c.id = d.case_id
             WHERE {wh} ORDER BY d.due, d.case_id, d.kind LIMIT ?{n}"
        )
    } else {
        format!(
            "SELECT {cols}
             FROM (SELECT d.id AS did FROM cases c CROSS JOIN deadlines d ON d.case_id = c.id
                   WHERE {wh} ORDER BY d.due, d.case_id, d.kind LIMIT ?{n}) s
             CROSS JOIN deadlines d ON d.id = s.did CROSS JOIN cases c ON c.id = d.case_id
             ORDER BY d.due, d.case_id, d.kind"
        )
    };
    super::alerts::query_alerts(conn, &sql, vals)
}

/// The alert pane's overdue rows of a unit (the whole file when the unit
/// is empty) on `today`, counted up to `cap`: the first rows of the same
/// order the pane reads, so the title agrees with a pane of `cap` rows.
pub fn unit_overdue_upto(
    conn: &Connection,
    unit: &OrgUnit,
    today: NaiveDate,
    cap: usize,
) -> Result<u64> {
    use rusqlite::types::Value;
    let mut conds = vec![];
    let mut vals: Vec<Value> = vec![];
    super::alerts::live_cond(&mut conds, &mut vals, Some(today));
    vals.push(Value::Text(date_text(today)));
    conds.push(format!("d.due < ?{}", vals.len()));
    if let Some(c) = &unit.committee {
        vals.push(Value::Text(c.clone()));
        conds.push(format!("d.committee = ?{}", vals.len()));
    }
    if let Some(b) = &unit.branch {
        vals.push(Value::Text(b.clone()));
        conds.push(format!(
            "d.case_id IN (SELECT id FROM cases WHERE branch = ?{})",
            vals.len()
        ));
    }
    vals.push(Value::Integer(i64::try_from(cap).unwrap_or(i64::MAX)));
    let sql = format!(
        "SELECT count(*) FROM (SELECT 1 FROM deadlines d WHERE {} LIMIT ?{})",
        conds.join(" AND "),
        vals.len()
    );
    let n: i64 = conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(vals), |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Deadlines of a unit, from the kept counts (past "becomes lost" rows
/// included: the title's total).
pub fn unit_alert_count(conn: &Connection, unit: &OrgUnit) -> Result<u64> {
    let (c, b) = unit.key();
    sum(
        conn,
        "SELECT sum(n) FROM deadline_days WHERE committee = ?1 AND branch = ?2",
        &[&c, &b],
    )
}
