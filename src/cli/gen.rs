//! `shilian completions bash|zsh|fish` and `shilian man`: generated from the
//! clap definition (clap_complete, clap_mangen), in the language of the run
//! (`--lang`, `$SHILIAN_LANG`, Chinese by default) — descriptions in zsh and
//! fish completions and the man page follow it; bash shows none.

use super::help;
use crate::i18n::{self, tf};
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
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut buf)
            .context("man page")?;
        return write_out(&buf);
    };
    let mut written = vec![];
    man_pages(cmd, dir, &mut written)?;
    let list: String = written
        .iter()
        .map(|p| format!("{}\n", p.display()))
        .collect();
    write_out(list.as_bytes())
}

/// The pages of `cmd` and its subcommands (not clap's `help`), deepest first.
fn man_pages(cmd: Command, dir: &Path, written: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let subs: Vec<Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .cloned()
        .collect();
    for sub in subs {
        man_pages(sub, dir, written)?;
    }
    let page = clap_mangen::Man::new(cmd);
    let path = dir.join(page.get_filename());
    let file = page.generate_to(dir).with_context(|| {
        tf(
            "help.gen.cannot_write",
            &[("path", path.display().to_string())],
        )
    })?;
    written.push(file);
    Ok(())
}

fn write_out(buf: &[u8]) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    out.write_all(buf).context("stdout")?;
    out.flush().context("stdout")?;
    Ok(0)
}
