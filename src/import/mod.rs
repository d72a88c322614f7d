//! Import members from Excel (.xlsx/.xls), CSV (Chinese headers) or JSON,
//! all or nothing. Reading gives a [`Parsed`] (the good rows and every
//! problem with its sheet, row and column); [`preview`] adds the rule checks
//! and repeated ID numbers; only a preview without problems is written, in
//! one batch of `create_case` actions ([`write_rows`]).

pub mod csv;
pub mod file;
pub mod headers;
pub mod json;
pub mod loc;
mod locate;
pub mod member;
pub mod table;
mod title;
pub mod values;
pub mod xlsx;

pub use file::{read_file, read_file_with};
pub use loc::Loc;

use crate::app::{ActionError, Workspace};
use crate::domain::model::{CaseId, Member, Status};
use crate::domain::rules;
use crate::i18n::tf;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One parsed row: where it came from, the member and the case status.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub at: Loc,
    pub member: Member,
    pub status: Status,
}

/// A cell as read from a sheet or a CSV field.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

impl Cell {
    /// The cell as text: numbers without a needless `.0`, dates as YYYY-MM-DD.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => format!("{n}"),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A bad row or cell: where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RowError {
    pub at: Loc,
    pub reason: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// What the operator says about the file: the committee of every row when
/// the sheet has no column for it (`--committee`, the import screen).
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub committee: Option<String>,
}

/// What reading a file gave: the good rows, every problem, notes (ignored
/// columns, skipped sheets) and how many data rows there were.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub rows: Vec<Row>,
    pub errors: Vec<RowError>,
    pub notes: Vec<String>,
    pub data_rows: usize,
    /// The columns of each table read (sheet name, `None` for CSV), to
    /// place rule refusals in their column.
    pub headers: Vec<Table>,
    /// A header row could not be used (a required column missing): no
    /// row of its table can be imported.
    pub header_failed: bool,
}

/// A table read: its sheet (`None` for CSV) and its columns.
pub type Table = (Option<Arc<str>>, headers::HeaderMap);

/// Parse a file's text: JSON when it starts with `[`, CSV otherwise.
pub fn parse_text(text: &str) -> Parsed {
    parse_text_with(text, &Options::default())
}

/// [`parse_text`] with the operator's options.
pub fn parse_text_with(text: &str, opts: &Options) -> Parsed {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    if body.starts_with('[') {
        json::parse(body)
    } else {
        csv::parse_with(text, opts)
    }
}

/// [`parse_text`] as rows or problems.
pub fn parse(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let p = parse_text(text);
    if p.errors.is_empty() {
        Ok(p.rows)
    } else {
        Err(p.errors)
    }
}

/// What would be imported: the rows, every problem, and the counts.
#[derive(Clone, Debug, Default)]
pub struct Preview {
    pub rows: Vec<Row>,
    pub problems: Vec<RowError>,
    pub notes: Vec<String>,
    /// Data rows in the file (blank rows not counted).
    pub total: usize,
    /// Rows (or header rows) with at least one problem.
    pub bad_rows: usize,
}

impl Preview {
    pub fn ok_rows(&self) -> usize {
        self.total.saturating_sub(self.bad_rows)
    }

    /// The same preview with these problems instead (a failed write).
    pub fn with_problems(self, problems: Vec<RowError>) -> Preview {
        let bad: HashSet<_> = problems.iter().map(|e| e.at.row_key()).collect();
        Preview {
            bad_rows: bad.len(),
            problems,
            ..self
        }
    }

    /// Nothing stands in the way of writing.
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty() && !self.rows.is_empty()
    }
}

/// Check the parsed rows against the rules and for repeated ID numbers.
pub fn preview(ws: &Workspace, parsed: Parsed, today: NaiveDate) -> Preview {
    let mut problems = parsed.errors;
    problems.extend(check_in(ws, &parsed.rows, today, &parsed.headers));
    sort_problems(&mut problems);
    let bad: HashSet<_> = problems.iter().map(|e| e.at.row_key()).collect();
    let total = parsed.data_rows.max(bad.len());
    Preview {
        rows: parsed.rows,
        notes: parsed.notes,
        total,
        // A header that cannot be used makes every row of the file bad.
        bad_rows: if parsed.header_failed {
            total
        } else {
            bad.len()
        },
        problems,
    }
}

/// In file order: sheets as first met, then row, then column.
fn sort_problems(problems: &mut [RowError]) {
    let mut sheets: Vec<Option<String>> = Vec::new();
    for e in problems.iter() {
        let s = e.at.sheet().map(str::to_string);
        if !sheets.contains(&s) {
            sheets.push(s);
        }
    }
    problems.sort_by_key(|e| {
        let s = e.at.sheet().map(str::to_string);
        let sheet = sheets.iter().position(|x| *x == s).unwrap_or(0);
        match &e.at {
            Loc::Cell { row, col, .. } => (sheet, *row, col.as_ref().map_or(0, |c| c.index + 1)),
            Loc::Line(n) => (sheet, *n, 0),
            Loc::Index(i) => (sheet, *i as u64, 0),
        }
    });
}

/// Every rule refusal and repeated ID number among `rows`, and every ID
/// number already on record in the database.
pub fn check(ws: &Workspace, rows: &[Row], today: NaiveDate) -> Vec<RowError> {
    check_in(ws, rows, today, &[])
}

/// [`check`], each problem placed in its column when `headers` know it.
fn check_in(ws: &Workspace, rows: &[Row], today: NaiveDate, headers: &[Table]) -> Vec<RowError> {
    let mut errors = Vec::new();
    let mut seen: HashMap<String, Loc> = HashMap::new();
    let ctx = ws.ctx_for(today);
    for r in rows {
        if let Err(refusal) = rules::validate_member(&r.member, &ctx) {
            errors.push(RowError {
                at: locate::place(&r.at, locate::refusal_field(&refusal), headers),
                reason: refusal.message(),
            });
        }
        let id = r.member.id_number.trim().to_ascii_uppercase();
        if let Some(first) = seen.get(&id) {
            let args = [("id", id.clone()), ("first", first.to_string())];
            errors.push(RowError {
                at: locate::place(&r.at, Some("id_number"), headers),
                reason: tf("cli.import.duplicate", &args),
            });
        } else {
            if let Ok(Some((case, name))) = ws.store().case_by_id_number(&id) {
                let args = [
                    ("id", id.clone()),
                    ("case", case.to_string()),
                    ("name", name),
                ];
                errors.push(RowError {
                    at: locate::place(&r.at, Some("id_number"), headers),
                    reason: tf("import.check.on_record", &args),
                });
            }
            seen.insert(id, r.at.clone());
        }
    }
    errors
}

/// Check every row; then create all cases in one transaction. Returns the
/// new case ids.
pub fn import(
    ws: &mut Workspace,
    rows: &[Row],
    today: NaiveDate,
) -> Result<Vec<CaseId>, Vec<RowError>> {
    let errors = check(ws, rows, today);
    if !errors.is_empty() {
        return Err(errors);
    }
    write_rows(ws, rows, today)
}

/// The write itself: all rows through the bulk path (the `create_case` rules
/// per row, one transaction, one audit entry for the import; all or
/// nothing). Rows must have been checked.
pub fn write_rows(
    ws: &mut Workspace,
    rows: &[Row],
    today: NaiveDate,
) -> Result<Vec<CaseId>, Vec<RowError>> {
    match ws.create_cases_bulk(rows.iter().map(|r| (&r.member, r.status)), today) {
        Ok(ids) => Ok(ids),
        Err((i, e)) => {
            let reason = match e {
                ActionError::Refused(r) => r.message(),
                ActionError::Store(s) => s.to_string(),
            };
            let at = rows.get(i).map(|r| r.at.clone()).unwrap_or(Loc::Index(i));
            Err(vec![RowError { at, reason }])
        }
    }
}
