//! Compiling a province (issue 16, scale): UNITS register bundles of
//! MEMBERS members each, encrypted to one key, imported into one fresh
//! compiled database (decrypt, check digest and counts, validate, bulk
//! load, one audit entry per bundle), all in one `load_slices` call as
//! `bundle import FILE…` does; `--each` imports them one call per file
//! instead (one transaction and one bulk load each, the way before
//! issue 16's scale step). The bundles are made first (members
//! from the demo's generator, all different) under
//! `target/bench-data/compile-UxM/`, reused when present; only the import
//! is timed. Never part of `cargo test`.
//!
//! cargo bench --bench compile -- [--units 500] [--members 2000] [--each]

use anyhow::{Context, Result};
use chrono::NaiveDate;
use shilian::app::Workspace;
use shilian::bundle::payload::{self, Body, Kind, RegisterLine};
use shilian::bundle::seal::{self, Lock, Unlock};
use shilian::demo::{people, rng::Rng, scenario};
use shilian::domain::model::Status;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 15).unwrap_or_default()
}

fn arg(raw: &[String], name: &str, default: usize) -> Result<usize> {
    match raw.iter().position(|a| a == name) {
        Some(i) => Ok(raw.get(i + 1).context("value")?.parse()?),
        None => Ok(default),
    }
}

fn make_bundles(dir: &Path, units: usize, members: usize) -> Result<Vec<PathBuf>> {
    let key = dir.join("dept.key");
    let done = dir.join("complete");
    let files: Vec<PathBuf> = (0..units)
        .map(|u| dir.join(format!("u{u:04}.bundle")))
        .collect();
    if done.exists() {
        return Ok(files);
    }
    std::fs::create_dir_all(dir)?;
    let id = age::x25519::Identity::generate();
    let pair = seal::KeyPair {
        secret: id.to_string(),
        public: id.to_public().to_string(),
    };
    use age::secrecy::ExposeSecret;
    let text = seal::secret_file_text(&pair, "bench");
    let _ = std::fs::remove_file(&key);
    shilian::bundle::write_new(&key, |w| Ok(w.write_all(text.expose_secret().as_bytes())?))?;
    let lock = Lock::Key(Box::new(id.to_public()));
    let mut used = HashSet::new();
    let started = Instant::now();
    for (u, f) in files.iter().enumerate() {
        let mut lines = Vec::with_capacity(members);
        for i in 0..members {
            let mut rng =
                Rng::new(0x5348_4c4e ^ ((u * members + i) as u64).wrapping_mul(0x9E37_79B9));
            let kind = scenario::Kind::Lost;
            let shape = scenario::shape(kind, &mut rng, today());
            let mut member = people::member(&mut rng, &mut used, &shape);
            member.committee = format!("第{u}基层党委");
            lines.push(RegisterLine {
                status_since: member.last_contact,
                member,
                status: Status::Lost,
                next_due: None,
                next_kind: None,
            });
        }
        let (total, branches) =
            payload::counts(lines.iter().map(|l| (&l.member, l.status))).context("counts")?;
        let body = Body {
            marking: shilian::papers::MARKING.to_string(),
            kind: Kind::Register,
            unit: format!("单位{u:04}"),
            exported_at: "2026-05-15T08:00:00.000Z".into(),
            today: today(),
            chain_head: None,
            total,
            branches,
            members: lines,
            cases: vec![],
        };
        let plain = payload::write(&body)?;
        let _ = std::fs::remove_file(f);
        shilian::bundle::write_new(f, |w| Ok(seal::encrypt(&lock, &mut &plain[..], w)?))?;
    }
    eprintln!(
        "made {units} bundles of {members} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    std::fs::write(&done, b"")?;
    Ok(files)
}

fn main() -> Result<()> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let units = arg(&raw, "--units", 500)?;
    let members = arg(&raw, "--members", 2000)?;
    let root = PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()))
        .join("bench-data")
        .join(format!("compile-{units}x{members}"));
    let files = make_bundles(&root, units, members)?;
    let unlock = Unlock::Key(Box::new(seal::identity(&root.join("dept.key"))?));
    let db = root.join("dept.db");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
    let mut ws = Workspace::open(&db, Policy::embedded(), Procedures::embedded())?;
    let each = raw.iter().any(|a| a == "--each");
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let started = Instant::now();
    if each {
        for (f, name) in files.iter().zip(&names) {
            ws.import_files(std::slice::from_ref(f), &unlock)
                .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        }
    } else {
        ws.import_files(&files, &unlock)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let total = started.elapsed().as_secs_f64();
    let how = if each {
        "one call per bundle"
    } else {
        "one import"
    };
    println!(
        "| import {units} bundles x {members} members ({} cases), {how} | {total:.1} s |",
        units * members
    );
    println!(
        "cases in the compiled database: {}",
        ws.store().case_total()?
    );
    Ok(())
}
