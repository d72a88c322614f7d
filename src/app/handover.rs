//! Handing one case over to another committee's database (issue 16 item
//! 5). The sender records a `handover_out` entry binding the case's state,
//! marks the case read-only with where it went, and writes the file inside
//! the same transaction (no file without the record, no record without the
//! file). The receiver checks every carried audit row's hash, that the
//! last one is the sender's `handover_out` binding exactly the case
//! carried, refuses an ID number it already holds, inserts the case with
//! all its records under new ids, and records a `handover_in` entry.

use super::Workspace;
use crate::bundle::handover::Handover;
use crate::domain::deadline;
use crate::domain::model::{Case, CaseId};
use crate::i18n::tf;
use crate::papers::MARKING;
use crate::store::{AuditRow, Handed, NewAudit, StoreError};
use std::path::PathBuf;

pub const OUT_ACTION: &str = "handover_out";
pub const IN_ACTION: &str = "handover_in";

/// Why a handover was refused (nothing written).
#[derive(Debug, thiserror::Error)]
pub enum HandoverError {
    #[error("{}", tf("bundle.handover.already", &[("case", .0.to_string()), ("to", .1.clone())]))]
    Already(CaseId, String),
    #[error("{}", tf("bundle.handover.entry", &[("seq", .0.to_string())]))]
    Entry(i64),
    #[error("{}", crate::i18n::t("bundle.handover.unbound"))]
    Unbound,
    #[error("{}", tf("bundle.handover.text", &[("detail", .0.clone())]))]
    Text(String),
    #[error("{}", tf("bundle.handover.duplicate", &[("id", .0.clone()), ("case", .1.to_string()), ("name", .2.clone())]))]
    Duplicate(String, CaseId, String),
    /// The sender's pinned signing key is not the file's signer (`trust`).
    #[error(transparent)]
    Trust(#[from] super::trust::TrustError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0:#}")]
    Write(anyhow::Error),
}

impl Workspace {
    /// Hand case `id` over to `to`: `write` gets the case and its audit
    /// rows (the new `handover_out` entry last) and writes the file,
    /// returning its path (removed again if the commit fails).
    pub fn hand_over(
        &mut self,
        id: CaseId,
        to: &str,
        write: impl FnOnce(&Case, &[AuditRow]) -> anyhow::Result<PathBuf>,
    ) -> Result<(PathBuf, i64), HandoverError> {
        self.writable()?;
        let user = self.user.clone();
        let tx = self.store.begin()?;
        if let Some(h) = tx.handed(id)? {
            return Err(HandoverError::Already(id, h.to));
        }
        let case = tx.load_case(id)?;
        let action = serde_json::json!({"action": OUT_ACTION, "to": to, "marking": MARKING});
        let entry = NewAudit {
            user,
            case: Some(id),
            action: action.to_string(),
            before: String::new(),
            after: String::new(),
        };
        let seq = tx.append_audit_for(&entry, &case)?;
        let handed = Handed {
            to: to.to_string(),
            at: crate::store::now_utc(),
            audit_seq: seq,
        };
        tx.set_handed(id, &handed)?;
        let rows = tx.audit_rows(id)?;
        let path = write(&case, &rows).map_err(HandoverError::Write)?;
        if let Err(e) = tx.commit() {
            let _ = std::fs::remove_file(&path);
            return Err(e.into());
        }
        Ok((path, seq))
    }

    /// Take in a handed-over case (checked as described above, its signer
    /// `signer` admitted as the sending unit's pinned key by
    /// `trust::admit`); its new id and the signer's provenance.
    pub fn take_over(
        &mut self,
        h: &Handover,
        digest: &str,
        signer: &crate::bundle::sign::Signer,
        today: chrono::NaiveDate,
    ) -> Result<(CaseId, crate::bundle::sign::Provenance), HandoverError> {
        self.writable()?;
        check(h)?;
        let (ctx, user, store) = self.split(today);
        crate::domain::rules::validate_member(&h.case.member, &ctx)
            .map_err(|r| HandoverError::Text(r.message()))?;
        let tx = store.begin()?;
        let provenance = super::trust::admit(&tx, &h.unit, signer, None)?;
        let m = &h.case.member;
        if let Some(held) = tx.holder(&m.id_number)? {
            let name = tx.load_case(held)?.member.name;
            return Err(HandoverError::Duplicate(m.id_number.clone(), held, name));
        }
        let seq = tx.next_audit_seq()?;
        let id = tx.insert_moved(&h.case, seq)?;
        let case = tx.load_case(id)?;
        let campaigns = tx.campaigns()?;
        tx.replace_deadlines(
            id,
            &deadline::compute(&case, ctx.policy, ctx.procedures, &campaigns),
        )?;
        let last = h
            .history
            .last()
            .map(|r| crate::store::digest::receipt(r.seq, &r.hash));
        let action = serde_json::json!({
            "action": IN_ACTION,
            "from": h.unit,
            "exported_at": h.exported_at,
            "original_case": h.case.id,
            "chain_head": last,
            "entries": h.history.len(),
            "digest": digest,
            "signer": provenance.signer,
            "signer_trust": provenance.trust.code(),
        });
        // A change of this database's case (version 1, as a creation).
        let entry = NewAudit {
            user: user.to_string(),
            case: Some(id),
            action: action.to_string(),
            before: String::new(),
            after: super::summary(&case),
        };
        tx.append_audit(&entry)?;
        tx.set_received_history(id, &h.history)?;
        tx.commit()?;
        Ok((id, provenance))
    }
}

/// Every carried row's hash is its fields'; consecutive rows link; the
/// last is the sender's `handover_out` about this case binding its state;
/// no control character in any text of the case.
fn check(h: &Handover) -> Result<(), HandoverError> {
    for (i, r) in h.history.iter().enumerate() {
        if !r.hash_checks() {
            return Err(HandoverError::Entry(r.seq));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|j| h.history.get(j))
            && (r.seq <= prev.seq || (r.seq == prev.seq + 1 && r.prev_hash != prev.hash))
        {
            return Err(HandoverError::Entry(r.seq));
        }
    }
    let last = h.history.last().ok_or(HandoverError::Unbound)?;
    let is_out = serde_json::from_str::<serde_json::Value>(&last.action)
        .ok()
        .and_then(|v| {
            v.get("action")
                .and_then(|a| a.as_str())
                .map(|a| a == OUT_ACTION)
        })
        .unwrap_or(false);
    let state = crate::store::digest::state(&h.case);
    if !is_out || last.case != Some(h.case.id) || last.state.as_deref() != Some(state.as_str()) {
        return Err(HandoverError::Unbound);
    }
    let v = serde_json::to_value(&h.case).map_err(|e| HandoverError::Text(e.to_string()))?;
    match bad_text(&v) {
        Some(s) => Err(HandoverError::Text(
            crate::domain::text::escape_line(&s).into_owned(),
        )),
        None => Ok(()),
    }
}

/// The first string in `v` holding a refused character (newlines allowed).
fn bad_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => crate::domain::text::first_forbidden(s, true)
            .is_some()
            .then(|| s.clone()),
        serde_json::Value::Array(a) => a.iter().find_map(bad_text),
        serde_json::Value::Object(o) => o.values().find_map(bad_text),
        _ => None,
    }
}

/// The unit a received case came from: the `from` of its `handover_in`
/// entry among `entries` (empty when the case was not received).
pub fn received_from(entries: &[crate::store::AuditEntry]) -> String {
    entries
        .iter()
        .find_map(|e| {
            let v: serde_json::Value = serde_json::from_str(&e.action).ok()?;
            (v["action"] == IN_ACTION).then(|| v["from"].as_str().map(str::to_string))?
        })
        .unwrap_or_default()
}
