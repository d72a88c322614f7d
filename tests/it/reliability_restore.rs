//! Restore and verify refuse what is not a shilian database (issue 12,
//! item 5): a 0-byte file, an SQLite file without tables, another
//! program's SQLite file; a killed restore leaves the old or the new
//! database and no debris (leftovers are removed and reported at the next
//! start); the kept copy is complete whenever it exists under its name.

use crate::support::reliability::{
    Rng, check_deeply, db_with_cases, fingerprint, id_number, run, shilian, text,
};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Files beside `db` whose name starts with the database's and goes on.
fn siblings(db: &Path) -> Vec<String> {
    let name = db.file_name().expect("name").to_string_lossy().into_owned();
    let mut v: Vec<String> = std::fs::read_dir(db.parent().expect("dir"))
        .expect("ls")
        .map(|e| e.expect("e").file_name().to_string_lossy().into_owned())
        .filter(|f| {
            f.starts_with(&name) && f != &name && !f.ends_with("-wal") && !f.ends_with("-shm")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn empty_zero_byte_and_foreign_files_are_refused_by_restore_and_verify() {
    let (dir, db) = db_with_cases(2);
    let before = fingerprint(&db);
    let zero = dir.path().join("zero.db");
    std::fs::write(&zero, b"").expect("zero");
    // An SQLite file with a header and no tables (version 0).
    let no_tables = dir.path().join("empty.db");
    Connection::open(&no_tables)
        .expect("sqlite")
        .execute_batch("CREATE TABLE t(x); DROP TABLE t;")
        .expect("header");
    assert!(
        std::fs::read(&no_tables)
            .expect("r")
            .starts_with(b"SQLite format 3\0")
    );
    let foreign = dir.path().join("other.db");
    Connection::open(&foreign)
        .expect("sqlite")
        .execute_batch("PRAGMA application_id = 42; PRAGMA user_version = 3; CREATE TABLE cases(x); CREATE TABLE audit(y);")
        .expect("foreign");
    let cases = [
        (&zero, "empty"),
        (&no_tables, "no shilian tables"),
        (&foreign, "another program"),
    ];
    for (file, why) in cases {
        let bytes = std::fs::read(file).expect("bytes");
        let out = run(&db, &["restore", file.to_str().expect("p")]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(
            stderr(&out).contains(why) && stderr(&out).contains("not restored"),
            "{why}: {}",
            text(&out)
        );
        assert_eq!(fingerprint(&db), before, "{why}: database unchanged");
        let out = run(file, &["verify"]);
        assert_eq!(out.status.code(), Some(1), "verify {why}: {}", text(&out));
        assert!(stderr(&out).contains(why), "verify {why}: {}", text(&out));
        assert_eq!(
            std::fs::read(file).expect("bytes"),
            bytes,
            "verify wrote nothing to {why}"
        );
    }
    assert_eq!(
        siblings(&db),
        Vec::<String>::new(),
        "no scratch or kept file"
    );
    check_deeply(&db);
}

/// A database of `n` imported cases at `db` (the bulk path: fast).
pub fn imported(dir: &Path, name: &str, n: u32) -> PathBuf {
    let mut csv = String::from(
        "姓名,性别,身份证号,出生日期,党员类别,党支部,基层党委,入党日期,工作单位,最后联系日期\n",
    );
    for i in 0..n {
        let (m, d) = (i % 12 + 1, (i / 12) % 28 + 1);
        let id = id_number("110105", &format!("1990{m:02}{d:02}"), i / 336);
        csv.push_str(&format!("测试{i},男,{id},1990-{m:02}-{d:02},正式党员,第{}党支部,测试街道党工委,2012-07-01,公司,2024-01-01\n", i % 5));
    }
    let file = dir.join(format!("{name}.csv"));
    std::fs::write(&file, csv).expect("csv");
    let db = dir.join(name).join("s.db");
    let out = run(&db, &["import", file.to_str().expect("p")]);
    assert!(out.status.success(), "{}", text(&out));
    db
}

#[test]
fn a_killed_restore_leaves_the_old_or_the_new_database_and_no_debris() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = imported(dir.path(), "big", 3000);
    let copy = dir.path().join("copy.db");
    assert!(
        run(&big, &["backup", copy.to_str().expect("p")])
            .status
            .success()
    );
    let new = fingerprint(&big);
    // One restore run through, to spread the kills over its duration.
    let (_d, db) = db_with_cases(1);
    let t0 = std::time::Instant::now();
    assert!(
        run(&db, &["restore", copy.to_str().expect("p")])
            .status
            .success()
    );
    let whole = t0.elapsed().as_millis() as u64;
    let mut rng = Rng::from_time();
    let (mut old_seen, mut new_seen, mut reported) = (0, 0, 0);
    for round in 0..8 {
        let (_d, db) = db_with_cases(2 + round);
        let old = fingerprint(&db);
        let mut child = shilian(&db)
            .args(["restore", copy.to_str().expect("p")])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("restore");
        std::thread::sleep(Duration::from_millis(rng.below(whole)));
        let _ = child.kill();
        let _ = child.wait();
        check_deeply(&db);
        let now = fingerprint(&db);
        assert!(
            now == old || now == new,
            "round {round}: neither old nor new content"
        );
        if now == old {
            old_seen += 1
        } else {
            new_seen += 1
        }
        // A kept copy under its name is complete: it holds the old content.
        for f in siblings(&db)
            .iter()
            .filter(|f| f.contains(".replaced-") && !f.contains(".part-"))
        {
            let kept = db.with_file_name(f);
            assert_eq!(
                fingerprint(&kept),
                old,
                "round {round}: kept copy {f} complete"
            );
        }
        let debris: Vec<String> = siblings(&db)
            .into_iter()
            .filter(|f| f.contains(".restoring-") || f.contains(".part-"))
            .collect();
        let out = run(&db, &["case", "list"]);
        assert!(out.status.success(), "{}", text(&out));
        for f in &debris {
            assert!(
                stderr(&out).contains(f.as_str()),
                "round {round}: {f} reported: {}",
                text(&out)
            );
            reported += 1;
        }
        let left: Vec<String> = siblings(&db)
            .into_iter()
            .filter(|f| f.contains(".restoring-") || f.contains(".part-"))
            .collect();
        assert!(
            left.is_empty(),
            "round {round}: debris left after the next start: {left:?}"
        );
    }
    // Leftovers of a kill whose process is gone, planted: removed and named.
    let (_d, db) = db_with_cases(1);
    let mut gone = std::process::Command::new("true").spawn().expect("true");
    let pid = gone.id();
    gone.wait().expect("wait");
    for f in [
        format!(".restoring-20250101T000000.000Z-{pid}"),
        format!(".restoring-20250101T000000.000Z-{pid}-wal"),
        format!(".replaced-20250101T000000.000Z.part-{pid}"),
    ] {
        let mut p = db.as_os_str().to_owned();
        p.push(&f);
        std::fs::write(PathBuf::from(p), b"partial").expect("plant");
    }
    let out = run(&db, &["case", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        stderr(&out).matches("interrupted restore").count(),
        3,
        "{}",
        text(&out)
    );
    assert_eq!(siblings(&db), Vec::<String>::new());
    eprintln!(
        "killed restores: 8 (one whole restore {whole} ms), old content kept {old_seen}, new installed {new_seen}, leftover files removed and reported {reported}"
    );
}
