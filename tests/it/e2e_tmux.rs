//! End-to-end runs of the real binary in tmux, read off the screen as a
//! person would: start on the demo database, filter, open a case, tick a
//! checklist item, quit; start again and see it persisted; start at 80x24
//! with NO_COLOR=1 and TERM=linux. In CI (CI set) tmux must be present.

use crate::support::e2e::{TODAY, case_json, cli, demo_db, id_number};
use crate::support::tmux::{self, Session};
use serde_json::Value;
use std::path::Path;

fn ui_args(db: &Path) -> Vec<String> {
    vec![
        "--db".into(),
        db.display().to_string(),
        "--today".into(),
        TODAY.into(),
    ]
}

/// A case of the demo with an open procedure step: (id, id number, items done).
fn case_with_open_step(db: &Path) -> (i64, String, usize) {
    let alerts: Value = serde_json::from_str(&cli(db, &["alerts", "--json"])).expect("json");
    let id = alerts
        .as_array()
        .expect("array")
        .iter()
        .find(|a| a["kind"] == "step_waiting")
        .and_then(|a| a["case"].as_i64())
        .expect("demo has a waiting procedure step");
    let (number, done) = case_facts(db, id);
    (id, number, done)
}

fn case_facts(db: &Path, id: i64) -> (String, usize) {
    let done = case_json(db, id)["case"]["items"]
        .as_array()
        .map_or(0, |v| v.len());
    (id_number(db, id), done)
}

#[test]
fn filter_open_tick_item_quit_then_persisted() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let (id, number, done_before) = case_with_open_step(&db);
    let args = ui_args(&db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let tm = Session::start("tick", 160, 45, &[("TERM", "xterm-256color")], &args);
    tm.wait_for("失联党员名册");
    tm.keys(&["/"]);
    tm.text(&number);
    tm.keys(&["Enter"]);
    let s = tm.wait_for("失联党员名册 1人");
    assert!(s.contains("程序清单"), "{s}");
    // Open the case, go to its checklist and complete the selected item.
    tm.keys(&["Enter"]); // open: focus moves to the case detail
    tm.keys(&["BTab", "BTab", "BTab", "Enter"]); // detail -> roster -> tree -> checklist, complete
    let form = tm.wait_for("完成程序事项");
    tm.keys(&["Tab"]);
    tm.text("测试员");
    if form.contains("文号") {
        // An approval or decision carries its document number (N四).
        tm.keys(&["Tab", "Tab"]);
        tm.text("测试〔2026〕1号");
    }
    tm.keys(&["C-s"]);
    // An approval or a decision cannot be undone: the form asks first.
    let mut s = tm.wait_for_any(&["已保存", "确认保存"]);
    if s.contains("确认保存") {
        tm.keys(&["y"]);
        s = tm.wait_for("已保存");
    }
    assert!(s.contains("[x]"), "ticked item shown: {s}");
    tm.keys(&["q"]);
    tm.wait_exit();

    let (_, done_after) = case_facts(&db, id);
    assert_eq!(
        done_after,
        done_before + 1,
        "the ticked item is in the database"
    );

    // Start again: the item is still ticked on screen.
    let tm = Session::start("again", 160, 45, &[], &args);
    tm.wait_for("失联党员名册");
    tm.keys(&["/"]);
    tm.text(&number);
    tm.keys(&["Enter"]);
    tm.wait_for("失联党员名册 1人");
    let s = tm.wait_for("测试员");
    assert!(s.contains("[x]"), "{s}");
    tm.keys(&["q"]);
    tm.wait_exit();
}

#[test]
fn small_mono_linux_console() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let args = ui_args(&db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let tm = Session::start(
        "mono",
        80,
        24,
        &[("NO_COLOR", "1"), ("TERM", "linux")],
        &args,
    );
    let s = tm.wait_for("失联党员名册");
    // The roster and one other pane, lined up: every row is 80 cells or less.
    assert!(s.contains("档案详情") || s.contains("期限提醒"), "{s}");
    let raw = tm.capture(true);
    assert!(
        !raw.contains("38;5;") && !raw.contains("48;5;"),
        "no colour codes in mono: {raw}"
    );
    assert!(
        raw.contains("\u{1b}[7m") || raw.contains(";7m"),
        "selection by reverse video: {raw}"
    );
    // Overdue rows carry a glyph, not only a colour.
    assert!(
        s.lines().any(|l| l.contains("! ") && l.contains("逾期")),
        "{s}"
    );
    // Switch the second pane and open help: both reachable by keyboard.
    tm.keys(&["z"]);
    tm.keys(&["?"]);
    tm.wait_for("Tab");
    tm.keys(&["Escape", "q"]);
    tm.wait_exit();
}

#[test]
fn english_and_too_small_terminal() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let mut args = ui_args(&db);
    args.extend(["--lang".to_string(), "en".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let tm = Session::start("small", 50, 12, &[], &args);
    let s = tm.wait_for("too small");
    assert!(
        !s.contains("Roster"),
        "no broken layout below the minimum: {s}"
    );
    tm.resize(120, 32);
    tm.wait_for("Roster");
    tm.keys(&["q"]);
    tm.wait_exit();
}
