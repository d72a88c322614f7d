//! Searching while lost, regaining contact, and bringing a regained member
//! into a branch [N一, N二].

use super::Ctx;
use super::common::*;
use crate::domain::model::*;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub fn update_contact(
    case: &mut Case,
    phone: &str,
    address: &str,
    employer: &str,
    abroad: Abroad,
) -> Result<(), Refusal> {
    let m = &mut case.member;
    m.phone = phone.to_string();
    m.address = address.to_string();
    m.employer = employer.to_string();
    m.abroad = abroad;
    Ok(())
}

pub struct SearchIn<'a> {
    pub date: NaiveDate,
    pub channel: Channel,
    pub who: &'a str,
    pub result: SearchResult,
    pub note: &'a str,
}

/// Searching goes on while lost and during a suspension [N一, N四].
pub fn record_search(case: &mut Case, s: SearchIn, ctx: &Ctx) -> Result<(), Refusal> {
    if !matches!(case.status, Status::Lost | Status::Suspended) {
        return Err(
            Refusal::new("search_wrong_status", "N一").arg("status", lbl(case.status.label_key()))
        );
    }
    after_last_contact(case, s.date, ctx)?;
    require_text(s.who, "who_required")?;
    case.searches.push(SearchRecord {
        id: None,
        date: s.date,
        channel: s.channel,
        who: s.who.to_string(),
        result: s.result,
        note: s.note.to_string(),
    });
    Ok(())
}

/// From Lost the member becomes Regained; the regained date is a milestone
/// (`Case::regained_on`), the last contact stays as it was. During a suspension the status
/// stays Suspended (only the restoration track can lift it, N四) and the
/// contact is recorded as a milestone. A suspension track still under way
/// when a lost member is reached no longer applies and is closed, not completed.
pub fn regain_contact(
    case: &mut Case,
    date: NaiveDate,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    if !matches!(case.status, Status::Lost | Status::Suspended) {
        return Err(
            Refusal::new("regain_wrong_status", "N二").arg("status", lbl(case.status.label_key()))
        );
    }
    after_last_contact(case, date, ctx)?;
    after_status(case, date, ctx)?;
    if case.status == Status::Lost {
        if let Some(i) = open_index(case) {
            let t = &mut case.tracks[i];
            if matches!(t.kind, TrackKind::Suspension | TrackKind::SuspensionAbroad) {
                t.closed = Some(date.max(t.started));
                t.completed = false;
            }
        }
        set_status(case, Status::Regained, date);
    }
    // The date of last contact is history: regaining contact records its
    // own date beside it (DOMAIN.md "Who a member is"), never over it.
    push_milestone(case, date, MilestoneKind::ContactRegained, note);
    Ok(())
}

pub fn place_in_branch(
    case: &mut Case,
    date: NaiveDate,
    branch: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    contact_regained(case)?;
    plain_date(case, date, ctx)?;
    require_text(branch, "branch_required")?;
    case.member.branch = branch.to_string();
    push_milestone(case, date, MilestoneKind::PlacedInBranch, branch);
    Ok(())
}

pub fn record_conduct(
    case: &mut Case,
    check: ConductCheck,
    date: NaiveDate,
    result: CheckResult,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    contact_regained(case)?;
    plain_date(case, date, ctx)?;
    if result == CheckResult::NotPossible && note.trim().is_empty() {
        return Err(
            Refusal::new("conduct_reason_required", "N二").arg("check", lbl(check.label_key()))
        );
    }
    case.conduct.push(ConductRecord {
        id: None,
        check,
        date,
        result,
        note: note.to_string(),
    });
    Ok(())
}

pub fn refer(case: &mut Case, date: NaiveDate, note: &str, ctx: &Ctx) -> Result<(), Refusal> {
    contact_regained(case)?;
    plain_date(case, date, ctx)?;
    case.referrals.push(Referral {
        id: None,
        date,
        note: note.to_string(),
        outcome_date: None,
        outcome: None,
        outcome_note: String::new(),
    });
    Ok(())
}

/// The referral comes back (2024 办法 Art.4): membership ended (开除党籍)
/// closes the case with that outcome; a lesser discipline bars 限期改正, 劝退
/// and 除名 for the matter but allows normal management; "nothing found"
/// clears the violation findings by new entries (the old ones stay).
pub fn referral_outcome(
    case: &mut Case,
    date: NaiveDate,
    outcome: ReferralOutcome,
    note: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    plain_date(case, date, ctx)?;
    let Some(r) = case.referrals.iter_mut().find(|r| r.outcome_date.is_none()) else {
        return Err(Refusal::new("no_pending_referral", "2024 办法 Art.4"));
    };
    if date < r.date {
        return Err(Refusal::new("date_before_referral", "2024 办法 Art.4")
            .arg("date", date)
            .arg("referred", r.date));
    }
    r.outcome_date = Some(date);
    r.outcome = Some(outcome);
    r.outcome_note = note.to_string();
    push_milestone(case, date, MilestoneKind::ReferralReturned, outcome.code());
    match outcome {
        ReferralOutcome::Expelled => {
            if let Some(i) = open_index(case) {
                let t = &mut case.tracks[i];
                t.closed = Some(date.max(t.started));
                t.completed = false;
            }
            set_status(case, Status::Expelled, date);
        }
        ReferralOutcome::NothingFound => {
            let found: Vec<ConductCheck> = super::facts::latest_conduct(case)
                .into_iter()
                .filter(|r| r.result == CheckResult::Violation)
                .map(|r| r.check)
                .collect();
            for check in found {
                case.conduct.push(ConductRecord {
                    id: None,
                    check,
                    date,
                    result: CheckResult::Clear,
                    note: note.to_string(),
                });
            }
        }
        ReferralOutcome::Lesser => {}
    }
    Ok(())
}
