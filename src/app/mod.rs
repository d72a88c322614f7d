//! The action layer: every change the workstation or the CLI makes goes
//! through `Workspace::run`, which loads the case, lets the rules validate and
//! apply the action, and commits the case, its deadlines and an audit entry
//! in one transaction.

mod bulk;
mod compile;
mod handover;

pub use compile::{ImportError, Loaded, SliceError};
pub use handover::{HandoverError, IN_ACTION, OUT_ACTION, received_from};
mod lookback;
pub mod trust;

pub use bulk::IMPORT_ACTION;
pub use lookback::{CampaignView, ReviewRow};

use crate::domain::action::Action;
use crate::domain::checklist::{self, Checklist};
use crate::domain::deadline::{self, DeadlineKind};
use crate::domain::model::{Case, CaseId, Status};
use crate::domain::policy::Policy;
use crate::domain::procedure::Procedures;
use crate::domain::refusal::Refusal;
use crate::domain::rules::{self, Ctx};
use crate::store::{AlertRow, AuditEntry, NewAudit, RosterQuery, RosterRow, Store, StoreError, Tx};
use chrono::NaiveDate;
use std::path::Path;

/// Why an action did not happen: the rules refused it, or the store failed.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    Refused(Refusal),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a successful action did.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub case: CaseId,
    pub action: String,
    pub version: i64,
    /// The campaign a `start_campaign` created (`case` is 0 then).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<crate::domain::model::RecordId>,
}

/// Meta key set by a migration whose rules changed the deadlines.
const STALE: &str = "deadlines_stale";

pub struct Workspace {
    store: Store,
    policy: Policy,
    procedures: Procedures,
    user: String,
    /// A compiled database (issue 16): views only, no case action.
    compiled: bool,
}

/// Who the audit log records: `$SHILIAN_USER` when set (for a committee whose
/// workers share one server account, each names themself), else `user` in
/// the configuration file, else the login
/// name of the process's real uid from the password database (`$USER` is
/// empty under some SSH/cron setups); `$USER`/`$LOGNAME` only when the uid
/// has no entry, then `uid <n>`.
/// Anything else than what `check_user_env` accepts is shown escaped.
pub fn os_user() -> String {
    std::env::var("SHILIAN_USER")
        .ok()
        .map(|s| crate::domain::text::escape_line(s.trim()).into_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| crate::config::installed().and_then(|c| c.user.clone()))
        .or_else(passwd_name)
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("LOGNAME").ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| format!("uid {}", unsafe { libc::getuid() }))
}

/// Longest `SHILIAN_USER` accepted, in characters.
pub const USER_MAX_CHARS: usize = 64;

/// `SHILIAN_USER`, when set, must be a plain name: no control character,
/// newline, escape or direction override (it would forge lines of
/// `shilian audit`) and at most `USER_MAX_CHARS` characters.
pub fn check_user_env() -> anyhow::Result<()> {
    let Ok(v) = std::env::var("SHILIAN_USER") else {
        return Ok(());
    };
    let bad = crate::domain::text::first_forbidden(&v, false)
        .map(|(pos, c)| (pos.to_string(), crate::domain::text::code_point(c)));
    if let Some((pos, ch)) = bad {
        anyhow::bail!(crate::i18n::tf(
            "store.bad_user",
            &[("pos", pos), ("char", ch)]
        ));
    }
    if v.chars().count() > USER_MAX_CHARS {
        anyhow::bail!(crate::i18n::tf(
            "store.long_user",
            &[("max", USER_MAX_CHARS.to_string())]
        ));
    }
    Ok(())
}

fn passwd_name() -> Option<String> {
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, both live and sized
    // as passed; `found` is null or points at `pwd`.
    let rc = unsafe {
        libc::getpwuid_r(
            libc::getuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut found,
        )
    };
    if rc != 0 || found.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: pw_name points into `buf`, NUL-terminated by getpwuid_r.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned()).filter(|s| !s.is_empty())
}

impl Workspace {
    pub fn open(path: &Path, policy: Policy, procedures: Procedures) -> anyhow::Result<Workspace> {
        check_user_env()?;
        let store = Store::open(path)?;
        let mut ws = Workspace {
            store,
            policy,
            procedures,
            user: os_user(),
            compiled: false,
        };
        ws.compiled = ws.store.is_compiled()?;
        match ws.refresh_stale_deadlines() {
            // A read-only file (a backup on a stick) is read as it is.
            Ok(()) | Err(StoreError::ReadOnly(_)) => {}
            Err(e) => return Err(e.into()),
        }
        Ok(ws)
    }

    /// After an upgrade whose rules changed what is due (schema 5), every
    /// case's deadlines are computed again once, in one transaction that
    /// also clears the migration's mark (so a kill leaves it to the next open).
    fn refresh_stale_deadlines(&mut self) -> Result<(), StoreError> {
        if self.store.meta_get(STALE)?.is_none() {
            return Ok(());
        }
        let tx = self.store.begin()?;
        let campaigns = tx.campaigns()?;
        for id in tx.case_ids()? {
            let case = tx.load_case(id)?;
            let ds = deadline::compute(&case, &self.policy, &self.procedures, &campaigns);
            tx.replace_deadlines(id, &ds)?;
        }
        tx.meta_delete(STALE)?;
        tx.commit()
    }

    /// Open an existing database for reading only (reads and `verify` on
    /// a full disk or read-only media); any write through it fails.
    pub fn open_read(
        path: &Path,
        policy: Policy,
        procedures: Procedures,
    ) -> anyhow::Result<Workspace> {
        check_user_env()?;
        let store = Store::open_read(path)?;
        // A file whose deadlines a migration left to recompute is opened
        // for writing once, to do it; where it cannot be written (full
        // disk, read-only media) it is read as it is.
        if store.meta_get(STALE)?.is_some() {
            drop(store);
            match Workspace::open(path, policy.clone(), procedures.clone()) {
                Ok(ws) => return Ok(ws),
                Err(_) => {
                    let store = Store::open_read(path)?;
                    let compiled = store.is_compiled()?;
                    return Ok(Workspace {
                        store,
                        policy,
                        procedures,
                        user: os_user(),
                        compiled,
                    });
                }
            }
        }
        let compiled = store.is_compiled()?;
        Ok(Workspace {
            store,
            policy,
            procedures,
            user: os_user(),
            compiled,
        })
    }

    /// Whether this is a compiled database (read-only to case work).
    pub fn is_compiled(&self) -> bool {
        self.compiled
    }

    /// Refuse every writing action on a compiled database: its cases are
    /// the units' registers, worked on in the units' own databases.
    pub fn writable(&self) -> Result<(), StoreError> {
        if self.compiled {
            return Err(StoreError::ReadOnly(
                crate::i18n::t("bundle.compiled.read_only").to_string(),
            ));
        }
        Ok(())
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn procedures(&self) -> &Procedures {
        &self.procedures
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store for writes that are not case actions (a recorded export).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The rules' context, the user and the store, borrowed apart so a
    /// transaction can be opened on the store while the rules read the
    /// policy and procedures.
    fn split(&mut self, today: NaiveDate) -> (Ctx<'_>, &str, &mut Store) {
        let ctx = Ctx {
            policy: &self.policy,
            procedures: &self.procedures,
            today,
            campaigns: &[],
        };
        (ctx, &self.user, &mut self.store)
    }

    /// Run one action in its own transaction.
    pub fn run(&mut self, action: &Action, today: NaiveDate) -> Result<Outcome, ActionError> {
        self.run_expecting(action, today, None)
    }

    /// Run one action, refusing with `Conflict` if the case's version is no
    /// longer `expected_version` (someone else saved it since a form opened).
    pub fn run_expecting(
        &mut self,
        action: &Action,
        today: NaiveDate,
        expected_version: Option<i64>,
    ) -> Result<Outcome, ActionError> {
        self.writable()?;
        let (ctx, user, store) = self.split(today);
        let tx = store.begin()?;
        let out = apply_in(&tx, action, &ctx, user, expected_version)?;
        tx.commit()?;
        Ok(out)
    }

    /// Run a list of actions all-or-nothing; on refusal, the index and error.
    pub fn run_batch(
        &mut self,
        actions: &[Action],
        today: NaiveDate,
    ) -> Result<Vec<Outcome>, (usize, ActionError)> {
        self.writable().map_err(|e| (0, e.into()))?;
        let (ctx, user, store) = self.split(today);
        let tx = store.begin().map_err(|e| (0, e.into()))?;
        let mut outs = Vec::with_capacity(actions.len());
        for (i, a) in actions.iter().enumerate() {
            outs.push(apply_in(&tx, a, &ctx, user, None).map_err(|e| (i, e))?);
        }
        tx.commit()
            .map_err(|e| (actions.len().saturating_sub(1), e.into()))?;
        Ok(outs)
    }

    /// As `run_batch`, each action with the case version it expects (None:
    /// no check); a case that moved on is a conflict and nothing is written.
    pub fn run_batch_versions(
        &mut self,
        actions: &[(Action, Option<i64>)],
        today: NaiveDate,
    ) -> Result<Vec<Outcome>, (usize, ActionError)> {
        self.writable().map_err(|e| (0, e.into()))?;
        let (ctx, user, store) = self.split(today);
        let tx = store.begin().map_err(|e| (0, e.into()))?;
        let mut outs = Vec::with_capacity(actions.len());
        for (i, (a, v)) in actions.iter().enumerate() {
            outs.push(apply_in(&tx, a, &ctx, user, *v).map_err(|e| (i, e))?);
        }
        tx.commit()
            .map_err(|e| (actions.len().saturating_sub(1), e.into()))?;
        Ok(outs)
    }

    pub fn case(&self, id: CaseId) -> Result<Case, StoreError> {
        self.store.load_case(id)
    }

    pub fn checklist(&self, case: &Case) -> Option<Checklist> {
        checklist::checklist(case, &self.procedures)
    }

    pub fn roster(&self, q: &RosterQuery) -> Result<Vec<RosterRow>, StoreError> {
        self.store.roster(q)
    }

    pub fn roster_count(&self, q: &RosterQuery) -> Result<u64, StoreError> {
        self.store.roster_count(q)
    }

    /// The roster page and its count stopped at `cap + 1`; see
    /// `Store::roster_with_count`.
    pub fn roster_with_count(
        &self,
        q: &RosterQuery,
        cap: u64,
    ) -> Result<(Vec<RosterRow>, u64), StoreError> {
        self.store.roster_with_count(q, cap)
    }

    /// The roster count stopped at `cap + 1` (shown as "cap+"); see
    /// `Store::roster_count_upto`.
    pub fn roster_count_upto(&self, q: &RosterQuery, cap: u64) -> Result<u64, StoreError> {
        self.store.roster_count_upto(q, cap)
    }

    /// Deadlines most urgent first; `within` days of today when given.
    pub fn alerts(
        &self,
        today: NaiveDate,
        within: Option<i64>,
        after: Option<(NaiveDate, CaseId, DeadlineKind)>,
        limit: usize,
    ) -> Result<Vec<AlertRow>, StoreError> {
        // Past the last date chrono knows, every deadline is within.
        let until = within.map(|d| {
            chrono::Duration::try_days(d)
                .and_then(|d| today.checked_add_signed(d))
                .unwrap_or(NaiveDate::MAX)
        });
        self.store.live_alerts(today, until, after, limit)
    }

    pub fn status_counts(&self) -> Result<Vec<(Status, u64)>, StoreError> {
        self.store.status_counts()
    }

    pub fn history(&self, case: CaseId) -> Result<Vec<AuditEntry>, StoreError> {
        self.store.audit(Some(case))
    }

    /// The sending database's entries of a case received by handover.
    pub fn received_history(&self, case: CaseId) -> Result<Vec<AuditEntry>, StoreError> {
        self.store.received_history(case)
    }

    /// Changes whenever another process commits: the workstation polls it.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.store.data_version()
    }

    /// Validate a case's deadlines against the rules (used by `verify`).
    pub fn expected_deadlines(
        &self,
        case: &Case,
    ) -> Result<Vec<crate::domain::deadline::Deadline>, StoreError> {
        let campaigns = self.store.campaigns()?;
        Ok(deadline::compute(
            case,
            &self.policy,
            &self.procedures,
            &campaigns,
        ))
    }

    /// The rules' context without campaigns (checks that need none).
    pub fn ctx_for(&self, today: NaiveDate) -> Ctx<'_> {
        Ctx {
            policy: &self.policy,
            procedures: &self.procedures,
            today,
            campaigns: &[],
        }
    }
}

/// Validate and apply one action inside an open transaction.
fn apply_in(
    tx: &Tx<'_>,
    action: &Action,
    ctx: &Ctx<'_>,
    user: &str,
    expected_version: Option<i64>,
) -> Result<Outcome, ActionError> {
    rules::check_text(action).map_err(ActionError::Refused)?;
    if let Some(id) = action.case_id()
        && let Some(h) = tx.handed(id)?
    {
        return Err(StoreError::ReadOnly(crate::i18n::tf(
            "bundle.handover.gone",
            &[("case", id.to_string()), ("to", h.to)],
        ))
        .into());
    }
    let campaigns = tx.campaigns()?;
    let ctx = &Ctx {
        campaigns: &campaigns,
        ..*ctx
    };
    if let Action::StartCampaign { .. } = action {
        return lookback::start_in(tx, action, ctx, user);
    }
    if let Action::Correct {
        case,
        audit_seq,
        note,
    } = action
    {
        return correct_in(tx, action, (*case, *audit_seq, note), user);
    }
    let (case, before, after) = match action {
        Action::CreateCase { member, status } => {
            rules::validate_member(member, ctx).map_err(ActionError::Refused)?;
            let mut case = Case::new(0, member.clone(), *status, member.last_contact);
            case.id = tx.insert_case(&case)?;
            case.version = 1;
            let after = summary(&case);
            (case, String::new(), after)
        }
        _ => {
            let id = action.case_id().unwrap_or_default();
            let mut case = tx.load_case(id)?;
            if let Some(v) = expected_version
                && v != case.version
            {
                return Err(StoreError::Conflict {
                    case: id,
                    expected: v,
                    found: case.version,
                }
                .into());
            }
            let before = summary(&case);
            rules::apply(&mut case, action, ctx).map_err(ActionError::Refused)?;
            case.version = tx.save_case(&case)?;
            let after = summary(&case);
            (case, before, after)
        }
    };
    // Reload so new records carry their ids, then refresh deadlines.
    let case = tx.load_case(case.id)?;
    let deadlines = deadline::compute(&case, ctx.policy, ctx.procedures, ctx.campaigns);
    tx.replace_deadlines(case.id, &deadlines)?;
    let action_json = serde_json::to_string(action).unwrap_or_default();
    let entry = NewAudit {
        user: user.to_string(),
        case: Some(case.id),
        action: action_json,
        before,
        after,
    };
    // An amendment names the entry that records it: its seq is the next
    // one (this transaction holds the write lock), linked before the state
    // digest is taken so the digest covers the link.
    let case = if matches!(action, Action::Amend { .. }) {
        tx.link_amendments(case.id, tx.next_audit_seq()?)?;
        tx.load_case(case.id)?
    } else {
        case
    };
    tx.append_audit_for(&entry, &case)?;
    Ok(Outcome {
        case: case.id,
        action: action.name().to_string(),
        version: case.version,
        campaign: None,
    })
}

/// Record a correction of an earlier audit entry: the case's data and
/// version stay; the new entry names the entry it corrects.
fn correct_in(
    tx: &Tx<'_>,
    action: &Action,
    (id, seq, note): (CaseId, i64, &str),
    user: &str,
) -> Result<Outcome, ActionError> {
    let case = tx.load_case(id)?;
    let target = tx.audit_entry(seq)?.map(|e| e.case);
    rules::check_correction(&case, seq, target, note).map_err(ActionError::Refused)?;
    tx.append_correction(
        &NewAudit {
            user: user.to_string(),
            case: Some(id),
            action: serde_json::to_string(action).unwrap_or_default(),
            before: String::new(),
            after: String::new(),
        },
        seq,
    )?;
    Ok(Outcome {
        case: id,
        action: action.name().to_string(),
        version: case.version,
        campaign: None,
    })
}

/// The part of a case shown as "before/after" in the audit log.
fn summary(case: &Case) -> String {
    serde_json::json!({
        "status": case.status,
        "status_since": case.status_since,
        "version": case.version,
        "membership": case.member.membership,
        "branch": case.member.branch,
        "open_track": case.open_track().map(|t| t.kind),
        "records": case.searches.len() + case.conduct.len() + case.items.len()
            + case.decisions.len() + case.appeals.len() + case.reviews.len(),
    })
    .to_string()
}
