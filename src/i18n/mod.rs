//! All user-facing strings, one file per language in `data/lang/`.
//! Keys are flat (`pane.roster.title`); `{name}` placeholders are filled by `tf`.

pub mod lookback;

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// Each language is one set of files in `data/lang/`, split by area (enum
/// labels, refusal messages, workstation, command line) and joined here.
pub const ZH: &str = concat!(
    include_str!("../../data/lang/zh-CN.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.refusal.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.ui.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.cli.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.import.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.papers.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.help.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.store.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.bundle.toml"),
    "\n",
    include_str!("../../data/lang/zh-CN.lookback.toml"),
);
pub const EN: &str = concat!(
    include_str!("../../data/lang/en.toml"),
    "\n",
    include_str!("../../data/lang/en.refusal.toml"),
    "\n",
    include_str!("../../data/lang/en.ui.toml"),
    "\n",
    include_str!("../../data/lang/en.cli.toml"),
    "\n",
    include_str!("../../data/lang/en.import.toml"),
    "\n",
    include_str!("../../data/lang/en.papers.toml"),
    "\n",
    include_str!("../../data/lang/en.help.toml"),
    "\n",
    include_str!("../../data/lang/en.store.toml"),
    "\n",
    include_str!("../../data/lang/en.bundle.toml"),
    "\n",
    include_str!("../../data/lang/en.lookback.toml"),
);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" | "zh-CN" | "zh_CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

pub fn set_lang(lang: Lang) {
    LANG.store(if lang == Lang::En { 1 } else { 0 }, Ordering::Relaxed);
}

pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == 1 {
        Lang::En
    } else {
        Lang::Zh
    }
}

type Table = HashMap<String, String>;

/// Flatten a TOML document into dotted keys.
pub fn flatten(text: &str) -> Result<Table, String> {
    let value: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Table::new();
    fn walk(prefix: &str, t: &toml::Table, out: &mut Table) -> Result<(), String> {
        for (k, v) in t {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                toml::Value::Table(t) => walk(&key, t, out)?,
                _ => return Err(format!("{key}: only strings and tables are allowed")),
            }
        }
        Ok(())
    }
    walk("", &value, &mut out)?;
    Ok(out)
}

fn table(lang: Lang) -> &'static Table {
    static ZH_T: OnceLock<Table> = OnceLock::new();
    static EN_T: OnceLock<Table> = OnceLock::new();
    match lang {
        Lang::Zh => ZH_T.get_or_init(|| flatten(ZH).expect("zh-CN.toml is valid")),
        Lang::En => EN_T.get_or_init(|| flatten(EN).expect("en.toml is valid")),
    }
}

/// The string for `key` in the current language; the key itself if missing
/// (a test checks that both files hold every key used).
pub fn t(key: &str) -> &'static str {
    t_in(lang(), key)
}

/// Is `key` in the strings of `lang`?
pub fn has_key(lang: Lang, key: &str) -> bool {
    table(lang).contains_key(key)
}

pub fn t_in(lang: Lang, key: &str) -> &'static str {
    match table(lang).get(key) {
        Some(s) => s.as_str(),
        None => Box::leak(key.to_string().into_boxed_str()),
    }
}

/// `t` with `{name}` placeholders filled.
pub fn tf(key: &str, args: &[(&str, String)]) -> String {
    let mut s = t(key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Display label of a coded enum value, e.g. `label(Status::Lost.label_key())`.
pub fn label(key: String) -> &'static str {
    t(&key)
}

/// A milestone's note for display: the rules store a track or outcome code
/// there for some kinds (what took effect, what the discipline body
/// decided); those are shown by their label, never as the code.
pub fn milestone_note(m: &crate::domain::model::Milestone) -> String {
    use crate::domain::model::{MilestoneKind as K, ReferralOutcome, TrackKind};
    let coded = match m.kind {
        K::Disposed | K::CorrectionStarted => TrackKind::from_code(&m.note).map(|k| k.label_key()),
        K::ReferralReturned => ReferralOutcome::from_code(&m.note).map(|o| o.label_key()),
        _ => None,
    };
    coded.map_or_else(|| m.note.clone(), |k| label(k).to_string())
}

/// A deadline's detail for display: a coded value (the channel last
/// searched, the status under look-back, the probation track that can be
/// chosen) by its label, never as the code; other details as they are.
pub fn deadline_detail(kind: crate::domain::deadline::DeadlineKind, detail: &str) -> String {
    use crate::domain::deadline::DeadlineKind as K;
    use crate::domain::model::{Channel, TrackKind};
    let coded = match kind {
        K::SearchStale => Channel::from_code(detail).map(|c| c.label_key()),
        K::LookbackReview => {
            return lookback::alert_detail(detail).unwrap_or_else(|| detail.to_string());
        }
        K::ProbationEnds | K::ExtendedProbationEnds => {
            TrackKind::from_code(detail).map(|k| k.label_key())
        }
        _ => None,
    };
    coded.map_or_else(|| detail.to_string(), |k| label(k).to_string())
}

pub fn refusal_message(r: &crate::domain::refusal::Refusal) -> String {
    let body = tf(&format!("refusal.{}", r.code), &r.args);
    tf(
        "refusal_frame.frame",
        &[("message", body), ("source", r.source.to_string())],
    )
}
