//! Reading one table (a sheet, or a CSV file): find the header row below any
//! title rows, take the committee from a title line (or `--committee`) when
//! no column has it, map the columns, then turn each data row into a member
//! — every problem located by sheet, row and column.

use super::headers::{self, HeaderMap, SEARCH_ROWS};
use super::member::{Problem, from_cells};
use super::{Cell, Loc, Options, Parsed, Row, RowError};
use crate::i18n::{t, tf};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A row of cells and its 1-based row (or line) number.
pub type NumberedRow = (u64, Vec<Cell>);

/// What the sheet's own structure says about the table (Excel: merged
/// cells and formulas): problems, the cells (row, column) they cover (whose
/// value problems are then not repeated), values filled into the rows of a
/// vertically merged cell, and notes for the preview.
#[derive(Default)]
pub struct TableChecks {
    pub errors: Vec<RowError>,
    pub covered: HashSet<(u64, usize)>,
    pub fills: HashMap<(u64, usize), Cell>,
    pub notes: Vec<String>,
}

/// The header row found in a table.
pub struct Header {
    pub row: u64,
    pub map: HeaderMap,
}

/// Where the table's committee comes from when no column has it.
struct Given {
    committee: String,
    /// "标题行（A2）的" or "命令行 --committee".
    source: String,
}

/// The committee of the title line or of `--committee` (both: they must agree).
fn given_committee(
    sheet: &Option<Arc<str>>,
    above: &[(u64, Vec<String>)],
    opts: &Options,
) -> Result<Option<Given>, RowError> {
    let title = super::title::committee(sheet, above)?;
    let option = opts
        .committee
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match (title, option) {
        (Some(t), Some(o)) if t.committee != o => Err(RowError {
            at: t.at.clone(),
            reason: tf(
                "import.title.option_and_title",
                &[
                    ("option", o.to_string()),
                    ("at", t.at.to_string()),
                    ("title", t.committee),
                ],
            ),
        }),
        (Some(t), _) => Ok(Some(Given {
            source: tf("import.title.title_source", &[("at", t.at.to_string())]),
            committee: t.committee,
        })),
        (None, Some(o)) => Ok(Some(Given {
            committee: o.to_string(),
            source: t("import.committee_option").to_string(),
        })),
        (None, None) => Ok(None),
    }
}

/// Read one table into `out`. `check` runs once the header is known (Excel
/// uses it for merged cells and formulas). Returns the header, or `None`
/// (nothing added) when no row looks like one.
pub fn read_table(
    sheet: &Option<Arc<str>>,
    rows: impl Iterator<Item = NumberedRow>,
    check: impl FnOnce(&Header) -> TableChecks,
    opts: &Options,
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
    let above: Vec<(u64, Vec<String>)> = top[..at]
        .iter()
        .map(|(n, _)| *n)
        .zip(texts[..at].iter().cloned())
        .collect();
    let (given, title_failed) = match given_committee(sheet, &above, opts) {
        Ok(g) => (g, false),
        Err(e) => {
            out.errors.push(e);
            out.header_failed = true;
            (None, true)
        }
    };
    // A title that names two committees is the one problem to fix, not
    // also a missing committee column.
    let provided: &[&str] = if given.is_some() || title_failed {
        &["committee"]
    } else {
        &[]
    };
    let mut map = match headers::map_header(&texts[at], provided) {
        Ok(map) => map,
        Err(problems) => {
            out.errors
                .extend(problems.into_iter().map(|reason| RowError {
                    at: Loc::row(sheet, header_row),
                    reason,
                }));
            // Count the rows all the same: the preview says how many
            // rows the file has, none of which can be imported yet.
            out.header_failed = true;
            let rest = top.into_iter().skip(at + 1).chain(rows);
            out.data_rows += rest
                .take_while(|(_, c)| !is_comment_row(c))
                .filter(|(_, c)| !is_footer_row(c) && c.iter().any(|x| !x.is_blank()))
                .count();
            return Some(Header {
                row: header_row,
                map: HeaderMap::default(),
            });
        }
    };
    if let Some(g) = &given {
        map.fixed
            .push(("committee", Cell::Text(g.committee.clone())));
    }
    if !map.unknown.is_empty() {
        let args = [
            ("place", Loc::row(sheet, header_row).to_string()),
            ("columns", map.unknown.join(t("import.list_sep"))),
        ];
        out.notes.push(tf("import.ignored_columns", &args));
    }
    out.headers.push((sheet.clone(), map.clone()));
    let header = Header {
        row: header_row,
        map,
    };
    let mut checks = check(&header);
    // Rows that already have a merged or formula problem need no other word.
    for e in &checks.errors {
        if let Loc::Cell { row, .. } = e.at {
            checks.covered.insert((row, usize::MAX));
        }
    }
    out.errors.append(&mut checks.errors);
    out.notes.append(&mut checks.notes);
    let table = Ctx {
        sheet,
        map: &header.map,
        checks: &checks,
        given: given.as_ref(),
    };
    let rest = top.into_iter().skip(at + 1).chain(rows);
    for (n, mut cells) in rest {
        if is_comment_row(&cells) {
            // shilian's CSV register: the `# 统计` counts table follows.
            let place = Loc::row(sheet, n).to_string();
            out.notes.push(tf("import.table_end", &[("place", place)]));
            break;
        }
        for ((r, c), v) in &checks.fills {
            if *r == n {
                if cells.len() <= *c {
                    cells.resize(*c + 1, Cell::Empty);
                }
                cells[*c] = v.clone();
            }
        }
        read_row(&table, n, &cells, out);
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

/// What every row of one table is read against.
struct Ctx<'a> {
    sheet: &'a Option<Arc<str>>,
    map: &'a HeaderMap,
    checks: &'a TableChecks,
    given: Option<&'a Given>,
}

/// A row's committee cell that disagrees with the title's or `--committee`.
fn committee_conflict(t: &Ctx<'_>, n: u64, cells: &[Cell]) -> Option<RowError> {
    let g = t.given?;
    let (i, h) = t.map.col("committee")?;
    let v = cells.get(i)?.as_text();
    let v = v.trim();
    if v.is_empty() || v == g.committee {
        return None;
    }
    Some(RowError {
        at: Loc::cell(t.sheet, n, i, h),
        reason: tf(
            "import.committee_disagrees",
            &[
                ("value", v.to_string()),
                ("source", g.source.clone()),
                ("committee", g.committee.clone()),
            ],
        ),
    })
}

/// One data row: a member, or its problems (blank rows are skipped).
fn read_row(t: &Ctx<'_>, n: u64, cells: &[Cell], out: &mut Parsed) {
    let (sheet, map) = (t.sheet, t.map);
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
    if let Some(e) = committee_conflict(t, n, cells) {
        out.errors.push(e);
        return;
    }
    let get = |f: &str| {
        let cell = map.col(f).and_then(|(i, _)| cells.get(i));
        match cell {
            Some(c) if !c.is_blank() => Some(c),
            _ => map.fixed(f).or(cell),
        }
    };
    let month_header = map
        .col("birth_date")
        .is_some_and(|(_, h)| h.contains("年月"));
    match from_cells(get, month_header) {
        Ok((member, status, notes)) => {
            for key in notes {
                let place = Loc::row(sheet, n).to_string();
                out.notes
                    .push(tf(key.0, &[("place", place), ("value", key.1)]));
            }
            out.rows.push(Row {
                at: Loc::row(sheet, n),
                member,
                status,
            })
        }
        Err(problems) => {
            let covered = &t.checks.covered;
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
