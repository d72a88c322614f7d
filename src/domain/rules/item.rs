//! Completing checklist items of the open track: order of steps and inside
//! a step, bodies, document numbers, votes [N三], every result kept, and the
//! outcome of the `effect` item.

use super::Ctx;
use super::attempt::{acting_body, current_attempt, done_now, waiting};
use super::common::*;
use super::outcome::apply_outcome;
use super::vote::check_vote;
use crate::domain::action::Vote;
use crate::domain::model::*;
use crate::domain::procedure::{ItemDef, TrackDef};
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub struct ItemIn<'a> {
    pub item: &'a str,
    pub date: NaiveDate,
    pub who: &'a str,
    pub body: Option<Body>,
    pub doc_no: &'a str,
    pub note: &'a str,
    pub vote: Option<&'a Vote>,
    pub outcome: Option<ItemOutcome>,
}

/// Why an item of `step` cannot be done yet (for the checklist view).
pub fn earlier_missing(
    case: &Case,
    track_id: RecordId,
    def: &TrackDef,
    step: u8,
    it: &ItemDef,
) -> Option<Refusal> {
    waiting(case, track_id, def, step, it)
}

pub fn complete_item(case: &mut Case, x: ItemIn, ctx: &Ctx) -> Result<(), Refusal> {
    let Some(ti) = open_index(case) else {
        return Err(Refusal::new("no_open_track", "N三"));
    };
    let track = case.tracks[ti].clone();
    let track_id = track_key(case, ti);
    let Some(def) = ctx.procedures.track(track.kind) else {
        return Err(Refusal::new("track_undefined", "N三").arg("track", track.kind.code()));
    };
    let Some((step, it)) = def.find_item(x.item) else {
        return Err(Refusal::new("unknown_item", static_source(&def.source))
            .arg("item", x.item)
            .arg("track", lbl(track.kind.label_key())));
    };
    if done_now(case, track_id, def, &it.key).is_some() {
        return Err(Refusal::new("item_already_done", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en)));
    }
    if let Some(r) = waiting(case, track_id, def, step, it) {
        return Err(r);
    }
    check_dates(case, &track, track_id, def, (step, it), &x, ctx)?;
    for fact in &it.requires {
        super::facts::check_item(fact, case, x.date, ctx)?;
    }
    require_text(x.who, "who_required")?;
    let body = check_body(case, it, &x)?;
    let outcome = match it.kind {
        ItemKind::Vote => {
            let decision = check_vote(case, it, track_id, &x, ctx)?;
            let passed = decision.passed;
            case.decisions.push(decision);
            Some(if passed {
                ItemOutcome::Agreed
            } else {
                ItemOutcome::Rejected
            })
        }
        ItemKind::PreReview | ItemKind::Approval => Some(review_outcome(it, &x)?),
        _ => {
            if x.outcome.is_some() {
                return Err(
                    Refusal::new("outcome_not_applicable", static_source(&it.source))
                        .arg("item", name_of(&it.name_zh, &it.name_en)),
                );
            }
            None
        }
    };
    let attempt = current_attempt(case, track_id);
    case.items.push(ItemRecord {
        id: None,
        track_id,
        step,
        item: it.key.clone(),
        date: x.date,
        who: x.who.trim().to_string(),
        body: Some(body),
        doc_no: x.doc_no.trim().to_string(),
        note: x.note.to_string(),
        attempt,
        outcome,
    });
    if outcome == Some(ItemOutcome::Rejected) {
        return Ok(());
    }
    if it.effect {
        apply_outcome(case, def, &track, (x.date, x.doc_no.trim()), ctx.policy);
    }
    let all_done = def
        .all_items()
        .all(|(_, d)| done_now(case, track_id, def, &d.key).is_some());
    if all_done {
        let t = &mut case.tracks[ti];
        t.closed = Some(x.date);
        t.completed = true;
    }
    Ok(())
}

/// A pre-review or approval agrees unless recorded as rejected, and a
/// rejection says why (全程纪实).
fn review_outcome(it: &ItemDef, x: &ItemIn) -> Result<ItemOutcome, Refusal> {
    let outcome = x.outcome.unwrap_or(ItemOutcome::Agreed);
    if outcome == ItemOutcome::Rejected && x.note.trim().is_empty() {
        return Err(
            Refusal::new("rejection_reason_required", static_source(&it.source))
                .arg("item", name_of(&it.name_zh, &it.name_en)),
        );
    }
    Ok(outcome)
}

fn check_dates(
    case: &Case,
    track: &Track,
    track_id: RecordId,
    def: &TrackDef,
    (step, it): (u8, &ItemDef),
    x: &ItemIn,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    plain_date(case, x.date, ctx)?;
    if x.date < track.started {
        return Err(
            Refusal::new("date_before_track_start", static_source(&def.source))
                .arg("date", x.date)
                .arg("started", track.started),
        );
    }
    let attempt = current_attempt(case, track_id);
    let previous = case
        .items_of(track_id)
        .filter(|r| r.step < step || it.after.contains(&r.item))
        .filter(|r| super::attempt::counts_now(def, r, attempt))
        .map(|r| r.date)
        .max();
    if let Some(prev) = previous.filter(|p| x.date < *p) {
        return Err(Refusal::new("date_before_previous_step", "N三")
            .arg("date", x.date)
            .arg("previous", prev));
    }
    if let Some(with) = &it.with
        && let Some(r) = done_now(case, track_id, def, with)
        && r.date != x.date
    {
        let name = def
            .find_item(with)
            .map(|(_, d)| name_of(&d.name_zh, &d.name_en).to_string())
            .unwrap_or_default();
        return Err(Refusal::new("item_same_meeting", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en))
            .arg("with", name)
            .arg("date", r.date));
    }
    Ok(())
}

/// Every item is done by the body its definition names (the 基层党委 for a
/// branch that no longer exists); pre-reviews, approvals and filings carry
/// a document number.
fn check_body(case: &Case, it: &ItemDef, x: &ItemIn) -> Result<Body, Refusal> {
    let expected = acting_body(case, it);
    let needs_doc = matches!(
        it.kind,
        ItemKind::PreReview | ItemKind::Approval | ItemKind::Filing
    );
    let given = match x.body {
        Some(b) => b,
        None if needs_doc => {
            return Err(wrong_body(it, expected, None));
        }
        None => expected,
    };
    if given != expected {
        return Err(wrong_body(it, expected, Some(given)));
    }
    if needs_doc && x.doc_no.trim().is_empty() {
        return Err(Refusal::new("doc_no_required", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en)));
    }
    Ok(given)
}

fn wrong_body(it: &ItemDef, expected: Body, given: Option<Body>) -> Refusal {
    let given = given
        .map(|b| lbl(b.label_key()))
        .unwrap_or_else(|| "-".to_string());
    Refusal::new("wrong_body", static_source(&it.source))
        .arg("item", name_of(&it.name_zh, &it.name_en))
        .arg("expected", lbl(expected.label_key()))
        .arg("given", given)
}
