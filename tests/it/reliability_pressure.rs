//! Working under pressure (issue 12, item 7): reads and `verify` on a full
//! disk and on read-only media (a backup is written in rollback-journal
//! mode so a read-only stick reads it), and writers that queue: ten
//! processes with large batches at once, none refused as busy, each
//! waiting one saying so on stderr.

use crate::support::reliability::{
    check_deeply, db_with_cases, fingerprint, run, search, shilian, text,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A small tmpfs at `at` (root only); None, with a note, where not permitted.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    fn read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// The read commands a worker runs: each must succeed (alerts: 0 or 3).
fn reads_work(db: &Path, what: &str) {
    for args in [
        &["case", "list"][..],
        &["case", "show", "1"],
        &["alerts"],
        &["alerts", "--json"],
        &["audit"],
        &["dossier", "1"],
        &["verify"],
    ] {
        let out = run(db, args);
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "{what}: {args:?}: {}",
            text(&out)
        );
    }
}

fn fill(dir: &Path) {
    let mut f = std::fs::File::create(dir.join("filler")).expect("filler");
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

#[test]
fn reads_and_verify_work_on_a_full_disk_and_on_read_only_media() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(fs) = Tmpfs::mount(&dir.path().join("small"), "8m") else {
        read_only_directory_without_mount(dir.path());
        return;
    };
    let (_d, src) = db_with_cases(5);
    let db = fs.0.join("live.db");
    assert!(
        run(&src, &["backup", db.to_str().expect("p")])
            .status
            .success()
    );
    let out = crate::support::reliability::exec(
        &db,
        &serde_json::to_string(&[search(1, 1, "x")]).expect("j"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let before = fingerprint(&db);
    fill(&fs.0);
    reads_work(&db, "full disk");
    let out = crate::support::reliability::exec(
        &db,
        &serde_json::to_string(&[search(1, 2, &"满".repeat(20_000))]).expect("j"),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a write on a full disk is refused: {}",
        text(&out)
    );
    std::fs::remove_file(fs.0.join("filler")).expect("free");
    assert_eq!(fingerprint(&db), before, "nothing half-written");
    // A backup onto the stick, then the stick read-only.
    let copy = fs.0.join("copy.db");
    let out = run(&db, &["backup", copy.to_str().expect("p")]);
    assert!(out.status.success(), "{}", text(&out));
    let header = std::fs::read(&copy).expect("copy");
    assert_eq!((header[18], header[19]), (1, 1), "rollback-journal mode");
    drop(std::fs::remove_file(fs.0.join("live.db-wal")));
    assert!(fs.read_only(), "remount read-only");
    reads_work(&copy, "read-only media (backup)");
    reads_work(&db, "read-only media (WAL database)");
    let out = crate::support::reliability::exec(&copy, "[]");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    eprintln!(
        "full disk: 7 reads ok, the write refused and nothing changed; read-only media: 7 reads ok on a backup and on a WAL file"
    );
}

#[test]
fn ten_writers_with_large_batches_queue_and_none_is_refused() {
    // The records go over 100 cases: an action loads and saves its whole
    // case, so 1,500 records on each of 10 cases made every batch slower
    // than the one before (51 s in all; the queue is the same with 150).
    let cases = 100;
    let (_dir, db) = db_with_cases(cases as u32);
    let per = if cfg!(debug_assertions) { 300 } else { 1500 };
    let mut children = Vec::new();
    for w in 0..10i64 {
        let actions: Vec<_> = (0..per)
            .map(|i| search(1 + (w + i) % cases, i as u32, &format!("w{w}-{i}")))
            .collect();
        let mut child = shilian(&db)
            .args(["exec", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("writer");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(serde_json::to_string(&actions).expect("j").as_bytes())
            .expect("write");
        children.push(child);
    }
    let (mut waited, mut ok) = (0, 0);
    for c in children {
        let out = c.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a writer was refused: {err}");
        ok += 1;
        if err.contains("waiting for another writer") {
            waited += 1;
        }
    }
    let n: i64 = rusqlite::Connection::open(&db)
        .expect("raw")
        .query_row("SELECT count(*) FROM searches", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 10 * per, "every action of every batch present");
    assert!(waited >= 1, "someone queued and said so");
    check_deeply(&db);
    eprintln!(
        "ten writers x {per} actions: {ok} batches committed, 0 refused as busy, {waited} announced waiting, {n} records"
    );
}

/// Where no tmpfs can be mounted (not root): a backup in a directory and
/// file without write permission (which binds only a non-root user) is read
/// and verified all the same.
fn read_only_directory_without_mount(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: cannot mount a tmpfs here, and root ignores permissions");
        return;
    }
    let (_d, src) = db_with_cases(5);
    let stick = dir.join("stick");
    std::fs::create_dir(&stick).expect("dir");
    let copy = stick.join("copy.db");
    let out = run(&src, &["backup", copy.to_str().expect("p")]);
    assert!(out.status.success(), "{}", text(&out));
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    std::fs::set_permissions(&stick, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    reads_work(&copy, "read-only directory (backup)");
    std::fs::set_permissions(&stick, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    eprintln!(
        "no tmpfs (not root): 7 reads ok on a backup in a read-only directory; full disk not tried"
    );
}
