//! Register bundles and the compiled database (issue 16 items 2-4): two
//! demo units export their registers to the department's key; a compiled
//! database loads both, its counts are the sum of the units' own, `verify`
//! passes, a newer bundle replaces its unit's slice whole, and the file
//! takes no case action. A changed byte, a replayed or older bundle, a
//! bundle for another key, a truncated file, a wrong passphrase, a key file
//! others can read: each refused with its reason and nothing written.

use crate::support::bundle::{export, keygen, ok, p, refused};
use crate::support::reliability::{fingerprint, shilian, text};
use crate::support::store::journal_mode;
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
    assert_eq!(journal_mode(&dept), "wal");

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
    assert_eq!(journal_mode(dept), "wal", "{reason}");
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

/// The units of a compiled database, from `bundle list --json`.
fn slice_units(dept: &Path) -> Vec<String> {
    let list = ok(dept, &["bundle", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&list).expect("json");
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s["unit"].as_str().expect("unit").to_string())
        .collect()
}

#[test]
fn an_import_is_all_or_nothing_and_names_every_refused_file() {
    let u = units();
    let d = u.dir.path();
    // A copy of unit A's database sent up under another name: the same
    // members twice.
    let c = d.join("c.db");
    std::fs::copy(&u.a, &c).expect("copy");
    let wal = |db: &Path| PathBuf::from(format!("{}-wal", db.display()));
    if wal(&u.a).exists() {
        std::fs::copy(wal(&u.a), wal(&c)).expect("copy wal");
    }
    let (ba, bb, bc) = (d.join("a.bundle"), d.join("b.bundle"), d.join("c.bundle"));
    export(&u.a, &u.public, &ba, "Unit A");
    export(&u.b, &u.public, &bb, "Unit B");
    export(&c, &u.public, &bc, "Unit C");
    let bad = d.join("bad.bundle");
    let mut bytes = std::fs::read(&bb).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&bad, &bytes).expect("write");
    let key = ["--identity", p(&u.key)];
    let import = |dept: &Path, files: &[&Path]| {
        let mut args = vec!["bundle", "import"];
        args.extend(files.iter().map(|f| p(f)));
        args.extend_from_slice(&key);
        refused(dept, &args)
    };
    let named = |err: &str, f: &Path| err.contains(&format!("{}: ", p(f)));

    // A new file: the good bundle given with a damaged one is not loaded.
    let dept = d.join("dept.db");
    let err = import(&dept, &[&ba, &bad]);
    assert!(
        named(&err, &bad) && err.contains("changed or cut short"),
        "{err}"
    );
    assert!(!named(&err, &ba), "{err}");
    assert!(
        err.contains("nothing imported: 1 of 2 files refused"),
        "{err}"
    );
    assert!(slice_units(&dept).is_empty());

    // A loaded file: a newer bundle of A with two bad ones changes nothing,
    // and both bad ones are named.
    ok(&dept, &["bundle", "import", p(&ba), key[0], key[1]]);
    let a2 = d.join("a2.bundle");
    export(&u.a, &u.public, &a2, "Unit A");
    let before = fingerprint(&dept);
    let err = import(&dept, &[&ba, &bad, &a2]);
    assert!(named(&err, &bad) && named(&err, &ba), "{err}");
    assert!(err.contains("imported already"), "{err}");
    assert!(
        err.contains("nothing imported: 2 of 3 files refused"),
        "{err}"
    );
    assert_eq!(fingerprint(&dept), before);

    // Two bundles of one unit in one import.
    let a3 = d.join("a3.bundle");
    export(&u.a, &u.public, &a3, "Unit A");
    let err = import(&dept, &[&a2, &a3]);
    assert!(
        named(&err, &a3) && err.contains("is a bundle of Unit A too"),
        "{err}"
    );
    assert_eq!(fingerprint(&dept), before);

    // The same members from two units: the later file is refused, naming
    // the unit that holds them; B, good, is not loaded either.
    let err = import(&dept, &[&bb, &a2, &bc]);
    assert!(named(&err, &bc), "{err}");
    assert!(err.contains("is already in the list of Unit A"), "{err}");
    assert!(!named(&err, &bb) && !named(&err, &a2), "{err}");
    assert_eq!(fingerprint(&dept), before);
    assert_eq!(slice_units(&dept), ["Unit A"]);
    ok(&dept, &["verify"]);

    // Without the bad ones everything loads in one go.
    let out = ok(&dept, &["bundle", "import", p(&bb), p(&a2), key[0], key[1]]);
    assert!(out.contains("Unit B") && out.contains("replacing"), "{out}");
    assert_eq!(slice_units(&dept), ["Unit A", "Unit B"]);
    ok(&dept, &["verify"]);
}
