//! A paper (公文) as blocks, read from a rendered template, and its Markdown
//! and print-ready HTML forms (the .docx form is `docx.rs`).
//!
//! The template markup (docs/PAPERS.md "Templates"), one block per group of
//! lines, blocks separated by a blank line:
//! - `# 标题` the title; `## 小标题` a heading;
//! - `| a | b |` lines a table (the first row its header; `|---|` skipped);
//! - `> 文字` lines the right-aligned block at the end (署名, 成文日期);
//! - `< 文字` a paragraph flush left (主送机关, 编号), not indented;
//! - `---` a break between parts (a new page in .docx and print);
//! - any other lines a paragraph (lines joined), first line indented two characters.

use super::MARKING;
use super::doc::esc;

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Para(String),
    Flush(String),
    Table(Vec<Vec<String>>),
    /// Right-aligned lines (署名, 成文日期), kept together.
    Right(Vec<String>),
    Break,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paper {
    pub blocks: Vec<Block>,
}

fn table_row(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<String> = inner.split('|').map(|c| c.trim().to_string()).collect();
    let rule = cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':')));
    Some(if rule { vec![] } else { cells })
}

/// Read the blocks of a rendered template. The marking, when the template
/// writes it as a line of its own, is not a block (every form prints it).
pub fn parse(text: &str) -> Paper {
    let mut blocks = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let flush_para = |para: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if para.is_empty() {
            return;
        }
        let joined = para.concat();
        para.clear();
        match joined.strip_prefix("< ") {
            Some(rest) => blocks.push(Block::Flush(rest.trim().to_string())),
            None => blocks.push(Block::Para(joined)),
        }
    };
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line == MARKING {
            flush_para(&mut para, &mut blocks);
            continue;
        }
        if let Some(row) = table_row(line) {
            flush_para(&mut para, &mut blocks);
            if row.is_empty() {
                continue;
            }
            match blocks.last_mut() {
                Some(Block::Table(rows)) => rows.push(row),
                _ => blocks.push(Block::Table(vec![row])),
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix('>') {
            flush_para(&mut para, &mut blocks);
            let rest = rest.trim().to_string();
            match blocks.last_mut() {
                Some(Block::Right(lines)) => lines.push(rest),
                _ => blocks.push(Block::Right(vec![rest])),
            }
            continue;
        }
        let block = if let Some(t) = line.strip_prefix("## ") {
            Some(Block::Heading(t.trim().to_string()))
        } else if let Some(t) = line.strip_prefix("# ") {
            Some(Block::Title(t.trim().to_string()))
        } else if line.chars().all(|c| c == '-') && line.len() >= 3 {
            Some(Block::Break)
        } else {
            None
        };
        match block {
            Some(b) => {
                flush_para(&mut para, &mut blocks);
                blocks.push(b);
            }
            None => para.push(line.to_string()),
        }
    }
    flush_para(&mut para, &mut blocks);
    Paper { blocks }
}

/// Markdown for those who edit the paper as text: the marking first, the
/// blocks in the template's own markup (right-aligned lines as `> …`).
pub fn markdown(p: &Paper) -> String {
    let mut o = format!("{MARKING}\n\n");
    for b in &p.blocks {
        match b {
            Block::Title(s) => o.push_str(&format!("# {s}\n\n")),
            Block::Heading(s) => o.push_str(&format!("## {s}\n\n")),
            Block::Para(s) => o.push_str(&format!("{s}\n\n")),
            Block::Flush(s) => o.push_str(&format!("{s}\n\n")),
            Block::Table(rows) => {
                for (i, r) in rows.iter().enumerate() {
                    o.push_str(&format!("| {} |\n", r.join(" | ")));
                    if i == 0 {
                        o.push_str(&format!("|{}\n", "---|".repeat(r.len())));
                    }
                }
                o.push('\n');
            }
            Block::Right(lines) => {
                for l in lines {
                    o.push_str(&format!("> {l}  \n"));
                }
                o.push('\n');
            }
            Block::Break => o.push_str("---\n\n"),
        }
    }
    o
}

/// Print styles after GB/T 9704-2012: A4, margins top 37 mm, bottom 35 mm,
/// left 28 mm, right 26 mm; title 2号 (22 pt) 小标宋, body 3号 (16 pt) 仿宋
/// at a 28.95 pt line pitch (22 lines of 28 characters a page); the
/// marking once at the top left of every printed page (a margin box; the
/// first line carries it on screen only); page numbers at the foot.
const CSS: &str = r#"
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @top-left { content: "内部资料 注意保密"; font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 16pt; }
  @bottom-center { content: "— " counter(page) " —"; font-family: "Songti SC", "SimSun", "Noto Serif CJK SC", serif; font-size: 14pt; } }
body { font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 28.95pt; color: #000; margin: 0; }
.marking { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; margin: 0; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "小标宋", "STZhongsong", "Noto Serif CJK SC", serif;
  font-weight: normal; font-size: 22pt; line-height: 35pt; text-align: center; margin: 28.95pt 0; }
h2 { font-family: "黑体", "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-weight: normal;
  font-size: 16pt; margin: 0; text-indent: 2em; break-after: avoid; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; text-align: justify; orphans: 2; widows: 2; }
p.flush { text-indent: 0; }
.right { text-align: right; margin: 28.95pt 2em 0 0; break-inside: avoid; page-break-inside: avoid; }
.right p { text-indent: 0; text-align: right; }
table { width: 100%; border-collapse: collapse; font-size: 14pt; line-height: 1.5; margin: 0.3em 0; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left; }
td:first-child, th:first-child { white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.break { break-before: page; page-break-before: always; }
@media screen { body { max-width: 156mm; margin: 2em auto; } }
@media print { p.marking { display: none; } }
"#;

/// A print-ready HTML page (no scripts, no external files).
pub fn html(p: &Paper) -> String {
    let title = p
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(s) => Some(s.as_str()),
            _ => None,
        })
        .unwrap_or(MARKING);
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<p class=\"marking flush\">{MARKING}</p>\n",
        esc(title)
    );
    for b in &p.blocks {
        match b {
            Block::Title(s) => o.push_str(&format!("<h1>{}</h1>\n", esc(s))),
            Block::Heading(s) => o.push_str(&format!("<h2>{}</h2>\n", esc(s))),
            Block::Para(s) => o.push_str(&format!("<p>{}</p>\n", esc(s))),
            Block::Flush(s) => o.push_str(&format!("<p class=\"flush\">{}</p>\n", esc(s))),
            Block::Table(rows) => {
                o.push_str("<table>\n");
                for (i, r) in rows.iter().enumerate() {
                    let tag = if i == 0 { "th" } else { "td" };
                    let cells: String = r
                        .iter()
                        .map(|c| format!("<{tag}>{}</{tag}>", esc(c)))
                        .collect();
                    o.push_str(&format!("<tr>{cells}</tr>\n"));
                }
                o.push_str("</table>\n");
            }
            Block::Right(lines) => {
                o.push_str("<div class=\"right\">\n");
                for l in lines {
                    o.push_str(&format!("<p>{}</p>\n", esc(l)));
                }
                o.push_str("</div>\n");
            }
            Block::Break => o.push_str("<div class=\"break\"></div>\n"),
        }
    }
    o.push_str("</body>\n</html>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_of_the_markup() {
        let p = parse(
            "内部资料 注意保密\n\n# 标题\n\n< 编号：1号\n\n第一句，\n第二句。\n\n| 项目 | 内容 |\n|---|---|\n| 姓名 | 张三 |\n\n> 中共某党支部\n> 2026年3月7日\n\n---\n\n## 回执\n",
        );
        assert_eq!(
            p.blocks,
            vec![
                Block::Title("标题".into()),
                Block::Flush("编号：1号".into()),
                Block::Para("第一句，第二句。".into()),
                Block::Table(vec![
                    vec!["项目".into(), "内容".into()],
                    vec!["姓名".into(), "张三".into()]
                ]),
                Block::Right(vec!["中共某党支部".into(), "2026年3月7日".into()]),
                Block::Break,
                Block::Heading("回执".into()),
            ]
        );
        let h = html(&p);
        assert!(h.contains("<h1>标题</h1>") && h.contains("class=\"right\""));
        assert!(h.contains("margin: 37mm 26mm 35mm 28mm"));
        assert_eq!(h.matches(MARKING).count(), 2, "margin box and first line");
    }
}
