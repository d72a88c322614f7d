//! The checklist view of the open or last track [N三].

use super::*;
use crate::domain::checklist::checklist;

#[test]
fn no_track_no_checklist() {
    let r = regained_clear(Membership::Full);
    assert!(checklist(&r.case, &r.procedures).is_none());
}

#[test]
fn later_steps_are_blocked_by_the_first_missing_item() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.ok(item("investigate", "2024-04-02", None));
    let c = checklist(&r.case, &r.procedures).expect("checklist");
    assert!(c.track_open);
    assert_eq!(c.steps.len(), 5);
    let first = &c.steps[0].items;
    assert!(first[0].done.is_some());
    assert!(
        first[1].done.is_none() && first[1].blocked.is_none(),
        "same step can be done"
    );
    let pre = &c.steps[1].items[1];
    assert_eq!(pre.key, "prereview_higher");
    assert_eq!(pre.body, Body::HigherDept);
    let why = pre.blocked.as_ref().expect("blocked");
    assert_eq!(why.code, "earlier_step_unfinished");
    assert!(why.args.contains(&("missing", "与本人谈话".to_string())));
}

#[test]
fn closed_track_shows_records_and_blocks_nothing_done() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Normal, "2024-04-01");
    r.ok(item("talk", "2024-04-02", None));
    r.ok(Action::AbandonTrack {
        case: 1,
        date: d("2024-04-03"),
        reason: "改变处置方式".into(),
    });
    let c = checklist(&r.case, &r.procedures).expect("last track");
    assert!(!c.track_open);
    assert!(c.steps[0].items[0].done.is_some());
    assert_eq!(
        c.steps[1].items[0].blocked.as_ref().map(|b| b.code),
        Some("track_closed")
    );
}
