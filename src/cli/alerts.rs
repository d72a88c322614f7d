//! `shilian alerts`: deadlines most urgent first.

use super::common::{Env, print_json};
use super::table::{Table, truncate};
use crate::domain::deadline::{Deadline, DeadlineKind, Urgency, urgency};
use crate::i18n::{t, tf};
use chrono::NaiveDate;
use serde::Serialize;

/// One alert as printed by `alerts --json`.
#[derive(Debug, Serialize)]
pub struct AlertOut {
    pub case: i64,
    pub name: String,
    pub branch: String,
    pub kind: DeadlineKind,
    pub kind_label: String,
    pub due: NaiveDate,
    pub days_left: i64,
    pub urgency: Urgency,
    pub clears: String,
    pub detail: String,
}

pub fn alerts(env: &Env, within: Option<i64>, limit: usize, json: bool) -> anyhow::Result<i32> {
    let ws = env.open()?;
    let rows = ws.alerts(env.today, within, None, limit)?;
    let out: Vec<AlertOut> = rows
        .into_iter()
        .map(|r| AlertOut {
            case: r.deadline.case,
            kind: r.deadline.kind,
            kind_label: deadline_label(r.deadline.kind),
            due: r.deadline.due,
            days_left: r.deadline.days_left(env.today),
            urgency: urgency(r.deadline.days_left(env.today)),
            clears: r.deadline.clears,
            detail: detail_text(&r.deadline.detail),
            name: r.name,
            branch: r.branch,
        })
        .collect();
    if json {
        print_json(&out)?;
        return Ok(0);
    }
    if out.is_empty() {
        println!("{}", t("cli.alerts.none"));
        return Ok(0);
    }
    let mut table = deadline_table(true);
    for a in &out {
        table.row(vec![
            a.due.to_string(),
            days_text(a.days_left),
            a.case.to_string(),
            a.name.clone(),
            truncate(&a.branch, 24),
            a.kind_label.clone(),
            action_label(&a.clears),
            truncate(&a.detail, 30),
        ]);
    }
    print!("{}", table.render());
    println!(
        "{}",
        tf("cli.alerts.count", &[("n", out.len().to_string())])
    );
    Ok(0)
}

/// Header of a deadline table, with or without the case columns.
pub fn deadline_table(with_case: bool) -> Table {
    let mut h = vec![t("cli.col.due"), t("cli.col.days_left")];
    if with_case {
        h.extend([t("cli.col.case"), t("cli.col.name"), t("cli.col.branch")]);
    }
    h.extend([
        t("cli.col.deadline"),
        t("cli.col.clears"),
        t("cli.col.detail"),
    ]);
    Table::new(&h)
}

/// One deadline as table cells (without the case columns).
pub fn deadline_cells(d: &Deadline, today: NaiveDate) -> Vec<String> {
    vec![
        d.due.to_string(),
        days_text(d.days_left(today)),
        deadline_label(d.kind),
        action_label(&d.clears),
        detail_text(&d.detail),
    ]
}

/// "还剩 3 天" / "逾期 5 天" / "今天到期".
pub fn days_text(days: i64) -> String {
    match days {
        0 => t("cli.days.today").to_string(),
        d if d < 0 => tf("cli.days.overdue", &[("n", (-d).to_string())]),
        d => tf("cli.days.left", &[("n", d.to_string())]),
    }
}

/// Label of a deadline kind: the shared enum label if present, else ours.
pub fn deadline_label(kind: DeadlineKind) -> String {
    let key = kind.label_key();
    let s = t(&key);
    if s != key {
        return s.to_string();
    }
    t(&format!("cli.deadline.{}", kind.code())).to_string()
}

/// Label of an action name (`record_search` → 记录查找); unknown names as is.
pub fn action_label(name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    let key = format!("cli.action.{name}");
    let s = t(&key);
    if s == key {
        name.to_string()
    } else {
        s.to_string()
    }
}

/// A deadline's detail, with a channel code shown as its label.
pub fn detail_text(detail: &str) -> String {
    match crate::domain::model::Channel::from_code(detail) {
        Some(ch) => crate::i18n::label(ch.label_key()).to_string(),
        None => detail.to_string(),
    }
}
