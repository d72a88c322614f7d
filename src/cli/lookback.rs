//! `shilian lookback show [--campaign ID] [--json]`: each look-back campaign
//! (回头看) with every case it covers, what the records say on each
//! criterion (a thin case flagged before anyone decides) and the review
//! recorded, if any. Campaigns are started with the `start_campaign` action.

use super::common::{Env, print_json};
use crate::app::CampaignView;
use crate::i18n::lookback as text;
use crate::i18n::{label, t, tf};

pub fn show(env: &Env, campaign: Option<i64>, json: bool) -> anyhow::Result<i32> {
    let ws = env.open_read()?;
    let Some(views) = ws.lookback_view(campaign)? else {
        let ids: Vec<String> = ws.campaigns()?.iter().map(|c| c.id.to_string()).collect();
        anyhow::bail!(tf(
            "lookback.text.unknown_campaign",
            &[
                ("id", campaign.unwrap_or_default().to_string()),
                (
                    "ids",
                    if ids.is_empty() {
                        "-".into()
                    } else {
                        ids.join(", ")
                    }
                ),
            ],
        ));
    };
    if json {
        print_json(&views)?;
        return Ok(0);
    }
    if views.is_empty() {
        println!("{}", t("lookback.text.no_campaigns"));
        return Ok(0);
    }
    for (i, v) in views.iter().enumerate() {
        if i > 0 {
            println!();
        }
        print_campaign(v, &env.procedures);
    }
    Ok(0)
}

fn print_campaign(v: &CampaignView, procs: &crate::domain::procedure::Procedures) {
    println!("{}", text::campaign(&v.campaign));
    println!(
        "  {}",
        tf(
            "lookback.text.scope",
            &[("kinds", text::kinds(&v.campaign.scope))]
        )
    );
    println!(
        "  {}",
        tf("lookback.text.due", &[("due", v.due.to_string())])
    );
    let flagged = v.cases.iter().filter(|r| r.flagged).count();
    let reviewed = v.cases.iter().filter(|r| r.recorded.is_some()).count();
    println!(
        "  {}",
        tf(
            "lookback.text.summary",
            &[
                ("n", v.cases.len().to_string()),
                ("flagged", flagged.to_string()),
                ("reviewed", reviewed.to_string()),
            ],
        )
    );
    if v.cases.is_empty() {
        println!("  {}", t("lookback.text.none"));
    }
    for r in &v.cases {
        let mark = if r.flagged {
            t("lookback.text.flagged")
        } else {
            t("lookback.text.clean")
        };
        let head = tf(
            "lookback.text.case",
            &[
                ("id", r.case.to_string()),
                ("name", r.name.clone()),
                ("branch", r.branch.clone()),
                ("kind", label(r.review.kind.label_key()).to_string()),
                ("date", r.review.disposed.to_string()),
            ],
        );
        println!();
        println!("  {mark} {head}");
        println!("      {}", text::channels(&r.review));
        for c in &r.review.criteria {
            println!("      {}", text::criterion(c, procs));
        }
        match &r.recorded {
            Some(rec) => {
                for line in text::recorded(rec) {
                    println!("      {line}");
                }
            }
            None => println!("      {}", t("lookback.text.pending")),
        }
    }
}
