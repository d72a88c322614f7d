//! Issue 11 item 10, deadline details through `shilian alerts`: the
//! "becomes a lost-contact member" row stays until its day has passed (a
//! search does not clear it), and the probation alert of a lost member names
//! the allowed step by its label, never a code.
use crate::support::papers::*;
use serde_json::json;
use std::process::Command;

fn alerts_on(db: &Db, today: &str, lang: &str) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_shilian"))
        .arg("--db")
        .arg(&db.path)
        .args(["--today", today, "--lang", lang, "alerts", "--within", "30"])
        .env_remove("SHILIAN_LANG")
        .output()
        .expect("run shilian");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Notice preamble 「与党组织失去联系6个月以上的党员」: last contact 2026-08-01,
/// a 失联党员 from 2027-02-01. Searched on 2026-11-20, the row is still
/// there before and on its day, and gone the day after.
#[test]
fn becomes_lost_stays_until_its_day_passes_a_search_does_not_clear_it() {
    let db = Db::new();
    db.ok(&["init"]);
    let mut m = member(0);
    m["last_contact"] = json!("2026-08-01");
    exec(&db, &json!([{"action": "create_case", "member": m}]));
    exec(
        &db,
        &json!([{"action": "record_search", "case": 1, "date": "2026-11-20",
            "channel": "family", "who": "组织委员 王明", "result": "no_trace", "note": ""}]),
    );
    for (day, shown) in [
        ("2027-01-20", true),
        ("2027-02-01", true),
        ("2027-02-02", false),
    ] {
        let out = alerts_on(&db, day, "zh");
        assert_eq!(
            out.stdout.contains("成为失联党员"),
            shown,
            "{day}:\n{}",
            out.stdout
        );
    }
}

/// N四 「对确实无法取得联系的预备党员，取消预备党员资格」: the probation alert
/// names the step by its label (取消预备党员资格), never its code.
#[test]
fn the_probation_alert_of_a_lost_member_names_the_step_by_its_label() {
    let db = Db::new();
    db.ok(&["init"]);
    let mut m = member(0);
    m["membership"] = json!("probationary");
    m["probation_start"] = json!("2026-01-10");
    m["joined"] = json!("2026-01-10");
    m["last_contact"] = json!("2026-02-01");
    exec(&db, &json!([{"action": "create_case", "member": m}]));
    let zh = alerts_on(&db, "2026-12-20", "zh");
    assert!(zh.stdout.contains("预备期届满"), "{}", zh.stdout);
    assert!(zh.stdout.contains("取消预备党员资格"), "{}", zh.stdout);
    assert!(!zh.stdout.contains("probation_cancel"), "{}", zh.stdout);
    let en = alerts_on(&db, "2026-12-20", "en");
    assert!(en.stdout.contains("cancel probation"), "{}", en.stdout);
}
