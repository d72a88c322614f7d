//! Probationary members [N二, N四; 党章 Art.7; 细则 Art.32]: extending,
//! converting and cancelling are each a track, a 党员大会 decision approved by
//! the 基层党委 (「都应当经支部大会讨论通过和上级党组织批准」). The extension
//! starts at the planned end of the probation year, runs 6–12 months (policy)
//! and is granted once. A probationary member settled abroad is not converted
//! and not extended: the lapse (预备党员资格不再保留) is recorded whenever it
//! is learned.

use super::Ctx;
use super::common::*;
use super::status_facts::probationary;
use super::track::ChooseIn;
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
    planned_year_end(case, policy)
}

/// The end of the probation year (start + policy months): an extension
/// starts here, whatever day it is decided.
pub fn planned_year_end(case: &Case, policy: &Policy) -> Option<NaiveDate> {
    let start = case.member.probation_start?;
    Some(add_months(start, policy.probation.months))
}

fn not_settled(case: &Case, code: &'static str) -> Result<(), Refusal> {
    if case.member.abroad == Abroad::Settled {
        return Err(Refusal::new(code, "N四"));
    }
    Ok(())
}

/// 延长预备期: probationary, not settled abroad (its probationary membership
/// lapses instead, N四), not extended before (细则 Art.32: once).
pub fn extend_allowed(case: &Case, _c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    probationary(case)?;
    not_settled(case, "settled_no_extension")?;
    let p = &ctx.policy.probation;
    if case.extensions.len() >= p.max_extensions as usize {
        return Err(Refusal::new("extension_limit", "细则 Art.32").arg("max", p.max_extensions));
    }
    if planned_year_end(case, ctx.policy).is_none() {
        return Err(Refusal::new("probation_start_required", "细则 Art.32"));
    }
    Ok(())
}

/// The months of an extension, decided with the track (细则 Art.32).
pub fn extension_months(months: Option<u32>, ctx: &Ctx) -> Result<u32, Refusal> {
    let p = &ctx.policy.probation;
    let Some(m) = months else {
        return Err(Refusal::new("extension_months_required", "细则 Art.32")
            .arg("min", p.extension_min_months)
            .arg("max", p.extension_max_months));
    };
    if m < p.extension_min_months || m > p.extension_max_months {
        return Err(Refusal::new("extension_months_out_of_range", "细则 Art.32")
            .arg("months", m)
            .arg("min", p.extension_min_months)
            .arg("max", p.extension_max_months));
    }
    Ok(m)
}

/// 转正: not for a member settled abroad [N四]; a member lost during the
/// probation has it extended first [N二]; not before the (extended)
/// probation ends (细则 Art.32).
pub fn convert_allowed(case: &Case, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    probationary(case)?;
    not_settled(case, "settled_no_conversion")?;
    if case.extensions.is_empty() {
        return Err(Refusal::new("conversion_needs_extension", "N二"));
    }
    if let Some(end) = probation_end(case, ctx.policy).filter(|end| c.date < *end) {
        return Err(Refusal::new("probation_not_ended", "细则 Art.32")
            .arg("date", c.date)
            .arg("end", end));
    }
    Ok(())
}

/// The effect of an approved extension: from the end of the probation year,
/// the months decided with the track; the approval's document number.
pub fn apply_extension(case: &mut Case, track: &Track, doc_no: &str, policy: &Policy) {
    let Some(start) = planned_year_end(case, policy) else {
        return;
    };
    case.extensions.push(ProbationExtension {
        id: None,
        start,
        months: track
            .months
            .unwrap_or(policy.probation.extension_min_months),
        doc_no: doc_no.to_string(),
    });
}

pub fn apply_conversion(case: &mut Case, date: NaiveDate) {
    case.member.membership = Membership::Full;
    push_milestone(case, date, MilestoneKind::ProbationConverted, "");
}

/// 「预备党员出国（境）定居的…不再办理转正手续，预备党员资格不再保留」 [N四]:
/// recorded whenever it is learned, during or after the probation year.
pub fn record_lapse(
    case: &mut Case,
    date: NaiveDate,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    probationary(case)?;
    if case.member.abroad != Abroad::Settled {
        return Err(Refusal::new("lapse_not_settled", "N四")
            .arg("abroad", lbl(case.member.abroad.label_key())));
    }
    if !matches!(
        case.status,
        Status::Lost | Status::Regained | Status::Normal | Status::Correction
    ) {
        return Err(
            Refusal::new("lapse_wrong_status", "N四").arg("status", lbl(case.status.label_key()))
        );
    }
    after_status(case, date, ctx)?;
    if let Some(i) = open_index(case) {
        let t = &mut case.tracks[i];
        t.closed = Some(date.max(t.started));
        t.completed = false;
    }
    set_status(case, Status::ProbationLapsed, date);
    push_milestone(case, date, MilestoneKind::ProbationLapsed, note);
    Ok(())
}
