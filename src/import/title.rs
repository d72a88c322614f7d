//! The committee named in a register's title lines: 「填报单位：某某党委」
//! or 「单位：某某党委」 above the header row, the way hand-kept registers
//! name it once instead of in a column. Two different names there (in one
//! line or two) are refused, naming the cells.

use super::values::fold_width;
use super::{Loc, RowError};
use crate::i18n::tf;
use std::sync::Arc;

/// What a title line names and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub committee: String,
    pub at: Loc,
}

/// Words that end the unit's name in a title cell (「填报单位：某党委　填报日期：…」).
const STOPS: &[&str] = &[
    "填报日期",
    "填表日期",
    "日期",
    "时间",
    "填报人",
    "填表人",
    "联系人",
];

/// The name after 「填报单位：」 / 「单位：」 in `text`, or `None` when the cell
/// says no unit. `Some("")` when the label stands alone (the name is in the
/// next cell).
fn after_label(text: &str) -> Option<String> {
    let t = fold_width(text);
    let i = t.find("单位")?;
    let before = &t[..i];
    // 「填报单位」, 「单位」, 「报送单位」: a label, not 「单位名称…」 inside a name.
    if !(before.trim().is_empty() || before.trim_end().ends_with(['填', '报', '送'])) {
        return None;
    }
    let rest = &t[i + "单位".len()..];
    let rest = rest.trim_start_matches(['(', ')', '盖', '章']);
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let mut name = rest.to_string();
    for stop in STOPS {
        if let Some(j) = name.find(stop) {
            name.truncate(j);
        }
    }
    // The name ends at a run of spaces (「某某党委　　填报日期」).
    let name = name
        .split("  ")
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(['，', ',', '；', ';'])
        .to_string();
    Some(name)
}

/// Names in one cell: 「甲党委、乙党委」 names two.
fn names(s: &str) -> Vec<String> {
    s.split(['、', '，', ',', '；', ';', '/'])
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

/// The committee the title rows (`rows`: 1-based row number and the cells'
/// text, above the header) name, if any.
pub fn committee(
    sheet: &Option<Arc<str>>,
    rows: &[(u64, Vec<String>)],
) -> Result<Option<Named>, RowError> {
    let mut found: Vec<Named> = Vec::new();
    for (n, cells) in rows {
        for (i, c) in cells.iter().enumerate() {
            let Some(mut name) = after_label(c) else {
                continue;
            };
            if name.is_empty() {
                name = cells[i + 1..]
                    .iter()
                    .find(|x| !x.trim().is_empty())
                    .map(|x| after_label(x).unwrap_or_else(|| x.trim().to_string()))
                    .unwrap_or_default();
            }
            for one in names(&name) {
                found.push(Named {
                    committee: one,
                    at: Loc::cell(sheet, *n, i, crate::i18n::t("import.title.cell")),
                });
            }
        }
    }
    let mut distinct: Vec<&Named> = Vec::new();
    for f in &found {
        if !distinct.iter().any(|d| d.committee == f.committee) {
            distinct.push(f);
        }
    }
    match distinct.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((*one).clone())),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|d| match &d.at {
                    Loc::Cell {
                        row, col: Some(c), ..
                    } => format!(
                        "「{}」（{}{row}）",
                        d.committee,
                        super::loc::letters(c.index)
                    ),
                    _ => format!("「{}」", d.committee),
                })
                .collect();
            Err(RowError {
                at: many[0].at.clone(),
                reason: tf(
                    "import.title.two_committees",
                    &[("list", list.join(crate::i18n::t("import.list_sep")))],
                ),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<(u64, Vec<String>)> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn the_unit_in_a_title_line() {
        let sheet = Some(Arc::from("名册"));
        let got = |l: &[&[&str]]| committee(&sheet, &rows(l)).map(|x| x.map(|n| n.committee));
        assert_eq!(
            got(&[
                &["某某党委失联党员名册"],
                &["填报单位：青禾街道党工委　　填报日期：2026年11月"]
            ]),
            Ok(Some("青禾街道党工委".into()))
        );
        assert_eq!(
            got(&[&["单位:", "明德学院党委"]]),
            Ok(Some("明德学院党委".into()))
        );
        assert_eq!(
            got(&[&["填报单位（盖章）：甲党委"], &["", "填报单位：甲党委"]]),
            Ok(Some("甲党委".into()))
        );
        assert_eq!(got(&[&["某某党委失联党员名册"]]), Ok(None));
        assert_eq!(got(&[&["用人单位名称"]]), Ok(None));
        let two = committee(&sheet, &rows(&[&["填报单位：甲党委、乙党委"]])).expect_err("two");
        assert!(
            two.reason.contains("甲党委") && two.reason.contains("乙党委"),
            "{}",
            two.reason
        );
        let apart = committee(&sheet, &rows(&[&["填报单位：甲党委"], &["单位：乙党委"]]));
        assert!(apart.is_err());
    }
}
