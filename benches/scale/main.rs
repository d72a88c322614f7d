//! Scale benchmark (issue 5): generates 100k / 1M case databases under
//! `target/bench-data/` (reused when present) and measures every row of the
//! issue's table, with the naive way beside it. Never part of `cargo test`.
//!
//! cargo bench --bench scale -- [--sizes 100000,1000000] [--runs 30] [--skip-import]
//!     [--parts queries,draw,bytes,filter,orgs,start,import] [--import-runs 1]
//!     [--db FILE]
//! `--parts` measures only the named groups of rows (default: all).
//! `--db FILE` measures an existing database instead of the generated ones
//! (a compiled database from `cargo bench --bench compile`, say); the
//! import rows are then left out.
//! The same binary re-runs itself as a child (`--child start|rss DB`) to
//! measure start-to-first-frame and peak RSS in a fresh process.

mod generate;
mod orgs;
mod queries;
mod stats;
mod ui;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use std::path::PathBuf;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 15).unwrap_or_default()
}

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    import: bool,
    ui: bool,
    gen_only: bool,
    /// Groups of rows to measure; empty = all.
    parts: Vec<String>,
    import_runs: usize,
    /// An existing database measured instead of the generated sizes.
    db: Option<PathBuf>,
}

impl Args {
    fn want(&self, part: &str) -> bool {
        self.parts.is_empty() || self.parts.iter().any(|p| p == part)
    }
}

/// Groups `--parts` accepts.
pub const PARTS: &[&str] = &[
    "queries", "draw", "bytes", "filter", "orgs", "start", "import",
];

fn parse_args(raw: &[String]) -> Result<Args> {
    let mut a = Args {
        sizes: vec![100_000, 1_000_000],
        runs: 30,
        import: true,
        ui: true,
        gen_only: false,
        parts: vec![],
        import_runs: 1,
        db: None,
    };
    let mut it = raw.iter();
    while let Some(x) = it.next() {
        match x.as_str() {
            "--sizes" => {
                let v = it.next().context("--sizes needs a list")?;
                a.sizes = v
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .context("--sizes: numbers separated by commas")?;
            }
            "--runs" => a.runs = it.next().context("--runs needs a number")?.parse()?,
            "--skip-import" => a.import = false,
            "--skip-ui" => a.ui = false,
            "--gen-only" => a.gen_only = true,
            "--import-runs" => {
                a.import_runs = it.next().context("--import-runs needs a number")?.parse()?;
            }
            "--parts" => {
                let v = it.next().context("--parts needs a list")?;
                a.parts = v.split(',').map(|p| p.trim().to_string()).collect();
                if let Some(bad) = a.parts.iter().find(|p| !PARTS.contains(&p.as_str())) {
                    bail!("unknown part {bad}; parts: {}", PARTS.join(","));
                }
            }
            "--db" => a.db = Some(PathBuf::from(it.next().context("--db needs a file")?)),
            "--bench" => {}
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(a)
}

pub fn data_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"),
        PathBuf::from,
    );
    target.join("bench-data")
}

fn main() -> Result<()> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some("--child") {
        return ui::child(&raw[1..]);
    }
    let args = parse_args(&raw)?;
    shilian::i18n::set_lang(shilian::i18n::Lang::Zh);
    println!("# shilian scale benchmark (runs per figure: {})", args.runs);
    if let Some(db) = &args.db {
        if !db.is_file() {
            bail!("--db {}: no such file", db.display());
        }
        println!("\n## {}", db.display());
        if args.want("queries") {
            queries::run(db, args.runs)?;
        }
        if args.ui {
            ui::run(db, args.runs, &|p| args.want(p))?;
        }
        return Ok(());
    }
    for &n in &args.sizes {
        let db = data_dir().join(format!("cases-{n}.db"));
        let t0 = std::time::Instant::now();
        if generate::ensure(&db, n, today())? {
            let s = t0.elapsed().as_secs_f64();
            println!(
                "\n## generated {n} cases in {s:.1} s ({:.0} cases/s)",
                n as f64 / s
            );
        }
        if args.gen_only {
            continue;
        }
        println!("\n## {n} cases ({})", db.display());
        if args.want("queries") {
            queries::run(&db, args.runs)?;
        }
        if args.ui {
            ui::run(&db, args.runs, &|p| args.want(p))?;
        }
        if args.import && args.want("import") {
            queries::import(n, args.import_runs)?;
        }
    }
    Ok(())
}
