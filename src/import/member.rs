//! One member from named cells (the CSV columns), collecting every problem
//! of the row rather than stopping at the first.

use super::values::{parse_bool, parse_date, parse_enum};
use crate::domain::idcard::{self, IdError};
use crate::domain::model::*;
use crate::i18n::{t, tf};
use chrono::NaiveDate;

/// Column name for messages: `cli.column.<field>`.
pub fn column(field: &str) -> String {
    t(&format!("cli.column.{field}")).to_string()
}

struct Cells<'a, F: Fn(&str) -> &'a str> {
    get: F,
    errors: Vec<String>,
}

impl<'a, F: Fn(&str) -> &'a str> Cells<'a, F> {
    fn text(&mut self, field: &str, required: bool) -> String {
        let v = (self.get)(field).trim();
        if required && v.is_empty() {
            self.errors
                .push(tf("cli.import.missing_value", &[("column", column(field))]));
        }
        v.to_string()
    }

    fn date(&mut self, field: &str, required: bool) -> Option<NaiveDate> {
        let v = self.text(field, required);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(&v);
        if d.is_none() {
            let args = [("column", column(field)), ("value", v)];
            self.errors.push(tf("cli.import.bad_date", &args));
        }
        d
    }

    fn coded<T: Copy>(
        &mut self,
        field: &str,
        default: Option<T>,
        all: &[T],
        code: impl Fn(T) -> &'static str,
        key: impl Fn(T) -> String,
    ) -> Option<T> {
        let v = self.text(field, default.is_none());
        if v.is_empty() {
            return default;
        }
        let found = parse_enum(&v, all, &code, &key);
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
            self.errors.push(tf("cli.import.bad_value", &args));
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

/// Build a member and its case status from cells named by field.
pub fn from_cells<'a>(get: impl Fn(&str) -> &'a str) -> Result<(Member, Status), Vec<String>> {
    let mut c = Cells {
        get,
        errors: vec![],
    };
    let name = c.text("name", true);
    let gender = coded!(c, "gender", Gender, None);
    let id_number = c.text("id_number", true).to_ascii_uppercase();
    let id_birth = if id_number.is_empty() {
        None
    } else {
        match idcard::parse(&id_number) {
            Ok(d) => Some(d),
            Err(e) => {
                let args = [("value", id_number.clone()), ("why", id_problem(&e))];
                c.errors.push(tf("cli.import.bad_id", &args));
                None
            }
        }
    };
    let birth = c.date("birth_date", false).or(id_birth);
    let membership = coded!(c, "membership", Membership, None);
    let probation_start = c.date("probation_start", false);
    let branch = c.text("branch", true);
    let committee = c.text("committee", true);
    let joined = c.date("joined", true);
    let phone = c.text("phone", false);
    let address = c.text("address", false);
    let employer = c.text("employer", false);
    let focus_area = coded!(c, "focus_area", FocusArea, Some(FocusArea::Other));
    let abroad = coded!(c, "abroad", Abroad, Some(Abroad::No));
    let last_contact = c.date("last_contact", true);
    let exists_text = c.text("branch_exists", false);
    let branch_exists = if exists_text.is_empty() {
        Some(true)
    } else {
        let b = parse_bool(&exists_text);
        if b.is_none() {
            let args = [("column", column("branch_exists")), ("value", exists_text)];
            c.errors.push(tf("cli.import.bad_bool", &args));
        }
        b
    };
    let lost_cause = coded!(c, "lost_cause", LostCause, Some(LostCause::Other));
    let status = coded!(c, "status", Status, Some(Status::Lost));
    if birth.is_none() && id_birth.is_none() && c.errors.is_empty() {
        let args = [("column", column("birth_date"))];
        c.errors.push(tf("cli.import.missing_value", &args));
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
    Ok((member, status))
}
