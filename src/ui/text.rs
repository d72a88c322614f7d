//! Width-aware text helpers: never cut a wide (CJK) character in half.

use ratatui::text::Span;

/// Display width of one character (0, 1 or 2 cells).
pub fn char_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    Span::raw(&*c.encode_utf8(&mut buf)).width()
}

pub fn width(s: &str) -> usize {
    Span::raw(s).width()
}

/// What ends a text cut to fit its column (`~` means "due soon" in the
/// panes, so it never marks a cut).
pub const CUT: &str = "..";

/// Truncate to at most `max` cells, ending with `CUT` when cut (a
/// column narrower than the mark just keeps what fits).
pub fn truncate(s: &str, max: usize) -> String {
    truncate_with(s, max, char_width)
}

/// `truncate` with the width of each character from `cw` (the CLI's
/// tables count cells their own way).
pub fn truncate_with(s: &str, max: usize, cw: fn(char) -> usize) -> String {
    let width = |s: &str| s.chars().map(cw).sum::<usize>();
    if width(s) <= max {
        return s.to_string();
    }
    let mark = if max > width(CUT) { width(CUT) } else { 0 };
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = cw(c);
        if used + w + mark > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if mark > 0 {
        out.push_str(CUT);
    }
    out
}

/// One key into a text field, the same in every field: Ctrl-U deletes
/// from the cursor to the line's start (as in a shell), everything else
/// goes to the editor.
pub fn edit(ta: &mut ratatui_textarea::TextArea<'static>, k: &crossterm::event::KeyEvent) {
    use crossterm::event::{KeyCode, KeyModifiers};
    if k.code == KeyCode::Char('u') && k.modifiers.contains(KeyModifiers::CONTROL) {
        ta.delete_line_by_head();
    } else {
        ta.input(*k);
    }
}

/// The widths a `Table` (or a row of padded columns) gives `cols` in
/// `width` cells with `spacing` between them, so cells can be cut to
/// their column visibly before the table would cut them silently.
pub fn column_widths(cols: &[ratatui::layout::Constraint], width: u16, spacing: u16) -> Vec<u16> {
    ratatui::layout::Layout::horizontal(cols.iter().copied())
        .spacing(spacing)
        .split(ratatui::layout::Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| r.width)
        .collect()
}

/// Pad with spaces on the right to exactly `w` cells (truncating first).
pub fn pad(s: &str, w: usize) -> String {
    let mut t = truncate(s, w);
    let n = width(&t);
    t.extend(std::iter::repeat_n(' ', w.saturating_sub(n)));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_are_never_split() {
        assert_eq!(truncate("张三丰", 6), "张三丰");
        assert_eq!(truncate("张三丰", 5), "张..");
        assert_eq!(truncate("张三丰", 4), "张..");
        assert_eq!(truncate("张三丰", 3), "..");
        assert_eq!(truncate("张三丰", 1), "");
        assert_eq!(truncate("abcdef", 5), "abc..");
        assert_eq!(width(&pad("张三", 7)), 7);
        assert_eq!(pad("abcd", 3), "a..");
        assert!(!truncate("张三丰李四", 5).contains('~'));
    }
}

/// Clear `area` for a popup. A wide character just left of the popup would
/// spill its second half over the popup's left border (ratatui then never
/// writes that border cell), so it is blanked too.
pub fn clear_popup(f: &mut ratatui::Frame, area: ratatui::layout::Rect) {
    f.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buf = f.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

#[cfg(test)]
mod popup_tests {
    use ratatui::{Terminal, backend::TestBackend, layout::Rect, widgets::Paragraph};

    #[test]
    fn popup_left_edge_blanks_a_straddling_wide_char() {
        let mut term = Terminal::new(TestBackend::new(6, 1)).unwrap();
        term.draw(|f| {
            f.render_widget(Paragraph::new("a云云"), f.area());
            // The popup starts at x=2, the second half of the first 云.
            super::clear_popup(f, Rect::new(2, 0, 4, 1));
            f.render_widget(Paragraph::new("|b"), Rect::new(2, 0, 4, 1));
        })
        .unwrap();
        let buf = term.backend().buffer();
        assert_eq!(
            buf[(1, 0)].symbol(),
            " ",
            "wide char cut by the popup is blanked"
        );
        assert_eq!(buf[(2, 0)].symbol(), "|");
        assert_eq!(buf[(0, 0)].symbol(), "a");
    }
}
