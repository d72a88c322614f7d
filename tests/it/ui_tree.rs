//! The organisation tree pane (issue 14): committees and branches with
//! their counts, at 80x24 and 160x48, in colour and mono; choosing a node
//! scopes the roster and the alerts; a branch that no longer exists is marked.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use ratatui::style::Modifier;
use shilian::domain::action::Action;
use shilian::domain::model::{Membership, Status};
use shilian::ui::ThemeChoice;

/// The fixture plus one case of a branch that no longer exists.
fn with_gone_branch() -> Fixture {
    let mut f = fixture();
    let mut m = member("孙立", 40, "旧厂党支部", Membership::Full);
    m.branch_exists = false;
    let ws = f.ws.as_mut().expect("workspace");
    ws.run(
        &Action::CreateCase {
            member: m,
            status: Status::Lost,
        },
        d(TODAY),
    )
    .expect("create");
    f
}

fn to_tree(app: &mut shilian::ui::App) {
    for _ in 0..4 {
        app.handle_event(key(KeyCode::Tab));
    }
}

#[test]
fn the_tree_at_80x24_counts_each_node_and_scopes_the_roster() {
    for theme in [ThemeChoice::Color, ThemeChoice::Mono] {
        let mut f = with_gone_branch();
        let mut app = app(&mut f, theme);
        let mut t = terminal(80, 24);
        to_tree(&mut app);
        let b = draw(&mut t, &mut app);
        let s = screen(&b);
        assert!(s.contains("党组织机构树 全部"), "{s}");
        assert!(s.contains("全部 9人 失联8 逾期"), "{s}");
        assert!(s.contains("[+] 思明区某街道党工委"), "{s}");
        // The root is selected, reversed (the tree has focus).
        assert!(text_has_modifier(&b, "全部 9人", Modifier::REVERSED), "{s}");
        // Open the committee: its branches, the gone one marked.
        app.handle_event(key(KeyCode::Down));
        app.handle_event(key(KeyCode::Enter));
        let s = screen(&draw(&mut t, &mut app));
        assert!(s.contains("[-] 思明区某街道党工委"), "{s}");
        assert!(s.contains("城东社区党支部 失联6"), "{s}");
        assert!(s.contains("旧厂党支部 已撤销 党委接管1人"), "{s}");
        assert!(s.contains("党组织机构树 思明区某街道党工委"), "{s}");
        // Choose 城东社区党支部: the roster shows its 6 cases only.
        let down = |app: &mut shilian::ui::App, n: usize| {
            for _ in 0..n {
                app.handle_event(key(KeyCode::Down));
            }
        };
        let rows_now = rows(&draw(&mut t, &mut app));
        let at = rows_now
            .iter()
            .position(|r| r.contains("城东社区党支部 失联"))
            .expect("branch row");
        let sel = rows_now
            .iter()
            .position(|r| r.contains("[-] 思明区某街道党工委"))
            .expect("committee row");
        down(&mut app, at - sel);
        app.handle_event(key(KeyCode::Enter));
        let s = screen(&draw(&mut t, &mut app));
        assert!(s.contains("失联党员名册 6人"), "{s}");
        assert!(s.contains("[城东社区党支部]"), "{s}");
        assert!(!s.contains("李明华"), "{s}");
    }
}

#[test]
fn the_tree_shares_the_corner_at_160x48_and_scopes_the_alerts() {
    let mut f = with_gone_branch();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("程序清单") && !s.contains("党组织机构树"), "{s}");
    let before = s
        .lines()
        .find(|l| l.contains("期限提醒"))
        .map(str::to_string);
    to_tree(&mut app);
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("党组织机构树") && !s.contains("程序清单"), "{s}");
    app.handle_event(key(KeyCode::Down));
    app.handle_event(key(KeyCode::Enter));
    for _ in 0..3 {
        app.handle_event(key(KeyCode::Down));
    }
    // Walk to 第一党支部 (李明华 only): the alerts follow the scope.
    for _ in 0..6 {
        let b = draw(&mut t, &mut app);
        if text_has_modifier(&b, "第一党支部 失联", Modifier::REVERSED) {
            break;
        }
        app.handle_event(key(KeyCode::Up));
    }
    app.handle_event(key(KeyCode::Enter));
    let s = screen(&draw(&mut t, &mut app));
    let alerts = s
        .lines()
        .find(|l| l.contains("期限提醒"))
        .map(str::to_string);
    assert_ne!(alerts, before, "{s}");
    assert!(s.contains("失联党员名册 1人"), "{s}");
    let alert_rows: Vec<&str> = s.lines().filter(|l| l.contains("查找待更新")).collect();
    assert!(alert_rows.iter().all(|l| l.contains("李明华")), "{s}");
}
