//! Plain-text tables whose columns line up with Chinese text (wide
//! characters take two cells).

/// Terminal cells a character takes: 2 for East-Asian wide and full-width.
pub fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else if c.is_control() {
        0
    } else {
        1
    }
}

pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Cut `s` to at most `max` cells, marking the cut as the workstation's
/// panes do (`ui::text::CUT`; `~` means "due soon" there).
pub fn truncate(s: &str, max: usize) -> String {
    crate::ui::text::truncate_with(s, max, char_width)
}

pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: vec![],
        }
    }

    /// One row; each cell is shown on one line, its control characters
    /// (newline and tab too) escaped as `\x1b` text.
    pub fn row(&mut self, cells: Vec<String>) {
        let cells = cells
            .into_iter()
            .map(|c| crate::domain::text::escape_line(&c).into_owned())
            .collect();
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as text, one line per row, columns separated by two spaces.
    pub fn render(&self) -> String {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate().take(n) {
                widths[i] = widths[i].max(width(c));
            }
        }
        let mut out = String::new();
        let mut line = |cells: &[String]| {
            let mut l = String::new();
            for (i, c) in cells.iter().enumerate().take(n) {
                l.push_str(c);
                if i + 1 < n {
                    l.push_str(&" ".repeat(widths[i].saturating_sub(width(c)) + 2));
                }
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        line(&self.headers);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(&rule);
        for r in &self.rows {
            line(r);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_columns_line_up() {
        let mut t = Table::new(&["姓名", "id"]);
        t.row(vec!["张三丰".into(), "1".into()]);
        t.row(vec!["Li".into(), "22".into()]);
        let s = t.render();
        let lines: Vec<&str> = s.lines().collect();
        assert_eq!(lines[0], "姓名    id");
        assert_eq!(lines[2], "张三丰  1");
        assert_eq!(lines[3], "Li      22");
    }

    #[test]
    fn truncate_counts_wide_cells() {
        assert_eq!(truncate("一二三四五", 6), "一二..");
        assert_eq!(truncate("一二三四五", 5), "一..");
        assert_eq!(truncate("abc", 6), "abc");
        assert_eq!(truncate("abcdefgh", 6), "abcd..");
        assert!(!truncate("思明区某街道党工委第一党支部", 12).contains('~'));
    }
}
