//! Crash safety of a compiled import (issue 16, scale step): `bundle import`
//! of two units' bundles goes through SQLite's rollback journal when it has
//! the file alone (`Store::journal_alone`), and is SIGKILLed at random
//! moments, into a fresh file and into one whose slices it replaces. After
//! each kill the file passes integrity, foreign-key and `verify` checks, is
//! back in WAL mode once opened, and holds either both new slices or both
//! earlier ones (or none, for the first): never one unit's new slice beside
//! the other's old one, never part of a slice.

use crate::support::bundle::{export, keygen, ok, p};
use crate::support::reliability::{Rng, check_deeply, shilian};
use crate::support::store::journal_mode;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const KILLS: usize = 8;
const BUDGET: Duration = Duration::from_secs(60);

/// (unit, exported_at) of every slice, by `bundle list --json`.
fn slices(dept: &Path) -> Vec<(String, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&ok(dept, &["bundle", "list", "--json"])).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| {
            let f = |k: &str| s[k].as_str().expect(k).to_string();
            (f("unit"), f("exported_at"))
        })
        .collect()
}

fn cases(dept: &Path) -> i64 {
    let c = rusqlite::Connection::open(dept).expect("open");
    c.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn sigkill_during_a_compiled_import_leaves_the_old_slices_or_all_new_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, public) = keygen(dir.path(), "dept.key");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ok(&a, &["demo", "--cases", "1500"]);
    ok(&b, &["demo", "--cases", "1500", "--seed", "7"]);
    let dept = dir.path().join("dept.db");
    let mut rng = Rng::from_time();
    let started = Instant::now();
    let (mut before, mut kills, mut round) = (Vec::new(), 0usize, 0usize);
    // Members of both register bundles (the first round runs to its end).
    let mut whole: Option<i64> = None;
    let mut took = Duration::from_millis(300);
    while kills < KILLS && started.elapsed() < BUDGET {
        round += 1;
        let (ba, bb) = (
            dir.path().join(format!("a{round}.bundle")),
            dir.path().join(format!("b{round}.bundle")),
        );
        export(&a, &public, &ba, "Unit A");
        export(&b, &public, &bb, "Unit B");
        // Every other round runs to its end (its time sets the next kill's
        // range); the others are killed after a random part of it.
        let kill_after = (round % 2 == 0).then(|| {
            let ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
            Duration::from_millis(rng.below(ms.max(1)))
        });
        let t0 = Instant::now();
        let mut child = shilian(&dept)
            .args(["bundle", "import", p(&ba), p(&bb), "--identity", p(&key)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        let finished = loop {
            if let Some(s) = child.try_wait().expect("try_wait") {
                assert!(
                    s.success(),
                    "round {round}: import failed on its own: {s:?}"
                );
                break true;
            }
            if kill_after.is_some_and(|k| t0.elapsed() >= k) {
                child.kill().expect("SIGKILL");
                child.wait().expect("reap");
                break false;
            }
            std::thread::sleep(Duration::from_millis(1));
        };
        if finished {
            took = t0.elapsed();
        } else {
            kills += 1;
        }
        if !dept.exists() {
            continue;
        }
        check_deeply(&dept);
        assert_eq!(journal_mode(&dept), "wal", "round {round}");
        let now = slices(&dept);
        let n = cases(&dept);
        if finished || now != before {
            // The import is there whole: both units, newer than before.
            assert_eq!(now.len(), 2, "round {round}: {now:?}");
            for (old, new) in before.iter().zip(&now) {
                assert!(new.1 > old.1, "round {round}: {before:?} -> {now:?}");
            }
            assert_eq!(n, *whole.get_or_insert(n), "round {round}");
            assert!(n > 0, "round {round}");
        } else {
            let kept = if before.is_empty() { Some(0) } else { whole };
            assert_eq!(Some(n), kept, "round {round}");
        }
        before = now;
    }
    eprintln!(
        "compiled import: {kills} kills in {round} rounds, {:.1}s",
        started.elapsed().as_secs_f64()
    );
    assert!(kills >= 3, "only {kills} kills within the time budget");
}
