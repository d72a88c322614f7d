//! Whose signing key a unit's files must carry (issue 16): the database
//! keeps one pinned public key per unit (meta `sign_key:<unit>`), set by
//! `bundle trust add` (audited) or on the first signed file of the unit
//! it imports (trust on first use, recorded in that import's audit entry
//! and shown with the key's fingerprint). From then on every bundle or
//! handover file of the unit must be signed by that key: another key, or
//! no signature at all, is refused inside the importing transaction.
//! A unit without a pinned key may send unsigned files (a unit with only a
//! passphrase); they load, marked unsigned.

use super::Workspace;
use crate::bundle::sign::{self, Provenance, PublicKey, Signer, Trust};
use crate::i18n::tf;
use crate::store::{NewAudit, StoreError, Tx};
use serde::{Deserialize, Serialize};

const PIN_PREFIX: &str = "sign_key:";
const SIGNER_PREFIX: &str = "signer:";
pub const PIN_ACTION: &str = "trust_key";
pub const UNPIN_ACTION: &str = "untrust_key";

/// Why a file of a unit was refused, or a pin not changed (nothing written).
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("{}", tf("bundle.trust.wrong_signer", &[("unit", .unit.clone()), ("pinned", .pinned.clone()), ("found", .found.clone())]))]
    WrongSigner {
        unit: String,
        pinned: String,
        found: String,
    },
    #[error("{}", tf("bundle.trust.unsigned_pinned", &[("unit", .0.clone()), ("pinned", .1.clone())]))]
    UnsignedPinned(String, String),
    #[error("{}", tf("bundle.trust.already", &[("unit", .0.clone()), ("pinned", .1.clone())]))]
    AlreadyPinned(String, String),
    #[error("{}", tf("bundle.trust.not_pinned", &[("unit", .0.clone())]))]
    NotPinned(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn pin_key(unit: &str) -> String {
    format!("{PIN_PREFIX}{unit}")
}

fn shown(unit: &str) -> String {
    crate::domain::text::escape_line(unit).into_owned()
}

fn fp_of(public: &str) -> String {
    sign::fingerprint(public).unwrap_or_else(|| "?".into())
}

/// The provenance of a unit's slice, kept beside it (meta `signer:<unit>`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SliceSigner {
    /// The digest of the bundle the slice was loaded from.
    pub digest: String,
    #[serde(flatten)]
    pub provenance: Provenance,
}

/// Admit a file of `unit` signed by `signer` (checked by `sign::verify`)
/// inside `tx`: the pinned key must be the signer's; with none pinned, a
/// signed file pins its key and an unsigned one is let in as unsigned.
/// With `slice_digest`, the provenance is kept as that of the unit's slice.
pub fn admit(
    tx: &Tx<'_>,
    unit: &str,
    signer: &Signer,
    slice_digest: Option<&str>,
) -> Result<Provenance, TrustError> {
    let pinned = tx.meta_get(&pin_key(unit))?;
    let prov = match (signer, pinned) {
        (Signer::Unsigned, None) => Provenance::unsigned(),
        (Signer::Unsigned, Some(p)) => {
            return Err(TrustError::UnsignedPinned(shown(unit), fp_of(&p)));
        }
        (Signer::Signed(k), Some(p)) if PublicKey::from_text(&p).as_ref() == Some(k) => {
            Provenance {
                signer: Some(k.text()),
                fingerprint: Some(k.fingerprint()),
                trust: Trust::Pinned,
            }
        }
        (Signer::Signed(k), Some(p)) => {
            return Err(TrustError::WrongSigner {
                unit: shown(unit),
                pinned: fp_of(&p),
                found: k.fingerprint(),
            });
        }
        (Signer::Signed(k), None) => {
            tx.meta_set(&pin_key(unit), &k.text())?;
            Provenance {
                signer: Some(k.text()),
                fingerprint: Some(k.fingerprint()),
                trust: Trust::FirstUse,
            }
        }
    };
    if let Some(d) = slice_digest {
        let v = serde_json::to_string(&SliceSigner {
            digest: d.to_string(),
            provenance: prov.clone(),
        })
        .map_err(|e| StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
        tx.meta_set(&format!("{SIGNER_PREFIX}{unit}"), &v)?;
    }
    Ok(prov)
}

/// The provenance kept for the slice of `unit` loaded from `digest`
/// (None: not recorded, e.g. loaded by a version without signatures).
pub fn slice_signer(
    store: &crate::store::Store,
    unit: &str,
    digest: &str,
) -> Result<Option<Provenance>, StoreError> {
    Ok(store
        .meta_get(&format!("{SIGNER_PREFIX}{unit}"))?
        .and_then(|v| serde_json::from_str::<SliceSigner>(&v).ok())
        .filter(|s| s.digest == digest)
        .map(|s| s.provenance))
}

/// One pinned key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pin {
    pub unit: String,
    pub key: String,
    pub fingerprint: String,
}

/// Every pinned key, by unit.
pub fn pins(store: &crate::store::Store) -> Result<Vec<Pin>, StoreError> {
    Ok(store
        .meta_prefixed(PIN_PREFIX)?
        .into_iter()
        .filter_map(|(k, v)| {
            let unit = k.strip_prefix(PIN_PREFIX)?.to_string();
            Some(Pin {
                unit,
                fingerprint: fp_of(&v),
                key: v,
            })
        })
        .collect())
}

impl Workspace {
    /// Pin `key` as the signing key of `unit` (another key already pinned
    /// only with `replace`), in one transaction with its audit entry.
    /// Returns the fingerprint of the key it replaced.
    pub fn pin_key(
        &mut self,
        unit: &str,
        key: &PublicKey,
        replace: bool,
    ) -> Result<Option<String>, TrustError> {
        let user = self.user.clone();
        let tx = self.store.begin()?;
        let old = tx.meta_get(&pin_key(unit))?;
        if let Some(o) = &old
            && !replace
            && PublicKey::from_text(o).as_ref() != Some(key)
        {
            return Err(TrustError::AlreadyPinned(shown(unit), fp_of(o)));
        }
        tx.meta_set(&pin_key(unit), &key.text())?;
        let action = serde_json::json!({
            "action": PIN_ACTION,
            "unit": unit,
            "key": key.text(),
            "fingerprint": key.fingerprint(),
        });
        tx.append_audit(&NewAudit {
            user,
            case: None,
            action: action.to_string(),
            before: old.as_deref().map(fp_of).unwrap_or_default(),
            after: key.fingerprint(),
        })?;
        tx.commit()?;
        Ok(old.as_deref().map(fp_of))
    }

    /// Remove the pin of `unit` (its files may then come unsigned, and its
    /// next signed file pins its key); returns the removed key's fingerprint.
    pub fn unpin_key(&mut self, unit: &str) -> Result<String, TrustError> {
        let user = self.user.clone();
        let tx = self.store.begin()?;
        let Some(old) = tx.meta_get(&pin_key(unit))? else {
            return Err(TrustError::NotPinned(shown(unit)));
        };
        tx.meta_delete(&pin_key(unit))?;
        let fp = fp_of(&old);
        let action = serde_json::json!({
            "action": UNPIN_ACTION,
            "unit": unit,
            "key": old,
            "fingerprint": fp,
        });
        tx.append_audit(&NewAudit {
            user,
            case: None,
            action: action.to_string(),
            before: fp.clone(),
            after: String::new(),
        })?;
        tx.commit()?;
        Ok(fp)
    }
}
