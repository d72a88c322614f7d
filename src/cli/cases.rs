//! `shilian case show` and `shilian case list`.

use super::ListArgs;
use super::alerts::{deadline_cells, deadline_label, deadline_table};
use super::common::{Env, print_json};
use super::table::{Table, truncate};
use crate::domain::checklist::Checklist;
use crate::domain::deadline::Deadline;
use crate::domain::model::{Case, Status};
use crate::i18n::{self, Lang, label, t, tf};
use crate::store::{RosterQuery, RosterSort, StatusFilter};
use anyhow::bail;
use serde::Serialize;

/// `case show --json`: the whole case, its checklist and its deadlines.
#[derive(Serialize)]
struct ShowOut<'a> {
    case: &'a Case,
    /// The day contact was regained, beside the original last contact.
    regained_on: Option<chrono::NaiveDate>,
    /// The day the member is (or was) a 失联党员: last contact + the policy months.
    lost_from: chrono::NaiveDate,
    /// Lost for less than the policy months on `--today` (失联未满6个月).
    watch: bool,
    checklist: Option<Checklist>,
    deadlines: Vec<DeadlineOut>,
}

#[derive(Serialize)]
struct DeadlineOut {
    #[serde(flatten)]
    deadline: Deadline,
    days_left: i64,
}

pub fn show(env: &Env, id: i64, json: bool) -> anyhow::Result<i32> {
    let ws = env.open_read()?;
    let case = ws.case(id)?;
    let checklist = ws.checklist(&case);
    let mut deadlines = ws.expected_deadlines(&case)?;
    deadlines.sort_by_key(|d| d.due);
    if json {
        let deadlines = deadlines
            .into_iter()
            .map(|d| DeadlineOut {
                days_left: d.days_left(env.today),
                deadline: d,
            })
            .collect();
        print_json(&ShowOut {
            case: &case,
            regained_on: case.regained_on(),
            lost_from: crate::domain::lost::lost_from(case.member.last_contact, ws.policy()),
            watch: crate::domain::lost::is_watch(&case, ws.policy(), env.today),
            checklist,
            deadlines,
        })?;
        return Ok(0);
    }
    super::case_text::print_case(
        &case,
        crate::domain::lost::lost_from(case.member.last_contact, ws.policy()),
        crate::domain::lost::is_watch(&case, ws.policy(), env.today),
    );
    if let Some(h) = ws.store().handed(id)? {
        println!(
            "{}",
            crate::i18n::tf(
                "bundle.handover.gone",
                &[("case", id.to_string()), ("to", h.to)]
            )
        );
    }
    if let Some(c) = &checklist {
        print_checklist(c);
    }
    let mut table = deadline_table(false);
    for d in &deadlines {
        table.row(deadline_cells(d, env.today));
    }
    section(t("cli.show.deadlines"), &table);
    Ok(0)
}

pub fn section(title: &str, table: &Table) {
    if table.is_empty() {
        return;
    }
    println!("\n{title}");
    print!("{}", table.render());
}

fn print_checklist(c: &Checklist) {
    let state = if c.track_open {
        t("cli.show.track_open")
    } else {
        t("cli.show.track_closed")
    };
    println!(
        "\n{} {} ({state})",
        t("cli.show.checklist"),
        label(c.track.label_key())
    );
    let en = i18n::lang() == Lang::En;
    for s in &c.steps {
        println!("  {}. {}", s.no, if en { &s.name_en } else { &s.name_zh });
        for it in &s.items {
            let name = if en { &it.name_en } else { &it.name_zh };
            let (mark, extra) = match (&it.done, &it.blocked) {
                (Some(r), _) => ("[x]", format!("{} {} {}", r.date, r.who, r.doc_no)),
                (None, Some(b)) => ("[-]", b.message()),
                (None, None) => ("[ ]", String::new()),
            };
            println!(
                "     {mark} {name} ({}; {}) {}",
                label(it.body.label_key()),
                it.source,
                extra.trim_end()
            );
        }
    }
}

pub fn list(env: &Env, a: &ListArgs) -> anyhow::Result<i32> {
    let ws = env.open_read()?;
    let cutoff = crate::domain::lost::lost_cutoff(env.today, ws.policy());
    let status = match &a.status {
        Some(s) => Some(parse_status(s, cutoff)?),
        None => None,
    };
    let branch = match &a.branch {
        Some(b) => Some(resolve_branch(&ws.store().branches()?, b)?),
        None => None,
    };
    let q = RosterQuery {
        text: a.text.clone().unwrap_or_default(),
        status,
        branch,
        committee: a.committee.clone(),
        sort: match a.sort.as_str() {
            "lost" => RosterSort::LostDate,
            "name" => RosterSort::Name,
            _ => RosterSort::NextDeadline,
        },
        limit: a.limit,
        ..RosterQuery::default()
    };
    let rows = ws.roster(&q)?;
    if a.json {
        print_json(&rows)?;
        return Ok(0);
    }
    let h = [
        "cli.col.case",
        "cli.col.name",
        "cli.col.status",
        "cli.col.membership",
        "cli.col.branch",
        "cli.col.last_contact",
        "cli.col.due",
        "cli.col.deadline",
    ];
    let mut table = Table::new(&h.map(t));
    for r in &rows {
        table.row(vec![
            r.id.to_string(),
            r.name.clone(),
            label(crate::domain::lost::status_key(
                r.status,
                r.last_contact,
                cutoff,
            ))
            .to_string(),
            label(r.membership.label_key()).to_string(),
            truncate(&r.branch, 28),
            r.last_contact.to_string(),
            r.next_due.map(|d| d.to_string()).unwrap_or_default(),
            r.next_kind.map(deadline_label).unwrap_or_default(),
        ]);
    }
    print!("{}", table.render());
    let total = ws.roster_count(&q)?;
    println!(
        "{}",
        tf(
            "cli.list.count",
            &[("n", rows.len().to_string()), ("total", total.to_string())]
        )
    );
    Ok(0)
}

/// `--branch`: the branch of that name, else the one branch whose name
/// contains the text; several, or none, are refused naming the branches
/// (for none: those sharing the most characters with the text).
pub fn resolve_branch(known: &[String], given: &str) -> anyhow::Result<String> {
    let given = given.trim();
    if let Some(b) = known.iter().find(|b| b.as_str() == given) {
        return Ok(b.clone());
    }
    let part: Vec<&String> = known.iter().filter(|b| b.contains(given)).collect();
    match part.as_slice() {
        [one] => return Ok((*one).clone()),
        [] => {}
        many => {
            let list: Vec<&str> = many.iter().take(10).map(|s| s.as_str()).collect();
            bail!(tf(
                "cli.list.branch_ambiguous",
                &[("value", given.to_string()), ("list", list.join("、"))]
            ))
        }
    }
    let shared = |b: &str| given.chars().filter(|c| b.contains(*c)).count();
    let mut near: Vec<(usize, &String)> = known
        .iter()
        .map(|b| (shared(b), b))
        .filter(|(n, _)| *n > 0)
        .collect();
    near.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(y.1)));
    let list: Vec<&str> = near.iter().take(5).map(|(_, b)| b.as_str()).collect();
    let key = if list.is_empty() {
        "cli.list.no_branch"
    } else {
        "cli.list.no_branch_near"
    };
    bail!(tf(
        key,
        &[("value", given.to_string()), ("list", list.join("、"))]
    ))
}

/// A status by code (`lost`) or label in either language (`失联`); `lost`
/// means 失联党员 (6 months or more), `watch` the cases lost for less.
fn parse_status(s: &str, cutoff: chrono::NaiveDate) -> anyhow::Result<StatusFilter> {
    let key = crate::domain::lost::WATCH_KEY;
    let watch = s.trim().eq_ignore_ascii_case("watch")
        || [Lang::Zh, Lang::En]
            .iter()
            .any(|l| i18n::t_in(*l, key) == s.trim());
    if watch {
        return Ok(StatusFilter::Watch { cutoff });
    }
    let found = crate::import::values::parse_enum(s, Status::ALL, |x| x.code(), |x| x.label_key());
    match found {
        Some(Status::Lost) => Ok(StatusFilter::Lost { cutoff }),
        Some(st) => Ok(StatusFilter::Is(st)),
        None => {
            let mut codes: Vec<&str> = Status::ALL.iter().map(|s| s.code()).collect();
            codes.insert(1, "watch");
            bail!(tf(
                "cli.list.bad_status",
                &[("value", s.to_string()), ("codes", codes.join(", "))]
            ))
        }
    }
}
