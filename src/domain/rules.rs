//! The rules engine: validates an action against a case and applies it.
//! Every refusal names its rule and source paragraph.

use super::action::Action;
use super::model::{Case, Member};
use super::policy::Policy;
use super::procedure::Procedures;
use super::refusal::Refusal;
use chrono::NaiveDate;

/// What the rules need besides the case: policy, procedures and today.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub policy: &'a Policy,
    pub procedures: &'a Procedures,
    pub today: NaiveDate,
}

/// Validate a new member's record (ID check digit, dates, probation fields).
pub fn validate_member(member: &Member, ctx: &Ctx) -> Result<(), Refusal> {
    let _ = (member, ctx);
    todo!("rules engine")
}

/// Validate `action` against `case` and apply it in place. On refusal the
/// case is left untouched. `CreateCase` is not handled here (see `validate_member`).
pub fn apply(case: &mut Case, action: &Action, ctx: &Ctx) -> Result<(), Refusal> {
    let _ = (case, action, ctx);
    todo!("rules engine")
}
