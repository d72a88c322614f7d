//! The statistics view (issue 14): bar charts of the unit in scope, every
//! bar with its number, at 80x24 and 160x48, in colour and mono, with the
//! same counts as the roster's.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use shilian::store::{RosterQuery, StatusFilter};
use shilian::ui::ThemeChoice;

/// The number drawn after a bar's label (the section cell of a row that
/// starts with it; sections may stand side by side).
fn bar_value(b: &Buffer, label: &str) -> Option<u64> {
    let rows = rows(b);
    let cell = rows
        .iter()
        .flat_map(|r| r.split(['│', '|']))
        .map(|c| c.trim_start())
        .find(|c| c.starts_with(&format!("{label} ")))?;
    let after = cell.strip_prefix(label)?.trim_start();
    after
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

fn colourless(b: &Buffer) -> bool {
    b.content
        .iter()
        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
}

#[test]
fn statistics_at_80x24_and_160x48_in_colour_and_mono() {
    for theme in [ThemeChoice::Color, ThemeChoice::Mono] {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut f = fixture();
            let mut app = app(&mut f, theme);
            let mut t = terminal(w, h);
            app.handle_event(ch('S'));
            let b = draw(&mut t, &mut app);
            let s = screen(&b);
            assert!(s.contains("统计 全部"), "{s}");
            assert!(s.contains("共8人  失联7"), "{s}");
            assert!(
                s.contains("按状态（人）") && s.contains("按重点领域（人）"),
                "{s}"
            );
            // Every bar carries its number, zero included.
            assert_eq!(bar_value(&b, "失联"), Some(7), "{s}");
            assert_eq!(bar_value(&b, "已联系"), Some(1), "{s}");
            assert_eq!(bar_value(&b, "除名"), Some(0), "{s}");
            assert_eq!(bar_value(&b, "非公有制企业"), Some(8), "{s}");
            assert!(s.contains('█'), "bars drawn: {s}");
            assert_eq!(colourless(&b), theme == ThemeChoice::Mono, "{s}");
            // The footer shows the view's keys.
            assert!(
                rows(&b).last().is_some_and(|r| r.contains("其他键返回")),
                "{s}"
            );
            if w == 160 {
                // Everything at once: months and weeks beside the counts.
                assert!(s.contains("按月") && s.contains("今后12周"), "{s}");
                let month = rows(&b)
                    .into_iter()
                    .find(|r| r.contains("2024-01 新增"))
                    .expect("the month row");
                assert!(month.contains("恢复1"), "{month}");
            } else {
                assert!(!s.contains("今后12周"), "{s}");
                app.handle_event(key(KeyCode::Down));
                app.handle_event(key(KeyCode::Down));
                let s = screen(&draw(&mut t, &mut app));
                assert!(s.contains("按月") && s.contains("2024-06 新增"), "{s}");
            }
            // Any other key returns to the panes.
            app.handle_event(key(KeyCode::Esc));
            let s = screen(&draw(&mut t, &mut app));
            assert!(s.contains("失联党员名册"), "{s}");
        }
    }
}

#[test]
fn statistics_follow_the_tree_and_match_the_roster_counts() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(80, 24);
    // Tree: open the committee, choose 城东社区党支部 (its first branch by name).
    for _ in 0..4 {
        app.handle_event(key(KeyCode::Tab));
    }
    app.handle_event(key(KeyCode::Down));
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(key(KeyCode::Down));
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(ch('S'));
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    assert!(
        s.contains("统计 思明区某街道党工委 / 城东社区党支部"),
        "{s}"
    );
    let ws = app.workspace();
    let today = d(TODAY);
    let cutoff = shilian::domain::lost::lost_cutoff(today, ws.policy());
    let q = RosterQuery {
        branch: Some("城东社区党支部".into()),
        status: Some(StatusFilter::Lost { cutoff }),
        ..RosterQuery::default()
    };
    let lost = ws.roster_count(&q).expect("count");
    assert_eq!(lost, 6);
    assert_eq!(bar_value(&b, "失联"), Some(lost), "{s}");
    assert!(s.contains("共6人"), "{s}");
}

#[test]
fn help_and_footer_list_the_statistics_key() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    let b = draw(&mut t, &mut app);
    assert!(
        rows(&b).last().is_some_and(|r| r.contains("S 统计")),
        "{}",
        screen(&b)
    );
    app.handle_event(ch('?'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("统计：按状态"), "{s}");
}
