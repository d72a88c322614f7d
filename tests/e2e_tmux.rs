//! End-to-end runs of the real binary in tmux, read off the screen as a
//! person would: start on the demo database, filter, open a case, tick a
//! checklist item, quit; start again and see it persisted; start at 80x24
//! with NO_COLOR=1 and TERM=linux. In CI (CI set) tmux must be present.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_shilian");
const TODAY: &str = "2026-11-28";

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("CI").is_some() {
        panic!("tmux is required in CI for the end-to-end terminal tests");
    }
    ok
}

/// One tmux server per test (own socket), killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str, w: u16, h: u16, env: &[(&str, &str)], args: &[&str]) -> Tmux {
        let socket = format!("shilian-e2e-{name}-{}", std::process::id());
        let mut cmd = String::from("env");
        for (k, v) in env {
            cmd.push_str(&format!(" {k}={v}"));
        }
        cmd.push_str(&format!(" {BIN}"));
        for a in args {
            cmd.push_str(&format!(" '{a}'"));
        }
        let st = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-x",
                &w.to_string(),
                "-y",
                &h.to_string(),
            ])
            .arg(&cmd)
            .status()
            .expect("tmux runs");
        assert!(st.success(), "tmux new-session failed");
        Tmux { socket }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let st = Command::new("tmux")
                .args(["-L", &self.socket, "send-keys", "-t", "0"])
                .arg(k)
                .status()
                .expect("tmux send-keys");
            assert!(st.success());
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Literal text (Chinese included), not key names.
    fn text(&self, s: &str) {
        let st = Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "0", "-l", s])
            .status()
            .expect("tmux send-keys");
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(100));
    }

    fn capture(&self, escapes: bool) -> String {
        let mut args = vec!["-L", &self.socket, "capture-pane", "-p", "-t", "0"];
        if escapes {
            args.push("-e");
        }
        let out = Command::new("tmux")
            .args(&args)
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.capture(false);
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("screen never showed {needle:?}:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn alive(&self) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket, "has-session"])
            .status()
            .is_ok_and(|s| s.success())
    }

    fn wait_exit(&self) {
        let start = Instant::now();
        while self.alive() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "shilian did not quit"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn cli(db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["--db", db.to_str().expect("utf-8 path"), "--today", TODAY])
        .args(args)
        .output()
        .expect("shilian runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    cli(&db, &["demo"]);
    db
}

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
    let case: Value =
        serde_json::from_str(&cli(db, &["case", "show", &id.to_string(), "--json"])).expect("json");
    let number = case["case"]["member"]["id_number"]
        .as_str()
        .expect("id number")
        .to_string();
    let done = case["case"]["items"].as_array().map_or(0, |v| v.len());
    (number, done)
}

#[test]
fn filter_open_tick_item_quit_then_persisted() {
    if !have_tmux() {
        eprintln!("tmux not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let (id, number, done_before) = case_with_open_step(&db);
    let args = ui_args(&db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let tm = Tmux::start("tick", 160, 45, &[("TERM", "xterm-256color")], &args);
    tm.wait_for("失联党员名册");
    tm.keys(&["/"]);
    tm.text(&number);
    tm.keys(&["Enter"]);
    let s = tm.wait_for("失联党员名册 1人");
    assert!(s.contains("程序清单"), "{s}");
    // Open the case, go to its checklist and complete the selected item.
    tm.keys(&["Enter"]); // open: focus moves to the case detail
    tm.keys(&["BTab", "BTab", "Enter"]); // detail -> roster -> checklist, complete
    tm.wait_for("完成程序事项");
    tm.keys(&["Tab"]);
    tm.text("测试员");
    tm.keys(&["C-s"]);
    let s = tm.wait_for("已保存");
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
    let tm = Tmux::start("again", 160, 45, &[], &args);
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
    if !have_tmux() {
        eprintln!("tmux not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let args = ui_args(&db);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let tm = Tmux::start(
        "mono",
        80,
        24,
        &[("NO_COLOR", "1"), ("TERM", "linux")],
        &args,
    );
    let s = tm.wait_for("失联党员名册");
    // The roster and one other pane, lined up: every row is 80 cells or less.
    assert!(s.contains("案件详情") || s.contains("期限提醒"), "{s}");
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
    if !have_tmux() {
        eprintln!("tmux not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_db(dir.path());
    let mut args = ui_args(&db);
    args.extend(["--lang".to_string(), "en".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let tm = Tmux::start("small", 50, 12, &[], &args);
    let s = tm.wait_for("too small");
    assert!(
        !s.contains("Roster"),
        "no broken layout below the minimum: {s}"
    );
    let socket = tm.socket.clone();
    let st = Command::new("tmux")
        .args([
            "-L",
            &socket,
            "resize-window",
            "-t",
            "0",
            "-x",
            "120",
            "-y",
            "32",
        ])
        .status()
        .expect("resize");
    assert!(st.success());
    tm.wait_for("Roster");
    tm.keys(&["q"]);
    tm.wait_exit();
}
