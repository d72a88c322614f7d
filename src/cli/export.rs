//! `shilian export roster|case ID`: data leaves the database only on this
//! explicit command, marked 内部资料 注意保密, written private (0600), never
//! over an existing file, and recorded in the audit log before the file
//! appears under its name (`papers::output`).
//!
//! `export roster` is the N五 register: grouped by committee and branch, by
//! default only members not yet reached (status lost); `--all` lists every
//! case. xlsx carries subtotals and a counts sheet, JSON the group counts,
//! CSV one machine-readable line per member in register order.

use super::common::{Env, shown};
use crate::domain::deadline;
use crate::domain::model::Status;
use crate::i18n::tf;
use crate::papers::MARKING;
use crate::papers::output::{ExportNote, is_stdout, write_recorded};
use crate::papers::register::{self, Register};
use crate::store::Store;
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// The register (名册) grouped by committee and branch: members not yet reached, or --all
    Roster {
        #[arg(long, value_parser = ["xlsx", "csv", "json"], default_value = "csv")]
        format: String,
        /// Every case, whatever its status (default: only those not yet reached)
        #[arg(long)]
        all: bool,
        /// File to write (must not exist yet), or - for standard output
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// One case with all its records, deadlines and history
    Case {
        #[arg(value_parser = super::case_id())]
        id: i64,
        #[command(flatten)]
        opts: ExportOpts,
    },
}

#[derive(Debug, Args)]
pub struct ExportOpts {
    #[arg(long, value_parser = ["csv", "json"], default_value = "csv")]
    pub format: String,
    /// File to write (must not exist yet), or - for standard output
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Statuses of members "not yet reached" (尚未取得联系) for the N五 register.
pub const NOT_REACHED: &[Status] = &[Status::Lost];

pub fn export(env: &Env, cmd: &ExportCmd) -> anyhow::Result<i32> {
    if !env.db.exists() {
        bail!(tf("cli.db.missing", &[("path", shown(&env.db))]));
    }
    let mut store = Store::open(&env.db)
        .with_context(|| tf("cli.db.cannot_open", &[("path", shown(&env.db))]))?;
    let (out, rows) = match cmd {
        ExportCmd::Roster { format, all, out } => {
            (out, roster(&mut store, env, format, *all, out)?)
        }
        ExportCmd::Case { id, opts } => (&opts.out, one_case(&mut store, env, *id, opts)?),
    };
    if !is_stdout(out) {
        println!(
            "{}",
            tf(
                "cli.export.done",
                &[("path", shown(out)), ("n", rows.to_string())]
            )
        );
    }
    super::common::export_receipt(out, &store)?;
    Ok(0)
}

fn roster(
    store: &mut Store,
    env: &Env,
    format: &str,
    all: bool,
    out: &std::path::Path,
) -> anyhow::Result<usize> {
    let fmt = register::Format::parse(format).unwrap_or(register::Format::Csv);
    let opts = register::Options {
        statuses: if all { vec![] } else { NOT_REACHED.to_vec() },
        as_of: env.today,
    };
    let note = ExportNote {
        what: "roster".into(),
        format: format.into(),
        case: None,
        rows: 0,
        kind: None,
    };
    let statuses = opts.statuses.clone();
    let reader = Store::open(&env.db)?;
    write_recorded(store, out, &note, |w| {
        let mut reg = Register::new(opts, fmt, w)?;
        reader.register_rows(&statuses, |r| reg.push(&r))?;
        Ok(reg.finish()? as usize)
    })
}

fn one_case(store: &mut Store, env: &Env, id: i64, opts: &ExportOpts) -> anyhow::Result<usize> {
    let case = store.load_case(id)?;
    let deadlines = deadline::compute(&case, &env.policy, &env.procedures, &store.campaigns()?);
    let history = store.audit(Some(id))?;
    let received = store.received_history(id)?;
    let doc = json!({
        "marking": MARKING,
        "kind": "case",
        "case": case,
        "deadlines": deadlines,
        "history": history,
        "received_history": received,
    });
    let body = if opts.format == "json" {
        crate::domain::text::escape_json(&serde_json::to_string_pretty(&doc)?).into_owned() + "\n"
    } else {
        // What a person reads in a spreadsheet: the dossier's sections,
        // labels and dates (codes stay in the JSON).
        crate::papers::doc_csv::dossier_csv(&crate::papers::dossier::DossierData {
            case: &case,
            history: &history,
            received: &received,
            procedures: &env.procedures,
            today: env.today,
        })?
    };
    let note = ExportNote {
        what: "case".into(),
        format: opts.format.clone(),
        case: Some(id),
        rows: 1,
        kind: None,
    };
    write_recorded(store, &opts.out, &note, |w| {
        w.write_all(body.as_bytes())?;
        Ok(1)
    })
}
