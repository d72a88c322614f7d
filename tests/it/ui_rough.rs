//! The workstation's rough edges found in tmux (issue 14): End goes to the
//! end of the whole list, Ctrl-C quits, Ctrl-U in every field, the footer
//! follows focus, only the focused pane's selection is reversed.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use ratatui::style::Modifier;
use shilian::store::RosterQuery;
use shilian::ui::ThemeChoice;

/// Names in the roster's default order, from the store.
fn all_names(f: &Fixture) -> Vec<String> {
    let ws = f.ws.as_ref().expect("workspace");
    let q = RosterQuery {
        limit: 100,
        ..RosterQuery::default()
    };
    ws.roster(&q)
        .expect("roster")
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[test]
fn end_goes_to_the_last_row_of_the_whole_list_and_back_up() {
    let mut f = fixture();
    let names = all_names(&f);
    let mut app = app(&mut f, ThemeChoice::Mono);
    // 60x16: the roster shows 4 rows of the 8 cases.
    let mut t = terminal(60, 16);
    let b = draw(&mut t, &mut app);
    let last = names.last().expect("cases");
    assert!(!screen(&b).contains(last.as_str()), "{}", screen(&b));
    app.handle_event(key(KeyCode::End));
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    assert!(s.contains("倒数第1页"), "{s}");
    assert!(s.contains(last.as_str()), "{s}");
    assert!(
        text_has_modifier(&b, last, Modifier::REVERSED),
        "the last row is selected: {s}"
    );
    // PageUp walks back to the first page, Down from there pages forward.
    app.handle_event(key(KeyCode::PageUp));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains(names[0].as_str()), "{s}");
    assert!(s.contains("第1页"), "{s}");
    app.handle_event(ch('G'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains(last.as_str()) && s.contains("倒数第1页"), "{s}");
    app.handle_event(ch('g'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains(names[0].as_str()) && s.contains(" 第1页"), "{s}");
}

#[test]
fn ctrl_c_quits_and_asks_first_when_a_form_holds_text() {
    let mut f = fixture();
    let mut plain = app(&mut f, ThemeChoice::Color);
    plain.handle_event(ctrl('c'));
    assert!(plain.should_quit(), "Ctrl-C quits like q");

    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(80, 24);
    app.handle_event(ch('n'));
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "草稿");
    app.handle_event(ctrl('c'));
    assert!(!app.should_quit());
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("仍要退出吗"), "{s}");
    app.handle_event(ctrl('c'));
    assert!(app.should_quit(), "a second Ctrl-C at the question quits");
}

#[test]
fn ctrl_u_deletes_to_the_line_start_in_the_filter_and_in_forms() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    app.handle_event(ch('/'));
    typ(&mut app, "李明");
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("失联党员名册 1人"), "{s}");
    // The footer shows the filter's keys, not the roster's.
    assert!(s.contains("Esc 清除筛选"), "{s}");
    app.handle_event(ctrl('u'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("失联党员名册 8人"), "{s}");
    app.handle_event(key(KeyCode::Enter));

    app.handle_event(ch('n'));
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "王干事");
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("王干事"), "{s}");
    app.handle_event(ctrl('u'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("王干事"), "{s}");
}

#[test]
fn the_footer_shows_the_open_forms_keys() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(80, 24);
    let b = draw(&mut t, &mut app);
    let footer = rows(&b).pop().expect("footer");
    assert!(footer.contains("/ 筛选"), "{footer}");
    app.handle_event(ch('n'));
    let b = draw(&mut t, &mut app);
    let footer = rows(&b).pop().expect("footer");
    assert!(footer.contains("Ctrl-s 保存"), "{footer}");
    assert!(footer.contains("Esc 放弃"), "{footer}");
    assert!(!footer.contains("筛选"), "{footer}");
}

#[test]
fn only_the_focused_pane_reverses_its_selection() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(160, 48);
    let b = draw(&mut t, &mut app);
    let reversed = |b: &ratatui::buffer::Buffer, y: u16, m: Modifier| {
        (1..40).any(|x| b[(x, y)].modifier.contains(m))
    };
    // The roster has focus: its selected row (the first) is reversed.
    let first = row_of(&b, "姓名").expect("header") as u16 + 1;
    assert!(reversed(&b, first, Modifier::REVERSED), "{}", screen(&b));
    // Focus the alerts pane: the roster's selection is only underlined.
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    let b = draw(&mut t, &mut app);
    assert!(!reversed(&b, first, Modifier::REVERSED), "{}", screen(&b));
    assert!(reversed(&b, first, Modifier::UNDERLINED), "{}", screen(&b));
}
