//! The real binary in tmux, read off the screen as a person would. Every
//! read waits for a stable screen: the same capture over `STABLE` (longer
//! than the detail pane's settle delay, `ui::SETTLE`), so no assertion reads
//! a half-drawn frame. With `CI` set, a missing tmux fails the test instead
//! of skipping it.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_shilian");
/// How long the screen must stay the same to count as drawn.
const STABLE: Duration = Duration::from_millis(300);
/// How often the screen is captured while waiting.
const POLL: Duration = Duration::from_millis(50);
/// How long any wait may take before the test fails.
const LIMIT: Duration = Duration::from_secs(20);

/// True when tmux can run. False only outside CI: with `CI` set a missing
/// tmux panics (the test fails rather than skips).
pub fn available() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "tmux is required in CI for the end-to-end terminal tests"
    );
    if !ok {
        eprintln!("tmux not installed: skipped (set CI to make this a failure)");
    }
    ok
}

/// One tmux server per session (its own socket), killed on drop.
pub struct Session {
    socket: String,
}

impl Session {
    /// `env` and `args` for the shilian binary in a `w`x`h` window.
    pub fn start(name: &str, w: u16, h: u16, env: &[(&str, &str)], args: &[&str]) -> Session {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let socket = format!("shilian-{name}-{}-{n}", std::process::id());
        let mut cmd = String::from("env");
        for (k, v) in env {
            cmd.push_str(&format!(" {k}='{v}'"));
        }
        cmd.push_str(&format!(" {BIN}"));
        for a in args {
            cmd.push_str(&format!(" '{a}'"));
        }
        let (w, h) = (w.to_string(), h.to_string());
        let st = Command::new("tmux")
            .args(["-L", &socket, "new-session", "-d", "-x", &w, "-y", &h])
            .arg(&cmd)
            .status()
            .expect("tmux runs");
        assert!(st.success(), "tmux new-session failed");
        Session { socket }
    }

    fn tmux(&self, args: &[&str]) -> bool {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Key names (`Enter`, `BTab`, `C-s`, `q`), one at a time, each
    /// followed by a stable screen (so `Escape` then `q` is not read as Alt-q).
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            assert!(self.tmux(&["send-keys", "-t", "0", k]), "send-keys {k}");
            self.stable();
        }
    }

    /// One key `n` times in one go (keys that cannot be misread when they
    /// arrive together, like arrows), then a stable screen.
    pub fn repeat(&self, key: &str, n: usize) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend(std::iter::repeat_n(key, n));
        assert!(self.tmux(&args), "send-keys {key} x{n}");
        self.stable();
    }

    /// Literal text (Chinese included), not key names.
    pub fn text(&self, s: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "0", "-l", s]),
            "send-keys {s}"
        );
        self.stable();
    }

    pub fn resize(&self, w: u16, h: u16) {
        let (w, h) = (w.to_string(), h.to_string());
        assert!(self.tmux(&["resize-window", "-t", "0", "-x", &w, "-y", &h]));
    }

    /// The screen now; with `escapes`, its colours and attributes too.
    pub fn capture(&self, escapes: bool) -> String {
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

    /// The screen once it has not changed for `STABLE`.
    pub fn stable(&self) -> String {
        self.wait_until(|_| true, "a stable screen")
    }

    /// The screen once it shows `needle` and has not changed for `STABLE`.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(|s| s.contains(needle), needle)
    }

    /// The screen once it shows one of `needles` and is stable.
    pub fn wait_for_any(&self, needles: &[&str]) -> String {
        self.wait_until(
            |s| needles.iter().any(|n| s.contains(n)),
            &needles.join(" | "),
        )
    }

    /// The screen once it differs from `before` and is stable.
    pub fn wait_until_changed(&self, before: &str) -> String {
        self.wait_until(|s| s != before, "a changed screen")
    }

    fn wait_until(&self, done: impl Fn(&str) -> bool, what: &str) -> String {
        let start = Instant::now();
        let mut last = self.capture(true);
        let mut since = Instant::now();
        loop {
            std::thread::sleep(POLL);
            let now = self.capture(true);
            if now != last {
                last = now;
                since = Instant::now();
                continue;
            }
            if since.elapsed() >= STABLE {
                let plain = self.capture(false);
                if done(&plain) && self.capture(true) == last {
                    return plain;
                }
            }
            assert!(
                start.elapsed() < LIMIT,
                "screen never showed {what:?}:\n{}",
                self.capture(false)
            );
        }
    }

    pub fn alive(&self) -> bool {
        self.tmux(&["has-session"])
    }

    pub fn wait_exit(&self) {
        let start = Instant::now();
        while self.alive() {
            assert!(start.elapsed() < LIMIT, "shilian did not quit");
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}
