//! The statistics view (统计), one key away: for the unit the organisation
//! tree has chosen, the cases per status, per focus area, the campaign
//! month by month (the bar is the lost count at the month's end) and the
//! deadlines falling due in each of the next twelve weeks, as ratatui
//! `BarChart`s whose every bar carries its number (it reads the same in
//! mono). Numbers come from the kept counters (`store::scope_stats`), read
//! once when the view opens or the data changes.

use super::theme::Theme;
use super::tree::scope_label;
use crate::domain::model::{FocusArea, Status};
use crate::i18n::{label, t, tf};
use crate::store::{OrgUnit, ScopeStats};
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Clear, Paragraph};

/// Months back and weeks ahead the view shows.
pub const MONTHS: usize = 12;
pub const WEEKS: usize = 12;

pub struct StatsView {
    pub unit: OrgUnit,
    pub stats: ScopeStats,
    /// The first section shown when they do not all fit.
    pub first: usize,
}

const ASCII_BAR: symbols::bar::Set<'static> = symbols::bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "#",
    three_eighths: "#",
    one_quarter: "#",
    one_eighth: "#",
    empty: " ",
};

/// One section: its title and bars (label, value).
struct Section {
    title: String,
    bars: Vec<(String, u64)>,
}

impl StatsView {
    fn sections(&self) -> Vec<Section> {
        let s = &self.stats;
        let mut status = vec![
            (label(Status::Lost.label_key()).to_string(), s.node.lost()),
            (t(crate::domain::lost::WATCH_KEY).to_string(), s.node.watch),
        ];
        status.extend(
            Status::ALL
                .iter()
                .filter(|x| **x != Status::Lost)
                .map(|x| (label(x.label_key()).to_string(), s.node.of(*x))),
        );
        let focus = FocusArea::ALL
            .iter()
            .map(|f| {
                let n = s.focus.iter().find(|(x, _)| x == f).map_or(0, |(_, n)| *n);
                (label(f.label_key()).to_string(), n)
            })
            .collect();
        let months = s
            .months
            .iter()
            .map(|m| {
                let l = tf(
                    "ui.stats.month",
                    &[
                        ("month", m.month.clone()),
                        ("lost", m.lost.to_string()),
                        ("regained", m.regained.to_string()),
                        ("disposed", m.disposed.to_string()),
                        ("suspended", m.suspended.to_string()),
                    ],
                );
                (l, m.still_lost)
            })
            .collect();
        let weeks = s
            .weeks
            .iter()
            .map(|(d, n)| {
                (
                    tf("ui.stats.week", &[("date", d.format("%m-%d").to_string())]),
                    *n,
                )
            })
            .collect();
        vec![
            Section {
                title: t("ui.stats.by_status").to_string(),
                bars: status,
            },
            Section {
                title: t("ui.stats.by_focus").to_string(),
                bars: focus,
            },
            Section {
                title: t("ui.stats.by_month").to_string(),
                bars: months,
            },
            Section {
                title: t("ui.stats.by_week").to_string(),
                bars: weeks,
            },
        ]
    }

    /// Up/Down move the first section shown (when they do not all fit).
    pub fn scroll(&mut self, down: bool) {
        self.first = if down {
            (self.first + 1).min(3)
        } else {
            self.first.saturating_sub(1)
        };
    }

    pub fn title(&self) -> String {
        tf("ui.stats.title", &[("scope", scope_label(&self.unit))])
    }

    /// Draw over `area` (the screen without its footer).
    pub fn render(&self, f: &mut Frame, area: Rect, theme: &Theme) {
        f.render_widget(Clear, area);
        let block = Block::bordered()
            .border_set(theme.border_set())
            .border_style(theme.border(true))
            .title(Span::styled(
                format!(" {} ", self.title()),
                theme.title(true),
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        let n = &self.stats.node;
        let summary = tf(
            "ui.stats.summary",
            &[
                ("total", n.total().to_string()),
                ("lost", n.lost().to_string()),
                ("watch", n.watch.to_string()),
                ("overdue", n.overdue.to_string()),
                ("week", n.week.to_string()),
            ],
        );
        f.render_widget(Paragraph::new(Line::styled(summary, theme.strong())), head);
        let sections = self.sections();
        if body.width >= 150 && body.height >= 28 {
            // Wide and tall: counts on the left, time on the right.
            let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
                .spacing(1)
                .areas(body);
            stack(f, &sections[..2], left, theme);
            stack(f, &sections[2..], right, theme);
        } else if self.first == 0 && !fits(&sections[..2], body) && body.width >= 76 {
            // The counts do not fit one under the other (80x24): side by side.
            let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)])
                .spacing(1)
                .areas(body);
            stack(f, &sections[..1], left, theme);
            stack(f, &sections[1..2], right, theme);
        } else {
            let first = self.first.min(sections.len().saturating_sub(1));
            stack(f, &sections[first..], body, theme);
        }
    }
}

/// Whether `sections` fit one under the other in `col`.
fn fits(sections: &[Section], col: Rect) -> bool {
    let h: usize = sections.iter().map(|s| s.bars.len() + 2).sum();
    h <= col.height as usize
}

/// Sections one under the other, as many as fit (the first always).
fn stack(f: &mut Frame, sections: &[Section], col: Rect, theme: &Theme) {
    let mut y = col.y;
    for s in sections {
        let h = s.bars.len() as u16 + 2;
        if y + h > col.bottom() && y != col.y {
            break;
        }
        let r = Rect {
            y,
            height: h.min(col.bottom().saturating_sub(y)),
            ..col
        };
        render_section(f, s, r, theme);
        y += h;
    }
}

fn render_section(f: &mut Frame, s: &Section, r: Rect, theme: &Theme) {
    let block = Block::bordered()
        .border_set(theme.border_set())
        .border_style(theme.border(false))
        .title(Span::styled(format!(" {} ", s.title), theme.heading()));
    let bars: Vec<Bar> = s
        .bars
        .iter()
        .map(|(l, v)| Bar::default().label(Line::from(l.clone())).value(*v))
        .collect();
    let mut chart = BarChart::horizontal(bars)
        .block(block)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(theme.bar())
        .value_style(theme.bar().add_modifier(Modifier::REVERSED))
        .label_style(theme.base());
    if theme.ascii {
        chart = chart.bar_set(ASCII_BAR);
    }
    // Scale to the largest bar but never below 1, so zeros draw as zeros.
    let max = s.bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    f.render_widget(chart.max(max).direction(Direction::Horizontal), r);
}
