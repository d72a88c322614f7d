//! 100,000 rows in one roster: read, previewed and written all or nothing,
//! in reasonable time and memory (a generated CSV, written; a generated
//! xlsx, read and previewed). Release build: `cargo test --release --test
//! import_scale -- --nocapture` prints the times and peak memory.

use chrono::NaiveDate;
use shilian::app::Workspace;
use shilian::domain::idcard::check_char;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use std::fmt::Write as _;
use std::time::Instant;

/// 100,000 in release (what CI runs); a fifth of that in a debug build,
/// where the same test would take minutes.
const ROWS: usize = if cfg!(debug_assertions) {
    20_000
} else {
    100_000
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).expect("date")
}

fn id(i: usize) -> String {
    let birth =
        NaiveDate::from_ymd_opt(1970, 1, 1).expect("date") + chrono::Days::new((i % 4000) as u64);
    let body = format!("350203{}{:03}", birth.format("%Y%m%d"), i / 4000 % 1000);
    let c = check_char(&body).expect("digits");
    format!("{body}{c}")
}

/// Peak resident memory of this process in MiB (Linux), if known.
fn peak_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[test]
fn a_hundred_thousand_row_csv_imports_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut csv = String::from(
        "某某党委失联党员名册\n序号,姓名,性别,身份证号,人员类别,所在党支部,所属党委,入党时间,失联时间\n",
    );
    for i in 0..ROWS {
        let _ = writeln!(
            csv,
            "{},党员{i},男,{},正式党员,第{}党支部,第{}党委,2000年7月,2020.03",
            i + 1,
            id(i),
            i % 500,
            i % 20
        );
    }
    let path = dir.path().join("big.csv");
    std::fs::write(&path, &csv).expect("write");
    drop(csv);
    let db = dir.path().join("shilian.db");
    let mut ws = Workspace::open(&db, Policy::embedded(), Procedures::embedded()).expect("open");

    let started = Instant::now();
    let parsed = shilian::import::read_file(&path).expect("read");
    let preview = shilian::import::preview(&ws, parsed, today());
    assert!(
        preview.problems.is_empty(),
        "{:?}",
        &preview.problems[..3.min(preview.problems.len())]
    );
    assert_eq!((preview.total, preview.ok_rows()), (ROWS, ROWS));
    let read = started.elapsed();
    let ids = shilian::import::write_rows(&mut ws, &preview.rows, today()).expect("write");
    assert_eq!(ids.len(), ROWS);
    let counts: u64 = ws
        .status_counts()
        .expect("counts")
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(counts, ROWS as u64);
    eprintln!(
        "{ROWS} rows CSV: read+preview {:.1}s, total {:.1}s, peak {:?} MiB",
        read.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        peak_mib()
    );
    if let Some(mib) = peak_mib() {
        assert!(mib < 1024, "peak memory {mib} MiB for 100k rows");
    }

    // A second file repeating one person: nothing more is written.
    let dup = dir.path().join("dup.csv");
    let text = format!(
        "姓名,性别,身份证号,人员类别,所在党支部,所属党委,入党时间,失联时间\n新人,男,{},正式党员,支部,党委,2000-07-01,2020-03-01\n",
        id(7)
    );
    std::fs::write(&dup, text).expect("write");
    let parsed = shilian::import::read_file(&dup).expect("read");
    let preview = shilian::import::preview(&ws, parsed, today());
    // The preview finds the person already on record among 100k cases...
    assert_eq!(preview.problems.len(), 1, "{:?}", preview.problems);
    assert!(preview.problems[0].to_string().contains("已在库中"));
    // ...and the write itself still refuses it (another worker may add the
    // same person between preview and write).
    let err = shilian::import::write_rows(&mut ws, &preview.rows, today()).expect_err("duplicate");
    assert!(err[0].to_string().contains("第 2 行"), "{}", err[0]);
    let counts: u64 = ws
        .status_counts()
        .expect("counts")
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert_eq!(counts, ROWS as u64);
}

#[test]
fn a_hundred_thousand_row_workbook_is_read_and_previewed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "某某党委失联党员名册")
        .expect("write");
    let header = [
        "姓名",
        "性别",
        "身份证号",
        "人员类别",
        "所在党支部",
        "所属党委",
        "入党时间",
        "失联时间",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).expect("write");
    }
    for i in 0..ROWS {
        let r = i as u32 + 2;
        let cells = [
            format!("党员{i}"),
            "女".to_string(),
            id(i),
            "正式党员".to_string(),
            format!("第{}党支部", i % 500),
            format!("第{}党委", i % 20),
            "2000-07-01".to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            ws.write_string(r, c as u16, v).expect("write");
        }
        ws.write_number(r, 7, 43891.0).expect("write"); // 2020-03-01
    }
    wb.save(&path).expect("save");
    let db = dir.path().join("shilian.db");
    let ws = Workspace::open(&db, Policy::embedded(), Procedures::embedded()).expect("open");
    let started = Instant::now();
    let parsed = shilian::import::read_file(&path).expect("read");
    let preview = shilian::import::preview(&ws, parsed, today());
    assert!(
        preview.problems.is_empty(),
        "{:?}",
        preview.problems.first()
    );
    assert_eq!((preview.total, preview.ok_rows()), (ROWS, ROWS));
    let last = preview.rows.last().expect("rows");
    assert_eq!(last.member.last_contact.to_string(), "2020-03-01");
    assert_eq!(
        last.at.to_string(),
        format!("工作表「Sheet1」 第 {} 行", ROWS + 2)
    );
    eprintln!(
        "{ROWS} rows xlsx: read+preview {:.1}s, peak {:?} MiB",
        started.elapsed().as_secs_f64(),
        peak_mib()
    );
}
