//! The workstation's import screen on a TestBackend: open it with its key,
//! type a path, see the preview (counts, problems by row and column,
//! scrolling), refuse to import while there are problems, confirm and import
//! a clean file, Esc to leave.

use crate::support::ui::*;
use crossterm::event::KeyCode;
use shilian::ui::ThemeChoice;

const HEADER: &str = "姓名,性别,身份证号,人员类别,所在党支部,所属党委,入党时间,失联时间";

fn line(name: &str, id: &str) -> String {
    format!("{name},男,{id},正式党员,导入测试党支部,导入测试党委,2015年3月,2020.03")
}

fn total(app: &shilian::ui::App) -> u64 {
    let counts = app.workspace().status_counts().expect("counts");
    counts.iter().map(|(_, n)| n).sum()
}

fn open_import(app: &mut shilian::ui::App, path: &std::path::Path) {
    app.handle_event(ch('I'));
    typ(app, path.to_str().expect("path"));
    app.handle_event(key(KeyCode::Enter));
}

#[test]
fn import_screen_previews_problems_and_refuses_to_import() {
    let mut f = fixture();
    let path = f.dir.path().join("bad.csv");
    let good = id_for(d("1990-01-01"), 901);
    let mut bad = id_for(d("1990-01-01"), 902);
    bad.replace_range(17.., if bad.ends_with('1') { "2" } else { "1" });
    let mut csv = format!(
        "名册\n{HEADER}\n{}\n{}\n",
        line("甲", &good),
        line("乙", &bad)
    );
    for i in 0..30 {
        csv.push_str(&format!(
            "丙{i},男,,正式党员,支部,党委,2015-03-01,2020-03-01\n"
        ));
    }
    std::fs::write(&path, csv).expect("write");
    let mut app = app(&mut f, ThemeChoice::Color);
    let before = total(&app);
    let mut t = terminal(140, 30);
    open_import(&mut app, &path);
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("导入名册"), "{s}");
    assert!(s.contains("共 32 行 · 无误 1 行 · 有问题 31 行"), "{s}");
    assert!(
        !s.contains('▏'),
        "the path keeps no cursor once previewed: {s}"
    );
    assert!(
        s.contains("第 4 行 C 列（身份证号）") && s.contains("校验码"),
        "{s}"
    );
    assert!(
        !s.contains("第 34 行"),
        "the last problem is below the fold: {s}"
    );

    for _ in 0..30 {
        app.handle_event(key(KeyCode::Down));
    }
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("第 34 行 C 列（身份证号）"),
        "scrolled to the end: {s}"
    );
    assert!(
        !s.contains("第 4 行 C 列"),
        "the first problem scrolled away: {s}"
    );

    app.handle_event(key(KeyCode::Enter));
    app.handle_event(ch('y'));
    assert_eq!(
        total(&app),
        before,
        "nothing imported while there are problems"
    );
    app.handle_event(key(KeyCode::Esc));
    let s = screen(&draw(&mut t, &mut app));
    assert!(!s.contains("导入名册"), "Esc leaves the screen: {s}");
}

#[test]
fn import_screen_imports_a_clean_file_after_confirmation() {
    let mut f = fixture();
    let path = f.dir.path().join("good.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows = [
        HEADER.to_string(),
        line("导入甲", &id_for(d("1990-01-01"), 911)),
        line("导入乙", &id_for(d("1990-01-01"), 912)),
    ];
    for (r, text) in rows.iter().enumerate() {
        for (c, v) in text.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, v).expect("write");
        }
    }
    wb.save(&path).expect("save");
    let mut app = app(&mut f, ThemeChoice::Color);
    let before = total(&app);
    let mut t = terminal(140, 30);

    app.handle_event(ch('I'));
    typ(&mut app, "/no/such/file.xlsx");
    app.handle_event(key(KeyCode::Enter));
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("/no/such/file.xlsx") && s.contains("无法读取"),
        "{s}"
    );
    for _ in 0.."/no/such/file.xlsx".len() {
        app.handle_event(key(KeyCode::Backspace));
    }
    typ(&mut app, path.to_str().expect("path"));
    app.handle_event(key(KeyCode::Enter));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("没有发现问题"), "{s}");
    app.handle_event(key(KeyCode::Enter));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("确认导入 2 行"), "{s}");
    app.handle_event(ch('y'));
    assert_eq!(total(&app), before + 2);
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("已导入 2 人"), "{s}");
    assert!(!s.contains("确认导入"), "the screen closed: {s}");
}

#[test]
fn import_screen_asks_for_the_committee_when_the_sheet_has_none() {
    let mut f = fixture();
    let path = f.dir.path().join("nocommittee.csv");
    let csv = format!(
        "姓名,性别,身份证号,人员类别,所在党支部,入党时间,失联时间\n\
         无委甲,男,{},正式党员,导入测试党支部,2015年3月,2020.03\n\
         无委乙,男,{},正式党员,导入测试党支部,2015年3月,2020.03\n",
        id_for(d("1990-01-01"), 921),
        id_for(d("1990-01-01"), 922)
    );
    std::fs::write(&path, csv).expect("write");
    let mut app = app(&mut f, ThemeChoice::Color);
    let before = total(&app);
    let mut t = terminal(140, 30);
    open_import(&mut app, &path);
    let s = screen(&draw(&mut t, &mut app));
    assert!(
        s.contains("缺少必需的列：基层党委") && s.contains("c 指定基层党委"),
        "{s}"
    );
    assert!(s.contains("共 2 行"), "rows counted: {s}");
    app.handle_event(ch('c'));
    typ(&mut app, "导入测试党委");
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("基层党委: 导入测试党委"), "{s}");
    app.handle_event(key(KeyCode::Enter));
    let s = screen(&draw(&mut t, &mut app));
    assert!(s.contains("没有发现问题"), "{s}");
    app.handle_event(key(KeyCode::Enter));
    app.handle_event(ch('y'));
    assert_eq!(total(&app), before + 2);
}
