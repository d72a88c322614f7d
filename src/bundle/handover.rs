//! The body of a handover file (docs/FORMATS.md, "Handover"): one case
//! with every record and its audit rows from the sending database.

use crate::domain::model::Case;
use crate::store::AuditRow;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    pub marking: String,
    /// The sending unit.
    pub unit: String,
    /// The receiving unit, as the sender named it.
    pub to: String,
    pub exported_at: String,
    pub case: Case,
    /// The case's audit rows, oldest first; the last is the sender's
    /// `handover_out` entry binding the case's state.
    pub history: Vec<AuditRow>,
}
