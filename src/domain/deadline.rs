//! Deadlines (DOMAIN.md "Deadlines the alert pane must show"), computed from
//! a case's records alone. Due dates never depend on "today"; days left do.

use super::dates::{add_days, add_months, add_years};
use super::model::{Abroad, Campaign, Case, CaseId, Membership, MilestoneKind, Status, code_enum};
use super::policy::Policy;
use super::procedure::Procedures;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum!(
    /// One row of DOMAIN.md's deadline table.
    DeadlineKind {
        BecomesLost = "becomes_lost",
        ProbationEnds = "probation_ends",
        ExtendedProbationEnds = "extended_probation_ends",
        CorrectionEnds = "correction_ends",
        RestorationWindowCloses = "restoration_window_closes",
        AppealAnswer = "appeal_answer",
        LetterExpires = "letter_expires",
        StepWaiting = "step_waiting",
        SearchStale = "search_stale",
        LookbackReview = "lookback_review",
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub case: CaseId,
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// Name of the action that clears it (as in `Action::name`).
    pub clears: String,
    /// Short detail, e.g. the step or letter number concerned.
    pub detail: String,
}

impl Deadline {
    /// Days from `today` to the due date; negative = overdue.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.due - today).num_days()
    }
}

/// The row the roster shows (and sorts by) as a case's next deadline: the
/// earliest, except "becomes a lost-contact member". That row is a notice for
/// one day, which the alerts show until it has passed and the status column
/// shows as a watch case; stored as the next deadline it would read
/// "overdue by N days" for as long as the case stays lost, since stored rows
/// cannot know today.
pub fn next_for_roster(ds: &[Deadline]) -> Option<&Deadline> {
    ds.iter()
        .filter(|d| d.kind != DeadlineKind::BecomesLost)
        .min_by_key(|d| (d.due, d.kind))
}

/// Urgency bucket for the alert pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Urgency {
    Overdue,
    Week,
    Month,
    Later,
}

pub fn urgency(days_left: i64) -> Urgency {
    match days_left {
        d if d < 0 => Urgency::Overdue,
        0..=7 => Urgency::Week,
        8..=30 => Urgency::Month,
        _ => Urgency::Later,
    }
}

/// Every open deadline of one case, from its records and the policy.
/// Closed cases (removed, withdrawn, probation cancelled) only keep the
/// appeal and look-back deadlines, plus the step alert of a still open track.
/// The look-back rows come from the campaigns on record (X三).
pub fn compute(
    case: &Case,
    policy: &Policy,
    procedures: &Procedures,
    campaigns: &[Campaign],
) -> Vec<Deadline> {
    let mut out = Vec::new();
    let mut push = |kind: DeadlineKind, due: NaiveDate, clears: &str, detail: String| {
        out.push(Deadline {
            case: case.id,
            kind,
            due,
            clears: clears.to_string(),
            detail,
        })
    };
    let closed = matches!(
        case.status,
        Status::Removed
            | Status::Withdrawn
            | Status::ProbationCancelled
            | Status::ProbationLapsed
            | Status::Expelled
    );
    if !closed {
        lost_rows(case, policy, &mut push);
        probation_rows(case, policy, &mut push);
        status_rows(case, policy, &mut push);
        for t in case.transfers.iter().filter(|t| t.received.is_none()) {
            let due = add_days(t.issued, policy.transfer.letter_valid_days);
            push(
                DeadlineKind::LetterExpires,
                due,
                "record_letter_receipt",
                t.letter_no.clone(),
            );
        }
    }
    for a in case.appeals.iter().filter(|a| a.answered.is_none()) {
        let due = add_days(a.received, policy.appeal.answer_days);
        push(
            DeadlineKind::AppealAnswer,
            due,
            "answer_appeal",
            a.received.to_string(),
        );
    }
    if let Some((due, detail)) = step_waiting(case, policy, procedures) {
        push(DeadlineKind::StepWaiting, due, "complete_item", detail);
    }
    for (due, detail) in super::lookback::due(case, campaigns, policy, procedures) {
        push(DeadlineKind::LookbackReview, due, "record_review", detail);
    }
    out.sort_by_key(|d| d.due);
    out
}

type Push<'a> = dyn FnMut(DeadlineKind, NaiveDate, &str, String) + 'a;

/// Notice preamble (6 months without contact) and N一 (search lately). The
/// "becomes a lost-contact member" row stays while the case is lost, searched
/// or not: the alert query hides it once its day has passed. A lost case never
/// searched is due for a search from that day.
fn lost_rows(case: &Case, policy: &Policy, push: &mut Push) {
    if case.status != Status::Lost {
        return;
    }
    let from = super::lost::lost_from(case.member.last_contact, policy);
    push(
        DeadlineKind::BecomesLost,
        from,
        "record_search",
        String::new(),
    );
    let (due, detail) = match case.last_search() {
        None => (from, String::new()),
        Some(s) => (
            add_days(s.date, policy.search.stale_days),
            s.channel.code().to_string(),
        ),
    };
    push(DeadlineKind::SearchStale, due, "record_search", detail);
}

/// N二: probation ends (must extend), extended probation ends (convert).
fn probation_rows(case: &Case, policy: &Policy, push: &mut Push) {
    if case.member.membership != Membership::Probationary {
        return;
    }
    let (kind, due) = match case.extensions.last() {
        None => match case.member.probation_start {
            Some(start) => (
                DeadlineKind::ProbationEnds,
                add_months(start, policy.probation.months),
            ),
            None => return,
        },
        Some(e) => (
            DeadlineKind::ExtendedProbationEnds,
            add_months(e.start, e.months),
        ),
    };
    let (clears, what) = probation_next(case, policy, due);
    push(kind, due, clears, what.to_string());
}

/// What can be done when probation ends on `due`: a member settled abroad —
/// record the lapse [N四]; a lost member — 「对确实无法取得联系的预备党员，
/// 取消预备党员资格」 [N四], a 取消 track once the member has been a 失联党员
/// by that day and the channels searched reach `search.min_channels`, else
/// search first; one in contact — the general meeting extends, then
/// converts (N二).
fn probation_next(case: &Case, policy: &Policy, due: NaiveDate) -> (&'static str, &'static str) {
    if case.member.abroad == Abroad::Settled {
        return ("record_probation_lapse", "");
    }
    if case.status == Status::Lost {
        let lost = super::lost::lost_from(case.member.last_contact, policy) <= due;
        let covered = case.channels_covered().len() >= policy.search.min_channels as usize;
        return if lost && covered {
            ("choose_track", "probation_cancel")
        } else {
            ("record_search", "probation_cancel")
        };
    }
    if case.extensions.is_empty() {
        ("choose_track", "probation_extend")
    } else {
        ("choose_track", "probation_convert")
    }
}

/// N三 correction period, N四 restoration window.
fn status_rows(case: &Case, policy: &Policy, push: &mut Push) {
    match case.status {
        Status::Correction => {
            let start = last_milestone(case, MilestoneKind::CorrectionStarted);
            let result = last_milestone(case, MilestoneKind::CorrectionNoChange);
            if let Some(start) = start.filter(|s| result.is_none_or(|r| r < *s)) {
                let due = add_months(start, crate::domain::rules::correction_months(case, policy));
                push(
                    DeadlineKind::CorrectionEnds,
                    due,
                    "record_correction_result",
                    String::new(),
                );
            }
        }
        Status::Suspended => {
            let open = case
                .suspensions
                .iter()
                .rev()
                .find(|s| s.restored_on.is_none() && s.removed_on.is_none());
            if let Some(s) =
                open.filter(|s| !s.abroad || policy.suspension.abroad_removal_after_window)
            {
                let due = add_years(s.date, policy.suspension.restore_window_years);
                push(
                    DeadlineKind::RestorationWindowCloses,
                    due,
                    "choose_track",
                    String::new(),
                );
            }
        }
        _ => {}
    }
}

fn last_milestone(case: &Case, kind: MilestoneKind) -> Option<NaiveDate> {
    case.milestones
        .iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.date)
        .max()
}

/// The first unfinished step of the open track, waiting since the last
/// completed item (or the track start).
fn step_waiting(
    case: &Case,
    policy: &Policy,
    procedures: &Procedures,
) -> Option<(NaiveDate, String)> {
    let index = case.tracks.iter().rposition(|t| t.closed.is_none())?;
    let track = &case.tracks[index];
    let track_id = track.id.unwrap_or(-(index as i64) - 1);
    let def = procedures.track(track.kind)?;
    let done: Vec<_> = case.items_of(track_id).collect();
    let step = def.steps.iter().find(|s| {
        s.items
            .iter()
            .any(|it| !done.iter().any(|r| r.item == it.key))
    })?;
    let since = done
        .iter()
        .map(|r| r.date)
        .max()
        .unwrap_or(track.started)
        .max(track.started);
    Some((
        add_days(since, policy.procedure.step_wait_days),
        step.name_zh.clone(),
    ))
}
