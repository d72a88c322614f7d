//! Attempts of a track's items (全程纪实): a failed vote, a disagreeing
//! pre-review or a refused approval is kept as a rejected record, and the
//! track goes back to its `revise_from` item: that item and every later one
//! are done again in the next attempt, while the records before it stand.

use super::common::{name_of, static_source};
use crate::domain::model::{Body, Case, ItemOutcome, ItemRecord, RecordId};
use crate::domain::procedure::{ItemDef, TrackDef};
use crate::domain::refusal::Refusal;

/// The attempt now under way: 1 plus the rejected records of the track.
pub fn current_attempt(case: &Case, track_id: RecordId) -> u32 {
    let rejected = case
        .items_of(track_id)
        .filter(|r| r.outcome == Some(ItemOutcome::Rejected))
        .count();
    u32::try_from(rejected).unwrap_or(u32::MAX - 1) + 1
}

/// Whether a stored record still counts as done in attempt `attempt`.
pub fn counts_now(def: &TrackDef, r: &ItemRecord, attempt: u32) -> bool {
    if r.outcome == Some(ItemOutcome::Rejected) {
        return false;
    }
    r.attempt == attempt
        || def
            .position(&r.item)
            .is_some_and(|p| p < def.revise_position())
}

/// The record of `key` that counts in the current attempt.
pub fn done_now<'a>(
    case: &'a Case,
    track_id: RecordId,
    def: &TrackDef,
    key: &str,
) -> Option<&'a ItemRecord> {
    let attempt = current_attempt(case, track_id);
    case.items_of(track_id)
        .filter(|r| r.item == key && counts_now(def, r, attempt))
        .last()
}

/// The body that does an item for this case: the 基层党委 does the branch's
/// part when the branch no longer exists [N五 「由其上级党组织负责相关工作」].
pub fn acting_body(case: &Case, it: &ItemDef) -> Body {
    let branch_part = matches!(
        it.body,
        Body::Branch | Body::BranchCommittee | Body::GeneralMeeting
    );
    if branch_part && !case.member.branch_exists {
        Body::Committee
    } else {
        it.body
    }
}

/// Why `it` (in `step`) cannot be done yet: an earlier step unfinished, or
/// an item it waits for (`after`, `with`) not done in this attempt.
pub fn waiting(
    case: &Case,
    track_id: RecordId,
    def: &TrackDef,
    step: u8,
    it: &ItemDef,
) -> Option<Refusal> {
    let done = |key: &str| done_now(case, track_id, def, key).is_some();
    if let Some((s, m)) = def.all_items().find(|(s, m)| *s < step && !done(&m.key)) {
        return Some(
            Refusal::new("earlier_step_unfinished", static_source(&m.source))
                .arg("missing", name_of(&m.name_zh, &m.name_en))
                .arg("missing_step", s)
                .arg("step", step),
        );
    }
    let mut deps = it.after.iter().chain(it.with.iter());
    let dep = deps.find(|d| !done(d))?;
    let name = def
        .find_item(dep)
        .map(|(_, d)| name_of(&d.name_zh, &d.name_en).to_string())
        .unwrap_or_else(|| dep.clone());
    Some(
        Refusal::new("item_waits_for", static_source(&it.source))
            .arg("item", name_of(&it.name_zh, &it.name_en))
            .arg("waits_for", name),
    )
}
