//! The dossier's last part: the case's audit trail, every entry with its
//! local time, who, the action's name and its main values as labels (an
//! item by its name, a channel, track or result by its label), never codes.

use super::doc::Doc;
use super::dossier::{col, l};
use crate::domain::model::*;
use crate::domain::procedure::Procedures;
use crate::i18n::{Lang, lang, t};
use crate::store::AuditEntry;

/// What an export wrote: "一人一档（html）", "文书 停止党籍决定（docx）".
fn export_detail(v: &serde_json::Value) -> String {
    let what = v["what"].as_str().unwrap_or_default();
    let fmt = v["format"].as_str().unwrap_or_default();
    let key = format!("papers.export_what.{what}");
    let mut shown = match t(&key) {
        s if s == key => what.to_string(),
        s => s.to_string(),
    };
    if let Some(kind) = v["kind"].as_str() {
        let key = format!("papers.kind.{kind}");
        if t(&key) != key {
            shown = format!("{shown} {}", t(&key));
        }
    }
    format!("{shown}（{fmt}）")
}

/// A checklist item by its name in the case's procedures (latest first),
/// else in any procedure; its key only when no procedure names it.
fn item_label(key: &str, c: &Case, procs: &Procedures) -> String {
    let name = |d: &crate::domain::procedure::TrackDef| {
        d.find_item(key).map(|(_, it)| {
            if lang() == Lang::En {
                it.name_en.clone()
            } else {
                it.name_zh.clone()
            }
        })
    };
    c.tracks
        .iter()
        .rev()
        .filter_map(|tr| procs.track(tr.kind))
        .find_map(name)
        .or_else(|| {
            TrackKind::ALL
                .iter()
                .filter_map(|k| procs.track(*k))
                .find_map(name)
        })
        .unwrap_or_else(|| key.to_string())
}

/// The action's name as a label ("记录查找"); exports name what was written.
fn action_label(json: &str, c: &Case, procs: &Procedures) -> (String, String) {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let name = v["action"].as_str().unwrap_or("?").to_string();
    if name == "export" {
        return (t("papers.action.export").to_string(), export_detail(&v));
    }
    let mut detail = String::new();
    if name == "correct" {
        // A correction names the entry it corrects and says how.
        let seq = v["audit_seq"].as_i64().unwrap_or_default();
        detail = format!("#{seq} {} ", v["note"].as_str().unwrap_or_default());
    }
    for k in [
        "date", "received", "channel", "item", "track", "result", "outcome", "doc_no",
    ] {
        if let Some(s) = v[k].as_str().filter(|s| !s.is_empty()) {
            let shown = if k == "item" {
                item_label(s, c, procs)
            } else {
                code_label(&name, k, s)
            };
            detail.push_str(&format!("{shown} "));
        }
    }
    let key = match name.as_str() {
        "import" => "papers.action.import".to_string(),
        _ => format!("cli.action.{name}"),
    };
    let label = t(&key);
    // An action this version has no label for shows its code.
    let label = if label == key {
        name.clone()
    } else {
        label.to_string()
    };
    (label, detail.trim_end().to_string())
}

/// The display label of a coded value in an action (`letter` → 信函).
fn code_label(action: &str, key: &str, code: &str) -> String {
    let found: Option<String> = match (action, key) {
        (_, "channel") => Channel::from_code(code).map(|x| x.label_key()),
        (_, "track") => TrackKind::from_code(code).map(|x| x.label_key()),
        (_, "outcome") => ReviewOutcome::from_code(code).map(|x| x.label_key()),
        ("record_search", "result") => SearchResult::from_code(code).map(|x| x.label_key()),
        ("record_conduct", "result") => CheckResult::from_code(code).map(|x| x.label_key()),
        ("answer_appeal", "result") => AppealResult::from_code(code).map(|x| x.label_key()),
        ("record_correction_result", "result") => {
            CorrectionResult::from_code(code).map(|x| x.label_key())
        }
        ("record_persuasion_result", "result") => {
            PersuasionResult::from_code(code).map(|x| x.label_key())
        }
        _ => None,
    };
    found.map_or_else(|| code.to_string(), l)
}

pub(super) fn audit(
    doc: &mut Doc,
    history: &[AuditEntry],
    received: &[AuditEntry],
    c: &Case,
    procs: &Procedures,
) {
    doc.h2(t("papers.dossier.audit"));
    if !received.is_empty() {
        // A case received by handover: the sending unit's entries first,
        // under their own numbers, then this database's.
        let from = crate::app::received_from(history);
        doc.para(crate::i18n::tf(
            "papers.dossier.audit_received",
            &[("unit", from), ("n", received.len().to_string())],
        ));
        entries(doc, received, c, procs);
        doc.para(t("papers.dossier.audit_here").to_string());
    }
    entries(doc, history, c, procs);
}

fn entries(doc: &mut Doc, history: &[AuditEntry], c: &Case, procs: &Procedures) {
    let rows = history
        .iter()
        .map(|e| {
            let (what, detail) = action_label(&e.action, c, procs);
            vec![
                e.seq.to_string(),
                crate::clock::local(&e.at),
                e.user.clone(),
                what,
                detail,
            ]
        })
        .collect();
    doc.table(
        &["seq", "at", "user", "action", "detail"].map(col),
        rows,
        t("papers.dossier.none"),
    );
}
