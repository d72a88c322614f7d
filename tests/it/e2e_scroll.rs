//! The roster scrolled one row at a time in tmux (issue 15 item 4): past
//! its last row the rows move up by one, past its first they move down,
//! and the terminal moves them itself (a scroll region, `ui::scroll`). The
//! screen must then show the right rows, in order, and be exactly what a
//! full redraw of the same state shows (the window is widened by one
//! column and put back, which clears and redraws everything). At 80x24
//! with TERM=linux and NO_COLOR (the roster spans the full width: the
//! scroll region carries it) and at 200x50 (the roster shares its lines
//! with the detail pane).

use crate::support::e2e::{TODAY, cli};
use crate::support::tmux::{self, Session};
use serde_json::Value;
use std::path::Path;

fn names(db: &Path) -> Vec<String> {
    let v: Value = serde_json::from_str(&cli(db, &["case", "list", "--limit", "1000", "--json"]))
        .expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|c| c["name"].as_str().expect("name").to_string())
        .collect()
}

/// The roster's rows on the screen: the lines after its header line (the
/// one naming the 姓名 column) up to its bottom border, each cut to the
/// roster's width.
fn roster_lines(screen: &str, width: usize) -> Vec<String> {
    let lines: Vec<&str> = screen.lines().collect();
    let head = lines
        .iter()
        .position(|l| l.contains("姓名"))
        .expect("the roster's header");
    lines[head + 1..]
        .iter()
        .map(|l| cut(l, width))
        .take_while(|l| !l.starts_with('└') && !l.starts_with('+'))
        .collect()
}

/// The first `width` display columns of `l` (CJK counts two).
fn cut(l: &str, width: usize) -> String {
    let mut w = 0;
    l.chars()
        .take_while(|c| {
            w += if (*c as u32) >= 0x1100 { 2 } else { 1 };
            w <= width
        })
        .collect()
}

/// Check that row i of the roster shows `names[first + i]`, and that the
/// screen is what a full redraw shows.
fn check(tm: &Session, names: &[String], first: usize, (w, h): (u16, u16), roster_w: usize) {
    let s = tm.stable();
    let rows = roster_lines(&s, roster_w);
    assert!(rows.len() >= 4, "{s}");
    for (i, row) in rows.iter().enumerate() {
        let want = &names[first + i];
        assert!(
            row.contains(want.as_str()),
            "row {i} should show {want}:\n{s}"
        );
    }
    let drawn = tm.capture(true);
    tm.resize(w + 1, h);
    tm.wait_until_changed(&s);
    tm.resize(w, h);
    tm.stable();
    let redrawn = tm.capture(true);
    let differ: Vec<String> = drawn
        .lines()
        .zip(redrawn.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| format!("line {i}:\n  scrolled {a:?}\n  redrawn  {b:?}"))
        .collect();
    assert!(
        differ.is_empty() && drawn.lines().count() == redrawn.lines().count(),
        "the scrolled screen differs from a full redraw:\n{}",
        differ.join("\n")
    );
}

fn scroll_run(name: &str, (w, h): (u16, u16), env: &[(&str, &str)], roster_w: usize) {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    cli(&db, &["demo"]);
    let names = names(&db);
    let db = db.display().to_string();
    let args = ["--db", db.as_str(), "--today", TODAY];
    let tm = Session::start(name, w, h, env, &args);
    let s = tm.wait_for("失联党员名册");
    let shown = roster_lines(&s, roster_w).len();
    assert!(
        names.len() > shown + 6,
        "the demo has more rows than a page"
    );
    // To the last row, then three rows past it.
    tm.repeat("Down", shown - 1 + 3);
    check(&tm, &names, 3, (w, h), roster_w);
    // Two rows back past the first (select the first row, then Up twice).
    tm.repeat("Up", shown - 1 + 2);
    check(&tm, &names, 1, (w, h), roster_w);
    tm.keys(&["q"]);
    tm.wait_exit();
}

#[test]
fn scrolls_at_80x24_on_a_mono_linux_console() {
    scroll_run(
        "scroll80",
        (80, 24),
        &[("NO_COLOR", "1"), ("TERM", "linux")],
        80,
    );
}

#[test]
fn scrolls_at_200x50_beside_the_detail_pane() {
    scroll_run("scroll200", (200, 50), &[("TERM", "xterm-256color")], 112);
}
