//! The procedure checklist pane (程序清单): steps and items of the selected
//! case's track, with state, date, who, document number and body; a blocked
//! item shows why.

use super::form::ItemTarget;
use super::theme::Theme;
use crate::domain::checklist::{Checklist, ItemView};
use crate::i18n::{Lang, label, lang, t, tf};
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;

#[derive(Default)]
pub struct ChecklistState {
    pub selected: usize,
}

pub fn items_of(c: &Checklist) -> impl Iterator<Item = &ItemView> {
    c.steps.iter().flat_map(|s| s.items.iter())
}

fn pick<'a>(zh: &'a str, en: &'a str) -> &'a str {
    if lang() == Lang::En { en } else { zh }
}

pub fn title(c: Option<&Checklist>) -> String {
    match c {
        None => t("ui.checklist.title_none").to_string(),
        Some(c) => {
            let total = items_of(c).count();
            let done = items_of(c).filter(|i| i.done.is_some()).count();
            tf(
                "ui.checklist.title",
                &[
                    ("track", label(c.track.label_key()).to_string()),
                    ("done", done.to_string()),
                    ("total", total.to_string()),
                ],
            )
        }
    }
}

/// The item the selection points at, as a form target.
pub fn target(c: &Checklist, selected: usize) -> Option<ItemTarget> {
    items_of(c).nth(selected).map(|i| ItemTarget {
        key: i.key.clone(),
        kind: i.kind,
        body: i.body,
        name: pick(&i.name_zh, &i.name_en).to_string(),
        signature: i.signature,
        done: i.done.clone(),
    })
}

/// The first item not done and not blocked (default target).
pub fn first_open(c: &Checklist) -> usize {
    items_of(c)
        .position(|i| i.done.is_none() && i.blocked.is_none())
        .unwrap_or(0)
}

/// List items with step headings; returns the display index of the selection.
pub fn list(
    c: &Checklist,
    selected: usize,
    theme: &Theme,
) -> (Vec<ListItem<'static>>, Option<usize>) {
    let mut out = vec![];
    let mut sel = None;
    let mut n = 0;
    if !c.track_open {
        out.push(ListItem::new(Span::styled(
            t("ui.checklist.closed"),
            theme.label(),
        )));
    }
    for s in &c.steps {
        let head = tf(
            "ui.checklist.step",
            &[
                ("no", s.no.to_string()),
                ("name", pick(&s.name_zh, &s.name_en).to_string()),
            ],
        );
        out.push(ListItem::new(Span::styled(head, theme.heading())));
        for i in &s.items {
            if n == selected {
                sel = Some(out.len());
            }
            out.push(ListItem::new(item_lines(i, theme)));
            n += 1;
        }
    }
    (out, sel)
}

fn item_lines(i: &ItemView, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = current_lines(i, theme);
    // Earlier attempts and rejected results stay visible (全程纪实).
    for r in &i.history {
        let outcome = r.outcome.map(|o| label(o.label_key())).unwrap_or_default();
        let text = tf(
            "ui.checklist.attempt",
            &[
                ("n", r.attempt.to_string()),
                ("date", r.date.format("%Y-%m-%d").to_string()),
                ("outcome", outcome.to_string()),
                ("note", r.note.clone()),
            ],
        );
        lines.push(Line::from(Span::styled(
            format!("    {text}"),
            theme.label(),
        )));
    }
    lines
}

fn current_lines(i: &ItemView, theme: &Theme) -> Vec<Line<'static>> {
    let name = pick(&i.name_zh, &i.name_en).to_string();
    let body = label(i.body.label_key());
    match (&i.done, &i.blocked) {
        (Some(r), _) => {
            let mut parts = vec![r.date.format("%Y-%m-%d").to_string(), r.who.clone()];
            if let Some(b) = r.body {
                parts.push(label(b.label_key()).to_string());
            }
            if !r.doc_no.is_empty() {
                parts.push(format!("{} {}", t("ui.field.doc_no"), r.doc_no));
            }
            vec![
                Line::from(vec![
                    Span::styled("[x] ", theme.done()),
                    Span::styled(name, theme.done()),
                    Span::styled(format!(" ({body})"), theme.label()),
                ]),
                Line::from(Span::styled(
                    format!("    {}", parts.join("  ")),
                    theme.label(),
                )),
            ]
        }
        (None, Some(why)) => vec![
            Line::from(vec![
                Span::styled("[-] ", theme.blocked()),
                Span::styled(name, theme.blocked()),
                Span::styled(format!(" ({body})"), theme.label()),
            ]),
            Line::from(Span::styled(
                format!("    {}", why.message()),
                theme.blocked(),
            )),
        ],
        (None, None) => vec![Line::from(vec![
            Span::styled("[ ] ", theme.key()),
            Span::raw(name),
            Span::styled(format!(" ({body}) [{}]", i.source), theme.label()),
        ])],
    }
}
