//! No control characters in: every text field of every action (and of a
//! member being imported) is refused when it holds a C0/C1 control
//! character, ESC, DEL, a line separator or a bidirectional override; tab
//! and newline only in notes and reasons (`domain::text`). The refusal
//! names the field, the character and its position.

use crate::domain::action::Action;
use crate::domain::model::Member;
use crate::domain::refusal::Refusal;
use crate::domain::text::{code_point, first_forbidden, is_multiline_field, leaf, strings_of};

/// Rule code and source of the refusal.
pub const CODE: &str = "control_character";
const SOURCE: &str = "安全规范";

fn check(field: &str, value: &str) -> Result<(), Refusal> {
    match first_forbidden(value, is_multiline_field(leaf(field))) {
        None => Ok(()),
        Some((pos, c)) => Err(Refusal::new(CODE, SOURCE)
            .arg("field", field)
            .arg("char", code_point(c))
            .arg("pos", pos)),
    }
}

/// Every string of the action, by its JSON field path (`member.name`,
/// `vote.signature_note`, `note`).
pub fn check_action(action: &Action) -> Result<(), Refusal> {
    let Ok(v) = serde_json::to_value(action) else {
        return Ok(());
    };
    for (path, s) in strings_of(&v) {
        check(&path, s)?;
    }
    Ok(())
}

/// The text fields of a member (imports and `create_case`); the field is
/// named as in the member's JSON, so the import preview finds its column.
pub fn check_member(m: &Member) -> Result<(), Refusal> {
    for (field, value) in [
        ("name", &m.name),
        ("id_number", &m.id_number),
        ("branch", &m.branch),
        ("committee", &m.committee),
        ("phone", &m.phone),
        ("address", &m.address),
        ("employer", &m.employer),
    ] {
        check(field, value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_may_span_lines_a_who_may_not_and_escapes_are_refused_everywhere() {
        let search = |who: &str, note: &str| {
            serde_json::from_value::<Action>(serde_json::json!({
                "action": "record_search", "case": 1, "date": "2025-01-02",
                "channel": "phone", "who": who, "result": "no_trace", "note": note,
            }))
            .expect("action")
        };
        assert!(check_action(&search("王", "第一行\n第二行\t完")).is_ok());
        let r = check_action(&search("王\n伪造", "")).expect_err("newline in who");
        assert_eq!(r.code, CODE);
        assert!(r.args.contains(&("field", "who".into())), "{r:?}");
        assert!(r.args.contains(&("char", "U+000A".into())), "{r:?}");
        let r = check_action(&search("王", "x\u{1b}]52;c;Zm9v\u{7}")).expect_err("osc 52");
        assert!(r.args.contains(&("field", "note".into())), "{r:?}");
        assert!(r.args.contains(&("pos", "2".into())), "{r:?}");
        let r = check_action(&search("王", "\u{202e}abc")).expect_err("bidi");
        assert!(r.args.contains(&("char", "U+202E".into())), "{r:?}");
    }
}
