//! The entry chosen in the case detail: Up/Down step through the lines an
//! amendment can start from (member dates, the regained date, search and
//! conduct records, votes), the pane scrolling to keep the chosen one in
//! view; past the last entry they scroll line by line, as PageUp/PageDown
//! always do. `C` there opens the amend form for that entry; until one is
//! chosen it does what it does elsewhere (the checklist's done entry, or
//! correcting an audit entry).

use super::app::App;
use super::command::Command;
use super::detail::DetailText;
use crate::domain::model::{AmendTarget, RecordId};
use ratatui::text::Line;

/// A recorded entry of the case an amendment can correct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub target: AmendTarget,
    /// The record's id (None: the member's own values).
    pub record: Option<RecordId>,
}

/// Where the detail pane's entry cursor is, and what the last frame
/// showed (for the keys).
#[derive(Debug, Default)]
pub struct DetailCursor {
    /// None until Up/Down choose an entry.
    index: Option<usize>,
    /// Scroll to the chosen entry at the next frame.
    follow: bool,
    /// First screen row of each entry, at the last frame's width.
    rows: Vec<u16>,
    entries: Vec<Entry>,
    height: u16,
    top: u16,
}

impl DetailCursor {
    pub fn reset(&mut self) {
        *self = DetailCursor::default();
    }

    /// The chosen entry, when the last frame showed it.
    pub fn chosen(&self) -> Option<Entry> {
        let i = self.index?;
        let row = *self.rows.get(i)?;
        self.visible(row)
            .then(|| self.entries.get(i).copied())
            .flatten()
    }

    fn visible(&self, row: u16) -> bool {
        row >= self.top && row < self.top.saturating_add(self.height)
    }
}

/// Rows a line takes when wrapped at `width` (an estimate: words moved
/// whole to the next row can add one).
fn rows_of(line: &Line, width: u16) -> u16 {
    let w = line.width().max(1);
    w.div_ceil(usize::from(width.max(1)))
        .min(usize::from(u16::MAX)) as u16
}

impl App {
    /// Keys in the detail pane.
    pub(super) fn detail_nav(&mut self, cmd: Command) {
        let c = &mut self.detail;
        let s = &mut self.detail_scroll;
        let n = c.rows.len();
        let rows = &c.rows;
        let row = |i: usize| rows.get(i).copied().unwrap_or(0);
        let bottom = c.top.saturating_add(c.height);
        let first_shown = (0..n).find(|i| c.visible(row(*i)));
        let last_shown = (0..n).rev().find(|i| c.visible(row(*i)));
        let step = match (cmd, c.index) {
            // None chosen yet, or the chosen one out of view: the nearest
            // one in view (none: a line on).
            (Command::Down, None) => first_shown,
            (Command::Up, None) => last_shown,
            (Command::Down, Some(i)) if row(i) < c.top => first_shown,
            (Command::Down, Some(i)) if row(i) >= bottom => None,
            (Command::Down, Some(i)) if i + 1 < n => Some(i + 1),
            (Command::Up, Some(i)) if row(i) >= bottom => last_shown,
            (Command::Up, Some(i)) if row(i) < c.top => None,
            (Command::Up, Some(i)) if i > 0 => Some(i - 1),
            _ => None,
        };
        if let Some(i) = step {
            c.index = Some(i);
            c.follow = true;
            return;
        }
        match cmd {
            Command::Down => *s = c.top.saturating_add(1),
            Command::Up => *s = c.top.saturating_sub(1),
            Command::PageDown => *s = c.top.saturating_add(10),
            Command::PageUp => *s = c.top.saturating_sub(10),
            Command::Top => {
                *s = 0;
                c.index = c.index.map(|_| 0);
            }
            Command::Bottom => {
                *s = u16::MAX / 2;
                c.index = c.index.map(|_| n.saturating_sub(1));
            }
            _ => {}
        }
    }

    /// Lay out the detail text for an inner area of `width` x `height`:
    /// the chosen entry styled, and the scroll that keeps it in view.
    pub(super) fn place_detail(&mut self, text: &mut DetailText, width: u16, height: u16) -> u16 {
        let mut starts = Vec::with_capacity(text.lines.len());
        let mut total: u16 = 0;
        for l in &text.lines {
            starts.push(total);
            total = total.saturating_add(rows_of(l, width));
        }
        let c = &mut self.detail;
        c.entries = text.entries.iter().map(|(_, e)| *e).collect();
        c.rows = text
            .entries
            .iter()
            .map(|(i, _)| starts.get(*i).copied().unwrap_or(0))
            .collect();
        c.index = c.index.map(|i| i.min(c.rows.len().saturating_sub(1)));
        c.height = height;
        let max = total.saturating_sub(height);
        let mut top = self.detail_scroll.min(max);
        if c.follow
            && let Some(&row) = c.index.and_then(|i| c.rows.get(i))
        {
            // Keep a row below it: the estimate may be one row short.
            if row < top {
                top = row;
            } else if row.saturating_add(2) > top.saturating_add(height) {
                top = (row + 2).saturating_sub(height).min(max.max(row));
            }
        }
        c.follow = false;
        c.top = top;
        self.detail_scroll = top;
        if let Some((i, _)) = c.index.and_then(|i| text.entries.get(i))
            && let Some(line) = text.lines.get_mut(*i)
        {
            let focused = self.focus == super::layout::Pane::Detail;
            line.style = line.style.patch(self.theme.selected_in(focused));
        }
        top
    }
}
