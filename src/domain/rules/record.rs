//! Facts recorded beside the procedure: the assessment that decides between
//! the tracks [N二, N三], education before grounds (2)/(3) [N三], the support
//! measures of 限期改正 [N三(5)], and a branch that no longer exists [N五].

use super::Ctx;
use super::common::*;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub fn record_assessment(
    case: &mut Case,
    date: NaiveDate,
    cause: CauseKind,
    acknowledges: bool,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    contact_regained(case)?;
    plain_date(case, date, ctx)?;
    case.assessments.push(Assessment {
        id: None,
        date,
        cause,
        acknowledges,
        note: note.to_string(),
    });
    Ok(())
}

pub fn record_education(
    case: &mut Case,
    date: NaiveDate,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    contact_regained(case)?;
    plain_date(case, date, ctx)?;
    require_text(note, "note_required")?;
    push_milestone(case, date, MilestoneKind::Educated, note);
    Ok(())
}

/// 谈心谈话、教育培训、结对帮扶 during the 限期改正 period [N三(5)]. The first
/// one also completes the follow-up item of the correction track.
pub fn record_support(
    case: &mut Case,
    date: NaiveDate,
    measure: SupportMeasure,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    if case.status != Status::Correction {
        return Err(
            Refusal::new("not_in_correction", "N三").arg("status", lbl(case.status.label_key()))
        );
    }
    after_status(case, date, ctx)?;
    let kind = match measure {
        SupportMeasure::Talk => MilestoneKind::SupportTalk,
        SupportMeasure::Training => MilestoneKind::SupportTraining,
        SupportMeasure::Pairing => MilestoneKind::SupportPairing,
    };
    push_milestone(case, date, kind, note);
    Ok(())
}

/// Support measures recorded since the correction started.
pub fn supports_since(case: &Case, since: NaiveDate) -> usize {
    case.milestones
        .iter()
        .filter(|m| {
            matches!(
                m.kind,
                MilestoneKind::SupportTalk
                    | MilestoneKind::SupportTraining
                    | MilestoneKind::SupportPairing
            ) && m.date >= since
        })
        .count()
}

/// The branch no longer exists: its 基层党委 takes the case over
/// (「失联党员所在党支部已不存在的，由其上级党组织负责相关工作」, N五).
pub fn mark_branch_gone(
    case: &mut Case,
    date: NaiveDate,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    if !case.member.branch_exists {
        return Err(
            Refusal::new("branch_already_gone", "N五").arg("branch", case.member.branch.clone())
        );
    }
    plain_date(case, date, ctx)?;
    case.member.branch_exists = false;
    let note = if note.trim().is_empty() {
        case.member.committee.clone()
    } else {
        note.trim().to_string()
    };
    push_milestone(case, date, MilestoneKind::BranchGone, &note);
    Ok(())
}
