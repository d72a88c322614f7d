//! The demo's look-back campaign (回头看, X三): a thin removal as 自行脱党
//! (one search channel and an override, the filing missing) flagged and
//! still due, a well-searched one with nothing flagged, reviewed and kept.
use crate::support::cli::*;

#[test]
fn the_demo_campaign_holds_a_flagged_thin_case_and_a_reviewed_searched_one() {
    let db = Db::new();
    db.ok(&["demo", "--cases", "30"]);
    let v = db.ok(&["lookback", "show", "--json"]).json();
    let campaigns = v.as_array().expect("array");
    assert_eq!(campaigns.len(), 1, "{v}");
    let cases = campaigns[0]["cases"].as_array().expect("cases");
    let self_lapse: Vec<&serde_json::Value> = cases
        .iter()
        .filter(|c| c["review"]["kind"] == "self_lapse")
        .collect();
    let thin = self_lapse
        .iter()
        .find(|c| {
            c["flagged"] == true && c["review"]["channels"].as_array().map(|a| a.len()) == Some(1)
        })
        .unwrap_or_else(|| panic!("a thin case: {v}"));
    let codes = |c: &serde_json::Value, criterion: &str| -> Vec<String> {
        c["review"]["criteria"]
            .as_array()
            .expect("criteria")
            .iter()
            .filter(|x| x["criterion"] == criterion)
            .flat_map(|x| x["findings"].as_array().cloned().unwrap_or_default())
            .filter_map(|f| f["code"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(
        codes(thin, "exhausted"),
        ["channels_below_minimum", "override_used"],
        "{thin}"
    );
    assert_eq!(codes(thin, "papers"), ["missing_item"], "{thin}");
    assert!(thin["recorded"].is_null(), "still to review: {thin}");
    let searched = self_lapse
        .iter()
        .find(|c| c["recorded"]["outcome"] == "keep")
        .unwrap_or_else(|| panic!("a reviewed case: {v}"));
    assert_eq!(searched["flagged"], false, "{searched}");
    assert_eq!(
        searched["recorded"]["criteria"].as_array().map(|a| a.len()),
        Some(3)
    );
    // The thin one is due on the alerts, flagged; the reviewed one is not.
    let alerts = db.ok(&["alerts", "--json"]).json();
    let due: Vec<&serde_json::Value> = alerts
        .as_array()
        .expect("alerts")
        .iter()
        .filter(|a| a["kind"] == "lookback_review")
        .collect();
    assert!(
        due.iter().any(|a| a["case"] == thin["case"]
            && a["detail"].as_str().is_some_and(|d| d.contains("2 项存疑"))),
        "{due:?}"
    );
    assert!(
        !due.iter().any(|a| a["case"] == searched["case"]),
        "{due:?}"
    );
    let text = db.ok(&["lookback", "show"]).stdout;
    assert!(
        text.contains("【存疑】") && text.contains("查找途径 1 种，少于规定的 4 种"),
        "{text}"
    );
    db.ok(&["verify"]);
}
