//! Dates are history (DOMAIN.md "Who a member is"): 「The date of last contact
//! is history: it is kept for good. Regaining contact records its own date
//! beside it, never over it」 — every paper's 「自…起与党组织失去联系」 prints it.

use super::*;

#[test]
fn regaining_contact_keeps_the_last_contact_n2() {
    let mut r = lost_searched(2);
    r.regain("2024-03-01");
    assert_eq!(r.case.member.last_contact, d("2023-01-10"), "kept");
    assert_eq!(r.case.regained_on(), Some(d("2024-03-01")));
    assert_eq!(r.case.status_since, d("2024-03-01"));
}

#[test]
fn contact_regained_before_the_last_contact_is_refused_n2() {
    let mut r = Run::new(Membership::Full);
    let x = r.refused(Action::RegainContact {
        case: 1,
        date: d("2023-01-09"),
        note: String::new(),
    });
    assert_eq!((x.code, x.source), ("date_before_last_contact", "N前言"));
}

#[test]
fn during_a_suspension_the_regained_date_is_beside_the_original_n4() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    r.walk("2024-01-16");
    r.regain("2025-02-01");
    assert_eq!(r.case.status, Status::Suspended);
    assert_eq!(r.case.member.last_contact, d("2023-01-10"));
    assert_eq!(r.case.regained_on(), Some(d("2025-02-01")));
}
