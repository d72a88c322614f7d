//! Probationary members who regained contact: extension (once, 6-12 months)
//! and conversion [N二; 细则 Art.32].

use super::Ctx;
use super::common::*;
use super::status_facts::probationary;
use crate::domain::dates::add_months;
use crate::domain::model::*;
use crate::domain::policy::Policy;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

/// Planned end of probation: the last extension's end, or start + policy months.
pub fn probation_end(case: &Case, policy: &Policy) -> Option<NaiveDate> {
    if let Some(e) = case.extensions.last() {
        return Some(add_months(e.start, e.months));
    }
    let start = case.member.probation_start?;
    Some(add_months(start, policy.probation.months))
}

fn still_probationary(case: &Case) -> Result<(), Refusal> {
    probationary(case)?;
    if case.status == Status::ProbationCancelled {
        return Err(Refusal::new("probation_cancelled", "N二"));
    }
    contact_regained(case)
}

pub fn extend(
    case: &mut Case,
    start: NaiveDate,
    months: u32,
    doc_no: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    still_probationary(case)?;
    plain_date(case, start, ctx)?;
    let p = &ctx.policy.probation;
    if case.extensions.len() >= p.max_extensions as usize {
        return Err(Refusal::new("extension_limit", "细则 Art.32").arg("max", p.max_extensions));
    }
    if months < p.extension_min_months || months > p.extension_max_months {
        return Err(Refusal::new("extension_months_out_of_range", "细则 Art.32")
            .arg("months", months)
            .arg("min", p.extension_min_months)
            .arg("max", p.extension_max_months));
    }
    if let Some(ps) = case.member.probation_start.filter(|ps| start < *ps) {
        return Err(Refusal::new("extension_before_probation", "细则 Art.32")
            .arg("start", start)
            .arg("probation_start", ps));
    }
    case.extensions.push(ProbationExtension {
        id: None,
        start,
        months,
        doc_no: doc_no.trim().to_string(),
    });
    Ok(())
}

/// A member who was lost during probation must have it extended before
/// conversion [N二]; none for members settled abroad [N四].
pub fn convert(case: &mut Case, date: NaiveDate, note: &str, ctx: &Ctx) -> Result<(), Refusal> {
    still_probationary(case)?;
    plain_date(case, date, ctx)?;
    if !matches!(case.status, Status::Regained | Status::Normal) {
        return Err(
            Refusal::new("convert_wrong_status", "N二").arg("status", lbl(case.status.label_key()))
        );
    }
    if case.member.abroad == Abroad::Settled {
        return Err(Refusal::new("settled_no_conversion", "N四"));
    }
    if case.extensions.is_empty() {
        return Err(Refusal::new("conversion_needs_extension", "N二"));
    }
    if let Some(end) = probation_end(case, ctx.policy).filter(|end| date < *end) {
        return Err(Refusal::new("probation_not_ended", "细则 Art.32")
            .arg("date", date)
            .arg("end", end));
    }
    case.member.membership = Membership::Full;
    push_milestone(case, date, MilestoneKind::ProbationConverted, note);
    Ok(())
}
