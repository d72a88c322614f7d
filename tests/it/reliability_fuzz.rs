//! Bad input campaign (issue 4, item 6): random and mutated inputs to the
//! real `shilian import` (CSV and JSON) and `shilian exec`. Whatever comes
//! in: no panic, exit code 0 or 1 only, a message on failure, and a failed
//! run writes nothing (same audit count, same `case list --json`). Case
//! counts are modest so the suite stays within a couple of minutes; set
//! PROPTEST_CASES to run more.

use crate::support::reliability::{
    check_deeply, create_case, fingerprint, run, search, shilian, text,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

static RUNS: AtomicUsize = AtomicUsize::new(0);

fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The two-case database every input starts from, made once (through the
/// binary, like any user's file) with its fingerprint, and copied for each
/// input: making it per input was most of the campaign's time.
fn template() -> &'static (tempfile::TempDir, PathBuf, (i64, String)) {
    static T: OnceLock<(tempfile::TempDir, PathBuf, (i64, String))> = OnceLock::new();
    T.get_or_init(|| {
        let (dir, db) = crate::support::reliability::db_with_cases(2);
        let print = fingerprint(&db);
        (dir, db, print)
    })
}

/// A fresh copy of the template (its own directory, 0700, file 0600) and
/// the fingerprint it starts with.
fn base() -> (tempfile::TempDir, PathBuf, (i64, String)) {
    let (_, from, print) = template();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = crate::support::reliability::copy_db(from, &dir.path().join("data"));
    (dir, db, print.clone())
}

/// Run `args` + the input file; check the exit code and, on failure, that
/// nothing changed. Returns whether it succeeded.
fn run_checked(
    db: &Path,
    before: &(i64, String),
    args: &[&str],
    input: &[u8],
) -> Result<bool, TestCaseError> {
    let dir = db.parent().expect("dir");
    let n = RUNS.fetch_add(1, Ordering::SeqCst);
    let file = dir.join(format!("input-{n}"));
    std::fs::write(&file, input).expect("write input");
    let out = shilian(db)
        .args(args)
        .arg(&file)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("spawn");
    let _ = std::fs::remove_file(&file);
    if std::env::var_os("SHILIAN_FUZZ_LOG").is_some() {
        eprintln!("{args:?} exit {:?}", out.status.code());
    }
    let err = String::from_utf8_lossy(&out.stderr);
    prop_assert!(!err.contains("panicked"), "panic: {}", text(&out));
    let code = out.status.code();
    prop_assert!(
        code == Some(0) || code == Some(1),
        "exit {code:?}: {}",
        text(&out)
    );
    if code == Some(1) {
        prop_assert!(!err.trim().is_empty(), "failure without a message");
        prop_assert_eq!(&fingerprint(db), before, "failed run wrote: {}", text(&out));
    }
    Ok(code == Some(0))
}

/// Mutations applied to a text: replace a byte range, insert, truncate.
fn mutate(text: &str, muts: &[(u8, usize, String)]) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for (kind, at, s) in muts {
        let at = if b.is_empty() { 0 } else { at % b.len() };
        match kind % 4 {
            0 => b.truncate(at),
            1 => b.splice(at..at, s.bytes()).for_each(drop),
            2 => {
                let end = (at + s.len().max(1)).min(b.len());
                b.splice(at..end, s.bytes()).for_each(drop);
            }
            _ => {
                if at < b.len() {
                    b.remove(at);
                }
            }
        }
    }
    b
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("\"".to_string()),
        Just("2025-02-30".to_string()),
        Just("失联".to_string()),
        Just("11010519850307101X".to_string()),
        Just("null".to_string()),
        Just("-1".to_string()),
        Just("99999999999999999999".to_string()),
        "[\\PC]{0,6}",
        "[0-9a-z_\\-:{}\\[\\]\",]{0,8}",
    ]
}

fn mutations() -> impl Strategy<Value = Vec<(u8, usize, String)>> {
    prop::collection::vec((any::<u8>(), any::<usize>(), piece()), 0..4)
}

const CSV_HEAD: &str = "姓名,性别,公民身份号码,出生日期,党员类型,党支部,基层党委,入党日期,最后联系日期,重点领域,失联原因\n";
const CSV_ROWS: &[&str] = &[
    "赵一,男,110105198503072014,1985-03-07,正式党员,第一党支部,测试党委,2008-07-01,2024-03-01,人才服务机构,外出务工经商\n",
    "钱二,女,110105198503072022,1985-03-07,正式党员,第二党支部,测试党委,2009-07-01,2024-04-01,高校,毕业后去向不明\n",
    "孙三,男,110105198503072030,1985-03-07,正式党员,第一党支部,测试党委,2010-07-01,2024-05-01,其他,其他\n",
];

fn valid_csv() -> String {
    let mut s = CSV_HEAD.to_string();
    CSV_ROWS.iter().for_each(|r| s.push_str(r));
    s
}

fn valid_json() -> String {
    let members: Vec<_> = (10..13)
        .map(|i| {
            let mut m = create_case(i)["member"].clone();
            m["status"] = "lost".into();
            m
        })
        .collect();
    serde_json::to_string_pretty(&members).expect("json")
}

fn valid_actions() -> serde_json::Value {
    serde_json::json!([
        search(1, 3, "fuzz"),
        search(2, 4, "fuzz"),
        {"action": "regain_contact", "case": 2, "date": "2025-05-20", "note": "电话联系上"},
        {"action": "record_conduct", "case": 2, "check": "own_statement", "date": "2025-05-22",
         "result": "clear", "note": ""},
        create_case(7),
    ])
}

/// Structural mutations of a JSON action list: drop a field, replace a
/// value, rename an action, duplicate or drop an element.
fn mutate_actions(v: &mut serde_json::Value, ops: &[(u8, usize, String)]) {
    let Some(list) = v.as_array_mut() else { return };
    for (kind, at, s) in ops {
        if list.is_empty() {
            return;
        }
        let i = at % list.len();
        let keys: Vec<String> = list[i]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let key = keys
            .get(at / 7 % keys.len().max(1))
            .cloned()
            .unwrap_or_default();
        match kind % 6 {
            0 => drop(list[i].as_object_mut().and_then(|o| o.remove(&key))),
            1 => list[i][key.as_str()] = serde_json::Value::String(s.clone()),
            2 => list[i][key.as_str()] = serde_json::json!(*at as i64 % 1000 - 500),
            3 => list[i]["action"] = serde_json::Value::String(s.clone()),
            4 => list.push(list[i].clone()),
            _ => drop(list.remove(i)),
        }
    }
}

proptest! {
    #![proptest_config(cases(150))]

    #[test]
    fn import_csv_survives_mutation(muts in mutations()) {
        let (_d, db, before) = base();
        let ok = run_checked(&db, &before, &["import"], &mutate(&valid_csv(), &muts))?;
        if ok { check_deeply(&db); }
    }

    #[test]
    fn import_json_survives_mutation(muts in mutations()) {
        let (_d, db, before) = base();
        let ok = run_checked(&db, &before, &["import"], &mutate(&valid_json(), &muts))?;
        if ok { check_deeply(&db); }
    }

    #[test]
    fn exec_survives_mutated_action_lists(ops in mutations(), bytes in mutations(), raw in any::<bool>()) {
        let (_d, db, before) = base();
        let mut v = valid_actions();
        mutate_actions(&mut v, &ops);
        let text = serde_json::to_string(&v).expect("json");
        let input = if raw { mutate(&text, &bytes) } else { text.into_bytes() };
        let ok = run_checked(&db, &before, &["exec"], &input)?;
        if ok { check_deeply(&db); }
    }

    #[test]
    fn exec_survives_random_bytes(input in prop::collection::vec(any::<u8>(), 0..200)) {
        let (_d, db, before) = base();
        prop_assert!(!run_checked(&db, &before, &["exec"], &input)?);
    }
}

#[test]
fn the_unmutated_inputs_are_accepted() {
    let (_d, db, _) = base();
    let dir = db.parent().expect("dir").to_path_buf();
    for (name, body) in [("ok.csv", valid_csv()), ("ok.json", valid_json())] {
        let f = dir.join(name);
        std::fs::write(&f, body).expect("write");
        let (_d2, db2, _) = base();
        let out = run(&db2, &["import", f.to_str().expect("utf8")]);
        assert!(out.status.success(), "{name}: {}", text(&out));
    }
    let f = dir.join("ok-actions.json");
    std::fs::write(&f, valid_actions().to_string()).expect("write");
    let out = run(&db, &["exec", f.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    check_deeply(&db);
}
