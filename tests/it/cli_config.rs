//! Command-line conventions: the configuration file (db, lang, user),
//! `SHILIAN_DB`, `--out -`, `case list --branch` by part of a name, the
//! man page's closing sections and the completions' value lists.

use std::path::Path;
use std::process::{Command, Stdio};

const TODAY: &str = "2026-11-28";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run shilian with exactly these environment variables added (and the
/// usual ones that could point elsewhere removed).
fn run(env: &[(&str, &Path)], args: &[&str]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shilian"));
    for k in [
        "SHILIAN_DB",
        "SHILIAN_CONFIG",
        "SHILIAN_LANG",
        "SHILIAN_USER",
        "XDG_CONFIG_HOME",
    ] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(["--today", TODAY]).args(args);
    cmd.stdin(Stdio::null());
    let o = cmd.output().expect("run shilian");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

#[test]
fn config_file_names_the_database_language_and_user() {
    let dir = tempfile::tempdir().expect("tmp");
    let conf_dir = dir.path().join("conf");
    std::fs::create_dir_all(conf_dir.join("shilian")).expect("mkdir");
    let conf = conf_dir.join("shilian/config.toml");
    std::fs::write(
        &conf,
        "db = \"../srv/shared.db\"\nlang = \"en\"\nuser = \"王芳\"\n",
    )
    .expect("write");
    std::fs::create_dir_all(dir.path().join("srv")).expect("mkdir");
    let xdg = [("XDG_CONFIG_HOME", conf_dir.as_path())];
    let o = run(&xdg, &["demo", "--cases", "20"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let db = conf_dir.join("shilian/../srv/shared.db");
    assert!(
        db.exists(),
        "relative db path taken from the file's directory"
    );
    // English from the file's lang; the worker named by the file's user.
    let o = run(
        &xdg,
        &["case", "list", "--branch", "no-such-branch-anywhere"],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("no branch"), "{}", o.stderr);
    let out = dir.path().join("r.csv");
    let o = run(
        &xdg,
        &["export", "roster", "--out", out.to_str().expect("utf8")],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let o = run(&xdg, &["audit", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let last = v.as_array().and_then(|a| a.last()).expect("an entry");
    assert_eq!(last["user"], "王芳", "{last}");
    // SHILIAN_DB wins over the file; --db wins over both.
    let other = dir.path().join("other.db");
    let env = [
        ("XDG_CONFIG_HOME", conf_dir.as_path()),
        ("SHILIAN_DB", other.as_path()),
    ];
    let o = run(&env, &["init"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(other.exists());
    let third = dir.path().join("third.db");
    let o = run(&env, &["--db", third.to_str().expect("utf8"), "init"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(third.exists());
}

#[test]
fn a_bad_config_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let conf = dir.path().join("c.toml");
    std::fs::write(&conf, "lang = \"zh\"\ndatabase = \"x.db\"\n").expect("write");
    let o = run(&[("SHILIAN_CONFIG", conf.as_path())], &["alerts"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("配置文件无效"), "{}", o.stderr);
    assert!(
        o.stderr.contains("line 2") && o.stderr.contains("database"),
        "{}",
        o.stderr
    );
}

#[test]
fn out_dash_writes_to_stdout_and_is_recorded() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("s.db");
    let env = [("SHILIAN_DB", db.as_path())];
    assert_eq!(run(&env, &["demo", "--cases", "30"]).code, 0);
    let o = run(&env, &["export", "roster", "--format", "csv", "--out", "-"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.starts_with('\u{feff}'), "CSV starts with a BOM");
    assert!(o.stdout.contains("内部资料 注意保密"));
    assert!(
        o.stdout.contains("公民身份号码"),
        "{}",
        &o.stdout[..200.min(o.stdout.len())]
    );
    assert!(
        !o.stdout.contains("已写入"),
        "no 'written' line mixed into the data"
    );
    let o = run(&env, &["audit", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let last = v.as_array().and_then(|a| a.last()).expect("entry");
    let action: serde_json::Value =
        serde_json::from_str(last["action"].as_str().expect("text")).expect("action json");
    assert_eq!(action["out"], "-");
    assert_eq!(action["what"], "roster");
}

#[test]
fn case_list_branch_by_part_of_a_name_or_the_near_ones() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("s.db");
    let env = [("SHILIAN_DB", db.as_path())];
    assert_eq!(run(&env, &["demo", "--cases", "60"]).code, 0);
    let o = run(&env, &["case", "list", "--json", "--limit", "1000"]);
    let rows: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let branches: std::collections::BTreeSet<String> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["branch"].as_str().expect("branch").to_string())
        .collect();
    // A part of a name that only one branch has.
    let (whole, part) = branches
        .iter()
        .find_map(|b| {
            let chars: Vec<char> = b.chars().collect();
            (0..chars.len().saturating_sub(3)).find_map(|i| {
                let p: String = chars[i..i + 4].iter().collect();
                (branches.iter().filter(|x| x.contains(&p)).count() == 1).then(|| (b.clone(), p))
            })
        })
        .expect("some branch has a part of its own");
    let o = run(
        &env,
        &[
            "case", "list", "--json", "--branch", &part, "--limit", "1000",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let got: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    let got = got.as_array().expect("rows");
    assert!(!got.is_empty());
    assert!(got.iter().all(|r| r["branch"] == whole.as_str()));
    // Nothing matches: refused, naming near ones.
    let first: String = whole.chars().take(2).collect();
    let o = run(&env, &["case", "list", "--branch", &format!("{first}XYZ")]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("相近的有"), "{}", o.stderr);
    assert!(
        o.stderr.contains(&whole) || o.stderr.contains(&first),
        "{}",
        o.stderr
    );
}

#[test]
fn man_page_has_the_closing_sections_and_renders_without_warnings() {
    for lang in ["zh", "en"] {
        let o = run(&[], &["--lang", lang, "man"]);
        assert_eq!(o.code, 0);
        for s in [
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "EXAMPLES",
            "SHILIAN_DB",
        ] {
            assert!(o.stdout.contains(s), "{lang}: {s}");
        }
        let groff = Command::new("groff")
            .args(["-K", "utf8", "-Tutf8", "-man", "-ww", "-z"])
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = groff else {
            eprintln!("groff not installed: rendering not checked");
            continue;
        };
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(o.stdout.as_bytes())
            .expect("write");
        let r = child.wait_with_output().expect("groff");
        let warn = String::from_utf8_lossy(&r.stderr);
        assert!(warn.trim().is_empty(), "{lang}: {warn}");
    }
}

#[test]
fn completions_offer_draft_kinds_and_formats() {
    let o = run(&[], &["completions", "bash"]);
    assert_eq!(o.code, 0);
    for k in [
        "disposition_resolution",
        "stop_membership",
        "transfer_letter",
        "html",
    ] {
        assert!(o.stdout.contains(k), "{k}");
    }
}
