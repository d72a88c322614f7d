//! The records of a case: plain data, no behaviour beyond small helpers.
//! Every enum serialises to a stable snake_case code used in the database,
//! JSON and CSV; the display labels live in `data/lang/*.toml` under
//! `enum.<type>.<code>`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub type CaseId = i64;
pub type RecordId = i64;

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $code)] $var),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// Stable code used in the database, JSON and CSV.
            pub fn code(self) -> &'static str { match self { $($name::$var => $code),+ } }
            pub fn from_code(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$var),)+ _ => None }
            }
            /// Key of the display label in the language files.
            pub fn label_key(self) -> String {
                format!("enum.{}.{}", stringify!($name), self.code())
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }
    };
}
pub(crate) use code_enum;

code_enum!(Gender { Male = "male", Female = "female" });
code_enum!(Membership { Full = "full", Probationary = "probationary" });
code_enum!(FocusArea {
    University = "university",
    TalentAgency = "talent_agency",
    NonPublicEnterprise = "non_public_enterprise",
    StreetCommunity = "street_community",
    Other = "other",
});
code_enum!(Abroad { No = "none", Study = "study", Work = "work", Residence = "residence", Settled = "settled" });
code_enum!(
    /// Where a case stands in its life (DOMAIN.md "The life of a case").
    Status {
        Lost = "lost",
        Regained = "regained",
        Normal = "normal",
        Correction = "correction",
        Persuading = "persuading",
        Removed = "removed",
        Withdrawn = "withdrawn",
        Suspended = "suspended",
        ProbationCancelled = "probation_cancelled",
        /// The discipline body ended the membership (开除党籍): the case is
        /// closed with that outcome (2024 办法 Art.4).
        Expelled = "expelled",
        /// 预备党员资格不再保留: a probationary member settled abroad [N四].
        ProbationLapsed = "probation_lapsed",
    }
);
code_enum!(LostCause {
    MigrantWork = "migrant_work",
    EmployerRestructured = "employer_restructured",
    GraduateUnknown = "graduate_unknown",
    EmployerChanged = "employer_changed",
    WentAbroad = "went_abroad",
    ResidenceChanged = "residence_changed",
    Other = "other",
});
code_enum!(
    /// Search channels [N一, N五, X三]; coverage counts distinct channels.
    Channel {
        Family = "family",
        FormerEmployer = "former_employer",
        Community = "community",
        HouseholdRegistration = "household_registration",
        TalentAgencyFile = "talent_agency_file",
        Phone = "phone",
        SmsWechat = "sms_wechat",
        Letter = "letter",
        PublicNotice = "public_notice",
        Other = "other",
    }
);
code_enum!(SearchResult { NoTrace = "no_trace", Lead = "lead", Reached = "reached" });
code_enum!(
    /// The four ways of learning conduct while lost [N二].
    ConductCheck {
        OwnStatement = "own_statement",
        OrgLetter = "org_letter",
        DisciplineInquiry = "discipline_inquiry",
        PoliceInquiry = "police_inquiry",
    }
);
code_enum!(
    /// Result of one conduct check. `concern` is 不合格表现, `violation` is
    /// 违纪违法行为; `not_possible` records a check that cannot be done (a
    /// police inquiry for a member living abroad), with its reason in the note.
    CheckResult {
        Clear = "clear",
        Concern = "concern",
        Violation = "violation",
        NotPossible = "not_possible",
    }
);
code_enum!(
    /// Why the member lost contact, as N二/N三 weigh it: mainly objective
    /// causes (纳入正常管理) or subjective ones such as weak party spirit
    /// (党性观念淡薄、组织纪律涣散, 限期改正).
    CauseKind { Objective = "objective", Subjective = "subjective" }
);
code_enum!(
    /// What the discipline body decided on a referral: membership ended
    /// (开除党籍), a lesser discipline, or nothing found.
    ReferralOutcome { Expelled = "expelled", Lesser = "lesser", NothingFound = "nothing_found" }
);
code_enum!(
    /// The four grounds of 出党处置 in N三 (1)-(4).
    Ground {
        /// (1) 理想信念缺失，政治立场动摇，已经丧失党员条件 → 除名
        IdealsLost = "ideals_lost",
        /// (2) 因思想蜕化提出退党，经教育后仍然坚持退党 → 除名
        InsistsOnWithdrawal = "insists_on_withdrawal",
        /// (3) 为达到个人目的以退党相要挟，经教育不改 → 劝退, 劝而不退 → 除名
        ThreatensWithdrawal = "threatens_withdrawal",
        /// (4) 限期改正期满后仍无转变 → 劝退, 劝而不退 → 除名
        NoChangeAfterCorrection = "no_change_after_correction",
    }
);
code_enum!(
    /// The support measures of 限期改正 [N三(5)].
    SupportMeasure { Talk = "talk", Training = "training", Pairing = "pairing" }
);
code_enum!(
    /// Result of a pre-review, an approval or a vote: agreed / passed, or
    /// rejected / failed (kept, and the track goes back to its revision point).
    ItemOutcome { Agreed = "agreed", Rejected = "rejected" }
);
code_enum!(
    /// Party bodies that propose, pre-review, decide, approve or receive filings.
    Body {
        Branch = "branch",
        BranchCommittee = "branch_committee",
        GeneralMeeting = "general_meeting",
        Committee = "committee",
        HigherDept = "higher_dept",
    }
);
code_enum!(
    /// Outcome and status tracks; their steps and items are data (`data/procedures.toml`).
    TrackKind {
        Normal = "normal",
        Correction = "correction",
        Removal = "removal",
        PersuadeWithdraw = "persuade_withdraw",
        Withdrawal = "withdrawal",
        SuspendSettled = "suspend_settled",
        Suspension = "suspension",
        SuspensionAbroad = "suspension_abroad",
        Restoration = "restoration",
        /// 恢复组织生活: a member suspended abroad who regained contact [N四].
        ResumeLife = "resume_life",
        SelfLapseRemoval = "self_lapse_removal",
        ProbationCancel = "probation_cancel",
        /// 延长预备期: 党员大会 decides, 基层党委 approves (党章 Art.7; N二).
        ProbationExtend = "probation_extend",
        /// 预备党员转正: 党员大会 decides, 基层党委 approves (党章 Art.7).
        ProbationConvert = "probation_convert",
    }
);
code_enum!(ItemKind {
    Task = "task",
    Proposal = "proposal",
    PreReview = "prereview",
    Vote = "vote",
    Approval = "approval",
    Filing = "filing",
});
code_enum!(Signature { Signed = "signed", Refused = "refused", Unable = "unable" });
code_enum!(
    /// 复议 by the organization that decided, 复查 by the one above it [N三 end].
    AppealKind { Reconsideration = "reconsideration", Reexamination = "reexamination" }
);
code_enum!(
    /// 维持 keeps the decision; 撤销 and 变更 mean it no longer stands and the
    /// case is handled again (DOMAIN.md section 5).
    AppealResult { Upheld = "upheld", Revoked = "revoked", Changed = "changed" }
);
code_enum!(ReviewOutcome { Keep = "keep", Revoke = "revoke" });
code_enum!(
    /// The kind of disposition a look-back review (回头看) re-checks [X三]:
    /// the first two are what X三 names; the others only where the policy
    /// file lists them (`lookback.also_review`).
    LookbackKind {
        /// 除名 of a member who had regained contact (N三 removal).
        RegainedRemoval = "regained_removal",
        /// Removal as 自行脱党 of a member still not found (N四).
        SelfLapse = "self_lapse",
        PersuadeWithdraw = "persuade_withdraw",
        Withdrawal = "withdrawal",
        Correction = "correction",
        Suspension = "suspension",
        ProbationCancel = "probation_cancel",
    }
);
code_enum!(
    /// What a look-back review checks, in X三's words: for 除名 of members
    /// who regained contact 「对照条件是否符合、把握标准是否准确、程序步骤是否规范」;
    /// for removals as 自行脱党 「是否穷尽查找的途径和办法后确实无法取得联系、
    /// 查找记录是否详实、处置手续是否完备」.
    Criterion {
        Conditions = "conditions",
        Standard = "standard",
        Procedure = "procedure",
        Exhausted = "exhausted",
        Records = "records",
        Papers = "papers",
    }
);
code_enum!(PersuasionResult { Withdrew = "withdrew", Refused = "refused" });
code_enum!(CorrectionResult { Corrected = "corrected", NoChange = "no_change" });

/// Who the member is: every field of DOMAIN.md "Who a member is". As a
/// nested object of `create_case` it refuses unknown fields like the rest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    pub gender: Gender,
    pub id_number: String,
    pub birth_date: NaiveDate,
    pub membership: Membership,
    /// Day the branch general meeting admitted a probationary member.
    pub probation_start: Option<NaiveDate>,
    pub branch: String,
    pub committee: String,
    pub joined: NaiveDate,
    pub phone: String,
    pub address: String,
    pub employer: String,
    pub focus_area: FocusArea,
    pub abroad: Abroad,
    /// The 6-month clock starts here.
    pub last_contact: NaiveDate,
    pub branch_exists: bool,
    pub lost_cause: LostCause,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchRecord {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub channel: Channel,
    pub who: String,
    pub result: SearchResult,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConductRecord {
    pub id: Option<RecordId>,
    pub check: ConductCheck,
    pub date: NaiveDate,
    pub result: CheckResult,
    pub note: String,
}

/// A referral to the discipline body when inquiries find violations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub note: String,
    pub outcome_date: Option<NaiveDate>,
    /// What the discipline body decided; a lesser discipline bars an
    /// organizational disposition for the same matter (2024 办法 Art.4).
    pub outcome: Option<ReferralOutcome>,
    pub outcome_note: String,
}

/// The facts that decide between the tracks [N二, N三]: the cause of losing
/// contact and whether the member 正确认识 the problem and will correct it.
/// The latest assessment counts; earlier ones stay on record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub cause: CauseKind,
    /// 本人能够正确认识失联问题 / 能正确认识错误并愿意改正.
    pub acknowledges: bool,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub id: Option<RecordId>,
    pub kind: TrackKind,
    pub started: NaiveDate,
    pub reason: String,
    /// Recorded when a rule was overridden on purpose (e.g. thin search coverage).
    pub override_reason: String,
    /// A period decided with the track: the 限期改正 period, the probation
    /// extension's length.
    pub months: Option<u32>,
    /// The N三 ground of a 除名 or 劝退.
    pub ground: Option<Ground>,
    pub closed: Option<NaiveDate>,
    /// Completed = outcome took effect; otherwise abandoned/superseded.
    pub completed: bool,
}

/// One completed checklist item of a track.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub id: Option<RecordId>,
    pub track_id: RecordId,
    pub step: u8,
    pub item: String,
    pub date: NaiveDate,
    pub who: String,
    pub body: Option<Body>,
    pub doc_no: String,
    pub note: String,
    /// 1 for the first round; one more after each rejected item of the track.
    pub attempt: u32,
    /// For votes, pre-reviews and approvals: agreed/passed or rejected/failed.
    pub outcome: Option<ItemOutcome>,
}

/// A branch general meeting's vote on a track's resolution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub id: Option<RecordId>,
    pub track_id: RecordId,
    pub meeting_date: NaiveDate,
    /// Full members with a vote due to attend.
    pub due: u32,
    pub attending: u32,
    pub votes_for: u32,
    pub against: u32,
    pub abstaining: u32,
    /// The member's signature on a 处置决议; None where none is needed.
    pub signature: Option<Signature>,
    /// Why unsigned, when not signed.
    pub signature_note: String,
    /// Whether the resolution stands; a failed vote is kept too.
    pub passed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbationExtension {
    pub id: Option<RecordId>,
    pub start: NaiveDate,
    pub months: u32,
    pub doc_no: String,
}

/// Suspension of membership; the restoration window runs from `date`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suspension {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub abroad: bool,
    pub restored_on: Option<NaiveDate>,
    pub removed_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub id: Option<RecordId>,
    pub to_org: String,
    pub letter_no: String,
    pub issued: NaiveDate,
    pub reissued: bool,
    pub received: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Retention {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub doc_no: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Appeal {
    pub id: Option<RecordId>,
    /// None on appeals recorded before schema 5 (the kind was not asked).
    pub kind: Option<AppealKind>,
    pub received: NaiveDate,
    pub note: String,
    pub answered: Option<NaiveDate>,
    pub result: Option<AppealResult>,
    pub answer_note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub outcome: ReviewOutcome,
    pub note: String,
    /// The campaign it belongs to (rows of schema 8 and before: the
    /// campaign the upgrade made from the old policy date).
    pub campaign: Option<RecordId>,
    /// The kind of disposition reviewed; None on rows before schema 10.
    pub kind: Option<LookbackKind>,
    /// Who decided; '' on rows before schema 10.
    pub who: String,
    /// Each criterion of the kind, met or not (empty before schema 10).
    pub criteria: Vec<CriterionResult>,
}

/// One criterion of a review, recorded as met or not met [X三].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub criterion: Criterion,
    pub met: bool,
}

/// A look-back campaign (回头看) started by the department: its date (the
/// deadlines run from it), name and document number, and the kinds of
/// disposition in scope. Dispositions decided before `date` are reviewed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: RecordId,
    pub date: NaiveDate,
    pub name: String,
    pub doc_no: String,
    pub scope: Vec<LookbackKind>,
    /// Made by the schema 10 upgrade from the old policy date, to hold the
    /// reviews recorded before campaigns existed.
    pub migrated: bool,
}

/// A dated event that changed the member's standing, kept for display and
/// deadline computation (correction end, persuasion, conversion…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub kind: MilestoneKind,
    pub note: String,
}

code_enum!(MilestoneKind {
    Lost = "lost",
    ContactRegained = "contact_regained",
    PlacedInBranch = "placed_in_branch",
    CorrectionStarted = "correction_started",
    CorrectionCorrected = "correction_corrected",
    CorrectionNoChange = "correction_no_change",
    PersuasionWithdrew = "persuasion_withdrew",
    PersuasionRefused = "persuasion_refused",
    ProbationConverted = "probation_converted",
    Disposed = "disposed",
    Revoked = "revoked",
    /// Education given before ground (2) or (3) [N三 「经教育后」].
    Educated = "educated",
    SupportTalk = "support_talk",
    SupportTraining = "support_training",
    SupportPairing = "support_pairing",
    /// The member's branch no longer exists; its 基层党委 took over [N五].
    BranchGone = "branch_gone",
    /// A referral came back; the note carries the outcome code.
    ReferralReturned = "referral_returned",
    AppealGranted = "appeal_granted",
    /// 预备党员资格不再保留: a probationary member settled abroad [N四].
    ProbationLapsed = "probation_lapsed",
});

code_enum!(
    /// What an amendment corrects (DOMAIN.md record-keeping: 「a wrong entry is
    /// corrected by a new entry that says so」).
    AmendTarget {
        Search = "search",
        Conduct = "conduct",
        Item = "item",
        Vote = "vote",
        Regained = "regained",
        Member = "member",
    }
);

/// One corrected field: the record now holds `new`; `old` is kept here so
/// the dossier can show the original struck through beside the correction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Amendment {
    pub id: Option<RecordId>,
    pub date: NaiveDate,
    pub target: AmendTarget,
    /// Id of the corrected record; None for a member field.
    pub record: Option<RecordId>,
    pub field: String,
    pub old: String,
    pub new: String,
    pub note: String,
    /// The audit entry of the amendment (filled in by the store).
    pub audit_seq: Option<i64>,
}

/// The whole case: the member, its status and every record, ordered oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    /// Bumped by every saved action; a save against an older version is refused.
    pub version: i64,
    pub member: Member,
    pub status: Status,
    pub status_since: NaiveDate,
    pub searches: Vec<SearchRecord>,
    pub conduct: Vec<ConductRecord>,
    pub referrals: Vec<Referral>,
    pub assessments: Vec<Assessment>,
    pub tracks: Vec<Track>,
    pub items: Vec<ItemRecord>,
    pub decisions: Vec<Decision>,
    pub extensions: Vec<ProbationExtension>,
    pub suspensions: Vec<Suspension>,
    pub transfers: Vec<Transfer>,
    pub retentions: Vec<Retention>,
    pub appeals: Vec<Appeal>,
    pub reviews: Vec<Review>,
    pub milestones: Vec<Milestone>,
    pub amendments: Vec<Amendment>,
}

impl Case {
    pub fn new(id: CaseId, member: Member, status: Status, status_since: NaiveDate) -> Self {
        Case {
            id,
            version: 0,
            member,
            status,
            status_since,
            searches: vec![],
            conduct: vec![],
            referrals: vec![],
            assessments: vec![],
            tracks: vec![],
            items: vec![],
            decisions: vec![],
            extensions: vec![],
            suspensions: vec![],
            transfers: vec![],
            retentions: vec![],
            appeals: vec![],
            reviews: vec![],
            milestones: vec![],
            amendments: vec![],
        }
    }

    /// The open track, if any (at most one is open at a time).
    pub fn open_track(&self) -> Option<&Track> {
        self.tracks.iter().rev().find(|t| t.closed.is_none())
    }

    pub fn items_of(&self, track_id: RecordId) -> impl Iterator<Item = &ItemRecord> {
        self.items.iter().filter(move |i| i.track_id == track_id)
    }

    pub fn last_search(&self) -> Option<&SearchRecord> {
        self.searches.iter().max_by_key(|s| s.date)
    }

    /// The day contact was last regained (the latest ContactRegained
    /// milestone); the date of last contact stays beside it, never over it.
    pub fn regained_on(&self) -> Option<NaiveDate> {
        self.milestones
            .iter()
            .filter(|m| m.kind == MilestoneKind::ContactRegained)
            .map(|m| m.date)
            .max()
    }

    /// Distinct channels searched so far.
    pub fn channels_covered(&self) -> Vec<Channel> {
        let mut v: Vec<Channel> = self.searches.iter().map(|s| s.channel).collect();
        v.sort();
        v.dedup();
        v
    }
}
