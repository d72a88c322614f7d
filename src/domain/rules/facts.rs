//! The named facts a track may require (`requires = [...]` in
//! `data/procedures.toml`). Each is a check on the case's recorded facts
//! that refuses with the rule it comes from; `track::choose_track` runs a
//! track's list in order, so a track's whole rule reads in one place.

use super::Ctx;
use super::common::*;
use super::status_facts;
use super::track::ChooseIn;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;

type Check = fn(&Case, &ChooseIn, &Ctx) -> Result<(), Refusal>;

/// Every fact a procedures file may name, with its check.
const FACTS: &[(&str, Check)] = &[
    ("conduct_known", |c, _, _| conduct_known(c)),
    ("no_unqualified_conduct", |c, _, _| {
        no_unqualified_conduct(c)
    }),
    ("no_violation", |c, _, _| no_violation(c)),
    ("cause_objective", |c, _, _| {
        cause_is(c, CauseKind::Objective)
    }),
    ("cause_subjective", |c, _, _| {
        cause_is(c, CauseKind::Subjective)
    }),
    ("acknowledges", |c, _, _| acknowledges(c)),
    ("no_lesser_discipline", |c, _, _| no_lesser_discipline(c)),
    ("not_full_settled_abroad", |c, _, _| not_full_settled(c)),
    ("ground_facts", ground_facts),
    ("suspension_allowed", status_facts::suspension_allowed),
    ("settled_allowed", |c, _, _| {
        status_facts::settled_allowed(c)
    }),
    ("cancel_allowed", status_facts::cancel_allowed),
    ("restoration_allowed", |c, x, ctx| {
        status_facts::restoration_allowed(c, x.date, ctx)
    }),
    ("self_lapse_allowed", |c, x, ctx| {
        status_facts::self_lapse_allowed(c, x.date, ctx)
    }),
    ("suspended_abroad_in_contact", |c, _, _| {
        status_facts::suspended_abroad_in_contact(c)
    }),
    ("probation_extend_allowed", super::probation::extend_allowed),
    (
        "probation_convert_allowed",
        super::probation::convert_allowed,
    ),
];

type ItemCheck = fn(&Case, chrono::NaiveDate, &Ctx) -> Result<(), Refusal>;

/// Facts an item may require on its own date (`requires` of an item).
const ITEM_FACTS: &[(&str, ItemCheck)] = &[("application_in_window", |c, d, ctx| {
    status_facts::application_in_window(c, d, ctx)
})];

pub fn is_known_item_fact(name: &str) -> bool {
    ITEM_FACTS.iter().any(|(n, _)| *n == name)
}

/// Check one named item fact for an item dated `date`.
pub fn check_item(
    name: &str,
    case: &Case,
    date: chrono::NaiveDate,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    match ITEM_FACTS.iter().find(|(n, _)| *n == name) {
        Some((_, f)) => f(case, date, ctx),
        None => Err(Refusal::new("track_undefined", "N三").arg("track", name)),
    }
}

pub fn is_known(name: &str) -> bool {
    FACTS.iter().any(|(n, _)| *n == name)
}

/// Check one named fact; an unknown name (the procedures file is checked
/// at load, so only a programming error) refuses rather than passes.
pub fn check(name: &str, case: &Case, x: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    match FACTS.iter().find(|(n, _)| *n == name) {
        Some((_, f)) => f(case, x, ctx),
        None => Err(Refusal::new("track_undefined", "N三").arg("track", name)),
    }
}

/// The latest record of each conduct check (a repeated check's latest
/// result counts; the earlier ones stay on record) [N二].
pub fn latest_conduct(case: &Case) -> Vec<&ConductRecord> {
    ConductCheck::ALL
        .iter()
        .filter_map(|k| {
            case.conduct
                .iter()
                .enumerate()
                .filter(|(_, r)| r.check == *k)
                .max_by_key(|(i, r)| (r.date, *i))
                .map(|(_, r)| r)
        })
        .collect()
}

/// The four methods of N二 (「等办法」) are done, or recorded as not possible
/// with the reason.
fn conduct_known(case: &Case) -> Result<(), Refusal> {
    for check in ConductCheck::ALL {
        if !case.conduct.iter().any(|r| r.check == *check) {
            return Err(
                Refusal::new("conduct_incomplete", "N二").arg("check", lbl(check.label_key()))
            );
        }
    }
    Ok(())
}

/// 失联期间无不合格表现或违纪违法行为 [N二]. A violation on which the
/// discipline body gave a lesser discipline does not bar normal management
/// (that is management, not a disposition; 2024 办法 Art.4).
fn no_unqualified_conduct(case: &Case) -> Result<(), Refusal> {
    let disciplined_on = case
        .referrals
        .iter()
        .filter(|r| r.outcome == Some(ReferralOutcome::Lesser))
        .filter_map(|r| r.outcome_date)
        .max();
    for r in latest_conduct(case) {
        let waived =
            r.result == CheckResult::Violation && disciplined_on.is_some_and(|d| r.date <= d);
        if matches!(r.result, CheckResult::Concern | CheckResult::Violation) && !waived {
            return Err(Refusal::new("conduct_unqualified", "N二")
                .arg("check", lbl(r.check.label_key()))
                .arg("result", lbl(r.result.label_key()))
                .arg("date", r.date));
        }
    }
    Ok(())
}

/// 失联期间无违纪违法行为 [N三 限期改正].
fn no_violation(case: &Case) -> Result<(), Refusal> {
    if let Some(r) = latest_conduct(case)
        .into_iter()
        .find(|r| r.result == CheckResult::Violation)
    {
        return Err(Refusal::new("conduct_violation", "N三")
            .arg("check", lbl(r.check.label_key()))
            .arg("date", r.date));
    }
    Ok(())
}

fn latest_assessment(case: &Case) -> Result<&Assessment, Refusal> {
    case.assessments
        .iter()
        .enumerate()
        .max_by_key(|(i, a)| (a.date, *i))
        .map(|(_, a)| a)
        .ok_or_else(|| Refusal::new("assessment_missing", "N二"))
}

/// 主要由客观原因 (纳入正常管理, N二) / 党性观念淡薄等主观原因 (限期改正, N三).
fn cause_is(case: &Case, cause: CauseKind) -> Result<(), Refusal> {
    let a = latest_assessment(case)?;
    if a.cause != cause {
        let (code, source) = match cause {
            CauseKind::Objective => ("needs_objective_cause", "N二"),
            CauseKind::Subjective => ("needs_subjective_cause", "N三"),
        };
        return Err(Refusal::new(code, source)
            .arg("cause", lbl(a.cause.label_key()))
            .arg("date", a.date));
    }
    Ok(())
}

/// 本人能够正确认识失联问题 (N二) / 本人能正确认识错误并愿意改正 (N三).
fn acknowledges(case: &Case) -> Result<(), Refusal> {
    let a = latest_assessment(case)?;
    if !a.acknowledges {
        return Err(Refusal::new("needs_acknowledgement", "N二, N三").arg("date", a.date));
    }
    Ok(())
}

/// A member disciplined for the matter is not also given 限期改正, 劝退 or
/// 除名 for it (2024 办法 Art.4).
fn no_lesser_discipline(case: &Case) -> Result<(), Refusal> {
    if let Some(r) = case
        .referrals
        .iter()
        .find(|r| r.outcome == Some(ReferralOutcome::Lesser))
    {
        return Err(
            Refusal::new("disciplined_no_disposition", "2024 办法 Art.4").arg(
                "date",
                r.outcome_date.map(|d| d.to_string()).unwrap_or_default(),
            ),
        );
    }
    Ok(())
}

/// A full member settled abroad who regained contact is not brought under
/// normal management: 党员大会 decides 停止党籍 [N四].
fn not_full_settled(case: &Case) -> Result<(), Refusal> {
    if case.member.abroad == Abroad::Settled && case.member.membership == Membership::Full {
        return Err(Refusal::new("settled_not_normal", "N四"));
    }
    Ok(())
}

/// Grounds (2) and (3) need the education recorded first (「经教育后仍然坚持」
/// 「经教育不改」); ground (4) needs the correction period ended with no change.
fn ground_facts(case: &Case, x: &ChooseIn, _: &Ctx) -> Result<(), Refusal> {
    match x.ground {
        Some(Ground::InsistsOnWithdrawal | Ground::ThreatensWithdrawal) => {
            let educated = case
                .milestones
                .iter()
                .any(|m| m.kind == MilestoneKind::Educated && m.date <= x.date);
            if !educated {
                return Err(Refusal::new("ground_needs_education", "N三").arg(
                    "ground",
                    lbl(x.ground.map(|g| g.label_key()).unwrap_or_default()),
                ));
            }
            Ok(())
        }
        Some(Ground::NoChangeAfterCorrection) => after_no_change(case),
        _ => Ok(()),
    }
}

/// 限期改正期满后仍无转变 [N三(4)]: in correction, with the result "no change"
/// recorded since it started.
fn after_no_change(case: &Case) -> Result<(), Refusal> {
    let started = last_milestone(case, MilestoneKind::CorrectionStarted);
    let no_change = last_milestone(case, MilestoneKind::CorrectionNoChange);
    match (case.status, started, no_change) {
        (Status::Correction, Some(s), Some(n)) if n >= s => Ok(()),
        _ => Err(Refusal::new("persuade_needs_no_change", "N三")),
    }
}
