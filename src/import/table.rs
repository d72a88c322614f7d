//! Reading one table (a sheet, or a CSV file): find the header row below any
//! title rows, map the columns, then turn each data row into a member —
//! every problem located by sheet, row and column.

use super::headers::{self, HeaderMap, SEARCH_ROWS};
use super::member::{Problem, from_cells};
use super::{Cell, Loc, Parsed, Row, RowError};
use crate::i18n::tf;
use std::collections::HashSet;
use std::sync::Arc;

/// A row of cells and its 1-based row (or line) number.
pub type NumberedRow = (u64, Vec<Cell>);

/// Problems found around the table (merged cells, formulas) and the cells
/// (row, column) they cover, whose own value problems are then not repeated.
pub type TableChecks = (Vec<RowError>, HashSet<(u64, usize)>);

/// The header row found in a table.
pub struct Header {
    pub row: u64,
    pub map: HeaderMap,
}

/// Read one table into `out`. `check` runs once the header is known (Excel
/// uses it to refuse merged cells and formulas) and adds its problems.
/// Returns the header, or `None` (nothing added) when no row looks like one.
pub fn read_table(
    sheet: &Option<Arc<str>>,
    rows: impl Iterator<Item = NumberedRow>,
    check: impl FnOnce(&Header) -> TableChecks,
    out: &mut Parsed,
) -> Option<Header> {
    let mut rows = rows;
    let mut top: Vec<NumberedRow> = Vec::new();
    while top.len() < SEARCH_ROWS {
        match rows.next() {
            Some(r) => top.push(r),
            None => break,
        }
    }
    let texts: Vec<Vec<String>> = top
        .iter()
        .map(|(_, cells)| cells.iter().map(Cell::as_text).collect())
        .collect();
    let at = headers::find_header_row(&texts)?;
    let header_row = top[at].0;
    let map = match headers::map_header(&texts[at]) {
        Ok(map) => map,
        Err(problems) => {
            out.errors
                .extend(problems.into_iter().map(|reason| RowError {
                    at: Loc::row(sheet, header_row),
                    reason,
                }));
            return Some(Header {
                row: header_row,
                map: HeaderMap::default(),
            });
        }
    };
    if !map.unknown.is_empty() {
        let args = [
            ("place", Loc::row(sheet, header_row).to_string()),
            (
                "columns",
                map.unknown.join(crate::i18n::t("import.list_sep")),
            ),
        ];
        out.notes.push(tf("import.ignored_columns", &args));
    }
    out.headers.push((sheet.clone(), map.clone()));
    let header = Header {
        row: header_row,
        map,
    };
    let (problems, mut covered) = check(&header);
    // Rows that already have a merged or formula problem need no other word.
    for e in &problems {
        if let Loc::Cell { row, .. } = e.at {
            covered.insert((row, usize::MAX));
        }
    }
    out.errors.extend(problems);
    let rest = top.into_iter().skip(at + 1).chain(rows);
    for (n, cells) in rest {
        if is_comment_row(&cells) {
            // shilian's CSV register: the `# 统计` counts table follows.
            let place = Loc::row(sheet, n).to_string();
            out.notes.push(tf("import.table_end", &[("place", place)]));
            break;
        }
        read_row(sheet, &header.map, n, &cells, &covered, out);
    }
    Some(header)
}

/// A row whose first non-blank cell starts with `#`: the member table ends.
fn is_comment_row(cells: &[Cell]) -> bool {
    cells
        .iter()
        .find(|c| !c.is_blank())
        .is_some_and(|c| matches!(c, Cell::Text(s) if s.trim_start().starts_with('#')))
}

/// A row whose first non-blank cell reads like a footer (填表人：…, 合计…).
pub fn is_footer_row(cells: &[Cell]) -> bool {
    cells
        .iter()
        .find(|c| !c.is_blank())
        .is_some_and(|c| headers::is_footer(&c.as_text()))
}

/// One data row: a member, or its problems (blank rows are skipped).
fn read_row(
    sheet: &Option<Arc<str>>,
    map: &HeaderMap,
    n: u64,
    cells: &[Cell],
    covered: &HashSet<(u64, usize)>,
    out: &mut Parsed,
) {
    if is_footer_row(cells) {
        let place = Loc::row(sheet, n).to_string();
        out.notes
            .push(tf("import.footer_skipped", &[("place", place)]));
        return;
    }
    let used = |i: usize| cells.get(i).is_some_and(|c| !c.is_blank());
    if !map.columns.iter().any(|(_, i, _)| used(*i)) {
        return;
    }
    out.data_rows += 1;
    let get = |f: &str| map.col(f).and_then(|(i, _)| cells.get(i));
    match from_cells(get) {
        Ok((member, status)) => out.rows.push(Row {
            at: Loc::row(sheet, n),
            member,
            status,
        }),
        Err(problems) => {
            let at_covered = |e: &RowError| match &e.at {
                Loc::Cell { col: Some(c), .. } => covered.contains(&(n, c.index)),
                _ => false,
            };
            let mut errors: Vec<RowError> = problems
                .into_iter()
                .map(|p| located(sheet, map, n, p))
                .filter(|e| !at_covered(e))
                .collect();
            if errors.is_empty() && !covered.contains(&(n, usize::MAX)) {
                // Every problem is already reported as a merged or formula cell;
                // the row still counts as bad.
                errors.push(RowError {
                    at: Loc::row(sheet, n),
                    reason: crate::i18n::t("import.see_above").to_string(),
                });
            }
            out.errors.extend(errors);
        }
    }
}

fn located(sheet: &Option<Arc<str>>, map: &HeaderMap, n: u64, p: Problem) -> RowError {
    let at = match p.0.and_then(|f| map.col(f)) {
        Some((i, h)) => Loc::cell(sheet, n, i, h),
        None => Loc::row(sheet, n),
    };
    RowError { at, reason: p.1 }
}
