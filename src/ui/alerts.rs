//! The alert pane (期限提醒): every deadline, most urgent first, grouped
//! overdue / within 7 days / within 30 days / later, with days left.

use super::roster::{deadline_label, due_text, short_branch};
use super::text::{column_widths, pad};
use super::theme::Theme;
use crate::app::Workspace;
use crate::domain::deadline::{Urgency, urgency};
use crate::domain::model::CaseId;
use crate::i18n::{t, tf};
use crate::store::{AlertRow, OrgUnit};
use chrono::NaiveDate;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

/// How many alerts the pane holds at once (the title shows the full count).
pub const ALERT_WINDOW: usize = 2000;

#[derive(Default)]
pub struct AlertsState {
    pub rows: Vec<AlertRow>,
    pub count: u64,
    pub overdue: usize,
    pub selected: usize,
}

impl AlertsState {
    /// Reload the alerts of `scope` (the organisation tree's choice).
    pub fn reload(
        &mut self,
        ws: &Workspace,
        today: NaiveDate,
        scope: &OrgUnit,
    ) -> Result<(), crate::store::StoreError> {
        if scope.committee.is_none() {
            self.rows = ws.alerts(today, None, None, ALERT_WINDOW)?;
            self.count = ws.store().live_alert_count(today, None)?;
        } else {
            self.rows = ws.store().unit_alerts(scope, today, ALERT_WINDOW)?;
            self.count = ws.store().unit_alert_count(scope)?;
        }
        self.overdue = self.rows.iter().filter(|r| r.deadline.due < today).count();
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    pub fn selected_case(&self) -> Option<CaseId> {
        self.rows.get(self.selected).map(|r| r.deadline.case)
    }

    pub fn title(&self) -> String {
        tf(
            "ui.alerts.title",
            &[
                ("count", self.count.to_string()),
                ("overdue", self.overdue.to_string()),
            ],
        )
    }

    /// List items with group headings; returns the display index of the selection.
    pub fn items(
        &self,
        today: NaiveDate,
        theme: &Theme,
        width: u16,
    ) -> (Vec<ListItem<'static>>, Option<usize>) {
        let widths = column_widths(&COLS, width, 1);
        let mut out = vec![];
        let mut group = None;
        let mut sel = None;
        for (i, r) in self.rows.iter().enumerate() {
            let u = urgency(r.deadline.days_left(today));
            if group != Some(u) {
                group = Some(u);
                let n = self
                    .rows
                    .iter()
                    .filter(|x| urgency(x.deadline.days_left(today)) == u)
                    .count();
                let head = format!("{} ({n})", t(group_key(u)));
                out.push(ListItem::new(Line::from(Span::styled(
                    head,
                    theme.heading(),
                ))));
            }
            if i == self.selected {
                sel = Some(out.len());
            }
            out.push(ListItem::new(row(r, today, theme, &widths)));
        }
        (out, sel)
    }
}

fn group_key(u: Urgency) -> &'static str {
    match u {
        Urgency::Overdue => "ui.alerts.overdue",
        Urgency::Week => "ui.alerts.week",
        Urgency::Month => "ui.alerts.month",
        Urgency::Later => "ui.alerts.later",
    }
}

/// The alert columns: glyph, due date, days left, name, kind, detail, branch.
const COLS: [Constraint; 7] = [
    Constraint::Length(1),
    Constraint::Length(10),
    Constraint::Length(10),
    Constraint::Length(8),
    Constraint::Length(12),
    Constraint::Fill(2),
    Constraint::Fill(3),
];

/// One alert in columns that line up (each cut to its width with a
/// visible mark, padded so the next column starts where it should).
fn row(r: &AlertRow, today: NaiveDate, theme: &Theme, w: &[u16]) -> Line<'static> {
    let (text, glyph, style) = due_text(r.deadline.due, today, theme);
    let col = |i: usize, s: &str| {
        let n = w.get(i).copied().unwrap_or(0) as usize;
        let gap = if i + 1 < COLS.len() { " " } else { "" };
        format!("{}{gap}", pad(s, n))
    };
    let detail = if r.deadline.detail.is_empty() {
        String::new()
    } else {
        detail_text(&r.deadline)
    };
    let branch = short_branch(&r.branch, &r.committee);
    Line::from(vec![
        Span::styled(col(0, glyph), style),
        Span::styled(
            col(1, &r.deadline.due.format("%Y-%m-%d").to_string()),
            style,
        ),
        Span::styled(col(2, &text), style),
        Span::raw(col(3, &r.name)),
        Span::styled(col(4, deadline_label(r.deadline.kind)), theme.key()),
        Span::raw(col(5, &detail)),
        Span::styled(col(6, branch), theme.label()),
    ])
}

/// The deadline's detail, translated when it is a coded value.
fn detail_text(d: &crate::domain::deadline::Deadline) -> String {
    use crate::domain::deadline::DeadlineKind as K;
    use crate::domain::model::Channel;
    let coded = match d.kind {
        K::SearchStale => Channel::from_code(&d.detail).map(|c| c.label_key()),
        K::LookbackReview => {
            return crate::i18n::lookback::alert_detail(&d.detail)
                .unwrap_or_else(|| d.detail.clone());
        }
        _ => None,
    };
    coded.map_or_else(|| d.detail.clone(), |k| crate::i18n::label(k).to_string())
}
