//! Drafts of the standard papers: every placeholder filled from the case,
//! operator templates, clear refusals, marked and audited.
use crate::support::papers::*;

fn draft(db: &Db, kind: &str, name: &str, file: &str, extra: &[&str]) -> (Out, std::path::PathBuf) {
    let id = case_of(db, name).to_string();
    let out = db.dir.path().join(file);
    let mut args = vec!["draft", kind, &id, "--out", out.to_str().expect("utf8")];
    args.extend_from_slice(extra);
    (db.run(&args, None), out)
}

fn filled(db: &Db, kind: &str, name: &str) -> String {
    let (o, path) = draft(db, kind, name, &format!("{kind}.md"), &["--format", "md"]);
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    let text = std::fs::read_to_string(path).expect("read draft");
    assert!(!text.contains("{{") && !text.contains("}}"), "{text}");
    assert!(text.starts_with("内部资料 注意保密"), "{text}");
    text
}

#[test]
fn disposition_resolution_is_filled_from_the_removal() {
    let db = fixture();
    let t = filled(&db, "disposition_resolution", "孙三");
    for want in [
        "中共甲街道第一社区党支部党员大会关于给予孙三同志除名处置的决议",
        "理想信念缺失，经教育仍坚持要求退党",
        "应到会有表决权的党员9人，实到8人",
        "赞成7票，反对1票，弃权0票",
        "会议决定，给予孙三同志除名处置。",
        "本人拒不签字。党支部注明：本人拒绝签字，已注明。",
        "本决议报上一级党委组织部门审批",
        "2025年12月22日",
        "测委组〔2026〕14号",
        "2025年10月1日重新取得联系",
        "第三部分「严肃组织处置」",
        "> 中共甲街道第一社区党支部（盖章）",
    ] {
        assert!(t.contains(want), "`{want}` not in\n{t}");
    }
}

#[test]
fn stop_membership_names_the_channels_and_the_vote() {
    let db = fixture();
    let t = filled(&db, "stop_membership", "吴六");
    assert!(
        !t.contains("2025-") && !t.contains("unable") && !t.contains("- "),
        "Chinese dates, no codes, no bulleted steps:\n{t}"
    );
    for want in [
        "关于停止吴六同志党籍的决定",
        "仍然没有取得联系",
        "第四部分「严格党籍管理」",
        "5种途径查找5次",
        "赞成10票，反对0票，弃权1票",
        "报基层党委审批",
        "乙党〔2025〕8号",
    ] {
        assert!(t.contains(want), "`{want}` not in\n{t}");
    }
}

#[test]
fn missing_decision_unknown_kind_and_bad_template_are_refused() {
    let db = fixture();
    let (o, path) = draft(&db, "disposition_resolution", "赵一", "x.md", &[]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("还没有处置决议"), "{}", o.stderr);
    assert!(!path.exists());
    let (o, _) = draft(&db, "stop_membership", "孙三", "y.md", &[]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("停止党籍"), "{}", o.stderr);
    let (o, _) = draft(&db, "transfer_letter", "钱二", "z.md", &[]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("介绍信"), "{}", o.stderr);
    let (o, _) = draft(&db, "award_certificate", "孙三", "w.md", &[]);
    assert_eq!(o.code, 2, "an unknown kind is a usage error");
    assert!(
        o.stderr.contains("award_certificate") && o.stderr.contains("disposition_resolution"),
        "{}",
        o.stderr
    );
    let tpl = db.file("mine.md", "{{name}} {{no_such_field}}");
    let (o, _) = draft(
        &db,
        "disposition_resolution",
        "孙三",
        "v.md",
        &["--template", tpl.to_str().expect("utf8")],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("{{no_such_field}}"), "{}", o.stderr);
    // English messages too.
    let id = case_of(&db, "赵一").to_string();
    let out = db.dir.path().join("en.md");
    let o = db.run(
        &[
            "--lang",
            "en",
            "draft",
            "disposition_resolution",
            &id,
            "--out",
            out.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("no disposition resolution"),
        "{}",
        o.stderr
    );
}

#[test]
fn operator_templates_replace_the_embedded_ones_and_drafts_are_audited() {
    let db = fixture();
    let dir = db.dir.path().join("templates");
    std::fs::create_dir(&dir).expect("mkdir");
    std::fs::write(
        dir.join("stop_membership.md"),
        "本单位格式：{{ name }}（{{id_number}}）于{{item.approve.date}}经{{approver}}批准停止党籍，文号{{item.approve.doc_no}}。\n",
    )
    .expect("write template");
    let t = filled(&db, "stop_membership", "吴六");
    assert!(t.contains("本单位格式：吴六（"), "{t}");
    assert!(
        t.contains("于2025年7月20日经基层党委批准停止党籍，文号乙党〔2025〕8号。"),
        "{t}"
    );
    let audit = db.ok(&["audit", "--json"]).json();
    let last = audit.as_array().and_then(|a| a.last()).expect("entry");
    let action = last["action"].as_str().expect("action");
    assert!(
        action.contains("\"draft\"") && action.contains("\"stop_membership\""),
        "{action}"
    );
    assert_eq!(last["case"], case_of(&db, "吴六"));
}

#[test]
fn every_embedded_template_fills_completely() {
    // Build the cases the other papers need: a reissued letter for 钱二 and
    // a restoration application for 吴六.
    let db = fixture();
    let qian = case_of(&db, "钱二");
    let wu = case_of(&db, "吴六");
    exec(
        &db,
        &serde_json::json!([
            {"action": "record_transfer", "case": qian, "to_org": "丙区某社区党委",
             "letter_no": "甲组转〔2026〕7号", "issued": "2026-02-01", "reissued": true},
            {"action": "record_search", "case": wu, "date": "2026-02-20", "channel": "phone",
             "who": "组织委员", "result": "reached", "note": "本人回国来电"},
            {"action": "regain_contact", "case": wu, "date": "2026-02-20"},
            {"action": "choose_track", "case": wu, "track": "restoration", "date": "2026-03-01",
             "reason": "本人回国后书面申请"},
            {"action": "complete_item", "case": wu, "item": "application", "date": "2026-03-02",
             "who": "吴六", "body": "branch"},
        ]),
    );
    let t = filled(&db, "transfer_letter", "钱二");
    assert!(
        t.contains("丙区某社区党委") && t.contains("甲组转〔2026〕7号") && t.contains("补开"),
        "{t}"
    );
    let t = filled(&db, "restoration_record", "吴六");
    assert!(t.contains("| 书面申请日期 | 2026年3月2日 |"), "{t}");
    assert!(t.contains("| 停止党籍日期 | 2025年7月20日 |"), "{t}");
    assert!(t.contains("| 重新取得联系日期 | 2026年2月20日 |"), "{t}");
    // Not yet done items are blanks for the pen, not placeholders.
    assert!(t.contains("________"), "{t}");
}

fn zip_text(path: &std::path::Path, part: &str) -> String {
    use std::io::Read;
    let f = std::fs::File::open(path).expect("open docx");
    let mut zip = zip::ZipArchive::new(f).expect("a zip");
    let mut s = String::new();
    zip.by_name(part)
        .unwrap_or_else(|_| panic!("no {part}"))
        .read_to_string(&mut s)
        .expect("read");
    s
}

/// The text of each paragraph of a WordprocessingML part, in order.
fn paragraphs(xml: &str) -> Vec<(String, String)> {
    xml.split("<w:p ")
        .skip(1)
        .map(|p| {
            let text: String = p
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .filter_map(|t| t.split("</w:t>").next())
                .collect();
            (p.chars().take(400).collect(), text)
        })
        .collect()
}

#[test]
fn docx_draft_is_an_official_document_layout() {
    let db = fixture();
    let (o, path) = draft(&db, "disposition_resolution", "孙三", "决议.docx", &[]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let xml = zip_text(&path, "word/document.xml");
    let paras = paragraphs(&xml);
    let title = &paras[0];
    assert_eq!(
        title.1,
        "中共甲街道第一社区党支部党员大会关于给予孙三同志除名处置的决议"
    );
    assert!(
        title.0.contains("w:val=\"center\"") && title.0.contains("方正小标宋简体"),
        "{}",
        title.0
    );
    assert!(title.0.contains("w:val=\"44\""), "2号 = 22 pt");
    let body = paras
        .iter()
        .find(|p| p.1.starts_with("孙三，男"))
        .expect("identity");
    assert!(
        body.0.contains("仿宋_GB2312") && body.0.contains("w:val=\"32\""),
        "3号 仿宋"
    );
    assert!(
        body.0.contains("w:firstLine=\"640\""),
        "indented two characters"
    );
    assert!(
        body.1.contains("年") && !body.1.contains("-0"),
        "Chinese dates: {}",
        body.1
    );
    let all: String = paras.iter().map(|p| p.1.clone()).collect();
    for want in [
        "赞成7票，反对1票，弃权0票",
        "会议决定，给予孙三同志除名处置。",
        "本人拒不签字。",
    ] {
        assert!(all.contains(want), "{want}");
    }
    // The 署名 and 成文日期: the last two paragraphs, right-aligned.
    let n = paras.len();
    assert_eq!(paras[n - 2].1, "中共甲街道第一社区党支部（盖章）");
    let date = &paras[n - 1];
    assert!(
        date.1.ends_with('日') && date.1.starts_with("20"),
        "{}",
        date.1
    );
    assert!(date.0.contains("w:val=\"right\""), "{}", date.0);
    // A4, GB/T 9704 margins (twips), 22 lines of 28.95 pt.
    assert!(
        xml.contains("w:w=\"11906\"") && xml.contains("w:h=\"16838\""),
        "A4"
    );
    for m in [
        "w:top=\"2097\"",
        "w:bottom=\"1984\"",
        "w:left=\"1587\"",
        "w:right=\"1474\"",
    ] {
        assert!(xml.contains(m), "margin {m}");
    }
    assert!(xml.contains("w:linePitch=\"579\""), "line pitch");
    let header = zip_text(&path, "word/header1.xml");
    assert!(
        header.contains("内部资料 注意保密"),
        "marking on every page"
    );
}

#[test]
fn a_template_can_test_what_is_on_record_and_html_is_a_format_too() {
    let db = fixture();
    let tpl = db.file(
        "sig.md",
        "# {{ name }}\n\n{% if signature_refused %}本人拒不签字，党支部已注明。{% else %}本人已签字。{% endif %}\n\n> {{ meeting_date }}\n",
    );
    let args = [
        "--template",
        tpl.to_str().expect("utf8"),
        "--format",
        "html",
    ];
    let (o, path) = draft(&db, "disposition_resolution", "孙三", "a.html", &args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let html = std::fs::read_to_string(&path).expect("read");
    assert!(
        html.contains("<p>本人拒不签字，党支部已注明。</p>"),
        "{html}"
    );
    assert!(
        html.contains("@page { size: A4; margin: 37mm 26mm 35mm 28mm;"),
        "{html}"
    );
    assert!(html.contains("<div class=\"right\">"), "{html}");
    // 吴六 could not sign (unable): the other branch of the condition.
    let (o, path) = draft(
        &db,
        "stop_membership",
        "吴六",
        "b.md",
        &["--template", tpl.to_str().expect("utf8"), "--format", "md"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("本人已签字。")
    );
}

#[test]
fn template_errors_name_their_line_and_write_nothing() {
    let db = fixture();
    let bad_field = db.file("f.md", "# 标题\n\n{{ name }}\n{{ nmae }}\n");
    let (o, path) = draft(
        &db,
        "disposition_resolution",
        "孙三",
        "f.docx",
        &["--template", bad_field.to_str().expect("utf8")],
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("第 4 行") && o.stderr.contains("{{ nmae }}"),
        "{}",
        o.stderr
    );
    assert!(!path.exists());
    let bad_syntax = db.file("s.md", "# 标题\n{% if name %}\n没有结束\n");
    let (o, path) = draft(
        &db,
        "disposition_resolution",
        "孙三",
        "s.docx",
        &["--template", bad_syntax.to_str().expect("utf8")],
    );
    assert_eq!(o.code, 1);
    assert!(
        o.stderr.contains("语法错误") && o.stderr.contains("行"),
        "{}",
        o.stderr
    );
    assert!(!path.exists());
}
