//! `shilian --help` in Chinese (default) and English, every command and
//! argument described in both languages, completions and the man page.
use shilian::cli::help::{arg_key, cmd_key, command, required_keys};
use shilian::i18n::{Lang, t_in};
use std::process::Command;

fn shilian(args: &[&str], env_lang: Option<&str>) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shilian"));
    cmd.args(args).env_remove("SHILIAN_LANG");
    if let Some(l) = env_lang {
        cmd.env("SHILIAN_LANG", l);
    }
    let out = cmd.output().expect("run shilian");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The help text of a successful `--help` run.
fn help(args: &[&str], env_lang: Option<&str>) -> String {
    let (code, out, err) = shilian(args, env_lang);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

#[test]
fn every_command_and_argument_has_help_in_both_languages() {
    let cmd = command(Lang::Zh);
    let keys = required_keys(&cmd);
    assert!(keys.contains(&"help.cmd.import".to_string()), "{keys:?}");
    assert!(keys.contains(&"help.arg.import.file".to_string()));
    assert!(keys.contains(&"help.cmd.case.show".to_string()));
    assert!(keys.contains(&"help.arg.db".to_string()));
    let mut missing = vec![];
    for lang in [Lang::Zh, Lang::En] {
        for k in &keys {
            if t_in(lang, k) == k.as_str() {
                missing.push(format!("{lang:?} {k}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "help strings missing from data/lang/*.help.toml:\n{}",
        missing.join("\n")
    );
}

#[test]
fn keys_name_the_command_path_and_argument() {
    let cmd = command(Lang::En);
    assert_eq!(cmd_key(&[]), "help.cmd.shilian");
    let case = cmd
        .get_subcommands()
        .find(|c| c.get_name() == "case")
        .expect("case");
    let show = case
        .get_subcommands()
        .find(|c| c.get_name() == "show")
        .expect("show");
    let path = ["case".to_string(), "show".to_string()];
    assert_eq!(cmd_key(&path), "help.cmd.case.show");
    let key = |id: &str| {
        let a = show
            .get_arguments()
            .find(|a| a.get_id() == id)
            .expect("arg");
        arg_key(&path, a)
    };
    assert_eq!(key("id"), "help.arg.case.show.id");
    assert_eq!(key("db"), "help.arg.db", "global arguments have one key");
    assert_eq!(key("help"), "help.arg.help");
}

#[test]
fn chinese_help_by_default() {
    let out = help(&["--help"], None);
    for word in ["用法", "命令", "选项", "导入", "到期", "数据库文件"] {
        assert!(out.contains(word), "{word} missing in:\n{out}");
    }
    assert!(!out.contains("Usage:"), "{out}");
    assert!(!out.contains("Options:"), "{out}");
    // Headings end with the full-width colon, like 用法：
    assert!(out.contains("命令：") && out.contains("选项："), "{out}");
    assert!(!out.contains("命令:") && !out.contains("选项:"), "{out}");
    assert!(!out.contains("Print help"), "{out}");
    let sub = help(&["import", "--help"], None);
    assert!(sub.contains("参数") && sub.contains("选项"), "{sub}");
    let nested = help(&["case", "show", "--help"], None);
    assert!(nested.contains("用法"), "{nested}");
    assert!(!nested.contains("Usage:"), "{nested}");
    let via_help = help(&["help", "alerts"], None);
    assert!(
        via_help.contains("用法") && via_help.contains("--within"),
        "{via_help}"
    );
}

#[test]
fn english_help_with_lang_en_or_the_environment() {
    for (args, env) in [
        (&["--lang", "en", "--help"][..], None),
        (&["--lang=en", "alerts", "--help"][..], None),
        (&["--help"][..], Some("en")),
    ] {
        let out = help(args, env);
        assert!(out.contains("Usage:"), "{args:?}:\n{out}");
        assert!(out.contains("Options:"), "{args:?}:\n{out}");
        assert!(!out.contains("用法") && !out.contains("选项"), "{out}");
    }
    let root = help(&["--lang", "en", "--help"], None);
    assert!(
        root.contains("Commands:") && root.contains("Import members"),
        "{root}"
    );
    // --lang on the command line wins over the environment.
    let zh = help(&["--lang", "zh", "--help"], Some("en"));
    assert!(zh.contains("用法"), "{zh}");
}

#[test]
fn usage_errors_exit_2_in_the_chosen_language() {
    let (code, _, err) = shilian(&["--lang", "en", "frobnicate"], None);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("unrecognized subcommand 'frobnicate'"),
        "{err}"
    );
    let (code, _, err) = shilian(&["alerst"], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("错误：无法识别的命令「alerst」"), "{err}");
    assert!(
        err.contains("「alerts」") && err.contains("用法："),
        "{err}"
    );
    let (code, _, err) = shilian(&["completions", "tcsh"], None);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("「tcsh」") && err.contains("bash, zsh, fish"),
        "{err}"
    );
    let (code, _, err) = shilian(&["alerts", "--bogus"], None);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("无法识别的参数「--bogus」"), "{err}");
}

#[test]
fn completions_name_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, err) = shilian(&["completions", shell], None);
        assert_eq!(code, 0, "{shell}: {err}");
        for word in ["shilian", "alerts", "import", "export", "completions"] {
            assert!(out.contains(word), "{shell}: {word} missing");
        }
    }
    let (_, bash, _) = shilian(&["completions", "bash"], None);
    assert!(bash.contains("complete -F _shilian"), "{bash}");
    let (_, fish, _) = shilian(&["--lang", "en", "completions", "fish"], None);
    assert!(
        fish.contains("Import members"),
        "fish descriptions follow --lang"
    );
}

#[test]
fn man_page_is_roff_in_the_chosen_language() {
    let (code, zh, err) = shilian(&["man"], None);
    assert_eq!(code, 0, "{err}");
    // `\:` is roff's invisible break point between CJK characters.
    let zh = zh.replace("\\:", "");
    assert!(zh.contains(".TH shilian 1"), "{zh}");
    assert!(zh.contains(".SH 选项"), "{zh}");
    assert!(zh.contains("导入"), "{zh}");
    let (code, en, _) = shilian(&["--lang", "en", "man"], None);
    assert_eq!(code, 0);
    assert!(
        en.contains(".TH shilian 1") && en.contains(".SH OPTIONS"),
        "{en}"
    );
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_str().expect("path");
    let (code, out, err) = shilian(&["man", "--dir", d], None);
    assert_eq!(code, 0, "{err}");
    for page in ["shilian.1", "shilian-import.1", "shilian-case-show.1"] {
        let text = std::fs::read_to_string(dir.path().join(page)).expect(page);
        assert!(text.contains(".TH"), "{page}");
        assert!(out.contains(page), "{out}");
    }
    let show = std::fs::read_to_string(dir.path().join("shilian-case-show.1"))
        .expect("page")
        .replace("\\:", "");
    assert!(show.contains("档案编号"), "{show}");
    assert!(!dir.path().join("shilian-help.1").exists());
    let (code, _, err) = shilian(&["man", "--dir", "/nonexistent/shilian-man"], None);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/shilian-man"), "{err}");
}

#[test]
fn completions_and_man_need_no_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("none.db");
    let db = db.to_str().expect("path");
    let (code, _, err) = shilian(&["--db", db, "man"], None);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = shilian(&["--db", db, "completions", "zsh"], None);
    assert_eq!(code, 0, "{err}");
    assert!(!dir.path().join("none.db").exists());
}
