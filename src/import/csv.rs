//! CSV import: UTF-8 (a BOM is fine), optional title lines, one header line
//! naming the columns in Chinese (see `data/import_headers.toml`), one member
//! per line. Problems are located by line and column.

use super::table::{NumberedRow, read_table};
use super::{Cell, Loc, Parsed, RowError};
use crate::i18n::tf;

/// Read CSV text. A file without a recognisable header line gives one
/// problem at line 1 naming the columns that are required.
pub fn parse(text: &str) -> Parsed {
    parse_with(text, &super::Options::default())
}

/// [`parse`] with the operator's options (`--committee`).
pub fn parse_with(text: &str, opts: &super::Options) -> Parsed {
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut out = Parsed::default();
    let mut bad: Vec<RowError> = Vec::new();
    let mut first_line: Option<String> = None;
    let rows = rdr.records().filter_map(|rec| match rec {
        Ok(r) => {
            let line = r.position().map(|p| p.line()).unwrap_or(0);
            let cells: Vec<Cell> = r.iter().map(|s| Cell::Text(s.to_string())).collect();
            if first_line.is_none() && cells.iter().any(|c| !c.is_blank()) {
                first_line = Some(r.iter().collect::<Vec<_>>().join(","));
            }
            Some((line, cells) as NumberedRow)
        }
        Err(e) => {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            bad.push(RowError {
                at: Loc::Line(line),
                reason: e.to_string(),
            });
            None
        }
    });
    let found = read_table(&None, rows, |_| Default::default(), opts, &mut out);
    out.errors.extend(bad);
    if found.is_none() {
        out.errors.push(RowError {
            at: Loc::Line(1),
            reason: no_header(first_line.as_deref().unwrap_or("")),
        });
    }
    out
}

/// "No header row": what is needed, and what the first line holds.
pub fn no_header(first: &str) -> String {
    let args = [
        ("required", super::headers::required_names()),
        ("first", first.chars().take(120).collect()),
    ];
    tf("import.no_header", &args)
}
