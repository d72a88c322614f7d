//! The look-back review (回头看) [X三]: 「对已按有关文件精神给予组织处置，经检视事实
//! 清楚、理由充分、处置恰当、手续完备的，维持原处置决定；对检视出的未穷尽查找途径和办法
//! 就给予处置，或存在查找记录不详实、处置不恰当、程序不规范、手续不完整等不规范处置情形
//! 的，撤销原处置决定，按《通知》精神执行」.

use super::Ctx;
use super::appeal::reopen;
use super::common::*;
use crate::domain::lookback::{self, NewCampaign};
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub struct ReviewIn<'a> {
    pub campaign: RecordId,
    pub date: NaiveDate,
    pub outcome: ReviewOutcome,
    pub who: &'a str,
    pub criteria: &'a BTreeMap<Criterion, bool>,
    pub note: &'a str,
}

/// Record the review of the case's disposition in a campaign: every
/// criterion of its kind met or not; 维持 only when all are met (X三: 「经检视
/// 事实清楚、理由充分、处置恰当、手续完备的，维持」); 撤销 reopens the case.
pub fn record_review(case: &mut Case, x: ReviewIn, ctx: &Ctx) -> Result<(), Refusal> {
    let Some(campaign) = ctx.campaigns.iter().find(|c| c.id == x.campaign) else {
        return Err(Refusal::new("review_unknown_campaign", "X三").arg("campaign", x.campaign));
    };
    let Some(d) = lookback::disposition(case) else {
        return Err(
            Refusal::new("review_not_disposed", "X三").arg("status", lbl(case.status.label_key()))
        );
    };
    if lookback::in_scope(case, campaign).is_none() {
        return Err(Refusal::new("review_out_of_scope", "X三")
            .arg("kind", lbl(d.kind.label_key()))
            .arg("disposed", d.date)
            .arg("campaign", campaign.date));
    }
    plain_date(case, x.date, ctx)?;
    if x.date < d.date {
        return Err(Refusal::new("review_before_disposition", "X三")
            .arg("date", x.date)
            .arg("disposed", d.date));
    }
    if x.date < campaign.date {
        return Err(Refusal::new("review_before_campaign", "X三")
            .arg("date", x.date)
            .arg("campaign", campaign.date));
    }
    if lookback::review_in(case, campaign, &d).is_some() {
        return Err(Refusal::new("review_already_recorded", "X三").arg("campaign", campaign.date));
    }
    require_text(x.who, "who_required")?;
    let criteria = criteria(d.kind, x.criteria)?;
    let unmet = criteria.iter().any(|c| !c.met);
    if x.outcome == ReviewOutcome::Keep && unmet {
        return Err(Refusal::new("review_keep_unmet", "X三"));
    }
    if x.outcome == ReviewOutcome::Revoke && !unmet && x.note.trim().is_empty() {
        return Err(Refusal::new("review_revoke_reason", "X三"));
    }
    case.reviews.push(Review {
        id: None,
        date: x.date,
        outcome: x.outcome,
        note: x.note.to_string(),
        campaign: Some(campaign.id),
        kind: Some(d.kind),
        who: x.who.trim().to_string(),
        criteria,
    });
    if x.outcome == ReviewOutcome::Revoke {
        reopen(case, x.date, x.note, MilestoneKind::Revoked);
    }
    Ok(())
}

/// Exactly the criteria of the kind, each met or not, in X三's order.
fn criteria(
    kind: LookbackKind,
    given: &BTreeMap<Criterion, bool>,
) -> Result<Vec<CriterionResult>, Refusal> {
    let wanted = lookback::criteria_of(kind);
    if let Some(c) = given.keys().find(|c| !wanted.contains(c)) {
        return Err(Refusal::new("review_criterion_not_of_kind", "X三")
            .arg("criterion", lbl(c.label_key()))
            .arg("kind", lbl(kind.label_key())));
    }
    wanted
        .iter()
        .map(|&c| match given.get(&c) {
            Some(&met) => Ok(CriterionResult { criterion: c, met }),
            None => Err(Refusal::new("review_criterion_missing", "X三")
                .arg("criterion", lbl(c.label_key()))),
        })
        .collect()
}

/// Check a campaign about to be started and give its scope: the two kinds
/// X三 names when none is given; another kind only when the policy file
/// lists it (`lookback.also_review`).
pub fn check_campaign(
    c: &NewCampaign,
    existing: &[Campaign],
    ctx: &Ctx,
) -> Result<Vec<LookbackKind>, Refusal> {
    if c.name.trim().is_empty() {
        return Err(Refusal::new("campaign_name_required", "X三"));
    }
    not_future(c.date, ctx)?;
    let mut scope: Vec<LookbackKind> = if c.scope.is_empty() {
        lookback::DEFAULT_SCOPE.to_vec()
    } else {
        c.scope.to_vec()
    };
    scope.sort();
    scope.dedup();
    let allowed = |k: &LookbackKind| {
        lookback::DEFAULT_SCOPE.contains(k) || ctx.policy.lookback.also_review.contains(k)
    };
    if let Some(k) = scope.iter().find(|k| !allowed(k)) {
        return Err(
            Refusal::new("campaign_kind_not_in_policy", "X三").arg("kind", lbl(k.label_key()))
        );
    }
    if existing
        .iter()
        .any(|e| e.date == c.date && e.name.trim() == c.name.trim())
    {
        return Err(Refusal::new("campaign_exists", "X三")
            .arg("name", c.name.trim())
            .arg("date", c.date));
    }
    Ok(scope)
}
