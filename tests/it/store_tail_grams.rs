//! Three ASCII letters or digits (issue 15 item 2, schema 12): found from the
//! grams that start with them (the 4-grams and the tail gram of each run),
//! so page and count are exact wherever the three stand in the run, a case
//! is listed once however often they occur, and a renamed case follows.

use crate::support::store::{case, insert, roster_ids, temp_db};
use shilian::store::{RosterQuery, RosterSort, Store};

fn q(text: &str) -> RosterQuery {
    RosterQuery {
        text: text.into(),
        sort: RosterSort::Name,
        limit: 100,
        ..Default::default()
    }
}

/// (name, ID number, branch): runs of 18, 3 and 5 ASCII characters, a term
/// at the start, inside and at the end of its run, one repeated in a run.
const MEMBERS: &[(&str, &str, &str)] = &[
    ("王伟", "11010519900307234X", "东湖社区党支部"),
    ("王芳", "110105199999991111", "东湖社区党支部"),
    ("李静", "320102198512120021", "a12第二党支部"),
    ("张敏", "320102198512129990", "西岭社区ab999支部"),
    ("Lily王", "44030519851212002X", "南山党支部"),
];

/// What a scan of the three fields finds (ASCII lower-cased, as the index).
fn scan(term: &str) -> Vec<i64> {
    let t = term.to_ascii_lowercase();
    MEMBERS
        .iter()
        .enumerate()
        .filter(|(_, (n, id, b))| {
            [n, id, b]
                .iter()
                .any(|f| f.to_ascii_lowercase().contains(&t))
        })
        .map(|(i, _)| i as i64 + 1)
        .collect()
}

fn found(store: &Store, term: &str) -> Vec<i64> {
    roster_ids(store, &q(term))
}

#[test]
fn every_three_ascii_characters_are_found_exactly_once_per_case() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    for (n, id, b) in MEMBERS {
        insert(&mut store, &case(n, id, b));
    }
    let mut terms: Vec<String> = vec!["abc".into(), "000".into(), "x12".into(), "AB9".into()];
    for (n, id, b) in MEMBERS {
        for f in [n, id, b] {
            let cs: Vec<char> = f.chars().collect();
            terms.extend(
                cs.windows(3)
                    .filter(|w| w.iter().all(char::is_ascii_alphanumeric))
                    .map(|w| w.iter().collect::<String>()),
            );
        }
    }
    for t in &terms {
        let want = scan(t);
        assert_eq!(found(&store, t), want, "page of {t}");
        let n = want.len() as u64;
        assert_eq!(store.roster_count(&q(t)).expect("count"), n, "count of {t}");
        assert_eq!(
            store.roster_count_upto(&q(t), 1).expect("capped"),
            n.min(2),
            "capped count of {t}"
        );
    }
    // "999" stands four times in 王芳's ID and once in 张敏's branch.
    assert_eq!(found(&store, "999"), vec![2, 4]);
    assert_eq!(found(&store, "a12"), vec![3], "a run of exactly 3");
    assert_eq!(found(&store, "34x"), vec![1], "the end of a run");
    assert_eq!(found(&store, "LIL"), vec![5], "upper case typed");
    // With another term, the union drives and the other term filters.
    assert_eq!(found(&store, "999 张"), vec![4]);
}

#[test]
fn a_renamed_case_is_found_by_its_new_tail_only() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &case("王伟", "11010519900307234X", "k77支部"));
    assert_eq!(found(&store, "k77"), vec![id]);
    let mut c = store.load_case(id).expect("load");
    c.member.branch = "m88支部".into();
    let tx = store.begin().expect("begin");
    tx.save_case(&c).expect("save");
    tx.commit().expect("commit");
    assert!(found(&store, "k77").is_empty());
    assert_eq!(store.roster_count(&q("k77")).expect("count"), 0);
    assert_eq!(found(&store, "m88"), vec![id]);
    assert_eq!(store.roster_count(&q("m88")).expect("count"), 1);
}
