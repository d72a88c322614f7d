//! `shilian alerts` as a morning briefing: plain text with a header line of
//! counts, aligned rows, no colour codes, and exit 3 when something is overdue.
use crate::support::cli::*;
use shilian::cli::table::width;
use std::process::Command;

/// Run against `db` with a chosen `--today` (the support runner fixes it).
fn at(db: &Db, today: &str, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_shilian"))
        .arg("--db")
        .arg(&db.path)
        .args(["--today", today])
        .args(args)
        .env_remove("SHILIAN_LANG")
        .output()
        .expect("run shilian");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One member last in contact on 2026-06-01: becomes lost on 2026-12-01,
/// and, never searched, is due for a search from that day (issue 11: the
/// becomes-lost row stays until its day and is hidden once past).
fn one_member() -> Db {
    let db = Db::new();
    let csv = format!(
        "{HEADER}\n{}\n",
        row("张三", &id("19850302", 11), "1985-03-02", "2026-06-01")
    );
    let file = db.file("m.csv", &csv);
    db.ok(&["init"]);
    db.ok(&["import", file.to_str().expect("path")]);
    db
}

#[test]
fn nothing_overdue_exits_0_with_the_coming_deadline_listed() {
    let db = one_member();
    let out = at(&db, "2026-11-28", &["alerts"]);
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "shilian 到期提醒 2026-11-28：逾期 0 项，7 天内到期 2 项"
    );
    for line in &lines[3..] {
        assert!(
            line.contains("张三") && line.contains("还剩 3 天") && line.starts_with("2026-12-01"),
            "{}",
            out.stdout
        );
    }
    assert!(out.stdout.contains("成为失联党员"), "{}", out.stdout);
    assert_eq!(lines.len(), 5, "header, column titles, rule, two rows");
}

#[test]
fn something_overdue_exits_3_and_says_so() {
    let db = one_member();
    let out = at(&db, "2026-12-05", &["alerts"]);
    assert_eq!(out.code, 3, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .starts_with("shilian 到期提醒 2026-12-05：逾期 1 项，7 天内到期 0 项\n"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("逾期 4 天"), "{}", out.stdout);
    assert!(!out.stdout.contains('\x1b'), "no colour codes");

    let en = at(&db, "2026-12-05", &["--lang", "en", "alerts"]);
    assert_eq!(en.code, 3);
    assert!(
        en.stdout
            .starts_with("shilian deadlines 2026-12-05: 1 overdue, 0 due within 7 days\n"),
        "{}",
        en.stdout
    );
    assert!(en.stdout.contains("4 days overdue"), "{}", en.stdout);
}

#[test]
fn json_keeps_exit_0_and_lists_the_overdue_deadline() {
    let db = one_member();
    let out = at(&db, "2026-12-05", &["alerts", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    assert_eq!(v[0]["kind"], "search_stale");
    assert_eq!(v[0]["days_left"], -4);
    assert_eq!(v.as_array().map(Vec::len), Some(1), "becomes_lost is past");
    assert_eq!(v[0]["urgency"], "Overdue");
}

#[test]
fn window_and_limit_shape_the_rows_not_the_counts() {
    let db = one_member();
    let out = at(&db, "2026-11-28", &["alerts", "--within", "2"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "shilian 到期提醒 2026-11-28：逾期 0 项，2 天内到期 0 项\n没有逾期或 2 天内到期的事项。\n"
    );
    let out = at(&db, "2026-12-05", &["alerts", "--limit", "0"]);
    assert_eq!(out.code, 3);
    assert!(out.stdout.contains("逾期 1 项"), "{}", out.stdout);
    assert!(out.stdout.contains("另有 1 项未列出"), "{}", out.stdout);
    assert!(!out.stdout.contains("张三"), "{}", out.stdout);
}

#[test]
fn columns_line_up_with_chinese_text() {
    let db = one_member();
    let more = format!(
        "{HEADER}\n{}\n",
        row("欧阳建国", &id("19700101", 12), "1970-01-01", "2026-05-20")
    );
    let file = db.file("more.csv", &more);
    db.ok(&["import", file.to_str().expect("path")]);
    let out = at(&db, "2026-12-05", &["alerts", "--within", "30"]);
    assert_eq!(out.code, 3, "{}", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().skip(1).collect();
    assert_eq!(lines.len(), 4, "{}", out.stdout);
    // The branch column starts at the same cell on every line.
    let branch_col = |l: &str, word: &str| {
        let at = l.find(word).unwrap_or_else(|| panic!("{word} in {l}"));
        width(&l[..at])
    };
    let head = branch_col(lines[0], "党支部");
    assert_eq!(
        branch_col(lines[2], "测试社区党支部"),
        head,
        "{}",
        out.stdout
    );
    assert_eq!(
        branch_col(lines[3], "测试社区党支部"),
        head,
        "{}",
        out.stdout
    );
}

#[test]
fn an_empty_database_has_nothing_to_report() {
    let db = Db::new();
    db.ok(&["init"]);
    let out = at(&db, "2026-11-28", &["alerts"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("逾期 0 项"), "{}", out.stdout);
    assert!(out.stdout.contains("没有逾期"), "{}", out.stdout);
}
