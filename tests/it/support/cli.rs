//! Running the built `shilian` binary against a database in a temp dir.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

pub const TODAY: &str = "2026-11-28";

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shilian.db");
        Db { dir, path }
    }

    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).expect("write file");
        p
    }

    /// Run with `--db` and `--today` set; `stdin` piped when given.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_shilian"));
        cmd.arg("--db")
            .arg(&self.path)
            .args(["--today", TODAY])
            .args(args);
        // A writer waits for another up to 300 s by default; 5 s here.
        cmd.env("SHILIAN_WAIT_SECS", "5");
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn shilian");
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(s) = stdin {
            pipe.write_all(s.as_bytes()).expect("write stdin");
        }
        drop(pipe);
        let out = child.wait_with_output().expect("wait");
        Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run and insist on exit code 0.
    pub fn ok(&self, args: &[&str]) -> Out {
        let out = self.run(args, None);
        assert_eq!(
            out.code, 0,
            "shilian {args:?} failed:\n{}\n{}",
            out.stdout, out.stderr
        );
        out
    }
}

/// A fresh copy of a file of `tests/it/fixtures/` (a database written by
/// an older release), upgraded on its first open.
pub fn fixture_copy(name: &str) -> Db {
    let db = Db::new();
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures")
        .join(name);
    std::fs::copy(from, &db.path).expect("copy fixture");
    db
}

/// A valid ID number for a birth date (YYYYMMDD) and a 3-digit sequence.
pub fn id(birth: &str, seq: u32) -> String {
    let body = format!("350203{birth}{seq:03}");
    let c = shilian::domain::idcard::check_char(&body).expect("digits");
    format!("{body}{c}")
}

/// The same number with a wrong check digit.
pub fn bad_id(birth: &str, seq: u32) -> String {
    let good = id(birth, seq);
    let last = if good.ends_with('1') { '2' } else { '1' };
    format!("{}{last}", &good[..17])
}

pub const HEADER: &str = "姓名,性别,公民身份号码,出生日期,党员类型,预备期开始,党支部,基层党委,入党日期,联系电话,住址,工作单位,重点领域,出国（境）情况,最后联系日期,支部是否存在,失联原因";

/// A CSV line for a full member, lost since `last_contact`.
pub fn row(name: &str, id: &str, birth: &str, last_contact: &str) -> String {
    format!(
        "{name},男,{id},{birth},正式党员,,测试社区党支部,测试街道党工委,2010-07-01,17000000001,测试路1号,测试公司,街道社区,未出国（境）,{last_contact},是,外出务工经商"
    )
}
