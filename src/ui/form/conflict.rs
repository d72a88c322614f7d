//! A save refused because someone else changed the case since the form
//! opened: the form shows what changed (the audit entries of the case since
//! the form's version: who, when, what) and keeps the typed text. The form
//! then takes the current version, so a second save re-applies the text
//! knowingly.

use super::Form;
use crate::app::{ActionError, Workspace};
use crate::domain::model::{CaseId, Status};
use crate::i18n::{label, t, tf};
use crate::store::{AuditEntry, StoreError};

/// At most this many changes are listed; the rest are counted.
const SHOWN: usize = 5;

impl Form {
    /// Show why a save failed; true when the case changed under the form
    /// (the caller reloads the panes).
    pub fn refused(&mut self, ws: &Workspace, e: ActionError) -> bool {
        let ActionError::Store(StoreError::Conflict {
            case,
            expected,
            found,
        }) = e
        else {
            self.error = Some(e.to_string());
            return false;
        };
        self.error = Some(message(ws, case, expected, found));
        self.version = found;
        true
    }
}

/// The refusal, one line per change since version `expected`, and how to go on.
pub fn message(ws: &Workspace, case: CaseId, expected: i64, found: i64) -> String {
    let head = tf(
        "ui.conflict.head",
        &[
            ("expected", expected.to_string()),
            ("found", found.to_string()),
        ],
    );
    let mut lines = vec![head];
    let changes = ws
        .history(case)
        .map(|h| since_version(h, expected))
        .unwrap_or_default();
    for e in changes.iter().take(SHOWN) {
        lines.push(format!("  {}", entry_line(e)));
    }
    if changes.len() > SHOWN {
        let more = (changes.len() - SHOWN).to_string();
        lines.push(format!("  {}", tf("ui.conflict.more", &[("n", more)])));
    }
    lines.push(t("ui.conflict.reapply").to_string());
    lines.join("\n")
}

/// The entries after the one that brought the case to `version` (each
/// change's `after` summary carries the version it made).
fn since_version(history: Vec<AuditEntry>, version: i64) -> Vec<AuditEntry> {
    let made = |e: &AuditEntry| summary(&e.after).and_then(|v| v.get("version")?.as_i64());
    let start = history
        .iter()
        .rposition(|e| made(e).is_some_and(|v| v <= version))
        .map_or(0, |i| i + 1);
    history.into_iter().skip(start).collect()
}

fn summary(s: &str) -> Option<serde_json::Value> {
    serde_json::from_str(s).ok()
}

/// "#12 2025-06-01 09:30 王干事 regain contact: lost → regained (note)".
fn entry_line(e: &AuditEntry) -> String {
    let action = summary(&e.action).unwrap_or_default();
    let name = action.get("action").and_then(|a| a.as_str()).unwrap_or("");
    let mut line = format!(
        "#{} {} {} {}",
        e.seq,
        crate::clock::local(&e.at),
        e.user,
        t(&format!("ui.action.{name}"))
    );
    let status = |s: &str| {
        let code = summary(s)?.get("status")?.as_str()?.to_string();
        Status::from_code(&code).map(|st| label(st.label_key()))
    };
    if let (Some(b), Some(a)) = (status(&e.before), status(&e.after))
        && a != b
    {
        line.push_str(&format!(": {b} → {a}"));
    }
    if let Some(c) = e.correction_text() {
        line.push_str(&format!(": {c}"));
    } else if let Some(note) = action.get("note").and_then(|n| n.as_str())
        && !note.trim().is_empty()
    {
        let short: String = note.chars().take(30).collect();
        line.push_str(&format!(" ({short})"));
    }
    line
}
