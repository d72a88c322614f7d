//! `shilian completions bash|zsh|fish` and `shilian man`: generated from the
//! clap definition (clap_complete, clap_mangen), in the language of the run
//! (`--lang`, `$SHILIAN_LANG`, Chinese by default) — descriptions in zsh and
//! fish completions and the man page follow it; bash shows none.

use super::help;
use crate::i18n::{self, t, tf};
use anyhow::{Context, bail};
use clap::Command;
use clap_complete::Shell;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The shells `completions` accepts (clap value parser and dispatch).
pub const SHELLS: [&str; 3] = ["bash", "zsh", "fish"];

/// Print the completion script for `shell` on stdout.
pub fn completions(shell: &str) -> anyhow::Result<i32> {
    let sh = match shell {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        other => bail!(tf("help.gen.bad_shell", &[("shell", other.to_string())])),
    };
    let mut cmd = help::command(i18n::lang());
    let mut buf = Vec::new();
    clap_complete::generate(sh, &mut cmd, "shilian", &mut buf);
    write_out(&buf)
}

/// Print the man page (roff) on stdout (`shilian man > shilian.1`), or with
/// `dir` write one page per command there (shilian.1, shilian-import.1, …)
/// and list the files written.
pub fn man(dir: Option<&Path>) -> anyhow::Result<i32> {
    let cmd = help::command(i18n::lang());
    let Some(dir) = dir else {
        return write_out(root_page(cmd)?.as_bytes());
    };
    let mut written = vec![];
    man_pages(cmd, dir, true, &mut written)?;
    let list: String = written
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    write_out(list.as_bytes())
}

/// The pages of `cmd` and its subcommands (not clap's `help`), deepest first.
fn man_pages(
    cmd: Command,
    dir: &Path,
    root: bool,
    written: &mut Vec<PathBuf>,
) -> anyhow::Result<()> {
    let subs: Vec<Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .cloned()
        .collect();
    for sub in subs {
        man_pages(sub, dir, false, written)?;
    }
    let page = clap_mangen::Man::new(cmd.clone());
    let path = dir.join(page.get_filename());
    let cannot = || {
        tf(
            "help.gen.cannot_write",
            &[("path", path.display().to_string())],
        )
    };
    let text = if root {
        root_page(cmd)?
    } else {
        let mut buf = Vec::new();
        page.render(&mut buf).context("man page")?;
        breakable(&String::from_utf8_lossy(&buf))
    };
    std::fs::write(&path, text).with_context(cannot)?;
    written.push(path);
    Ok(())
}

/// The main page: clap's sections, then EXIT STATUS, ENVIRONMENT, FILES and
/// EXAMPLES from `help.man.*`, made breakable for CJK text.
fn root_page(cmd: Command) -> anyhow::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .context("man page")?;
    let mut page = String::from_utf8_lossy(&buf).into_owned();
    for s in ["exit_status", "environment", "files", "examples"] {
        page.push_str(&format!(
            ".SH \"{}\"\n",
            roff_text(t(&format!("help.man.{s}")))
        ));
        for line in t(&format!("help.man.{s}_body")).lines() {
            let Some((term, what)) = line.split_once('\t') else {
                continue;
            };
            page.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                roff_text(term),
                roff_text(what)
            ));
        }
    }
    Ok(breakable(&page))
}

/// Text for a roff line: backslashes and hyphens escaped, a leading dot or
/// quote made literal.
fn roff_text(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

fn cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// troff breaks lines only at spaces: a zero-width break point (`\:`)
/// between two CJK characters lets a Chinese line wrap, and left-adjusted
/// text (`.ad l`) needs no stretching of lines without spaces, so the page
/// renders without warnings (`groff -K utf8 -Tutf8 -man -ww`).
fn breakable(page: &str) -> String {
    let mut out = String::with_capacity(page.len() + page.len() / 4);
    for line in page.lines() {
        let mut prev: Option<char> = None;
        for c in line.chars() {
            if prev.is_some_and(cjk) && cjk(c) {
                out.push_str("\\:");
            }
            out.push(c);
            prev = Some(c);
        }
        out.push('\n');
        if line.starts_with(".TH ") {
            out.push_str(".ad l\n");
        }
    }
    out
}

fn write_out(buf: &[u8]) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    out.write_all(buf).context("stdout")?;
    out.flush().context("stdout")?;
    Ok(0)
}
