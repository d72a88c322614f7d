//! Look-back campaigns (回头看) and the criteria of each review (schema 10).
//! A review is a child record of its case (`reviews`); its criteria live in
//! `review_criteria`, written with the review and attached when it is loaded.

use super::children::Child;
use super::codec::{code, date, dv, opt_code, opt_code_int, opt_text, parse_code, text};
use super::{Result, Store, Tx};
use crate::domain::model::*;
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params, params_from_iter};
use std::collections::BTreeMap;

impl Child for Review {
    const TABLE: &'static str = "reviews";
    const COLS: &'static [&'static str] =
        &["date", "outcome", "note", "campaign_id", "kind", "who"];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        vec![
            dv(self.date),
            text(self.outcome.code()),
            text(&self.note),
            opt_code_int(self.campaign),
            opt_text(self.kind.map(LookbackKind::code)),
            text(&self.who),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Review {
            id: r.get(0)?,
            date: date(r, 1)?,
            outcome: code(r, 2, ReviewOutcome::from_code)?,
            note: r.get(3)?,
            campaign: r.get(4)?,
            kind: opt_code(r, 5, LookbackKind::from_code)?,
            who: r.get(6)?,
            criteria: vec![],
        })
    }
}

/// Save the reviews of a case: rows without id are inserted with their
/// criteria; a review on record is never changed, its criteria neither.
pub fn save_reviews(conn: &Connection, case: CaseId, reviews: &[Review]) -> Result<()> {
    let cols = Review::COLS.join(", ");
    let insert =
        format!("INSERT INTO reviews (case_id, {cols}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for r in reviews.iter().filter(|r| r.id.is_none()) {
        let mut vals = r.values();
        vals.insert(0, Value::Integer(case));
        conn.prepare_cached(&insert)?
            .execute(params_from_iter(vals))?;
        let id = conn.last_insert_rowid();
        let mut ins = conn.prepare_cached(
            "INSERT INTO review_criteria (case_id, review_id, criterion, met) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for c in &r.criteria {
            ins.execute(params![case, id, c.criterion.code(), c.met])?;
        }
    }
    Ok(())
}

/// Drop the criteria of reviews the case no longer holds (before the reviews).
pub fn delete_missing_criteria(conn: &Connection, case: CaseId, reviews: &[Review]) -> Result<()> {
    let kept: Vec<String> = reviews
        .iter()
        .filter_map(|r| r.id)
        .map(|i| i.to_string())
        .collect();
    conn.prepare_cached(
        "DELETE FROM review_criteria WHERE case_id = ?1
         AND review_id NOT IN (SELECT value FROM json_each(?2))",
    )?
    .execute(params![case, format!("[{}]", kept.join(","))])?;
    Ok(())
}

fn read_criterion(r: &Row) -> rusqlite::Result<(CaseId, RecordId, CriterionResult)> {
    let c: String = r.get(2)?;
    Ok((
        r.get(0)?,
        r.get(1)?,
        CriterionResult {
            criterion: parse_code(&c, 2, Criterion::from_code)?,
            met: r.get(3)?,
        },
    ))
}

/// The stored criteria of the reviews of cases `lo..=hi`: (case, review, criterion).
pub fn criteria_in(
    conn: &Connection,
    lo: CaseId,
    hi: CaseId,
) -> Result<Vec<(CaseId, RecordId, CriterionResult)>> {
    let mut st = conn.prepare_cached(
        "SELECT case_id, review_id, criterion, met FROM review_criteria
         WHERE case_id BETWEEN ?1 AND ?2 ORDER BY case_id, review_id, id",
    )?;
    let rows = st.query_map([lo, hi], read_criterion)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Put each criterion on its review (in the order stored).
pub fn attach(reviews: &mut [Review], review: RecordId, c: CriterionResult) {
    if let Some(r) = reviews.iter_mut().find(|r| r.id == Some(review)) {
        r.criteria.push(c);
    }
}

fn read_campaign(r: &Row) -> rusqlite::Result<Campaign> {
    let scope: String = r.get(4)?;
    let scope = scope
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| parse_code(s, 4, LookbackKind::from_code))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Campaign {
        id: r.get(0)?,
        date: date(r, 1)?,
        name: r.get(2)?,
        doc_no: r.get(3)?,
        scope,
        migrated: r.get(5)?,
    })
}

/// Every campaign, oldest first.
pub fn campaigns(conn: &Connection) -> Result<Vec<Campaign>> {
    let mut st = conn.prepare_cached(
        "SELECT id, date, name, doc_no, scope, migrated FROM campaigns ORDER BY date, id",
    )?;
    let rows = st.query_map([], read_campaign)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Record a new campaign; returns its id.
pub fn insert_campaign(conn: &Connection, c: &Campaign) -> Result<RecordId> {
    let scope: Vec<&str> = c.scope.iter().map(|k| k.code()).collect();
    conn.prepare_cached(
        "INSERT INTO campaigns (date, name, doc_no, scope, migrated) VALUES (?1, ?2, ?3, ?4, 0)",
    )?
    .execute(params![
        super::codec::date_text(c.date),
        c.name,
        c.doc_no,
        scope.join(",")
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Ids of the cases whose status a look-back review can cover (the cases a
/// new campaign may bring a deadline to).
pub fn disposed_case_ids(conn: &Connection) -> Result<Vec<CaseId>> {
    let mut st = conn.prepare_cached(
        "SELECT id FROM cases WHERE status IN
         ('removed', 'withdrawn', 'persuading', 'suspended', 'probation_cancelled', 'correction')
         ORDER BY id",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Reviews per campaign (for the campaign list).
pub fn review_counts(conn: &Connection) -> Result<BTreeMap<RecordId, u64>> {
    let mut st = conn.prepare_cached(
        "SELECT campaign_id, count(*) FROM reviews WHERE campaign_id IS NOT NULL GROUP BY campaign_id",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.unsigned_abs())))?;
    Ok(rows.collect::<rusqlite::Result<BTreeMap<_, _>>>()?)
}

impl Store {
    /// Every look-back campaign, oldest first.
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        campaigns(&self.conn)
    }

    /// Reviews recorded per campaign.
    pub fn campaign_review_counts(&self) -> Result<BTreeMap<RecordId, u64>> {
        review_counts(&self.conn)
    }

    /// Cases whose status a look-back review can cover.
    pub fn disposed_case_ids(&self) -> Result<Vec<CaseId>> {
        disposed_case_ids(&self.conn)
    }

    /// Cases holding a look-back review.
    pub fn reviewed_case_ids(&self) -> Result<Vec<CaseId>> {
        reviewed_case_ids(&self.conn)
    }
}

/// Cases holding a look-back review.
pub fn reviewed_case_ids(conn: &Connection) -> Result<Vec<CaseId>> {
    let mut st = conn.prepare_cached("SELECT DISTINCT case_id FROM reviews ORDER BY case_id")?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

impl Tx<'_> {
    pub fn campaigns(&self) -> Result<Vec<Campaign>> {
        campaigns(&self.tx)
    }

    /// Record a new campaign (its id is chosen here); returns the id.
    pub fn insert_campaign(&self, c: &Campaign) -> Result<RecordId> {
        insert_campaign(&self.tx, c)
    }

    pub fn disposed_case_ids(&self) -> Result<Vec<CaseId>> {
        disposed_case_ids(&self.tx)
    }
}
