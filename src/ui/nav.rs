//! Moving within panes and the roster's filter commands.

use super::alerts::{ALERT_PAGE, ALERT_WINDOW};
use super::app::App;
use super::checklist::items_of;
use super::command::Command;
use super::layout::Pane;
use crate::domain::model::CaseId;
use ratatui_textarea::TextArea;
use std::time::{Duration, Instant};

impl App {
    pub(super) fn nav(&mut self, cmd: Command) -> anyhow::Result<()> {
        match self.focus {
            Pane::Roster => self.roster_nav(cmd),
            Pane::Alerts => self.alerts_nav(cmd),
            Pane::Checklist => {
                self.checklist_nav(cmd);
                Ok(())
            }
            Pane::Detail => {
                self.detail_nav(cmd);
                Ok(())
            }
            Pane::Tree => self.tree_nav(cmd),
        }
    }

    /// Move in the tree (nothing is counted but the rows then on screen);
    /// Enter scopes the roster, the alerts and the statistics to the node.
    fn tree_nav(&mut self, cmd: Command) -> anyhow::Result<()> {
        self.tree.selected = step(self.tree.selected, self.tree.len(), cmd, 10);
        if cmd == Command::Open
            && let Some(unit) = self.tree.choose()
        {
            self.set_scope(unit)?;
        }
        Ok(())
    }

    /// Scope the roster (its committee and branch filters), the alerts and
    /// the statistics to `unit`.
    pub(super) fn set_scope(&mut self, unit: crate::store::OrgUnit) -> anyhow::Result<()> {
        self.roster.query.committee = unit.committee.clone();
        self.roster.query.branch = unit.branch.clone();
        self.tree.scope = unit;
        self.roster.restart(&self.ws)?;
        self.alerts
            .restart(&self.ws, self.opts.today, &self.tree.scope)?;
        if let Some(id) = self.roster.selected_id() {
            self.select_case(id)?;
        }
        Ok(())
    }

    fn roster_nav(&mut self, cmd: Command) -> anyhow::Result<()> {
        let last = self.roster.rows.len().saturating_sub(1);
        let sel = self.roster.selected;
        match cmd {
            Command::Down if sel < last => self.roster.selected += 1,
            Command::Up if sel > 0 => self.roster.selected -= 1,
            // Past the last or first row the rows scroll by one (the
            // terminal moves them: `ui::scroll`); PageDown/PageUp flip.
            Command::Down => {
                self.roster.scroll_down(&self.ws)?;
                self.roster.selected = self.roster.rows.len().saturating_sub(1);
            }
            Command::Up => {
                self.roster.scroll_up(&self.ws)?;
                self.roster.selected = 0;
            }
            Command::PageDown => {
                let moved = self.roster.next_page(&self.ws)?;
                self.roster.selected = if moved { 0 } else { last };
            }
            Command::PageUp => {
                self.roster.prev_page(&self.ws)?;
                self.roster.selected = 0;
            }
            Command::Top => self.roster.restart(&self.ws)?,
            Command::Bottom => self.roster.last_page(&self.ws)?,
            Command::Open if self.roster.selected_id().is_some() => {
                self.show_secondary(Pane::Detail)
            }
            _ => {}
        }
        match self.roster.selected_id() {
            // The detail pane follows a moving selection once the keys
            // settle (`idle`), so a held arrow key repaints roster rows only.
            Some(id) if is_move(cmd) && self.current.is_some() => {
                self.pending = (self.current_case() != Some(id)).then(|| (id, Instant::now()));
            }
            Some(id) => self.select_case(id)?,
            None => {}
        }
        Ok(())
    }

    /// Before any command but a roster move, show the selected case: an
    /// action must never apply to a case other than the one selected.
    pub(super) fn settle_unless_move(&mut self, cmd: Command) -> anyhow::Result<()> {
        if self.focus == Pane::Roster && is_move(cmd) {
            return Ok(());
        }
        if let Some((id, _)) = self.pending {
            self.select_case(id)?;
        }
        Ok(())
    }

    /// Show the case the roster selection rests on, if the detail pane still
    /// shows another (after arrow-key moves). True when the screen changed.
    pub fn settle(&mut self) -> bool {
        let Some((id, _)) = self.pending else {
            return false;
        };
        let r = self.select_case(id);
        self.report(r);
        true
    }

    /// Call when no key has come for a while: settles once the selection
    /// has rested `SETTLE`. True when the screen must be redrawn.
    pub fn idle(&mut self) -> bool {
        match self.pending {
            Some((_, at)) if at.elapsed() >= SETTLE => self.settle(),
            _ => false,
        }
    }

    /// How long the event loop may wait before `idle` has work (None:
    /// nothing pending).
    pub fn idle_in(&self) -> Option<Duration> {
        self.pending
            .map(|(_, at)| SETTLE.saturating_sub(at.elapsed()))
    }

    /// Focus a non-roster pane (and show it in the compact layout).
    pub(super) fn show_secondary(&mut self, p: Pane) {
        self.secondary = p;
        self.focus = p;
    }

    fn alerts_nav(&mut self, cmd: Command) -> anyhow::Result<()> {
        // Read the next page before the selection reaches the last row
        // read; End reads on to the window's end.
        let held = self.alerts.rows.len();
        let need = match cmd {
            Command::Bottom => Some(ALERT_WINDOW),
            Command::Down | Command::PageDown => {
                Some(self.alerts.selected.saturating_add(ALERT_STEP + 1))
            }
            _ => None,
        };
        if let Some(need) = need
            && need >= held
        {
            let upto = need.max(held.saturating_add(ALERT_PAGE));
            self.alerts
                .grow(&self.ws, self.opts.today, &self.tree.scope, upto)?;
        }
        let n = self.alerts.rows.len();
        self.alerts.selected = step(self.alerts.selected, n, cmd, ALERT_STEP);
        if cmd == Command::Open
            && let Some(id) = self.alerts.selected_case()
        {
            self.open_case(id)?;
        }
        Ok(())
    }

    /// Select a case from outside the roster page (alerts, drafts).
    pub(super) fn open_case(&mut self, id: CaseId) -> anyhow::Result<()> {
        self.select_case(id)?;
        if let Some(i) = self.roster.rows.iter().position(|r| r.id == id) {
            self.roster.selected = i;
        }
        self.show_secondary(Pane::Detail);
        Ok(())
    }

    fn checklist_nav(&mut self, cmd: Command) {
        let n = self
            .current
            .as_ref()
            .and_then(|c| c.checklist.as_ref())
            .map_or(0, |c| items_of(c).count());
        self.checklist.selected = step(self.checklist.selected, n, cmd, 5);
        if cmd == Command::Open {
            self.open_form(super::form::FormKind::Item, None);
        }
    }

    pub(super) fn roster_cmd(&mut self, cmd: Command) -> anyhow::Result<()> {
        let st = &mut self.roster;
        match cmd {
            Command::Filter => {
                let mut ta = TextArea::new(vec![st.query.text.clone()]);
                ta.move_cursor(ratatui_textarea::CursorMove::End);
                st.filter = Some(ta);
                return Ok(());
            }
            Command::CycleStatus => st.cycle_status(crate::domain::lost::lost_cutoff(
                self.opts.today,
                self.ws.policy(),
            )),
            Command::CycleBranch => st.cycle_branch(),
            Command::CycleCommittee => st.cycle_committee(),
            Command::CycleMembership => st.cycle_membership(),
            Command::CycleFocus => st.cycle_focus(),
            Command::CycleAbroad => st.cycle_abroad(),
            Command::CycleSort => st.cycle_sort(),
            Command::ClearFilters => {
                // Clearing the filters also leaves the tree's scope.
                st.clear_filters();
                return self.set_scope(crate::store::OrgUnit::default());
            }
            Command::Mark => return self.toggle_mark(),
            Command::MarkRange => {
                self.mark_range();
                return Ok(());
            }
            Command::MarkAll => return self.mark_all(),
            Command::ClearMarks => {
                self.clear_marks();
                return Ok(());
            }
            _ => return Ok(()),
        }
        self.roster.restart(&self.ws)?;
        if let Some(id) = self.roster.selected_id() {
            self.select_case(id)?;
        }
        Ok(())
    }
}

/// Rows a PageDown/PageUp moves in the alert pane.
const ALERT_STEP: usize = 10;

/// How long the roster selection must rest before the detail pane follows.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Commands that only move the roster selection.
fn is_move(cmd: Command) -> bool {
    matches!(
        cmd,
        Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
    )
}

/// Move a selection in a list of `n` items.
fn step(cur: usize, n: usize, cmd: Command, page: usize) -> usize {
    let last = n.saturating_sub(1);
    match cmd {
        Command::Down => (cur + 1).min(last),
        Command::Up => cur.saturating_sub(1),
        Command::PageDown => (cur + page).min(last),
        Command::PageUp => cur.saturating_sub(page),
        Command::Top => 0,
        Command::Bottom => last,
        _ => cur.min(last),
    }
}
