//! The bulk path of imports (`Workspace::create_cases_bulk`) against the
//! per-action path (`create_case` actions through `run_batch`): the same rows
//! give the same cases, deadlines, counts and search results; one hash-chained
//! audit entry covers the import and `verify` stays green; a bad row writes
//! nothing and names its index.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use shilian::app::{ActionError, IMPORT_ACTION, Workspace};
use shilian::domain::action::Action;
use shilian::domain::idcard::check_char;
use shilian::domain::model::*;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::store::{RosterQuery, RosterSort, StoreError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn today() -> NaiveDate {
    d("2026-05-15")
}

/// A valid ID number; `seq` picks the region (thousands) and the sequence.
fn id_for(birth: NaiveDate, seq: u32) -> String {
    let region = 320_205 + seq / 1000;
    let body = format!("{region}{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    let check = check_char(&body).expect("digits");
    format!("{body}{check}")
}

const NAMES: &[&str] = &[
    "王伟",
    "王晓明",
    "诸葛亮",
    "李娜",
    "欧阳晓雪",
    "张三丰",
    "王芳",
];
const BRANCHES: &[&str] = &[
    "玄武区东湖街道第一党支部",
    "鼓楼区某公司党支部",
    "第三党支部",
];

/// Varied members: every status, both memberships, old and recent contact.
fn rows(n: u32, offset: u32) -> Vec<(Member, Status)> {
    (0..n)
        .map(|i| {
            let birth = d("1970-01-01") + chrono::Duration::days(i64::from(i * 397 % 8000));
            let probationary = i % 5 == 3;
            let last = d("2025-12-01") - chrono::Duration::days(i64::from(i * 37 % 800));
            let member = Member {
                name: NAMES[i as usize % NAMES.len()].into(),
                gender: if i % 2 == 0 {
                    Gender::Male
                } else {
                    Gender::Female
                },
                id_number: id_for(birth, i + offset),
                birth_date: birth,
                membership: if probationary {
                    Membership::Probationary
                } else {
                    Membership::Full
                },
                probation_start: probationary.then(|| d("2023-01-01")),
                branch: BRANCHES[i as usize % BRANCHES.len()].into(),
                committee: "城东街道党工委".into(),
                joined: if probationary {
                    d("2023-01-01")
                } else {
                    d("2012-07-01")
                },
                phone: "13800000000".into(),
                address: "某市某区某路1号".into(),
                employer: "某公司".into(),
                focus_area: FocusArea::ALL[i as usize % FocusArea::ALL.len()],
                abroad: Abroad::ALL[i as usize % Abroad::ALL.len()],
                last_contact: last,
                branch_exists: i % 7 != 0,
                lost_cause: LostCause::ALL[i as usize % LostCause::ALL.len()],
            };
            (member, Status::ALL[i as usize % Status::ALL.len()])
        })
        .collect()
}

fn open(dir: &tempfile::TempDir, name: &str) -> Workspace {
    Workspace::open(
        &dir.path().join(name),
        Policy::embedded(),
        Procedures::embedded(),
    )
    .expect("open workspace")
}

fn per_action(ws: &mut Workspace, rows: &[(Member, Status)]) -> Vec<CaseId> {
    let actions: Vec<Action> = rows
        .iter()
        .map(|(m, s)| Action::CreateCase {
            member: m.clone(),
            status: *s,
        })
        .collect();
    match ws.run_batch(&actions, today()) {
        Ok(outs) => outs.into_iter().map(|o| o.case).collect(),
        Err((i, e)) => panic!("row {i}: {e}"),
    }
}

fn bulk(ws: &mut Workspace, rows: &[(Member, Status)]) -> Vec<CaseId> {
    match ws.create_cases_bulk(rows.iter().map(|(m, s)| (m, *s)), today()) {
        Ok(ids) => ids,
        Err((i, e)) => panic!("row {i}: {e}"),
    }
}

fn search(ws: &Workspace, text: &str) -> (Vec<CaseId>, u64) {
    let q = RosterQuery {
        text: text.into(),
        sort: RosterSort::Name,
        limit: 1000,
        ..RosterQuery::default()
    };
    let ids = ws
        .roster(&q)
        .expect("roster")
        .iter()
        .map(|r| r.id)
        .collect();
    (ids, ws.roster_count(&q).expect("count"))
}

fn green(ws: &Workspace) {
    let mut report = ws.store().verify().expect("verify");
    let inv = ws
        .store()
        .check_invariants(ws.policy(), ws.procedures())
        .expect("invariants");
    report.problems.extend(inv);
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn bulk_and_per_action_give_identical_cases_deadlines_counts_and_search() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut a, mut b) = (open(&dir, "a.db"), open(&dir, "b.db"));
    let rows = rows(90, 0);
    let ids_a = per_action(&mut a, &rows);
    let ids_b = bulk(&mut b, &rows);
    assert_eq!(ids_a, ids_b);
    for id in &ids_a {
        assert_eq!(a.case(*id).expect("case a"), b.case(*id).expect("case b"));
    }
    let alerts = |ws: &Workspace| ws.alerts(today(), None, None, 10_000).expect("alerts");
    assert!(!alerts(&a).is_empty(), "the rows should give deadlines");
    assert_eq!(alerts(&a), alerts(&b));
    assert_eq!(a.status_counts().expect("a"), b.status_counts().expect("b"));
    // The organisation counters: the same whichever way the cases came in.
    let (kept_a, _) = crate::store_counts::kept_and_recounted(&dir.path().join("a.db"));
    let (kept_b, fresh_b) = crate::store_counts::kept_and_recounted(&dir.path().join("b.db"));
    assert_eq!(kept_a, kept_b);
    assert_eq!(kept_b, fresh_b);
    for term in [
        "王",
        "王伟",
        "诸葛",
        "晓雪",
        "东湖街道",
        "玄武区东湖",
        "1970",
        "3202051",
        "999",
        "205",
        "19x",
        "x",
        "鑫",
    ] {
        assert_eq!(search(&a, term), search(&b, term), "term {term}");
    }
    assert!(search(&b, "王").1 > 0);
    let all = RosterQuery {
        limit: 1000,
        ..RosterQuery::default()
    };
    assert_eq!(a.roster(&all).expect("a"), b.roster(&all).expect("b"));
    green(&a);
    green(&b);
}

#[test]
fn one_audit_entry_names_count_ids_and_hash_and_verify_stays_green() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = open(&dir, "x.db");
    let before = per_action(&mut ws, &rows(3, 500));
    let rows = rows(40, 0);
    let ids = bulk(&mut ws, &rows);
    assert_eq!(ids.first(), Some(&(before[2] + 1)));
    let log = ws.store().audit(None).expect("audit");
    assert_eq!(log.len(), 4, "3 create_case entries and one import entry");
    let entry = &log[3];
    assert_eq!(entry.case, None);
    let v: serde_json::Value = serde_json::from_str(&entry.action).expect("json");
    assert_eq!(v["action"], IMPORT_ACTION);
    assert_eq!(v["count"], 40);
    assert_eq!(v["first"], ids[0]);
    assert_eq!(v["last"], ids[39]);
    let mut h = Sha256::new();
    for (m, s) in &rows {
        let a = Action::CreateCase {
            member: m.clone(),
            status: *s,
        };
        h.update(serde_json::to_string(&a).expect("json").as_bytes());
        h.update(b"\n");
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v["sha256"], hex);
    green(&ws);
    // The import entry is part of each imported case's history.
    let history = ws.history(ids[5]).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].seq, entry.seq);
    assert!(
        ws.history(before[0]).expect("history")[0]
            .action
            .contains("create_case")
    );
    // A later change to an imported case is one more entry on that case.
    let regain = Action::RegainContact {
        case: ids[0],
        date: d("2026-05-01"),
        note: String::new(),
    };
    ws.run(&regain, today()).expect("regain");
    assert_eq!(ws.history(ids[0]).expect("history").len(), 2);
    green(&ws);
}

#[test]
fn a_refused_row_writes_nothing_and_names_its_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = open(&dir, "x.db");
    let mut rows = rows(30, 0);
    rows[17].0.id_number = "320205197001010000".into();
    match ws.create_cases_bulk(rows.iter().map(|(m, s)| (m, *s)), today()) {
        Err((17, ActionError::Refused(_))) => {}
        other => panic!("expected a refusal at row 17: {other:?}"),
    }
    assert!(ws.store().audit(None).expect("audit").is_empty());
    assert_eq!(search(&ws, "王"), (vec![], 0));
    // The gram statistics trigger is still in place after the failed load.
    per_action(&mut ws, &rows[..3]);
    assert_eq!(search(&ws, "王伟").1, 1);
    green(&ws);
}

#[test]
fn an_id_number_already_on_record_fails_at_its_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = open(&dir, "x.db");
    let rows = rows(20, 0);
    per_action(&mut ws, &rows[5..6]);
    match ws.create_cases_bulk(rows.iter().map(|(m, s)| (m, *s)), today()) {
        Err((5, ActionError::Store(StoreError::DuplicateId(_)))) => {}
        other => panic!("expected a duplicate at row 5: {other:?}"),
    }
    assert_eq!(ws.store().audit(None).expect("audit").len(), 1);
    // Counts from the gram statistics add up across imports.
    let n_wang = search(&ws, "王").1;
    bulk(&mut ws, &rows[..5]);
    bulk(&mut ws, &rows[6..]);
    let q = RosterQuery::default();
    assert_eq!(ws.roster_count(&q).expect("count"), 20);
    let direct = rows.iter().filter(|(m, _)| m.name.contains('王')).count() as u64;
    assert!(n_wang <= 1 && search(&ws, "王").1 == direct);
    green(&ws);
}

fn schema(path: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut st = conn
        .prepare("SELECT name, coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .expect("prepare");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

#[test]
fn a_large_load_rebuilds_the_indexes_it_dropped_and_keeps_the_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.db");
    let empty = {
        let _ws = open(&dir, "big.db");
        schema(&path)
    };
    let mut ws = open(&dir, "big.db");
    // Large enough to drop and rebuild the secondary indexes of `cases`.
    let rows = rows(6000, 0);
    let ids = bulk(&mut ws, &rows[..5999]);
    assert_eq!(ids.len(), 5999);
    assert_eq!(schema(&path), empty);
    // A refused row in a large load leaves the schema whole too.
    let mut more = rows[5999..].to_vec();
    more.extend(self::rows(5999, 7000));
    more[3000].0.name = String::new();
    match ws.create_cases_bulk(more.iter().map(|(m, s)| (m, *s)), today()) {
        Err((3000, ActionError::Refused(_))) => {}
        other => panic!("expected a refusal at row 3000: {other:?}"),
    }
    assert_eq!(schema(&path), empty);
    let by_name = RosterQuery {
        sort: RosterSort::Name,
        limit: 50,
        ..RosterQuery::default()
    };
    let page = ws.roster(&by_name).expect("roster");
    assert_eq!(page.len(), 50);
    assert!(page.windows(2).all(|w| w[0].name <= w[1].name));
    let zhuge = rows[..5999]
        .iter()
        .filter(|(m, _)| m.name.contains("诸葛"))
        .count();
    assert!(zhuge > 0);
    assert_eq!(search(&ws, "诸葛").1, zhuge as u64);
    green(&ws);
}

#[test]
fn the_import_entry_has_a_label_in_both_languages() {
    use shilian::i18n::{Lang, t_in};
    for lang in [Lang::Zh, Lang::En] {
        for key in ["ui.action.import", "cli.action.import"] {
            let shown = t_in(lang, key);
            assert!(!shown.is_empty() && shown != key, "{key} in {lang:?}");
        }
    }
}

/// Every page of a term, paged by key `limit` rows at a time.
fn all_pages(ws: &Workspace, text: &str, sort: RosterSort, limit: usize) -> Vec<CaseId> {
    let mut q = RosterQuery {
        text: text.into(),
        sort,
        limit,
        ..RosterQuery::default()
    };
    let mut out = vec![];
    loop {
        let page = ws.roster(&q).expect("roster");
        out.extend(page.iter().map(|r| r.id));
        match page.last() {
            Some(last) if page.len() == limit => q.after = Some(last.key(sort)),
            _ => return out,
        }
    }
}

#[test]
fn small_pages_walking_the_sort_index_find_the_same_rows_in_the_same_order() {
    // With pages of 2 rows and a list of about 1/22 of the cases, the
    // roster walks the sort index filtered by the posting list; with one
    // page of 1000 it reads the posting list. Both must agree with the data.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = open(&dir, "walk.db");
    let rows = rows(2000, 0);
    bulk(&mut ws, &rows);
    for term in ["1975", "19750", "王晓明"] {
        let want = rows
            .iter()
            .filter(|(m, _)| m.id_number.contains(term) || m.name.contains(term))
            .count();
        assert!(want > 3, "{term}: {want}");
        for sort in [
            RosterSort::NextDeadline,
            RosterSort::LostDate,
            RosterSort::Name,
        ] {
            let walked = all_pages(&ws, term, sort, 2);
            let one = all_pages(&ws, term, sort, 1000);
            assert_eq!(walked.len(), want, "{term} {sort:?}");
            assert_eq!(walked, one, "{term} {sort:?}");
        }
    }
}
