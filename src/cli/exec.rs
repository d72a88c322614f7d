//! `shilian exec FILE|-`: a JSON array of actions, run all or nothing.

use super::common::{Env, print_json};
use super::table::Table;
use crate::app::ActionError;
use crate::domain::action::Action;
use crate::i18n::{t, tf};
use anyhow::{Context, bail};
use std::io::Read;

/// Take an element's optional `expect_version` (the case version the
/// script last saw; a save against a case that moved on is a conflict).
fn split_version(mut item: serde_json::Value) -> Result<(serde_json::Value, Option<i64>), String> {
    let Some(obj) = item.as_object_mut() else {
        return Ok((item, None));
    };
    match obj.remove("expect_version") {
        None | Some(serde_json::Value::Null) => Ok((item, None)),
        Some(v) => match v.as_i64() {
            Some(n) if n >= 1 => Ok((item, Some(n))),
            _ => Err(tf("cli.exec.bad_version", &[("value", v.to_string())])),
        },
    }
}

/// Read and parse the actions with their expected case versions; every bad
/// element is reported with its index.
pub fn parse_versioned(text: &str, source: &str) -> anyhow::Result<Vec<(Action, Option<i64>)>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let args = [("path", source.to_string()), ("reason", e.to_string())];
        anyhow::anyhow!(
            "{}\n{}",
            tf("cli.exec.bad_json", &args),
            t("cli.exec.nothing_changed")
        )
    })?;
    let serde_json::Value::Array(items) = value else {
        let msg = tf("cli.exec.not_array", &[("path", source.to_string())]);
        bail!("{msg}\n{}", t("cli.exec.nothing_changed"));
    };
    let mut actions = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let parsed = split_version(item).and_then(|(item, v)| {
            serde_json::from_value::<Action>(item)
                .map(|a| (a, v))
                .map_err(|e| e.to_string())
        });
        match parsed {
            Ok(a) => actions.push(a),
            Err(e) => errors.push(tf(
                "cli.exec.bad_action",
                &[("index", i.to_string()), ("reason", e)],
            )),
        }
    }
    if !errors.is_empty() {
        bail!("{}\n{}", errors.join("\n"), t("cli.exec.nothing_changed"));
    }
    Ok(actions)
}

/// A refusal for scripts (`exec --json`): the index, the action, the rule
/// code and source, and the message, so no script matches message text.
fn refusal_json(index: usize, action: &str, e: &ActionError) -> serde_json::Value {
    let (code, source) = match e {
        ActionError::Refused(r) => (r.code.to_string(), r.source.to_string()),
        ActionError::Store(crate::store::StoreError::Conflict { .. }) => {
            ("conflict".to_string(), String::new())
        }
        ActionError::Store(_) => ("store".to_string(), String::new()),
    };
    let args: serde_json::Map<String, serde_json::Value> = match e {
        ActionError::Refused(r) => r
            .args
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
            .collect(),
        ActionError::Store(_) => serde_json::Map::new(),
    };
    serde_json::json!({
        "ok": false,
        "index": index,
        "action": action,
        "code": code,
        "source": source,
        "args": args,
        "message": action_error(e),
    })
}

/// The message for an action that did not happen.
pub fn action_error(e: &ActionError) -> String {
    match e {
        ActionError::Refused(r) => r.message(),
        ActionError::Store(s) => s.to_string(),
    }
}

pub fn exec(env: &Env, file: &str, json: bool) -> anyhow::Result<i32> {
    let text = if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context(t("cli.exec.stdin"))?;
        s
    } else {
        std::fs::read_to_string(file)
            .with_context(|| tf("cli.read_failed", &[("path", file.into())]))?
    };
    let source = if file == "-" { "stdin" } else { file };
    let actions = parse_versioned(&text, source)?;
    let mut ws = env.open()?;
    let outcomes = match ws.run_batch_versions(&actions, env.today) {
        Ok(o) => o,
        Err((i, e)) => {
            let name = actions.get(i).map(|(a, _)| a.name()).unwrap_or("?");
            if json {
                print_json(&refusal_json(i, name, &e))?;
                eprintln!("{}", t("cli.exec.nothing_changed"));
                return Ok(1);
            }
            bail!(
                "{}\n{}",
                tf(
                    "cli.exec.refused",
                    &[
                        ("index", i.to_string()),
                        ("action", name.to_string()),
                        ("reason", action_error(&e))
                    ]
                ),
                t("cli.exec.nothing_changed")
            );
        }
    };
    if json {
        print_json(&outcomes)?;
        return Ok(0);
    }
    let mut table = Table::new(&[
        t("cli.col.index"),
        t("cli.col.case"),
        t("cli.col.action"),
        t("cli.col.version"),
    ]);
    for (i, o) in outcomes.iter().enumerate() {
        table.row(vec![
            i.to_string(),
            o.case.to_string(),
            super::alerts::action_label(&o.action),
            o.version.to_string(),
        ]);
    }
    print!("{}", table.render());
    println!(
        "{}",
        tf("cli.exec.done", &[("n", outcomes.len().to_string())])
    );
    Ok(0)
}
