//! The procedure part of the dossier: every track with each step's items
//! (date, body, who, document number, or "not done"), then the general
//! meeting's vote and the member's signature.

use super::doc::Doc;
use super::dossier::{col, l};
use crate::domain::model::*;
use crate::domain::procedure::{Procedures, TrackDef};
use crate::i18n::{Lang, lang, t, tf};

fn track_name(def: Option<&TrackDef>, k: TrackKind) -> String {
    match (def, lang()) {
        (Some(d), Lang::Zh) => d.name_zh.clone(),
        (Some(d), Lang::En) => d.name_en.clone(),
        (None, _) => l(k.label_key()),
    }
}

pub(super) fn procedures(doc: &mut Doc, c: &Case, procs: &Procedures) {
    doc.h2(t("papers.dossier.procedures"));
    if c.tracks.is_empty() {
        doc.para(t("papers.dossier.none").to_string());
    }
    for (i, tr) in c.tracks.iter().enumerate() {
        let def = procs.track(tr.kind);
        doc.h3(format!("{}. {}", i + 1, track_name(def, tr.kind)));
        let state = match (tr.closed, tr.completed) {
            (Some(d), true) => tf("papers.dossier.completed", &[("date", d.to_string())]),
            (Some(d), false) => tf("papers.dossier.abandoned", &[("date", d.to_string())]),
            (None, _) => t("papers.dossier.open").to_string(),
        };
        let mut f = vec![
            (col("started").to_string(), tr.started.to_string()),
            (col("state").to_string(), state),
            (col("reason").to_string(), tr.reason.clone()),
        ];
        if !tr.override_reason.is_empty() {
            f.push((col("override").to_string(), tr.override_reason.clone()));
        }
        if let Some(g) = tr.ground {
            f.push((t("papers.dossier.ground").to_string(), l(g.label_key())));
        }
        if let Some(m) = tr.months {
            let months = tf("papers.dossier.period_months", &[("n", m.to_string())]);
            f.push((t("papers.dossier.period").to_string(), months));
        }
        doc.fields(f);
        let tid = tr.id.unwrap_or(-1);
        doc.table(
            &["step", "item", "body", "date", "who", "doc_no", "note"].map(col),
            step_rows(c, tid, def),
            t("papers.dossier.none"),
        );
        decisions(doc, c, tid);
    }
}

/// One row per checklist item of the procedure (done or not), then any
/// recorded item the procedure no longer names.
fn step_rows(c: &Case, track_id: RecordId, def: Option<&TrackDef>) -> Vec<Vec<String>> {
    let done: Vec<&ItemRecord> = c.items_of(track_id).collect();
    let mut rows = vec![];
    let zh = lang() == Lang::Zh;
    if let Some(def) = def {
        for (si, step) in def.steps.iter().enumerate() {
            let sname = format!(
                "{} {}",
                si + 1,
                if zh { &step.name_zh } else { &step.name_en }
            );
            for it in &step.items {
                let iname = if zh {
                    it.name_zh.clone()
                } else {
                    it.name_en.clone()
                };
                // Every attempt of the item, a rejected one too (全程纪实).
                let recs: Vec<&&ItemRecord> = done.iter().filter(|r| r.item == it.key).collect();
                for r in &recs {
                    rows.push(item_row(&sname, iname.clone(), r, it.body));
                }
                match recs.first() {
                    Some(_) => {}
                    None => rows.push(vec![
                        sname.clone(),
                        iname,
                        l(it.body.label_key()),
                        String::new(),
                        String::new(),
                        String::new(),
                        t("papers.dossier.pending").into(),
                    ]),
                }
            }
        }
    }
    let known = |r: &&&ItemRecord| def.is_some_and(|d| d.find_item(&r.item).is_some());
    for r in done.iter().filter(|r| !known(r)) {
        rows.push(item_row(
            &r.step.to_string(),
            r.item.clone(),
            r,
            Body::Branch,
        ));
    }
    rows
}

fn item_row(step: &str, name: String, r: &ItemRecord, default_body: Body) -> Vec<String> {
    let body = r.body.unwrap_or(default_body);
    let mut note = r.note.clone();
    if r.attempt > 1 || r.outcome == Some(ItemOutcome::Rejected) {
        let n = ("n", r.attempt.to_string());
        let mark = match r.outcome {
            Some(o) => tf(
                "papers.dossier.attempt",
                &[n, ("outcome", l(o.label_key()))],
            ),
            None => tf("papers.dossier.attempt_plain", &[n]),
        };
        note = format!("{mark} {note}").trim().to_string();
    }
    vec![
        step.to_string(),
        name,
        l(body.label_key()),
        r.date.to_string(),
        r.who.clone(),
        r.doc_no.clone(),
        note,
    ]
}

fn decisions(doc: &mut Doc, c: &Case, track_id: RecordId) {
    for d in c.decisions.iter().filter(|d| d.track_id == track_id) {
        let mut sig = d.signature.map(|s| l(s.label_key())).unwrap_or_default();
        if !d.signature_note.is_empty() {
            sig = format!("{sig}（{}）", d.signature_note);
        }
        doc.fields(vec![
            (
                t("papers.dossier.meeting").to_string(),
                d.meeting_date.to_string(),
            ),
            (
                t("papers.dossier.vote").to_string(),
                tf(
                    "papers.dossier.vote_text",
                    &[
                        ("due", d.due.to_string()),
                        ("attending", d.attending.to_string()),
                        ("for", d.votes_for.to_string()),
                        ("against", d.against.to_string()),
                        ("abstaining", d.abstaining.to_string()),
                    ],
                ),
            ),
            (
                t("papers.dossier.vote_result").to_string(),
                l(if d.passed {
                    "enum.vote.passed"
                } else {
                    "enum.vote.failed"
                }
                .to_string()),
            ),
            (t("papers.dossier.signature").to_string(), sig),
        ]);
    }
}
