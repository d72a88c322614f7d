//! Probationary members, N二 「对尚在预备期的预备党员，预备期满后应当延长预备期半年至
//! 一年；对超过预备期的，视情作出延长预备期或取消其预备党员资格处理」, 党章 Art.7
//! 「都应当经支部大会讨论通过和上级党组织批准」, 细则 Art.32 (once, 6–12 months),
//! and N四 「预备党员出国（境）定居的…不再办理转正手续，预备党员资格不再保留」.
//! (Until issue 11 these were the bare actions extend_probation and
//! convert_probation; their tests are replaced by these.)

use super::*;
use crate::domain::deadline::{DeadlineKind, compute};

fn extend_track(date: &str, months: Option<u32>) -> Action {
    Action::ChooseTrack {
        case: 1,
        track: TrackKind::ProbationExtend,
        date: d(date),
        reason: "预备期满".into(),
        override_reason: String::new(),
        months,
        ground: None,
    }
}

fn extended(months: u32) -> Run {
    let mut r = regained_clear(Membership::Probationary);
    r.ok(extend_track("2024-03-15", Some(months)));
    r.walk("2024-03-20");
    r
}

#[test]
fn extension_is_a_meeting_decision_approved_and_starts_at_the_year_end_art7_n2() {
    let mut r = regained_clear(Membership::Probationary);
    r.ok(extend_track("2024-03-15", Some(9)));
    assert!(r.case.extensions.is_empty(), "not before the approval");
    r.walk("2024-03-20");
    let e = &r.case.extensions[0];
    // Probation began 2022-07-01: the year ends 2023-07-01, not on the decision day.
    assert_eq!((e.start, e.months), (d("2023-07-01"), 9));
    assert!(
        e.doc_no.contains("approve"),
        "the approval's document number"
    );
    assert_eq!(
        r.case.status,
        Status::Regained,
        "the status stays as it was"
    );
    assert!(r.case.decisions.iter().any(|x| x.passed), "a 党员大会 vote");
}

#[test]
fn extension_months_6_to_12_decided_with_the_track_art32() {
    let mut r = regained_clear(Membership::Probationary);
    for m in [Some(5), Some(13), None] {
        let x = r.refused(extend_track("2024-03-15", m));
        assert_eq!(x.source, "细则 Art.32", "{m:?}");
    }
    assert_eq!(
        r.refused(extend_track("2024-03-15", Some(13))).code,
        "extension_months_out_of_range"
    );
    let mut f = regained_clear(Membership::Full);
    assert_eq!(
        f.refused(extend_track("2024-03-15", Some(6))).code,
        "not_probationary"
    );
}

#[test]
fn extension_is_granted_once_art32() {
    let mut r = extended(6);
    let x = r.refused(extend_track("2024-06-01", Some(6)));
    assert_eq!((x.code, x.source), ("extension_limit", "细则 Art.32"));
}

#[test]
fn conversion_is_a_track_after_the_extended_end_art7_n2() {
    let mut r = regained_clear(Membership::Probationary);
    let x = r.refused(choose(TrackKind::ProbationConvert, "2024-04-01", ""));
    assert_eq!(x.code, "conversion_needs_extension");
    r.ok(extend_track("2024-03-15", Some(12)));
    r.walk("2024-03-20");
    // 2023-07-01 + 12 months = 2024-07-01.
    let x = r.refused(choose(TrackKind::ProbationConvert, "2024-06-30", ""));
    assert_eq!((x.code, x.source), ("probation_not_ended", "细则 Art.32"));
    r.choose(TrackKind::ProbationConvert, "2024-07-01");
    r.walk("2024-07-02");
    assert_eq!(r.case.member.membership, Membership::Full);
    assert!(
        r.case
            .milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::ProbationConverted)
    );
}

fn settled() -> Run {
    let mut r = regained_clear(Membership::Probationary);
    r.case.member.abroad = Abroad::Settled;
    r
}

#[test]
fn settled_abroad_no_conversion_no_extension_no_cancellation_n4() {
    let mut r = settled();
    assert_eq!(
        r.refused(extend_track("2024-03-15", Some(6))).code,
        "settled_no_extension"
    );
    assert_eq!(
        r.refused(choose(TrackKind::ProbationConvert, "2024-08-01", ""))
            .code,
        "settled_no_conversion"
    );
    assert_eq!(
        r.refused(choose(TrackKind::ProbationCancel, "2024-08-01", ""))
            .code,
        "cancel_settled_lapse"
    );
}

fn lapse(date: &str) -> Action {
    Action::RecordProbationLapse {
        case: 1,
        date: d(date),
        note: "已在国外定居".into(),
    }
}

#[test]
fn the_lapse_is_recorded_whenever_learned_n4() {
    // During the probation year: found 2022-12-01, probation ends 2023-07-01.
    let mut r = Run::new(Membership::Probationary);
    r.case.member.last_contact = d("2022-09-01");
    r.case.status_since = d("2022-09-01");
    r.case.member.abroad = Abroad::Settled;
    r.regain("2022-12-01");
    r.ok(lapse("2022-12-05"));
    assert_eq!(r.case.status, Status::ProbationLapsed);
    // After the year, and even while still lost (learned from the family).
    let mut r = Run::new(Membership::Probationary);
    r.case.member.abroad = Abroad::Settled;
    r.ok(lapse("2024-05-01"));
    assert_eq!(r.case.status, Status::ProbationLapsed);
    assert!(
        r.case
            .milestones
            .iter()
            .any(|m| m.kind == MilestoneKind::ProbationLapsed)
    );
    let x = r.refused(lapse("2024-06-01"));
    assert_eq!(x.code, "lapse_wrong_status");
}

#[test]
fn the_lapse_is_only_for_members_settled_abroad_n4() {
    let mut r = regained_clear(Membership::Probationary);
    r.case.member.abroad = Abroad::Study;
    let x = r.refused(lapse("2024-05-01"));
    assert_eq!((x.code, x.source), ("lapse_not_settled", "N四"));
    let mut f = regained_clear(Membership::Full);
    f.case.member.abroad = Abroad::Settled;
    assert_eq!(f.refused(lapse("2024-05-01")).code, "not_probationary");
}

fn probation_row(r: &Run) -> (String, String) {
    let x = compute(&r.case, &r.policy, &r.procedures, &r.campaigns)
        .into_iter()
        .find(|x| {
            matches!(
                x.kind,
                DeadlineKind::ProbationEnds | DeadlineKind::ExtendedProbationEnds
            )
        })
        .expect("probation row");
    (x.clears, x.detail)
}

/// DOMAIN.md deadlines: the probation alert points to what can be done.
#[test]
fn the_probation_alert_points_to_what_can_be_done_n2_n4() {
    let lost = Run::new(Membership::Probationary);
    assert_eq!(
        probation_row(&lost),
        ("record_search".into(), "probation_cancel".into())
    );
    let r = regained_clear(Membership::Probationary);
    assert_eq!(
        probation_row(&r),
        ("choose_track".into(), "probation_extend".into())
    );
    let r = extended(6);
    assert_eq!(
        probation_row(&r),
        ("choose_track".into(), "probation_convert".into())
    );
    let r = settled();
    assert_eq!(probation_row(&r).0, "record_probation_lapse");
}

/// N四 「对确实无法取得联系的预备党员，取消预备党员资格」 and the preamble's six
/// months: the probation alert of a lost member names the step that is
/// allowed when the probation ends. Still a watch case on that day (last
/// contact 2023-01-10, a 失联党员 from 2023-07-10, probation ends
/// 2023-07-01), or fewer channels searched than `search.min_channels`: search
/// (the cancellation comes after). A 失联党员 by that day with the channels
/// searched: choose the 取消预备党员资格 track.
#[test]
fn the_probation_alert_of_a_lost_member_names_the_allowed_step_n4() {
    let mut watch = Run::new(Membership::Probationary);
    watch.search_channels("2023-02-01", 4);
    assert_eq!(watch.case.member.probation_start, Some(d("2022-07-01")));
    assert_eq!(
        probation_row(&watch),
        ("record_search".into(), "probation_cancel".into())
    );
    let mut m = member(Membership::Probationary);
    m.last_contact = d("2022-12-31");
    let mut thin = Run::with(Case::new(1, m, Status::Lost, d("2022-12-31")));
    thin.search_channels("2023-01-15", 3);
    assert_eq!(
        probation_row(&thin),
        ("record_search".into(), "probation_cancel".into())
    );
    // Month end: 2022-12-31 + 6 months = 2023-06-30, before 2023-07-01.
    thin.search_channels("2023-05-20", 4);
    assert_eq!(thin.case.channels_covered().len(), 4);
    assert_eq!(
        probation_row(&thin),
        ("choose_track".into(), "probation_cancel".into())
    );
}
