//! One member from named cells, collecting every problem of the row (with
//! the field it concerns) rather than stopping at the first.

use super::Cell;
use super::values::{fold, fold_width, from_serial, parse_bool, parse_date, parse_enum};
use crate::domain::idcard::{self, IdError};
use crate::domain::model::*;
use crate::i18n::{t, tf};
use chrono::NaiveDate;

/// Column name for messages: `cli.column.<field>` (or `import.column.<field>`).
pub fn column(field: &str) -> String {
    let key = format!("cli.column.{field}");
    let s = t(&key);
    if s == key {
        t(&format!("import.column.{field}")).to_string()
    } else {
        s.to_string()
    }
}

/// A problem of a row: the field it concerns (if one) and the reason.
pub type Problem = (Option<&'static str>, String);

struct Cells<'a, F: Fn(&str) -> Option<&'a Cell>> {
    get: F,
    errors: Vec<Problem>,
}

impl<'a, F: Fn(&str) -> Option<&'a Cell>> Cells<'a, F> {
    fn push(&mut self, field: &'static str, reason: String) {
        self.errors.push((Some(field), reason));
    }

    fn text(&mut self, field: &'static str, required: bool) -> String {
        let v = match (self.get)(field) {
            Some(Cell::Error(e)) => {
                let args = [("column", column(field)), ("value", e.clone())];
                self.push(field, tf("import.cell_error", &args));
                return String::new();
            }
            Some(c) => c.as_text(),
            None => String::new(),
        };
        let v = v.trim_matches(|c: char| c.is_whitespace()).to_string();
        if required && v.is_empty() {
            let reason = tf("cli.import.missing_value", &[("column", column(field))]);
            self.push(field, reason);
        }
        v
    }

    fn date(&mut self, field: &'static str, required: bool) -> Option<NaiveDate> {
        match (self.get)(field) {
            Some(Cell::Date(d)) => return Some(*d),
            Some(Cell::Number(n)) => return self.number_date(field, *n),
            _ => {}
        }
        let v = self.text(field, required);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(&v);
        if d.is_none() {
            let args = [("column", column(field)), ("value", v)];
            self.push(field, tf("cli.import.bad_date", &args));
        }
        d
    }

    /// A number in a date column: an Excel serial day, 20150301, or 2015.03
    /// (a one-decimal 2015.1 could be January or October: refused).
    fn number_date(&mut self, field: &'static str, n: f64) -> Option<NaiveDate> {
        let shown = Cell::Number(n).as_text();
        let one_decimal = shown.split('.').nth(1).is_some_and(|d| d.len() == 1);
        let d = if one_decimal {
            None
        } else {
            from_serial(n).or_else(|| parse_date(&shown))
        };
        if d.is_none() {
            let key = if one_decimal {
                "import.ambiguous_month"
            } else {
                "cli.import.bad_date"
            };
            self.push(
                field,
                tf(key, &[("column", column(field)), ("value", shown)]),
            );
        }
        d
    }

    fn coded<T: Copy>(
        &mut self,
        field: &'static str,
        default: Option<T>,
        all: &[T],
        code: impl Fn(T) -> &'static str,
        key: impl Fn(T) -> String,
    ) -> Option<T> {
        let v = self.text(field, default.is_none());
        if v.is_empty() {
            return default;
        }
        let synonym = super::headers::value_synonym(field, &v).unwrap_or(&v);
        let found = parse_enum(synonym, all, &code, &key);
        if found.is_none() {
            let choices: Vec<String> = all
                .iter()
                .map(|x| format!("{}/{}", code(*x), crate::i18n::label(key(*x))))
                .collect();
            let args = [
                ("column", column(field)),
                ("value", v),
                ("choices", choices.join(", ")),
            ];
            self.push(field, tf("cli.import.bad_value", &args));
        }
        found
    }
}

macro_rules! coded {
    ($cells:expr, $field:literal, $ty:ty, $default:expr) => {
        $cells.coded(
            $field,
            $default,
            <$ty>::ALL,
            |x: $ty| x.code(),
            |x: $ty| x.label_key(),
        )
    };
}

/// Why an ID number is bad, in words.
fn id_problem(e: &IdError) -> String {
    match e {
        IdError::Format => t("cli.import.id_format").to_string(),
        IdError::CheckDigit(c) => tf("cli.import.id_check", &[("expected", c.to_string())]),
        IdError::BirthDate => t("cli.import.id_birth").to_string(),
    }
}

/// The ID number (width-folded, upper case) and the birth date it encodes.
fn id_number<'a, F: Fn(&str) -> Option<&'a Cell>>(
    c: &mut Cells<'a, F>,
) -> (String, Option<NaiveDate>) {
    if let Some(Cell::Number(n)) = (c.get)("id_number") {
        let value = Cell::Number(*n).as_text();
        c.push("id_number", tf("import.id_as_number", &[("value", value)]));
        return (String::new(), None);
    }
    let id = fold(&c.text("id_number", true)).to_ascii_uppercase();
    if id.is_empty() {
        return (id, None);
    }
    match idcard::parse(&id) {
        Ok(d) => (id, Some(d)),
        Err(e) => {
            let args = [("value", id.clone()), ("why", id_problem(&e))];
            c.push("id_number", tf("cli.import.bad_id", &args));
            (id, None)
        }
    }
}

/// A name without the padding spaces rosters put between two characters.
fn clean_name(s: &str) -> String {
    let s = fold_width(s);
    if s.chars().all(|c| c.is_whitespace() || !c.is_ascii()) {
        s.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The last sign of contact: 最后联系日期 if filled, otherwise the latest of
/// 失联时间, 最后参加组织生活时间 and 最后交纳党费时间.
fn last_contact<'a, F: Fn(&str) -> Option<&'a Cell>>(c: &mut Cells<'a, F>) -> Option<NaiveDate> {
    if let Some(d) = c.date("last_contact", false) {
        return Some(d);
    }
    let any_error = c.errors.iter().any(|(f, _)| *f == Some("last_contact"));
    let others = ["lost_date", "org_life", "dues_paid"].map(|f| c.date(f, false));
    let latest = others.into_iter().flatten().max();
    let bad_other = c
        .errors
        .iter()
        .any(|(f, _)| matches!(f, Some("lost_date" | "org_life" | "dues_paid")));
    if latest.is_none() && !any_error && !bad_other {
        let names = super::headers::one_of_names();
        c.push(
            "last_contact",
            tf("import.missing_contact", &[("columns", names)]),
        );
    }
    latest
}

/// A note for the preview: its message key and the value it is about.
pub type Note = (&'static str, String);

/// A birth date given only to the month (1985.06, or a 出生年月 column whose
/// date is a month's first day) is compared with the ID number to the
/// month: when they agree the ID number's exact date is taken (with a
/// note); when not, the month's first day stays and the rules refuse the
/// mismatch.
fn birth<'a, F: Fn(&str) -> Option<&'a Cell>>(
    c: &mut Cells<'a, F>,
    id_birth: Option<NaiveDate>,
    month_header: bool,
    notes: &mut Vec<Note>,
) -> Option<NaiveDate> {
    use chrono::Datelike;
    let month_only = match (c.get)("birth_date") {
        Some(Cell::Text(s)) => super::values::is_month_only(s),
        Some(Cell::Date(d)) => month_header && d.day() == 1,
        _ => false,
    };
    let shown = (c.get)("birth_date").map(Cell::as_text).unwrap_or_default();
    let given = c.date("birth_date", false);
    match (given, id_birth) {
        (Some(g), Some(id)) if month_only && (g.year(), g.month()) == (id.year(), id.month()) => {
            notes.push(("import.month_only", shown));
            Some(id)
        }
        (given, id) => given.or(id),
    }
}

/// Build a member and its case status from cells named by field, with
/// notes for the preview. `month_header`: the birth date column is a
/// 出生年月 one (its dates give the month).
pub fn from_cells<'a>(
    get: impl Fn(&str) -> Option<&'a Cell>,
    month_header: bool,
) -> Result<(Member, Status, Vec<Note>), Vec<Problem>> {
    let mut c = Cells {
        get,
        errors: vec![],
    };
    let mut notes = Vec::new();
    let name = clean_name(&c.text("name", true));
    let gender = coded!(c, "gender", Gender, None);
    let (id_number, id_birth) = id_number(&mut c);
    let birth = birth(&mut c, id_birth, month_header, &mut notes);
    let membership = coded!(c, "membership", Membership, None);
    let has_probation_column = (c.get)("probation_start").is_some();
    let probation_start = c.date("probation_start", false);
    let branch = c.text("branch", true);
    let committee = c.text("committee", true);
    let joined = c.date("joined", true);
    let phone = fold(&c.text("phone", false));
    let address = c.text("address", false);
    let employer = c.text("employer", false);
    let focus_area = coded!(c, "focus_area", FocusArea, Some(FocusArea::Other));
    let abroad = coded!(c, "abroad", Abroad, Some(Abroad::No));
    let last_contact = last_contact(&mut c);
    let exists_text = c.text("branch_exists", false);
    let branch_exists = if exists_text.is_empty() {
        Some(true)
    } else {
        let b = parse_bool(&exists_text);
        if b.is_none() {
            let args = [("column", column("branch_exists")), ("value", exists_text)];
            c.push("branch_exists", tf("cli.import.bad_bool", &args));
        }
        b
    };
    let lost_cause = coded!(c, "lost_cause", LostCause, Some(LostCause::Other));
    let status = coded!(c, "status", Status, Some(Status::Lost));
    if birth.is_none() && c.errors.is_empty() {
        let args = [("column", column("birth_date"))];
        c.push("birth_date", tf("cli.import.missing_value", &args));
    }
    let (
        Some(gender),
        Some(birth_date),
        Some(membership),
        Some(joined),
        Some(focus_area),
        Some(abroad),
        Some(last_contact),
        Some(branch_exists),
        Some(lost_cause),
        Some(status),
        true,
    ) = (
        gender,
        birth,
        membership,
        joined,
        focus_area,
        abroad,
        last_contact,
        branch_exists,
        lost_cause,
        status,
        c.errors.is_empty(),
    )
    else {
        return Err(c.errors);
    };
    // 党章: the probation runs from the day the branch meeting admitted the
    // member, which is the 入党时间 a register gives when it has no column
    // for the probation's start.
    let probation_start = match (membership, probation_start, has_probation_column) {
        (Membership::Probationary, None, false) => Some(joined),
        (_, p, _) => p,
    };
    let member = Member {
        name,
        gender,
        id_number,
        birth_date,
        membership,
        probation_start,
        branch,
        committee,
        joined,
        phone,
        address,
        employer,
        focus_area,
        abroad,
        last_contact,
        branch_exists,
        lost_cause,
    };
    Ok((member, status, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(field: &str) -> Vec<&'static str> {
        match field {
            "gender" => Gender::ALL.iter().map(|x| x.code()).collect(),
            "membership" => Membership::ALL.iter().map(|x| x.code()).collect(),
            "abroad" => Abroad::ALL.iter().map(|x| x.code()).collect(),
            "focus_area" => FocusArea::ALL.iter().map(|x| x.code()).collect(),
            "lost_cause" => LostCause::ALL.iter().map(|x| x.code()).collect(),
            "status" => Status::ALL.iter().map(|x| x.code()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn value_spellings_name_real_codes() {
        for (field, spellings) in &super::super::headers::table().values {
            let codes = codes(field);
            for (s, code) in spellings {
                assert!(codes.contains(&code.as_str()), "{field}: {s} → {code}");
            }
        }
    }
}
