//! The procedure checklist of a case's open (or last) track, for display:
//! each step and item with its state, record and the body responsible, and
//! for an item that cannot be done yet, why.

use super::model::{Body, Case, ItemKind, ItemRecord, TrackKind};
use super::procedure::Procedures;
use super::refusal::Refusal;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemView {
    pub step: u8,
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: ItemKind,
    pub body: Body,
    pub source: String,
    pub done: Option<ItemRecord>,
    /// Why it cannot be completed now (None when it can, or is done).
    pub blocked: Option<Refusal>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepView {
    pub no: u8,
    pub name_zh: String,
    pub name_en: String,
    pub items: Vec<ItemView>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checklist {
    pub track: TrackKind,
    pub track_open: bool,
    pub steps: Vec<StepView>,
}

/// The checklist of the open track, or of the last closed one; None if no track.
pub fn checklist(case: &Case, procedures: &Procedures) -> Option<Checklist> {
    let _ = (case, procedures);
    todo!("checklist")
}
