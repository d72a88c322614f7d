//! Case handover (issue 16 item 5): one case with every record and its
//! audit entries moves to another committee's database; the receiver checks
//! the entries and takes it in under a new number; the sender keeps it
//! read-only with where it went; `verify` passes on both sides. A case
//! whose ID number the receiver holds already, a second handover of the
//! same case, a changed file: refused, nothing written.

use crate::support::bundle::{keygen, ok, p, refused};
use crate::support::reliability::{fingerprint, run, text};
use serde_json::Value;
use std::path::Path;

fn case(db: &Path, id: i64) -> Value {
    let s = ok(db, &["case", "show", &id.to_string(), "--json"]);
    serde_json::from_str::<Value>(&s).expect("json")["case"].clone()
}

/// A case with the most records of the database (its whole history matters).
fn richest(db: &Path) -> i64 {
    let list: Value = serde_json::from_str(&ok(db, &["case", "list", "--json", "--limit", "1000"]))
        .expect("json");
    let ids: Vec<i64> = list
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect();
    *ids.iter()
        .max_by_key(|id| records(&case(db, **id)))
        .expect("a case")
}

/// Records per kind, without their ids (which change on the way).
fn records(c: &Value) -> usize {
    c.as_object()
        .expect("case")
        .values()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .sum()
}

fn without_ids(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "id" | "track_id" | "record" | "audit_seq" | "version"
                    )
                })
                .map(|(k, x)| (k.clone(), without_ids(x)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_ids).collect()),
        other => other.clone(),
    }
}

#[test]
fn a_handed_over_case_keeps_its_history_and_both_sides_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b) = (d.join("a.db"), d.join("b.db"));
    ok(&a, &["demo", "--cases", "40"]);
    ok(&b, &["demo", "--cases", "30", "--seed", "7"]);
    let (key, public) = keygen(d, "b.key");
    let id = richest(&a);
    let sent = case(&a, id);
    assert!(records(&sent) > 5, "{sent}");
    let file = d.join("case.handover");
    let out = ok(
        &a,
        &[
            "handover",
            "export",
            &id.to_string(),
            "--to",
            p(&public),
            "--dest",
            "B committee",
            "--out",
            p(&file),
            "--unit",
            "A committee",
        ],
    );
    assert!(out.contains("B committee"), "{out}");
    ok(&a, &["verify"]);

    // The sender keeps the case, read-only, saying where it went.
    assert_eq!(case(&a, id), sent);
    let again = d.join("again.handover");
    let err = refused(
        &a,
        &[
            "handover",
            "export",
            &id.to_string(),
            "--to",
            p(&public),
            "--dest",
            "C",
            "--out",
            p(&again),
        ],
    );
    assert!(err.contains("handed over to B committee"), "{err}");
    assert!(!again.exists());
    let act = format!(
        r#"[{{"action":"record_search","case":{id},"date":"2025-05-01","channel":"phone","who":"x","result":"no_trace","note":""}}]"#
    );
    let script = d.join("act.json");
    std::fs::write(&script, act).expect("write");
    let err = refused(&a, &["exec", p(&script)]);
    assert!(err.contains("handed over to B committee"), "{err}");

    // The receiver takes it in with every record.
    let before_b = fingerprint(&b);
    let out = ok(&b, &["handover", "import", p(&file), "--identity", p(&key)]);
    assert!(out.contains("A committee"), "{out}");
    let took = out
        .lines()
        .find(|l| l.contains("took in"))
        .expect("took in");
    let new_id: i64 = took
        .split("case ")
        .nth(2)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .expect("new case number");
    let got = case(&b, new_id);
    assert_eq!(without_ids(&got), without_ids(&sent));
    ok(&b, &["verify"]);
    let audit = ok(&b, &["audit", "--case", &new_id.to_string(), "--json"]);
    assert!(audit.contains("handover_in"), "{audit}");
    // The sender's entries of the case are its history on this side too:
    // `audit --case` and the dossier show them first, under the sending unit.
    let sender: Value =
        serde_json::from_str(&ok(&a, &["audit", "--case", &id.to_string(), "--json"]))
            .expect("json");
    let here: Value = serde_json::from_str(&audit).expect("json");
    let carried: Vec<(i64, String)> = here
        .as_array()
        .expect("array")
        .iter()
        .filter(|e| e["received_from"] == "A committee")
        .map(|e| {
            (
                e["seq"].as_i64().unwrap_or(-1),
                e["hash"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let sent_entries: Vec<(i64, String)> = sender
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["seq"].as_i64().unwrap_or(-1),
                e["hash"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(sent_entries.len() > 2, "{sender}");
    assert_eq!(carried, sent_entries);
    let listed = ok(&b, &["audit", "--case", &new_id.to_string()]);
    assert!(
        listed.contains(&format!("sending unit A committee ({}", sent_entries.len())),
        "{listed}"
    );
    let dossier = ok(&b, &["dossier", &new_id.to_string()]);
    assert!(
        dossier.contains("sending unit A committee before the handover"),
        "{dossier}"
    );
    assert_ne!(fingerprint(&b), before_b);

    // Work goes on there.
    let act = format!(
        r#"[{{"action":"record_search","case":{new_id},"date":"2025-05-20","channel":"phone","who":"x","result":"no_trace","note":""}}]"#
    );
    std::fs::write(&script, act).expect("write");
    let s = run(&b, &["exec", p(&script)]);
    // A case whose status takes no search is refused by the rules, not as read-only.
    assert!(!text(&s).contains("read-only"), "{}", text(&s));
    ok(&b, &["verify"]);

    // The same case again: its ID number is held now; nothing written.
    let before_b = fingerprint(&b);
    let err = refused(&b, &["handover", "import", p(&file), "--identity", p(&key)]);
    assert!(err.contains("already has a case here"), "{err}");
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(fingerprint(&b), before_b);

    // A changed byte.
    let mut bytes = std::fs::read(&file).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    let changed = d.join("changed.handover");
    std::fs::write(&changed, &bytes).expect("write");
    let err = refused(
        &b,
        &["handover", "import", p(&changed), "--identity", p(&key)],
    );
    assert!(err.contains("changed or cut short"), "{err}");
    assert_eq!(fingerprint(&b), before_b);
    ok(&a, &["verify"]);

    // Both units send everything up: the case goes up once, with the unit
    // that holds it now, and the department loads both bundles.
    let (dkey, dpub) = keygen(d, "dept.key");
    for (db, unit, name) in [
        (&a, "A committee", "a.bundle"),
        (&b, "B committee", "b.bundle"),
    ] {
        ok(
            db,
            &[
                "bundle",
                "export",
                "--all",
                "--to",
                p(&dpub),
                "--out",
                p(&d.join(name)),
                "--unit",
                unit,
            ],
        );
    }
    let dept = d.join("dept.db");
    let out = ok(
        &dept,
        &[
            "bundle",
            "import",
            p(&d.join("a.bundle")),
            p(&d.join("b.bundle")),
            "--identity",
            p(&dkey),
        ],
    );
    assert!(
        out.contains("A committee") && out.contains("B committee"),
        "{out}"
    );
}

#[test]
fn a_department_recompiles_after_a_handover_whatever_the_order_of_the_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let (a, b) = (d.join("a.db"), d.join("b.db"));
    ok(&a, &["demo", "--cases", "40"]);
    ok(&b, &["demo", "--cases", "30", "--seed", "7"]);
    let (dkey, dpub) = keygen(d, "dept.key");
    let send = |db: &Path, unit: &str, name: &str| {
        let out = d.join(name);
        ok(
            db,
            &[
                "bundle",
                "export",
                "--all",
                "--to",
                p(&dpub),
                "--out",
                p(&out),
                "--unit",
                unit,
            ],
        );
        out
    };
    let import = |files: &[&Path]| {
        let mut args = vec!["bundle", "import"];
        args.extend(files.iter().map(|f| p(f)));
        args.extend_from_slice(&["--identity", p(&dkey)]);
        ok(&d.join("dept.db"), &args)
    };
    let (a1, b1) = (
        send(&a, "A committee", "a1.bundle"),
        send(&b, "B committee", "b1.bundle"),
    );
    import(&[&a1, &b1]);

    // A's case moves to B; next month B's bundle, holding it now, comes
    // first: A's earlier slice, which holds it too, is replaced in the same
    // import, so the member is not found twice.
    let (key, public) = keygen(d, "b.key");
    let id = richest(&a);
    let file = d.join("case.handover");
    ok(
        &a,
        &[
            "handover",
            "export",
            &id.to_string(),
            "--to",
            p(&public),
            "--dest",
            "B committee",
            "--out",
            p(&file),
            "--unit",
            "A committee",
        ],
    );
    ok(&b, &["handover", "import", p(&file), "--identity", p(&key)]);
    let (b2, a2) = (
        send(&b, "B committee", "b2.bundle"),
        send(&a, "A committee", "a2.bundle"),
    );
    let out = import(&[&b2, &a2]);
    assert!(
        out.contains("B committee") && out.contains("A committee"),
        "{out}"
    );
    assert_eq!(out.matches("replacing").count(), 2, "{out}");
    ok(&d.join("dept.db"), &["verify"]);
}
