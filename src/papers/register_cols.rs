//! The register's member columns, shared by the xlsx and CSV forms: every
//! column `shilian import` reads, under the headers it reads (so a register
//! exported here imports into a fresh database as the same people), then
//! the case's status and next deadline. Values are labels, never codes
//! (codes stay in the JSON form); dates are dates, numbers are numbers.

use crate::domain::model::Member;
use crate::i18n::{Lang, label, lang, t, t_in};
use crate::store::RegisterRow;
use chrono::NaiveDate;

/// One cell of a member row.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Num(u64),
    Text(String),
    Date(Option<NaiveDate>),
}

impl Val {
    /// The cell as CSV text (dates as YYYY-MM-DD, which the import reads;
    /// text made safe for spreadsheets by `domain::text::sheet_cell`).
    pub fn text(&self) -> String {
        match self {
            Val::Num(n) => n.to_string(),
            Val::Text(s) => crate::domain::text::sheet_cell(s).into_owned(),
            Val::Date(d) => d.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

/// A column: its `papers.col.*` key, its width in the xlsx (characters),
/// and whether long text wraps there.
pub struct Col {
    pub key: &'static str,
    pub width: f64,
    pub wrap: bool,
}

const fn col(key: &'static str, width: f64, wrap: bool) -> Col {
    Col { key, width, wrap }
}

/// In the order printed. Keys name the import's fields (`papers.col.<field>`).
pub const COLUMNS: &[Col] = &[
    col("index", 5.0, false),
    col("name", 8.0, false),
    col("gender", 5.0, false),
    col("id_number", 20.0, false),
    col("birth_date", 11.0, false),
    col("membership", 9.0, false),
    col("probation_start", 11.0, false),
    col("committee", 16.0, true),
    col("branch", 16.0, true),
    col("joined", 11.0, false),
    col("phone", 13.0, false),
    col("address", 16.0, true),
    col("employer", 16.0, true),
    col("focus_area", 10.0, false),
    col("abroad", 9.0, false),
    col("last_contact", 11.0, false),
    col("lost_cause", 12.0, true),
    col("branch_exists", 7.0, false),
    col("status", 8.0, false),
    col("next_due", 11.0, false),
];

/// The header of column `c` in the run's language.
pub fn header(c: &Col) -> &'static str {
    t(&format!("papers.col.{}", c.key))
}

/// The header in Chinese (the CSV's headers, whatever the language).
pub fn header_zh(c: &Col) -> &'static str {
    t_in(Lang::Zh, &format!("papers.col.{}", c.key))
}

fn lab(key: String) -> Val {
    Val::Text(label(key).to_string())
}

fn yes_no(b: bool) -> Val {
    let zh = lang() == Lang::Zh;
    Val::Text(
        match (b, zh) {
            (true, true) => "是",
            (false, true) => "否",
            (true, false) => "yes",
            (false, false) => "no",
        }
        .to_string(),
    )
}

/// The cells of member row `n`, in [`COLUMNS`] order.
pub fn cells(n: u64, r: &RegisterRow) -> Vec<Val> {
    let m: &Member = &r.member;
    vec![
        Val::Num(n),
        Val::Text(m.name.clone()),
        lab(m.gender.label_key()),
        Val::Text(m.id_number.clone()),
        Val::Date(Some(m.birth_date)),
        lab(m.membership.label_key()),
        Val::Date(m.probation_start),
        Val::Text(m.committee.clone()),
        Val::Text(m.branch.clone()),
        Val::Date(Some(m.joined)),
        Val::Text(m.phone.clone()),
        Val::Text(m.address.clone()),
        Val::Text(m.employer.clone()),
        lab(m.focus_area.label_key()),
        lab(m.abroad.label_key()),
        Val::Date(Some(m.last_contact)),
        lab(m.lost_cause.label_key()),
        yes_no(m.branch_exists),
        lab(r.row.status.label_key()),
        Val::Date(r.row.next_due),
    ]
}

/// Index of a column by key (for the subtotal lines' layout).
pub fn index(key: &str) -> u16 {
    COLUMNS.iter().position(|c| c.key == key).unwrap_or(0) as u16
}
