//! Buffer tests of each pane on a real database, at 80x24 and 160x48, in
//! colour and mono, with Chinese content.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use shilian::ui::ThemeChoice;

#[test]
fn full_layout_shows_four_panes_with_counts() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    assert!(s.contains("失联党员名册 8人 第1页"), "{s}");
    assert!(s.contains("期限提醒 11项 逾期11"), "{s}");
    assert!(s.contains("档案详情"), "{s}");
    assert!(s.contains("程序清单"), "{s}");
    // A four-character Chinese name is shown whole, with the overdue glyph and text.
    let row = &rows(&b)[row_of(&b, "欧阳建国").expect("row")];
    assert!(row.contains("! 欧阳建国"), "{row}");
    assert!(row.contains("逾期61天 程序待办"), "{row}");
    // Alerts grouped, most urgent first, coded details translated.
    let alerts = rows(&b);
    let head = alerts
        .iter()
        .position(|r| r.contains("已逾期 (11)"))
        .expect("group");
    assert!(alerts[head + 1].contains("逾期336天"));
    // In columns: name, kind, translated detail on one row.
    assert!(
        s.lines()
            .any(|l| l.contains("李明华") && l.contains("查找待更新") && l.contains("家属亲友")),
        "{s}"
    );
    // Overdue text is drawn in the overdue colour (and bold) in the colour theme.
    let y = row_of(&b, "逾期61天").expect("row") as u16;
    let x = (0..160)
        .find(|x| b[(*x, y)].symbol() == "逾")
        .expect("cell");
    assert_ne!(b[(x, y)].fg, Color::Reset);
    assert!(b[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn compact_layout_at_80x24_in_mono_uses_reverse_and_no_colour() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(80, 24);
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    assert!(s.contains("失联党员名册 8人"), "{s}");
    assert!(s.contains("档案详情"), "{s}");
    assert!(!s.contains("期限提醒"), "only roster + one pane: {s}");
    assert!(s.contains("z 切换"), "switch key shown: {s}");
    // The selected (first) row is reversed; nothing carries colour.
    assert!(text_has_modifier(&b, "! 王芳", Modifier::REVERSED), "{s}");
    for c in b.content() {
        assert_eq!(
            (c.fg, c.bg),
            (Color::Reset, Color::Reset),
            "mono draws no colour"
        );
    }
    // Overdue is still told by glyph and text.
    assert!(s.contains("! 王芳"), "{s}");
    // Tab moves to the next pane, which replaces the detail pane.
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("期限提醒 11项"), "{s}");
    app.handle_event(ch('z'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("程序清单"), "{s}");
}

#[test]
fn below_minimum_size_a_message_then_resize_redraws() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(50, 12);
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("终端窗口太小"), "{s}");
    assert!(s.contains("50x12"), "{s}");
    t.backend_mut().resize(120, 30);
    assert!(app.handle_event(crossterm::event::Event::Resize(120, 30)));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("失联党员名册") && s.contains("程序清单"), "{s}");
}

#[test]
fn detail_and_checklist_of_a_tracked_case() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    // Type-ahead filter: only 欧阳建国 remains.
    app.handle_event(ch('/'));
    typ(&mut app, "欧阳");
    app.handle_event(key(KeyCode::Enter));
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    assert!(s.contains("失联党员名册 1人"), "{s}");
    assert!(s.contains("/欧阳"), "{s}");
    assert!(s.contains("程序清单 纳入正常管理 0/3"), "{s}");
    assert!(s.contains("第1步 谈话教育"), "{s}");
    assert!(s.contains("[ ] 党支部进行谈话教育"), "{s}");
    // A later step is blocked and says why.
    assert!(s.contains("[-] 支委会研究同意"), "{s}");
    // Scroll the detail pane through every section (PageDown: Down steps
    // through the entries there).
    app.handle_event(key(KeyCode::Tab));
    let mut seen = s.clone();
    for _ in 0..8 {
        app.handle_event(key(KeyCode::PageDown));
        seen.push_str(&screen(&draw(&mut t, &mut app)));
    }
    for section in [
        "查找记录 (1)",
        "已覆盖查找渠道 1/",
        "表现了解 (4)",
        "本人情况说明",
        "纳入正常管理 [进行中]",
        "申诉 (0)",
        "回头看检视 (0)",
        "操作历史 (9)",
        "2023-09-01 电话 陈干事 未找到",
    ] {
        assert!(seen.contains(section), "{section} missing: {seen}");
    }
}

#[test]
fn roster_quick_filters_and_sort_cycle() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(120, 30);
    app.handle_event(ch('m')); // full members
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("失联党员名册 5人") && s.contains("[正式党员]"),
        "{s}"
    );
    app.handle_event(ch('s')); // status: lost
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("失联党员名册 4人") && s.contains("[失联]"),
        "{s}"
    );
    app.handle_event(ch('o')); // sort by lost date
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("[按失联日期]"), "{s}");
    app.handle_event(ch('x'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("失联党员名册 8人"), "{s}");
}

#[test]
fn help_overlay_is_generated_from_the_keymap() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Basic16);
    let mut t = terminal(120, 40);
    app.handle_event(ch('?'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("快捷键"), "{s}");
    assert!(s.contains("?/F1") && s.contains("帮助（本页）"), "{s}");
    let mut seen = s.clone();
    for _ in 0..40 {
        app.handle_event(ch('j'));
        seen.push_str(&screen(&draw(&mut t, &mut app)));
    }
    assert!(seen.contains("新增查找记录"), "{seen}");
    assert!(seen.contains("Ctrl-s"), "{seen}");
    app.handle_event(key(KeyCode::Esc));
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("快捷键"), "{s}");
}

#[test]
fn ascii_borders_when_asked() {
    let mut f = fixture();
    let ws = f.ws.take().expect("ws");
    let mut opts = options(f.dir.path(), ThemeChoice::Mono);
    opts.ascii = true;
    let mut app = shilian::ui::App::new(ws, opts).expect("app");
    let mut t = terminal(120, 30);
    let b = draw(&mut t, &mut app);
    assert_eq!(b[(0, 0)].symbol(), "+");
    assert!(!screen(&b).contains('─'));
}

/// At 80x24 the help does not fit: End shows the last context's bindings,
/// scrolling stops there (one Up moves the view at once), Home goes back.
/// Each frame is drawn on a fresh 80x24 TestBackend: TestBackend keeps the
/// cell behind a wide character from an earlier frame (a real terminal
/// overwrites it), which would show stale text that no terminal shows.
#[test]
fn help_scrolls_to_its_end_on_a_small_terminal() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let fresh = |app: &mut shilian::ui::App| screen(&draw(&mut terminal(80, 24), app));
    app.handle_event(ch('?'));
    let top = fresh(&mut app);
    assert!(top.contains("?/F1"), "{top}");
    app.handle_event(key(KeyCode::End));
    let end = fresh(&mut app);
    assert!(!end.contains("?/F1"), "{end}");
    assert!(end.contains("Ctrl-s"), "the form bindings come last: {end}");
    for _ in 0..5 {
        app.handle_event(ch('j'));
    }
    assert_eq!(fresh(&mut app), end, "no scrolling past the end");
    app.handle_event(key(KeyCode::Up));
    assert_ne!(fresh(&mut app), end, "Up answers at once");
    app.handle_event(key(KeyCode::Home));
    assert_eq!(fresh(&mut app), top);
}

/// The alert pane reads a page at a time (`ALERT_PAGE` rows: a change of
/// scope at 1M cases reads 200 rows, not 2,000) and reads on as the
/// selection nears the last row read: End selects the last alert of a
/// file with several pages of them, Down walks past the first page, and
/// the title's overdue figure is the whole window's, not the page's.
#[test]
fn the_alert_pane_reads_on_past_its_first_page() {
    use shilian::app::Workspace;
    use shilian::domain::{policy::Policy, procedure::Procedures};
    use shilian::ui::{ALERT_PAGE, ALERT_WINDOW, App};
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("d.db");
    crate::support::e2e::cli(&db, &["demo", "--cases", "600"]);
    let today = d(crate::support::e2e::TODAY);
    let ws = Workspace::open(&db, Policy::embedded(), Procedures::embedded()).expect("open");
    let all = ws
        .store()
        .live_alerts(today, None, None, ALERT_WINDOW)
        .expect("alerts");
    assert!(all.len() > ALERT_PAGE + 30, "{} alerts", all.len());
    let last = all.last().expect("last");
    assert_ne!(
        last.name,
        all[ALERT_PAGE - 1].name,
        "the demo's data changed"
    );
    let overdue = all.iter().filter(|r| r.deadline.due < today).count();
    let mut opts = options(dir.path(), ThemeChoice::Color);
    opts.today = today;
    let mut app = App::new(ws, opts).expect("app");
    let mut t = terminal(160, 48);
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains(&format!("逾期{overdue}")), "{overdue}: {s}");
    // Roster -> detail -> alerts.
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::End));
    let b = draw(&mut t, &mut app);
    assert!(
        text_has_modifier(&b, &last.name, Modifier::REVERSED),
        "End selects {}: {}",
        last.name,
        screen(&b)
    );
    // Home, then Down past the first page: row ALERT_PAGE + 5 is selected.
    app.handle_event(key(KeyCode::Home));
    for _ in 0..ALERT_PAGE + 5 {
        app.handle_event(key(KeyCode::Down));
    }
    let b = draw(&mut t, &mut app);
    let want = &all[ALERT_PAGE + 5].name;
    assert!(
        text_has_modifier(&b, want, Modifier::REVERSED),
        "row {} is {want}: {}",
        ALERT_PAGE + 5,
        screen(&b)
    );
}
