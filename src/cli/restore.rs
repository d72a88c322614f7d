//! `shilian restore PATH`: replace the database with a verified copy,
//! keeping the replaced one (see `store::restore`).

use super::common::{Env, shown};
use crate::i18n::tf;
use crate::store::restore;
use anyhow::Context;
use std::path::Path;

pub fn restore(env: &Env, copy: &Path) -> anyhow::Result<i32> {
    restore_from(env, copy, copy)
}

/// Restore from the plain file `copy`, naming it `named` (the encrypted
/// file it was decrypted from, or itself) in every message.
pub fn restore_from(env: &Env, copy: &Path, named: &Path) -> anyhow::Result<i32> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ").to_string();
    let done = restore::restore(&env.db, copy, &stamp, &env.policy, &env.procedures).with_context(
        || {
            tf(
                "cli.restore.refused",
                &[("path", shown(named)), ("db", shown(&env.db))],
            )
        },
    )?;
    println!(
        "{}",
        tf(
            "cli.restore.done",
            &[
                ("path", shown(named)),
                ("db", shown(&env.db)),
                ("cases", done.cases.to_string()),
                ("audit", done.audit_entries.to_string()),
            ]
        )
    );
    if let Some(kept) = &done.replaced {
        println!("{}", tf("cli.restore.kept", &[("path", shown(kept))]));
    }
    Ok(0)
}

/// Remove what a killed restore left beside the database, saying so on stderr.
pub fn report_leftovers(db: &Path) {
    for p in restore::clean_leftovers(db) {
        eprintln!("{}", tf("cli.restore.leftover", &[("path", shown(&p))]));
    }
}

/// Warn on stderr when the database file can be read by group or others
/// (issue 4: the file holds personal data and must stay private).
pub fn warn_if_exposed(db: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(db) else {
        return;
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o044 != 0 {
        eprintln!(
            "{}",
            tf(
                "cli.perm.exposed",
                &[("path", shown(db)), ("mode", format!("{mode:o}"))]
            )
        );
    }
}
