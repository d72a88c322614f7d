//! Bulk creation of cases (imports): the same rule path as one
//! `create_case` action per row — `rules::validate_member`, a new case at
//! version 1, the rules' deadlines — written through `store::BulkLoad` in
//! one transaction, with ONE audit entry for the whole import instead of one
//! per case. The entry's action is
//! `{"action":"import","count":N,"first":ID,"last":ID,"sha256":HEX}`, where
//! the hash covers the JSON of the `create_case` action each row stands for
//! (one per line, in order), i.e. what the per-action path would have logged.
//! Imported ids are consecutive, so `first..=last` names every case created.
//! The entry binds the cases' data too: it carries the digest of a blob of
//! each new case's state digest in id order, kept in `audit_states`
//! (`Tx::append_import`), so `verify` names any imported case changed since.

use super::{ActionError, Workspace};
use crate::domain::deadline;
use crate::domain::model::{Case, CaseId, Member, Status};
use crate::domain::rules::{self, Ctx};
use crate::store::NewAudit;
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The audit action name of a bulk import.
pub const IMPORT_ACTION: &str = "import";

/// A row as the `create_case` action it stands for (same JSON as
/// `Action::CreateCase`, without cloning the member).
#[derive(Serialize)]
#[serde(tag = "action", rename = "create_case")]
struct CreateRow<'a> {
    member: &'a Member,
    status: Status,
}

impl Workspace {
    /// Create one case per (member, status), all or nothing. On a refusal or
    /// a store error (e.g. an ID number already on record), the index of the
    /// row and the error; nothing is written then.
    pub fn create_cases_bulk<'a>(
        &mut self,
        rows: impl IntoIterator<Item = (&'a Member, Status)>,
        today: NaiveDate,
    ) -> Result<Vec<CaseId>, (usize, ActionError)> {
        self.writable().map_err(|e| (0, e.into()))?;
        let (ctx, user, store) = self.split(today);
        let tx = store.begin().map_err(|e| (0, e.into()))?;
        let rows = rows.into_iter();
        let mut load = tx.bulk(rows.size_hint().0).map_err(|e| (0, e.into()))?;
        let (mut ids, mut hasher, mut buf) = (Vec::new(), Sha256::new(), Vec::new());
        let mut states = Vec::with_capacity(rows.size_hint().0.saturating_mul(32));
        for (i, (member, status)) in rows.enumerate() {
            let case = new_case(member, status, load.next_id(), &ctx).map_err(|e| (i, e))?;
            states.extend_from_slice(&crate::store::digest::state_bytes(&case));
            let deadlines = // A new case has no disposition track: no campaign covers it.
            deadline::compute(&case, ctx.policy, ctx.procedures, &[]);
            ids.push(load.add(&case, &deadlines).map_err(|e| (i, e.into()))?);
            buf.clear();
            serde_json::to_writer(&mut buf, &CreateRow { member, status })
                .map_err(|e| (i, ActionError::Store(json_error(e))))?;
            buf.push(b'\n');
            hasher.update(&buf);
        }
        let last = ids.len().saturating_sub(1);
        let (Some(&first_id), Some(&last_id)) = (ids.first(), ids.last()) else {
            return Ok(ids);
        };
        load.finish().map_err(|e| (last, e.into()))?;
        let sha: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let action = serde_json::json!({
            "action": IMPORT_ACTION,
            "count": ids.len(),
            "first": first_id,
            "last": last_id,
            "sha256": sha,
        });
        let after = serde_json::json!({"count": ids.len(), "first": first_id, "last": last_id});
        let entry = NewAudit {
            user: user.to_string(),
            case: None,
            action: action.to_string(),
            before: String::new(),
            after: after.to_string(),
        };
        tx.append_import(&entry, &states)
            .map_err(|e| (last, e.into()))?;
        tx.commit().map_err(|e| (last, e.into()))?;
        self.store.end_bulk().map_err(|e| (last, e.into()))?;
        Ok(ids)
    }
}

/// What `create_case` makes of a member: validated by the rules, a new
/// case at version 1 whose status dates from the last contact.
fn new_case(
    member: &Member,
    status: Status,
    id: CaseId,
    ctx: &Ctx<'_>,
) -> Result<Case, ActionError> {
    rules::validate_member(member, ctx).map_err(ActionError::Refused)?;
    let mut case = Case::new(id, member.clone(), status, member.last_contact);
    case.version = 1;
    Ok(case)
}

fn json_error(e: serde_json::Error) -> crate::store::StoreError {
    crate::store::StoreError::Sql(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}
