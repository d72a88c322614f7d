//! The fields a paper template sees (docs/PAPERS.md lists them): the
//! member, the case, the searches, the procedure with each checklist item,
//! the general meeting's vote and signature, as the case has them on
//! record. Dates are written as the paper writes them (2026年3月7日 in
//! Chinese); a value not on record is empty (a template writes
//! `{{ x | blank }}` for a line to fill by hand); facts a template tests
//! are booleans (`regained`, `signature_refused`, `probationary` …).

use super::template::cn_date;
use crate::domain::model::*;
use crate::domain::procedure::TrackDef;
use crate::i18n::{Lang, label, lang};
use chrono::NaiveDate;
use serde_json::{Map, Value, json};

pub type Ctx = Map<String, Value>;

/// A date as the paper writes it.
pub fn date(d: NaiveDate) -> String {
    if lang() == Lang::Zh {
        cn_date(d)
    } else {
        d.to_string()
    }
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

fn l(key: String) -> String {
    label(key).to_string()
}

/// "中共" before an organisation's name unless it is already there.
fn org(name: &str) -> String {
    if name.starts_with("中共") || name.starts_with("中国共产党") || name.is_empty() {
        name.to_string()
    } else {
        format!("中共{name}")
    }
}

/// The date contact was regained: the latest 重新取得联系 milestone (the
/// member's `last_contact` stays the date contact was lost).
pub fn regained_on(c: &Case) -> Option<NaiveDate> {
    c.milestones
        .iter()
        .filter(|m| m.kind == MilestoneKind::ContactRegained)
        .map(|m| m.date)
        .max()
}

/// Member, case, searches, conduct and suspension fields.
pub fn member(c: &Case, today: NaiveDate) -> Ctx {
    let m = &c.member;
    let channels: Vec<String> = c
        .channels_covered()
        .iter()
        .map(|x| l(x.label_key()))
        .collect();
    let regained = regained_on(c);
    let conduct: Vec<Value> = c
        .conduct
        .iter()
        .map(|r| {
            json!({"date": date(r.date), "check": l(r.check.label_key()),
                "result": l(r.result.label_key()), "note": r.note})
        })
        .collect();
    let conduct_text: Vec<String> = c
        .conduct
        .iter()
        .map(|r| {
            let note = super::template::sentence(r.note.clone());
            format!(
                "{}，{}：{}。{note}",
                date(r.date),
                l(r.check.label_key()),
                l(r.result.label_key())
            )
        })
        .collect();
    let v = json!({
        "case_id": c.id.to_string(),
        "today": date(today),
        "status": l(c.status.label_key()),
        "name": m.name,
        "gender": l(m.gender.label_key()),
        "id_number": m.id_number,
        "birth_date": date(m.birth_date),
        "membership": l(m.membership.label_key()),
        "probationary": m.membership == Membership::Probationary,
        "probation_start": opt_date(m.probation_start),
        "branch": m.branch,
        "committee": m.committee,
        "branch_org": org(&m.branch),
        "committee_org": org(&m.committee),
        "joined": date(m.joined),
        "phone": m.phone,
        "address": m.address,
        "employer": m.employer,
        "focus_area": l(m.focus_area.label_key()),
        "abroad": l(m.abroad.label_key()),
        "is_abroad": m.abroad != Abroad::No,
        "settled_abroad": m.abroad == Abroad::Settled,
        "last_contact": date(m.last_contact),
        "lost_cause": l(m.lost_cause.label_key()),
        "regained": regained.is_some(),
        "regained_date": opt_date(regained),
        "channels": channels.join("、"),
        "channel_count": channels.len().to_string(),
        "search_count": c.searches.len().to_string(),
        "last_search": opt_date(c.last_search().map(|s| s.date)),
        "conduct": conduct,
        "conduct_text": conduct_text.concat(),
        "suspension_date": opt_date(c.suspensions.last().map(|s| s.date)),
    });
    match v {
        Value::Object(m) => m,
        _ => Ctx::new(),
    }
}

fn item_name(def: &crate::domain::procedure::ItemDef) -> &str {
    if lang() == Lang::En {
        &def.name_en
    } else {
        &def.name_zh
    }
}

/// The procedure: its name and code, when and why it was chosen, each
/// checklist item (`item.<key>`), the items done as one sentence
/// (`steps_text`), the approving body, and the vote.
pub fn track(v: &mut Ctx, c: &Case, tr: &Track, def: Option<&TrackDef>) {
    let name = match (def, lang()) {
        (Some(d), Lang::Zh) => d.name_zh.clone(),
        (Some(d), Lang::En) => d.name_en.clone(),
        (None, _) => l(tr.kind.label_key()),
    };
    v.insert("disposition".into(), json!(name));
    v.insert("track".into(), json!(name));
    v.insert("track_code".into(), json!(tr.kind.code()));
    v.insert("track_started".into(), json!(date(tr.started)));
    v.insert("reason".into(), json!(tr.reason));
    v.insert(
        "months".into(),
        json!(tr.months.map(|m| m.to_string()).unwrap_or_default()),
    );
    // The N三 ground as the Notice words it, without its number: "理想信念缺失…".
    let ground = tr.ground.map(|g| l(g.label_key())).unwrap_or_default();
    let ground = ground
        .trim_start_matches(|c: char| "（）()1234".contains(c))
        .to_string();
    v.insert("ground".into(), json!(ground));
    let tid = tr.id.unwrap_or(-1);
    let done: Vec<&ItemRecord> = c.items_of(tid).collect();
    let mut items = Map::new();
    let mut steps = vec![];
    for (_, it) in def.iter().flat_map(|d| d.all_items()) {
        let rec = done.iter().find(|r| r.item == it.key);
        let body = l(rec.and_then(|r| r.body).unwrap_or(it.body).label_key());
        let item = json!({
            "done": rec.is_some(),
            "name": item_name(it),
            "body": body,
            "date": opt_date(rec.map(|r| r.date)),
            "doc_no": rec.map(|r| r.doc_no.as_str()).unwrap_or_default(),
            "who": rec.map(|r| r.who.as_str()).unwrap_or_default(),
            "note": rec.map(|r| r.note.as_str()).unwrap_or_default(),
        });
        if it.effect {
            v.insert("approver".into(), json!(body));
            v.insert("approval_date".into(), item["date"].clone());
            v.insert("approval_doc_no".into(), item["doc_no"].clone());
        }
        if let Some(r) = rec {
            let mut s = format!("{}，{}", date(r.date), item_name(it));
            if !r.doc_no.is_empty() {
                s.push_str(&format!("（{}）", r.doc_no));
            }
            steps.push(s);
        }
        items.insert(it.key.clone(), item);
    }
    for k in ["approver", "approval_date", "approval_doc_no"] {
        v.entry(k).or_insert(json!(""));
    }
    let text = if steps.is_empty() {
        String::new()
    } else {
        format!("{}。", steps.join("；"))
    };
    v.insert("steps_text".into(), json!(text));
    v.insert("item".into(), Value::Object(items));
    vote(v, c, tid);
}

/// The vote on the track as recorded (the latest that passed; a failed
/// vote only when none passed), and the member's signature.
fn vote(v: &mut Ctx, c: &Case, track_id: RecordId) {
    let of_track = || c.decisions.iter().rev().filter(|d| d.track_id == track_id);
    let d = of_track().find(|d| d.passed).or_else(|| of_track().next());
    let n = |f: fn(&Decision) -> u32| d.map(|d| f(d).to_string()).unwrap_or_default();
    let sig = d.and_then(|d| d.signature);
    let sig_label = sig.map(|s| l(s.label_key())).unwrap_or_default();
    let note = d.map(|d| d.signature_note.clone()).unwrap_or_default();
    let text = match d {
        Some(d) if d.signature == Some(Signature::Signed) => super::drafts::BLANK.to_string(),
        Some(_) if note.is_empty() => sig_label.clone(),
        Some(_) => format!("{sig_label}（{note}）"),
        None => String::new(),
    };
    let fields = json!({
        "voted": d.is_some(),
        "passed": d.is_some_and(|d| d.passed),
        "meeting_date": opt_date(d.map(|d| d.meeting_date)),
        "due": n(|d| d.due),
        "attending": n(|d| d.attending),
        "votes_for": n(|d| d.votes_for),
        "against": n(|d| d.against),
        "abstaining": n(|d| d.abstaining),
        "signature": sig_label,
        "signature_signed": sig == Some(Signature::Signed),
        "signature_refused": sig == Some(Signature::Refused),
        "signature_unable": sig == Some(Signature::Unable),
        "signature_note": note,
        "signature_text": text,
    });
    if let Value::Object(m) = fields {
        v.extend(m);
    }
}

/// The reissued introduction letter's fields.
pub fn letter(v: &mut Ctx, tr: &Transfer) {
    v.insert("to_org".into(), json!(tr.to_org));
    v.insert("letter_no".into(), json!(tr.letter_no));
    v.insert("issued".into(), json!(date(tr.issued)));
}
