//! `shilian exec` with `start_campaign` / `record_review` and `shilian
//! lookback show` through the real binary (回头看, X三), on the schema-4
//! fixture upgraded in place (it holds removals).

use crate::support::cli::{Db, fixture_copy};
use rusqlite::Connection;

fn audit_count(db: &Db) -> i64 {
    let raw = Connection::open(&db.path).expect("raw");
    raw.query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_campaign_started_by_exec_is_shown_with_its_cases_and_bad_input_writes_nothing() {
    let db = fixture_copy("schema4-demo.db");
    db.ok(&["verify"]);
    let start = db.file(
        "start.json",
        r#"[{"action":"start_campaign","date":"2026-11-01","name":"2026年组织处置回头看","doc_no":"厦委组〔2026〕9号"}]"#,
    );
    db.ok(&["exec", start.to_str().expect("path")]);
    // Hostile input: a control character in the name, a date before the
    // disposition, an unknown campaign: refused with the reason, nothing written.
    let before = audit_count(&db);
    let bad = db.file(
        "bad.json",
        "[{\"action\":\"start_campaign\",\"date\":\"2026-11-02\",\"name\":\"回头看\\u001b[2J\"}]",
    );
    let out = db.run(&["exec", bad.to_str().expect("path")], None);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("U+001B"), "{}", out.stderr);
    let json = db.ok(&["lookback", "show", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let fresh = v
        .as_array()
        .and_then(|a| a.iter().find(|c| c["campaign"]["migrated"] == false))
        .expect("the new campaign");
    let id = fresh["campaign"]["id"].as_i64().expect("id");
    let cases = fresh["cases"].as_array().expect("cases");
    assert!(!cases.is_empty(), "the fixture's removals are covered");
    let first = &cases[0];
    let case = first["case"].as_i64().expect("case");
    let disposed = first["review"]["disposed"]
        .as_str()
        .expect("date")
        .to_string();
    let kind = first["review"]["kind"].as_str().expect("kind").to_string();
    let crits: Vec<String> = first["review"]["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .map(|c| format!("\"{}\":true", c["criterion"].as_str().expect("code")))
        .collect();
    let review = |campaign: i64, date: &str| {
        format!(
            r#"[{{"action":"record_review","case":{case},"campaign":{campaign},"date":"{date}","outcome":"keep","who":"陈六","criteria":{{{}}}}}]"#,
            crits.join(",")
        )
    };
    for (campaign, date, said) in [
        (id, "2020-01-01", "早于处置日期"),
        (id + 40, "2026-11-20", "没有编号为"),
    ] {
        let f = db.file("r.json", &review(campaign, date));
        let out = db.run(&["exec", f.to_str().expect("path")], None);
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(out.stderr.contains(said), "{}", out.stderr);
    }
    let out = db.run(&["lookback", "show", "--campaign", "99"], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("没有编号为 99 的回头看"),
        "{}",
        out.stderr
    );
    assert_eq!(audit_count(&db), before, "nothing written by a refusal");
    // A good review: the text shows it, in Chinese without codes.
    let f = db.file("ok.json", &review(id, "2026-11-20"));
    db.ok(&["exec", f.to_str().expect("path")]);
    let text = db
        .ok(&["lookback", "show", "--campaign", &id.to_string()])
        .stdout;
    assert!(
        text.contains("2026年组织处置回头看（厦委组〔2026〕9号）"),
        "{text}"
    );
    assert!(
        text.contains("检视结论：维持原处置决定（2026-11-20，陈六）"),
        "{text}"
    );
    assert!(text.contains(&format!("处置于 {disposed}")), "{text}");
    assert!(!text.contains(&kind), "no code in Chinese output: {text}");
    let en = db
        .ok(&[
            "--lang",
            "en",
            "lookback",
            "show",
            "--campaign",
            &id.to_string(),
        ])
        .stdout;
    assert!(
        en.contains("Review: keep the decision (2026-11-20, 陈六)"),
        "{en}"
    );
    db.ok(&["verify"]);
}
