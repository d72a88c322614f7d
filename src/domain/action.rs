//! The one list of named operations. The workstation and `shilian exec` both
//! build these; `domain::rules::apply` validates and applies them to a case.
//! JSON form: `{"action": "record_search", "case": 12, ...}`.

use super::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The figures of a meeting's vote. `signature` is the member's signature on
/// a 处置决议 (限期改正, 劝退, 除名 only [N三(3)]); decisions about members
/// who cannot be found carry none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    pub due: u32,
    pub attending: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstaining: u32,
    #[serde(default)]
    pub signature: Option<Signature>,
    #[serde(default)]
    pub signature_note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Open a new case for a member (import and the CLI use it).
    CreateCase {
        member: Member,
        #[serde(default = "default_lost")]
        status: Status,
    },
    /// Update last known phone / address / employer, abroad status.
    UpdateContact {
        case: CaseId,
        phone: String,
        address: String,
        employer: String,
        abroad: Abroad,
    },
    RecordSearch {
        case: CaseId,
        date: NaiveDate,
        channel: Channel,
        who: String,
        result: SearchResult,
        #[serde(default)]
        note: String,
    },
    RegainContact {
        case: CaseId,
        date: NaiveDate,
        #[serde(default)]
        note: String,
    },
    PlaceInBranch {
        case: CaseId,
        date: NaiveDate,
        branch: String,
    },
    RecordConduct {
        case: CaseId,
        check: ConductCheck,
        date: NaiveDate,
        result: CheckResult,
        #[serde(default)]
        note: String,
    },
    ReferToDiscipline {
        case: CaseId,
        date: NaiveDate,
        #[serde(default)]
        note: String,
    },
    RecordReferralOutcome {
        case: CaseId,
        date: NaiveDate,
        outcome: ReferralOutcome,
        #[serde(default)]
        note: String,
    },
    /// The facts that decide between the tracks: cause of losing contact and
    /// whether the member 正确认识 the problem and will correct it [N二, N三].
    RecordAssessment {
        case: CaseId,
        date: NaiveDate,
        cause: CauseKind,
        acknowledges: bool,
        #[serde(default)]
        note: String,
    },
    /// Education given to the member (「经教育后仍然坚持」「经教育不改」, N三).
    RecordEducation {
        case: CaseId,
        date: NaiveDate,
        note: String,
    },
    /// A support measure during the 限期改正 period [N三(5)].
    RecordSupport {
        case: CaseId,
        date: NaiveDate,
        measure: SupportMeasure,
        #[serde(default)]
        note: String,
    },
    /// The member's branch no longer exists: the 基层党委 takes the case
    /// over and does the branch's part of every step [N五].
    MarkBranchGone {
        case: CaseId,
        date: NaiveDate,
        #[serde(default)]
        note: String,
    },
    RecordTransfer {
        case: CaseId,
        to_org: String,
        letter_no: String,
        issued: NaiveDate,
        #[serde(default)]
        reissued: bool,
    },
    RecordLetterReceipt {
        case: CaseId,
        letter_no: String,
        date: NaiveDate,
    },
    RecordRetention {
        case: CaseId,
        date: NaiveDate,
        doc_no: String,
        #[serde(default)]
        note: String,
    },
    ChooseTrack {
        case: CaseId,
        track: TrackKind,
        date: NaiveDate,
        #[serde(default)]
        reason: String,
        /// Required when a rule allows an override (e.g. thin search coverage).
        #[serde(default)]
        override_reason: String,
        /// The 限期改正 period (default from policy, at most its maximum).
        #[serde(default)]
        months: Option<u32>,
        /// The N三 ground of a 除名 or 劝退.
        #[serde(default)]
        ground: Option<Ground>,
    },
    /// Abandon the open track (e.g. contact regained during a suspension procedure).
    AbandonTrack {
        case: CaseId,
        date: NaiveDate,
        reason: String,
    },
    /// Complete one checklist item of the open track. Pre-reviews, approvals
    /// and filings name the body and document number; votes carry the vote.
    CompleteItem {
        case: CaseId,
        item: String,
        date: NaiveDate,
        who: String,
        #[serde(default)]
        body: Option<Body>,
        #[serde(default)]
        doc_no: String,
        #[serde(default)]
        note: String,
        #[serde(default)]
        vote: Option<Vote>,
        /// A pre-review or approval that does not agree is recorded as
        /// `rejected` (with the reason in `note`); default `agreed`. A vote's
        /// result follows from its figures.
        #[serde(default)]
        outcome: Option<ItemOutcome>,
    },
    /// 预备党员资格不再保留: a probationary member settled abroad, recorded
    /// whenever it is learned, during or after the probation year [N四].
    RecordProbationLapse {
        case: CaseId,
        date: NaiveDate,
        #[serde(default)]
        note: String,
    },
    RecordCorrectionResult {
        case: CaseId,
        date: NaiveDate,
        result: CorrectionResult,
        #[serde(default)]
        note: String,
    },
    RecordPersuasionResult {
        case: CaseId,
        date: NaiveDate,
        result: PersuasionResult,
        #[serde(default)]
        note: String,
    },
    RecordAppeal {
        case: CaseId,
        /// 复议 (the deciding organization) or 复查 (the one above it).
        kind: AppealKind,
        received: NaiveDate,
        #[serde(default)]
        note: String,
    },
    AnswerAppeal {
        case: CaseId,
        date: NaiveDate,
        result: AppealResult,
        #[serde(default)]
        note: String,
    },
    /// Start a look-back campaign (回头看) [X三] on the department's date,
    /// with its name and document number; `scope` empty = the two kinds X三
    /// names (others only where `lookback.also_review` lists them).
    StartCampaign {
        date: NaiveDate,
        name: String,
        #[serde(default)]
        doc_no: String,
        #[serde(default)]
        scope: Vec<LookbackKind>,
    },
    /// Record the look-back review of one case in a campaign: each
    /// criterion of its kind met or not, the outcome and who decided;
    /// 撤销 reopens the case.
    RecordReview {
        case: CaseId,
        campaign: RecordId,
        date: NaiveDate,
        outcome: ReviewOutcome,
        who: String,
        criteria: std::collections::BTreeMap<Criterion, bool>,
        #[serde(default)]
        note: String,
    },
    /// Amend a wrong entry: `values` (field → new value, as text) replace
    /// the values of the record `target`/`record` (no `record` for a member
    /// field); from then on they count, and each old value is kept as an
    /// `Amendment`. Refused where the new values break a rule the entry passed.
    Amend {
        case: CaseId,
        date: NaiveDate,
        target: AmendTarget,
        #[serde(default)]
        record: Option<RecordId>,
        values: std::collections::BTreeMap<String, String>,
        note: String,
    },
    /// Correct an earlier audit entry of this case: a new entry that says
    /// which entry (`audit_seq`) it corrects and how (`note`). Nothing is
    /// changed or deleted; the case's data and version stay as they are.
    Correct {
        case: CaseId,
        audit_seq: i64,
        note: String,
    },
}

fn default_lost() -> Status {
    Status::Lost
}

impl Action {
    /// Stable action name, as in the JSON `action` field.
    pub fn name(&self) -> &'static str {
        match self {
            Action::CreateCase { .. } => "create_case",
            Action::UpdateContact { .. } => "update_contact",
            Action::RecordSearch { .. } => "record_search",
            Action::RegainContact { .. } => "regain_contact",
            Action::PlaceInBranch { .. } => "place_in_branch",
            Action::RecordConduct { .. } => "record_conduct",
            Action::ReferToDiscipline { .. } => "refer_to_discipline",
            Action::RecordReferralOutcome { .. } => "record_referral_outcome",
            Action::RecordAssessment { .. } => "record_assessment",
            Action::RecordEducation { .. } => "record_education",
            Action::RecordSupport { .. } => "record_support",
            Action::MarkBranchGone { .. } => "mark_branch_gone",
            Action::RecordTransfer { .. } => "record_transfer",
            Action::RecordLetterReceipt { .. } => "record_letter_receipt",
            Action::RecordRetention { .. } => "record_retention",
            Action::ChooseTrack { .. } => "choose_track",
            Action::AbandonTrack { .. } => "abandon_track",
            Action::CompleteItem { .. } => "complete_item",
            Action::RecordProbationLapse { .. } => "record_probation_lapse",
            Action::RecordCorrectionResult { .. } => "record_correction_result",
            Action::RecordPersuasionResult { .. } => "record_persuasion_result",
            Action::RecordAppeal { .. } => "record_appeal",
            Action::AnswerAppeal { .. } => "answer_appeal",
            Action::StartCampaign { .. } => "start_campaign",
            Action::RecordReview { .. } => "record_review",
            Action::Amend { .. } => "amend",
            Action::Correct { .. } => "correct",
        }
    }

    /// The case this action is about; `None` for `create_case`.
    pub fn case_id(&self) -> Option<CaseId> {
        use Action::*;
        match self {
            CreateCase { .. } | StartCampaign { .. } => None,
            UpdateContact { case, .. }
            | RecordSearch { case, .. }
            | RegainContact { case, .. }
            | PlaceInBranch { case, .. }
            | RecordConduct { case, .. }
            | ReferToDiscipline { case, .. }
            | RecordReferralOutcome { case, .. }
            | RecordAssessment { case, .. }
            | RecordEducation { case, .. }
            | RecordSupport { case, .. }
            | MarkBranchGone { case, .. }
            | RecordTransfer { case, .. }
            | RecordLetterReceipt { case, .. }
            | RecordRetention { case, .. }
            | ChooseTrack { case, .. }
            | AbandonTrack { case, .. }
            | CompleteItem { case, .. }
            | RecordProbationLapse { case, .. }
            | RecordCorrectionResult { case, .. }
            | RecordPersuasionResult { case, .. }
            | RecordAppeal { case, .. }
            | AnswerAppeal { case, .. }
            | RecordReview { case, .. }
            | Amend { case, .. }
            | Correct { case, .. } => Some(*case),
        }
    }

    /// Irreversible outcomes the workstation confirms before sending.
    pub fn is_irreversible(&self, case: &Case, procedures: &super::procedure::Procedures) -> bool {
        match self {
            Action::CompleteItem { item, .. } => case
                .open_track()
                .and_then(|t| procedures.track(t.kind).map(|d| (t.kind, d)))
                .is_some_and(|(kind, def)| {
                    def.is_final_item(item)
                        && matches!(
                            kind,
                            TrackKind::Removal
                                | TrackKind::PersuadeWithdraw
                                | TrackKind::SelfLapseRemoval
                                | TrackKind::Suspension
                                | TrackKind::SuspensionAbroad
                                | TrackKind::SuspendSettled
                                | TrackKind::ProbationCancel
                                | TrackKind::Withdrawal
                        )
                }),
            Action::RecordPersuasionResult { result, .. } => *result == PersuasionResult::Refused,
            // The committee takes the case over for good [N五].
            Action::MarkBranchGone { .. } => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nested objects refuse unknown fields like the actions themselves
    /// (a mistyped field is an error, never silently dropped).
    #[test]
    fn nested_vote_and_member_refuse_unknown_fields() {
        let vote = r#"{"action":"complete_item","case":1,"item":"vote","date":"2024-01-02",
            "who":"w","vote":{"due":9,"attending":8,"votes_for":7,"against":1,"abstaining":0,
            "signatrue":"signed"}}"#;
        let e = serde_json::from_str::<Action>(vote).expect_err("typo refused");
        assert!(e.to_string().contains("signatrue"), "{e}");
        let ok = vote.replace("\"signatrue\"", "\"signature\"");
        assert!(serde_json::from_str::<Action>(&ok).is_ok());
        let member = r#"{"action":"create_case","member":{"name":"x","nickname":"y"}}"#;
        let e = serde_json::from_str::<Action>(member).expect_err("unknown member field");
        assert!(e.to_string().contains("nickname"), "{e}");
    }
}
