//! A small document model (headings, field lists, tables, paragraphs) and
//! its three renderings: Markdown, print-ready HTML (A4) and plain text.

use super::MARKING;
use crate::i18n::{Lang, lang};

/// The colon between a field's name and value.
fn colon() -> &'static str {
    if lang() == Lang::Zh { "：" } else { ": " }
}

/// A value in a field or a table cell: the one that counts (`text`) and,
/// for an amended entry, the values it replaced, oldest first, printed
/// struck through before it (DOMAIN.md record-keeping: 「both stay in the
/// history」): `~~old~~ new` in Markdown, `<del>old</del> new` in HTML;
/// plain text, which has no strike, says `new（原为old）`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub struck: Vec<String>,
    pub text: String,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell {
            struck: vec![],
            text,
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

impl Cell {
    fn map(&self, f: impl Fn(&String) -> String) -> Cell {
        Cell {
            struck: self.struck.iter().map(&f).collect(),
            text: f(&self.text),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Level 2 or 3 heading.
    Heading(u8, String),
    Fields(Vec<(String, Cell)>),
    Table(Vec<String>, Vec<Vec<Cell>>),
    Para(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    pub title: String,
    /// Lines under the title (case number, date of printing…).
    pub subtitle: Vec<String>,
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn h2(&mut self, s: &str) {
        self.blocks.push(Block::Heading(2, s.to_string()));
    }
    pub fn h3(&mut self, s: String) {
        self.blocks.push(Block::Heading(3, s));
    }
    pub fn fields<C: Into<Cell>>(&mut self, f: Vec<(String, C)>) {
        let f = f.into_iter().map(|(k, v)| (k, v.into())).collect();
        self.blocks.push(Block::Fields(f));
    }
    pub fn para(&mut self, s: String) {
        self.blocks.push(Block::Para(s));
    }
    /// A table, or the `empty` paragraph when there are no rows.
    pub fn table<C: Into<Cell>>(&mut self, head: &[&str], rows: Vec<Vec<C>>, empty: &str) {
        if rows.is_empty() {
            self.para(empty.to_string());
        } else {
            let head = head.iter().map(|s| s.to_string()).collect();
            let rows = rows
                .into_iter()
                .map(|r| r.into_iter().map(Into::into).collect())
                .collect();
            self.blocks.push(Block::Table(head, rows));
        }
    }
}

/// The document with the data's control characters shown as `\x1b` text:
/// one line for titles, headings and names (a newline there would forge a
/// line of the printout); newline and tab kept in values, cells and
/// paragraphs (notes), whose further lines each rendering indents.
fn safe(d: &Doc) -> Doc {
    use crate::domain::text::{escape_line, escape_text};
    let line = |s: &String| escape_line(s).into_owned();
    let text = |s: &String| escape_text(s).into_owned();
    let blocks = d
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading(l, s) => Block::Heading(*l, line(s)),
            Block::Fields(f) => {
                Block::Fields(f.iter().map(|(k, v)| (line(k), v.map(text))).collect())
            }
            Block::Table(h, rows) => Block::Table(
                h.iter().map(line).collect(),
                rows.iter()
                    .map(|r| r.iter().map(|c| c.map(text)).collect())
                    .collect(),
            ),
            Block::Para(s) => Block::Para(escape_text(s).into_owned()),
        })
        .collect();
    Doc {
        title: line(&d.title),
        subtitle: d.subtitle.iter().map(line).collect(),
        blocks,
    }
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

/// A value in Markdown: each replaced value as `~~old~~` (a `~` in it
/// escaped), then the value that counts.
fn md_value(c: &Cell, fix: impl Fn(&str) -> String) -> String {
    let mut parts: Vec<String> = c
        .struck
        .iter()
        .map(|s| format!("~~{}~~", fix(s).replace('~', "\\~")))
        .collect();
    parts.push(fix(&c.text));
    parts.join(" ")
}

/// A value in plain text (and CSV): the one that counts, each replaced
/// value after it.
pub(super) fn text_value(c: &Cell) -> String {
    let mut o = c.text.clone();
    for s in &c.struck {
        o.push_str(&crate::i18n::tf(
            "papers.dossier.was",
            &[("old", s.clone())],
        ));
    }
    o
}

/// Markdown; control characters in the data are shown as `\x1b` text.
pub fn markdown(d: &Doc) -> String {
    markdown_of(&safe(d))
}

fn markdown_of(d: &Doc) -> String {
    let mut o = format!("> **{MARKING}**\n\n# {}\n\n", d.title);
    for s in &d.subtitle {
        o.push_str(&format!("{s}  \n"));
    }
    for b in &d.blocks {
        o.push('\n');
        match b {
            Block::Heading(l, s) => o.push_str(&format!("{} {s}\n", "#".repeat(*l as usize))),
            Block::Para(s) => o.push_str(&format!("{s}\n")),
            Block::Fields(f) => {
                for (k, v) in f {
                    let v = md_value(v, |s| s.replace('\n', "\n  "));
                    o.push_str(&format!("- **{k}**{}{v}\n", colon()));
                }
            }
            Block::Table(h, rows) => {
                let line = |c: Vec<String>| format!("| {} |\n", c.join(" | "));
                o.push_str(&line(h.iter().map(|s| md_cell(s)).collect()));
                o.push_str(&format!("|{}\n", "---|".repeat(h.len())));
                for r in rows {
                    o.push_str(&line(r.iter().map(|c| md_value(c, md_cell)).collect()));
                }
            }
        }
    }
    o.push_str(&format!("\n---\n\n{MARKING}\n"));
    o
}

/// Plain text; control characters in the data are shown as `\x1b` text.
pub fn text(d: &Doc) -> String {
    text_of(&safe(d))
}

fn text_of(d: &Doc) -> String {
    let mut o = format!("【{MARKING}】\n\n{}\n{}\n", d.title, "=".repeat(40));
    for s in &d.subtitle {
        o.push_str(&format!("{s}\n"));
    }
    for b in &d.blocks {
        o.push('\n');
        match b {
            Block::Heading(2, s) => o.push_str(&format!("{s}\n{}\n", "-".repeat(40))),
            Block::Heading(_, s) => o.push_str(&format!("〔{s}〕\n")),
            Block::Para(s) => o.push_str(&format!("{s}\n")),
            Block::Fields(f) => {
                for (k, v) in f {
                    let v = text_value(v).replace('\n', "\n    ");
                    o.push_str(&format!("  {k}{}{v}\n", colon()));
                }
            }
            Block::Table(h, rows) => {
                for r in rows {
                    let parts: Vec<String> = h
                        .iter()
                        .zip(r.iter().map(text_value))
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| format!("{k}{}{}", colon(), v.replace('\n', "\n    ")))
                        .collect();
                    o.push_str(&format!(
                        "  · {}\n",
                        parts.join(if lang() == Lang::Zh { "；" } else { "; " })
                    ));
                }
            }
        }
    }
    o.push_str(&format!("\n【{MARKING}】\n"));
    o
}

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Print styles: A4 portrait with margins; the marking once on every
/// printed page, in its top margin (an @page margin box; the first and last
/// lines of the document carry it on screen only); page numbers; tables in
/// 9.5 pt that do not split a row, repeat their header, and never break a
/// short cell (a date, a name, a body, a document number: `td.nw`);
/// headings kept with what follows.
const CSS: &str = r#"
@page { size: A4; margin: 22mm 18mm 20mm 18mm; }
@page { @top-center { content: "内部资料 注意保密"; font-weight: bold; } @bottom-right { content: counter(page) " / " counter(pages); } }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; line-height: 1.5; color: #000; }
.marking { font-weight: bold; text-align: center; letter-spacing: 0.2em; }
h1 { text-align: center; font-size: 18pt; margin: 0.4em 0; }
h2 { font-size: 13pt; border-bottom: 1px solid #000; margin-top: 1.2em; }
h3 { font-size: 11.5pt; margin-top: 0.8em; }
h2, h3 { page-break-after: avoid; break-after: avoid; }
.sub { text-align: center; margin: 0; }
table { width: 100%; border-collapse: collapse; margin: 0.3em 0; font-size: 9.5pt; line-height: 1.35; }
th, td { border: 1px solid #000; padding: 2px 3px; vertical-align: top; text-align: left; }
th, td.nw { white-space: nowrap; }
thead { display: table-header-group; }
tr, dl div { page-break-inside: avoid; break-inside: avoid; }
dl { display: grid; grid-template-columns: 9em 1fr; margin: 0.3em 0; }
dt { font-weight: bold; } dd { margin: 0; }
@media screen { body { max-width: 190mm; margin: 1em auto; } }
@media print { a { color: #000; text-decoration: none; } header.marking, footer.marking { display: none; } }
"#;

/// HTML; control characters in the data are shown as `\x1b` text.
pub fn html(d: &Doc) -> String {
    html_of(&safe(d))
}

fn html_of(d: &Doc) -> String {
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header class=\"marking\">{MARKING}</header>\n<h1>{}</h1>\n",
        esc(&d.title),
        esc(&d.title)
    );
    for s in &d.subtitle {
        o.push_str(&format!("<p class=\"sub\">{}</p>\n", esc(s)));
    }
    for b in &d.blocks {
        match b {
            Block::Heading(l, s) => o.push_str(&format!("<h{l}>{}</h{l}>\n", esc(s))),
            Block::Para(s) => o.push_str(&format!("<p>{}</p>\n", esc(s))),
            Block::Fields(f) => {
                o.push_str("<dl>\n");
                for (k, v) in f {
                    o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), html_value(v)));
                }
                o.push_str("</dl>\n");
            }
            Block::Table(h, rows) => o.push_str(&html_table(h, rows)),
        }
    }
    o.push_str(&format!(
        "<footer class=\"marking\">{MARKING}</footer>\n</body>\n</html>\n"
    ));
    o
}

/// A value of several lines: escaped, its newlines as `<br>`.
fn html_lines(s: &str) -> String {
    esc(s).replace('\n', "<br>")
}

/// A value in HTML: each replaced value in `<del>`, then the one that counts.
fn html_value(c: &Cell) -> String {
    let mut o = String::new();
    for s in &c.struck {
        o.push_str(&format!("<del>{}</del> ", html_lines(s)));
    }
    o.push_str(&html_lines(&c.text));
    o
}

/// A cell printed on one line: a date, a time, a name, a body or a
/// document number (at most 12 characters, one line).
fn short_cell(s: &str) -> bool {
    !s.contains('\n') && s.chars().count() <= 12
}

fn html_table(h: &[String], rows: &[Vec<Cell>]) -> String {
    let mut o = String::from("<table>\n<thead><tr>");
    for c in h {
        o.push_str(&format!("<th>{}</th>", esc(c)));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        o.push_str("<tr>");
        for c in r {
            let short = c.struck.is_empty() && short_cell(&c.text);
            let class = if short { " class=\"nw\"" } else { "" };
            o.push_str(&format!("<td{class}>{}</td>", html_value(c)));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
    o
}
