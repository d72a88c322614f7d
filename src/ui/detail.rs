//! The case detail pane (案件详情): every field of the selected case in
//! sections, search records newest first with channel coverage, and the
//! history from the audit log. Scrolls.

use super::detail_entry::Entry;
use super::theme::Theme;
use crate::app::ReviewRow;
use crate::domain::checklist::Checklist;
use crate::domain::model::{AmendTarget, Campaign, Case, RecordId};
use crate::domain::procedure::Procedures;
use crate::i18n::{label, t, tf};
use crate::store::AuditEntry;
use chrono::NaiveDate;
use ratatui::text::{Line, Span};

/// The selected case with what the panes show of it.
pub struct CaseView {
    pub case: Case,
    pub checklist: Option<Checklist>,
    pub history: Vec<AuditEntry>,
    /// Each look-back campaign covering the case (or holding its review),
    /// with what its records say on each criterion.
    pub lookback: Vec<(Campaign, ReviewRow)>,
}

fn d(x: NaiveDate) -> String {
    x.format("%Y-%m-%d").to_string()
}

fn od(x: Option<NaiveDate>) -> String {
    x.map_or("-".to_string(), d)
}

struct Out<'t> {
    lines: Vec<Line<'static>>,
    /// (line index, entry) of the lines an amendment can start from.
    entries: Vec<(usize, Entry)>,
    theme: &'t Theme,
}

impl Out<'_> {
    /// The line just written is `e`, a recorded entry that can be amended.
    fn entry(&mut self, target: AmendTarget, record: Option<RecordId>) {
        if let Some(i) = self.lines.len().checked_sub(1) {
            self.entries.push((i, Entry { target, record }));
        }
    }

    fn head(&mut self, key: &str, count: Option<usize>) {
        let text = match count {
            Some(n) => format!("{} ({n})", t(key)),
            None => t(key).to_string(),
        };
        self.lines.push(Line::raw(""));
        self.lines
            .push(Line::from(Span::styled(text, self.theme.heading())));
    }

    fn kv(&mut self, key: &str, value: impl Into<String>) {
        self.lines.push(Line::from(vec![
            Span::styled(format!("{}: ", t(key)), self.theme.label()),
            Span::raw(value.into()),
        ]));
    }

    fn row(&mut self, text: String) {
        self.lines.push(Line::raw(format!("  {text}")));
    }

    fn none_if(&mut self, empty: bool) {
        if empty {
            self.lines.push(Line::from(Span::styled(
                format!("  {}", t("ui.detail.none")),
                self.theme.label(),
            )));
        }
    }
}

/// Every section of the case as lines, with the entries among them.
pub fn text(v: &CaseView, min_channels: u32, procedures: &Procedures, theme: &Theme) -> DetailText {
    let mut o = Out {
        lines: vec![],
        entries: vec![],
        theme,
    };
    identity(&mut o, &v.case);
    searches(&mut o, &v.case, min_channels);
    conduct(&mut o, &v.case);
    tracks(&mut o, &v.case);
    appeals(&mut o, &v.case);
    lookback(&mut o, &v.lookback, procedures);
    history(&mut o, &v.history);
    // The first line is the first section's blank separator.
    o.lines.remove(0);
    let entries = o
        .entries
        .into_iter()
        .filter_map(|(i, e)| Some((i.checked_sub(1)?, e)))
        .collect();
    DetailText {
        lines: o.lines,
        entries,
    }
}

/// The detail pane's lines and which of them are amendable entries.
pub struct DetailText {
    pub lines: Vec<Line<'static>>,
    pub entries: Vec<(usize, Entry)>,
}

fn identity(o: &mut Out, c: &Case) {
    let m = &c.member;
    o.head("ui.detail.identity", None);
    o.kv(
        "ui.field.name",
        format!("{}  ({})", m.name, label(m.gender.label_key())),
    );
    o.kv("ui.field.id_number", m.id_number.clone());
    o.kv("ui.field.birth_date", d(m.birth_date));
    o.entry(AmendTarget::Member, None);
    o.kv(
        "ui.col.status",
        format!(
            "{} ({} {})",
            label(c.status.label_key()),
            t("ui.detail.since"),
            d(c.status_since)
        ),
    );
    o.kv("ui.field.lost_cause", label(m.lost_cause.label_key()));
    o.head("ui.detail.membership", None);
    o.kv("ui.col.membership", label(m.membership.label_key()));
    if let Some(p) = m.probation_start {
        o.kv("ui.field.probation_start", d(p));
        o.entry(AmendTarget::Member, None);
    }
    for e in &c.extensions {
        o.row(tf(
            "ui.detail.extension",
            &[
                ("start", d(e.start)),
                ("months", e.months.to_string()),
                ("doc", e.doc_no.clone()),
            ],
        ));
    }
    o.kv(
        "ui.col.branch",
        format!(
            "{}{}",
            m.branch,
            if m.branch_exists {
                ""
            } else {
                t("ui.detail.branch_gone")
            }
        ),
    );
    o.kv("ui.field.committee", m.committee.clone());
    o.kv("ui.field.joined", d(m.joined));
    o.entry(AmendTarget::Member, None);
    o.kv("ui.field.focus_area", label(m.focus_area.label_key()));
    o.head("ui.detail.contact", None);
    o.kv("ui.field.phone", m.phone.clone());
    o.kv("ui.field.address", m.address.clone());
    o.kv("ui.field.employer", m.employer.clone());
    o.kv("ui.field.abroad", label(m.abroad.label_key()));
    o.kv("ui.col.lost_since", d(m.last_contact));
    o.entry(AmendTarget::Member, None);
    if let Some(r) = c.regained_on() {
        o.kv("ui.detail.regained_on", d(r));
        let m = c.milestones.iter().rev().find(|m| {
            m.kind == crate::domain::model::MilestoneKind::ContactRegained && m.date == r
        });
        o.entry(AmendTarget::Regained, m.and_then(|m| m.id));
    }
}

fn searches(o: &mut Out, c: &Case, min_channels: u32) {
    let covered = c.channels_covered().len();
    o.head("ui.detail.searches", Some(c.searches.len()));
    let cov = tf(
        "ui.detail.channels",
        &[
            ("n", covered.to_string()),
            ("min", min_channels.to_string()),
        ],
    );
    let style = if (covered as u32) < min_channels {
        o.theme.due_soon()
    } else {
        o.theme.done()
    };
    let glyph = if (covered as u32) < min_channels {
        "~ "
    } else {
        "  "
    };
    o.lines
        .push(Line::from(Span::styled(format!("{glyph}{cov}"), style)));
    let mut v: Vec<_> = c.searches.iter().collect();
    v.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
    for s in v {
        o.row(format!(
            "{} {} {} {} {}",
            d(s.date),
            label(s.channel.label_key()),
            s.who,
            label(s.result.label_key()),
            s.note
        ));
        o.entry(AmendTarget::Search, s.id);
    }
}

fn conduct(o: &mut Out, c: &Case) {
    o.head("ui.detail.conduct", Some(c.conduct.len()));
    o.none_if(c.conduct.is_empty());
    for r in &c.conduct {
        o.row(format!(
            "{} {} {} {}",
            d(r.date),
            label(r.check.label_key()),
            label(r.result.label_key()),
            r.note
        ));
        o.entry(AmendTarget::Conduct, r.id);
    }
    for r in &c.referrals {
        let out = r.outcome.map_or("-", |o| label(o.label_key()));
        o.row(format!(
            "{} {} {} {} {}",
            d(r.date),
            t("ui.detail.referral"),
            r.note,
            od(r.outcome_date),
            out
        ));
    }
}

fn tracks(o: &mut Out, c: &Case) {
    o.head("ui.detail.tracks", Some(c.tracks.len()));
    o.none_if(c.tracks.is_empty());
    for tr in &c.tracks {
        let state = match (tr.closed, tr.completed) {
            (None, _) => t("ui.detail.track_open").to_string(),
            (Some(x), true) => tf("ui.detail.track_done", &[("date", d(x))]),
            (Some(x), false) => tf("ui.detail.track_abandoned", &[("date", d(x))]),
        };
        o.row(format!(
            "{} {} [{state}] {}",
            d(tr.started),
            label(tr.kind.label_key()),
            tr.reason
        ));
        if !tr.override_reason.is_empty() {
            o.row(format!(
                "  {}: {}",
                t("ui.field.override_reason"),
                tr.override_reason
            ));
        }
        for dec in c.decisions.iter().filter(|x| Some(x.track_id) == tr.id) {
            o.row(tf(
                "ui.detail.vote",
                &[
                    ("date", d(dec.meeting_date)),
                    ("due", dec.due.to_string()),
                    ("attending", dec.attending.to_string()),
                    ("for", dec.votes_for.to_string()),
                    ("against", dec.against.to_string()),
                    ("abstain", dec.abstaining.to_string()),
                    (
                        "signature",
                        dec.signature
                            .map(|s| label(s.label_key()).to_string())
                            .unwrap_or_else(|| "-".into()),
                    ),
                ],
            ));
            o.entry(AmendTarget::Vote, dec.id);
        }
    }
    for s in &c.suspensions {
        o.row(tf(
            "ui.detail.suspension",
            &[("date", d(s.date)), ("restored", od(s.restored_on))],
        ));
    }
    for tr in &c.transfers {
        o.row(tf(
            "ui.detail.transfer",
            &[
                ("to", tr.to_org.clone()),
                ("no", tr.letter_no.clone()),
                ("date", d(tr.issued)),
                ("received", od(tr.received)),
            ],
        ));
    }
    for m in &c.milestones {
        o.row(format!(
            "{} {} {}",
            d(m.date),
            label(m.kind.label_key()),
            crate::i18n::milestone_note(m)
        ));
    }
}

fn appeals(o: &mut Out, c: &Case) {
    o.head("ui.detail.appeals", Some(c.appeals.len()));
    o.none_if(c.appeals.is_empty());
    for a in &c.appeals {
        let res = a.result.map_or("-", |r| label(r.label_key()));
        o.row(format!(
            "{} {} -> {} {} {}",
            d(a.received),
            a.note,
            od(a.answered),
            res,
            a.answer_note
        ));
    }
}

/// 回头看 [X三]: per campaign, the mark (flagged "~" / nothing flagged),
/// channels against the minimum, each criterion with what the records
/// say, and the review recorded (or "not reviewed yet").
fn lookback(o: &mut Out, rows: &[(Campaign, ReviewRow)], procs: &Procedures) {
    use crate::i18n::lookback as text;
    o.head("ui.detail.reviews", Some(rows.len()));
    o.none_if(rows.is_empty());
    for (c, r) in rows {
        o.row(text::campaign(c));
        let (glyph, mark, style) = if r.flagged {
            ("~ ", "lookback.text.flagged", o.theme.due_soon())
        } else {
            ("  ", "lookback.text.clean", o.theme.done())
        };
        let kind = tf(
            "lookback.text.alert_detail",
            &[("kind", label(r.review.kind.label_key()).to_string())],
        );
        let head = format!("{glyph}  {} {kind} {}", t(mark), d(r.review.disposed));
        o.lines.push(Line::from(Span::styled(head, style)));
        o.row(format!("    {}", text::channels(&r.review)));
        for cv in &r.review.criteria {
            let line = format!("      {}", text::criterion(cv, procs));
            if cv.findings.is_empty() {
                o.lines.push(Line::raw(line));
            } else {
                o.lines
                    .push(Line::from(Span::styled(line, o.theme.due_soon())));
            }
        }
        match &r.recorded {
            Some(rec) => text::recorded(rec)
                .into_iter()
                .for_each(|l| o.row(format!("    {l}"))),
            None => o.row(format!("    {}", t("lookback.text.pending"))),
        }
    }
}

fn history(o: &mut Out, h: &[AuditEntry]) {
    o.head("ui.detail.history", Some(h.len()));
    for e in h.iter().rev() {
        let name = serde_json::from_str::<serde_json::Value>(&e.action)
            .ok()
            .and_then(|v| v.get("action").and_then(|a| a.as_str()).map(str::to_string))
            .unwrap_or_else(|| e.action.clone());
        let shown = t(&format!("ui.action.{name}"));
        let mut row = format!(
            "#{} {} {} {shown}",
            e.seq,
            crate::clock::local(&e.at),
            e.user
        );
        if let Some(c) = e.correction_text() {
            row = format!("{row}: {c}");
        }
        o.row(row);
    }
}

#[cfg(test)]
#[path = "detail_tests.rs"]
mod tests;
