//! Every row of DOMAIN.md's deadline table, with its source.

use super::*;
use crate::domain::deadline::{Deadline, DeadlineKind, compute};

fn rows(r: &Run) -> Vec<Deadline> {
    compute(&r.case, &r.policy, &r.procedures, &r.campaigns)
}

fn find(r: &Run, kind: DeadlineKind) -> Option<Deadline> {
    rows(r).into_iter().find(|x| x.kind == kind)
}

/// Notice preamble: lost after 6 months without contact. The row stays
/// until its day, searched or not (the alert query hides it once past); a
/// case never searched is due for a search from that day. (Until issue 11
/// a search cleared this row: the old test encoded that.)
#[test]
fn becomes_lost_preamble_six_months() {
    let r = Run::new(Membership::Full);
    let x = find(&r, DeadlineKind::BecomesLost).expect("row");
    assert_eq!(x.due, d("2023-07-10"));
    assert_eq!(x.clears, "record_search");
    let stale = find(&r, DeadlineKind::SearchStale).expect("never searched");
    assert_eq!(stale.due, d("2023-07-10"));
    let r = lost_searched(1);
    let x = find(&r, DeadlineKind::BecomesLost).expect("a search does not clear it");
    assert_eq!(x.due, d("2023-07-10"));
}

/// Notice preamble: "becomes a lost-contact member" is a notice for its day,
/// never the roster's next deadline (stored rows cannot know today, so it
/// would read "overdue" for as long as the case stays lost): the roster
/// shows the search due, earlier or later.
#[test]
fn the_roster_never_shows_becomes_lost_as_next_preamble() {
    use crate::domain::deadline::next_for_roster;
    let r = lost_searched(3);
    let all = rows(&r);
    let lost = find(&r, DeadlineKind::BecomesLost).expect("row");
    let stale = find(&r, DeadlineKind::SearchStale).expect("row");
    assert!(
        lost.due < stale.due,
        "the becomes-lost day is the earliest row"
    );
    let next = next_for_roster(&all).expect("a next row");
    assert_eq!(next.kind, DeadlineKind::SearchStale);
    assert_eq!(next.due, stale.due);
    // Alone it gives no next deadline at all.
    assert_eq!(next_for_roster(std::slice::from_ref(&lost)), None);
}

/// N一 应查尽查: no search for `stale_days`.
#[test]
fn search_stale_n1() {
    let r = lost_searched(3);
    let x = find(&r, DeadlineKind::SearchStale).expect("row");
    assert_eq!(x.due, d("2023-10-01") + chrono::Days::new(90));
}

/// N三 / 2024 办法: correction period from approval, until the result.
#[test]
fn correction_ends_n3() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Correction, "2024-04-01");
    r.walk("2024-04-02");
    let x = find(&r, DeadlineKind::CorrectionEnds).expect("row");
    // Approved 2024-04-08 (the guide and the vote share the meeting day).
    assert_eq!(x.due, d("2024-10-08"));
    r.ok(Action::RecordSupport {
        case: 1,
        date: d("2024-05-01"),
        measure: SupportMeasure::Talk,
        note: String::new(),
    });
    r.ok(Action::RecordCorrectionResult {
        case: 1,
        date: d("2024-10-09"),
        result: CorrectionResult::NoChange,
        note: String::new(),
    });
    assert!(find(&r, DeadlineKind::CorrectionEnds).is_none());
}

/// N四: restoration window closes 2 years after a domestic suspension;
/// none for members abroad unless the local policy flag is on.
#[test]
fn restoration_window_closes_n4() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    r.walk("2024-01-16");
    let x = find(&r, DeadlineKind::RestorationWindowCloses).expect("row");
    assert_eq!(x.due, d("2026-01-17"));
    let mut a = lost_searched(4);
    a.case.member.abroad = Abroad::Residence;
    a.choose(TrackKind::SuspensionAbroad, "2024-01-15");
    a.walk("2024-01-16");
    assert!(find(&a, DeadlineKind::RestorationWindowCloses).is_none());
    a.policy.suspension.abroad_removal_after_window = true;
    assert!(find(&a, DeadlineKind::RestorationWindowCloses).is_some());
}

/// N三 end: an appeal must be answered within the policy days.
#[test]
fn appeal_answer_n3_even_when_withdrawn() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Withdrawal, "2024-04-01");
    r.walk("2024-04-02");
    r.ok(Action::RecordAppeal {
        case: 1,
        kind: AppealKind::Reconsideration,
        received: d("2024-05-01"),
        note: String::new(),
    });
    let all = rows(&r);
    let x = all
        .iter()
        .find(|x| x.kind == DeadlineKind::AppealAnswer)
        .expect("row");
    assert_eq!(x.due, d("2024-07-30"));
    assert!(all.iter().all(|x| matches!(
        x.kind,
        DeadlineKind::AppealAnswer | DeadlineKind::LookbackReview
    )));
}

/// N二: an introduction letter expires unreported.
#[test]
fn letter_expires_n2() {
    let mut r = regained_clear(Membership::Full);
    r.ok(Action::RecordTransfer {
        case: 1,
        to_org: "某党委".into(),
        letter_no: "L-7".into(),
        issued: d("2024-04-01"),
        reissued: false,
    });
    let x = find(&r, DeadlineKind::LetterExpires).expect("row");
    assert_eq!((x.due, x.detail.as_str()), (d("2024-05-01"), "L-7"));
}

/// Good practice: a step waiting too long, from the last completed item.
#[test]
fn step_waiting_names_the_step() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    let x = find(&r, DeadlineKind::StepWaiting).expect("row");
    assert_eq!((x.due, x.detail.as_str()), (d("2024-05-31"), "核实情况"));
    for (k, day) in [
        ("investigate", 2),
        ("talk", 3),
        ("material", 4),
        ("propose", 5),
    ] {
        r.ok(item(k, &format!("2024-04-0{day}"), None));
    }
    let x = find(&r, DeadlineKind::StepWaiting).expect("row");
    assert_eq!((x.due, x.detail.as_str()), (d("2024-06-04"), "上级预审"));
}

/// X三: no campaign on record, no look-back deadline (the policy file has no
/// built-in date); a campaign brings one (tests/lookback.rs).
#[test]
fn lookback_review_x3() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.walk("2024-04-02");
    assert!(find(&r, DeadlineKind::LookbackReview).is_none());
    r.campaigns = vec![Campaign {
        id: 1,
        date: d("2026-09-01"),
        name: "回头看".into(),
        doc_no: String::new(),
        scope: crate::domain::lookback::DEFAULT_SCOPE.to_vec(),
        migrated: false,
    }];
    let x = find(&r, DeadlineKind::LookbackReview).expect("row");
    assert_eq!(x.due, d("2026-12-30"));
    assert_eq!(x.clears, "record_review");
    assert_eq!(x.detail, "regained_removal");
}

#[test]
fn rows_are_sorted_most_urgent_first() {
    let mut r = regained_clear(Membership::Probationary);
    r.choose(TrackKind::Normal, "2024-04-01");
    let all = rows(&r);
    assert!(all.len() >= 2);
    assert!(all.windows(2).all(|w| w[0].due <= w[1].due));
}
