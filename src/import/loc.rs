//! Where a problem is: a CSV line, a JSON item, or a sheet, row and column.

use crate::i18n::{t, tf};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Loc {
    /// A line of a text file (1 = first line).
    Line(u64),
    /// An element of a JSON array (0-based).
    Index(usize),
    /// A row (1-based, as a spreadsheet shows it) of a sheet — `None` for
    /// a CSV file — and, when the problem is one cell, its column.
    Cell {
        sheet: Option<Arc<str>>,
        row: u64,
        col: Option<Col>,
    },
}

/// A column: 0-based index and the header as written in the file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Col {
    pub index: usize,
    pub header: Arc<str>,
}

impl Loc {
    pub fn row(sheet: &Option<Arc<str>>, row: u64) -> Loc {
        Loc::Cell {
            sheet: sheet.clone(),
            row,
            col: None,
        }
    }

    pub fn cell(sheet: &Option<Arc<str>>, row: u64, index: usize, header: &str) -> Loc {
        Loc::Cell {
            sheet: sheet.clone(),
            row,
            col: Some(Col {
                index,
                header: Arc::from(header),
            }),
        }
    }

    /// The row this is in, without the column (to count rows with problems).
    pub fn row_key(&self) -> Loc {
        match self {
            Loc::Cell { sheet, row, .. } => Loc::row(sheet, *row),
            other => other.clone(),
        }
    }

    pub fn sheet(&self) -> Option<&str> {
        match self {
            Loc::Cell { sheet, .. } => sheet.as_deref(),
            _ => None,
        }
    }

    /// The column letter (A, B, …, AA) if this names a cell.
    pub fn column_letter(&self) -> Option<String> {
        match self {
            Loc::Cell { col: Some(c), .. } => Some(letters(c.index)),
            _ => None,
        }
    }
}

/// Spreadsheet column letters of a 0-based index: 0 → A, 26 → AA.
pub fn letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            Loc::Line(n) => tf("cli.import.at_line", &[("n", n.to_string())]),
            Loc::Index(i) => tf("cli.import.at_index", &[("n", i.to_string())]),
            Loc::Cell { sheet, row, col } => {
                let mut parts = Vec::new();
                let n = [("n", row.to_string())];
                match sheet {
                    Some(s) => {
                        parts.push(tf("import.at_sheet", &[("sheet", s.to_string())]));
                        parts.push(tf("import.at_row", &n));
                    }
                    None => parts.push(tf("cli.import.at_line", &n)),
                }
                if let Some(c) = col {
                    let args = [("col", letters(c.index)), ("header", c.header.to_string())];
                    parts.push(tf("import.at_column", &args));
                }
                parts.join(t("import.loc_join"))
            }
        };
        f.write_str(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }
}
