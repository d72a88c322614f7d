//! `shilian alerts`: deadlines most urgent first — the plain-text morning
//! briefing for a login message or cron (exit 3 when something is overdue),
//! or every deadline as JSON.

use super::common::{Env, print_json};
use super::table::{Table, truncate};
use crate::app::Workspace;
use crate::domain::deadline::{Deadline, DeadlineKind, Urgency, urgency};
use crate::i18n::{t, tf};
use crate::store::AlertRow;
use chrono::{Duration, NaiveDate};
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
    pub last_contact: NaiveDate,
    pub regained_on: Option<NaiveDate>,
}

/// Exit status of the text briefing when something is overdue (distinct
/// from 1 = error/refused and 2 = usage), so cron and login scripts can react.
pub const EXIT_OVERDUE: i32 = 3;

/// Default warning window of the briefing, in days (the "within a week" bucket).
pub const WARN_DAYS: i64 = 7;

/// `shilian alerts`: with `--json` every deadline (or those within `--within`
/// days), exit 0; otherwise the plain-text morning briefing.
pub fn alerts(env: &Env, within: Option<i64>, limit: usize, json: bool) -> anyhow::Result<i32> {
    let ws = env.open_read()?;
    if !json {
        return briefing(env, &ws, within.unwrap_or(WARN_DAYS).max(0), limit);
    }
    let rows = ws.alerts(env.today, within, None, limit)?;
    let out: Vec<AlertOut> = rows.into_iter().map(|r| alert_out(r, env.today)).collect();
    print_json(&out)?;
    Ok(0)
}

fn alert_out(r: AlertRow, today: NaiveDate) -> AlertOut {
    AlertOut {
        case: r.deadline.case,
        kind: r.deadline.kind,
        kind_label: deadline_label(r.deadline.kind),
        due: r.deadline.due,
        days_left: r.deadline.days_left(today),
        urgency: urgency(r.deadline.days_left(today)),
        detail: detail_text(&r.deadline),
        clears: r.deadline.clears,
        name: r.name,
        branch: r.branch,
        last_contact: r.last_contact,
        regained_on: r.regained_on,
    }
}

/// The morning briefing: a header line with the date and the counts
/// (overdue / due within `window` days), then one row per deadline, plain
/// text without colours. Exit `EXIT_OVERDUE` when anything is overdue.
fn briefing(env: &Env, ws: &Workspace, window: i64, limit: usize) -> anyhow::Result<i32> {
    let today = env.today;
    let store = ws.store();
    let shift = |d: i64| today.checked_add_signed(Duration::days(d));
    let overdue = store.live_alert_count(today, shift(-1).or(Some(NaiveDate::MIN)))?;
    let in_window = store.live_alert_count(today, shift(window).or(Some(NaiveDate::MAX)))?;
    let soon = in_window.saturating_sub(overdue);
    let days = window.to_string();
    println!(
        "{}",
        tf(
            "briefing.header",
            &[
                ("date", today.to_string()),
                ("overdue", overdue.to_string()),
                ("soon", soon.to_string()),
                ("days", days.clone()),
            ],
        )
    );
    if in_window == 0 {
        println!("{}", tf("briefing.none", &[("days", days)]));
        super::common::receipt_to_stderr(store.receipt()?.as_deref());
        return Ok(0);
    }
    let rows = ws.alerts(today, Some(window), None, limit)?;
    let shown = rows.len() as u64;
    let mut table = deadline_table(true);
    for a in rows.into_iter().map(|r| alert_out(r, today)) {
        table.row(vec![
            a.due.to_string(),
            days_text(a.days_left),
            a.case.to_string(),
            truncate(&a.name, 12),
            truncate(&a.branch, 24),
            a.kind_label,
            action_label(&a.clears),
            truncate(&a.detail, 30),
        ]);
    }
    print!("{}", table.render());
    if in_window > shown {
        let more = (in_window - shown).to_string();
        println!("{}", tf("briefing.more", &[("n", more)]));
    }
    super::common::receipt_to_stderr(store.receipt()?.as_deref());
    Ok(if overdue > 0 { EXIT_OVERDUE } else { 0 })
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
        detail_text(d),
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

/// A deadline's detail, with a channel code or a look-back kind (and how
/// many criteria carry a finding) shown as text.
pub fn detail_text(d: &Deadline) -> String {
    if d.kind == DeadlineKind::LookbackReview
        && let Some(s) = crate::i18n::lookback::alert_detail(&d.detail)
    {
        return s;
    }
    match crate::domain::model::Channel::from_code(&d.detail) {
        Some(ch) => crate::i18n::label(ch.label_key()).to_string(),
        None => d.detail.clone(),
    }
}
