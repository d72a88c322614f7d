//! Unsaved form text kept as a JSON draft when the terminal goes away
//! (hang-up, SIGTERM, panic), offered back at the next start.

use super::form::FormKind;
use crate::domain::model::{AmendTarget, CaseId, RecordId};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub kind: FormKind,
    pub case: CaseId,
    pub version: i64,
    #[serde(default)]
    pub item: Option<String>,
    /// The recorded entry an amend form corrects (its target and record).
    #[serde(default)]
    pub entry: Option<(AmendTarget, Option<RecordId>)>,
    pub values: Vec<(String, String)>,
}

/// The open form's draft, kept current after every event so a panic hook
/// or signal path can write it without touching the app.
static SLOT: Mutex<Option<(PathBuf, String)>> = Mutex::new(None);

pub fn set_slot(path: &Path, draft: Option<&Draft>) {
    let json = draft.and_then(|d| serde_json::to_string(d).ok());
    if let Ok(mut g) = SLOT.lock() {
        *g = json.map(|j| (path.to_path_buf(), j));
    }
}

/// Write the slot's draft to disk (no-op when no form is open).
pub fn write_slot() {
    let Ok(g) = SLOT.try_lock() else { return };
    if let Some((path, json)) = g.as_ref() {
        let _ = write(path, json);
    }
}

/// The draft holds typed personal data: written 0600 to a new scratch file
/// beside it (exclusive create, never through a symlink), synced, then
/// renamed over the draft's name, so a symlink planted there is replaced,
/// not followed, and a reader sees the old draft or the new one whole.
/// A missing directory is created 0700 (it is the database's).
fn write(path: &Path, json: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::DirBuilderExt;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let mut scratch = path.as_os_str().to_owned();
    scratch.push(format!(".tmp-{}", std::process::id()));
    let scratch = PathBuf::from(scratch);
    let _ = std::fs::remove_file(&scratch);
    let res = (|| {
        let mut f = crate::papers::output::create_private(&scratch)?;
        f.write_all(json.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&scratch, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&scratch);
    }
    res
}

/// The draft at `path`, if it is a regular file (a symlink is not read).
pub fn load(path: &Path) -> Option<Draft> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .ok()?;
    let mut text = String::new();
    f.read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn discard(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::{load, write};
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn the_draft_is_private_and_a_planted_symlink_is_replaced_not_followed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("db").join("shilian.db.draft.json");
        write(&path, "{}").expect("write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dmode = std::fs::metadata(path.parent().expect("dir")).expect("meta");
        assert_eq!(dmode.permissions().mode() & 0o777, 0o700);
        std::fs::remove_file(&path).expect("rm");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "operator's file").expect("victim");
        std::os::unix::fs::symlink(&victim, &path).expect("plant symlink");
        assert_eq!(load(&path), None, "a symlink is not read");
        write(&path, "{\"x\":1}").expect("write over the link");
        assert_eq!(
            std::fs::read_to_string(&victim).expect("victim"),
            "operator's file"
        );
        let meta = std::fs::symlink_metadata(&path).expect("meta");
        assert!(meta.file_type().is_file(), "the link itself was replaced");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        let left: Vec<_> = std::fs::read_dir(path.parent().expect("dir"))
            .expect("ls")
            .map(|e| e.expect("e").file_name())
            .collect();
        assert_eq!(left.len(), 1, "no scratch file left: {left:?}");
    }
}
