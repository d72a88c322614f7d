//! JSON import: an array of `Member` objects (serde field names, dates as
//! YYYY-MM-DD, coded values as codes), each optionally with a `status`.

use super::{Loc, Row, RowError};
use crate::domain::model::{Member, Status};
use crate::i18n::tf;

pub fn parse(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let items: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        vec![RowError {
            at: Loc::Line(e.line() as u64),
            reason: tf("cli.import.bad_json", &[("reason", e.to_string())]),
        }]
    })?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, mut item) in items.into_iter().enumerate() {
        let at = Loc::Index(i);
        let status = match item.as_object_mut().and_then(|o| o.remove("status")) {
            None => Ok(Status::Lost),
            Some(v) => serde_json::from_value::<Status>(v),
        };
        match (serde_json::from_value::<Member>(item), status) {
            (Ok(member), Ok(status)) => rows.push(Row { at, member, status }),
            (Err(e), _) | (_, Err(e)) => errors.push(RowError {
                at,
                reason: e.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}
