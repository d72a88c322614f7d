//! A document as CSV for a spreadsheet: the byte-order mark (Excel on
//! Windows then reads UTF-8), the marking as the first line, then one row
//! per field or table row, each led by the section it belongs to. Labels and
//! values are those of the printed document, never codes (codes stay in the
//! JSON export).

use super::MARKING;
use super::doc::{Block, Doc, text_value};
use super::dossier::{self, DossierData};
use crate::domain::text::sheet_cell;
use crate::i18n::t;

/// One person's dossier as CSV (`export case --format csv`).
pub fn dossier_csv(d: &DossierData<'_>) -> anyhow::Result<String> {
    csv(&dossier::build(d))
}

pub fn csv(d: &Doc) -> anyhow::Result<String> {
    let mut buf = format!("\u{feff}# {MARKING}\n").into_bytes();
    {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(&mut buf);
        let cell = |s: &str| sheet_cell(s).into_owned();
        w.write_record([
            t("papers.csv.section"),
            t("papers.csv.item"),
            t("papers.csv.value"),
        ])?;
        w.write_record([cell(&d.title), String::new(), cell(&d.subtitle.join(" "))])?;
        let mut section = String::new();
        for b in &d.blocks {
            match b {
                Block::Heading(2, s) => section = s.clone(),
                Block::Heading(_, s) => {
                    w.write_record([cell(&section), cell(s)])?;
                }
                Block::Para(s) => w.write_record([cell(&section), String::new(), cell(s)])?,
                Block::Fields(f) => {
                    for (k, v) in f {
                        w.write_record([cell(&section), cell(k), cell(&text_value(v))])?;
                    }
                }
                Block::Table(head, rows) => {
                    let mut line = vec![cell(&section)];
                    line.extend(head.iter().map(|s| cell(s)));
                    w.write_record(&line)?;
                    for r in rows {
                        let mut line = vec![cell(&section)];
                        line.extend(r.iter().map(|c| cell(&text_value(c))));
                        w.write_record(&line)?;
                    }
                }
            }
        }
        w.flush()?;
    }
    Ok(String::from_utf8(buf)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_becomes_marked_rows_led_by_their_section() {
        let mut d = Doc {
            title: "张三 一人一档".into(),
            subtitle: vec!["档案 7".into()],
            blocks: vec![],
        };
        d.h2("二、查找记录");
        d.fields(vec![("姓名".to_string(), "=HYPERLINK(\"x\")".to_string())]);
        d.table(
            &["日期", "途径"],
            vec![vec![
                "2026年3月7日".to_string(),
                "电话\u{1b}[2J".to_string(),
            ]],
            "",
        );
        let out = csv(&d).expect("csv");
        assert!(out.starts_with("\u{feff}# "), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].contains(t("papers.csv.section")));
        assert!(lines.iter().any(|l| l.starts_with("二、查找记录,姓名,")));
        // A cell a spreadsheet would run as a formula is text, a control
        // character is shown, never written raw.
        assert!(out.contains("'=HYPERLINK"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(out.contains("二、查找记录,日期,途径"));
        assert!(
            out.contains("二、查找记录,2026年3月7日,电话\\x1b[2J"),
            "{out}"
        );
    }
}
