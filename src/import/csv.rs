//! CSV import: UTF-8 (a BOM is fine), one header line naming the columns in
//! Chinese (or by their field names), one member per line.

use super::member::{column, from_cells};
use super::values::fold;
use super::{Loc, Row, RowError};
use crate::i18n::tf;
use std::collections::HashMap;

/// Every column: field name and the Chinese headers accepted for it.
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["姓名"]),
    ("gender", &["性别"]),
    ("id_number", &["公民身份号码", "身份证号码", "身份证号"]),
    ("birth_date", &["出生日期"]),
    ("membership", &["党员类型", "人员类别"]),
    ("probation_start", &["预备期开始", "预备期开始日期"]),
    ("branch", &["党支部", "所在党支部"]),
    ("committee", &["基层党委", "所属基层党委"]),
    ("joined", &["入党日期", "入党时间"]),
    ("phone", &["联系电话", "电话"]),
    ("address", &["住址", "家庭住址"]),
    ("employer", &["工作单位"]),
    ("focus_area", &["重点领域"]),
    ("abroad", &["出国（境）情况", "出国情况"]),
    ("last_contact", &["最后联系日期", "最后联系时间"]),
    ("branch_exists", &["支部是否存在"]),
    ("lost_cause", &["失联原因"]),
    ("status", &["状态", "案件状态"]),
];

/// Columns that must be present in the header.
pub const REQUIRED: &[&str] = &[
    "name",
    "gender",
    "id_number",
    "membership",
    "branch",
    "committee",
    "joined",
    "last_contact",
];

fn field_of(header: &str) -> Option<&'static str> {
    let h = fold(header.trim_start_matches('\u{feff}'));
    COLUMNS
        .iter()
        .find(|(f, names)| *f == h || names.iter().any(|n| fold(n) == h))
        .map(|(f, _)| *f)
}

fn header_error(reason: String) -> Vec<RowError> {
    vec![RowError {
        at: Loc::Line(1),
        reason,
    }]
}

/// Map header positions to fields; unknown, repeated or missing columns are errors.
fn read_header(
    headers: &::csv::StringRecord,
) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut map = HashMap::new();
    let mut errors = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match field_of(h) {
            Some(f) if map.contains_key(f) => errors.push(tf(
                "cli.import.repeated_column",
                &[("column", h.to_string())],
            )),
            Some(f) => {
                map.insert(f, i);
            }
            None if h.trim().is_empty() => {}
            None => errors.push(tf(
                "cli.import.unknown_column",
                &[("column", h.to_string())],
            )),
        }
    }
    for f in REQUIRED {
        if !map.contains_key(f) {
            errors.push(tf("cli.import.missing_column", &[("column", column(f))]));
        }
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors
            .into_iter()
            .map(|reason| RowError {
                at: Loc::Line(1),
                reason,
            })
            .collect())
    }
}

pub fn parse(text: &str) -> Result<Vec<Row>, Vec<RowError>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| header_error(e.to_string()))?
        .clone();
    let map = read_header(&headers)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(RowError {
                    at: Loc::Line(line),
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let at = Loc::Line(rec.position().map(|p| p.line()).unwrap_or(0));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |f: &str| map.get(f).and_then(|&i| rec.get(i)).unwrap_or("");
        match from_cells(get) {
            Ok((member, status)) => rows.push(Row { at, member, status }),
            Err(reasons) => {
                errors.extend(reasons.into_iter().map(|reason| RowError { at, reason }))
            }
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}
