//! Facts of the status tracks [N四]: suspension for no contact, members
//! settled abroad, cancellation of probationary membership, restoration and
//! removal as 自行脱党. Named in `requires` (see `facts.rs`).

use super::Ctx;
use super::common::*;
use super::track::ChooseIn;
use crate::domain::dates::add_years;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

/// Cancel a probationary member who cannot be found (after the channels are
/// exhausted), or one found again after the probation had already ended; one
/// found while still in probation must have it extended instead [N二, N四].
pub fn cancel_allowed(case: &Case, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    probationary(case)?;
    if case.status == Status::Lost {
        lost_six_months(case, c.date, ctx)?;
        return coverage(case, c, ctx);
    }
    if case.member.abroad == Abroad::Settled {
        return Err(Refusal::new("cancel_settled_lapse", "N四"));
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
pub fn suspension_allowed(case: &Case, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
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
pub fn settled_allowed(case: &Case) -> Result<(), Refusal> {
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

/// The restoration window of N四 (「党员停止党籍2年内，本人与党组织取得联系并书面
/// 提出恢复党籍申请」): it is met when both the contact and the written
/// application fall within it (both ends inclusive); the investigation,
/// review and approval may come after. The track may be chosen after the
/// window when the contact came within it; the application item checks its
/// own date (`application_in_window`).
pub fn restoration_allowed(case: &Case, _date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    let s = current_suspension(case)?;
    if !in_contact_since(case, s) {
        return Err(Refusal::new("restoration_needs_contact", "N四"));
    }
    let contact = last_milestone(case, MilestoneKind::ContactRegained);
    if let (Some(closes), Some(contact)) = (window_closes(s, ctx), contact)
        && contact > closes
    {
        return Err(Refusal::new("restore_window_closed", "N四")
            .arg("suspended", s.date)
            .arg("years", ctx.policy.suspension.restore_window_years)
            .arg("closes", closes)
            .arg("date", contact));
    }
    Ok(())
}

/// Last day of the restoration window, when the window applies.
fn window_closes(s: &Suspension, ctx: &Ctx) -> Option<NaiveDate> {
    window_applies(s, ctx).then(|| add_years(s.date, ctx.policy.suspension.restore_window_years))
}

/// The written application is dated within the window (N四).
pub fn application_in_window(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    let s = current_suspension(case)?;
    if let Some(closes) = window_closes(s, ctx)
        && date > closes
    {
        return Err(Refusal::new("restore_window_closed", "N四")
            .arg("suspended", s.date)
            .arg("years", ctx.policy.suspension.restore_window_years)
            .arg("closes", closes)
            .arg("date", date));
    }
    if date < s.date {
        return Err(Refusal::new("application_before_suspension", "N四")
            .arg("date", date)
            .arg("suspended", s.date));
    }
    Ok(())
}

/// From 停止党籍, a disposition or normal management is open only to a member
/// suspended abroad who regained contact since (「待取得联系后，根据其失联原因、
/// 表现情况等，按照相关规定恢复组织生活或给予组织处置」, N四); a domestic
/// suspension is lifted by 恢复党籍 alone.
pub fn suspended_abroad_in_contact(case: &Case) -> Result<(), Refusal> {
    if case.status != Status::Suspended {
        return Ok(());
    }
    let s = current_suspension(case)?;
    if !s.abroad {
        return Err(Refusal::new("suspended_domestic_restore_only", "N四"));
    }
    if !in_contact_since(case, s) {
        return Err(Refusal::new("restoration_needs_contact", "N四"));
    }
    Ok(())
}

pub fn self_lapse_allowed(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    lost_six_months(case, date, ctx)?;
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
