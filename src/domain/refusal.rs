//! Why the rules refused an action: a stable rule code, the paragraph of the
//! Notice (or related rule) it comes from, and the facts for the message.
//! The message text lives in the language files under `refusal.<code>`.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Refusal {
    /// Stable rule code, e.g. `prereview_missing`.
    pub code: &'static str,
    /// Source paragraph, e.g. `N三(2)`.
    pub source: &'static str,
    /// Named values substituted into the message template.
    pub args: Vec<(&'static str, String)>,
}

impl Refusal {
    pub fn new(code: &'static str, source: &'static str) -> Self {
        Refusal {
            code,
            source,
            args: vec![],
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The message in the current UI language, naming rule and source.
    pub fn message(&self) -> String {
        crate::i18n::refusal_message(self)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Refusal {}
