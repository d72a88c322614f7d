//! Loading a unit's register bundle into a compiled database (issue 16
//! item 3): one transaction removes the unit's earlier slice and loads the
//! new one through the bulk path (each member validated by the rules as
//! `create_case` would, deadlines from the rules), with one audit entry
//! naming the unit, its export time, its chain head and the digest, and
//! binding the new cases' states (`audit_states`) as a bulk import does.
//! A compiled database takes no case action (`Workspace::writable`).
//!
//! An import of several bundles (`load_slices`) is one transaction and one
//! bulk load for all of them (issue 16, scale: 500 bundles of 2,000 were
//! 500 loads, each keeping every index and the search index up to date as
//! the table grew): all or nothing. Every file is read and checked even
//! after one is refused, so the refusal names each bad file; none of the
//! good ones is written then.

use super::{ActionError, Workspace};
use crate::bundle::payload::{self, Body};
use crate::bundle::seal::{self, Unlock};
use crate::bundle::sign::{self, Provenance, Signer};
use crate::domain::deadline;
use crate::domain::model::{Case, CaseId};
use crate::domain::rules::{self, Ctx};
use crate::i18n::tf;
use crate::store::{BulkLoad, NewAudit, NewCase, Slice, StoreError, Tx};
use std::borrow::Borrow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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
    /// Another file of the same import is a bundle of this unit too.
    #[error("{}", tf("bundle.import.twice", &[("unit", .0.clone()), ("other", .1.clone())]))]
    Twice(String, String),
    /// The file could not be read.
    #[error("{}", tf("cli.read_failed", &[("path", .0.clone())]))]
    Open(String, #[source] std::io::Error),
    #[error(transparent)]
    Seal(#[from] crate::bundle::seal::SealError),
    #[error(transparent)]
    Payload(#[from] crate::bundle::payload::PayloadError),
    /// The signature fields do not check (`bundle::sign::verify`).
    #[error(transparent)]
    Sign(#[from] crate::bundle::sign::SignError),
    /// The unit's pinned signing key is not the bundle's signer (`trust`).
    #[error(transparent)]
    Trust(#[from] super::trust::TrustError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A bundle read and checked: its digest, its body and who signed it;
/// `ready`, its rows made ready for the load (`prepare`) when the reader
/// did that too (else the load does it).
pub struct Opened<B> {
    pub digest: String,
    pub body: B,
    pub signer: Signer,
    pub ready: Option<Result<Vec<NewCase>, SliceError>>,
}

/// Every member of `body` made ready (`NewCase`), or the first one the rules
/// refuse, with its row (from 1).
pub fn prepare(body: &Body, ctx: &Ctx<'_>) -> Result<Vec<NewCase>, SliceError> {
    let lines = body.lines();
    let mut out = Vec::with_capacity(lines.len());
    for (i, (member, status, since)) in lines.into_iter().enumerate() {
        rules::validate_member(&member, ctx)
            .map_err(|r| SliceError::Row(i.saturating_add(1), r.message()))?;
        let mut case = Case::new(0, member, status, since);
        case.version = 1;
        let deadlines = deadline::compute(&case, ctx.policy, ctx.procedures, ctx.campaigns);
        out.push(NewCase::new(case, deadlines));
    }
    Ok(out)
}

/// The rules' context of a bundle's rows: its own day, no campaign.
fn ctx_of<'a>(
    body: &Body,
    policy: &'a crate::domain::policy::Policy,
    procedures: &'a crate::domain::procedure::Procedures,
) -> Ctx<'a> {
    Ctx {
        policy,
        procedures,
        today: body.today,
        campaigns: &[],
    }
}

/// Why an import of several bundles wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// These files (index in the list, why) were refused.
    #[error("{}", .0.first().map(|(_, e)| e.to_string()).unwrap_or_default())]
    Refused(Vec<(usize, SliceError)>),
    /// The store failed (the transaction rolled back).
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
    /// Who signed the bundle, as the unit's pinned key knew it.
    pub provenance: crate::bundle::sign::Provenance,
}

impl Workspace {
    /// Load the bundles `names` (`read(i)` gives the digest, body and signer
    /// of the i-th, checked by `bundle::payload::read` and
    /// `bundle::sign::verify`) each as its unit's slice; each signer must be
    /// its unit's pinned key (`trust::admit`),
    /// in one transaction: all of them, or nothing and every file refused
    /// with its reason. `read` is called once per file, in order. When no
    /// other connection has the file open, the transaction goes through
    /// the rollback journal (`Store::journal_alone`: each page written
    /// once), and the file is back in WAL mode afterwards, loaded or not.
    pub fn load_slices<B: Borrow<Body>>(
        &mut self,
        names: &[String],
        read: impl FnMut(usize) -> Result<Opened<B>, SliceError>,
    ) -> Result<Vec<Loaded>, ImportError> {
        let alone = self.store.journal_alone();
        let done = self.load_slices_in(names, read);
        if alone {
            // The load's answer stands even if this fails (a reader that
            // opened the file meanwhile holds it): every open puts the
            // file back in WAL mode (`open::configure`).
            let _ = self.store.wal_again();
        }
        done
    }

    fn load_slices_in<B: Borrow<Body>>(
        &mut self,
        names: &[String],
        mut read: impl FnMut(usize) -> Result<Opened<B>, SliceError>,
    ) -> Result<Vec<Loaded>, ImportError> {
        let (policy, procedures) = (&self.policy, &self.procedures);
        let user = self.user.as_str();
        let tx = self.store.begin()?;
        if !tx.is_compiled()? && tx.case_total()? > 0 {
            let all = (0..names.len()).map(|i| (i, SliceError::WorkingDatabase));
            return Err(ImportError::Refused(all.collect()));
        }
        let (done, floor) = load_all(&tx, names, &mut read, policy, procedures, user)?;
        tx.mark_compiled()?;
        tx.set_slice_floor(floor)?;
        tx.commit()?;
        self.store.end_bulk()?;
        self.compiled = true;
        Ok(done.into_iter().map(|(_, l)| l).collect())
    }
}

impl Workspace {
    /// `bundle import FILE…`: load the register bundles `files` as
    /// `load_slices` does, all or nothing. A helper thread decrypts and
    /// checks the files one or two ahead of the load and makes their rows
    /// ready (`prepare`: the rules' check, the deadlines, the search
    /// grams), so that the load's thread only writes (on 2 cores the
    /// decryption, the digest and the parse were about a tenth of the
    /// wall time, the rows' preparation several seconds at 1M).
    pub fn import_files(
        &mut self,
        files: &[PathBuf],
        unlock: &Unlock,
    ) -> Result<Vec<Loaded>, ImportError> {
        let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        let (policy, procedures) = (self.policy.clone(), self.procedures.clone());
        std::thread::scope(|s| {
            let (send, ready) = std::sync::mpsc::sync_channel(2);
            let (policy, procedures) = (&policy, &procedures);
            s.spawn(move || {
                for f in files {
                    let opened = read_bundle(f, unlock).map(|mut o| {
                        o.ready = Some(prepare(&o.body, &ctx_of(&o.body, policy, procedures)));
                        o
                    });
                    // The load stopped early (refusal of a working
                    // database, a failed store): nothing more to read.
                    if send.send(opened).is_err() {
                        break;
                    }
                }
            });
            self.load_slices(&names, |i| {
                ready.recv().unwrap_or_else(|_| {
                    let name = names.get(i).cloned().unwrap_or_default();
                    Err(SliceError::Open(
                        name,
                        std::io::Error::other("reader thread stopped"),
                    ))
                })
            })
        })
    }
}

/// Decrypt and check one bundle file: its digest, body and signature.
pub fn read_bundle(f: &Path, unlock: &Unlock) -> Result<Opened<Body>, SliceError> {
    let mut input =
        std::fs::File::open(f).map_err(|e| SliceError::Open(f.display().to_string(), e))?;
    let mut plain = Vec::new();
    seal::decrypt(unlock, &mut input, &mut plain)?;
    let (header, body) = payload::read(&plain)?;
    let signer = sign::verify(
        &body.unit,
        &header.content,
        &header.digest,
        &unlock.recipient(),
        header.seal_fields(),
    )?;
    Ok(Opened {
        digest: header.digest,
        body,
        signer,
        ready: None,
    })
}

/// The loop of `load_slices` inside its transaction: the slices loaded
/// (with their file's index) and the next id a slice may take.
fn load_all<B: Borrow<Body>>(
    tx: &Tx<'_>,
    names: &[String],
    read: &mut impl FnMut(usize) -> Result<Opened<B>, SliceError>,
    policy: &crate::domain::policy::Policy,
    procedures: &crate::domain::procedure::Procedures,
    user: &str,
) -> Result<(Vec<(usize, Loaded)>, CaseId), ImportError> {
    let mut floor = tx.slice_floor()?;
    let mut refused: Vec<(usize, SliceError)> = Vec::new();
    let mut units: HashMap<String, usize> = HashMap::new();
    let mut done: Vec<(usize, Loaded)> = Vec::new();
    let mut load: Option<BulkLoad<'_>> = None;
    for i in 0..names.len() {
        let Opened {
            digest,
            body,
            signer,
            ready,
        } = match read(i) {
            Ok(o) => o,
            Err(e) => {
                refused.push((i, e));
                continue;
            }
        };
        let body: &Body = body.borrow();
        let ctx = ctx_of(body, policy, procedures);
        let old = tx.slice(&body.unit)?;
        if let Err(e) = check_newer(body, &digest, old.as_ref()) {
            refused.push((i, e));
            continue;
        }
        // Two bundles of one unit: the second would replace a slice
        // this same load is writing; the user says which one is meant.
        if let Some(&j) = units.get(&body.unit) {
            let other = names.get(j).cloned().unwrap_or_default();
            refused.push((i, SliceError::Twice(body.unit.clone(), other)));
            continue;
        }
        units.insert(body.unit.clone(), i);
        // A pin written here (first use) goes with the transaction.
        let provenance = match super::trust::admit(tx, &body.unit, &signer, Some(&digest)) {
            Ok(p) => p,
            Err(super::trust::TrustError::Store(e)) => return Err(e.into()),
            Err(e) => {
                refused.push((i, e.into()));
                continue;
            }
        };
        let ready = ready.unwrap_or_else(|| prepare(body, &ctx));
        if !refused.is_empty() {
            // Nothing is written any more: only check, so that every
            // refused file is named.
            if let Err(e) = ready {
                refused.push((i, e));
            }
            continue;
        }
        let removed_range = old.as_ref().and_then(|o| Some((o.first?, o.last?)));
        let replaced = match removed_range {
            Some((lo, hi)) => Some(tx.remove_cases(lo, hi)?),
            None => old.as_ref().map(|_| 0),
        };
        let bulk = match &mut load {
            Some(l) => l,
            None => {
                // Sized as if every file held as many members as the
                // first: it decides whether the indexes are rebuilt.
                let rows = body.lines_len().saturating_mul(names.len() - i);
                let l = if names.len() > 1 {
                    tx.bulk_slices(rows, floor)?
                } else {
                    tx.bulk_from(rows, floor)?
                };
                load.insert(l)
            }
        };
        let loaded = ready.and_then(|rows| load_rows(tx, bulk, body, rows));
        let (ids, states) = match loaded {
            Ok(r) => r,
            Err(SliceError::Store(e)) => return Err(e.into()),
            Err(e) => {
                refused.push((i, e));
                continue;
            }
        };
        let slice = record(
            tx,
            user,
            body,
            &digest,
            &provenance,
            (&ids, &states),
            removed_range,
        )?;
        floor = bulk.next_id();
        done.push((
            i,
            Loaded {
                slice,
                replaced,
                provenance,
            },
        ));
    }
    if !refused.is_empty() {
        // Dropping the load puts the schema back; dropping the
        // transaction rolls everything back.
        drop(load);
        return Err(ImportError::Refused(refused));
    }
    if let Some(l) = load {
        match l.finish() {
            Ok(()) => {}
            Err(StoreError::DuplicateId(n)) => {
                let named = repeated(tx, &done)?;
                if named.is_empty() {
                    return Err(StoreError::DuplicateId(n).into());
                }
                return Err(ImportError::Refused(named));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok((done, floor))
}

/// Refuse a bundle that is not newer than the unit's slice loaded.
fn check_newer(body: &Body, digest: &str, old: Option<&Slice>) -> Result<(), SliceError> {
    let Some(o) = old else {
        return Ok(());
    };
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
    Ok(())
}

/// The audit entry and the provenance of a slice just loaded.
fn record(
    tx: &Tx<'_>,
    user: &str,
    body: &Body,
    digest: &str,
    provenance: &Provenance,
    (ids, states): (&[CaseId], &[u8]),
    removed_range: Option<(CaseId, CaseId)>,
) -> Result<Slice, StoreError> {
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
        "signer": provenance.signer,
        "signer_trust": provenance.trust.code(),
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
        after: serde_json::json!({"count": ids.len(), "first": first, "last": last}).to_string(),
    };
    let seq = tx.append_import(&entry, states)?;
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
    Ok(slice)
}

/// The files of an import whose load failed the unique ID-number index:
/// for each number held twice, the file holding the later case, its row,
/// and the unit of the earlier one (a slice kept, or a file before it).
fn repeated(tx: &Tx<'_>, done: &[(usize, Loaded)]) -> Result<Vec<(usize, SliceError)>, StoreError> {
    /// Numbers named at most (the rest would only repeat the advice).
    const SHOWN: usize = 50;
    let mut out: Vec<(usize, SliceError)> = Vec::new();
    for (number, ids) in tx.repeated_id_numbers(SHOWN)? {
        let Some((&held, later)) = ids.split_first() else {
            continue;
        };
        let unit = tx.slice_of(held)?.map(|s| s.unit).unwrap_or_default();
        for id in later {
            let Some((i, l)) = done.iter().find(|(_, l)| {
                matches!((l.slice.first, l.slice.last), (Some(a), Some(b)) if (a..=b).contains(id))
            }) else {
                continue;
            };
            if out.iter().any(|(j, _)| j == i) {
                continue;
            }
            let first = l.slice.first.unwrap_or(*id);
            let row = usize::try_from(id.saturating_sub(first))
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            out.push((*i, SliceError::Duplicate(row, number.clone(), unit.clone())));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    Ok(out)
}

/// Add the bundle's rows (made ready by `prepare`) to `load`: the new ids
/// and the blob of their state digests.
fn load_rows(
    tx: &Tx<'_>,
    load: &mut BulkLoad<'_>,
    body: &Body,
    rows: Vec<NewCase>,
) -> Result<(Vec<CaseId>, Vec<u8>), SliceError> {
    let mut ids = Vec::with_capacity(rows.len());
    let mut states = Vec::with_capacity(rows.len().saturating_mul(32));
    for (i, r) in rows.into_iter().enumerate() {
        let row = i.saturating_add(1);
        match load.add_new(r, &mut states) {
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
    Ok((ids, states))
}
