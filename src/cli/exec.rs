//! `shilian exec FILE|-`: a JSON array of actions, run all or nothing.

use super::common::{Env, print_json};
use super::table::Table;
use crate::app::ActionError;
use crate::domain::action::Action;
use crate::i18n::{t, tf};
use anyhow::{Context, bail};
use std::io::Read;

/// Read and parse the actions; every bad element is reported with its index.
pub fn parse_actions(text: &str, source: &str) -> anyhow::Result<Vec<Action>> {
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
        match serde_json::from_value::<Action>(item) {
            Ok(a) => actions.push(a),
            Err(e) => errors.push(tf(
                "cli.exec.bad_action",
                &[("index", i.to_string()), ("reason", e.to_string())],
            )),
        }
    }
    if !errors.is_empty() {
        bail!("{}\n{}", errors.join("\n"), t("cli.exec.nothing_changed"));
    }
    Ok(actions)
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
    let actions = parse_actions(&text, source)?;
    let mut ws = env.open()?;
    let outcomes = match ws.run_batch(&actions, env.today) {
        Ok(o) => o,
        Err((i, e)) => {
            let name = actions.get(i).map(|a| a.name()).unwrap_or("?");
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
