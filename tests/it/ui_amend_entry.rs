//! Amending the other recorded entries from the case detail (issue 14
//! item 5): Up/Down choose the entry in the detail pane, `C` opens its form
//! with each value on record beside the new one (原：…) and a reason; only
//! changed fields are sent; refusals stay in the form. Also the amend form
//! at 80x24: every label, value and 原： column whole and lined up.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shilian::ui::{App, ThemeChoice};

/// Open the case named `who` in the detail pane (focused there).
fn open_case(app: &mut App, who: &str) {
    app.handle_event(ch('x'));
    app.handle_event(ch('/'));
    typ(app, who);
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(key(KeyCode::Tab));
}

/// Press Down until the chosen (reversed) detail line contains `needle`.
fn choose(t: &mut Terminal<TestBackend>, app: &mut App, needle: &str) {
    app.handle_event(ch('g'));
    for _ in 0..30 {
        let b = draw(t, app);
        if text_has_modifier(&b, needle, ratatui::style::Modifier::REVERSED)
            && row_of(&b, needle).is_some()
        {
            return;
        }
        app.handle_event(ch('j'));
    }
    panic!("no entry {needle}: {}", screen(&draw(t, app)));
}

/// The form's row of field `label` (the one showing a value on record).
fn row_with<'a>(s: &'a str, label: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(label) && l.contains("原："))
        .unwrap_or_else(|| panic!("no row {label}: {s}"))
}

#[test]
fn a_search_record_is_amended_from_the_detail() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(160, 48);
    open_case(&mut app, "李明华");
    choose(&mut t, &mut app, "2024-01-20 家属亲友 陈干事");
    app.handle_event(ch('C'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("更正记录 - 李明华 - 查找记录 2024-01-20"), "{s}");
    assert!(row_with(&s, "查找渠道").contains("原：家属亲友"), "{s}");
    assert!(row_with(&s, "经办人").contains("原：陈干事"), "{s}");
    assert!(row_with(&s, ">日期").contains("原：2024-01-20"), "{s}");
    assert!(row_with(&s, "查找结果").contains("原：未找到"), "{s}");

    // Nothing changed: the rule says so, in the form.
    for _ in 0..4 {
        app.handle_event(key(KeyCode::Tab));
    }
    typ(&mut app, "核对登记表");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("新值与原值相同"), "{s}");

    // The channel and who changed; no reason: refused, the input kept.
    app.handle_event(key(KeyCode::Tab)); // date
    app.handle_event(key(KeyCode::Tab)); // channel
    app.handle_event(key(KeyCode::Right));
    app.handle_event(key(KeyCode::Tab)); // who
    app.handle_event(ctrl('u'));
    typ(&mut app, "陈明");
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab)); // reason
    app.handle_event(ctrl('u'));
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("更正须写明更正原因"), "{s}");
    assert!(row_with(&s, "经办人").contains("陈明"), "{s}");
    assert!(row_with(&s, "查找渠道").contains("原工作单位"), "{s}");

    typ(&mut app, "渠道和经办人登记错");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("更正理由"), "form closed: {s}");
    assert!(s.contains("已保存"), "{s}");
    assert!(
        s.contains("2024-01-20 原工作单位 陈明"),
        "the detail shows it: {s}"
    );
    let ws = app.workspace();
    let case = ws.case(f.lost).expect("case");
    let mut fields: Vec<_> = case.amendments.iter().map(|a| a.field.as_str()).collect();
    fields.sort();
    assert_eq!(
        fields,
        ["channel", "who"],
        "only the changed fields are sent"
    );
}

#[test]
fn regained_date_conduct_and_member_values_refuse_in_place_and_save() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(160, 48);
    open_case(&mut app, "欧阳建国");

    // The regained date before the search that preceded it: refused.
    choose(&mut t, &mut app, "重新取得联系: 2024-01-10");
    app.handle_event(ch('C'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("重新取得联系日期"), "{s}");
    assert!(
        row_with(&s, "恢复联系日期").contains("原：2024-01-10"),
        "{s}"
    );
    app.handle_event(ctrl('u'));
    typ(&mut app, "2023-08-01");
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "日期抄错");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("早于此前的查找记录"), "{s}");
    assert!(row_with(&s, "恢复联系日期").contains("2023-08-01"), "{s}");
    // Not a date: named in the form, nothing sent.
    app.handle_event(key(KeyCode::BackTab));
    app.handle_event(ctrl('u'));
    typ(&mut app, "2024-13-01");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("“恢复联系日期”日期“2024-13-01”无效"), "{s}");
    app.handle_event(key(KeyCode::Esc));

    // A conduct record's result.
    choose(&mut t, &mut app, "2024-01-20 ");
    app.handle_event(ch('C'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("表现了解 2024-01-20"), "{s}");
    assert!(row_with(&s, "了解结果").contains("原："), "{s}");
    app.handle_event(key(KeyCode::Esc));

    // The member's date of joining.
    choose(&mut t, &mut app, "入党日期: 2012-07-01");
    app.handle_event(ch('C'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("党员信息"), "{s}");
    assert!(
        row_with(&s, "最后联系日期").contains("原：2023-01-10"),
        "{s}"
    );
    assert!(row_with(&s, "入党日期").contains("原：2012-07-01"), "{s}");
    assert!(row_with(&s, "出生日期").contains("原：1988-04-12"), "{s}");
    app.handle_event(key(KeyCode::Tab)); // joined
    app.handle_event(ctrl('u'));
    typ(&mut app, "2012-06-28");
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab)); // reason
    typ(&mut app, "入党日期以支部大会决议为准");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已保存"), "{s}");
    assert!(s.contains("入党日期: 2012-06-28"), "{s}");
}

/// The amend form at 80x24: the title, every label, input and value on
/// record whole, the 原： column at one place, nothing cut.
#[test]
fn the_amend_form_fits_80x24() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(80, 24);
    open_case(&mut app, "李明华");
    choose(&mut t, &mut app, "2024-01-20 家属亲友");
    app.handle_event(ch('C'));
    let b = draw(&mut t, &mut app);
    let s = screen(&b);
    let rows = rows(&b);
    for label in ["日期", "查找渠道", "经办人", "查找结果", "更正理由"] {
        assert!(rows.iter().any(|r| r.contains(label)), "{label}: {s}");
    }
    assert!(s.contains("更正记录 - 李明华 - 查找记录 2024-01-20"), "{s}");
    assert!(!s.contains(".."), "nothing cut: {s}");
    for old in ["原：2024-01-20", "原：家属亲友", "原：陈干事", "原：未找到"] {
        assert!(s.contains(old), "{old}: {s}");
    }
    // The 原： column and the inputs start at one screen column on every row.
    let col = |needle: &str| -> Vec<u16> {
        (0..b.area.height)
            .filter_map(|y| {
                (0..b.area.width)
                    .find(|x| b[(*x, y)].symbol() == needle)
                    .filter(|_| {
                        let r = &rows[y as usize];
                        r.contains("原：")
                    })
            })
            .collect()
    };
    let olds = col("原");
    assert_eq!(olds.len(), 4, "{s}");
    assert!(
        olds.windows(2).all(|w| w[0] == w[1]),
        "原： at {olds:?}: {s}"
    );
    let y_date = row_of(&b, "原：2024-01-20").expect("date row") as u16;
    let y_who = row_of(&b, "原：陈干事").expect("who row") as u16;
    let first_input = |y: u16| (16..b.area.width).find(|x| b[(*x, y)].symbol() != " ");
    assert_eq!(
        first_input(y_date),
        first_input(y_who),
        "inputs line up: {s}"
    );
}
