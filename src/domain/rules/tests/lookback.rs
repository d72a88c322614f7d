//! The look-back review (回头看), X三: 「要深入开展组织处置"回头看"，对重新取得联系
//! 党员的除名处置，要认真检视对照条件是否符合、把握标准是否准确、程序步骤是否规范；
//! 对仍未取得联系党员的自行脱党处置，检视是否穷尽查找的途径和办法后确实无法取得联系、
//! 查找记录是否详实、处置手续是否完备」. Campaigns are records; the findings are
//! what the records say on each criterion; every review is kept.

use super::*;
use crate::domain::lookback::{self, Finding};
use crate::domain::rules::check_campaign;
use std::collections::BTreeMap;

fn campaign(id: i64, date: &str, scope: &[LookbackKind]) -> Campaign {
    Campaign {
        id,
        date: d(date),
        name: "组织处置回头看".into(),
        doc_no: "厦委组〔2026〕9号".into(),
        scope: scope.to_vec(),
        migrated: false,
    }
}

/// Searched on `channels` channels (each with a note), suspended on
/// 2024-01-17 (with `override_reason` when below the minimum), removed as
/// 自行脱党 on 2026-02-04; the filing of the removal only when `filed`.
fn self_lapsed(channels: usize, override_reason: &str, filed: bool) -> Run {
    let mut r = Run::new(Membership::Full);
    let mut date = d("2023-08-01");
    for ch in Channel::ALL.iter().take(channels) {
        r.ok(Action::RecordSearch {
            case: 1,
            date,
            channel: *ch,
            who: "李四".into(),
            result: SearchResult::NoTrace,
            note: "走访并电话联系，无人知其下落".into(),
        });
        date = crate::domain::dates::add_months(date, 1);
    }
    r.ok(choose(TrackKind::Suspension, "2024-01-15", override_reason));
    r.ok(item("vote", "2024-01-16", None));
    r.ok(item("approve", "2024-01-17", Some(Body::Committee)));
    r.ok(item("filing", "2024-01-18", Some(Body::HigherDept)));
    r.today = d("2026-12-01");
    r.ok(choose(TrackKind::SelfLapseRemoval, "2026-02-01", ""));
    r.ok(item("verify", "2026-02-02", None));
    r.ok(item("vote", "2026-02-03", Some(Body::GeneralMeeting)));
    r.ok(item("approve", "2026-02-04", Some(Body::Committee)));
    if filed {
        r.ok(item("filing", "2026-02-05", Some(Body::HigherDept)));
    }
    assert_eq!(r.case.status, Status::Removed);
    r
}

fn review(campaign: i64, date: &str, outcome: ReviewOutcome, met: &[(Criterion, bool)]) -> Action {
    Action::RecordReview {
        case: 1,
        campaign,
        date: d(date),
        outcome,
        who: "组织科 陈六".into(),
        criteria: met.iter().copied().collect::<BTreeMap<_, _>>(),
        note: String::new(),
    }
}

const ALL_MET: &[(Criterion, bool)] = &[
    (Criterion::Exhausted, true),
    (Criterion::Records, true),
    (Criterion::Papers, true),
];

fn findings(r: &Run, c: Criterion) -> Vec<Finding> {
    let d = lookback::disposition(&r.case).expect("disposed");
    lookback::review_case(&r.case, &d, &r.policy, &r.procedures)
        .criteria
        .into_iter()
        .find(|v| v.criterion == c)
        .map(|v| v.findings)
        .unwrap_or_default()
}

/// X三 「是否穷尽查找的途径和办法」: a removal resting on one channel and an
/// override is flagged before anyone decides; a well-searched one is not.
#[test]
fn a_removal_on_one_channel_and_an_override_is_flagged_x3() {
    let thin = self_lapsed(1, "家属称其出国，无法核实", false);
    let d = lookback::disposition(&thin.case).expect("disposed");
    assert_eq!(
        (d.kind, d.date),
        (LookbackKind::SelfLapse, self::d("2026-02-04"))
    );
    let ex = findings(&thin, Criterion::Exhausted);
    assert!(
        ex.contains(&Finding::ChannelsBelowMinimum { covered: 1, min: 4 }),
        "{ex:?}"
    );
    assert!(
        ex.iter().any(|f| matches!(
            f,
            Finding::OverrideUsed {
                track: TrackKind::Suspension,
                ..
            }
        )),
        "{ex:?}"
    );
    let papers = findings(&thin, Criterion::Papers);
    assert_eq!(
        papers,
        vec![Finding::MissingItem {
            track: TrackKind::SelfLapseRemoval,
            item: "filing".into()
        }]
    );
    let good = self_lapsed(4, "", true);
    let d = lookback::disposition(&good.case).expect("disposed");
    let view = lookback::review_case(&good.case, &d, &good.policy, &good.procedures);
    assert!(!view.flagged(), "{view:?}");
    assert_eq!(view.channels.len(), 4);
}

/// X三 「查找记录是否详实」: search records without a note are flagged.
#[test]
fn bare_search_records_are_flagged_x3() {
    let mut r = lost_searched(4);
    r.ok(choose(TrackKind::Suspension, "2024-01-15", ""));
    r.walk("2024-01-16");
    r.today = d("2026-12-01");
    r.ok(choose(TrackKind::SelfLapseRemoval, "2026-02-01", ""));
    r.walk("2026-02-02");
    assert_eq!(
        findings(&r, Criterion::Records),
        vec![Finding::SearchesWithoutNote { count: 4 }]
    );
}

/// X三 names 除名 of members who regained contact: 条件 / 标准 / 程序.
#[test]
fn a_removal_after_contact_regained_is_checked_on_conditions_standard_steps_x3() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.walk("2024-04-02");
    let d = lookback::disposition(&r.case).expect("disposed");
    assert_eq!(d.kind, LookbackKind::RegainedRemoval);
    let view = lookback::review_case(&r.case, &d, &r.policy, &r.procedures);
    let names: Vec<Criterion> = view.criteria.iter().map(|c| c.criterion).collect();
    assert_eq!(
        names,
        [
            Criterion::Conditions,
            Criterion::Standard,
            Criterion::Procedure
        ]
    );
    assert!(!view.flagged(), "{view:?}");
}

/// The deadline runs from the campaign's date (no built-in date): due_days
/// after it, one per campaign covering the case, gone once reviewed in it.
#[test]
fn the_review_is_due_from_the_campaign_date_x3() {
    let mut r = self_lapsed(1, "无法核实", false);
    assert!(lookback::due(&r.case, &r.campaigns, &r.policy, &r.procedures).is_empty());
    r.campaigns = vec![campaign(1, "2026-09-01", lookback::DEFAULT_SCOPE)];
    let due = lookback::due(&r.case, &r.campaigns, &r.policy, &r.procedures);
    assert_eq!(due, vec![(d("2026-12-30"), "self_lapse:2".to_string())]);
    // A campaign before the decision does not cover it.
    r.campaigns
        .push(campaign(2, "2026-01-01", lookback::DEFAULT_SCOPE));
    assert_eq!(
        lookback::due(&r.case, &r.campaigns, &r.policy, &r.procedures).len(),
        1
    );
    let x = r.refused(review(2, "2026-11-01", ReviewOutcome::Keep, ALL_MET));
    assert_eq!(x.code, "review_out_of_scope");
}

/// X三 「经检视事实清楚、理由充分、处置恰当、手续完备的，维持原处置决定」: 维持
/// needs every criterion met; a criterion not met means 撤销, which reopens the
/// case (back to the suspension a 自行脱党 removal ended); both are kept.
#[test]
fn keep_needs_every_criterion_met_revoke_reopens_and_is_kept_x3() {
    let mut r = self_lapsed(1, "无法核实", false);
    r.campaigns = vec![campaign(1, "2026-09-01", lookback::DEFAULT_SCOPE)];
    let unmet = [
        (Criterion::Exhausted, false),
        (Criterion::Records, true),
        (Criterion::Papers, false),
    ];
    let x = r.refused(review(1, "2026-11-01", ReviewOutcome::Keep, &unmet));
    assert_eq!(x.code, "review_keep_unmet");
    r.ok(review(1, "2026-11-01", ReviewOutcome::Revoke, &unmet));
    assert_eq!(r.case.status, Status::Suspended);
    let rec = r.case.reviews.last().expect("kept");
    assert_eq!(rec.campaign, Some(1));
    assert_eq!(rec.kind, Some(LookbackKind::SelfLapse));
    assert_eq!(rec.who, "组织科 陈六");
    assert_eq!(
        rec.criteria,
        vec![
            CriterionResult {
                criterion: Criterion::Exhausted,
                met: false
            },
            CriterionResult {
                criterion: Criterion::Records,
                met: true
            },
            CriterionResult {
                criterion: Criterion::Papers,
                met: false
            },
        ]
    );
    assert!(
        r.case
            .milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::Revoked)
    );
    // Reopened: no longer covered, so no deadline and no second review.
    assert!(lookback::due(&r.case, &r.campaigns, &r.policy, &r.procedures).is_empty());
    let back = lookback::reviewed_disposition(&r.case, rec).expect("what was reviewed");
    assert_eq!(back.kind, LookbackKind::SelfLapse);
}

/// Bad input: an unknown campaign, a date before the disposition or the
/// campaign, a criterion missing or of another kind, a second review, no
/// one named: refused with the rule, nothing changed (`Run::refused`).
#[test]
fn bad_reviews_are_refused_with_the_rule_x3() {
    let mut r = self_lapsed(4, "", true);
    r.campaigns = vec![campaign(1, "2026-09-01", lookback::DEFAULT_SCOPE)];
    let x = r.refused(review(9, "2026-11-01", ReviewOutcome::Keep, ALL_MET));
    assert_eq!(x.code, "review_unknown_campaign");
    let x = r.refused(review(1, "2026-01-01", ReviewOutcome::Keep, ALL_MET));
    assert_eq!(x.code, "review_before_disposition");
    let x = r.refused(review(1, "2026-08-01", ReviewOutcome::Keep, ALL_MET));
    assert_eq!(x.code, "review_before_campaign");
    let x = r.refused(review(1, "2026-11-01", ReviewOutcome::Keep, &ALL_MET[..2]));
    assert_eq!(x.code, "review_criterion_missing");
    let mut other = ALL_MET.to_vec();
    other.push((Criterion::Standard, true));
    let x = r.refused(review(1, "2026-11-01", ReviewOutcome::Keep, &other));
    assert_eq!(x.code, "review_criterion_not_of_kind");
    let x = r.refused(review(1, "2026-11-01", ReviewOutcome::Revoke, ALL_MET));
    assert_eq!(x.code, "review_revoke_reason");
    let mut nobody = review(1, "2026-11-01", ReviewOutcome::Keep, ALL_MET);
    if let Action::RecordReview { who, .. } = &mut nobody {
        who.clear();
    }
    assert_eq!(r.refused(nobody).code, "who_required");
    r.ok(review(1, "2026-11-01", ReviewOutcome::Keep, ALL_MET));
    let x = r.refused(review(1, "2026-11-02", ReviewOutcome::Keep, ALL_MET));
    assert_eq!(x.code, "review_already_recorded");
    assert_eq!(r.case.status, Status::Removed);
}

/// Scope: by default the two kinds X三 names; another only where the policy
/// file lists it (`lookback.also_review`); no name, a future date or the
/// same campaign twice are refused.
#[test]
fn a_campaign_scope_is_the_two_x3_kinds_unless_the_policy_adds_x3() {
    let mut r = Run::new(Membership::Full);
    r.today = d("2026-12-01");
    let new = |date: &'static str, name: &'static str, scope: &'static [LookbackKind]| {
        lookback::NewCampaign {
            date: d(date),
            name,
            doc_no: "",
            scope,
        }
    };
    let scope = check_campaign(&new("2026-11-01", "回头看", &[]), &[], &r.ctx()).expect("ok");
    assert_eq!(scope, lookback::DEFAULT_SCOPE);
    let susp: &'static [LookbackKind] = &[LookbackKind::Suspension];
    let x = check_campaign(&new("2026-11-01", "回头看", susp), &[], &r.ctx()).expect_err("policy");
    assert_eq!(x.code, "campaign_kind_not_in_policy");
    r.policy.lookback.also_review = vec![LookbackKind::Suspension];
    assert_eq!(
        check_campaign(&new("2026-11-01", "回头看", susp), &[], &r.ctx()).expect("listed"),
        susp
    );
    let x = check_campaign(&new("2026-11-01", " ", &[]), &[], &r.ctx()).expect_err("name");
    assert_eq!(x.code, "campaign_name_required");
    let x = check_campaign(&new("2026-12-02", "回头看", &[]), &[], &r.ctx()).expect_err("future");
    assert_eq!(x.code, "date_in_future");
    let mut old = campaign(1, "2026-11-01", lookback::DEFAULT_SCOPE);
    old.name = "回头看".into();
    let x = check_campaign(&new("2026-11-01", "回头看", &[]), &[old], &r.ctx()).expect_err("twice");
    assert_eq!(x.code, "campaign_exists");
}

/// The policy file has no campaign date any more: an old file naming one is
/// refused with the reason.
#[test]
fn a_policy_file_with_a_campaign_date_is_refused_x3() {
    let old = crate::domain::policy::DEFAULT_POLICY.replace(
        "due_days = 120",
        "campaign_start = \"2026-09-01\"\ndue_days = 120",
    );
    let e = Policy::parse(&old).expect_err("refused");
    assert!(
        e.contains("campaign_start") && e.contains("start_campaign"),
        "{e}"
    );
}
