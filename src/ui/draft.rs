//! Unsaved form text kept as a JSON draft when the terminal goes away
//! (hang-up, SIGTERM, panic), offered back at the next start.

use super::form::FormKind;
use crate::domain::model::CaseId;
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

fn write(path: &Path, json: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, json)
}

pub fn load(path: &Path) -> Option<Draft> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn discard(path: &Path) {
    let _ = std::fs::remove_file(path);
}
