//! Bad database files (issue 4, item 6): a file that is not SQLite, a
//! truncated database, one written by a newer version, a read-only file, a
//! read-only directory and a full disk each get a clear message, exit code
//! 1, and leave the file as it was.

use crate::support::reliability::{
    check_deeply, db_with_cases, exec, fingerprint, run, search, text,
};
use sha2::Digest;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn file_sum(p: &Path) -> String {
    let bytes = std::fs::read(p).expect("read db");
    sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn one_search() -> String {
    serde_json::to_string(&[search(1, 1, "x")]).expect("json")
}

/// Every command refuses with exit 1 and a message containing one of
/// `words`, and the file's bytes do not change.
fn refused_everywhere(db: &Path, words: &[&str]) {
    let sum = file_sum(db);
    let outs = [
        exec(db, &one_search()),
        run(db, &["case", "list"]),
        run(db, &["verify"]),
        run(db, &["alerts"]),
    ];
    for out in outs {
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
        assert!(!err.contains("panicked"), "{}", text(&out));
        assert!(
            words.iter().any(|w| err.contains(w)),
            "expected one of {words:?}: {}",
            text(&out)
        );
        assert_eq!(file_sum(db), sum, "the file changed: {}", text(&out));
    }
}

/// Fold the WAL into the main file so its bytes are the whole database.
fn checkpoint(db: &Path) {
    let c = rusqlite::Connection::open(db).expect("raw");
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
}

#[test]
fn a_file_that_is_not_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("notes.db");
    std::fs::write(&db, "姓名,性别\n张三,男\n".repeat(50)).expect("write");
    refused_everywhere(&db, &["not an sqlite", "not a shilian database"]);
}

#[test]
fn a_truncated_database() {
    let (_d, db) = db_with_cases(40);
    checkpoint(&db);
    let len = std::fs::metadata(&db).expect("meta").len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .expect("open");
    f.set_len(len / 2).expect("truncate");
    drop(f);
    refused_everywhere(&db, &["malformed", "damaged", "not a shilian database"]);
}

#[test]
fn a_database_from_a_newer_version() {
    let (_d, db) = db_with_cases(1);
    let c = rusqlite::Connection::open(&db).expect("raw");
    c.execute_batch("PRAGMA user_version = 99").expect("bump");
    drop(c);
    checkpoint(&db);
    refused_everywhere(&db, &["newer"]);
}

#[test]
fn a_read_only_file_and_a_read_only_directory() {
    let (_d, db) = db_with_cases(1);
    checkpoint(&db);
    let before = fingerprint(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let out = exec(&db, &one_search());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("read-only"),
        "{}",
        text(&out)
    );
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert_eq!(fingerprint(&db), before);
    let parent = db.parent().expect("dir").to_path_buf();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    let out = exec(&db, &one_search());
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not writable"),
        "{}",
        text(&out)
    );
    assert_eq!(fingerprint(&db), before);
    check_deeply(&db);
}

/// A 1 MiB tmpfs; None when mounting is not permitted here.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(at: &Path) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(fs) = Tmpfs::mount(&dir.path().join("small")) else {
        eprintln!("skipped: cannot mount a tmpfs here (not permitted)");
        return;
    };
    let db = fs.0.join("s.db");
    let out = exec(
        &db,
        &serde_json::to_string(&[crate::support::reliability::create_case(1)]).expect("json"),
    );
    // `exec` needs an existing file: create it first.
    if !out.status.success() {
        assert!(run(&db, &["init"]).status.success());
        let out = exec(
            &db,
            &serde_json::to_string(&[crate::support::reliability::create_case(1)]).expect("json"),
        );
        assert!(out.status.success(), "{}", text(&out));
    }
    let before = fingerprint(&db);
    let note = "很长的备注".repeat(400);
    let batch: Vec<_> = (0..400).map(|i| search(1, i, &note)).collect();
    let out = exec(&db, &serde_json::to_string(&batch).expect("json"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(err.contains("full"), "{}", text(&out));
    assert_eq!(fingerprint(&db), before);
    check_deeply(&db);
    eprintln!("full disk: {}", err.trim());
}
