//! Register bundles and the compiled database (issue 16 items 2-4): two
//! demo units export their registers to the department's key; a compiled
//! database loads both, its counts are the sum of the units' own, `verify`
//! passes, a newer bundle replaces its unit's slice whole, and the file
//! takes no case action. A changed byte, a replayed or older bundle, a
//! bundle for another key, a truncated file, a wrong passphrase, a key file
//! others can read: each refused with its reason and nothing written.

use crate::support::bundle::{export, keygen, ok, p, refused};
use crate::support::reliability::{fingerprint, shilian, text};
use shilian::domain::model::Status;
use shilian::store::Store;
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Cases per (committee, branch, status) of a database.
fn counts(db: &Path, statuses: &[Status]) -> BTreeMap<(String, String, String), u64> {
    let store = Store::open_read(db).expect("open");
    let mut out = BTreeMap::new();
    store
        .register_rows::<shilian::store::StoreError>(statuses, |r| {
            let k = (
                r.member.committee,
                r.member.branch,
                r.row.status.code().into(),
            );
            *out.entry(k).or_default() += 1;
            Ok(())
        })
        .expect("rows");
    out
}

struct Units {
    dir: tempfile::TempDir,
    key: PathBuf,
    public: PathBuf,
    a: PathBuf,
    b: PathBuf,
}

fn units() -> Units {
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, public) = keygen(dir.path(), "dept.key");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ok(&a, &["demo", "--cases", "40"]);
    ok(&b, &["demo", "--cases", "30", "--seed", "7"]);
    Units {
        dir,
        key,
        public,
        a,
        b,
    }
}

#[test]
fn two_units_compile_into_one_database_whose_counts_are_their_sum() {
    let u = units();
    let (ba, bb) = (u.dir.path().join("a.bundle"), u.dir.path().join("b.bundle"));
    export(&u.a, &u.public, &ba, "Unit A");
    export(&u.b, &u.public, &bb, "Unit B");
    let mode = std::fs::metadata(&ba).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let audit = ok(&u.a, &["audit", "--json"]);
    assert!(audit.contains(r#"\"what\":\"bundle\""#), "{audit}");

    let dept = u.dir.path().join("dept.db");
    let out = ok(
        &dept,
        &["bundle", "import", p(&ba), p(&bb), "--identity", p(&u.key)],
    );
    assert!(out.contains("Unit A") && out.contains("Unit B"), "{out}");

    let lost = [Status::Lost];
    let mut sum = counts(&u.a, &lost);
    for (k, n) in counts(&u.b, &lost) {
        *sum.entry(k).or_default() += n;
    }
    assert!(!sum.is_empty());
    assert_eq!(counts(&dept, &[]), sum);

    let list = ok(&dept, &["bundle", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&list).expect("json");
    let units: Vec<&str> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|s| s["unit"].as_str().expect("unit"))
        .collect();
    assert_eq!(units, ["Unit A", "Unit B"]);
    assert!(v[0]["chain_head"].as_str().expect("head").contains('-'));
    ok(&dept, &["verify"]);

    // A newer bundle of a unit replaces its slice whole; verify still passes.
    let ba2 = u.dir.path().join("a2.bundle");
    export(&u.a, &u.public, &ba2, "Unit A");
    let out = ok(
        &dept,
        &["bundle", "import", p(&ba2), "--identity", p(&u.key)],
    );
    assert!(out.contains("replacing"), "{out}");
    assert_eq!(counts(&dept, &[]), sum);
    ok(&dept, &["verify"]);

    // The department's register across all units.
    let reg = u.dir.path().join("dept.xlsx");
    ok(
        &dept,
        &["export", "roster", "--format", "xlsx", "--out", p(&reg)],
    );
    let csv = u.dir.path().join("dept.csv");
    ok(&dept, &["export", "roster", "--out", p(&csv)]);
    let rows = std::fs::read_to_string(&csv).expect("csv");
    let n: u64 = sum.values().sum();
    assert!(
        rows.lines()
            .filter(|l| l.starts_with(char::is_numeric))
            .count() as u64
            >= n,
        "{rows}"
    );
}

#[test]
fn a_compiled_database_takes_no_case_work_and_a_working_one_no_bundle() {
    let u = units();
    let ba = u.dir.path().join("a.bundle");
    export(&u.a, &u.public, &ba, "Unit A");
    let dept = u.dir.path().join("dept.db");
    ok(
        &dept,
        &["bundle", "import", p(&ba), "--identity", p(&u.key)],
    );
    let before = fingerprint(&dept);
    let mut c = shilian(&dept);
    let action = r#"[{"action":"record_search","case":1,"date":"2025-05-01","channel":"phone","who":"x","result":"no_trace","note":""}]"#;
    let script = u.dir.path().join("act.json");
    std::fs::write(&script, action).expect("write");
    let out = c.args(["exec", p(&script)]).output().expect("exec");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("compiled database"), "{}", text(&out));
    assert_eq!(fingerprint(&dept), before);

    let before = fingerprint(&u.b);
    let err = refused(&u.b, &["bundle", "import", p(&ba), "--identity", p(&u.key)]);
    assert!(err.contains("working database"), "{err}");
    assert_eq!(fingerprint(&u.b), before);
}

/// Import `file` into `dept`, expect a refusal naming `reason`, and
/// nothing changed in the database nor beside it.
fn refused_unchanged(dept: &Path, file: &Path, unlock: &[&str], reason: &str) {
    let dir = dept.parent().expect("dir");
    let listing = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("ls")
            .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let (before, files) = (fingerprint(dept), listing(dir));
    let mut args = vec!["bundle", "import", p(file)];
    args.extend_from_slice(unlock);
    let err = refused(dept, &args);
    assert!(err.contains(reason), "{reason}: {err}");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(fingerprint(dept), before, "{reason}");
    assert_eq!(listing(dir), files, "{reason}");
}

#[test]
fn changed_replayed_older_foreign_cut_and_wrong_passphrase_bundles_are_refused() {
    let u = units();
    let d = u.dir.path();
    let (old, new) = (d.join("old.bundle"), d.join("new.bundle"));
    export(&u.a, &u.public, &old, "Unit A");
    export(&u.a, &u.public, &new, "Unit A");
    let dept = d.join("dept.db");
    let key = ["--identity", p(&u.key)];
    ok(&dept, &["bundle", "import", p(&new), key[0], key[1]]);

    refused_unchanged(&dept, &new, &key, "imported already");
    refused_unchanged(&dept, &old, &key, "before the one loaded");

    let bytes = std::fs::read(&new).expect("read");
    let changed = d.join("changed.bundle");
    let mut b = bytes.clone();
    let mid = b.len() / 2;
    b[mid] ^= 0x01;
    std::fs::write(&changed, &b).expect("write");
    refused_unchanged(&dept, &changed, &key, "changed or cut short");

    let cut = d.join("cut.bundle");
    std::fs::write(&cut, &bytes[..bytes.len() - 100]).expect("write");
    refused_unchanged(&dept, &cut, &key, "changed or cut short");

    let (other, _) = keygen(d, "other.key");
    refused_unchanged(
        &dept,
        &new,
        &["--identity", p(&other)],
        "not encrypted to this key",
    );

    let (pass, wrong) = (d.join("pass.txt"), d.join("wrong.txt"));
    std::fs::write(&pass, "correct horse\n").expect("write");
    std::fs::write(&wrong, "battery staple\n").expect("write");
    let sealed = d.join("pass.bundle");
    ok(
        &u.b,
        &[
            "bundle",
            "export",
            "--passphrase-file",
            p(&pass),
            "--out",
            p(&sealed),
            "--unit",
            "B",
        ],
    );
    refused_unchanged(
        &dept,
        &sealed,
        &["--passphrase-file", p(&wrong)],
        "passphrase",
    );

    let exposed = d.join("exposed.key");
    std::fs::copy(&u.key, &exposed).expect("copy");
    std::fs::set_permissions(&exposed, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    refused_unchanged(&dept, &new, &["--identity", p(&exposed)], "chmod 600");
    ok(&dept, &["verify"]);
}
