//! clap's usage errors in the language of the run: the common kinds are
//! rewritten from the error's context with `help.error.*` strings; other
//! kinds (and anything without the expected context) keep clap's own text.

use crate::i18n::{Lang, t_in};
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The message to print for a usage error, or None to let clap print it.
pub fn message(e: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En || !e.use_stderr() {
        return None;
    }
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let say = |key: &str, pairs: &[(&str, &str)]| {
        let mut s = t_in(lang, &format!("help.error.{key}")).to_string();
        for (name, v) in pairs {
            s = s.replace(&format!("{{{name}}}"), v);
        }
        s
    };
    let main = match (e.kind(), arg.as_deref(), value.as_deref()) {
        (ErrorKind::UnknownArgument, Some(a), _) => say("unknown_argument", &[("arg", a)]),
        (ErrorKind::InvalidSubcommand, _, _) => {
            let sub = text(ContextKind::InvalidSubcommand)?;
            say("unknown_command", &[("value", &sub)])
        }
        (ErrorKind::InvalidValue, Some(a), Some("")) => say("value_missing", &[("arg", a)]),
        (ErrorKind::InvalidValue, Some(a), Some(v)) => {
            let mut s = say("invalid_value", &[("arg", a), ("value", v)]);
            if let Some(valid) = text(ContextKind::ValidValue) {
                s.push_str(&say("possible", &[("values", &valid)]));
            }
            s
        }
        (ErrorKind::ValueValidation, Some(a), Some(v)) => {
            let reason = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            say(
                "invalid_value_because",
                &[("arg", a), ("value", v), ("reason", &reason)],
            )
        }
        (ErrorKind::MissingRequiredArgument, Some(a), _) => say("missing", &[("args", a)]),
        (ErrorKind::ArgumentConflict, Some(a), _) => {
            let other = text(ContextKind::PriorArg).unwrap_or_default();
            say("conflict", &[("arg", a), ("other", &other)])
        }
        _ => return None,
    };
    let mut out = format!("{}{main}", t_in(lang, "help.error.prefix"));
    let suggested =
        text(ContextKind::SuggestedSubcommand).or_else(|| text(ContextKind::SuggestedArg));
    if let Some(s) = suggested {
        out.push_str(&format!("\n\n  {}", say("did_you_mean", &[("value", &s)])));
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim_start();
        out.push_str(&format!("\n\n{}{usage}", t_in(lang, "help.heading.usage")));
    }
    out.push_str(&format!("\n\n{}", t_in(lang, "help.error.more")));
    Some(out)
}
