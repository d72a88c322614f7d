//! No panic on any argument (issue 12, item 6): every option and positional
//! argument of every command is found by walking the clap tree; the ones
//! that take numbers are tried with extreme values, in process (a value out
//! of range is a usage error naming the range) and through the real binary
//! (exit 0, 1 or 2, never a panic), and every other value-taking argument
//! gets a few hostile strings through the binary.

use crate::support::reliability::{db_with_cases, text};
use clap::Command;
use clap::error::ErrorKind;
use shilian::cli::help::command;
use shilian::i18n::Lang;

const EXTREMES: &[&str] = &[
    "0",
    "-1",
    "1",
    "2147483648",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551616",
    "100000000",
    "99999999999999999999999999999",
    "1e308",
    "NaN",
    "",
    "0001-01-01",
    "9999-12-31",
    "262143-12-31",
    "-0001-01-01",
];

/// (command path, argument id, its long flag or None for a positional).
fn every_arg(
    cmd: &Command,
    path: Vec<String>,
    out: &mut Vec<(Vec<String>, String, Option<String>)>,
) {
    for a in cmd.get_arguments() {
        let takes = a.get_num_args().is_none_or(|n| n.takes_values());
        if a.is_global_set() && !path.is_empty()
            || !takes
            || a.get_id() == "help"
            || a.get_id() == "version"
        {
            continue;
        }
        if a.get_action().takes_values() {
            out.push((
                path.clone(),
                a.get_id().to_string(),
                a.get_long().map(str::to_string),
            ));
        }
    }
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut p = path.clone();
        p.push(sub.get_name().to_string());
        every_arg(sub, p, out);
    }
}

/// A command line for `path` with every required argument filled (numbers
/// 1, other values a harmless word) and `id` set to `value`.
fn line(root: &Command, path: &[String], id: &str, value: &str) -> Vec<String> {
    let mut cmd = root;
    for p in path {
        cmd = cmd.find_subcommand(p).expect("subcommand");
    }
    let mut args: Vec<String> = path.to_vec();
    let mut positional = Vec::new();
    for a in cmd.get_arguments() {
        let this = a.get_id() == id;
        if !this && !a.is_required_set() {
            continue;
        }
        let v = if this {
            value.to_string()
        } else {
            filler(a.get_id().as_str())
        };
        match a.get_long() {
            Some(l) => {
                args.push(format!("--{l}={v}"));
            }
            None => positional.push((a.get_index().unwrap_or(0), v)),
        }
    }
    positional.sort();
    if path.is_empty() {
        // A global option: with a command that only reads (no workstation).
        args.extend(["case".into(), "list".into()]);
        return args;
    }
    args.push("--".into());
    args.extend(positional.into_iter().map(|(_, v)| v));
    args
}

/// The real binary on `db` (unless the line names its own), English.
fn binary(db: &std::path::Path, dir: &std::path::Path, argv: &[String]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_shilian"));
    if !argv.iter().any(|a| a.starts_with("--db=")) {
        c.arg("--db").arg(db);
    }
    if !argv.iter().any(|a| a.starts_with("--lang=")) {
        c.args(["--lang", "en"]);
    }
    c.args(argv)
        .current_dir(dir)
        .env("SHILIAN_USER", "tester")
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env("XDG_CONFIG_HOME", dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run")
}

fn filler(id: &str) -> String {
    match id {
        "id" => "1".into(),
        "kind" => "restoration_record".into(),
        "shell" => "bash".into(),
        _ => "x-filler".into(),
    }
}

fn numeric(root: &Command, path: &[String], id: &str) -> bool {
    let mut argv = vec!["shilian".to_string()];
    argv.extend(line(root, path, id, "abc"));
    matches!(
        root.clone()
            .try_get_matches_from(&argv)
            .map_err(|e| e.kind()),
        Err(ErrorKind::ValueValidation)
    )
}

#[test]
fn every_numeric_option_is_bounded_and_no_argument_panics() {
    let root = command(Lang::En);
    let mut args = Vec::new();
    every_arg(&root, vec![], &mut args);
    let (dir, db) = db_with_cases(2);
    let (mut numbers, mut runs) = (Vec::new(), 0);
    for (path, id, _) in &args {
        let values: &[&str] = if numeric(&root, path, id) {
            numbers.push(format!("{} {id}", path.join(" ")));
            EXTREMES
        } else {
            &["\u{1b}[2J", "-", "../../../../etc/passwd", ""]
        };
        for v in values {
            if path.first().is_some_and(|c| c == "demo") && id == "cases" && v.len() > 1 {
                // An accepted count this large would generate that many cases.
                let mut argv = vec!["shilian".to_string()];
                argv.extend(line(&root, path, id, v));
                let r = root.clone().try_get_matches_from(&argv);
                let big = v
                    .parse::<u64>()
                    .is_ok_and(|n| n > shilian::cli::MAX_DEMO_CASES);
                assert!(r.is_err() || !big, "{argv:?} accepted");
                continue;
            }
            let argv = line(&root, path, id, v);
            let out = binary(&db, dir.path(), &argv);
            runs += 1;
            let code = out.status.code();
            assert!(matches!(code, Some(0..=3)), "{argv:?}: {}", text(&out));
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!err.contains("panicked"), "{argv:?}: {err}");
            for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                let s = String::from_utf8_lossy(bytes);
                assert!(
                    !s.contains('\u{1b}'),
                    "{argv:?}: {stream} echoes an escape: {s:?}"
                );
            }
            if code == Some(2) && !argv.iter().any(|a| a.starts_with("--lang=")) {
                let usage = [
                    "invalid value",
                    "unexpected argument",
                    "a value is required",
                ]
                .iter()
                .any(|m| err.contains(m));
                assert!(usage, "{argv:?}: a usage error names the value: {err}");
            }
        }
    }
    for want in [
        "alerts within",
        "alerts limit",
        "case list limit",
        "case show id",
        "audit case",
        "dossier id",
        "demo cases",
    ] {
        assert!(
            numbers.iter().any(|n| n == want),
            "{want} found numeric: {numbers:?}"
        );
    }
    // The case of the issue: a usage error naming the range, not a panic.
    let out = binary(
        &db,
        dir.path(),
        &["alerts".into(), "--within=100000000".into()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("0..=36500"),
        "{}",
        text(&out)
    );
    eprintln!(
        "arguments walked: {}, numeric: {}, runs of the binary: {runs}",
        args.len(),
        numbers.len()
    );
}
