//! `shilian bundle export|import|list` (issue 16 items 2-3): a unit's
//! register leaves as an age-encrypted bundle (docs/FORMATS.md, "Bundles"),
//! recorded in its audit log like every export, signed with the unit's
//! signing key when it has one; the department checks the signature against
//! the unit's pinned key (`bundle trust`) and loads each bundle as that
//! unit's slice of a compiled database (docs/COMPILE.md).

use super::common::{Env, print_json, shown};
use super::keys::{lock, unlock};
use super::table::{Table, truncate};
use crate::app::{ImportError, Loaded, SliceError};
use crate::bundle::payload::{self, Body, CaseLine, ChainHead, Kind, RegisterLine};
use crate::bundle::seal;
use crate::bundle::sign;
use crate::i18n::{t, tf};
use crate::papers::MARKING;
use crate::papers::output::{ExportNote, is_stdout, write_recorded};
use crate::store::Store;
use anyhow::{Context, bail};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum BundleCmd {
    /// Write the register (members not yet reached, with counts) encrypted to the department
    Export {
        /// The recipient's public key (age1..., or a file holding it)
        #[arg(long, value_name = "PUBKEY")]
        to: Option<String>,
        /// Encrypt with the passphrase on the first line of FILE instead
        #[arg(long, value_name = "FILE", conflicts_with = "to")]
        passphrase_file: Option<PathBuf>,
        /// File to write (must not exist yet), or - for standard output
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Every case with its records and history, not only the register
        #[arg(long)]
        all: bool,
        /// The unit's name [default: the one recorded, else the only committee]
        #[arg(long, value_name = "NAME")]
        unit: Option<String>,
        /// The unit's signing key (keygen --sign) [default: $SHILIAN_SIGN_KEY, else sign_key in the config file; none: unsigned]
        #[arg(long, value_name = "FILE")]
        sign_key: Option<PathBuf>,
    },
    /// Load bundles into this (compiled) database, each as its unit's slice
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The department's secret key file
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Decrypt with the passphrase on the first line of FILE
        #[arg(long, value_name = "FILE", conflicts_with = "identity")]
        passphrase_file: Option<PathBuf>,
    },
    /// The slices of a compiled database: unit, export time, chain head, signer, cases
    List {
        #[arg(long)]
        json: bool,
    },
    /// The units' signing keys this database pins (bundles and handover files)
    #[command(subcommand)]
    Trust(TrustCmd),
}

#[derive(Debug, Subcommand)]
pub enum TrustCmd {
    /// Pin UNIT's signing public key: its files must be signed by it from now on
    Add {
        /// The unit's name, as its bundles carry it
        #[arg(value_name = "UNIT")]
        unit: String,
        /// The unit's signing public key (shiliansign1..., or its .pub file)
        #[arg(value_name = "PUBKEY")]
        key: String,
        /// Replace another key pinned for UNIT (the unit has a new key)
        #[arg(long)]
        replace: bool,
    },
    /// Remove UNIT's pinned key (its files may then come unsigned)
    Remove {
        /// The unit's name
        #[arg(value_name = "UNIT")]
        unit: String,
    },
    /// The pinned keys: unit, fingerprint, public key
    List {
        #[arg(long)]
        json: bool,
    },
}

/// Meta key of the unit's name, recorded at its first bundle export.
const UNIT_KEY: &str = "unit_name";

pub fn run(env: &Env, cmd: &BundleCmd) -> anyhow::Result<i32> {
    match cmd {
        BundleCmd::Export {
            to,
            passphrase_file,
            out,
            all,
            unit,
            sign_key,
        } => export(
            env,
            (to, passphrase_file),
            out,
            *all,
            unit.as_deref(),
            sign_key.as_deref(),
        ),
        BundleCmd::Import {
            files,
            identity,
            passphrase_file,
        } => import(env, files, identity.as_deref(), passphrase_file.as_deref()),
        BundleCmd::List { json } => list(env, *json),
        BundleCmd::Trust(cmd) => trust(env, cmd),
    }
}

fn export(
    env: &Env,
    (to, pass): (&Option<String>, &Option<PathBuf>),
    out: &Path,
    all: bool,
    unit: Option<&str>,
    sign_key: Option<&Path>,
) -> anyhow::Result<i32> {
    if !env.db.exists() {
        bail!(tf("cli.db.missing", &[("path", shown(&env.db))]));
    }
    let Some(lock) = lock(to.as_deref(), pass.as_deref())? else {
        bail!(t("bundle.export.needs_to"));
    };
    let key = super::keys::sign_key(sign_key)?;
    let mut store = Store::open(&env.db)
        .with_context(|| tf("cli.db.cannot_open", &[("path", shown(&env.db))]))?;
    let unit = unit_name(&mut store, unit)?;
    let body = body(&store, &unit, all, env.today)?;
    let recipient = lock.recipient();
    let plain = payload::write_signed(
        payload::REGISTER,
        &body,
        key.as_ref().map(|k| (k, recipient.as_str())),
    )?;
    let n = body.total.total as usize;
    let note = ExportNote {
        what: "bundle".into(),
        format: "age".into(),
        case: None,
        rows: n,
        kind: Some(body.kind.code().into()),
    };
    write_recorded(&mut store, out, &note, |w| {
        seal::encrypt(&lock, &mut &plain[..], w)?;
        Ok(n)
    })?;
    let msg = tf(
        "bundle.export.done",
        &[
            ("path", shown(out)),
            ("unit", unit.clone()),
            ("n", n.to_string()),
            ("at", body.exported_at.clone()),
        ],
    );
    let signed = signed_note(key.as_ref());
    if is_stdout(out) {
        eprintln!("{msg}");
    } else {
        println!("{msg}");
    }
    eprintln!("{signed}");
    super::common::export_receipt(out, &store)?;
    Ok(0)
}

/// `--unit`, else the name recorded at an earlier export, else the only
/// committee of the file. A first `--unit` is recorded; another one later
/// is refused (a slice is known by its unit's name).
pub(super) fn unit_name(store: &mut Store, given: Option<&str>) -> anyhow::Result<String> {
    let recorded = store.meta_get(UNIT_KEY)?;
    let given = given.map(str::trim).filter(|s| !s.is_empty());
    if let Some(g) = given
        && let Some(bad) = crate::domain::text::first_forbidden(g, false)
    {
        bail!(tf(
            "bundle.export.bad_unit",
            &[("char", crate::domain::text::code_point(bad.1))]
        ));
    }
    match (given, recorded) {
        (Some(g), Some(r)) if g != r => bail!(tf(
            "bundle.export.unit_differs",
            &[("given", g.to_string()), ("recorded", r)]
        )),
        (_, Some(r)) => Ok(r),
        (Some(g), None) => {
            let tx = store.begin()?;
            tx.meta_set(UNIT_KEY, g)?;
            tx.commit()?;
            Ok(g.to_string())
        }
        (None, None) => match store.committees()?.as_slice() {
            [one] => Ok(one.clone()),
            _ => bail!(t("bundle.export.needs_unit")),
        },
    }
}

fn body(store: &Store, unit: &str, all: bool, today: chrono::NaiveDate) -> anyhow::Result<Body> {
    let (mut members, mut cases) = (Vec::new(), Vec::new());
    if all {
        let mut ids = Vec::new();
        store.register_rows::<anyhow::Error>(&[], |r| {
            // A case handed over goes up with the unit that now holds it.
            if store.handed(r.row.id)?.is_none() {
                ids.push(r.row.id);
            }
            Ok(())
        })?;
        for id in ids {
            let case = store.load_case(id)?;
            let history = store.audit(Some(id))?;
            cases.push(CaseLine { case, history });
        }
    } else {
        store.register_rows::<anyhow::Error>(super::export::NOT_REACHED, |r| {
            if store.handed(r.row.id)?.is_some() {
                return Ok(());
            }
            members.push(RegisterLine {
                member: r.member,
                status: r.row.status,
                status_since: r.status_since,
                next_due: r.row.next_due,
                next_kind: r.row.next_kind,
            });
            Ok(())
        })?;
    }
    let kind = if all { Kind::All } else { Kind::Register };
    let rows: Vec<_> = match kind {
        Kind::Register => members.iter().map(|l| (&l.member, l.status)).collect(),
        Kind::All => cases
            .iter()
            .map(|c| (&c.case.member, c.case.status))
            .collect(),
    };
    let (total, branches) =
        payload::counts(rows.into_iter()).ok_or_else(|| anyhow::anyhow!("count overflow"))?;
    let chain_head = store.chain_head()?.map(|(seq, hash)| ChainHead {
        receipt: crate::store::digest::receipt(seq, &hash),
        seq,
        hash,
    });
    Ok(Body {
        marking: MARKING.to_string(),
        kind,
        unit: unit.to_string(),
        exported_at: crate::store::now_utc(),
        today,
        chain_head,
        total,
        branches,
        members,
        cases,
    })
}

fn import(
    env: &Env,
    files: &[PathBuf],
    identity: Option<&Path>,
    pass: Option<&Path>,
) -> anyhow::Result<i32> {
    let Some(unlock) = unlock(identity, pass).context(t("bundle.import.nothing_written"))? else {
        bail!(t("bundle.import.needs_identity"));
    };
    let mut ws = env.open_or_create()?;
    let names: Vec<String> = files.iter().map(|f| shown(f)).collect();
    // One transaction for every file (docs/COMPILE.md): all or nothing.
    match ws.import_files(files, &unlock) {
        Ok(done) => {
            for d in &done {
                println!("{}", done_message(d));
            }
            super::common::print_receipt(ws.store().receipt()?.as_deref());
            Ok(0)
        }
        Err(ImportError::Refused(refused)) => {
            for (i, e) in &refused {
                let why = tf(
                    "bundle.import.refused",
                    &[
                        ("path", names.get(*i).cloned().unwrap_or_default()),
                        ("reason", with_causes(e)),
                    ],
                );
                eprintln!("{}{why}", t("cli.error_prefix"));
            }
            eprintln!(
                "{}{}",
                t("cli.error_prefix"),
                tf(
                    "bundle.import.none_loaded",
                    &[
                        ("n", refused.len().to_string()),
                        ("of", files.len().to_string())
                    ]
                )
            );
            Ok(1)
        }
        Err(ImportError::Store(e)) => {
            Err(anyhow::Error::from(e).context(t("bundle.import.nothing_written")))
        }
    }
}

/// A refusal with the errors it wraps, as `{:#}` shows an anyhow chain.
fn with_causes(e: &SliceError) -> String {
    let mut out = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cause = c.source();
    }
    out
}

fn done_message(done: &Loaded) -> String {
    let s = &done.slice;
    let mut msg = tf(
        "bundle.import.done",
        &[
            ("unit", s.unit.clone()),
            ("n", s.cases.to_string()),
            ("at", crate::clock::local(&s.exported_at)),
            ("head", s.chain_head.clone().unwrap_or_else(|| "-".into())),
        ],
    );
    if let Some(n) = done.replaced {
        msg.push_str(&tf("bundle.import.replaced", &[("n", n.to_string())]));
    }
    msg.push_str(&tf(
        "bundle.import.signer",
        &[("signer", done.provenance.shown())],
    ));
    msg
}

fn list(env: &Env, json: bool) -> anyhow::Result<i32> {
    let ws = env.open_read()?;
    let slices = ws.store().slices()?;
    let mut signers = Vec::with_capacity(slices.len());
    for sl in &slices {
        signers.push(crate::app::trust::slice_signer(
            ws.store(),
            &sl.unit,
            &sl.digest,
        )?);
    }
    if json {
        // Each slice with its `signer` (null: not recorded).
        let mut rows = Vec::with_capacity(slices.len());
        for (sl, sg) in slices.iter().zip(&signers) {
            let mut v = serde_json::to_value(sl)?;
            v["signer"] = serde_json::to_value(sg)?;
            rows.push(v);
        }
        print_json(&rows)?;
        return Ok(0);
    }
    if !ws.is_compiled() {
        println!("{}", t("bundle.list.not_compiled"));
        return Ok(0);
    }
    let mut table = Table::new(&[
        t("bundle.list.unit"),
        t("bundle.list.kind"),
        t("bundle.list.exported"),
        t("bundle.list.head"),
        t("bundle.list.signer"),
        t("bundle.list.cases"),
        t("bundle.list.imported"),
        t("bundle.list.digest"),
    ]);
    for (s, sg) in slices.iter().zip(&signers) {
        table.row(vec![
            truncate(&s.unit, 30),
            t(&format!("bundle.kind.{}", s.kind)).to_string(),
            crate::clock::local(&s.exported_at),
            s.chain_head.clone().unwrap_or_default(),
            sg.as_ref()
                .map_or_else(|| t("bundle.sign.shown_unknown").to_string(), |p| p.short()),
            s.cases.to_string(),
            crate::clock::local(&s.imported_at),
            s.digest.chars().take(16).collect(),
        ]);
    }
    print!("{}", table.render());
    let total: u64 = slices.iter().map(|s| s.cases).sum();
    println!(
        "{}",
        tf(
            "bundle.list.count",
            &[
                ("units", slices.len().to_string()),
                ("n", total.to_string())
            ]
        )
    );
    Ok(0)
}

/// What the export said of its signature (on standard error).
fn signed_note(key: Option<&sign::SignKey>) -> String {
    match key {
        Some(k) => tf("bundle.export.signed", &[("fp", k.public().fingerprint())]),
        None => t("bundle.export.unsigned").to_string(),
    }
}

fn trust(env: &Env, cmd: &TrustCmd) -> anyhow::Result<i32> {
    match cmd {
        TrustCmd::Add { unit, key, replace } => {
            let unit = unit.trim();
            payload::check_unit(unit)?;
            let key = sign::PublicKey::parse(key)?;
            let mut ws = env.open_or_create()?;
            let old = ws.pin_key(unit, &key, *replace)?;
            let mut msg = tf(
                "bundle.trust.added",
                &[("unit", unit.to_string()), ("fp", key.fingerprint())],
            );
            if let Some(o) = old.filter(|o| *o != key.fingerprint()) {
                msg.push_str(&tf("bundle.trust.replaced", &[("fp", o)]));
            }
            println!("{msg}");
            super::common::print_receipt(ws.store().receipt()?.as_deref());
        }
        TrustCmd::Remove { unit } => {
            let unit = unit.trim();
            payload::check_unit(unit)?;
            let mut ws = env.open()?;
            let fp = ws.unpin_key(unit)?;
            println!(
                "{}",
                tf(
                    "bundle.trust.removed",
                    &[("unit", unit.to_string()), ("fp", fp)]
                )
            );
            super::common::print_receipt(ws.store().receipt()?.as_deref());
        }
        TrustCmd::List { json } => {
            let ws = env.open_read()?;
            let pins = crate::app::trust::pins(ws.store())?;
            if *json {
                print_json(&pins)?;
                return Ok(0);
            }
            if pins.is_empty() {
                println!("{}", t("bundle.trust.none"));
                return Ok(0);
            }
            let mut table = Table::new(&[
                t("bundle.list.unit"),
                t("bundle.trust.fingerprint"),
                t("bundle.trust.key"),
            ]);
            for p in &pins {
                table.row(vec![
                    truncate(&crate::domain::text::escape_line(&p.unit), 30),
                    p.fingerprint.clone(),
                    p.key.clone(),
                ]);
            }
            print!("{}", table.render());
        }
    }
    Ok(0)
}
