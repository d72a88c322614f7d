//! Ed25519 signatures on bundles and handover files (issue 16): a unit's
//! signing key pair (`keygen --sign`), the signature a unit puts in the
//! header of what it exports, and its check on import (docs/FORMATS.md,
//! "Signatures"). age proves who may *read* a file; this proves who
//! *wrote* it: anyone with the department's public key can encrypt a
//! bundle, only the holder of the unit's secret signing key can sign one.
//!
//! Keys are bech32 text as age's are (a checksum catches a mistyped key
//! read over the phone): the public key `shiliansign1…`, the secret key
//! `SHILIAN-SIGN-SECRET-1…`. What is signed is not the file but a short
//! message binding the content kind, the recipient the file was encrypted
//! to and the digest of the body (`message`): a signature copied onto other
//! content, or a signed file re-encrypted to another recipient, fails.

use crate::i18n::{t, tf};
use age::secrecy::{ExposeSecret, SecretString};
use bech32::{FromBase32, ToBase32, Variant};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

const PUBLIC_HRP: &str = "shiliansign";
const SECRET_HRP: &str = "shilian-sign-secret-";
/// Prefix of every signed message: no signature made for another purpose
/// (or another version of this format) verifies as a bundle's.
const DOMAIN: &[u8] = b"shilian-bundle signature v1\n";
/// The recipient named in the signed message of a passphrase-encrypted file.
pub const PASSPHRASE: &str = "passphrase";

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("{}", tf("bundle.sign.bad_public_key", &[("key", .0.clone())]))]
    BadPublicKey(String),
    #[error("{}", tf("bundle.sign.bad_secret_key", &[("path", .0.clone())]))]
    BadSecretKey(String),
    /// The secret key file can be read by group or others.
    #[error("{}", tf("bundle.seal.key_exposed", &[("path", .0.clone()), ("mode", format!("{:o}", .1))]))]
    KeyExposed(String, u32),
    /// The header's signature fields are incomplete or not of their form.
    #[error("{}", tf("bundle.sign.malformed", &[("unit", .0.clone())]))]
    Malformed(String),
    /// The signature is not the signer's over this content and recipient.
    #[error("{}", tf("bundle.sign.bad_signature", &[("unit", .0.clone())]))]
    BadSignature(String),
    /// Signed for another recipient than the key that opened it.
    #[error("{}", tf("bundle.sign.other_recipient", &[("unit", .0.clone()), ("signed_for", .1.clone()), ("opened_by", .2.clone())]))]
    OtherRecipient(String, String, String),
    #[error("{}", t("bundle.sign.random"))]
    Random,
}

/// A unit's secret signing key (zeroed when dropped, by ed25519-dalek).
pub struct SignKey(SigningKey);

/// A signing public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// `shiliansign1…` itself, or a file holding exactly one (`FILE.pub`).
    pub fn parse(arg: &str) -> Result<PublicKey, SignError> {
        let arg = arg.trim();
        let bad = || SignError::BadPublicKey(crate::domain::text::escape_line(arg).into_owned());
        if let Some(k) = Self::from_text(arg) {
            return Ok(k);
        }
        let text = std::fs::read_to_string(arg).map_err(|_| bad())?;
        let mut keys = key_lines(&text);
        match (keys.next(), keys.next()) {
            (Some(k), None) => Self::from_text(k).ok_or_else(bad),
            _ => Err(bad()),
        }
    }

    /// The key's text `shiliansign1…`, nothing else.
    pub fn from_text(s: &str) -> Option<PublicKey> {
        let bytes = decode(s, PUBLIC_HRP)?;
        VerifyingKey::from_bytes(&bytes).ok().map(PublicKey)
    }

    pub fn text(&self) -> String {
        encode(PUBLIC_HRP, self.0.as_bytes())
    }

    /// What people compare (on the phone, on paper): the first 64 bits of
    /// the SHA-256 of the key, `xxxx-xxxx-xxxx-xxxx`.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(self.0.as_bytes())
    }
}

fn fingerprint_of(bytes: &[u8; 32]) -> String {
    let h = Sha256::digest(bytes);
    let hex = crate::store::digest::hex(&h[..8]);
    let groups: Vec<&str> = (0..4).filter_map(|i| hex.get(i * 4..i * 4 + 4)).collect();
    groups.join("-")
}

/// The fingerprint of a public key's text (None when it is not one).
pub fn fingerprint(public: &str) -> Option<String> {
    PublicKey::from_text(public).map(|k| k.fingerprint())
}

fn encode(hrp: &str, bytes: &[u8; 32]) -> String {
    // Infallible for these fixed, valid human-readable parts and 32 bytes.
    bech32::encode(hrp, bytes.to_base32(), Variant::Bech32).unwrap_or_default()
}

fn decode(s: &str, hrp: &str) -> Option<[u8; 32]> {
    let (found, data, variant) = bech32::decode(s).ok()?;
    if found != hrp || variant != Variant::Bech32 {
        return None;
    }
    Vec::<u8>::from_base32(&data).ok()?.try_into().ok()
}

fn key_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl SignKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<SignKey, SignError> {
        let mut seed = [0u8; 32];
        rand_core::RngCore::try_fill_bytes(&mut rand_core::OsRng, &mut seed)
            .map_err(|_| SignError::Random)?;
        let key = SigningKey::from_bytes(&seed);
        seed.fill(0);
        Ok(SignKey(key))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The key file's text: comments naming the public key, then the key.
    pub fn file_text(&self, created: &str) -> SecretString {
        let secret = encode(SECRET_HRP, &self.0.to_bytes()).to_uppercase();
        SecretString::from(format!(
            "# shilian signing key (Ed25519), created: {created}\n# public key: {}\n{secret}\n",
            self.public().text()
        ))
    }

    /// The secret key in `path` (written by `keygen --sign`); refused when
    /// group or others can read the file.
    pub fn read(path: &Path) -> Result<SignKey, SignError> {
        use std::os::unix::fs::PermissionsExt;
        let shown = path.display().to_string();
        let bad = || SignError::BadSecretKey(shown.clone());
        let mode = std::fs::metadata(path)
            .map_err(|_| bad())?
            .permissions()
            .mode()
            & 0o777;
        if mode & 0o077 != 0 {
            return Err(SignError::KeyExposed(shown, mode));
        }
        let text = SecretString::from(std::fs::read_to_string(path).map_err(|_| bad())?);
        let mut keys = key_lines(text.expose_secret());
        let (Some(k), None) = (keys.next(), keys.next()) else {
            return Err(bad());
        };
        let mut seed = decode(k, SECRET_HRP).ok_or_else(bad)?;
        let key = SigningKey::from_bytes(&seed);
        seed.fill(0);
        Ok(SignKey(key))
    }

    /// The header fields of a document of `content` with body digest
    /// `digest`, encrypted to `recipient`.
    pub fn seal(&self, content: &str, recipient: &str, digest: &str) -> Seal {
        let sig = self.0.sign(&message(content, recipient, digest));
        Seal {
            signer: self.public().text(),
            signature: crate::store::digest::hex(&sig.to_bytes()),
            recipient: recipient.to_string(),
        }
    }
}

/// A document's signature fields, as in its header.
#[derive(Clone, Debug, PartialEq)]
pub struct Seal {
    pub signer: String,
    /// 64 bytes, hex.
    pub signature: String,
    pub recipient: String,
}

/// What is signed: the purpose, the content kind, the recipient and the
/// body's digest, each on its own line. None of them holds a newline (the
/// kind is a constant, the recipient a key or `passphrase`, the digest hex).
pub fn message(content: &str, recipient: &str, digest: &str) -> Vec<u8> {
    let mut m = DOMAIN.to_vec();
    for part in [content, recipient, digest] {
        m.extend_from_slice(part.as_bytes());
        m.push(b'\n');
    }
    m
}

/// Who signed a document, once its signature is checked.
#[derive(Clone, Debug, PartialEq)]
pub enum Signer {
    Unsigned,
    Signed(PublicKey),
}

/// Check the signature fields of a document of `unit` (`content`, body
/// digest `digest`) opened by `recipient` (the public key of the identity
/// that decrypted it, or `passphrase`). Fields all absent: unsigned.
pub fn verify(
    unit: &str,
    content: &str,
    digest: &str,
    recipient: &str,
    fields: (Option<&str>, Option<&str>, Option<&str>),
) -> Result<Signer, SignError> {
    let unit = crate::domain::text::escape_line(unit).into_owned();
    let (signer, signature, signed_for) = match fields {
        (None, None, None) => return Ok(Signer::Unsigned),
        (Some(a), Some(b), Some(c)) => (a, b, c),
        _ => return Err(SignError::Malformed(unit)),
    };
    let key = PublicKey::from_text(signer).ok_or_else(|| SignError::Malformed(unit.clone()))?;
    let sig = hex64(signature).ok_or_else(|| SignError::Malformed(unit.clone()))?;
    let sig = ed25519_dalek::Signature::from_bytes(&sig);
    key.0
        .verify_strict(&message(content, signed_for, digest), &sig)
        .map_err(|_| SignError::BadSignature(unit.clone()))?;
    if signed_for != recipient {
        return Err(SignError::OtherRecipient(
            unit,
            crate::domain::text::escape_line(signed_for).into_owned(),
            recipient.to_string(),
        ));
    }
    Ok(Signer::Signed(key))
}

fn hex64(s: &str) -> Option<[u8; 64]> {
    if s.len() != 128 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut out = [0u8; 64];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// How a document's signer was known at import (kept with a slice, shown
/// by `bundle list`, recorded in the import's audit entry).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The signer's public key (`shiliansign1…`); None: unsigned.
    pub signer: Option<String>,
    pub fingerprint: Option<String>,
    pub trust: Trust,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trust {
    /// No signature (a unit without a signing key, or an older bundle),
    /// and no key pinned for the unit.
    Unsigned,
    /// Signed by the key pinned for the unit before this import.
    Pinned,
    /// Signed, and no key was pinned for the unit: this one is, from now on.
    FirstUse,
}

impl Trust {
    pub fn code(self) -> &'static str {
        match self {
            Trust::Unsigned => "unsigned",
            Trust::Pinned => "pinned",
            Trust::FirstUse => "first_use",
        }
    }
}

impl Provenance {
    pub fn unsigned() -> Provenance {
        Provenance {
            signer: None,
            fingerprint: None,
            trust: Trust::Unsigned,
        }
    }

    /// A table cell: the fingerprint, marked when pinned by this import.
    pub fn short(&self) -> String {
        match (&self.fingerprint, self.trust) {
            (None, _) => t("bundle.sign.shown_unsigned").to_string(),
            (Some(fp), Trust::FirstUse) => tf("bundle.sign.short_first_use", &[("fp", fp.clone())]),
            (Some(fp), _) => fp.clone(),
        }
    }

    /// One line for people: the fingerprint and how it was known.
    pub fn shown(&self) -> String {
        match &self.fingerprint {
            None => t("bundle.sign.shown_unsigned").to_string(),
            Some(fp) => tf(
                &format!("bundle.sign.shown_{}", self.trust.code()),
                &[("fp", fp.clone())],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_their_text() {
        let k = SignKey::generate().unwrap();
        let p = k.public();
        assert!(p.text().starts_with("shiliansign1"), "{}", p.text());
        assert_eq!(PublicKey::from_text(&p.text()), Some(p.clone()));
        let fp = p.fingerprint();
        assert_eq!(fp.len(), 19);
        assert_eq!(fp.matches('-').count(), 3);
        // A mistyped character fails the checksum.
        let mut typo = p.text().into_bytes();
        let last = typo.len() - 1;
        typo[last] = if typo[last] == b'q' { b'p' } else { b'q' };
        assert_eq!(
            PublicKey::from_text(std::str::from_utf8(&typo).unwrap()),
            None
        );
        let text = age::secrecy::ExposeSecret::expose_secret(&k.file_text("now")).to_string();
        assert!(text.contains("SHILIAN-SIGN-SECRET-1"), "{text}");
        assert!(text.contains(&p.text()));
    }

    #[test]
    fn a_signature_binds_content_recipient_and_digest() {
        let k = SignKey::generate().unwrap();
        let s = k.seal("register", "age1x", "ab");
        let f = |s: &Seal| {
            (
                Some(s.signer.clone()),
                Some(s.signature.clone()),
                Some(s.recipient.clone()),
            )
        };
        let v = |c: &str, d: &str, r: &str, s: &Seal| {
            let (a, b, c2) = f(s);
            verify("U", c, d, r, (a.as_deref(), b.as_deref(), c2.as_deref()))
        };
        assert_eq!(
            v("register", "ab", "age1x", &s).unwrap(),
            Signer::Signed(k.public())
        );
        assert!(matches!(
            v("register", "cd", "age1x", &s),
            Err(SignError::BadSignature(_))
        ));
        assert!(matches!(
            v("handover", "ab", "age1x", &s),
            Err(SignError::BadSignature(_))
        ));
        assert!(matches!(
            v("register", "ab", "age1y", &s),
            Err(SignError::OtherRecipient(..))
        ));
        let mut flipped = s.clone();
        flipped.signature.replace_range(
            0..1,
            if flipped.signature.starts_with('0') {
                "1"
            } else {
                "0"
            },
        );
        assert!(matches!(
            v("register", "ab", "age1x", &flipped),
            Err(SignError::BadSignature(_))
        ));
        let other = SignKey::generate().unwrap().seal("register", "age1x", "ab");
        let mut spliced = s.clone();
        spliced.signature = other.signature;
        assert!(matches!(
            v("register", "ab", "age1x", &spliced),
            Err(SignError::BadSignature(_))
        ));
        assert!(matches!(
            verify(
                "U",
                "register",
                "ab",
                "age1x",
                (Some(&s.signer), None, None)
            ),
            Err(SignError::Malformed(_))
        ));
        assert_eq!(
            verify("U", "register", "ab", "age1x", (None, None, None)).unwrap(),
            Signer::Unsigned
        );
    }
}
