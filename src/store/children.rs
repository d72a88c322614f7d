//! Generic load and save of a case's child records, one table per kind.
//! Each kind describes its table and columns in `records.rs`.

use super::Result;
use crate::domain::model::{CaseId, RecordId};
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params_from_iter};

/// One kind of child record stored in its own table.
pub trait Child: Sized {
    const TABLE: &'static str;
    /// Data columns after `id, case_id`, in the order of `values` and `read`.
    const COLS: &'static [&'static str];
    /// Column the records are ordered by (then id).
    const ORDER: &'static str;
    fn id(&self) -> Option<RecordId>;
    fn values(&self) -> Vec<Value>;
    /// Decode a row whose column 0 is `id` and columns 1.. are `COLS`.
    fn read(r: &Row) -> rusqlite::Result<Self>;
}

pub fn load<T: Child>(conn: &Connection, case: CaseId) -> Result<Vec<T>> {
    let sql = format!(
        "SELECT id, {} FROM {} WHERE case_id = ?1 ORDER BY {}, id",
        T::COLS.join(", "),
        T::TABLE,
        T::ORDER
    );
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map([case], |r| T::read(r))?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

/// Delete the stored records of this kind no longer in `recs`.
pub fn delete_missing<T: Child>(conn: &Connection, case: CaseId, recs: &[T]) -> Result<()> {
    let kept: Vec<String> = recs
        .iter()
        .filter_map(|r| r.id())
        .map(|i| i.to_string())
        .collect();
    let sql = format!(
        "DELETE FROM {} WHERE case_id = ?1 AND id NOT IN (SELECT value FROM json_each(?2))",
        T::TABLE
    );
    let json = format!("[{}]", kept.join(","));
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params![case, json])?;
    Ok(())
}

/// Insert records without id, update those with one (of this case only).
pub fn save<T: Child>(conn: &Connection, case: CaseId, recs: &[T]) -> Result<()> {
    if recs.is_empty() {
        return Ok(());
    }
    let cols = T::COLS.join(", ");
    let marks: Vec<String> = (0..T::COLS.len()).map(|i| format!("?{}", i + 2)).collect();
    let insert = format!(
        "INSERT INTO {} (case_id, {cols}) VALUES (?1, {})",
        T::TABLE,
        marks.join(", ")
    );
    let sets: Vec<String> = T::COLS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 3))
        .collect();
    let update = format!(
        "UPDATE {} SET {} WHERE id = ?1 AND case_id = ?2",
        T::TABLE,
        sets.join(", ")
    );
    for rec in recs {
        let mut vals = rec.values();
        match rec.id() {
            None => {
                vals.insert(0, Value::Integer(case));
                conn.prepare_cached(&insert)?
                    .execute(params_from_iter(vals))?;
            }
            Some(id) => {
                vals.splice(0..0, [Value::Integer(id), Value::Integer(case)]);
                let n = conn
                    .prepare_cached(&update)?
                    .execute(params_from_iter(vals))?;
                if n == 0 {
                    return Err(rusqlite::Error::QueryReturnedNoRows.into());
                }
            }
        }
    }
    Ok(())
}
