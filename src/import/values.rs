//! Parsing one cell: dates in the usual office spellings, yes/no, and coded
//! values given either as their code or as their label in either language.

use crate::i18n::{Lang, t_in};
use chrono::NaiveDate;

/// A coded value by code (`lost`), or by its Chinese or English label.
pub fn parse_enum<T: Copy>(
    s: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    key: impl Fn(T) -> String,
) -> Option<T> {
    let s = s.trim();
    let folded = fold(s);
    all.iter().copied().find(|&x| {
        let k = key(x);
        code(x).eq_ignore_ascii_case(s)
            || fold(t_in(Lang::Zh, &k)) == folded
            || t_in(Lang::En, &k).eq_ignore_ascii_case(s)
    })
}

/// Full-width parentheses and slashes as ASCII, spaces removed: "出国（境）" = "出国(境)".
pub fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            c => c,
        })
        .collect()
}

/// 2024-03-01, 2024/3/1, 2024.3.1, 20240301 or 2024年3月1日.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() == 8 && s.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let norm: String = s
        .chars()
        .map(|c| match c {
            '/' | '.' | '年' | '月' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = norm.trim().split('-').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    if parts[0].len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// 是/否, 存在/不存在, yes/no, true/false, 1/0.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
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
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in ["2024-02-30", "24-3-1", "", "2024-3", "三月"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
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
