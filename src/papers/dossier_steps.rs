//! The procedure part of the dossier: every track with each step's items
//! (date, body, who, document number, or "not done"), then the general
//! meeting's vote and the member's signature.

use super::doc::{Cell, Doc};
use super::dossier::{col, l};
use super::dossier_amend::{cell, vote_versions};
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
fn step_rows(c: &Case, track_id: RecordId, def: Option<&TrackDef>) -> Vec<Vec<Cell>> {
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
                    rows.push(item_row(c, &sname, iname.clone(), r, it.body));
                }
                match recs.first() {
                    Some(_) => {}
                    None => rows.push(
                        [
                            sname.clone(),
                            iname,
                            l(it.body.label_key()),
                            String::new(),
                            String::new(),
                            String::new(),
                            t("papers.dossier.pending").into(),
                        ]
                        .map(Cell::from)
                        .to_vec(),
                    ),
                }
            }
        }
    }
    let known = |r: &&&ItemRecord| def.is_some_and(|d| d.find_item(&r.item).is_some());
    for r in done.iter().filter(|r| !known(r)) {
        rows.push(item_row(
            c,
            &r.step.to_string(),
            r.item.clone(),
            r,
            Body::Branch,
        ));
    }
    rows
}

fn item_row(c: &Case, step: &str, name: String, r: &ItemRecord, default_body: Body) -> Vec<Cell> {
    let body = r.body.unwrap_or(default_body);
    let a = |field: &str, now: String| cell(c, AmendTarget::Item, r.id, field, now);
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
        Cell::from(step.to_string()),
        Cell::from(name),
        Cell::from(l(body.label_key())),
        a("date", r.date.to_string()),
        a("who", r.who.clone()),
        a("doc_no", r.doc_no.clone()),
        a("note", note),
    ]
}

fn decisions(doc: &mut Doc, c: &Case, track_id: RecordId) {
    for d in c.decisions.iter().filter(|d| d.track_id == track_id) {
        let mut sig = d.signature.map(|s| l(s.label_key())).unwrap_or_default();
        if !d.signature_note.is_empty() {
            sig = format!("{sig}（{}）", d.signature_note);
        }
        // Figures an amendment corrected: each earlier count struck through.
        let vote = Cell {
            struck: vote_versions(c, d).iter().map(vote_text).collect(),
            text: vote_text(&[d.due, d.attending, d.votes_for, d.against, d.abstaining]),
        };
        doc.fields(vec![
            (
                t("papers.dossier.meeting").to_string(),
                Cell::from(d.meeting_date.to_string()),
            ),
            (t("papers.dossier.vote").to_string(), vote),
            (
                t("papers.dossier.vote_result").to_string(),
                Cell::from(l(if d.passed {
                    "enum.vote.passed"
                } else {
                    "enum.vote.failed"
                }
                .to_string())),
            ),
            (t("papers.dossier.signature").to_string(), Cell::from(sig)),
        ]);
    }
}

/// Due, attending, for, against, abstaining as the dossier says them.
fn vote_text(v: &[u32; 5]) -> String {
    tf(
        "papers.dossier.vote_text",
        &[
            ("due", v[0].to_string()),
            ("attending", v[1].to_string()),
            ("for", v[2].to_string()),
            ("against", v[3].to_string()),
            ("abstaining", v[4].to_string()),
        ],
    )
}
