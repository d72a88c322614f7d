//! Parsing one cell: dates in the usual office spellings, yes/no, and coded
//! values given either as their code or as their label in either language.

use crate::i18n::{Lang, t_in};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::collections::HashMap;

/// A coded value by code (`lost`), or by its Chinese or English label.
pub fn parse_enum<T: Copy>(
    s: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    key: impl Fn(T) -> String,
) -> Option<T> {
    let s = fold_width(s);
    let s = s.trim();
    let folded = fold(s);
    // The first value matching by code or by label: by code is cheap, so
    // find that one first and look at the labels only of those before it.
    let by_code = all.iter().position(|&x| code(x).eq_ignore_ascii_case(s));
    let before = &all[..by_code.unwrap_or(all.len())];
    let by_label = before
        .iter()
        .copied()
        .find(|&x| with_labels(&key(x), |zh, en| zh == folded || en.eq_ignore_ascii_case(s)));
    by_label.or_else(|| by_code.and_then(|i| all.get(i).copied()))
}

thread_local! {
    /// Label key → (folded Chinese label, English label): an import asks
    /// for the same few labels on every row.
    static LABELS: RefCell<HashMap<String, (String, &'static str)>> = RefCell::default();
}

/// `f` of the folded Chinese and the English label of `key`.
fn with_labels(key: &str, f: impl FnOnce(&str, &str) -> bool) -> bool {
    LABELS.with(|m| {
        let mut m = m.borrow_mut();
        if !m.contains_key(key) {
            let v = (fold(t_in(Lang::Zh, key)), t_in(Lang::En, key));
            m.insert(key.to_string(), v);
        }
        m.get(key).is_some_and(|(zh, en)| f(zh, en))
    })
}

/// Full-width forms (ＡＢＣ１２３（）／, the ideographic space) as their
/// ASCII counterparts; everything else unchanged.
pub fn fold_width(s: &str) -> String {
    s.chars().map(width_char).collect()
}

/// One character of [`fold_width`].
fn width_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

/// Width-folded, spaces removed: "出国（境）" = "出国(境)", "Ｘ" = "X".
pub fn fold(s: &str) -> String {
    s.chars()
        .map(width_char)
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .collect()
}

/// 2024-03-01, 2024/3/1, 2024.3.1, 20240301, 2024年3月1日, also with
/// full-width digits and a trailing time ("2024-03-01 00:00:00"); a month
/// alone (2024-03, 2024.03, 2024年3月) means its first day.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let wide = fold_width(s);
    let mut s = wide.trim();
    // "2024-03-01 00:00:00", "2024-3-1 0:00": drop the time of day.
    if s.contains(':') {
        s = s.split([' ', 'T']).next().unwrap_or("");
    }
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.as_str();
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let norm: String = s
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            '日' | '号' => ' ',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = norm.trim().trim_end_matches('-').split('-').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    if parts[0].len() != 4 || parts[1..].iter().any(|p| p.len() > 2) {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = match parts.get(2) {
        Some(p) => p.parse().ok()?,
        None => 1,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Does `s` give a month without a day (1985.06, 1985年6月, 1985-6)? Such a
/// date reads as the month's first day ([`parse_date`]).
pub fn is_month_only(s: &str) -> bool {
    let wide = fold_width(s);
    let t: String = wide.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if parse_date(&t).is_none() || t.contains(':') {
        return false;
    }
    let norm: String = t
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            c => c,
        })
        .collect();
    let parts = norm.trim_end_matches('-').split('-').count();
    parts == 2 && !t.contains(['日', '号'])
}

/// An Excel serial day number (1900 date system) as a date; only days
/// from 1921 to 2100, so a year (2015) or a stray small number is not taken
/// for a date.
pub fn from_serial(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(7672.0..=73415.0).contains(&n) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(n as u64))
}

/// 是/否, 存在/不存在, yes/no, true/false, 1/0.
pub fn parse_bool(s: &str) -> Option<bool> {
    match fold(s).to_ascii_lowercase().as_str() {
        "是" | "存在" | "有" | "yes" | "y" | "true" | "1" => Some(true),
        "否" | "不存在" | "无" | "已撤销" | "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Abroad, Status};

    #[test]
    fn dates_in_office_spellings() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 1);
        for s in [
            "2024-03-01",
            "2024/3/1",
            "2024.03.01",
            "20240301",
            "2024年3月1日",
            "２０２４年３月１日",
            " 2024-03-01 00:00:00 ",
            "2024-3-1 0:00",
            "2024-03",
            "2024.03",
            "2024/3",
            "2024年3月",
            "２０２４．０３",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in [
            "2024-02-30",
            "24-3-1",
            "",
            "2024",
            "三月",
            "2024-13",
            "2024.123",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn month_only_dates() {
        for s in [
            "1985.06",
            "1985年6月",
            "1985-6",
            "1985/06",
            "２０２４．０３",
        ] {
            assert!(is_month_only(s), "{s}");
        }
        for s in ["1985-06-15", "19850615", "1985年6月15日", "1985", "abc"] {
            assert!(!is_month_only(s), "{s}");
        }
    }

    #[test]
    fn excel_serial_days() {
        assert_eq!(from_serial(42064.0), NaiveDate::from_ymd_opt(2015, 3, 1));
        assert_eq!(from_serial(45943.0), NaiveDate::from_ymd_opt(2025, 10, 13));
        assert_eq!(from_serial(12.0), None);
        assert_eq!(from_serial(2015.0), None, "a year is not a serial day");
        assert_eq!(from_serial(42064.5), None);
        assert_eq!(from_serial(20150301.0), None);
    }

    #[test]
    fn full_width_folds_to_ascii() {
        assert_eq!(fold_width("３５０２０３Ｘ（一）　"), "350203X(一) ");
        assert_eq!(fold(" 出国（境）\u{3000}情况 "), "出国(境)情况");
    }

    #[test]
    fn enums_by_code_or_label() {
        let st = |s| parse_enum(s, Status::ALL, |x| x.code(), |x| x.label_key());
        assert_eq!(st("lost"), Some(Status::Lost));
        assert_eq!(st("失联"), Some(Status::Lost));
        assert_eq!(st("Lost"), Some(Status::Lost));
        assert_eq!(st("missing"), None);
        let ab = |s| parse_enum(s, Abroad::ALL, |x| x.code(), |x| x.label_key());
        assert_eq!(ab("出国(境)定居"), Some(Abroad::Settled));
    }
}
