//! Issue "Procedures right to the Notice": every item by its body, order
//! inside a step, every result kept, track choice on recorded facts, grounds,
//! conduct checks, referrals, the 限期改正 period, signatures, a gone branch,
//! checked vote arithmetic. Each test names the sentence it checks.

use super::*;
use crate::domain::checklist::checklist;
use crate::domain::deadline::{DeadlineKind, compute};
use crate::domain::rules::done_now;

/// Complete the open track's items in order from its current attempt until
/// (not including) `until`, one day apart from `start`, each by the body
/// that acts for this case; the guide's item shares the meeting's day.
fn step_to(r: &mut Run, until: &str, start: &str) -> NaiveDate {
    let kind = r.case.open_track().expect("open").kind;
    let def = r.procedures.track(kind).expect("def").clone();
    let mut date = d(start);
    for (_, it) in def.all_items() {
        if it.key == until {
            break;
        }
        let tid = r.case.open_track().and_then(|t| t.id).expect("id");
        if done_now(&r.case, tid, &def, &it.key).is_some() {
            continue;
        }
        if it.with.is_some() {
            date = date.pred_opt().expect("date");
        }
        let body = crate::domain::rules::acting_body(&r.case, it);
        let mut a = item(&it.key, &date.to_string(), Some(body));
        if it.signature
            && let Action::CompleteItem { vote, .. } = &mut a
        {
            *vote = Some(signed_vote());
        }
        r.ok(a);
        date = date.succ_opt().expect("date");
    }
    date
}

fn removal_at(until: &str) -> (Run, NaiveDate) {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    let next = step_to(&mut r, until, "2024-04-02");
    (r, next)
}

fn ds(date: NaiveDate) -> String {
    date.to_string()
}

/// N三(3) 「党支部召开党员大会，讨论处置意见并进行表决」: the vote is the
/// general meeting's; recorded as the 基层党委's it is refused.
#[test]
fn a_general_meeting_vote_under_another_body_is_refused_n3_3() {
    let (mut r, next) = removal_at("vote");
    let mut a = item_vote("vote", &ds(next - chrono::Duration::days(1)), signed_vote());
    if let Action::CompleteItem { body, .. } = &mut a {
        *body = Some(Body::Committee);
    }
    let x = r.refused(a);
    assert_eq!((x.code, x.source), ("wrong_body", "N三(3)"));
    // A task of the branch recorded as the higher department's: refused too.
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    let x = r.refused(item("investigate", "2024-04-02", Some(Body::HigherDept)));
    assert_eq!((x.code, x.source), ("wrong_body", "N三(1)"));
    r.ok(item("investigate", "2024-04-02", Some(Body::Branch)));
}

/// N三(2) 「对拟作出劝退、除名处置的，由基层党委报上一级党委组织部门预审」:
/// the 基层党委 pre-reviews first.
#[test]
fn the_higher_prereview_waits_for_the_committee_n3_2() {
    let (mut r, next) = removal_at("prereview_committee");
    let x = r.refused(item("prereview_higher", &ds(next), Some(Body::HigherDept)));
    assert_eq!((x.code, x.source), ("item_waits_for", "N三(2)"));
    assert!(x.args.contains(&("waits_for", "基层党委预审".to_string())));
    r.ok(item(
        "prereview_committee",
        &ds(next),
        Some(Body::Committee),
    ));
    r.ok(item("prereview_higher", &ds(next), Some(Body::HigherDept)));
    let cl = checklist(&r.case, &r.procedures).expect("checklist");
    let step2 = &cl.steps[1];
    assert!(step2.items.iter().all(|i| i.done.is_some()));
}

/// N三(4) 「由基层党委研究提出审核意见，报上一级党委组织部门审批。党支部接到
/// 审批意见后，要及时通知被处置党员」: review opinion, then approval, then notice.
#[test]
fn approval_waits_for_the_review_opinion_and_notice_for_the_approval_n3_4() {
    let (mut r, next) = removal_at("review_committee");
    let x = r.refused(item("approve", &ds(next), Some(Body::HigherDept)));
    assert_eq!(x.code, "item_waits_for");
    let x = r.refused(item("notify", &ds(next), Some(Body::Branch)));
    assert_eq!(x.code, "item_waits_for");
    // The checklist says what each waits for.
    let cl = checklist(&r.case, &r.procedures).expect("checklist");
    let approve = cl.steps[3]
        .items
        .iter()
        .find(|i| i.key == "approve")
        .expect("approve");
    assert_eq!(
        approve.blocked.as_ref().map(|b| b.code),
        Some("item_waits_for")
    );
    r.ok(item("review_committee", &ds(next), Some(Body::Committee)));
    r.ok(item("approve", &ds(next), Some(Body::HigherDept)));
    r.ok(item("notify", &ds(next), Some(Body::Branch)));
    assert_eq!(r.case.status, Status::Removed);
}

/// N三(3) 「基层党委应派人到会指导」: the guide is recorded with the meeting.
#[test]
fn the_guide_is_recorded_with_the_meeting_n3_3() {
    let (mut r, next) = removal_at("guidance");
    let x = r.refused(item_vote("vote", &ds(next), signed_vote()));
    assert_eq!(x.code, "item_waits_for");
    r.ok(item("guidance", &ds(next), Some(Body::Committee)));
    let later = ds(next.succ_opt().expect("d"));
    let x = r.refused(item_vote("vote", &later, signed_vote()));
    assert_eq!((x.code, x.source), ("item_same_meeting", "N三(3)"));
    r.ok(item_vote("vote", &ds(next), signed_vote()));
}

/// 全程纪实, N五; DOMAIN 3 「A vote that fails ... is recorded, and the track
/// goes back to the step where a revised proposal is made」.
#[test]
fn a_failed_vote_is_kept_and_the_track_goes_back_to_the_proposal_n5() {
    let (mut r, next) = removal_at("vote");
    let meeting = ds(next - chrono::Duration::days(1));
    let failed = Vote {
        votes_for: 8,
        against: 7,
        ..good_vote()
    };
    r.ok(item_vote("vote", &meeting, failed));
    assert_eq!(r.case.decisions.len(), 1);
    assert!(!r.case.decisions[0].passed);
    assert_eq!(
        r.case.status,
        Status::Regained,
        "no effect from a failed vote"
    );
    let vote = r
        .case
        .items
        .iter()
        .find(|i| i.item == "vote")
        .expect("kept");
    assert_eq!(vote.outcome, Some(ItemOutcome::Rejected));
    // Back to the branch committee's proposal: the pre-review waits for it.
    let x = r.refused(item("prereview_committee", &meeting, Some(Body::Committee)));
    assert_eq!(x.code, "earlier_step_unfinished");
    // The work before the proposal stands.
    let x = r.refused(item("investigate", &meeting, Some(Body::Branch)));
    assert_eq!(x.code, "item_already_done");
    let end = step_to(&mut r, "review_committee", &meeting);
    step_to(&mut r, "", &ds(end));
    assert_eq!(r.case.status, Status::Removed);
    assert_eq!(r.case.decisions.len(), 2);
    assert!(r.case.decisions[1].passed);
    let proposals = r.case.items.iter().filter(|i| i.item == "propose").count();
    assert_eq!(proposals, 2);
    assert_eq!(
        r.case
            .items
            .iter()
            .filter(|i| i.item == "propose")
            .map(|i| i.attempt)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    let cl = checklist(&r.case, &r.procedures).expect("checklist");
    let v = cl.steps[2]
        .items
        .iter()
        .find(|i| i.key == "vote")
        .expect("vote");
    assert_eq!(
        v.history.len(),
        1,
        "the failed vote stays in the checklist history"
    );
}

/// N三(2) 「经预审同意后」: a pre-review that does not agree is kept, with its
/// reason, and the track goes back to the proposal.
#[test]
fn a_disagreeing_prereview_is_kept_with_its_reason_n3_2() {
    let (mut r, next) = removal_at("prereview_committee");
    let mut a = item("prereview_committee", &ds(next), Some(Body::Committee));
    if let Action::CompleteItem { outcome, .. } = &mut a {
        *outcome = Some(ItemOutcome::Rejected);
    }
    let x = r.refused(a.clone());
    assert_eq!(x.code, "rejection_reason_required");
    if let Action::CompleteItem { note, .. } = &mut a {
        *note = "事实不清，退回补充材料".into();
    }
    r.ok(a);
    let x = r.refused(item(
        "prereview_committee",
        &ds(next),
        Some(Body::Committee),
    ));
    assert_eq!(x.code, "earlier_step_unfinished");
    r.ok(item("propose", &ds(next), Some(Body::BranchCommittee)));
    r.ok(item(
        "prereview_committee",
        &ds(next),
        Some(Body::Committee),
    ));
    let kept: Vec<_> = r
        .case
        .items
        .iter()
        .filter(|i| i.item == "prereview_committee")
        .collect();
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].note, "事实不清，退回补充材料");
}

/// N二 「对主要由客观原因与党组织失去联系，失联期间无不合格表现或违纪违法
/// 行为，本人能够正确认识失联问题 ... 纳入党组织正常管理」.
#[test]
fn normal_management_rests_on_cause_conduct_and_attitude_n2() {
    let mut r = regained_clear(Membership::Full);
    let x = r.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("assessment_missing", "N二"));
    r.assess("2024-03-20", CauseKind::Subjective, true);
    let x = r.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("needs_objective_cause", "N二"));
    r.assess("2024-03-21", CauseKind::Objective, false);
    let x = r.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!(x.code, "needs_acknowledgement");
    r.assess("2024-03-22", CauseKind::Objective, true);
    // Unqualified conduct in the latest police inquiry bars it...
    r.ok(Action::RecordConduct {
        case: 1,
        check: ConductCheck::PoliceInquiry,
        date: d("2024-03-23"),
        result: CheckResult::Concern,
        note: String::new(),
    });
    let x = r.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("conduct_unqualified", "N二"));
    // ...until a repeated inquiry clears it: the latest result counts.
    r.ok(Action::RecordConduct {
        case: 1,
        check: ConductCheck::PoliceInquiry,
        date: d("2024-03-25"),
        result: CheckResult::Clear,
        note: "复查无问题".into(),
    });
    r.ok(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!(r.case.conduct.len(), 6, "both findings stay on record");
}

/// N三 限期改正 「因党性观念淡薄、组织纪律涣散等主观原因 ... 失联期间无违纪
/// 违法行为，取得联系后本人能正确认识错误并愿意改正」.
#[test]
fn correction_rests_on_subjective_cause_no_violation_and_acknowledgement_n3() {
    let mut r = regained_clear(Membership::Full);
    r.assess("2024-03-20", CauseKind::Objective, true);
    let x = r.refused(choose(TrackKind::Correction, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("needs_subjective_cause", "N三"));
    r.assess("2024-03-21", CauseKind::Subjective, true);
    r.ok(Action::RecordConduct {
        case: 1,
        check: ConductCheck::DisciplineInquiry,
        date: d("2024-03-22"),
        result: CheckResult::Violation,
        note: String::new(),
    });
    let x = r.refused(choose(TrackKind::Correction, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("conduct_violation", "N三"));
}

/// N四 「对重新取得联系的出国（境）定居的正式党员 ... 作出停止党籍的决定」.
#[test]
fn a_full_member_settled_abroad_is_not_put_under_normal_management_n4() {
    let mut r = regained_clear(Membership::Full);
    r.case.member.abroad = Abroad::Settled;
    r.assess("2024-03-20", CauseKind::Objective, true);
    let x = r.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("settled_not_normal", "N四"));
    r.ok(choose(TrackKind::SuspendSettled, "2024-04-01", ""));
}

/// N三 （1）-（4）: the ground is a code; (3) and (4) go through 劝退
/// (「劝其退党，劝而不退的予以除名」); (2) and (3) need the education first.
#[test]
fn removal_and_persuasion_rest_on_their_grounds_n3() {
    let mut r = regained_clear(Membership::Full);
    let x = r.refused(choose(TrackKind::Removal, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("ground_required", "N三"));
    let x = r.refused(choose_on(
        TrackKind::Removal,
        "2024-04-01",
        Ground::ThreatensWithdrawal,
    ));
    assert_eq!(x.code, "ground_not_for_track");
    let x = r.refused(choose_on(
        TrackKind::Removal,
        "2024-04-01",
        Ground::InsistsOnWithdrawal,
    ));
    assert_eq!((x.code, x.source), ("ground_needs_education", "N三"));
    let x = r.refused(choose_on(
        TrackKind::PersuadeWithdraw,
        "2024-04-01",
        Ground::ThreatensWithdrawal,
    ));
    assert_eq!(x.code, "ground_needs_education");
    let x = r.refused(choose_on(
        TrackKind::PersuadeWithdraw,
        "2024-04-01",
        Ground::NoChangeAfterCorrection,
    ));
    assert_eq!(x.code, "persuade_needs_no_change");
    let x = r.refused(choose_on(
        TrackKind::Normal,
        "2024-04-01",
        Ground::IdealsLost,
    ));
    assert_eq!(x.code, "ground_not_applicable");
    r.ok(Action::RecordEducation {
        case: 1,
        date: d("2024-03-25"),
        note: "支部书记谈话教育".into(),
    });
    r.ok(choose_on(
        TrackKind::Removal,
        "2024-04-01",
        Ground::InsistsOnWithdrawal,
    ));
    assert_eq!(
        r.case.open_track().and_then(|t| t.ground),
        Some(Ground::InsistsOnWithdrawal)
    );
}

/// N二 「等办法」: a check that cannot be done is recorded with its reason.
#[test]
fn a_conduct_check_that_cannot_be_done_is_recorded_with_its_reason_n2() {
    let mut r = Run::new(Membership::Full);
    r.search_channels("2023-08-01", 2);
    r.regain("2024-03-01");
    for check in &ConductCheck::ALL[..3] {
        r.ok(Action::RecordConduct {
            case: 1,
            check: *check,
            date: d("2024-03-10"),
            result: CheckResult::Clear,
            note: String::new(),
        });
    }
    r.assess("2024-03-12", CauseKind::Objective, true);
    let x = r.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!(x.code, "conduct_incomplete");
    let mut no_reason = Action::RecordConduct {
        case: 1,
        check: ConductCheck::PoliceInquiry,
        date: d("2024-03-11"),
        result: CheckResult::NotPossible,
        note: " ".into(),
    };
    assert_eq!(r.refused(no_reason.clone()).code, "conduct_reason_required");
    if let Action::RecordConduct { note, .. } = &mut no_reason {
        *note = "本人长期居住境外，无法向户籍地公安机关了解".into();
    }
    r.ok(no_reason);
    r.ok(choose(TrackKind::Normal, "2024-04-01", ""));
}

/// 2024 办法 Art.4; DOMAIN 2 「While a referral is open, no track starts」.
#[test]
fn an_open_referral_stops_every_track_and_its_outcome_decides_2024_art4() {
    let mut r = regained_clear(Membership::Full);
    r.ok(Action::ReferToDiscipline {
        case: 1,
        date: d("2024-03-15"),
        note: String::new(),
    });
    let x = r.refused(choose(TrackKind::Withdrawal, "2024-04-01", ""));
    assert_eq!(x.code, "referral_pending");
    // A lesser discipline: no correction for the matter, normal management is allowed.
    let mut lesser = Run::with(r.case.clone());
    lesser.ok(Action::RecordConduct {
        case: 1,
        check: ConductCheck::DisciplineInquiry,
        date: d("2024-03-16"),
        result: CheckResult::Violation,
        note: String::new(),
    });
    lesser.ok(Action::RecordReferralOutcome {
        case: 1,
        date: d("2024-03-25"),
        outcome: ReferralOutcome::Lesser,
        note: "党内警告".into(),
    });
    lesser.assess("2024-03-26", CauseKind::Subjective, true);
    let x = lesser.refused(choose(TrackKind::Correction, "2024-04-01", ""));
    assert_eq!(
        (x.code, x.source),
        ("disciplined_no_disposition", "2024 办法 Art.4")
    );
    lesser.assess("2024-03-27", CauseKind::Objective, true);
    lesser.ok(choose(TrackKind::Normal, "2024-04-01", ""));
    // Expelled: the case closes with that outcome.
    let mut expelled = Run::with(r.case.clone());
    expelled.ok(Action::RecordReferralOutcome {
        case: 1,
        date: d("2024-03-25"),
        outcome: ReferralOutcome::Expelled,
        note: String::new(),
    });
    assert_eq!(expelled.case.status, Status::Expelled);
    let x = expelled.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!(x.code, "track_wrong_status");
    // Nothing found clears the finding by a new entry; the old one stays.
    let mut clear = Run::with(r.case.clone());
    clear.ok(Action::RecordConduct {
        case: 1,
        check: ConductCheck::PoliceInquiry,
        date: d("2024-03-16"),
        result: CheckResult::Violation,
        note: String::new(),
    });
    clear.ok(Action::RecordReferralOutcome {
        case: 1,
        date: d("2024-03-25"),
        outcome: ReferralOutcome::NothingFound,
        note: "未发现问题".into(),
    });
    let police: Vec<_> = clear
        .case
        .conduct
        .iter()
        .filter(|c| c.check == ConductCheck::PoliceInquiry)
        .map(|c| c.result)
        .collect();
    assert_eq!(police.last(), Some(&CheckResult::Clear));
    assert!(police.contains(&CheckResult::Violation));
    clear.assess("2024-03-26", CauseKind::Subjective, true);
    clear.ok(choose(TrackKind::Correction, "2024-04-01", ""));
}

/// 2024 办法 (限期改正 normally 6 months, at most one year, Art.30); N三(5)
/// 「通过谈心谈话、教育培训、结对帮扶等措施促其改正」.
#[test]
fn the_correction_period_is_set_per_case_and_needs_support_2024_n3_5() {
    let mut r = regained_clear(Membership::Full);
    r.assess("2024-03-20", CauseKind::Subjective, true);
    let mut a = choose(TrackKind::Correction, "2024-04-01", "");
    if let Action::ChooseTrack { months, .. } = &mut a {
        *months = Some(13);
    }
    let x = r.refused(a.clone());
    assert_eq!(
        (x.code, x.source),
        ("correction_months_out_of_range", "2024 办法")
    );
    if let Action::ChooseTrack { months, .. } = &mut a {
        *months = Some(9);
    }
    r.ok(a);
    let next = step_to(&mut r, "help", "2024-04-02");
    let approved = r.case.status_since;
    assert_eq!(r.case.status, Status::Correction);
    let due = compute(&r.case, &r.policy, &r.procedures, &r.campaigns)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::CorrectionEnds)
        .expect("period")
        .due;
    assert_eq!(due, crate::domain::dates::add_months(approved, 9));
    r.today = d("2025-06-01");
    let result = Action::RecordCorrectionResult {
        case: 1,
        date: d("2025-02-01"),
        result: CorrectionResult::Corrected,
        note: String::new(),
    };
    let x = r.refused(result.clone());
    assert_eq!((x.code, x.source), ("correction_needs_support", "N三(5)"));
    r.ok(Action::RecordSupport {
        case: 1,
        date: next,
        measure: SupportMeasure::Pairing,
        note: String::new(),
    });
    r.ok(result);
    assert_eq!(r.case.status, Status::Normal);
    // The result ends the track: no step alert lingers after it.
    assert!(r.case.open_track().is_none());
    let kinds: Vec<_> = compute(&r.case, &r.policy, &r.procedures, &r.campaigns)
        .into_iter()
        .map(|x| x.kind)
        .collect();
    assert!(!kinds.contains(&DeadlineKind::StepWaiting), "{kinds:?}");
    assert!(!kinds.contains(&DeadlineKind::CorrectionEnds), "{kinds:?}");
}

/// N三(5) 「对受到限期改正处置的党员，党支部要通过谈心谈话、教育培训、结对帮扶等
/// 措施促其改正」 and N三(4) 「限期改正期满后仍无转变的，劝其退党」: the step alert
/// of the 教育帮扶 step stays through the period and ends with its result;
/// once "no change" is recorded the alert is gone, the period row too, and
/// the result shows: the track closed as completed on that day, the result
/// in the case's records (status still 限期改正 until the 劝退 track).
#[test]
fn the_correction_step_alert_ends_with_the_result_n3_4_n3_5() {
    let mut r = regained_clear(Membership::Full);
    r.assess("2024-03-20", CauseKind::Subjective, true);
    r.ok(choose(TrackKind::Correction, "2024-04-01", ""));
    let next = step_to(&mut r, "help", "2024-04-02");
    let alert = |r: &Run| {
        compute(&r.case, &r.policy, &r.procedures, &r.campaigns)
            .into_iter()
            .find(|x| x.kind == DeadlineKind::StepWaiting)
    };
    let step = alert(&r).expect("the follow-up step waits");
    assert_eq!(step.detail, "教育帮扶");
    r.ok(Action::RecordSupport {
        case: 1,
        date: next,
        measure: SupportMeasure::Talk,
        note: String::new(),
    });
    assert!(alert(&r).is_some(), "a support measure does not end it");
    r.today = d("2025-06-01");
    r.ok(Action::RecordCorrectionResult {
        case: 1,
        date: d("2025-01-10"),
        result: CorrectionResult::NoChange,
        note: "期满后仍无转变".into(),
    });
    assert_eq!(alert(&r), None);
    let kinds: Vec<_> = compute(&r.case, &r.policy, &r.procedures, &r.campaigns)
        .into_iter()
        .map(|x| x.kind)
        .collect();
    assert!(!kinds.contains(&DeadlineKind::CorrectionEnds), "{kinds:?}");
    let t = r.case.tracks.last().expect("track");
    assert_eq!((t.closed, t.completed), (Some(d("2025-01-10")), true));
    let m = r.case.milestones.last().expect("result");
    assert_eq!(
        (m.kind, m.date, m.note.as_str()),
        (
            MilestoneKind::CorrectionNoChange,
            d("2025-01-10"),
            "期满后仍无转变"
        )
    );
    assert_eq!(r.case.status, Status::Correction);
}

/// N三(3) 「处置决议需由本人签字 ... 党支部要在处置决议上注明」 — the 处置决议
/// only; a suspension of a member who cannot be found has no one to sign.
#[test]
fn only_a_disposition_resolution_needs_the_signature_n3_3() {
    let (mut r, next) = removal_at("vote");
    let meeting = ds(next - chrono::Duration::days(1));
    let x = r.refused(item_vote("vote", &meeting, good_vote()));
    assert_eq!((x.code, x.source), ("signature_required", "N三(3)"));
    let unsigned = Vote {
        signature: Some(Signature::Unable),
        ..good_vote()
    };
    assert_eq!(
        r.refused(item_vote("vote", &meeting, unsigned)).code,
        "signature_note_required"
    );
    let mut s = lost_searched(5);
    s.ok(choose(TrackKind::Suspension, "2024-03-01", ""));
    let x = s.refused(item_vote("vote", "2024-03-02", signed_vote()));
    assert_eq!((x.code, x.source), ("signature_not_applicable", "N三(3)"));
    s.ok(item_vote("vote", "2024-03-02", good_vote()));
}

/// N五 「失联党员所在党支部已不存在的，由其上级党组织负责相关工作」.
#[test]
fn a_gone_branchs_part_is_done_by_its_committee_n5() {
    let mut r = lost_searched(5);
    r.ok(Action::MarkBranchGone {
        case: 1,
        date: d("2024-02-01"),
        note: String::new(),
    });
    assert!(!r.case.member.branch_exists);
    let gone = r.case.milestones.last().expect("milestone");
    assert_eq!(gone.kind, MilestoneKind::BranchGone);
    assert_eq!(gone.note, r.case.member.committee, "who took over");
    assert_eq!(
        r.refused(Action::MarkBranchGone {
            case: 1,
            date: d("2024-02-02"),
            note: String::new(),
        })
        .code,
        "branch_already_gone"
    );
    r.ok(choose(TrackKind::Suspension, "2024-03-01", ""));
    let mut a = item_vote("vote", "2024-03-02", good_vote());
    if let Action::CompleteItem { body, .. } = &mut a {
        *body = Some(Body::GeneralMeeting);
    }
    let x = r.refused(a.clone());
    assert_eq!(x.code, "wrong_body");
    assert!(x.args.contains(&(
        "expected",
        crate::i18n::label(Body::Committee.label_key()).to_string()
    )));
    if let Action::CompleteItem { body, .. } = &mut a {
        *body = Some(Body::Committee);
    }
    r.ok(a);
    let cl = checklist(&r.case, &r.procedures).expect("checklist");
    assert_eq!(cl.steps[0].items[0].body, Body::Committee);
}

/// 支部大会议事规则: counts that overflow or exceed the meeting are refused.
#[test]
fn vote_figures_are_checked_arithmetic() {
    let mut s = lost_searched(5);
    s.ok(choose(TrackKind::Suspension, "2024-03-01", ""));
    let v = Vote {
        due: u32::MAX,
        attending: u32::MAX,
        votes_for: u32::MAX,
        against: 1,
        abstaining: 0,
        ..good_vote()
    };
    let x = s.refused(item_vote("vote", "2024-03-02", v));
    assert_eq!(x.code, "vote_count_overflow");
    let v = Vote {
        attending: 21,
        ..good_vote()
    };
    assert_eq!(
        s.refused(item_vote("vote", "2024-03-02", v)).code,
        "vote_attending_exceeds_due"
    );
}
