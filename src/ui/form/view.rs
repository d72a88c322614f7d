//! Drawing a form: a centred box, one row per field, the refusal or input
//! problem in place, the confirmation prompt, and the real cursor on the caret.

use super::Form;
use super::field::Input;
use crate::i18n::{t, tf};
use crate::ui::layout::centered;
use crate::ui::text::pad;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

const LABEL_W: u16 = 14;
/// Room for the value on record beside an amended field.
const OLD_W: u16 = 26;

pub fn render_form(f: &mut Frame, form: &Form, theme: &Theme, hint: &str) {
    let rows: u16 = form.fields.iter().map(|x| x.rows()).sum();
    // A multi-line message (a conflict lists the changes) gets its rows.
    let wrapped = |l: &str| crate::ui::text::width(l).div_ceil(72).max(1);
    let extra = form
        .error
        .as_ref()
        .map_or(0, |e| e.lines().map(wrapped).sum::<usize>()) as u16;
    let area = centered(f.area(), 76, rows + 7 + extra.saturating_sub(1));
    crate::ui::text::clear_popup(f, area);
    let mut title = format!(" {} - {} ", t(&form.kind.title_key()), form.case_name);
    let entry = form.item.as_ref().map(|i| i.name.as_str());
    if let Some(entry) = form.amend.as_ref().map(|a| a.name.as_str()).or(entry) {
        title = format!(
            " {} - {} - {entry} ",
            t(&form.kind.title_key()),
            form.case_name,
        );
    }
    let block = Block::bordered()
        .border_set(theme.border_set())
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title(true)));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut y = inner.y;
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let h = field.rows().min(inner.bottom().saturating_sub(y));
        if h == 0 {
            break;
        }
        let focused = i == form.focus && form.confirming.is_none();
        let marker = if focused { ">" } else { " " };
        let label = Span::styled(
            format!("{marker}{}", pad(t(&field.label), LABEL_W as usize - 2)),
            theme.field(focused),
        );
        f.render_widget(
            Paragraph::new(Line::from(label)),
            Rect::new(inner.x, y, LABEL_W, 1),
        );
        let mut width = inner.width.saturating_sub(LABEL_W);
        if let Some(old) = field.old_shown() {
            // The value on record beside the new one.
            width = width.saturating_sub(OLD_W);
            let shown = tf("ui.form.old_value", &[("old", old)]);
            f.render_widget(
                Paragraph::new(Span::styled(
                    crate::ui::text::pad(&shown, OLD_W as usize),
                    theme.label(),
                )),
                Rect::new(inner.x + LABEL_W + width, y, OLD_W.min(inner.width), 1),
            );
        }
        let input = Rect::new(inner.x + LABEL_W, y, width, h);
        if let Some(c) = render_input(f, field, input, focused, theme) {
            cursor = Some(c);
        }
        y += h;
    }
    let rest = Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y));
    render_footer(f, form, theme, hint, rest);
    if let Some(c) = cursor {
        f.set_cursor_position(c);
    }
}

/// Draw one input; returns the caret's screen position when focused.
fn render_input(
    f: &mut Frame,
    field: &super::Field,
    r: Rect,
    focused: bool,
    theme: &Theme,
) -> Option<Position> {
    match &field.input {
        Input::Choice { options, idx } => {
            let label = options.get(*idx).map_or("", |o| o.1.as_str());
            let text = format!("< {label} >  ({}/{})", idx + 1, options.len());
            f.render_widget(Paragraph::new(Span::styled(text, theme.field(focused))), r);
            None
        }
        _ => {
            let area = field.area()?;
            f.render_widget(area, r);
            if !focused {
                return None;
            }
            let sc = area.screen_cursor();
            let (top, left) = area.scroll_offset();
            let x = r.x + (sc.col as u16).saturating_sub(left);
            let y = r.y + (sc.row as u16).saturating_sub(top);
            Some(Position::new(
                x.min(r.right().saturating_sub(1)),
                y.min(r.bottom().saturating_sub(1)),
            ))
        }
    }
}

fn render_footer(f: &mut Frame, form: &Form, theme: &Theme, hint: &str, r: Rect) {
    let mut lines = vec![Line::raw("")];
    if let Some(err) = &form.error {
        for (i, l) in err.lines().enumerate() {
            let mark = if i == 0 { "! " } else { "  " };
            lines.push(Line::from(Span::styled(
                format!("{mark}{l}"),
                theme.error(),
            )));
        }
    }
    if form.confirming.is_some() {
        let msg = tf("ui.form.confirm_irreversible", &[]);
        lines.push(Line::from(Span::styled(msg, theme.overdue())));
    } else {
        lines.push(Line::from(Span::styled(hint.to_string(), theme.label())));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), r);
}
