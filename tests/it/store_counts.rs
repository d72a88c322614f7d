//! The organisation counters (migration V5) stay equal to a recount of the
//! cases after actions, a move to another branch and a bulk load.

use crate::support::ui::{TODAY, d, fixture, member};
use rusqlite::Connection;
use shilian::domain::action::Action;
use shilian::domain::model::{Membership, Status};
use std::path::Path;

/// The counter tables and the statements of the migration that fill them.
pub const TABLES: [&str; 7] = [
    "org_counts",
    "focus_counts",
    "next_due_days",
    "next_due_months",
    "lost_days",
    "month_counts",
    "deadline_days",
];

fn migration() -> &'static str {
    shilian::store::schema::MIGRATIONS
        .iter()
        .find(|m| m.contains("CREATE TABLE org_counts"))
        .expect("the counters migration")
}

/// Every non-zero counter row, as text, sorted.
fn rows(conn: &Connection, prefix: &str) -> Vec<String> {
    let mut out = vec![];
    for t in TABLES {
        let sql = format!("SELECT * FROM {prefix}{t} WHERE n <> 0");
        let mut st = conn.prepare(&sql).expect("prepare");
        let cols = st.column_count();
        let found = st
            .query_map([], |r| {
                let mut s = format!("{t}:");
                for i in 0..cols {
                    let v: rusqlite::types::Value = r.get(i)?;
                    s.push_str(&format!("{v:?}|"));
                }
                Ok(s)
            })
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows");
        out.extend(found);
    }
    out.sort();
    out
}

/// The kept counters of the file at `path`, and the same counters computed
/// afresh by the migration's own statements into temporary tables.
pub fn kept_and_recounted(path: &Path) -> (Vec<String>, Vec<String>) {
    let conn = Connection::open(path).expect("open");
    let kept = rows(&conn, "");
    // The migration creates and fills its tables before any trigger.
    let fill = migration()
        .split("CREATE TRIGGER")
        .next()
        .expect("statements");
    let mut sql = fill.replace("CREATE TABLE ", "CREATE TEMP TABLE chk_");
    for t in TABLES {
        sql = sql
            .replace(&format!("INTO {t} "), &format!("INTO chk_{t} "))
            .replace(&format!("FROM {t} "), &format!("FROM chk_{t} "));
    }
    conn.execute_batch(&sql).expect("recount");
    let fresh = rows(&conn, "chk_");
    let fresh = fresh
        .into_iter()
        .map(|r| r.replacen("chk_", "", 1))
        .collect();
    (kept, fresh)
}

#[test]
fn counters_equal_a_recount_after_actions_a_move_and_a_bulk_load() {
    let mut f = fixture();
    let path = f.dir.path().join("shilian.db");
    let tracked = f.tracked;
    let ws = f.ws.as_mut().expect("workspace");
    let (kept, fresh) = kept_and_recounted(&path);
    assert!(
        kept.iter().any(|r| r.starts_with("org_counts:")),
        "{kept:?}"
    );
    assert_eq!(kept, fresh);
    // A regained member placed in another branch: its counts (and its
    // deadlines', milestones') move with it.
    ws.run(
        &Action::PlaceInBranch {
            case: tracked,
            date: d("2024-05-01"),
            branch: "新区党支部".into(),
        },
        d(TODAY),
    )
    .expect("place");
    let (kept, fresh) = kept_and_recounted(&path);
    assert!(kept.iter().any(|r| r.contains("新区党支部")), "{kept:?}");
    assert_eq!(kept, fresh);
    // A bulk load adds its counts once, at every level (150 members on
    // different days: a unit's day rows go 64, 8 and 1 to a statement).
    let mut members = vec![];
    for i in 0..150u32 {
        let mut m = member(&format!("批量{i}"), 100 + i, "批量党支部", Membership::Full);
        m.committee = if i % 2 == 0 { "甲党委" } else { "乙党委" }.into();
        m.branch_exists = i % 5 != 0;
        m.last_contact = d("2023-03-01") + chrono::Duration::days(i64::from(i) * 3);
        members.push(m);
    }
    ws.create_cases_bulk(members.iter().map(|m| (m, Status::Lost)), d(TODAY))
        .unwrap_or_else(|(i, e)| panic!("row {i}: {e}"));
    let (kept, fresh) = kept_and_recounted(&path);
    assert!(kept.iter().any(|r| r.contains("甲党委")), "{kept:?}");
    assert_eq!(kept, fresh);
}

#[test]
fn node_counts_read_the_kept_counts() {
    let f = fixture();
    let ws = f.ws.as_ref().expect("workspace");
    let today = d(TODAY);
    let cutoff = shilian::domain::lost::lost_cutoff(today, ws.policy());
    let all = shilian::store::OrgUnit::default();
    let n = ws.store().node_counts(&all, today, cutoff).expect("counts");
    assert_eq!(n.total(), 8);
    assert_eq!(n.of(Status::Lost), 7);
    assert_eq!(n.of(Status::Regained), 1);
    let branch = shilian::store::OrgUnit {
        committee: Some("思明区某街道党工委".into()),
        branch: Some("城东社区党支部".into()),
    };
    let b = ws
        .store()
        .node_counts(&branch, today, cutoff)
        .expect("branch");
    assert_eq!(b.total(), 6);
    let tree = ws.store().org_branches().expect("branches");
    assert_eq!(tree.len(), 3, "{tree:?}");
    assert_eq!(tree.iter().map(|b| b.cases).sum::<u64>(), 8);
}

/// Drop what the counters migration added (to simulate an older file).
pub fn drop_counters(conn: &Connection) {
    let mut names = vec![];
    for t in TABLES {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE ?1")
            .expect("prepare");
        let found = st
            .query_map([format!("%{t}%")], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("names");
        names.extend(
            found
                .into_iter()
                .map(|n| format!("DROP TRIGGER IF EXISTS {n};")),
        );
        names.push(format!("DROP TABLE {t};"));
    }
    conn.execute_batch(&names.join("\n"))
        .expect("drop counters");
}

/// The alerts pane scoped to a unit (the tree's Enter) shows the first
/// rows of the whole alert list that belong to that unit, in the same
/// order: the scoped query sorts deadline ids first and reads the columns
/// after, which must not change what it returns.
#[test]
fn unit_alerts_are_the_whole_lists_rows_of_that_unit() {
    use shilian::store::{OrgUnit, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = crate::support::e2e::demo_db(dir.path());
    let store = Store::open_read(&db).expect("open");
    let today = d(crate::support::e2e::TODAY);
    let all = store
        .live_alerts(today, None, None, 100_000)
        .expect("alerts");
    assert!(all.len() > 50, "the demo has alerts: {}", all.len());
    let key = |r: &shilian::store::AlertRow| {
        (
            r.deadline.due,
            r.deadline.case,
            r.deadline.kind,
            r.name.clone(),
        )
    };
    let mut units: Vec<OrgUnit> = store
        .committees()
        .expect("committees")
        .into_iter()
        .map(|c| OrgUnit {
            committee: Some(c),
            branch: None,
        })
        .collect();
    let b = &all[all.len() / 2];
    units.push(OrgUnit {
        committee: Some(b.committee.clone()),
        branch: Some(b.branch.clone()),
    });
    for unit in units {
        let in_unit = |r: &&shilian::store::AlertRow| {
            Some(&r.committee) == unit.committee.as_ref()
                && unit.branch.as_ref().is_none_or(|b| &r.branch == b)
        };
        for limit in [1, 7, 100_000] {
            let want: Vec<_> = all.iter().filter(in_unit).take(limit).map(key).collect();
            let got: Vec<_> = store
                .unit_alerts(&unit, today, None, limit)
                .expect("unit alerts")
                .iter()
                .map(key)
                .collect();
            assert!(!want.is_empty(), "{unit:?} has alerts");
            assert_eq!(got, want, "{unit:?} limit {limit}");
            // Read in pages of `limit` after the last row seen (the pane
            // reads on as its selection nears the end): the same rows.
            let mut paged = vec![];
            let mut after = None;
            loop {
                let page = store.unit_alerts(&unit, today, after, limit).expect("page");
                paged.extend(page.iter().map(key));
                match page.last() {
                    Some(r) if page.len() == limit && paged.len() < 300 => {
                        after = Some((r.deadline.due, r.deadline.case, r.deadline.kind));
                    }
                    _ => break,
                }
            }
            let whole: Vec<_> = all
                .iter()
                .filter(in_unit)
                .take(paged.len())
                .map(key)
                .collect();
            assert_eq!(paged, whole, "{unit:?} pages of {limit}");
            // The title's overdue figure: the overdue rows among them.
            let overdue = all
                .iter()
                .filter(in_unit)
                .filter(|r| r.deadline.due < today)
                .take(limit)
                .count();
            assert_eq!(
                store
                    .unit_overdue_upto(&unit, today, limit)
                    .expect("overdue"),
                overdue as u64,
                "{unit:?} overdue up to {limit}"
            );
        }
    }
}

/// Schema 11: each deadline row carries its case's committee (the index
/// the committee's alert pane reads). A case saved with another committee
/// takes its deadlines along (trigger), so its alerts leave the old
/// committee's pane and join the new one's; `verify` checks both agree and
/// reports a deadline row that does not.
#[test]
fn a_case_moving_committee_takes_its_deadlines_to_the_new_committees_alerts() {
    use shilian::store::{OrgUnit, Store};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = crate::support::e2e::demo_db(dir.path());
    let today = d(crate::support::e2e::TODAY);
    let mut store = Store::open(&db).expect("open");
    let all = store
        .live_alerts(today, None, None, 100_000)
        .expect("alerts");
    let moved = all.first().expect("the demo has alerts").deadline.case;
    let unit = |c: &str| OrgUnit {
        committee: Some(c.to_string()),
        branch: None,
    };
    let cases_in = |store: &Store, c: &str| -> Vec<i64> {
        store
            .unit_alerts(&unit(c), today, None, 100_000)
            .expect("unit alerts")
            .iter()
            .map(|r| r.deadline.case)
            .collect()
    };
    let mut case = store.load_case(moved).expect("case");
    let old = case.member.committee.clone();
    assert!(cases_in(&store, &old).contains(&moved));
    let new = "迁入测试党委";
    assert!(cases_in(&store, new).is_empty());
    case.member.committee = new.into();
    let tx = store.begin().expect("begin");
    tx.save_case(&case).expect("save");
    tx.commit().expect("commit");
    assert!(!cases_in(&store, &old).contains(&moved), "left {old}");
    let got = cases_in(&store, new);
    let want = all.iter().filter(|r| r.deadline.case == moved).count();
    assert_eq!(got.len(), want, "{got:?}");
    assert!(got.iter().all(|&c| c == moved));
    let rep = store.verify().expect("verify");
    assert!(
        !rep.problems.iter().any(|p| p.contains("基层党委")),
        "{:?}",
        rep.problems
    );
    // A deadline row written past the trigger is reported.
    let raw = Connection::open(&db).expect("raw");
    raw.execute(
        "UPDATE deadlines SET committee = '别的党委' WHERE case_id = ?1",
        [moved],
    )
    .expect("tamper");
    let rep = store.verify().expect("verify");
    assert!(
        rep.problems
            .iter()
            .any(|p| p.contains("期限记录的基层党委与其档案不符")),
        "{:?}",
        rep.problems
    );
}

/// A schema-10 file (the previous release: no committee on deadline rows)
/// upgrades in place: every row gets its case's committee, the index and
/// the trigger exist, and `verify` passes.
#[test]
fn a_schema_10_file_gets_each_deadlines_committee_on_upgrade() {
    use shilian::store::Store;
    use shilian::store::schema::SUPPORTED;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = crate::support::e2e::demo_db(dir.path());
    {
        let raw = Connection::open(&db).expect("raw");
        crate::support::store::undo_v11(&raw);
        let v: i64 = raw
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(v, 10);
    }
    let store = Store::open(&db).expect("upgrade");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    let raw = Connection::open(&db).expect("raw");
    let (rows, agree): (i64, i64) = raw
        .query_row(
            "SELECT count(*), coalesce(sum(d.committee = c.committee), 0)
             FROM deadlines d JOIN cases c ON c.id = d.case_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("rows");
    assert!(rows > 50, "{rows}");
    assert_eq!(agree, rows);
    let found: i64 = raw
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN
             ('deadlines_committee', 'cases_deadlines_committee')",
            [],
            |r| r.get(0),
        )
        .expect("schema");
    assert_eq!(found, 2);
    assert!(store.verify().expect("verify").ok());
}

/// A schema-10 file holding a deadline row whose case is missing (a broken
/// foreign key) still upgrades: the row gets an empty committee, and
/// `verify` reports the foreign key, as it did before the upgrade.
#[test]
fn a_schema_10_file_with_an_orphan_deadline_upgrades_and_verify_reports_it() {
    use shilian::store::Store;
    use shilian::store::schema::SUPPORTED;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = crate::support::e2e::demo_db(dir.path());
    {
        let raw = Connection::open(&db).expect("raw");
        crate::support::store::undo_v11(&raw);
        raw.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO deadlines (case_id, kind, due, clears, detail)
             VALUES (999999, 'search_due', '2026-12-01', '', '');",
        )
        .expect("orphan");
    }
    let store = Store::open(&db).expect("upgrade");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    let raw = Connection::open(&db).expect("raw");
    let orphan: String = raw
        .query_row(
            "SELECT committee FROM deadlines WHERE case_id = 999999",
            [],
            |r| r.get(0),
        )
        .expect("orphan row");
    assert_eq!(orphan, "");
    let rep = store.verify().expect("verify");
    assert!(!rep.foreign_keys_ok, "{:?}", rep.problems);
}
