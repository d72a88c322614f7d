//! Keys and encrypted backups (issue 16, item 1): `keygen` writes an age
//! X25519 secret key (0600, never over a file or through a symlink) and its
//! public key; `backup --to` / `--passphrase-file` writes an encrypted copy
//! (no plain copy left beside it); `restore --identity` / `--passphrase-file`
//! decrypts and verifies as a plain restore does. A wrong key, a wrong
//! passphrase, a truncated or changed file are refused with the reason and
//! the database is left as it was, with nothing written beside it.

use crate::support::reliability::{create_case, db_with_cases, exec, fingerprint, run, text};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const BIN: &str = env!("CARGO_BIN_EXE_shilian");

fn keygen(out: &Path) -> std::process::Output {
    std::process::Command::new(BIN)
        .args(["--lang", "en", "keygen", "--out"])
        .arg(out)
        .output()
        .expect("spawn keygen")
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Every file in `dir` (names), sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn new_key(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let secret = dir.join(name);
    let out = keygen(&secret);
    assert!(out.status.success(), "{}", text(&out));
    (secret.clone(), dir.join(format!("{name}.pub")))
}

#[test]
fn keygen_writes_a_private_secret_and_the_public_key_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = dir.path().join("dept.key");
    let out = keygen(&secret);
    assert!(out.status.success(), "{}", text(&out));
    let public = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(public.starts_with("age1"), "{public}");
    let pub_file = std::fs::read_to_string(dir.path().join("dept.key.pub")).expect("pub");
    assert_eq!(pub_file.trim(), public);
    let mode = std::fs::metadata(&secret)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "secret key is private");
    let text_ = std::fs::read_to_string(&secret).expect("secret");
    assert!(text_.contains("AGE-SECRET-KEY-1"), "{text_}");
    assert!(text_.contains(&public), "public key named in a comment");

    // A second keygen to the same name is refused; the key stays.
    let again = keygen(&secret);
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        text(&again)
    );
    assert_eq!(std::fs::read_to_string(&secret).expect("same"), text_);

    // A symlink planted at the name is not followed.
    let target = dir.path().join("elsewhere");
    let link = dir.path().join("planted.key");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let out = keygen(&link);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(!target.exists(), "nothing written through the symlink");
    assert!(!dir.path().join("planted.key.pub").exists());
}

#[test]
fn an_encrypted_backup_restores_with_the_secret_key() {
    let (dir, db) = db_with_cases(3);
    let keys = tempfile::tempdir().expect("keys");
    let (secret, public) = new_key(keys.path(), "k");
    let before = fingerprint(&db);
    let copy = dir.path().join("backup.age");
    let out = run(&db, &["backup", p(&copy), "--to", p(&public)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("encrypted backup written"),
        "{}",
        text(&out)
    );
    let bytes = std::fs::read(&copy).expect("copy");
    assert!(bytes.starts_with(b"age-encryption.org/v1"), "an age file");
    assert!(
        !bytes.windows(15).any(|w| w == b"SQLite format 3"),
        "not a plain copy"
    );
    let name = "测试甲".as_bytes();
    assert!(
        !bytes.windows(name.len()).any(|w| w == name),
        "names are not readable"
    );
    let mode = std::fs::metadata(&copy).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(
        listing(dir.path()),
        vec!["backup.age".to_string(), "data".to_string()],
        "no plain copy or scratch file beside the backup"
    );

    // The database moves on, then is restored from the encrypted copy.
    let more = serde_json::to_string(&[create_case(7)]).expect("json");
    assert!(exec(&db, &more).status.success());
    assert_ne!(fingerprint(&db), before);
    let out = run(&db, &["restore", p(&copy), "--identity", p(&secret)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("3 cases"),
        "{}",
        text(&out)
    );
    assert_eq!(fingerprint(&db), before, "the backed-up content is back");
    let out = run(&db, &["verify"]);
    assert!(out.status.success(), "{}", text(&out));

    // A public key given inline works the same.
    let inline = std::fs::read_to_string(&public).expect("pub");
    let copy2 = dir.path().join("backup2.age");
    let out = run(&db, &["backup", p(&copy2), "--to", inline.trim()]);
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&db, &["restore", p(&copy2), "--identity", p(&secret)]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(fingerprint(&db), before);
}

#[test]
fn wrong_key_truncated_changed_and_plain_files_are_refused_with_nothing_written() {
    let (dir, db) = db_with_cases(2);
    let keys = tempfile::tempdir().expect("keys");
    let (right, public) = new_key(keys.path(), "right");
    let (other, _) = new_key(keys.path(), "other");
    let copy = dir.path().join("b.age");
    let out = run(&db, &["backup", p(&copy), "--to", p(&public)]);
    assert!(out.status.success(), "{}", text(&out));
    let bytes = std::fs::read(&copy).expect("copy");

    let cut = dir.path().join("cut.age");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("cut");
    let flipped = dir.path().join("flipped.age");
    let mut f = bytes.clone();
    let at = f.len() - 100;
    f[at] ^= 0x20;
    std::fs::write(&flipped, &f).expect("flipped");
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, b"just some text\n").expect("plain");
    let phrase = dir.path().join("phrase");
    std::fs::write(&phrase, "correct horse\n").expect("phrase");

    let before = fingerprint(&db);
    let data_dir = db.parent().expect("dir").to_path_buf();
    let listed = listing(&data_dir);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![p(&copy), "--identity", p(&other)],
            "not encrypted to this key",
        ),
        (
            vec![p(&cut), "--identity", p(&right)],
            "changed or cut short",
        ),
        (
            vec![p(&flipped), "--identity", p(&right)],
            "changed or cut short",
        ),
        (vec![p(&plain), "--identity", p(&right)], "not an encrypted"),
        (
            vec![p(&copy), "--passphrase-file", p(&phrase)],
            "use --identity",
        ),
        (
            vec![p(&copy), "--identity", p(&public)],
            "cannot read a secret key",
        ),
    ];
    for (args, why) in cases {
        let mut a = vec!["restore"];
        a.extend(args.iter().copied());
        let out = run(&db, &a);
        assert_eq!(out.status.code(), Some(1), "{why}: {}", text(&out));
        assert!(stderr(&out).contains(why), "{why}: {}", text(&out));
        assert_eq!(fingerprint(&db), before, "{why}: database unchanged");
        assert_eq!(
            listing(&data_dir),
            listed,
            "{why}: nothing written beside it"
        );
    }
    // A refused restore names the file it was given.
    let out = run(&db, &["restore", p(&cut), "--identity", p(&right)]);
    assert!(stderr(&out).contains("not restored from"), "{}", text(&out));
    assert!(stderr(&out).contains("cut.age"), "{}", text(&out));
}

#[test]
fn passphrase_mode_backs_up_and_restores_and_refuses_a_wrong_passphrase() {
    let (dir, db) = db_with_cases(2);
    let phrase = dir.path().join("phrase");
    std::fs::write(&phrase, "组织部 2026 口令\n").expect("phrase");
    let wrong = dir.path().join("wrong");
    std::fs::write(&wrong, "not it\n").expect("wrong");
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "\n").expect("empty");
    let keys = tempfile::tempdir().expect("keys");
    let (secret, _) = new_key(keys.path(), "k");
    let before = fingerprint(&db);

    let copy = dir.path().join("b.age");
    let out = run(&db, &["backup", p(&copy), "--passphrase-file", p(&empty)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("cannot read a passphrase"),
        "{}",
        text(&out)
    );
    assert!(!copy.exists(), "nothing written with an empty passphrase");

    let out = run(&db, &["backup", p(&copy), "--passphrase-file", p(&phrase)]);
    assert!(out.status.success(), "{}", text(&out));
    // Written once: a second backup to the same name is refused.
    let out = run(&db, &["backup", p(&copy), "--passphrase-file", p(&phrase)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    let more = serde_json::to_string(&[create_case(5)]).expect("json");
    assert!(exec(&db, &more).status.success());
    let moved = fingerprint(&db);
    for (args, why) in [
        (vec!["--passphrase-file", p(&wrong)], "wrong passphrase"),
        (vec!["--identity", p(&secret)], "use --passphrase-file"),
    ] {
        let mut a = vec!["restore", p(&copy)];
        a.extend(args);
        let out = run(&db, &a);
        assert_eq!(out.status.code(), Some(1), "{why}: {}", text(&out));
        assert!(stderr(&out).contains(why), "{why}: {}", text(&out));
        assert_eq!(fingerprint(&db), moved, "{why}: unchanged");
    }
    let out = run(&db, &["restore", p(&copy), "--passphrase-file", p(&phrase)]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(fingerprint(&db), before);
}

#[test]
fn keygen_out_dash_writes_the_key_file_text_to_stdout_and_no_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(BIN)
        .current_dir(dir.path())
        .args(["keygen", "--out", "-"])
        .output()
        .expect("spawn keygen");
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let public = stdout
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("the public key as a comment line");
    assert!(public.starts_with("age1"), "{stdout}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("AGE-SECRET-KEY-1"))
            .count(),
        1,
        "{stdout}"
    );
    assert!(stderr(&out).contains(public), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert!(left.is_empty(), "no file named '-' or '-.pub': {left:?}");
}
