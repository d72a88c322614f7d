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
/// Alerts read at a time: the first page on a reload or a change of scope,
/// the next as the selection nears the last row read (up to the window).
/// At 1M cases a committee's 2,000 rows take ~30 ms to read through the
/// default page cache; a page of 200 a tenth of that (docs/BENCHMARKS.md).
pub const ALERT_PAGE: usize = 200;

#[derive(Default)]
pub struct AlertsState {
    pub rows: Vec<AlertRow>,
    pub count: u64,
    pub overdue: usize,
    pub selected: usize,
    /// The last read returned all it asked for: more rows may follow.
    more: bool,
}

/// `limit` alerts of `scope` after `after`, in the pane's order.
fn read(
    ws: &Workspace,
    today: NaiveDate,
    scope: &OrgUnit,
    after: Option<crate::store::AlertKey>,
    limit: usize,
) -> Result<Vec<AlertRow>, crate::store::StoreError> {
    if scope.committee.is_none() {
        ws.alerts(today, None, after, limit)
    } else {
        ws.store().unit_alerts(scope, today, after, limit)
    }
}

impl AlertsState {
    /// Reload the alerts of `scope` (the organisation tree's choice): as
    /// many rows as were read before (at least a page), so the selection
    /// stays where it was.
    pub fn reload(
        &mut self,
        ws: &Workspace,
        today: NaiveDate,
        scope: &OrgUnit,
    ) -> Result<(), crate::store::StoreError> {
        let want = self.rows.len().clamp(ALERT_PAGE, ALERT_WINDOW);
        self.rows = read(ws, today, scope, None, want)?;
        self.more = self.rows.len() == want;
        self.count = if scope.committee.is_none() {
            ws.store().live_alert_count(today, None)?
        } else {
            ws.store().unit_alert_count(scope)?
        };
        let overdue = ws.store().unit_overdue_upto(scope, today, ALERT_WINDOW)?;
        self.overdue = usize::try_from(overdue).unwrap_or(ALERT_WINDOW);
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    /// A new scope: its first page, the first row selected.
    pub fn restart(
        &mut self,
        ws: &Workspace,
        today: NaiveDate,
        scope: &OrgUnit,
    ) -> Result<(), crate::store::StoreError> {
        self.rows.clear();
        self.selected = 0;
        self.reload(ws, today, scope)
    }

    /// Read on until `upto` rows are held (at most the window), if more
    /// rows follow.
    pub fn grow(
        &mut self,
        ws: &Workspace,
        today: NaiveDate,
        scope: &OrgUnit,
        upto: usize,
    ) -> Result<(), crate::store::StoreError> {
        let upto = upto.min(ALERT_WINDOW);
        if !self.more || self.rows.len() >= upto {
            return Ok(());
        }
        let after = self
            .rows
            .last()
            .map(|r| (r.deadline.due, r.deadline.case, r.deadline.kind));
        let want = upto - self.rows.len();
        let next = read(ws, today, scope, after, want)?;
        self.more = next.len() == want;
        self.rows.extend(next);
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
        crate::i18n::deadline_detail(r.deadline.kind, &r.deadline.detail)
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
