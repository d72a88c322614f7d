//! The checks an amended entry must still pass: the ones its action passed
//! when it was recorded, run on the amended case (see `amend.rs`).

use super::Ctx;
use super::common::*;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

/// Refuse when the amended record (`target`/`record` in `after`) breaks a
/// rule that `before` passed.
pub fn check_amended(
    before: &Case,
    after: &mut Case,
    target: AmendTarget,
    record: Option<RecordId>,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    match target {
        AmendTarget::Search => {
            let r = after.searches.iter().find(|r| r.id == record);
            if let Some(r) = r {
                after_last_contact(after, r.date, ctx)?;
                require_text(&r.who, "who_required")?;
            }
            coverage_kept(before, after, ctx)
        }
        AmendTarget::Conduct => {
            let r = after.conduct.iter().find(|r| r.id == record);
            if let Some(r) = r {
                plain_date(after, r.date, ctx)?;
                not_before_contact(after, r.date)?;
            }
            Ok(())
        }
        AmendTarget::Item => item(after, record, ctx),
        AmendTarget::Vote => vote(before, after, record, ctx),
        AmendTarget::Regained => regained(before, after, record, ctx),
        AmendTarget::Member => member(before, after, ctx),
    }
}

/// Conduct is learned once contact is regained [N二].
fn not_before_contact(case: &Case, date: NaiveDate) -> Result<(), Refusal> {
    let first = case
        .milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::ContactRegained)
        .map(|m| m.date)
        .min();
    if let Some(regained) = first.filter(|r| date < *r) {
        return Err(Refusal::new("amend_before_contact", "N二")
            .arg("date", date)
            .arg("regained", regained));
    }
    Ok(())
}

/// Items keep their track's order of steps [N三]: not before the track
/// start or an earlier step's item, not after a later step's item; the
/// body's document number where the procedure asks for one.
fn item(case: &Case, record: Option<RecordId>, ctx: &Ctx) -> Result<(), Refusal> {
    let Some(r) = case.items.iter().find(|r| r.id == record) else {
        return Ok(());
    };
    plain_date(case, r.date, ctx)?;
    require_text(&r.who, "who_required")?;
    let track = case.tracks.iter().find(|t| t.id == Some(r.track_id));
    if let Some(t) = track.filter(|t| r.date < t.started) {
        return Err(Refusal::new("date_before_track_start", "N三")
            .arg("date", r.date)
            .arg("started", t.started));
    }
    let same = || case.items_of(r.track_id).filter(|x| x.id != r.id);
    if let Some(prev) = same()
        .filter(|x| x.step < r.step)
        .map(|x| x.date)
        .max()
        .filter(|p| r.date < *p)
    {
        return Err(Refusal::new("date_before_previous_step", "N三")
            .arg("date", r.date)
            .arg("previous", prev));
    }
    if let Some(next) = same()
        .filter(|x| x.step > r.step)
        .map(|x| x.date)
        .min()
        .filter(|n| r.date > *n)
    {
        return Err(Refusal::new("amend_after_next_step", "N三")
            .arg("date", r.date)
            .arg("next", next));
    }
    let def = track.and_then(|t| ctx.procedures.track(t.kind));
    let it = def.and_then(|d| d.find_item(&r.item)).map(|(_, it)| it);
    if let Some(it) = it
        && matches!(
            it.kind,
            ItemKind::PreReview | ItemKind::Approval | ItemKind::Filing
        )
        && r.doc_no.trim().is_empty()
    {
        return Err(Refusal::new("doc_no_required", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en)));
    }
    Ok(())
}

/// Whether a vote's figures make the resolution stand (中组部 rule on 支部大会):
/// `None` when they do not add up.
fn stands(d: &Decision, ctx: &Ctx) -> Option<bool> {
    let cast = d
        .votes_for
        .checked_add(d.against)?
        .checked_add(d.abstaining)?;
    if d.due == 0 || d.attending > d.due || cast > d.attending {
        return None;
    }
    let m = &ctx.policy.meeting;
    let quorum = f64::from(d.attending) > m.quorum_share * f64::from(d.due);
    let passed = f64::from(d.votes_for) > m.pass_share * f64::from(d.due);
    Some(quorum && passed)
}

/// A corrected count must add up, and must not turn a resolution that stood
/// into one that did not (or the reverse): that is a new vote, not a typo.
fn vote(before: &Case, after: &Case, record: Option<RecordId>, ctx: &Ctx) -> Result<(), Refusal> {
    const RULE: &str = "支部大会议事规则";
    let old = before.decisions.iter().find(|d| d.id == record);
    let new = after.decisions.iter().find(|d| d.id == record);
    let (Some(old), Some(new)) = (old, new) else {
        return Ok(());
    };
    let Some(now) = stands(new, ctx) else {
        return Err(Refusal::new("amend_vote_does_not_add_up", RULE)
            .arg("due", new.due)
            .arg("attending", new.attending)
            .arg("for", new.votes_for)
            .arg("against", new.against)
            .arg("abstaining", new.abstaining));
    };
    if stands(old, ctx).is_some_and(|was| was != now) {
        return Err(Refusal::new("amend_vote_changes_result", RULE));
    }
    Ok(())
}

/// Contact is regained after the last contact and the searches before it,
/// and before what needed it (conduct checks, tracks chosen after it).
fn regained(
    before: &Case,
    after: &mut Case,
    record: Option<RecordId>,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    let old = before.milestones.iter().find(|m| m.id == record);
    let new = after.milestones.iter().find(|m| m.id == record);
    let (Some(old), Some(new)) = (old.map(|m| m.date), new.map(|m| m.date)) else {
        return Ok(());
    };
    after_last_contact(after, new, ctx)?;
    let searched = after.searches.iter().map(|s| s.date).filter(|d| *d <= old);
    if let Some(s) = searched.max().filter(|s| new < *s) {
        return Err(Refusal::new("amend_regained_before_search", "N一")
            .arg("date", new)
            .arg("searched", s));
    }
    let needed = after
        .conduct
        .iter()
        .map(|c| c.date)
        .chain(after.tracks.iter().map(|t| t.started).filter(|d| *d >= old))
        .min();
    if let Some(n) = needed.filter(|n| new > *n) {
        return Err(Refusal::new("amend_regained_after_use", "N二")
            .arg("date", new)
            .arg("used", n));
    }
    if after.status_since == old && after.status == Status::Regained {
        after.status_since = new;
    }
    Ok(())
}

/// The member's record passes `validate_member`; the last contact stays
/// before every search and every regained contact, and six months before
/// every measure for members who cannot be found (Notice preamble).
fn member(before: &Case, after: &mut Case, ctx: &Ctx) -> Result<(), Refusal> {
    super::member::validate_member(&after.member, ctx)?;
    let last = after.member.last_contact;
    let later = after
        .searches
        .iter()
        .map(|s| s.date)
        .chain(
            after
                .milestones
                .iter()
                .filter(|m| m.kind == MilestoneKind::ContactRegained)
                .map(|m| m.date),
        )
        .min();
    if let Some(first) = later.filter(|f| last > *f) {
        return Err(Refusal::new("amend_last_contact_after_events", "N前言")
            .arg("last_contact", last)
            .arg("first", first));
    }
    let lost_measures = after.tracks.iter().filter(|t| {
        matches!(
            t.kind,
            TrackKind::Suspension | TrackKind::SuspensionAbroad | TrackKind::SelfLapseRemoval
        ) || (t.kind == TrackKind::ProbationCancel
            && last_milestone(after, MilestoneKind::ContactRegained).is_none_or(|r| r > t.started))
    });
    for t in lost_measures {
        lost_six_months(after, t.started, ctx)?;
    }
    let old = before.member.last_contact;
    if after.status == Status::Lost && after.status_since == old {
        after.status_since = last;
    }
    Ok(())
}

/// Distinct channels searched on or before `date`.
fn covered_by(case: &Case, date: NaiveDate) -> usize {
    let mut v: Vec<Channel> = case
        .searches
        .iter()
        .filter(|s| s.date <= date)
        .map(|s| s.channel)
        .collect();
    v.sort();
    v.dedup();
    v.len()
}

/// X三 「穷尽查找的途径和办法」: a measure for a member who cannot be found,
/// chosen without an override reason because enough channels had been
/// searched, keeps that coverage when a search's channel or date is amended.
fn coverage_kept(before: &Case, after: &Case, ctx: &Ctx) -> Result<(), Refusal> {
    let min = ctx.policy.search.min_channels as usize;
    let measures = after.tracks.iter().filter(|t| {
        t.override_reason.trim().is_empty()
            && matches!(
                t.kind,
                TrackKind::Suspension | TrackKind::SuspensionAbroad | TrackKind::ProbationCancel
            )
    });
    for t in measures {
        let (was, now) = (covered_by(before, t.started), covered_by(after, t.started));
        if was >= min && now < min {
            return Err(Refusal::new("amend_coverage_thin", "X三")
                .arg("covered", now)
                .arg("min", min)
                .arg("started", t.started));
        }
    }
    Ok(())
}
