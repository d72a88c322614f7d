//! Opening files: permissions, refusals, migration in place.

use crate::support::store::{case, insert, journal_mode, temp_db};
use rusqlite::Connection;
use shilian::store::schema::{MIGRATIONS, SUPPORTED};
use shilian::store::{RosterQuery, Store, StoreError};
use std::os::unix::fs::PermissionsExt;

fn store_err(e: &anyhow::Error) -> &StoreError {
    e.downcast_ref::<StoreError>()
        .unwrap_or_else(|| panic!("not a StoreError: {e:#}"))
}

#[test]
fn new_file_is_private_and_configured() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).expect("open");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().expect("dir")), 0o700);
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    drop(store);
    assert_eq!(journal_mode(&path), "wal");
    // Reopening an up-to-date file is fine.
    Store::open(&path).expect("reopen");
}

#[test]
fn refuses_a_file_that_is_not_sqlite() {
    let (dir, _) = temp_db();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "姓名,身份证号\n张三,1101\n").expect("write");
    let e = Store::open(&path).err().expect("must refuse");
    assert!(
        matches!(store_err(&e), StoreError::NotADatabase(_)),
        "{e:#}"
    );
    // Unchanged.
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .starts_with("姓名")
    );
}

#[test]
fn refuses_another_programs_sqlite_database() {
    let (dir, _) = temp_db();
    let path = dir.path().join("other.db");
    Connection::open(&path)
        .expect("raw")
        .execute_batch("CREATE TABLE t(x);")
        .expect("t");
    let e = Store::open(&path).err().expect("must refuse");
    assert!(
        matches!(store_err(&e), StoreError::NotADatabase(_)),
        "{e:#}"
    );
}

#[test]
fn refuses_a_newer_schema() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).expect("open"));
    let raw = Connection::open(&path).expect("raw");
    raw.execute_batch(&format!("PRAGMA user_version = {};", SUPPORTED + 1))
        .expect("bump");
    drop(raw);
    let e = Store::open(&path).err().expect("must refuse");
    match store_err(&e) {
        StoreError::TooNew { found, supported } => {
            assert_eq!((*found, *supported), (SUPPORTED + 1, SUPPORTED));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
}

#[test]
fn refuses_a_read_only_file_clearly() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).expect("open"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let e = Store::open(&path).err().expect("must refuse");
    match store_err(&e) {
        // Library tests run in the default language, Chinese.
        StoreError::ReadOnly(msg) => assert!(msg.contains("只读"), "{msg}"),
        other => panic!("expected ReadOnly, got {other:?}"),
    }
}

#[test]
fn upgrades_a_version_1_file_in_place() {
    let (_dir, path) = temp_db();
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    // A version-1 database as an older shilian wrote it, with one case.
    let raw = Connection::open(&path).expect("raw");
    raw.execute_batch(MIGRATIONS[0]).expect("v1 schema");
    raw.execute_batch(
        "PRAGMA user_version = 1;
         INSERT INTO cases (id, name, gender, id_number, birth_date, membership, branch,
           committee, joined, phone, address, employer, focus_area, abroad, last_contact,
           branch_exists, lost_cause, status, status_since, created_at, updated_at)
         VALUES (7, '李白', 'male', '11010519900307234X', '1990-03-07', 'full', '诗社支部',
           '城东街道党工委', '2010-07-01', '', '', '', 'other', 'none', '2023-01-01', 1,
           'other', 'lost', '2023-07-01', '2023-07-01T00:00:00Z', '2023-07-01T00:00:00Z');
         INSERT INTO grams (gram, case_id) VALUES ('李', 7), ('白', 7), ('李白', 7),
           ('诗', 7), ('社', 7), ('支', 7), ('部', 7), ('诗社', 7), ('社支', 7), ('支部', 7);",
    )
    .expect("v1 data");
    drop(raw);
    let store = Store::open(&path).expect("migrate");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    let c = store.load_case(7).expect("old case survives");
    assert_eq!(c.member.name, "李白");
    // Migration 2 built the posting-list sizes the search now relies on.
    let q = RosterQuery {
        text: "李白".into(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.roster(&q).expect("roster").len(), 1);
    drop(store);
    let mut store = Store::open(&path).expect("reopen");
    insert(&mut store, &case("杜甫", "110105199003071111", "诗社支部"));
    let q = RosterQuery {
        text: "诗社".into(),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.roster_count(&q).expect("count"), 2);
}

#[test]
fn a_second_writer_waits_then_reports_busy() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let raw = Connection::open(&path).expect("raw");
    raw.busy_timeout(std::time::Duration::from_millis(0))
        .expect("timeout");
    let tx = store.begin().expect("begin");
    let e = raw.execute_batch("BEGIN IMMEDIATE;").expect_err("locked");
    assert!(matches!(StoreError::from(e), StoreError::Busy));
    tx.commit().expect("commit");
}

/// A rollback-journal file (as the sqlite3 shell or an older tool leaves it):
/// `tables` then `pragmas`; returns its bytes.
fn rollback_file(path: &std::path::Path, tables: &str, pragmas: &str) -> Vec<u8> {
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    let raw = Connection::open(path).expect("raw");
    raw.execute_batch(tables).expect("tables");
    raw.execute_batch(pragmas).expect("pragmas");
    let jm: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("jm");
    assert_eq!(jm, "delete", "the file must start in rollback-journal mode");
    drop(raw);
    std::fs::read(path).expect("bytes")
}

#[test]
fn a_too_new_rollback_journal_file_is_refused_without_a_byte_changed() {
    let (_dir, path) = temp_db();
    let bytes = rollback_file(
        &path,
        "CREATE TABLE cases (id INTEGER PRIMARY KEY); INSERT INTO cases VALUES (1);",
        &format!(
            "PRAGMA user_version = {}; PRAGMA application_id = {};",
            SUPPORTED + 1,
            shilian::store::schema::APPLICATION_ID
        ),
    );
    let e = Store::open(&path).err().expect("must refuse");
    assert!(matches!(store_err(&e), StoreError::TooNew { .. }), "{e:#}");
    // Not even the header's journal-mode bytes (18, 19) were switched to WAL.
    assert_eq!(std::fs::read(&path).expect("bytes"), bytes);
    assert_eq!((bytes[18], bytes[19]), (1, 1));
    assert!(!path.with_extension("db-wal").exists());
}

#[test]
fn another_programs_rollback_journal_file_is_refused_without_a_byte_changed() {
    let (_dir, path) = temp_db();
    let bytes = rollback_file(
        &path,
        "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep me');",
        "PRAGMA user_version = 1; PRAGMA application_id = 42;",
    );
    let e = Store::open(&path).err().expect("must refuse");
    assert!(
        matches!(store_err(&e), StoreError::NotADatabase(_)),
        "{e:#}"
    );
    assert_eq!(std::fs::read(&path).expect("bytes"), bytes);
    // Version 0 with tables (no marks at all) is refused the same way.
    let other = path.with_file_name("plain.db");
    let bytes = rollback_file(&other, "CREATE TABLE t (x);", "");
    assert!(Store::open(&other).is_err());
    assert_eq!(std::fs::read(&other).expect("bytes"), bytes);
}

#[test]
fn an_older_rollback_journal_shilian_file_is_switched_to_wal_and_opens() {
    let (_dir, path) = temp_db();
    rollback_file(
        &path,
        MIGRATIONS[0],
        &format!(
            "PRAGMA user_version = 1; PRAGMA application_id = {};",
            shilian::store::schema::APPLICATION_ID
        ),
    );
    let store = Store::open(&path).expect("open and migrate");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    assert!(store.verify().expect("verify").ok());
}

#[test]
fn a_rollback_journal_left_by_a_crashed_writer_is_rolled_back_and_opens() {
    let (dir, path) = temp_db();
    let live = dir.path().join("live.db");
    let raw = Connection::open(&live).expect("raw");
    raw.execute_batch(MIGRATIONS[0]).expect("v1");
    raw.execute_batch(&format!(
        "PRAGMA journal_mode = DELETE; PRAGMA user_version = 1; PRAGMA application_id = {};
         INSERT INTO meta VALUES ('kept', 'yes'); PRAGMA cache_size = 1; BEGIN;",
        shilian::store::schema::APPLICATION_ID
    ))
    .expect("setup");
    for i in 0..200 {
        raw.execute(
            "INSERT INTO meta VALUES (?1, hex(randomblob(500)))",
            [format!("half{i}")],
        )
        .expect("insert");
    }
    // The files as a crash mid-transaction leaves them: a hot journal.
    let journal = |p: &std::path::Path| {
        p.with_file_name(format!(
            "{}-journal",
            p.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        ))
    };
    assert!(journal(&live).exists(), "the writer has a journal");
    std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
    std::fs::copy(&live, &path).expect("copy db");
    std::fs::copy(journal(&live), journal(&path)).expect("copy journal");
    drop(raw);
    let store = Store::open(&path).expect("rolled back and opened");
    assert_eq!(store.schema_version().expect("version"), SUPPORTED);
    assert_eq!(
        store.meta_get("kept").expect("meta").as_deref(),
        Some("yes")
    );
    assert_eq!(
        store.meta_get("half0").expect("meta"),
        None,
        "the half-written rows are gone"
    );
    assert!(store.verify().expect("verify").ok());
}
