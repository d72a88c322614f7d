//! The CLI's text tables cut a long cell with the panes' mark (`..`):
//! `~` means "due soon" in the workstation and never "cut" (issue 14).

use crate::support::cli::*;

#[test]
fn case_list_marks_a_cut_branch_with_the_panes_mark() {
    let db = Db::new();
    let long = "思明区某街道党工委第一网格新业态新就业群体联合党支部";
    let csv = format!(
        "{HEADER}\n{}\n",
        row("王五", &id("19900101", 1), "1990-01-01", "2023-01-10").replace("测试社区党支部", long)
    );
    let file = db.file("roster.csv", &csv);
    db.ok(&["init"]);
    db.ok(&["import", file.to_str().expect("path")]);
    let out = db.ok(&["case", "list"]).stdout;
    let line = out
        .lines()
        .find(|l| l.contains("王五"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("思明区某街道党工委第一网格.."), "{out}");
    assert!(!line.contains(long), "cut: {out}");
    assert!(!out.contains('~'), "no ~ for a cut: {out}");
}
