//! Store-level figures: roster filter keystrokes, status counts, alerts,
//! open one case, and import of a roster file; each beside the naive way.

use crate::stats::{Stats, row, samples, time};
use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};
use shilian::domain::checklist::checklist;
use shilian::domain::procedure::Procedures;
use shilian::store::{RosterQuery, Store};
use std::path::Path;

/// Rows a 200x50 roster page holds.
pub const PAGE: usize = 45;

/// Search terms typed one character at a time, by class.
pub fn terms(conn: &Connection, n: usize) -> Result<Vec<(&'static str, String)>> {
    let id_of = |k: usize| -> Result<String> {
        Ok(conn.query_row(
            "SELECT id_number FROM cases WHERE id = ?1",
            [k as i64],
            |r| r.get(0),
        )?)
    };
    let mid = id_of(n / 2)?;
    let late = id_of(n - 7)?;
    Ok(vec![
        ("1 char", "王".into()),
        ("1 char", "葛".into()),
        ("1 char", "鑫".into()),
        ("2 char", "王伟".into()),
        ("2 char", "诸葛".into()),
        ("2 char", "鑫淼".into()),
        ("3+ char", "王晓明".into()),
        ("3+ char", "欧阳晓雪".into()),
        ("3+ char", "玄武区东湖街道".into()),
        ("3+ char", "张三丰".into()),
        ("ID digits", mid),
        ("ID digits", late[6..].to_string()),
        ("ID digits", "99999999".into()),
    ])
}

fn prefixes(term: &str) -> Vec<String> {
    let cs: Vec<char> = term.chars().collect();
    (1..=cs.len()).map(|k| cs[..k].iter().collect()).collect()
}

/// Counts above this show as "1000+" when counted with `roster_count_upto`.
pub const CAP: u64 = 1000;

/// What the roster does per keystroke: first page plus the count it shows
/// (exact, or stopped at `CAP + 1` as the workstation asks for both).
fn keystroke(store: &Store, text: &str, capped: bool) -> Result<(usize, u64)> {
    let q = RosterQuery {
        text: text.into(),
        limit: PAGE,
        ..RosterQuery::default()
    };
    if capped {
        // What the workstation does: page and capped count together.
        let (rows, count) = store.roster_with_count(&q, CAP)?;
        return Ok((rows.len(), count));
    }
    let rows = store.roster(&q)?;
    Ok((rows.len(), store.roster_count(&q)?))
}

/// The naive way: LIKE over the three fields, first page and count.
fn naive_keystroke(conn: &Connection, text: &str) -> Result<u64> {
    let pat = format!("%{text}%");
    let w = "name LIKE ?1 OR branch LIKE ?1 OR id_number LIKE ?1";
    let mut page = conn.prepare_cached(&format!(
        "SELECT id, name FROM cases WHERE {w} ORDER BY due_key, id LIMIT {PAGE}"
    ))?;
    let _ = page.query_map([&pat], |r| r.get::<_, i64>(0))?.count();
    let n: i64 = conn
        .prepare_cached(&format!("SELECT count(*) FROM cases WHERE {w}"))?
        .query_row([&pat], |r| r.get(0))?;
    Ok(n as u64)
}

fn roster_figures(store: &Store, conn: &Connection, n: usize, runs: usize) -> Result<()> {
    let terms = terms(conn, n)?;
    for capped in [false, true] {
        let how = if capped {
            "count stopped at 1000+"
        } else {
            "exact count"
        };
        println!("  roster filter, per keystroke (first page of {PAGE} + {how}):");
        let mut by_class: Vec<(&str, Vec<f64>)> = vec![];
        for (class, term) in &terms {
            for p in prefixes(term) {
                let s = samples(runs, || keystroke(store, &p, capped));
                let (shown, count) = keystroke(store, &p, capped)?;
                let st = Stats::of(s.clone());
                println!("    {class:<9} {p:<22} rows {shown:>3} count {count:>8}  {st}");
                match by_class.iter_mut().find(|(c, _)| c == class) {
                    Some((_, v)) => v.extend(s),
                    None => by_class.push((class, s)),
                }
            }
        }
        for (class, v) in by_class {
            row(
                &format!("roster keystroke, {class}, {how}"),
                Stats::of(v),
                "10/15 ms",
            );
        }
    }
    let naive_runs = (runs / 10).max(3);
    for t in ["王", "诸葛", "99999999"] {
        let mut count = 0;
        let s = time(naive_runs, || {
            count = naive_keystroke(conn, t).unwrap_or(0);
        });
        row(
            &format!("  naive LIKE '%{t}%' page+count ({count})"),
            s,
            "-",
        );
    }
    Ok(())
}

pub fn run(db: &Path, runs: usize) -> Result<()> {
    let store = Store::open(db)?;
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("open {}", db.display()))?;
    let n: i64 = conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
    roster_figures(&store, &conn, n as usize, runs)?;

    let s = time(runs, || store.status_counts());
    row("status counts", s, "5 ms");
    let s = time((runs / 10).max(3), || {
        conn.prepare_cached("SELECT status, count(*) FROM cases GROUP BY status")
            .and_then(|mut st| st.query_map([], |r| r.get::<_, i64>(1)).map(|r| r.count()))
    });
    row("  naive GROUP BY status", s, "-");

    let s = time(runs, || store.alerts(None, None, 50));
    row("alerts first page (50 rows)", s, "10/20 ms");
    let s = time(runs, || {
        (
            store.alerts(None, None, 2000).map(|v| v.len()),
            store.alert_count(None),
        )
    });
    row(
        "alerts pane reload (2000 rows + total count)",
        s,
        "10/20 ms",
    );
    let s = time((runs / 10).max(3), || {
        conn.prepare_cached(
            "SELECT d.case_id, d.due, c.name FROM deadlines d JOIN cases c ON c.id = d.case_id",
        )
        .and_then(|mut st| {
            let mut v: Vec<(i64, String)> = st
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            v.sort_by(|a, b| a.1.cmp(&b.1));
            Ok(v.len())
        })
    });
    row("  naive: load every deadline and sort", s, "-");

    let procs = Procedures::embedded();
    let mut k = 0i64;
    let s = time(runs, || {
        k = (k * 7919 + 104_729) % n.max(1) + 1;
        let c = store.load_case(k);
        let a = store.audit(Some(k));
        (
            c.map(|c| checklist(&c, &procs).is_some()),
            a.map(|a| a.len()),
        )
    });
    row("open one case (load_case + checklist + history)", s, "5 ms");
    Ok(())
}

/// Import of an N-row roster CSV into a fresh database (the CLI's path:
/// read, parse, validate every row, create every case in one batch).
pub fn import(n: usize, runs: usize) -> Result<()> {
    let dir = crate::data_dir();
    let csv = dir.join(format!("import-{n}.csv"));
    if !csv.exists() {
        write_csv(&csv, n)?;
    }
    let (mut ms, mut cpu) = (vec![], vec![]);
    for i in 0..runs {
        let db = dir.join(format!("import-{n}-{i}.db"));
        remove_db(&db);
        let cpu0 = children_cpu_ms();
        let t = std::time::Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_shilian"))
            .args([
                "--db",
                &db.to_string_lossy(),
                "--today",
                "2026-05-15",
                "import",
            ])
            .arg(&csv)
            .stdout(std::process::Stdio::null())
            .status()?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        cpu.push(children_cpu_ms() - cpu0);
        remove_db(&db);
        anyhow::ensure!(status.success(), "shilian import failed: {status}");
    }
    row(
        &format!("import of a {n}-row CSV (`shilian import`)"),
        Stats::of(ms),
        "3 s / 30 s",
    );
    row(
        "  CPU time of the import (user + system)",
        Stats::of(cpu),
        "-",
    );
    Ok(())
}

/// User + system CPU time of finished child processes so far, in ms.
fn children_cpu_ms() -> f64 {
    let mut u = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; zeroed is a valid rusage.
    let u = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, u.as_mut_ptr());
        u.assume_init()
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    ms(u.ru_utime) + ms(u.ru_stime)
}

fn remove_db(db: &Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", db.display()));
    }
}

fn write_csv(path: &Path, n: usize) -> Result<()> {
    use std::io::Write;
    let mut rng = crate::generate::Rng::new(7);
    let mut used = std::collections::HashSet::new();
    let tmp = path.with_extension("partial");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    writeln!(
        w,
        "姓名,性别,公民身份号码,出生日期,党员类型,党支部,基层党委,入党日期,联系电话,住址,重点领域,出国（境）情况,最后联系日期,失联原因"
    )?;
    for _ in 0..n {
        let c = crate::generate::case(&mut rng, crate::today(), &mut used);
        let m = &c.member;
        writeln!(
            w,
            "{},{},{},{},full,{},{},{},{},{},{},{},{},{}",
            m.name,
            m.gender.code(),
            m.id_number,
            m.birth_date,
            m.branch,
            m.committee,
            m.joined,
            m.phone,
            m.address,
            m.focus_area.code(),
            m.abroad.code(),
            m.last_contact,
            m.lost_cause.code()
        )?;
    }
    w.flush()?;
    drop(w);
    std::fs::rename(&tmp, path)?;
    Ok(())
}
