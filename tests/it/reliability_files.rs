//! Files (issue 4, items 4 and 5): private on creation, a warning when
//! others can read the file, a consistent backup while another process
//! writes, a restore that refuses a bad copy and keeps the replaced file,
//! and exports that are marked, private and audited.

use crate::support::reliability::{
    audit_count, check_deeply, db_with_cases, exec, fingerprint, run, search, searches, shilian,
    text,
};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("meta").permissions().mode() & 0o777
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

#[test]
fn a_new_database_and_its_directory_are_private() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("new").join("deeper").join("s.db");
    let out = run(&db, &["init"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().expect("dir")), 0o700);
    assert!(!stderr(&out).contains("warning"), "{}", text(&out));
}

#[test]
fn a_file_readable_by_others_is_warned_about_at_start() {
    let (_dir, db) = db_with_cases(1);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = run(&db, &["case", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    let err = stderr(&out);
    assert!(err.contains("warning") && err.contains("644"), "{err}");
    assert!(err.contains("chmod 600"), "{err}");
}

#[test]
fn backup_while_another_process_writes_is_consistent() {
    let (dir, db) = db_with_cases(3);
    let mut writer = shilian(&db);
    let batch: Vec<_> = (0..400)
        .map(|i| search(1 + i % 3, i as u32, "bg"))
        .collect();
    let file = dir.path().join("batch.json");
    std::fs::write(&file, serde_json::to_string(&batch).expect("json")).expect("write");
    let mut copies = Vec::new();
    let mut child = writer
        .arg("exec")
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn writer");
    let mut during = 0;
    for i in 0..5 {
        if child.try_wait().expect("try_wait").is_none() {
            during += 1;
        }
        let copy = dir.path().join(format!("copy-{i}.db"));
        let out = run(&db, &["backup", copy.to_str().expect("utf8")]);
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(mode(&copy), 0o600);
        copies.push(copy);
        std::thread::sleep(Duration::from_millis(40));
    }
    assert!(child.wait().expect("writer").success());
    assert!(during > 0, "no backup overlapped the writer");
    for copy in &copies {
        check_deeply(copy);
        let n: usize = searches(copy).values().map(Vec::len).sum();
        assert!(n == 0 || n == 400, "copy holds {n} of a 400-action batch");
        let out = run(copy, &["verify"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
}

#[test]
fn restore_refuses_a_copy_that_fails_verify_and_changes_nothing() {
    let (dir, db) = db_with_cases(2);
    let bad = dir.path().join("bad.db");
    assert!(
        run(&db, &["backup", bad.to_str().expect("utf8")])
            .status
            .success()
    );
    let raw = rusqlite::Connection::open(&bad).expect("raw");
    raw.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET user = 'x' WHERE seq = 2;")
        .expect("tamper");
    drop(raw);
    let before = fingerprint(&db);
    let out = run(&db, &["restore", bad.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(
        err.contains("not restored") && err.contains("entry 2"),
        "{err}"
    );
    assert_eq!(fingerprint(&db), before);
    let leftovers: Vec<_> = std::fs::read_dir(db.parent().expect("dir"))
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("restoring") || n.contains("replaced"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Not a database at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"hello, this is not sqlite at all........").expect("write");
    let out = run(&db, &["restore", junk.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(fingerprint(&db), before);
}

#[test]
fn restore_installs_a_good_copy_and_keeps_the_replaced_file() {
    let (dir, db) = db_with_cases(2);
    let copy = dir.path().join("good.db");
    assert!(
        run(&db, &["backup", copy.to_str().expect("utf8")])
            .status
            .success()
    );
    let at_backup = fingerprint(&db);
    let out = exec(
        &db,
        &serde_json::to_string(&[search(1, 1, "later")]).expect("json"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let later = fingerprint(&db);
    let out = run(&db, &["restore", copy.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(fingerprint(&db), at_backup, "restored content");
    check_deeply(&db);
    let kept: Vec<_> = std::fs::read_dir(db.parent().expect("dir"))
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".replaced-"))
        .filter(|p| {
            !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(fingerprint(&kept[0]), later, "the replaced content is kept");
    assert_eq!(mode(&kept[0]), 0o600);
}

#[test]
fn exports_are_explicit_marked_private_and_audited() {
    let (dir, db) = db_with_cases(3);
    let before = audit_count(&db);
    let csv = dir.path().join("roster.csv");
    let out = run(
        &db,
        &["export", "roster", "--out", csv.to_str().expect("utf8")],
    );
    assert!(out.status.success(), "{}", text(&out));
    let body = std::fs::read_to_string(&csv).expect("read csv");
    let mut lines = body.lines();
    assert_eq!(lines.next(), Some("\u{feff}# 内部资料 注意保密"));
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("序号,姓名,性别,公民身份号码"))
    );
    let members = body.lines().skip(2).take_while(|l| !l.starts_with('#'));
    assert_eq!(members.count(), 3, "{body}");
    assert_eq!(mode(&csv), 0o600);
    let json = dir.path().join("case.json");
    let out = run(
        &db,
        &[
            "export",
            "case",
            "2",
            "--format",
            "json",
            "--out",
            json.to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("read")).expect("json");
    assert_eq!(v["marking"], "内部资料 注意保密");
    assert_eq!(v["case"]["id"], 2);
    // Both exports are in the audit log, the case one under its case.
    assert_eq!(audit_count(&db), before + 2);
    let out = run(&db, &["audit", "--case", "2", "--json"]);
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let last = entries.last().expect("entry");
    assert!(
        last["action"]
            .as_str()
            .is_some_and(|a| a.contains("\"export\"")),
        "{last}"
    );
    // Never over an existing file; nothing recorded then.
    let out = run(
        &db,
        &["export", "roster", "--out", csv.to_str().expect("utf8")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(audit_count(&db), before + 2);
    check_deeply(&db);
    // Listing cases writes no file and records nothing.
    assert!(run(&db, &["case", "list", "--json"]).status.success());
    assert_eq!(audit_count(&db), before + 2);
}
