//! Look-back campaigns (回头看, X三) on a real SQLite file: a campaign is a
//! record started by an action, brings the review deadline to the cases it
//! covers, each review keeps its criteria; a schema-4 file's reviews join a
//! campaign made from the old policy date.

use crate::support::cli::fixture_copy;
use crate::support::store::{case, d, insert, temp_db};
use rusqlite::Connection;
use shilian::app::{ActionError, Workspace};
use shilian::domain::action::Action;
use shilian::domain::deadline::DeadlineKind;
use shilian::domain::model::*;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::store::Store;

/// A removal as 自行脱党 resting on one search channel and an override
/// (built directly, as a file would hold it): suspended 2024-01-17, removed
/// 2026-02-04, the removal's filing not on record.
fn thin_self_lapse() -> Case {
    let mut c = case("林小红", "350203199003070027", "东湖社区党支部");
    c.status = Status::Removed;
    c.status_since = d("2026-02-04");
    c.searches.push(SearchRecord {
        id: None,
        date: d("2023-08-01"),
        channel: Channel::Phone,
        who: "李四".into(),
        result: SearchResult::NoTrace,
        note: "电话停机".into(),
    });
    let track = |kind, started: &str, closed: &str, override_reason: &str, completed| Track {
        id: None,
        kind,
        started: d(started),
        reason: "无法取得联系".into(),
        override_reason: override_reason.into(),
        months: None,
        ground: None,
        closed: Some(d(closed)),
        completed,
    };
    c.tracks.push(track(
        TrackKind::Suspension,
        "2024-01-15",
        "2024-01-18",
        "家属称其出国，无法核实",
        true,
    ));
    c.tracks.push(track(
        TrackKind::SelfLapseRemoval,
        "2026-02-01",
        "2026-02-04",
        "",
        false,
    ));
    c.milestones.push(Milestone {
        id: None,
        date: d("2026-02-04"),
        kind: MilestoneKind::Disposed,
        note: "self_lapse_removal".into(),
    });
    c
}

fn ws(path: &std::path::Path) -> Workspace {
    Workspace::open(path, Policy::embedded(), Procedures::embedded()).expect("workspace")
}

#[test]
fn a_campaign_brings_the_deadline_and_a_review_keeps_its_criteria() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &thin_self_lapse());
    drop(store);
    let mut w = ws(&path);
    let today = d("2026-12-01");
    let start = Action::StartCampaign {
        date: d("2026-09-01"),
        name: "2026年组织处置回头看".into(),
        doc_no: "厦委组〔2026〕9号".into(),
        scope: vec![],
    };
    let out = w.run(&start, today).expect("started");
    let cid = out.campaign.expect("campaign id");
    let alerts = w.alerts(today, None, None, 100).expect("alerts");
    let due = alerts
        .iter()
        .find(|a| a.deadline.kind == DeadlineKind::LookbackReview)
        .expect("review due");
    assert_eq!((due.deadline.case, due.deadline.due), (id, d("2026-12-30")));
    assert_eq!(due.deadline.detail, "self_lapse:2", "two criteria flagged");
    let view = w.lookback_view(Some(cid)).expect("view").expect("known");
    assert_eq!(view[0].cases.len(), 1);
    assert!(view[0].cases[0].flagged);
    // Refused: before the disposition, an unknown campaign; nothing written.
    let review = |campaign, date: &str| Action::RecordReview {
        case: id,
        campaign,
        date: d(date),
        outcome: ReviewOutcome::Revoke,
        who: "组织科 陈六".into(),
        criteria: [
            (Criterion::Exhausted, false),
            (Criterion::Records, true),
            (Criterion::Papers, false),
        ]
        .into_iter()
        .collect(),
        note: "仅一种查找途径".into(),
    };
    let audit_before = w.store().audit(None).expect("audit").len();
    for (campaign, date, code) in [
        (cid, "2026-01-01", "review_before_disposition"),
        (cid + 7, "2026-11-01", "review_unknown_campaign"),
    ] {
        match w.run(&review(campaign, date), today) {
            Err(ActionError::Refused(r)) => assert_eq!(r.code, code),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(w.store().audit(None).expect("audit").len(), audit_before);
    w.run(&review(cid, "2026-11-20"), today).expect("reviewed");
    drop(w);
    // A fresh connection reads it back: criteria, who, campaign, reopened.
    let store = Store::open(&path).expect("reopen");
    let c = store.load_case(id).expect("case");
    assert_eq!(
        c.status,
        Status::Suspended,
        "revoked: back to the suspension"
    );
    let r = c.reviews.last().expect("kept");
    assert_eq!(
        (r.campaign, r.kind, r.who.as_str()),
        (Some(cid), Some(LookbackKind::SelfLapse), "组织科 陈六")
    );
    assert_eq!(r.criteria.len(), 3);
    assert!(!r.criteria[0].met && r.criteria[1].met && !r.criteria[2].met);
    let raw = Connection::open(&path).expect("raw");
    let rows: i64 = raw
        .query_row(
            "SELECT count(*) FROM review_criteria WHERE case_id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("criteria");
    assert_eq!(rows, 3);
    let campaign_entry: i64 = raw
        .query_row(
            "SELECT count(*) FROM audit WHERE case_id IS NULL AND json_extract(action, '$.action') = 'start_campaign'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(campaign_entry, 1, "the campaign is in the audit log");
    let left: i64 = raw
        .query_row(
            "SELECT count(*) FROM deadlines WHERE kind = 'lookback_review'",
            [],
            |r| r.get(0),
        )
        .expect("deadlines");
    assert_eq!(left, 0, "reviewed and reopened: nothing due");
}

#[test]
fn a_campaign_with_a_kind_the_policy_does_not_list_writes_nothing() {
    let (_dir, path) = temp_db();
    let mut w = ws(&path);
    let bad = Action::StartCampaign {
        date: d("2026-09-01"),
        name: "回头看".into(),
        doc_no: String::new(),
        scope: vec![LookbackKind::Suspension],
    };
    match w.run(&bad, d("2026-12-01")) {
        Err(ActionError::Refused(r)) => assert_eq!(r.code, "campaign_kind_not_in_policy"),
        other => panic!("{other:?}"),
    }
    assert!(w.campaigns().expect("campaigns").is_empty());
}

/// The schema-4 fixture holds two reviews: after the upgrade they belong to
/// one campaign made from the date the old policy file built in.
#[test]
fn older_reviews_join_a_campaign_from_the_old_policy_date() {
    let db = fixture_copy("schema4-demo.db");
    db.ok(&["verify"]);
    let store = Store::open(&db.path).expect("open");
    let campaigns = store.campaigns().expect("campaigns");
    assert_eq!(campaigns.len(), 1);
    assert!(campaigns[0].migrated);
    assert_eq!(campaigns[0].date, d("2026-09-01"));
    let raw = Connection::open(&db.path).expect("raw");
    let (all, attached): (i64, i64) = raw
        .query_row(
            "SELECT count(*), count(campaign_id) FROM reviews",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("reviews");
    assert_eq!((all, attached), (2, 2));
    let out = db.ok(&["lookback", "show"]);
    assert!(out.stdout.contains("升级前记录的检视"), "{}", out.stdout);
}

/// The schema-8 release's file: its reviews, too, join the migrated
/// campaign, and the file verifies after the upgrade.
#[test]
fn a_schema_8_file_upgrades_with_its_reviews_in_the_migrated_campaign() {
    let db = fixture_copy("schema8-demo.db");
    let reviews: i64 = Connection::open(&db.path)
        .expect("raw")
        .query_row("SELECT count(*) FROM reviews", [], |r| r.get(0))
        .expect("reviews");
    db.ok(&["verify"]);
    let raw = Connection::open(&db.path).expect("raw");
    let attached: i64 = raw
        .query_row(
            "SELECT count(*) FROM reviews WHERE campaign_id = 1",
            [],
            |r| r.get(0),
        )
        .expect("attached");
    assert_eq!(attached, reviews);
    let campaigns: i64 = raw
        .query_row(
            "SELECT count(*) FROM campaigns WHERE migrated = 1",
            [],
            |r| r.get(0),
        )
        .expect("campaigns");
    assert_eq!(campaigns, i64::from(reviews > 0));
}
