//! Issue "Time and history" items 4-6 [N四]: the two-year window of a
//! restoration, the general meeting in a removal as 自行脱党, and both paths
//! open to a member suspended abroad who regained contact.

use super::*;

fn suspended(date: &str, abroad: bool) -> Run {
    let mut r = lost_searched(4);
    if abroad {
        r.case.member.abroad = Abroad::Work;
    }
    let kind = if abroad {
        TrackKind::SuspensionAbroad
    } else {
        TrackKind::Suspension
    };
    // Choose two days before, vote the day before: approval (effect) on `date`.
    let day = d(date);
    r.ok(choose(
        kind,
        &(day - chrono::Duration::days(2)).to_string(),
        "",
    ));
    r.ok(item(
        "vote",
        &(day - chrono::Duration::days(1)).to_string(),
        None,
    ));
    r.ok(item("approve", date, Some(Body::Committee)));
    r.ok(item("filing", date, Some(Body::HigherDept)));
    assert_eq!(r.case.suspensions.last().map(|s| s.date), Some(day));
    r
}

fn application(date: &str) -> Action {
    item("application", date, Some(Body::Branch))
}

/// N四 「党员停止党籍2年内，本人与党组织取得联系并书面提出恢复党籍申请 ...
/// 可以恢复党籍」: contact and application within the 2 years (both ends
/// inclusive); the investigation, review and approval may come after.
#[test]
fn the_window_holds_the_contact_and_the_application_not_the_approval_n4() {
    let mut r = suspended("2024-01-17", false);
    r.regain("2026-01-17");
    r.today = d("2026-06-01");
    // Opened after the window: the contact came within it.
    r.ok(choose(TrackKind::Restoration, "2026-03-01", ""));
    let x = r.refused(application("2026-03-01"));
    assert_eq!((x.code, x.source), ("restore_window_closed", "N四"));
    assert!(x.args.contains(&("closes", "2026-01-17".to_string())));
    // An application made in time (the last day) stands; the rest follows later.
    let mut late = Run::with(r.case.clone());
    late.today = r.today;
    late.ok(Action::AbandonTrack {
        case: 1,
        date: d("2026-03-01"),
        reason: "重新办理".into(),
    });
    late.ok(choose(TrackKind::Restoration, "2026-01-17", ""));
    late.ok(application("2026-01-17"));
    late.walk("2026-03-02");
    assert_eq!(late.case.status, Status::Regained);
    assert!(late.case.suspensions[0].restored_on.is_some());
    // Contact one day after the window: no restoration.
    let mut r = suspended("2024-01-17", false);
    r.regain("2026-01-18");
    let x = r.refused(choose(TrackKind::Restoration, "2026-01-18", ""));
    assert_eq!(x.code, "restore_window_closed");
}

/// The window of a suspension on a leap day ends on 28 February two years on
/// (the end of month clamps), inclusive.
#[test]
fn a_leap_day_suspension_closes_on_the_28th_n4() {
    let mut r = suspended("2024-02-29", false);
    r.regain("2026-02-28");
    r.ok(choose(TrackKind::Restoration, "2026-02-28", ""));
    let x = r.refused(application("2026-03-01"));
    assert!(
        x.args.contains(&("closes", "2026-02-28".to_string())),
        "{x:?}"
    );
    r.ok(application("2026-02-28"));
    let x = r.refused(application("2026-02-28"));
    assert_eq!(x.code, "item_already_done");
}

/// 党章 Art.9 「支部大会应当决定把这样的党员除名，并报上级党组织批准」: the
/// removal as 自行脱党 is decided by the general meeting, then approved.
#[test]
fn removal_as_self_lapsed_is_voted_by_the_general_meeting_art9() {
    let mut r = suspended("2024-01-17", false);
    r.ok(choose(TrackKind::SelfLapseRemoval, "2026-02-01", ""));
    r.ok(item("verify", "2026-02-02", None));
    let x = r.refused(item("approve", "2026-02-03", Some(Body::Committee)));
    assert_eq!(x.code, "earlier_step_unfinished");
    let mut v = item("vote", "2026-02-03", Some(Body::Committee));
    let x = r.refused(v.clone());
    assert_eq!(x.code, "wrong_body");
    if let Action::CompleteItem { body, .. } = &mut v {
        *body = Some(Body::GeneralMeeting);
    }
    r.ok(v);
    r.ok(item("approve", "2026-02-04", Some(Body::Committee)));
    assert_eq!(r.case.status, Status::Removed);
    assert!(
        r.case
            .decisions
            .last()
            .is_some_and(|d| d.signature.is_none())
    );
}

/// N四 「对经多方查找确实无法取得联系的出国（境）党员 ... 待取得联系后，根据其
/// 失联原因、表现情况等，按照相关规定恢复组织生活或给予组织处置」.
#[test]
fn a_member_suspended_abroad_back_in_contact_has_both_paths_n4() {
    let mut r = suspended("2024-01-17", true);
    let x = r.refused(choose(TrackKind::ResumeLife, "2025-01-01", ""));
    assert_eq!((x.code, x.source), ("restoration_needs_contact", "N四"));
    // Contact regained years later: no window for members abroad.
    r.regain("2026-05-01");
    r.today = d("2026-08-01");
    r.conduct_all("2026-05-10", CheckResult::Clear);
    // Path 1: back to organizational life.
    let mut life = Run::with(r.case.clone());
    life.today = r.today;
    life.ok(choose(TrackKind::ResumeLife, "2026-05-20", ""));
    life.walk("2026-05-21");
    assert_eq!(life.case.status, Status::Normal);
    assert_eq!(life.case.suspensions[0].restored_on, Some(d("2026-05-23")));
    // Path 2: a disposition by cause and conduct, here 限期改正.
    let mut disp = Run::with(r.case.clone());
    disp.today = r.today;
    disp.choose(TrackKind::Correction, "2026-05-20");
    disp.walk("2026-05-21");
    assert_eq!(disp.case.status, Status::Correction);
    assert!(disp.case.suspensions[0].restored_on.is_some());
}

/// A domestic suspension is lifted by 恢复党籍 alone (N四).
#[test]
fn a_domestic_suspension_is_not_disposed_of_directly_n4() {
    let mut r = suspended("2024-01-17", false);
    r.regain("2025-01-01");
    r.conduct_all("2025-01-10", CheckResult::Clear);
    r.assess("2025-01-12", CauseKind::Objective, true);
    let x = r.refused(choose(TrackKind::Normal, "2025-02-01", ""));
    assert_eq!(
        (x.code, x.source),
        ("suspended_domestic_restore_only", "N四")
    );
    let x = r.refused(choose(TrackKind::ResumeLife, "2025-02-01", ""));
    assert_eq!(x.code, "suspended_domestic_restore_only");
    r.ok(choose(TrackKind::Restoration, "2025-02-01", ""));
}
