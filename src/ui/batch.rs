//! Batch work on marked roster rows: Space marks a row, a range marks from
//! the last marked row to the selected one (on the page), "all" marks every
//! row of the current filter (up to `BATCH_MAX`). A case form opened with
//! rows marked applies to all of them: confirmed with the count, run by
//! `Workspace::run_batch` (one transaction, one audit entry per case, all or
//! nothing); a refused case names itself and the rule, nothing is written.

use super::app::{App, Confirm, Modal};
use super::form::FormKind;
use crate::app::ActionError;
use crate::domain::action::Action;
use crate::domain::model::CaseId;
use crate::i18n::{t, tf};
use crate::store::RosterQuery;

/// The most cases one batch takes (marking "all" stops there).
pub const BATCH_MAX: usize = 5000;

/// The forms whose action can go to many cases at once (a checklist item,
/// an audit correction and a look-back review belong to one case; a
/// campaign to none).
pub fn batchable(kind: FormKind) -> bool {
    !matches!(
        kind,
        FormKind::Item | FormKind::Amend | FormKind::Review | FormKind::Campaign
    )
}

/// The same action for another case.
pub fn for_case(action: &Action, id: CaseId) -> Option<Action> {
    let mut v = serde_json::to_value(action).ok()?;
    v.as_object_mut()?.insert("case".into(), id.into());
    serde_json::from_value(v).ok()
}

impl App {
    /// Space: mark or unmark the selected row, then move down.
    pub(super) fn toggle_mark(&mut self) -> anyhow::Result<()> {
        let Some(id) = self.roster.selected_id() else {
            return Ok(());
        };
        if !self.roster.marked.remove(&id) {
            self.roster.marked.insert(id);
        }
        self.roster.anchor = Some(id);
        if self.roster.selected + 1 < self.roster.rows.len() {
            self.roster.selected += 1;
        }
        Ok(())
    }

    /// Mark every row from the last marked one (or the page's top) to the
    /// selected one.
    pub(super) fn mark_range(&mut self) {
        let rows = &self.roster.rows;
        let here = self.roster.selected.min(rows.len().saturating_sub(1));
        let from = self
            .roster
            .anchor
            .and_then(|a| rows.iter().position(|r| r.id == a))
            .unwrap_or(0);
        let (lo, hi) = (from.min(here), from.max(here));
        let ids: Vec<CaseId> = rows
            .iter()
            .skip(lo)
            .take(hi + 1 - lo)
            .map(|r| r.id)
            .collect();
        self.roster.marked.extend(ids);
        self.roster.anchor = rows.get(here).map(|r| r.id);
    }

    /// Mark every row of the current filter (refused past `BATCH_MAX`).
    pub(super) fn mark_all(&mut self) -> anyhow::Result<()> {
        let q = RosterQuery {
            after: None,
            limit: BATCH_MAX + 1,
            descending: false,
            ..self.roster.query.clone()
        };
        let rows = self.ws.roster(&q)?;
        if rows.len() > BATCH_MAX {
            self.status = Some((
                true,
                tf("ui.batch.too_many", &[("max", BATCH_MAX.to_string())]),
            ));
            return Ok(());
        }
        self.roster.marked.extend(rows.iter().map(|r| r.id));
        Ok(())
    }

    pub(super) fn clear_marks(&mut self) {
        self.roster.marked.clear();
        self.roster.anchor = None;
    }

    /// The marked cases, in id order, when the form can take them all.
    pub(super) fn batch_for(&self, kind: FormKind) -> Option<Vec<CaseId>> {
        if self.roster.marked.is_empty() || !batchable(kind) {
            return None;
        }
        Some(self.roster.marked.iter().copied().collect())
    }

    /// The batch form's action for every marked case, to confirm with the count.
    pub(super) fn confirm_batch(&mut self, action: &Action, ids: &[CaseId]) {
        let actions: Option<Vec<Action>> = ids.iter().map(|id| for_case(action, *id)).collect();
        let Some(actions) = actions else {
            return;
        };
        let question = tf(
            "ui.batch.confirm",
            &[
                ("n", actions.len().to_string()),
                (
                    "action",
                    t(&format!("ui.action.{}", action.name())).to_string(),
                ),
            ],
        );
        self.modals
            .push(Modal::Confirm(Confirm::Batch(actions, question)));
    }

    /// After "y": all or nothing. A refusal names the case and the rule and
    /// stays in the form; nothing was written.
    pub(super) fn run_batch(&mut self, actions: Vec<Action>) {
        match self.ws.run_batch(&actions, self.opts.today) {
            Ok(outs) => {
                if matches!(self.modals.last(), Some(Modal::Form(_))) {
                    self.modals.pop();
                }
                let name = actions.first().map(|a| a.name()).unwrap_or_default();
                self.notify(tf(
                    "ui.batch.saved",
                    &[
                        ("action", t(&format!("ui.action.{name}")).to_string()),
                        ("n", outs.len().to_string()),
                    ],
                ));
                self.clear_marks();
                let r = self.reload_all();
                self.report(r);
            }
            Err((i, e)) => {
                let id = actions.get(i).and_then(Action::case_id).unwrap_or_default();
                let name = self.ws.case(id).map(|c| c.member.name).unwrap_or_default();
                let why = match e {
                    ActionError::Refused(r) => r.to_string(),
                    other => other.to_string(),
                };
                let msg = tf(
                    "ui.batch.refused",
                    &[("name", name), ("id", id.to_string()), ("why", why)],
                );
                match self.modals.last_mut() {
                    Some(Modal::Form(f)) => f.error = Some(msg),
                    _ => self.status = Some((true, msg)),
                }
            }
        }
    }
}
