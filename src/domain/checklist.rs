//! The procedure checklist of a case's open (or last) track, for display:
//! each step and item with its state, record and the body responsible, and
//! for an item that cannot be done yet, why.

use super::model::{Body, Case, ItemKind, ItemRecord, TrackKind};
use super::procedure::Procedures;
use super::refusal::Refusal;
use super::rules::{acting_body, done_now, earlier_missing};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemView {
    pub step: u8,
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: ItemKind,
    /// The body that does it for this case (the 基层党委 for a branch that
    /// no longer exists).
    pub body: Body,
    pub source: String,
    /// A 处置决议 the member signs.
    pub signature: bool,
    pub done: Option<ItemRecord>,
    /// Earlier attempts and rejected results of this item, oldest first
    /// (全程纪实): everything recorded for it that no longer counts.
    pub history: Vec<ItemRecord>,
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
    let index = case
        .tracks
        .iter()
        .rposition(|t| t.closed.is_none())
        .or_else(|| case.tracks.len().checked_sub(1))?;
    let track = &case.tracks[index];
    let track_id = track.id.unwrap_or(-(index as i64) - 1);
    let def = procedures.track(track.kind)?;
    let open = track.closed.is_none();
    let steps = def
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let no = i as u8 + 1;
            let items = step
                .items
                .iter()
                .map(|it| {
                    let done = done_now(case, track_id, def, &it.key).cloned();
                    let history = case
                        .items_of(track_id)
                        .filter(|r| r.item == it.key && Some(*r) != done.as_ref())
                        .cloned()
                        .collect();
                    let blocked = if done.is_some() {
                        None
                    } else if !open {
                        Some(Refusal::new("track_closed", "N三").arg(
                            "closed",
                            track.closed.map(|d| d.to_string()).unwrap_or_default(),
                        ))
                    } else {
                        earlier_missing(case, track_id, def, no, it)
                    };
                    ItemView {
                        step: no,
                        key: it.key.clone(),
                        name_zh: it.name_zh.clone(),
                        name_en: it.name_en.clone(),
                        kind: it.kind,
                        body: acting_body(case, it),
                        source: it.source.clone(),
                        signature: it.signature,
                        done,
                        history,
                        blocked,
                    }
                })
                .collect();
            StepView {
                no,
                name_zh: step.name_zh.clone(),
                name_en: step.name_en.clone(),
                items,
            }
        })
        .collect();
    Some(Checklist {
        track: track.kind,
        track_open: open,
        steps,
    })
}
