//! Whole-case load and save on a real SQLite file.

use crate::support::store::{case, d, insert, temp_db};
use shilian::domain::deadline::{Deadline, DeadlineKind};
use shilian::domain::model::*;
use shilian::store::{RosterQuery, Store, StoreError};

/// A case with at least one record of every kind (items and decisions need
/// the track's id, so they are added in a second save).
fn full_case() -> Case {
    let mut c = case("欧阳娜娜", "110105199003072345", "第一党支部");
    c.member.probation_start = Some(d("2022-05-01"));
    c.member.membership = Membership::Probationary;
    c.searches.push(SearchRecord {
        id: None,
        date: d("2023-08-01"),
        channel: Channel::Family,
        who: "李四".into(),
        result: SearchResult::NoTrace,
        note: "家属不知去向".into(),
    });
    c.searches.push(SearchRecord {
        id: None,
        date: d("2023-07-20"),
        channel: Channel::Phone,
        who: "李四".into(),
        result: SearchResult::Lead,
        note: String::new(),
    });
    c.conduct.push(ConductRecord {
        id: None,
        check: ConductCheck::PoliceInquiry,
        date: d("2023-09-01"),
        result: CheckResult::Clear,
        note: "无".into(),
    });
    c.referrals.push(Referral {
        id: None,
        date: d("2023-09-02"),
        note: "移送".into(),
        outcome_date: Some(d("2023-10-02")),
        outcome: Some(ReferralOutcome::NothingFound),
        outcome_note: "未处分".into(),
    });
    c.tracks.push(Track {
        id: None,
        kind: TrackKind::Removal,
        started: d("2024-02-01"),
        reason: "失联超过六个月".into(),
        override_reason: String::new(),
        closed: None,
        completed: false,
        months: None,
        ground: None,
    });
    c.extensions.push(ProbationExtension {
        id: None,
        start: d("2023-05-01"),
        months: 6,
        doc_no: "党发〔2023〕1号".into(),
    });
    c.suspensions.push(Suspension {
        id: None,
        date: d("2024-03-01"),
        abroad: true,
        restored_on: None,
        removed_on: Some(d("2025-03-01")),
    });
    c.transfers.push(Transfer {
        id: None,
        to_org: "某县委组织部".into(),
        letter_no: "介字001".into(),
        issued: d("2024-01-05"),
        reissued: true,
        received: None,
    });
    c.retentions.push(Retention {
        id: None,
        date: d("2024-01-06"),
        doc_no: "留字1".into(),
        note: "人事档案".into(),
    });
    c.appeals.push(Appeal {
        id: None,
        kind: Some(AppealKind::Reexamination),
        received: d("2024-04-01"),
        note: "申诉".into(),
        answered: Some(d("2024-04-20")),
        result: Some(AppealResult::Upheld),
        answer_note: "维持".into(),
    });
    c.reviews.push(Review {
        id: None,
        date: d("2024-05-01"),
        outcome: ReviewOutcome::Keep,
        note: "回头看".into(),
        campaign: None,
        kind: Some(LookbackKind::SelfLapse),
        who: "陈六".into(),
        criteria: vec![
            CriterionResult {
                criterion: Criterion::Exhausted,
                met: true,
            },
            CriterionResult {
                criterion: Criterion::Records,
                met: false,
            },
        ],
    });
    c.milestones.push(Milestone {
        id: None,
        date: d("2023-07-15"),
        kind: MilestoneKind::Lost,
        note: String::new(),
    });
    c
}

#[test]
fn round_trip_every_record_kind() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &full_case());
    let mut c = store.load_case(id).expect("load");
    assert_eq!(c.version, 1);
    let track = c.tracks[0].id.expect("track id");
    c.items.push(ItemRecord {
        id: None,
        track_id: track,
        step: 2,
        item: "prereview".into(),
        date: d("2024-02-10"),
        who: "张三".into(),
        body: Some(Body::BranchCommittee),
        doc_no: "文1".into(),
        note: "预审".into(),
        attempt: 1,
        outcome: None,
    });
    c.items.push(ItemRecord {
        id: None,
        track_id: track,
        step: 1,
        item: "proposal".into(),
        date: d("2024-02-05"),
        who: "张三".into(),
        body: None,
        doc_no: String::new(),
        note: String::new(),
        attempt: 1,
        outcome: None,
    });
    c.decisions.push(Decision {
        id: None,
        track_id: track,
        meeting_date: d("2024-02-20"),
        due: 20,
        attending: 18,
        votes_for: 15,
        against: 2,
        abstaining: 1,
        signature: Some(Signature::Refused),
        signature_note: "拒签".into(),
        passed: true,
    });
    let tx = store.begin().expect("begin");
    assert_eq!(tx.save_case(&c).expect("save"), 2);
    tx.commit().expect("commit");

    let back = store.load_case(id).expect("reload");
    assert_eq!(back.version, 2);
    assert_eq!(back.member, full_case().member);
    // Children ordered by date then id, all with ids.
    assert_eq!(back.searches[0].date, d("2023-07-20"));
    assert_eq!(back.items[0].item, "proposal");
    let mut expect = c.clone();
    expect.version = 2;
    expect.searches.sort_by_key(|s| s.date);
    expect.items.sort_by_key(|i| i.date);
    let strip = |mut k: Case| {
        k.searches.iter_mut().for_each(|r| r.id = None);
        k.conduct.iter_mut().for_each(|r| r.id = None);
        k.referrals.iter_mut().for_each(|r| r.id = None);
        k.tracks.iter_mut().for_each(|r| r.id = None);
        k.items.iter_mut().for_each(|r| r.id = None);
        k.decisions.iter_mut().for_each(|r| r.id = None);
        k.extensions.iter_mut().for_each(|r| r.id = None);
        k.suspensions.iter_mut().for_each(|r| r.id = None);
        k.transfers.iter_mut().for_each(|r| r.id = None);
        k.retentions.iter_mut().for_each(|r| r.id = None);
        k.appeals.iter_mut().for_each(|r| r.id = None);
        k.reviews.iter_mut().for_each(|r| r.id = None);
        k.milestones.iter_mut().for_each(|r| r.id = None);
        k
    };
    assert_eq!(strip(back.clone()), strip(expect));
    assert!(back.searches.iter().all(|s| s.id.is_some()));
    assert!(back.decisions.iter().all(|s| s.id.is_some()));
    assert!(store.verify().expect("verify").ok());
}

#[test]
fn save_updates_existing_records_and_drops_removed_ones() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &full_case());
    let mut c = store.load_case(id).expect("load");
    c.tracks[0].closed = Some(d("2024-06-01"));
    c.tracks[0].completed = true;
    c.searches.remove(0);
    c.member.name = "欧阳菲菲".into();
    c.status = Status::Removed;
    let tx = store.begin().expect("begin");
    tx.save_case(&c).expect("save");
    tx.commit().expect("commit");
    let back = store.load_case(id).expect("reload");
    assert_eq!(back.tracks.len(), 1);
    assert_eq!(back.tracks[0].closed, Some(d("2024-06-01")));
    assert!(back.tracks[0].completed);
    assert_eq!(back.searches.len(), 1);
    assert_eq!(back.status, Status::Removed);
    // The n-gram index follows the rename.
    let q = |t: &str| RosterQuery {
        text: t.into(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.roster(&q("菲菲")).expect("roster").len(), 1);
    assert_eq!(store.roster(&q("娜娜")).expect("roster").len(), 0);
}

#[test]
fn stale_version_is_refused_with_conflict() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &full_case());
    let first = store.load_case(id).expect("load");
    let second = first.clone();
    let tx = store.begin().expect("begin");
    tx.save_case(&first).expect("first save");
    tx.commit().expect("commit");
    let tx = store.begin().expect("begin");
    match tx.save_case(&second) {
        Err(StoreError::Conflict {
            case,
            expected,
            found,
        }) => {
            assert_eq!((case, expected, found), (id, 1, 2));
        }
        other => panic!("expected conflict, got {other:?}"),
    }
}

#[test]
fn missing_case_and_duplicate_id_number() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    assert!(matches!(
        store.load_case(42),
        Err(StoreError::NoSuchCase(42))
    ));
    insert(&mut store, &full_case());
    let tx = store.begin().expect("begin");
    match tx.insert_case(&full_case()) {
        Err(StoreError::DuplicateId(n)) => assert_eq!(n, "110105199003072345"),
        other => panic!("expected duplicate, got {other:?}"),
    }
}

#[test]
fn replace_deadlines_sets_next_due_to_the_earliest() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &full_case());
    let dl = |kind, due: &str| Deadline {
        case: id,
        kind,
        due: d(due),
        clears: "record_search".into(),
        detail: String::new(),
    };
    let tx = store.begin().expect("begin");
    tx.replace_deadlines(
        id,
        &[
            dl(DeadlineKind::SearchStale, "2024-09-01"),
            dl(DeadlineKind::AppealAnswer, "2024-08-01"),
        ],
    )
    .expect("deadlines");
    tx.commit().expect("commit");
    let rows = store
        .roster(&RosterQuery {
            limit: 5,
            ..Default::default()
        })
        .expect("roster");
    assert_eq!(rows[0].next_due, Some(d("2024-08-01")));
    assert_eq!(rows[0].next_kind, Some(DeadlineKind::AppealAnswer));
    assert_eq!(store.alert_count(None).expect("count"), 2);
    let tx = store.begin().expect("begin");
    tx.replace_deadlines(id, &[]).expect("clear");
    tx.meta_set("demo", "1").expect("meta");
    tx.meta_set("demo", "2").expect("meta");
    tx.commit().expect("commit");
    let rows = store
        .roster(&RosterQuery {
            limit: 5,
            ..Default::default()
        })
        .expect("roster");
    assert_eq!(rows[0].next_due, None);
    assert_eq!(store.alert_count(None).expect("count"), 0);
    assert_eq!(store.meta_get("demo").expect("meta").as_deref(), Some("2"));
    assert_eq!(store.meta_get("none").expect("meta"), None);
}
