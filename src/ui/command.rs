//! Typed UI commands (what a key means), separate from domain `Action`s.
//! One table names each command, its key context and its help text key.

use super::form::FormKind;

/// Where a binding applies. The focused pane's context is tried first,
/// then `Case` (actions on the selected case), then `Global`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCtx {
    Global,
    List,
    Roster,
    Case,
    Form,
}

impl KeyCtx {
    pub const ALL: [KeyCtx; 5] = [
        KeyCtx::Global,
        KeyCtx::List,
        KeyCtx::Roster,
        KeyCtx::Case,
        KeyCtx::Form,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KeyCtx::Global => "global",
            KeyCtx::List => "list",
            KeyCtx::Roster => "roster",
            KeyCtx::Case => "case",
            KeyCtx::Form => "form",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    NextPane,
    PrevPane,
    SwitchView,
    Reload,
    /// Open the import screen (roster file → preview → import).
    Import,
    /// The statistics view of the unit the tree has chosen.
    Stats,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Filter,
    CycleStatus,
    CycleBranch,
    CycleCommittee,
    CycleMembership,
    CycleFocus,
    CycleAbroad,
    CycleSort,
    ClearFilters,
    /// Batch work: mark the row, a range, every row of the filter; unmark all.
    Mark,
    MarkRange,
    MarkAll,
    ClearMarks,
    OpenForm(FormKind),
    /// Write the open case's dossier (一人一档) to a file.
    WriteDossier,
    NextField,
    PrevField,
    ChoicePrev,
    ChoiceNext,
    Submit,
    Cancel,
}

use Command as C;
use KeyCtx as K;

/// (command, config name, context). The keymap file uses the names.
pub const COMMANDS: &[(Command, &str, KeyCtx)] = &[
    (C::Quit, "quit", K::Global),
    (C::Help, "help", K::Global),
    (C::NextPane, "next_pane", K::Global),
    (C::PrevPane, "prev_pane", K::Global),
    (C::SwitchView, "switch_view", K::Global),
    (C::Reload, "reload", K::Global),
    (C::Import, "import", K::Global),
    (C::Stats, "stats", K::Global),
    (C::Up, "up", K::List),
    (C::Down, "down", K::List),
    (C::PageUp, "page_up", K::List),
    (C::PageDown, "page_down", K::List),
    (C::Top, "top", K::List),
    (C::Bottom, "bottom", K::List),
    (C::Open, "open", K::List),
    (C::Filter, "filter", K::Roster),
    (C::CycleStatus, "cycle_status", K::Roster),
    (C::CycleBranch, "cycle_branch", K::Roster),
    (C::CycleCommittee, "cycle_committee", K::Roster),
    (C::CycleMembership, "cycle_membership", K::Roster),
    (C::CycleFocus, "cycle_focus", K::Roster),
    (C::CycleAbroad, "cycle_abroad", K::Roster),
    (C::CycleSort, "cycle_sort", K::Roster),
    (C::ClearFilters, "clear_filters", K::Roster),
    (C::Mark, "mark", K::Roster),
    (C::MarkRange, "mark_range", K::Roster),
    (C::MarkAll, "mark_all", K::Roster),
    (C::ClearMarks, "clear_marks", K::Roster),
    (C::OpenForm(FormKind::Search), "form_search", K::Case),
    (C::OpenForm(FormKind::Regain), "form_regain", K::Case),
    (C::OpenForm(FormKind::Conduct), "form_conduct", K::Case),
    (C::OpenForm(FormKind::Track), "form_track", K::Case),
    (C::OpenForm(FormKind::Item), "form_item", K::Case),
    (C::OpenForm(FormKind::Extend), "form_extend", K::Case),
    (C::OpenForm(FormKind::Convert), "form_convert", K::Case),
    (C::OpenForm(FormKind::Lapse), "form_lapse", K::Case),
    (
        C::OpenForm(FormKind::Correction),
        "form_correction",
        K::Case,
    ),
    (
        C::OpenForm(FormKind::Persuasion),
        "form_persuasion",
        K::Case,
    ),
    (C::OpenForm(FormKind::Appeal), "form_appeal", K::Case),
    (C::OpenForm(FormKind::Answer), "form_answer", K::Case),
    (C::OpenForm(FormKind::Review), "form_review", K::Case),
    (C::OpenForm(FormKind::Campaign), "form_campaign", K::Case),
    (C::OpenForm(FormKind::Amend), "form_amend", K::Case),
    (C::OpenForm(FormKind::Assess), "form_assess", K::Case),
    (C::OpenForm(FormKind::Educate), "form_educate", K::Case),
    (C::OpenForm(FormKind::Support), "form_support", K::Case),
    (
        C::OpenForm(FormKind::BranchGone),
        "form_branch_gone",
        K::Case,
    ),
    (C::WriteDossier, "write_dossier", K::Case),
    (C::NextField, "next_field", K::Form),
    (C::PrevField, "prev_field", K::Form),
    (C::ChoicePrev, "choice_prev", K::Form),
    (C::ChoiceNext, "choice_next", K::Form),
    (C::Submit, "submit", K::Form),
    (C::Cancel, "cancel", K::Form),
];

impl Command {
    pub fn name(self) -> &'static str {
        COMMANDS
            .iter()
            .find(|(c, _, _)| *c == self)
            .map_or("?", |(_, n, _)| n)
    }

    pub fn from_name(name: &str) -> Option<Command> {
        COMMANDS
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(c, _, _)| *c)
    }

    pub fn ctx(self) -> KeyCtx {
        COMMANDS
            .iter()
            .find(|(c, _, _)| *c == self)
            .map_or(KeyCtx::Global, |(_, _, k)| *k)
    }

    /// Key of the help text in the language files.
    pub fn help_key(self) -> String {
        format!("ui.cmd.{}", self.name())
    }
}
