//! Crash safety (issue 4, item 2): the real `shilian exec` writes batches of
//! actions in a loop and is SIGKILLed at random moments, many times. After
//! each kill the file passes integrity and foreign-key checks, `verify` (the
//! audit chain), and no action is half-applied: each batch is there whole or
//! not at all, every case's version equals its audit entries, and the stored
//! deadlines equal what the rules compute.

use crate::support::reliability::{Rng, check_deeply, db_with_cases, search, searches, shilian};
use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const CASES: u32 = 6;
const KILLS: usize = 50;
const BUDGET: Duration = Duration::from_secs(40);

/// Start `shilian exec -` on a batch of `n` searches tagged `tag`.
fn start_batch(db: &std::path::Path, rng: &mut Rng, n: usize, tag: &str) -> Child {
    let actions: Vec<_> = (0..n)
        .map(|i| {
            let case = 1 + rng.below(CASES as u64) as i64;
            search(case, i as u32, tag)
        })
        .collect();
    let mut child = shilian(db)
        .args(["exec", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn exec");
    let json = serde_json::to_string(&actions).expect("json");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(json.as_bytes());
    }
    child
}

/// Count of search records carrying `tag`.
fn tagged(db: &std::path::Path, tag: &str) -> usize {
    searches(db)
        .values()
        .flatten()
        .filter(|n| n.as_str() == tag)
        .count()
}

#[test]
fn sigkill_at_random_moments_leaves_no_half_applied_action() {
    let (_dir, db) = db_with_cases(CASES);
    let mut rng = Rng::from_time();
    let started = Instant::now();
    let (mut kills, mut committed_batches, mut lost_batches) = (0usize, 0usize, 0usize);
    let mut expected = searches(&db).values().map(Vec::len).sum::<usize>();
    let mut batch_no = 0usize;
    while kills < KILLS && started.elapsed() < BUDGET {
        // Let a few batches commit, then kill the next one after a random delay.
        let kill_after = Duration::from_millis(5 + rng.below(400));
        let cycle = Instant::now();
        loop {
            batch_no += 1;
            let tag = format!("batch-{batch_no}");
            let n = 1 + rng.below(80) as usize;
            let mut child = start_batch(&db, &mut rng, n, &tag);
            let status = loop {
                if let Some(s) = child.try_wait().expect("try_wait") {
                    break Some(s);
                }
                if cycle.elapsed() >= kill_after {
                    child.kill().expect("SIGKILL");
                    child.wait().expect("reap");
                    break None;
                }
                std::thread::sleep(Duration::from_millis(1));
            };
            let found = tagged(&db, &tag);
            match status {
                Some(s) => {
                    assert!(s.success(), "batch {batch_no} failed on its own: {s:?}");
                    assert_eq!(found, n, "committed batch {batch_no} incomplete");
                    committed_batches += 1;
                    expected += n;
                }
                None => {
                    kills += 1;
                    assert!(
                        found == 0 || found == n,
                        "killed batch {batch_no}: {found} of {n} actions present"
                    );
                    if found == n {
                        committed_batches += 1;
                    } else {
                        lost_batches += 1;
                    }
                    expected += found;
                    break;
                }
            }
        }
        let total: usize = searches(&db).values().map(Vec::len).sum();
        assert_eq!(total, expected, "search records after kill {kills}");
        check_deeply(&db);
    }
    eprintln!(
        "kills survived: {kills}; batches committed: {committed_batches}; \
         batches killed before commit (none of their actions present): {lost_batches}; search records: {expected}; \
         {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert!(kills >= 10, "only {kills} kills within the time budget");
    assert!(lost_batches > 0, "no kill landed inside a transaction");
}
