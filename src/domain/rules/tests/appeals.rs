//! Appeals, N三 end: 「被处置党员对处置结果有不同意见的，按《中国共产党党员权利保障
//! 条例》规定提出申诉。党组织要按照规定进行复议、复查，并对本人作出回复。」 and
//! DOMAIN.md section 5: 撤销 or 变更 means the disposition no longer stands.

use super::*;

fn removed() -> Run {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.walk("2024-04-02");
    assert_eq!(r.case.status, Status::Removed);
    r
}

fn appeal(kind: AppealKind, received: &str) -> Action {
    Action::RecordAppeal {
        case: 1,
        kind,
        received: d(received),
        note: "本人申诉".into(),
    }
}

fn answer(date: &str, result: AppealResult) -> Action {
    Action::AnswerAppeal {
        case: 1,
        date: d(date),
        result,
        note: "答复本人".into(),
    }
}

#[test]
fn appeal_records_its_kind_n3() {
    let mut r = removed();
    r.ok(appeal(AppealKind::Reexamination, "2024-05-01"));
    assert_eq!(r.case.appeals[0].kind, Some(AppealKind::Reexamination));
}

#[test]
fn upheld_keeps_the_decision_n3() {
    let mut r = removed();
    r.ok(appeal(AppealKind::Reconsideration, "2024-05-01"));
    r.ok(answer("2024-06-01", AppealResult::Upheld));
    assert_eq!(r.case.status, Status::Removed);
}

#[test]
fn revoked_means_handled_again_old_decision_kept_n3() {
    for result in [AppealResult::Revoked, AppealResult::Changed] {
        let mut r = removed();
        let items = r.case.items.len();
        r.ok(appeal(AppealKind::Reexamination, "2024-05-01"));
        r.ok(answer("2024-06-01", result));
        assert_eq!(r.case.status, Status::Regained, "{result}");
        assert_eq!(r.case.status_since, d("2024-06-01"));
        assert_eq!(r.case.items.len(), items, "old decision kept");
        assert!(r.case.tracks[0].completed, "the old track stays completed");
        assert!(
            r.case
                .milestones
                .iter()
                .any(|m| m.kind == MilestoneKind::AppealGranted)
        );
        // Handled again: a new track may be chosen.
        r.choose(TrackKind::Normal, "2024-06-02");
    }
}

#[test]
fn revoked_self_lapse_removal_goes_back_to_the_suspension_n3_n4() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    r.walk("2024-01-16");
    r.choose(TrackKind::SelfLapseRemoval, "2026-01-20");
    r.walk("2026-01-21");
    assert_eq!(r.case.status, Status::Removed);
    r.ok(appeal(AppealKind::Reexamination, "2026-03-01"));
    r.ok(answer("2026-04-01", AppealResult::Revoked));
    assert_eq!(r.case.status, Status::Suspended);
    assert_eq!(r.case.suspensions[0].removed_on, None);
}

#[test]
fn answer_before_the_appeal_is_refused_n3() {
    let mut r = removed();
    r.ok(appeal(AppealKind::Reconsideration, "2024-05-01"));
    let x = r.refused(answer("2024-04-30", AppealResult::Revoked));
    assert_eq!((x.code, x.source), ("answer_before_appeal", "N三"));
}
