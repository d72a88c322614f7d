//! validate_member: GB 11643 ID numbers, dates, probation fields.

use super::*;
use crate::domain::rules::validate_member;

fn check(m: &Member) -> Result<(), Refusal> {
    let r = Run::new(Membership::Full);
    validate_member(m, &r.ctx())
}

fn code_of(m: &Member) -> &'static str {
    check(m).expect_err("refused").code
}

#[test]
fn valid_members_pass() {
    check(&member(Membership::Full)).expect("full member");
    check(&member(Membership::Probationary)).expect("probationary member");
    let mut m = member(Membership::Full);
    m.birth_date = d("1949-12-31");
    m.joined = d("1975-01-01");
    m.id_number = "11010519491231002x".into();
    check(&m).expect("lower-case x check character");
}

#[test]
fn id_check_digit_gb11643() {
    let mut m = member(Membership::Full);
    let good = m.id_number.clone();
    let last = good.chars().last().expect("char");
    let wrong = if last == '0' { '1' } else { '0' };
    m.id_number = format!("{}{wrong}", &good[..17]);
    let x = check(&m).expect_err("refused");
    assert_eq!((x.code, x.source), ("id_check_digit", "GB 11643"));
    assert!(x.args.contains(&("expected", last.to_string())));
}

#[test]
fn id_format_and_birth_date() {
    let mut m = member(Membership::Full);
    m.id_number = "35020319900510".into();
    assert_eq!(code_of(&m), "id_format");
    let mut m = member(Membership::Full);
    m.birth_date = d("1990-05-11");
    assert_eq!(code_of(&m), "id_birth_mismatch");
}

#[test]
fn required_fields() {
    let mut m = member(Membership::Full);
    m.name = " ".into();
    assert_eq!(code_of(&m), "name_required");
    let mut m = member(Membership::Full);
    m.branch.clear();
    assert_eq!(code_of(&m), "branch_required");
    let mut m = member(Membership::Full);
    m.committee.clear();
    assert_eq!(code_of(&m), "committee_required");
}

#[test]
fn dates_not_in_future_and_in_order() {
    let mut m = member(Membership::Full);
    m.last_contact = d("2026-08-02");
    assert_eq!(code_of(&m), "date_in_future");
    let mut m = member(Membership::Full);
    m.joined = d("1980-01-01");
    assert_eq!(code_of(&m), "joined_before_birth");
    let mut m = member(Membership::Full);
    m.joined = d("2008-05-09");
    assert_eq!(code_of(&m), "joined_under_18");
    let mut m = member(Membership::Full);
    m.last_contact = d("2015-06-30");
    assert_eq!(code_of(&m), "last_contact_before_joined");
}

#[test]
fn probationary_needs_probation_start_art32() {
    let mut m = member(Membership::Probationary);
    m.probation_start = None;
    assert_eq!(code_of(&m), "probation_start_required");
    let mut m = member(Membership::Full);
    m.probation_start = None;
    check(&m).expect("full member needs none");
}
