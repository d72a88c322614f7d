//! One test per refusal rule, naming its source.

use super::*;

fn code(r: &Refusal) -> &'static str {
    r.code
}

#[test]
fn future_date_is_refused_n5() {
    let mut r = lost_searched(1);
    let x = r.refused(search("2026-08-02", Channel::Phone));
    assert_eq!(code(&x), "date_in_future");
}

#[test]
fn search_before_last_contact_is_impossible() {
    let mut r = lost_searched(0);
    let x = r.refused(search("2022-12-31", Channel::Phone));
    assert_eq!(code(&x), "date_before_last_contact");
}

#[test]
fn search_only_while_lost_or_suspended_n1() {
    let mut r = regained_clear(Membership::Full);
    assert_eq!(
        code(&r.refused(search("2024-05-01", Channel::Phone))),
        "search_wrong_status"
    );
}

#[test]
fn regain_twice_is_refused() {
    let mut r = regained_clear(Membership::Full);
    let x = r.refused(Action::RegainContact {
        case: 1,
        date: d("2024-05-01"),
        note: String::new(),
    });
    assert_eq!(code(&x), "regain_wrong_status");
}

#[test]
fn conduct_and_referral_need_contact_regained_n2() {
    let mut r = lost_searched(1);
    let x = r.refused(Action::RecordConduct {
        case: 1,
        check: ConductCheck::OwnStatement,
        date: d("2024-01-01"),
        result: CheckResult::Clear,
        note: String::new(),
    });
    assert_eq!(code(&x), "contact_not_regained");
    let x = r.refused(Action::ReferToDiscipline {
        case: 1,
        date: d("2024-01-01"),
        note: String::new(),
    });
    assert_eq!(code(&x), "contact_not_regained");
}

#[test]
fn retention_not_for_settled_members_n2() {
    let mut r = regained_clear(Membership::Full);
    r.case.member.abroad = Abroad::Settled;
    let x = r.refused(Action::RecordRetention {
        case: 1,
        date: d("2024-05-01"),
        doc_no: "1".into(),
        note: String::new(),
    });
    assert_eq!((x.code, x.source), ("retention_settled", "N二"));
    r.case.member.abroad = Abroad::No;
    let x = r.refused(Action::RecordRetention {
        case: 1,
        date: d("2024-05-01"),
        doc_no: "1".into(),
        note: String::new(),
    });
    assert_eq!(code(&x), "retention_not_abroad");
}

#[test]
fn letter_receipt_needs_a_matching_letter_n2() {
    let mut r = regained_clear(Membership::Full);
    let x = r.refused(Action::RecordLetterReceipt {
        case: 1,
        letter_no: "X-9".into(),
        date: d("2024-05-01"),
    });
    assert_eq!(code(&x), "letter_unknown");
}

#[test]
fn only_one_open_track() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Normal, "2024-04-01");
    assert_eq!(
        code(&r.refused(choose(TrackKind::Removal, "2024-04-02", ""))),
        "track_already_open"
    );
}

#[test]
fn track_from_wrong_status_is_refused() {
    let mut r = lost_searched(4);
    assert_eq!(
        code(&r.refused(choose(TrackKind::Normal, "2024-04-01", ""))),
        "track_wrong_status"
    );
}

#[test]
fn normal_needs_all_four_conduct_checks_n2() {
    let mut r = lost_searched(1);
    r.regain("2024-03-01");
    let x = r.refused(choose(TrackKind::Normal, "2024-04-01", ""));
    assert_eq!((x.code, x.source), ("conduct_incomplete", "N二"));
}

#[test]
fn correction_refused_when_conduct_shows_violation_n3() {
    let mut r = lost_searched(1);
    r.regain("2024-03-01");
    r.conduct_all("2024-03-10", CheckResult::Violation);
    assert_eq!(
        code(&r.refused(choose(TrackKind::Correction, "2024-04-01", ""))),
        "conduct_violation"
    );
}

#[test]
fn disciplined_member_gets_no_disposition_2024_art4() {
    let mut r = regained_clear(Membership::Full);
    r.ok(Action::ReferToDiscipline {
        case: 1,
        date: d("2024-03-15"),
        note: String::new(),
    });
    let x = r.refused(choose(TrackKind::Removal, "2024-04-01", ""));
    assert_eq!(code(&x), "referral_pending");
    r.ok(Action::RecordReferralOutcome {
        case: 1,
        date: d("2024-03-25"),
        outcome: ReferralOutcome::Lesser,
        note: String::new(),
    });
    let x = r.refused(choose_on(
        TrackKind::PersuadeWithdraw,
        "2024-04-01",
        Ground::NoChangeAfterCorrection,
    ));
    assert_eq!(
        (x.code, x.source),
        ("disciplined_no_disposition", "2024 办法 Art.4")
    );
    r.choose(TrackKind::Withdrawal, "2024-04-01");
}

#[test]
fn thin_search_coverage_refused_without_override_x3() {
    let mut r = lost_searched(2);
    let x = r.refused(choose(TrackKind::Suspension, "2024-01-15", ""));
    assert_eq!((x.code, x.source), ("search_coverage_thin", "X三"));
    assert!(x.args.contains(&("covered", "2".to_string())));
    assert!(x.args.contains(&("min", "4".to_string())));
}

#[test]
fn thin_search_coverage_with_override_is_recorded_x3() {
    let mut r = lost_searched(2);
    r.ok(choose(
        TrackKind::Suspension,
        "2024-01-15",
        "户籍已注销，其他途径无法查找",
    ));
    assert_eq!(
        r.case.tracks[0].override_reason,
        "户籍已注销，其他途径无法查找"
    );
}

#[test]
fn suspension_kind_must_match_abroad_status_n4() {
    let mut r = lost_searched(4);
    let x = r.refused(choose(TrackKind::SuspensionAbroad, "2024-01-15", ""));
    assert_eq!(code(&x), "suspension_member_not_abroad");
    r.case.member.abroad = Abroad::Study;
    let x = r.refused(choose(TrackKind::Suspension, "2024-01-15", ""));
    assert_eq!(code(&x), "suspension_member_abroad");
}

#[test]
fn suspend_settled_only_full_settled_n4() {
    let mut r = regained_clear(Membership::Full);
    let x = r.refused(choose(TrackKind::SuspendSettled, "2024-04-01", ""));
    assert_eq!(code(&x), "suspend_settled_not_settled");
    let mut r = regained_clear(Membership::Probationary);
    r.case.member.abroad = Abroad::Settled;
    let x = r.refused(choose(TrackKind::SuspendSettled, "2024-04-01", ""));
    assert_eq!(code(&x), "suspend_settled_probationary");
}

#[test]
fn probation_cancel_only_probationary() {
    let mut r = lost_searched(4);
    assert_eq!(
        code(&r.refused(choose(TrackKind::ProbationCancel, "2024-01-15", ""))),
        "not_probationary"
    );
}

fn suspended_on_2024_01_17() -> Run {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    r.walk("2024-01-16");
    r
}

#[test]
fn restoration_after_two_years_is_refused_n4() {
    let mut r = suspended_on_2024_01_17();
    r.regain("2026-02-01");
    let x = r.refused(choose(TrackKind::Restoration, "2026-02-01", ""));
    assert_eq!((x.code, x.source), ("restore_window_closed", "N四"));
    assert!(x.args.contains(&("closes", "2026-01-17".to_string())));
}

#[test]
fn restoration_needs_contact_regained_n4() {
    let mut r = suspended_on_2024_01_17();
    let x = r.refused(choose(TrackKind::Restoration, "2025-01-01", ""));
    assert_eq!(code(&x), "restoration_needs_contact");
}

#[test]
fn restoration_after_removal_is_refused_art24() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.walk("2024-04-02");
    let x = r.refused(choose(TrackKind::Restoration, "2024-06-01", ""));
    assert_eq!(
        (x.code, x.source),
        ("restore_after_disposal", "Art.24; 2024 办法")
    );
}

#[test]
fn self_lapse_removal_within_window_refused_n4() {
    let mut r = suspended_on_2024_01_17();
    let x = r.refused(choose(TrackKind::SelfLapseRemoval, "2026-01-17", ""));
    assert_eq!(code(&x), "self_lapse_window_open");
}

#[test]
fn self_lapse_removal_not_for_abroad_by_default_n4() {
    let mut r = lost_searched(4);
    r.case.member.abroad = Abroad::Work;
    r.choose(TrackKind::SuspensionAbroad, "2024-01-15");
    r.walk("2024-01-16");
    let x = r.refused(choose(TrackKind::SelfLapseRemoval, "2026-06-01", ""));
    assert_eq!(code(&x), "self_lapse_abroad");
    r.policy.suspension.abroad_removal_after_window = true;
    r.choose(TrackKind::SelfLapseRemoval, "2026-06-01");
}

#[test]
fn self_lapse_removal_refused_after_contact_regained_n4() {
    let mut r = suspended_on_2024_01_17();
    r.regain("2025-01-01");
    let x = r.refused(choose(TrackKind::SelfLapseRemoval, "2026-06-01", ""));
    assert_eq!(code(&x), "self_lapse_contact_regained");
}

#[test]
fn persuasion_from_correction_only_after_no_change_n3() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Correction, "2024-04-01");
    r.walk("2024-04-02");
    let x = r.refused(choose_on(
        TrackKind::PersuadeWithdraw,
        "2024-06-01",
        Ground::NoChangeAfterCorrection,
    ));
    assert_eq!(code(&x), "persuade_needs_no_change");
    let x = r.refused(Action::RecordCorrectionResult {
        case: 1,
        date: d("2024-10-01"),
        result: CorrectionResult::NoChange,
        note: String::new(),
    });
    assert_eq!(code(&x), "correction_period_running");
}

#[test]
fn probationary_member_not_found_is_cancelled_not_suspended_n4() {
    let mut r = Run::new(Membership::Probationary);
    r.search_channels("2023-08-01", 4);
    let x = r.refused(choose(TrackKind::Suspension, "2024-01-15", ""));
    assert_eq!((x.code, x.source), ("suspension_probationary", "N四"));
}

#[test]
fn found_while_still_in_probation_must_extend_not_cancel_n2() {
    let mut r = Run::new(Membership::Probationary);
    r.case.member.probation_start = Some(d("2023-01-01"));
    r.search("2023-08-01", Channel::Phone);
    r.regain("2023-09-01");
    let x = r.refused(choose(TrackKind::ProbationCancel, "2023-10-01", ""));
    assert_eq!(x.code, "cancel_during_probation");
    // Found after the probation had ended: cancellation may be chosen.
    let mut r = regained_clear(Membership::Probationary);
    r.choose(TrackKind::ProbationCancel, "2024-04-01");
    r.walk("2024-04-02");
    assert_eq!(r.case.status, Status::ProbationCancelled);
}

#[test]
fn contact_regained_during_suspension_procedure_closes_it_n4() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    r.regain("2024-01-20");
    assert_eq!(r.case.status, Status::Regained);
    assert!(r.case.open_track().is_none());
    assert!(!r.case.tracks[0].completed);
    assert!(r.case.suspensions.is_empty());
}

#[test]
fn item_date_before_previous_step_is_refused() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Normal, "2024-04-01");
    r.ok(item("talk", "2024-04-10", None));
    let x = r.refused(item("committee_agrees", "2024-04-05", None));
    assert_eq!(x.code, "date_before_previous_step");
}

#[test]
fn restoration_from_lost_or_regained_is_refused() {
    let mut r = regained_clear(Membership::Full);
    let x = r.refused(choose(TrackKind::Restoration, "2024-04-01", ""));
    assert_eq!(x.code, "track_wrong_status");
}
