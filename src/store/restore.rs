//! Restoring a database from a copy: the copy is read through SQLite into a
//! private scratch file next to the database, opened (migrated if older,
//! refused if newer) and verified — integrity, foreign keys, the audit
//! chain and the domain invariants. Only a copy that passes replaces the
//! database. The replaced content is kept as `<db>.replaced-<stamp>`, and
//! the new content goes in through SQLite's backup API in one write
//! transaction, so other processes with the file open see the old database
//! or the new one, never a mix.

use super::{Store, StoreError, open};
use crate::domain::policy::Policy;
use crate::domain::procedure::Procedures;
use anyhow::{Context, bail};
use rusqlite::{Connection, OpenFlags};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a restore did.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Restored {
    /// Where the replaced database was kept (None when there was none).
    pub replaced: Option<PathBuf>,
    pub cases: i64,
    pub audit_entries: i64,
}

/// `path` with `suffix` appended to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Restore `live` from `candidate`; `stamp` names the kept file.
pub fn restore(
    live: &Path,
    candidate: &Path,
    stamp: &str,
    p: &Policy,
    pr: &Procedures,
) -> anyhow::Result<Restored> {
    let scratch = with_suffix(live, &format!(".restoring-{stamp}"));
    let res = install(live, candidate, &scratch, stamp, p, pr);
    remove_db_files(&scratch);
    res
}

fn install(
    live: &Path,
    candidate: &Path,
    scratch: &Path,
    stamp: &str,
    p: &Policy,
    pr: &Procedures,
) -> anyhow::Result<Restored> {
    let (src, cases, audit_entries) = checked_scratch(candidate, scratch, p, pr)?;
    let replaced = if live.exists() {
        let kept = with_suffix(live, &format!(".replaced-{stamp}"));
        keep_and_replace(live, &src, &kept)?;
        Some(kept)
    } else {
        let mut dst = open::open(live)?;
        copy_into(&src, &mut dst)?;
        None
    };
    drop(src);
    let after = Store::open(live)?;
    let rep = after.verify()?;
    if !rep.ok() {
        bail!(
            "restored database fails verify: {}",
            rep.problems.join("; ")
        );
    }
    Ok(Restored {
        replaced,
        cases,
        audit_entries,
    })
}

/// Copy `candidate` into `scratch` through SQLite, open and verify it.
fn checked_scratch(
    candidate: &Path,
    scratch: &Path,
    p: &Policy,
    pr: &Procedures,
) -> anyhow::Result<(Connection, i64, i64)> {
    if !candidate.is_file() {
        bail!("{} is not a file", candidate.display());
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let src = Connection::open_with_flags(candidate, flags).map_err(StoreError::from)?;
    remove_db_files(scratch);
    create_private(scratch)?;
    {
        let mut dst = Connection::open(scratch).map_err(StoreError::from)?;
        copy_into(&src, &mut dst).map_err(|e| {
            e.context(format!(
                "{} is not a readable database",
                candidate.display()
            ))
        })?;
    }
    drop(src);
    let store = Store::open(scratch)?;
    let mut problems = store.verify()?.problems;
    problems.extend(store.check_invariants(p, pr)?);
    if !problems.is_empty() {
        bail!(
            "{} fails verify ({} problem(s)):\n  - {}",
            candidate.display(),
            problems.len(),
            problems.join("\n  - ")
        );
    }
    let count = |sql: &str| -> anyhow::Result<i64> {
        Ok(store
            .conn
            .query_row(sql, [], |r| r.get(0))
            .map_err(StoreError::from)?)
    };
    let (cases, audit) = (
        count("SELECT count(*) FROM cases")?,
        count("SELECT count(*) FROM audit")?,
    );
    Ok((store.conn, cases, audit))
}

/// Keep the live content as `kept` (online backup, consistent), then copy
/// `src` over the live database in one write transaction. A live file that
/// cannot be opened any more (damaged) is moved aside instead.
fn keep_and_replace(live: &Path, src: &Connection, kept: &Path) -> anyhow::Result<()> {
    match open::open(live) {
        Ok(mut dst) => {
            super::verify::backup(&dst, kept).with_context(|| {
                format!("cannot keep the replaced database as {}", kept.display())
            })?;
            copy_into(src, &mut dst)
        }
        Err(_) => {
            for suffix in ["", "-wal", "-shm"] {
                let from = with_suffix(live, suffix);
                if from.exists() {
                    std::fs::rename(&from, with_suffix(kept, suffix))
                        .with_context(|| format!("cannot move {} aside", from.display()))?;
                }
            }
            let mut dst = open::open(live)?;
            copy_into(src, &mut dst)
        }
    }
}

/// Whole-database copy with SQLite's backup API, all pages in one step
/// (one write transaction on `dst`); waits up to 10 s for other writers.
fn copy_into(src: &Connection, dst: &mut Connection) -> anyhow::Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let started = Instant::now();
    let b = Backup::new(src, dst).map_err(StoreError::from)?;
    loop {
        match b.step(-1).map_err(StoreError::from)? {
            StepResult::Done => return Ok(()),
            StepResult::More => continue,
            _ if started.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => return Err(StoreError::Busy.into()),
        }
    }
}

fn create_private(path: &Path) -> anyhow::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    Ok(())
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}
