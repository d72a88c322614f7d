//! Drawing the whole screen: the panes the size allows, the footer, then
//! the modal stack on top.

use super::app::{App, Confirm, Modal};
use super::checklist;
use super::command::Command;
use super::detail;
use super::form::render_form;
use super::help::{form_hint, hints, render_help};
use super::layout::{Pane, centered, split, too_small};
use super::roster;
use crate::i18n::{t, tf};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListState, Paragraph, TableState, Wrap};

impl App {
    pub fn render(&mut self, f: &mut Frame) {
        self.render_screen(f);
        self.trail.mend(f.buffer_mut());
    }

    fn render_screen(&mut self, f: &mut Frame) {
        let area = f.area();
        if too_small(area) {
            let msg = tf(
                "ui.msg.too_small",
                &[
                    ("w", super::MIN_WIDTH.to_string()),
                    ("h", super::MIN_HEIGHT.to_string()),
                    ("cw", area.width.to_string()),
                    ("ch", area.height.to_string()),
                ],
            );
            f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
            return;
        }
        let screen = split(area, self.secondary, self.corner);
        if screen.compact && self.focus != Pane::Roster {
            self.secondary = self.focus;
        }
        for (pane, r) in &screen.panes {
            self.render_pane(f, *pane, *r, screen.compact);
        }
        self.render_footer(f, screen.footer);
        if let Some(Modal::Help(scroll)) = self.modals.last_mut() {
            // Keep the stored offset within what this size can show, so Up
            // answers at once after End or a resize.
            *scroll = (*scroll).min(super::help::max_scroll(&self.keymap, &self.theme, f.area()));
        }
        self.render_modals(f);
    }

    fn block(&self, pane: Pane, title: String, compact: bool) -> Block<'static> {
        let focused = self.focus == pane;
        let mut b = Block::bordered()
            .border_set(self.theme.border_set())
            .border_style(self.theme.border(focused))
            .title(Span::styled(
                format!(" {title} "),
                self.theme.title(focused),
            ));
        if compact && pane != Pane::Roster {
            let k = self.keymap.keys_label(Command::SwitchView);
            b = b.title_bottom(Span::styled(
                format!(" {k} {} ", t("ui.hint.switch_view")),
                self.theme.label(),
            ));
        }
        b
    }

    fn render_pane(&mut self, f: &mut Frame, pane: Pane, r: Rect, compact: bool) {
        match pane {
            Pane::Roster => self.render_roster(f, r),
            Pane::Detail => self.render_detail(f, r, compact),
            Pane::Alerts => self.render_alerts(f, r, compact),
            Pane::Checklist => self.render_checklist(f, r, compact),
            Pane::Tree => self.render_tree(f, r, compact),
        }
    }

    fn render_roster(&mut self, f: &mut Frame, r: Rect) {
        let rows = r.height.saturating_sub(3) as usize;
        if rows != self.roster.page_size && rows > 0 {
            self.roster.page_size = rows;
            let res = self.roster.reload(&self.ws).map_err(anyhow::Error::from);
            self.report(res);
        }
        let block = self.block(Pane::Roster, t_roster_title(self), false);
        let inner = block.inner(r);
        let cutoff = crate::domain::lost::lost_cutoff(self.opts.today, self.ws.policy());
        let focused = self.focus == Pane::Roster;
        let table = roster::table(
            &self.roster,
            (self.opts.today, cutoff),
            &self.theme,
            r.width,
            focused,
        )
        .block(block);
        let mut state = TableState::default().with_selected(Some(self.roster.selected));
        if self.roster.rows.is_empty() {
            f.render_widget(table, r);
            f.render_widget(
                Paragraph::new(t("ui.roster.empty")),
                Rect {
                    y: inner.y + 1,
                    height: 1,
                    ..inner
                },
            );
        } else {
            f.render_stateful_widget(table, r, &mut state);
        }
        if let Some(ta) = &self.roster.filter {
            let line = Rect {
                y: r.bottom().saturating_sub(1),
                x: r.x + 1,
                width: r.width.saturating_sub(2),
                height: 1,
            };
            let label = t("ui.roster.filter_prompt");
            let lw = super::text::width(label) as u16;
            f.render_widget(Clear, line);
            f.render_widget(Span::styled(label, self.theme.key()), line);
            let input = Rect {
                x: line.x + lw,
                width: line.width.saturating_sub(lw),
                ..line
            };
            f.render_widget(ta, input);
            let sc = ta.screen_cursor();
            let (_, left) = ta.scroll_offset();
            let x = (input.x + (sc.col as u16).saturating_sub(left))
                .min(input.right().saturating_sub(1));
            f.set_cursor_position(Position::new(x, input.y));
        }
    }

    fn render_detail(&mut self, f: &mut Frame, r: Rect, compact: bool) {
        let (title, mut text) = match &self.current {
            Some(cv) => (
                tf(
                    "ui.detail.title",
                    &[
                        ("name", cv.case.member.name.clone()),
                        ("id", cv.case.id.to_string()),
                        ("n", cv.history.len().to_string()),
                    ],
                ),
                detail::text(
                    cv,
                    self.ws.policy().search.min_channels,
                    self.ws.procedures(),
                    &self.theme,
                ),
            ),
            None => (
                t("ui.detail.title_none").to_string(),
                detail::DetailText {
                    lines: vec![Line::raw(t("ui.msg.no_case"))],
                    entries: vec![],
                },
            ),
        };
        let block = self.block(Pane::Detail, title, compact);
        let inner = block.inner(r);
        let scroll = self.place_detail(&mut text, inner.width, inner.height);
        f.render_widget(
            Paragraph::new(text.lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0)),
            r,
        );
    }

    fn render_alerts(&self, f: &mut Frame, r: Rect, compact: bool) {
        let block = self.block(Pane::Alerts, self.alerts.title(), compact);
        let width = r.width.saturating_sub(2);
        let (items, sel) = self.alerts.items(self.opts.today, &self.theme, width);
        let list = List::new(items)
            .block(block)
            .highlight_style(self.theme.selected_in(self.focus == Pane::Alerts));
        let mut state = ListState::default().with_selected(sel);
        f.render_stateful_widget(list, r, &mut state);
    }

    fn render_tree(&mut self, f: &mut Frame, r: Rect, compact: bool) {
        let block = self.block(Pane::Tree, self.tree.title(), compact);
        let size = (
            r.height.saturating_sub(2) as usize,
            r.width.saturating_sub(2),
        );
        let res = self
            .tree
            .items(&self.ws, self.opts.today, size, &self.theme);
        let (items, sel) = match res {
            Ok(v) => v,
            Err(e) => {
                self.report::<()>(Err(e.into()));
                (vec![], None)
            }
        };
        let list = List::new(items)
            .block(block)
            .highlight_style(self.theme.selected_in(self.focus == Pane::Tree));
        let mut state = ListState::default().with_selected(sel);
        f.render_stateful_widget(list, r, &mut state);
    }

    fn render_checklist(&self, f: &mut Frame, r: Rect, compact: bool) {
        let cl = self.current.as_ref().and_then(|c| c.checklist.as_ref());
        let block = self.block(Pane::Checklist, checklist::title(cl), compact);
        let Some(cl) = cl else {
            f.render_widget(Paragraph::new(t("ui.checklist.no_track")).block(block), r);
            return;
        };
        let (items, sel) = checklist::list(cl, self.checklist.selected, &self.theme);
        let list = List::new(items)
            .block(block)
            .highlight_style(self.theme.selected_in(self.focus == Pane::Checklist));
        let mut state = ListState::default().with_selected(sel);
        f.render_stateful_widget(list, r, &mut state);
    }

    fn render_footer(&self, f: &mut Frame, r: Rect) {
        let line = match &self.status {
            Some((true, msg)) => Line::from(Span::styled(format!("! {msg}"), self.theme.error())),
            Some((false, msg)) => Line::from(Span::styled(msg.clone(), self.theme.info())),
            None => self.focused_keys(),
        };
        f.render_widget(Paragraph::new(line), r);
    }

    /// The keys of whatever has focus: the top modal, the filter being
    /// typed, or the focused pane.
    fn focused_keys(&self) -> Line<'static> {
        let key = |k: &str| Line::from(Span::styled(t(k).to_string(), self.theme.key()));
        match self.modals.last() {
            Some(Modal::Form(_)) => {
                let cmds = [
                    Command::NextField,
                    Command::PrevField,
                    Command::ChoiceNext,
                    Command::Submit,
                    Command::Cancel,
                    Command::Quit,
                ];
                hints(&self.keymap, &cmds, &self.theme)
            }
            Some(Modal::Import(s)) => key(s.keys_key()),
            Some(Modal::Help(_)) => key("ui.help.title"),
            Some(Modal::Stats(_)) => key("ui.stats.keys"),
            Some(Modal::Confirm(_)) => key("ui.confirm.yes_no"),
            None if self.roster.filter.is_some() && self.focus == Pane::Roster => {
                key("ui.roster.filter_keys")
            }
            None => hints(&self.keymap, &self.footer_commands(), &self.theme),
        }
    }

    fn footer_commands(&self) -> Vec<Command> {
        use super::form::FormKind as K;
        let mut v = vec![
            Command::Help,
            Command::Quit,
            Command::NextPane,
            Command::Stats,
        ];
        match self.focus {
            Pane::Roster => v.extend([
                Command::Filter,
                Command::Mark,
                Command::CycleStatus,
                Command::CycleSort,
                Command::Open,
            ]),
            Pane::Alerts => v.push(Command::Open),
            Pane::Checklist => v.extend([Command::Open, Command::OpenForm(K::Track)]),
            Pane::Tree => v.extend([Command::Open, Command::Down, Command::Up]),
            Pane::Detail => v.extend([
                Command::Down,
                Command::OpenForm(K::Amend),
                Command::OpenForm(K::Search),
                Command::OpenForm(K::Conduct),
            ]),
        }
        if self.ws.is_compiled() {
            // A compiled database takes no form: its keys are not offered.
            v.retain(|c| !matches!(c, Command::OpenForm(_)));
        }
        v
    }

    fn render_modals(&self, f: &mut Frame) {
        for m in &self.modals {
            match m {
                Modal::Form(form) => render_form(f, form, &self.theme, &form_hint(&self.keymap)),
                Modal::Help(scroll) => render_help(f, &self.keymap, &self.theme, *scroll),
                Modal::Confirm(c) => self.render_confirm(f, c),
                Modal::Import(s) => s.render(f, &self.theme),
                Modal::Stats(v) => {
                    let a = f.area();
                    let body = Rect {
                        height: a.height.saturating_sub(1),
                        ..a
                    };
                    v.render(f, body, &self.theme);
                }
            }
        }
    }

    fn render_confirm(&self, f: &mut Frame, c: &Confirm) {
        let text = match c {
            Confirm::Quit => t("ui.confirm.quit"),
            Confirm::RestoreDraft(_, what) | Confirm::Batch(_, what) => what.as_str(),
        };
        let (w, h) = match c {
            Confirm::Batch(..) => (90, 6),
            _ => (50, 5),
        };
        let area = centered(f.area(), w, h);
        super::text::clear_popup(f, area);
        let block = Block::bordered()
            .border_set(self.theme.border_set())
            .border_style(self.theme.border(true))
            .title(Span::styled(
                format!(" {} ", t("ui.confirm.title")),
                self.theme.title(true),
            ));
        let lines = vec![
            Line::raw(text),
            Line::from(Span::styled(t("ui.confirm.yes_no"), self.theme.key())),
        ];
        f.render_widget(
            Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
            area,
        );
    }
}

fn t_roster_title(app: &App) -> String {
    match app.compiled_units {
        Some(n) => format!(
            "{} {}",
            tf("ui.roster.compiled", &[("units", n.to_string())]),
            app.roster.title()
        ),
        None => app.roster.title(),
    }
}
