//! `shilian audit`, `verify`, `backup`.

use super::common::{Env, print_json, shown};
use super::table::{Table, truncate};
use crate::i18n::{t, tf};
use anyhow::{Context, bail};
use std::path::Path;

pub fn audit(env: &Env, case: Option<i64>, json: bool) -> anyhow::Result<i32> {
    let ws = env.open_read()?;
    let entries = ws.store().audit(case)?;
    // A case received by handover brings the sending database's entries:
    // they are its history too (全程纪实), shown first under their unit.
    let received = match case {
        Some(id) => ws.store().received_history(id)?,
        None => vec![],
    };
    let from = crate::app::received_from(&entries);
    if json {
        if received.is_empty() {
            print_json(&entries)?;
        } else {
            let mut all = vec![];
            for e in &received {
                let mut v = serde_json::to_value(e)?;
                v["received_from"] = serde_json::json!(from);
                all.push(v);
            }
            for e in &entries {
                all.push(serde_json::to_value(e)?);
            }
            print_json(&all)?;
        }
        return Ok(0);
    }
    if !received.is_empty() {
        println!(
            "{}",
            tf(
                "cli.audit.received",
                &[
                    ("unit", crate::domain::text::escape_line(&from).into_owned()),
                    ("n", received.len().to_string()),
                ]
            )
        );
        print!("{}", entry_table(&received).render());
        println!("{}", t("cli.audit.here"));
    }
    print!("{}", entry_table(&entries).render());
    println!(
        "{}",
        tf("cli.audit.count", &[("n", entries.len().to_string())])
    );
    Ok(0)
}

fn entry_table(entries: &[crate::store::AuditEntry]) -> Table {
    let mut table = Table::new(&[
        t("cli.col.seq"),
        t("cli.col.at"),
        t("cli.col.user"),
        t("cli.col.case"),
        t("cli.col.action"),
        t("cli.col.change"),
    ]);
    for e in entries {
        let name = serde_json::from_str::<serde_json::Value>(&e.action)
            .ok()
            .and_then(|v| v.get("action").and_then(|a| a.as_str()).map(str::to_string))
            .unwrap_or_else(|| e.action.clone());
        table.row(vec![
            e.seq.to_string(),
            crate::clock::local(&e.at),
            e.user.clone(),
            e.case.map(|c| c.to_string()).unwrap_or_default(),
            super::alerts::action_label(&name),
            truncate(&change(e), 40),
        ]);
    }
    table
}

/// What an entry changed: "corrects #N: note" for a correction, else the
/// status move.
fn change(e: &crate::store::AuditEntry) -> String {
    e.correction_text()
        .or_else(|| import_range(&e.after))
        .unwrap_or_else(|| status_change(&e.before, &e.after))
}

/// "2 cases #1-#2" for a bulk import entry (its after-summary names them).
fn import_range(after: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(after).ok()?;
    let n = |k: &str| v.get(k).and_then(|x| x.as_i64());
    let (count, first, last) = (n("count")?, n("first")?, n("last")?);
    let args = [
        ("n", count.to_string()),
        ("first", first.to_string()),
        ("last", last.to_string()),
    ];
    Some(tf("cli.audit.import_range", &args))
}

/// "失联 -> 已联系" from the before/after summaries, when the status moved.
fn status_change(before: &str, after: &str) -> String {
    let status = |s: &str| {
        serde_json::from_str::<serde_json::Value>(s)
            .ok()
            .and_then(|v| v.get("status").and_then(|x| x.as_str()).map(str::to_string))
    };
    // Labels, never codes: 失联 -> 已联系.
    let shown = |code: String| {
        crate::domain::model::Status::from_code(&code)
            .map(|s| crate::i18n::label(s.label_key()).to_string())
            .unwrap_or(code)
    };
    match (status(before).map(shown), status(after).map(shown)) {
        (Some(b), Some(a)) if a != b => format!("{b} -> {a}"),
        (None, Some(a)) => format!("-> {a}"),
        _ => String::new(),
    }
}

pub fn verify(env: &Env, receipt: Option<&str>) -> anyhow::Result<i32> {
    // An empty or foreign file is not "sound": refused before opening
    // (which would create the schema in an empty file).
    crate::store::check_shilian_file(&env.db)
        .with_context(|| tf("cli.db.cannot_open", &[("path", shown(&env.db))]))?;
    let ws = env.open_read()?;
    let mut report = match receipt {
        Some(r) => ws.store().verify_receipt(r)?,
        None => ws.store().verify()?,
    };
    let invariants = ws.store().check_invariants(ws.policy(), ws.procedures())?;
    report.problems.extend(invariants);
    for n in &report.notes {
        eprintln!("  {n}");
    }
    if report.ok() {
        println!("{}", tf("cli.verify.ok", &[("path", shown(&env.db))]));
        super::common::print_receipt(report.receipt.as_deref());
        return Ok(0);
    }
    eprintln!(
        "{}",
        tf(
            "cli.verify.problems",
            &[
                ("path", shown(&env.db)),
                ("n", report.problems.len().to_string())
            ]
        )
    );
    for p in &report.problems {
        eprintln!("  - {p}");
    }
    Ok(1)
}

pub fn backup(env: &Env, dest: &Path) -> anyhow::Result<i32> {
    if dest.exists() {
        bail!(tf("cli.backup.exists", &[("path", shown(dest))]));
    }
    let ws = env.open_read()?;
    ws.store()
        .backup(dest)
        .with_context(|| tf("cli.backup.failed", &[("path", shown(dest))]))?;
    println!("{}", tf("cli.backup.done", &[("path", shown(dest))]));
    super::common::print_receipt(ws.store().receipt()?.as_deref());
    Ok(0)
}
