//! Table layout of the record kinds of issue 11 ("Time and history"):
//! amendments (see `children.rs`).

use super::children::Child;
use super::codec::{code, date, dv, opt_code_int, text};
use crate::domain::model::*;
use rusqlite::Row;
use rusqlite::types::Value;

impl Child for Amendment {
    const TABLE: &'static str = "amendments";
    const COLS: &'static [&'static str] = &[
        "date",
        "target",
        "record_id",
        "field",
        "old_value",
        "new_value",
        "note",
        "audit_seq",
    ];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            dv(s.date),
            text(s.target.code()),
            opt_code_int(s.record),
            text(&s.field),
            text(&s.old),
            text(&s.new),
            text(&s.note),
            opt_code_int(s.audit_seq),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Amendment {
            id: r.get(0)?,
            date: date(r, 1)?,
            target: code(r, 2, AmendTarget::from_code)?,
            record: r.get(3)?,
            field: r.get(4)?,
            old: r.get(5)?,
            new: r.get(6)?,
            note: r.get(7)?,
            audit_seq: r.get(8)?,
        })
    }
}
