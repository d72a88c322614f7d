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
//! console all have them; runs of blanks may go as ECH (VT220, which they
//! all have too). Where the roster shares its lines with another
//! pane (the full layout), the scroll moves that pane's lines too and the
//! cells it disturbed are sent again; the byte count decides.
//!
//! The cells themselves are encoded as ratatui's crossterm backend does
//! (the same SGR parameters, but one sequence for all the changes at a
//! cell, and one SGR 0 at the end of a frame), except for cursor moves:
//! ratatui places every cell that follows a CJK character with its own
//! CUP (about 8 bytes a character, half of what a Chinese roster frame
//! sent); here the cursor is followed across CJK characters (not with
//! `TERM=linux`) and a gap along a line is crossed by CUF or by re-sending
//! its few plain cells.

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

/// About what sending the cells of `a` that `b` lacks costs in bytes: the
/// symbol's UTF-8 (a wide character's covered cell is empty) and a little
/// for a styled cell.
fn cost(a: &[Cell], b: &[Cell]) -> i64 {
    a.iter()
        .zip(b)
        .filter(|(x, y)| x != y)
        .map(|(x, _)| {
            let styled = x.fg != Color::Reset || x.bg != Color::Reset || !x.modifier.is_empty();
            x.symbol().len() as i64 + i64::from(styled)
        })
        .sum()
}

/// Bands of lines `top..=bottom` worth trying to move one line `dir`
/// (each is then encoded and the shortest frame sent): the band where
/// moving `old`'s lines matches `new` best (most bytes saved over not
/// moving, Kadane over the lines), and the span from the first line that
/// gains to the last (a pane beside the moved one may cost lines in the
/// middle that the whole span still pays for), when its estimate is at
/// least half the best band's. Empty when nothing gains.
fn bands(old: &Buffer, new: &Buffer, dir: Dir) -> Vec<(usize, usize)> {
    let h = old.area.height as usize;
    let (mut best, mut best_at) = (0i64, (0, 0));
    let (mut run, mut start) = (0i64, 0);
    let mut span: Option<(usize, usize)> = None;
    let mut gains = Vec::with_capacity(h);
    for y in 0..h.saturating_sub(1) {
        // Pair y: line y+1 from y (down) or line y from y+1 (up).
        let (dst, src) = match dir {
            Dir::Up => (y, y + 1),
            Dir::Down => (y + 1, y),
        };
        let n = line(new, dst);
        let gain = cost(n, line(old, dst)) - cost(n, line(old, src));
        gains.push(gain);
        if gain > 0 {
            span = Some((span.map_or(y, |s| s.0), y));
        }
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
    let mut out = Vec::with_capacity(2);
    if best > 0 {
        out.push((best_at.0, best_at.1 + 1));
    }
    // The span only when it is estimated to save at least half as much
    // (each candidate costs a copy of the screen and an encoding).
    if let Some((a, b)) = span
        && out.first() != Some(&(a, b + 1))
        && gains[a..=b].iter().sum::<i64>().saturating_mul(2) >= best
    {
        out.push((a, b + 1));
    }
    out
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

/// Whether erasing columns `x..end` of line `y` of what the terminal shows
/// would take half of a wide character (terminals differ on what is left
/// of it: tmux keeps its other half as padding, which shifts the line).
fn splits_wide(shown: &Buffer, (x, end): (u16, u16), y: u16) -> bool {
    let (w, h) = (shown.area.width, shown.area.height);
    let width_at = |c: u16| {
        if c < w && y < h {
            shown[(c, y)].cell_width()
        } else {
            1
        }
    };
    (x > 0 && width_at(x - 1) > 1) || (x..end).any(|c| c.saturating_add(width_at(c)) > end)
}

/// A blank cell in the default colours and no attribute: what ECH leaves
/// when the attributes in force are the default ones.
fn blank(c: &Cell) -> bool {
    c.symbol() == " " && c.fg == Color::Reset && c.bg == Color::Reset && c.modifier.is_empty()
}

/// The parameters of one SGR sequence, sent as one `CSI … m` (not one
/// sequence per change as ratatui's crossterm backend does).
#[derive(Default)]
struct Sgr(Vec<u8>);

impl Sgr {
    fn push(&mut self, p: impl std::fmt::Display) {
        if !self.0.is_empty() {
            self.0.push(b';');
        }
        let _ = write!(self.0, "{p}");
    }

    /// `c` as a foreground (`base` 38) or background (48) colour: named
    /// colours as their palette index, as crossterm sends them (`5;n`, not
    /// `3n`, which some terminals brighten when bold).
    fn color(&mut self, c: Color, base: u8) {
        let named = |c: Color| -> Option<u8> {
            Some(match c {
                Color::Black => 0,
                Color::Red => 1,
                Color::Green => 2,
                Color::Yellow => 3,
                Color::Blue => 4,
                Color::Magenta => 5,
                Color::Cyan => 6,
                Color::Gray => 7,
                Color::DarkGray => 8,
                Color::LightRed => 9,
                Color::LightGreen => 10,
                Color::LightYellow => 11,
                Color::LightBlue => 12,
                Color::LightMagenta => 13,
                Color::LightCyan => 14,
                Color::White => 15,
                Color::Indexed(i) => i,
                _ => return None,
            })
        };
        match c {
            Color::Reset => self.push(base + 1),
            Color::Rgb(r, g, b) => self.push(format_args!("{base};2;{r};{g};{b}")),
            c => {
                if let Some(i) = named(c) {
                    self.push(format_args!("{base};5;{i}"));
                }
            }
        }
    }

    /// The SGR changes from modifier `from` to `to` (the same changes
    /// ratatui's crossterm backend makes).
    fn modifiers(&mut self, from: Modifier, to: Modifier) {
        let removed = from - to;
        if removed.contains(Modifier::REVERSED) {
            self.push(27);
        }
        let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
        if reset_intensity {
            self.push(22);
            if to.contains(Modifier::DIM) {
                self.push(2);
            }
            if to.contains(Modifier::BOLD) {
                self.push(1);
            }
        }
        for (m, off) in [
            (Modifier::ITALIC, 23),
            (Modifier::UNDERLINED, 24),
            (Modifier::CROSSED_OUT, 29),
            (Modifier::HIDDEN, 28),
        ] {
            if removed.contains(m) {
                self.push(off);
            }
        }
        if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
            self.push(25);
        }
        let added = to - from;
        for (m, on) in [
            (Modifier::REVERSED, 7),
            (Modifier::BOLD, 1),
            (Modifier::ITALIC, 3),
            (Modifier::UNDERLINED, 4),
            (Modifier::DIM, 2),
            (Modifier::CROSSED_OUT, 9),
            (Modifier::HIDDEN, 8),
            (Modifier::SLOW_BLINK, 5),
            (Modifier::RAPID_BLINK, 6),
        ] {
            let intensity = matches!(m, Modifier::BOLD | Modifier::DIM);
            if added.contains(m) && !(intensity && reset_intensity) {
                self.push(on);
            }
        }
    }

    /// Send the sequence (nothing when no parameter was pushed).
    fn send(&mut self, out: &mut Vec<u8>) {
        if !self.0.is_empty() {
            out.extend_from_slice(b"\x1b[");
            out.append(&mut self.0);
            out.push(b'm');
        }
    }
}

/// The cells `cells` of frame `next` as terminal bytes, sent over what the
/// terminal shows (`shown`): ratatui's crossterm backend's encoding (the
/// same SGR parameters), but the cursor is followed across wide characters
/// (ratatui places every cell after a CJK character with its own CUP:
/// about 8 bytes a character), a gap along a line is crossed by CUF or by
/// the gap's own cells, whichever is shorter, and a run of blanks that
/// splits no wide character may go as ECH.
fn encode<'a>(
    out: &mut Vec<u8>,
    (shown, next, wide): (&Buffer, &Buffer, bool),
    cells: impl Iterator<Item = (u16, u16, &'a Cell)>,
) {
    out.clear();
    let mut sgr = Sgr::default();
    let width = next.area.width;
    let (mut fg, mut bg, mut modifier) = (Color::Reset, Color::Reset, Modifier::empty());
    let mut cursor: Option<(u16, u16)> = None;
    let mut any = false;
    let mut cells = cells.peekable();
    while let Some((x, y, cell)) = cells.next() {
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
            sgr.modifiers(modifier, cell.modifier);
            modifier = cell.modifier;
        }
        if cell.fg != fg {
            sgr.color(cell.fg, 38);
        }
        if cell.bg != bg {
            sgr.color(cell.bg, 48);
        }
        sgr.send(out);
        (fg, bg) = (cell.fg, cell.bg);
        if blank(cell) {
            // A run of blank cells (the text of a moved line that is no
            // longer there): erased by ECH where that is shorter than
            // spaces. The attributes are all default here, so the erased
            // cells are too.
            // The run goes on through the next blank cells to change and
            // any blank cells between them (e.g. the covered halves of
            // wide characters that were there).
            let mut end = x.saturating_add(1);
            while cells
                .next_if(|&(nx, ny, c)| {
                    ny == y
                        && nx >= end
                        && blank(c)
                        && next.content[next.index_of(end, y)..next.index_of(nx, y)]
                            .iter()
                            .all(blank)
                })
                .map(|(nx, _, _)| end = nx.saturating_add(1))
                .is_some()
            {}
            let k = end - x;
            let on = cells
                .peek()
                .is_some_and(|&(nx, ny, _)| (nx, ny) == (end, y));
            let digits = if k < 10 {
                1
            } else if k < 100 {
                2
            } else {
                3
            };
            let ech = (3 + digits) * if on { 2 } else { 1 };
            if usize::from(k) > ech && !splits_wide(shown, (x, end), y) {
                let _ = write!(out, "\x1b[{k}X");
                if on {
                    let _ = write!(out, "\x1b[{k}C");
                    cursor = Some((end, y));
                } else {
                    cursor = Some((x, y));
                }
            } else {
                out.extend(std::iter::repeat_n(b' ', usize::from(k)));
                cursor = (end < width).then_some((end, y));
            }
            continue;
        }
        let sym = cell.symbol();
        out.extend_from_slice(sym.as_bytes());
        let w = cell.cell_width().max(1);
        let after = x.saturating_add(w);
        cursor = (after < width && (w == 1 || (wide && surely_wide(sym)))).then_some((after, y));
    }
    if any {
        // SGR 0 resets the colours too.
        out.extend_from_slice(b"\x1b[0m");
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
        encode(
            &mut self.plain,
            (&old, &new, self.wide),
            old.diff_iter(&new),
        );
        let mut best: Option<Vec<u8>> = None;
        if self.enabled && !self.plain.is_empty() {
            for dir in [Dir::Up, Dir::Down] {
                for region in bands(&old, &new, dir) {
                    let moved = shifted(&old, region, dir);
                    let mut bytes = vec![];
                    scroll_bytes(&mut bytes, region, dir);
                    encode(
                        &mut self.scrolled,
                        (&moved, &new, self.wide),
                        moved.diff_iter(&new),
                    );
                    bytes.extend_from_slice(&self.scrolled);
                    let shorter = bytes.len() < best.as_ref().map_or(self.plain.len(), Vec::len);
                    if shorter {
                        best = Some(bytes);
                    }
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
                        b'X' => {
                            let n = args.first().copied().unwrap_or(1);
                            for c in s[y].iter_mut().skip(x).take(n) {
                                *c = ' ';
                            }
                        }
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

    #[test]
    fn a_run_of_blanks_goes_as_one_erase_and_the_screen_is_right() {
        let (w, h) = (60u16, 3u16);
        let wire = Wire::default();
        let mut a = Terminal::new(Scrolling::fixed(wire.clone(), Size::new(w, h))).expect("term");
        let long = "x".repeat(50);
        for text in [format!("ab{long}\nkeep"), "ab\nkeep".to_string()] {
            let p = Paragraph::new(text);
            a.draw(|f| f.render_widget(p, Rect::new(0, 0, w, h)))
                .expect("draw");
        }
        let bytes = wire.bytes();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("\x1b[50X"), "{text:?}");
        assert!(!text.contains(&" ".repeat(10)), "{text:?}");
        let screen = replay(&bytes, w as usize, h as usize);
        assert_eq!(screen[0].trim_end(), "ab");
        assert_eq!(screen[1].trim_end(), "keep");
    }

    #[test]
    fn no_erase_takes_half_of_a_wide_character() {
        let mut b = Buffer::empty(Rect::new(0, 0, 10, 1));
        b.set_string(1, 0, "中", ratatui::style::Style::new());
        // 中 covers columns 1 and 2.
        assert!(splits_wide(&b, (2, 6), 0), "starts on its right half");
        assert!(splits_wide(&b, (0, 2), 0), "ends on its left half");
        assert!(!splits_wide(&b, (1, 6), 0), "takes all of it");
        assert!(!splits_wide(&b, (3, 10), 0), "after it");
        assert!(!splits_wide(&b, (0, 1), 0), "before it");
    }
}
