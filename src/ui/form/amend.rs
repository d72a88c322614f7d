//! Amending a recorded entry (issue 14 item 5): the entry's values, each
//! beside the value on record (原：…), and the reason. Only the fields
//! whose value changed are sent, as `Action::Amend`; the rules refuse no
//! reason, no change, and a value that breaks a rule the entry passed.

use super::field::{Field, Input, enum_options};
use super::{Form, FormKind};
use crate::domain::action::Action;
use crate::domain::model::*;
use crate::i18n::tf;
use crate::ui::detail_entry::Entry;
use chrono::NaiveDate;

/// The entry an amend form corrects.
#[derive(Clone, Debug, PartialEq)]
pub struct AmendOf {
    pub target: AmendTarget,
    pub record: Option<RecordId>,
    /// How the form's title names the entry.
    pub name: String,
}

fn ds(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date(name: &'static str, d: NaiveDate) -> Field {
    Field::date(name, d).with_old(&ds(d))
}

fn count(name: &'static str, n: u32) -> Field {
    Field::number(name, n).with_old(&n.to_string())
}

/// A coded choice set to `now`, labelled by `label` (a `ui.field` key).
fn choice<T: Copy + PartialEq>(
    name: &'static str,
    label: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    key: fn(T) -> String,
    now: T,
) -> Field {
    let idx = all.iter().position(|v| *v == now).unwrap_or(0);
    let mut f = Field::choice(name, enum_options(all, code, key), idx).with_old(code(now));
    f.label = format!("ui.field.{label}");
    f
}

fn named(key: &str, d: Option<NaiveDate>) -> String {
    tf(key, &[("date", d.map(ds).unwrap_or_default())])
        .trim()
        .to_string()
}

/// The fields and the title of the form amending `e` of `case`; None
/// when the entry is not (or no longer) in the case.
fn entry_fields(case: &Case, e: Entry) -> Option<(Vec<Field>, String)> {
    let id = |rid: Option<RecordId>| e.record.is_some() && rid == e.record;
    Some(match e.target {
        AmendTarget::Search => {
            let r = case.searches.iter().find(|r| id(r.id))?;
            let fields = vec![
                date("date", r.date),
                choice(
                    "channel",
                    "channel",
                    Channel::ALL,
                    Channel::code,
                    Channel::label_key,
                    r.channel,
                ),
                Field::text("who", &r.who).with_old(&r.who),
                choice(
                    "result",
                    "search_result",
                    SearchResult::ALL,
                    SearchResult::code,
                    SearchResult::label_key,
                    r.result,
                ),
            ];
            (fields, named("ui.amend.search", Some(r.date)))
        }
        AmendTarget::Conduct => {
            let r = case.conduct.iter().find(|r| id(r.id))?;
            let fields = vec![
                choice(
                    "check",
                    "check",
                    ConductCheck::ALL,
                    ConductCheck::code,
                    ConductCheck::label_key,
                    r.check,
                ),
                date("date", r.date),
                choice(
                    "result",
                    "check_result",
                    CheckResult::ALL,
                    CheckResult::code,
                    CheckResult::label_key,
                    r.result,
                ),
            ];
            (fields, named("ui.amend.conduct", Some(r.date)))
        }
        AmendTarget::Vote => {
            let r = case.decisions.iter().find(|r| id(r.id))?;
            let fields = vec![
                count("due", r.due),
                count("attending", r.attending),
                count("votes_for", r.votes_for),
                count("against", r.against),
                count("abstaining", r.abstaining),
            ];
            (fields, named("ui.amend.vote", Some(r.meeting_date)))
        }
        AmendTarget::Regained => {
            let r = case
                .milestones
                .iter()
                .find(|m| id(m.id) && m.kind == MilestoneKind::ContactRegained)?;
            let mut f = date("date", r.date);
            f.label = "ui.field.regained".into();
            (vec![f], named("ui.amend.regained", None))
        }
        AmendTarget::Member => {
            let m = &case.member;
            let mut fields = vec![date("last_contact", m.last_contact)];
            if m.probation_start.is_some() || m.membership == Membership::Probationary {
                let old = m.probation_start.map(ds).unwrap_or_default();
                fields.push(Field::text("probation_start", &old).with_old(&old));
            }
            fields.push(date("joined", m.joined));
            fields.push(date("birth_date", m.birth_date));
            (fields, named("ui.amend.member", None))
        }
        AmendTarget::Item => return None,
    })
}

impl Form {
    /// The amend form for entry `e` of `case` (None: no such entry).
    pub fn for_entry(case: &Case, e: Entry, name: &str, today: NaiveDate) -> Option<Form> {
        let (mut fields, title) = entry_fields(case, e)?;
        fields.push(Field::note("amend_reason", ""));
        let mut form = Form::new(FormKind::Amend, case.id, case.version, name, None, today);
        form.fields = fields;
        form.amend = Some(AmendOf {
            target: e.target,
            record: e.record,
            name: title,
        });
        Some(form)
    }
}

/// The amendment the form holds: the fields whose value differs from the
/// one on record (none: all of them, which the rules refuse as no change).
/// A date or a
/// count that is not one is refused here, naming the field.
pub fn action(f: &Form) -> Result<Action, String> {
    let (target, record) = match &f.amend {
        Some(a) => (a.target, a.record),
        None => (
            AmendTarget::Item,
            f.item
                .as_ref()
                .and_then(|i| i.done.as_ref())
                .and_then(|r| r.id),
        ),
    };
    let mut values = std::collections::BTreeMap::new();
    for field in &f.fields {
        let Some(old) = &field.old else { continue };
        let new = field.value().trim().to_string();
        if new == *old {
            continue;
        }
        match field.input {
            Input::Date(_) => {
                f.date(field.name)?;
            }
            Input::Number(_) => {
                f.num(field.name)?;
            }
            // An optional date (预备期起) may be emptied.
            Input::Text { .. } if field.name == "probation_start" && !new.is_empty() => {
                f.date(field.name)?;
            }
            _ => {}
        }
        values.insert(field.name.to_string(), new);
    }
    if values.is_empty() {
        // Nothing changed: the values as they are, so the rule refusing
        // an amendment that changes nothing is the one that answers.
        for field in f.fields.iter().filter(|x| x.old.is_some()) {
            values.insert(field.name.to_string(), field.value().trim().to_string());
        }
    }
    Ok(Action::Amend {
        case: f.case,
        date: f.today,
        target,
        record,
        values,
        note: f.get("amend_reason"),
    })
}
