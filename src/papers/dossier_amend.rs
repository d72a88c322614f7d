//! Amended values in the dossier (DOMAIN.md record-keeping: 「a wrong entry is
//! corrected by a new entry that says so, and from then on the corrected
//! values are the ones that count …, while both stay in the history」): a
//! value an amendment replaced is printed struck through before the value
//! that counts. Coded values are shown by their labels, never as codes.

use super::doc::Cell;
use super::dossier::l;
use crate::domain::model::*;

/// The label of a coded value of `target`'s `field`; other values as they are.
fn shown(target: AmendTarget, field: &str, v: &str) -> String {
    let key = match (target, field) {
        (AmendTarget::Search, "channel") => Channel::from_code(v).map(|x| x.label_key()),
        (AmendTarget::Search, "result") => SearchResult::from_code(v).map(|x| x.label_key()),
        (AmendTarget::Conduct, "check") => ConductCheck::from_code(v).map(|x| x.label_key()),
        (AmendTarget::Conduct, "result") => CheckResult::from_code(v).map(|x| x.label_key()),
        _ => None,
    };
    key.map_or_else(|| v.to_string(), l)
}

/// The amendments of one record's field, oldest first.
fn of<'a>(
    c: &'a Case,
    target: AmendTarget,
    record: Option<RecordId>,
    field: &'a str,
) -> impl Iterator<Item = &'a Amendment> + 'a {
    c.amendments
        .iter()
        .filter(move |a| a.target == target && a.record == record && a.field == field)
}

/// The value `now` of `target`/`record`'s `field`, with every value an
/// amendment replaced struck through before it.
pub(super) fn cell(
    c: &Case,
    target: AmendTarget,
    record: Option<RecordId>,
    field: &str,
    now: String,
) -> Cell {
    Cell {
        struck: of(c, target, record, field)
            .map(|a| shown(target, field, &a.old))
            .collect(),
        text: now,
    }
}

/// A vote's figures as they stood before each amendment of them, oldest
/// first: each amendment entry (one audit entry, possibly several fields)
/// gives the figures it replaced.
pub(super) fn vote_versions(c: &Case, d: &Decision) -> Vec<[u32; 5]> {
    let ams: Vec<&Amendment> = c
        .amendments
        .iter()
        .filter(|a| a.target == AmendTarget::Vote && a.record == d.id)
        .collect();
    let mut state = [d.due, d.attending, d.votes_for, d.against, d.abstaining];
    let mut out = vec![];
    let mut i = ams.len();
    while i > 0 {
        // The fields one amendment entry changed share its audit entry and date.
        let last = ams[i - 1];
        let mut j = i;
        while j > 0 && ams[j - 1].audit_seq == last.audit_seq && ams[j - 1].date == last.date {
            j -= 1;
        }
        for a in &ams[j..i] {
            let slot = match a.field.as_str() {
                "due" => 0,
                "attending" => 1,
                "votes_for" => 2,
                "against" => 3,
                _ => 4,
            };
            state[slot] = a.old.parse().unwrap_or(state[slot]);
        }
        out.push(state);
        i = j;
    }
    out.reverse();
    out
}
