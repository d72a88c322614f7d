//! Writing an export: to a private scratch file (0600), then one audit entry,
//! then the file gets its name by a hard link, so an existing file is never
//! replaced and no file appears unless the export is on record.

use super::MARKING;
use crate::app::Workspace;
use crate::domain::model::CaseId;
use crate::i18n::tf;
use crate::store::{NewAudit, Store};
use anyhow::Context;
use chrono::NaiveDate;
use serde_json::json;
use std::io::{BufWriter, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// What the audit entry says about an export.
#[derive(Clone, Debug)]
pub struct ExportNote {
    /// roster, case, dossier or draft.
    pub what: String,
    pub format: String,
    pub case: Option<CaseId>,
    /// Rows (register) or 1 (one case).
    pub rows: usize,
    /// The paper's kind for drafts (e.g. disposition_resolution).
    pub kind: Option<String>,
}

/// Create `path` for writing: a new file (never over an existing one, never
/// through a symlink planted at its name), mode 0600. Every file shilian
/// writes besides the database is created through this.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW)
        .mode(0o600)
        .open(path)
}

fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// `--out -`: the paper goes to standard output.
pub fn is_stdout(out: &Path) -> bool {
    out.as_os_str() == "-"
}

/// The audit entry of an export written to `out` ("-" for standard output).
fn export_audit(note: &ExportNote, out: &str, rows: usize) -> NewAudit {
    let mut action = json!({"action": "export", "what": note.what, "format": note.format,
        "out": out, "rows": rows, "marking": MARKING});
    if let Some(k) = &note.kind {
        action["kind"] = json!(k);
    }
    NewAudit {
        user: crate::app::os_user(),
        case: note.case,
        action: action.to_string(),
        before: String::new(),
        after: String::new(),
    }
}

/// `--out -`: render into memory, record the export (as `"out": "-"`),
/// then write to standard output.
fn to_stdout(
    store: &mut Store,
    note: &ExportNote,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<usize>,
) -> anyhow::Result<usize> {
    let mut buf: Vec<u8> = Vec::new();
    let n = fill(&mut buf)?;
    let rows = if n > 0 { n } else { note.rows };
    let tx = store.begin()?;
    tx.append_audit(&export_audit(note, "-", rows))?;
    tx.commit()?;
    let mut out = std::io::stdout().lock();
    out.write_all(&buf)
        .and_then(|_| out.flush())
        .context("stdout")?;
    Ok(rows)
}

/// Write `out` with what `fill` writes, record the export, then name the file.
/// `fill` returns the row count recorded (overriding `note.rows` when > 0).
/// `out` = `-` writes to standard output (recorded all the same).
pub fn write_recorded(
    store: &mut Store,
    out: &Path,
    note: &ExportNote,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<usize>,
) -> anyhow::Result<usize> {
    if is_stdout(out) {
        return to_stdout(store, note, fill);
    }
    if out.exists() {
        anyhow::bail!(tf("cli.export.exists", &[("path", shown(out))]));
    }
    let mut scratch = out.as_os_str().to_owned();
    scratch.push(format!(".part-{}", std::process::id()));
    let scratch = PathBuf::from(scratch);
    let cannot = || tf("cli.export.cannot_write", &[("path", shown(out))]);
    let res = (|| {
        let f = create_private(&scratch).with_context(cannot)?;
        let mut w = BufWriter::new(f);
        let n = fill(&mut w)?;
        let rows = if n > 0 { n } else { note.rows };
        let f = w
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(cannot)?;
        f.sync_all().with_context(cannot)?;
        let abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let tx = store.begin()?;
        tx.append_audit(&export_audit(note, &abs.display().to_string(), rows))?;
        std::fs::hard_link(&scratch, out)
            .with_context(|| tf("cli.export.exists", &[("path", shown(out))]))?;
        tx.commit().inspect_err(|_| {
            let _ = std::fs::remove_file(out);
        })?;
        anyhow::Ok(rows)
    })();
    let _ = std::fs::remove_file(&scratch);
    res
}

/// The workstation's "write the dossier of the open case": renders it as
/// HTML into `dir` (created 0700 if missing) under a fresh name, records the
/// export and returns the path written.
pub fn dossier_to_dir(
    ws: &mut Workspace,
    id: CaseId,
    dir: &Path,
    today: NaiveDate,
) -> anyhow::Result<PathBuf> {
    let case = ws.case(id)?;
    let history = ws.history(id)?;
    let received = ws.received_history(id)?;
    let html = super::dossier::render(
        &super::dossier::DossierData {
            case: &case,
            history: &history,
            received: &received,
            procedures: ws.procedures(),
            today,
        },
        super::dossier::Format::Html,
    );
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| tf("cli.export.cannot_write", &[("path", shown(dir))]))?;
    let mut out = dir.join(format!("dossier-{id}-{today}.html"));
    let mut n = 1;
    while out.exists() {
        n += 1;
        out = dir.join(format!("dossier-{id}-{today}-{n}.html"));
    }
    let note = ExportNote {
        what: "dossier".into(),
        format: "html".into(),
        case: Some(id),
        rows: 1,
        kind: None,
    };
    write_recorded(ws.store_mut(), &out, &note, |w| {
        w.write_all(html.as_bytes())?;
        Ok(1)
    })?;
    Ok(out)
}
