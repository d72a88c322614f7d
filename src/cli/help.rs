//! `shilian --help` in Chinese or English. The clap definitions in `mod.rs`
//! carry English doc comments; here the built `clap::Command` tree is walked
//! and every command's about, every argument's help and the help headings
//! are replaced from the `[help]` strings of `data/lang/*.help.toml`:
//! `help.cmd.<command path>` (root: `help.cmd.shilian`, nested:
//! `help.cmd.case.show`) and `help.arg.<command path>.<arg id>`
//! (`help.arg.import.file`; global arguments and clap's own `--help`,
//! `--version`: `help.arg.<id>`). The language is decided before parsing.

use crate::i18n::{Lang, t_in};
use clap::{Arg, Command, CommandFactory};
use std::ffi::OsString;

/// Environment variable choosing the language when `--lang` is not given.
pub const LANG_ENV: &str = "SHILIAN_LANG";

/// The language of this run, known before parsing: the last `--lang X` or
/// `--lang=X` on the command line (before a lone `--`), else `$SHILIAN_LANG`
/// (`zh…`/`en…`), else the configuration file's `lang`, else Chinese.
pub fn chosen_lang(args: &[OsString], config: Option<&str>) -> Lang {
    lang_in_args(args)
        .or_else(|| std::env::var(LANG_ENV).ok().and_then(|v| lang_from_env(&v)))
        .or_else(|| config.and_then(Lang::parse))
        .unwrap_or(Lang::Zh)
}

fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut found = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = match a.strip_prefix("--lang") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => None,
        };
        if let Some(l) = value.as_deref().and_then(Lang::parse) {
            found = Some(l);
        }
    }
    found
}

fn lang_from_env(v: &str) -> Option<Lang> {
    let v = v.trim().to_ascii_lowercase();
    if v.starts_with("en") {
        Some(Lang::En)
    } else if v.starts_with("zh") {
        Some(Lang::Zh)
    } else {
        None
    }
}

/// The whole command tree, built (clap's `--help`, `--version` and `help`
/// subcommand included) and with every text in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = super::Cli::command();
    cmd.build();
    let after = t_in(lang, "help.after");
    localize(cmd, &[], lang).after_help(after)
}

/// Key of clap's `help` subcommand, wherever it appears.
const HELP_CMD_KEY: &str = "help.cmd.help";

/// Key of a command's description; `path` excludes the root name.
pub fn cmd_key(path: &[String]) -> String {
    if path.is_empty() {
        "help.cmd.shilian".to_string()
    } else {
        format!("help.cmd.{}", path.join("."))
    }
}

/// Key of an argument's help: global and clap's own arguments have one key
/// wherever they appear.
pub fn arg_key(path: &[String], arg: &Arg) -> String {
    let id = arg.get_id().as_str();
    if path.is_empty() || arg.is_global_set() || id == "help" || id == "version" {
        format!("help.arg.{id}")
    } else {
        format!("help.arg.{}.{id}", path.join("."))
    }
}

/// Every key the built tree needs (commands and arguments), in tree order.
/// The `help` subcommand's copies of the tree reuse the real commands' keys.
pub fn required_keys(cmd: &Command) -> Vec<String> {
    let mut out = vec![];
    collect(cmd, &[], &mut out);
    let mut seen = std::collections::HashSet::new();
    out.retain(|k| seen.insert(k.clone()));
    out
}

fn collect(cmd: &Command, path: &[String], out: &mut Vec<String>) {
    out.push(cmd_key(path));
    out.extend(cmd.get_arguments().map(|a| arg_key(path, a)));
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            out.push(HELP_CMD_KEY.to_string());
        } else {
            collect(sub, &child(path, sub), out);
        }
    }
}

fn child(path: &[String], sub: &Command) -> Vec<String> {
    let mut p = path.to_vec();
    p.push(sub.get_name().to_string());
    p
}

/// The string for `key` in `lang`, if the language files hold it.
fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let s = t_in(lang, key);
    (s != key).then_some(s)
}

/// The help text clap rendered for `e` (a `--help` request), with the
/// headings' ASCII colon (clap appends it) made full-width in Chinese.
pub fn help_text(e: &clap::Error, lang: Lang) -> String {
    use std::io::IsTerminal;
    let styled = e.render();
    let text = if std::io::stdout().is_terminal() {
        styled.ansi().to_string()
    } else {
        styled.to_string()
    };
    if lang != Lang::Zh {
        return text;
    }
    ["commands", "arguments", "options"]
        .iter()
        .fold(text, |s, k| {
            let h = t_in(lang, &format!("help.heading.{k}"));
            s.replace(&format!("{h}:"), &format!("{h}："))
        })
}

fn template(lang: Lang) -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        t_in(lang, "help.heading.usage")
    )
}

fn localize(cmd: Command, path: &[String], lang: Lang) -> Command {
    let mut cmd = cmd
        .help_template(template(lang))
        .subcommand_help_heading(t_in(lang, "help.heading.commands"));
    if let Some(s) = lookup(lang, &cmd_key(path)) {
        cmd = cmd.about(s).long_about(None);
    }
    cmd = cmd.mut_args(|a| localize_arg(a, path, lang));
    cmd.mut_subcommands(|sub| {
        if sub.get_name() == "help" {
            help_tree(sub, path, HELP_CMD_KEY, lang)
        } else {
            let p = child(path, &sub);
            localize(sub, &p, lang)
        }
    })
}

fn localize_arg(arg: Arg, path: &[String], lang: Lang) -> Arg {
    let heading = if arg.is_positional() {
        "help.heading.arguments"
    } else {
        "help.heading.options"
    };
    let arg = arg.help_heading(t_in(lang, heading));
    match lookup(lang, &arg_key(path, &arg)) {
        Some(s) => {
            let text = format!("{s}{}", value_notes(&arg, lang));
            arg.help(text)
                .long_help(None)
                .hide_default_value(true)
                .hide_possible_values(true)
        }
        None => arg,
    }
}

/// clap's "[default: x] [possible values: a, b]" in `lang`.
fn value_notes(arg: &Arg, lang: Lang) -> String {
    if !arg.get_action().takes_values() {
        return String::new();
    }
    let mut out = String::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        out.push_str(&tf_in(lang, "help.note.default", &defaults.join(", ")));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    if !possible.is_empty() && !arg.is_hide_possible_values_set() {
        out.push_str(&tf_in(lang, "help.note.possible", &possible.join(", ")));
    }
    out
}

fn tf_in(lang: Lang, key: &str, value: &str) -> String {
    t_in(lang, key).replace("{value}", value)
}

/// The `help` subcommand holds copies of its parent's subcommands (for
/// `shilian help import`); they take the real commands' descriptions.
/// `path` is the real command a node stands for, `key` its description.
fn help_tree(cmd: Command, path: &[String], key: &str, lang: Lang) -> Command {
    let mut cmd = cmd.help_template(template(lang));
    if let Some(s) = lookup(lang, key) {
        cmd = cmd.about(s);
    }
    cmd = cmd.mut_args(|a| localize_arg(a, path, lang));
    cmd.mut_subcommands(|sub| {
        if sub.get_name() == "help" {
            return help_tree(sub, path, HELP_CMD_KEY, lang);
        }
        let p = child(path, &sub);
        help_tree(sub, &p, &cmd_key(&p), lang)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_read_from_the_command_line_before_parsing() {
        let l = |v: &[&str]| lang_in_args(&args(v));
        assert_eq!(l(&["shilian", "--help"]), None);
        assert_eq!(l(&["shilian", "--lang", "en", "--help"]), Some(Lang::En));
        assert_eq!(l(&["shilian", "import", "--lang=en"]), Some(Lang::En));
        assert_eq!(l(&["shilian", "--lang=en", "--lang", "zh"]), Some(Lang::Zh));
        assert_eq!(l(&["shilian", "--", "--lang", "en"]), None);
        assert_eq!(l(&["shilian", "--lang", "fr"]), None);
        assert_eq!(l(&["shilian", "--language", "en"]), None);
    }

    #[test]
    fn env_values_are_read_by_prefix() {
        assert_eq!(lang_from_env("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(lang_from_env("zh-CN"), Some(Lang::Zh));
        assert_eq!(lang_from_env("fr"), None);
    }
}
