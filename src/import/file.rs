//! Read an import file by its content: a workbook by its signature (or its
//! .xlsx/.xls name), otherwise UTF-8 text — JSON or CSV.

use super::{Options, Parsed, parse_text_with, xlsx};
use crate::i18n::{t, tf};
use std::path::Path;

/// Names that promise a workbook.
const WORKBOOK_EXT: &[&str] = &["xlsx", "xlsm", "xls"];

/// Read and parse a file. `Err` is a whole-file problem (cannot read, not a
/// workbook, password-protected, no header row in any sheet, not UTF-8).
pub fn read_file(path: &Path) -> Result<Parsed, String> {
    read_file_with(path, &Options::default())
}

/// [`read_file`] with the operator's options (`--committee`).
pub fn read_file_with(path: &Path, opts: &Options) -> Result<Parsed, String> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: {e}", tf("cli.read_failed", &[("path", shown.clone())])))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if xlsx::looks_like_workbook(&bytes) || WORKBOOK_EXT.contains(&ext.as_str()) {
        return xlsx::parse_with(bytes, opts).map_err(|m| format!("{shown}: {m}"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(parse_text_with(&text, opts)),
        Err(_) => Err(format!("{shown}: {}", t("import.not_utf8"))),
    }
}
