//! Completing checklist items of the open track: order of steps, bodies,
//! document numbers, votes [N三], and the outcome of the `effect` item.

use super::Ctx;
use super::common::*;
use super::outcome::apply_outcome;
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
}

/// The first item of a step before `step` not yet done, as a refusal naming it.
pub fn earlier_missing(
    case: &Case,
    track_id: RecordId,
    def: &TrackDef,
    step: u8,
) -> Option<Refusal> {
    let done = |key: &str| case.items_of(track_id).any(|r| r.item == key);
    def.all_items()
        .find(|(s, it)| *s < step && !done(&it.key))
        .map(|(s, it)| {
            Refusal::new("earlier_step_unfinished", static_source(&it.source))
                .arg("missing", name_of(&it.name_zh, &it.name_en))
                .arg("missing_step", s)
                .arg("step", step)
        })
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
    if case.items_of(track_id).any(|r| r.item == it.key) {
        return Err(Refusal::new("item_already_done", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en)));
    }
    if let Some(r) = earlier_missing(case, track_id, def, step) {
        return Err(r);
    }
    check_dates(case, &track, track_id, def, step, &x, ctx)?;
    require_text(x.who, "who_required")?;
    check_body(it, &x)?;
    if it.kind == ItemKind::Vote {
        let decision = check_vote(it, track_id, &x, ctx)?;
        case.decisions.push(decision);
    }
    case.items.push(ItemRecord {
        id: None,
        track_id,
        step,
        item: it.key.clone(),
        date: x.date,
        who: x.who.trim().to_string(),
        body: x.body.or(Some(it.body)),
        doc_no: x.doc_no.trim().to_string(),
        note: x.note.to_string(),
    });
    if it.effect {
        apply_outcome(case, def, &track, x.date);
    }
    let all_done = def
        .all_items()
        .all(|(_, d)| case.items_of(track_id).any(|r| r.item == d.key));
    if all_done {
        let t = &mut case.tracks[ti];
        t.closed = Some(x.date);
        t.completed = true;
    }
    Ok(())
}

fn check_dates(
    case: &Case,
    track: &Track,
    track_id: RecordId,
    def: &TrackDef,
    step: u8,
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
    let previous = case
        .items_of(track_id)
        .filter(|r| r.step < step)
        .map(|r| r.date)
        .max();
    if let Some(prev) = previous.filter(|p| x.date < *p) {
        return Err(Refusal::new("date_before_previous_step", "N三")
            .arg("date", x.date)
            .arg("previous", prev));
    }
    Ok(())
}

/// Pre-reviews, approvals and filings are done by the body the procedure
/// names, under a document number.
fn check_body(it: &ItemDef, x: &ItemIn) -> Result<(), Refusal> {
    if !matches!(
        it.kind,
        ItemKind::PreReview | ItemKind::Approval | ItemKind::Filing
    ) {
        return Ok(());
    }
    if x.body != Some(it.body) {
        let given = x
            .body
            .map(|b| lbl(b.label_key()))
            .unwrap_or_else(|| "-".to_string());
        return Err(Refusal::new("wrong_body", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en))
            .arg("expected", lbl(it.body.label_key()))
            .arg("given", given));
    }
    if x.doc_no.trim().is_empty() {
        return Err(Refusal::new("doc_no_required", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en)));
    }
    Ok(())
}

/// Quorum and majority of the branch general meeting (中组部 rule on 支部大会),
/// and the member's signature on the resolution [N三(3)].
fn check_vote(
    it: &ItemDef,
    track_id: RecordId,
    x: &ItemIn,
    ctx: &Ctx,
) -> Result<Decision, Refusal> {
    const RULE: &str = "支部大会议事规则";
    let Some(v) = x.vote else {
        return Err(Refusal::new("vote_required", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en)));
    };
    let m = &ctx.policy.meeting;
    if v.due == 0 {
        return Err(Refusal::new("vote_due_zero", RULE));
    }
    if v.attending > v.due {
        return Err(Refusal::new("vote_attending_exceeds_due", RULE)
            .arg("attending", v.attending)
            .arg("due", v.due));
    }
    let cast = v.votes_for + v.against + v.abstaining;
    if cast > v.attending {
        return Err(Refusal::new("vote_count_exceeds_attending", RULE)
            .arg("cast", cast)
            .arg("attending", v.attending));
    }
    if f64::from(v.attending) <= m.quorum_share * f64::from(v.due) {
        return Err(Refusal::new("vote_no_quorum", RULE)
            .arg("attending", v.attending)
            .arg("due", v.due));
    }
    if f64::from(v.votes_for) <= m.pass_share * f64::from(v.due) {
        return Err(Refusal::new("vote_not_passed", RULE)
            .arg("for", v.votes_for)
            .arg("due", v.due));
    }
    if v.signature != Signature::Signed && v.signature_note.trim().is_empty() {
        return Err(Refusal::new("signature_note_required", "N三(3)")
            .arg("signature", lbl(v.signature.label_key())));
    }
    Ok(Decision {
        id: None,
        track_id,
        meeting_date: x.date,
        due: v.due,
        attending: v.attending,
        votes_for: v.votes_for,
        against: v.against,
        abstaining: v.abstaining,
        signature: v.signature,
        signature_note: v.signature_note.trim().to_string(),
    })
}
