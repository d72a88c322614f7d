//! A meeting's vote: checked arithmetic, quorum and majority (中组部 rule on
//! 支部大会), and the member's signature on a 处置决议 [N三(3)]. A vote that
//! does not pass is returned as a decision with `passed = false`: it is kept.

use super::Ctx;
use super::common::{lbl, name_of, static_source};
use super::item::ItemIn;
use crate::domain::model::{Case, Decision, RecordId, Signature};
use crate::domain::procedure::ItemDef;
use crate::domain::refusal::Refusal;

const RULE: &str = "支部大会议事规则";

pub fn check_vote(
    _case: &Case,
    it: &ItemDef,
    track_id: RecordId,
    x: &ItemIn,
    ctx: &Ctx,
) -> Result<Decision, Refusal> {
    let Some(v) = x.vote else {
        return Err(Refusal::new("vote_required", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en)));
    };
    let m = &ctx.policy.meeting;
    if v.due == 0 {
        return Err(Refusal::new("vote_due_zero", RULE));
    }
    if v.attending > v.due {
        return Err(Refusal::new("vote_attending_exceeds_due", RULE)
            .arg("attending", v.attending)
            .arg("due", v.due));
    }
    let Some(cast) = v
        .votes_for
        .checked_add(v.against)
        .and_then(|n| n.checked_add(v.abstaining))
    else {
        return Err(Refusal::new("vote_count_overflow", RULE)
            .arg("for", v.votes_for)
            .arg("against", v.against)
            .arg("abstaining", v.abstaining));
    };
    if cast > v.attending {
        return Err(Refusal::new("vote_count_exceeds_attending", RULE)
            .arg("cast", cast)
            .arg("attending", v.attending));
    }
    if f64::from(v.attending) <= m.quorum_share * f64::from(v.due) {
        return Err(Refusal::new("vote_no_quorum", RULE)
            .arg("attending", v.attending)
            .arg("due", v.due));
    }
    let passed = f64::from(v.votes_for) > m.pass_share * f64::from(v.due);
    let signature = check_signature(it, x, passed)?;
    Ok(Decision {
        id: None,
        track_id,
        meeting_date: x.date,
        due: v.due,
        attending: v.attending,
        votes_for: v.votes_for,
        against: v.against,
        abstaining: v.abstaining,
        signature,
        signature_note: v.signature_note.trim().to_string(),
        passed,
    })
}

/// The member signs a 处置决议 that passed, or the branch notes why not;
/// other decisions (a member who cannot be found) carry no signature.
fn check_signature(it: &ItemDef, x: &ItemIn, passed: bool) -> Result<Option<Signature>, Refusal> {
    let Some(v) = x.vote else { return Ok(None) };
    if !it.signature {
        if v.signature.is_some() {
            return Err(Refusal::new("signature_not_applicable", "N三(3)")
                .arg("item", name_of(&it.name_zh, &it.name_en)));
        }
        return Ok(None);
    }
    if !passed {
        return Ok(v.signature);
    }
    match v.signature {
        None => Err(Refusal::new("signature_required", "N三(3)")),
        Some(s) if s != Signature::Signed && v.signature_note.trim().is_empty() => {
            Err(Refusal::new("signature_note_required", "N三(3)")
                .arg("signature", lbl(s.label_key())))
        }
        Some(s) => Ok(Some(s)),
    }
}
