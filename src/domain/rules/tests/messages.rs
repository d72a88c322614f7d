//! Every refusal code used by the rules has a message in both languages,
//! and every placeholder in a message is an argument the code can carry.

use crate::i18n::{EN, ZH, flatten};

const SOURCES: &[&str] = &[
    include_str!("../after.rs"),
    include_str!("../common.rs"),
    include_str!("../contact.rs"),
    include_str!("../item.rs"),
    include_str!("../member.rs"),
    include_str!("../mod.rs"),
    include_str!("../probation.rs"),
    include_str!("../track.rs"),
    include_str!("../transfer.rs"),
    include_str!("../../checklist.rs"),
];

/// Refusal codes: the first string literal after `Refusal::new(`, and the
/// codes passed to `require_text` or listed as `(field, "code")` pairs.
fn codes() -> Vec<String> {
    let mut out = vec![];
    for src in SOURCES {
        for marker in ["Refusal::new(", "require_text(", "_required\")"] {
            for (pos, _) in src.match_indices(marker) {
                let rest = &src[pos + marker.len()..];
                let lit = if marker.ends_with(')') {
                    let start = src[..pos].rfind('"').map(|p| p + 1).unwrap_or(pos);
                    Some(format!("{}_required", &src[start..pos]))
                } else {
                    // The literal must be the first argument: `f("code"` or `f(value, "code"`.
                    let rest = rest.trim_start();
                    let arg = if marker == "Refusal::new(" {
                        rest
                    } else {
                        rest.split_once(',')
                            .map(|(_, r)| r.trim_start())
                            .unwrap_or("")
                    };
                    arg.strip_prefix('"')
                        .and_then(|s| s.find('"').map(|e| s[..e].to_string()))
                };
                if let Some(code) = lit.filter(|c| {
                    c.chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch.is_ascii_digit())
                        && !c.is_empty()
                }) {
                    out.push(code);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_refusal_code_has_messages_in_both_languages() {
    let zh = flatten(ZH).expect("zh");
    let en = flatten(EN).expect("en");
    let codes = codes();
    assert!(codes.len() > 60, "found {} codes", codes.len());
    let missing: Vec<_> = codes
        .iter()
        .filter(|c| {
            !zh.contains_key(&format!("refusal.{c}")) || !en.contains_key(&format!("refusal.{c}"))
        })
        .collect();
    assert!(missing.is_empty(), "codes without messages: {missing:?}");
}

#[test]
fn placeholders_agree_between_languages() {
    let zh = flatten(ZH).expect("zh");
    let en = flatten(EN).expect("en");
    let holes = |s: &str| {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split_once('}').map(|(h, _)| h.to_string()))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    for (k, z) in zh.iter().filter(|(k, _)| k.starts_with("refusal.")) {
        let e = en.get(k).expect("same keys");
        assert_eq!(holes(z), holes(e), "{k}");
    }
}
