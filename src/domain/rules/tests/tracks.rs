//! Every track walked start to finish with real dates [N二, N三, N四].

use super::*;

fn closed_completed(r: &Run) {
    let t = r.case.tracks.last().expect("track");
    assert!(t.completed, "track completed");
    assert!(t.closed.is_some(), "track closed");
    assert!(r.case.open_track().is_none());
}

fn has_milestone(r: &Run, kind: MilestoneKind) -> bool {
    r.case.milestones.iter().any(|m| m.kind == kind)
}

#[test]
fn normal_management_n2_talk_committee_approval() {
    let mut r = regained_clear(Membership::Full);
    assert_eq!(r.case.status, Status::Regained);
    r.choose(TrackKind::Normal, "2024-04-01");
    r.walk("2024-04-02");
    assert_eq!(r.case.status, Status::Normal);
    assert_eq!(r.case.status_since, d("2024-04-04"));
    assert_eq!(r.case.items.len(), 3);
    assert_eq!(r.case.items[2].body, Some(Body::Committee));
    closed_completed(&r);
}

#[test]
fn correction_n3_five_steps_starts_the_period() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Correction, "2024-04-01");
    r.walk("2024-04-02");
    // investigate, talk, material, propose, prereview, guidance, vote, approve(effect)...
    assert_eq!(r.case.status, Status::Correction);
    // The guide is recorded with the meeting (same day, N三(3)).
    assert_eq!(r.case.status_since, d("2024-04-08"));
    assert!(has_milestone(&r, MilestoneKind::CorrectionStarted));
    assert_eq!(r.case.decisions.len(), 1);
    assert_eq!(r.case.decisions[0].meeting_date, d("2024-04-07"));
    closed_completed(&r);
    r.support("2024-05-01");
    // 6 months after approval: corrected → normal management.
    r.ok(Action::RecordCorrectionResult {
        case: 1,
        date: d("2024-10-09"),
        result: CorrectionResult::Corrected,
        note: String::new(),
    });
    assert_eq!(r.case.status, Status::Normal);
}

#[test]
fn removal_n3_higher_dept_prereviews_and_approves() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    let end = r.walk("2024-04-02");
    assert_eq!(r.case.status, Status::Removed);
    let approve = r
        .case
        .items
        .iter()
        .find(|i| i.item == "approve")
        .expect("approve");
    assert_eq!(approve.body, Some(Body::HigherDept));
    let pre = r
        .case
        .items
        .iter()
        .find(|i| i.item == "prereview_higher")
        .expect("pre");
    assert_eq!(pre.step, 2);
    assert!(has_milestone(&r, MilestoneKind::Disposed));
    assert_eq!(r.case.tracks[0].closed, end.pred_opt());
    closed_completed(&r);
}

#[test]
fn persuade_withdraw_n3_then_refuses_is_removed() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::PersuadeWithdraw, "2024-04-01");
    r.walk("2024-04-02");
    assert_eq!(r.case.status, Status::Persuading);
    closed_completed(&r);
    r.ok(Action::RecordPersuasionResult {
        case: 1,
        date: d("2024-06-01"),
        result: PersuasionResult::Refused,
        note: String::new(),
    });
    assert_eq!(r.case.status, Status::Removed);
    assert!(has_milestone(&r, MilestoneKind::PersuasionRefused));
}

#[test]
fn correction_no_change_then_persuasion_withdrew_n3() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Correction, "2024-04-01");
    r.walk("2024-04-02");
    r.support("2024-05-01");
    r.ok(Action::RecordCorrectionResult {
        case: 1,
        date: d("2024-10-10"),
        result: CorrectionResult::NoChange,
        note: "仍无转变".into(),
    });
    assert_eq!(r.case.status, Status::Correction);
    r.choose(TrackKind::PersuadeWithdraw, "2024-10-11");
    r.walk("2024-10-12");
    assert_eq!(r.case.status, Status::Persuading);
    r.ok(Action::RecordPersuasionResult {
        case: 1,
        date: d("2024-12-01"),
        result: PersuasionResult::Withdrew,
        note: String::new(),
    });
    assert_eq!(r.case.status, Status::Withdrawn);
}

#[test]
fn withdrawal_n3_general_meeting_then_filing() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Withdrawal, "2024-04-01");
    r.walk("2024-04-02");
    assert_eq!(r.case.status, Status::Withdrawn);
    assert_eq!(r.case.status_since, d("2024-04-03"));
    let filing = r
        .case
        .items
        .iter()
        .find(|i| i.item == "filing")
        .expect("filing");
    assert_eq!(filing.body, Some(Body::Committee));
    closed_completed(&r);
}

#[test]
fn suspend_settled_n4_full_member_settled_abroad() {
    let mut r = regained_clear(Membership::Full);
    r.case.member.abroad = Abroad::Settled;
    r.choose(TrackKind::SuspendSettled, "2024-04-01");
    r.walk("2024-04-02");
    assert_eq!(r.case.status, Status::Suspended);
    assert_eq!(r.case.suspensions.len(), 1);
    assert!(r.case.suspensions[0].abroad);
    closed_completed(&r);
}

#[test]
fn suspension_n4_domestic_then_restoration_within_two_years() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    r.walk("2024-01-20");
    assert_eq!(r.case.status, Status::Suspended);
    assert_eq!(r.case.status_since, d("2024-01-21"));
    let s = &r.case.suspensions[0];
    assert!(!s.abroad);
    assert_eq!(s.date, d("2024-01-21"));
    closed_completed(&r);
    // Searching goes on during the suspension; contact comes back.
    r.search("2024-06-01", Channel::PublicNotice);
    r.regain("2025-06-01");
    assert_eq!(
        r.case.status,
        Status::Suspended,
        "stays suspended until restored"
    );
    r.choose(TrackKind::Restoration, "2025-06-10");
    r.walk("2025-06-11");
    assert_eq!(r.case.status, Status::Regained);
    assert_eq!(r.case.suspensions[0].restored_on, Some(d("2025-06-15")));
    closed_completed(&r);
}

#[test]
fn suspension_abroad_n4_member_abroad_cannot_be_found() {
    let mut r = lost_searched(4);
    r.case.member.abroad = Abroad::Work;
    r.choose(TrackKind::SuspensionAbroad, "2024-01-15");
    r.walk("2024-01-16");
    assert_eq!(r.case.status, Status::Suspended);
    assert!(r.case.suspensions[0].abroad);
    closed_completed(&r);
}

#[test]
fn self_lapse_removal_n4_after_two_years_without_contact() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    r.walk("2024-01-16");
    let suspended = r.case.suspensions[0].date;
    assert_eq!(suspended, d("2024-01-17"));
    r.choose(TrackKind::SelfLapseRemoval, "2026-01-18");
    r.walk("2026-01-19");
    assert_eq!(r.case.status, Status::Removed);
    // verify, the general meeting's vote (党章 Art.9), then the approval.
    assert_eq!(r.case.suspensions[0].removed_on, Some(d("2026-01-21")));
    closed_completed(&r);
}

#[test]
fn probation_cancel_n4_probationary_cannot_be_found() {
    let mut r = Run::new(Membership::Probationary);
    r.search_channels("2023-08-01", 4);
    r.choose(TrackKind::ProbationCancel, "2024-01-15");
    r.walk("2024-01-16");
    assert_eq!(r.case.status, Status::ProbationCancelled);
    closed_completed(&r);
}

#[test]
fn contact_regained_n2_place_transfer_retention() {
    let mut r = regained_clear(Membership::Full);
    r.ok(Action::PlaceInBranch {
        case: 1,
        date: d("2024-03-20"),
        branch: "第二党支部".into(),
    });
    assert_eq!(r.case.member.branch, "第二党支部");
    r.ok(Action::RecordTransfer {
        case: 1,
        to_org: "集美区某党委".into(),
        letter_no: "L-001".into(),
        issued: d("2024-04-01"),
        reissued: false,
    });
    r.ok(Action::RecordLetterReceipt {
        case: 1,
        letter_no: "L-001".into(),
        date: d("2024-04-20"),
    });
    assert_eq!(r.case.transfers[0].received, Some(d("2024-04-20")));
    r.case.member.abroad = Abroad::Study;
    r.ok(Action::RecordRetention {
        case: 1,
        date: d("2024-05-01"),
        doc_no: "留〔2024〕3号".into(),
        note: String::new(),
    });
    assert_eq!(r.case.retentions.len(), 1);
}

#[test]
fn appeal_and_lookback_revoke_n3_x3() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.walk("2024-04-02");
    r.ok(Action::RecordAppeal {
        case: 1,
        kind: AppealKind::Reconsideration,
        received: d("2024-05-01"),
        note: String::new(),
    });
    r.ok(Action::AnswerAppeal {
        case: 1,
        date: d("2024-06-01"),
        result: AppealResult::Upheld,
        note: String::new(),
    });
    r.campaigns = vec![Campaign {
        id: 1,
        date: d("2026-06-01"),
        name: "回头看".into(),
        doc_no: String::new(),
        scope: crate::domain::lookback::DEFAULT_SCOPE.to_vec(),
        migrated: false,
    }];
    r.ok(Action::RecordReview {
        case: 1,
        campaign: 1,
        date: d("2026-07-01"),
        outcome: ReviewOutcome::Revoke,
        who: "陈六".into(),
        criteria: [
            (Criterion::Conditions, true),
            (Criterion::Standard, true),
            (Criterion::Procedure, false),
        ]
        .into_iter()
        .collect(),
        note: "程序不规范".into(),
    });
    assert_eq!(r.case.status, Status::Regained);
    assert!(has_milestone(&r, MilestoneKind::Revoked));
    assert_eq!(
        r.case.items.len(),
        12,
        "records of the revoked decision kept"
    );
}

#[test]
fn referral_with_no_discipline_lets_disposition_go_ahead() {
    let mut r = regained_clear(Membership::Full);
    r.ok(Action::ReferToDiscipline {
        case: 1,
        date: d("2024-03-15"),
        note: String::new(),
    });
    r.ok(Action::RecordReferralOutcome {
        case: 1,
        date: d("2024-03-25"),
        outcome: ReferralOutcome::NothingFound,
        note: String::new(),
    });
    r.choose(TrackKind::Normal, "2024-04-01");
}
