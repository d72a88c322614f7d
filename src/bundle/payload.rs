//! The plain text inside a bundle (docs/FORMATS.md, "Bundles"): one header
//! line of JSON naming the format, its version, the marking and the digest,
//! then the body, whose exact bytes the digest (sha256) covers. The body
//! carries the unit, the export time, the unit's audit chain head, the
//! counts and the rows; the whole file is then encrypted with age.

use crate::domain::deadline::DeadlineKind;
use crate::domain::model::{Case, Member, Status};
use crate::i18n::{t, tf};
use crate::papers::MARKING;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const FORMAT: &str = "shilian-bundle";
/// The body version this program writes and reads.
pub const VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The N五 register: every member not yet reached.
    Register,
    /// Every case with its records and history (`--all`).
    All,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Register => "register",
            Kind::All => "all",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub marking: String,
    /// `register` (a unit's register bundle) or `handover` (one case moved).
    pub content: String,
    /// sha256 (hex) of the body's bytes.
    pub digest: String,
    /// The unit's signing public key (`shiliansign1…`); the three signature
    /// fields are all present or all absent (an unsigned file, and every
    /// file written before signatures). `bundle::sign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// Ed25519 signature (hex) of `bundle::sign::message(content, recipient, digest)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The recipient the signer encrypted to: the age public key, or `passphrase`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
}

impl Header {
    /// The signature fields, for `bundle::sign::verify`.
    pub fn seal_fields(&self) -> (Option<&str>, Option<&str>, Option<&str>) {
        (
            self.signer.as_deref(),
            self.signature.as_deref(),
            self.recipient.as_deref(),
        )
    }
}

pub const REGISTER: &str = "register";
pub const HANDOVER: &str = "handover";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
    pub receipt: String,
}

/// Counts of one branch, or of the whole bundle (committee/branch empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub committee: String,
    pub branch: String,
    pub total: u64,
    pub status: BTreeMap<String, u64>,
    pub focus_area: BTreeMap<String, u64>,
}

impl Counts {
    fn add(&mut self, m: &Member, status: Status) -> Option<()> {
        self.total = self.total.checked_add(1)?;
        let s = self.status.entry(status.code().to_string()).or_default();
        *s = s.checked_add(1)?;
        let f = self
            .focus_area
            .entry(m.focus_area.code().to_string())
            .or_default();
        *f = f.checked_add(1)?;
        Some(())
    }
}

/// One line of the register: the member with its status and the unit's
/// next deadline for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterLine {
    pub member: Member,
    pub status: Status,
    pub status_since: NaiveDate,
    pub next_due: Option<NaiveDate>,
    pub next_kind: Option<DeadlineKind>,
}

/// One whole case with its audit entries (`--all`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseLine {
    pub case: Case,
    pub history: Vec<crate::store::AuditEntry>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Body {
    pub marking: String,
    pub kind: Kind,
    pub unit: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`; a unit's later bundle has a later time.
    pub exported_at: String,
    /// The unit's `--today` at export.
    pub today: NaiveDate,
    pub chain_head: Option<ChainHead>,
    pub total: Counts,
    pub branches: Vec<Counts>,
    /// Register lines (kind register), in committee, branch, id order.
    #[serde(default)]
    pub members: Vec<RegisterLine>,
    /// Whole cases (kind all).
    #[serde(default)]
    pub cases: Vec<CaseLine>,
}

impl Body {
    /// Each row's register line (for `all`, from the whole case).
    /// How many rows `lines` gives.
    pub fn lines_len(&self) -> usize {
        match self.kind {
            Kind::Register => self.members.len(),
            Kind::All => self.cases.len(),
        }
    }

    pub fn lines(&self) -> Vec<(Member, Status, NaiveDate)> {
        match self.kind {
            Kind::Register => self
                .members
                .iter()
                .map(|l| (l.member.clone(), l.status, l.status_since))
                .collect(),
            Kind::All => self
                .cases
                .iter()
                .map(|c| (c.case.member.clone(), c.case.status, c.case.status_since))
                .collect(),
        }
    }
}

/// The counts of `rows` in total and per (committee, branch), in order.
/// None on an overflow (a count from input never wraps).
pub fn counts<'a>(
    rows: impl Iterator<Item = (&'a Member, Status)>,
) -> Option<(Counts, Vec<Counts>)> {
    let mut total = Counts::default();
    let mut by: BTreeMap<(String, String), Counts> = BTreeMap::new();
    for (m, s) in rows {
        total.add(m, s)?;
        let key = (m.committee.clone(), m.branch.clone());
        let c = by.entry(key.clone()).or_insert_with(|| Counts {
            committee: key.0,
            branch: key.1,
            ..Counts::default()
        });
        c.add(m, s)?;
    }
    Some((total, by.into_values().collect()))
}

/// Why a decrypted bundle is refused.
#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    #[error("{}", t("bundle.payload.not_a_bundle"))]
    NotABundle,
    #[error("{}", tf("bundle.payload.version", &[("found", .0.to_string()), ("supported", VERSION.to_string())]))]
    Version(u32),
    #[error("{}", t("bundle.payload.digest"))]
    Digest,
    #[error("{}", tf("bundle.payload.body", &[("detail", .0.clone())]))]
    Body(String),
    #[error("{}", t("bundle.payload.counts"))]
    Counts,
    /// A handover file given as a register bundle, or the reverse.
    #[error("{}", tf("bundle.payload.content", &[("found", .0.clone()), ("expected", .1.to_string())]))]
    Content(String, &'static str),
}

/// The plain bytes of a bundle: header line, then the body.
pub fn write(body: &Body) -> serde_json::Result<Vec<u8>> {
    write_doc(REGISTER, body)
}

/// The plain bytes of any document of the format: header line naming
/// `content`, then the body's JSON, which the header's digest covers.
pub fn write_doc<T: Serialize>(content: &str, body: &T) -> serde_json::Result<Vec<u8>> {
    write_signed(content, body, None)
}

/// As `write_doc`, signed with `sign`'s key for its recipient when given
/// (the key, and the recipient: `seal::Lock::recipient`).
pub fn write_signed<T: Serialize>(
    content: &str,
    body: &T,
    sign: Option<(&crate::bundle::sign::SignKey, &str)>,
) -> serde_json::Result<Vec<u8>> {
    let bytes = serde_json::to_vec(body)?;
    let digest = crate::store::digest::hex(&Sha256::digest(&bytes));
    let seal = sign.map(|(key, recipient)| key.seal(content, recipient, &digest));
    let header = Header {
        format: FORMAT.to_string(),
        version: VERSION,
        marking: MARKING.to_string(),
        content: content.to_string(),
        digest,
        signer: seal.as_ref().map(|s| s.signer.clone()),
        signature: seal.as_ref().map(|s| s.signature.clone()),
        recipient: seal.map(|s| s.recipient),
    };
    let mut out = serde_json::to_vec(&header)?;
    out.push(b'\n');
    out.extend_from_slice(&bytes);
    Ok(out)
}

/// Parse plain bytes of `content`: the header, the digest over the body,
/// and the body.
pub fn read_doc<T: serde::de::DeserializeOwned>(
    plain: &[u8],
    content: &'static str,
) -> Result<(Header, T), PayloadError> {
    let nl = plain
        .iter()
        .position(|b| *b == b'\n')
        .ok_or(PayloadError::NotABundle)?;
    let header: Header =
        serde_json::from_slice(&plain[..nl]).map_err(|_| PayloadError::NotABundle)?;
    if header.format != FORMAT {
        return Err(PayloadError::NotABundle);
    }
    if header.version != VERSION {
        return Err(PayloadError::Version(header.version));
    }
    if header.content != content {
        return Err(PayloadError::Content(header.content.clone(), content));
    }
    let bytes = &plain[nl + 1..];
    if crate::store::digest::hex(&Sha256::digest(bytes)) != header.digest {
        return Err(PayloadError::Digest);
    }
    let body: T = serde_json::from_slice(bytes).map_err(|e| PayloadError::Body(e.to_string()))?;
    Ok((header, body))
}

/// A unit's name: not empty, no control character.
pub fn check_unit(unit: &str) -> Result<(), PayloadError> {
    if unit.trim().is_empty() || crate::domain::text::first_forbidden(unit, false).is_some() {
        return Err(PayloadError::Body(t("bundle.payload.bad_unit").to_string()));
    }
    Ok(())
}

/// Parse and check a register bundle: the header, the digest over the
/// body, the body, and that its counts are those of its rows.
pub fn read(plain: &[u8]) -> Result<(Header, Body), PayloadError> {
    let (header, body): (Header, Body) = read_doc(plain, REGISTER)?;
    check_unit(&body.unit)?;
    let lines = body.lines();
    let (total, branches) =
        counts(lines.iter().map(|(m, s, _)| (m, *s))).ok_or(PayloadError::Counts)?;
    if total != body.total || branches != body.branches {
        return Err(PayloadError::Counts);
    }
    Ok((header, body))
}
