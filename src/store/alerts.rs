//! The alert pane's deadlines and the small summary queries.

use super::codec::{code, date, date_text, opt_date};
use super::{AlertRow, Result};
use crate::domain::deadline::{Deadline, DeadlineKind};
use crate::domain::model::{CaseId, Status};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

/// Where a page of the alert order starts: the last row seen (due day,
/// case, kind), the order `deadlines_due` and `deadlines_committee` hold.
pub type AlertKey = (NaiveDate, CaseId, DeadlineKind);

/// The columns `read_alert` decodes (`d` the deadline, `c` its case).
pub(super) const ALERT_COLS: &str = "d.case_id, d.kind, d.due, d.clears, d.detail, c.name, \
    c.branch, c.committee, c.last_contact, (SELECT max(m.date) FROM milestones m \
    WHERE m.case_id = c.id AND m.kind = 'contact_regained')";

pub(super) fn read_alert(r: &Row) -> rusqlite::Result<AlertRow> {
    Ok(AlertRow {
        deadline: Deadline {
            case: r.get(0)?,
            kind: code(r, 1, DeadlineKind::from_code)?,
            due: date(r, 2)?,
            clears: r.get(3)?,
            detail: r.get(4)?,
        },
        name: r.get(5)?,
        branch: r.get(6)?,
        committee: r.get(7)?,
        last_contact: date(r, 8)?,
        regained_on: opt_date(r, 9)?,
    })
}

/// The "becomes a lost-contact member" row stays until its day has passed
/// (a search does not clear it); with `live_on` set, rows of that kind due
/// before it are left out (the case is a 失联党员 by then).
const PAST_BECOMES_LOST: &str = "NOT (d.kind = 'becomes_lost' AND d.due < ?{n})";

pub(super) fn live_cond(
    conds: &mut Vec<String>,
    vals: &mut Vec<Value>,
    live_on: Option<NaiveDate>,
) {
    if let Some(t) = live_on {
        vals.push(Value::Text(date_text(t)));
        conds.push(PAST_BECOMES_LOST.replace("{n}", &vals.len().to_string()));
    }
}

/// The rows after `after` in the alert order (keyset paging).
pub(super) fn after_cond(conds: &mut Vec<String>, vals: &mut Vec<Value>, after: Option<AlertKey>) {
    if let Some((due, case, kind)) = after {
        vals.push(Value::Text(date_text(due)));
        vals.push(Value::Integer(case));
        vals.push(Value::Text(kind.code().to_string()));
        let n = vals.len();
        conds.push(format!(
            "(d.due, d.case_id, d.kind) > (?{}, ?{}, ?{n})",
            n - 2,
            n - 1
        ));
    }
}

pub fn alerts(
    conn: &Connection,
    live_on: Option<NaiveDate>,
    until: Option<NaiveDate>,
    after: Option<AlertKey>,
    limit: usize,
) -> Result<Vec<AlertRow>> {
    let mut conds = vec![];
    let mut vals: Vec<Value> = vec![];
    live_cond(&mut conds, &mut vals, live_on);
    if let Some(u) = until {
        vals.push(Value::Text(date_text(u)));
        conds.push(format!("d.due <= ?{}", vals.len()));
    }
    after_cond(&mut conds, &mut vals, after);
    vals.push(Value::Integer(limit as i64));
    let wh = if conds.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conds.join(" AND "))
    };
    let sql = format!(
        "SELECT {ALERT_COLS}
         FROM deadlines d JOIN cases c ON c.id = d.case_id {wh}
         ORDER BY d.due, d.case_id, d.kind LIMIT ?{}",
        vals.len()
    );
    query_alerts(conn, &sql, vals)
}

/// Run an alert query whose columns are `ALERT_COLS`.
pub(super) fn query_alerts(
    conn: &Connection,
    sql: &str,
    vals: Vec<Value>,
) -> Result<Vec<AlertRow>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map(params_from_iter(vals), read_alert)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Deadline rows due on or before `until` (all when `None`); with
/// `live_on`, past "becomes a lost-contact member" rows are not counted.
pub fn alert_count(
    conn: &Connection,
    live_on: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<u64> {
    let all = raw_count(conn, until)?;
    let Some(t) = live_on else {
        return Ok(all);
    };
    let past = match until {
        Some(u) if u < t => u.succ_opt().unwrap_or(u),
        _ => t,
    };
    let hidden: i64 = conn
        .prepare_cached("SELECT count(*) FROM deadlines WHERE kind = 'becomes_lost' AND due < ?1")?
        .query_row([date_text(past)], |r| r.get(0))?;
    Ok(all.saturating_sub(hidden.max(0) as u64))
}

fn raw_count(conn: &Connection, until: Option<NaiveDate>) -> Result<u64> {
    let n: i64 = match until {
        Some(u) => conn
            .prepare_cached("SELECT count(*) FROM deadlines WHERE due <= ?1")?
            .query_row([date_text(u)], |r| r.get(0))?,
        None => conn
            .prepare_cached("SELECT n FROM counters WHERE name = 'deadlines'")?
            .query_row([], |r| r.get(0))?,
    };
    Ok(n.max(0) as u64)
}

/// Cases per status, in the order of `Status::ALL`, omitting zeros (read
/// from the counts the triggers keep, not by counting cases).
pub fn status_counts(conn: &Connection) -> Result<Vec<(Status, u64)>> {
    let mut st = conn.prepare_cached("SELECT status, n FROM status_counts WHERE n > 0")?;
    let found = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let out = Status::ALL
        .iter()
        .filter_map(|s| {
            let n = found.iter().find(|(c, _)| c == s.code())?.1;
            Some((*s, n as u64))
        })
        .collect();
    Ok(out)
}

/// Cases with one status (the status filter's count without a scan).
pub fn status_count(conn: &Connection, s: Status) -> Result<u64> {
    let n: Option<i64> = conn
        .prepare_cached("SELECT n FROM status_counts WHERE status = ?1")?
        .query_row([s.code()], |r| r.get(0))
        .optional()?;
    Ok(n.unwrap_or(0).max(0) as u64)
}

/// Lost cases with last contact after `cutoff` (watch cases), counted on
/// the index `cases_status_lost (status, last_contact, id)`.
pub fn watch_count(conn: &Connection, cutoff: NaiveDate) -> Result<u64> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM cases INDEXED BY cases_status_lost
             WHERE status = 'lost' AND last_contact > ?1",
        )?
        .query_row([date_text(cutoff)], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// Distinct values of an indexed text column, sorted (skip-scan by index).
pub fn distinct(conn: &Connection, col: &str) -> Result<Vec<String>> {
    let first = format!("SELECT min({col}) FROM cases");
    let next = format!("SELECT min({col}) FROM cases WHERE {col} > ?1");
    let mut out: Vec<String> = vec![];
    let mut cur: Option<String> = conn.prepare_cached(&first)?.query_row([], |r| r.get(0))?;
    let mut st = conn.prepare_cached(&next)?;
    while let Some(v) = cur {
        cur = st.query_row([&v], |r| r.get(0))?;
        out.push(v);
    }
    Ok(out)
}
