//! The key registry: defaults from `data/keymap.toml`, patched by an
//! operator's file. Help overlay and footer hints are generated from it.

use super::command::{Command, KeyCtx};
use anyhow::{Context, bail};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::path::Path;

pub const DEFAULT_KEYMAP: &str = include_str!("../../data/keymap.toml");

/// One key: a code plus Ctrl/Alt (Shift is carried by the character itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            c => c,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = strip(s, "Ctrl-");
        let (alt, rest) = strip(rest, "Alt-");
        let code = named_code(rest).or_else(|| {
            let mut cs = rest.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Some(KeyCode::Char(c)),
                _ => None,
            }
        })?;
        Some(Key { code, ctrl, alt })
    }

    /// Short label for help and footer ("Ctrl-s", "Enter", "q").
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => NAMED
                .iter()
                .find(|(_, c)| *c == other)
                .map_or("?".to_string(), |(n, _)| n.to_string()),
        };
        let ctrl = if self.ctrl { "Ctrl-" } else { "" };
        let alt = if self.alt { "Alt-" } else { "" };
        format!("{ctrl}{alt}{base}")
    }
}

fn strip<'a>(s: &'a str, prefix: &str) -> (bool, &'a str) {
    match s.strip_prefix(prefix) {
        Some(r) if !r.is_empty() => (true, r),
        _ => (false, s),
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BackTab", KeyCode::BackTab),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
];

fn named_code(s: &str) -> Option<KeyCode> {
    if s == "Space" {
        return Some(KeyCode::Char(' '));
    }
    if let Some(n) = s.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
        return Some(KeyCode::F(n));
    }
    NAMED.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
}

/// Commands in registry order, each with its keys.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<(Command, Vec<Key>)>,
}

impl Keymap {
    pub fn embedded() -> Keymap {
        // Registry order (help and footer follow it), keys from the file.
        let bindings = super::command::COMMANDS
            .iter()
            .map(|(c, _, _)| (*c, vec![]))
            .collect();
        let mut km = Keymap { bindings };
        km.patch(DEFAULT_KEYMAP)
            .expect("embedded data/keymap.toml is valid");
        km
    }

    /// Defaults patched by the operator's file, if any.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Keymap> {
        let mut km = Keymap::embedded();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading keymap {}", path.display()))?;
            km.patch(&text)
                .with_context(|| format!("keymap {}", path.display()))?;
        }
        Ok(km)
    }

    /// Replace the keys of every command the text names.
    pub fn patch(&mut self, text: &str) -> anyhow::Result<()> {
        let doc: BTreeMap<String, BTreeMap<String, Vec<String>>> = toml::from_str(text)?;
        for (section, entries) in doc {
            for (name, keys) in entries {
                let cmd = Command::from_name(&name)
                    .with_context(|| format!("unknown command `{name}`"))?;
                if cmd.ctx().name() != section {
                    bail!("command `{name}` belongs in [{}]", cmd.ctx().name());
                }
                let parsed = keys
                    .iter()
                    .map(|k| Key::parse(k).with_context(|| format!("bad key `{k}` for {name}")))
                    .collect::<anyhow::Result<Vec<Key>>>()?;
                self.set(cmd, parsed);
            }
        }
        Ok(())
    }

    fn set(&mut self, cmd: Command, keys: Vec<Key>) {
        match self.bindings.iter_mut().find(|(c, _)| *c == cmd) {
            Some(b) => b.1 = keys,
            None => self.bindings.push((cmd, keys)),
        }
    }

    /// The command bound to `key` in `ctx`.
    pub fn lookup(&self, ctx: KeyCtx, key: Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|(c, keys)| c.ctx() == ctx && keys.contains(&key))
            .map(|(c, _)| *c)
    }

    /// First match over contexts tried in order.
    pub fn resolve(&self, ctxs: &[KeyCtx], ev: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(ev);
        ctxs.iter().find_map(|c| self.lookup(*c, key))
    }

    pub fn keys(&self, cmd: Command) -> &[Key] {
        self.bindings
            .iter()
            .find(|(c, _)| *c == cmd)
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// "q/Esc" style label of a command's keys.
    pub fn keys_label(&self, cmd: Command) -> String {
        let v: Vec<String> = self.keys(cmd).iter().map(Key::label).collect();
        v.join("/")
    }

    pub fn in_ctx(&self, ctx: KeyCtx) -> impl Iterator<Item = &(Command, Vec<Key>)> {
        self.bindings.iter().filter(move |(c, _)| c.ctx() == ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    #[test]
    fn defaults_bind_every_command_and_override_replaces_keys() {
        let mut km = Keymap::embedded();
        for (cmd, _, _) in super::super::command::COMMANDS {
            assert!(!km.keys(*cmd).is_empty(), "{} unbound", cmd.name());
        }
        km.patch("[global]\nquit = [\"Ctrl-q\"]\n").unwrap();
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(km.resolve(&[KeyCtx::Global], &q), Some(Command::Quit));
        let plain = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(km.resolve(&[KeyCtx::Global], &plain), None);
        assert!(km.patch("[global]\nnope = [\"x\"]\n").is_err());
        assert!(km.patch("[list]\nquit = [\"x\"]\n").is_err());
    }

    /// A key bound in two contexts that are active together would make one
    /// of its commands unreachable: global keys are shadowed by nothing, and
    /// a case key works from the roster too.
    #[test]
    fn default_keys_are_not_bound_twice_where_contexts_meet() {
        let km = Keymap::embedded();
        let keys = |ctx: KeyCtx| -> Vec<(Command, Key)> {
            km.in_ctx(ctx)
                .flat_map(|(c, ks)| ks.iter().map(move |k| (*c, *k)))
                .collect()
        };
        let pairs = [
            (KeyCtx::Global, KeyCtx::List),
            (KeyCtx::Global, KeyCtx::Roster),
            (KeyCtx::Global, KeyCtx::Case),
            (KeyCtx::Case, KeyCtx::List),
            (KeyCtx::Case, KeyCtx::Roster),
            (KeyCtx::List, KeyCtx::Roster),
        ];
        for (a, b) in pairs {
            for (ca, ka) in keys(a) {
                for (cb, kb) in keys(b) {
                    assert!(
                        ka != kb,
                        "{} is bound to {} and {}",
                        ka.label(),
                        ca.name(),
                        cb.name()
                    );
                }
            }
        }
    }
}
