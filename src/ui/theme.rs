//! Semantic styles. Colour, 16-colour and mono built-ins; in mono every
//! meaning is carried by REVERSED / BOLD / UNDERLINED plus glyphs.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Full colour sent as 24-bit RGB (the terminal says it has it:
    /// `COLORTERM=truecolor` or `24bit`).
    Color,
    /// The same colours as xterm-256 palette indices (every colour of the
    /// theme is a palette entry, so a default palette shows the same): 11
    /// bytes an SGR instead of up to 19, and right on a terminal that
    /// approximates RGB. What full colour is sent as unless the terminal
    /// says it has 24-bit colour (most SSH sessions do not pass
    /// `COLORTERM` on).
    Color256,
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
            c.sent_as(Self::truecolor())
        } else if std::env::var("TERM").is_ok_and(|t| t == "linux") {
            ThemeChoice::Basic16
        } else {
            ThemeChoice::Color.sent_as(Self::truecolor())
        }
    }

    /// Full colour as RGB only where the terminal says it has 24-bit
    /// colour, else as palette indices; other themes as they are.
    fn sent_as(self, truecolor: bool) -> ThemeChoice {
        match self {
            ThemeChoice::Color | ThemeChoice::Color256 if truecolor => ThemeChoice::Color,
            ThemeChoice::Color | ThemeChoice::Color256 => ThemeChoice::Color256,
            other => other,
        }
    }

    /// `COLORTERM` says the terminal has 24-bit colour.
    fn truecolor() -> bool {
        std::env::var("COLORTERM").is_ok_and(|v| matches!(v.as_str(), "truecolor" | "24bit"))
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
            ThemeChoice::Color256 => Style::new().fg(palette(rich)),
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

/// The xterm-256 palette colour of `c` when it is one exactly (the 6x6x6
/// cube or the grey ramp); any other colour as it is.
fn palette(c: Color) -> Color {
    const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let Color::Rgb(r, g, b) = c else {
        return c;
    };
    let level = |v: u8| CUBE.iter().position(|&l| l == v);
    if let (Some(r), Some(g), Some(b)) = (level(r), level(g), level(b)) {
        // 16 + 36r + 6g + b: at most 231.
        return Color::Indexed((16 + 36 * r + 6 * g + b) as u8);
    }
    // The grey ramp 232..=255: 8, 18, …, 238.
    if r == g && g == b && r >= 8 && (r - 8) % 10 == 0 && r <= 238 {
        return Color::Indexed(232 + (r - 8) / 10);
    }
    c
}

/// The RGB value of an xterm-256 palette index from 16 up, as xterm's
/// default palette has it (the tests check `palette` against it).
#[cfg(test)]
fn xterm_rgb(i: u8) -> (u8, u8, u8) {
    const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];
    if i >= 232 {
        let v = 8 + 10 * (i - 232);
        return (v, v, v);
    }
    let i = usize::from(i - 16);
    (CUBE[i / 36], CUBE[(i / 6) % 6], CUBE[i % 6])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every style of the full-colour theme, as RGB and as palette.
    fn styles(t: &Theme) -> Vec<Style> {
        let mut v = vec![
            t.overdue(),
            t.due_soon(),
            t.done(),
            t.blocked(),
            t.heading(),
            t.bar(),
            t.label(),
            t.key(),
            t.error(),
            t.info(),
            t.selected(),
        ];
        for f in [false, true] {
            v.extend([t.title(f), t.border(f)]);
        }
        v
    }

    #[test]
    fn the_palette_theme_shows_exactly_the_rgb_colours_on_a_default_palette() {
        let rgb = Theme::new(ThemeChoice::Color, false);
        let idx = Theme::new(ThemeChoice::Color256, false);
        let mut indexed = 0;
        for (a, b) in styles(&rgb).into_iter().zip(styles(&idx)) {
            assert_eq!(a.add_modifier, b.add_modifier);
            match (a.fg, b.fg) {
                (Some(Color::Rgb(r, g, bl)), Some(Color::Indexed(i))) => {
                    assert_eq!(xterm_rgb(i), (r, g, bl), "index {i}");
                    indexed += 1;
                }
                // Named colours (the selected row's cyan) go as they are.
                (x, y) => assert_eq!(x, y),
            }
        }
        assert!(indexed >= 12, "{indexed} colours indexed");
    }

    #[test]
    fn palette_maps_cube_and_grey_entries_and_leaves_other_colours() {
        assert_eq!(palette(Color::Rgb(138, 138, 138)), Color::Indexed(245));
        assert_eq!(palette(Color::Rgb(98, 98, 98)), Color::Indexed(241));
        assert_eq!(palette(Color::Rgb(255, 215, 95)), Color::Indexed(221));
        assert_eq!(palette(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(palette(Color::Rgb(255, 255, 255)), Color::Indexed(231));
        assert_eq!(palette(Color::Rgb(1, 2, 3)), Color::Rgb(1, 2, 3));
        assert_eq!(
            palette(Color::Rgb(248, 248, 248)),
            Color::Rgb(248, 248, 248)
        );
        assert_eq!(palette(Color::Cyan), Color::Cyan);
    }

    #[test]
    fn full_colour_is_rgb_only_where_the_terminal_says_so() {
        use ThemeChoice as T;
        assert_eq!(T::Color.sent_as(true), T::Color);
        assert_eq!(T::Color.sent_as(false), T::Color256);
        assert_eq!(T::Color256.sent_as(true), T::Color);
        assert_eq!(T::Mono.sent_as(false), T::Mono);
        assert_eq!(T::Basic16.sent_as(true), T::Basic16);
    }

    #[test]
    fn plain_terminals_are_recognised() {
        for t in ["vt100", "dumb"] {
            assert!(plain_term_name(t), "{t}");
        }
        for t in ["linux", "xterm-256color", "screen", "tmux-256color"] {
            assert!(!plain_term_name(t), "{t}");
        }
    }
}
