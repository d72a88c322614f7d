//! Validation of a member's record: identity number, dates, probation fields.

use super::Ctx;
use super::common::{lbl, not_future};
use crate::domain::dates::add_years;
use crate::domain::idcard::{self, IdError};
use crate::domain::model::{Member, Membership};
use crate::domain::refusal::Refusal;

/// Validate a new member's record (ID check digit, dates, probation fields).
pub fn validate_member(m: &Member, ctx: &Ctx) -> Result<(), Refusal> {
    super::text::check_member(m)?;
    for (value, code) in [
        (&m.name, "name_required"),
        (&m.branch, "branch_required"),
        (&m.committee, "committee_required"),
    ] {
        if value.trim().is_empty() {
            return Err(Refusal::new(code, "N五"));
        }
    }
    check_id(m)?;
    for (date, field) in [
        (Some(m.birth_date), "birth_date"),
        (Some(m.joined), "joined"),
        (Some(m.last_contact), "last_contact"),
        (m.probation_start, "probation_start"),
    ] {
        if let Some(date) = date {
            not_future(date, ctx).map_err(|r| r.arg("field", field))?;
        }
    }
    check_order(m)?;
    check_probation(m)
}

fn check_id(m: &Member) -> Result<(), Refusal> {
    let id = m.id_number.trim();
    match idcard::parse(id) {
        Err(IdError::Format) => Err(Refusal::new("id_format", "GB 11643").arg("id", id)),
        Err(IdError::CheckDigit(c)) => Err(Refusal::new("id_check_digit", "GB 11643")
            .arg("id", id)
            .arg("expected", c)),
        Err(IdError::BirthDate) => Err(Refusal::new("id_birth_invalid", "GB 11643").arg("id", id)),
        Ok(birth) if birth != m.birth_date => Err(Refusal::new("id_birth_mismatch", "GB 11643")
            .arg("id_birth", birth)
            .arg("birth_date", m.birth_date)),
        Ok(_) => Ok(()),
    }
}

fn check_order(m: &Member) -> Result<(), Refusal> {
    if m.joined <= m.birth_date {
        return Err(Refusal::new("joined_before_birth", "党章 Art.1")
            .arg("joined", m.joined)
            .arg("birth_date", m.birth_date));
    }
    if m.joined < add_years(m.birth_date, 18) {
        return Err(Refusal::new("joined_under_18", "党章 Art.1")
            .arg("joined", m.joined)
            .arg("birth_date", m.birth_date));
    }
    if m.last_contact < m.joined {
        return Err(Refusal::new("last_contact_before_joined", "N前言")
            .arg("last_contact", m.last_contact)
            .arg("joined", m.joined));
    }
    Ok(())
}

fn check_probation(m: &Member) -> Result<(), Refusal> {
    match (m.membership, m.probation_start) {
        (Membership::Probationary, None) => {
            Err(Refusal::new("probation_start_required", "细则 Art.32")
                .arg("membership", lbl(m.membership.label_key())))
        }
        (_, Some(start)) if start < m.birth_date => {
            Err(Refusal::new("probation_start_before_birth", "细则 Art.32")
                .arg("probation_start", start)
                .arg("birth_date", m.birth_date))
        }
        _ => Ok(()),
    }
}
