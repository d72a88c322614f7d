//! Look-back campaigns (回头看) [X三]: starting one (a named action, file-wide:
//! the campaign is recorded, the cases it covers get their deadline, one
//! audit entry), and the review list the CLI and the workstation show.

use super::{ActionError, Outcome, Workspace};
use crate::domain::action::Action;
use crate::domain::deadline;
use crate::domain::lookback::{self, CaseReview, NewCampaign};
use crate::domain::model::{Campaign, Case, CaseId, RecordId, Review};
use crate::domain::rules::{self, Ctx};
use crate::store::{NewAudit, StoreError, Tx};

/// Start a campaign inside an open transaction.
pub(super) fn start_in(
    tx: &Tx<'_>,
    action: &Action,
    ctx: &Ctx<'_>,
    user: &str,
) -> Result<Outcome, ActionError> {
    let Action::StartCampaign {
        date,
        name,
        doc_no,
        scope,
    } = action
    else {
        return Err(ActionError::Refused(crate::domain::refusal::Refusal::new(
            "action_not_applicable",
            "N五",
        )));
    };
    let new = NewCampaign {
        date: *date,
        name,
        doc_no,
        scope,
    };
    let scope = rules::check_campaign(&new, ctx.campaigns, ctx).map_err(ActionError::Refused)?;
    let mut campaign = Campaign {
        id: 0,
        date: *date,
        name: name.trim().to_string(),
        doc_no: doc_no.trim().to_string(),
        scope,
        migrated: false,
    };
    campaign.id = tx.insert_campaign(&campaign)?;
    let mut all = ctx.campaigns.to_vec();
    all.push(campaign.clone());
    let mut covered = 0u64;
    for id in tx.disposed_case_ids()? {
        let case = tx.load_case(id)?;
        if lookback::in_scope(&case, &campaign).is_some() {
            covered = covered.saturating_add(1);
        }
        let ds = deadline::compute(&case, ctx.policy, ctx.procedures, &all);
        tx.replace_deadlines(id, &ds)?;
    }
    let mut recorded = serde_json::to_value(action).unwrap_or_default();
    if let Some(o) = recorded.as_object_mut() {
        o.insert("id".into(), campaign.id.into());
        o.insert(
            "scope".into(),
            serde_json::to_value(&campaign.scope).unwrap_or_default(),
        );
    }
    tx.append_audit(&NewAudit {
        user: user.to_string(),
        case: None,
        action: recorded.to_string(),
        before: String::new(),
        after: serde_json::json!({ "campaign": campaign.id, "cases": covered }).to_string(),
    })?;
    Ok(Outcome {
        case: 0,
        action: action.name().to_string(),
        version: 0,
        campaign: Some(campaign.id),
    })
}

/// One case of a campaign: who, what the records say, and the review if recorded.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ReviewRow {
    pub case: CaseId,
    pub name: String,
    pub branch: String,
    pub review: CaseReview,
    pub flagged: bool,
    pub recorded: Option<Review>,
}

/// A campaign with the cases it covers.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CampaignView {
    pub campaign: Campaign,
    /// Reviews are due by this day.
    pub due: chrono::NaiveDate,
    pub cases: Vec<ReviewRow>,
}

impl Workspace {
    pub fn campaigns(&self) -> Result<Vec<Campaign>, StoreError> {
        self.store.campaigns()
    }

    /// Every campaign (or the one asked) with the cases it covers, oldest
    /// case id first. `Ok(None)` when the campaign asked is not on record.
    pub fn lookback_view(
        &self,
        only: Option<RecordId>,
    ) -> Result<Option<Vec<CampaignView>>, StoreError> {
        let campaigns = self.store.campaigns()?;
        let chosen: Vec<&Campaign> = campaigns
            .iter()
            .filter(|c| only.is_none_or(|id| c.id == id))
            .collect();
        if only.is_some() && chosen.is_empty() {
            return Ok(None);
        }
        let mut views: Vec<CampaignView> = chosen
            .iter()
            .map(|c| CampaignView {
                campaign: (*c).clone(),
                due: crate::domain::dates::add_days(c.date, self.policy.lookback.due_days),
                cases: vec![],
            })
            .collect();
        for id in self
            .store
            .disposed_case_ids()?
            .into_iter()
            .chain(self.reviewed_ids()?)
        {
            let case = self.store.load_case(id)?;
            for v in &mut views {
                if v.cases.iter().any(|r| r.case == id) {
                    continue;
                }
                if let Some(row) = self.row(&case, &v.campaign) {
                    v.cases.push(row);
                }
            }
        }
        for v in &mut views {
            v.cases.sort_by_key(|r| r.case);
        }
        Ok(Some(views))
    }

    /// The look-back rows of one case, in every campaign that covers it or
    /// holds a review of it (the case detail).
    pub fn lookback_of(&self, case: &Case) -> Result<Vec<(Campaign, ReviewRow)>, StoreError> {
        Ok(self
            .store
            .campaigns()?
            .into_iter()
            .filter_map(|c| self.row(case, &c).map(|r| (c, r)))
            .collect())
    }

    fn row(&self, case: &Case, c: &Campaign) -> Option<ReviewRow> {
        let recorded = case
            .reviews
            .iter()
            .rev()
            .find(|r| r.campaign == Some(c.id))
            .cloned();
        // A case reviewed and revoked is no longer disposed: its review
        // shows against the disposition it covered.
        let d = lookback::in_scope(case, c).or_else(|| {
            recorded
                .as_ref()
                .and_then(|r| lookback::reviewed_disposition(case, r))
        })?;
        let review = lookback::review_case(case, &d, &self.policy, &self.procedures);
        Some(ReviewRow {
            case: case.id,
            name: case.member.name.clone(),
            branch: case.member.branch.clone(),
            flagged: review.flagged(),
            review,
            recorded,
        })
    }

    /// Cases holding a review (a revoked one is no longer disposed).
    fn reviewed_ids(&self) -> Result<Vec<CaseId>, StoreError> {
        self.store.reviewed_case_ids()
    }
}
