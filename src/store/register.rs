//! The N五 register's read: every case (or those of some statuses) in
//! committee, branch, id order, streamed row by row from one statement so a
//! province-sized register never sits in memory as a whole. (Keyset pages on
//! this order would re-sort the table for every page: no index covers it.)

use super::roster::{ROW_COLS, read_row};
use super::{Result, RosterRow, StoreError};
use crate::domain::model::Status;
use rusqlite::{Connection, params_from_iter};

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
    let sql = format!("SELECT {ROW_COLS} FROM cases c {filter} ORDER BY committee, branch, id");
    let run = || -> Result<rusqlite::Statement<'_>> { Ok(conn.prepare(&sql)?) };
    let mut st = run()?;
    let codes = statuses.iter().map(|s| s.code());
    let mut rows = st
        .query(params_from_iter(codes))
        .map_err(StoreError::from)?;
    while let Some(r) = rows.next().map_err(StoreError::from)? {
        f(read_row(r).map_err(StoreError::from)?)?;
    }
    Ok(())
}
