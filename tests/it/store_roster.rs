//! Roster filters, Chinese free-text search and keyset paging; alerts.

use crate::support::store::{case, d, temp_db};
use shilian::domain::deadline::{Deadline, DeadlineKind};
use shilian::domain::model::*;
use shilian::store::{RosterQuery, RosterRow, RosterSort, Store};

const NAMES: &[&str] = &[
    "张三",
    "张三丰",
    "张伟",
    "李四",
    "王五",
    "欧阳娜娜",
    "司马光",
    "李白",
    "杜甫",
    "王伟",
    "赵六",
    "孙七",
    "周八",
    "吴九",
    "郑十",
    "张小凡",
    "陈三",
    "林伟",
    "黄蓉",
    "郭靖",
];

/// Twenty cases over two branches and committees, with varied fields and
/// deadlines (every third case has none).
fn seeded() -> (tempfile::TempDir, Store, Vec<Case>) {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let mut cases = vec![];
    let tx = store.begin().expect("begin");
    for (i, name) in NAMES.iter().enumerate() {
        let branch = if i % 2 == 0 {
            "第一党支部"
        } else {
            "第二党支部"
        };
        let mut c = case(
            name,
            &format!("3201021985{:02}0{:02}12X", i % 12 + 1, i + 1),
            branch,
        );
        c.member.committee = if i < 10 {
            "城东街道党工委"
        } else {
            "城西街道党工委"
        }
        .into();
        c.member.last_contact = d("2023-01-01") + chrono::Duration::days((i as i64 * 37) % 200);
        c.member.membership = if i % 5 == 0 {
            Membership::Probationary
        } else {
            Membership::Full
        };
        c.member.focus_area = if i % 4 == 0 {
            FocusArea::University
        } else {
            FocusArea::Other
        };
        c.member.abroad = if i % 6 == 0 { Abroad::Work } else { Abroad::No };
        c.status = if i % 3 == 0 {
            Status::Normal
        } else {
            Status::Lost
        };
        c.id = tx.insert_case(&c).expect("insert");
        if i % 3 != 0 {
            let due = d("2024-06-01") + chrono::Duration::days((i as i64 * 13) % 40);
            let dl = |kind, due| Deadline {
                case: c.id,
                kind,
                due,
                clears: "x".into(),
                detail: String::new(),
            };
            tx.replace_deadlines(
                c.id,
                &[
                    dl(DeadlineKind::SearchStale, due),
                    dl(DeadlineKind::BecomesLost, due),
                ],
            )
            .expect("deadlines");
        }
        cases.push(c);
    }
    tx.commit().expect("commit");
    (dir, store, cases)
}

fn names(rows: &[RosterRow]) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().map(|r| r.name.clone()).collect();
    v.sort();
    v
}

fn search(store: &Store, text: &str) -> Vec<String> {
    let q = RosterQuery {
        text: text.into(),
        limit: 100,
        ..Default::default()
    };
    let rows = store.roster(&q).expect("roster");
    assert_eq!(
        store.roster_count(&q).expect("count"),
        rows.len() as u64,
        "count for {text}"
    );
    names(&rows)
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn chinese_terms_of_one_two_and_three_characters() {
    let (_dir, store, _) = seeded();
    assert_eq!(
        search(&store, "张"),
        sorted(&["张三", "张三丰", "张伟", "张小凡"])
    );
    assert_eq!(search(&store, "伟"), sorted(&["张伟", "王伟", "林伟"]));
    assert_eq!(search(&store, "张三"), sorted(&["张三", "张三丰"]));
    assert_eq!(search(&store, "三丰"), sorted(&["张三丰"]));
    assert_eq!(search(&store, "欧阳娜娜"), sorted(&["欧阳娜娜"]));
    assert_eq!(search(&store, "张小凡"), sorted(&["张小凡"]));
    assert_eq!(search(&store, "张 伟"), sorted(&["张伟"]));
    assert!(search(&store, "诸葛").is_empty());
    assert!(search(&store, "张三李").is_empty());
    // Branch text matches every case of that branch.
    assert_eq!(search(&store, "第二").len(), 10);
}

#[test]
fn id_number_digits_and_check_letter() {
    let (_dir, store, cases) = seeded();
    let target = &cases[6]; // 司马光
    let id = &target.member.id_number;
    assert_eq!(search(&store, id), sorted(&["司马光"]));
    assert_eq!(search(&store, &id[10..]), sorted(&["司马光"]));
    assert_eq!(
        search(&store, &id[13..].to_lowercase()),
        sorted(&["司马光"])
    );
    // Birth months 10-12 (cases 9, 10, 11) do not contain "19850".
    let all = search(&store, "19850");
    assert_eq!(all.len(), 17, "{all:?}");
    assert!(
        ["王伟", "赵六", "孙七"]
            .iter()
            .all(|n| !all.contains(&n.to_string()))
    );
}

#[test]
fn filters_combine() {
    let (_dir, store, cases) = seeded();
    let count = |q: RosterQuery| {
        store
            .roster_count(&RosterQuery { limit: 100, ..q })
            .expect("count")
    };
    let expect = |f: &dyn Fn(&Case) -> bool| cases.iter().filter(|c| f(c)).count() as u64;
    assert_eq!(
        count(RosterQuery {
            status: Some(shilian::store::StatusFilter::Is(Status::Lost)),
            ..Default::default()
        }),
        expect(&|c| c.status == Status::Lost)
    );
    assert_eq!(
        count(RosterQuery {
            branch: Some("第一党支部".into()),
            ..Default::default()
        }),
        10
    );
    assert_eq!(
        count(RosterQuery {
            committee: Some("城西街道党工委".into()),
            ..Default::default()
        }),
        10
    );
    assert_eq!(
        count(RosterQuery {
            membership: Some(Membership::Probationary),
            ..Default::default()
        }),
        4
    );
    assert_eq!(
        count(RosterQuery {
            focus_area: Some(FocusArea::University),
            ..Default::default()
        }),
        5
    );
    assert_eq!(
        count(RosterQuery {
            abroad: Some(true),
            ..Default::default()
        }),
        expect(&|c| c.member.abroad != Abroad::No)
    );
    assert_eq!(
        count(RosterQuery {
            abroad: Some(false),
            ..Default::default()
        }),
        expect(&|c| c.member.abroad == Abroad::No)
    );
    let q = RosterQuery {
        text: "张".into(),
        branch: Some("第一党支部".into()),
        status: Some(shilian::store::StatusFilter::Is(Status::Lost)),
        limit: 100,
        ..Default::default()
    };
    let rows = store.roster(&q).expect("roster");
    let want: Vec<&str> = cases
        .iter()
        .filter(|c| {
            c.member.name.contains('张')
                && c.member.branch == "第一党支部"
                && c.status == Status::Lost
        })
        .map(|c| c.member.name.as_str())
        .collect();
    assert_eq!(names(&rows), sorted(&want));
    assert!(!want.is_empty());
}

/// Page through with `limit` rows at a time, following each last row's key.
fn pages(store: &Store, base: &RosterQuery, limit: usize) -> Vec<RosterRow> {
    let mut out: Vec<RosterRow> = vec![];
    let mut q = RosterQuery {
        limit,
        ..base.clone()
    };
    loop {
        let page = store.roster(&q).expect("page");
        assert!(page.len() <= limit);
        let Some(last) = page.last() else { break };
        q.after = Some(last.key(q.sort));
        out.extend(page);
    }
    out
}

#[test]
fn keyset_paging_on_every_sort() {
    let (_dir, store, _) = seeded();
    for sort in [
        RosterSort::NextDeadline,
        RosterSort::LostDate,
        RosterSort::Name,
    ] {
        for text in ["", "张", "第一"] {
            let base = RosterQuery {
                sort,
                text: text.into(),
                ..Default::default()
            };
            let all = store
                .roster(&RosterQuery {
                    limit: 1000,
                    ..base.clone()
                })
                .expect("all");
            let paged = pages(&store, &base, 3);
            assert_eq!(paged, all, "{sort:?} {text}");
            let mut keys: Vec<(String, i64)> = all.iter().map(|r| r.key(sort)).collect();
            let before = keys.clone();
            keys.sort();
            assert_eq!(keys, before, "{sort:?} order");
        }
    }
    // Next deadline: cases without one come last.
    let all = store
        .roster(&RosterQuery {
            limit: 100,
            ..Default::default()
        })
        .expect("all");
    let first_none = all
        .iter()
        .position(|r| r.next_due.is_none())
        .expect("some without");
    assert!(all[first_none..].iter().all(|r| r.next_due.is_none()));
    assert!(
        all[..first_none]
            .windows(2)
            .all(|w| w[0].next_due <= w[1].next_due)
    );
}

#[test]
fn alerts_most_urgent_first_with_keyset() {
    let (_dir, store, _) = seeded();
    let all = store.alerts(None, None, 1000).expect("alerts");
    assert_eq!(all.len() as u64, store.alert_count(None).expect("count"));
    assert_eq!(all.len(), 26);
    let key =
        |a: &shilian::store::AlertRow| (a.deadline.due, a.deadline.case, a.deadline.kind.code());
    assert!(all.windows(2).all(|w| key(&w[0]) < key(&w[1])));
    assert!(
        all.iter()
            .all(|a| !a.name.is_empty() && a.branch.ends_with("支部"))
    );
    let mut paged = vec![];
    let mut after = None;
    loop {
        let page = store.alerts(None, after, 4).expect("page");
        let Some(l) = page.last() else { break };
        after = Some((l.deadline.due, l.deadline.case, l.deadline.kind));
        paged.extend(page);
    }
    assert_eq!(paged, all);
    let until = d("2024-06-15");
    let soon = store.alerts(Some(until), None, 1000).expect("until");
    assert!(soon.iter().all(|a| a.deadline.due <= until));
    assert_eq!(
        soon.len(),
        all.iter().filter(|a| a.deadline.due <= until).count()
    );
    assert_eq!(
        store.alert_count(Some(until)).expect("count"),
        soon.len() as u64
    );
}

#[test]
fn quick_filter_lists_and_status_counts() {
    let (_dir, store, _) = seeded();
    assert_eq!(
        store.branches().expect("branches"),
        ["第一党支部", "第二党支部"]
    );
    assert_eq!(
        store.committees().expect("committees"),
        ["城东街道党工委", "城西街道党工委"]
    );
    assert_eq!(
        store.status_counts().expect("counts"),
        [(Status::Lost, 13), (Status::Normal, 7)]
    );
    let v = store.data_version().expect("dv");
    assert_eq!(store.data_version().expect("dv"), v);
}

/// DOMAIN.md section 0: the `lost` status splits at the six months into
/// 失联党员 and watch cases (失联未满6个月); both counted from the index, with
/// and without a text term, and listed by the same filter.
#[test]
fn lost_and_watch_split_at_the_cutoff() {
    use shilian::store::StatusFilter;
    let (_dir, store, cases) = seeded();
    let mut lost: Vec<_> = cases
        .iter()
        .filter(|c| c.status == Status::Lost)
        .map(|c| c.member.last_contact)
        .collect();
    lost.sort();
    let cutoff = lost[lost.len() / 2];
    let watch_n = lost.iter().filter(|d| **d > cutoff).count() as u64;
    assert!(watch_n > 0 && watch_n < lost.len() as u64, "both sides");
    assert_eq!(store.watch_count(cutoff).expect("watch"), watch_n);
    for (f, n) in [
        (StatusFilter::Watch { cutoff }, watch_n),
        (StatusFilter::Lost { cutoff }, lost.len() as u64 - watch_n),
    ] {
        let q = RosterQuery {
            status: Some(f),
            limit: 1000,
            ..Default::default()
        };
        assert_eq!(store.roster_count(&q).expect("count"), n);
        let rows = store.roster(&q).expect("rows");
        assert_eq!(rows.len() as u64, n);
        let watch = matches!(f, StatusFilter::Watch { .. });
        assert!(rows.iter().all(|r| (r.last_contact > cutoff) == watch));
        let with_text = RosterQuery {
            text: "党支部".into(),
            ..q.clone()
        };
        assert_eq!(store.roster_count(&with_text).expect("count"), n);
    }
}
