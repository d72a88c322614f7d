//! What happens when a track's `effect` item is completed.

use super::common::*;
use crate::domain::model::*;
use crate::domain::policy::Policy;
use crate::domain::procedure::TrackDef;
use chrono::NaiveDate;

/// `date` and `doc_no` are the effect item's.
pub fn apply_outcome(
    case: &mut Case,
    def: &TrackDef,
    track: &Track,
    (date, doc_no): (NaiveDate, &str),
    policy: &Policy,
) {
    use TrackKind::*;
    if let Some(status) = def.outcome {
        set_status(case, status, date);
    }
    let note = track.kind.code();
    match track.kind {
        Suspension | SuspensionAbroad | SuspendSettled => {
            case.suspensions.push(crate::domain::model::Suspension {
                id: None,
                date,
                abroad: track.kind != Suspension,
                restored_on: None,
                removed_on: None,
            });
            push_milestone(case, date, MilestoneKind::Disposed, note);
        }
        Restoration => {
            if let Some(s) = open_suspension(case) {
                s.restored_on = Some(date);
            }
        }
        SelfLapseRemoval => {
            if let Some(s) = open_suspension(case) {
                s.removed_on = Some(date);
            }
            push_milestone(case, date, MilestoneKind::Disposed, note);
        }
        Correction => {
            end_suspension(case, date, false);
            push_milestone(case, date, MilestoneKind::CorrectionStarted, note)
        }
        Normal | ResumeLife => end_suspension(case, date, false),
        ProbationExtend => super::probation::apply_extension(case, track, doc_no, policy),
        ProbationConvert => super::probation::apply_conversion(case, date),
        Removal | PersuadeWithdraw => {
            end_suspension(case, date, true);
            push_milestone(case, date, MilestoneKind::Disposed, note);
        }
        Withdrawal | ProbationCancel => {
            push_milestone(case, date, MilestoneKind::Disposed, note);
        }
    }
}

/// A member suspended abroad who regained contact and is brought back to
/// organizational life or disposed of: the suspension ends that day [N四].
fn end_suspension(case: &mut Case, date: NaiveDate, removed: bool) {
    if let Some(s) = open_suspension(case) {
        if removed {
            s.removed_on = Some(date);
        } else {
            s.restored_on = Some(date);
        }
    }
}

fn open_suspension(case: &mut Case) -> Option<&mut Suspension> {
    case.suspensions
        .iter_mut()
        .rev()
        .find(|s| s.restored_on.is_none() && s.removed_on.is_none())
}
