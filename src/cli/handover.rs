//! `shilian handover export ID --to PUBKEY --dest NAME --out FILE` and
//! `shilian handover import FILE --identity KEY` (issue 16 item 5): one
//! case moves to another committee's database with its whole history.

use super::common::{Env, shown};
use super::keys::{lock, unlock};
use crate::bundle::handover::Handover;
use crate::bundle::payload::{self, HANDOVER};
use crate::bundle::sign::{self, Provenance};
use crate::bundle::{seal, write_new};
use crate::i18n::{t, tf};
use crate::papers::MARKING;
use anyhow::{Context, bail};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum HandoverCmd {
    /// Move one case with its records and audit entries to another committee's database
    Export {
        #[arg(value_parser = super::case_id())]
        id: i64,
        /// The receiving committee's public key (age1..., or a file holding it)
        #[arg(long, value_name = "PUBKEY")]
        to: Option<String>,
        /// Encrypt with the passphrase on the first line of FILE instead
        #[arg(long, value_name = "FILE", conflicts_with = "to")]
        passphrase_file: Option<PathBuf>,
        /// The receiving committee (kept with the case here)
        #[arg(long, value_name = "NAME")]
        dest: String,
        /// File to write (must not exist yet)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// This unit's name [default: the one recorded, else the only committee]
        #[arg(long, value_name = "NAME")]
        unit: Option<String>,
        /// This unit's signing key (keygen --sign) [default: $SHILIAN_SIGN_KEY, else sign_key in the config file; none: unsigned]
        #[arg(long, value_name = "FILE")]
        sign_key: Option<PathBuf>,
    },
    /// Take in a case handed over from another committee's database
    Import {
        file: PathBuf,
        /// This committee's secret key file
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Decrypt with the passphrase on the first line of FILE
        #[arg(long, value_name = "FILE", conflicts_with = "identity")]
        passphrase_file: Option<PathBuf>,
    },
}

pub fn run(env: &Env, cmd: &HandoverCmd) -> anyhow::Result<i32> {
    match cmd {
        HandoverCmd::Export {
            id,
            to,
            passphrase_file,
            dest,
            out,
            unit,
            sign_key,
        } => export(
            env,
            *id,
            (to, passphrase_file),
            dest,
            out,
            (unit.as_deref(), sign_key.as_deref()),
        ),
        HandoverCmd::Import {
            file,
            identity,
            passphrase_file,
        } => import(env, file, identity.as_deref(), passphrase_file.as_deref()),
    }
}

type LockArgs<'a> = (&'a Option<String>, &'a Option<PathBuf>);

fn export(
    env: &Env,
    id: i64,
    (to, pass): LockArgs<'_>,
    dest: &str,
    out: &Path,
    (unit, sign_key): (Option<&str>, Option<&Path>),
) -> anyhow::Result<i32> {
    let Some(lock) = lock(to.as_deref(), pass.as_deref())? else {
        bail!(t("bundle.export.needs_to"));
    };
    let key = super::keys::sign_key(sign_key)?;
    let recipient = lock.recipient();
    let dest = dest.trim();
    payload::check_unit(dest)?;
    if out.exists() || out.symlink_metadata().is_ok() {
        bail!(tf("cli.export.exists", &[("path", shown(out))]));
    }
    let mut ws = env.open()?;
    let unit = super::bundle::unit_name(ws.store_mut(), unit)?;
    let (path, seq) = ws.hand_over(id, dest, |case, rows| {
        let body = Handover {
            marking: MARKING.to_string(),
            unit: unit.clone(),
            to: dest.to_string(),
            exported_at: crate::store::now_utc(),
            case: case.clone(),
            history: rows.to_vec(),
        };
        let plain = payload::write_signed(
            HANDOVER,
            &body,
            key.as_ref().map(|k| (k, recipient.as_str())),
        )?;
        write_new(out, |w| Ok(seal::encrypt(&lock, &mut &plain[..], w)?))
            .with_context(|| tf("cli.export.cannot_write", &[("path", shown(out))]))?;
        Ok(out.to_path_buf())
    })?;
    println!(
        "{}",
        tf(
            "bundle.handover.sent",
            &[
                ("case", id.to_string()),
                ("to", dest.to_string()),
                ("path", shown(&path)),
                ("seq", seq.to_string()),
            ]
        )
    );
    eprintln!(
        "{}",
        match &key {
            Some(k) => tf("bundle.export.signed", &[("fp", k.public().fingerprint())]),
            None => t("bundle.export.unsigned").to_string(),
        }
    );
    super::common::print_receipt(ws.store().receipt()?.as_deref());
    Ok(0)
}

fn import(
    env: &Env,
    file: &Path,
    identity: Option<&Path>,
    pass: Option<&Path>,
) -> anyhow::Result<i32> {
    let refused = || tf("bundle.handover.refused", &[("path", shown(file))]);
    let run = || -> anyhow::Result<(i64, Handover, Provenance, Option<String>)> {
        let Some(unlock) = unlock(identity, pass)? else {
            bail!(t("bundle.import.needs_identity"));
        };
        let mut input = std::fs::File::open(file)
            .with_context(|| tf("cli.read_failed", &[("path", shown(file))]))?;
        let mut plain = Vec::new();
        seal::decrypt(&unlock, &mut input, &mut plain)?;
        let (header, body): (_, Handover) = payload::read_doc(&plain, HANDOVER)?;
        payload::check_unit(&body.unit)?;
        let signer = sign::verify(
            &body.unit,
            &header.content,
            &header.digest,
            &unlock.recipient(),
            header.seal_fields(),
        )?;
        let mut ws = env.open()?;
        let (id, prov) = ws.take_over(&body, &header.digest, &signer, env.today)?;
        Ok((id, body, prov, ws.store().receipt()?))
    };
    let (id, body, prov, receipt) = run().with_context(refused)?;
    println!(
        "{}",
        tf(
            "bundle.handover.received",
            &[
                ("case", id.to_string()),
                ("name", body.case.member.name.clone()),
                ("from", body.unit.clone()),
                ("n", body.history.len().to_string()),
            ]
        )
    );
    println!(
        "{}",
        tf("bundle.handover.signer", &[("signer", prov.shown())])
    );
    super::common::print_receipt(receipt.as_deref());
    Ok(0)
}
