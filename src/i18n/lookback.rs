//! Text of the look-back review (回头看) for the command line and the
//! workstation: the domain gives codes (`domain::lookback`), this renders them.

use super::{Lang, label, lang, t, tf};
use crate::domain::lookback::{CaseReview, CriterionView, Finding};
use crate::domain::model::{Campaign, LookbackKind, Review, TrackKind};
use crate::domain::procedure::Procedures;

fn item_name(procs: &Procedures, track: TrackKind, item: &str) -> String {
    procs
        .track(track)
        .and_then(|d| d.find_item(item))
        .map(|(_, it)| match lang() {
            Lang::Zh => it.name_zh.clone(),
            Lang::En => it.name_en.clone(),
        })
        .unwrap_or_else(|| item.to_string())
}

/// One finding as a sentence.
pub fn finding(f: &Finding, procs: &Procedures) -> String {
    let key = format!("lookback.finding.{}", f.code());
    let track = |k: TrackKind| label(k.label_key()).to_string();
    match f {
        Finding::ChannelsBelowMinimum { covered, min } => tf(
            &key,
            &[("covered", covered.to_string()), ("min", min.to_string())],
        ),
        Finding::OverrideUsed { track: k, reason } => {
            tf(&key, &[("track", track(*k)), ("reason", reason.clone())])
        }
        Finding::SearchesWithoutNote { count } => tf(&key, &[("count", count.to_string())]),
        Finding::StepWithoutDocNo { track: k, item } | Finding::MissingItem { track: k, item } => {
            tf(
                &key,
                &[("track", track(*k)), ("item", item_name(procs, *k, item))],
            )
        }
        Finding::NoSearchRecord | Finding::NoGround | Finding::NoConductCheck => {
            t(&key).to_string()
        }
    }
}

/// A criterion with what the records say on it.
pub fn criterion(cv: &CriterionView, procs: &Procedures) -> String {
    let name = label(cv.criterion.label_key()).to_string();
    if cv.findings.is_empty() {
        return tf("lookback.text.criterion_ok", &[("criterion", name)]);
    }
    let sep = match lang() {
        Lang::Zh => "；",
        Lang::En => "; ",
    };
    let all: Vec<String> = cv.findings.iter().map(|f| finding(f, procs)).collect();
    tf(
        "lookback.text.criterion_flag",
        &[("criterion", name), ("findings", all.join(sep))],
    )
}

/// Channels searched against the policy minimum.
pub fn channels(r: &CaseReview) -> String {
    if r.channels.is_empty() {
        return tf(
            "lookback.text.channels_none",
            &[("min", r.min_channels.to_string())],
        );
    }
    let list: Vec<&str> = r.channels.iter().map(|c| label(c.label_key())).collect();
    tf(
        "lookback.text.channels",
        &[
            ("covered", r.channels.len().to_string()),
            ("min", r.min_channels.to_string()),
            ("list", list.join("、")),
        ],
    )
}

/// The recorded review: outcome, date, who, each criterion.
pub fn recorded(r: &Review) -> Vec<String> {
    let outcome = label(r.outcome.label_key()).to_string();
    let date = r.date.to_string();
    if r.criteria.is_empty() {
        return vec![tf(
            "lookback.text.recorded_old",
            &[("outcome", outcome), ("date", date)],
        )];
    }
    let mut v = vec![tf(
        "lookback.text.recorded",
        &[("outcome", outcome), ("date", date), ("who", r.who.clone())],
    )];
    for c in &r.criteria {
        let result = if c.met {
            "lookback.text.met"
        } else {
            "lookback.text.unmet"
        };
        v.push(tf(
            "lookback.text.criterion_result",
            &[
                ("criterion", label(c.criterion.label_key()).to_string()),
                ("result", t(result).to_string()),
            ],
        ));
    }
    v
}

/// The kinds of a scope, by their labels.
pub fn kinds(scope: &[LookbackKind]) -> String {
    let v: Vec<&str> = scope.iter().map(|k| label(k.label_key())).collect();
    v.join("、")
}

/// The campaign's heading line.
pub fn campaign(c: &Campaign) -> String {
    let doc_no = if c.doc_no.is_empty() {
        String::new()
    } else {
        tf("lookback.text.doc_no", &[("doc_no", c.doc_no.clone())])
    };
    let mut s = tf(
        "lookback.text.campaign",
        &[
            ("id", c.id.to_string()),
            ("date", c.date.to_string()),
            ("name", c.name.clone()),
            ("doc_no", doc_no),
        ],
    );
    if c.migrated {
        s.push_str(&tf(
            "lookback.text.migrated",
            &[("date", c.date.to_string())],
        ));
    }
    s
}

/// A look-back deadline's detail (`kind` or `kind:N`) as text.
pub fn alert_detail(detail: &str) -> Option<String> {
    let (code, n) = match detail.split_once(':') {
        Some((c, n)) => (c, Some(n)),
        None => (detail, None),
    };
    let kind = label(LookbackKind::from_code(code)?.label_key()).to_string();
    Some(match n {
        Some(n) => tf(
            "lookback.text.alert_detail_flagged",
            &[("kind", kind), ("n", n.to_string())],
        ),
        None => tf("lookback.text.alert_detail", &[("kind", kind)]),
    })
}
