//! `shilian keygen`, and the encrypted forms of `backup` and `restore`
//! (`--to PUBKEY` / `--passphrase-file`, `--identity KEY`): a plain copy is
//! made in a private temporary directory, encrypted to its place, and
//! removed; a restore decrypts into such a directory and then goes through
//! the ordinary restore, which verifies.

use super::common::{Env, shown};
use crate::bundle::seal::{self, Lock, Unlock};
use crate::bundle::{PrivateDir, write_new};
use crate::i18n::tf;
use age::secrecy::ExposeSecret;
use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `KEY.pub` beside the secret key file.
pub fn public_path(secret: &Path) -> PathBuf {
    let mut p = secret.as_os_str().to_owned();
    p.push(".pub");
    PathBuf::from(p)
}

pub fn keygen(out: &Path) -> anyhow::Result<i32> {
    if out == Path::new("-") {
        return keygen_to_stdout();
    }
    let public = public_path(out);
    for p in [out, public.as_path()] {
        if p.exists() || p.symlink_metadata().is_ok() {
            bail!(tf("bundle.keygen.exists", &[("path", shown(p))]));
        }
    }
    let pair = seal::generate();
    let created = crate::store::now_utc();
    let text = seal::secret_file_text(&pair, &created);
    let cannot = || tf("bundle.keygen.cannot_write", &[("path", shown(out))]);
    write_new(out, |w| Ok(w.write_all(text.expose_secret().as_bytes())?)).with_context(cannot)?;
    write_new(&public, |w| Ok(writeln!(w, "{}", pair.public)?))
        .with_context(|| tf("bundle.keygen.cannot_write", &[("path", shown(&public))]))?;
    println!("{}", pair.public);
    eprintln!(
        "{}",
        tf(
            "bundle.keygen.done",
            &[("secret", shown(out)), ("public", shown(&public))]
        )
    );
    Ok(0)
}

/// `--out -`: as age-keygen, the key file's text (its comment line names the
/// public key) goes to standard output for a pipe into a protected place; no
/// file is written, the public key is also said on standard error.
fn keygen_to_stdout() -> anyhow::Result<i32> {
    let pair = seal::generate();
    let text = seal::secret_file_text(&pair, &crate::store::now_utc());
    let mut out = std::io::stdout().lock();
    out.write_all(text.expose_secret().as_bytes())?;
    out.flush()?;
    eprintln!(
        "{}",
        tf(
            "bundle.keygen.stdout",
            &[("public", pair.public.to_string())]
        )
    );
    Ok(0)
}

/// The lock of `--to` or `--passphrase-file` (None: neither, a plain copy).
pub fn lock(to: Option<&str>, passphrase: Option<&Path>) -> anyhow::Result<Option<Lock>> {
    Ok(match (to, passphrase) {
        (Some(k), _) => Some(Lock::Key(Box::new(seal::recipient(k)?))),
        (None, Some(p)) => Some(Lock::Passphrase(seal::passphrase(p)?)),
        (None, None) => None,
    })
}

/// The unlock of `--identity` or `--passphrase-file` (None: neither).
pub fn unlock(
    identity: Option<&Path>,
    passphrase: Option<&Path>,
) -> anyhow::Result<Option<Unlock>> {
    Ok(match (identity, passphrase) {
        (Some(k), _) => Some(Unlock::Key(Box::new(seal::identity(k)?))),
        (None, Some(p)) => Some(Unlock::Passphrase(seal::passphrase(p)?)),
        (None, None) => None,
    })
}

pub fn backup_sealed(env: &Env, dest: &Path, lock: &Lock) -> anyhow::Result<i32> {
    if dest.exists() || dest.symlink_metadata().is_ok() {
        bail!(tf("cli.backup.exists", &[("path", shown(dest))]));
    }
    let failed = || tf("cli.backup.failed", &[("path", shown(dest))]);
    let ws = env.open_read()?;
    let dir = PrivateDir::new().with_context(failed)?;
    let plain = dir.path().join("backup.db");
    ws.store().backup(&plain).with_context(failed)?;
    let mut input = std::fs::File::open(&plain).with_context(failed)?;
    write_new(dest, |w| Ok(seal::encrypt(lock, &mut input, w)?)).with_context(failed)?;
    println!("{}", tf("bundle.backup.done", &[("path", shown(dest))]));
    super::common::print_receipt(ws.store().receipt()?.as_deref());
    Ok(0)
}

pub fn restore_sealed(env: &Env, copy: &Path, unlock: &Unlock) -> anyhow::Result<i32> {
    let refused = || {
        tf(
            "cli.restore.refused",
            &[("path", shown(copy)), ("db", shown(&env.db))],
        )
    };
    let dir = PrivateDir::new().with_context(refused)?;
    let plain = dir.path().join("restore.db");
    let mut input = std::fs::File::open(copy)
        .with_context(|| tf("cli.read_failed", &[("path", shown(copy))]))
        .with_context(refused)?;
    write_new(&plain, |w| Ok(seal::decrypt(unlock, &mut input, w)?)).with_context(refused)?;
    super::restore::restore_from(env, &plain, copy)
}
