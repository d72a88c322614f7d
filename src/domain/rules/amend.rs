//! Amendments (DOMAIN.md "Confidentiality and record-keeping"): 「a wrong entry
//! is corrected by a new entry that says so, and from then on the corrected
//! values are the ones that count (deadlines, papers), while both stay in the
//! history」. The record takes the new values; each old value is kept as an
//! `Amendment`. The checks the entry passed when it was recorded are run again
//! on the amended case (`amend_check.rs`): what they refuse is not amended.

use super::Ctx;
use super::amend_check::check_amended;
use super::common::require_text;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use std::collections::BTreeMap;

const SOURCE: &str = "N五";

pub struct AmendIn<'a> {
    pub date: NaiveDate,
    pub target: AmendTarget,
    pub record: Option<RecordId>,
    pub values: &'a BTreeMap<String, String>,
    pub note: &'a str,
}

/// The fields an amendment may set, per target.
pub fn fields(target: AmendTarget) -> &'static [&'static str] {
    match target {
        AmendTarget::Search => &["date", "channel", "who", "result", "note"],
        AmendTarget::Conduct => &["check", "date", "result", "note"],
        AmendTarget::Item => &["date", "who", "doc_no", "note"],
        AmendTarget::Vote => &["due", "attending", "votes_for", "against", "abstaining"],
        AmendTarget::Regained => &["date"],
        AmendTarget::Member => &["last_contact", "probation_start", "joined", "birth_date"],
    }
}

pub fn amend(case: &mut Case, a: AmendIn, ctx: &Ctx) -> Result<(), Refusal> {
    require_text(a.note, "amend_note_required")?;
    super::common::not_future(a.date, ctx)?;
    if a.values.is_empty() {
        return Err(Refusal::new("amend_no_values", SOURCE));
    }
    let allowed = fields(a.target);
    if let Some(f) = a.values.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Refusal::new("amend_unknown_field", SOURCE)
            .arg("field", f)
            .arg("fields", allowed.join(", ")));
    }
    let before = case.clone();
    let mut changes = vec![];
    for (field, value) in a.values {
        let old = set_field(case, &a, field, value.trim())?;
        if old != value.trim() {
            changes.push((field.clone(), old, value.trim().to_string()));
        }
    }
    if changes.is_empty() {
        return Err(Refusal::new("amend_no_change", SOURCE));
    }
    check_amended(&before, case, a.target, a.record, ctx)?;
    for (field, old, new) in changes {
        case.amendments.push(Amendment {
            id: None,
            date: a.date,
            target: a.target,
            record: a.record,
            field,
            old,
            new,
            note: a.note.trim().to_string(),
            audit_seq: None,
        });
    }
    Ok(())
}

fn no_record(a: &AmendIn) -> Refusal {
    Refusal::new("amend_no_record", SOURCE)
        .arg("target", a.target.code())
        .arg(
            "record",
            a.record.map_or("-".to_string(), |r| r.to_string()),
        )
}

fn bad(field: &str, value: &str) -> Refusal {
    Refusal::new("amend_bad_value", SOURCE)
        .arg("field", field)
        .arg("value", value)
}

fn date_of(field: &str, v: &str) -> Result<NaiveDate, Refusal> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| bad(field, v))
}

fn code_of<T>(field: &str, v: &str, f: impl Fn(&str) -> Option<T>) -> Result<T, Refusal> {
    f(v).ok_or_else(|| bad(field, v))
}

fn count_of(field: &str, v: &str) -> Result<u32, Refusal> {
    v.parse::<u32>().map_err(|_| bad(field, v))
}

/// Set one field of the named record; returns its old value as text.
fn set_field(case: &mut Case, a: &AmendIn, field: &str, v: &str) -> Result<String, Refusal> {
    let id = a.record;
    let found = |rid: Option<RecordId>| id.is_some() && rid == id;
    match a.target {
        AmendTarget::Search => {
            let r = case.searches.iter_mut().find(|r| found(r.id));
            let r = r.ok_or_else(|| no_record(a))?;
            Ok(match field {
                "date" => std::mem::replace(&mut r.date, date_of(field, v)?).to_string(),
                "channel" => {
                    let new = code_of(field, v, Channel::from_code)?;
                    std::mem::replace(&mut r.channel, new).code().into()
                }
                "who" => std::mem::replace(&mut r.who, v.into()),
                "result" => {
                    let new = code_of(field, v, SearchResult::from_code)?;
                    std::mem::replace(&mut r.result, new).code().into()
                }
                _ => std::mem::replace(&mut r.note, v.into()),
            })
        }
        AmendTarget::Conduct => {
            let r = case.conduct.iter_mut().find(|r| found(r.id));
            let r = r.ok_or_else(|| no_record(a))?;
            Ok(match field {
                "date" => std::mem::replace(&mut r.date, date_of(field, v)?).to_string(),
                "check" => {
                    let new = code_of(field, v, ConductCheck::from_code)?;
                    std::mem::replace(&mut r.check, new).code().into()
                }
                "result" => {
                    let new = code_of(field, v, CheckResult::from_code)?;
                    std::mem::replace(&mut r.result, new).code().into()
                }
                _ => std::mem::replace(&mut r.note, v.into()),
            })
        }
        AmendTarget::Item => set_item(case, a, field, v),
        AmendTarget::Vote => {
            let r = case.decisions.iter_mut().find(|r| found(r.id));
            let r = r.ok_or_else(|| no_record(a))?;
            let n = count_of(field, v)?;
            let slot = match field {
                "due" => &mut r.due,
                "attending" => &mut r.attending,
                "votes_for" => &mut r.votes_for,
                "against" => &mut r.against,
                _ => &mut r.abstaining,
            };
            Ok(std::mem::replace(slot, n).to_string())
        }
        AmendTarget::Regained => {
            let r = case
                .milestones
                .iter_mut()
                .find(|m| found(m.id) && m.kind == MilestoneKind::ContactRegained);
            let r = r.ok_or_else(|| no_record(a))?;
            Ok(std::mem::replace(&mut r.date, date_of(field, v)?).to_string())
        }
        AmendTarget::Member => set_member(case, a, field, v),
    }
}

fn set_item(case: &mut Case, a: &AmendIn, field: &str, v: &str) -> Result<String, Refusal> {
    let id = a.record;
    let r = case.items.iter_mut().find(|r| id.is_some() && r.id == id);
    let r = r.ok_or_else(|| no_record(a))?;
    Ok(match field {
        "date" => {
            let new = date_of(field, v)?;
            let (track, item, old) = (r.track_id, r.item.clone(), r.date);
            r.date = new;
            // The meeting of a vote item is the item's date.
            if let Some(dec) = case
                .decisions
                .iter_mut()
                .find(|x| x.track_id == track && x.meeting_date == old && item == "vote")
            {
                dec.meeting_date = new;
            }
            old.to_string()
        }
        "who" => std::mem::replace(&mut r.who, v.into()),
        "doc_no" => std::mem::replace(&mut r.doc_no, v.into()),
        _ => std::mem::replace(&mut r.note, v.into()),
    })
}

fn set_member(case: &mut Case, a: &AmendIn, field: &str, v: &str) -> Result<String, Refusal> {
    if a.record.is_some() {
        return Err(no_record(a));
    }
    let m = &mut case.member;
    Ok(match field {
        "last_contact" => std::mem::replace(&mut m.last_contact, date_of(field, v)?).to_string(),
        "joined" => std::mem::replace(&mut m.joined, date_of(field, v)?).to_string(),
        "birth_date" => std::mem::replace(&mut m.birth_date, date_of(field, v)?).to_string(),
        _ => {
            let new = if v.is_empty() {
                None
            } else {
                Some(date_of(field, v)?)
            };
            std::mem::replace(&mut m.probation_start, new)
                .map(|d| d.to_string())
                .unwrap_or_default()
        }
    })
}
