//! Choosing and abandoning an outcome or status track [N二, N三, N四].

use super::Ctx;
use super::common::*;
use crate::domain::dates::add_years;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub struct ChooseIn<'a> {
    pub kind: TrackKind,
    pub date: NaiveDate,
    pub reason: &'a str,
    pub override_reason: &'a str,
}

pub fn choose_track(case: &mut Case, c: ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    let Some(def) = ctx.procedures.track(c.kind) else {
        return Err(Refusal::new("track_undefined", "N三").arg("track", c.kind.code()));
    };
    if let Some(open) = case.open_track() {
        return Err(
            Refusal::new("track_already_open", "N二").arg("open", lbl(open.kind.label_key()))
        );
    }
    if c.kind == TrackKind::Restoration
        && matches!(
            case.status,
            Status::Removed | Status::Withdrawn | Status::Persuading
        )
    {
        return Err(Refusal::new("restore_after_disposal", "Art.24; 2024 办法")
            .arg("status", lbl(case.status.label_key())));
    }
    if !def.from.contains(&case.status) {
        return Err(
            Refusal::new("track_wrong_status", static_source(&def.source))
                .arg("track", lbl(c.kind.label_key()))
                .arg("status", lbl(case.status.label_key())),
        );
    }
    after_status(case, c.date, ctx)?;
    check_kind(case, &c, ctx)?;
    case.tracks.push(Track {
        id: None,
        kind: c.kind,
        started: c.date,
        reason: c.reason.to_string(),
        override_reason: c.override_reason.trim().to_string(),
        closed: None,
        completed: false,
    });
    Ok(())
}

fn check_kind(case: &Case, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    use TrackKind::*;
    match c.kind {
        Normal | Correction => {
            no_discipline(case)?;
            conduct_known(case)
        }
        Removal => no_discipline(case),
        PersuadeWithdraw => {
            no_discipline(case)?;
            after_no_change(case)
        }
        Suspension | SuspensionAbroad => suspension_allowed(case, c, ctx),
        SuspendSettled => settled_allowed(case),
        ProbationCancel => cancel_allowed(case, c, ctx),
        Restoration => restoration_allowed(case, c.date, ctx),
        SelfLapseRemoval => {
            lost_six_months(case, c.date, ctx)?;
            self_lapse_allowed(case, c.date, ctx)
        }
        Withdrawal => Ok(()),
    }
}

/// A member disciplined for the matter is not also disposed of; a referral
/// without outcome must be answered first (2024 办法 Art.4).
fn no_discipline(case: &Case) -> Result<(), Refusal> {
    if case.referrals.iter().any(|r| r.disciplined == Some(true)) {
        return Err(Refusal::new(
            "disciplined_no_disposition",
            "2024 办法 Art.4",
        ));
    }
    if let Some(r) = case.referrals.iter().find(|r| r.outcome_date.is_none()) {
        return Err(Refusal::new("referral_pending", "2024 办法 Art.4").arg("referred", r.date));
    }
    Ok(())
}

/// Normal management and correction need all four conduct checks, none
/// finding a violation [N二, N三].
fn conduct_known(case: &Case) -> Result<(), Refusal> {
    for check in ConductCheck::ALL {
        if !case.conduct.iter().any(|r| r.check == *check) {
            return Err(
                Refusal::new("conduct_incomplete", "N二").arg("check", lbl(check.label_key()))
            );
        }
    }
    if let Some(r) = case
        .conduct
        .iter()
        .find(|r| r.result == CheckResult::Violation)
    {
        return Err(Refusal::new("conduct_violation", "N三")
            .arg("check", lbl(r.check.label_key()))
            .arg("date", r.date));
    }
    Ok(())
}

/// From correction, persuasion only after the period ended without change [N三(4)].
fn after_no_change(case: &Case) -> Result<(), Refusal> {
    if case.status != Status::Correction {
        return Ok(());
    }
    let started = last_milestone(case, MilestoneKind::CorrectionStarted);
    let no_change = last_milestone(case, MilestoneKind::CorrectionNoChange);
    match (started, no_change) {
        (Some(s), Some(n)) if n >= s => Ok(()),
        _ => Err(Refusal::new("persuade_needs_no_change", "N三")),
    }
}

/// Cancel a probationary member who cannot be found (after the channels are
/// exhausted), or one found again after the probation had already ended; one
/// found while still in probation must have it extended instead [N二, N四].
fn cancel_allowed(case: &Case, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    probationary(case)?;
    if case.status == Status::Lost {
        lost_six_months(case, c.date, ctx)?;
        return coverage(case, c, ctx);
    }
    let regained = last_milestone(case, MilestoneKind::ContactRegained);
    let end = case
        .member
        .probation_start
        .map(|s| crate::domain::dates::add_months(s, ctx.policy.probation.months));
    if let (Some(regained), Some(end)) = (regained, end)
        && regained < end
    {
        return Err(Refusal::new("cancel_during_probation", "N二")
            .arg("regained", regained)
            .arg("end", end));
    }
    Ok(())
}

/// Probationary members who cannot be found are not suspended: their
/// probationary membership is cancelled [N四].
fn suspension_allowed(case: &Case, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    if case.member.membership == Membership::Probationary {
        return Err(Refusal::new("suspension_probationary", "N四"));
    }
    let abroad = case.member.abroad != Abroad::No;
    if c.kind == TrackKind::Suspension && abroad {
        return Err(Refusal::new("suspension_member_abroad", "N四")
            .arg("abroad", lbl(case.member.abroad.label_key())));
    }
    if c.kind == TrackKind::SuspensionAbroad && !abroad {
        return Err(Refusal::new("suspension_member_not_abroad", "N四"));
    }
    after_last_contact(case, c.date, ctx)?;
    lost_six_months(case, c.date, ctx)?;
    coverage(case, c, ctx)
}

/// "Exhaust the channels" before any status decision for no contact [X三]:
/// thin coverage needs a recorded override reason.
fn coverage(case: &Case, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    let covered = case.channels_covered().len();
    let min = ctx.policy.search.min_channels as usize;
    if covered < min && c.override_reason.trim().is_empty() {
        return Err(Refusal::new("search_coverage_thin", "X三")
            .arg("covered", covered)
            .arg("min", min));
    }
    Ok(())
}

/// Full members settled abroad who regained contact are suspended [N四];
/// probationary ones are not kept (cancel instead).
fn settled_allowed(case: &Case) -> Result<(), Refusal> {
    if case.member.abroad != Abroad::Settled {
        return Err(Refusal::new("suspend_settled_not_settled", "N四")
            .arg("abroad", lbl(case.member.abroad.label_key())));
    }
    if case.member.membership != Membership::Full {
        return Err(Refusal::new("suspend_settled_probationary", "N四"));
    }
    Ok(())
}

pub fn probationary(case: &Case) -> Result<(), Refusal> {
    if case.member.membership != Membership::Probationary {
        return Err(Refusal::new("not_probationary", "N二"));
    }
    Ok(())
}

/// Whether the restoration window applies to a suspension (domestic always,
/// abroad only on a local rule — the Notice sets none, N四).
pub fn window_applies(s: &Suspension, ctx: &Ctx) -> bool {
    !s.abroad || ctx.policy.suspension.abroad_removal_after_window
}

fn current_suspension(case: &Case) -> Result<&Suspension, Refusal> {
    case.suspensions
        .iter()
        .rev()
        .find(|s| s.restored_on.is_none() && s.removed_on.is_none())
        .ok_or_else(|| Refusal::new("no_suspension_record", "N四"))
}

/// Contact regained after the suspension, or the member was in contact when
/// suspended (settled abroad).
fn in_contact_since(case: &Case, s: &Suspension) -> bool {
    let settled = case
        .tracks
        .iter()
        .rev()
        .find(|t| t.completed)
        .is_some_and(|t| t.kind == TrackKind::SuspendSettled);
    settled || last_milestone(case, MilestoneKind::ContactRegained).is_some_and(|d| d >= s.date)
}

fn restoration_allowed(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    let s = current_suspension(case)?;
    let years = ctx.policy.suspension.restore_window_years;
    let closes = add_years(s.date, years);
    if window_applies(s, ctx) && date > closes {
        return Err(Refusal::new("restore_window_closed", "N四")
            .arg("suspended", s.date)
            .arg("years", years)
            .arg("closes", closes));
    }
    if !in_contact_since(case, s) {
        return Err(Refusal::new("restoration_needs_contact", "N四"));
    }
    Ok(())
}

fn self_lapse_allowed(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    let s = current_suspension(case)?;
    if !window_applies(s, ctx) {
        return Err(Refusal::new("self_lapse_abroad", "N四"));
    }
    let years = ctx.policy.suspension.restore_window_years;
    let closes = add_years(s.date, years);
    if date <= closes {
        return Err(Refusal::new("self_lapse_window_open", "N四")
            .arg("suspended", s.date)
            .arg("years", years)
            .arg("closes", closes));
    }
    if in_contact_since(case, s) {
        return Err(Refusal::new("self_lapse_contact_regained", "N四"));
    }
    Ok(())
}

pub fn abandon_track(
    case: &mut Case,
    date: NaiveDate,
    reason: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    let Some(i) = open_index(case) else {
        return Err(Refusal::new("no_open_track", "N三"));
    };
    require_text(reason, "reason_required")?;
    plain_date(case, date, ctx)?;
    let started = case.tracks[i].started;
    if date < started {
        return Err(Refusal::new("date_before_track_start", "N三")
            .arg("date", date)
            .arg("started", started));
    }
    let t = &mut case.tracks[i];
    t.closed = Some(date);
    t.completed = false;
    if !t.reason.is_empty() {
        t.reason.push_str(" / ");
    }
    t.reason.push_str(reason.trim());
    Ok(())
}
