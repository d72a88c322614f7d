//! Wide characters leave no ink behind.
//!
//! A wide (CJK) character paints two columns, but ratatui's buffer keeps
//! it in the first cell and a blank in the second. When the character
//! goes (a popup's `Clear`, a row that scrolled), ratatui 0.30's diff
//! writes the first cell and skips the second whenever that blank was
//! blank before too, unless the old character had a visible background
//! or modifier (`ratatui-core` `buffer/diff.rs`; ratatui issue #2738).
//! A terminal that does not erase a whole wide character when half of it
//! is overwritten, and `TestBackend` (which never models the second
//! column), then keep whatever was there: the stray "0 3" seen inside a
//! form over the roster's dates. So each frame remembers the second
//! columns of its wide characters, and the next frame has those cells
//! written again (`CellDiffOption::AlwaysUpdate`) where nothing covers
//! them now.

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::layout::Rect;

/// The second columns of the last frame's wide characters.
#[derive(Debug, Default)]
pub struct Trail {
    area: Rect,
    cells: Vec<(u16, u16)>,
}

impl Trail {
    /// Call once a frame, after everything is drawn into `buf`.
    pub fn mend(&mut self, buf: &mut Buffer) {
        if buf.area == self.area {
            for &(x, y) in &self.cells {
                // A cell covered by a wide character now is not written (the
                // backend would misplace it; ratatui issue #2651).
                let covered = x > buf.area.x && cell_width(buf, x - 1, y) > 1;
                if !covered && let Some(c) = buf.cell_mut((x, y)) {
                    c.set_diff_option(CellDiffOption::AlwaysUpdate);
                }
            }
        }
        self.area = buf.area;
        self.cells.clear();
        let a = buf.area;
        for y in a.top()..a.bottom() {
            let mut x = a.left();
            while x < a.right() {
                let w = cell_width(buf, x, y).max(1);
                for k in 1..w {
                    if x + k < a.right() {
                        self.cells.push((x + k, y));
                    }
                }
                x = x.saturating_add(w);
            }
        }
    }
}

fn cell_width(buf: &Buffer, x: u16, y: u16) -> u16 {
    buf.cell((x, y)).map_or(1, CellWidth::cell_width)
}
