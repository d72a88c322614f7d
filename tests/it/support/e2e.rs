//! What the end-to-end runs (`e2e_*`) share: the built binary run as a
//! command on a database, the demo database, and a case's facts read back
//! through `case show --json`.

use super::tmux::BIN;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The day every end-to-end run passes as `--today`.
pub const TODAY: &str = "2026-11-28";

/// Run `shilian --db DB --today TODAY ARGS`; insist on success; stdout.
pub fn cli(db: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new(BIN)
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

/// `shilian demo` into `DIR/demo.db`.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    cli(&db, &["demo"]);
    db
}

/// `case show ID --json`.
pub fn case_json(db: &Path, id: i64) -> Value {
    serde_json::from_str(&cli(db, &["case", "show", &id.to_string(), "--json"])).expect("json")
}

/// The member's ID number of case `id` (how a run finds the case again
/// on screen: the roster's order moves when its deadlines do).
pub fn id_number(db: &Path, id: i64) -> String {
    case_json(db, id)["case"]["member"]["id_number"]
        .as_str()
        .expect("id number")
        .to_string()
}
