//! The workstation state and its event handling. Keys go to the top modal,
//! then the focused pane's bindings, then case actions, then global ones.

use super::UiOptions;
use super::alerts::AlertsState;
use super::checklist::{self, ChecklistState};
use super::command::{Command, KeyCtx};
use super::detail::CaseView;
use super::draft::{self, Draft};
use super::form::{Form, FormEvent};
use super::import_screen::{ImportEvent, ImportScreen};
use super::keymap::Keymap;
use super::layout::Pane;
use super::roster::RosterState;
use super::stats::StatsView;
use super::theme::Theme;
use super::tree::TreeState;
use crate::app::Workspace;
use crate::domain::model::CaseId;
use crate::i18n::{t, tf};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};

pub enum Modal {
    Form(Box<Form>),
    Help(u16),
    Confirm(Confirm),
    Import(Box<ImportScreen>),
    Stats(Box<StatsView>),
}

pub enum Confirm {
    Quit,
    /// The draft and the question naming its case and form.
    RestoreDraft(Draft, String),
    /// One action for each marked case, and the question with the count.
    Batch(Vec<crate::domain::action::Action>, String),
}

pub struct App {
    pub(super) ws: Workspace,
    pub(super) opts: UiOptions,
    pub(super) theme: Theme,
    pub(super) keymap: Keymap,
    pub(super) focus: Pane,
    pub(super) secondary: Pane,
    pub(super) roster: RosterState,
    pub(super) alerts: AlertsState,
    pub(super) checklist: ChecklistState,
    pub(super) tree: TreeState,
    /// The checklist or the tree: which of the two the full layout's
    /// shared corner shows (the last focused).
    pub(super) corner: Pane,
    pub(super) detail_scroll: u16,
    /// The entry chosen in the detail pane (what `C` there amends).
    pub(super) detail: super::detail_entry::DetailCursor,
    pub(super) current: Option<CaseView>,
    pub(super) modals: Vec<Modal>,
    /// (is_error, text) shown in the footer until the next key.
    pub(super) status: Option<(bool, String)>,
    pub(super) quit: bool,
    data_version: Option<i64>,
    /// The roster selection moved to this case (at this time) but the
    /// detail pane still shows `current`: it follows once the keys settle.
    pub(super) pending: Option<(CaseId, std::time::Instant)>,
    /// Where the last frame's wide characters left a second column.
    pub(super) trail: super::trail::Trail,
    /// On a compiled database, how many units' slices it holds: the
    /// roster's title says it is a read-only view of them.
    pub(super) compiled_units: Option<usize>,
}

impl App {
    pub fn new(ws: Workspace, opts: UiOptions) -> anyhow::Result<App> {
        let keymap = Keymap::load(opts.keymap_file.as_deref())?;
        let theme = Theme::new(opts.theme, opts.ascii);
        let mut app = App {
            ws,
            opts,
            theme,
            keymap,
            focus: Pane::Roster,
            secondary: Pane::Detail,
            roster: RosterState {
                page_size: 20,
                ..RosterState::default()
            },
            alerts: AlertsState::default(),
            checklist: ChecklistState::default(),
            tree: TreeState::default(),
            corner: Pane::Checklist,
            detail_scroll: 0,
            detail: Default::default(),
            current: None,
            modals: vec![],
            status: None,
            quit: false,
            data_version: None,
            pending: None,
            trail: Default::default(),
            compiled_units: None,
        };
        if app.ws.is_compiled() {
            app.compiled_units = Some(app.ws.store().slices()?.len());
        }
        app.roster.branches = app.ws.store().branches()?;
        app.roster.committees = app.ws.store().committees()?;
        app.reload_all()?;
        if let Some(d) = draft::load(&app.opts.draft_path) {
            let question = app.draft_question(&d);
            app.modals
                .push(Modal::Confirm(Confirm::RestoreDraft(d, question)));
        }
        Ok(app)
    }

    /// "Restore the unsaved draft of form X for case Y #id?"
    fn draft_question(&self, d: &Draft) -> String {
        let name = self
            .ws
            .case(d.case)
            .map(|c| c.member.name)
            .unwrap_or_default();
        tf(
            "ui.confirm.restore_draft",
            &[
                ("form", t(&d.kind.title_key()).to_string()),
                ("name", name),
                ("id", d.case.to_string()),
            ],
        )
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    /// Give the workspace back (the app is done).
    pub fn into_workspace(self) -> Workspace {
        self.ws
    }

    /// The roster's selected row and how many rows it shows (benches and
    /// tests find the last row with it).
    pub fn roster_selection(&self) -> (usize, usize) {
        (self.roster.selected, self.roster.rows.len())
    }

    pub fn current_case(&self) -> Option<CaseId> {
        self.current.as_ref().map(|c| c.case.id)
    }

    /// Reload the roster page, alerts and the selected case from the store.
    pub fn reload_all(&mut self) -> anyhow::Result<()> {
        self.data_version = Some(self.ws.data_version()?);
        self.roster.reload(&self.ws)?;
        self.alerts
            .reload(&self.ws, self.opts.today, &self.tree.scope)?;
        self.tree.reload(&self.ws)?;
        if matches!(self.modals.last(), Some(Modal::Stats(_))) {
            let first = match self.modals.last() {
                Some(Modal::Stats(v)) => v.first,
                _ => 0,
            };
            let mut view = self.stats_view()?;
            view.first = first;
            if let Some(Modal::Stats(v)) = self.modals.last_mut() {
                **v = view;
            }
        }
        let pending = self.pending.map(|(id, _)| id);
        let id = pending
            .or_else(|| self.current_case())
            .or_else(|| self.roster.selected_id());
        if let Some(id) = id {
            self.select_case(id)?;
        }
        Ok(())
    }

    /// Called about once a second: reload if another process wrote.
    pub fn tick(&mut self) -> bool {
        let Ok(v) = self.ws.data_version() else {
            return false;
        };
        if Some(v) == self.data_version {
            return false;
        }
        let r = self.reload_all();
        self.report(r);
        true
    }

    pub fn select_case(&mut self, id: CaseId) -> anyhow::Result<()> {
        self.pending = None;
        let same = self.current_case() == Some(id);
        let case = self.ws.case(id)?;
        let history = self.ws.history(id)?;
        let checklist = self.ws.checklist(&case);
        let lookback = self.ws.lookback_of(&case)?;
        if !same {
            self.detail_scroll = 0;
            self.detail.reset();
            self.checklist.selected = checklist.as_ref().map_or(0, checklist::first_open);
        }
        self.current = Some(CaseView {
            case,
            checklist,
            history,
            lookback,
        });
        Ok(())
    }

    pub(super) fn report<T>(&mut self, r: anyhow::Result<T>) {
        if let Err(e) = r {
            self.status = Some((true, format!("{e:#}")));
        }
    }

    pub(super) fn notify(&mut self, text: String) {
        self.status = Some((false, text));
    }

    /// Handle one terminal event; true when the screen must be redrawn.
    pub fn handle_event(&mut self, ev: Event) -> bool {
        let redraw = match ev {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                self.on_key(&k);
                true
            }
            Event::Paste(s) => self.on_paste(&s),
            Event::Resize(..) => true,
            _ => false,
        };
        let d = self.top_form().map(Form::draft);
        draft::set_slot(&self.opts.draft_path, d.as_ref());
        redraw
    }

    pub(super) fn top_form(&self) -> Option<&Form> {
        match self.modals.last() {
            Some(Modal::Form(f)) => Some(f),
            _ => None,
        }
    }

    fn on_paste(&mut self, s: &str) -> bool {
        if let Some(Modal::Form(f)) = self.modals.last_mut() {
            f.paste(s);
            return true;
        }
        if let Some(Modal::Import(screen)) = self.modals.last_mut() {
            screen.paste(s);
            return true;
        }
        if let Some(ta) = self.roster.filter.as_mut() {
            ta.insert_str(s.replace(['\r', '\n'], " "));
            let r = self.apply_filter_text();
            self.report(r);
            return true;
        }
        false
    }

    fn on_key(&mut self, k: &KeyEvent) {
        self.status = None;
        if self.is_ctrl_quit(k) {
            // Ctrl-C quits from anywhere, as `q` does (asking first when a
            // form holds text; a second Ctrl-C at that question quits).
            if matches!(self.modals.last(), Some(Modal::Confirm(Confirm::Quit))) {
                self.quit = true;
            } else {
                self.request_quit();
            }
            return;
        }
        if !self.modals.is_empty() {
            return self.modal_key(k);
        }
        if self.roster.filter.is_some() && self.focus == Pane::Roster {
            return self.filter_key(k);
        }
        let ctxs: &[KeyCtx] = match self.focus {
            Pane::Roster => &[KeyCtx::Roster, KeyCtx::List, KeyCtx::Case, KeyCtx::Global],
            _ => &[KeyCtx::List, KeyCtx::Case, KeyCtx::Global],
        };
        if let Some(cmd) = self.keymap.resolve(ctxs, k) {
            let r = self.dispatch(cmd);
            self.report(r);
        }
    }

    fn dispatch(&mut self, cmd: Command) -> anyhow::Result<()> {
        self.settle_unless_move(cmd)?;
        match cmd.ctx() {
            KeyCtx::Global => self.global(cmd),
            KeyCtx::List => self.nav(cmd),
            KeyCtx::Roster => self.roster_cmd(cmd),
            KeyCtx::Case => {
                if cmd == Command::WriteDossier {
                    return self.write_dossier();
                }
                if let Command::OpenForm(kind) = cmd {
                    self.open_form(kind, None);
                }
                Ok(())
            }
            KeyCtx::Form => Ok(()),
        }
    }

    fn global(&mut self, cmd: Command) -> anyhow::Result<()> {
        match cmd {
            Command::Quit => self.request_quit(),
            Command::Help => self.modals.push(Modal::Help(0)),
            Command::NextPane | Command::PrevPane => {
                self.focus = self.focus.next(cmd == Command::NextPane);
                if self.focus != Pane::Roster {
                    self.secondary = self.focus;
                }
                if matches!(self.focus, Pane::Checklist | Pane::Tree) {
                    self.corner = self.focus;
                }
            }
            Command::SwitchView => {
                self.secondary = match self.secondary.next(true) {
                    Pane::Roster => Pane::Detail,
                    p => p,
                };
                if self.focus != Pane::Roster {
                    self.focus = self.secondary;
                }
                if matches!(self.secondary, Pane::Checklist | Pane::Tree) {
                    self.corner = self.secondary;
                }
            }
            Command::Reload => self.reload_all()?,
            Command::Import if self.ws.is_compiled() => {
                self.status = Some((true, t("bundle.compiled.read_only").to_string()));
            }
            Command::Import => self.modals.push(Modal::Import(Box::default())),
            Command::Stats => {
                let view = self.stats_view()?;
                self.modals.push(Modal::Stats(Box::new(view)));
            }
            _ => {}
        }
        Ok(())
    }

    /// A Ctrl-combination bound to quit (Ctrl-C by default).
    fn is_ctrl_quit(&self, k: &KeyEvent) -> bool {
        k.modifiers
            .contains(crossterm::event::KeyModifiers::CONTROL)
            && self.keymap.resolve(&[KeyCtx::Global], k) == Some(Command::Quit)
    }

    /// The statistics of the unit in scope, from the kept counters.
    fn stats_view(&self) -> anyhow::Result<StatsView> {
        let today = self.opts.today;
        let cutoff = crate::domain::lost::lost_cutoff(today, self.ws.policy());
        let unit = self.tree.scope.clone();
        let stats = self.ws.store().scope_stats(
            &unit,
            (today, cutoff),
            super::stats::MONTHS,
            super::stats::WEEKS,
        )?;
        Ok(StatsView {
            unit,
            stats,
            first: 0,
        })
    }

    pub(super) fn request_quit(&mut self) {
        let unsaved = self
            .modals
            .iter()
            .any(|m| matches!(m, Modal::Form(f) if f.has_text()));
        if unsaved {
            self.modals.push(Modal::Confirm(Confirm::Quit));
        } else {
            self.quit = true;
        }
    }

    fn modal_key(&mut self, k: &KeyEvent) {
        let quit_combo = k.code != KeyCode::Esc
            && !matches!(k.code, KeyCode::Char(_) if !k.modifiers.contains(crossterm::event::KeyModifiers::CONTROL))
            && self.keymap.resolve(&[KeyCtx::Global], k) == Some(Command::Quit);
        match self.modals.last_mut() {
            Some(Modal::Help(scroll)) => match k.code {
                // Each draw clamps the offset to what the popup can show
                // (`help::max_scroll`), so End and Down need no bound here.
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                KeyCode::Home => *scroll = 0,
                KeyCode::End => *scroll = u16::MAX,
                _ => {
                    self.modals.pop();
                }
            },
            Some(Modal::Confirm(_)) => self.confirm_key(k),
            Some(Modal::Stats(v)) => match k.code {
                KeyCode::Down | KeyCode::Char('j') | KeyCode::PageDown => v.scroll(true),
                KeyCode::Up | KeyCode::Char('k') | KeyCode::PageUp => v.scroll(false),
                _ => {
                    self.modals.pop();
                }
            },
            Some(Modal::Import(s)) => {
                let ev = s.handle_key(k, &mut self.ws, self.opts.today);
                self.import_event(ev);
            }
            Some(Modal::Form(_)) if quit_combo => self.request_quit(),
            Some(Modal::Form(f)) => match f.handle_key(&self.keymap, k) {
                FormEvent::Cancel => {
                    self.modals.pop();
                }
                FormEvent::Submit => self.submit_form(),
                FormEvent::Nothing => {}
            },
            None => {}
        }
    }

    fn confirm_key(&mut self, k: &KeyEvent) {
        let yes = matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y'));
        let Some(Modal::Confirm(c)) = self.modals.pop() else {
            return;
        };
        match c {
            Confirm::Quit if yes => self.quit = true,
            Confirm::Quit => {}
            Confirm::Batch(actions, _) if yes => self.run_batch(actions),
            Confirm::Batch(..) => {}
            Confirm::RestoreDraft(d, _) => {
                draft::discard(&self.opts.draft_path);
                if yes {
                    self.restore_draft(d);
                }
            }
        }
    }

    fn filter_key(&mut self, k: &KeyEvent) {
        match k.code {
            KeyCode::Enter => self.roster.filter = None,
            KeyCode::Esc => {
                self.roster.filter = None;
                self.roster.query.text.clear();
                let r = self.roster.restart(&self.ws).map_err(anyhow::Error::from);
                self.report(r);
            }
            KeyCode::Down | KeyCode::Up => {
                self.roster.filter = None;
                self.on_key(k);
            }
            _ => {
                if let Some(ta) = self.roster.filter.as_mut() {
                    super::text::edit(ta, k);
                }
                let r = self.apply_filter_text();
                self.report(r);
            }
        }
    }

    fn apply_filter_text(&mut self) -> anyhow::Result<()> {
        let text = self
            .roster
            .filter
            .as_ref()
            .map(|ta| ta.lines().join(" "))
            .unwrap_or_default();
        if text.trim() != self.roster.query.text {
            self.roster.query.text = text.trim().to_string();
            self.roster.restart(&self.ws)?;
            if let Some(id) = self.roster.selected_id() {
                self.select_case(id)?;
            }
        }
        Ok(())
    }

    /// The open case's dossier as HTML in `exports/` next to the database
    /// (marked, 0600, audited); the path goes to the status line.
    fn write_dossier(&mut self) -> anyhow::Result<()> {
        let Some(id) = self.current_case() else {
            self.need_case();
            return Ok(());
        };
        let dir = match self.opts.draft_path.parent() {
            Some(p) => p.join("exports"),
            None => std::path::PathBuf::from("exports"),
        };
        let path = crate::papers::output::dossier_to_dir(&mut self.ws, id, &dir, self.opts.today)?;
        self.notify(tf(
            "papers.ui.written",
            &[("path", path.display().to_string())],
        ));
        Ok(())
    }

    /// After a key on the import screen: close it, or reload after an import.
    fn import_event(&mut self, ev: ImportEvent) {
        match ev {
            ImportEvent::Nothing => {}
            ImportEvent::Close => {
                self.modals.pop();
            }
            ImportEvent::Imported(n) => {
                self.modals.pop();
                self.notify(tf("import.screen.done", &[("n", n.to_string())]));
                let r = self.reload_branches().and_then(|_| self.reload_all());
                self.report(r);
            }
        }
    }

    fn reload_branches(&mut self) -> anyhow::Result<()> {
        self.roster.branches = self.ws.store().branches()?;
        self.roster.committees = self.ws.store().committees()?;
        Ok(())
    }

    pub(super) fn need_case(&mut self) -> bool {
        if self.current.is_none() {
            self.notify(t("ui.msg.no_case").to_string());
            return false;
        }
        true
    }

    pub(super) fn saved(&mut self, action: &str) {
        self.notify(tf(
            "ui.msg.saved",
            &[("action", t(&format!("ui.action.{action}")).to_string())],
        ));
    }
}
