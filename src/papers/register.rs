//! The register of members not yet reached (失联党员中尚未取得联系的党员名册,
//! N五): rows arrive in committee, branch order; each branch and committee
//! gets a subtotal with counts per status and per focus area, and the whole
//! register a total. Rendering only: rows in, bytes out to a `Write`.

use super::MARKING;
use crate::domain::model::{FocusArea, Status};
use crate::i18n::{label, t, tf};
use crate::store::{RegisterRow, RosterRow};
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;

use super::register_cols::{self as cols, COLUMNS};
use super::register_xlsx as xlsx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Which cases and as of when.
#[derive(Clone, Debug)]
pub struct Options {
    /// Statuses listed; empty = every case (`--all`).
    pub statuses: Vec<Status>,
    pub as_of: NaiveDate,
}

impl Options {
    pub fn title(&self) -> &'static str {
        if self.statuses == [Status::Lost] {
            t("papers.register.title")
        } else {
            t("papers.register.title_all")
        }
    }
    /// Statuses that get a count column.
    pub fn status_columns(&self) -> Vec<Status> {
        if self.statuses.is_empty() {
            Status::ALL.to_vec()
        } else {
            self.statuses.clone()
        }
    }
}

/// Counts of one group (or of the whole register).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub total: u64,
    pub status: BTreeMap<Status, u64>,
    pub focus: BTreeMap<FocusArea, u64>,
}

impl Counts {
    fn add(&mut self, r: &RosterRow) {
        self.total += 1;
        *self.status.entry(r.status).or_default() += 1;
        *self.focus.entry(r.focus_area).or_default() += 1;
    }
    pub fn to_json(&self) -> Value {
        let st: serde_json::Map<String, Value> = self
            .status
            .iter()
            .map(|(s, n)| (s.code().to_string(), json!(n)))
            .collect();
        let fo: serde_json::Map<String, Value> = self
            .focus
            .iter()
            .map(|(f, n)| (f.code().to_string(), json!(n)))
            .collect();
        json!({"total": self.total, "status": st, "focus_area": fo})
    }
    /// "状态：失联 3；重点领域：高校 1、街道社区 2"
    pub fn describe(&self) -> String {
        let st: Vec<String> = self
            .status
            .iter()
            .map(|(s, n)| format!("{} {n}", label(s.label_key())))
            .collect();
        let fo: Vec<String> = self
            .focus
            .iter()
            .map(|(f, n)| format!("{} {n}", label(f.label_key())))
            .collect();
        let list = |v: Vec<String>| {
            if v.is_empty() {
                "—".to_string()
            } else {
                v.join("、")
            }
        };
        tf(
            "papers.register.counts",
            &[("status", list(st)), ("focus", list(fo))],
        )
    }
}

/// A subtotal: a branch (`branch` Some) or a whole committee (None).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub committee: String,
    pub branch: Option<String>,
    pub counts: Counts,
}

enum Sink<'w> {
    Csv(Box<csv::Writer<&'w mut dyn Write>>),
    Json(&'w mut dyn Write),
    Xlsx(Box<xlsx::Sheets>, &'w mut dyn Write),
}

/// Builds the register as rows are pushed (in committee, branch order).
pub struct Register<'w> {
    opts: Options,
    sink: Sink<'w>,
    groups: Vec<Group>,
    branch: Option<Group>,
    committee: Option<Group>,
    total: Counts,
}

impl<'w> Register<'w> {
    pub fn new(opts: Options, format: Format, out: &'w mut dyn Write) -> anyhow::Result<Self> {
        let sink = match format {
            Format::Csv => {
                // A BOM so that Excel on Windows reads the file as UTF-8.
                out.write_all(format!("\u{feff}# {MARKING}\n").as_bytes())?;
                let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
                w.write_record(COLUMNS.iter().map(cols::header_zh))?;
                Sink::Csv(Box::new(w))
            }
            Format::Json => {
                let head = json!({"marking": MARKING, "kind": "register",
                    "title": opts.title(), "as_of": opts.as_of.to_string(),
                    "statuses": opts.statuses.iter().map(|s| s.code()).collect::<Vec<_>>()});
                let head = serde_json::to_string(&head)?;
                // Open the object again to stream the rows into it.
                out.write_all(head.trim_end_matches('}').as_bytes())?;
                out.write_all(b",\n\"rows\": [")?;
                Sink::Json(out)
            }
            Format::Xlsx => Sink::Xlsx(Box::new(xlsx::Sheets::new(&opts)?), out),
        };
        Ok(Register {
            opts,
            sink,
            groups: vec![],
            branch: None,
            committee: None,
            total: Counts::default(),
        })
    }

    /// Add one member; closes the previous branch/committee group on change.
    pub fn push(&mut self, reg: &RegisterRow) -> anyhow::Result<()> {
        let r = &reg.row;
        let same_committee = self
            .committee
            .as_ref()
            .is_some_and(|g| g.committee == r.committee);
        let same_branch = same_committee
            && self
                .branch
                .as_ref()
                .is_some_and(|g| g.branch.as_deref() == Some(&r.branch));
        if !same_branch {
            self.close_branch()?;
        }
        if !same_committee {
            self.close_committee()?;
            self.committee = Some(group(&r.committee, None));
        }
        if !same_branch {
            self.branch = Some(group(&r.committee, Some(&r.branch)));
        }
        for g in [&mut self.branch, &mut self.committee]
            .into_iter()
            .flatten()
        {
            g.counts.add(r);
        }
        self.total.add(r);
        let n = self.total.total;
        match &mut self.sink {
            Sink::Csv(w) => {
                w.write_record(cols::cells(n, reg).iter().map(cols::Val::text))?;
            }
            Sink::Json(w) => {
                let sep = if n == 1 { "\n" } else { ",\n" };
                w.write_all(sep.as_bytes())?;
                serde_json::to_writer(&mut **w, r)?;
            }
            Sink::Xlsx(s, _) => s.row(n, reg)?,
        }
        Ok(())
    }

    fn close_branch(&mut self) -> anyhow::Result<()> {
        if let Some(g) = self.branch.take() {
            self.subtotal(g)?;
        }
        Ok(())
    }

    fn close_committee(&mut self) -> anyhow::Result<()> {
        if let Some(g) = self.committee.take() {
            self.subtotal(g)?;
        }
        Ok(())
    }

    fn subtotal(&mut self, g: Group) -> anyhow::Result<()> {
        if let Sink::Xlsx(s, _) = &mut self.sink {
            s.subtotal(&g)?;
        }
        self.groups.push(g);
        Ok(())
    }

    /// Close the last groups, write the totals; returns the member count.
    pub fn finish(mut self) -> anyhow::Result<u64> {
        self.close_branch()?;
        self.close_committee()?;
        let n = self.total.total;
        match self.sink {
            Sink::Csv(mut w) => {
                counts_csv(&mut w, &self.opts, &self.groups, &self.total)?;
                w.flush()?
            }
            Sink::Json(w) => {
                let groups: Vec<Value> = self.groups.iter().map(group_json).collect();
                w.write_all(b"\n],\n\"groups\": ")?;
                serde_json::to_writer_pretty(&mut *w, &groups)?;
                w.write_all(b",\n\"totals\": ")?;
                serde_json::to_writer_pretty(&mut *w, &self.total.to_json())?;
                w.write_all(b"\n}\n")?;
            }
            Sink::Xlsx(s, w) => {
                let bytes = s.finish(&self.opts, &self.groups, &self.total)?;
                w.write_all(&bytes)?;
            }
        }
        Ok(n)
    }
}

fn group(committee: &str, branch: Option<&str>) -> Group {
    Group {
        committee: committee.to_string(),
        branch: branch.map(str::to_string),
        counts: Counts::default(),
    }
}

/// After the member lines, the register's counts as a second table under a
/// `# 统计` line: one line per branch, one per committee (empty branch), and
/// the total (both names empty); columns 基层党委, 党支部, 人数, then one per
/// status and focus area, by label. A reader wanting only the members (the
/// import does) stops at the first line starting `#`.
fn counts_csv(
    w: &mut csv::Writer<&mut dyn Write>,
    opts: &Options,
    groups: &[Group],
    total: &Counts,
) -> anyhow::Result<()> {
    let statuses = opts.status_columns();
    w.write_record([format!("# {}", t("papers.register.stats_sheet"))])?;
    let zh = |k: &str| crate::i18n::t_in(crate::i18n::Lang::Zh, k).to_string();
    let mut head = vec![
        zh("papers.col.committee"),
        zh("papers.col.branch"),
        zh("papers.register.count"),
    ];
    head.extend(statuses.iter().map(|s| zh(&s.label_key())));
    head.extend(FocusArea::ALL.iter().map(|f| zh(&f.label_key())));
    w.write_record(&head)?;
    let line = |committee: &str, branch: &str, c: &Counts| {
        let mut v = vec![
            crate::domain::text::sheet_cell(committee).into_owned(),
            crate::domain::text::sheet_cell(branch).into_owned(),
            c.total.to_string(),
        ];
        v.extend(
            statuses
                .iter()
                .map(|s| c.status.get(s).unwrap_or(&0).to_string()),
        );
        v.extend(
            FocusArea::ALL
                .iter()
                .map(|f| c.focus.get(f).unwrap_or(&0).to_string()),
        );
        v
    };
    for g in groups {
        w.write_record(line(
            &g.committee,
            g.branch.as_deref().unwrap_or(""),
            &g.counts,
        ))?;
    }
    w.write_record(line("", "", total))?;
    Ok(())
}

fn group_json(g: &Group) -> Value {
    json!({"committee": g.committee, "branch": g.branch, "counts": g.counts.to_json()})
}
