//! Amending a wrong entry from the workstation (issue 14 item 5): the
//! checklist's done entry opens the amend form with each value on record
//! beside the new one; a refusal stays in the form; the amendment is saved
//! and the checklist shows the corrected value.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use shilian::ui::ThemeChoice;

#[test]
fn amend_form_shows_old_beside_new_refuses_in_place_and_saves() {
    let mut f = fixture();
    let mut app = app(&mut f, ThemeChoice::Mono);
    let mut t = terminal(160, 48);
    draw(&mut t, &mut app);
    // 欧阳建国: complete the first checklist item, by 陈干事.
    app.handle_event(ch('x'));
    app.handle_event(ch('/'));
    typ(&mut app, "欧阳");
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(key(KeyCode::BackTab));
    app.handle_event(key(KeyCode::BackTab));
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "陈干事");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("[x] 党支部进行谈话教育"), "{s}");

    // Back on the done entry, amend it: the values on record beside the inputs.
    app.handle_event(key(KeyCode::Home));
    app.handle_event(ch('C'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("党支部进行谈话教育"),
        "form names the entry: {s}"
    );
    let who_row = s.lines().find(|l| l.contains("经办人")).expect("who row");
    assert!(
        who_row.contains("陈干事") && who_row.contains("原：陈干事"),
        "{s}"
    );
    assert!(
        s.lines()
            .any(|l| l.contains("日期") && l.contains(&format!("原：{TODAY}"))),
        "{s}"
    );
    assert!(s.contains("更正理由"), "{s}");

    // The new name, no reason: the rule's refusal, shown in the form.
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(ctrl('u'));
    typ(&mut app, "陈明");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("更正须写明更正原因"), "{s}");
    assert!(
        s.lines()
            .any(|l| l.contains("陈明") && l.contains("原：陈干事")),
        "input kept beside the old value: {s}"
    );

    // With the reason it is saved; the checklist shows the amended value.
    app.handle_event(key(KeyCode::Tab));
    app.handle_event(key(KeyCode::Tab));
    typ(&mut app, "经办人姓名记错");
    app.handle_event(ctrl('s'));
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("更正理由"), "form closed: {s}");
    assert!(s.contains("已保存"), "{s}");
    assert!(
        s.lines().any(|l| l.contains(TODAY) && l.contains("陈明")),
        "the checklist shows the amended value: {s}"
    );
}
