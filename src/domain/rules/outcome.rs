//! What happens when a track's `effect` item is completed.

use super::common::*;
use crate::domain::model::*;
use crate::domain::procedure::TrackDef;
use chrono::NaiveDate;

pub fn apply_outcome(case: &mut Case, def: &TrackDef, track: &Track, date: NaiveDate) {
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
        Correction => push_milestone(case, date, MilestoneKind::CorrectionStarted, note),
        Normal => {}
        Removal | PersuadeWithdraw | Withdrawal | ProbationCancel => {
            push_milestone(case, date, MilestoneKind::Disposed, note);
        }
    }
}

fn open_suspension(case: &mut Case) -> Option<&mut Suspension> {
    case.suspensions
        .iter_mut()
        .rev()
        .find(|s| s.restored_on.is_none() && s.removed_on.is_none())
}
