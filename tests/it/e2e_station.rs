//! End-to-end runs of the real binary in tmux for the workstation's
//! statistics, batch work and Ctrl-C (issue 14): the statistics view shows
//! the counts `case list` gives; a batch search record persists across a
//! restart; Ctrl-C quits.

use crate::support::e2e::{TODAY, case_json, cli, demo_db, id_number};
use crate::support::tmux::{self, Session};
use serde_json::Value;
use std::path::Path;

fn start(name: &str, db: &Path, w: u16, h: u16) -> Session {
    let db = db.display().to_string();
    let args = ["--db", db.as_str(), "--today", TODAY];
    Session::start(name, w, h, &[("TERM", "xterm-256color")], &args)
}

/// How many cases `case list [--status S]` finds (its JSON, no limit hit).
fn listed(db: &Path, status: Option<&str>) -> usize {
    let mut args = vec!["case", "list", "--limit", "100000", "--json"];
    if let Some(s) = status {
        args.extend(["--status", s]);
    }
    let v: Value = serde_json::from_str(&cli(db, &args)).expect("json");
    v.as_array().expect("array").len()
}

/// The number after a bar's label on the screen.
fn bar(screen: &str, label: &str) -> Option<usize> {
    let line = screen.lines().find(|l| {
        l.trim_start_matches(['│', '|', ' '])
            .starts_with(&format!("{label} "))
    })?;
    let after = line.split_once(label)?.1.trim_start();
    after
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

#[test]
fn the_statistics_view_shows_the_counts_of_case_list() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let tm = start("stats", &db, 160, 48);
    tm.wait_for("失联党员名册");
    tm.keys(&["S"]);
    let s = tm.wait_for("按状态");
    for (status, label) in [
        ("lost", "失联"),
        ("regained", "已联系"),
        ("suspended", "停止党籍"),
        ("removed", "除名"),
    ] {
        assert_eq!(
            bar(&s, label),
            Some(listed(&db, Some(status))),
            "{label}:\n{s}"
        );
    }
    let watch = bar(&s, "失联未满6个月");
    assert_eq!(watch, Some(listed(&db, Some("watch"))), "{s}");
    let total = listed(&db, None);
    assert!(s.contains(&format!("共{total}人")), "{s}");
    tm.keys(&["Escape", "q"]);
    tm.wait_exit();
}

#[test]
fn a_batch_search_record_persists_across_a_restart() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    // The first two rows of the roster filtered to lost cases (`s` once; the
    // CLI lists in the same order): a search is recorded only while lost.
    let first: Value = serde_json::from_str(&cli(
        &db,
        &["case", "list", "--status", "lost", "--limit", "2", "--json"],
    ))
    .expect("json");
    let ids: Vec<i64> = first
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 2);
    let searches = |id: i64| -> Vec<Value> {
        case_json(&db, id)["case"]["searches"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let before: Vec<usize> = ids.iter().map(|id| searches(*id).len()).collect();

    let tm = start("batch", &db, 120, 40);
    let all = tm.wait_for("失联党员名册");
    tm.keys(&["s"]);
    tm.wait_until_changed(&all);
    tm.keys(&["Space", "Space"]);
    tm.wait_for("已标记2人");
    tm.keys(&["n"]);
    tm.wait_for("已标记的2人");
    tm.keys(&["Tab", "Tab"]);
    tm.text("批量员");
    tm.keys(&["C-s"]);
    tm.wait_for("个案件执行");
    tm.keys(&["y"]);
    tm.wait_for("（2个案件）");
    tm.keys(&["q"]);
    tm.wait_exit();

    for (id, n) in ids.iter().zip(&before) {
        let now = searches(*id);
        assert_eq!(now.len(), n + 1, "case {id}");
        assert!(now.iter().any(|s| s["who"] == "批量员"), "{now:?}");
    }
    // Started again, the workstation shows it.
    // The new search moved both cases' next deadline, so find the first by
    // its ID number.
    let number = id_number(&db, ids[0]);
    let tm = start("batch2", &db, 140, 64);
    tm.wait_for("失联党员名册");
    tm.keys(&["/"]);
    tm.text(&number);
    tm.keys(&["Enter"]);
    tm.wait_for("失联党员名册 1人");
    tm.wait_for("批量员");
    tm.keys(&["q"]);
    tm.wait_exit();
}

#[test]
fn ctrl_c_quits() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let tm = start("ctrlc", &db, 80, 24);
    tm.wait_for("失联党员名册");
    tm.keys(&["C-c"]);
    tm.wait_exit();
}
