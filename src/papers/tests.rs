//! Unit tests of the pure renderers (no database, no files).

use super::MARKING;
use super::drafts::{DraftError, Values, fill};
use super::register::{Format, Options, Register};
use crate::domain::model::*;
use crate::store::{RegisterRow, RosterRow};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn values() -> Values {
    [("name", "张三"), ("branch", "第一党支部")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn fill_replaces_placeholders_with_spaces_and_adds_the_marking() {
    let out = fill("{{name}}，{{ branch }}。{{name}}", &values()).expect("filled");
    assert_eq!(out, format!("{MARKING}\n\n张三，第一党支部。张三"));
    let marked = fill(&format!("{MARKING}\n{{{{name}}}}"), &values()).expect("filled");
    assert_eq!(marked, format!("{MARKING}\n张三"), "marking not doubled");
    // An unclosed brace pair is text, not a placeholder.
    let open = fill("{{name}} {{oops", &values()).expect("filled");
    assert!(open.ends_with("张三 {{oops"), "{open}");
}

#[test]
fn fill_refuses_unknown_placeholders_by_name() {
    let err = fill("{{name}} {{nmae}} {{ votes }}", &values()).expect_err("unknown");
    assert_eq!(
        err,
        DraftError::Unknown(vec!["nmae".to_string(), "votes".to_string()])
    );
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
    RegisterRow { row, member }
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
