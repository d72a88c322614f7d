//! Cases for the papers tests, built through `shilian exec` (the real action
//! layer): members in two committees and three branches, one removal run
//! through all five steps with a vote, an appeal and a look-back review, and
//! one suspension decided by the general meeting.

pub use super::cli::*;

use serde_json::{Value, json};

pub const C_A: &str = "甲街道党工委";
pub const C_B: &str = "乙园区党委";
pub const B_A1: &str = "甲街道第一社区党支部";
pub const B_A2: &str = "甲街道高校毕业生党支部";
pub const B_B1: &str = "乙园区企业联合党支部";

/// (name, committee, branch, focus area, last contact)
pub const PEOPLE: &[(&str, &str, &str, &str, &str)] = &[
    ("赵一", C_A, B_A1, "street_community", "2025-01-10"),
    ("钱二", C_A, B_A1, "university", "2025-02-10"),
    ("孙三", C_A, B_A1, "street_community", "2025-03-10"),
    ("李四", C_A, B_A2, "university", "2025-01-20"),
    ("周五", C_B, B_B1, "non_public_enterprise", "2024-12-01"),
    ("吴六", C_B, B_B1, "non_public_enterprise", "2024-06-01"),
];

pub fn member(i: usize) -> Value {
    let (name, committee, branch, focus, last) = PEOPLE[i];
    let birth = format!("198{}0{}15", i % 10, 1 + i % 9);
    json!({"name": name, "gender": "male", "id_number": id(&birth, 100 + i as u32),
        "birth_date": format!("{}-{}-{}", &birth[..4], &birth[4..6], &birth[6..]),
        "membership": "full", "probation_start": null, "branch": branch,
        "committee": committee, "joined": "2008-07-01", "phone": "17000000001",
        "address": "测试路1号", "employer": "测试公司", "focus_area": focus,
        "abroad": "none", "last_contact": last, "branch_exists": true,
        "lost_cause": "migrant_work"})
}

pub fn exec(db: &Db, actions: &Value) {
    let out = db.run(&["exec", "-"], Some(&actions.to_string()));
    assert_eq!(out.code, 0, "exec failed:\n{}\n{}", out.stdout, out.stderr);
}

/// The case id of a name.
pub fn case_of(db: &Db, name: &str) -> i64 {
    let list = db.ok(&["case", "list", "--json", "--limit", "1000"]).json();
    list.as_array()
        .and_then(|a| a.iter().find(|r| r["name"] == name))
        .and_then(|r| r["id"].as_i64())
        .unwrap_or_else(|| panic!("no case for {name}"))
}

fn search(case: i64, date: &str, channel: &str, result: &str, note: &str) -> Value {
    json!({"action": "record_search", "case": case, "date": date, "channel": channel,
        "who": "组织委员 王明", "result": result, "note": note})
}

/// Document number of the n-th item.
pub fn doc(n: usize) -> String {
    format!("测委组〔2026〕{}号", 10 + n)
}

/// 孙三: found, conduct checked, removal through every item (vote 9/8: 7-1-0,
/// refused to sign), then an appeal answered and a look-back review.
fn removal(case: i64) -> Vec<Value> {
    let mut a = vec![
        search(
            case,
            "2025-09-01",
            "family",
            "no_trace",
            "家属称已多年未联系",
        ),
        search(
            case,
            "2025-09-15",
            "household_registration",
            "lead",
            "户籍仍在本市",
        ),
        search(case, "2025-10-01", "phone", "reached", "本人接听"),
        json!({"action": "regain_contact", "case": case, "date": "2025-10-01"}),
        json!({"action": "place_in_branch", "case": case, "date": "2025-10-05", "branch": B_A1}),
    ];
    for (i, check) in [
        "own_statement",
        "org_letter",
        "discipline_inquiry",
        "police_inquiry",
    ]
    .iter()
    .enumerate()
    {
        a.push(
            json!({"action": "record_conduct", "case": case, "check": check,
            "date": format!("2025-10-1{i}"), "result": "concern", "note": format!("了解情况{i}")}),
        );
    }
    a.push(
        json!({"action": "choose_track", "case": case, "track": "removal",
        "date": "2025-11-01", "reason": "理想信念缺失，经教育仍坚持要求退党",
        "ground": "ideals_lost"}),
    );
    let items = [
        ("investigate", "branch"),
        ("talk", "branch"),
        ("material", "branch"),
        ("propose", "branch_committee"),
        ("prereview_committee", "committee"),
        ("prereview_higher", "higher_dept"),
        ("guidance", "committee"),
        ("vote", "general_meeting"),
        ("review_committee", "committee"),
        ("approve", "higher_dept"),
        ("notify", "branch"),
        ("care", "branch"),
    ];
    for (n, (item, body)) in items.iter().enumerate() {
        // The committee's guide is recorded with the meeting, on its day.
        let k = if *item == "guidance" { n + 1 } else { n };
        let date = chrono::NaiveDate::from_ymd_opt(2025, 11, 3).expect("date")
            + chrono::Duration::days(7 * k as i64);
        let mut x = json!({"action": "complete_item", "case": case, "item": item,
            "date": date.to_string(), "who": format!("经办人{n}"), "body": body, "doc_no": doc(n)});
        if *item == "vote" {
            x["vote"] = json!({"due": 9, "attending": 8, "votes_for": 7, "against": 1,
                "abstaining": 0, "signature": "refused", "signature_note": "本人拒绝签字，已注明"});
        }
        a.push(x);
    }
    a.push(json!({"action": "record_appeal", "case": case, "kind": "reconsideration", "received": "2026-03-02", "note": "本人申诉"}));
    a.push(json!({"action": "answer_appeal", "case": case, "date": "2026-04-01", "result": "upheld", "note": "维持原处置"}));
    a.push(json!({"action": "start_campaign", "date": "2026-05-01", "name": "组织处置回头看", "doc_no": "甲组〔2026〕2号"}));
    a.push(json!({"action": "record_review", "case": case, "campaign": 1, "date": "2026-06-01", "outcome": "keep",
        "who": "组织员", "criteria": {"conditions": true, "standard": true, "procedure": true}, "note": "程序完备"}));
    a
}

/// 吴六: searched over five channels, suspension voted, approved, filed.
fn suspension(case: i64) -> Vec<Value> {
    let mut a = vec![];
    for (i, ch) in [
        "family",
        "former_employer",
        "community",
        "household_registration",
        "letter",
    ]
    .iter()
    .enumerate()
    {
        a.push(search(
            case,
            &format!("2025-0{}-05", i + 1),
            ch,
            "no_trace",
            "无果",
        ));
    }
    a.push(
        json!({"action": "choose_track", "case": case, "track": "suspension",
        "date": "2025-07-01", "reason": "多渠道查找仍无法取得联系"}),
    );
    a.push(
        json!({"action": "complete_item", "case": case, "item": "vote", "date": "2025-07-10",
        "who": "支部书记", "body": "general_meeting", "doc_no": "乙支〔2025〕3号",
        "vote": {"due": 12, "attending": 11, "votes_for": 10, "against": 0, "abstaining": 1}}),
    );
    a.push(
        json!({"action": "complete_item", "case": case, "item": "approve", "date": "2025-07-20",
        "who": "组织员", "body": "committee", "doc_no": "乙党〔2025〕8号"}),
    );
    a.push(
        json!({"action": "complete_item", "case": case, "item": "filing", "date": "2025-07-30",
        "who": "组织员", "body": "higher_dept", "doc_no": "区委组〔2025〕21号"}),
    );
    a
}

/// A database with the six members; 孙三 removed (after regaining contact),
/// 吴六 suspended, 钱二 regained contact (no procedure yet).
pub fn fixture() -> Db {
    let db = Db::new();
    db.ok(&["init"]);
    let creates: Vec<Value> = (0..PEOPLE.len())
        .map(|i| json!({"action": "create_case", "member": member(i)}))
        .collect();
    exec(&db, &Value::Array(creates));
    let qian = case_of(&db, "钱二");
    exec(
        &db,
        &json!([
            search(qian, "2026-01-05", "phone", "reached", "本人接听"),
            {"action": "regain_contact", "case": qian, "date": "2026-01-05"},
        ]),
    );
    exec(&db, &Value::Array(removal(case_of(&db, "孙三"))));
    exec(&db, &Value::Array(suspension(case_of(&db, "吴六"))));
    db
}
