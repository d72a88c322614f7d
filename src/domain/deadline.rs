//! Deadlines (DOMAIN.md "Deadlines the alert pane must show"), computed from
//! a case's records alone. Due dates never depend on "today"; days left do.

use super::model::{CaseId, code_enum};
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
pub fn compute(
    case: &super::model::Case,
    policy: &super::policy::Policy,
    procedures: &super::procedure::Procedures,
) -> Vec<Deadline> {
    let _ = (case, policy, procedures);
    todo!("deadline computation")
}
