//! A paper as a .docx file (docx-rs), laid out as 党政机关公文 after
//! GB/T 9704-2012: A4; margins top 37 mm, bottom 35 mm, left 28 mm,
//! right 26 mm; title 2号 (22 pt) 方正小标宋简体, centred; body 3号 (16 pt)
//! 仿宋_GB2312 at an exact 28.95 pt line pitch with a line-and-character
//! grid of 22 lines of 28 characters; paragraphs indented two characters;
//! the marking 内部资料 注意保密 (3号 黑体) at the top left of every page;
//! page numbers 4号 at the foot (— 1 —); the 署名 and 成文日期 right-aligned,
//! indented four characters from the right edge.
//!
//! The fonts are named as government offices have them; where they are
//! missing, Word, WPS and LibreOffice substitute (FangSong, STFangsong,
//! Noto Serif CJK SC …): a .docx names one font per script.

use super::MARKING;
use super::paper::{Block, Paper};
use docx_rs::*;

/// Twentieths of a point per millimetre.
const TWIPS_PER_MM: f64 = 56.692_913;
const fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM) as i32
}

pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const HEADING_FONT: &str = "黑体";
/// Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt.
const TITLE_SIZE: usize = 44;
const BODY_SIZE: usize = 32;
const SMALL_SIZE: usize = 28;
/// Exact line pitch in twips: 225 mm of type area / 22 lines = 28.95 pt.
const LINE: i32 = 579;
/// Two characters of 3号 (16 pt each) in twips.
const TWO_CHARS: i32 = 640;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn spacing() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(LINE)
        .before(0)
        .after(0)
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, BODY_FONT, BODY_SIZE))
        .line_spacing(spacing())
        .align(AlignmentType::Both)
        .indent(
            None,
            Some(SpecialIndentType::FirstLine(TWO_CHARS)),
            None,
            None,
        )
}

fn title(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, TITLE_FONT, TITLE_SIZE))
        .align(AlignmentType::Center)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(700)
                .before(LINE as u32)
                .after(LINE as u32),
        )
        .keep_next(true)
}

fn table(rows: &[Vec<String>]) -> Table {
    let width = (156.0 * TWIPS_PER_MM) as usize;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    // The first column (the item's name) narrower than the rest.
    let first = if cols == 1 { width } else { width * 3 / 10 };
    let rest = if cols == 1 {
        0
    } else {
        (width - first) / (cols - 1)
    };
    let grid: Vec<usize> = (0..cols)
        .map(|i| if i == 0 { first } else { rest })
        .collect();
    let trs = rows
        .iter()
        .map(|r| {
            let cells = (0..cols)
                .map(|i| {
                    let text = r.get(i).map(String::as_str).unwrap_or("");
                    let p = Paragraph::new()
                        .add_run(run(text, BODY_FONT, SMALL_SIZE))
                        .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Auto));
                    TableCell::new()
                        .add_paragraph(p)
                        .width(grid[i], WidthType::Dxa)
                })
                .collect();
            TableRow::new(cells).cant_split()
        })
        .collect();
    Table::new(trs)
        .set_grid(grid)
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

fn header() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .add_run(run(MARKING, HEADING_FONT, BODY_SIZE))
            .align(AlignmentType::Left),
    )
}

fn footer() -> Footer {
    Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(run("— ", BODY_FONT, SMALL_SIZE))
            .add_page_num(PageNum::new())
            .add_run(run(" —", BODY_FONT, SMALL_SIZE))
            .align(AlignmentType::Center),
    )
}

/// The paper as .docx bytes.
pub fn render(p: &Paper) -> anyhow::Result<Vec<u8>> {
    let margin = PageMargin {
        top: mm(37.0),
        bottom: mm(35.0),
        left: mm(28.0),
        right: mm(26.0),
        header: mm(15.0),
        footer: mm(20.0),
        gutter: 0,
    };
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(margin)
        .default_fonts(fonts(BODY_FONT))
        .default_size(BODY_SIZE)
        .header(header())
        .footer(footer());
    doc.document = doc.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::LinesAndChars)
            .line_pitch(LINE as usize)
            .char_space(0),
    );
    let mut page_break_next = false;
    for b in &p.blocks {
        let mut paras: Vec<Paragraph> = vec![];
        match b {
            Block::Title(s) => paras.push(title(s)),
            Block::Heading(s) => paras.push(
                Paragraph::new()
                    .add_run(run(s, HEADING_FONT, BODY_SIZE))
                    .line_spacing(spacing())
                    .indent(
                        None,
                        Some(SpecialIndentType::FirstLine(TWO_CHARS)),
                        None,
                        None,
                    )
                    .keep_next(true),
            ),
            Block::Para(s) => paras.push(body(s)),
            Block::Flush(s) => paras.push(
                Paragraph::new()
                    .add_run(run(s, BODY_FONT, BODY_SIZE))
                    .line_spacing(spacing()),
            ),
            Block::Table(rows) => {
                doc = doc.add_table(table(rows));
                continue;
            }
            Block::Right(lines) => {
                // One blank line above the 署名; kept on one page.
                paras.push(Paragraph::new().line_spacing(spacing()));
                for l in lines {
                    paras.push(
                        Paragraph::new()
                            .add_run(run(l, BODY_FONT, BODY_SIZE))
                            .line_spacing(spacing())
                            .align(AlignmentType::Right)
                            .indent(None, None, Some(TWO_CHARS * 2), None)
                            .keep_next(true)
                            .keep_lines(true),
                    );
                }
            }
            Block::Break => {
                page_break_next = true;
                continue;
            }
        }
        for mut para in paras {
            if page_break_next {
                para = para.page_break_before(true);
                page_break_next = false;
            }
            doc = doc.add_paragraph(para);
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut buf)
        .map_err(|e| anyhow::anyhow!("docx: {e}"))?;
    Ok(buf.into_inner())
}
