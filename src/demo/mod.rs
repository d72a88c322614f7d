//! The demo database: invented members of three fictional grassroots
//! committees, every status and every track present, deadlines overdue,
//! due this week, this month and later relative to `today`. Built only by
//! running real actions through the `Workspace`, so the data obeys the rules.
//! Deterministic: the same count and today give the same database.

mod builder;
mod lookback;
pub mod people;
pub mod rng;
pub mod scenario;
mod tracks;

use crate::app::{ActionError, Workspace};
use crate::domain::action::Action;
use crate::domain::model::Member;
use anyhow::bail;
use builder::Sb;
use chrono::NaiveDate;
use rng::Rng;
use scenario::Kind;
use std::collections::HashSet;

const SEED: u64 = 0x0053_4849_4C49_414E; // "SHILIAN"
/// Cases per transaction.
const CHUNK: usize = 2000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub cases: usize,
    pub actions: usize,
}

struct Plan {
    kind: Kind,
    member: Member,
    rng: Rng,
}

fn plan(n: usize, today: NaiveDate, seed: u64) -> Vec<Plan> {
    let mut used = HashSet::new();
    (0..n)
        .map(|i| {
            let mut rng = Rng::new(SEED ^ seed ^ (i as u64).wrapping_mul(0x9E37_79B9));
            let kind = lookback::kind_at(i, n).unwrap_or_else(|| scenario::kind_for(i, &mut rng));
            let shape = scenario::shape(kind, &mut rng, today);
            let member = people::member(&mut rng, &mut used, &shape);
            Plan { kind, member, rng }
        })
        .collect()
}

fn fail(kind: Kind, actions: &[Action], i: usize, e: ActionError) -> anyhow::Error {
    let what = match &e {
        ActionError::Refused(r) => format!("{} ({})", r.message(), r.code),
        ActionError::Store(s) => s.to_string(),
    };
    let action = actions
        .get(i)
        .and_then(|a| serde_json::to_string(a).ok())
        .unwrap_or_default();
    anyhow::anyhow!("demo story {kind:?} was refused: {what}\n  action: {action}")
}

/// Fill `ws` with `n` invented cases.
pub fn generate(ws: &mut Workspace, n: usize, today: NaiveDate) -> anyhow::Result<Summary> {
    generate_seeded(ws, n, today, 0)
}

/// As `generate`, with other invented people for another `seed` (0: the
/// usual ones): a second demo unit for compiling (issue 16).
pub fn generate_seeded(
    ws: &mut Workspace,
    n: usize,
    today: NaiveDate,
    seed: u64,
) -> anyhow::Result<Summary> {
    let procedures = ws.procedures().clone();
    let probation_months = ws.policy().probation.months;
    let mut plans = plan(n, today, seed);
    let mut summary = Summary::default();
    let mut searched = None;
    for chunk in plans.chunks_mut(CHUNK) {
        let creates: Vec<Action> = chunk
            .iter()
            .map(|p| Action::CreateCase {
                member: p.member.clone(),
                status: crate::domain::model::Status::Lost,
            })
            .collect();
        let ids = match ws.run_batch(&creates, today) {
            Ok(outs) => outs.into_iter().map(|o| o.case).collect::<Vec<_>>(),
            Err((i, e)) => return Err(fail(chunk[i].kind, &creates, i, e)),
        };
        let mut actions = Vec::new();
        let mut owner = Vec::new();
        for (p, id) in chunk.iter_mut().zip(ids) {
            if p.kind == Kind::LookbackSearched {
                searched = Some(id);
            }
            let mut sb = Sb {
                id,
                today,
                rng: &mut p.rng,
                procs: &procedures,
                member: &p.member,
                acts: Vec::new(),
                branch_gone: !p.member.branch_exists,
                probation_months,
            };
            scenario::story(p.kind, &mut sb);
            owner.extend(std::iter::repeat_n(p.kind, sb.acts.len()));
            actions.extend(sb.acts);
        }
        if let Err((i, e)) = ws.run_batch(&actions, today) {
            return Err(fail(owner[i], &actions, i, e));
        }
        summary.cases += chunk.len();
        summary.actions += creates.len() + actions.len();
    }
    if n > 0 && summary.cases != n {
        bail!("demo: {} of {n} cases created", summary.cases);
    }
    if let Some(id) = searched {
        lookback::campaign(ws, today, id)?;
        summary.actions += 2;
    }
    Ok(summary)
}
