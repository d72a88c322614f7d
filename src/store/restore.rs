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
    let scratch = with_suffix(live, &format!(".restoring-{stamp}-{}", std::process::id()));
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
    open::check_shilian_file(candidate)?;
    super::memory::init();
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
            keep_copy(&dst, kept)?;
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

/// The live content as `kept`, complete before the swap: backed up to
/// `<kept>.part-<pid>`, synced, and only then renamed to `kept`, so a kill
/// never leaves a partial copy under the kept name (the part file is
/// removed at the next start, `clean_leftovers`).
fn keep_copy(live: &Connection, kept: &Path) -> anyhow::Result<()> {
    let part = with_suffix(kept, &format!(".part-{}", std::process::id()));
    let cannot = || format!("cannot keep the replaced database as {}", kept.display());
    let res = (|| {
        super::verify::backup(live, &part)?;
        std::fs::File::open(&part)?.sync_all()?;
        if kept.exists() {
            bail!("{} already exists", kept.display());
        }
        std::fs::rename(&part, kept)?;
        anyhow::Ok(())
    })();
    if res.is_err() {
        remove_db_files(&part);
    }
    res.with_context(cannot)
}

/// Leftovers of a restore that was killed: its scratch copy
/// (`<db>.restoring-<stamp>-<pid>`, with its journal files) and a partial
/// kept copy (`<db>.replaced-<stamp>.part-<pid>`) whose process is gone.
/// They are removed; the paths removed are returned to be reported. Files
/// of a restore still running (its pid alive) are left alone.
pub fn clean_leftovers(live: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (live.parent(), live.file_name()) else {
        return vec![];
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = name.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut removed = Vec::new();
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&name) else {
            continue;
        };
        if leftover_pid(rest).is_some_and(|pid| !alive(pid))
            && std::fs::remove_file(e.path()).is_ok()
        {
            removed.push(e.path());
        }
    }
    removed.sort();
    removed
}

/// The pid in a scratch or part name after the database's name
/// (`.restoring-<stamp>-<pid>[-wal|-shm|-journal]`, `.replaced-<stamp>.part-<pid>…`).
fn leftover_pid(rest: &str) -> Option<i32> {
    let rest = ["-wal", "-shm", "-journal"]
        .iter()
        .find_map(|s| rest.strip_suffix(s))
        .unwrap_or(rest);
    let pid = if rest.starts_with(".restoring-") {
        rest.rsplit('-').next()?
    } else if rest.starts_with(".replaced-") {
        rest.rsplit_once(".part-")?.1
    } else {
        return None;
    };
    pid.parse().ok()
}

fn alive(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only checks that the process exists.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
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
