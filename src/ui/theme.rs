//! Semantic styles. Colour, 16-colour and mono built-ins; in mono every
//! meaning is carried by REVERSED / BOLD / UNDERLINED plus glyphs.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeChoice {
    Color,
    Basic16,
    Mono,
}

impl ThemeChoice {
    /// A theme by its name in the configuration file.
    pub fn parse(s: &str) -> Option<ThemeChoice> {
        match s {
            "color" => Some(ThemeChoice::Color),
            "basic16" => Some(ThemeChoice::Basic16),
            "mono" => Some(ThemeChoice::Mono),
            _ => None,
        }
    }

    /// Mono when `--no-color` or `NO_COLOR` is set or the terminal is a
    /// plain one (`plain_term`); else the configuration file's `theme`;
    /// else 16 colours on the Linux console, full colour otherwise.
    pub fn detect(no_color_flag: bool) -> ThemeChoice {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let configured = crate::config::installed().and_then(|c| c.theme.as_deref());
        if no_color_flag || no_color || Self::plain_term() {
            ThemeChoice::Mono
        } else if let Some(c) = configured.and_then(ThemeChoice::parse) {
            c
        } else if std::env::var("TERM").is_ok_and(|t| t == "linux") {
            ThemeChoice::Basic16
        } else {
            ThemeChoice::Color
        }
    }

    /// TERM names a terminal without colour or box-drawing glyphs (vt100,
    /// dumb): mono and ASCII borders are chosen by themselves.
    pub fn plain_term() -> bool {
        std::env::var("TERM").is_ok_and(|t| plain_term_name(&t))
    }
}

fn plain_term_name(term: &str) -> bool {
    matches!(term, "vt100" | "vt102" | "vt220" | "dumb")
}

/// A plain ASCII border set.
pub const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub choice: ThemeChoice,
    pub ascii: bool,
}

impl Theme {
    pub fn new(choice: ThemeChoice, ascii: bool) -> Theme {
        Theme { choice, ascii }
    }

    fn mono(&self) -> bool {
        self.choice == ThemeChoice::Mono
    }

    fn fg(&self, rich: Color, basic: Color) -> Style {
        match self.choice {
            ThemeChoice::Color => Style::new().fg(rich),
            ThemeChoice::Basic16 => Style::new().fg(basic),
            ThemeChoice::Mono => Style::new(),
        }
    }

    pub fn border_set(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    pub fn base(&self) -> Style {
        Style::new()
    }

    pub fn title(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Rgb(255, 215, 95), Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            self.fg(Color::Rgb(175, 175, 175), Color::White)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Rgb(255, 215, 95), Color::Yellow)
        } else {
            self.fg(Color::Rgb(98, 98, 98), Color::DarkGray)
        }
    }

    /// The selected row: reversed in every theme, never colour alone.
    pub fn selected(&self) -> Style {
        let s = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        if self.mono() { s } else { s.fg(Color::Cyan) }
    }

    /// A pane's selected row: reversed only in the focused pane, the
    /// others underlined, so focus shows without colour.
    pub fn selected_in(&self, focused: bool) -> Style {
        if focused {
            self.selected()
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn overdue(&self) -> Style {
        self.fg(Color::Rgb(255, 95, 95), Color::LightRed)
            .add_modifier(Modifier::BOLD)
    }

    pub fn due_soon(&self) -> Style {
        self.fg(Color::Rgb(255, 175, 0), Color::Yellow)
            .add_modifier(Modifier::UNDERLINED)
    }

    pub fn done(&self) -> Style {
        self.fg(Color::Rgb(95, 215, 95), Color::Green)
    }

    pub fn blocked(&self) -> Style {
        self.fg(Color::Rgb(138, 138, 138), Color::DarkGray)
            .add_modifier(Modifier::ITALIC)
    }

    pub fn heading(&self) -> Style {
        self.fg(Color::Rgb(135, 175, 255), Color::LightBlue)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// The bars of the statistics view.
    pub fn bar(&self) -> Style {
        self.fg(Color::Rgb(95, 175, 255), Color::LightBlue)
    }

    /// A name that stands out without colour (tree nodes).
    pub fn strong(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        self.fg(Color::Rgb(138, 138, 138), Color::Gray)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Rgb(95, 215, 255), Color::LightCyan)
            .add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Rgb(255, 95, 95), Color::LightRed)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn info(&self) -> Style {
        self.fg(Color::Rgb(95, 215, 95), Color::Green)
    }

    /// The focused field of a form.
    pub fn field(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        } else {
            Style::new()
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_terminals_are_recognised() {
        for t in ["vt100", "dumb"] {
            assert!(super::plain_term_name(t), "{t}");
        }
        for t in ["linux", "xterm-256color", "screen", "tmux-256color"] {
            assert!(!super::plain_term_name(t), "{t}");
        }
    }
}
