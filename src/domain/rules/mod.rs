//! The rules engine: validates an action against a case and applies it.
//! Every refusal names its rule and source paragraph. Each action works on a
//! clone of the case; the case is replaced only when the action succeeds.

mod after;
mod amend;
mod amend_check;
mod appeal;
mod attempt;
mod common;
mod contact;
mod correct;
pub mod facts;
mod item;
mod lookback;
mod member;
mod outcome;
mod probation;
mod record;
mod status_facts;
mod text;
mod track;
mod transfer;
mod vote;

#[cfg(test)]
mod tests;

pub use after::correction_months;
pub use amend::fields as amend_fields;
pub use attempt::{acting_body, current_attempt, done_now};
pub use correct::{Target as CorrectionTarget, check_correction};
pub use item::earlier_missing;
pub use lookback::check_campaign;
pub use member::validate_member;
pub use probation::probation_end;
pub use text::{CODE as CONTROL_CHARACTER, check_action as check_text};

use super::action::Action;
use super::model::{Campaign, Case};
use super::policy::Policy;
use super::procedure::Procedures;
use super::refusal::Refusal;
use chrono::NaiveDate;

/// What the rules need besides the case: policy, procedures and today.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub policy: &'a Policy,
    pub procedures: &'a Procedures,
    pub today: NaiveDate,
    /// The look-back campaigns on record (X三), for `record_review`.
    pub campaigns: &'a [Campaign],
}

/// Validate `action` against `case` and apply it in place. On refusal the
/// case is left untouched. `CreateCase` is not handled here (see `validate_member`).
pub fn apply(case: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    let mut work = case.clone();
    dispatch(&mut work, action, ctx)?;
    *case = work;
    Ok(())
}

fn dispatch(c: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    use Action::*;
    match action {
        CreateCase { .. } | StartCampaign { .. } => {
            Err(Refusal::new("create_case_not_an_update", "N五"))
        }
        UpdateContact {
            phone,
            address,
            employer,
            abroad,
            ..
        } => contact::update_contact(c, phone, address, employer, *abroad),
        RecordSearch { .. } | RegainContact { .. } | PlaceInBranch { .. } => {
            contact_action(c, action, ctx)
        }
        RecordConduct { .. } | ReferToDiscipline { .. } | RecordReferralOutcome { .. } => {
            contact_action(c, action, ctx)
        }
        RecordAssessment { .. }
        | RecordEducation { .. }
        | RecordSupport { .. }
        | MarkBranchGone { .. } => record_action(c, action, ctx),
        RecordTransfer { .. } | RecordLetterReceipt { .. } | RecordRetention { .. } => {
            transfer_action(c, action, ctx)
        }
        ChooseTrack { .. } | AbandonTrack { .. } | CompleteItem { .. } => {
            track_action(c, action, ctx)
        }
        Amend { .. } | RecordProbationLapse { .. } => history_action(c, action, ctx),
        _ => later_action(c, action, ctx),
    }
}

/// Actions of issue 11 ("Time and history"): amendments.
fn history_action(c: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    match action {
        Action::Amend {
            date,
            target,
            record,
            values,
            note,
            ..
        } => amend::amend(
            c,
            amend::AmendIn {
                date: *date,
                target: *target,
                record: *record,
                values,
                note,
            },
            ctx,
        ),
        Action::RecordProbationLapse { date, note, .. } => {
            probation::record_lapse(c, *date, note, ctx)
        }
        _ => Err(unhandled(action)),
    }
}

fn contact_action(c: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    use Action::*;
    match action {
        RecordSearch {
            date,
            channel,
            who,
            result,
            note,
            ..
        } => contact::record_search(
            c,
            contact::SearchIn {
                date: *date,
                channel: *channel,
                who,
                result: *result,
                note,
            },
            ctx,
        ),
        RegainContact { date, note, .. } => contact::regain_contact(c, *date, note, ctx),
        PlaceInBranch { date, branch, .. } => contact::place_in_branch(c, *date, branch, ctx),
        RecordConduct {
            check,
            date,
            result,
            note,
            ..
        } => contact::record_conduct(c, *check, *date, *result, note, ctx),
        ReferToDiscipline { date, note, .. } => contact::refer(c, *date, note, ctx),
        RecordReferralOutcome {
            date,
            outcome,
            note,
            ..
        } => contact::referral_outcome(c, *date, *outcome, note, ctx),
        _ => Err(unhandled(action)),
    }
}

fn record_action(c: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    use Action::*;
    match action {
        RecordAssessment {
            date,
            cause,
            acknowledges,
            note,
            ..
        } => record::record_assessment(c, *date, *cause, *acknowledges, note, ctx),
        RecordEducation { date, note, .. } => record::record_education(c, *date, note, ctx),
        RecordSupport {
            date,
            measure,
            note,
            ..
        } => record::record_support(c, *date, *measure, note, ctx),
        MarkBranchGone { date, note, .. } => record::mark_branch_gone(c, *date, note, ctx),
        _ => Err(unhandled(action)),
    }
}

fn transfer_action(c: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    use Action::*;
    match action {
        RecordTransfer {
            to_org,
            letter_no,
            issued,
            reissued,
            ..
        } => transfer::record_transfer(c, to_org, letter_no, *issued, *reissued, ctx),
        RecordLetterReceipt {
            letter_no, date, ..
        } => transfer::letter_receipt(c, letter_no, *date, ctx),
        RecordRetention {
            date, doc_no, note, ..
        } => transfer::record_retention(c, *date, doc_no, note, ctx),
        _ => Err(unhandled(action)),
    }
}

fn track_action(c: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    use Action::*;
    match action {
        ChooseTrack {
            track,
            date,
            reason,
            override_reason,
            months,
            ground,
            ..
        } => track::choose_track(
            c,
            track::ChooseIn {
                kind: *track,
                date: *date,
                reason,
                override_reason,
                months: *months,
                ground: *ground,
            },
            ctx,
        ),
        AbandonTrack { date, reason, .. } => track::abandon_track(c, *date, reason, ctx),
        CompleteItem {
            item,
            date,
            who,
            body,
            doc_no,
            note,
            vote,
            outcome,
            ..
        } => item::complete_item(
            c,
            item::ItemIn {
                item,
                date: *date,
                who,
                body: *body,
                doc_no,
                note,
                vote: vote.as_ref(),
                outcome: *outcome,
            },
            ctx,
        ),
        _ => Err(unhandled(action)),
    }
}

fn later_action(c: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    use Action::*;
    match action {
        RecordCorrectionResult {
            date, result, note, ..
        } => after::correction_result(c, *date, *result, note, ctx),
        RecordPersuasionResult {
            date, result, note, ..
        } => after::persuasion_result(c, *date, *result, note, ctx),
        RecordAppeal {
            kind,
            received,
            note,
            ..
        } => appeal::record_appeal(c, *kind, *received, note, ctx),
        AnswerAppeal {
            date, result, note, ..
        } => appeal::answer_appeal(c, *date, *result, note, ctx),
        RecordReview {
            campaign,
            date,
            outcome,
            who,
            criteria,
            note,
            ..
        } => lookback::record_review(
            c,
            lookback::ReviewIn {
                campaign: *campaign,
                date: *date,
                outcome: *outcome,
                who,
                criteria,
                note,
            },
            ctx,
        ),
        _ => Err(unhandled(action)),
    }
}

fn unhandled(action: &Action) -> Refusal {
    Refusal::new("action_not_applicable", "N五").arg("action", action.name())
}
