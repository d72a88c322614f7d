//! Several writers on one file (issue 4, item 1): real concurrent `shilian
//! exec` processes lose no update; a save against a stale version is refused
//! with `Conflict` and writes nothing; a database locked longer than the busy
//! timeout gives a clear "busy" message and no damage.

use crate::support::reliability::{
    TODAY, audit_count, check_deeply, db_with_cases, exec, fingerprint, run, search, searches,
    shilian, text,
};
use shilian::app::{ActionError, Workspace};
use shilian::domain::action::Action;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::store::StoreError;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const WRITERS: usize = 8;
const BATCHES: usize = 6;
const PER_BATCH: usize = 10;
const CASES: u32 = 4;

/// One writer: `BATCHES` exec runs, each adding `PER_BATCH` searches spread
/// over every case, tagged `w<writer>-b<batch>-<i>`.
fn writer(db: &std::path::Path, w: usize, live: &AtomicUsize, peak: &AtomicUsize) {
    for b in 0..BATCHES {
        let actions: Vec<_> = (0..PER_BATCH)
            .map(|i| {
                let case = 1 + ((w + b + i) % CASES as usize) as i64;
                search(case, (w * 7 + i) as u32, &format!("w{w}-b{b}-{i}"))
            })
            .collect();
        let now = live.fetch_add(1, Ordering::SeqCst) + 1;
        peak.fetch_max(now, Ordering::SeqCst);
        let out = exec(db, &serde_json::to_string(&actions).expect("json"));
        live.fetch_sub(1, Ordering::SeqCst);
        assert!(out.status.success(), "writer {w} batch {b}: {}", text(&out));
    }
}

#[test]
fn concurrent_exec_processes_lose_no_update() {
    let (_dir, db) = db_with_cases(CASES);
    let audit_before = audit_count(&db);
    let (live, peak) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let stop = AtomicBool::new(false);
    let reads = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        // A reader the whole time, as a workstation would be.
        s.spawn(|| {
            while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(120) {
                let out = run(&db, &["case", "list", "--json"]);
                assert!(out.status.success(), "reader: {}", text(&out));
                reads.fetch_add(1, Ordering::SeqCst);
            }
        });
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (db, live, peak) = (&db, &live, &peak);
                s.spawn(move || writer(db, w, live, peak))
            })
            .collect();
        for h in handles {
            h.join().expect("writer thread");
        }
        stop.store(true, Ordering::SeqCst);
    });
    let total = WRITERS * BATCHES * PER_BATCH;
    let notes: Vec<String> = searches(&db).into_values().flatten().collect();
    for w in 0..WRITERS {
        for b in 0..BATCHES {
            for i in 0..PER_BATCH {
                let tag = format!("w{w}-b{b}-{i}");
                let n = notes.iter().filter(|x| **x == tag).count();
                assert_eq!(n, 1, "search {tag} present {n} times");
            }
        }
    }
    assert_eq!(notes.len(), total);
    assert_eq!(audit_count(&db), audit_before + total as i64);
    check_deeply(&db);
    eprintln!(
        "writers: {WRITERS} threads, peak {} exec processes at once; {total} actions in {} \
         batches, all present; {} concurrent reads; {:.1}s",
        peak.load(Ordering::SeqCst),
        WRITERS * BATCHES,
        reads.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
    assert!(peak.load(Ordering::SeqCst) >= 4, "writers never overlapped");
}

fn workspace(db: &std::path::Path) -> Workspace {
    Workspace::open(db, Policy::embedded(), Procedures::embedded()).expect("open workspace")
}

fn search_action(case: i64, note: &str) -> Action {
    serde_json::from_value(search(case, 3, note)).expect("action")
}

#[test]
fn a_stale_version_is_refused_and_nothing_is_written() {
    let (_dir, db) = db_with_cases(2);
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("date");
    let mut form = workspace(&db);
    let opened_at = form.case(1).expect("case").version;
    // Someone else saves the case in another process meanwhile.
    let out = exec(
        &db,
        &serde_json::to_string(&[search(1, 1, "other")]).expect("json"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let before = fingerprint(&db);
    let err = form
        .run_expecting(&search_action(1, "mine"), today, Some(opened_at))
        .expect_err("stale version refused");
    match err {
        ActionError::Store(StoreError::Conflict {
            case,
            expected,
            found,
        }) => assert_eq!((case, expected, found), (1, opened_at, opened_at + 1)),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(fingerprint(&db), before, "a refused save wrote something");
    assert!(!searches(&db)[&1].contains(&"mine".to_string()));
    // With the fresh version the same save goes through.
    let fresh = form.case(1).expect("case").version;
    form.run_expecting(&search_action(1, "mine"), today, Some(fresh))
        .expect("fresh version accepted");
    check_deeply(&db);
}

#[test]
fn a_database_locked_longer_than_the_busy_timeout_is_reported_as_busy() {
    let (_dir, db) = db_with_cases(2);
    let before = fingerprint(&db);
    let holder = rusqlite::Connection::open(&db).expect("raw");
    holder.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    holder
        .execute(
            "INSERT INTO meta (key, value) VALUES ('lock-test', 'x')",
            [],
        )
        .expect("write under lock");
    let started = Instant::now();
    // Writers wait up to $SHILIAN_WAIT_SECS (default 300 s): 5 s here.
    let mut child = shilian(&db)
        .env("SHILIAN_WAIT_SECS", "5")
        .args(["exec", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("exec");
    std::io::Write::write_all(
        &mut child.stdin.take().expect("stdin"),
        serde_json::to_string(&[search(1, 1, "blocked")])
            .expect("json")
            .as_bytes(),
    )
    .expect("stdin");
    let out = child.wait_with_output().expect("wait");
    let waited = started.elapsed();
    holder.execute_batch("ROLLBACK").expect("unlock");
    drop(holder);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(err.contains("busy"), "{}", text(&out));
    assert!(err.contains("waiting for another writer"), "{}", text(&out));
    assert!(waited >= Duration::from_secs(4), "gave up after {waited:?}");
    assert_eq!(fingerprint(&db), before, "locked run changed the file");
    check_deeply(&db);
    eprintln!("busy after {:.1}s: {}", waited.as_secs_f64(), err.trim());
}
