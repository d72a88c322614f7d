//! Procedure definitions: the steps and items of every track, read from
//! `data/procedures.toml` (embedded) or an operator's file.

use super::model::{Body, Ground, ItemKind, Status, TrackKind};
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
    /// Items of the same track that must be done first (order inside a step
    /// where the Notice fixes it, DOMAIN.md section 3).
    #[serde(default)]
    pub after: Vec<String>,
    /// An item recorded with this one: same date, and this one waits for it
    /// (the committee's guide attends the meeting, N三(3)).
    #[serde(default)]
    pub with: Option<String>,
    /// The vote is a 处置决议 the member signs, or the branch notes why not [N三(3)].
    #[serde(default)]
    pub signature: bool,
    /// Named facts checked on the item's own date (`rules::facts`, item facts).
    #[serde(default)]
    pub requires: Vec<String>,
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
    /// Named facts that must hold when the track is chosen (see
    /// `rules::facts`); one engine checks them in order.
    #[serde(default)]
    pub requires: Vec<String>,
    /// The N三 grounds the track may rest on; when not empty, one is required.
    #[serde(default)]
    pub grounds: Vec<Ground>,
    /// Where the track goes back to after a failed vote, a disagreeing
    /// pre-review or a refused approval: this item and every later one are
    /// done again (default: the first item).
    #[serde(default)]
    pub revise_from: Option<String>,
    /// Status the member has once the `effect` item is completed; none when
    /// the effect leaves the status as it is.
    #[serde(default)]
    pub outcome: Option<Status>,
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

    /// Position of an item in the track's order (steps, then items).
    pub fn position(&self, key: &str) -> Option<usize> {
        self.all_items().position(|(_, it)| it.key == key)
    }

    /// Position from which a rejected attempt is done again.
    pub fn revise_position(&self) -> usize {
        self.revise_from
            .as_deref()
            .and_then(|k| self.position(k))
            .unwrap_or(0)
    }

    pub fn all_items(&self) -> impl Iterator<Item = (u8, &ItemDef)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.items.iter().map(move |it| (i as u8 + 1, it)))
    }
}

impl TrackDef {
    /// `after`, `with` and `revise_from` name items of this track; an item
    /// may only wait for one placed before it, so the order has no cycle.
    fn check_order(&self) -> Result<(), String> {
        let code = self.kind.code();
        if let Some(k) = &self.revise_from
            && self.position(k).is_none()
        {
            return Err(format!("track `{code}`: revise_from names no item `{k}`"));
        }
        for (i, (_, it)) in self.all_items().enumerate() {
            for dep in it.after.iter().chain(it.with.iter()) {
                match self.position(dep) {
                    Some(p) if p < i => {}
                    Some(_) => {
                        return Err(format!(
                            "track `{code}`: item `{}` waits for `{dep}`, which comes after it",
                            it.key
                        ));
                    }
                    None => {
                        return Err(format!(
                            "track `{code}`: item `{}` waits for unknown item `{dep}`",
                            it.key
                        ));
                    }
                }
            }
        }
        Ok(())
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
            t.check_order()?;
            for (_, it) in t.all_items() {
                if let Some(r) = it
                    .requires
                    .iter()
                    .find(|r| !super::rules::facts::is_known_item_fact(r))
                {
                    return Err(format!(
                        "track `{}`: item `{}` requires unknown fact `{r}`",
                        t.kind.code(),
                        it.key
                    ));
                }
            }
            for r in &t.requires {
                if !super::rules::facts::is_known(r) {
                    return Err(format!(
                        "track `{}`: unknown fact `{r}` in requires",
                        t.kind.code()
                    ));
                }
            }
        }
        Ok(())
    }
}
