//! Placing a rule refusal in the column it is about: the refusal code (or
//! its `field` argument) names a member field, the table's header map gives
//! the column.

use super::{Loc, Table};
use crate::domain::refusal::Refusal;

/// The member field a refusal of `validate_member` is about, if one.
pub fn refusal_field(r: &Refusal) -> Option<&'static str> {
    if r.code == crate::domain::rules::CONTROL_CHARACTER {
        const TEXT: [&str; 7] = [
            "name",
            "id_number",
            "branch",
            "committee",
            "phone",
            "address",
            "employer",
        ];
        let field = r.args.iter().find(|(k, _)| *k == "field")?;
        return TEXT.into_iter().find(|f| *f == field.1);
    }
    if r.code == "date_in_future" {
        return r
            .args
            .iter()
            .find(|(k, _)| *k == "field")
            .and_then(|(_, v)| {
                ["birth_date", "joined", "last_contact", "probation_start"]
                    .into_iter()
                    .find(|f| f == v)
            });
    }
    let field = match r.code {
        "id_format" | "id_check_digit" | "id_birth_invalid" => "id_number",
        "id_birth_mismatch" => "birth_date",
        "joined_before_birth" | "joined_under_18" => "joined",
        "last_contact_before_joined" => "last_contact",
        "name_required" => "name",
        "branch_required" => "branch",
        "committee_required" => "committee",
        c if c.starts_with("probation_start") => "probation_start",
        _ => return None,
    };
    Some(field)
}

/// `at` with the column of `field` in its table, when both are known. The
/// date of last contact may come from any column of its group.
pub fn place(at: &Loc, field: Option<&str>, tables: &[Table]) -> Loc {
    let (Some(field), Loc::Cell { sheet, row, .. }) = (field, at) else {
        return at.clone();
    };
    let Some((_, map)) = tables.iter().find(|(s, _)| s == sheet) else {
        return at.clone();
    };
    let group: &[&str] = if field == "last_contact" {
        &["last_contact", "lost_date", "org_life", "dues_paid"]
    } else {
        &[field]
    };
    match group.iter().find_map(|f| map.col(f)) {
        Some((i, h)) => Loc::cell(sheet, *row, i, h),
        None => at.clone(),
    }
}
