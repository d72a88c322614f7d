//! Scripted key runs through the real app on a TestBackend: filter, open a
//! case, add a search record, see it in detail and history, complete a
//! checklist item, watch the alert it clears disappear. Also refusals kept
//! in the form, bad dates, Esc, drafts and quitting.

use crate::support::ui::*;
use crossterm::event::{Event, KeyCode};
use shilian::ui::{Host, ThemeChoice};
use std::time::Duration;

fn filter(app: &mut shilian::ui::App, text: &str) {
    app.handle_event(ch('x'));
    app.handle_event(ch('/'));
    typ(app, text);
    app.handle_event(key(KeyCode::Enter));
}

/// Everything the detail pane shows, scrolling from top to bottom (detail
/// focused; PageDown, since Down steps through the entries there).
fn detail_all(
    app: &mut shilian::ui::App,
    t: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
) -> String {
    app.handle_event(ch('g'));
    let mut seen = screen(&draw(t, app));
    for _ in 0..12 {
        app.handle_event(key(KeyCode::PageDown));
        seen.push_str(&screen(&draw(t, app)));
    }
    seen
}

#[test]
fn filter_search_record_complete_item_clears_alert() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    let s = screen(&draw(&mut t, &mut app));
    // The alerts pane is in columns: name, then the deadline kind.
    assert!(
        s.lines()
            .any(|l| l.contains("李明华") && l.contains("查找待更新")),
        "{s}"
    );

    // Filter to 李明华, open it, add a search record.
    filter(&mut app, "李明");
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(ch('n'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("新增查找记录 - 李明华"), "{s}");
    assert!(s.contains(">日期") && s.contains(TODAY), "{s}");
    app.handle_event(key(KeyCode::Tab)); // channel
    app.handle_event(key(KeyCode::Right)); // former employer
    app.handle_event(key(KeyCode::Tab)); // who
    typ(&mut app, "周书记");
    app.handle_event(key(KeyCode::Tab)); // result
    app.handle_event(key(KeyCode::Tab)); // note
    app.handle_event(Event::Paste("原单位称\r\n已离职".into()));
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已保存：查找记录"), "{s}");
    assert!(!s.contains("新增查找记录 - "), "form closed: {s}");
    assert!(
        !s.contains("李明华 查找待更新 家属亲友"),
        "old alert gone: {s}"
    );
    let all = detail_all(&mut app, &mut t);
    assert!(all.contains("查找记录 (2)"), "{all}");
    // Newest first, the pasted note's line break kept as a break.
    assert!(
        all.contains("2024-06-01 原工作单位 周书记 未找到 原单位称"),
        "{all}"
    );
    let new_at = all.find("2024-06-01 原工作单位").expect("new");
    let old_at = all.find("2024-01-20 家属亲友").expect("old");
    assert!(new_at < old_at, "newest first");
    assert!(all.contains("已覆盖查找渠道 2/"), "{all}");
    assert!(all.contains("操作历史 (3)"), "{all}");
    // Back to the roster (detail -> roster).
    app.handle_event(key(KeyCode::BackTab));

    // Now 欧阳建国: complete the first checklist item from the checklist pane.
    filter(&mut app, "欧阳");
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.lines()
            .any(|l| l.contains("欧阳建国") && l.contains("程序待办") && l.contains("谈话")),
        "{s}"
    );
    // roster -> tree -> checklist
    app.handle_event(key(KeyCode::BackTab));
    app.handle_event(key(KeyCode::BackTab));
    app.handle_event(key(KeyCode::Enter));
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("完成程序事项 - 欧阳建国 - 党支部进行谈话教育"),
        "{s}"
    );
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "陈干事");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已保存：完成程序事项"), "{s}");
    assert!(s.contains("[x] 党支部进行谈话教育"), "{s}");
    assert!(s.contains("程序清单 纳入正常管理 1/3"), "{s}");
    let alert = |l: &&str| l.contains("程序待办") && l.contains("欧阳建国");
    assert!(
        !s.lines().filter(alert).any(|l| l.contains("谈话教育")),
        "the alert it cleared is gone: {s}"
    );
    assert!(
        s.lines().filter(alert).any(|l| l.contains("支委会研究")),
        "next step now waits: {s}"
    );
}

#[test]
fn refusal_and_bad_date_shown_in_form_and_input_kept() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(120, 30);
    filter(&mut app, "李明");
    app.handle_event(ch('n'));
    // Bad date: clear the field and type nonsense.
    for _ in 0..10 {
        app.handle_event(key(KeyCode::Backspace));
    }
    typ(&mut app, "2024-13-40");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("“日期”日期“2024-13-40”无效"), "{s}");
    assert!(s.contains("2024-13-40"), "typed text kept: {s}");
    // Fix the date; leave "who" empty: the rules refuse, the form stays.
    for _ in 0..10 {
        app.handle_event(key(KeyCode::Backspace));
    }
    typ(&mut app, "2024-05-30");
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "备注保留");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("新增查找记录 - 李明华"), "form still open: {s}");
    assert!(s.contains("〔依据："), "refusal names its source: {s}");
    assert!(s.contains("备注保留"), "{s}");
    // Esc closes without a trace.
    app.handle_event(key(KeyCode::Esc));
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("新增查找记录 - "), "{s}");
    app.handle_event(key(KeyCode::Tab));
    let all = detail_all(&mut app, &mut t);
    assert!(all.contains("查找记录 (1)"), "nothing saved: {all}");
    assert!(all.contains("操作历史 (2)"), "no audit entry: {all}");
}

#[test]
fn choose_track_form_cycles_choices_and_shows_refusal() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    filter(&mut app, "李明");
    app.handle_event(ch('t'));
    app.handle_event(key(KeyCode::Right));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("选择处置程序 - 李明华"), "{s}");
    assert!(s.contains("< 限期改正 >"), "{s}");
    assert!(s.contains("例外说明"), "{s}");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("! ") && s.contains("〔依据："),
        "wrong-status refusal in place: {s}"
    );
}

#[test]
fn quit_asks_when_a_form_holds_text_and_draft_round_trips() {
    let mut f = fixture();
    let dir = f.dir.path().to_path_buf();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(120, 30);
    filter(&mut app, "李明");
    app.handle_event(ch('n'));
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "草稿人");
    // q types into the form; Ctrl-r? no: the quit binding only acts outside text.
    app.handle_event(ch('q'));
    assert!(!app.should_quit());
    // The draft slot holds the open form; write it as the signal path would.
    shilian::ui::save_draft_now();
    let draft = std::fs::read_to_string(dir.join("draft.json")).expect("draft written");
    assert!(draft.contains("草稿人q"), "{draft}");
    let _ = draw(&mut t, &mut app);

    // Next start offers it back.
    let ws = app.into_workspace();
    let mut app2 = shilian::ui::App::new(ws, options(&dir, ThemeChoice::Color)).expect("app");
    let s = screen(&draw(&mut t, &mut app2));
    // The question names the case and the form the draft belongs to.
    assert!(s.contains("恢复未保存的草稿吗"), "{s}");
    assert!(s.contains("李明华") && s.contains("新增查找记录"), "{s}");
    app2.handle_event(ch('y'));
    let s = screen(&draw(&mut t, &mut app2));
    assert!(s.contains("新增查找记录 - 李明华"), "{s}");
    assert!(s.contains("草稿人q"), "{s}");
    assert!(!dir.join("draft.json").exists(), "offered once");
    app2.handle_event(key(KeyCode::Esc));
    app2.handle_event(ch('q'));
    assert!(app2.should_quit());
}

/// A scripted host: the events, then stop.
struct Script(Vec<Event>);

impl Host<ratatui::backend::TestBackend> for Script {
    fn next_event(&mut self, _: Duration) -> anyhow::Result<Option<Event>> {
        Ok(if self.0.is_empty() {
            None
        } else {
            Some(self.0.remove(0))
        })
    }
    fn must_stop(&mut self) -> bool {
        self.0.is_empty()
    }
}

#[test]
fn run_loop_is_generic_over_the_backend() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(120, 30);
    let mut host = Script(vec![ch('?'), key(KeyCode::Esc), ch('q')]);
    let exit = shilian::ui::run_app(&mut t, &mut app, &mut host).expect("loop");
    assert_eq!(exit, shilian::ui::Exit::Quit);
    assert!(screen(t.backend().buffer()).contains("失联党员名册"));
}
