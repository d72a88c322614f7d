//! What binds the data to the history and the history to the outside:
//! the digest of a case's whole state (every field and child record, from
//! the canonical JSON of the `Case` as the store loads it, so a field added
//! to the model is covered without touching this file), the optional key
//! that makes the audit hash a MAC (HMAC-SHA256 over each entry's chain
//! hash), and the short receipt naming the chain's head.

use crate::domain::model::Case;
use sha2::{Digest, Sha256};
use std::sync::RwLock;

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

/// SHA-256 of the case's canonical form: its JSON (serde field order, the
/// records in the order `load_case` gives them), as raw bytes.
pub fn state_bytes(case: &Case) -> [u8; 32] {
    let mut h = Sha256::new();
    // Writing into a hasher cannot fail; a model that cannot serialise
    // would hash as empty and be reported by `verify` as changed.
    let _ = serde_json::to_writer(HashWriter(&mut h), case);
    h.finalize().into()
}

/// The state digest as stored in `audit.state` (hex).
pub fn state(case: &Case) -> String {
    hex(&state_bytes(case))
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The key of this process (from `--key-file`, `$SHILIAN_KEY_FILE` or the
/// configuration), read once at start by the command line.
static KEY: RwLock<Option<Vec<u8>>> = RwLock::new(None);

/// Install (or clear) the audit key for every store this process opens.
pub fn set_key(key: Option<Vec<u8>>) {
    if let Ok(mut k) = KEY.write() {
        *k = key;
    }
}

/// The installed key, if any.
pub fn key() -> Option<Vec<u8>> {
    KEY.read().ok().and_then(|k| k.clone())
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`, hex.
pub fn mac(key: &[u8], msg: &[u8]) -> String {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    hex(&Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize())
}

/// Hex digits of the head's hash a receipt carries (64 bits: a rewritten
/// chain matching them by chance takes about 2^64 tries).
pub const RECEIPT_HEX: usize = 16;

/// The chain head as a short receipt: `<seq>-<first 16 hex of its hash>`.
pub fn receipt(seq: i64, hash: &str) -> String {
    let n = hash.len().min(RECEIPT_HEX);
    format!("{seq}-{}", &hash[..n])
}

/// A receipt's seq and hash prefix, if it is well formed.
pub fn parse_receipt(r: &str) -> Option<(i64, String)> {
    let (seq, h) = r.trim().trim_start_matches('#').split_once(['-', ':'])?;
    let seq: i64 = seq.parse().ok().filter(|s| *s >= 1)?;
    let h = h.to_ascii_lowercase();
    let ok = h.len() >= 8 && h.len() <= 64 && h.chars().all(|c| c.is_ascii_hexdigit());
    ok.then_some((seq, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let m = mac(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            m,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn receipts_round_trip_and_junk_is_refused() {
        let r = receipt(42, "00ff11ee22dd33cc44bb55aa66998877");
        assert_eq!(r, "42-00ff11ee22dd33cc");
        assert_eq!(parse_receipt(&r), Some((42, "00ff11ee22dd33cc".into())));
        assert_eq!(parse_receipt("#42:00FF11EE"), Some((42, "00ff11ee".into())));
        for bad in ["", "42", "0-00ff11ee", "x-00ff11ee", "42-xyz", "42-00ff"] {
            assert_eq!(parse_receipt(bad), None, "{bad}");
        }
    }
}
