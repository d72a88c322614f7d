//! What every subcommand needs: the database path, today, policy and
//! procedures (embedded or the operator's files), and opening the workspace.

use super::Global;
use crate::app::Workspace;
use crate::domain::policy::Policy;
use crate::domain::procedure::Procedures;
use crate::i18n::{t, tf};
use anyhow::{Context, bail};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

pub struct Env {
    pub db: PathBuf,
    pub today: NaiveDate,
    pub policy: Policy,
    pub procedures: Procedures,
}

impl Env {
    pub fn from_global(g: &Global) -> anyhow::Result<Env> {
        let policy = match &g.policy {
            Some(p) => load_data(p, "cli.data.policy", Policy::parse)?,
            None => Policy::embedded(),
        };
        let procedures = match &g.procedures {
            Some(p) => load_data(p, "cli.data.procedures", Procedures::parse)?,
            None => Procedures::embedded(),
        };
        let db = match &g.db {
            Some(p) => p.clone(),
            None => configured_db_path()?,
        };
        let today = g.today.unwrap_or_else(|| chrono::Local::now().date_naive());
        Ok(Env {
            db,
            today,
            policy,
            procedures,
        })
    }

    /// Open an existing database; a missing file is an error naming `init`/`demo`.
    pub fn open(&self) -> anyhow::Result<Workspace> {
        if !self.db.exists() {
            bail!(tf("cli.db.missing", &[("path", shown(&self.db))]));
        }
        self.open_or_create()
    }

    /// Open an existing database for reading only (writes nothing: works on
    /// a full disk and on read-only media).
    pub fn open_read(&self) -> anyhow::Result<Workspace> {
        if !self.db.exists() {
            bail!(tf("cli.db.missing", &[("path", shown(&self.db))]));
        }
        Workspace::open_read(&self.db, self.policy.clone(), self.procedures.clone())
            .with_context(|| tf("cli.db.cannot_open", &[("path", shown(&self.db))]))
    }

    /// Open the database, creating it if missing.
    pub fn open_or_create(&self) -> anyhow::Result<Workspace> {
        Workspace::open(&self.db, self.policy.clone(), self.procedures.clone())
            .with_context(|| tf("cli.db.cannot_open", &[("path", shown(&self.db))]))
    }
}

/// The database when `--db` is not given: `$SHILIAN_DB`, else `db` in the
/// configuration file, else [`default_db_path`].
pub fn configured_db_path() -> anyhow::Result<PathBuf> {
    if let Some(p) = std::env::var_os(crate::config::DB_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    match crate::config::installed().and_then(|c| c.db.clone()) {
        Some(p) => Ok(p),
        None => default_db_path(),
    }
}

/// `$XDG_DATA_HOME/shilian/shilian.db`, else `~/.local/share/shilian/shilian.db`.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(x).join("shilian").join("shilian.db"));
    }
    match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        Some(h) => Ok(PathBuf::from(h).join(".local/share/shilian/shilian.db")),
        None => bail!(t("cli.db.no_home")),
    }
}

fn load_data<T>(
    path: &Path,
    what: &str,
    parse: fn(&str) -> Result<T, String>,
) -> anyhow::Result<T> {
    let args = |reason: String| {
        tf(
            "cli.data.refused",
            &[
                ("what", t(what).to_string()),
                ("path", shown(path)),
                ("reason", reason),
            ],
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!(args(e.to_string())))?;
    parse(&text).map_err(|e| anyhow::anyhow!(args(e.trim_end().to_string())))
}

pub fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// The chain head as a receipt line on stdout (nothing for an empty log).
pub fn print_receipt(receipt: Option<&str>) {
    if let Some(r) = receipt {
        println!("{}", tf("cli.receipt", &[("receipt", r.to_string())]));
    }
}

/// The receipt line on stderr (the briefing: its stdout stays the list a
/// login message or a script reads; cron mails both).
pub fn receipt_to_stderr(receipt: Option<&str>) {
    if let Some(r) = receipt {
        eprintln!("{}", tf("cli.receipt", &[("receipt", r.to_string())]));
    }
}

/// After an export to `out`: the receipt of the chain head (the export's
/// own entry), on stderr when the export itself went to stdout.
pub fn export_receipt(out: &Path, store: &crate::store::Store) -> anyhow::Result<()> {
    let Some(r) = store.receipt()? else {
        return Ok(());
    };
    let line = tf("cli.receipt", &[("receipt", r)]);
    if crate::papers::output::is_stdout(out) {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
    Ok(())
}

/// Print a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    let s = serde_json::to_string_pretty(v).context("JSON")?;
    ::std::println!("{}", crate::domain::text::escape_json(&s));
    Ok(())
}
