//! One form field: free text, a date typed YYYY-MM-DD, a number, or a
//! choice cycled with Left/Right. Text-like fields are ratatui-textarea
//! editors with word wrap.

use ratatui_textarea::{TextArea, WrapMode};

#[derive(Debug)]
pub enum Input {
    /// Single- or multi-line text (`rows` tall on screen).
    Text {
        area: TextArea<'static>,
        rows: u16,
    },
    Date(TextArea<'static>),
    Number(TextArea<'static>),
    /// (code, label) options and the chosen index.
    Choice {
        options: Vec<(String, String)>,
        idx: usize,
    },
}

#[derive(Debug)]
pub struct Field {
    /// Stable name (also the draft key).
    pub name: &'static str,
    /// Language key of the label.
    pub label: String,
    pub input: Input,
    /// The value on record, shown beside the new one (an amendment).
    pub old: Option<String>,
}

pub fn editor(initial: &str) -> TextArea<'static> {
    let lines: Vec<String> = initial.split('\n').map(str::to_string).collect();
    let mut ta = TextArea::new(lines);
    ta.set_wrap_mode(WrapMode::Word);
    ta.set_cursor_line_style(ratatui::style::Style::new());
    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta
}

impl Field {
    pub fn text(name: &'static str, initial: &str) -> Field {
        Field::new(
            name,
            Input::Text {
                area: editor(initial),
                rows: 1,
            },
        )
    }

    pub fn note(name: &'static str, initial: &str) -> Field {
        Field::new(
            name,
            Input::Text {
                area: editor(initial),
                rows: 2,
            },
        )
    }

    pub fn date(name: &'static str, initial: chrono::NaiveDate) -> Field {
        Field::new(
            name,
            Input::Date(editor(&initial.format("%Y-%m-%d").to_string())),
        )
    }

    /// The same field showing `old`, the value on record, beside its input.
    pub fn with_old(mut self, old: &str) -> Field {
        self.old = Some(old.to_string());
        self
    }

    pub fn number(name: &'static str, initial: u32) -> Field {
        Field::new(name, Input::Number(editor(&initial.to_string())))
    }

    pub fn choice(name: &'static str, options: Vec<(String, String)>, idx: usize) -> Field {
        let idx = idx.min(options.len().saturating_sub(1));
        Field::new(name, Input::Choice { options, idx })
    }

    fn new(name: &'static str, input: Input) -> Field {
        Field {
            name,
            label: format!("ui.field.{name}"),
            input,
            old: None,
        }
    }

    pub fn area_mut(&mut self) -> Option<&mut TextArea<'static>> {
        match &mut self.input {
            Input::Text { area, .. } | Input::Date(area) | Input::Number(area) => Some(area),
            Input::Choice { .. } => None,
        }
    }

    pub fn area(&self) -> Option<&TextArea<'static>> {
        match &self.input {
            Input::Text { area, .. } | Input::Date(area) | Input::Number(area) => Some(area),
            Input::Choice { .. } => None,
        }
    }

    pub fn rows(&self) -> u16 {
        match &self.input {
            Input::Text { rows, .. } => *rows,
            _ => 1,
        }
    }

    /// The value as text: the typed text, or the chosen option's code.
    pub fn value(&self) -> String {
        match &self.input {
            Input::Choice { options, idx } => {
                options.get(*idx).map(|o| o.0.clone()).unwrap_or_default()
            }
            _ => self
                .area()
                .map(|a| a.lines().join("\n"))
                .unwrap_or_default(),
        }
    }

    /// Restore a value (from a draft): text replaced, choice selected by code.
    pub fn set_value(&mut self, v: &str) {
        match &mut self.input {
            Input::Choice { options, idx } => {
                if let Some(i) = options.iter().position(|o| o.0 == v) {
                    *idx = i;
                }
            }
            Input::Text { area, .. } | Input::Date(area) | Input::Number(area) => {
                *area = editor(v);
            }
        }
    }

    pub fn cycle(&mut self, forward: bool) {
        if let Input::Choice { options, idx } = &mut self.input {
            let n = options.len().max(1);
            *idx = if forward {
                (*idx + 1) % n
            } else {
                (*idx + n - 1) % n
            };
        }
    }

    /// The value on record as the form shows it: a choice by its label,
    /// an empty value as "（无）".
    pub fn old_shown(&self) -> Option<String> {
        let old = self.old.as_ref()?;
        if old.is_empty() {
            return Some(crate::i18n::t("ui.form.none").to_string());
        }
        Some(match &self.input {
            Input::Choice { options, .. } => options
                .iter()
                .find(|o| o.0 == *old)
                .map_or_else(|| old.clone(), |o| o.1.clone()),
            _ => old.clone(),
        })
    }

    pub fn is_text_like(&self) -> bool {
        self.area().is_some()
    }
}

/// Options for a coded enum: (code, translated label).
pub fn enum_options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    key: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), crate::i18n::t(&key(*v)).to_string()))
        .collect()
}
