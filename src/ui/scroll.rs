//! A backend that lets the terminal move lines itself (issue 15 item 4).
//!
//! ratatui sends the cells that differ from the previous frame. When the
//! roster scrolls by one row every line of it differs, although the
//! terminal already shows all but one of them, one line higher. This
//! backend keeps a copy of what the terminal shows; for each frame it also
//! tries a scroll region (DECSTBM) over the band of lines that moved one
//! line up or down, scrolled by a line feed at the bottom margin (or a
//! reverse index at the top), followed by the cells that still differ, and
//! sends whichever of the two is shorter in bytes. Only VT100 sequences
//! are used (DECSTBM, CUP, LF, RI, SGR 0): xterm, tmux, screen and the Linux
//! console all have them. Where the roster shares its lines with another
//! pane (the full layout), the scroll moves that pane's lines too and the
//! cells it disturbed are sent again; the byte count decides.
//!
//! The cells themselves are encoded as ratatui's crossterm backend does
//! (the same SGR), except for cursor moves: ratatui places every cell that
//! follows a CJK character with its own CUP (about 8 bytes a character,
//! half of what a Chinese roster frame sent); here the cursor is followed
//! across CJK characters (not with `TERM=linux`) and a gap along a line is
//! crossed by CUF or by re-sending its few plain cells.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell, CellWidth};
use ratatui::layout::{Position, Rect, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};

pub struct Scrolling<W: Write> {
    inner: CrosstermBackend<W>,
    /// What the terminal shows now; None when unknown (then frames go as
    /// ratatui sent them until the next full clear).
    shown: Option<Buffer>,
    /// A fixed screen size (tests and the bench); None asks the terminal.
    fixed: Option<Size>,
    /// False: never scroll (pass ratatui's cells through).
    enabled: bool,
    /// False: every cell after a wide character is placed by CUP (the
    /// Linux console may not draw CJK two columns wide).
    wide: bool,
    plain: Vec<u8>,
    scrolled: Vec<u8>,
}

/// Which way the lines of a band moved between two frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    /// Each line shows what the line below it showed.
    Up,
    /// Each line shows what the line above it showed.
    Down,
}

impl<W: Write> Scrolling<W> {
    /// For the real terminal: its size is asked on every full clear.
    /// Scrolling is off for `TERM=dumb` (no cursor addressing at all); with
    /// `TERM=linux` the cursor is not followed across wide characters.
    pub fn new(writer: W) -> Self {
        let term = std::env::var("TERM").unwrap_or_default();
        let mut s = Self::build(writer, None, term != "dumb");
        s.wide = !term.starts_with("linux");
        s
    }

    /// A screen of a known size (nothing is asked of a terminal).
    pub fn fixed(writer: W, size: Size) -> Self {
        Self::build(writer, Some(size), true)
    }

    fn build(writer: W, fixed: Option<Size>, enabled: bool) -> Self {
        let mut s = Scrolling {
            inner: CrosstermBackend::new(writer),
            shown: None,
            fixed,
            enabled,
            wide: true,
            plain: vec![],
            scrolled: vec![],
        };
        // ratatui's first frame assumes a blank screen (the alternate
        // screen starts blank); so does the copy.
        s.reset_shown();
        s
    }

    fn reset_shown(&mut self) {
        self.shown = self
            .size()
            .ok()
            .map(|s| Buffer::empty(Rect::new(0, 0, s.width, s.height)));
    }
}

/// Cells of line `y` of `b`.
fn line(b: &Buffer, y: usize) -> &[Cell] {
    let w = b.area.width as usize;
    &b.content[y * w..(y + 1) * w]
}

fn same(a: &[Cell], b: &[Cell]) -> i64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as i64
}

/// The band of lines `top..=bottom` where moving `old`'s lines one line
/// `dir` matches `new` best (most cells gained over not moving), if any
/// band gains at all.
fn band(old: &Buffer, new: &Buffer, dir: Dir) -> Option<(usize, usize)> {
    let h = old.area.height as usize;
    let (mut best, mut best_at) = (0i64, (0, 0));
    let (mut run, mut start) = (0i64, 0);
    for y in 0..h.saturating_sub(1) {
        // Pair y: line y+1 from y (down) or line y from y+1 (up).
        let (dst, src) = match dir {
            Dir::Up => (y, y + 1),
            Dir::Down => (y + 1, y),
        };
        let n = line(new, dst);
        let gain = same(n, line(old, src)) - same(n, line(old, dst));
        if run <= 0 {
            (run, start) = (gain, y);
        } else {
            run += gain;
        }
        if run > best {
            (best, best_at) = (run, (start, y));
        }
    }
    // Pairs start..=end move; the region is one line longer (the line
    // that scrolls in blank).
    (best > 0).then_some((best_at.0, best_at.1 + 1))
}

/// `old` with lines `top..=bottom` scrolled one line `dir`, the line
/// scrolled in blank (as the terminal leaves it after an SGR reset).
fn shifted(old: &Buffer, (top, bottom): (usize, usize), dir: Dir) -> Buffer {
    let w = old.area.width as usize;
    let mut b = old.clone();
    match dir {
        Dir::Up => {
            b.content
                .copy_within_cells((top + 1) * w..(bottom + 1) * w, top * w);
            b.content[bottom * w..(bottom + 1) * w].fill(Cell::default());
        }
        Dir::Down => {
            b.content
                .copy_within_cells(top * w..bottom * w, (top + 1) * w);
            b.content[top * w..(top + 1) * w].fill(Cell::default());
        }
    }
    b
}

trait CopyWithin {
    fn copy_within_cells(&mut self, src: std::ops::Range<usize>, dest: usize);
}

impl CopyWithin for Vec<Cell> {
    /// `copy_within` for cells (not `Copy`): clones, in the order that
    /// never reads a cell already overwritten.
    fn copy_within_cells(&mut self, src: std::ops::Range<usize>, dest: usize) {
        let len = src.len();
        if dest < src.start {
            for i in 0..len {
                self[dest + i] = self[src.start + i].clone();
            }
        } else {
            for i in (0..len).rev() {
                self[dest + i] = self[src.start + i].clone();
            }
        }
    }
}

/// The bytes that scroll lines `top..=bottom` one line `dir` (1-based
/// rows on the wire); the scroll region is reset afterwards.
fn scroll_bytes(out: &mut Vec<u8>, (top, bottom): (usize, usize), dir: Dir) {
    let (t, b) = (top + 1, bottom + 1);
    // SGR 0 first: the line scrolled in takes the current background.
    let _ = write!(out, "\x1b[0m\x1b[{t};{b}r");
    match dir {
        Dir::Up => {
            // A line feed on the bottom margin scrolls the region up.
            let _ = write!(out, "\x1b[{b};1H");
            out.push(b'\n');
        }
        Dir::Down => {
            let _ = write!(out, "\x1b[{t};1H\x1bM");
        }
    }
    out.extend_from_slice(b"\x1b[r");
}

/// True when every terminal agrees `sym` is two columns wide (CJK
/// ideographs, kana, hangul, fullwidth forms): the cursor is known to stand
/// after it. For any other wide symbol the next cell is placed by CUP.
fn surely_wide(sym: &str) -> bool {
    sym.chars().all(|c| {
        matches!(c as u32,
            0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
    })
}

/// The SGR changes from modifier `from` to `to` (as ratatui's crossterm
/// backend makes them).
fn modifiers(out: &mut Vec<u8>, from: Modifier, to: Modifier) {
    use crossterm::style::Attribute as A;
    let mut set = |a: A| {
        let _ = crossterm::queue!(out, crossterm::style::SetAttribute(a));
    };
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        set(A::NoReverse);
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        set(A::NormalIntensity);
        if to.contains(Modifier::DIM) {
            set(A::Dim);
        }
        if to.contains(Modifier::BOLD) {
            set(A::Bold);
        }
    }
    for (m, off) in [
        (Modifier::ITALIC, A::NoItalic),
        (Modifier::UNDERLINED, A::NoUnderline),
        (Modifier::CROSSED_OUT, A::NotCrossedOut),
        (Modifier::HIDDEN, A::NoHidden),
    ] {
        if removed.contains(m) {
            set(off);
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        set(A::NoBlink);
    }
    let added = to - from;
    for (m, on) in [
        (Modifier::REVERSED, A::Reverse),
        (Modifier::BOLD, A::Bold),
        (Modifier::ITALIC, A::Italic),
        (Modifier::UNDERLINED, A::Underlined),
        (Modifier::DIM, A::Dim),
        (Modifier::CROSSED_OUT, A::CrossedOut),
        (Modifier::HIDDEN, A::Hidden),
        (Modifier::SLOW_BLINK, A::SlowBlink),
        (Modifier::RAPID_BLINK, A::RapidBlink),
    ] {
        let intensity = matches!(m, Modifier::BOLD | Modifier::DIM);
        if added.contains(m) && !(intensity && reset_intensity) {
            set(on);
        }
    }
}

/// The cells `cells` of frame `next` as terminal bytes: ratatui's crossterm
/// backend's encoding (same SGR), but the cursor is followed across wide
/// characters (ratatui places every cell after a CJK character with its
/// own CUP: about 8 bytes a character) and a gap along a line is crossed by
/// CUF or by the gap's own cells, whichever is shorter.
fn encode<'a>(
    out: &mut Vec<u8>,
    (next, wide): (&Buffer, bool),
    cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
) {
    use crossterm::style::{Color as C, SetAttribute, SetBackgroundColor, SetForegroundColor};
    use ratatui::backend::IntoCrossterm;
    out.clear();
    let width = next.area.width;
    let (mut fg, mut bg, mut modifier) = (Color::Reset, Color::Reset, Modifier::empty());
    let mut cursor: Option<(u16, u16)> = None;
    let mut any = false;
    for (x, y, cell) in cells {
        any = true;
        match cursor {
            Some(c) if c == (x, y) => {}
            Some((cx, cy)) if cy == y && cx < x => {
                let gap = &next.content[next.index_of(cx, y)..next.index_of(x, y)];
                let plain = gap.iter().all(|g| {
                    g.symbol().len() == 1
                        && g.symbol().is_ascii()
                        && (g.fg, g.bg, g.modifier) == (fg, bg, modifier)
                });
                let n = x - cx;
                let cuf = if n < 10 { 4 } else { 5 };
                if plain && gap.len() <= cuf {
                    for g in gap {
                        out.extend_from_slice(g.symbol().as_bytes());
                    }
                } else {
                    let _ = write!(out, "\x1b[{n}C");
                }
            }
            _ => {
                let _ = crossterm::queue!(out, crossterm::cursor::MoveTo(x, y));
            }
        }
        if cell.modifier != modifier {
            modifiers(out, modifier, cell.modifier);
            modifier = cell.modifier;
        }
        if cell.fg != fg && cell.bg != bg {
            let colors =
                crossterm::style::Colors::new(cell.fg.into_crossterm(), cell.bg.into_crossterm());
            let _ = crossterm::queue!(out, crossterm::style::SetColors(colors));
        } else if cell.fg != fg {
            let _ = crossterm::queue!(out, SetForegroundColor(cell.fg.into_crossterm()));
        } else if cell.bg != bg {
            let _ = crossterm::queue!(out, SetBackgroundColor(cell.bg.into_crossterm()));
        }
        (fg, bg) = (cell.fg, cell.bg);
        let sym = cell.symbol();
        out.extend_from_slice(sym.as_bytes());
        let w = cell.cell_width().max(1);
        let after = x.saturating_add(w);
        cursor = (after < width && (w == 1 || (wide && surely_wide(sym)))).then_some((after, y));
    }
    if any {
        let _ = crossterm::queue!(
            out,
            SetForegroundColor(C::Reset),
            SetBackgroundColor(C::Reset),
            SetAttribute(crossterm::style::Attribute::Reset)
        );
    }
}

impl<W: Write> Write for Scrolling<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for Scrolling<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let Some(old) = self.shown.take() else {
            return self.inner.draw(content);
        };
        // The frame the terminal must show: the copy with ratatui's cells.
        let mut new = old.clone();
        let (w, h) = (old.area.width, old.area.height);
        let mut fits = true;
        for (x, y, cell) in content {
            if x >= w || y >= h {
                fits = false;
                break;
            }
            new[(x, y)] = cell.clone();
            // ratatui never sends the columns a wide character covers;
            // the copy blanks them as ratatui's own buffer does, so a
            // character once there is never thought to be still shown.
            let covers = cell.cell_width();
            for cx in x.saturating_add(1)..x.saturating_add(covers).min(w) {
                new[(cx, y)] = Cell::default();
            }
        }
        if !fits {
            // Not the screen the copy knows: stop following it.
            return Ok(());
        }
        encode(&mut self.plain, (&new, self.wide), old.diff_iter(&new));
        let mut best: Option<Vec<u8>> = None;
        if self.enabled && !self.plain.is_empty() {
            for dir in [Dir::Up, Dir::Down] {
                let Some(region) = band(&old, &new, dir) else {
                    continue;
                };
                let moved = shifted(&old, region, dir);
                let mut bytes = vec![];
                scroll_bytes(&mut bytes, region, dir);
                encode(&mut self.scrolled, (&new, self.wide), moved.diff_iter(&new));
                bytes.extend_from_slice(&self.scrolled);
                let shorter = bytes.len() < best.as_ref().map_or(self.plain.len(), Vec::len);
                if shorter {
                    best = Some(bytes);
                }
            }
        }
        let out = best.as_deref().unwrap_or(&self.plain);
        self.inner.write_all(out)?;
        self.shown = Some(new);
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.shown = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)?;
        if clear_type == ClearType::All {
            self.reset_shown();
        } else {
            self.shown = None;
        }
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed {
            Some(s) => Ok(s),
            None => self.inner.size(),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A terminal's input, kept for the test to read.
    #[derive(Clone, Default)]
    struct Wire(Rc<RefCell<Vec<u8>>>);

    impl Write for Wire {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Wire {
        fn len(&self) -> usize {
            self.0.borrow().len()
        }
        fn bytes(&self) -> Vec<u8> {
            self.0.borrow().clone()
        }
    }

    /// What a terminal shows after `bytes`, by a tiny VT100 model: CUP,
    /// DECSTBM, LF, RI, SGR (ignored), printable ASCII.
    fn replay(bytes: &[u8], w: usize, h: usize) -> Vec<String> {
        let mut s = vec![vec![' '; w]; h];
        let (mut x, mut y, mut top, mut bot) = (0usize, 0usize, 0usize, h - 1);
        let mut i = 0;
        let scroll_up = |s: &mut Vec<Vec<char>>, top: usize, bot: usize| {
            s.remove(top);
            s.insert(bot, vec![' '; w]);
        };
        while i < bytes.len() {
            match bytes[i] {
                0x1b if bytes.get(i + 1) == Some(&b'M') => {
                    if y == top {
                        s.remove(bot);
                        s.insert(top, vec![' '; w]);
                    } else {
                        y -= 1;
                    }
                    i += 2;
                }
                0x1b if bytes.get(i + 1) == Some(&b'[') => {
                    let mut j = i + 2;
                    while !bytes[j].is_ascii_alphabetic() {
                        j += 1;
                    }
                    let args: Vec<usize> = std::str::from_utf8(&bytes[i + 2..j])
                        .unwrap_or("")
                        .split(';')
                        .filter_map(|a| a.trim_start_matches('?').parse().ok())
                        .collect();
                    match bytes[j] {
                        b'H' => {
                            y = args.first().map_or(0, |v| v - 1);
                            x = args.get(1).map_or(0, |v| v - 1);
                        }
                        b'C' => x += args.first().copied().unwrap_or(1),
                        b'r' => {
                            top = args.first().map_or(0, |v| v - 1);
                            bot = args.get(1).map_or(h - 1, |v| v - 1);
                            (x, y) = (0, 0);
                        }
                        _ => {}
                    }
                    i = j + 1;
                }
                b'\n' => {
                    if y == bot {
                        scroll_up(&mut s, top, bot);
                    } else {
                        y += 1;
                    }
                    i += 1;
                }
                c => {
                    if x < w {
                        s[y][x] = c as char;
                    }
                    x += 1;
                    i += 1;
                }
            }
        }
        s.into_iter().map(|l| l.into_iter().collect()).collect()
    }

    fn lines(from: usize, n: usize) -> String {
        (from..from + n)
            .map(|i| format!("row {i:03} of the roster, long enough"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_one_line_scroll_is_sent_as_a_scroll_and_the_screen_is_right() {
        let (w, h) = (40u16, 12u16);
        let wire = Wire::default();
        let mut t = Terminal::new(Scrolling::fixed(wire.clone(), Size::new(w, h))).expect("term");
        let draw = |t: &mut Terminal<Scrolling<Wire>>, from: usize| {
            t.draw(|f| {
                let a = f.area();
                f.render_widget(Paragraph::new("title line"), Rect::new(0, 0, a.width, 1));
                f.render_widget(
                    Paragraph::new(lines(from, 10)),
                    Rect::new(0, 1, a.width, 10),
                );
                f.render_widget(Paragraph::new("footer"), Rect::new(0, 11, a.width, 1));
            })
            .expect("draw");
        };
        draw(&mut t, 0);
        let first = wire.len();
        for (from, dir) in [(1, "up"), (2, "up"), (1, "down"), (0, "down")] {
            let before = wire.len();
            draw(&mut t, from);
            let sent = wire.len() - before;
            assert!(sent < first / 3, "{dir}: {sent} bytes of {first}");
            let screen = replay(&wire.bytes(), w as usize, h as usize);
            assert_eq!(screen[0].trim_end(), "title line");
            assert_eq!(screen[11].trim_end(), "footer");
            for (i, l) in lines(from, 10).lines().enumerate() {
                assert_eq!(
                    screen[i + 1].trim_end(),
                    l,
                    "{dir} to {from}, line {}",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn an_unrelated_frame_is_sent_without_a_scroll() {
        let (w, h) = (30u16, 6u16);
        let wire = Wire::default();
        let mut a = Terminal::new(Scrolling::fixed(wire.clone(), Size::new(w, h))).expect("term");
        for text in ["abc\ndef\nghi", "xyz\n\nuvw"] {
            let p = Paragraph::new(text);
            a.draw(|f| f.render_widget(p, Rect::new(0, 0, w, h)))
                .expect("draw");
        }
        assert!(
            !wire.bytes().windows(3).any(|x| x == b"\x1b[r"),
            "nothing to scroll"
        );
        let screen = replay(&wire.bytes(), w as usize, h as usize);
        assert_eq!(screen[0].trim_end(), "xyz");
        assert_eq!(screen[1].trim_end(), "");
        assert_eq!(screen[2].trim_end(), "uvw");
    }
}
