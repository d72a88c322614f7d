//! Helpers shared by the rule files: date checks, labels for refusal args,
//! the provisional id of a track not yet saved, and the disposed statuses.

use super::Ctx;
use crate::domain::model::{Case, MilestoneKind, RecordId, Status};
use crate::domain::refusal::Refusal;
use crate::i18n;
use chrono::NaiveDate;

/// Statuses that are the result of a disposition or status decision.
pub const DISPOSED: &[Status] = &[
    Status::Correction,
    Status::Persuading,
    Status::Removed,
    Status::Withdrawn,
    Status::Suspended,
    Status::ProbationCancelled,
];

/// Display label of a coded enum in the current language.
pub fn lbl(key: String) -> String {
    i18n::label(key).to_string()
}

/// Pick the Chinese or English name by the current language.
pub fn name_of<'a>(zh: &'a str, en: &'a str) -> &'a str {
    match i18n::lang() {
        i18n::Lang::En => en,
        i18n::Lang::Zh => zh,
    }
}

/// Map a source paragraph read from data to a static string for `Refusal::source`.
pub fn static_source(s: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "N一",
        "N二",
        "N三",
        "N三(1)",
        "N三(2)",
        "N三(3)",
        "N三(4)",
        "N三(5)",
        "N四",
        "N五",
        "X三",
        "N二, N四",
        "细则 Art.32",
        "细则 Art.34",
        "党章 Art.7",
        "党章 Art.9",
    ];
    KNOWN.iter().find(|k| **k == s).copied().unwrap_or("N三")
}

/// A date after today is not a fact yet.
pub fn not_future(date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    if date > ctx.today {
        return Err(Refusal::new("date_in_future", "N五")
            .arg("date", date)
            .arg("today", ctx.today));
    }
    Ok(())
}

/// Not in the future and not before the member joined the party.
pub fn plain_date(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    not_future(date, ctx)?;
    if date < case.member.joined {
        return Err(Refusal::new("date_before_joined", "N五")
            .arg("date", date)
            .arg("joined", case.member.joined));
    }
    Ok(())
}

/// Events of the lost period (searches, contact regained, suspension) cannot
/// precede the last contact.
pub fn after_last_contact(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    plain_date(case, date, ctx)?;
    if date < case.member.last_contact {
        return Err(Refusal::new("date_before_last_contact", "N前言")
            .arg("date", date)
            .arg("last_contact", case.member.last_contact));
    }
    Ok(())
}

/// A decision cannot precede the status it is taken from.
pub fn after_status(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    plain_date(case, date, ctx)?;
    if date < case.status_since {
        return Err(Refusal::new("date_before_status", "N五")
            .arg("date", date)
            .arg("since", case.status_since)
            .arg("status", lbl(case.status.label_key())));
    }
    Ok(())
}

/// A required text field; `code` is the refusal code naming the field.
pub fn require_text(value: &str, code: &'static str) -> Result<(), Refusal> {
    if value.trim().is_empty() {
        return Err(Refusal::new(code, "N五"));
    }
    Ok(())
}

/// Status must not be Lost: the member must have been reached first [N二].
pub fn contact_regained(case: &Case) -> Result<(), Refusal> {
    if case.status == Status::Lost {
        return Err(Refusal::new("contact_not_regained", "N二"));
    }
    Ok(())
}

/// Id the items of the open track refer to. A track not yet saved gets a
/// provisional negative id from its position; the store saves each action
/// before the next, so in practice items always see a real id.
pub fn track_key(case: &Case, index: usize) -> RecordId {
    case.tracks[index].id.unwrap_or(-(index as RecordId) - 1)
}

/// Index of the open track.
pub fn open_index(case: &Case) -> Option<usize> {
    case.tracks.iter().rposition(|t| t.closed.is_none())
}

pub fn last_milestone(case: &Case, kind: MilestoneKind) -> Option<NaiveDate> {
    case.milestones
        .iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.date)
        .max()
}

pub fn push_milestone(case: &mut Case, date: NaiveDate, kind: MilestoneKind, note: &str) {
    case.milestones.push(crate::domain::model::Milestone {
        id: None,
        date,
        kind,
        note: note.to_string(),
    });
}

pub fn set_status(case: &mut Case, status: Status, date: NaiveDate) {
    case.status = status;
    case.status_since = date;
}

/// Measures for members who cannot be found (停止党籍, 取消预备党员资格 for no
/// contact, removal as 自行脱党) only once the member is a 失联党员: on or after
/// last contact + the policy months (Notice preamble 「失去联系6个月以上」).
pub fn lost_six_months(case: &Case, date: NaiveDate, ctx: &Ctx) -> Result<(), Refusal> {
    let from = crate::domain::lost::lost_from(case.member.last_contact, ctx.policy);
    if date < from {
        return Err(Refusal::new("not_yet_lost_member", "N前言")
            .arg("date", date)
            .arg("last_contact", case.member.last_contact)
            .arg("months", ctx.policy.lost_contact.months)
            .arg("from", from));
    }
    Ok(())
}
