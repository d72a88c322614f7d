//! The text form of one whole case (一人一档), for `case show`.

use super::cases::section;
use super::table::Table;
use crate::domain::model::Case;
use crate::i18n::{label, t, tf};

fn yes_no(b: bool) -> String {
    t(if b { "cli.yes" } else { "cli.no" }).to_string()
}

fn opt_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn field(key: &str, value: String) {
    let value = crate::domain::text::escape_line(&value);
    println!("  {}: {value}", t(key));
}

/// `lost_from`: last contact + the policy months; `watch`: still before it
/// on `--today` (the status then shows as 失联未满6个月).
pub fn print_case(c: &Case, lost_from: chrono::NaiveDate, watch: bool) {
    let m = &c.member;
    let status_key = if watch {
        crate::domain::lost::WATCH_KEY.to_string()
    } else {
        c.status.label_key()
    };
    println!(
        "{} {}  {}  {} ({} {})  v{}",
        t("cli.col.case"),
        c.id,
        crate::domain::text::escape_line(&m.name),
        label(status_key),
        t("cli.show.since"),
        c.status_since,
        c.version
    );
    field("cli.column.gender", label(m.gender.label_key()).to_string());
    field("cli.column.id_number", m.id_number.clone());
    field("cli.column.birth_date", m.birth_date.to_string());
    field(
        "cli.column.membership",
        label(m.membership.label_key()).to_string(),
    );
    field("cli.column.probation_start", opt_date(m.probation_start));
    field("cli.column.committee", m.committee.clone());
    field("cli.column.branch", m.branch.clone());
    field("cli.column.joined", m.joined.to_string());
    field("cli.column.phone", m.phone.clone());
    field("cli.column.address", m.address.clone());
    field("cli.column.employer", m.employer.clone());
    field(
        "cli.column.focus_area",
        label(m.focus_area.label_key()).to_string(),
    );
    field("cli.column.abroad", label(m.abroad.label_key()).to_string());
    field("cli.column.last_contact", m.last_contact.to_string());
    field("cli.show.lost_from", lost_from.to_string());
    if let Some(r) = c.regained_on() {
        field("cli.show.regained_on", r.to_string());
    }
    field("cli.column.branch_exists", yes_no(m.branch_exists));
    field(
        "cli.column.lost_cause",
        label(m.lost_cause.label_key()).to_string(),
    );
    let covered: Vec<&str> = c
        .channels_covered()
        .into_iter()
        .map(|ch| label(ch.label_key()))
        .collect();
    field("cli.show.channels", covered.join("、"));
    print_records(c);
    print_tracks(c);
    print_later(c);
}

fn print_records(c: &Case) {
    let mut s = Table::new(&[
        t("cli.col.date"),
        t("cli.col.channel"),
        t("cli.col.who"),
        t("cli.col.result"),
        t("cli.col.note"),
    ]);
    for r in &c.searches {
        s.row(vec![
            r.date.to_string(),
            label(r.channel.label_key()).into(),
            r.who.clone(),
            label(r.result.label_key()).into(),
            r.note.clone(),
        ]);
    }
    section(t("cli.show.searches"), &s);
    let mut k = Table::new(&[
        t("cli.col.date"),
        t("cli.col.check"),
        t("cli.col.result"),
        t("cli.col.note"),
    ]);
    for r in &c.conduct {
        k.row(vec![
            r.date.to_string(),
            label(r.check.label_key()).into(),
            label(r.result.label_key()).into(),
            r.note.clone(),
        ]);
    }
    section(t("cli.show.conduct"), &k);
    let mut f = Table::new(&[t("cli.col.date"), t("cli.col.note"), t("cli.col.result")]);
    for r in &c.referrals {
        let outcome = match r.outcome {
            Some(o) => format!(
                "{} {} {}",
                opt_date(r.outcome_date),
                label(o.label_key()),
                r.outcome_note
            ),
            None => String::new(),
        };
        f.row(vec![r.date.to_string(), r.note.clone(), outcome]);
    }
    section(t("cli.show.referrals"), &f);
}

fn print_tracks(c: &Case) {
    let mut tr = Table::new(&[
        t("cli.col.track"),
        t("cli.col.started"),
        t("cli.col.closed"),
        t("cli.col.reason"),
    ]);
    for k in &c.tracks {
        let closed = match (k.closed, k.completed) {
            (Some(d), true) => format!("{d} {}", t("cli.show.completed")),
            (Some(d), false) => format!("{d} {}", t("cli.show.abandoned")),
            (None, _) => t("cli.show.track_open").to_string(),
        };
        let mut reason = k.reason.clone();
        if !k.override_reason.is_empty() {
            reason = format!(
                "{reason} [{}: {}]",
                t("cli.show.override"),
                k.override_reason
            );
        }
        if let Some(g) = k.ground {
            reason = format!("{reason} [{}]", label(g.label_key()));
        }
        if let Some(m) = k.months {
            reason = format!(
                "{reason} [{}]",
                tf("papers.dossier.period_months", &[("n", m.to_string())])
            );
        }
        tr.row(vec![
            label(k.kind.label_key()).into(),
            k.started.to_string(),
            closed,
            reason,
        ]);
    }
    section(t("cli.show.tracks"), &tr);
    let mut v = Table::new(&[t("cli.col.date"), t("cli.col.vote"), t("cli.col.signature")]);
    for d in &c.decisions {
        v.row(vec![
            d.meeting_date.to_string(),
            format!(
                "{}/{}: +{} -{} ={}",
                d.attending, d.due, d.votes_for, d.against, d.abstaining
            ),
            format!(
                "{} {} {}",
                label(
                    if d.passed {
                        "enum.vote.passed"
                    } else {
                        "enum.vote.failed"
                    }
                    .to_string()
                ),
                d.signature
                    .map(|s| label(s.label_key()))
                    .unwrap_or_default(),
                d.signature_note
            ),
        ]);
    }
    section(t("cli.show.decisions"), &v);
}

fn print_later(c: &Case) {
    let mut e = Table::new(&[t("cli.col.date"), t("cli.col.note")]);
    for x in &c.extensions {
        e.row(vec![
            x.start.to_string(),
            format!("{} {} {}", x.months, t("cli.show.months"), x.doc_no),
        ]);
    }
    for x in &c.suspensions {
        let mut note = label(crate::domain::model::Status::Suspended.label_key()).to_string();
        if x.abroad {
            note.push_str(&format!(" ({})", t("cli.show.abroad")));
        }
        e.row(vec![x.date.to_string(), note]);
    }
    for x in &c.transfers {
        let note = format!("{} {} {}", x.to_org, x.letter_no, opt_date(x.received));
        e.row(vec![x.issued.to_string(), note]);
    }
    for x in &c.retentions {
        e.row(vec![
            x.date.to_string(),
            format!("{} {} {}", t("cli.show.retention"), x.doc_no, x.note),
        ]);
    }
    for x in &c.appeals {
        let res = x.result.map(|r| label(r.label_key())).unwrap_or_default();
        let note = format!(
            "{} {} {} {}",
            t("cli.show.appeal"),
            x.note,
            opt_date(x.answered),
            res
        );
        e.row(vec![x.received.to_string(), note]);
    }
    for x in &c.reviews {
        let note = format!(
            "{} {} {}",
            t("cli.show.review"),
            label(x.outcome.label_key()),
            x.note
        );
        e.row(vec![x.date.to_string(), note]);
    }
    for x in &c.milestones {
        e.row(vec![
            x.date.to_string(),
            format!(
                "{} {}",
                label(x.kind.label_key()),
                crate::i18n::milestone_note(x)
            ),
        ]);
    }
    section(t("cli.show.events"), &e);
}
