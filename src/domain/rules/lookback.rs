//! The look-back review (回头看) [X三]: 「对已按有关文件精神给予组织处置，经检视事实
//! 清楚、理由充分、处置恰当、手续完备的，维持原处置决定；对检视出的未穷尽查找途径和办法
//! 就给予处置，或存在查找记录不详实、处置不恰当、程序不规范、手续不完整等不规范处置情形
//! 的，撤销原处置决定，按《通知》精神执行」.

use super::Ctx;
use super::appeal::{disposed, reopen};
use super::common::*;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

/// Keep the decision, or revoke it and handle the case again (see `reopen`).
pub fn record_review(
    case: &mut Case,
    date: NaiveDate,
    outcome: ReviewOutcome,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    disposed(case, "review_not_disposed", "X三")?;
    after_status(case, date, ctx)?;
    case.reviews.push(Review {
        id: None,
        date,
        outcome,
        note: note.to_string(),
    });
    if outcome == ReviewOutcome::Revoke {
        reopen(case, date, note, MilestoneKind::Revoked);
    }
    Ok(())
}
