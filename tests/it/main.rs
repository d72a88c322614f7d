//! Every integration test of shilian, in one test binary (issue 15: 36
//! binaries each linked separately made a cold `cargo test --release` spend
//! most of its time linking). One module per former `tests/NAME.rs`; shared
//! helpers under `support/`. See tests/README.md for where new tests go and
//! for the rules on process-global state (all modules share one process).

mod support;

mod bundle_compile;
mod bundle_handover;
mod bundle_keys;
mod bundle_sign;
mod cli_args;
mod cli_briefing;
mod cli_config;
mod cli_db;
mod cli_deadline_details;
mod cli_demo;
mod cli_demo_lookback;
mod cli_errors;
mod cli_help;
mod cli_lookback;
mod cli_roundtrip;
mod cli_table;
mod data_files;
mod e2e_compiled;
mod e2e_scroll;
mod e2e_station;
mod e2e_tmux;
mod import_csv;
mod import_excel;
mod import_register;
mod import_scale;
mod import_ui;
mod papers_dossier;
mod papers_drafts;
mod papers_register;
mod papers_roundtrip;
mod papers_ui;
mod reliability_audit;
mod reliability_badfiles;
mod reliability_correct;
mod reliability_crash;
mod reliability_crash_compile;
mod reliability_files;
mod reliability_fuzz;
mod reliability_inject;
mod reliability_migrate_dates;
mod reliability_pressure;
mod reliability_restore;
mod reliability_tamper;
mod reliability_writers;
mod store_audit;
mod store_bulk;
mod store_case;
mod store_counts;
mod store_lookback;
mod store_open;
mod store_roster;
mod store_scale;
mod store_tail_grams;
mod store_upgrade;
mod store_upgrade_v11;
mod store_upgrade_v8;
mod ui_amend;
mod ui_amend_entry;
mod ui_batch;
mod ui_flow;
mod ui_panes;
mod ui_refresh;
mod ui_rough;
mod ui_settle;
mod ui_stats;
mod ui_tearing;
mod ui_tree;

/// The one-binary layout holds: no test file outside tests/it (Cargo.toml
/// has `autotests = false`, so one would never run), and no module changes
/// what every module of this process shares (the language of `i18n`, the
/// environment, the current directory): English goes through `--lang en`
/// in a child process or `i18n::t_in`, environment through `Command::env`.
#[test]
fn tests_share_one_binary_safely() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut stray = Vec::new();
    for e in std::fs::read_dir(&root).expect("tests/") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "rs") || p.join("main.rs").is_file() {
            stray.push(p);
        }
    }
    stray.retain(|p| !p.ends_with("it"));
    assert!(
        stray.is_empty(),
        "move into tests/it (tests/README.md): {stray:?}"
    );
    let mut dirs = vec![root.join("it")];
    let banned = ["set_lang(", "set_var(", "remove_var(", "set_current_dir("];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).expect("tests/it") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue; // fixtures
            }
            let text = std::fs::read_to_string(&p).expect("test source");
            for b in banned.iter().filter(|b| text.contains(*b)) {
                // This function names them; nothing else may call them.
                let here = p.ends_with("main.rs") && text.matches(*b).count() == 1;
                assert!(here, "{} calls {b}: process-global state", p.display());
            }
        }
    }
}
