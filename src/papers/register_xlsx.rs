//! The register as an .xlsx workbook: sheet 1 the printed register (title
//! row, marking, header row repeated on every page, member rows, subtotal
//! lines), sheet 2 the counts as numbers. A4 landscape, marking in the page
//! header, page numbers in the footer.

use super::MARKING;
use super::register::{COLUMN_KEYS, Counts, Group, Options, row_cells};
use crate::domain::model::FocusArea;
use crate::i18n::{label, t, tf};
use crate::store::RosterRow;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

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
}

fn last_col() -> u16 {
    (COLUMN_KEYS.len() - 1) as u16
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
        for (i, k) in COLUMN_KEYS.iter().enumerate() {
            sheet.write_string_with_format(2, i as u16, t(k), &head)?;
        }
        sheet.set_repeat_rows(2, 2)?;
        sheet.set_freeze_panes(HEAD_ROWS, 0)?;
        for (i, w) in [6, 10, 20, 18, 18, 10, 10, 12, 14, 12, 12]
            .iter()
            .enumerate()
        {
            sheet.set_column_width(i as u16, *w)?;
        }
        Ok(Sheets {
            wb,
            next: HEAD_ROWS,
            bold: Format::new().set_bold().set_border(FormatBorder::Thin),
            cell: Format::new().set_border(FormatBorder::Thin),
            quoted: Format::new()
                .set_border(FormatBorder::Thin)
                .set_quote_prefix(),
        })
    }

    fn take_row(&mut self) -> anyhow::Result<u32> {
        if self.next > MAX_ROW {
            anyhow::bail!(t("papers.register.too_many"));
        }
        self.next += 1;
        Ok(self.next - 1)
    }

    pub fn row(&mut self, n: u64, r: &RosterRow) -> anyhow::Result<()> {
        let at = self.take_row()?;
        let ws = self.wb.worksheet_from_index(0)?;
        for (i, v) in row_cells(n, r).into_iter().enumerate() {
            if i == 0 {
                ws.write_number_with_format(at, 0, n as f64, &self.cell)?;
            } else {
                let v = crate::domain::text::escape_text(&v).into_owned();
                let format = if crate::domain::text::looks_like_formula(&v) {
                    &self.quoted
                } else {
                    &self.cell
                };
                ws.write_string_with_format(at, i as u16, v, format)?;
            }
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

    fn line(&mut self, at: u32, what: &str, whom: &str, c: &Counts) -> anyhow::Result<()> {
        let ws = self.wb.worksheet_from_index(0)?;
        ws.write_string_with_format(at, 0, "", &self.bold)?;
        ws.write_string_with_format(at, 1, what, &self.bold)?;
        ws.merge_range(at, 2, at, 4, whom, &self.bold)?;
        let persons = tf("papers.register.persons", &[("n", c.total.to_string())]);
        ws.write_string_with_format(at, 5, persons, &self.bold)?;
        ws.merge_range(at, 6, at, last_col(), &c.describe(), &self.bold)?;
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
