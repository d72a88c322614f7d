//! The N五 register's read: every case (or those of some statuses) in
//! committee, branch, id order, streamed row by row from one statement so a
//! province-sized register never sits in memory as a whole. (Keyset pages on
//! this order would re-sort the table for every page: no index covers it.)

use super::codec::{code, date, opt_code, opt_date};
use super::{Result, RosterRow, StoreError};
use crate::domain::deadline::DeadlineKind;
use crate::domain::model::*;
use rusqlite::{Connection, Row, params_from_iter};

const COLS: &str = "id, name, id_number, branch, committee, membership, \
    status, last_contact, focus_area, abroad, next_due, next_kind";

fn read(r: &Row) -> rusqlite::Result<RosterRow> {
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
    })
}

/// Call `f` for each case of `statuses` (all cases when empty), ordered by
/// committee, branch, then id. Stops at the first error `f` returns.
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    statuses: &[Status],
    mut f: impl FnMut(RosterRow) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let filter = if statuses.is_empty() {
        String::new()
    } else {
        let marks: Vec<String> = (1..=statuses.len()).map(|i| format!("?{i}")).collect();
        format!("WHERE status IN ({})", marks.join(", "))
    };
    let sql = format!("SELECT {COLS} FROM cases {filter} ORDER BY committee, branch, id");
    let run = || -> Result<rusqlite::Statement<'_>> { Ok(conn.prepare(&sql)?) };
    let mut st = run()?;
    let codes = statuses.iter().map(|s| s.code());
    let mut rows = st
        .query(params_from_iter(codes))
        .map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        f(read(r).map_err(StoreError::from)?)?;
    }
    Ok(())
}
