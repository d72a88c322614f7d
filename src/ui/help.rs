//! The help overlay and the footer hints, both generated from the keymap
//! registry so they never drift from the real bindings.

use super::command::{Command, KeyCtx};
use super::keymap::Keymap;
use super::layout::centered;
use super::theme::Theme;
use crate::i18n::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

/// Every binding, grouped by context.
pub fn help_lines(km: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = vec![];
    for ctx in KeyCtx::ALL {
        out.push(Line::from(Span::styled(
            t(&format!("ui.ctx.{}", ctx.name())),
            theme.heading(),
        )));
        for (cmd, _) in km.in_ctx(ctx) {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<18}", km.keys_label(*cmd)), theme.key()),
                Span::raw(t(&cmd.help_key())),
            ]));
        }
        out.push(Line::raw(""));
    }
    out
}

fn popup(screen: Rect) -> Rect {
    centered(screen, 70, screen.height.saturating_sub(2))
}

/// The largest useful scroll offset of the help on a screen this size.
pub fn max_scroll(km: &Keymap, theme: &Theme, screen: Rect) -> u16 {
    let inner = popup(screen).height.saturating_sub(2);
    (help_lines(km, theme).len() as u16).saturating_sub(inner)
}

pub fn render_help(f: &mut Frame, km: &Keymap, theme: &Theme, scroll: u16) {
    let area = popup(f.area());
    super::text::clear_popup(f, area);
    let block = Block::bordered()
        .border_set(theme.border_set())
        .border_style(theme.border(true))
        .title(Span::styled(
            format!(" {} ", t("ui.help.title")),
            theme.title(true),
        ));
    let para = Paragraph::new(help_lines(km, theme))
        .block(block)
        .scroll((scroll, 0));
    f.render_widget(para, area);
}

/// Footer: a few of the commands that apply now, keys from the registry.
pub fn hints(km: &Keymap, cmds: &[Command], theme: &Theme) -> Line<'static> {
    let mut spans = vec![];
    for c in cmds {
        let keys = km.keys(*c);
        let Some(k) = keys.first() else { continue };
        spans.push(Span::styled(k.label(), theme.key()));
        spans.push(Span::raw(format!(
            " {}  ",
            t(&format!("ui.hint.{}", c.name()))
        )));
    }
    Line::from(spans)
}

/// The hint text shown under a form (plain text).
pub fn form_hint(km: &Keymap) -> String {
    [
        Command::NextField,
        Command::ChoiceNext,
        Command::Submit,
        Command::Cancel,
    ]
    .iter()
    .map(|c| {
        format!(
            "{} {}",
            km.keys_label(*c),
            t(&format!("ui.hint.{}", c.name()))
        )
    })
    .collect::<Vec<_>>()
    .join("  ")
}
