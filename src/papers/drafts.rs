//! Drafts of the standard papers (处置决议, 停止党籍决定, 恢复党籍申请记录,
//! 补开的组织关系介绍信): which record a paper is made from and which
//! template each path uses is data (`data/papers.toml`); the template
//! (`data/templates/<name>.md`, or the operator's) is rendered by minijinja
//! (`template.rs`) with the case's fields (`draft_values.rs`), read as a
//! paper (`paper.rs`) and written as .docx, HTML or Markdown. Rendering
//! only: the CLI picks the template file and writes.

use super::draft_values::{self as dv, Ctx};
use super::paper::{self, Paper};
use super::template::{self, TemplateError};
use crate::domain::model::*;
use crate::domain::procedure::Procedures;
use crate::i18n::tf;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a template writes for a value to be filled in by hand (`| blank`).
pub const BLANK: &str = "________";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    DispositionResolution,
    StopMembership,
    RestorationRecord,
    TransferLetter,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::DispositionResolution,
        Kind::StopMembership,
        Kind::RestorationRecord,
        Kind::TransferLetter,
    ];

    /// The kinds' codes, for the command line's value list and completions.
    pub const CODES: [&'static str; 4] = [
        "disposition_resolution",
        "stop_membership",
        "restoration_record",
        "transfer_letter",
    ];

    pub fn code(self) -> &'static str {
        Kind::CODES[self as usize]
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// The forms a draft is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Html,
    Md,
}

impl Format {
    pub const CODES: [&'static str; 3] = ["docx", "html", "md"];

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "docx" => Some(Format::Docx),
            "html" => Some(Format::Html),
            "md" => Some(Format::Md),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        Format::CODES[self as usize]
    }
}

/// One paper of `data/papers.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaperDef {
    pub kind: String,
    pub tracks: Vec<String>,
    pub needs_vote: bool,
    pub template: String,
    #[serde(default)]
    pub by_track: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PapersFile {
    paper: Vec<PaperDef>,
}

pub const PAPERS_TOML: &str = include_str!("../../data/papers.toml");

/// Parse a papers table (the shipped one is checked by a unit test).
pub fn parse_papers(text: &str) -> Result<Vec<PaperDef>, toml::de::Error> {
    toml::from_str::<PapersFile>(text).map(|f| f.paper)
}

fn def(kind: Kind) -> Option<&'static PaperDef> {
    static DEFS: OnceLock<Vec<PaperDef>> = OnceLock::new();
    DEFS.get_or_init(|| parse_papers(PAPERS_TOML).unwrap_or_default())
        .iter()
        .find(|d| d.kind == kind.code())
}

/// The shipped template of that name (`data/templates/<name>.md`).
pub fn embedded(name: &str) -> Option<&'static str> {
    Some(match name {
        "disposition_resolution" => include_str!("../../data/templates/disposition_resolution.md"),
        "stop_membership" => include_str!("../../data/templates/stop_membership.md"),
        "stop_membership_abroad" => include_str!("../../data/templates/stop_membership_abroad.md"),
        "stop_membership_settled" => {
            include_str!("../../data/templates/stop_membership_settled.md")
        }
        "restoration_record" => include_str!("../../data/templates/restoration_record.md"),
        "transfer_letter" => include_str!("../../data/templates/transfer_letter.md"),
        _ => return None,
    })
}

/// Why no draft was made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// The case has no record this paper is about (no disposition voted…).
    #[error("case {case}: nothing on record for {kind}")]
    Missing { case: CaseId, kind: &'static str },
    /// The template could not be read or asks for a field not given.
    #[error("template {name}: {}", .error.message)]
    Template { name: String, error: TemplateError },
}

impl DraftError {
    /// The message in the current language.
    pub fn message(&self) -> String {
        match self {
            DraftError::Missing { case, kind } => tf(
                &format!("papers.draft.missing.{kind}"),
                &[("id", case.to_string())],
            ),
            DraftError::Template { name, error } => {
                let key = if error.syntax {
                    "papers.draft.template_syntax"
                } else {
                    "papers.draft.template_field"
                };
                let line = error.line.map(|n| n.to_string()).unwrap_or_default();
                tf(
                    key,
                    &[
                        ("name", name.clone()),
                        ("line", line),
                        ("text", error.source_line.clone()),
                        ("reason", error.message.clone()),
                    ],
                )
            }
        }
    }
}

/// What a draft is made from: the fields and the template's name.
pub struct Selected {
    pub ctx: Ctx,
    /// The template for this path (`stop_membership_abroad` …).
    pub template: String,
}

/// The record `kind` is made from, its fields, and the template for its
/// path; `Missing` when the case has no such record.
pub fn select(
    kind: Kind,
    case: &Case,
    procs: &Procedures,
    today: NaiveDate,
) -> Result<Selected, DraftError> {
    let missing = DraftError::Missing {
        case: case.id,
        kind: kind.code(),
    };
    let d = def(kind).ok_or_else(|| missing.clone())?;
    let mut ctx = dv::member(case, today);
    if kind == Kind::TransferLetter {
        let tr = case.transfers.iter().rev().find(|x| x.reissued);
        dv::letter(&mut ctx, tr.ok_or(missing)?);
        return Ok(Selected {
            ctx,
            template: d.template.clone(),
        });
    }
    let track = case
        .tracks
        .iter()
        .rev()
        .find(|tr| {
            d.tracks.iter().any(|t| t == tr.kind.code())
                && (!d.needs_vote
                    || case
                        .decisions
                        .iter()
                        .any(|x| Some(x.track_id) == tr.id && x.passed))
        })
        .ok_or(missing)?;
    dv::track(&mut ctx, case, track, procs.track(track.kind));
    let template = d
        .by_track
        .get(track.kind.code())
        .unwrap_or(&d.template)
        .clone();
    Ok(Selected { ctx, template })
}

/// Every string of a value on one line (a note's line breaks become
/// spaces) with any other control character shown as text
/// (`domain::text::escape_line`): the data never writes the paper's markup
/// (a line of its own starting `#` or `>`) nor its layout.
fn escaped(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value as V;
    match v {
        V::String(s) => {
            let one = s.replace(['\n', '\r', '\t'], " ");
            V::String(crate::domain::text::escape_line(&one).into_owned())
        }
        V::Array(a) => V::Array(a.into_iter().map(escaped).collect()),
        V::Object(m) => V::Object(m.into_iter().map(|(k, x)| (k, escaped(x))).collect()),
        other => other,
    }
}

/// Render `source` (named `name` in messages) with the selected fields.
pub fn render(name: &str, source: &str, ctx: &Ctx) -> Result<Paper, DraftError> {
    let value = escaped(serde_json::Value::Object(ctx.clone()));
    let text = template::render(name, source, &value).map_err(|error| DraftError::Template {
        name: name.to_string(),
        error,
    })?;
    Ok(paper::parse(&text))
}

/// The paper in `format`.
pub fn write(p: &Paper, format: Format) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        Format::Docx => super::docx::render(p)?,
        Format::Html => paper::html(p).into_bytes(),
        Format::Md => paper::markdown(p).into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_papers_table_names_real_tracks_and_templates() {
        let defs = parse_papers(PAPERS_TOML).expect("valid");
        for k in Kind::ALL {
            assert!(defs.iter().any(|d| d.kind == k.code()), "{}", k.code());
        }
        for d in &defs {
            for t in d.tracks.iter().chain(d.by_track.keys()) {
                assert!(TrackKind::from_code(t).is_some(), "{t}");
            }
            for name in std::iter::once(&d.template).chain(d.by_track.values()) {
                assert!(embedded(name).is_some(), "template {name}");
            }
        }
    }
}
