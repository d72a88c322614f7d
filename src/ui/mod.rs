//! The full-screen workstation: four panes (roster, case detail, deadline
//! alerts, procedure checklist), modal forms, a keymap registry that also
//! drives the help overlay and footer, semantic themes, and the terminal
//! setup/teardown. Reads through `app::Workspace`; changes things only with
//! `Workspace::run_expecting`.

mod alerts;
mod app;
mod batch;
mod checklist;
mod command;
mod detail;
mod detail_entry;
mod draft;
mod form;
mod forms;
mod help;
mod import_screen;
mod keymap;
mod layout;
mod nav;
mod roster;
pub mod scroll;
mod stats;
mod terminal;
pub(crate) mod text;
mod theme;
mod trail;
mod tree;
mod view;

pub use alerts::{ALERT_PAGE, ALERT_WINDOW};
pub use app::App;
pub use command::{Command, KeyCtx};
pub use draft::{Draft, write_slot as save_draft_now};
pub use form::FormKind;
pub use keymap::{DEFAULT_KEYMAP, Keymap};
pub use layout::{MIN_HEIGHT, MIN_WIDTH};
pub use nav::SETTLE;
pub use terminal::run_terminal;
pub use terminal::{Exit, Host, restore_terminal, run_app};
pub use theme::{Theme, ThemeChoice};

use chrono::NaiveDate;
use std::path::PathBuf;

/// How the workstation starts. The CLI builds this from its flags.
#[derive(Clone, Debug)]
pub struct UiOptions {
    /// "Today" for days-left and form defaults (the CLI passes the clock's date).
    pub today: NaiveDate,
    pub theme: ThemeChoice,
    /// Plain ASCII borders for fonts without box-drawing glyphs.
    pub ascii: bool,
    /// Operator keymap file overriding `data/keymap.toml` entries.
    pub keymap_file: Option<PathBuf>,
    /// Where an open form's text is saved on hang-up, SIGTERM or panic.
    pub draft_path: PathBuf,
}

impl UiOptions {
    pub fn new(today: NaiveDate, draft_path: PathBuf) -> UiOptions {
        UiOptions {
            today,
            theme: ThemeChoice::detect(false),
            ascii: false,
            keymap_file: None,
            draft_path,
        }
    }
}
