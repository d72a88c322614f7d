//! age encryption at the edges (age-encryption.org/v1, the `age` crate):
//! X25519 key pairs for committees and departments, a passphrase for units
//! without keys. Streams in, streams out; every failure is a typed
//! `SealError` whose text comes from `data/lang/*.bundle.toml`.

use crate::i18n::{t, tf};
use age::secrecy::{ExposeSecret, SecretString};
use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

/// Whom a file is encrypted to.
pub enum Lock {
    Key(Box<age::x25519::Recipient>),
    Passphrase(SecretString),
}

/// What opens a file.
pub enum Unlock {
    Key(Box<age::x25519::Identity>),
    Passphrase(SecretString),
}

impl Lock {
    /// Whom a signature names as the recipient: the age public key
    /// (`age1…`), or `passphrase` (`bundle::sign`).
    pub fn recipient(&self) -> String {
        match self {
            Lock::Key(r) => r.to_string(),
            Lock::Passphrase(_) => crate::bundle::sign::PASSPHRASE.to_string(),
        }
    }
}

impl Unlock {
    /// The recipient this unlock opens, as `Lock::recipient` names it.
    pub fn recipient(&self) -> String {
        match self {
            Unlock::Key(id) => id.to_public().to_string(),
            Unlock::Passphrase(_) => crate::bundle::sign::PASSPHRASE.to_string(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// Encrypted to another key (or the key file is the wrong one).
    #[error("{}", t("bundle.seal.not_for_key"))]
    NotForThisKey,
    #[error("{}", t("bundle.seal.wrong_passphrase"))]
    WrongPassphrase,
    /// Encrypted with a passphrase, opened with a key (or the reverse).
    #[error("{}", t("bundle.seal.needs_passphrase"))]
    NeedsPassphrase,
    #[error("{}", t("bundle.seal.needs_key"))]
    NeedsKey,
    /// Not an age file at all.
    #[error("{}", t("bundle.seal.not_encrypted"))]
    NotEncrypted,
    /// Changed or cut short after it was written.
    #[error("{}", tf("bundle.seal.damaged", &[("detail", .0.clone())]))]
    Damaged(String),
    #[error("{}", tf("bundle.seal.bad_public_key", &[("key", .0.clone())]))]
    BadPublicKey(String),
    #[error("{}", tf("bundle.seal.bad_secret_key", &[("path", .0.clone())]))]
    BadSecretKey(String),
    /// The secret key file can be read by group or others.
    #[error("{}", tf("bundle.seal.key_exposed", &[("path", .0.clone()), ("mode", format!("{:o}", .1))]))]
    KeyExposed(String, u32),
    #[error("{}", tf("bundle.seal.bad_passphrase_file", &[("path", .0.clone())]))]
    BadPassphraseFile(String),
    #[error("{}", tf("bundle.seal.io", &[("detail", .0.to_string())]))]
    Io(#[from] std::io::Error),
}

/// A new key pair: the secret as age writes it, the public key `age1…`.
pub struct KeyPair {
    pub secret: SecretString,
    pub public: String,
}

pub fn generate() -> KeyPair {
    let id = age::x25519::Identity::generate();
    KeyPair {
        secret: id.to_string(),
        public: id.to_public().to_string(),
    }
}

/// The key file's text: comments as `age-keygen` writes them, then the key.
pub fn secret_file_text(pair: &KeyPair, created: &str) -> SecretString {
    SecretString::from(format!(
        "# created: {created}\n# public key: {}\n{}\n",
        pair.public,
        pair.secret.expose_secret()
    ))
}

/// The lines of a key file that are not comments or blank.
fn key_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// `age1…` itself, or a file holding it (the department's `.pub` file).
pub fn recipient(arg: &str) -> Result<age::x25519::Recipient, SealError> {
    let arg = arg.trim();
    if let Ok(r) = age::x25519::Recipient::from_str(arg) {
        return Ok(r);
    }
    let bad = || SealError::BadPublicKey(crate::domain::text::escape_line(arg).into_owned());
    let text = std::fs::read_to_string(arg).map_err(|_| bad())?;
    let mut keys = key_lines(&text);
    match (keys.next(), keys.next()) {
        (Some(k), None) => age::x25519::Recipient::from_str(k).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// The secret key in `path` (a file written by `keygen` or `age-keygen`).
/// A key file group or others can read is refused (keygen writes 0600;
/// the public `FILE.pub` may be 0644, it is never read here).
pub fn identity(path: &Path) -> Result<age::x25519::Identity, SealError> {
    use std::os::unix::fs::PermissionsExt;
    let bad = || SealError::BadSecretKey(path.display().to_string());
    let mode = std::fs::metadata(path)
        .map_err(|_| bad())?
        .permissions()
        .mode()
        & 0o777;
    if mode & 0o077 != 0 {
        return Err(SealError::KeyExposed(path.display().to_string(), mode));
    }
    let text = std::fs::read_to_string(path).map_err(|_| bad())?;
    let mut keys = key_lines(&text);
    match (keys.next(), keys.next()) {
        (Some(k), None) => age::x25519::Identity::from_str(k).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// The passphrase: the first line of `path`, without its line end; empty refused.
pub fn passphrase(path: &Path) -> Result<SecretString, SealError> {
    let bad = || SealError::BadPassphraseFile(path.display().to_string());
    let text = std::fs::read_to_string(path).map_err(|_| bad())?;
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(bad());
    }
    Ok(SecretString::from(line.to_string()))
}

/// Encrypt all of `input` to `out`.
pub fn encrypt(lock: &Lock, input: &mut dyn Read, out: &mut dyn Write) -> Result<(), SealError> {
    let enc = match lock {
        Lock::Key(r) => {
            let r: &dyn age::Recipient = r.as_ref();
            age::Encryptor::with_recipients(std::iter::once(r))
                .map_err(|e| SealError::Io(std::io::Error::other(e.to_string())))?
        }
        Lock::Passphrase(p) => age::Encryptor::with_user_passphrase(p.clone()),
    };
    let mut w = enc.wrap_output(out)?;
    std::io::copy(input, &mut w)?;
    w.finish()?;
    Ok(())
}

/// Decrypt all of `input` to `out`. A file changed or cut short fails
/// while reading (the age stream authenticates every chunk and its end):
/// whatever reached `out` must then be thrown away by the caller.
pub fn decrypt(
    unlock: &Unlock,
    input: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<(), SealError> {
    // age's own parser reports a short foreign file as an I/O error: look
    // at the magic line first so that one is named for what it is.
    const MAGIC: &[u8] = b"age-encryption.org/v1\n";
    let mut head = Vec::with_capacity(MAGIC.len());
    input.take(MAGIC.len() as u64).read_to_end(&mut head)?;
    if head != MAGIC {
        return Err(SealError::NotEncrypted);
    }
    let mut input = std::io::Cursor::new(head).chain(input);
    let dec = age::Decryptor::new(&mut input as &mut dyn Read).map_err(header_error)?;
    let mut reader = match (unlock, dec.is_scrypt()) {
        (Unlock::Key(_), true) => return Err(SealError::NeedsPassphrase),
        (Unlock::Passphrase(_), false) => return Err(SealError::NeedsKey),
        (Unlock::Key(id), false) => {
            let id: &dyn age::Identity = id.as_ref();
            dec.decrypt(std::iter::once(id)).map_err(key_error)?
        }
        (Unlock::Passphrase(p), true) => {
            let id = age::scrypt::Identity::new(p.clone());
            dec.decrypt(std::iter::once(&id as &dyn age::Identity))
                .map_err(|e| match e {
                    age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                        SealError::WrongPassphrase
                    }
                    other => key_error(other),
                })?
        }
    };
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(SealError::Damaged(e.to_string())),
        };
        out.write_all(&buf[..n])?;
    }
    out.flush()?;
    Ok(())
}

fn header_error(e: age::DecryptError) -> SealError {
    match e {
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => {
            SealError::NotEncrypted
        }
        other => SealError::Damaged(other.to_string()),
    }
}

fn key_error(e: age::DecryptError) -> SealError {
    match e {
        age::DecryptError::NoMatchingKeys => SealError::NotForThisKey,
        other => SealError::Damaged(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (Lock, Unlock) {
        let id = age::x25519::Identity::generate();
        (
            Lock::Key(Box::new(id.to_public())),
            Unlock::Key(Box::new(id)),
        )
    }

    #[test]
    fn round_trip_and_refusals() {
        let (lock, unlock) = pair();
        let mut sealed = Vec::new();
        encrypt(&lock, &mut &b"hello register"[..], &mut sealed).unwrap();
        let mut plain = Vec::new();
        decrypt(&unlock, &mut &sealed[..], &mut plain).unwrap();
        assert_eq!(plain, b"hello register");

        let (_, other) = pair();
        let e = decrypt(&other, &mut &sealed[..], &mut Vec::new()).unwrap_err();
        assert!(matches!(e, SealError::NotForThisKey), "{e:?}");

        let mut bad = sealed.clone();
        let last = bad.len() - 3;
        bad[last] ^= 1;
        let e = decrypt(&unlock, &mut &bad[..], &mut Vec::new()).unwrap_err();
        assert!(matches!(e, SealError::Damaged(_)), "{e:?}");

        let cut = &sealed[..sealed.len() - 5];
        let e = decrypt(&unlock, &mut &cut[..], &mut Vec::new()).unwrap_err();
        assert!(matches!(e, SealError::Damaged(_)), "{e:?}");

        let e = decrypt(&unlock, &mut &b"not age"[..], &mut Vec::new()).unwrap_err();
        assert!(matches!(e, SealError::NotEncrypted), "{e:?}");
    }
}
