//! Opening, submitting and restoring forms. Every change goes through
//! `Workspace::run_expecting` with the version seen when the form opened.

use super::app::{App, Modal};
use super::checklist;
use super::draft::Draft;
use super::form::{Form, FormKind};
use crate::i18n::{t, tf};

impl App {
    /// Open a form for the selected case (`item` names a checklist item for drafts).
    pub(super) fn open_form(&mut self, kind: FormKind, item: Option<&str>) {
        // Every form records something: a compiled database takes none
        // (its cases are worked on in the units' own databases), so say so
        // at the key rather than after a form was filled in.
        if self.ws.is_compiled() {
            self.status = Some((true, t("bundle.compiled.read_only").to_string()));
            return;
        }
        if !self.need_case() {
            return;
        }
        let Some(cv) = self.current.as_ref() else {
            return;
        };
        let chosen = self.detail.chosen();
        if kind == FormKind::Amend
            && self.focus == super::layout::Pane::Detail
            && let Some(e) = chosen
        {
            // The entry chosen in the case detail is what is amended.
            match Form::for_entry(&cv.case, e, &cv.case.member.name, self.opts.today) {
                Some(form) => self.modals.push(Modal::Form(Box::new(form))),
                None => self.notify(t("ui.msg.no_entry").to_string()),
            }
            return;
        }
        let target = if kind == FormKind::Item {
            let Some(cl) = cv.checklist.as_ref() else {
                self.notify(t("ui.msg.no_track").to_string());
                return;
            };
            let idx = match item {
                Some(key) => checklist::items_of(cl)
                    .position(|i| i.key == key)
                    .unwrap_or(0),
                None => self.checklist.selected,
            };
            checklist::target(cl, idx)
        } else if kind == FormKind::Amend {
            // The selected checklist entry, when it is done, is what is amended.
            cv.checklist
                .as_ref()
                .and_then(|cl| checklist::target(cl, self.checklist.selected))
                .filter(|t| t.done.as_ref().is_some_and(|r| r.id.is_some()))
        } else {
            None
        };
        let review = if kind == FormKind::Review {
            match cv.lookback.iter().find(|(_, r)| r.recorded.is_none()) {
                Some((c, r)) => Some((c.id, r.review.criteria.clone())),
                None => {
                    self.notify(t("ui.msg.no_review_due").to_string());
                    return;
                }
            }
        } else {
            None
        };
        let batch = self.batch_for(kind).unwrap_or_default();
        let name = if batch.is_empty() {
            cv.case.member.name.clone()
        } else {
            tf("ui.batch.cases", &[("n", batch.len().to_string())])
        };
        let mut form = Form::new(
            kind,
            cv.case.id,
            cv.case.version,
            &name,
            target,
            self.opts.today,
        );
        form.batch = batch;
        if let Some((campaign, criteria)) = review {
            // Each criterion prefilled "not met" where the records carry a finding.
            let flags: Vec<_> = criteria
                .iter()
                .map(|v| (v.criterion, !v.findings.is_empty()))
                .collect();
            form.fields = super::form::review_fields(campaign, &flags, self.opts.today);
        }
        if kind == FormKind::Campaign {
            let extra = &self.ws.policy().lookback.also_review;
            if !extra.is_empty() {
                form.scope = crate::domain::lookback::DEFAULT_SCOPE.to_vec();
                form.scope.extend(extra.iter().copied());
            }
        }
        self.modals.push(Modal::Form(Box::new(form)));
    }

    pub(super) fn submit_form(&mut self) {
        let today = self.opts.today;
        let Some(Modal::Form(form)) = self.modals.last_mut() else {
            return;
        };
        if !form.batch.is_empty() {
            match form.action() {
                Ok(a) => {
                    let ids = form.batch.clone();
                    self.confirm_batch(&a, &ids);
                }
                Err(msg) => form.error = Some(msg),
            }
            return;
        }
        let (action, confirmed) = match form.confirming.take() {
            Some(a) => (a, true),
            None => match form.action() {
                Ok(a) => (a, false),
                Err(msg) => {
                    form.error = Some(msg);
                    return;
                }
            },
        };
        let irreversible = self
            .current
            .as_ref()
            .is_some_and(|cv| action.is_irreversible(&cv.case, self.ws.procedures()));
        if irreversible && !confirmed {
            form.confirming = Some(action);
            return;
        }
        match self.ws.run_expecting(&action, today, Some(form.version)) {
            Ok(out) => {
                self.modals.pop();
                self.saved(&out.action);
                let r = self.reload_all();
                self.report(r);
            }
            Err(e) => {
                // A conflict lists what changed; the panes then show it.
                if form.refused(&self.ws, e) {
                    let r = self.reload_all();
                    self.report(r);
                }
            }
        }
    }

    pub(super) fn restore_draft(&mut self, d: Draft) {
        if let Err(e) = self.open_case(d.case) {
            self.status = Some((true, format!("{e:#}")));
            return;
        }
        match (d.entry, self.current.as_ref()) {
            (Some((target, record)), Some(cv)) => {
                let e = super::detail_entry::Entry { target, record };
                match Form::for_entry(&cv.case, e, &cv.case.member.name, self.opts.today) {
                    Some(form) => self.modals.push(Modal::Form(Box::new(form))),
                    None => self.notify(t("ui.msg.no_entry").to_string()),
                }
            }
            _ => self.open_form(d.kind, d.item.as_deref()),
        }
        if let Some(Modal::Form(f)) = self.modals.last_mut() {
            f.restore(&d.values);
            f.version = d.version;
        }
    }
}

impl Form {
    pub fn draft(&self) -> Draft {
        Draft {
            kind: self.kind,
            case: self.case,
            version: self.version,
            item: self.item.as_ref().map(|i| i.key.clone()),
            entry: self.amend.as_ref().map(|a| (a.target, a.record)),
            values: self.values(),
        }
    }
}
