//! `shilian keygen`, and the encrypted forms of `backup` and `restore`
//! (`--to PUBKEY` / `--passphrase-file`, `--identity KEY`): a plain copy is
//! made in a private temporary directory, encrypted to its place, and
//! removed; a restore decrypts into such a directory and then goes through
//! the ordinary restore, which verifies.

use super::common::{Env, shown};
use crate::bundle::seal::{self, Lock, Unlock};
use crate::bundle::sign::SignKey;
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

/// `keygen --out FILE`: an age key pair; with `--sign`, the unit's Ed25519
/// signing key pair instead (`bundle::sign`). Both as `FILE` (0600) and
/// `FILE.pub`, or the secret's text on standard output for `--out -`.
pub fn keygen(out: &Path, sign: bool) -> anyhow::Result<i32> {
    let created = crate::store::now_utc();
    let (text, public, fp) = if sign {
        let key = SignKey::generate()?;
        let p = key.public();
        (key.file_text(&created), p.text(), Some(p.fingerprint()))
    } else {
        let pair = seal::generate();
        (seal::secret_file_text(&pair, &created), pair.public, None)
    };
    if out == Path::new("-") {
        return keygen_to_stdout(&text, &public, fp.as_deref());
    }
    let public_file = public_path(out);
    for p in [out, public_file.as_path()] {
        if p.exists() || p.symlink_metadata().is_ok() {
            bail!(tf("bundle.keygen.exists", &[("path", shown(p))]));
        }
    }
    let cannot = || tf("bundle.keygen.cannot_write", &[("path", shown(out))]);
    write_new(out, |w| Ok(w.write_all(text.expose_secret().as_bytes())?)).with_context(cannot)?;
    write_new(&public_file, |w| Ok(writeln!(w, "{public}")?)).with_context(|| {
        tf(
            "bundle.keygen.cannot_write",
            &[("path", shown(&public_file))],
        )
    })?;
    println!("{public}");
    let done = match &fp {
        Some(fp) => tf(
            "bundle.keygen.done_sign",
            &[
                ("secret", shown(out)),
                ("public", shown(&public_file)),
                ("fp", fp.clone()),
            ],
        ),
        None => tf(
            "bundle.keygen.done",
            &[("secret", shown(out)), ("public", shown(&public_file))],
        ),
    };
    eprintln!("{done}");
    Ok(0)
}

/// `--out -`: as age-keygen, the key file's text (its comment line names the
/// public key) goes to standard output for a pipe into a protected place; no
/// file is written, the public key is also said on standard error.
fn keygen_to_stdout(
    text: &age::secrecy::SecretString,
    public: &str,
    fp: Option<&str>,
) -> anyhow::Result<i32> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.expose_secret().as_bytes())?;
    out.flush()?;
    let msg = match fp {
        Some(fp) => tf(
            "bundle.keygen.stdout_sign",
            &[("public", public.to_string()), ("fp", fp.to_string())],
        ),
        None => tf("bundle.keygen.stdout", &[("public", public.to_string())]),
    };
    eprintln!("{msg}");
    Ok(0)
}

/// Names the unit's signing key file when `--sign-key` is not given.
pub const SIGN_KEY_ENV: &str = "SHILIAN_SIGN_KEY";

/// The unit's signing key: `--sign-key FILE`, else `$SHILIAN_SIGN_KEY`,
/// else `sign_key` in the configuration; None: the export is unsigned.
pub fn sign_key(option: Option<&Path>) -> anyhow::Result<Option<SignKey>> {
    let path = option
        .map(Path::to_path_buf)
        .or_else(|| {
            std::env::var_os(SIGN_KEY_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(|| crate::config::installed().and_then(|c| c.sign_key.clone()));
    Ok(path.map(|p| SignKey::read(&p)).transpose()?)
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
