//! Nothing tears over wide characters: a popup opened, moved through and
//! closed over a roster full of Chinese, at 80x24 and 160x48 and at widths
//! that put the popup's edges on odd columns. After every frame the screen
//! the backend was sent (`TestBackend` keeps exactly what was written)
//! shows what the frame holds, cell for cell; the frame itself never has a
//! glyph in the second column of a wide character (a popup edge over half
//! of one). The stray "0 3" once seen inside a form at 160x48 were the
//! roster's dates, left in second columns the diff never rewrote.

use crate::support::ui::*;
use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::CellWidth;
use shilian::ui::{App, ThemeChoice};

/// Draw one frame and compare it with what the backend holds; returns
/// the problems found (empty when the screen is whole).
fn frame_problems(t: &mut Terminal<TestBackend>, app: &mut App) -> Vec<String> {
    let frame = t.draw(|f| app.render(f)).expect("draw").buffer.clone();
    let shown = t.backend().buffer();
    let a = frame.area;
    let mut out = Vec::new();
    for y in a.top()..a.bottom() {
        let mut x = a.left();
        while x < a.right() {
            let cell = &frame[(x, y)];
            if shown[(x, y)].symbol() != cell.symbol() {
                out.push(format!(
                    "({x},{y}) shows {:?}, the frame has {:?}",
                    shown[(x, y)].symbol(),
                    cell.symbol()
                ));
            }
            let w = cell.cell_width().max(1);
            for k in 1..w {
                if x + k < a.right() && frame[(x + k, y)].symbol() != " " {
                    out.push(format!(
                        "({},{y}) {:?} under the second half of {:?}",
                        x + k,
                        frame[(x + k, y)].symbol(),
                        cell.symbol()
                    ));
                }
            }
            x += w;
        }
    }
    out
}

/// Keys that open, fill, move and close popups over the roster and the
/// detail, each followed by a frame.
fn script() -> Vec<(&'static str, Vec<Event>)> {
    vec![
        ("start", vec![]),
        ("all cases", vec![ch('x')]),
        ("down the roster", vec![ch('j'), ch('j'), ch('j')]),
        ("search form", vec![ch('n')]),
        ("typing", vec![key(KeyCode::Tab), key(KeyCode::Tab)]),
        ("form closed", vec![key(KeyCode::Esc)]),
        ("filter", {
            let mut v = vec![ch('/')];
            v.extend("欧阳".chars().map(ch));
            v.push(key(KeyCode::Enter));
            v
        }),
        ("regain form", vec![ch('r')]),
        ("closed again", vec![key(KeyCode::Esc)]),
        ("back to all", vec![ch('x'), ch('G')]),
        ("help", vec![ch('?')]),
        ("help closed", vec![key(KeyCode::Esc), ch('g')]),
        ("conduct form", vec![ch('d')]),
        ("closed last", vec![key(KeyCode::Esc)]),
    ]
}

fn run_at(w: u16, h: u16) -> Vec<String> {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(w, h);
    let mut problems = Vec::new();
    for (step, keys) in script() {
        for k in keys {
            app.handle_event(k);
        }
        for p in frame_problems(&mut t, &mut app) {
            problems.push(format!("{w}x{h} {step}: {p}"));
        }
    }
    problems
}

#[test]
fn popups_over_chinese_leave_no_stray_glyphs() {
    let mut problems = Vec::new();
    // 83 and 163 put the popup's edges on odd columns.
    for (w, h) in [(80, 24), (83, 24), (160, 48), (163, 48)] {
        problems.extend(run_at(w, h));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
