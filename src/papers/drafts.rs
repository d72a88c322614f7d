//! Drafts of the standard papers (处置决议, 停止党籍决定, 恢复党籍申请记录,
//! 补开的组织关系介绍信) from templates with `{{placeholder}}` fields filled
//! from the case. The operator edits the draft before printing. Rendering
//! only: the CLI picks the template (embedded or the operator's file).

use super::MARKING;
use crate::domain::model::*;
use crate::domain::procedure::{Procedures, TrackDef};
use crate::i18n::{Lang, label, lang, tf};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What is written where a value is not on record yet (filled in by hand).
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

    /// The template shipped in `data/templates/<kind>.md`.
    pub fn embedded(self) -> &'static str {
        match self {
            Kind::DispositionResolution => {
                include_str!("../../data/templates/disposition_resolution.md")
            }
            Kind::StopMembership => include_str!("../../data/templates/stop_membership.md"),
            Kind::RestorationRecord => include_str!("../../data/templates/restoration_record.md"),
            Kind::TransferLetter => include_str!("../../data/templates/transfer_letter.md"),
        }
    }

    /// The tracks whose decision this paper records.
    fn tracks(self) -> &'static [TrackKind] {
        match self {
            Kind::DispositionResolution => &[
                TrackKind::Correction,
                TrackKind::Removal,
                TrackKind::PersuadeWithdraw,
            ],
            Kind::StopMembership => &[
                TrackKind::Suspension,
                TrackKind::SuspensionAbroad,
                TrackKind::SuspendSettled,
            ],
            Kind::RestorationRecord => &[TrackKind::Restoration],
            Kind::TransferLetter => &[],
        }
    }
}

/// Why no draft was made.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// The case has no record this paper is about (no disposition voted…).
    #[error("case {case}: nothing on record for {kind}")]
    Missing { case: CaseId, kind: &'static str },
    /// The template names fields this program does not know.
    #[error("unknown placeholders: {0:?}")]
    Unknown(Vec<String>),
}

impl DraftError {
    /// The message in the current language.
    pub fn message(&self) -> String {
        match self {
            DraftError::Missing { case, kind } => tf(
                &format!("papers.draft.missing.{kind}"),
                &[("id", case.to_string())],
            ),
            DraftError::Unknown(v) => tf(
                "papers.draft.unknown",
                &[(
                    "list",
                    v.iter()
                        .map(|k| format!("{{{{{k}}}}}"))
                        .collect::<Vec<_>>()
                        .join("、"),
                )],
            ),
        }
    }
}

pub type Values = BTreeMap<String, String>;

fn l(key: String) -> String {
    label(key).to_string()
}

fn or_blank(s: &str) -> String {
    if s.trim().is_empty() {
        BLANK.to_string()
    } else {
        s.to_string()
    }
}

fn set(v: &mut Values, k: &str, s: impl AsRef<str>) {
    v.insert(k.to_string(), or_blank(s.as_ref()));
}

/// The values for `kind` from the case, or why there are none.
pub fn values(
    kind: Kind,
    case: &Case,
    procs: &Procedures,
    today: NaiveDate,
) -> Result<Values, DraftError> {
    let missing = DraftError::Missing {
        case: case.id,
        kind: kind.code(),
    };
    let mut v = member_values(case, today);
    if kind == Kind::TransferLetter {
        let tr = case
            .transfers
            .iter()
            .rev()
            .find(|x| x.reissued)
            .ok_or(missing)?;
        set(&mut v, "to_org", &tr.to_org);
        set(&mut v, "letter_no", &tr.letter_no);
        set(&mut v, "issued", tr.issued.to_string());
        return Ok(v);
    }
    let needs_vote = kind != Kind::RestorationRecord;
    let track = case
        .tracks
        .iter()
        .rev()
        .find(|tr| {
            kind.tracks().contains(&tr.kind)
                && (!needs_vote || case.decisions.iter().any(|d| Some(d.track_id) == tr.id))
        })
        .ok_or(missing)?;
    track_values(&mut v, case, track, procs.track(track.kind));
    Ok(v)
}

fn member_values(c: &Case, today: NaiveDate) -> Values {
    let m = &c.member;
    let mut v = Values::new();
    set(&mut v, "case_id", c.id.to_string());
    set(&mut v, "today", today.to_string());
    set(&mut v, "status", l(c.status.label_key()));
    set(&mut v, "name", &m.name);
    set(&mut v, "gender", l(m.gender.label_key()));
    set(&mut v, "id_number", &m.id_number);
    set(&mut v, "birth_date", m.birth_date.to_string());
    set(&mut v, "membership", l(m.membership.label_key()));
    set(&mut v, "branch", &m.branch);
    set(&mut v, "committee", &m.committee);
    set(&mut v, "joined", m.joined.to_string());
    set(&mut v, "phone", &m.phone);
    set(&mut v, "address", &m.address);
    set(&mut v, "employer", &m.employer);
    set(&mut v, "last_contact", m.last_contact.to_string());
    set(&mut v, "lost_cause", l(m.lost_cause.label_key()));
    let channels: Vec<String> = c
        .channels_covered()
        .iter()
        .map(|x| l(x.label_key()))
        .collect();
    set(&mut v, "channels", channels.join("、"));
    set(&mut v, "channel_count", channels.len().to_string());
    set(&mut v, "search_count", c.searches.len().to_string());
    set(
        &mut v,
        "last_search",
        c.last_search()
            .map(|s| s.date.to_string())
            .unwrap_or_default(),
    );
    let susp = c
        .suspensions
        .last()
        .map(|s| s.date.to_string())
        .unwrap_or_default();
    set(&mut v, "suspension_date", susp);
    let regained = c
        .milestones
        .iter()
        .rev()
        .find(|x| x.kind == MilestoneKind::ContactRegained);
    let text = regained.map(|x| tf("papers.draft.regained", &[("date", x.date.to_string())]));
    v.insert("regained_text".into(), text.unwrap_or_default());
    let conduct: Vec<String> = c.conduct.iter().map(conduct_line).collect();
    set(&mut v, "conduct_text", conduct.join("\n"));
    v
}

fn conduct_line(r: &ConductRecord) -> String {
    let (check, result) = (l(r.check.label_key()), l(r.result.label_key()));
    format!("- {} {check}：{result} {}", r.date, r.note)
}

fn item_name(def: &crate::domain::procedure::ItemDef) -> &str {
    if lang() == Lang::En {
        &def.name_en
    } else {
        &def.name_zh
    }
}

fn track_values(v: &mut Values, c: &Case, tr: &Track, def: Option<&TrackDef>) {
    let name = match (def, lang()) {
        (Some(d), Lang::Zh) => d.name_zh.clone(),
        (Some(d), Lang::En) => d.name_en.clone(),
        (None, _) => l(tr.kind.label_key()),
    };
    set(v, "disposition", &name);
    set(v, "track", &name);
    set(v, "track_started", tr.started.to_string());
    set(v, "reason", &tr.reason);
    let tid = tr.id.unwrap_or(-1);
    let done: Vec<&ItemRecord> = c.items_of(tid).collect();
    let mut steps = vec![];
    for (_, it) in def.iter().flat_map(|d| d.all_items()) {
        let rec = done.iter().find(|r| r.item == it.key);
        let body = l(rec.and_then(|r| r.body).unwrap_or(it.body).label_key());
        let k = |f: &str| format!("item.{}.{f}", it.key);
        set(
            v,
            &k("date"),
            rec.map(|r| r.date.to_string()).unwrap_or_default(),
        );
        set(
            v,
            &k("doc_no"),
            rec.map(|r| r.doc_no.as_str()).unwrap_or_default(),
        );
        set(
            v,
            &k("who"),
            rec.map(|r| r.who.as_str()).unwrap_or_default(),
        );
        set(
            v,
            &k("note"),
            rec.map(|r| r.note.as_str()).unwrap_or_default(),
        );
        set(v, &k("body"), &body);
        if it.effect {
            set(v, "approver", &body);
            set(
                v,
                "approval_date",
                rec.map(|r| r.date.to_string()).unwrap_or_default(),
            );
            set(
                v,
                "approval_doc_no",
                rec.map(|r| r.doc_no.as_str()).unwrap_or_default(),
            );
        }
        if let Some(r) = rec {
            steps.push(step_line(r, &body, item_name(it)));
        }
    }
    set(v, "steps_text", steps.join("\n"));
    decision_values(v, c, tid);
}

fn step_line(r: &ItemRecord, body: &str, name: &str) -> String {
    let mut s = format!("- {}，{body}：{name}", r.date);
    if !r.doc_no.is_empty() {
        s.push_str(&tf("papers.draft.doc_no", &[("no", r.doc_no.clone())]));
    }
    if !r.note.is_empty() {
        s.push_str(&format!("（{}）", r.note));
    }
    s
}

fn decision_values(v: &mut Values, c: &Case, track_id: RecordId) {
    let d = c.decisions.iter().rev().find(|d| d.track_id == track_id);
    let num = |f: fn(&Decision) -> u32| d.map(|d| f(d).to_string()).unwrap_or_default();
    set(
        v,
        "meeting_date",
        d.map(|d| d.meeting_date.to_string()).unwrap_or_default(),
    );
    set(v, "due", num(|d| d.due));
    set(v, "attending", num(|d| d.attending));
    set(v, "votes_for", num(|d| d.votes_for));
    set(v, "against", num(|d| d.against));
    set(v, "abstaining", num(|d| d.abstaining));
    let sig = d
        .and_then(|d| d.signature)
        .map(|s| l(s.label_key()))
        .unwrap_or_default();
    set(v, "signature", &sig);
    let text = match d {
        Some(d) if d.signature == Some(Signature::Signed) => BLANK.to_string(),
        Some(d) => format!("{sig}（{}）", d.signature_note),
        None => String::new(),
    };
    set(v, "signature_text", text);
}

/// Replace every `{{ key }}` of `template`; unknown keys are an error (a
/// typo in an operator's template must not print as a blank field).
pub fn fill(template: &str, values: &Values) -> Result<String, DraftError> {
    let mut out = String::with_capacity(template.len() + 256);
    let mut unknown = vec![];
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let key = after[..end].trim();
        match values.get(key) {
            // The case's data, never a control character (`domain::text`).
            Some(val) => out.push_str(&crate::domain::text::escape_text(val)),
            None => unknown.push(key.to_string()),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if !unknown.is_empty() {
        unknown.dedup();
        return Err(DraftError::Unknown(unknown));
    }
    if !out.contains(MARKING) {
        out = format!("{MARKING}\n\n{out}");
    }
    Ok(out)
}

/// The filled draft of `kind` for a case.
pub fn draft(
    kind: Kind,
    template: &str,
    case: &Case,
    procs: &Procedures,
    today: NaiveDate,
) -> Result<String, DraftError> {
    fill(template, &values(kind, case, procs, today)?)
}
