//! Characters that must never reach a terminal, a printout or the audit log
//! from the data: C0 and C1 control characters, ESC, DEL, the line and
//! paragraph separators and the bidirectional overrides and isolates (which
//! reorder what a reader sees). Tab and newline are allowed in multi-line
//! fields (notes, reasons) only. Input is refused (`first_forbidden`);
//! output escapes whatever is already stored (`escape_line`, `escape_text`),
//! so an old or hand-edited file prints safely too.

use std::borrow::Cow;

/// Whether `c` is refused in a field; `multiline` allows tab and newline.
pub fn forbidden(c: char, multiline: bool) -> bool {
    let u = c as u32;
    if multiline && (c == '\n' || c == '\t') {
        return false;
    }
    matches!(u,
        0x00..=0x1F | 0x7F..=0x9F | 0x061C | 0x200E | 0x200F | 0x2028..=0x202E
        | 0x2066..=0x2069 | 0xFFF9..=0xFFFB)
}

/// The first refused character of `s` and its position (in characters, from 1).
pub fn first_forbidden(s: &str, multiline: bool) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| forbidden(*c, multiline))
        .map(|(i, c)| (i + 1, c))
}

/// How a refused character is named in messages: `U+001B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Fields whose text may span lines: notes and reasons.
pub fn is_multiline_field(name: &str) -> bool {
    name == "note" || name.ends_with("_note") || name == "reason" || name.ends_with("_reason")
}

fn escape(s: &str, multiline: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| forbidden(c, multiline)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if forbidden(c, multiline) {
            let u = c as u32;
            if u < 0x80 {
                out.push_str(&format!("\\x{u:02x}"));
            } else {
                out.push_str(&format!("\\u{{{u:x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of output (a table cell, a field): every refused character,
/// newline and tab included, shown as `\x1b` or `\u{202e}`.
pub fn escape_line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Text of several lines (a document, a message): newline and tab kept,
/// every other refused character shown as `\x1b` or `\u{202e}`.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// JSON text as serde_json writes it (C0 already escaped) with DEL, the
/// C1 controls and the direction overrides written as `\u009b` escapes
/// too: the same JSON value, but nothing a terminal acts on.
pub fn escape_json(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| forbidden(c, true)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if forbidden(c, true) && c as u32 >= 0x20 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A CSV or spreadsheet cell: control characters escaped as in
/// `escape_text`, and a cell a spreadsheet would read as a formula (one
/// beginning with `=`, `+`, `-`, `@`, tab or carriage return) prefixed with
/// `'`, the way spreadsheets mark text that only looks like a formula.
pub fn sheet_cell(s: &str) -> Cow<'_, str> {
    let s = escape_text(s);
    if looks_like_formula(&s) {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// Whether a spreadsheet would take `s` for a formula.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Every string in `v` with the path of its field (`member.name`,
/// `vote.signature_note`, `items[2]`), depth first, in field order.
pub fn strings_of(v: &serde_json::Value) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

fn walk<'a>(v: &'a serde_json::Value, path: String, out: &mut Vec<(String, &'a str)>) {
    use serde_json::Value as V;
    match v {
        V::String(s) => out.push((path, s)),
        V::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                walk(x, format!("{path}[{i}]"), out);
            }
        }
        V::Object(map) => {
            for (k, x) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(x, p, out);
            }
        }
        _ => {}
    }
}

/// The last name of a field path: `vote.signature_note` → `signature_note`.
pub fn leaf(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_escapes_and_bidi_are_refused_tab_and_newline_only_in_notes() {
        for c in [
            '\u{1b}', '\u{7}', '\r', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}',
        ] {
            assert!(forbidden(c, false) && forbidden(c, true), "{c:?}");
        }
        for c in ['\n', '\t'] {
            assert!(forbidden(c, false) && !forbidden(c, true), "{c:?}");
        }
        for c in ['a', '张', ' ', '—', '\u{a0}', '：'] {
            assert!(!forbidden(c, false), "{c:?}");
        }
        assert_eq!(
            first_forbidden("张三\u{1b}]0;x", false),
            Some((3, '\u{1b}'))
        );
        assert_eq!(first_forbidden("a\nb", true), None);
        assert!(is_multiline_field("note") && is_multiline_field("signature_note"));
        assert!(is_multiline_field("override_reason") && !is_multiline_field("name"));
    }

    #[test]
    fn escaping_leaves_plain_text_alone_and_shows_every_control() {
        assert!(matches!(escape_line("张三 ab"), Cow::Borrowed(_)));
        assert_eq!(escape_line("a\u{1b}[2Jb\nc"), "a\\x1b[2Jb\\x0ac");
        assert_eq!(
            escape_text("a\u{1b}]52;c;x\u{7}\nb\u{202e}"),
            "a\\x1b]52;c;x\\x07\nb\\u{202e}"
        );
        assert_eq!(escape_line("\u{9b}31m"), "\\u{9b}31m");
        let json = serde_json::to_string(&"a\u{1b}b\u{9b}c\u{202e}").expect("json");
        let safe = escape_json(&json);
        assert_eq!(safe, "\"a\\u001bb\\u009bc\\u202e\"");
        let back: String = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back, "a\u{1b}b\u{9b}c\u{202e}");
    }

    #[test]
    fn formula_cells_are_quoted_and_plain_cells_kept() {
        for f in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"] {
            assert_eq!(sheet_cell(f), format!("'{f}"));
        }
        assert_eq!(sheet_cell("张三"), "张三");
        assert_eq!(sheet_cell("a=b"), "a=b");
        assert_eq!(sheet_cell("\u{1b}[2J"), "\\x1b[2J");
    }

    #[test]
    fn strings_are_found_with_their_paths() {
        let v = serde_json::json!({"case": 1, "note": "x", "vote": {"signature_note": "y"}, "l": ["z"]});
        let got = strings_of(&v);
        assert!(got.contains(&("note".to_string(), "x")));
        assert!(got.contains(&("vote.signature_note".to_string(), "y")));
        assert!(got.contains(&("l[0]".to_string(), "z")));
        assert_eq!(leaf("vote.signature_note"), "signature_note");
        assert_eq!(leaf("l[0]"), "l");
    }
}
