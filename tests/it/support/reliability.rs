//! Shared helpers for the reliability tests: run the real `shilian` binary,
//! build a small database of lost cases, and check a database file deeply
//! (SQLite integrity, foreign keys, `Store::verify`, and the invariants that
//! show a half-applied action: case versions against audit entries, stored
//! deadlines against `deadline::compute`).

use rusqlite::Connection;
use shilian::domain::deadline;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::store::Store;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_shilian");
pub const TODAY: &str = "2025-06-01";

/// A command for the real binary on `db`, English messages, fixed today.
pub fn shilian(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--db")
        .arg(db)
        .args(["--today", TODAY, "--lang", "en"]);
    c.env("SHILIAN_USER", "tester")
        .env_remove("NO_COLOR")
        .env_remove("SHILIAN_SIGN_KEY");
    c
}

/// Run with arguments, stdin closed; return the output.
pub fn run(db: &Path, args: &[&str]) -> Output {
    shilian(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("spawn shilian")
}

/// Run `shilian exec -` with `json` on stdin.
pub fn exec(db: &Path, json: &str) -> Output {
    let mut child = shilian(db)
        .args(["exec", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn shilian exec");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(json.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait exec")
}

pub fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A valid 18-digit ID number (GB 11643 check digit) for `birth` YYYYMMDD.
pub fn id_number(area: &str, birth: &str, seq: u32) -> String {
    let body = format!("{area}{birth}{:03}", seq % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// A `create_case` action for a lost member number `i`.
pub fn create_case(i: u32) -> serde_json::Value {
    serde_json::json!({
        "action": "create_case",
        "member": {
            "name": format!("测试{}", ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"][i as usize % 8]),
            "gender": if i.is_multiple_of(2) { "male" } else { "female" },
            "id_number": id_number("110105", "19850307", 100 + i),
            "birth_date": "1985-03-07",
            "membership": "full",
            "probation_start": null,
            "branch": format!("第{}党支部", i % 3 + 1),
            "committee": "测试街道党工委",
            "joined": "2008-07-01",
            "phone": "",
            "address": "",
            "employer": "",
            "focus_area": "talent_agency",
            "abroad": "none",
            "last_contact": "2024-03-01",
            "branch_exists": true,
            "lost_cause": "migrant_work"
        },
        "status": "lost"
    })
}

/// One `record_search` action on `case`, told apart by `tag` in its note.
pub fn search(case: i64, day: u32, tag: &str) -> serde_json::Value {
    let channels = ["family", "phone", "community", "letter", "sms_wechat"];
    serde_json::json!({
        "action": "record_search",
        "case": case,
        "date": format!("2025-05-{:02}", day % 28 + 1),
        "channel": channels[day as usize % channels.len()],
        "who": "王干事",
        "result": "no_trace",
        "note": tag,
    })
}

/// A fresh temp dir with a database of `n` lost cases (ids 1..=n).
pub fn db_with_cases(n: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("shilian.db");
    let actions: Vec<_> = (0..n).map(create_case).collect();
    let out = exec(
        &db_init(&db),
        &serde_json::to_string(&actions).expect("json"),
    );
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

/// A copy of the database `from` (closed, so no WAL is left) as
/// `dir/shilian.db`; `dir` is made 0700 like the binary's own, the file
/// keeps its 0600.
pub fn copy_db(from: &Path, dir: &Path) -> PathBuf {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(dir)
        .expect("database dir");
    let wal = from.with_extension("db-wal");
    assert!(!wal.exists(), "template left a WAL: {}", wal.display());
    let db = dir.join("shilian.db");
    std::fs::copy(from, &db).expect("copy the database");
    db
}

fn db_init(db: &Path) -> PathBuf {
    let out = run(db, &["init"]);
    assert!(out.status.success(), "{}", text(&out));
    db.to_path_buf()
}

/// Audit rows in the file (raw count).
pub fn audit_count(db: &Path) -> i64 {
    let c = Connection::open(db).expect("open raw");
    c.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count audit")
}

/// Search records per case (raw).
pub fn searches(db: &Path) -> BTreeMap<i64, Vec<String>> {
    let c = Connection::open(db).expect("open raw");
    let mut st = c
        .prepare("SELECT case_id, note FROM searches ORDER BY id")
        .expect("prepare searches");
    let mut out: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    let rows = st
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .expect("query searches");
    for row in rows {
        let (case, note) = row.expect("row");
        out.entry(case).or_default().push(note);
    }
    out
}

/// A fingerprint of what the database holds, from the outside: the JSON
/// roster and the audit count.
pub fn fingerprint(db: &Path) -> (i64, String) {
    let out = run(db, &["case", "list", "--json", "--limit", "100000"]);
    assert!(out.status.success(), "{}", text(&out));
    use sha2::Digest;
    let sum = sha2::Sha256::digest(&out.stdout);
    let hex: String = sum.iter().map(|b| format!("{b:02x}")).collect();
    (audit_count(db), hex)
}

/// Every check of a database after a crash or a failed command; panics
/// with the problem. Returns the number of cases checked.
pub fn check_deeply(db: &Path) -> usize {
    let raw = Connection::open(db).expect("open raw");
    let integrity: String = raw
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok", "integrity_check");
    let mut st = raw.prepare("PRAGMA foreign_key_check").expect("fk");
    let fk: Vec<String> = st
        .query_map([], |r| r.get::<_, String>(0))
        .expect("fk rows")
        .collect::<Result<_, _>>()
        .expect("fk rows");
    assert!(fk.is_empty(), "foreign_key_check: {fk:?}");
    versions_match_audit(&raw);
    let store = Store::open(db).expect("Store::open");
    let rep = store.verify().expect("verify");
    assert!(rep.ok(), "verify: {:?}", rep.problems);
    deadlines_match_rules(&store)
}

/// Every case's version equals the number of audit entries that changed it
/// (a bulk import's one entry, with no case, covers the ids `first..=last`).
fn versions_match_audit(raw: &Connection) {
    let mut st = raw
        .prepare(
            "SELECT c.id, c.version,
               (SELECT count(*) FROM audit a WHERE a.case_id = c.id AND a.after <> '')
               + (SELECT count(*) FROM audit a WHERE a.case_id IS NULL AND a.after <> ''
                  AND json_valid(a.action) AND json_extract(a.action, '$.action') = 'import'
                  AND c.id BETWEEN json_extract(a.action, '$.first')
                  AND json_extract(a.action, '$.last'))
             FROM cases c",
        )
        .expect("prepare versions");
    let bad: Vec<(i64, i64, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("versions")
        .collect::<Result<Vec<_>, _>>()
        .expect("versions")
        .into_iter()
        .filter(|(_, v, n)| v != n)
        .collect();
    assert!(bad.is_empty(), "(case, version, audit entries): {bad:?}");
}

/// The stored deadline rows of each case equal what the rules compute.
fn deadlines_match_rules(store: &Store) -> usize {
    let (policy, procs) = (Policy::embedded(), Procedures::embedded());
    let stored = store.alerts(None, None, 1_000_000).expect("alerts");
    let mut by_case: BTreeMap<i64, Vec<_>> = BTreeMap::new();
    for a in stored {
        by_case.entry(a.deadline.case).or_default().push(a.deadline);
    }
    let ids: Vec<i64> = store
        .roster(&shilian::store::RosterQuery {
            limit: 1_000_000,
            ..Default::default()
        })
        .expect("roster")
        .into_iter()
        .map(|r| r.id)
        .collect();
    for id in &ids {
        let case = store.load_case(*id).expect("load case");
        let key = |d: &deadline::Deadline| (d.due, d.kind, d.detail.clone(), d.clears.clone());
        let campaigns = store.campaigns().expect("campaigns");
        let mut want = deadline::compute(&case, &policy, &procs, &campaigns);
        let mut got = by_case.remove(id).unwrap_or_default();
        want.sort_by_key(key);
        got.sort_by_key(key);
        assert_eq!(got, want, "deadlines of case {id}");
    }
    ids.len()
}

/// A tiny xorshift generator: reproducible from the printed seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn from_time() -> Rng {
        let seed = std::env::var("SHILIAN_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(7)
            });
        eprintln!("seed {seed} (set SHILIAN_SEED to repeat)");
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Turn a file written by this release back into one of schema 4 (the
/// release before the rules review): drop what later migrations added
/// (`support::store::undo_after_v4`).
pub fn downgrade_to_v4(db: &Path) {
    let raw = rusqlite::Connection::open(db).expect("raw");
    crate::support::store::undo_after_v4(&raw);
    raw.execute_batch("PRAGMA user_version = 4; PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("downgrade to schema 4");
}
