//! Procedure definitions: the steps and items of every track, read from
//! `data/procedures.toml` (embedded) or an operator's file.

use super::model::{Body, ItemKind, Status, TrackKind};
use serde::Deserialize;

pub const DEFAULT_PROCEDURES: &str = include_str!("../../data/procedures.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub key: String,
    pub kind: ItemKind,
    pub body: Body,
    #[serde(default)]
    pub effect: bool,
    pub name_zh: String,
    pub name_en: String,
    pub source: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    pub name_zh: String,
    pub name_en: String,
    pub items: Vec<ItemDef>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackDef {
    pub kind: TrackKind,
    pub name_zh: String,
    pub name_en: String,
    pub source: String,
    /// Statuses the track may be chosen from.
    pub from: Vec<Status>,
    /// Status the member has once the `effect` item is completed.
    pub outcome: Status,
    pub steps: Vec<StepDef>,
}

impl TrackDef {
    /// Step number (1-based) and definition of an item.
    pub fn find_item(&self, key: &str) -> Option<(u8, &ItemDef)> {
        self.steps.iter().enumerate().find_map(|(i, s)| {
            s.items
                .iter()
                .find(|it| it.key == key)
                .map(|it| (i as u8 + 1, it))
        })
    }

    pub fn is_final_item(&self, key: &str) -> bool {
        self.find_item(key).is_some_and(|(_, it)| it.effect)
    }

    pub fn all_items(&self) -> impl Iterator<Item = (u8, &ItemDef)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.items.iter().map(move |it| (i as u8 + 1, it)))
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedures {
    pub tracks: Vec<TrackDef>,
}

impl Procedures {
    /// Parse and check a procedures file. Errors carry the line and the reason.
    pub fn parse(text: &str) -> Result<Procedures, String> {
        let p: Procedures = toml::from_str(text).map_err(|e| e.to_string())?;
        p.check()?;
        Ok(p)
    }

    pub fn embedded() -> Procedures {
        Procedures::parse(DEFAULT_PROCEDURES).expect("embedded procedures.toml is valid")
    }

    pub fn track(&self, kind: TrackKind) -> Option<&TrackDef> {
        self.tracks.iter().find(|t| t.kind == kind)
    }

    fn check(&self) -> Result<(), String> {
        for kind in TrackKind::ALL {
            let n = self.tracks.iter().filter(|t| t.kind == *kind).count();
            if n != 1 {
                return Err(format!(
                    "track `{}` must be defined exactly once (found {n})",
                    kind.code()
                ));
            }
        }
        for t in &self.tracks {
            let effects = t.all_items().filter(|(_, i)| i.effect).count();
            if effects != 1 {
                return Err(format!(
                    "track `{}` must have exactly one item with effect = true (found {effects})",
                    t.kind.code()
                ));
            }
            if t.steps.iter().any(|s| s.items.is_empty()) {
                return Err(format!(
                    "track `{}` has a step without items",
                    t.kind.code()
                ));
            }
            let mut keys: Vec<&str> = t.all_items().map(|(_, i)| i.key.as_str()).collect();
            keys.sort();
            if keys.windows(2).any(|w| w[0] == w[1]) {
                return Err(format!("track `{}` repeats an item key", t.kind.code()));
            }
        }
        Ok(())
    }
}
