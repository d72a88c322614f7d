//! `shilian dossier ID` (一人一档) and `shilian draft KIND ID` (standard
//! papers from templates): thin wrappers over `papers::{dossier, drafts}`;
//! files are written marked, private and audited by `papers::output`.

use super::common::{Env, shown};
use crate::i18n::{t, tf};
use crate::papers::dossier::{self, DossierData};
use crate::papers::drafts::{self, Kind};
use crate::papers::output::{ExportNote, write_recorded};
use anyhow::{Context, bail};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DossierArgs {
    /// Case number
    #[arg(value_parser = super::case_id())]
    pub id: i64,
    #[arg(long, value_parser = ["md", "html", "txt"], default_value = "txt")]
    pub format: String,
    /// File to write (must not exist yet), or - for standard output (recorded);
    /// without it the dossier is printed and not recorded
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// disposition_resolution | stop_membership | restoration_record | transfer_letter
    #[arg(value_parser = Kind::CODES)]
    pub kind: String,
    /// Case number
    #[arg(value_parser = super::case_id())]
    pub id: i64,
    /// docx (公文 layout, for Word/WPS), html (print from a browser) or md (text)
    #[arg(long, value_parser = drafts::Format::CODES, default_value = "docx")]
    pub format: String,
    /// Template file replacing the one for KIND (and its path)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Directory of the operator's templates (<TEMPLATE>.md); default: a
    /// `templates` directory next to the database, when present
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// File to write (must not exist yet), or - for standard output
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn dossier(env: &Env, a: &DossierArgs) -> anyhow::Result<i32> {
    // Printing only reads; writing a file records the export.
    let mut ws = match a.out {
        None => env.open_read()?,
        Some(_) => env.open()?,
    };
    let case = ws.case(a.id)?;
    let history = ws.history(a.id)?;
    let received = ws.received_history(a.id)?;
    let fmt = dossier::Format::parse(&a.format).unwrap_or(dossier::Format::Txt);
    let text = dossier::render(
        &DossierData {
            case: &case,
            history: &history,
            received: &received,
            procedures: ws.procedures(),
            today: env.today,
        },
        fmt,
    );
    let Some(out) = &a.out else {
        print!("{text}");
        return Ok(0);
    };
    let note = ExportNote {
        what: "dossier".into(),
        format: a.format.clone(),
        case: Some(a.id),
        rows: 1,
        kind: None,
    };
    write_recorded(ws.store_mut(), out, &note, |w| {
        w.write_all(text.as_bytes())?;
        Ok(1)
    })?;
    done(out);
    super::common::export_receipt(out, ws.store())?;
    Ok(0)
}

fn done(out: &Path) {
    if crate::papers::output::is_stdout(out) {
        return;
    }
    println!(
        "{}",
        tf(
            "cli.export.done",
            &[("path", shown(out)), ("n", "1".into())]
        )
    );
}

/// The template for `name` (the paper's path, e.g. `stop_membership_abroad`):
/// `--template`, else `<dir>/<name>.md` from `--templates` or the
/// `templates` directory next to the database, else the shipped one.
/// Returns the name shown in messages and the text.
fn template(env: &Env, a: &DraftArgs, name: &str) -> anyhow::Result<(String, String)> {
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .with_context(|| tf("papers.draft.cannot_read", &[("path", shown(p))]))
            .map(|text| (shown(p), text))
    };
    if let Some(p) = &a.template {
        return read(p);
    }
    let dir = a.templates.clone().or_else(|| {
        let d = env.db.parent()?.join("templates");
        d.is_dir().then_some(d)
    });
    if let Some(p) = dir
        .map(|d| d.join(format!("{name}.md")))
        .filter(|p| p.is_file())
    {
        return read(&p);
    }
    let text = drafts::embedded(name)
        .ok_or_else(|| anyhow::anyhow!(tf("papers.draft.cannot_read", &[("path", name.into())])))?;
    Ok((format!("data/templates/{name}.md"), text.to_string()))
}

pub fn draft(env: &Env, a: &DraftArgs) -> anyhow::Result<i32> {
    let Some(kind) = Kind::parse(&a.kind) else {
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
        bail!(tf(
            "papers.draft.unknown_kind",
            &[("kind", a.kind.clone()), ("kinds", kinds.join(", "))]
        ));
    };
    let format = drafts::Format::parse(&a.format).unwrap_or(drafts::Format::Docx);
    let mut ws = env.open()?;
    let case = ws.case(a.id)?;
    let msg = |e: drafts::DraftError| anyhow::anyhow!(e.message());
    let sel = drafts::select(kind, &case, ws.procedures(), env.today).map_err(msg)?;
    let (name, text) = template(env, a, &sel.template)?;
    let paper = drafts::render(&name, &text, &sel.ctx).map_err(msg)?;
    let bytes = drafts::write(&paper, format)?;
    let note = ExportNote {
        what: "draft".into(),
        format: format.code().into(),
        case: Some(a.id),
        rows: 1,
        kind: Some(kind.code().into()),
    };
    write_recorded(ws.store_mut(), &a.out, &note, |w| {
        w.write_all(&bytes)?;
        Ok(1)
    })?;
    done(&a.out);
    super::common::export_receipt(&a.out, ws.store())?;
    eprintln!("{}", t("papers.draft.edit_before_print"));
    Ok(0)
}
