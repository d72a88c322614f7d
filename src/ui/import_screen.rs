//! The import screen: type a file path, see the preview (counts and every
//! problem by sheet, row and column, scrollable), and import all rows — only
//! when the preview found no problems, after a y/n confirmation.
//! Reads and writes through `crate::import` and the `Workspace`.

use super::layout::centered;
use super::theme::Theme;
use crate::app::Workspace;
use crate::i18n::{t, tf};
use crate::import::{self, Preview};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use std::path::PathBuf;

enum Stage {
    Path,
    Preview(Box<Preview>),
    Confirm(Box<Preview>),
    /// `c` in the preview: the committee of every row, for a sheet with
    /// no column and no 填报单位 line for it (`--committee` of the CLI).
    Committee(Box<Preview>),
}

/// What the app must do after a key.
#[derive(Debug, PartialEq, Eq)]
pub enum ImportEvent {
    Nothing,
    Close,
    /// Cases were written: close, reload, say how many.
    Imported(usize),
}

pub struct ImportScreen {
    path: String,
    committee: String,
    stage: Stage,
    scroll: u16,
    error: Option<String>,
}

impl Default for ImportScreen {
    fn default() -> Self {
        ImportScreen {
            path: String::new(),
            committee: String::new(),
            stage: Stage::Path,
            scroll: 0,
            error: None,
        }
    }
}

impl ImportScreen {
    pub fn paste(&mut self, s: &str) {
        match self.stage {
            Stage::Path => self.path.push_str(s.trim_matches(['\r', '\n'])),
            Stage::Committee(_) => self.committee.push_str(s.trim_matches(['\r', '\n'])),
            _ => {}
        }
    }

    pub fn handle_key(
        &mut self,
        k: &KeyEvent,
        ws: &mut Workspace,
        today: NaiveDate,
    ) -> ImportEvent {
        let stage = std::mem::replace(&mut self.stage, Stage::Path);
        let (next, ev) = match stage {
            Stage::Path => self.path_key(k, ws, today),
            Stage::Preview(p) => self.preview_key(k, p),
            Stage::Confirm(p) => self.confirm_key(k, p, ws, today),
            Stage::Committee(p) => self.committee_key(k, p, ws, today),
        };
        self.stage = next;
        ev
    }

    fn path_key(&mut self, k: &KeyEvent, ws: &Workspace, today: NaiveDate) -> (Stage, ImportEvent) {
        match k.code {
            KeyCode::Esc => return (Stage::Path, ImportEvent::Close),
            KeyCode::Enter => return self.load(ws, today),
            KeyCode::Backspace => {
                self.path.pop();
            }
            // Ctrl-U as in every text field: the cursor is at the end, so
            // deleting to the line's start clears the path.
            KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => self.path.clear(),
            KeyCode::Char(_) if k.modifiers.contains(KeyModifiers::CONTROL) => {}
            KeyCode::Char(c) => self.path.push(c),
            _ => {}
        }
        (Stage::Path, ImportEvent::Nothing)
    }

    fn committee_key(
        &mut self,
        k: &KeyEvent,
        p: Box<Preview>,
        ws: &Workspace,
        today: NaiveDate,
    ) -> (Stage, ImportEvent) {
        match k.code {
            KeyCode::Esc => return (Stage::Preview(p), ImportEvent::Nothing),
            KeyCode::Enter => return self.load(ws, today),
            KeyCode::Backspace => {
                self.committee.pop();
            }
            KeyCode::Char('u') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                self.committee.clear()
            }
            KeyCode::Char(_) if k.modifiers.contains(KeyModifiers::CONTROL) => {}
            KeyCode::Char(c) => self.committee.push(c),
            _ => {}
        }
        (Stage::Committee(p), ImportEvent::Nothing)
    }

    /// Read the file and check it; a whole-file problem stays on the path.
    fn load(&mut self, ws: &Workspace, today: NaiveDate) -> (Stage, ImportEvent) {
        self.scroll = 0;
        let path = PathBuf::from(self.path.trim());
        let committee = Some(self.committee.trim().to_string()).filter(|c| !c.is_empty());
        match import::read_file_with(&path, &import::Options { committee }) {
            Ok(parsed) => {
                self.error = None;
                let p = import::preview(ws, parsed, today);
                (Stage::Preview(Box::new(p)), ImportEvent::Nothing)
            }
            Err(m) => {
                self.error = Some(m);
                (Stage::Path, ImportEvent::Nothing)
            }
        }
    }

    fn preview_key(&mut self, k: &KeyEvent, p: Box<Preview>) -> (Stage, ImportEvent) {
        match k.code {
            KeyCode::Esc => return (Stage::Preview(p), ImportEvent::Close),
            KeyCode::Char('e') => return (Stage::Path, ImportEvent::Nothing),
            KeyCode::Char('c') => return (Stage::Committee(p), ImportEvent::Nothing),
            KeyCode::Enter if p.is_clean() => return (Stage::Confirm(p), ImportEvent::Nothing),
            KeyCode::Down | KeyCode::Char('j') => self.scroll = self.scroll.saturating_add(1),
            KeyCode::End => self.scroll = u16::MAX,
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Home => self.scroll = 0,
            _ => {}
        }
        let last = (p.problems.len() + p.notes.len()).saturating_sub(1);
        self.scroll = self.scroll.min(u16::try_from(last).unwrap_or(u16::MAX));
        (Stage::Preview(p), ImportEvent::Nothing)
    }

    fn confirm_key(
        &mut self,
        k: &KeyEvent,
        p: Box<Preview>,
        ws: &mut Workspace,
        today: NaiveDate,
    ) -> (Stage, ImportEvent) {
        if !matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
            return (Stage::Preview(p), ImportEvent::Nothing);
        }
        match import::write_rows(ws, &p.rows, today) {
            Ok(ids) => (Stage::Path, ImportEvent::Imported(ids.len())),
            Err(errors) => {
                let failed = p.with_problems(errors);
                self.error = Some(t("import.screen.failed").to_string());
                (Stage::Preview(Box::new(failed)), ImportEvent::Nothing)
            }
        }
    }

    /// The fixed head (path, error, keys, counts) and the scrolling body
    /// (every problem, then the notes).
    fn lines(&self, theme: &Theme, rows: usize) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
        // The path keeps a cursor only while it is being typed.
        let editing = matches!(self.stage, Stage::Path);
        let path = if editing {
            Span::styled(format!("{}▏", self.path), theme.field(true))
        } else {
            Span::styled(self.path.clone(), theme.base())
        };
        let mut head = vec![Line::from(vec![
            Span::styled(format!("{}: ", t("import.screen.path")), theme.label()),
            path,
        ])];
        if let Some(e) = &self.error {
            head.push(Line::from(Span::styled(e.clone(), theme.error())));
        }
        let (p, keys) = match &self.stage {
            Stage::Path => {
                head.push(Line::raw(t("import.screen.hint")));
                head.push(Line::from(Span::styled(
                    t("import.screen.keys_path"),
                    theme.key(),
                )));
                return (head, vec![]);
            }
            Stage::Committee(_) => {
                head.push(Line::from(vec![
                    Span::styled(format!("{}: ", t("import.screen.committee")), theme.label()),
                    Span::styled(format!("{}▏", self.committee), theme.field(true)),
                ]));
                head.push(Line::raw(t("import.screen.committee_hint")));
                head.push(Line::from(Span::styled(
                    t("import.screen.keys_committee"),
                    theme.key(),
                )));
                return (head, vec![]);
            }
            Stage::Confirm(p) => {
                let n = [("n", p.rows.len().to_string())];
                head.push(Line::from(Span::styled(
                    tf("import.screen.confirm", &n),
                    theme.key(),
                )));
                return (head, vec![]);
            }
            Stage::Preview(p) if p.is_clean() => (p, "import.screen.keys_preview"),
            Stage::Preview(p) => (p, "import.screen.keys_blocked"),
        };
        head.push(Line::from(Span::styled(t(keys), theme.key())));
        head.push(Line::from(Span::styled(summary(p), theme.heading())));
        if p.is_clean() {
            let n = [("n", p.rows.len().to_string())];
            head.push(Line::from(Span::styled(
                tf("import.screen.no_problems", &n),
                theme.done(),
            )));
        }
        let body = body_lines(p, usize::from(self.scroll), rows, theme);
        (head, body)
    }

    /// The language key of the keys this stage takes (for the footer).
    pub fn keys_key(&self) -> &'static str {
        match &self.stage {
            Stage::Path => "import.screen.keys_path",
            Stage::Confirm(_) => "ui.confirm.yes_no",
            Stage::Committee(_) => "import.screen.keys_committee",
            Stage::Preview(p) if p.is_clean() => "import.screen.keys_preview",
            Stage::Preview(_) => "import.screen.keys_blocked",
        }
    }

    pub fn render(&self, f: &mut Frame, theme: &Theme) {
        let area = centered(f.area(), 110, f.area().height.saturating_sub(2));
        super::text::clear_popup(f, area);
        let block = Block::bordered()
            .border_set(theme.border_set())
            .border_style(theme.border(true))
            .title(Span::styled(
                format!(" {} ", t("import.screen.title")),
                theme.title(true),
            ));
        let (mut lines, body) = self.lines(theme, usize::from(area.height));
        lines.extend(body);
        f.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}

/// The problems then the notes, from line `skip` on, at most `rows` of
/// them: only what fits is formatted, however long the list.
fn body_lines(p: &Preview, skip: usize, rows: usize, theme: &Theme) -> Vec<Line<'static>> {
    let np = p.problems.len();
    let total = np + p.notes.len();
    let skip = skip.min(total.saturating_sub(1));
    (skip..total.min(skip + rows))
        .map(|i| match p.problems.get(i) {
            Some(e) => Line::from(Span::styled(e.to_string(), theme.error())),
            None => Line::from(Span::styled(p.notes[i - np].clone(), theme.info())),
        })
        .collect()
}

fn summary(p: &Preview) -> String {
    let args = [
        ("total", p.total.to_string()),
        ("ok", p.ok_rows().to_string()),
        ("bad", p.bad_rows.to_string()),
        ("n", p.problems.len().to_string()),
    ];
    tf("import.screen.summary", &args)
}
