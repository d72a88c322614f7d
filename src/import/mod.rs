//! Import members from CSV (Chinese headers) or JSON, all or nothing: every
//! bad row is reported with its line (CSV) or index (JSON) and its reason —
//! parse errors and rule refusals alike — and nothing is written if any row
//! is bad. The cases are created by `create_case` actions in one batch.

pub mod csv;
pub mod json;
pub mod member;
pub mod values;

use crate::app::{ActionError, Workspace};
use crate::domain::action::Action;
use crate::domain::model::{CaseId, Member, Status};
use crate::domain::rules;
use crate::i18n::tf;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One parsed row: where it came from, the member and the case status.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// CSV line number (1 = header), or JSON array index.
    pub at: Loc,
    pub member: Member,
    pub status: Status,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    Line(u64),
    Index(usize),
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Loc::Line(n) => tf("cli.import.at_line", &[("n", n.to_string())]),
            Loc::Index(i) => tf("cli.import.at_index", &[("n", i.to_string())]),
        };
        f.write_str(&s)
    }
}

/// A bad row: where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub at: Loc,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// Parse a file's text: JSON when it starts with `[`, CSV otherwise.
pub fn parse(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('[') {
        json::parse(body)
    } else {
        csv::parse(text)
    }
}

/// Check every row against the rules and for repeated ID numbers; then
/// create all cases in one transaction. Returns the new case ids.
pub fn import(
    ws: &mut Workspace,
    rows: &[Row],
    today: NaiveDate,
) -> Result<Vec<CaseId>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut seen: HashMap<String, Loc> = HashMap::new();
    {
        let ctx = ws.ctx_for(today);
        for r in rows {
            if let Err(refusal) = rules::validate_member(&r.member, &ctx) {
                errors.push(RowError {
                    at: r.at,
                    reason: refusal.message(),
                });
            }
            let id = r.member.id_number.trim().to_ascii_uppercase();
            if let Some(first) = seen.insert(id.clone(), r.at) {
                let args = [("id", id), ("first", first.to_string())];
                errors.push(RowError {
                    at: r.at,
                    reason: tf("cli.import.duplicate", &args),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let actions: Vec<Action> = rows
        .iter()
        .map(|r| Action::CreateCase {
            member: r.member.clone(),
            status: r.status,
        })
        .collect();
    match ws.run_batch(&actions, today) {
        Ok(outs) => Ok(outs.into_iter().map(|o| o.case).collect()),
        Err((i, e)) => {
            let reason = match e {
                ActionError::Refused(r) => r.message(),
                ActionError::Store(s) => s.to_string(),
            };
            let at = rows.get(i).map(|r| r.at).unwrap_or(Loc::Index(i));
            Err(vec![RowError { at, reason }])
        }
    }
}
