//! Writers queue instead of failing: every connection's busy handler waits
//! for another writer's lock with short sleeps (20 ms growing to 250 ms)
//! for up to `SHILIAN_WAIT_SECS` seconds (default 300, at most 3600), and
//! after the first second says so once through the installed notice ("waiting
//! for another writer" on stderr for the command line). Past the bound the
//! statement fails as busy (`StoreError::Busy`), nothing written.

use std::cell::Cell;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Names the longest wait in seconds.
pub const WAIT_ENV: &str = "SHILIAN_WAIT_SECS";
const DEFAULT_SECS: u64 = 300;
const MAX_SECS: u64 = 3600;
/// A wait shorter than this is not worth a message.
const QUIET: Duration = Duration::from_secs(1);

static NOTICE: std::sync::RwLock<Option<fn()>> = std::sync::RwLock::new(None);

/// Install what tells the user a write is waiting (the command line's
/// stderr line; the workstation replaces it with its status line).
pub fn set_notice(f: fn()) {
    if let Ok(mut n) = NOTICE.write() {
        *n = Some(f);
    }
}

fn bound() -> Duration {
    static B: OnceLock<Duration> = OnceLock::new();
    *B.get_or_init(|| {
        let secs = std::env::var(WAIT_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(DEFAULT_SECS, |s| s.min(MAX_SECS));
        Duration::from_secs(secs)
    })
}

thread_local! {
    /// When the current wait began, and whether it was announced.
    static WAIT: Cell<Option<(Instant, bool)>> = const { Cell::new(None) };
}

/// SQLite's busy handler: `n` is how often it was called for this lock.
pub fn on_busy(n: i32) -> bool {
    let now = Instant::now();
    let (since, told) = match WAIT.get() {
        Some(w) if n > 0 => w,
        _ => (now, false),
    };
    let waited = now.duration_since(since);
    if waited >= bound() {
        WAIT.set(None);
        return false;
    }
    let told = if !told && waited >= QUIET {
        if let Some(f) = NOTICE.read().ok().and_then(|n| *n) {
            f();
        }
        true
    } else {
        told
    };
    WAIT.set(Some((since, told)));
    let step = 20u64.saturating_mul(1 << n.clamp(0, 4) as u64).min(250);
    std::thread::sleep(Duration::from_millis(step));
    true
}
