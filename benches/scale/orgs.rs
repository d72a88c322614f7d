//! The organisation tree and the statistics view (issue 14) through the
//! real `App` at 200x50: opening the statistics (key S, read from the kept
//! counters, and draw), the tree drawn with its counts not yet read (after
//! a reload), moving in the tree, and choosing a committee (it opens, the
//! roster and the alerts are scoped to it).

use crate::stats::{Stats, row};
use anyhow::Result;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shilian::ui::App;
use std::time::Instant;

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn timed(ms: &mut Vec<f64>, f: impl FnOnce() -> Result<()>) -> Result<()> {
    let t = Instant::now();
    f()?;
    ms.push(t.elapsed().as_secs_f64() * 1e3);
    Ok(())
}

pub fn run(app: &mut App, runs: usize) -> Result<()> {
    let mut term = Terminal::new(TestBackend::new(super::ui::W, super::ui::H))?;
    term.draw(|f| app.render(f))?;
    let mut ms = vec![];
    for i in 0..=runs.max(1) {
        let mut one = vec![];
        timed(&mut one, || {
            app.handle_event(key(KeyCode::Char('S')));
            term.draw(|f| app.render(f))?;
            Ok(())
        })?;
        app.handle_event(key(KeyCode::Esc));
        if i > 0 {
            ms.extend(one);
        }
    }
    row(
        "open the statistics view (S) + draw",
        Stats::of(ms),
        "20 ms",
    );
    // Focus the tree (roster -> detail -> alerts -> checklist -> tree).
    for _ in 0..4 {
        app.handle_event(key(KeyCode::Tab));
    }
    let mut ms = vec![];
    for i in 0..=runs.max(1) {
        app.handle_event(key(KeyCode::F(5)));
        let mut one = vec![];
        timed(&mut one, || {
            term.draw(|f| app.render(f))?;
            Ok(())
        })?;
        if i > 0 {
            ms.extend(one);
        }
    }
    row(
        "tree pane drawn, its counts not yet read (after F5)",
        Stats::of(ms),
        "20 ms",
    );
    let mut ms = vec![];
    for i in 0..=runs.max(1) {
        let k = if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        timed(&mut ms, || {
            app.handle_event(key(k));
            term.draw(|f| app.render(f))?;
            Ok(())
        })?;
    }
    ms.remove(0);
    row("tree: move one row (key + draw)", Stats::of(ms), "20 ms");
    // Enter on the first committee opens it and scopes the panes; Enter
    // again closes it (and scopes them to it again).
    app.handle_event(key(KeyCode::Home));
    app.handle_event(key(KeyCode::Down));
    let mut ms = vec![];
    for i in 0..=runs.max(1) {
        timed(&mut ms, || {
            app.handle_event(key(KeyCode::Enter));
            term.draw(|f| app.render(f))?;
            Ok(())
        })?;
        if i == 0 {
            ms.clear();
        }
    }
    row(
        "tree: Enter on a committee (open/close, scope roster + alerts) + draw",
        Stats::of(ms),
        "20 ms",
    );
    Ok(())
}
