//! The append-only, hash-chained audit log. Triggers refuse UPDATE and
//! DELETE; each row's hash covers the previous row's hash, so a changed or
//! removed row breaks the chain from that point on (`verify`).

use super::{AuditEntry, NewAudit, Result, StoreError};
use crate::domain::model::CaseId;
use rusqlite::{Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};

/// The store's only clock read: UTC time stamp for audit rows and the
/// created/updated columns.
pub fn now_utc() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Fields of one audit row that the hash covers.
pub struct Link<'a> {
    pub prev_hash: &'a str,
    pub seq: i64,
    pub at: &'a str,
    pub user: &'a str,
    pub case: Option<CaseId>,
    pub action: &'a str,
    pub before: &'a str,
    pub after: &'a str,
    /// The seq this entry corrects (schema 4); None for every other entry.
    pub corrects: Option<i64>,
    /// Digest of the case's state after the entry (schema 6; of the
    /// per-case digests for a bulk import); None on older entries.
    pub state: Option<&'a str>,
}

/// sha256 over prev_hash, seq, at, user, case, action, before, after, each
/// followed by the unit separator 0x1F (so fields cannot shift into each
/// other); lower-case hex. An empty case is the empty string. A correction
/// adds "corrects=N" and a separator; other entries hash as before schema 4.
pub fn hash(l: &Link) -> String {
    let case = l.case.map(|c| c.to_string()).unwrap_or_default();
    let seq = l.seq.to_string();
    let mut h = Sha256::new();
    for f in [
        l.prev_hash,
        &seq,
        l.at,
        l.user,
        &case,
        l.action,
        l.before,
        l.after,
    ] {
        h.update(f.as_bytes());
        h.update([0x1f]);
    }
    if let Some(n) = l.corrects {
        h.update(format!("corrects={n}").as_bytes());
        h.update([0x1f]);
    }
    if let Some(s) = l.state {
        h.update(format!("state={s}").as_bytes());
        h.update([0x1f]);
    }
    super::digest::hex(&h.finalize())
}

/// The last entry's seq, hash and MAC, if any.
pub(super) fn head(conn: &Connection) -> Result<Option<(i64, String, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT seq, hash, mac FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?)
}

/// The chain head as a receipt (`seq-hash16`), None for an empty log.
pub fn receipt(conn: &Connection) -> Result<Option<String>> {
    Ok(head(conn)?.map(|(seq, hash, _)| super::digest::receipt(seq, &hash)))
}

/// A keyed log stays keyed: with no key, an append after an entry carrying
/// a MAC is refused; with a key, one whose last MAC it does not reproduce
/// (another key) is refused too, so the chain never mixes keys.
fn check_key(key: Option<&[u8]>, last: &Option<(i64, String, Option<String>)>) -> Result<()> {
    let Some((_, hash, Some(mac))) = last else {
        return Ok(());
    };
    match key {
        None => Err(StoreError::Key(
            crate::i18n::t("store.key_needed").to_string(),
        )),
        Some(k) if super::digest::mac(k, hash.as_bytes()) != *mac => Err(StoreError::Key(
            crate::i18n::t("store.key_mismatch").to_string(),
        )),
        Some(_) => Ok(()),
    }
}

/// Append `e`; `corrects` names the earlier entry it corrects, if any;
/// `state` is the digest of the case's state after it. With a key
/// installed, the entry also gets its MAC.
pub fn append(
    conn: &Connection,
    e: &NewAudit,
    corrects: Option<i64>,
    state: Option<&str>,
) -> Result<i64> {
    let last = head(conn)?;
    let key = super::digest::key();
    check_key(key.as_deref(), &last)?;
    let (prev_seq, prev_hash) = last.map(|(s, h, _)| (s, h)).unwrap_or((0, String::new()));
    let seq = prev_seq + 1;
    let at = now_utc();
    let h = hash(&Link {
        prev_hash: &prev_hash,
        seq,
        at: &at,
        user: &e.user,
        case: e.case,
        action: &e.action,
        before: &e.before,
        after: &e.after,
        corrects,
        state,
    });
    let mac = key.map(|k| super::digest::mac(&k, h.as_bytes()));
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, user, case_id, action, before, after, prev_hash, hash,
           corrects, state, mac) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(rusqlite::params![
        seq, at, e.user, e.case, e.action, e.before, e.after, prev_hash, h, corrects, state, mac
    ])?;
    Ok(seq)
}

pub const COLS: &str = "seq, at, user, case_id, action, before, after, hash, corrects";

pub fn read(r: &Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        user: r.get(2)?,
        case: r.get(3)?,
        action: r.get(4)?,
        before: r.get(5)?,
        after: r.get(6)?,
        hash: r.get(7)?,
        corrects: r.get(8)?,
    })
}

pub fn list(conn: &Connection, case: Option<CaseId>) -> Result<Vec<AuditEntry>> {
    let rows = match case {
        Some(c) => {
            // A bulk import logs one entry (no case) naming the consecutive
            // ids it created: it belongs to each of those cases' history.
            let mut st = conn.prepare_cached(&format!(
                "SELECT {COLS} FROM audit WHERE case_id = ?1
                 UNION ALL
                 SELECT {COLS} FROM audit WHERE case_id IS NULL AND after <> ''
                 AND json_valid(action) AND json_extract(action, '$.action') = 'import'
                 AND ?1 BETWEEN json_extract(action, '$.first') AND json_extract(action, '$.last')
                 ORDER BY seq"
            ))?;
            st.query_map([c], read)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        }
        None => {
            let mut st = conn.prepare_cached(&format!("SELECT {COLS} FROM audit ORDER BY seq"))?;
            st.query_map([], read)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    Ok(rows)
}

/// One entry by seq, if it exists.
pub fn entry(conn: &Connection, seq: i64) -> Result<Option<AuditEntry>> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLS} FROM audit WHERE seq = ?1"))?
        .query_row([seq], read)
        .optional()?)
}

/// A case's entries after `seq`, oldest first.
pub fn since(conn: &Connection, case: CaseId, seq: i64) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM audit WHERE case_id = ?1 AND seq > ?2 ORDER BY seq"
    ))?;
    Ok(st
        .query_map([case, seq], read)?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

impl AuditEntry {
    /// "corrects #N: note" for an entry of a `correct` action, in the
    /// current language; None for every other entry.
    pub fn correction_text(&self) -> Option<String> {
        let seq = self.corrects?;
        let note = serde_json::from_str::<serde_json::Value>(&self.action)
            .ok()
            .and_then(|v| v.get("note").and_then(|n| n.as_str()).map(str::to_string))
            .unwrap_or_default();
        Some(crate::i18n::tf(
            "store.corrects",
            &[("seq", seq.to_string()), ("note", note)],
        ))
    }
}
