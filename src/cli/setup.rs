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

pub fn demo(env: &Env, cases: usize, force: bool) -> anyhow::Result<()> {
    let non_empty = std::fs::metadata(&env.db).is_ok_and(|m| m.len() > 0);
    if non_empty && !force {
        bail!(tf("cli.demo.exists", &[("path", shown(&env.db))]));
    }
    if non_empty {
        remove_db(&env.db)?;
    }
    let mut ws = env.open_or_create()?;
    let started = std::time::Instant::now();
    let summary = crate::demo::generate(&mut ws, cases, env.today)?;
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

pub fn import(env: &Env, file: &Path) -> anyhow::Result<i32> {
    let text = std::fs::read_to_string(file)
        .with_context(|| tf("cli.read_failed", &[("path", shown(file))]))?;
    let rows = match crate::import::parse(&text) {
        Ok(r) => r,
        Err(errors) => return Err(import_errors(file, &errors)),
    };
    let mut ws = env.open_or_create()?;
    match crate::import::import(&mut ws, &rows, env.today) {
        Ok(ids) => {
            let args = [("n", ids.len().to_string()), ("path", shown(file))];
            println!("{}", tf("cli.import.done", &args));
            Ok(0)
        }
        Err(errors) => Err(import_errors(file, &errors)),
    }
}

fn import_errors(file: &Path, errors: &[crate::import::RowError]) -> anyhow::Error {
    let mut msg = tf(
        "cli.import.failed",
        &[("path", shown(file)), ("n", errors.len().to_string())],
    );
    for e in errors {
        msg.push_str(&format!("\n  {e}"));
    }
    msg.push('\n');
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
        ascii: g.ascii,
        keymap_file: g.keymap.clone(),
        draft_path: std::path::PathBuf::from(draft),
    };
    crate::ui::run_terminal(ws, opts)?;
    Ok(0)
}
