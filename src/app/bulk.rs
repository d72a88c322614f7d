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
use crate::store::{NewAudit, NewCase};
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

/// Rows a maker thread hands to the load at a time.
const CHUNK: usize = 512;

/// What the maker thread sends: a chunk of rows in order, or the first
/// row refused (its index and why; nothing after it is made).
type Batch = Result<Vec<NewCase>, (usize, ActionError)>;

impl Workspace {
    /// Create one case per (member, status), all or nothing. On a refusal or
    /// a store error (e.g. an ID number already on record), the index of the
    /// row and the error; nothing is written then. A helper thread checks
    /// the rows by the rules, computes their deadlines, grams and the
    /// import's hash while this one writes (two cores: the rows' own work
    /// off the writing thread).
    pub fn create_cases_bulk<'a, I>(
        &mut self,
        rows: I,
        today: NaiveDate,
    ) -> Result<Vec<CaseId>, (usize, ActionError)>
    where
        I: IntoIterator<Item = (&'a Member, Status)>,
        I::IntoIter: Send,
    {
        self.writable().map_err(|e| (0, e.into()))?;
        let (ctx, user, store) = self.split(today);
        let tx = store.begin().map_err(|e| (0, e.into()))?;
        let rows = rows.into_iter();
        let hint = rows.size_hint().0;
        let mut load = tx.bulk(hint).map_err(|e| (0, e.into()))?;
        let mut ids = Vec::new();
        let mut states = Vec::with_capacity(hint.saturating_mul(32));
        let ctx = &ctx;
        let sha = std::thread::scope(|s| {
            let (send, made) = std::sync::mpsc::sync_channel::<Batch>(4);
            let maker = s.spawn(move || make_rows(rows, ctx, &send));
            for batch in made {
                for new in batch? {
                    let i = ids.len();
                    ids.push(load.add_new(new, &mut states).map_err(|e| (i, e.into()))?);
                }
            }
            // Every row came: the maker has finished.
            maker.join().unwrap_or_else(|_| {
                Err((
                    ids.len(),
                    ActionError::Store(json_error_text("maker thread")),
                ))
            })
        })?;
        let last = ids.len().saturating_sub(1);
        let (Some(&first_id), Some(&last_id)) = (ids.first(), ids.last()) else {
            return Ok(ids);
        };
        load.finish().map_err(|e| (last, e.into()))?;
        let sha: String = sha.iter().map(|b| format!("{b:02x}")).collect();
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

/// The maker thread of `create_cases_bulk`: each row checked and made
/// (`new_case`, the deadlines, the grams), sent in chunks; the hash of the
/// `create_case` actions the rows stand for (one JSON line each, in
/// order). Stops at the first refused row, or when the load stops taking.
fn make_rows<'a>(
    rows: impl Iterator<Item = (&'a Member, Status)>,
    ctx: &Ctx<'_>,
    send: &std::sync::mpsc::SyncSender<Batch>,
) -> Result<[u8; 32], (usize, ActionError)> {
    let (mut hasher, mut buf) = (Sha256::new(), Vec::new());
    let mut chunk = Vec::with_capacity(CHUNK);
    for (i, (member, status)) in rows.enumerate() {
        let made = new_case(member, status, 0, ctx).and_then(|case| {
            buf.clear();
            serde_json::to_writer(&mut buf, &CreateRow { member, status })
                .map_err(|e| ActionError::Store(json_error(e)))?;
            Ok(case)
        });
        let case = match made {
            Ok(c) => c,
            Err(e) => {
                // The load stops at this row and answers with it.
                let _ = send.send(Err((i, e)));
                return Err((i, ActionError::Store(json_error_text("row refused"))));
            }
        };
        buf.push(b'\n');
        hasher.update(&buf);
        // A new case has no disposition track: no campaign covers it.
        let deadlines = deadline::compute(&case, ctx.policy, ctx.procedures, &[]);
        chunk.push(NewCase::new(case, deadlines));
        if chunk.len() == CHUNK && send.send(Ok(std::mem::take(&mut chunk))).is_err() {
            return Err((i, ActionError::Store(json_error_text("load stopped"))));
        }
    }
    if !chunk.is_empty() {
        let _ = send.send(Ok(chunk));
    }
    Ok(hasher.finalize().into())
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

/// A store error for the maker thread's own failures (never shown when
/// the load answers first with the row's own error).
fn json_error_text(what: &str) -> crate::store::StoreError {
    crate::store::StoreError::Sql(rusqlite::Error::InvalidParameterName(what.to_string()))
}
