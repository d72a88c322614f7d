//! The case pane's dossier key: `D` writes the open case's dossier to
//! `exports/` next to the database, shows the path, and records the export.
use crate::support::ui::*;

#[test]
fn dossier_key_writes_the_open_case_and_shows_the_path() {
    let mut f = fixture();
    let lost = f.lost;
    let mut app = app(&mut f, shilian::ui::ThemeChoice::Mono);
    let mut term = terminal(120, 40);
    let exports = f.dir.path().join("exports");
    assert!(!exports.exists());
    app.select_case(lost).expect("open case");
    app.handle_event(ch('D'));
    let screen = screen(&draw(&mut term, &mut app));
    let files: Vec<_> = std::fs::read_dir(&exports)
        .expect("exports dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().and_then(|n| n.to_str()).expect("name");
    assert_eq!(name, format!("dossier-{lost}-{TODAY}.html"));
    assert!(
        screen.contains("dossier-"),
        "path in the status line:\n{screen}"
    );
    let html = std::fs::read_to_string(&files[0]).expect("read");
    assert!(html.contains("李明华 一人一档") && html.contains("内部资料 注意保密"));
    let history = app.workspace().history(lost).expect("history");
    let last = history.last().expect("entry");
    assert!(last.action.contains("\"dossier\""), "{}", last.action);
    // A second press writes a second file, never over the first.
    app.handle_event(ch('D'));
    assert_eq!(std::fs::read_dir(&exports).expect("dir").count(), 2);
}
