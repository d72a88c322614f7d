//! The look-back review (回头看) [X三], pure: which dispositions a campaign
//! covers, the criteria of each kind, and what a case's records say on each
//! criterion (findings as codes; i18n renders them).
//!
//! X三: 「对重新取得联系党员的除名处置，要认真检视对照条件是否符合、把握标准是否
//! 准确、程序步骤是否规范；对仍未取得联系党员的自行脱党处置，检视是否穷尽查找的途径
//! 和办法后确实无法取得联系、查找记录是否详实、处置手续是否完备」.

use super::model::*;
use super::policy::Policy;
use super::procedure::Procedures;
use chrono::NaiveDate;
use serde::Serialize;

/// The two kinds X三 names; a campaign without a scope covers these.
pub const DEFAULT_SCOPE: &[LookbackKind] =
    &[LookbackKind::RegainedRemoval, LookbackKind::SelfLapse];

/// The criteria of a kind, in X三's order. Kinds the policy adds take the
/// set of the nearer X三 kind: a suspension for no contact the 自行脱党 set,
/// every decision about a member in contact the 除名 set.
pub fn criteria_of(kind: LookbackKind) -> &'static [Criterion] {
    use Criterion::*;
    match kind {
        LookbackKind::SelfLapse | LookbackKind::Suspension => &[Exhausted, Records, Papers],
        _ => &[Conditions, Standard, Procedure],
    }
}

/// A disposition that stands: its kind, the day it took effect and the
/// index of its track in `case.tracks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disposition {
    pub kind: LookbackKind,
    pub date: NaiveDate,
    pub track: usize,
}

/// The kind of disposition a track decides, whatever the status now.
pub fn kind_of_track(track: TrackKind) -> Option<LookbackKind> {
    use LookbackKind as L;
    use TrackKind as T;
    Some(match track {
        T::Removal => L::RegainedRemoval,
        T::SelfLapseRemoval => L::SelfLapse,
        T::PersuadeWithdraw => L::PersuadeWithdraw,
        T::Withdrawal => L::Withdrawal,
        T::Correction => L::Correction,
        T::Suspension | T::SuspensionAbroad | T::SuspendSettled => L::Suspension,
        T::ProbationCancel => L::ProbationCancel,
        T::Normal | T::Restoration | T::ResumeLife | T::ProbationExtend | T::ProbationConvert => {
            return None;
        }
    })
}

/// Whether the status is the one a disposition of `kind` leaves.
fn stands(status: Status, kind: LookbackKind) -> bool {
    use LookbackKind as L;
    match kind {
        L::RegainedRemoval | L::SelfLapse => status == Status::Removed,
        L::PersuadeWithdraw => matches!(status, Status::Persuading | Status::Withdrawn),
        L::Withdrawal => status == Status::Withdrawn,
        L::Correction => status == Status::Correction,
        L::Suspension => status == Status::Suspended,
        L::ProbationCancel => status == Status::ProbationCancelled,
    }
}

/// The day the decision of track `i` took effect: the milestone its
/// effect wrote, else `fallback`.
fn effect_date(case: &Case, i: usize, fallback: NaiveDate) -> NaiveDate {
    let code = case.tracks[i].kind.code();
    case.milestones
        .iter()
        .filter(|m| {
            matches!(
                m.kind,
                MilestoneKind::Disposed | MilestoneKind::CorrectionStarted
            ) && m.note == code
                && m.date >= case.tracks[i].started
        })
        .map(|m| m.date)
        .max()
        .unwrap_or(fallback)
}

/// The disposition a recorded review covered (the case may have been
/// reopened since): the last track of its kind started by the review's date.
pub fn reviewed_disposition(case: &Case, review: &Review) -> Option<Disposition> {
    let kind = review.kind?;
    let track = case
        .tracks
        .iter()
        .rposition(|t| kind_of_track(t.kind) == Some(kind) && t.started <= review.date)?;
    let date = effect_date(case, track, review.date).min(review.date);
    Some(Disposition { kind, date, track })
}

/// The disposition the case's status rests on, if it is one a look-back
/// review can cover: the last track leading to the status, dated by the
/// milestone its decision wrote (else the day the status began).
pub fn disposition(case: &Case) -> Option<Disposition> {
    let (track, kind) = case.tracks.iter().enumerate().rev().find_map(|(i, t)| {
        kind_of_track(t.kind)
            .filter(|k| stands(case.status, *k))
            .map(|k| (i, k))
    })?;
    let date = effect_date(case, track, case.status_since);
    Some(Disposition { kind, date, track })
}

/// The case's disposition when `campaign` covers it: of a kind in its scope
/// and decided before the campaign's date.
pub fn in_scope(case: &Case, campaign: &Campaign) -> Option<Disposition> {
    disposition(case).filter(|d| campaign.scope.contains(&d.kind) && d.date < campaign.date)
}

/// The review of this disposition recorded in `campaign`, if any.
pub fn review_in<'a>(case: &'a Case, campaign: &Campaign, d: &Disposition) -> Option<&'a Review> {
    case.reviews
        .iter()
        .rev()
        .find(|r| r.campaign == Some(campaign.id) && r.date >= d.date)
}

/// What the records say against a criterion; each is a flag raised before
/// anyone decides (the review still records met / not met itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Finding {
    /// Fewer distinct channels searched before the decision than the policy minimum.
    ChannelsBelowMinimum { covered: usize, min: u32 },
    /// A track was chosen with an override reason (a rule it did not meet).
    OverrideUsed { track: TrackKind, reason: String },
    /// No search on record before the decision.
    NoSearchRecord,
    /// Search records without a note of what was done.
    SearchesWithoutNote { count: usize },
    /// A step that needs a document number was recorded without one.
    StepWithoutDocNo { track: TrackKind, item: String },
    /// An item of the procedure is not on record (a paper missing).
    MissingItem { track: TrackKind, item: String },
    /// No N三 ground recorded on the track.
    NoGround,
    /// No conduct check on record.
    NoConductCheck,
}

impl Finding {
    pub fn code(&self) -> &'static str {
        match self {
            Finding::ChannelsBelowMinimum { .. } => "channels_below_minimum",
            Finding::OverrideUsed { .. } => "override_used",
            Finding::NoSearchRecord => "no_search_record",
            Finding::SearchesWithoutNote { .. } => "searches_without_note",
            Finding::StepWithoutDocNo { .. } => "step_without_doc_no",
            Finding::MissingItem { .. } => "missing_item",
            Finding::NoGround => "no_ground",
            Finding::NoConductCheck => "no_conduct_check",
        }
    }
}

/// One criterion with what the records say on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriterionView {
    pub criterion: Criterion,
    pub findings: Vec<Finding>,
}

/// What a case's records say for its look-back review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseReview {
    pub kind: LookbackKind,
    pub disposed: NaiveDate,
    /// Distinct channels searched up to the decision, and the policy minimum.
    pub channels: Vec<Channel>,
    pub min_channels: u32,
    pub criteria: Vec<CriterionView>,
}

impl CaseReview {
    /// Any finding at all: the case is thin and shown as flagged.
    pub fn flagged(&self) -> bool {
        self.criteria.iter().any(|c| !c.findings.is_empty())
    }
    /// How many criteria carry a finding.
    pub fn flagged_count(&self) -> usize {
        self.criteria
            .iter()
            .filter(|c| !c.findings.is_empty())
            .count()
    }
}

/// The tracks a disposition rests on: its own, and for a removal as 自行脱党
/// the suspension before it (where the search was judged exhausted).
fn tracks_of(case: &Case, d: &Disposition) -> Vec<usize> {
    let mut v = vec![d.track];
    if d.kind == LookbackKind::SelfLapse
        && let Some(i) = case.tracks[..d.track].iter().rposition(|t| {
            t.completed
                && matches!(
                    t.kind,
                    TrackKind::Suspension | TrackKind::SuspensionAbroad | TrackKind::SuspendSettled
                )
        })
    {
        v.insert(0, i);
    }
    v
}

/// Steps without a document number and items not on record, per track.
fn paper_findings(case: &Case, tracks: &[usize], procedures: &Procedures) -> Vec<Finding> {
    let mut out = Vec::new();
    for &i in tracks {
        let t = &case.tracks[i];
        let Some(def) = procedures.track(t.kind) else {
            continue;
        };
        let id = t.id.unwrap_or(-(i as RecordId) - 1);
        let recs: Vec<&ItemRecord> = case.items_of(id).collect();
        for (_, it) in def.all_items() {
            let done: Vec<&&ItemRecord> = recs
                .iter()
                .filter(|r| r.item == it.key && r.outcome != Some(ItemOutcome::Rejected))
                .collect();
            let needs_doc = !matches!(it.kind, ItemKind::Task | ItemKind::Vote);
            if done.is_empty() {
                out.push(Finding::MissingItem {
                    track: t.kind,
                    item: it.key.clone(),
                });
            } else if needs_doc && done.iter().all(|r| r.doc_no.trim().is_empty()) {
                out.push(Finding::StepWithoutDocNo {
                    track: t.kind,
                    item: it.key.clone(),
                });
            }
        }
    }
    out
}

/// What the records say on each criterion of the case's disposition: facts
/// in (the case, the policy minimum, the procedures), findings out.
pub fn review_case(
    case: &Case,
    d: &Disposition,
    policy: &Policy,
    procedures: &Procedures,
) -> CaseReview {
    let tracks = tracks_of(case, d);
    let searches: Vec<&SearchRecord> = case.searches.iter().filter(|s| s.date <= d.date).collect();
    let mut channels: Vec<Channel> = searches.iter().map(|s| s.channel).collect();
    channels.sort();
    channels.dedup();
    let min = policy.search.min_channels;
    let overrides: Vec<Finding> = tracks
        .iter()
        .map(|&i| &case.tracks[i])
        .filter(|t| !t.override_reason.trim().is_empty())
        .map(|t| Finding::OverrideUsed {
            track: t.kind,
            reason: t.override_reason.clone(),
        })
        .collect();
    let papers = paper_findings(case, &tracks, procedures);
    let mut views = Vec::new();
    for &criterion in criteria_of(d.kind) {
        let mut f = Vec::new();
        match criterion {
            Criterion::Exhausted => {
                if (channels.len() as u64) < u64::from(min) {
                    f.push(Finding::ChannelsBelowMinimum {
                        covered: channels.len(),
                        min,
                    });
                }
                f.extend(overrides.iter().cloned());
            }
            Criterion::Records => {
                let bare = searches.iter().filter(|s| s.note.trim().is_empty()).count();
                if searches.is_empty() {
                    f.push(Finding::NoSearchRecord);
                } else if bare > 0 {
                    f.push(Finding::SearchesWithoutNote { count: bare });
                }
            }
            Criterion::Conditions => {
                if case.conduct.is_empty() {
                    f.push(Finding::NoConductCheck);
                }
                f.extend(overrides.iter().cloned());
            }
            Criterion::Standard => {
                let def = procedures.track(case.tracks[d.track].kind);
                let needs_ground = def.is_some_and(|t| !t.grounds.is_empty());
                if needs_ground && case.tracks[d.track].ground.is_none() {
                    f.push(Finding::NoGround);
                }
            }
            Criterion::Procedure | Criterion::Papers => f.extend(papers.iter().cloned()),
        }
        views.push(CriterionView {
            criterion,
            findings: f,
        });
    }
    CaseReview {
        kind: d.kind,
        disposed: d.date,
        channels,
        min_channels: min,
        criteria: views,
    }
}

/// The look-back deadlines of a case: one per campaign covering it and not
/// yet reviewed in it, due `due_days` after the campaign's date. The detail
/// is the kind's code, and `:N` when N criteria carry a finding.
pub fn due(
    case: &Case,
    campaigns: &[Campaign],
    policy: &Policy,
    procedures: &Procedures,
) -> Vec<(NaiveDate, String)> {
    let mut out = Vec::new();
    for c in campaigns {
        let Some(d) = in_scope(case, c) else { continue };
        if review_in(case, c, &d).is_some() {
            continue;
        }
        let r = review_case(case, &d, policy, procedures);
        let detail = match r.flagged_count() {
            0 => d.kind.code().to_string(),
            n => format!("{}:{n}", d.kind.code()),
        };
        out.push((
            super::dates::add_days(c.date, policy.lookback.due_days),
            detail,
        ));
    }
    out
}

/// A campaign about to be started, as the action gives it (checked by
/// `rules::check_campaign`).
pub struct NewCampaign<'a> {
    pub date: NaiveDate,
    pub name: &'a str,
    pub doc_no: &'a str,
    pub scope: &'a [LookbackKind],
}
