//! Appeals [N三 end]: 「被处置党员对处置结果有不同意见的，按《中国共产党党员权利
//! 保障条例》规定提出申诉。党组织要按照规定进行复议、复查，并对本人作出回复。」
//! 维持 keeps the decision; 撤销 or 变更 means it no longer stands and the case
//! is handled again, as after a look-back 撤销, the old decision kept.

use super::Ctx;
use super::common::*;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub(super) fn disposed(
    case: &Case,
    code: &'static str,
    source: &'static str,
) -> Result<(), Refusal> {
    if !DISPOSED.contains(&case.status) {
        return Err(Refusal::new(code, source).arg("status", lbl(case.status.label_key())));
    }
    Ok(())
}

pub fn record_appeal(
    case: &mut Case,
    kind: AppealKind,
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
        kind: Some(kind),
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
    if result != AppealResult::Upheld && DISPOSED.contains(&case.status) {
        reopen(case, date, note, MilestoneKind::AppealGranted);
    }
    Ok(())
}

/// The disposition no longer stands (appeal 撤销/变更, look-back 撤销 [X三]):
/// the case is handled again from where it stood before it — a removal as
/// 自行脱党 goes back to the suspension it ended (which stands), any other
/// decision to Regained when contact had been regained, else to Lost. The
/// decision's track, items and votes stay on record; an open track closes.
pub(super) fn reopen(case: &mut Case, date: NaiveDate, note: &str, kind: MilestoneKind) {
    // The decision that stands, even when a step after it (the filing) is
    // still open; else the last completed track.
    let last = crate::domain::lookback::disposition(case)
        .map(|d| case.tracks[d.track].kind)
        .or_else(|| {
            case.tracks
                .iter()
                .rev()
                .find(|t| t.completed)
                .map(|t| t.kind)
        });
    let status = if case.status == Status::Removed && last == Some(TrackKind::SelfLapseRemoval) {
        if let Some(s) = case
            .suspensions
            .iter_mut()
            .rev()
            .find(|s| s.removed_on.is_some())
        {
            s.removed_on = None;
        }
        Status::Suspended
    } else if last_milestone(case, MilestoneKind::ContactRegained).is_some() {
        Status::Regained
    } else {
        Status::Lost
    };
    set_status(case, status, date);
    if let Some(i) = open_index(case) {
        case.tracks[i].closed = Some(date.max(case.tracks[i].started));
    }
    push_milestone(case, date, kind, note);
}
