//! The command line: clap definitions and dispatch. Each subcommand group
//! lives in its own file; all user-facing text comes from `data/lang/*.cli.toml`.

// Every line the command line prints goes through these, shadowing std's
// macros in `cli::*`: whatever the data holds (an escape sequence in a name,
// a direction override in a note), a control character reaches the
// terminal, a cron mail or a pipe only as visible `\x1b` text
// (`domain::text::escape_text`; newline and tab kept). Styled help and JSON
// (escaped by `print_json`) use `std::print!` directly.
macro_rules! println {
    () => { ::std::println!() };
    ($($t:tt)*) => { ::std::println!("{}", $crate::domain::text::escape_text(&format!($($t)*))) };
}
macro_rules! print {
    ($($t:tt)*) => { ::std::print!("{}", $crate::domain::text::escape_text(&format!($($t)*))) };
}
macro_rules! eprint {
    ($($t:tt)*) => { ::std::eprint!("{}", $crate::domain::text::escape_text(&format!($($t)*))) };
}
macro_rules! eprintln {
    () => { ::std::eprintln!() };
    ($($t:tt)*) => { ::std::eprintln!("{}", $crate::domain::text::escape_text(&format!($($t)*))) };
}

mod admin;
mod alerts;
mod bundle;
mod case_text;
mod cases;
mod common;
mod exec;
mod export;
#[path = "gen.rs"]
mod generate; // `gen` is a reserved word in edition 2024
mod handover;
pub mod help;
mod help_error;
mod key;
mod keys;
mod lookback;
mod papers;
mod restore;
mod setup;
pub mod table;

use crate::i18n::{self, tf};
use chrono::NaiveDate;
use clap::{Args, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;

pub use common::Env;

/// 失联党员管理工作台 — keyboard-driven workstation for lost-contact member cases.
#[derive(Debug, Parser)]
#[command(name = "shilian", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database file [default: $SHILIAN_DB, else `db` in the config file, else $XDG_DATA_HOME/shilian/shilian.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Date to treat as today, YYYY-MM-DD [default: the local date]
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    pub today: Option<NaiveDate>,
    /// Language of the output: zh or en
    #[arg(long, global = true, value_name = "zh|en", value_parser = ["zh", "en"], default_value = "zh")]
    pub lang: String,
    /// Policy parameters file overriding the embedded data/policy.toml
    #[arg(long, global = true, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Procedure definitions overriding the embedded data/procedures.toml
    #[arg(long, global = true, value_name = "FILE")]
    pub procedures: Option<PathBuf>,
    /// No colours in the workstation (also NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// ASCII borders for terminals without box-drawing glyphs
    #[arg(long, global = true)]
    pub ascii: bool,
    /// Key bindings file overriding the defaults
    #[arg(long, global = true, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// Key file of the audit log (0600, outside the database's directory) [default: $SHILIAN_KEY_FILE, else key_file in the config file]
    #[arg(long, global = true, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty database
    Init,
    /// Create a realistic fictional database (all names invented)
    Demo {
        /// Number of cases
        #[arg(long, default_value_t = 200, value_parser = bounded_count(MAX_DEMO_CASES))]
        cases: usize,
        /// Replace an existing database
        #[arg(long)]
        force: bool,
        /// Open the workstation on it afterwards
        #[arg(long)]
        open: bool,
        /// Other invented people (0: the usual ones), e.g. for a second unit
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Import members from an Excel (.xlsx/.xls), CSV or JSON file, all or nothing
    Import {
        /// Excel, CSV or JSON file
        file: PathBuf,
        /// Only show the preview (every problem by sheet, row and column); write nothing
        #[arg(long)]
        dry_run: bool,
        /// The committee of every row, when the sheet has no column for it
        #[arg(long, value_name = "NAME")]
        committee: Option<String>,
    },
    /// Deadlines, most urgent first
    Alerts {
        /// Only deadlines due within this many days (overdue included)
        #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(0..=MAX_DAYS))]
        within: Option<i64>,
        #[arg(long, default_value_t = 1000, value_parser = bounded_count(MAX_LIMIT))]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Show or list cases
    #[command(subcommand)]
    Case(CaseCmd),
    /// Look-back review (回头看): campaigns and what each case's records say
    #[command(subcommand)]
    Lookback(LookbackCmd),
    /// Run a JSON array of actions all or nothing (FILE or - for stdin)
    Exec {
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// The audit log
    Audit {
        #[arg(long, value_name = "ID", value_parser = case_id())]
        case: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Check database integrity and the audit chain (exit 1 on problems)
    Verify {
        /// A receipt printed earlier (SEQ-HASH): the chain must still extend it
        #[arg(long, value_name = "RECEIPT")]
        receipt: Option<String>,
    },
    /// Consistent copy of the database to PATH (encrypted with --to or --passphrase-file)
    Backup {
        path: PathBuf,
        /// Encrypt to this public key (age1..., or a file holding it)
        #[arg(long, value_name = "PUBKEY")]
        to: Option<String>,
        /// Encrypt with the passphrase on the first line of FILE
        #[arg(long, value_name = "FILE", conflicts_with = "to")]
        passphrase_file: Option<PathBuf>,
    },
    /// Replace the database with a copy that passes verify (the replaced one is kept)
    Restore {
        path: PathBuf,
        /// Decrypt with this secret key file (an encrypted backup)
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Decrypt with the passphrase on the first line of FILE
        #[arg(long, value_name = "FILE", conflicts_with = "identity")]
        passphrase_file: Option<PathBuf>,
    },
    /// Make an age X25519 key pair (or with --sign the unit's signing key pair): the secret key to FILE (0600), the public key to FILE.pub and stdout
    Keygen {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// The unit's Ed25519 signing key pair, which signs its bundles and handover files
        #[arg(long)]
        sign: bool,
    },
    /// Write the roster or one case to a file, marked 内部资料 注意保密 and audited
    #[command(subcommand)]
    Export(export::ExportCmd),
    /// Register bundles: export a unit's, import them into a compiled database, list its slices
    #[command(subcommand)]
    Bundle(bundle::BundleCmd),
    /// Hand one case over to another committee's database, or take one in
    #[command(subcommand)]
    Handover(handover::HandoverCmd),
    /// One dossier per person (一人一档): every record of a case in order, md/html/txt
    Dossier(papers::DossierArgs),
    /// Draft of a standard paper filled from a case, for editing before printing
    Draft(papers::DraftArgs),
    /// Shell completion script on stdout (bash, zsh or fish)
    Completions {
        #[arg(value_parser = generate::SHELLS)]
        shell: String,
    },
    /// The manual page (roff) on stdout, or one page per command into DIR
    Man {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// The whole case: member, records, checklist, deadlines
    Show {
        #[arg(value_parser = case_id())]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// The roster, filtered and sorted
    List(ListArgs),
}

#[derive(Debug, Subcommand)]
pub enum LookbackCmd {
    /// Every campaign (or one) with each case it covers, flagged where thin
    Show {
        #[arg(long, value_name = "ID", value_parser = case_id())]
        campaign: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Status code or label (lost, 失联, ...)
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub branch: Option<String>,
    #[arg(long)]
    pub committee: Option<String>,
    /// Free text over name, ID number and branch
    #[arg(long)]
    pub text: Option<String>,
    #[arg(long, value_parser = ["deadline", "lost", "name"], default_value = "deadline")]
    pub sort: String,
    #[arg(long, default_value_t = 100, value_parser = bounded_count(MAX_LIMIT))]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

/// Bounds of the numeric options: a value outside is a usage error (exit 2)
/// naming the range, never an overflow further on (`alerts --within
/// 100000000` once overflowed the date).
pub const MAX_DAYS: i64 = 36_500;
pub const MAX_LIMIT: u64 = 1_000_000;
pub const MAX_DEMO_CASES: u64 = 2_000_000;

/// A count from 0 to `max` (`--limit 0`: the counts without rows).
fn bounded_count(max: u64) -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(0..=max)
}

/// A case number: 1 or more.
pub fn case_id() -> clap::builder::RangedI64ValueParser<i64> {
    clap::value_parser!(i64).range(1..)
}

fn parse_date_arg(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; expected YYYY-MM-DD (应为 YYYY-MM-DD)"))
}

/// Parse the command line, run it, and return the process exit code:
/// 0 ok, 1 refused or invalid input, 2 usage, 3 `alerts`: something overdue.
/// The language (`--lang`, else `$SHILIAN_LANG`, else Chinese) is decided
/// before parsing so that `--help` is in it too (see `help`).
pub fn main() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let config = crate::config::Config::load();
    let config_lang = config.as_ref().ok().and_then(|c| c.lang.clone());
    let lang = help::chosen_lang(&args, config_lang.as_deref());
    i18n::set_lang(lang);
    match config {
        Ok(c) => crate::config::install(c),
        Err(e) => {
            let msg = tf("cli.config.refused", &[("reason", e.to_string())]);
            eprintln!("{}{msg}", i18n::t("cli.error_prefix"));
            return 1;
        }
    }
    let parsed = help::command(lang)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            match help_error::message(&e, lang) {
                Some(m) => eprintln!("{m}"),
                None if e.kind() == clap::error::ErrorKind::DisplayHelp => {
                    ::std::print!("{}", help::help_text(&e, lang))
                }
                // clap's own text echoes the value given: plain and escaped.
                None if e.use_stderr() => eprint!("{}", e.render()),
                None => drop(e.print()),
            }
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}{e:#}", i18n::t("cli.error_prefix"));
            1
        }
    }
}

/// Dispatch one parsed command line; Ok carries the exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    // No database needed: generated from the command-line definition.
    match &cli.command {
        Some(Command::Completions { shell }) => return generate::completions(shell),
        Some(Command::Man { dir }) => return generate::man(dir.as_deref()),
        Some(Command::Keygen { out, sign }) => return keys::keygen(out, *sign),
        _ => {}
    }
    let env = Env::from_global(&cli.global)?;
    crate::app::check_user_env()?;
    crate::store::wait::set_notice(|| eprintln!("{}", i18n::t("cli.waiting")));
    restore::report_leftovers(&env.db);
    if let Some(path) = key::chosen(cli.global.key_file.as_deref()) {
        crate::store::digest::set_key(Some(key::load(&path, &env.db)?));
    }
    restore::warn_if_exposed(&env.db);
    match cli.command {
        None => setup::open_workstation(&env, &cli.global),
        Some(Command::Init) => setup::init(&env),
        Some(Command::Demo {
            cases,
            force,
            open,
            seed,
        }) => {
            setup::demo(&env, cases, force, seed)?;
            if open {
                return setup::open_workstation(&env, &cli.global);
            }
            Ok(0)
        }
        Some(Command::Import {
            file,
            dry_run,
            committee,
        }) => {
            let opts = crate::import::Options { committee };
            setup::import(&env, &file, dry_run, &opts)
        }
        Some(Command::Alerts {
            within,
            limit,
            json,
        }) => alerts::alerts(&env, within, limit, json),
        Some(Command::Case(CaseCmd::Show { id, json })) => cases::show(&env, id, json),
        Some(Command::Case(CaseCmd::List(args))) => cases::list(&env, &args),
        Some(Command::Lookback(LookbackCmd::Show { campaign, json })) => {
            lookback::show(&env, campaign, json)
        }
        Some(Command::Exec { file, json }) => exec::exec(&env, &file, json),
        Some(Command::Audit { case, json }) => admin::audit(&env, case, json),
        Some(Command::Verify { receipt }) => admin::verify(&env, receipt.as_deref()),
        Some(Command::Backup {
            path,
            to,
            passphrase_file,
        }) => match keys::lock(to.as_deref(), passphrase_file.as_deref())? {
            Some(lock) => keys::backup_sealed(&env, &path, &lock),
            None => admin::backup(&env, &path),
        },
        Some(Command::Restore {
            path,
            identity,
            passphrase_file,
        }) => match keys::unlock(identity.as_deref(), passphrase_file.as_deref())? {
            Some(unlock) => keys::restore_sealed(&env, &path, &unlock),
            None => restore::restore(&env, &path),
        },
        Some(Command::Keygen { out, sign }) => keys::keygen(&out, sign),
        Some(Command::Export(cmd)) => export::export(&env, &cmd),
        Some(Command::Bundle(cmd)) => bundle::run(&env, &cmd),
        Some(Command::Handover(cmd)) => handover::run(&env, &cmd),
        Some(Command::Dossier(a)) => papers::dossier(&env, &a),
        Some(Command::Draft(a)) => papers::draft(&env, &a),
        Some(Command::Completions { shell }) => generate::completions(&shell),
        Some(Command::Man { dir }) => generate::man(dir.as_deref()),
    }
}
