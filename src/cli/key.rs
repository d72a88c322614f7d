//! The audit log's key file: `--key-file FILE`, else `$SHILIAN_KEY_FILE`,
//! else `key_file` in the configuration. It must be private (no access for
//! group or others), outside the database's directory (write access to the
//! database alone must not give the key), and hold 16 to 4096 bytes
//! (trailing whitespace ignored, so `openssl rand -hex 32 > FILE` works).
//! The key makes every audit entry's hash a MAC (`store::digest`).

use crate::i18n::tf;
use anyhow::bail;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Names the key file when `--key-file` is not given.
pub const KEY_ENV: &str = "SHILIAN_KEY_FILE";

/// The key file this run uses, if any.
pub fn chosen(option: Option<&Path>) -> Option<PathBuf> {
    option
        .map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os(KEY_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| crate::config::installed().and_then(|c| c.key_file.clone()))
}

/// Read and check the key file for the database `db`.
pub fn load(path: &Path, db: &Path) -> anyhow::Result<Vec<u8>> {
    let shown = path.display().to_string();
    let say = |key: &str| tf(key, &[("path", shown.clone())]);
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow::anyhow!("{}: {e}", say("cli.key.unreadable")))?;
    if !meta.is_file() {
        bail!(say("cli.key.not_file"));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        bail!(tf(
            "cli.key.exposed",
            &[
                ("path", shown.clone()),
                ("mode", format!("{:o}", meta.permissions().mode() & 0o777))
            ]
        ));
    }
    if inside_db_dir(path, db) {
        bail!(say("cli.key.beside_db"));
    }
    let bytes =
        std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", say("cli.key.unreadable")))?;
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let key = bytes[..end].to_vec();
    if !(16..=4096).contains(&key.len()) {
        bail!(say("cli.key.size"));
    }
    Ok(key)
}

/// Whether `key` lies in the database's directory (or below it).
fn inside_db_dir(key: &Path, db: &Path) -> bool {
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (Ok(dir), Ok(key)) = (dir.canonicalize(), key.canonicalize()) else {
        return false;
    };
    key.starts_with(dir)
}
