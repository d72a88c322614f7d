//! Modal forms: one generic `Form` (a list of fields) per kind of change.
//! The form keeps what was typed when the rules refuse, and shows why.

mod amend;
mod build;
mod conflict;
mod field;
mod view;

pub use amend::AmendOf;
pub use build::review_fields;
pub use field::{Field, Input};
pub use view::render_form;

use super::command::{Command, KeyCtx};
use super::keymap::Keymap;
use crate::domain::action::Action;
use crate::domain::model::{Body, CaseId, ItemKind};
use crate::i18n::{t, tf};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    Search,
    Regain,
    Conduct,
    Track,
    Item,
    Extend,
    Convert,
    /// 预备党员资格不再保留 of a member settled abroad (`record_probation_lapse`).
    Lapse,
    Correction,
    Persuasion,
    Appeal,
    Answer,
    Review,
    /// Start a look-back campaign (`start_campaign`; not about the case).
    Campaign,
    /// Correct an earlier audit entry of the case (`Action::Correct`).
    Amend,
    /// Cause of losing contact and the member's attitude (`record_assessment`).
    Assess,
    /// Education given (`record_education`).
    Educate,
    /// A support measure of 限期改正 (`record_support`).
    Support,
    /// The member's branch no longer exists (`mark_branch_gone`).
    BranchGone,
}

impl FormKind {
    pub fn title_key(self) -> String {
        let name = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        format!("ui.form.title.{name}")
    }
}

/// The checklist item a "complete item" form is for.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemTarget {
    pub key: String,
    pub kind: ItemKind,
    pub body: Body,
    pub name: String,
    /// A 处置决议 vote: the member's signature is asked for.
    pub signature: bool,
    /// The item's completed record, if any (what an amendment corrects).
    pub done: Option<crate::domain::model::ItemRecord>,
}

/// What a key did to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormEvent {
    Nothing,
    Cancel,
    Submit,
}

#[derive(Debug)]
pub struct Form {
    pub kind: FormKind,
    pub case: CaseId,
    /// The case version when the form opened (conflict check on save).
    pub version: i64,
    pub case_name: String,
    pub item: Option<ItemTarget>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// The rule refusal or input problem, shown in place.
    pub error: Option<String>,
    /// An irreversible action waiting for y/n.
    pub confirming: Option<Action>,
    /// The marked cases a batch form applies to (empty: just `case`).
    pub batch: Vec<CaseId>,
    /// The day the form opened (the date of an amendment).
    pub today: NaiveDate,
    /// The recorded entry an amend form corrects (not a checklist item).
    pub amend: Option<AmendOf>,
    /// A campaign form's scope (empty: the two kinds X三 names).
    pub scope: Vec<crate::domain::model::LookbackKind>,
}

impl Form {
    pub fn new(
        kind: FormKind,
        case: CaseId,
        version: i64,
        case_name: &str,
        item: Option<ItemTarget>,
        today: NaiveDate,
    ) -> Form {
        let fields = build::fields(kind, item.as_ref(), today);
        Form {
            kind,
            case,
            version,
            case_name: case_name.to_string(),
            item,
            fields,
            focus: 0,
            error: None,
            confirming: None,
            batch: vec![],
            today,
            amend: None,
            scope: vec![],
        }
    }

    pub fn action(&self) -> Result<Action, String> {
        build::action(self)
    }

    fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn has(&self, name: &str) -> bool {
        self.field(name).is_some()
    }

    pub fn get(&self, name: &str) -> String {
        self.field(name)
            .map(|f| f.value().trim().to_string())
            .unwrap_or_default()
    }

    fn label(&self, name: &str) -> String {
        self.field(name)
            .map(|f| t(&f.label).to_string())
            .unwrap_or_default()
    }

    pub fn date(&self, name: &str) -> Result<NaiveDate, String> {
        let v = self.get(name);
        NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| {
            tf(
                "ui.form.bad_date",
                &[("field", self.label(name)), ("value", v.clone())],
            )
        })
    }

    pub fn num(&self, name: &str) -> Result<u32, String> {
        let v = self.get(name);
        v.parse::<u32>().map_err(|_| {
            tf(
                "ui.form.bad_number",
                &[("field", self.label(name)), ("value", v.clone())],
            )
        })
    }

    /// A coded choice that may be left empty (absent field or "none").
    pub fn opt_code<T>(
        &self,
        name: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Result<Option<T>, String> {
        if !self.has(name) || self.get(name).is_empty() {
            return Ok(None);
        }
        self.code(name, parse).map(Some)
    }

    pub fn code<T>(&self, name: &str, parse: fn(&str) -> Option<T>) -> Result<T, String> {
        parse(&self.get(name))
            .ok_or_else(|| tf("ui.form.bad_choice", &[("field", self.label(name))]))
    }

    /// True when something was typed (quit asks before dropping it).
    pub fn has_text(&self) -> bool {
        self.fields.iter().any(|f| {
            f.name != "date"
                && matches!(f.input, Input::Text { .. })
                && !f.value().trim().is_empty()
        })
    }

    /// Handle a key: confirmation first, then form commands, then the editor.
    pub fn handle_key(&mut self, km: &Keymap, ev: &KeyEvent) -> FormEvent {
        if self.confirming.is_some() {
            return self.confirm_key(ev);
        }
        let cmd = km.resolve(&[KeyCtx::Form], ev);
        match cmd {
            Some(Command::Cancel) => return FormEvent::Cancel,
            Some(Command::Submit) => return FormEvent::Submit,
            Some(Command::NextField)
                if ev.code == crossterm::event::KeyCode::Enter
                    && self.focus + 1 == self.fields.len() =>
            {
                return FormEvent::Submit;
            }
            Some(Command::NextField) => self.focus = (self.focus + 1) % self.fields.len().max(1),
            Some(Command::PrevField) => {
                let n = self.fields.len().max(1);
                self.focus = (self.focus + n - 1) % n;
            }
            Some(Command::ChoicePrev | Command::ChoiceNext) if !self.focused_is_text() => {
                let fwd = cmd == Some(Command::ChoiceNext);
                if let Some(f) = self.fields.get_mut(self.focus) {
                    f.cycle(fwd);
                }
            }
            _ => {
                if let Some(a) = self.fields.get_mut(self.focus).and_then(Field::area_mut) {
                    super::text::edit(a, ev);
                }
            }
        }
        FormEvent::Nothing
    }

    fn focused_is_text(&self) -> bool {
        self.fields.get(self.focus).is_some_and(Field::is_text_like)
    }

    fn confirm_key(&mut self, ev: &KeyEvent) -> FormEvent {
        use crossterm::event::KeyCode;
        match ev.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => FormEvent::Submit,
            _ => {
                self.confirming = None;
                FormEvent::Nothing
            }
        }
    }

    /// Bracketed paste into the focused text field (`\r` becomes `\n`).
    pub fn paste(&mut self, s: &str) {
        let text = s.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(a) = self.fields.get_mut(self.focus).and_then(Field::area_mut) {
            a.insert_str(text);
        }
    }

    /// Field values by name, for the draft.
    pub fn values(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| (f.name.to_string(), f.value()))
            .collect()
    }

    pub fn restore(&mut self, values: &[(String, String)]) {
        for (name, v) in values {
            if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
                f.set_value(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Signature;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn vote_item_form_has_vote_fields_and_builds_a_vote() {
        let item = ItemTarget {
            key: "vote".into(),
            kind: ItemKind::Vote,
            body: Body::GeneralMeeting,
            name: "党员大会讨论表决".into(),
            signature: true,
            done: None,
        };
        let mut f = Form::new(FormKind::Item, 7, 3, "张三", Some(item), d("2024-06-01"));
        let names: Vec<&str> = f.fields.iter().map(|x| x.name).collect();
        for n in [
            "due",
            "attending",
            "votes_for",
            "against",
            "abstaining",
            "signature",
            "signature_note",
        ] {
            assert!(names.contains(&n), "{n} missing: {names:?}");
        }
        assert!(!names.contains(&"body"));
        f.restore(&[
            ("who".into(), "李四".into()),
            ("due".into(), "20".into()),
            ("attending".into(), "18".into()),
            ("votes_for".into(), "15".into()),
            ("signature".into(), "refused".into()),
        ]);
        match f.action() {
            Ok(Action::CompleteItem {
                case: 7,
                item,
                vote: Some(v),
                ..
            }) => {
                assert_eq!(item, "vote");
                assert_eq!((v.due, v.attending, v.votes_for), (20, 18, 15));
                assert_eq!(v.signature, Some(Signature::Refused));
            }
            other => panic!("{other:?}"),
        }
        f.restore(&[("attending".into(), "十八".into())]);
        assert!(f.action().is_err_and(|e| e.contains("十八")));
    }

    #[test]
    fn assessment_form_builds_the_recorded_facts() {
        let mut f = Form::new(FormKind::Assess, 4, 2, "李四", None, d("2024-06-01"));
        f.restore(&[
            ("cause".into(), "subjective".into()),
            ("acknowledges".into(), "yes".into()),
        ]);
        match f.action() {
            Ok(Action::RecordAssessment {
                case: 4,
                cause,
                acknowledges,
                ..
            }) => {
                assert_eq!(cause, crate::domain::model::CauseKind::Subjective);
                assert!(acknowledges);
            }
            other => panic!("{other:?}"),
        }
        f.restore(&[("acknowledges".into(), "no".into())]);
        assert!(matches!(
            f.action(),
            Ok(Action::RecordAssessment {
                acknowledges: false,
                ..
            })
        ));
    }

    #[test]
    fn approval_item_defaults_to_its_body() {
        let item = ItemTarget {
            key: "approve".into(),
            kind: ItemKind::Approval,
            body: Body::HigherDept,
            name: String::new(),
            signature: false,
            done: None,
        };
        let f = Form::new(FormKind::Item, 1, 1, "x", Some(item), d("2024-06-01"));
        assert_eq!(f.get("body"), "higher_dept");
        assert!(f.has("doc_no"));
    }
}
