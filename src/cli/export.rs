//! `shilian export roster|case ID --format csv|json --out FILE`: data leaves
//! the database only on this explicit command, marked 内部资料 注意保密,
//! written private (0600), never over an existing file, and recorded in the
//! audit log before the file appears under its name.

use super::common::{Env, shown};
use crate::domain::deadline;
use crate::i18n::tf;
use crate::store::{NewAudit, RosterQuery, Store};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// The security marking every export carries (the Notice's own words).
pub const MARKING: &str = "内部资料 注意保密";

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Every case of the roster
    Roster(ExportOpts),
    /// One case with all its records, deadlines and history
    Case {
        id: i64,
        #[command(flatten)]
        opts: ExportOpts,
    },
}

#[derive(Debug, Args)]
pub struct ExportOpts {
    #[arg(long, value_parser = ["csv", "json"], default_value = "csv")]
    pub format: String,
    /// File to write (must not exist yet)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

const ROSTER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "id_number",
    "branch",
    "committee",
    "membership",
    "status",
    "last_contact",
    "focus_area",
    "abroad",
    "next_due",
    "next_kind",
];

pub fn export(env: &Env, cmd: &ExportCmd) -> anyhow::Result<i32> {
    if !env.db.exists() {
        bail!(tf("cli.db.missing", &[("path", shown(&env.db))]));
    }
    let (opts, case) = match cmd {
        ExportCmd::Roster(o) => (o, None),
        ExportCmd::Case { id, opts } => (opts, Some(*id)),
    };
    if opts.out.exists() {
        bail!(tf("cli.export.exists", &[("path", shown(&opts.out))]));
    }
    let mut store = Store::open(&env.db)
        .with_context(|| tf("cli.db.cannot_open", &[("path", shown(&env.db))]))?;
    let (body, rows) = match case {
        None => roster(&store, &opts.format)?,
        Some(id) => one_case(&store, env, id, &opts.format)?,
    };
    write_recorded(&mut store, &opts.out, &body, case, &opts.format, rows)?;
    println!(
        "{}",
        tf(
            "cli.export.done",
            &[("path", shown(&opts.out)), ("n", rows.to_string())]
        )
    );
    Ok(0)
}

/// Write to a private scratch file, record the export, then give the file
/// its name (a hard link, so an existing file is never replaced).
fn write_recorded(
    store: &mut Store,
    out: &Path,
    body: &str,
    case: Option<i64>,
    format: &str,
    rows: usize,
) -> anyhow::Result<()> {
    let mut scratch = out.as_os_str().to_owned();
    scratch.push(format!(".part-{}", std::process::id()));
    let scratch = PathBuf::from(scratch);
    let res = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&scratch)
            .with_context(|| tf("cli.export.cannot_write", &[("path", shown(out))]))?;
        f.write_all(body.as_bytes())
            .and_then(|_| f.sync_all())
            .with_context(|| tf("cli.export.cannot_write", &[("path", shown(out))]))?;
        let what = if case.is_some() { "case" } else { "roster" };
        let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let tx = store.begin()?;
        tx.append_audit(&NewAudit {
            user: crate::app::os_user(),
            case,
            action: json!({"action": "export", "what": what, "format": format,
                "out": abs.display().to_string(), "rows": rows, "marking": MARKING})
            .to_string(),
            before: String::new(),
            after: String::new(),
        })?;
        std::fs::hard_link(&scratch, out)
            .with_context(|| tf("cli.export.exists", &[("path", shown(out))]))?;
        tx.commit().inspect_err(|_| {
            let _ = std::fs::remove_file(out);
        })?;
        anyhow::Ok(())
    })();
    let _ = std::fs::remove_file(&scratch);
    res
}

fn roster(store: &Store, format: &str) -> anyhow::Result<(String, usize)> {
    let mut q = RosterQuery {
        limit: 1000,
        ..Default::default()
    };
    let mut rows = Vec::new();
    loop {
        let page = store.roster(&q)?;
        let Some(last) = page.last() else { break };
        q.after = Some(last.key(q.sort));
        rows.extend(page);
    }
    let n = rows.len();
    let values: Vec<Value> = rows
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    if format == "json" {
        let doc = json!({"marking": MARKING, "kind": "roster", "rows": values});
        return Ok((serde_json::to_string_pretty(&doc)? + "\n", n));
    }
    let mut w = marked_csv();
    w.write_record(ROSTER_COLUMNS)?;
    for v in &values {
        w.write_record(ROSTER_COLUMNS.iter().map(|c| cell(&v[*c])))?;
    }
    Ok((finish(w)?, n))
}

fn one_case(store: &Store, env: &Env, id: i64, format: &str) -> anyhow::Result<(String, usize)> {
    let case = store.load_case(id)?;
    let deadlines = deadline::compute(&case, &env.policy, &env.procedures);
    let history = store.audit(Some(id))?;
    let doc = json!({
        "marking": MARKING,
        "kind": "case",
        "case": case,
        "deadlines": deadlines,
        "history": history,
    });
    if format == "json" {
        return Ok((serde_json::to_string_pretty(&doc)? + "\n", 1));
    }
    let mut w = marked_csv();
    w.write_record(["field", "value"])?;
    for key in ["case", "deadlines", "history"] {
        let mut flat = Vec::new();
        flatten(key, &doc[key], &mut flat);
        for (k, v) in flat {
            w.write_record([k, v])?;
        }
    }
    Ok((finish(w)?, 1))
}

/// A CSV writer whose first line is the marking as a comment row.
fn marked_csv() -> csv::Writer<Vec<u8>> {
    let mut buf = Vec::new();
    buf.extend_from_slice(format!("# {MARKING}\n").as_bytes());
    csv::WriterBuilder::new().flexible(true).from_writer(buf)
}

fn finish(w: csv::Writer<Vec<u8>>) -> anyhow::Result<String> {
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(String::from_utf8(bytes)?)
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Dotted paths to every leaf: `case.searches.0.date` → `2025-05-01`.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                flatten(&format!("{prefix}.{k}"), x, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&format!("{prefix}.{i}"), x, out);
            }
        }
        leaf => out.push((prefix.to_string(), cell(leaf))),
    }
}
