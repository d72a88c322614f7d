//! The detail pane follows the roster selection once the keys settle: a
//! held arrow key moves the selection (the roster repaints two rows) while
//! the detail pane keeps the case it shows; the case loads when the keys
//! rest (`idle` after `SETTLE`, or `settle`), and before any other command,
//! so an action never applies to a case other than the selected one.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use shilian::ui::ThemeChoice;

#[test]
fn moving_the_selection_defers_the_detail_until_the_keys_settle() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    draw(&mut t, &mut app);
    let first = app.current_case().expect("a case is shown");
    assert_eq!(app.idle_in(), None, "nothing pending at start");
    app.handle_event(ch('j'));
    app.handle_event(ch('j'));
    assert_eq!(app.current_case(), Some(first), "detail not reloaded yet");
    assert!(app.idle_in().is_some());
    assert!(!app.idle(), "keys came less than SETTLE ago");
    std::thread::sleep(shilian::ui::SETTLE + std::time::Duration::from_millis(20));
    assert!(app.idle(), "the selection rested: the detail follows");
    let third = app.current_case().expect("case");
    assert_ne!(third, first);
    assert_eq!(app.idle_in(), None);
    assert!(!app.idle() && !app.settle(), "nothing left to do");
    // Moving back up to the first row and settling shows the first case.
    app.handle_event(ch('k'));
    app.handle_event(ch('k'));
    assert!(app.settle());
    assert_eq!(app.current_case(), Some(first));
    // Back and forth to the shown case leaves nothing pending.
    app.handle_event(ch('j'));
    app.handle_event(ch('k'));
    assert_eq!(app.idle_in(), None);
}

#[test]
fn any_other_command_first_shows_the_selected_case() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    draw(&mut t, &mut app);
    let first = app.current_case().expect("a case is shown");
    app.handle_event(ch('j'));
    assert_eq!(app.current_case(), Some(first));
    // Tab to the detail pane: the case selected in the roster is shown.
    app.handle_event(key(KeyCode::Tab));
    let second = app.current_case().expect("case");
    assert_ne!(second, first);
    assert_eq!(app.idle_in(), None);
    let s = screen(&draw(&mut t, &mut app));
    let name = app.workspace().case(second).expect("case").member.name;
    assert!(s.contains(&name), "{s}");
}
