//! The register as an .xlsx workbook: sheet 1 the printed register (title
//! row, marking, header row repeated on every page, member rows, subtotal
//! lines), sheet 2 the counts as numbers. A4 landscape, marking in the page
//! header, page numbers in the footer.

use super::MARKING;
use super::register::{Counts, Group, Options};
use super::register_cols::{self as cols, COLUMNS, Val};
use crate::domain::model::FocusArea;
use crate::i18n::{label, t, tf};
use crate::store::RegisterRow;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

/// Excel's last row index.
const MAX_ROW: u32 = 1_048_575;
/// Rows above the first member: title, marking/date line, header.
const HEAD_ROWS: u32 = 3;
const A4: u8 = 9;

/// Sheet 1 is written in rust_xlsxwriter's constant-memory mode (each row
/// goes to a private temporary file once the next begins), so a province's
/// register does not sit in memory; rows are written strictly in order.
pub struct Sheets {
    wb: Workbook,
    next: u32,
    bold: Format,
    cell: Format,
    /// A text cell that looks like a formula: quote-prefixed, as a
    /// spreadsheet marks typed `'=…` (string cells are never evaluated).
    quoted: Format,
    wrap: Format,
    date: Format,
    persons: Format,
}

fn last_col() -> u16 {
    (COLUMNS.len() - 1) as u16
}

/// A date cell: a real Excel date shown as 2026-03-07.
fn excel_date(d: chrono::NaiveDate) -> anyhow::Result<ExcelDateTime> {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    let y = u16::try_from(y).map_err(|_| anyhow::anyhow!("year {y}"))?;
    Ok(ExcelDateTime::from_ymd(y, m as u8, day as u8)?)
}

fn page_setup(ws: &mut Worksheet, title: &str) {
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    // "&&" is a literal ampersand in Excel header strings.
    let title = title.replace('&', "&&");
    ws.set_header(format!("&L{MARKING}&C{title}"));
    ws.set_footer(format!("&L{MARKING}&R{}", t("papers.register.page")));
}

impl Sheets {
    pub fn new(opts: &Options) -> anyhow::Result<Sheets> {
        let mut wb = Workbook::new();
        let sheet = wb.add_worksheet_with_constant_memory()?;
        sheet.set_name(t("papers.register.sheet"))?;
        let title = opts.title();
        page_setup(sheet, title);
        let big = Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center);
        sheet.merge_range(0, 0, 0, last_col(), title, &big)?;
        let line = format!(
            "{MARKING}    {}",
            tf("papers.register.as_of", &[("date", opts.as_of.to_string())])
        );
        sheet.merge_range(1, 0, 1, last_col(), &line, &Format::new().set_bold())?;
        let head = Format::new()
            .set_bold()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center);
        let head = head.set_text_wrap();
        for (i, c) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(2, i as u16, cols::header(c), &head)?;
            sheet.set_column_width(i as u16, c.width)?;
        }
        sheet.set_repeat_rows(2, 2)?;
        sheet.set_freeze_panes(HEAD_ROWS, 2)?;
        let cell = Format::new().set_border(FormatBorder::Thin);
        Ok(Sheets {
            wb,
            next: HEAD_ROWS,
            bold: Format::new().set_bold().set_border(FormatBorder::Thin),
            wrap: cell.clone().set_text_wrap(),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            persons: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_num_format(t("papers.register.persons_format")),
            quoted: cell.clone().set_quote_prefix(),
            cell,
        })
    }

    fn take_row(&mut self) -> anyhow::Result<u32> {
        if self.next > MAX_ROW {
            anyhow::bail!(t("papers.register.too_many"));
        }
        self.next += 1;
        Ok(self.next - 1)
    }

    /// A member row: numbers as numbers, dates as date cells, long names
    /// wrapped.
    pub fn row(&mut self, n: u64, r: &RegisterRow) -> anyhow::Result<()> {
        let at = self.take_row()?;
        let ws = self.wb.worksheet_from_index(0)?;
        for (i, v) in cols::cells(n, r).into_iter().enumerate() {
            let c = i as u16;
            match v {
                Val::Num(x) => ws.write_number_with_format(at, c, x as f64, &self.cell)?,
                Val::Date(Some(d)) => {
                    ws.write_datetime_with_format(at, c, excel_date(d)?, &self.date)?
                }
                Val::Date(None) => ws.write_blank(at, c, &self.cell)?,
                Val::Text(s) => {
                    let s = crate::domain::text::escape_text(&s).into_owned();
                    let format = if crate::domain::text::looks_like_formula(&s) {
                        &self.quoted
                    } else if COLUMNS[i].wrap {
                        &self.wrap
                    } else {
                        &self.cell
                    };
                    ws.write_string_with_format(at, c, s, format)?
                }
            };
        }
        Ok(())
    }

    /// "党支部小计 | 基层党委 党支部 | 3 人 | 状态：失联 3；重点领域：…"
    pub fn subtotal(&mut self, g: &Group) -> anyhow::Result<()> {
        let at = self.take_row()?;
        let (what, whom) = match &g.branch {
            Some(b) => (
                t("papers.register.subtotal_branch"),
                format!("{} {b}", g.committee),
            ),
            None => (t("papers.register.subtotal_committee"), g.committee.clone()),
        };
        self.line(at, what, &whom, &g.counts)
    }

    /// A subtotal or total line: what (in the 姓名 column), whose (over the
    /// columns up to 党支部), the count as a number (入党日期 column, shown
    /// as "3 人"), and the counts per status and focus area after it.
    fn line(&mut self, at: u32, what: &str, whom: &str, c: &Counts) -> anyhow::Result<()> {
        let ws = self.wb.worksheet_from_index(0)?;
        let count_col = cols::index("joined");
        ws.write_string_with_format(at, 0, "", &self.bold)?;
        ws.write_string_with_format(at, 1, what, &self.bold)?;
        ws.merge_range(at, 2, at, count_col - 1, whom, &self.bold)?;
        ws.write_number_with_format(at, count_col, c.total as f64, &self.persons)?;
        ws.merge_range(at, count_col + 1, at, last_col(), &c.describe(), &self.bold)?;
        Ok(())
    }

    /// The grand total line, the counts sheet, and the workbook's bytes.
    pub fn finish(
        mut self,
        opts: &Options,
        groups: &[Group],
        total: &Counts,
    ) -> anyhow::Result<Vec<u8>> {
        let at = self.take_row()?;
        self.line(at, t("papers.register.total"), "", total)?;
        let ws = self.wb.worksheet_from_index(0)?;
        ws.autofilter(HEAD_ROWS - 1, 0, at, last_col())?;
        self.wb.push_worksheet(stats_sheet(opts, groups, total)?);
        Ok(self.wb.save_to_buffer()?)
    }
}

/// Sheet 2: 基层党委 | 党支部 | 合计 | one column per status | per focus area.
fn stats_sheet(opts: &Options, groups: &[Group], total: &Counts) -> anyhow::Result<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name(t("papers.register.stats_sheet"))?;
    let title = format!("{} — {}", opts.title(), t("papers.register.stats_sheet"));
    page_setup(&mut ws, &title);
    let statuses = opts.status_columns();
    let mut head = vec![
        t("papers.col.committee").to_string(),
        t("papers.col.branch").to_string(),
        t("papers.register.count").to_string(),
    ];
    head.extend(statuses.iter().map(|s| label(s.label_key()).to_string()));
    head.extend(
        FocusArea::ALL
            .iter()
            .map(|f| label(f.label_key()).to_string()),
    );
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, format!("{MARKING}    {title}"), &bold)?;
    for (i, h) in head.iter().enumerate() {
        ws.write_string_with_format(1, i as u16, h, &bold)?;
    }
    ws.set_repeat_rows(1, 1)?;
    let mut r = 2u32;
    for g in groups {
        let branch = g
            .branch
            .clone()
            .unwrap_or_else(|| t("papers.register.subtotal_committee").into());
        stats_row(&mut ws, r, &g.committee, &branch, &g.counts, &statuses)?;
        r += 1;
    }
    stats_row(&mut ws, r, t("papers.register.total"), "", total, &statuses)?;
    Ok(ws)
}

fn stats_row(
    ws: &mut Worksheet,
    r: u32,
    committee: &str,
    branch: &str,
    c: &Counts,
    statuses: &[crate::domain::model::Status],
) -> anyhow::Result<()> {
    ws.write_string(r, 0, committee)?;
    ws.write_string(r, 1, branch)?;
    ws.write_number(r, 2, c.total as f64)?;
    let mut col = 3u16;
    for s in statuses {
        ws.write_number(r, col, *c.status.get(s).unwrap_or(&0) as f64)?;
        col += 1;
    }
    for f in FocusArea::ALL {
        ws.write_number(r, col, *c.focus.get(f).unwrap_or(&0) as f64)?;
        col += 1;
    }
    Ok(())
}
