//! Batch work (issue 14): rows marked with Space, a range or the whole
//! filter; one form applies to all of them after a confirmation with the
//! count, in one transaction with an audit entry per case; one refused
//! case names itself and the rule and nothing is written.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use shilian::domain::model::{CaseId, Status};
use shilian::ui::{App, ThemeChoice};

fn filter(app: &mut App, text: &str) {
    app.handle_event(ch('/'));
    app.handle_event(ctrl('u'));
    typ(app, text);
    app.handle_event(key(KeyCode::Enter));
}

fn ids_named(app: &App, names: &[&str]) -> Vec<CaseId> {
    let q = shilian::store::RosterQuery {
        limit: 100,
        ..Default::default()
    };
    let rows = app.workspace().roster(&q).expect("roster");
    names
        .iter()
        .map(|n| rows.iter().find(|r| r.name == *n).expect("case").id)
        .collect()
}

#[test]
fn marking_three_cases_and_recording_one_search_for_all() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(80, 24);
    filter(&mut app, "城东");
    // Space marks the row and moves down: three rows marked.
    for _ in 0..3 {
        app.handle_event(key(KeyCode::Char(' ')));
    }
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    assert!(s.contains("已标记3人"), "{s}");
    let marked: Vec<String> = rows(&b)
        .into_iter()
        .filter(|r| r.starts_with("│*"))
        .collect();
    assert_eq!(marked.len(), 3, "{s}");
    let names: Vec<String> = marked
        .iter()
        .map(|r| r.split_whitespace().nth(1).unwrap_or("").to_string())
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let ids = ids_named(&app, &names);
    let before: Vec<usize> = ids
        .iter()
        .map(|id| app.workspace().history(*id).expect("history").len())
        .collect();
    let audit_before = app.workspace().store().audit(None).expect("audit").len();

    // One search record for all three: the form says so, then asks with the count.
    app.handle_event(ch('n'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("新增查找记录 - 已标记的3人"), "{s}");
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "陈干事");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("对已标记的 3") && s.contains("查找记录？"),
        "{s}"
    );
    app.handle_event(ch('y'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已保存：查找记录（3个案件）"), "{s}");
    assert!(!s.contains("已标记"), "marks cleared: {s}");
    for (id, n) in ids.iter().zip(&before) {
        let h = app.workspace().history(*id).expect("history");
        assert_eq!(h.len(), n + 1, "one audit entry for case {id}");
        assert!(h.last().is_some_and(|e| e.action.contains("record_search")));
        let c = app.workspace().case(*id).expect("case");
        assert!(c.searches.iter().any(|s| s.who == "陈干事"), "{c:?}");
    }
    let audit_after = app.workspace().store().audit(None).expect("audit").len();
    assert_eq!(audit_after, audit_before + 3);
}

#[test]
fn a_batch_with_one_refused_case_writes_nothing_and_names_it() {
    let mut f = fixture();
    let (lost, tracked) = (f.lost, f.tracked);
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(160, 48);
    filter(&mut app, "李明");
    app.handle_event(key(KeyCode::Char(' ')));
    filter(&mut app, "欧阳");
    app.handle_event(key(KeyCode::Char(' ')));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已标记2人"), "{s}");
    let versions = |app: &App| {
        [lost, tracked].map(|id| {
            let c = app.workspace().case(id).expect("case");
            (
                c.version,
                c.status,
                app.workspace().history(id).expect("h").len(),
            )
        })
    };
    let before = versions(&app);
    // Contact regained for both: 欧阳建国 is already in contact.
    app.handle_event(ch('r'));
    app.handle_event(ctrl('s'));
    app.handle_event(ch('y'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("未写入任何记录"), "{s}");
    assert!(s.contains(&format!("欧阳建国 #{tracked}")), "{s}");
    assert!(s.contains("N二"), "the rule's source is named: {s}");
    assert_eq!(versions(&app), before, "nothing written");
    assert_eq!(before[0].1, Status::Lost);
}

#[test]
fn a_range_and_the_whole_filter_can_be_marked_and_unmarked() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Color);
    let mut t = terminal(80, 24);
    filter(&mut app, "城东");
    app.handle_event(key(KeyCode::Char(' '))); // row 0, moves to row 1
    app.handle_event(key(KeyCode::Down));
    app.handle_event(key(KeyCode::Down)); // row 3
    app.handle_event(ch('V'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已标记4人"), "rows 0-3: {s}");
    app.handle_event(ch('*'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已标记6人"), "{s}");
    app.handle_event(ch('U'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("已标记"), "{s}");
}
