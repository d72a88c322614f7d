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
    /// Template file replacing the one for KIND
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Directory of the operator's templates (<KIND>.md); default: a
    /// `templates` directory next to the database, when present
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// File to write (must not exist yet), or - for standard output
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn dossier(env: &Env, a: &DossierArgs) -> anyhow::Result<i32> {
    let mut ws = env.open()?;
    let case = ws.case(a.id)?;
    let history = ws.history(a.id)?;
    let fmt = dossier::Format::parse(&a.format).unwrap_or(dossier::Format::Txt);
    let text = dossier::render(
        &DossierData {
            case: &case,
            history: &history,
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

/// The template text: `--template`, else `<dir>/<kind>.md` from
/// `--templates` or the `templates` directory next to the database, else
/// the embedded one.
fn template(env: &Env, a: &DraftArgs, kind: Kind) -> anyhow::Result<String> {
    let dir = a.templates.clone().or_else(|| {
        let d = env.db.parent()?.join("templates");
        d.is_dir().then_some(d)
    });
    let file = a
        .template
        .clone()
        .or_else(|| dir.map(|d| d.join(format!("{}.md", kind.code()))))
        .filter(|p| a.template.is_some() || p.is_file());
    match file {
        Some(p) => std::fs::read_to_string(&p)
            .with_context(|| tf("papers.draft.cannot_read", &[("path", shown(&p))])),
        None => Ok(kind.embedded().to_string()),
    }
}

pub fn draft(env: &Env, a: &DraftArgs) -> anyhow::Result<i32> {
    let Some(kind) = Kind::parse(&a.kind) else {
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.code()).collect();
        bail!(tf(
            "papers.draft.unknown_kind",
            &[("kind", a.kind.clone()), ("kinds", kinds.join(", "))]
        ));
    };
    let tpl = template(env, a, kind)?;
    let mut ws = env.open()?;
    let case = ws.case(a.id)?;
    let text = drafts::draft(kind, &tpl, &case, ws.procedures(), env.today)
        .map_err(|e| anyhow::anyhow!(e.message()))?;
    let note = ExportNote {
        what: "draft".into(),
        format: "md".into(),
        case: Some(a.id),
        rows: 1,
        kind: Some(kind.code().into()),
    };
    write_recorded(ws.store_mut(), &a.out, &note, |w| {
        w.write_all(text.as_bytes())?;
        Ok(1)
    })?;
    done(&a.out);
    eprintln!("{}", t("papers.draft.edit_before_print"));
    Ok(0)
}
