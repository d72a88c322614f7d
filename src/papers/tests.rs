//! Unit tests of the pure renderers (no database, no files).

use super::register::{Format, Options, Register};
use crate::domain::model::*;
use crate::store::{RegisterRow, RosterRow};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn row(id: i64, committee: &str, branch: &str, status: Status, focus: FocusArea) -> RegisterRow {
    let member = Member {
        name: format!("成员{id}"),
        gender: Gender::Female,
        id_number: String::new(),
        birth_date: d("1990-01-01"),
        membership: Membership::Full,
        probation_start: None,
        branch: branch.into(),
        committee: committee.into(),
        joined: d("2012-01-01"),
        phone: String::new(),
        address: String::new(),
        employer: String::new(),
        focus_area: focus,
        abroad: Abroad::No,
        last_contact: d("2025-01-01"),
        branch_exists: true,
        lost_cause: LostCause::Other,
    };
    let row = RosterRow {
        id,
        name: format!("成员{id}"),
        id_number: String::new(),
        branch: branch.into(),
        committee: committee.into(),
        membership: Membership::Full,
        status,
        last_contact: d("2025-01-01"),
        focus_area: focus,
        abroad: Abroad::No,
        next_due: None,
        next_kind: None,
        branch_exists: true,
    };
    RegisterRow {
        row,
        member,
        status_since: NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"),
    }
}

#[test]
fn register_closes_groups_on_change_and_totals_everything() {
    use FocusArea as F;
    use Status as S;
    let rows = [
        row(1, "甲", "一", S::Lost, F::University),
        row(2, "甲", "一", S::Lost, F::University),
        row(3, "甲", "二", S::Suspended, F::Other),
        row(4, "乙", "一", S::Lost, F::StreetCommunity),
    ];
    let mut buf: Vec<u8> = vec![];
    let opts = Options {
        statuses: vec![],
        as_of: d("2026-01-01"),
    };
    let mut reg = Register::new(opts, Format::Json, &mut buf).expect("new");
    for r in &rows {
        reg.push(r).expect("push");
    }
    assert_eq!(reg.finish().expect("finish"), 4);
    let v: serde_json::Value = serde_json::from_slice(&buf).expect("json");
    let groups: Vec<(String, String, u64)> = v["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                g["committee"].as_str().unwrap_or("").to_string(),
                g["branch"].as_str().unwrap_or("*").to_string(),
                g["counts"]["total"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let want = [
        ("甲", "一", 2),
        ("甲", "二", 1),
        ("甲", "*", 3),
        ("乙", "一", 1),
        ("乙", "*", 1),
    ];
    let want: Vec<(String, String, u64)> = want
        .iter()
        .map(|(c, b, n)| (c.to_string(), b.to_string(), *n))
        .collect();
    assert_eq!(groups, want);
    assert_eq!(v["totals"]["status"]["lost"], 3);
    assert_eq!(v["totals"]["status"]["suspended"], 1);
    assert_eq!(v["totals"]["focus_area"]["university"], 2);
    assert_eq!(v["groups"][2]["counts"]["focus_area"]["other"], 1);
}

fn member_abroad(abroad: Abroad) -> Member {
    let mut m = row(
        1,
        "甲街道党工委",
        "第一党支部",
        Status::Lost,
        FocusArea::Other,
    )
    .member;
    m.name = "张三".into();
    m.abroad = abroad;
    m
}

/// A case with one voted track of `kind` (and contact regained when `regained`).
fn voted(kind: TrackKind, abroad: Abroad, regained: bool) -> Case {
    let mut c = Case::new(7, member_abroad(abroad), Status::Suspended, d("2026-03-01"));
    c.tracks.push(Track {
        id: Some(3),
        kind,
        started: d("2026-02-01"),
        reason: "多方查找".into(),
        override_reason: String::new(),
        months: None,
        ground: None,
        closed: None,
        completed: false,
    });
    c.decisions.push(Decision {
        id: Some(1),
        track_id: 3,
        meeting_date: d("2026-03-07"),
        due: 9,
        attending: 8,
        votes_for: 8,
        against: 0,
        abstaining: 0,
        signature: None,
        signature_note: String::new(),
        passed: true,
    });
    if regained {
        c.milestones.push(Milestone {
            id: None,
            date: d("2026-01-15"),
            kind: MilestoneKind::ContactRegained,
            note: String::new(),
        });
    }
    c
}

#[test]
fn stop_membership_has_one_paper_per_path_in_the_notices_words() {
    use super::drafts::{Kind, render, select};
    let procs = crate::domain::procedure::Procedures::embedded();
    let cases = [
        (
            TrackKind::Suspension,
            Abroad::No,
            false,
            "stop_membership",
            "仍然没有取得联系",
        ),
        (
            TrackKind::SuspensionAbroad,
            Abroad::Work,
            false,
            "stop_membership_abroad",
            "经多方查找确实无法取得联系",
        ),
        (
            TrackKind::SuspendSettled,
            Abroad::Settled,
            true,
            "stop_membership_settled",
            "2026年1月15日重新取得联系，现出国（境）定居",
        ),
    ];
    for (kind, abroad, regained, template, words) in cases {
        let c = voted(kind, abroad, regained);
        let sel = select(Kind::StopMembership, &c, &procs, d("2026-03-10")).expect("selected");
        assert_eq!(sel.template, template);
        let src = super::drafts::embedded(template).expect("shipped");
        let paper = render(template, src, &sel.ctx).expect("rendered");
        let md = super::paper::markdown(&paper);
        assert!(md.contains(words), "{template}: {words}\n{md}");
        assert!(md.contains("决定停止张三同志党籍"), "{md}");
        assert!(md.contains("> 2026年3月7日"), "成文日期: {md}");
        assert!(
            !md.contains("suspen") && !md.contains("unable"),
            "no codes: {md}"
        );
    }
}
