//! One dossier per person (一人一档, 全程纪实, N五): identity, every search
//! record, the conduct checks, each procedure step with dates, bodies and
//! document numbers, decisions with votes and signatures, appeals, reviews
//! and the audit trail, in order. Rendering only.

use super::doc::{self, Cell, Doc};
use super::dossier_amend::cell;
use crate::domain::model::*;
use crate::domain::procedure::Procedures;
use crate::i18n::{label, t, tf};
use crate::store::AuditEntry;
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
    Txt,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "md" => Some(Format::Md),
            "html" => Some(Format::Html),
            "txt" => Some(Format::Txt),
            _ => None,
        }
    }
}

pub struct DossierData<'a> {
    pub case: &'a Case,
    pub history: &'a [AuditEntry],
    /// The sending database's entries of a case received by handover
    /// (`Store::received_history`), empty otherwise.
    pub received: &'a [AuditEntry],
    pub procedures: &'a Procedures,
    pub today: NaiveDate,
}

pub fn render(d: &DossierData<'_>, f: Format) -> String {
    let doc = build(d);
    match f {
        Format::Md => doc::markdown(&doc),
        Format::Html => doc::html(&doc),
        Format::Txt => doc::text(&doc),
    }
}

fn opt(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    t(if b { "papers.yes" } else { "papers.no" }).to_string()
}

pub(super) fn l<T>(key: T) -> String
where
    T: Into<String>,
{
    label(key.into()).to_string()
}

/// The whole dossier as a document.
pub fn build(d: &DossierData<'_>) -> Doc {
    let c = d.case;
    let mut doc = Doc {
        title: tf("papers.dossier.title", &[("name", c.member.name.clone())]),
        subtitle: vec![tf(
            "papers.dossier.subtitle",
            &[
                ("id", c.id.to_string()),
                ("status", l(c.status.label_key())),
                ("since", c.status_since.to_string()),
                ("today", d.today.to_string()),
            ],
        )],
        blocks: vec![],
    };
    identity(&mut doc, c);
    searches(&mut doc, c);
    conduct(&mut doc, c);
    relations(&mut doc, c);
    super::dossier_steps::procedures(&mut doc, c, d.procedures);
    after(&mut doc, c);
    super::dossier_audit::audit(&mut doc, d.history, d.received, c, d.procedures);
    doc
}

fn identity(doc: &mut Doc, c: &Case) {
    let m = &c.member;
    doc.h2(t("papers.dossier.identity"));
    // A member field an amendment corrected shows its earlier value struck.
    let f = |k: &str, v: String| {
        let v = cell(c, AmendTarget::Member, None, k, v);
        (t(&format!("papers.col.{k}")).to_string(), v)
    };
    doc.fields(vec![
        f("name", m.name.clone()),
        f("gender", l(m.gender.label_key())),
        f("id_number", m.id_number.clone()),
        f("birth_date", m.birth_date.to_string()),
        f("membership", l(m.membership.label_key())),
        f("probation_start", opt(m.probation_start)),
        f("committee", m.committee.clone()),
        f("branch", m.branch.clone()),
        f("branch_exists", yes_no(m.branch_exists)),
        f("joined", m.joined.to_string()),
        f("phone", m.phone.clone()),
        f("address", m.address.clone()),
        f("employer", m.employer.clone()),
        f("focus_area", l(m.focus_area.label_key())),
        f("abroad", l(m.abroad.label_key())),
        f("last_contact", m.last_contact.to_string()),
        f("lost_cause", l(m.lost_cause.label_key())),
        f("status", l(c.status.label_key())),
    ]);
}

fn searches(doc: &mut Doc, c: &Case) {
    doc.h2(t("papers.dossier.searches"));
    let covered: Vec<String> = c
        .channels_covered()
        .iter()
        .map(|x| l(x.label_key()))
        .collect();
    doc.para(tf(
        "papers.dossier.channels",
        &[
            ("n", covered.len().to_string()),
            ("list", covered.join("、")),
        ],
    ));
    let rows = c
        .searches
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let a = |field: &str, now: String| cell(c, AmendTarget::Search, r.id, field, now);
            vec![
                Cell::from((i + 1).to_string()),
                a("date", r.date.to_string()),
                a("channel", l(r.channel.label_key())),
                a("who", r.who.clone()),
                a("result", l(r.result.label_key())),
                a("note", r.note.clone()),
            ]
        })
        .collect();
    let h = ["index", "date", "channel", "who", "result", "note"].map(col);
    doc.table(&h, rows, t("papers.dossier.none"));
}

pub(super) fn col(k: &str) -> &'static str {
    t(&format!("papers.col.{k}"))
}

fn conduct(doc: &mut Doc, c: &Case) {
    doc.h2(t("papers.dossier.conduct"));
    let rows = c
        .conduct
        .iter()
        .map(|r| {
            let a = |field: &str, now: String| cell(c, AmendTarget::Conduct, r.id, field, now);
            vec![
                a("date", r.date.to_string()),
                a("check", l(r.check.label_key())),
                a("result", l(r.result.label_key())),
                a("note", r.note.clone()),
            ]
        })
        .collect();
    doc.table(
        &["date", "check", "result", "note"].map(col),
        rows,
        t("papers.dossier.none"),
    );
    if !c.referrals.is_empty() {
        doc.h3(t("papers.dossier.referrals").to_string());
        let rows = c
            .referrals
            .iter()
            .map(|r| {
                let dis = r.outcome.map(|o| l(o.label_key())).unwrap_or_default();
                vec![
                    r.date.to_string(),
                    r.note.clone(),
                    opt(r.outcome_date),
                    dis,
                    r.outcome_note.clone(),
                ]
            })
            .collect();
        let h = [
            "date",
            "note",
            "outcome_date",
            "disciplined",
            "outcome_note",
        ]
        .map(col);
        doc.table(&h, rows, "");
    }
}

/// Transfers, retention and probation records.
fn relations(doc: &mut Doc, c: &Case) {
    let mut rows: Vec<Vec<String>> = vec![];
    for x in &c.transfers {
        let what = if x.reissued {
            t("papers.dossier.letter_reissued")
        } else {
            t("papers.dossier.letter")
        };
        let rec = tf("papers.dossier.received", &[("date", opt(x.received))]);
        rows.push(vec![
            x.issued.to_string(),
            what.into(),
            x.letter_no.clone(),
            format!("{} {rec}", x.to_org),
        ]);
    }
    for x in &c.retentions {
        rows.push(vec![
            x.date.to_string(),
            t("papers.dossier.retention").into(),
            x.doc_no.clone(),
            x.note.clone(),
        ]);
    }
    for x in &c.extensions {
        let months = tf("papers.dossier.months", &[("n", x.months.to_string())]);
        rows.push(vec![
            x.start.to_string(),
            t("papers.dossier.extension").into(),
            x.doc_no.clone(),
            months,
        ]);
    }
    rows.sort_by(|a, b| a[0].cmp(&b[0]));
    doc.h2(t("papers.dossier.relations"));
    let none = t("papers.dossier.none");
    doc.table(&["date", "record", "doc_no", "note"].map(col), rows, none);
}

fn after(doc: &mut Doc, c: &Case) {
    // Every numbered section is printed, empty ones as （无）, so the
    // numbering of the paper has no gaps.
    {
        doc.h2(t("papers.dossier.suspensions"));
        let rows = c
            .suspensions
            .iter()
            .map(|s| {
                vec![
                    s.date.to_string(),
                    yes_no(s.abroad),
                    opt(s.restored_on),
                    opt(s.removed_on),
                ]
            })
            .collect();
        doc.table(
            &["date", "abroad", "restored_on", "removed_on"].map(col),
            rows,
            t("papers.dossier.none"),
        );
    }
    doc.h2(t("papers.dossier.appeals"));
    let rows = c
        .appeals
        .iter()
        .map(|a| {
            let res = a.result.map(|r| l(r.label_key())).unwrap_or_default();
            vec![
                a.received.to_string(),
                a.note.clone(),
                opt(a.answered),
                res,
                a.answer_note.clone(),
            ]
        })
        .collect();
    doc.table(
        &["received", "note", "answered", "result", "answer_note"].map(col),
        rows,
        t("papers.dossier.none"),
    );
    doc.h2(t("papers.dossier.reviews"));
    let rows = c
        .reviews
        .iter()
        .map(|r| vec![r.date.to_string(), l(r.outcome.label_key()), r.note.clone()])
        .collect();
    doc.table(
        &["date", "result", "note"].map(col),
        rows,
        t("papers.dossier.none"),
    );
    {
        doc.h2(t("papers.dossier.milestones"));
        let rows = c
            .milestones
            .iter()
            .map(|m| {
                let date = match m.kind {
                    MilestoneKind::ContactRegained => {
                        cell(c, AmendTarget::Regained, m.id, "date", m.date.to_string())
                    }
                    _ => Cell::from(m.date.to_string()),
                };
                vec![
                    date,
                    Cell::from(l(m.kind.label_key())),
                    Cell::from(crate::i18n::milestone_note(m)),
                ]
            })
            .collect();
        let none = t("papers.dossier.none");
        doc.table(&["date", "record", "note"].map(col), rows, none);
    }
}
