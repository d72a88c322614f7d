//! Opening a database file safely: private permissions, refusal of foreign,
//! read-only and too-new files, connection settings, migration.

use super::{Result, StoreError, schema};
use rusqlite::Connection;
use std::fs::{DirBuilder, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Prepare the file, open the connection, set the PRAGMAs and migrate.
pub fn open(path: &Path) -> anyhow::Result<Connection> {
    prepare_dir(path)?;
    prepare_file(path)?;
    let mut conn = Connection::open(path).map_err(StoreError::from)?;
    configure(&conn)?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

/// Connection settings shared by every connection the store opens.
pub fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_millis(5000))?;
    // Every child-record kind has its own statements; the default 16 thrash.
    conn.set_prepared_statement_cache_capacity(128);
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::ReadOnly(format!(
            "could not switch to WAL journal (got {mode})"
        )));
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    Ok(())
}

fn prepare_dir(path: &Path) -> anyhow::Result<()> {
    let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) else {
        return Ok(());
    };
    if !dir.exists() {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| io_err(dir, e))?;
        return Ok(());
    }
    let meta = std::fs::metadata(dir).map_err(|e| io_err(dir, e))?;
    if meta.permissions().mode() & 0o222 == 0 || !writable(dir) {
        return Err(anyhow::Error::from(StoreError::ReadOnly(format!(
            "directory {} is not writable (the journal files live next to the database)",
            dir.display()
        ))));
    }
    Ok(())
}

/// Create the file 0600 if missing; otherwise check it is writable SQLite.
fn prepare_file(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| io_err(path, e))?;
        return Ok(());
    }
    let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
    if !meta.is_file() {
        return Err(anyhow::Error::from(StoreError::NotADatabase(format!(
            "{} is not a regular file",
            path.display()
        ))));
    }
    if meta.len() > 0 {
        let mut head = [0u8; 16];
        let mut f = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
        let n = f.read(&mut head).map_err(|e| io_err(path, e))?;
        if n < 16 || &head != HEADER {
            return Err(anyhow::Error::from(StoreError::NotADatabase(format!(
                "{} is not an SQLite file",
                path.display()
            ))));
        }
    }
    if meta.permissions().mode() & 0o222 == 0 || !writable(path) {
        return Err(anyhow::Error::from(StoreError::ReadOnly(format!(
            "{} is read-only; make it writable (chmod u+w) or open a copy",
            path.display()
        ))));
    }
    Ok(())
}

fn writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// Permission problems are `ReadOnly`; anything else keeps its I/O cause.
fn io_err(path: &Path, e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::PermissionDenied {
        StoreError::ReadOnly(format!("{}: {e}", path.display())).into()
    } else {
        anyhow::Error::new(e).context(format!("cannot open {}", path.display()))
    }
}
