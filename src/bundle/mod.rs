//! What travels between databases as a file (issue 16): age keys and
//! encryption (`seal`), the units' Ed25519 signatures (`sign`), and the
//! private scratch space a decrypted copy lives in.

pub mod handover;
pub mod payload;
pub mod seal;
pub mod sign;

use crate::papers::output::create_private;
use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

/// A directory only this user can enter (0700) under the system's temp
/// directory, removed with everything in it when dropped: where a
/// decrypted backup or a plain copy waits for the next step.
pub struct PrivateDir(PathBuf);

impl PrivateDir {
    pub fn new() -> std::io::Result<PrivateDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let p = std::env::temp_dir().join(format!("shilian-{}-{nanos}", std::process::id()));
        std::fs::DirBuilder::new().mode(0o700).create(&p)?;
        Ok(PrivateDir(p))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Write a new file at `dest` (0600, never over an existing file, never
/// through a symlink): `fill` writes into a scratch file beside it, which
/// gets the name only when complete and synced.
pub fn write_new(
    dest: &Path,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut scratch = dest.as_os_str().to_owned();
    scratch.push(format!(".part-{}", std::process::id()));
    let scratch = PathBuf::from(scratch);
    let res = (|| {
        let f = create_private(&scratch)?;
        let mut w = std::io::BufWriter::new(f);
        fill(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::hard_link(&scratch, dest)?;
        anyhow::Ok(())
    })();
    let _ = std::fs::remove_file(&scratch);
    res
}
