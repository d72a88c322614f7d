//! Tamper evidence (issue 12, items 1 and 2), through the real binary and
//! the sqlite shell's kind of access (a raw connection): case data, child
//! records, audit rows, the chain's tail with and without a receipt, forged
//! rows with the hash recomputed with and without the key file, imported
//! cases, and a schema upgrade that binds every case at once.

use crate::support::reliability::{db_with_cases, exec, run, search, shilian, text};
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const APPEND_ONLY: &str = "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;";

/// seq, the hashed text fields, corrects, state.
type Row = (i64, Vec<String>, Option<i64>, Option<String>);

/// Recompute every row's prev_hash and hash as the program would (with the
/// state digest when `with_state`): what an attacker with the sqlite shell
/// and the source can do once the triggers are dropped.
pub fn rechain(raw: &Connection, with_state: bool) {
    raw.execute_batch("DROP TRIGGER IF EXISTS audit_no_update")
        .expect("drop");
    let cols = if with_state { "state" } else { "NULL" };
    let rows: Vec<Row> = raw
        .prepare(&format!(
            "SELECT seq, at, user, coalesce(case_id, ''), action, before, after, corrects, {cols}
             FROM audit ORDER BY seq"
        ))
        .expect("prepare")
        .query_map([], |r| {
            let case: rusqlite::types::Value = r.get(3)?;
            let case = match case {
                rusqlite::types::Value::Integer(i) => i.to_string(),
                _ => String::new(),
            };
            Ok((
                r.get(0)?,
                vec![r.get(1)?, r.get(2)?, case, r.get(4)?, r.get(5)?, r.get(6)?],
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("collect");
    let mut prev = String::new();
    for (seq, f, corrects, state) in rows {
        let mut h = Sha256::new();
        let seq_s = seq.to_string();
        for x in [
            prev.as_str(),
            &seq_s,
            &f[0],
            &f[1],
            &f[2],
            &f[3],
            &f[4],
            &f[5],
        ] {
            h.update(x.as_bytes());
            h.update([0x1f]);
        }
        if let Some(n) = corrects {
            h.update(format!("corrects={n}").as_bytes());
            h.update([0x1f]);
        }
        if let Some(s) = state {
            h.update(format!("state={s}").as_bytes());
            h.update([0x1f]);
        }
        let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        raw.execute(
            "UPDATE audit SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .expect("rehash");
        prev = hash;
    }
    raw.execute_batch(APPEND_ONLY).expect("trigger");
}

/// Turn a file back into schema 7 (before tamper evidence): its entries
/// hashed without states, the columns and the digest table gone.
pub fn drop_v8(raw: &Connection) {
    crate::support::store::undo_v9(raw);
    rechain(raw, false);
    raw.execute_batch(
        "DROP TRIGGER audit_states_no_update; DROP TRIGGER audit_states_no_delete;
         DROP TABLE audit_states;
         ALTER TABLE audit DROP COLUMN state; ALTER TABLE audit DROP COLUMN mac;
         PRAGMA user_version = 7;",
    )
    .expect("drop v8");
}

fn verify(db: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["verify"];
    args.extend(extra);
    let out = run(db, &args);
    (out.status.code().unwrap_or(-1), text(&out))
}

fn receipt_of(out: &str) -> String {
    let at = out.find("receipt: ").expect("a receipt line") + "receipt: ".len();
    out[at..]
        .split_whitespace()
        .next()
        .expect("receipt")
        .to_string()
}

fn seeded() -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = db_with_cases(3);
    let actions: Vec<_> = (0..6)
        .map(|i| search(1 + i % 3, i as u32, "seed"))
        .collect();
    let out = exec(&db, &serde_json::to_string(&actions).expect("json"));
    assert!(out.status.success(), "{}", text(&out));
    (dir, db)
}

/// (method, SQL): each must make `verify` fail naming what it says.
const DATA_TAMPERING: &[(&str, &str, &str)] = &[
    (
        "member name",
        "UPDATE cases SET name = '李鬼' WHERE id = 2",
        "case 2",
    ),
    (
        "ID number",
        "UPDATE cases SET id_number = '110105198503079999' WHERE id = 2",
        "case 2",
    ),
    (
        "phone",
        "UPDATE cases SET phone = '13800000000' WHERE id = 3",
        "case 3",
    ),
    (
        "status",
        "UPDATE cases SET status = 'regained' WHERE id = 1",
        "case 1",
    ),
    (
        "search note",
        "UPDATE searches SET note = 'forged' WHERE case_id = 1",
        "case 1",
    ),
    (
        "search deleted",
        "DELETE FROM searches WHERE case_id = 3",
        "case 3",
    ),
    (
        "search inserted",
        "INSERT INTO searches (case_id, date, channel, who, result, note) VALUES (2, '2025-05-05', 'phone', 'x', 'no_trace', 'planted')",
        "case 2",
    ),
    (
        "milestone inserted",
        "INSERT INTO milestones (case_id, date, kind, note) VALUES (2, '2024-05-01', 'contact_regained', 'planted')",
        "case 2",
    ),
    (
        "search date",
        "UPDATE searches SET date = '2025-06-30' WHERE case_id = 2",
        "case 2",
    ),
    (
        "assessment inserted",
        "INSERT INTO assessments (case_id, date, cause, acknowledges, note) VALUES (1, '2025-05-06', 'objective', 1, 'planted')",
        "case 1",
    ),
    (
        "amendment inserted",
        "INSERT INTO amendments (case_id, date, target, record_id, field, old_value, new_value, note, audit_seq) VALUES (3, '2025-05-07', 'member', NULL, 'phone', '1', '2', 'planted', NULL)",
        "case 3",
    ),
    (
        "search moved to another case",
        "UPDATE searches SET case_id = 2 WHERE id = (SELECT min(id) FROM searches WHERE case_id = 1)",
        "case 1",
    ),
    (
        "version bumped",
        "UPDATE cases SET version = version + 1 WHERE id = 2",
        "case 2",
    ),
    (
        "case added",
        "INSERT INTO cases SELECT 99, version, name, gender, '11010519850307100X', birth_date, membership, probation_start, branch, committee, joined, phone, address, employer, focus_area, abroad, last_contact, branch_exists, lost_cause, status, status_since, next_due, next_kind, created_at, updated_at FROM cases WHERE id = 1",
        "case 99",
    ),
    (
        "case deleted",
        "DELETE FROM deadlines WHERE case_id = 3; DELETE FROM searches WHERE case_id = 3; DELETE FROM milestones WHERE case_id = 3; DELETE FROM grams WHERE case_id = 3; DELETE FROM cases WHERE id = 3",
        "case 3",
    ),
];

#[test]
fn every_change_to_case_data_or_records_is_named() {
    let mut detected = 0;
    for (what, sql, names) in DATA_TAMPERING {
        let (_dir, db) = seeded();
        let raw = Connection::open(&db).expect("raw");
        raw.execute_batch("PRAGMA foreign_keys = OFF").expect("fk");
        raw.execute_batch(sql).expect(what);
        drop(raw);
        let (code, out) = verify(&db, &[]);
        assert_eq!(code, 1, "{what}: {out}");
        assert!(
            out.contains(&format!("{names} ")) || out.contains(&format!("{names}'")),
            "{what}: {out}"
        );
        assert!(out.contains("tamper:"), "{what}: {out}");
        detected += 1;
    }
    eprintln!(
        "data tampering: {} methods, {detected} detected",
        DATA_TAMPERING.len()
    );
    assert_eq!(detected, DATA_TAMPERING.len());
}

/// verify speaks the user's language: in Chinese a changed case and a cut
/// chain are named in Chinese, with no English sentence left in.
#[test]
fn verify_names_tampering_in_chinese() {
    let (_dir, db) = seeded();
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch(
        "UPDATE cases SET name = '李鬼' WHERE id = 2;
         DROP TRIGGER audit_no_delete;",
    )
    .expect("tamper");
    drop(raw);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shilian"))
        .arg("--db")
        .arg(&db)
        .args(["--lang", "zh", "verify", "--receipt", "not-a-receipt"])
        .output()
        .expect("verify");
    let text = text(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("篡改：档案 2 的数据"), "{text}");
    assert!(text.contains("触发器 audit_no_delete 缺失"), "{text}");
    assert!(text.contains("不是回执"), "{text}");
    for english in [
        "tamper",
        "audit:",
        "receipt:",
        "behind",
        "missing",
        "invariant",
    ] {
        assert!(!text.contains(english), "{english} in: {text}");
    }
}

#[test]
fn a_cut_tail_is_found_with_a_receipt_and_a_forged_chain_with_the_key() {
    let (dir, db) = seeded();
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 0, "{out}");
    let before = receipt_of(&out);
    // An export is recorded; then its entry is erased (tail cut).
    let file = dir.path().join("out.csv");
    let out = run(
        &db,
        &["export", "roster", "--out", file.to_str().expect("p")],
    );
    assert!(
        out.status.success() && text(&out).contains("receipt: "),
        "{}",
        text(&out)
    );
    let after_export = receipt_of(&text(&out));
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit);",
    )
    .expect("cut");
    drop(raw);
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "the missing trigger is named: {out}");
    let (code, out) = verify(&db, &["--receipt", &after_export]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("entries were cut"), "{out}");
    let (_code, out) = verify(&db, &["--receipt", &before]);
    assert!(
        out.contains("still extends"),
        "an older receipt still holds: {out}"
    );
    // Forged: an entry's user rewritten and the chain recomputed.
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END; DROP TRIGGER audit_no_update; UPDATE audit SET user = 'mallory' WHERE seq = 2;")
        .expect("forge");
    rechain(&raw, true);
    drop(raw);
    let (code, out) = verify(&db, &[]);
    assert_eq!(
        code, 0,
        "without key or receipt a recomputed chain passes (documented): {out}"
    );
    let (code, out) = verify(&db, &["--receipt", &before]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("rewritten"), "{out}");
}

fn key_file(dir: &Path, name: &str) -> PathBuf {
    let k = dir.join(name);
    std::fs::write(&k, "0123456789abcdef0123456789abcdef\n").expect("key");
    std::fs::set_permissions(&k, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    k
}

#[test]
fn with_the_key_file_a_forged_chain_is_found_without_a_receipt() {
    let (dir, db) = db_with_cases(0);
    let keys = tempfile::tempdir().expect("key dir");
    let key = key_file(keys.path(), "audit.key");
    let k = key.to_str().expect("p");
    let keyed = |args: &[&str]| {
        let mut c = shilian(&db);
        c.args(["--key-file", k]).args(args);
        c
    };
    let actions: Vec<_> = (0..3)
        .map(crate::support::reliability::create_case)
        .collect();
    let mut child = keyed(&["exec", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("exec");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&actions).expect("j").as_bytes())
        .expect("w");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", text(&out));
    let out = keyed(&["verify"]).output().expect("verify");
    assert!(out.status.success(), "{}", text(&out));
    // Without the key: refused to write, verify notes the MACs it cannot check.
    let out = exec(
        &db,
        &serde_json::to_string(&[search(1, 1, "no key")]).expect("j"),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("keyed"), "{}", text(&out));
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("carry a key MAC"), "{out}");
    // Another key is refused too.
    let other = key_file(keys.path(), "other.key");
    std::fs::write(&other, "ffffffffffffffffffffffffffffffff").expect("other");
    let out = shilian(&db)
        .args(["--key-file", other.to_str().expect("p"), "exec", "-"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // Forged with the hash recomputed: the MACs do not follow.
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER audit_no_update; UPDATE audit SET user = 'mallory' WHERE seq = 2;",
    )
    .expect("forge");
    rechain(&raw, true);
    drop(raw);
    let out = keyed(&["verify"]).output().expect("verify");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("does not carry the MAC"),
        "{}",
        text(&out)
    );
    // MACs stripped too: the head has none.
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch("DROP TRIGGER audit_no_update; UPDATE audit SET mac = NULL;")
        .expect("strip");
    drop(raw);
    let out = keyed(&["verify"]).output().expect("verify");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("carries no MAC"), "{}", text(&out));
    // The key file's own rules.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = keyed(&["verify"]).output().expect("verify");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("644"), "{}", text(&out));
    let beside = key_file(db.parent().expect("dir"), "audit.key");
    let out = shilian(&db)
        .args(["--key-file", beside.to_str().expect("p"), "verify"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("directory"), "{}", text(&out));
    let out = shilian(&db)
        .env("SHILIAN_KEY_FILE", &beside)
        .args(["verify"])
        .output()
        .expect("run");
    assert!(
        text(&out).contains("directory"),
        "the environment names it too: {}",
        text(&out)
    );
    drop(dir);
}

#[test]
fn imported_cases_are_bound_and_a_changed_digest_blob_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = crate::reliability_restore::imported(dir.path(), "imp", 50);
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 0, "{out}");
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch("UPDATE cases SET employer = '别处' WHERE id = 17")
        .expect("tamper");
    drop(raw);
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("case 17's data differs"), "{out}");
    let raw = Connection::open(&db).expect("raw");
    raw.execute_batch(
        "DROP TRIGGER audit_states_no_update; UPDATE audit_states SET states = zeroblob(1600);",
    )
    .expect("blob");
    drop(raw);
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("per-case digests of import entry"), "{out}");
}

#[test]
fn an_upgraded_file_gets_one_baseline_per_case_and_verifies() {
    let (_dir, db) = seeded();
    let raw = Connection::open(&db).expect("raw");
    drop_v8(&raw);
    let before: i64 = raw
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("n");
    drop(raw);
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 0, "{out}");
    let raw = Connection::open(&db).expect("raw");
    let baselines: i64 = raw
        .query_row("SELECT count(*) FROM audit WHERE json_extract(action, '$.action') = 'baseline' AND state IS NOT NULL", [], |r| r.get(0))
        .expect("n");
    let after: i64 = raw
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("n");
    assert_eq!((baselines, after), (3, before + 3));
    raw.execute_batch("UPDATE cases SET address = '伪造' WHERE id = 1")
        .expect("tamper");
    drop(raw);
    let (code, out) = verify(&db, &[]);
    assert_eq!(code, 1, "bound from the upgrade on: {out}");
    assert!(out.contains("case 1's data differs"), "{out}");
}

/// Audit rows changed with the triggers dropped and the chain left as it
/// is: each is named at the entry where the chain breaks.
const AUDIT_TAMPERING: &[(&str, &str)] = &[
    (
        "an entry's user",
        "UPDATE audit SET user = 'mallory' WHERE seq = 3",
    ),
    (
        "an entry's action",
        "UPDATE audit SET action = replace(action, 'seed', 'edit') WHERE seq = 5",
    ),
    (
        "an entry's state digest",
        "UPDATE audit SET state = CASE WHEN substr(state, 1, 1) = '0' THEN '1' ELSE '0' END || substr(state, 2) WHERE seq = 6",
    ),
    (
        "an entry's time",
        "UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 4",
    ),
    ("a middle entry deleted", "DELETE FROM audit WHERE seq = 4"),
    (
        "an entry inserted",
        "INSERT INTO audit (seq, at, user, case_id, action, before, after, prev_hash, hash) SELECT 1000, at, user, case_id, action, before, after, hash, hash FROM audit WHERE seq = 5",
    ),
];

#[test]
fn changed_deleted_or_inserted_audit_rows_break_the_chain() {
    let mut detected = 0;
    for (what, sql) in AUDIT_TAMPERING {
        let (_dir, db) = seeded();
        let raw = Connection::open(&db).expect("raw");
        raw.execute_batch("PRAGMA foreign_keys = OFF; DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
            .expect("drop");
        raw.execute_batch(sql).expect(what);
        raw.execute_batch(
            "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
             CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
        )
        .expect("triggers back");
        drop(raw);
        let (code, out) = verify(&db, &[]);
        assert_eq!(code, 1, "{what}: {out}");
        assert!(out.contains("hash chain broken at entry"), "{what}: {out}");
        detected += 1;
    }
    eprintln!(
        "audit row tampering: {} methods, {detected} detected",
        AUDIT_TAMPERING.len()
    );
}

/// The strongest attack on a file without a key: the data changed, then a
/// forged entry appended whose state digest matches it, the chain
/// recomputed. It passes `verify` and extends every earlier receipt (what
/// a receipt proves is that the history up to it is intact, not that
/// nothing was appended); with the key file it is found.
#[test]
fn a_forged_entry_appended_with_the_hash_recomputed_is_found_only_with_the_key() {
    for keyed in [false, true] {
        let (dir, db) = db_with_cases(0);
        let keys = tempfile::tempdir().expect("key dir");
        let key = key_file(keys.path(), "audit.key");
        let with_key = |args: &[&str]| {
            let mut c = shilian(&db);
            if keyed {
                c.args(["--key-file", key.to_str().expect("p")]);
            }
            c.args(args);
            c
        };
        let actions: Vec<_> = (0..3)
            .map(crate::support::reliability::create_case)
            .collect();
        let file = dir.path().join("a.json");
        std::fs::write(&file, serde_json::to_string(&actions).expect("j")).expect("w");
        let out = with_key(&["exec", file.to_str().expect("p")])
            .output()
            .expect("exec");
        assert!(out.status.success(), "{}", text(&out));
        let out = with_key(&["verify"]).output().expect("verify");
        assert!(out.status.success(), "{}", text(&out));
        let receipt = receipt_of(&text(&out));
        // Tamper, then forge a baseline entry binding the new state.
        let raw = Connection::open(&db).expect("raw");
        raw.execute_batch("UPDATE cases SET phone = '13900000000' WHERE id = 2")
            .expect("tamper");
        drop(raw);
        let state = {
            let store = shilian::store::Store::open(&db).expect("open");
            shilian::store::digest::state(&store.load_case(2).expect("case"))
        };
        let raw = Connection::open(&db).expect("raw");
        raw.execute(
            "INSERT INTO audit (seq, at, user, case_id, action, before, after, prev_hash, hash, state)
             SELECT max(seq) + 1, '2026-12-01T00:00:00.000Z', 'shilian', 2,
                    '{\"action\":\"baseline\",\"reason\":\"schema 8 -> 8\"}', '', '', '', '', ?1
             FROM audit",
            [state],
        )
        .expect("forge");
        rechain(&raw, true);
        drop(raw);
        let out = with_key(&["verify", "--receipt", &receipt])
            .output()
            .expect("verify");
        if keyed {
            assert_eq!(out.status.code(), Some(1), "{}", text(&out));
            assert!(text(&out).contains("carries no MAC"), "{}", text(&out));
        } else {
            assert_eq!(
                out.status.code(),
                Some(0),
                "documented limit (docs/RELIABILITY.md): {}",
                text(&out)
            );
        }
        eprintln!(
            "forged appended entry, hash recomputed, {}: {}",
            if keyed {
                "with the key file"
            } else {
                "without a key, with a receipt"
            },
            if keyed {
                "detected"
            } else {
                "not detected (documented)"
            }
        );
    }
}
