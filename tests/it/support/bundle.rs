//! Running `shilian` for the bundle and handover tests: a path as text, a
//! command that must succeed (stdout) or be refused with exit 1 (stderr),
//! and a fresh age key pair.

use super::reliability::{BIN, run, text};
use std::path::{Path, PathBuf};

pub fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn refused(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `keygen --out DIR/NAME`: (secret key file, public key file).
pub fn keygen(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let secret = dir.join(name);
    let out = std::process::Command::new(BIN)
        .args(["keygen", "--out", p(&secret)])
        .output()
        .expect("keygen");
    assert!(out.status.success(), "{}", text(&out));
    (secret.clone(), dir.join(format!("{name}.pub")))
}

/// `bundle export --to PUBLIC --out OUT --unit UNIT` of `db`, insisting on success.
pub fn export(db: &Path, public: &Path, out: &Path, unit: &str) {
    ok(
        db,
        &[
            "bundle",
            "export",
            "--to",
            p(public),
            "--out",
            p(out),
            "--unit",
            unit,
        ],
    );
}
