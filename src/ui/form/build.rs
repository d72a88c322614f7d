//! The fields of each form and how its values become a domain `Action`.

use super::field::{Field, enum_options};
use super::{Form, FormKind, ItemTarget};
use crate::domain::action::{Action, Vote};
use crate::domain::model::*;
use chrono::NaiveDate;

macro_rules! opts {
    ($t:ty) => {
        enum_options(<$t>::ALL, <$t>::code, <$t>::label_key)
    };
}

/// Options of a coded enum led by "none" (an empty code).
macro_rules! opt_opts {
    ($t:ty) => {{
        let mut v = vec![(String::new(), crate::i18n::t("ui.form.none").to_string())];
        v.extend(opts!($t));
        v
    }};
}

/// The fields a form of `kind` shows, with defaults for `today`.
pub fn fields(kind: FormKind, item: Option<&ItemTarget>, today: NaiveDate) -> Vec<Field> {
    let d = || Field::date("date", today);
    let note = || Field::note("note", "");
    match kind {
        FormKind::Search => vec![
            d(),
            Field::choice("channel", opts!(Channel), 0),
            Field::text("who", ""),
            Field::choice("search_result", opts!(SearchResult), 0),
            note(),
        ],
        FormKind::Regain | FormKind::Lapse => vec![d(), note()],
        FormKind::Convert => vec![d(), Field::note("reason", "")],
        FormKind::Conduct => vec![
            Field::choice("check", opts!(ConductCheck), 0),
            d(),
            Field::choice("check_result", opts!(CheckResult), 0),
            note(),
        ],
        FormKind::Track => vec![
            Field::choice("track", opts!(TrackKind), 0),
            d(),
            Field::note("reason", ""),
            Field::note("override_reason", ""),
            Field::choice("ground", opt_opts!(Ground), 0),
            Field::number("months", 0),
        ],
        FormKind::Item => item_fields(item, today),
        // The extension's track: it starts at the planned end of the
        // probation year, whatever day it is decided.
        FormKind::Extend => vec![d(), Field::number("months", 6), Field::note("reason", "")],
        FormKind::Correction => vec![
            d(),
            Field::choice("correction_result", opts!(CorrectionResult), 0),
            note(),
        ],
        FormKind::Persuasion => vec![
            d(),
            Field::choice("persuasion_result", opts!(PersuasionResult), 0),
            note(),
        ],
        FormKind::Appeal => vec![
            Field::choice("appeal_kind", opts!(AppealKind), 0),
            Field::date("received", today),
            note(),
        ],
        FormKind::Answer => vec![
            d(),
            Field::choice("appeal_result", opts!(AppealResult), 0),
            note(),
        ],
        FormKind::Review => review_fields(0, &[], today),
        FormKind::Campaign => vec![
            d(),
            Field::text("campaign_name", ""),
            Field::text("doc_no", ""),
        ],
        FormKind::Amend => match item.and_then(|i| i.done.as_ref()) {
            // The checklist's selected entry is done: its values, each beside
            // the value on record, and the reason for the amendment.
            Some(r) if r.id.is_some() => vec![
                Field::date("date", r.date).with_old(&r.date.format("%Y-%m-%d").to_string()),
                Field::text("who", &r.who).with_old(&r.who),
                Field::text("doc_no", &r.doc_no).with_old(&r.doc_no),
                Field::note("amend_reason", ""),
            ],
            _ => vec![Field::number("audit_seq", 0), note()],
        },
        FormKind::Assess => vec![
            d(),
            Field::choice("cause", opts!(CauseKind), 0),
            Field::choice("acknowledges", yes_no(), 0),
            note(),
        ],
        FormKind::Educate | FormKind::BranchGone => vec![d(), note()],
        FormKind::Support => vec![
            d(),
            Field::choice("measure", opts!(SupportMeasure), 0),
            note(),
        ],
    }
}

/// A yes/no choice (codes "yes"/"no").
fn yes_no() -> Vec<(String, String)> {
    ["yes", "no"]
        .iter()
        .map(|c| {
            (
                c.to_string(),
                crate::i18n::t(&format!("ui.form.{c}")).to_string(),
            )
        })
        .collect()
}

fn item_fields(item: Option<&ItemTarget>, today: NaiveDate) -> Vec<Field> {
    let mut v = vec![Field::date("date", today), Field::text("who", "")];
    match item.map(|i| i.kind) {
        Some(ItemKind::Vote) => {
            for name in ["due", "attending", "votes_for", "against", "abstaining"] {
                v.push(Field::number(name, 0));
            }
            if item.is_some_and(|i| i.signature) {
                v.push(Field::choice("signature", opts!(Signature), 0));
                v.push(Field::text("signature_note", ""));
            }
        }
        Some(ItemKind::Task) | None => {}
        Some(_) => {
            let body = item.map_or(0, |i| {
                Body::ALL.iter().position(|b| *b == i.body).unwrap_or(0)
            });
            v.push(Field::choice("body", opts!(Body), body));
            v.push(Field::text("doc_no", ""));
            if matches!(
                item.map(|i| i.kind),
                Some(ItemKind::PreReview | ItemKind::Approval)
            ) {
                v.push(Field::choice("item_outcome", opts!(ItemOutcome), 0));
            }
        }
    }
    v.push(Field::note("note", ""));
    v
}

/// Build the action from the typed values, or a message naming the bad field.
pub fn action(form: &Form) -> Result<Action, String> {
    let case = form.case;
    let f = form;
    Ok(match f.kind {
        FormKind::Search => Action::RecordSearch {
            case,
            date: f.date("date")?,
            channel: f.code("channel", Channel::from_code)?,
            who: f.get("who"),
            result: f.code("search_result", SearchResult::from_code)?,
            note: f.get("note"),
        },
        FormKind::Regain => Action::RegainContact {
            case,
            date: f.date("date")?,
            note: f.get("note"),
        },
        FormKind::Lapse => Action::RecordProbationLapse {
            case,
            date: f.date("date")?,
            note: f.get("note"),
        },
        FormKind::Convert => Action::ChooseTrack {
            case,
            track: TrackKind::ProbationConvert,
            date: f.date("date")?,
            reason: f.get("reason"),
            override_reason: String::new(),
            ground: None,
            months: None,
        },
        FormKind::Conduct => Action::RecordConduct {
            case,
            check: f.code("check", ConductCheck::from_code)?,
            date: f.date("date")?,
            result: f.code("check_result", CheckResult::from_code)?,
            note: f.get("note"),
        },
        FormKind::Track => Action::ChooseTrack {
            case,
            track: f.code("track", TrackKind::from_code)?,
            date: f.date("date")?,
            reason: f.get("reason"),
            override_reason: f.get("override_reason"),
            ground: f.opt_code("ground", Ground::from_code)?,
            months: Some(f.num("months")?).filter(|m| *m > 0),
        },
        FormKind::Item => item_action(f)?,
        FormKind::Extend => Action::ChooseTrack {
            case,
            track: TrackKind::ProbationExtend,
            date: f.date("date")?,
            reason: f.get("reason"),
            override_reason: String::new(),
            ground: None,
            months: Some(f.num("months")?),
        },
        FormKind::Correction => Action::RecordCorrectionResult {
            case,
            date: f.date("date")?,
            result: f.code("correction_result", CorrectionResult::from_code)?,
            note: f.get("note"),
        },
        FormKind::Persuasion => Action::RecordPersuasionResult {
            case,
            date: f.date("date")?,
            result: f.code("persuasion_result", PersuasionResult::from_code)?,
            note: f.get("note"),
        },
        FormKind::Appeal => Action::RecordAppeal {
            case,
            kind: f.code("appeal_kind", AppealKind::from_code)?,
            received: f.date("received")?,
            note: f.get("note"),
        },
        FormKind::Answer => Action::AnswerAppeal {
            case,
            date: f.date("date")?,
            result: f.code("appeal_result", AppealResult::from_code)?,
            note: f.get("note"),
        },
        FormKind::Review => Action::RecordReview {
            case,
            campaign: i64::from(f.num("campaign")?),
            date: f.date("date")?,
            outcome: f.code("review_outcome", ReviewOutcome::from_code)?,
            who: f.get("who"),
            criteria: Criterion::ALL
                .iter()
                .filter(|c| f.has(criterion_field(**c)))
                .map(|c| Ok((*c, f.get(criterion_field(*c)) == "met")))
                .collect::<Result<_, String>>()?,
            note: f.get("note"),
        },
        // The scope: the two kinds X三 names and every kind the policy file
        // adds (filled in by the workstation when it opens the form).
        FormKind::Campaign => Action::StartCampaign {
            date: f.date("date")?,
            name: f.get("campaign_name"),
            doc_no: f.get("doc_no"),
            scope: f.scope.clone(),
        },
        FormKind::Assess => Action::RecordAssessment {
            case,
            date: f.date("date")?,
            cause: f.code("cause", CauseKind::from_code)?,
            acknowledges: f.get("acknowledges") == "yes",
            note: f.get("note"),
        },
        FormKind::Educate => Action::RecordEducation {
            case,
            date: f.date("date")?,
            note: f.get("note"),
        },
        FormKind::Support => Action::RecordSupport {
            case,
            date: f.date("date")?,
            measure: f.code("measure", SupportMeasure::from_code)?,
            note: f.get("note"),
        },
        FormKind::BranchGone => Action::MarkBranchGone {
            case,
            date: f.date("date")?,
            note: f.get("note"),
        },
        FormKind::Amend if f.has("amend_reason") => super::amend::action(f)?,
        FormKind::Amend => Action::Correct {
            case,
            audit_seq: i64::from(f.num("audit_seq")?),
            note: f.get("note"),
        },
    })
}

fn item_action(f: &Form) -> Result<Action, String> {
    let item = f
        .item
        .as_ref()
        .ok_or_else(|| crate::i18n::t("ui.form.no_item").to_string())?;
    let vote = if item.kind == ItemKind::Vote {
        Some(Vote {
            due: f.num("due")?,
            attending: f.num("attending")?,
            votes_for: f.num("votes_for")?,
            against: f.num("against")?,
            abstaining: f.num("abstaining")?,
            signature: f.opt_code("signature", Signature::from_code)?,
            signature_note: f.get("signature_note"),
        })
    } else {
        None
    };
    let body = if f.has("body") {
        Some(f.code("body", Body::from_code)?)
    } else {
        None
    };
    Ok(Action::CompleteItem {
        case: f.case,
        item: item.key.clone(),
        date: f.date("date")?,
        who: f.get("who"),
        body,
        doc_no: f.get("doc_no"),
        note: f.get("note"),
        vote,
        outcome: f.opt_code("item_outcome", ItemOutcome::from_code)?,
    })
}

/// The field of a look-back criterion.
pub fn criterion_field(c: Criterion) -> &'static str {
    match c {
        Criterion::Conditions => "criterion_conditions",
        Criterion::Standard => "criterion_standard",
        Criterion::Procedure => "criterion_procedure",
        Criterion::Exhausted => "criterion_exhausted",
        Criterion::Records => "criterion_records",
        Criterion::Papers => "criterion_papers",
    }
}

/// The look-back review form of `campaign`: each criterion met / not met
/// (prefilled `not met` where the records carry a finding), the outcome
/// (维持 when nothing is flagged, else 撤销), who decided, a note.
pub fn review_fields(
    campaign: i64,
    criteria: &[(Criterion, bool)],
    today: NaiveDate,
) -> Vec<Field> {
    let met = || {
        vec![
            ("met".to_string(), crate::i18n::t("ui.form.met").to_string()),
            (
                "unmet".to_string(),
                crate::i18n::t("ui.form.unmet").to_string(),
            ),
        ]
    };
    let mut v = vec![
        Field::number("campaign", u32::try_from(campaign).unwrap_or(0)),
        Field::date("date", today),
        Field::text("who", ""),
    ];
    for (c, flagged) in criteria {
        v.push(Field::choice(
            criterion_field(*c),
            met(),
            usize::from(*flagged),
        ));
    }
    let any_flag = criteria.iter().any(|(_, f)| *f);
    v.push(Field::choice(
        "review_outcome",
        opts!(ReviewOutcome),
        usize::from(any_flag),
    ));
    v.push(Field::note("note", ""));
    v
}
