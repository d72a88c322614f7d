//! Paper templates rendered by minijinja with strict undefined values: a
//! field this program does not give (a typo in an operator's template) is
//! refused with its line instead of printing as a blank, and a template may
//! test what is on record (`{% if signature_refused %}…{% endif %}`).
//! Filters for the paper's wording: `cn_date` (2026-03-07 → 2026年3月7日),
//! `sentence` (adds 。 unless the text already ends a sentence) and `blank`
//! (an empty value as `________`, a line to fill in by hand).

use chrono::{Datelike, NaiveDate};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};

/// Why a template gave no text: the line (1-based, when known), the
/// engine's message and the text of that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub line: Option<usize>,
    pub message: String,
    pub source_line: String,
    /// A syntax error (the template cannot be read) rather than a value
    /// it asks for that is not there.
    pub syntax: bool,
}

/// 2026-03-07 → 2026年3月7日 (GB/T 9704: 成文日期 in Arabic numerals,
/// year in full, month and day without a leading zero).
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn cn_date_filter(s: String) -> String {
    match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) => cn_date(d),
        Err(_) => s,
    }
}

/// A recorded reason or note as a sentence: 。 added when it ends without
/// a full stop, question or exclamation mark (or a closing bracket after one).
pub fn sentence(s: String) -> String {
    let t = s.trim_end();
    let ends = t
        .trim_end_matches(['）', ')', '」', '”'])
        .ends_with(['。', '！', '？', '.', '!', '?', '；']);
    if t.is_empty() || ends {
        t.to_string()
    } else {
        format!("{t}。")
    }
}

/// An empty value as a line to fill in by hand (`________`).
pub fn blank(s: String) -> String {
    if s.trim().is_empty() {
        super::drafts::BLANK.to_string()
    } else {
        s
    }
}

fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // No trim_blocks: a tag at the end of a line keeps the line's end (a
    // tag alone on a line leaves an empty line, which only ends a paragraph).
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_filter("cn_date", cn_date_filter);
    env.add_filter("sentence", sentence);
    env.add_filter("blank", blank);
    env
}

/// Render `source` with `ctx`; `name` is shown in messages.
pub fn render(name: &str, source: &str, ctx: &serde_json::Value) -> Result<String, TemplateError> {
    let env = env();
    let fail = |e: minijinja::Error| {
        let line = e.line();
        let source_line = line
            .and_then(|n| source.lines().nth(n.saturating_sub(1)))
            .unwrap_or("")
            .trim()
            .to_string();
        let message = match e.detail() {
            Some(d) => format!("{}: {d}", e.kind()),
            None => e.kind().to_string(),
        };
        TemplateError {
            line,
            message,
            source_line,
            syntax: e.kind() == ErrorKind::SyntaxError,
        }
    };
    let tpl = env.template_from_named_str(name, source).map_err(fail)?;
    tpl.render(ctx).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn chinese_dates_and_sentences() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).expect("date");
        assert_eq!(cn_date(d), "2026年3月7日");
        assert_eq!(sentence("无违纪违法行为".into()), "无违纪违法行为。");
        assert_eq!(sentence("已核实。".into()), "已核实。");
        assert_eq!(sentence("（已核实。）".into()), "（已核实。）");
        assert_eq!(sentence(String::new()), "");
    }

    #[test]
    fn conditionals_filters_and_strict_fields() {
        let ctx = json!({"name": "张三", "refused": true, "date": "2026-03-07"});
        let tpl =
            "{{ name }}{% if refused %}拒不签字{% else %}已签字{% endif %}，{{ date | cn_date }}";
        assert_eq!(
            render("t", tpl, &ctx).expect("ok"),
            "张三拒不签字，2026年3月7日"
        );
        let ctx = json!({"name": "张三", "refused": false, "date": "2026-03-07"});
        assert!(render("t", tpl, &ctx).expect("ok").contains("已签字"));
        let e = render("t", "第一行\n{{ nmae }}\n", &ctx).expect_err("unknown field");
        assert_eq!(e.line, Some(2));
        assert_eq!(e.source_line, "{{ nmae }}");
        assert!(!e.syntax);
        let e = render("t", "a\nb\n{% if name %}没有结束\n", &ctx).expect_err("syntax");
        assert!(e.syntax, "{e:?}");
        assert!(e.line.is_some());
    }
}
