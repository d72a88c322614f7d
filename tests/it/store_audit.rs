//! The append-only audit log, tamper detection by `verify`, and backup.

use crate::support::store::{audit, case, insert, temp_db};
use rusqlite::Connection;
use shilian::store::Store;
use std::os::unix::fs::PermissionsExt;

#[test]
fn entries_chain_and_filter_by_case() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let a = insert(&mut store, &case("张三", "110105199003071234", "一支部"));
    let b = insert(&mut store, &case("李四", "110105199003075678", "二支部"));
    assert_eq!(audit(&mut store, Some(a), "create_case"), 1);
    assert_eq!(audit(&mut store, Some(b), "create_case"), 2);
    assert_eq!(audit(&mut store, None, "import"), 3);
    let all = store.audit(None).expect("audit");
    assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(
        all.iter()
            .all(|e| e.hash.len() == 64 && e.at.ends_with('Z'))
    );
    assert_ne!(all[0].hash, all[1].hash);
    let only_b = store.audit(Some(b)).expect("audit");
    assert_eq!(only_b.len(), 1);
    assert_eq!(only_b[0].user, "王书记");
    let rep = store.verify().expect("verify");
    assert!(rep.ok(), "{:?}", rep.problems);
    assert!(rep.integrity_ok && rep.foreign_keys_ok);
}

#[test]
fn triggers_refuse_update_and_delete() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    audit(&mut store, None, "import");
    let raw = Connection::open(&path).expect("raw");
    let e = raw
        .execute("UPDATE audit SET user = 'x'", [])
        .expect_err("update refused");
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = raw
        .execute("DELETE FROM audit", [])
        .expect_err("delete refused");
    assert!(e.to_string().contains("append-only"), "{e}");
    assert_eq!(store.audit(None).expect("audit")[0].user, "王书记");
}

#[test]
fn verify_finds_a_tampered_row_at_its_seq() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &case("张三", "110105199003071234", "一支部"));
    for _ in 0..5 {
        audit(&mut store, Some(id), "record_search");
    }
    let raw = Connection::open(&path).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER audit_no_update;
         UPDATE audit SET after = '{\"status\":\"removed\"}' WHERE seq = 3;",
    )
    .expect("tamper");
    let rep = store.verify().expect("verify");
    assert_eq!(rep.chain_broken_at, Some(3));
    assert!(!rep.ok());
    assert!(
        // The store speaks the process language (Chinese unless --lang en).
        rep.problems.iter().any(|p| p.contains("第 3 条")),
        "{:?}",
        rep.problems
    );
}

#[test]
fn verify_finds_a_deleted_row() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    for _ in 0..4 {
        audit(&mut store, None, "import");
    }
    let raw = Connection::open(&path).expect("raw");
    raw.execute_batch("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2;")
        .expect("tamper");
    assert_eq!(store.verify().expect("verify").chain_broken_at, Some(3));
}

#[test]
fn verify_reports_broken_invariants() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &case("张三", "110105199003071234", "一支部"));
    let raw = Connection::open(&path).expect("raw");
    raw.execute_batch(&format!(
        "INSERT INTO tracks (case_id, kind, started, reason, override_reason, completed)
         VALUES ({id}, 'removal', '2024-01-01', '', '', 0), ({id}, 'normal', '2024-02-01', '', '', 0);"
    ))
    .expect("two open tracks");
    let rep = store.verify().expect("verify");
    assert!(
        rep.problems.iter().any(|p| p.contains("未结束的处置程序")),
        "{:?}",
        rep.problems
    );
}

#[test]
fn backup_is_a_private_copy_that_verifies() {
    let (dir, path) = temp_db();
    let mut store = Store::open(&path).expect("open");
    let id = insert(&mut store, &case("张三", "110105199003071234", "一支部"));
    audit(&mut store, Some(id), "create_case");
    let dest = dir.path().join("backup.db");
    store.backup(&dest).expect("backup");
    let mode = std::fs::metadata(&dest).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let copy = Store::open(&dest).expect("open copy");
    assert!(copy.verify().expect("verify").ok());
    assert_eq!(copy.load_case(id).expect("case").member.name, "张三");
    assert_eq!(
        copy.audit(None).expect("audit"),
        store.audit(None).expect("audit")
    );
    // Never overwrites.
    assert!(store.backup(&dest).is_err());
}

/// The audit log names the OS account from the password database, even when
/// `$USER` is empty (cron, some SSH setups) — the same name `id -un` prints.
#[test]
fn audit_user_is_the_login_name_of_the_uid() {
    let Ok(out) = std::process::Command::new("id").arg("-un").output() else {
        return; // no `id` on this machine: nothing to compare with
    };
    let expected = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(!expected.is_empty());
    if std::env::var_os("SHILIAN_USER").is_none() {
        assert_eq!(shilian::app::os_user(), expected);
    }
}
