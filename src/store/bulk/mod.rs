//! Bulk load of new cases (imports): one transaction, statements prepared
//! once, the case row written with its next-deadline columns already set,
//! and the n-gram index written once at the end, sorted, with its posting
//! list sizes (`gram_stats`) added up in memory instead of by a trigger per
//! gram row. The per-row count triggers (cases per status, deadlines) are
//! dropped too and the load adds its counts once (`settle`). Cases get
//! consecutive ids starting at `BulkLoad::next_id`.
//! A load at least as large as the table (and of `REBUILD_MIN` rows or more)
//! drops the non-unique indexes of `cases` and `deadlines` and builds them
//! again at the end (sorted, much faster than a million random index
//! inserts); the unique ID-number index stays, so a repeated ID is still
//! refused at its row. Everything dropped is re-created from its stored SQL
//! by `finish` — or, if the load is abandoned, when it is dropped (after
//! adding the counts of the rows written) — inside the same transaction, so
//! no commit can ever lose an index, a trigger or a count.
//! A compiled database's import of several bundles (`Tx::bulk_slices`) is
//! one load for all of them: it also drops the unique ID-number index and
//! builds it last, so a member found twice is refused once every replaced
//! slice is gone, whatever the order of the files; and it keeps
//! `deadlines_case`, which the removal of a replaced slice needs.

mod counts;
mod row;

use super::case_io::MEMBER_COLS;
use super::{Result, StoreError, Tx, grams};
use crate::domain::deadline::Deadline;
use crate::domain::model::{Case, CaseId, Member};
use row::{DayText, GramHash, bind_case, pack_chars, unpack, unpack_into};
use rusqlite::{Connection, OptionalExtension, Statement};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

/// Gram rows written per INSERT statement.
const GRAM_ROWS: usize = 200;
/// Loads of fewer cases keep every index in place.
const REBUILD_MIN: usize = 5_000;
/// Loads of at least this many cases rebuild their indexes with a sorter
/// helper thread.
const SORT_THREADS_MIN: CaseId = 500_000;
/// The trigger that keeps `gram_stats`; it is dropped while the sorted gram
/// rows are written and re-created from its stored SQL in the same transaction.
const GRAM_TRIGGER: &str = "grams_ins";
/// Triggers that count new cases per status and new deadlines, one
/// sub-program run per row: dropped for the load, which adds the counts
/// itself (`settle`, also when an abandoned load is dropped).
const COUNT_TRIGGERS: [&str; 2] = ["cases_count_ins", "deadlines_count_ins"];

/// An open bulk load inside a `Tx`: `add_new` each case, then `finish`.
pub struct BulkLoad<'t> {
    conn: &'t Connection,
    case: Statement<'t>,
    deadline: Statement<'t>,
    /// Posting lists of this load: gram packed into 8 bytes (every gram is
    /// at most 8 bytes of UTF-8: 2 chars of up to 4 bytes, or 4 ASCII
    /// characters) → case ids as offsets from `first_id`, ascending (cases
    /// come in id order), so no sort of the rows is needed.
    postings: HashMap<u64, Vec<u32>, BuildHasherDefault<GramHash>>,
    first_id: CaseId,
    /// Grams that do not fit 8 bytes (never made by `grams_of` today).
    wide: Vec<(String, CaseId)>,
    next_id: CaseId,
    now: String,
    /// SQL of indexes dropped for this load, re-created by `restore`.
    dropped: Vec<String>,
    /// The unique ID-number index when dropped (`bulk_slices`): built last,
    /// a repeated ID number then fails it as `DuplicateId`.
    unique: Option<String>,
    /// New cases per status code and new deadlines, not yet counted.
    by_status: BTreeMap<&'static str, i64>,
    deadlines: i64,
    /// The organisation counters gained, not yet written.
    orgs: counts::OrgDelta,
    mode: Mode,
}

/// The page cache of a load, in KiB. A plain load (CSV, Excel): about
/// 2 KB per case loaded, 256 MB to 1 GB (a million-case load that spills
/// its pages runs several times slower; issue 15 bounds its memory). A
/// compiled import of many bundles: the whole file it writes, about 2.6 KB
/// a case with the cases already there, up to 4 GB, so that nothing is
/// spilled to the WAL and read back before the commit (500 bundles of
/// 2,000: 146 s with the 1 GB cap, docs/BENCHMARKS.md). `Store::end_bulk`
/// gives the memory back after the commit.
fn cache_kib(rows: usize, existing: i64, mode: Mode) -> i64 {
    let rows = i64::try_from(rows).unwrap_or(i64::MAX);
    match mode {
        Mode::Plain => rows.saturating_mul(2).clamp(262_144, 1_048_576),
        Mode::Slices => rows
            .saturating_add(existing.max(0))
            .saturating_mul(27)
            .saturating_div(10)
            .clamp(262_144, 4_194_304),
    }
}

impl Tx<'_> {
    /// Start a bulk load of about `rows` new cases in this transaction.
    pub fn bulk(&self, rows: usize) -> Result<BulkLoad<'_>> {
        BulkLoad::new(&self.tx, rows, 1, Mode::Plain)
    }

    /// A bulk load whose first id is at least `floor` (a compiled
    /// database's slices never reuse the ids of a removed slice).
    pub fn bulk_from(&self, rows: usize, floor: CaseId) -> Result<BulkLoad<'_>> {
        BulkLoad::new(&self.tx, rows, floor, Mode::Plain)
    }

    /// The one load of a compiled database's import of several bundles
    /// (about `rows` cases in all): ids from `floor`, the unique ID-number
    /// index built at `finish` (a repeat is `DuplicateId` there, with an
    /// empty number: `Tx::repeated_id_numbers` names them), and the index
    /// `deadlines_case` kept so that slices can be removed while it runs.
    pub fn bulk_slices(&self, rows: usize, floor: CaseId) -> Result<BulkLoad<'_>> {
        BulkLoad::new(&self.tx, rows, floor, Mode::Slices)
    }
}

/// What a load drops besides the triggers.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// The non-unique indexes of a large load.
    Plain,
    /// Those, but not `deadlines_case`, and the unique index always.
    Slices,
}

impl super::Store {
    /// After a bulk load has committed: back to SQLite's default page cache
    /// and give the memory back (the workstation imports too).
    pub fn end_bulk(&self) -> Result<()> {
        self.conn.execute_batch(
            "PRAGMA cache_size = -2000; PRAGMA threads = 0; PRAGMA cache_spill = ON;
             PRAGMA shrink_memory;",
        )?;
        Ok(())
    }
}

impl<'t> BulkLoad<'t> {
    fn new(conn: &'t Connection, rows: usize, floor: CaseId, mode: Mode) -> Result<BulkLoad<'t>> {
        let existing: i64 =
            conn.query_row("SELECT coalesce(sum(n), 0) FROM status_counts", [], |r| {
                r.get(0)
            })?;
        conn.execute_batch(&format!(
            "PRAGMA cache_size = -{}",
            cache_kib(rows, existing, mode)
        ))?;
        // The removal of a replaced slice deletes its deadlines by case id
        // while a compiled import runs; new rows go at the end of that
        // index (ids ascend), so keeping it costs little.
        let keep: &[&str] = match mode {
            Mode::Plain => &[],
            Mode::Slices => &["deadlines_case"],
        };
        let mut dropped = if rows >= REBUILD_MIN && rows as i64 >= existing {
            drop_indexes(conn, keep)?
        } else {
            Vec::new()
        };
        let unique = match mode {
            Mode::Plain => None,
            Mode::Slices => drop_index(conn, ID_NUMBER_INDEX)?,
        };
        for name in COUNT_TRIGGERS.iter().chain(counts::INSERT_TRIGGERS.iter()) {
            dropped.extend(drop_trigger(conn, name)?);
        }
        let next_id: CaseId =
            conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM cases", [], |r| {
                r.get(0)
            })?;
        let next_id = next_id.max(floor);
        let n = MEMBER_COLS.len() + row::EXTRA_COLS.len();
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let case = conn.prepare(&format!(
            "INSERT INTO cases ({}, {}) VALUES ({})",
            MEMBER_COLS.join(", "),
            row::EXTRA_COLS.join(", "),
            marks.join(", ")
        ))?;
        let deadline = conn.prepare(
            "INSERT INTO deadlines (case_id, kind, due, clears, detail, committee)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        Ok(BulkLoad {
            conn,
            case,
            deadline,
            postings: HashMap::default(),
            first_id: next_id,
            wide: Vec::new(),
            next_id,
            now: super::audit::now_utc(),
            dropped,
            unique,
            by_status: BTreeMap::new(),
            deadlines: 0,
            orgs: counts::OrgDelta::default(),
            mode,
        })
    }

    /// The id the next added case must carry.
    pub fn next_id(&self) -> CaseId {
        self.next_id
    }

    /// Insert a new case (no child records; `case.id == next_id()`) with
    /// the deadlines the rules computed for it and its search grams made
    /// beforehand (`CaseGrams::of` its member, e.g. on another thread while
    /// this load writes). A repeated ID number is `DuplicateId`.
    fn add_with(
        &mut self,
        case: &Case,
        deadlines: &[Deadline],
        grams: CaseGrams,
    ) -> Result<CaseId> {
        if case.id != self.next_id {
            return Err(StoreError::Sql(rusqlite::Error::InvalidParameterName(
                format!("bulk case id {} (expected {})", case.id, self.next_id),
            )));
        }
        let first = crate::domain::deadline::next_for_roster(deadlines);
        bind_case(&mut self.case, case, &self.now, first)?;
        self.case
            .raw_execute()
            .map_err(|e| super::case_io::dup(e, &case.member.id_number))?;
        *self.by_status.entry(case.status.code()).or_default() += 1;
        self.orgs.add(case, first.map(|d| d.due), deadlines);
        for d in deadlines {
            let mut buf = [0u8; 10];
            self.deadline.execute(rusqlite::params![
                case.id,
                d.kind.code(),
                DayText::of(d.due, &mut buf).as_str(),
                d.clears,
                d.detail,
                case.member.committee
            ])?;
            self.deadlines += 1;
        }
        let CaseGrams { packed, wide } = grams;
        let off = u32::try_from(case.id - self.first_id).map_err(|_| {
            StoreError::Sql(rusqlite::Error::InvalidParameterName(
                "bulk load of more than 2^32 cases".into(),
            ))
        })?;
        for p in packed {
            self.postings.entry(p).or_default().push(off);
        }
        self.wide.extend(wide.into_iter().map(|g| (g, case.id)));
        self.next_id += 1;
        Ok(case.id)
    }

    /// Add a case made ready beforehand (`NewCase`): it gets the next id
    /// (its deadlines too), and its state digest is appended to `states`
    /// (the blob the import's audit entry binds).
    pub fn add_new(&mut self, new: NewCase, states: &mut Vec<u8>) -> Result<CaseId> {
        let NewCase {
            mut case,
            mut deadlines,
            grams,
        } = new;
        case.id = self.next_id;
        for d in &mut deadlines {
            d.case = case.id;
        }
        let id = self.add_with(&case, &deadlines, grams)?;
        states.extend_from_slice(&super::digest::state_bytes(&case));
        Ok(id)
    }

    /// Write the gram index rows and their posting-list sizes; build the
    /// indexes dropped for the load again.
    pub fn finish(mut self) -> Result<()> {
        self.wide.sort_unstable();
        let trigger = drop_trigger(self.conn, GRAM_TRIGGER)?;
        self.dropped.extend(trigger);
        self.write_grams()?;
        self.add_stats()?;
        self.settle()?;
        if self.next_id - self.first_id >= SORT_THREADS_MIN && !self.dropped.is_empty() {
            // Index builds of a large load sort in runs of 16 MB on a
            // helper thread and merge them, instead of one in-memory sort
            // on this thread (1M cases: 10 s instead of 13 s; at 100k it
            // gains nothing). The sorter's run size follows the page
            // cache, so the cache is made small; a compiled import keeps
            // its dirty pages in memory all the same (no spill to the WAL
            // to read back before the commit). `Store::end_bulk` sets all
            // three back.
            if self.mode == Mode::Slices {
                self.conn.execute_batch("PRAGMA cache_spill = OFF;")?;
            }
            self.conn
                .execute_batch("PRAGMA threads = 2; PRAGMA cache_size = -16384;")?;
        }
        self.restore()
    }

    /// Add the cases and deadlines written so far to `status_counts` and
    /// `counters`, as the dropped triggers would have.
    fn settle(&mut self) -> Result<()> {
        let mut st = self.conn.prepare(
            "INSERT INTO status_counts (status, n) VALUES (?1, ?2)
             ON CONFLICT (status) DO UPDATE SET n = n + excluded.n",
        )?;
        for (status, n) in std::mem::take(&mut self.by_status) {
            st.execute(rusqlite::params![status, n])?;
        }
        let n = std::mem::take(&mut self.deadlines);
        self.conn.execute(
            "UPDATE counters SET n = n + ?1 WHERE name = 'deadlines'",
            [n],
        )?;
        self.orgs.write(self.conn)
    }

    /// Re-create what the load dropped (indexes, triggers), the unique
    /// index last: everything else is back even when it fails.
    fn restore(&mut self) -> Result<()> {
        let mut first = None;
        for sql in std::mem::take(&mut self.dropped) {
            if let Err(e) = self.conn.execute_batch(&sql) {
                first.get_or_insert(StoreError::from(e));
            }
        }
        if let Some(e) = first {
            return Err(e);
        }
        if let Some(sql) = self.unique.take() {
            self.conn
                .execute_batch(&sql)
                .map_err(|e| super::case_io::dup(e, ""))?;
        }
        Ok(())
    }

    /// The rows go in index order, except that the short tail of each
    /// posting list waits for a shared batch of `GRAM_ROWS` rows (its pages
    /// are still in the cache when it comes). A posting list's full chunks
    /// bind the gram once for `GRAM_ROWS` case ids. `OR IGNORE` cannot skip
    /// a row here (every case id is new), but spares SQLite the statement
    /// journal a multi-row INSERT that may abort must keep.
    fn write_grams(&self) -> Result<()> {
        let mut many = self.conn.prepare(&format!(
            "INSERT OR IGNORE INTO grams (gram, case_id) VALUES {}",
            vec!["(?, ?)"; GRAM_ROWS].join(", ")
        ))?;
        let run_rows: Vec<String> = (2..GRAM_ROWS + 2).map(|i| format!("(?1, ?{i})")).collect();
        let mut run = self.conn.prepare(&format!(
            "INSERT OR IGNORE INTO grams (gram, case_id) VALUES {}",
            run_rows.join(", ")
        ))?;
        let mut one = self
            .conn
            .prepare("INSERT OR IGNORE INTO grams (gram, case_id) VALUES (?1, ?2)")?;
        let mut keys: Vec<u64> = self.postings.keys().copied().collect();
        keys.sort_unstable();
        let mut batch: Vec<(u64, u32)> = Vec::with_capacity(GRAM_ROWS);
        let mut buf = [0u8; 8];
        let id = |off: u32| self.first_id + CaseId::from(off);
        for k in keys {
            let ids = self.postings.get(&k).map_or(&[][..], Vec::as_slice);
            let mut chunks = ids.chunks_exact(GRAM_ROWS);
            for chunk in &mut chunks {
                run.raw_bind_parameter(1, unpack_into(k, &mut buf))?;
                for (i, off) in chunk.iter().enumerate() {
                    run.raw_bind_parameter(i + 2, id(*off))?;
                }
                run.raw_execute()?;
            }
            for off in chunks.remainder() {
                batch.push((k, *off));
                if batch.len() == GRAM_ROWS {
                    for (i, (p, off)) in batch.iter().enumerate() {
                        many.raw_bind_parameter(2 * i + 1, unpack_into(*p, &mut buf))?;
                        many.raw_bind_parameter(2 * i + 2, id(*off))?;
                    }
                    many.raw_execute()?;
                    batch.clear();
                }
            }
        }
        for (p, off) in &batch {
            one.execute(rusqlite::params![unpack_into(*p, &mut buf), id(*off)])?;
        }
        for (g, id) in &self.wide {
            one.execute(rusqlite::params![g, id])?;
        }
        Ok(())
    }

    /// Add this load's posting-list sizes to `gram_stats`.
    fn add_stats(&self) -> Result<()> {
        let mut counts: BTreeMap<String, i64> = self
            .postings
            .iter()
            .map(|(p, ids)| (unpack(p), ids.len() as i64))
            .collect();
        for (g, _) in &self.wide {
            *counts.entry(g.clone()).or_default() += 1;
        }
        let mut st = self.conn.prepare(
            "INSERT INTO gram_stats (gram, n) VALUES (?1, ?2)
             ON CONFLICT (gram) DO UPDATE SET n = n + excluded.n",
        )?;
        for (g, n) in counts {
            st.execute(rusqlite::params![g, n])?;
        }
        Ok(())
    }
}

impl Drop for BulkLoad<'_> {
    /// An abandoned load (a refused row) still leaves the schema whole,
    /// whatever the caller then does with the transaction.
    fn drop(&mut self) {
        let _ = self.settle();
        let _ = self.restore();
    }
}

/// A new case made ready for a load off the load's thread: checked by the
/// rules, at version 1 with any id (`BulkLoad::add_new` gives it the next),
/// the rules' deadlines and its search grams.
pub struct NewCase {
    pub case: Case,
    pub deadlines: Vec<Deadline>,
    pub grams: CaseGrams,
}

impl NewCase {
    /// `case` with its deadlines; its grams made here.
    pub fn new(case: Case, deadlines: Vec<Deadline>) -> NewCase {
        let grams = CaseGrams::of(&case.member);
        NewCase {
            case,
            deadlines,
            grams,
        }
    }
}

/// The search grams of one case as a load writes them: packed into 8
/// bytes, sorted, once each; `wide` the grams that do not fit (none today).
/// Pure, so any thread can make them ahead of the load.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CaseGrams {
    packed: Vec<u64>,
    wide: BTreeSet<String>,
}

impl CaseGrams {
    /// The grams `grams::each_gram` makes of a member's name, branch and
    /// ID number.
    pub fn of(m: &Member) -> CaseGrams {
        let (mut packed, mut wide) = (Vec::with_capacity(64), BTreeSet::new());
        grams::each_gram(&m.name, &m.branch, &m.id_number, |g| match pack_chars(g) {
            Some(p) => packed.push(p),
            None => {
                wide.insert(g.iter().collect::<String>());
            }
        });
        packed.sort_unstable();
        packed.dedup();
        CaseGrams { packed, wide }
    }
}

/// The index that refuses a repeated ID number.
const ID_NUMBER_INDEX: &str = "cases_id_number";

/// Drop an index; its SQL, to create it again (`None` if there is none).
fn drop_index(conn: &Connection, name: &str) -> Result<Option<String>> {
    let sql: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1 AND sql IS NOT NULL",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if sql.is_some() {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(sql)
}

/// Drop a trigger; its SQL, to create it again (`None` if there is none).
fn drop_trigger(conn: &Connection, name: &str) -> Result<Option<String>> {
    let sql: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if sql.is_some() {
        conn.execute_batch(&format!("DROP TRIGGER \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(sql)
}

/// Drop the non-unique indexes of `cases` and `deadlines` but those named
/// in `keep`; their SQL, to build them again.
fn drop_indexes(conn: &Connection, keep: &[&str]) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index'
         AND tbl_name IN ('cases', 'deadlines')
         AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
    )?;
    let found: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let found: Vec<(String, String)> = found
        .into_iter()
        .filter(|(name, _)| !keep.contains(&name.as_str()))
        .collect();
    for (name, _) in &found {
        conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(found.into_iter().map(|(_, sql)| sql).collect())
}
