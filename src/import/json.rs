//! JSON import: an array of `Member` objects (serde field names, dates as
//! YYYY-MM-DD, coded values as codes), each optionally with a `status`.

use super::{Loc, Parsed, Row, RowError};
use crate::domain::model::{Member, Status};
use crate::i18n::tf;

pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed::default();
    let items: Vec<serde_json::Value> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            out.errors.push(RowError {
                at: Loc::Line(e.line() as u64),
                reason: tf("cli.import.bad_json", &[("reason", e.to_string())]),
            });
            return out;
        }
    };
    out.data_rows = items.len();
    for (i, mut item) in items.into_iter().enumerate() {
        let at = Loc::Index(i);
        let status = match item.as_object_mut().and_then(|o| o.remove("status")) {
            None => Ok(Status::Lost),
            Some(v) => serde_json::from_value::<Status>(v),
        };
        match (serde_json::from_value::<Member>(item), status) {
            (Ok(member), Ok(status)) => out.rows.push(Row { at, member, status }),
            (Err(e), _) | (_, Err(e)) => out.errors.push(RowError {
                at,
                reason: e.to_string(),
            }),
        }
    }
    out
}
