//! `shilian` (the workstation), `init`, `demo`, `import`.

use super::Global;
use super::common::{Env, shown};
use crate::i18n::{label, t, tf};
use anyhow::{Context, bail};
use std::path::Path;

pub fn init(env: &Env) -> anyhow::Result<i32> {
    let existed = env.db.exists();
    let ws = env.open_or_create()?;
    let n: u64 = ws.status_counts()?.iter().map(|(_, n)| n).sum();
    let key = if existed {
        "cli.init.exists"
    } else {
        "cli.init.created"
    };
    println!(
        "{}",
        tf(key, &[("path", shown(&env.db)), ("n", n.to_string())])
    );
    Ok(0)
}

/// Remove a database file and its WAL/SHM companions.
fn remove_db(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let p = std::path::PathBuf::from(p);
        if p.exists() {
            std::fs::remove_file(&p)
                .with_context(|| tf("cli.demo.cannot_remove", &[("path", shown(&p))]))?;
        }
    }
    Ok(())
}

pub fn demo(env: &Env, cases: usize, force: bool, seed: u64) -> anyhow::Result<()> {
    let non_empty = std::fs::metadata(&env.db).is_ok_and(|m| m.len() > 0);
    if non_empty && !force {
        bail!(tf("cli.demo.exists", &[("path", shown(&env.db))]));
    }
    if non_empty {
        remove_db(&env.db)?;
    }
    let mut ws = env.open_or_create()?;
    let started = std::time::Instant::now();
    let summary = crate::demo::generate_seeded(&mut ws, cases, env.today, seed)?;
    let counts: Vec<String> = ws
        .status_counts()?
        .into_iter()
        .map(|(s, n)| format!("{} {n}", label(s.label_key())))
        .collect();
    println!(
        "{}",
        tf(
            "cli.demo.done",
            &[
                ("path", shown(&env.db)),
                ("n", summary.cases.to_string()),
                ("actions", summary.actions.to_string()),
                ("secs", format!("{:.1}", started.elapsed().as_secs_f64())),
            ]
        )
    );
    println!("  {}", counts.join("  "));
    Ok(())
}

/// `shilian import FILE [--dry-run] [--committee NAME]`: read, preview
/// every problem, then write all rows or nothing. With `--dry-run` only the
/// preview is printed (exit 1 when it found problems).
pub fn import(
    env: &Env,
    file: &Path,
    dry_run: bool,
    opts: &crate::import::Options,
) -> anyhow::Result<i32> {
    let parsed = crate::import::read_file_with(file, opts)
        .map_err(|m| anyhow::anyhow!("{m}\n{}", t("cli.exec.nothing_changed")))?;
    if dry_run {
        return dry_run_import(env, file, parsed);
    }
    let mut ws = env.open_or_create()?;
    ws.writable()?;
    let preview = crate::import::preview(&ws, parsed, env.today);
    if !preview.problems.is_empty() {
        return Err(import_errors(file, &preview));
    }
    if preview.rows.is_empty() {
        bail!(tf("import.empty", &[("path", shown(file))]));
    }
    match crate::import::write_rows(&mut ws, &preview.rows, env.today) {
        Ok(ids) => {
            print!("{}", preview_text(file, &preview));
            let args = [("n", ids.len().to_string()), ("path", shown(file))];
            println!("{}", tf("cli.import.done", &args));
            Ok(0)
        }
        Err(errors) => Err(import_errors(file, &preview.with_problems(errors))),
    }
}

/// The preview only. Without a database yet, the rules run against a
/// scratch one in the temp directory, removed afterwards: nothing is written.
fn dry_run_import(env: &Env, file: &Path, parsed: crate::import::Parsed) -> anyhow::Result<i32> {
    let scratch = (!env.db.exists())
        .then(|| std::env::temp_dir().join(format!("shilian-dry-run-{}.db", std::process::id())));
    let preview = match &scratch {
        Some(p) => {
            let ws = crate::app::Workspace::open(p, env.policy.clone(), env.procedures.clone())?;
            let preview = crate::import::preview(&ws, parsed, env.today);
            drop(ws);
            remove_db(p)?;
            preview
        }
        None => crate::import::preview(&env.open_read()?, parsed, env.today),
    };
    print!("{}", preview_text(file, &preview));
    let (key, code) = if !preview.problems.is_empty() {
        ("import.dry_run_problems", 1)
    } else if preview.rows.is_empty() {
        ("import.dry_run_empty", 1)
    } else {
        ("import.dry_run_clean", 0)
    };
    println!("{}", t(key));
    Ok(code)
}

/// The preview as text: the counts, every problem, then the notes.
fn preview_text(file: &Path, p: &crate::import::Preview) -> String {
    let args = [
        ("path", shown(file)),
        ("total", p.total.to_string()),
        ("ok", p.ok_rows().to_string()),
        ("bad", p.bad_rows.to_string()),
        ("n", p.problems.len().to_string()),
    ];
    let mut s = tf("import.preview", &args);
    s.push('\n');
    if !p.problems.is_empty() {
        s.push_str(t("import.problems"));
        s.push('\n');
        for e in &p.problems {
            s.push_str(&format!("  {e}\n"));
        }
    }
    if !p.notes.is_empty() {
        s.push_str(t("import.notes"));
        s.push('\n');
        for n in &p.notes {
            s.push_str(&format!("  {n}\n"));
        }
    }
    s
}

fn import_errors(file: &Path, p: &crate::import::Preview) -> anyhow::Error {
    let mut msg = tf(
        "cli.import.failed",
        &[("path", shown(file)), ("n", p.problems.len().to_string())],
    );
    msg.push('\n');
    msg.push_str(&preview_text(file, p));
    msg.push_str(t("cli.exec.nothing_changed"));
    anyhow::anyhow!(msg)
}

/// The full-screen workstation.
pub fn open_workstation(env: &Env, g: &Global) -> anyhow::Result<i32> {
    let ws = env.open()?;
    let mut draft = env.db.as_os_str().to_owned();
    draft.push(".draft.json");
    let opts = crate::ui::UiOptions {
        today: env.today,
        theme: crate::ui::ThemeChoice::detect(g.no_color),
        ascii: g.ascii || crate::ui::ThemeChoice::plain_term(),
        keymap_file: g.keymap.clone(),
        draft_path: std::path::PathBuf::from(draft),
    };
    crate::ui::run_terminal(ws, opts)?;
    Ok(0)
}
