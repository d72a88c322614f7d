//! The store's scale paths (issue 5) give the same answers as counting:
//! trigger-kept status counts and deadline total, ID search through 4-grams,
//! counts known without a scan, and the capped roster count.

use crate::support::store::{case, d, insert, roster_ids, temp_db};
use shilian::domain::deadline::{Deadline, DeadlineKind};
use shilian::domain::model::Status;
use shilian::store::{RosterQuery, Store};

fn q(text: &str) -> RosterQuery {
    RosterQuery {
        text: text.into(),
        limit: 50,
        ..Default::default()
    }
}

fn seeded() -> (tempfile::TempDir, Store) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    insert(
        &mut store,
        &case("王伟", "11010519900307234X", "东湖社区党支部"),
    );
    insert(
        &mut store,
        &case("王芳", "110105199003071111", "东湖社区党支部"),
    );
    insert(
        &mut store,
        &case("李静", "320102198512120021", "西岭社区党支部"),
    );
    (dir, store)
}

#[test]
fn status_counts_follow_inserts_and_status_changes() {
    let (_dir, mut store) = seeded();
    assert_eq!(
        store.status_counts().expect("counts"),
        vec![(Status::Lost, 3)]
    );
    let mut c = store.load_case(2).expect("load");
    c.status = Status::Suspended;
    let tx = store.begin().expect("begin");
    tx.save_case(&c).expect("save");
    tx.commit().expect("commit");
    assert_eq!(
        store.status_counts().expect("counts"),
        vec![(Status::Lost, 2), (Status::Suspended, 1)]
    );
    let only = RosterQuery {
        status: Some(shilian::store::StatusFilter::Is(Status::Suspended)),
        ..q("")
    };
    assert_eq!(store.roster_count(&only).expect("count"), 1);
    assert_eq!(store.roster(&only).expect("rows")[0].id, 2);
    assert_eq!(store.roster_count(&q("")).expect("all"), 3);
}

#[test]
fn deadline_total_follows_replacements() {
    let (_dir, mut store) = seeded();
    let dl = |case, due| Deadline {
        case,
        kind: DeadlineKind::SearchStale,
        due: d(due),
        clears: "record_search".into(),
        detail: String::new(),
    };
    let tx = store.begin().expect("begin");
    tx.replace_deadlines(1, &[dl(1, "2026-01-01"), dl(1, "2026-02-01")])
        .expect("replace");
    tx.replace_deadlines(3, &[dl(3, "2026-03-01")])
        .expect("replace");
    tx.commit().expect("commit");
    assert_eq!(store.alert_count(None).expect("count"), 3);
    let tx = store.begin().expect("begin");
    tx.replace_deadlines(1, &[]).expect("replace");
    tx.commit().expect("commit");
    assert_eq!(store.alert_count(None).expect("count"), 1);
    assert_eq!(store.alerts(None, None, 10).expect("alerts").len(), 1);
}

#[test]
fn id_digits_of_any_length_find_the_case() {
    let (_dir, store) = seeded();
    for term in [
        "1985",
        "8512120",
        "320102198512120021",
        "0021",
        "234x",
        "234X",
    ] {
        let rows = store.roster(&q(term)).expect("roster");
        let want: Vec<i64> = if term.starts_with("234") {
            vec![1]
        } else {
            vec![3]
        };
        assert_eq!(
            rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            want,
            "{term}"
        );
        assert_eq!(store.roster_count(&q(term)).expect("count"), 1, "{term}");
    }
    assert_eq!(store.roster_count(&q("19900307")).expect("count"), 2);
    assert!(store.roster(&q("99999999")).expect("roster").is_empty());
}

#[test]
fn capped_count_stops_above_the_cap() {
    let (_dir, store) = seeded();
    assert_eq!(store.roster_count(&q("王")).expect("exact"), 2);
    assert_eq!(store.roster_count_upto(&q("王"), 1).expect("capped"), 2);
    assert_eq!(store.roster_count_upto(&q("王"), 5).expect("capped"), 2);
    assert_eq!(store.roster_count_upto(&q("社区党"), 1).expect("capped"), 2);
    assert_eq!(
        store.roster_count_upto(&q("社区党"), 10).expect("capped"),
        3
    );
    assert_eq!(store.roster_count_upto(&q("鑫"), 10).expect("absent"), 0);
}

#[test]
fn an_upgraded_file_finds_old_cases_by_id_digits() {
    let (_dir, path) = temp_db();
    {
        let mut store = Store::open(&path).expect("open");
        insert(
            &mut store,
            &case("王伟", "11010519900307234X", "东湖社区党支部"),
        );
    }
    // Simulate a version-2 file: drop what versions 3 and later added, then reopen.
    let raw = rusqlite::Connection::open(&path).expect("raw");
    crate::support::store::undo_after_v4(&raw);
    raw.execute_batch(
        "DROP TRIGGER cases_count_ins; DROP TRIGGER cases_count_del;
         DROP TRIGGER cases_count_upd; DROP TRIGGER deadlines_count_ins;
         DROP TRIGGER deadlines_count_del; DROP TABLE status_counts; DROP TABLE counters;
         DELETE FROM grams WHERE length(gram) = 4;
         DROP INDEX audit_corrects; ALTER TABLE audit DROP COLUMN corrects;
         PRAGMA user_version = 2;",
    )
    .expect("downgrade");
    drop(raw);
    let store = Store::open(&path).expect("migrate");
    assert_eq!(store.roster_count(&q("05199003")).expect("count"), 1);
    assert_eq!(
        store.status_counts().expect("counts"),
        vec![(Status::Lost, 1)]
    );
}

/// Enough cases for the probes to be chosen on a sample (more than 256 on
/// the rarest list): every case holds 玄武 and 武区, one in three 东湖;
/// page and count are what a scan finds, whichever probes are kept.
#[test]
fn a_long_term_over_correlated_grams_finds_what_a_scan_finds() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let tx = store.begin().expect("begin");
    let mut want = vec![];
    for i in 0..600u32 {
        let street = ["东湖", "西岭", "南山"][i as usize % 3];
        let branch = format!("玄武区{street}街道第{}党支部", i % 7);
        let id = tx
            .insert_case(&case("王伟", &format!("1101051990{i:08}"), &branch))
            .expect("insert");
        if street == "东湖" {
            want.push(id);
        }
    }
    tx.commit().expect("commit");
    for text in ["玄武区东湖", "区东湖街", "玄武区东湖街道", "武区东 王伟"] {
        let query = RosterQuery {
            limit: 1000,
            ..q(text)
        };
        assert_eq!(roster_ids(&store, &query), want, "{text}");
        assert_eq!(store.roster_count(&query).expect("count"), 200, "{text}");
        assert_eq!(
            store.roster_count_upto(&query, 50).expect("capped"),
            51,
            "{text}"
        );
        // Page and count in one pass give what the two calls give, on
        // either side of the cap and for a page shorter than the matches.
        for (limit, cap) in [
            (45, 50),
            (45, 199),
            (45, 200),
            (45, 201),
            (1000, 1000),
            (0, 10),
        ] {
            let query = RosterQuery { limit, ..q(text) };
            let two = (
                store.roster(&query).expect("page"),
                store.roster_count_upto(&query, cap).expect("count"),
            );
            let one = store.roster_with_count(&query, cap).expect("both");
            assert!(
                one == two,
                "{text} limit {limit} cap {cap}: count {} vs {}",
                one.1,
                two.1
            );
            assert_eq!(one.1, 200.min(cap + 1), "{text} cap {cap}");
        }
    }
}
