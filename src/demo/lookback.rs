//! The demo's look-back story (回头看, X三): the last two people of a demo
//! of `MIN_CASES` or more are removals as 自行脱党 — one thin (a single
//! search channel, the suspension chosen with an override reason, the
//! removal's filing not on record), one well searched and complete — and
//! after every story a campaign is started 20 days ago covering both; the
//! well-searched one is reviewed (维持, every criterion met), the thin one is
//! left flagged and due.

use super::builder::{Sb, days};
use super::scenario::Kind;
use crate::app::Workspace;
use crate::domain::action::Action;
use crate::domain::model::*;
use chrono::NaiveDate;

/// Smallest demo with the look-back story (every other kind comes first).
pub const MIN_CASES: usize = 30;

/// The kind of the `i`-th of `n` cases when it belongs to this story.
pub fn kind_at(i: usize, n: usize) -> Option<Kind> {
    if n < MIN_CASES {
        return None;
    }
    match n - i {
        2 => Some(Kind::LookbackThin),
        1 => Some(Kind::LookbackSearched),
        _ => None,
    }
}

/// Suspended on `approve`, removed as 自行脱党 about two years later, well
/// before the campaign.
pub fn story(kind: Kind, sb: &mut Sb) {
    let thin = kind == Kind::LookbackThin;
    let approve = sb.today - days(730 + 150);
    let start = approve - days(10);
    if thin {
        sb.searches(1, start - days(30), 12);
        sb.choose(
            TrackKind::Suspension,
            start - days(10),
            "家属称其已出国，无法核实，其余途径未再查找",
        );
    } else {
        sb.searches(5, start - days(30), 12);
        sb.choose(TrackKind::Suspension, start - days(10), "");
    }
    sb.items(TrackKind::Suspension, start, 10, 99);
    let removal = approve + days(745);
    sb.choose(TrackKind::SelfLapseRemoval, removal, "");
    // The thin one: verify, vote and approval; the filing never recorded.
    let until = if thin { 3 } else { 99 };
    sb.items(TrackKind::SelfLapseRemoval, removal, 7, until);
}

/// The campaign's date: 20 days before today.
pub fn campaign_date(today: NaiveDate) -> NaiveDate {
    today - days(20)
}

/// Start the campaign and review the well-searched case (its id).
pub fn campaign(ws: &mut Workspace, today: NaiveDate, searched: CaseId) -> anyhow::Result<()> {
    let start = Action::StartCampaign {
        date: campaign_date(today),
        name: "失联党员组织处置「回头看」".into(),
        doc_no: "厦委组〔2026〕12号".into(),
        scope: vec![],
    };
    let out = ws.run(&start, today)?;
    let Some(id) = out.campaign else {
        anyhow::bail!("demo: the look-back campaign was not recorded");
    };
    let review = Action::RecordReview {
        case: searched,
        campaign: id,
        date: today - days(5),
        outcome: ReviewOutcome::Keep,
        who: "区委组织部 周明".into(),
        criteria: [
            (Criterion::Exhausted, true),
            (Criterion::Records, true),
            (Criterion::Papers, true),
        ]
        .into_iter()
        .collect(),
        note: "经检视，查找途径已穷尽，记录详实，手续完备，维持原处置决定".into(),
    };
    ws.run(&review, today)?;
    Ok(())
}
