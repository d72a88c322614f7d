//! Excel import (.xlsx, .xls) with calamine: every sheet that has a header
//! row is read; merged cells and formulas in the table are refused, since
//! what a merged or computed cell holds is not what the person sees.

use super::table::{Header, NumberedRow, TableChecks, read_table};
use super::{Cell, Loc, Parsed, RowError};
use crate::i18n::{t, tf};
use calamine::{Data, Dimensions, Range, Reader, Sheets, Xls, Xlsx, open_workbook_from_rs};
use std::io::Cursor;
use std::sync::Arc;

type Book<'a> = Sheets<Cursor<&'a [u8]>>;

/// Zip (xlsx) and OLE compound file (xls, or an encrypted xlsx) signatures.
pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
pub const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Does the file start like a workbook?
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(CFB_MAGIC)
}

/// Whole-file problem as a message (not a workbook, password, unreadable).
pub fn open_error(e: &calamine::Error) -> String {
    use calamine::{Error, XlsError, XlsxError};
    match e {
        Error::Xlsx(XlsxError::Password) | Error::Xls(XlsError::Password) => {
            t("import.password").to_string()
        }
        other => tf("import.not_workbook", &[("reason", other.to_string())]),
    }
}

/// Open workbook bytes by their signature: zip → xlsx; compound file → xls,
/// or an encrypted (password-protected) xlsx.
pub fn open(bytes: &[u8]) -> Result<Book<'_>, String> {
    if bytes.starts_with(ZIP_MAGIC) {
        return open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes))
            .map(Sheets::Xlsx)
            .map_err(|e| open_error(&calamine::Error::Xlsx(e)));
    }
    if bytes.starts_with(CFB_MAGIC) {
        let encrypted = open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes));
        if let Err(calamine::XlsxError::Password) = encrypted {
            return Err(t("import.password").to_string());
        }
        return open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes))
            .map(Sheets::Xls)
            .map_err(|e| open_error(&calamine::Error::Xls(e)));
    }
    Err(tf(
        "import.not_workbook",
        &[("reason", t("import.no_signature").to_string())],
    ))
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())
                .map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// The rows of a range with absolute 1-based row numbers; cells padded so
/// that index 0 is column A.
fn numbered(range: &Range<Data>) -> impl Iterator<Item = NumberedRow> + '_ {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range.rows().enumerate().map(move |(i, row)| {
        let mut cells = vec![Cell::Empty; c0 as usize];
        cells.extend(row.iter().map(cell));
        (u64::from(r0) + i as u64 + 1, cells)
    })
}

/// Is row `r` (0-based) of the sheet a footer (填表人：…, 合计…)?
fn footer_row(range: &Range<Data>, r: u32) -> bool {
    let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) else {
        return false;
    };
    if r < r0 || r > r1 {
        return false;
    }
    let cells: Vec<Cell> = (c0..=c1)
        .filter_map(|c| range.get_value((r, c)))
        .map(cell)
        .collect();
    super::table::is_footer_row(&cells)
}

fn merged(book: &mut Book<'_>, name: &str) -> Vec<Dimensions> {
    match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// "B5:B12" for a merged range.
fn range_text(m: &Dimensions) -> String {
    format!(
        "{}{}:{}{}",
        super::loc::letters(m.start.1 as usize),
        m.start.0 + 1,
        super::loc::letters(m.end.1 as usize),
        m.end.0 + 1
    )
}

/// A merged range below the header: one column's cell merged down over
/// its rows is filled down into each of them (with a note); a merge across
/// data columns, or down over cells that hold other values, is refused.
fn merged_data(
    m: &Dimensions,
    sheet: &Option<Arc<str>>,
    range: &Range<Data>,
    header_of: &dyn Fn(usize) -> Option<String>,
    out: &mut TableChecks,
) -> Option<RowError> {
    let (row, col) = (u64::from(m.start.0) + 1, m.start.1 as usize);
    let cols = m.start.1..=m.end.1;
    let data_cols = cols
        .clone()
        .filter(|c| header_of(*c as usize).is_some())
        .count();
    if m.start.1 != m.end.1 {
        if data_cols == 0 {
            return None;
        }
        let reason = tf("import.merged_across", &[("range", range_text(m))]);
        return Some(RowError {
            at: Loc::cell(sheet, row, col, &header_of(col).unwrap_or_default()),
            reason,
        });
    }
    let top = range
        .get_value((m.start.0, m.start.1))
        .map(cell)
        .unwrap_or(Cell::Empty);
    for r in m.start.0 + 1..=m.end.0 {
        let v = range
            .get_value((r, m.start.1))
            .map(cell)
            .unwrap_or(Cell::Empty);
        if !v.is_blank() && v != top {
            let at = format!("{}{}", super::loc::letters(col), r + 1);
            let args = [
                ("range", range_text(m)),
                ("cell", at),
                ("other", v.as_text()),
            ];
            return Some(RowError {
                at: Loc::cell(sheet, row, col, &header_of(col).unwrap_or_default()),
                reason: tf("import.merged_differs", &args),
            });
        }
    }
    for r in m.start.0 + 1..=m.end.0 {
        out.fills.insert((u64::from(r) + 1, col), top.clone());
    }
    if let Some(h) = header_of(col).filter(|_| !top.is_blank()) {
        let args = [
            ("range", range_text(m)),
            ("header", h),
            ("value", top.as_text()),
        ];
        out.notes.push(tf("import.merged_filled", &args));
    }
    None
}

/// Merged cells touching the header row or below; formulas in imported
/// columns below the header.
fn table_checks(
    book: &mut Book<'_>,
    name: &str,
    sheet: &Option<Arc<str>>,
    h: &Header,
    range: &Range<Data>,
) -> TableChecks {
    let mut out = TableChecks::default();
    let header_of = |col: usize| {
        h.map
            .columns
            .iter()
            .find(|(_, i, _)| *i == col)
            .map(|(_, _, t)| t.clone())
    };
    for m in merged(book, name) {
        let footer = m.start.0 == m.end.0 && footer_row(range, m.start.0);
        if u64::from(m.end.0) + 1 < h.row || footer {
            continue;
        }
        let (row, col) = (u64::from(m.start.0) + 1, m.start.1 as usize);
        let problem = if row > h.row {
            merged_data(&m, sheet, range, &header_of, &mut out)
        } else {
            Some(RowError {
                at: Loc::cell(sheet, row, col, &header_of(col).unwrap_or_default()),
                reason: tf("import.merged", &[("range", range_text(&m))]),
            })
        };
        let Some(problem) = problem else {
            continue;
        };
        out.errors.push(problem);
        for r in m.start.0..=m.end.0 {
            for c in m.start.1..=m.end.1 {
                out.covered.insert((u64::from(r) + 1, c as usize));
            }
        }
    }
    if let Ok(formulas) = book.worksheet_formula(name) {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            let (row, col) = (u64::from(r0) + r as u64 + 1, c0 as usize + c);
            if f.is_empty() || row <= h.row {
                continue;
            }
            if let Some(header) = header_of(col) {
                out.covered.insert((row, col));
                out.errors.push(RowError {
                    at: Loc::cell(sheet, row, col, &header),
                    reason: tf("import.formula", &[("formula", format!("={f}"))]),
                });
            }
        }
    }
    out
}

/// Read every sheet of a workbook. A workbook where no sheet has a header
/// row is one problem naming each sheet.
pub fn parse(bytes: Vec<u8>) -> Result<Parsed, String> {
    parse_with(bytes, &super::Options::default())
}

/// [`parse`] with the operator's options (`--committee`).
pub fn parse_with(bytes: Vec<u8>, opts: &super::Options) -> Result<Parsed, String> {
    let mut book = open(&bytes)?;
    let mut out = Parsed::default();
    let mut headerless = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| open_error(&e))?;
        if range.is_empty() {
            continue;
        }
        let sheet: Option<Arc<str>> = Some(Arc::from(name.as_str()));
        let found = read_table(
            &sheet,
            numbered(&range),
            |h| table_checks(&mut book, &name, &sheet, h, &range),
            opts,
            &mut out,
        );
        if found.is_none() {
            headerless.push(name);
        }
    }
    if out.errors.is_empty() && out.data_rows == 0 && !headerless.is_empty() {
        let sheets = headerless.join(t("import.list_sep"));
        let args = [
            ("sheets", sheets),
            ("required", super::headers::required_names()),
        ];
        return Err(tf("import.no_header_sheets", &args));
    }
    for name in headerless {
        out.notes
            .push(tf("import.skipped_sheet", &[("sheet", name)]));
    }
    Ok(out)
}
