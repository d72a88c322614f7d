//! Whole-case load and save: the `cases` row (member inline) and every
//! child table, with the optimistic version check and the n-gram index.

use super::audit::now_utc;
use super::children;
use super::codec::{code, date, dv, flag, odv, opt_date, text};
use super::{Result, StoreError, grams};
use crate::domain::deadline::Deadline;
use crate::domain::model::*;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

pub(super) const MEMBER_COLS: &[&str] = &[
    "name",
    "gender",
    "id_number",
    "birth_date",
    "membership",
    "probation_start",
    "branch",
    "committee",
    "joined",
    "phone",
    "address",
    "employer",
    "focus_area",
    "abroad",
    "last_contact",
    "branch_exists",
    "lost_cause",
    "status",
    "status_since",
];

pub(super) fn case_values(c: &Case) -> Vec<Value> {
    let m = &c.member;
    vec![
        text(&m.name),
        text(m.gender.code()),
        text(&m.id_number),
        dv(m.birth_date),
        text(m.membership.code()),
        odv(m.probation_start),
        text(&m.branch),
        text(&m.committee),
        dv(m.joined),
        text(&m.phone),
        text(&m.address),
        text(&m.employer),
        text(m.focus_area.code()),
        text(m.abroad.code()),
        dv(m.last_contact),
        flag(m.branch_exists),
        text(m.lost_cause.code()),
        text(c.status.code()),
        dv(c.status_since),
    ]
}

/// Decode `id, version, MEMBER_COLS...`.
pub(super) fn read_case(r: &Row) -> rusqlite::Result<Case> {
    let member = Member {
        name: r.get(2)?,
        gender: code(r, 3, Gender::from_code)?,
        id_number: r.get(4)?,
        birth_date: date(r, 5)?,
        membership: code(r, 6, Membership::from_code)?,
        probation_start: opt_date(r, 7)?,
        branch: r.get(8)?,
        committee: r.get(9)?,
        joined: date(r, 10)?,
        phone: r.get(11)?,
        address: r.get(12)?,
        employer: r.get(13)?,
        focus_area: code(r, 14, FocusArea::from_code)?,
        abroad: code(r, 15, Abroad::from_code)?,
        last_contact: date(r, 16)?,
        branch_exists: r.get(17)?,
        lost_cause: code(r, 18, LostCause::from_code)?,
    };
    let mut case = Case::new(
        r.get(0)?,
        member,
        code(r, 19, Status::from_code)?,
        date(r, 20)?,
    );
    case.version = r.get(1)?;
    Ok(case)
}

/// Every child-record field of `Case`, in the order the store loads them:
/// `load_case` and the batch loader of `verify` (whose cases the state
/// digests are checked against) both expand it, so they cannot disagree.
macro_rules! child_kinds {
    ($m:ident) => {
        $m!(searches);
        $m!(conduct);
        $m!(referrals);
        $m!(assessments);
        $m!(tracks);
        $m!(items);
        $m!(decisions);
        $m!(extensions);
        $m!(suspensions);
        $m!(transfers);
        $m!(retentions);
        $m!(appeals);
        $m!(reviews);
        $m!(milestones);
        $m!(amendments);
    };
}
pub(super) use child_kinds;

/// Fails to compile when `Case` gains a field: a new child-record kind
/// must be added to `child_kinds!` (and a new scalar to `read_case`), or
/// the loaders, the deadline check and the state digest would miss it.
#[allow(dead_code)]
fn every_field_is_loaded(c: Case) {
    let Case {
        id: _,
        version: _,
        member: _,
        status: _,
        status_since: _,
        searches: _,
        conduct: _,
        referrals: _,
        assessments: _,
        tracks: _,
        items: _,
        decisions: _,
        extensions: _,
        suspensions: _,
        transfers: _,
        retentions: _,
        appeals: _,
        reviews: _,
        milestones: _,
        amendments: _,
    } = c;
}

pub fn load_case(conn: &Connection, id: CaseId) -> Result<Case> {
    let sql = format!(
        "SELECT id, version, {} FROM cases WHERE id = ?1",
        MEMBER_COLS.join(", ")
    );
    let mut case = conn
        .prepare_cached(&sql)?
        .query_row([id], read_case)
        .optional()?
        .ok_or(StoreError::NoSuchCase(id))?;
    macro_rules! one {
        ($f:ident) => {
            case.$f = children::load(conn, id)?;
        };
    }
    child_kinds!(one);
    for (_, review, c) in super::lookback::criteria_in(conn, id, id)? {
        super::lookback::attach(&mut case.reviews, review, c);
    }
    Ok(case)
}

/// A unique-index failure on the ID number becomes `DuplicateId`.
pub(super) fn dup(e: rusqlite::Error, id_number: &str) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, Some(msg)) = &e
        && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        && msg.contains("id_number")
    {
        return StoreError::DuplicateId(id_number.to_string());
    }
    e.into()
}

/// The case (id, name) holding `id_number`, if any; the unique index answers.
pub fn by_id_number(conn: &Connection, id_number: &str) -> Result<Option<(CaseId, String)>> {
    let mut st = conn.prepare_cached("SELECT id, name FROM cases WHERE id_number = ?1")?;
    Ok(st
        .query_row([id_number], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Insert a case row (with `case.id` when positive) and all its records.
pub fn insert_case(conn: &Connection, case: &Case) -> Result<CaseId> {
    let now = now_utc();
    let marks: Vec<String> = (0..MEMBER_COLS.len() + 3)
        .map(|i| format!("?{}", i + 1))
        .collect();
    let sql = format!(
        "INSERT INTO cases ({}, created_at, updated_at, id) VALUES ({})",
        MEMBER_COLS.join(", "),
        marks.join(", ")
    );
    let mut vals = case_values(case);
    vals.extend([Value::Text(now.clone()), Value::Text(now)]);
    vals.push(if case.id > 0 {
        Value::Integer(case.id)
    } else {
        Value::Null
    });
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(vals))
        .map_err(|e| dup(e, &case.member.id_number))?;
    let id = conn.last_insert_rowid();
    let m = &case.member;
    grams::add(conn, id, &grams::grams_of(&m.name, &m.branch, &m.id_number))?;
    save_children(conn, id, case)?;
    Ok(id)
}

/// Save a case loaded at `case.version`; returns the new version.
pub fn save_case(conn: &Connection, case: &Case) -> Result<i64> {
    let id = case.id;
    let old: Option<(i64, String, String, String)> = conn
        .prepare_cached("SELECT version, name, branch, id_number FROM cases WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let (found, name, branch, id_number) = old.ok_or(StoreError::NoSuchCase(id))?;
    if found != case.version {
        return Err(StoreError::Conflict {
            case: id,
            expected: case.version,
            found,
        });
    }
    let sets: Vec<String> = MEMBER_COLS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    let n = MEMBER_COLS.len();
    let sql = format!(
        "UPDATE cases SET {}, version = version + 1, updated_at = ?{} WHERE id = ?{}",
        sets.join(", "),
        n + 1,
        n + 2
    );
    let mut vals = case_values(case);
    vals.extend([Value::Text(now_utc()), Value::Integer(id)]);
    conn.prepare_cached(&sql)?
        .execute(params_from_iter(vals))
        .map_err(|e| dup(e, &case.member.id_number))?;
    let m = &case.member;
    let (old_g, new_g) = (
        grams::grams_of(&name, &branch, &id_number),
        grams::grams_of(&m.name, &m.branch, &m.id_number),
    );
    if old_g != new_g {
        grams::remove(conn, id, &old_g.difference(&new_g).cloned().collect())?;
        grams::add(conn, id, &new_g.difference(&old_g).cloned().collect())?;
    }
    delete_missing(conn, id, case)?;
    save_children(conn, id, case)?;
    Ok(found + 1)
}

/// Drop stored records the case no longer holds (dependents first).
fn delete_missing(conn: &Connection, id: CaseId, c: &Case) -> Result<()> {
    children::delete_missing(conn, id, &c.items)?;
    children::delete_missing(conn, id, &c.decisions)?;
    children::delete_missing(conn, id, &c.tracks)?;
    children::delete_missing(conn, id, &c.searches)?;
    children::delete_missing(conn, id, &c.conduct)?;
    children::delete_missing(conn, id, &c.referrals)?;
    children::delete_missing(conn, id, &c.assessments)?;
    children::delete_missing(conn, id, &c.extensions)?;
    children::delete_missing(conn, id, &c.suspensions)?;
    children::delete_missing(conn, id, &c.transfers)?;
    children::delete_missing(conn, id, &c.retentions)?;
    children::delete_missing(conn, id, &c.appeals)?;
    super::lookback::delete_missing_criteria(conn, id, &c.reviews)?;
    children::delete_missing(conn, id, &c.reviews)?;
    children::delete_missing(conn, id, &c.milestones)?;
    children::delete_missing(conn, id, &c.amendments)
}

/// Insert or update every record (tracks before what refers to them).
fn save_children(conn: &Connection, id: CaseId, c: &Case) -> Result<()> {
    children::save(conn, id, &c.tracks)?;
    children::save(conn, id, &c.items)?;
    children::save(conn, id, &c.decisions)?;
    children::save(conn, id, &c.searches)?;
    children::save(conn, id, &c.conduct)?;
    children::save(conn, id, &c.referrals)?;
    children::save(conn, id, &c.assessments)?;
    children::save(conn, id, &c.extensions)?;
    children::save(conn, id, &c.suspensions)?;
    children::save(conn, id, &c.transfers)?;
    children::save(conn, id, &c.retentions)?;
    children::save(conn, id, &c.appeals)?;
    super::lookback::save_reviews(conn, id, &c.reviews)?;
    children::save(conn, id, &c.milestones)?;
    children::save(conn, id, &c.amendments)
}

/// Replace a case's deadline rows; `next_for_roster` becomes its roster columns.
pub fn replace_deadlines(conn: &Connection, id: CaseId, ds: &[Deadline]) -> Result<()> {
    conn.prepare_cached("DELETE FROM deadlines WHERE case_id = ?1")?
        .execute([id])?;
    let mut ins = conn.prepare_cached(
        "INSERT INTO deadlines (case_id, kind, due, clears, detail, committee)
         SELECT ?1, ?2, ?3, ?4, ?5, c.committee FROM cases c WHERE c.id = ?1",
    )?;
    for d in ds {
        ins.execute(rusqlite::params![
            id,
            d.kind.code(),
            super::codec::date_text(d.due),
            d.clears,
            d.detail
        ])?;
    }
    let first = crate::domain::deadline::next_for_roster(ds);
    let n = conn
        .prepare_cached("UPDATE cases SET next_due = ?1, next_kind = ?2 WHERE id = ?3")?
        .execute(rusqlite::params![
            first.map(|d| super::codec::date_text(d.due)),
            first.map(|d| d.kind.code()),
            id
        ])?;
    if n == 0 {
        return Err(StoreError::NoSuchCase(id));
    }
    Ok(())
}
