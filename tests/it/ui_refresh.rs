//! Several workers on one file, seen from the workstation (issue 4, item 1):
//! another connection's write shows up in the panes after the once-a-second
//! poll (`App::tick`), and a save refused because the case changed since the
//! form opened lists what changed and keeps the typed text for re-applying.

use crate::support::tmux;
use crate::support::ui::*;
use crossterm::event::KeyCode;
use shilian::app::Workspace;
use shilian::domain::action::Action;
use shilian::domain::model::{Abroad, Channel, Membership, SearchResult, Status};
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::ui::ThemeChoice;

/// A second worker: another connection on the same file.
fn other_worker(f: &Fixture) -> Workspace {
    let path = f.dir.path().join("shilian.db");
    Workspace::open(&path, Policy::embedded(), Procedures::embedded()).expect("second workspace")
}

fn search(case: i64, who: &str, note: &str) -> Action {
    Action::RecordSearch {
        case,
        date: d("2024-05-20"),
        channel: Channel::Community,
        who: who.into(),
        result: SearchResult::NoTrace,
        note: note.into(),
    }
}

fn open_case(app: &mut shilian::ui::App, name: &str) {
    app.handle_event(ch('/'));
    typ(app, name);
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(key(KeyCode::Enter));
}

/// The detail pane from top to bottom: each pane in turn gets the focus and
/// is scrolled through, so the detail pane is among them whatever had focus.
fn detail_all(
    app: &mut shilian::ui::App,
    t: &mut ratatui::Terminal<ratatui::backend::TestBackend>,
) -> String {
    let mut seen = String::new();
    // Every pane once (roster, detail, alerts, checklist, tree).
    for _ in 0..5 {
        app.handle_event(key(KeyCode::Tab));
        app.handle_event(ch('g'));
        for _ in 0..40 {
            app.handle_event(ch('j'));
            seen.push_str(&screen(&draw(t, app)));
        }
    }
    seen
}

#[test]
fn another_workers_writes_show_up_after_the_poll() {
    let mut f = fixture();
    let mut other = other_worker(&f);
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    assert!(!app.tick(), "nothing changed yet: no reload");
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("孙晓新"), "{s}");
    let before_count = s.contains("8人");

    // A new case and a search on the case open in the detail pane.
    other
        .run(
            &Action::CreateCase {
                member: member("孙晓新", 60, "第一党支部", Membership::Full),
                status: Status::Lost,
            },
            d(TODAY),
        )
        .expect("create");
    let shown = app.current_case().expect("a case is shown");
    other
        .run(&search(shown, "外部干事", "另一终端写入"), d(TODAY))
        .expect("search");
    // Nothing redraws by itself before the poll.
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("孙晓新"), "{s}");

    assert!(app.tick(), "the poll notices the other connection's commit");
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("孙晓新"), "the roster shows the new case: {s}");
    assert!(before_count && s.contains("9人"), "count updated: {s}");
    assert_eq!(app.current_case(), Some(shown), "selection kept");
    let all = detail_all(&mut app, &mut t);
    assert!(
        all.contains("外部干事") && all.contains("另一终端写入"),
        "the detail pane shows the other worker's search: {all}"
    );
    assert!(!app.tick(), "reloaded once; quiet again");
}

#[test]
fn a_stale_save_lists_what_changed_and_keeps_the_text() {
    let mut f = fixture();
    let lost = f.lost;
    let mut other = other_worker(&f);
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    open_case(&mut app, "李明");
    assert_eq!(app.current_case(), Some(lost));
    app.handle_event(ch('n'));
    app.handle_event(key(KeyCode::Tab)); // channel
    app.handle_event(key(KeyCode::Tab)); // who
    typ(&mut app, "周书记");
    app.handle_event(key(KeyCode::Tab)); // result
    app.handle_event(key(KeyCode::Tab)); // note
    typ(&mut app, "我的记录");

    // Meanwhile another worker records a search and updates the phone.
    other
        .run(&search(lost, "陈干事", "社区走访"), d(TODAY))
        .expect("search");
    other
        .run(
            &Action::UpdateContact {
                case: lost,
                phone: "13900000000".into(),
                address: String::new(),
                employer: String::new(),
                abroad: Abroad::No,
            },
            d(TODAY),
        )
        .expect("update contact");

    app.handle_event(ctrl('s'));
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    let user = shilian::app::os_user();
    assert!(s.contains("未保存：打开表单后，档案已被他人修改"), "{s}");
    assert!(s.contains("版本 2 → 4"), "{s}");
    let search_row = row_of(&b, "社区走访").expect("the search is listed");
    let contact_row = row_of(&b, "更新联系信息").expect("the update is listed");
    assert!(search_row < contact_row, "oldest first: {s}");
    assert!(
        s.contains(&format!("{user} 查找记录 (社区走访)")),
        "who and what: {s}"
    );
    assert!(rows(&b)[search_row].contains("#"), "names the entry: {s}");
    assert!(s.contains("再次保存"), "says how to go on: {s}");
    // The typed text is still in the form, and the panes show the change.
    assert!(s.contains("周书记") && s.contains("我的记录"), "{s}");

    // Saving again applies the text to the current version.
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已保存：查找记录"), "{s}");
    let all = detail_all(&mut app, &mut t);
    assert!(
        all.contains("我的记录") && all.contains("社区走访"),
        "{all}"
    );
    let case = other.case(lost).expect("case");
    assert_eq!(case.version, 5);
    assert_eq!(case.searches.len(), 3);
}

/// The real binary in tmux: the workstation shows a case that `shilian
/// exec` (another process) adds, within the poll interval. Skipped without
/// tmux unless CI is set.
#[test]
fn real_workstation_shows_another_process_write() {
    if !tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("e2e.db");
    let db_s = db.to_str().expect("utf-8 path").to_string();
    let create = |name: &str, seq: u32| {
        let a = Action::CreateCase {
            member: member(name, seq, "第一党支部", Membership::Full),
            status: Status::Lost,
        };
        let json = serde_json::to_string(&[a]).expect("json");
        cli(&db_s, &["exec", "-"], &json);
    };
    cli(&db_s, &["init"], "");
    create("李明华", 1);
    let args = ["--db", db_s.as_str(), "--today", TODAY];
    let tm = tmux::Session::start("refresh", 160, 45, &[("TERM", "xterm-256color")], &args);
    tm.wait_for("李明华");
    let start = std::time::Instant::now();
    create("孙晓新", 2);
    // No key is pressed: only the workstation's own poll can show it.
    let s = tm.wait_for("孙晓新");
    let took = start.elapsed();
    assert!(s.contains("2人"), "the count follows: {s}");
    eprintln!(
        "another process's write shown after {:.2} s",
        took.as_secs_f64()
    );
}

fn cli(db: &str, args: &[&str], stdin: &str) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shilian"))
        .args(["--db", db, "--today", TODAY])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("shilian runs");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.as_bytes()).expect("stdin");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn correcting_an_entry_from_the_workstation() {
    let mut f = fixture();
    let lost = f.lost;
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    open_case(&mut app, "李明");
    let history = app.workspace().history(lost).expect("history");
    let search = history
        .iter()
        .find(|e| e.action.contains("record_search"))
        .expect("the fixture's search")
        .seq;
    let version = app.workspace().case(lost).expect("case").version;

    // A seq that does not exist is refused in place, the text kept.
    app.handle_event(ch('C'));
    app.handle_event(key(KeyCode::Backspace));
    typ(&mut app, "99");
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "查找日期应为 1 月 21 日");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("更正记录 - 李明华"), "{s}");
    assert!(s.contains("审计日志中没有第 99 条记录"), "{s}");
    assert!(s.contains("查找日期应为"), "{s}");

    // The right seq is saved as a new entry naming the one it corrects.
    app.handle_event(key(KeyCode::BackTab));
    app.handle_event(key(KeyCode::Backspace));
    app.handle_event(key(KeyCode::Backspace));
    typ(&mut app, &search.to_string());
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已保存：更正记录"), "{s}");
    let all = detail_all(&mut app, &mut t);
    let shown = format!("更正记录: 更正第 {search} 条：查找日期");
    assert!(all.contains(&shown), "{all}");
    let last = app.workspace().history(lost).expect("history");
    let last = last.last().expect("entry");
    assert_eq!(last.corrects, Some(search));
    let case = app.workspace().case(lost).expect("case");
    assert_eq!(case.version, version, "the case itself is unchanged");
}
