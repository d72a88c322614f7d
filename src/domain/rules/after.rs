//! After a decision: correction result and persuasion result [N三]. Appeals
//! are in `appeal.rs`, the look-back review in `lookback.rs`.

use super::Ctx;
use super::common::*;
use crate::domain::dates::add_months;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub fn correction_result(
    case: &mut Case,
    date: NaiveDate,
    result: CorrectionResult,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    if case.status != Status::Correction {
        return Err(
            Refusal::new("not_in_correction", "N三").arg("status", lbl(case.status.label_key()))
        );
    }
    after_status(case, date, ctx)?;
    let start = last_milestone(case, MilestoneKind::CorrectionStarted).unwrap_or(case.status_since);
    let recorded =
        last_milestone(case, MilestoneKind::CorrectionNoChange).is_some_and(|d| d >= start);
    if recorded {
        return Err(Refusal::new("correction_result_recorded", "N三"));
    }
    let months = correction_months(case, ctx.policy);
    let ends = add_months(start, months);
    if date < ends {
        return Err(Refusal::new("correction_period_running", "2024 办法")
            .arg("started", start)
            .arg("months", months)
            .arg("ends", ends));
    }
    if super::record::supports_since(case, start) == 0 {
        return Err(Refusal::new("correction_needs_support", "N三(5)"));
    }
    // The result ends the track: no step alert lingers after it.
    if let Some(i) = open_index(case)
        && case.tracks[i].kind == TrackKind::Correction
    {
        let t = &mut case.tracks[i];
        t.closed = Some(date.max(t.started));
        t.completed = true;
    }
    match result {
        CorrectionResult::Corrected => {
            set_status(case, Status::Normal, date);
            push_milestone(case, date, MilestoneKind::CorrectionCorrected, note);
        }
        CorrectionResult::NoChange => {
            push_milestone(case, date, MilestoneKind::CorrectionNoChange, note);
        }
    }
    Ok(())
}

/// The period decided with the last correction track (tracks of files
/// older than schema 5 have none: the policy default).
pub fn correction_months(case: &Case, policy: &crate::domain::policy::Policy) -> u32 {
    case.tracks
        .iter()
        .rev()
        .find(|t| t.kind == TrackKind::Correction)
        .and_then(|t| t.months)
        .unwrap_or(policy.correction.months)
}

pub fn persuasion_result(
    case: &mut Case,
    date: NaiveDate,
    result: PersuasionResult,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    if case.status != Status::Persuading {
        return Err(
            Refusal::new("not_persuading", "N三").arg("status", lbl(case.status.label_key()))
        );
    }
    after_status(case, date, ctx)?;
    let (status, kind) = match result {
        PersuasionResult::Withdrew => (Status::Withdrawn, MilestoneKind::PersuasionWithdrew),
        PersuasionResult::Refused => (Status::Removed, MilestoneKind::PersuasionRefused),
    };
    set_status(case, status, date);
    push_milestone(case, date, kind, note);
    Ok(())
}
