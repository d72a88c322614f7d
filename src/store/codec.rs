//! Conversions between domain values and SQLite columns: dates as ISO text,
//! enums as their `.code()`, booleans as 0/1.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::{Type, Value};

pub fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(s: &str, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(e)))
}

pub fn date(r: &Row, col: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(col)?;
    parse_date(&s, col)
}

pub fn opt_date(r: &Row, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = r.get(col)?;
    s.map(|s| parse_date(&s, col)).transpose()
}

#[derive(Debug)]
struct BadCode(String);
impl std::fmt::Display for BadCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown code {:?}", self.0)
    }
}
impl std::error::Error for BadCode {}

pub fn parse_code<T>(s: &str, col: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    from(s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(col, Type::Text, Box::new(BadCode(s.into())))
    })
}

/// An enum column, decoded with the type's `from_code`.
pub fn code<T>(r: &Row, col: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = r.get(col)?;
    parse_code(&s, col, from)
}

pub fn opt_code<T>(
    r: &Row,
    col: usize,
    from: fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = r.get(col)?;
    s.filter(|s| !s.is_empty())
        .map(|s| parse_code(&s, col, from))
        .transpose()
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub fn dv(d: NaiveDate) -> Value {
    Value::Text(date_text(d))
}

pub fn odv(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, dv)
}

pub fn int(i: i64) -> Value {
    Value::Integer(i)
}

pub fn flag(b: bool) -> Value {
    Value::Integer(i64::from(b))
}

pub fn opt_flag(b: Option<bool>) -> Value {
    b.map_or(Value::Null, flag)
}

pub fn opt_text(s: Option<&str>) -> Value {
    s.map_or(Value::Null, text)
}

/// An optional integer (record id, audit seq) as a column value.
pub fn opt_code_int(i: Option<i64>) -> Value {
    i.map_or(Value::Null, Value::Integer)
}
