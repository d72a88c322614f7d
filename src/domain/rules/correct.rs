//! A correction of an earlier audit entry ("a correction is a new entry that
//! says what it corrects; nothing is deleted outright"). The store looks the
//! entry up; this rule decides whether the correction may be recorded.

use super::super::model::{Case, CaseId};
use super::super::refusal::Refusal;

/// What the store found under the corrected seq: `None` when there is no
/// such entry, else the case it belongs to (`None` for entries of no case).
pub type Target = Option<Option<CaseId>>;

/// Refuse an empty note, a seq that does not exist, or an entry of another case.
pub fn check_correction(
    case: &Case,
    audit_seq: i64,
    target: Target,
    note: &str,
) -> Result<(), Refusal> {
    if note.trim().is_empty() {
        return Err(Refusal::new("correction_note_required", "审计"));
    }
    let Some(owner) = target else {
        return Err(Refusal::new("correction_no_entry", "审计").arg("seq", audit_seq));
    };
    if owner != Some(case.id) {
        let other = owner.map(|c| c.to_string()).unwrap_or_else(|| "-".into());
        return Err(Refusal::new("correction_other_case", "审计")
            .arg("seq", audit_seq)
            .arg("case", case.id)
            .arg("other", other));
    }
    Ok(())
}
