//! Loading a unit's register bundle into a compiled database (issue 16
//! item 3): one transaction removes the unit's earlier slice and loads the
//! new one through the bulk path (each member validated by the rules as
//! `create_case` would, deadlines from the rules), with one audit entry
//! naming the unit, its export time, its chain head and the digest, and
//! binding the new cases' states (`audit_states`) as a bulk import does.
//! A compiled database takes no case action (`Workspace::writable`).

use super::{ActionError, Workspace};
use crate::bundle::payload::Body;
use crate::domain::deadline;
use crate::domain::model::{Case, CaseId};
use crate::domain::rules::{self, Ctx};
use crate::i18n::tf;
use crate::store::{NewAudit, Slice, StoreError};

/// Why a bundle was not loaded (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum SliceError {
    #[error("{}", crate::i18n::t("bundle.import.working_db"))]
    WorkingDatabase,
    #[error("{}", tf("bundle.import.replayed", &[("unit", .0.clone()), ("at", .1.clone())]))]
    Replayed(String, String),
    #[error("{}", tf("bundle.import.older", &[("unit", .unit.clone()), ("found", .found.clone()), ("loaded", .loaded.clone())]))]
    Older {
        unit: String,
        found: String,
        loaded: String,
    },
    #[error("{}", tf("bundle.import.row", &[("row", .0.to_string()), ("detail", .1.clone())]))]
    Row(usize, String),
    #[error("{}", tf("bundle.import.duplicate", &[("row", .0.to_string()), ("id", .1.clone()), ("unit", .2.clone())]))]
    Duplicate(usize, String, String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ActionError> for SliceError {
    fn from(e: ActionError) -> Self {
        match e {
            ActionError::Store(s) => SliceError::Store(s),
            ActionError::Refused(r) => SliceError::Row(0, r.message()),
        }
    }
}

/// What loading did.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub slice: Slice,
    /// Cases of the unit's earlier slice removed.
    pub replaced: Option<u64>,
}

impl Workspace {
    /// Load `body` (checked by `bundle::payload::read`, digest `digest`) as
    /// its unit's slice, all or nothing.
    pub fn load_slice(&mut self, body: &Body, digest: &str) -> Result<Loaded, SliceError> {
        let (ctx, user, store) = self.split(body.today);
        let tx = store.begin()?;
        if !tx.is_compiled()? && tx.case_total()? > 0 {
            return Err(SliceError::WorkingDatabase);
        }
        let old = tx.slice(&body.unit)?;
        if let Some(o) = &old {
            if o.exported_at == body.exported_at || o.digest == digest {
                return Err(SliceError::Replayed(
                    body.unit.clone(),
                    o.exported_at.clone(),
                ));
            }
            if body.exported_at < o.exported_at {
                return Err(SliceError::Older {
                    unit: body.unit.clone(),
                    found: body.exported_at.clone(),
                    loaded: o.exported_at.clone(),
                });
            }
        }
        let removed_range = old.as_ref().and_then(|o| Some((o.first?, o.last?)));
        let replaced = match removed_range {
            Some((lo, hi)) => Some(tx.remove_cases(lo, hi)?),
            None => old.as_ref().map(|_| 0),
        };
        let floor = tx.slice_floor()?;
        let (ids, states) = load_rows(&tx, body, floor, &ctx)?;
        let (first, last) = (ids.first().copied(), ids.last().copied());
        let head = body.chain_head.as_ref();
        let mut action = serde_json::json!({
            "action": super::IMPORT_ACTION,
            "source": "bundle",
            "unit": body.unit,
            "kind": body.kind.code(),
            "exported_at": body.exported_at,
            "chain_head": head.map(|h| h.receipt.clone()),
            "chain_hash": head.map(|h| h.hash.clone()),
            "digest": digest,
            "count": ids.len(),
            "first": first,
            "last": last,
        });
        if let Some((lo, hi)) = removed_range {
            action["removed_first"] = lo.into();
            action["removed_last"] = hi.into();
        }
        let entry = NewAudit {
            user: user.to_string(),
            case: None,
            action: action.to_string(),
            before: String::new(),
            after: serde_json::json!({"count": ids.len(), "first": first, "last": last})
                .to_string(),
        };
        let seq = tx.append_import(&entry, &states)?;
        let slice = Slice {
            unit: body.unit.clone(),
            kind: body.kind.code().to_string(),
            exported_at: body.exported_at.clone(),
            chain_head: head.map(|h| h.receipt.clone()),
            chain_hash: head.map(|h| h.hash.clone()),
            digest: digest.to_string(),
            first,
            last,
            cases: ids.len() as u64,
            imported_at: crate::store::now_utc(),
            audit_seq: seq,
        };
        tx.set_slice(&slice)?;
        tx.mark_compiled()?;
        tx.set_slice_floor(last.map_or(floor, |l| l.saturating_add(1)))?;
        tx.commit()?;
        self.store.end_bulk()?;
        self.compiled = true;
        Ok(Loaded { slice, replaced })
    }
}

/// Add the bundle's rows from id `floor` on: the new ids and the blob of
/// their state digests.
fn load_rows(
    tx: &crate::store::Tx<'_>,
    body: &Body,
    floor: CaseId,
    ctx: &Ctx<'_>,
) -> Result<(Vec<CaseId>, Vec<u8>), SliceError> {
    let lines = body.lines();
    let mut load = tx.bulk_from(lines.len(), floor)?;
    let mut ids = Vec::with_capacity(lines.len());
    let mut states = Vec::with_capacity(lines.len().saturating_mul(32));
    for (i, (member, status, since)) in lines.into_iter().enumerate() {
        let row = i.saturating_add(1);
        rules::validate_member(&member, ctx).map_err(|r| SliceError::Row(row, r.message()))?;
        let mut case = Case::new(load.next_id(), member, status, since);
        case.version = 1;
        states.extend_from_slice(&crate::store::digest::state_bytes(&case));
        let deadlines = deadline::compute(&case, ctx.policy, ctx.procedures, ctx.campaigns);
        match load.add(&case, &deadlines) {
            Ok(id) => ids.push(id),
            Err(StoreError::DuplicateId(n)) => {
                let unit = tx
                    .holder(&n)?
                    .map(|id| tx.slice_of(id))
                    .transpose()?
                    .flatten()
                    .map(|s| s.unit)
                    .unwrap_or_else(|| body.unit.clone());
                return Err(SliceError::Duplicate(row, n, unit));
            }
            Err(e) => return Err(e.into()),
        }
    }
    load.finish()?;
    Ok((ids, states))
}
