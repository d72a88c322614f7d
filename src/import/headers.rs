//! Which column is which: the header alias table (`data/import_headers.toml`),
//! header normalisation, and finding the header row below any title rows.

use super::values::fold;
use crate::i18n::{Lang, tf};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The alias table as shipped.
pub const TABLE_TOML: &str = include_str!("../../data/import_headers.toml");

/// How many rows from the top of a sheet are searched for the header row.
pub const SEARCH_ROWS: usize = 30;
/// A header row names at least this many known columns.
pub const MIN_KNOWN: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub one_of: Vec<String>,
    pub ignored: Vec<String>,
    #[serde(default)]
    pub footer: Vec<String>,
    /// field → (spelling → code).
    #[serde(default)]
    pub values: std::collections::HashMap<String, std::collections::HashMap<String, String>>,
    pub column: Vec<ColumnDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub field: String,
    #[serde(default)]
    pub required: bool,
    pub headers: Vec<String>,
}

/// Parse an alias table (the shipped one is checked by a unit test).
pub fn parse_table(text: &str) -> Result<Table, toml::de::Error> {
    toml::from_str(text)
}

pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse_table(TABLE_TOML).expect("data/import_headers.toml is valid"))
}

/// A header as compared: width-folded, spaces removed, no `*` or `:` marks.
pub fn key(h: &str) -> String {
    fold(h)
        .trim_matches(|c| matches!(c, '*' | ':' | '※'))
        .to_string()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Field(&'static str),
    Ignored,
    Unknown,
}

fn lookup(k: &str) -> Kind {
    let t = table();
    for c in &t.column {
        if c.field == k || c.headers.iter().any(|h| key(h) == k) {
            return Kind::Field(c.field.as_str());
        }
    }
    if let Some((_, f)) = register_headers().iter().find(|(h, _)| h == k) {
        return Kind::Field(f);
    }
    if t.ignored.iter().any(|h| key(h) == k) {
        return Kind::Ignored;
    }
    Kind::Unknown
}

/// The headers of shilian's own register in either language
/// (`papers.col.<field>`, compared as [`key`]), so an English export
/// imports too.
fn register_headers() -> &'static [(String, &'static str)] {
    static H: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    H.get_or_init(|| {
        let mut v = Vec::new();
        for c in &table().column {
            let col = format!("papers.col.{}", c.field);
            for l in [Lang::Zh, Lang::En] {
                if crate::i18n::has_key(l, &col) {
                    v.push((key(crate::i18n::t_in(l, &col)), c.field.as_str()));
                }
            }
        }
        v
    })
}

/// What a header cell names; a trailing note in brackets is dropped when
/// the whole text is not known ("出生日期(年月日)" is 出生日期).
pub fn classify(header: &str) -> Kind {
    let k = key(header);
    if k.is_empty() {
        return Kind::Unknown;
    }
    match lookup(&k) {
        Kind::Unknown if k.ends_with(')') => match k.rfind('(') {
            Some(i) if i > 0 => lookup(&k[..i]),
            _ => Kind::Unknown,
        },
        found => found,
    }
}

/// The code another spelling of a coded value stands for ("正式" → `full`).
pub fn value_synonym(field: &str, value: &str) -> Option<&'static str> {
    let k = fold(value);
    folded().values.get(field)?.get(&k).copied()
}

/// Is this the text of a footer row below the table (填表人：…, 合计…)?
pub fn is_footer(text: &str) -> bool {
    let k = fold(text);
    !k.is_empty() && folded().footer.iter().any(|f| k.starts_with(f.as_str()))
}

/// The table's value spellings and footers, folded once (imports ask for
/// them on every cell).
struct Folded {
    /// field → folded spelling → code.
    values: HashMap<&'static str, HashMap<String, &'static str>>,
    footer: Vec<String>,
}

fn folded() -> &'static Folded {
    static F: OnceLock<Folded> = OnceLock::new();
    F.get_or_init(|| {
        let t = table();
        let values = t
            .values
            .iter()
            .map(|(field, spellings)| {
                let m = spellings
                    .iter()
                    .map(|(spelling, code)| (fold(spelling), code.as_str()))
                    .collect();
                (field.as_str(), m)
            })
            .collect();
        let footer = t.footer.iter().map(|f| fold(f)).collect();
        Folded { values, footer }
    })
}

/// Number of distinct fields a row names.
pub fn known_fields(cells: &[String]) -> usize {
    let mut seen: Vec<&'static str> = Vec::new();
    for c in cells {
        if let Kind::Field(f) = classify(c)
            && !seen.contains(&f)
        {
            seen.push(f);
        }
    }
    seen.len()
}

/// The header row of a sheet: the first of `rows` naming enough fields.
pub fn find_header_row(rows: &[Vec<String>]) -> Option<usize> {
    rows.iter()
        .take(SEARCH_ROWS)
        .position(|r| known_fields(r) >= MIN_KNOWN)
}

/// The columns of a sheet: field → (column index, header as written).
#[derive(Clone, Debug, Default)]
pub struct HeaderMap {
    pub columns: Vec<(&'static str, usize, String)>,
    /// Headers not recognised (their columns are ignored).
    pub unknown: Vec<String>,
    /// Values given for the whole table rather than in a column: the
    /// committee named in the title line or by `--committee`.
    pub fixed: Vec<(&'static str, super::Cell)>,
}

impl HeaderMap {
    pub fn col(&self, field: &str) -> Option<(usize, &str)> {
        self.columns
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, i, h)| (*i, h.as_str()))
    }

    pub fn has(&self, field: &str) -> bool {
        self.col(field).is_some()
    }

    /// The value given for the whole table, if any.
    pub fn fixed(&self, field: &str) -> Option<&super::Cell> {
        self.fixed.iter().find(|(f, _)| *f == field).map(|(_, c)| c)
    }
}

/// Map a header row; repeated or missing required columns are problems
/// (a field in `given` — the committee from the title — is not missing).
pub fn map_header(cells: &[String], given: &[&str]) -> Result<HeaderMap, Vec<String>> {
    let mut map = HeaderMap::default();
    let mut problems = Vec::new();
    for (i, h) in cells.iter().enumerate() {
        match classify(h) {
            Kind::Field(f) if map.has(f) => {
                problems.push(tf("cli.import.repeated_column", &[("column", h.clone())]))
            }
            Kind::Field(f) => map.columns.push((f, i, h.trim().to_string())),
            Kind::Ignored => {}
            Kind::Unknown if h.trim().is_empty() => {}
            Kind::Unknown => map.unknown.push(h.trim().to_string()),
        }
    }
    let t = table();
    let missing: Vec<&str> = t
        .column
        .iter()
        .filter(|c| c.required && !map.has(&c.field) && !given.contains(&c.field.as_str()))
        .map(|c| c.field.as_str())
        .collect();
    if !missing.is_empty() {
        problems.push(missing_message(&missing));
    }
    if !t.one_of.iter().any(|f| map.has(f)) {
        problems.push(tf("import.missing_one_of", &[("columns", one_of_names())]));
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(problems)
    }
}

/// One message for every required column missing, with what would fix it
/// (the headers accepted; for the committee also a title line or
/// `--committee`).
fn missing_message(fields: &[&str]) -> String {
    let sep = crate::i18n::t("import.list_sep");
    let names: Vec<String> = fields.iter().map(|f| super::member::column(f)).collect();
    let accepted: Vec<String> = fields
        .iter()
        .filter_map(|f| table().column.iter().find(|c| c.field == *f))
        .map(|c| {
            format!(
                "{}（{}）",
                super::member::column(&c.field),
                c.headers.join("/")
            )
        })
        .collect();
    let mut msg = tf(
        "import.missing_columns",
        &[
            ("columns", names.join(sep)),
            ("accepted", accepted.join(sep)),
        ],
    );
    if fields.contains(&"committee") {
        msg.push_str(crate::i18n::t("import.committee_hint"));
    }
    msg
}

/// The `one_of` columns by their display names: "最后联系日期、失联时间…".
pub fn one_of_names() -> String {
    let names: Vec<String> = table()
        .one_of
        .iter()
        .map(|f| super::member::column(f))
        .collect();
    names.join(crate::i18n::t("import.list_sep"))
}

/// The required columns by their display names, and the `one_of` group.
pub fn required_names() -> String {
    let sep = crate::i18n::t("import.list_sep");
    let mut names: Vec<String> = table()
        .column
        .iter()
        .filter(|c| c.required)
        .map(|c| super::member::column(&c.field))
        .collect();
    names.push(format!(
        "({})",
        table()
            .one_of
            .iter()
            .map(|f| super::member::column(f))
            .collect::<Vec<_>>()
            .join("/")
    ));
    names.join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses_and_names_known_fields() {
        let t = parse_table(TABLE_TOML).expect("valid");
        assert!(
            t.column
                .iter()
                .any(|c| c.field == "id_number" && c.required)
        );
        for f in &t.one_of {
            assert!(t.column.iter().any(|c| &c.field == f), "{f}");
        }
        for f in t.values.keys() {
            assert!(t.column.iter().any(|c| &c.field == f), "{f}");
        }
    }

    #[test]
    fn headers_match_flexibly() {
        assert_eq!(classify("身份证号"), Kind::Field("id_number"));
        assert_eq!(classify(" 公民身份号码 "), Kind::Field("id_number"));
        assert_eq!(classify("*姓\u{3000}名："), Kind::Field("name"));
        assert_eq!(classify("出国（境）情况"), Kind::Field("abroad"));
        assert_eq!(classify("出国(境)情况"), Kind::Field("abroad"));
        assert_eq!(classify("出生日期（年月日）"), Kind::Field("birth_date"));
        assert_eq!(classify("所属党委"), Kind::Field("committee"));
        assert_eq!(classify("失去联系日期"), Kind::Field("lost_date"));
        assert_eq!(classify("序号"), Kind::Ignored);
        assert_eq!(classify("血型"), Kind::Unknown);
    }

    #[test]
    fn footers_are_recognised() {
        assert!(is_footer("填表人：张三　　审核人：李四"));
        assert!(is_footer(" 合计：15人"));
        assert!(is_footer("注：本表由党支部填写"));
        assert!(!is_footer("张三"));
        assert!(!is_footer("注册会计师事务所党支部"));
        assert!(!is_footer(""));
    }

    #[test]
    fn header_row_is_found_below_a_title() {
        let rows = vec![
            vec!["某某党委失联党员名册".to_string()],
            vec!["填报单位：".to_string(), String::new()],
            vec![
                "序号".into(),
                "姓名".into(),
                "性别".into(),
                "身份证号".into(),
            ],
        ];
        assert_eq!(find_header_row(&rows), Some(2));
        assert_eq!(find_header_row(&rows[..2]), None);
    }
}
