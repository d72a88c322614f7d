//! Where the panes go: all four from 120x30, the roster plus one other
//! below that, a plain message under the minimum size.

use ratatui::layout::{Constraint, Layout, Rect};

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
pub const FULL_WIDTH: u16 = 120;
pub const FULL_HEIGHT: u16 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Roster,
    Detail,
    Alerts,
    Checklist,
    /// The organisation tree; in the full layout it shares the
    /// checklist's corner (the one last focused shows).
    Tree,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Roster,
        Pane::Detail,
        Pane::Alerts,
        Pane::Checklist,
        Pane::Tree,
    ];

    pub fn next(self, forward: bool) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0);
        let n = Pane::ALL.len();
        Pane::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// The screen split: body panes (with their areas) and the footer line.
pub struct Screen {
    pub panes: Vec<(Pane, Rect)>,
    pub footer: Rect,
    pub compact: bool,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// `secondary` is the non-roster pane shown in the compact layout;
/// `corner` is the checklist or the tree, for the full layout's corner.
pub fn split(area: Rect, secondary: Pane, corner: Pane) -> Screen {
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    if area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
        let [roster, detail] =
            Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)]).areas(top);
        let [alerts, check] =
            Layout::horizontal([Constraint::Percentage(56), Constraint::Percentage(44)])
                .areas(bottom);
        let panes = vec![
            (Pane::Roster, roster),
            (Pane::Detail, detail),
            (Pane::Alerts, alerts),
            (corner, check),
        ];
        return Screen {
            panes,
            footer,
            compact: false,
        };
    }
    let [roster, other] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    Screen {
        panes: vec![(Pane::Roster, roster), (secondary, other)],
        footer,
        compact: true,
    }
}

/// A box of at most `w` x `h`, centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
