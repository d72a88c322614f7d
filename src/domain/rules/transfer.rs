//! Transfer of the relationship and retention for members abroad [N二].

use super::Ctx;
use super::common::*;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub fn record_transfer(
    case: &mut Case,
    to_org: &str,
    letter_no: &str,
    issued: NaiveDate,
    reissued: bool,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    contact_regained(case)?;
    plain_date(case, issued, ctx)?;
    require_text(to_org, "to_org_required")?;
    require_text(letter_no, "letter_no_required")?;
    if case
        .transfers
        .iter()
        .any(|t| t.letter_no == letter_no.trim())
    {
        return Err(Refusal::new("letter_no_duplicate", "N二").arg("letter_no", letter_no));
    }
    case.transfers.push(Transfer {
        id: None,
        to_org: to_org.trim().to_string(),
        letter_no: letter_no.trim().to_string(),
        issued,
        reissued,
        received: None,
    });
    Ok(())
}

pub fn letter_receipt(
    case: &mut Case,
    letter_no: &str,
    date: NaiveDate,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    plain_date(case, date, ctx)?;
    let no = letter_no.trim();
    let Some(t) = case.transfers.iter_mut().find(|t| t.letter_no == no) else {
        return Err(Refusal::new("letter_unknown", "N二").arg("letter_no", no));
    };
    if t.received.is_some() {
        return Err(Refusal::new("letter_already_received", "N二").arg("letter_no", no));
    }
    if date < t.issued {
        return Err(Refusal::new("receipt_before_issue", "N二")
            .arg("date", date)
            .arg("issued", t.issued));
    }
    t.received = Some(date);
    Ok(())
}

/// Only members abroad for study, work or residence keep their relationship;
/// members settled abroad do not [N二, N四].
pub fn record_retention(
    case: &mut Case,
    date: NaiveDate,
    doc_no: &str,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    contact_regained(case)?;
    plain_date(case, date, ctx)?;
    match case.member.abroad {
        Abroad::Study | Abroad::Work | Abroad::Residence => {}
        Abroad::Settled => return Err(Refusal::new("retention_settled", "N二")),
        Abroad::No => return Err(Refusal::new("retention_not_abroad", "N二")),
    }
    require_text(doc_no, "retention_doc_no_required")?;
    case.retentions.push(Retention {
        id: None,
        date,
        doc_no: doc_no.to_string(),
        note: note.to_string(),
    });
    Ok(())
}
