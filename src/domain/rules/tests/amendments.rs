//! Amendments, DOMAIN.md "Confidentiality and record-keeping": 「a wrong entry
//! is corrected by a new entry that says so, and from then on the corrected
//! values are the ones that count (deadlines, papers), while both stay in the
//! history」 [N五 全程纪实]. Refused where the corrected values break a rule
//! the original passed.

use super::*;
use crate::domain::deadline::{DeadlineKind, compute};
use std::collections::BTreeMap;

fn amend(target: AmendTarget, record: Option<RecordId>, kv: &[(&str, &str)]) -> Action {
    let values: BTreeMap<String, String> = kv
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Action::Amend {
        case: 1,
        date: d("2026-07-01"),
        target,
        record,
        values,
        note: "录入错误".into(),
    }
}

#[test]
fn a_mistyped_search_date_is_amended_and_drives_the_deadline_n5() {
    let mut r = lost_searched(1);
    let id = r.case.searches[0].id;
    r.ok(amend(AmendTarget::Search, id, &[("date", "2023-09-15")]));
    assert_eq!(r.case.searches[0].date, d("2023-09-15"));
    let a = &r.case.amendments[0];
    assert_eq!(
        (a.field.as_str(), a.old.as_str(), a.new.as_str()),
        ("date", "2023-08-01", "2023-09-15")
    );
    let stale = compute(&r.case, &r.policy, &r.procedures, &r.campaigns)
        .into_iter()
        .find(|x| x.kind == DeadlineKind::SearchStale)
        .expect("row");
    assert_eq!(stale.due, d("2023-09-15") + chrono::Days::new(90));
}

#[test]
fn a_wrong_channel_is_amended_n5_x3() {
    let mut r = lost_searched(1);
    let id = r.case.searches[0].id;
    r.ok(amend(AmendTarget::Search, id, &[("channel", "phone")]));
    assert_eq!(r.case.channels_covered(), vec![Channel::Phone]);
}

#[test]
fn an_amendment_that_breaks_the_rule_is_refused_nothing_written_n5() {
    let mut r = lost_searched(1);
    let id = r.case.searches[0].id;
    let x = r.refused(amend(AmendTarget::Search, id, &[("date", "2022-12-31")]));
    assert_eq!(x.code, "date_before_last_contact");
    let x = r.refused(amend(AmendTarget::Search, id, &[("who", " ")]));
    assert_eq!(x.code, "who_required");
    let x = r.refused(amend(AmendTarget::Search, id, &[("channel", "pigeon")]));
    assert_eq!(x.code, "amend_bad_value");
    let x = r.refused(amend(AmendTarget::Search, id, &[("colour", "red")]));
    assert_eq!(x.code, "amend_unknown_field");
    assert!(r.case.amendments.is_empty());
}

#[test]
fn an_entry_that_does_not_exist_or_belongs_elsewhere_is_refused_n5() {
    let mut r = lost_searched(1);
    let x = r.refused(amend(
        AmendTarget::Search,
        Some(9999),
        &[("date", "2023-09-15")],
    ));
    assert_eq!((x.code, x.source), ("amend_no_record", "N五"));
    let x = r.refused(amend(AmendTarget::Search, None, &[("date", "2023-09-15")]));
    assert_eq!(x.code, "amend_no_record");
    // A conduct record id used as a search id is not this search.
    let x = r.refused(amend(
        AmendTarget::Conduct,
        r.case.searches[0].id,
        &[("note", "x")],
    ));
    assert_eq!(x.code, "amend_no_record");
}

#[test]
fn a_miscounted_vote_is_amended_unless_it_changes_the_result() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.walk("2024-04-02");
    let id = r.case.decisions[0].id;
    r.ok(amend(
        AmendTarget::Vote,
        id,
        &[("votes_for", "13"), ("against", "2")],
    ));
    assert_eq!(r.case.decisions[0].votes_for, 13);
    assert_eq!(r.case.amendments.len(), 2);
    let x = r.refused(amend(AmendTarget::Vote, id, &[("votes_for", "9")]));
    assert_eq!(
        (x.code, x.source),
        ("amend_vote_changes_result", "支部大会议事规则")
    );
    let x = r.refused(amend(AmendTarget::Vote, id, &[("attending", "21")]));
    assert_eq!(x.code, "amend_vote_does_not_add_up");
    let x = r.refused(amend(AmendTarget::Vote, id, &[("due", "x")]));
    assert_eq!(x.code, "amend_bad_value");
}

#[test]
fn an_item_date_keeps_the_order_of_steps_n3() {
    let mut r = regained_clear(Membership::Full);
    r.choose(TrackKind::Removal, "2024-04-01");
    r.walk("2024-04-02");
    let first = r.case.items[0].id;
    let x = r.refused(amend(AmendTarget::Item, first, &[("date", "2024-05-01")]));
    assert_eq!(x.code, "amend_after_next_step");
    let x = r.refused(amend(AmendTarget::Item, first, &[("date", "2024-03-31")]));
    assert_eq!(x.code, "date_before_track_start");
    let approve = r
        .case
        .items
        .iter()
        .find(|i| i.item == "approve")
        .and_then(|i| i.id);
    let x = r.refused(amend(AmendTarget::Item, approve, &[("doc_no", "")]));
    assert_eq!(x.code, "doc_no_required");
    r.ok(amend(
        AmendTarget::Item,
        approve,
        &[("doc_no", "厦委组〔2024〕9号")],
    ));
}

#[test]
fn the_last_contact_amended_keeps_six_months_before_a_suspension_preamble() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    let x = r.refused(amend(
        AmendTarget::Member,
        None,
        &[("last_contact", "2023-07-20")],
    ));
    assert_eq!(x.code, "not_yet_lost_member");
    let x = r.refused(amend(
        AmendTarget::Member,
        None,
        &[("last_contact", "2023-08-02")],
    ));
    assert_eq!(x.code, "amend_last_contact_after_events");
    r.ok(amend(
        AmendTarget::Member,
        None,
        &[("last_contact", "2023-02-01")],
    ));
    assert_eq!(r.case.member.last_contact, d("2023-02-01"));
    assert_eq!(r.case.status_since, d("2023-02-01"));
}

#[test]
fn the_regained_date_amended_stays_after_the_searches_n2() {
    let mut r = regained_clear(Membership::Full);
    let m = r
        .case
        .milestones
        .iter()
        .find(|m| m.kind == MilestoneKind::ContactRegained)
        .and_then(|m| m.id);
    let x = r.refused(amend(AmendTarget::Regained, m, &[("date", "2023-08-15")]));
    assert_eq!(x.code, "amend_regained_before_search");
    let x = r.refused(amend(AmendTarget::Regained, m, &[("date", "2024-03-20")]));
    assert_eq!(x.code, "amend_regained_after_use");
    r.ok(amend(AmendTarget::Regained, m, &[("date", "2024-03-05")]));
    assert_eq!(r.case.status_since, d("2024-03-05"));
}

/// X三 「检视是否穷尽查找的途径和办法后确实无法取得联系」: a suspension chosen
/// without an override reason rested on `search.min_channels` channels; an
/// amendment of a search's channel or date that leaves fewer channels before
/// the suspension started breaks the rule the original passed, and is
/// refused, nothing written. Moving a search to another new channel is not.
#[test]
fn an_amendment_that_thins_the_search_under_a_suspension_is_refused_x3() {
    let mut r = lost_searched(4);
    r.choose(TrackKind::Suspension, "2024-01-15");
    let last = r.case.searches[3].id;
    let first = Channel::ALL[0].code();
    let x = r.refused(amend(AmendTarget::Search, last, &[("channel", first)]));
    assert_eq!((x.code, x.source), ("amend_coverage_thin", "X三"));
    let covered = x
        .args
        .iter()
        .find(|(k, _)| *k == "covered")
        .map(|(_, v)| v.as_str());
    assert_eq!(covered, Some("3"));
    let x = r.refused(amend(AmendTarget::Search, last, &[("date", "2024-02-01")]));
    assert_eq!(x.code, "amend_coverage_thin");
    assert!(r.case.amendments.is_empty());
    let other = Channel::ALL[5].code();
    r.ok(amend(AmendTarget::Search, last, &[("channel", other)]));
    assert_eq!(r.case.channels_covered().len(), 4);
}
