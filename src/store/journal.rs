//! A large write made by this connection alone (a compiled database's
//! import of many bundles) goes through SQLite's rollback journal instead
//! of the WAL: every page is then written once, to the file, instead of
//! to the WAL at the commit and again by the checkpoint (500 bundles of
//! 2,000: the commit took 21 s through the WAL, 7.5 s without;
//! docs/BENCHMARKS.md). SQLite leaves WAL mode only when no other
//! connection has the file open, so a workstation reading the file keeps
//! it in WAL and the write simply takes the slower way. The rollback
//! journal is as safe against a crash (a hot journal is rolled back by the
//! next open); `synchronous = FULL` while it is used, as SQLite advises
//! for that mode. Every open puts the file back in WAL mode
//! (`open::configure`), also after a crash between the two switches.

use super::{Result, Store};

impl Store {
    /// Try to leave WAL mode for one large write; true if it did (then
    /// `wal_again` must follow, after the transaction has ended).
    pub fn journal_alone(&self) -> bool {
        let mode: rusqlite::Result<String> =
            self.conn
                .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("delete") => {
                // Back to WAL at once if the stricter sync cannot be set.
                if self
                    .conn
                    .execute_batch("PRAGMA synchronous = FULL")
                    .is_err()
                {
                    let _ = self.wal_again();
                    return false;
                }
                true
            }
            _ => false,
        }
    }

    /// Back to WAL mode and the usual sync after `journal_alone`.
    pub fn wal_again(&self) -> Result<()> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        self.conn.execute_batch("PRAGMA synchronous = NORMAL")?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(super::StoreError::ReadOnly(crate::i18n::tf(
                "store.detail_no_wal",
                &[("mode", mode)],
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &std::path::Path) -> String {
        let c = rusqlite::Connection::open(path).expect("open");
        c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("mode")
    }

    #[test]
    fn a_lone_connection_leaves_wal_and_comes_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("c.db");
        let store = Store::open(&path).expect("open");
        assert!(store.journal_alone());
        assert_eq!(mode(&path), "delete");
        store.wal_again().expect("wal");
        assert_eq!(mode(&path), "wal");
    }

    #[test]
    fn another_open_connection_keeps_wal() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("c.db");
        let store = Store::open(&path).expect("open");
        let reader = Store::open_read(&path).expect("reader");
        let _ = reader.case_total().expect("read");
        assert!(!store.journal_alone());
        assert_eq!(mode(&path), "wal");
        drop(reader);
    }
}
