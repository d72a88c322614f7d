//! `shilian completions bash|zsh|fish` and `shilian man`: generated from the
//! clap definition (clap_complete, clap_mangen), in the language of the run
//! (`--lang`, `$SHILIAN_LANG`, Chinese by default) — descriptions in zsh and
//! fish completions and the man page follow it; bash shows none.

use super::help;
use crate::i18n::{self, tf};
use anyhow::{Context, bail};
use clap_complete::Shell;
use std::io::Write;

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

/// Print the man page (roff) on stdout: `shilian man > shilian.1`.
pub fn man() -> anyhow::Result<i32> {
    let cmd = help::command(i18n::lang());
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut buf)
        .context("man page")?;
    write_out(&buf)
}

fn write_out(buf: &[u8]) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    out.write_all(buf).context("stdout")?;
    out.flush().context("stdout")?;
    Ok(0)
}
