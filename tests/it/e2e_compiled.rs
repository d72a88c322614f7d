//! The workstation on a compiled database (issue 16 item 3), the real
//! binary in tmux: the roster's title says it is a read-only view of how
//! many units, the tree holds both units' committees, a form key answers
//! with the read-only rule at once (no form to fill in for nothing), and
//! nothing is written.

use crate::support::bundle::{export, keygen, ok, p};
use crate::support::reliability::fingerprint;
use crate::support::tmux::{self, Session};

#[test]
fn a_compiled_database_opens_as_a_read_only_view_of_its_units() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (key, public) = keygen(dir.path(), "dept.key");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    ok(&a, &["demo", "--cases", "40"]);
    ok(&b, &["demo", "--cases", "30", "--seed", "7"]);
    let (ba, bb) = (dir.path().join("a.bundle"), dir.path().join("b.bundle"));
    export(&a, &public, &ba, "甲街道党工委");
    export(&b, &public, &bb, "乙街道党工委");
    let dept = dir.path().join("dept.db");
    ok(
        &dept,
        &["bundle", "import", p(&ba), p(&bb), "--identity", p(&key)],
    );
    let before = fingerprint(&dept);

    let args = ["--db", p(&dept), "--today", crate::support::e2e::TODAY];
    let tm = Session::start(
        "compiled",
        100,
        30,
        &[("TERM", "linux"), ("NO_COLOR", "1")],
        &args,
    );
    let s = tm.wait_for("失联党员名册");
    assert!(s.contains("【汇总库 只读 2个单位】"), "{s}");
    // `n` opens the search form on a working database; here it is refused.
    tm.keys(&["n"]);
    let s = tm.wait_for("这是汇总库");
    assert!(!s.contains("新增查找记录"), "a form opened:\n{s}");
    // The case detail's footer offers no form key on a compiled database
    // (on a working one it lists 查找记录 and 表现).
    tm.keys(&["Tab"]);
    let s = tm.stable();
    let footer = s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    assert!(footer.contains("切换窗格"), "{footer}");
    assert!(
        !footer.contains("查找记录") && !footer.contains("表现"),
        "{footer}"
    );
    tm.keys(&["q"]);
    tm.wait_exit();
    assert_eq!(fingerprint(&dept), before, "the compiled database changed");
}
