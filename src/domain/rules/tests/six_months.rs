//! Section 0 of DOMAIN.md, Notice preamble: 「对与党组织失去联系6个月以上的党员
//! （以下简称失联党员）」. A case recorded earlier is a watch case; no measure
//! for members who cannot be found is taken before last contact + 6 months.

use super::*;
use crate::domain::lost::{is_watch, lost_from};

fn code(r: &Refusal) -> &'static str {
    r.code
}

/// Last contact on 31 Aug 2023: 6 months later is 29 Feb 2024 (leap day).
fn watch_case(membership: Membership) -> Run {
    let mut r = Run::new(membership);
    r.case.member.last_contact = d("2023-08-31");
    r.case.status_since = d("2023-08-31");
    r.search_channels("2023-09-01", 4);
    r
}

#[test]
fn watch_until_six_months_month_end_and_leap_day_preamble() {
    let r = watch_case(Membership::Full);
    assert_eq!(
        lost_from(r.case.member.last_contact, &r.policy),
        d("2024-02-29")
    );
    assert!(is_watch(&r.case, &r.policy, d("2024-02-28")));
    assert!(!is_watch(&r.case, &r.policy, d("2024-02-29")));
    // 31 Mar + 6 months clamps to 30 Sep (not 1 Oct).
    let mut r = Run::new(Membership::Full);
    r.case.member.last_contact = d("2025-03-31");
    assert_eq!(
        lost_from(r.case.member.last_contact, &r.policy),
        d("2025-09-30")
    );
    assert!(is_watch(&r.case, &r.policy, d("2025-09-29")));
    assert!(!is_watch(&r.case, &r.policy, d("2025-09-30")));
}

#[test]
fn no_suspension_before_six_months_names_the_date_preamble() {
    let mut r = watch_case(Membership::Full);
    r.today = d("2024-02-28");
    let x = r.refused(choose(TrackKind::Suspension, "2024-02-28", ""));
    assert_eq!((x.code, x.source), ("not_yet_lost_member", "N前言"));
    assert!(x.args.contains(&("from", "2024-02-29".to_string())));
    r.today = d("2024-03-01");
    r.ok(choose(TrackKind::Suspension, "2024-02-29", ""));
}

#[test]
fn no_suspension_abroad_before_six_months_preamble() {
    let mut r = watch_case(Membership::Full);
    r.case.member.abroad = Abroad::Work;
    let x = r.refused(choose(TrackKind::SuspensionAbroad, "2024-02-01", ""));
    assert_eq!(code(&x), "not_yet_lost_member");
    r.ok(choose(TrackKind::SuspensionAbroad, "2024-02-29", ""));
}

#[test]
fn no_probation_cancel_for_no_contact_before_six_months_preamble_n4() {
    let mut r = watch_case(Membership::Probationary);
    let x = r.refused(choose(TrackKind::ProbationCancel, "2024-02-28", ""));
    assert_eq!(code(&x), "not_yet_lost_member");
    r.ok(choose(TrackKind::ProbationCancel, "2024-02-29", ""));
}

#[test]
fn watch_case_may_be_searched_and_regained_preamble_n1() {
    let mut r = watch_case(Membership::Full);
    r.search("2023-12-01", Channel::Phone);
    r.regain("2024-01-05");
    assert_eq!(r.case.status, Status::Regained);
}
