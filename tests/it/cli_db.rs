//! Files that are not shilian databases, too new, or read-only get a clear
//! message and exit code 1; usage errors exit 2.
use crate::support::cli::*;
use std::os::unix::fs::PermissionsExt;

#[test]
fn a_file_that_is_not_sqlite_is_refused_clearly() {
    let db = Db::new();
    std::fs::write(&db.path, "姓名,性别\n张三,男\n").expect("write");
    let out = db.run(&["--lang", "en", "alerts"], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("not a shilian database"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("shilian.db"),
        "names the file: {}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&db.path).expect("read"),
        "姓名,性别\n张三,男\n"
    );
}

#[test]
fn a_too_new_database_is_refused_clearly() {
    let db = Db::new();
    db.ok(&["init"]);
    {
        let conn = rusqlite::Connection::open(&db.path).expect("open");
        conn.execute_batch("PRAGMA user_version = 999;")
            .expect("set version");
    }
    let out = db.run(&["--lang", "en", "case", "list"], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("newer than this program"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_read_only_database_is_refused_clearly() {
    let db = Db::new();
    db.ok(&["init"]);
    std::fs::set_permissions(&db.path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = db.run(&["--lang", "en", "exec", "-"], Some("[]"));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
}

#[test]
fn missing_database_names_init_and_demo() {
    let db = Db::new();
    let out = db.run(&["alerts"], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("shilian init") && out.stderr.contains("shilian demo"),
        "{}",
        out.stderr
    );
    assert!(!db.path.exists(), "nothing is created by a read command");
}

#[test]
fn usage_errors_exit_2_and_bad_data_files_exit_1_with_line() {
    let db = Db::new();
    let out = db.run(&["--today", "2026-02-30", "alerts"], None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("YYYY-MM-DD"), "{}", out.stderr);
    assert_eq!(db.run(&["frobnicate"], None).code, 2);
    assert_eq!(db.run(&["--lang", "fr", "alerts"], None).code, 2);

    let policy =
        shilian::domain::policy::DEFAULT_POLICY.replace("months = 6\n", "months = \"six\"\n");
    let file = db.file("policy.toml", &policy);
    let out = db.run(
        &[
            "--lang",
            "en",
            "--policy",
            file.to_str().expect("path"),
            "init",
        ],
        None,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("policy file") && out.stderr.contains("line"),
        "{}",
        out.stderr
    );
    assert!(!db.path.exists());

    let procs = db.file("p.toml", "[[tracks]]\nkind = \"nonsense\"\n");
    let out = db.run(
        &["--procedures", procs.to_str().expect("path"), "init"],
        None,
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("处置程序文件"), "{}", out.stderr);
}
