//! The roster pane (失联党员名册): one screen page at a time from the store
//! (keyset paging), type-ahead filter, quick filters and sort cycling.

use super::text::{column_widths, truncate};
use super::theme::Theme;
use crate::app::Workspace;
use crate::domain::deadline::urgency;
use crate::domain::lost::status_key;
use crate::domain::model::{CaseId, FocusArea, Membership, Status};
use crate::i18n::{label, t, tf};
use crate::store::{RosterQuery, RosterRow, RosterSort, StatusFilter};
use chrono::NaiveDate;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};
use ratatui_textarea::TextArea;

/// Where the rows shown stand: how many rows come before the first (the
/// list walked from its top) or after the last (reached by End, the rows
/// before not walked). The title's page number follows from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Top(usize),
    End(usize),
}

impl Default for Place {
    fn default() -> Self {
        Place::Top(0)
    }
}

#[derive(Default)]
pub struct RosterState {
    pub query: RosterQuery,
    pub rows: Vec<RosterRow>,
    pub count: u64,
    pub selected: usize,
    /// Where the rows shown stand in the whole list.
    pub place: Place,
    pub page_size: usize,
    /// The `/` filter being typed (None when not editing).
    pub filter: Option<TextArea<'static>>,
    pub branches: Vec<String>,
    pub committees: Vec<String>,
    /// Cases marked for a batch action (kept across pages and filters).
    pub marked: std::collections::BTreeSet<CaseId>,
    /// The last row marked or unmarked (a range starts there).
    pub anchor: Option<CaseId>,
}

/// Next value in None → all[0] → … → None.
fn cycle<T: Clone + PartialEq>(cur: &Option<T>, all: &[T]) -> Option<T> {
    match cur {
        None => all.first().cloned(),
        Some(v) => {
            let i = all.iter().position(|x| x == v);
            i.and_then(|i| all.get(i + 1)).cloned()
        }
    }
}

/// The roster title counts matches up to this many, then shows "N+".
pub const COUNT_CAP: u64 = 1000;

fn count_label(count: u64) -> String {
    if count > COUNT_CAP {
        format!("{COUNT_CAP}+")
    } else {
        count.to_string()
    }
}

impl RosterState {
    /// Reload the current page (and the count) from the store.
    pub fn reload(&mut self, ws: &Workspace) -> Result<(), crate::store::StoreError> {
        self.query.limit = self.page_size.max(1);
        // Counting every match of a common term at province scale is slow;
        // stop past COUNT_CAP and show "1000+" (docs/BENCHMARKS.md).
        (self.rows, self.count) = ws.roster_with_count(&self.query, COUNT_CAP)?;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        Ok(())
    }

    /// Back to the first page after a filter or sort change.
    pub fn restart(&mut self, ws: &Workspace) -> Result<(), crate::store::StoreError> {
        self.query.after = None;
        self.place = Place::Top(0);
        self.selected = 0;
        self.reload(ws)
    }

    /// The page ending with the list's last row (End / G), its last row
    /// selected.
    pub fn last_page(&mut self, ws: &Workspace) -> Result<(), crate::store::StoreError> {
        if !self.page_before(ws, None)? {
            self.restart(ws)?;
        } else {
            self.place = Place::End(0);
        }
        self.selected = self.rows.len().saturating_sub(1);
        Ok(())
    }

    /// Show the full page of rows before `anchor` (the list's end when
    /// None), walking the order backwards. One extra row gives the page's
    /// own `after` key, so `reload` reproduces it. False when the page
    /// would be the list's first (the caller restarts from the top then).
    fn page_before(
        &mut self,
        ws: &Workspace,
        anchor: Option<(String, CaseId)>,
    ) -> Result<bool, crate::store::StoreError> {
        let limit = self.page_size.max(1);
        let q = RosterQuery {
            after: anchor,
            limit: limit + 1,
            descending: true,
            ..self.query.clone()
        };
        let mut rows = ws.roster(&q)?;
        if rows.len() <= limit {
            return Ok(false);
        }
        let before = rows.pop().map(|r| r.key(self.query.sort));
        rows.reverse();
        self.query.after = before;
        self.query.limit = limit;
        self.rows = rows;
        Ok(true)
    }

    pub fn selected_id(&self) -> Option<CaseId> {
        self.rows.get(self.selected).map(|r| r.id)
    }

    /// PageDown: the rows after the last one shown.
    pub fn next_page(&mut self, ws: &Workspace) -> Result<bool, crate::store::StoreError> {
        let Some(last) = self.rows.last() else {
            return Ok(false);
        };
        if self.rows.len() < self.query.limit {
            return Ok(false);
        }
        let after = Some(last.key(self.query.sort));
        let before = std::mem::replace(&mut self.query.after, after);
        self.query.limit = self.page_size.max(1);
        let rows = ws.roster(&self.query)?;
        if rows.is_empty() {
            self.query.after = before;
            return Ok(false);
        }
        self.place = match self.place {
            Place::Top(n) => Place::Top(n + self.rows.len()),
            Place::End(n) => Place::End(n.saturating_sub(rows.len())),
        };
        self.rows = rows;
        Ok(true)
    }

    /// PageUp: the full page before the first row shown (the list's first
    /// page when fewer rows come before it). False at the list's top.
    pub fn prev_page(&mut self, ws: &Workspace) -> Result<bool, crate::store::StoreError> {
        let Some(first) = self.rows.first() else {
            return Ok(false);
        };
        if self.query.after.is_none() {
            return Ok(false);
        }
        let shown = self.rows.len();
        let anchor = Some(first.key(self.query.sort));
        if self.page_before(ws, anchor)? {
            self.place = match self.place {
                Place::Top(n) => Place::Top(n.saturating_sub(self.rows.len())),
                Place::End(n) => Place::End(n + shown),
            };
        } else {
            self.restart(ws)?;
        }
        Ok(true)
    }

    /// Down past the last row: the rows move up one, the next row comes in
    /// at the bottom (the terminal scrolls them: `ui::scroll`). False at
    /// the list's end.
    pub fn scroll_down(&mut self, ws: &Workspace) -> Result<bool, crate::store::StoreError> {
        let Some(last) = self.rows.last() else {
            return Ok(false);
        };
        let q = RosterQuery {
            after: Some(last.key(self.query.sort)),
            limit: 1,
            ..self.query.clone()
        };
        let Some(next) = ws.roster(&q)?.pop() else {
            return Ok(false);
        };
        let limit = self.page_size.max(1);
        self.rows.push(next);
        if self.rows.len() > limit {
            let gone = self.rows.remove(0);
            self.query.after = Some(gone.key(self.query.sort));
            self.place = match self.place {
                Place::Top(n) => Place::Top(n + 1),
                Place::End(n) => Place::End(n.saturating_sub(1)),
            };
        } else if let Place::End(n) = self.place {
            self.place = Place::End(n.saturating_sub(1));
        }
        self.query.limit = limit;
        Ok(true)
    }

    /// Up past the first row: the rows move down one, the row before comes
    /// in at the top. False at the list's top.
    pub fn scroll_up(&mut self, ws: &Workspace) -> Result<bool, crate::store::StoreError> {
        let Some(first) = self.rows.first() else {
            return Ok(false);
        };
        if self.query.after.is_none() {
            return Ok(false);
        }
        let q = RosterQuery {
            after: Some(first.key(self.query.sort)),
            limit: 2,
            descending: true,
            ..self.query.clone()
        };
        let mut before = ws.roster(&q)?.into_iter();
        let Some(prev) = before.next() else {
            return Ok(false);
        };
        let limit = self.page_size.max(1);
        self.query.after = before.next().map(|r| r.key(self.query.sort));
        self.rows.insert(0, prev);
        let dropped = self.rows.len() > limit;
        self.rows.truncate(limit);
        self.place = match self.place {
            Place::Top(n) => Place::Top(n.saturating_sub(1)),
            Place::End(n) if dropped => Place::End(n + 1),
            other => other,
        };
        if self.query.after.is_none() {
            self.place = match self.place {
                Place::Top(_) => Place::Top(0),
                other => other,
            };
        }
        self.query.limit = limit;
        Ok(true)
    }

    /// The page the selected row is on (1 = the first, or with End the
    /// last), for the title.
    fn page(&self) -> usize {
        let size = self.page_size.max(1);
        match self.place {
            Place::Top(n) => (n + self.selected) / size + 1,
            Place::End(n) => {
                let below = self.rows.len().saturating_sub(self.selected + 1);
                (n + below) / size + 1
            }
        }
    }

    /// None → 失联 (6 months or more) → 失联未满6个月 → each other status → None.
    /// `cutoff` is `domain::lost::lost_cutoff(today, policy)`.
    pub fn cycle_status(&mut self, cutoff: NaiveDate) {
        let mut all = vec![
            StatusFilter::Lost { cutoff },
            StatusFilter::Watch { cutoff },
        ];
        all.extend(
            Status::ALL
                .iter()
                .filter(|s| **s != Status::Lost)
                .map(|s| StatusFilter::Is(*s)),
        );
        let cur = self.query.status.map(|f| match f {
            StatusFilter::Lost { .. } => StatusFilter::Lost { cutoff },
            StatusFilter::Watch { .. } => StatusFilter::Watch { cutoff },
            other => other,
        });
        self.query.status = cycle(&cur, &all);
    }
    pub fn cycle_membership(&mut self) {
        self.query.membership = cycle(&self.query.membership, Membership::ALL);
    }
    pub fn cycle_focus(&mut self) {
        self.query.focus_area = cycle(&self.query.focus_area, FocusArea::ALL);
    }
    pub fn cycle_abroad(&mut self) {
        self.query.abroad = cycle(&self.query.abroad, &[true, false]);
    }
    pub fn cycle_branch(&mut self) {
        self.query.branch = cycle(&self.query.branch, &self.branches);
    }
    pub fn cycle_committee(&mut self) {
        self.query.committee = cycle(&self.query.committee, &self.committees);
    }
    pub fn cycle_sort(&mut self) {
        self.query.sort = match self.query.sort {
            RosterSort::NextDeadline => RosterSort::LostDate,
            RosterSort::LostDate => RosterSort::Name,
            RosterSort::Name => RosterSort::NextDeadline,
        };
    }
    pub fn clear_filters(&mut self) {
        let sort = self.query.sort;
        self.query = RosterQuery {
            sort,
            ..RosterQuery::default()
        };
        self.filter = None;
    }

    /// Title: name, counts, page and active filters.
    pub fn title(&self) -> String {
        let key = match self.place {
            Place::Top(_) => "ui.roster.title",
            Place::End(_) => "ui.roster.title_from_end",
        };
        let page = self.page();
        let mut s = tf(
            key,
            &[
                ("count", count_label(self.count)),
                ("page", page.to_string()),
            ],
        );
        if !self.marked.is_empty() {
            s.push(' ');
            s.push_str(&tf(
                "ui.batch.marked",
                &[("n", self.marked.len().to_string())],
            ));
        }
        for f in self.active_filters() {
            s.push(' ');
            s.push_str(&f);
        }
        s
    }

    fn active_filters(&self) -> Vec<String> {
        let q = &self.query;
        let mut v = vec![];
        let sort_key = match q.sort {
            RosterSort::NextDeadline => "ui.sort.next_deadline",
            RosterSort::LostDate => "ui.sort.lost_date",
            RosterSort::Name => "ui.sort.name",
        };
        v.push(format!("[{}]", t(sort_key)));
        if !q.text.is_empty() {
            v.push(format!("/{}", q.text));
        }
        v.extend(q.status.map(|s| format!("[{}]", filter_label(s))));
        v.extend(q.branch.as_ref().map(|b| format!("[{b}]")));
        v.extend(q.committee.as_ref().map(|c| format!("[{c}]")));
        v.extend(q.membership.map(|m| format!("[{}]", label(m.label_key()))));
        v.extend(q.focus_area.map(|m| format!("[{}]", label(m.label_key()))));
        v.extend(q.abroad.map(|a| {
            format!(
                "[{}]",
                t(if a {
                    "ui.roster.abroad_yes"
                } else {
                    "ui.roster.abroad_no"
                })
            )
        }));
        v
    }
}

/// Label of a status filter choice.
fn filter_label(f: StatusFilter) -> &'static str {
    match f {
        StatusFilter::Is(s) => label(s.label_key()),
        StatusFilter::Lost { .. } => label(Status::Lost.label_key()),
        StatusFilter::Watch { .. } => t(crate::domain::lost::WATCH_KEY),
    }
}

/// Display label of a deadline kind.
pub fn deadline_label(k: crate::domain::deadline::DeadlineKind) -> &'static str {
    t(&format!("ui.deadline.{}", k.code()))
}

/// "逾期3天" / "剩5天" / "今天到期" and its glyph and style.
pub fn due_text(
    due: NaiveDate,
    today: NaiveDate,
    theme: &Theme,
) -> (String, &'static str, ratatui::style::Style) {
    let days = (due - today).num_days();
    let (glyph, style) = match urgency(days) {
        crate::domain::deadline::Urgency::Overdue => ("!", theme.overdue()),
        crate::domain::deadline::Urgency::Week => ("~", theme.due_soon()),
        _ => (" ", theme.base()),
    };
    let text = match days {
        d if d < 0 => tf("ui.days.overdue", &[("n", (-d).to_string())]),
        0 => t("ui.days.today").to_string(),
        d => tf("ui.days.left", &[("n", d.to_string())]),
    };
    (text, glyph, style)
}

/// The branch cell: a branch that no longer exists is marked, its
/// committee having taken the case over (N五).
fn branch_cell(r: &RosterRow) -> String {
    let b = short_branch(&r.branch, &r.committee);
    if r.branch_exists {
        b.to_string()
    } else {
        tf("ui.roster.branch_gone", &[("branch", b.to_string())])
    }
}

/// The branch as the roster shows it: without the part its name shares
/// with the committee's (every row of a committee repeats it), so branches
/// can be told apart at 80 columns. The whole name when nothing is left.
pub fn short_branch<'a>(branch: &'a str, committee: &str) -> &'a str {
    let common: usize = branch
        .char_indices()
        .zip(committee.chars())
        .take_while(|((_, a), b)| a == b)
        .last()
        .map_or(0, |((i, a), _)| i + a.len_utf8());
    match branch.get(common..) {
        Some(rest) if common >= "街道".len() && !rest.is_empty() => rest,
        _ => branch,
    }
}

/// The roster table widget. `width` is the pane's outer width; every cell
/// is cut to its column with a visible mark. `focused` chooses how the
/// selected row shows (reversed only when the roster has focus).
pub fn table<'a>(
    st: &'a RosterState,
    (today, cutoff): (NaiveDate, NaiveDate),
    theme: &Theme,
    width: u16,
    focused: bool,
) -> Table<'a> {
    let name_w = if width > 90 { 10 } else { 8 };
    let cols = [
        Constraint::Length(2),
        Constraint::Length(name_w),
        Constraint::Fill(2),
        Constraint::Length(8),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Fill(3),
    ];
    let widths = column_widths(&cols, width.saturating_sub(2), 1);
    let rows = st.rows.iter().map(|r| {
        let marked = st.marked.contains(&r.id);
        row(r, (today, cutoff, marked), theme, &widths)
    });
    let header = Row::new([
        "",
        t("ui.col.name"),
        t("ui.col.branch"),
        t("ui.col.membership"),
        t("ui.col.status"),
        t("ui.col.lost_since"),
        t("ui.col.next_deadline"),
    ])
    .style(theme.heading());
    Table::new(rows, cols)
        .header(header)
        .row_highlight_style(theme.selected_in(focused))
        .column_spacing(1)
}

fn row<'a>(
    r: &'a RosterRow,
    (today, cutoff, marked): (NaiveDate, NaiveDate, bool),
    theme: &Theme,
    w: &[u16],
) -> Row<'a> {
    let cut = |i: usize, s: &str| truncate(s, w.get(i).copied().unwrap_or(0) as usize);
    let (due, glyph, style) = match r.next_due {
        Some(d) => {
            let (text, glyph, style) = due_text(d, today, theme);
            let kind = r.next_kind.map(deadline_label).unwrap_or("");
            (format!("{text} {kind}"), glyph, style)
        }
        None => ("-".to_string(), " ", theme.base()),
    };
    Row::new([
        // A marked row starts with `*` (bold), then the deadline glyph.
        Cell::from(Line::from(vec![
            Span::styled(if marked { "*" } else { " " }, theme.strong()),
            Span::styled(glyph, style),
        ])),
        Cell::from(cut(1, &r.name)),
        Cell::from(cut(2, &branch_cell(r))),
        Cell::from(cut(3, label(r.membership.label_key()))),
        Cell::from(cut(4, label(status_key(r.status, r.last_contact, cutoff)))),
        // 失联起: the day contact was lost (kept when contact is regained).
        Cell::from(r.last_contact.format("%Y-%m-%d").to_string()),
        Cell::from(Line::from(Span::styled(cut(6, &due), style))),
    ])
}

#[cfg(test)]
mod count_tests {
    #[test]
    fn counts_past_the_cap_show_a_plus() {
        assert_eq!(super::count_label(7), "7");
        assert_eq!(super::count_label(super::COUNT_CAP), "1000");
        assert_eq!(super::count_label(super::COUNT_CAP + 1), "1000+");
    }
}

#[cfg(test)]
mod branch_tests {
    use super::short_branch;

    #[test]
    fn the_committee_part_of_a_branch_name_is_dropped() {
        assert_eq!(
            short_branch("青禾街道东湖社区党支部", "青禾街道党工委"),
            "东湖社区党支部"
        );
        assert_eq!(
            short_branch("第一党支部", "思明区某街道党工委"),
            "第一党支部"
        );
        // Nothing left, or too little shared: the whole name.
        assert_eq!(short_branch("青禾街道", "青禾街道"), "青禾街道");
        assert_eq!(short_branch("青年党支部", "青禾街道党工委"), "青年党支部");
    }
}
