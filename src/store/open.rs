//! Opening a database file safely: private permissions, refusal of foreign,
//! read-only and too-new files, connection settings, migration.

use super::{Result, StoreError, schema};
use crate::i18n::tf;
use rusqlite::Connection;
use std::fs::{DirBuilder, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Prepare the file, open the connection, set the PRAGMAs and migrate.
pub fn open(path: &Path) -> anyhow::Result<Connection> {
    super::memory::init();
    prepare_dir(path)?;
    prepare_file(path)?;
    match look_before_writing(path) {
        // A hot rollback journal (a writer crashed mid-transaction): only a
        // read-write connection may roll it back; `migrate` checks after.
        Err(StoreError::ReadOnly(_)) => {}
        r => r?,
    }
    let mut conn = Connection::open(path).map_err(StoreError::from)?;
    configure(&mut conn)?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

/// Read the schema version and owner through a read-only connection and
/// refuse a too-new or foreign file before anything (the switch to WAL, a
/// migration) writes to it: its bytes stay as they were.
fn look_before_writing(path: &Path) -> Result<()> {
    if std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) == 0 {
        return Ok(());
    }
    let conn = read_only(path)?;
    schema::check_version(&conn)?;
    Ok(())
}

/// Refuse what is not a shilian database before reading it as one: a
/// missing, empty (0-byte) or non-SQLite file, another program's SQLite
/// file, one too new, or one without shilian's schema (version 0). Reads
/// only (restore's copy, `verify`): nothing is written to `path`.
pub fn check_shilian_file(path: &Path) -> Result<()> {
    let shown = || path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|_| StoreError::NotADatabase(tf("store.detail_missing", &[("path", shown())])))?;
    if !meta.is_file() {
        return Err(StoreError::NotADatabase(tf(
            "store.detail_not_regular",
            &[("path", shown())],
        )));
    }
    if meta.len() == 0 {
        return Err(StoreError::NotADatabase(tf(
            "store.detail_empty",
            &[("path", shown())],
        )));
    }
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| StoreError::NotADatabase(format!("{}: {e}", shown())))?;
    if n < 16 || &head != HEADER {
        return Err(StoreError::NotADatabase(tf(
            "store.detail_not_sqlite",
            &[("path", shown())],
        )));
    }
    let conn = reader(path)?;
    if schema::check_version(&conn)? == 0 {
        return Err(StoreError::NotADatabase(tf(
            "store.detail_no_schema",
            &[("path", shown())],
        )));
    }
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('cases', 'audit')",
        [],
        |r| r.get(0),
    )?;
    if tables != 2 {
        return Err(StoreError::NotADatabase(tf(
            "store.detail_no_schema",
            &[("path", shown())],
        )));
    }
    Ok(())
}

/// Open for reading only, writing nothing — not the switch to WAL, not a
/// migration, not a `-shm` file when none can be made — so reads and
/// `verify` work on a full disk, a read-only directory or read-only media.
/// A WAL file whose shared-memory file cannot be created (read-only
/// directory) is read as immutable (nothing can be writing to it there). A
/// file of an older schema needs its migration: it is opened read-write.
pub fn open_read(path: &Path) -> anyhow::Result<Connection> {
    check_shilian_file(path)?;
    let conn = reader(path)?;
    if schema::check_version(&conn)? < schema::SUPPORTED {
        drop(conn);
        return open(path);
    }
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    Ok(conn)
}

/// A read-only connection that reads even where SQLite cannot make or
/// grow the `-shm` file (full disk, read-only directory or media): first
/// the ordinary way; then in exclusive locking mode, where SQLite keeps the
/// WAL index in memory (the WAL's commits are read; writers wait meanwhile);
/// last as an immutable file.
fn reader(path: &Path) -> Result<Connection> {
    if let Ok(c) = read_only(path).and_then(|c| probe(&c).map(|_| c)) {
        return Ok(c);
    }
    let exclusive = read_only(path).and_then(|c| {
        c.execute_batch("PRAGMA locking_mode = EXCLUSIVE")?;
        probe(&c)?;
        Ok(c)
    });
    match exclusive {
        Ok(c) => Ok(c),
        Err(_) => immutable(path),
    }
}

/// A first read: fails when SQLite cannot set up the WAL index.
fn probe(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

fn immutable(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags as F;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let uri = format!(
        "file:{}?immutable=1",
        abs.display()
            .to_string()
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23")
    );
    super::memory::init();
    let conn = Connection::open_with_flags(
        uri,
        F::SQLITE_OPEN_READ_ONLY | F::SQLITE_OPEN_URI | F::SQLITE_OPEN_NO_MUTEX,
    )?;
    probe(&conn)?;
    Ok(conn)
}

/// A read-only connection that waits for writers like the others.
fn read_only(path: &Path) -> Result<Connection> {
    use rusqlite::OpenFlags as F;
    super::memory::init();
    let mut conn =
        Connection::open_with_flags(path, F::SQLITE_OPEN_READ_ONLY | F::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_handler(Some(super::wait::on_busy))?;
    Ok(conn)
}

/// Connection settings shared by every connection the store opens.
pub fn configure(conn: &mut Connection) -> Result<()> {
    // Writers queue (`wait`): up to $SHILIAN_WAIT_SECS, announced after 1 s.
    conn.busy_handler(Some(super::wait::on_busy))?;
    // Every child-record kind has its own statements; the default 16 thrash.
    conn.set_prepared_statement_cache_capacity(128);
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::ReadOnly(tf(
            "store.detail_no_wal",
            &[("mode", mode)],
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
        return Err(anyhow::Error::from(StoreError::ReadOnly(tf(
            "store.detail_dir_read_only",
            &[("path", dir.display().to_string())],
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
        return Err(anyhow::Error::from(StoreError::NotADatabase(tf(
            "store.detail_not_regular",
            &[("path", path.display().to_string())],
        ))));
    }
    if meta.len() > 0 {
        let mut head = [0u8; 16];
        let mut f = std::fs::File::open(path).map_err(|e| io_err(path, e))?;
        let n = f.read(&mut head).map_err(|e| io_err(path, e))?;
        if n < 16 || &head != HEADER {
            return Err(anyhow::Error::from(StoreError::NotADatabase(tf(
                "store.detail_not_sqlite",
                &[("path", path.display().to_string())],
            ))));
        }
    }
    if meta.permissions().mode() & 0o222 == 0 || !writable(path) {
        return Err(anyhow::Error::from(StoreError::ReadOnly(tf(
            "store.detail_file_read_only",
            &[("path", path.display().to_string())],
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
        let shown = path.display().to_string();
        StoreError::ReadOnly(tf("store.detail_permission", &[("path", shown)])).into()
    } else {
        let shown = path.display().to_string();
        anyhow::Error::new(e).context(tf("store.cannot_open", &[("path", shown)]))
    }
}
