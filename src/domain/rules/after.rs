//! After a decision: correction result, persuasion result [N三], appeals
//! [N三 end] and the look-back review [X三].

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

fn disposed(case: &Case, code: &'static str, source: &'static str) -> Result<(), Refusal> {
    if !DISPOSED.contains(&case.status) {
        return Err(Refusal::new(code, source).arg("status", lbl(case.status.label_key())));
    }
    Ok(())
}

pub fn record_appeal(
    case: &mut Case,
    received: NaiveDate,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    disposed(case, "appeal_not_disposed", "N三")?;
    after_status(case, received, ctx)?;
    if case.appeals.iter().any(|a| a.answered.is_none()) {
        return Err(Refusal::new("appeal_pending", "N三"));
    }
    case.appeals.push(Appeal {
        id: None,
        received,
        note: note.to_string(),
        answered: None,
        result: None,
        answer_note: String::new(),
    });
    Ok(())
}

pub fn answer_appeal(
    case: &mut Case,
    date: NaiveDate,
    result: AppealResult,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    plain_date(case, date, ctx)?;
    let Some(a) = case.appeals.iter_mut().find(|a| a.answered.is_none()) else {
        return Err(Refusal::new("no_pending_appeal", "N三"));
    };
    if date < a.received {
        return Err(Refusal::new("answer_before_appeal", "N三")
            .arg("date", date)
            .arg("received", a.received));
    }
    a.answered = Some(date);
    a.result = Some(result);
    a.answer_note = note.to_string();
    Ok(())
}

/// Look-back review [X三]: keep the decision, or revoke it and handle the
/// case again — back to Regained if contact had been regained, else Lost.
/// The revoked decision's records are kept.
pub fn record_review(
    case: &mut Case,
    date: NaiveDate,
    outcome: ReviewOutcome,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    disposed(case, "review_not_disposed", "X三")?;
    after_status(case, date, ctx)?;
    case.reviews.push(Review {
        id: None,
        date,
        outcome,
        note: note.to_string(),
    });
    if outcome == ReviewOutcome::Revoke {
        let regained = last_milestone(case, MilestoneKind::ContactRegained).is_some();
        let status = if regained {
            Status::Regained
        } else {
            Status::Lost
        };
        set_status(case, status, date);
        if let Some(i) = open_index(case) {
            case.tracks[i].closed = Some(date.max(case.tracks[i].started));
        }
        push_milestone(case, date, MilestoneKind::Revoked, note);
    }
    Ok(())
}
