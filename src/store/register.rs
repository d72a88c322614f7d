//! The N五 register's read: every case (or those of some statuses) in
//! committee, branch, id order, streamed row by row from one statement so a
//! province-sized register never sits in memory as a whole. (Keyset pages on
//! this order would re-sort the table for every page: no index covers it.)

use super::case_io::{MEMBER_COLS, read_case};
use super::codec::{opt_code, opt_date};
use super::{RegisterRow, Result, RosterRow, StoreError};
use crate::domain::deadline::DeadlineKind;
use crate::domain::model::Status;
use rusqlite::{Connection, Row, params_from_iter};

/// A register row: the whole member (for the import-ready columns) and its
/// roster line (status and next deadline).
fn read(r: &Row) -> rusqlite::Result<RegisterRow> {
    let case = read_case(r)?;
    let n = MEMBER_COLS.len() + 2;
    let m = &case.member;
    let row = RosterRow {
        id: case.id,
        name: m.name.clone(),
        id_number: m.id_number.clone(),
        branch: m.branch.clone(),
        committee: m.committee.clone(),
        membership: m.membership,
        status: case.status,
        last_contact: m.last_contact,
        focus_area: m.focus_area,
        abroad: m.abroad,
        next_due: opt_date(r, n)?,
        next_kind: opt_code(r, n + 1, DeadlineKind::from_code)?,
        branch_exists: m.branch_exists,
    };
    Ok(RegisterRow {
        row,
        member: case.member,
        status_since: case.status_since,
    })
}

/// Call `f` for each case of `statuses` (all cases when empty), ordered by
/// committee, branch, then id. Stops at the first error `f` returns.
pub fn for_each<E: From<StoreError>>(
    conn: &Connection,
    statuses: &[Status],
    mut f: impl FnMut(RegisterRow) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let filter = if statuses.is_empty() {
        String::new()
    } else {
        let marks: Vec<String> = (1..=statuses.len()).map(|i| format!("?{i}")).collect();
        format!("WHERE status IN ({})", marks.join(", "))
    };
    let sql = format!(
        "SELECT id, version, {}, next_due, next_kind FROM cases {filter} \
         ORDER BY committee, branch, id",
        MEMBER_COLS.join(", ")
    );
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
