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

/// Truncate to at most `max` cells, ending with `~` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('~');
    }
    out
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
        assert_eq!(truncate("张三丰", 5), "张三~");
        assert_eq!(truncate("张三丰", 4), "张~");
        assert_eq!(width(&pad("张三", 7)), 7);
        assert_eq!(pad("abc", 2), "a~");
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
