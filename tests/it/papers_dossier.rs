//! One dossier per person: `shilian dossier ID --format md|html|txt`, with
//! every record in order, marked; a written file is private and audited.
use crate::support::papers::*;

/// Positions of `needles` in `hay`, asserting each is present and they come in order.
fn in_order(hay: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match hay[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("`{n}` missing or out of order after byte {at}:\n{hay}"),
        }
    }
}

#[test]
fn markdown_dossier_holds_every_record_in_order() {
    let db = fixture();
    let id = case_of(&db, "孙三").to_string();
    let md = db.ok(&["dossier", &id, "--format", "md"]).stdout;
    assert!(md.starts_with("> **内部资料 注意保密**"), "{md}");
    in_order(
        &md,
        &[
            "# 孙三 一人一档",
            "一、基本情况",
            "公民身份号码",
            "二、查找记录",
            "已查找途径 3 种",
            "| 1 | 2025-09-01 | 家属亲友 | 组织委员 王明 | 未找到 | 家属称已多年未联系 |",
            "| 2 | 2025-09-15 | 公安户籍",
            "| 3 | 2025-10-01 | 电话",
            "三、失联期间表现",
            "了解情况0",
            "了解情况3",
            "五、处置程序",
            "1. 除名",
            "理想信念缺失",
            // Each step with date, body and document number, in procedure order.
            "| 1 核实情况 | 了解失联期间表现和现实表现 | 党支部 | 2025-11-03 | 经办人0 | 测委组〔2026〕10号 |",
            "| 2 上级预审 | 上一级党委组织部门预审 | 上一级党委组织部门 | 2025-12-08 | 经办人5 | 测委组〔2026〕15号 |",
            "| 3 形成决议 | 党员大会讨论表决 | 党员大会 | 2025-12-22 | 经办人7 | 测委组〔2026〕17号 |",
            "| 4 上报审批 | 上一级党委组织部门审批 | 上一级党委组织部门 | 2026-01-05 | 经办人9 | 测委组〔2026〕19号 |",
            "| 5 教育帮扶 |",
            "应到有表决权党员 9 人，实到 8 人；赞成 7，反对 1，弃权 0",
            "本人拒不签字",
            "本人拒绝签字，已注明",
            "七、申诉",
            "2026-03-02",
            "维持原处置",
            "八、回头看",
            "2026-06-01",
            "程序完备",
            "十、操作记录",
            "建立档案",
            "记录查找",
            "2025-09-01 家属亲友 未找到",
            "确定处置程序",
            "办理程序事项",
            "登记申诉",
            "回头看检视",
        ],
    );
    assert!(md.trim_end().ends_with("内部资料 注意保密"));
}

#[test]
fn html_dossier_prints_on_a4_with_the_marking_and_is_audited() {
    let db = fixture();
    let id = case_of(&db, "吴六");
    let out = db.dir.path().join("dossier.html");
    let path = out.to_str().expect("utf8");
    let before = db
        .ok(&["audit", "--case", &id.to_string(), "--json"])
        .json();
    db.ok(&[
        "dossier",
        &id.to_string(),
        "--format",
        "html",
        "--out",
        path,
    ]);
    let html = std::fs::read_to_string(&out).expect("read");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4; margin:"), "print CSS");
    assert!(html.contains("page-break-inside: avoid"));
    assert!(html.contains("<header class=\"marking\">内部资料 注意保密</header>"));
    in_order(
        &html,
        &[
            "吴六 一人一档",
            "<td class=\"nw\">2025-01-05</td><td class=\"nw\">家属亲友</td>",
            "<td class=\"nw\">2025-05-05</td><td class=\"nw\">信函</td>",
            "停止党籍",
            // Short cells (a date, a body) never break; the item's name may.
            "<td class=\"nw\">1 党员大会决定</td><td>党员大会作出停止党籍的决定</td><td class=\"nw\">党员大会</td><td class=\"nw\">2025-07-10</td>",
            "乙支〔2025〕3号",
            "<td class=\"nw\">2 基层党委审批</td>",
            "乙党〔2025〕8号",
            "区委组〔2025〕21号",
            // The vote after the steps of its procedure.
            // A suspension has no one to sign: no signature line [N三(3)].
            "应到有表决权党员 12 人，实到 11 人；赞成 10，反对 0，弃权 1",
        ],
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&out).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let after = db
        .ok(&["audit", "--case", &id.to_string(), "--json"])
        .json();
    let (b, a) = (before.as_array().expect("a"), after.as_array().expect("a"));
    assert_eq!(a.len(), b.len() + 1);
    let last = a.last().and_then(|e| e["action"].as_str()).expect("action");
    assert!(
        last.contains("\"dossier\"") && last.contains("\"html\""),
        "{last}"
    );
    // The written dossier is itself in the next dossier's audit trail.
    let txt = db
        .ok(&["dossier", &id.to_string(), "--format", "txt"])
        .stdout;
    assert!(txt.contains("导出；内容：一人一档（html）"), "{txt}");
    assert!(txt.starts_with("【内部资料 注意保密】"));
    // Never over an existing file.
    let again = db.run(
        &[
            "dossier",
            &id.to_string(),
            "--format",
            "html",
            "--out",
            path,
        ],
        None,
    );
    assert_eq!(again.code, 1);
}

#[test]
fn unknown_case_is_refused() {
    let db = fixture();
    let out = db.run(&["dossier", "999", "--format", "md"], None);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("999"), "{}", out.stderr);
}

#[test]
fn imported_case_shows_the_import_in_its_audit_trail() {
    let db = Db::new();
    db.ok(&["init"]);
    let csv = format!(
        "{HEADER}\n{}\n",
        row("张三", &id("19850302", 11), "1985-03-02", "2025-01-10")
    );
    let file = db.file("m.csv", &csv);
    db.ok(&["import", file.to_str().expect("utf8")]);
    let id = case_of(&db, "张三").to_string();
    let txt = db.ok(&["dossier", &id]).stdout;
    in_order(
        &txt,
        &["张三 一人一档", "十、操作记录", "批量导入（建立档案）"],
    );
    let en = db.ok(&["--lang", "en", "dossier", &id]).stdout;
    assert!(en.contains("Bulk import (case created)"), "{en}");
}

#[test]
fn a_correction_shows_which_entry_it_corrects() {
    let db = fixture();
    let id = case_of(&db, "孙三");
    let audit = db
        .ok(&["audit", "--case", &id.to_string(), "--json"])
        .json();
    let seq = audit
        .as_array()
        .and_then(|a| {
            a.iter().find(|e| {
                e["action"]
                    .as_str()
                    .is_some_and(|s| s.contains("record_search"))
            })
        })
        .and_then(|e| e["seq"].as_i64())
        .expect("a search entry");
    exec(
        &db,
        &serde_json::json!([{"action": "correct", "case": id, "audit_seq": seq,
            "note": "查找日期应为2025-09-02"}]),
    );
    let txt = db.ok(&["dossier", &id.to_string()]).stdout;
    assert!(
        txt.contains(&format!("更正记录；内容：#{seq} 查找日期应为2025-09-02")),
        "{txt}"
    );
}

#[test]
fn dossier_shows_labels_never_codes_and_local_times() {
    let db = fixture();
    let id = case_of(&db, "孙三").to_string();
    let md = db.ok(&["dossier", &id, "--format", "md"]).stdout;
    for code in [
        "investigate",
        "prereview",
        "removal",
        "general_meeting",
        "phone",
        "T0",
        "Z |",
    ] {
        assert!(!md.contains(code), "`{code}` in\n{md}");
    }
    assert!(md.contains("了解失联期间表现和现实表现"), "items by name");
    // The audit time in the system's zone: TZ moves it by 8 hours.
    let at = |tz: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_shilian"))
            .env("TZ", tz)
            .args(["--db", db.path.to_str().expect("utf8"), "--today", TODAY])
            .args(["dossier", &id, "--format", "md"])
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let line = text
            .lines()
            .find(|l| l.contains("建立档案"))
            .expect("the create entry")
            .to_string();
        let time = line
            .split('|')
            .nth(2)
            .expect("time cell")
            .trim()
            .to_string();
        chrono::NaiveDateTime::parse_from_str(&time, "%Y-%m-%d %H:%M").expect("a local time")
    };
    let shanghai = at("Asia/Shanghai");
    let utc = at("UTC");
    assert_eq!((shanghai - utc).num_hours(), 8);
}

/// DOMAIN.md record-keeping: 「a wrong entry is corrected by a new entry that
/// says so, and from then on the corrected values are the ones that count
/// …, while both stay in the history」: the dossier prints the original
/// struck through with the correction beside it (Markdown `~~`, HTML
/// `<del>`, plain text says it), a coded value by its label, and the audit
/// log keeps both entries.
#[test]
fn an_amended_entry_shows_the_original_struck_through_beside_the_correction() {
    let db = fixture();
    let id = case_of(&db, "孙三");
    let case = db.ok(&["case", "show", &id.to_string(), "--json"]).json();
    let search = case["case"]["searches"][0]["id"]
        .as_i64()
        .expect("search id");
    let vote = case["case"]["decisions"][0]["id"]
        .as_i64()
        .expect("vote id");
    exec(
        &db,
        &serde_json::json!([
            {"action": "amend", "case": id, "date": "2026-06-10", "target": "search",
             "record": search, "values": {"date": "2025-09-03", "channel": "letter"},
             "note": "查找日期和途径录入错误"},
            {"action": "amend", "case": id, "date": "2026-06-11", "target": "vote",
             "record": vote, "values": {"against": "0", "abstaining": "1"},
             "note": "反对票误记"},
        ]),
    );
    let before = "应到有表决权党员 9 人，实到 8 人；赞成 7，反对 1，弃权 0";
    let after = "应到有表决权党员 9 人，实到 8 人；赞成 7，反对 0，弃权 1";
    let md = db
        .ok(&["dossier", &id.to_string(), "--format", "md"])
        .stdout;
    in_order(
        &md,
        &[
            "| 1 | ~~2025-09-01~~ 2025-09-03 | ~~家属亲友~~ 信函 | 组织委员 王明 |",
            &format!("~~{before}~~ {after}"),
        ],
    );
    let html = db
        .ok(&["dossier", &id.to_string(), "--format", "html"])
        .stdout;
    in_order(
        &html,
        &[
            "<td><del>2025-09-01</del> 2025-09-03</td><td><del>家属亲友</del> 信函</td>",
            &format!("<dd><del>{before}</del> {after}</dd>"),
        ],
    );
    let txt = db
        .ok(&["dossier", &id.to_string(), "--format", "txt"])
        .stdout;
    assert!(txt.contains("2025-09-03（更正前：2025-09-01）"), "{txt}");
    assert!(txt.contains("信函（更正前：家属亲友）"), "{txt}");
    assert!(!md.contains("letter") && !md.contains("family"), "{md}");
    // Both stay in the history: the search as recorded, and the amendment.
    let audit = db
        .ok(&["audit", "--case", &id.to_string(), "--json"])
        .json();
    let actions: Vec<serde_json::Value> = audit
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter_map(|s| serde_json::from_str(s).ok())
        .collect();
    assert!(
        actions
            .iter()
            .any(|a| a["action"] == "record_search" && a["date"] == "2025-09-01"),
        "{audit}"
    );
    assert_eq!(
        actions.iter().filter(|a| a["action"] == "amend").count(),
        2,
        "{audit}"
    );
}
