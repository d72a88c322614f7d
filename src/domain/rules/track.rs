//! Choosing and abandoning an outcome or status track [N二, N三, N四]. What
//! a track needs is data (`from`, `requires`, `grounds` in
//! `data/procedures.toml`); this file runs it.

use super::Ctx;
use super::common::*;
use super::facts;
use crate::domain::model::*;
use crate::domain::procedure::TrackDef;
use crate::domain::refusal::Refusal;
use chrono::NaiveDate;

pub struct ChooseIn<'a> {
    pub kind: TrackKind,
    pub date: NaiveDate,
    pub reason: &'a str,
    pub override_reason: &'a str,
    pub months: Option<u32>,
    pub ground: Option<Ground>,
}

pub fn choose_track(case: &mut Case, c: ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    let Some(def) = ctx.procedures.track(c.kind) else {
        return Err(Refusal::new("track_undefined", "N三").arg("track", c.kind.code()));
    };
    if let Some(open) = case.open_track() {
        return Err(
            Refusal::new("track_already_open", "N二").arg("open", lbl(open.kind.label_key()))
        );
    }
    if let Some(r) = case.referrals.iter().find(|r| r.outcome_date.is_none()) {
        return Err(Refusal::new("referral_pending", "2024 办法 Art.4").arg("referred", r.date));
    }
    if c.kind == TrackKind::Restoration
        && matches!(
            case.status,
            Status::Removed | Status::Withdrawn | Status::Persuading
        )
    {
        return Err(Refusal::new("restore_after_disposal", "Art.24; 2024 办法")
            .arg("status", lbl(case.status.label_key())));
    }
    if !def.from.contains(&case.status) {
        return Err(
            Refusal::new("track_wrong_status", static_source(&def.source))
                .arg("track", lbl(c.kind.label_key()))
                .arg("status", lbl(case.status.label_key())),
        );
    }
    after_status(case, c.date, ctx)?;
    check_ground(def, &c, ctx)?;
    let months = check_months(def, &c, ctx)?;
    for fact in &def.requires {
        facts::check(fact, case, &c, ctx)?;
    }
    case.tracks.push(Track {
        id: None,
        kind: c.kind,
        started: c.date,
        reason: c.reason.to_string(),
        override_reason: c.override_reason.trim().to_string(),
        months,
        ground: c.ground,
        closed: None,
        completed: false,
    });
    Ok(())
}

/// 除名 and 劝退 rest on one of N三's grounds (1)-(4); grounds (3) and (4) go
/// through 劝退 (劝而不退的予以除名), (1) and (2) lead to 除名 directly.
fn check_ground(def: &TrackDef, c: &ChooseIn, ctx: &Ctx) -> Result<(), Refusal> {
    let track = lbl(c.kind.label_key());
    match c.ground {
        None if !def.grounds.is_empty() => {
            Err(Refusal::new("ground_required", "N三").arg("track", track))
        }
        None => Ok(()),
        Some(g) if def.grounds.is_empty() => Err(Refusal::new("ground_not_applicable", "N三")
            .arg("track", track)
            .arg("ground", lbl(g.label_key()))),
        Some(g) if !def.grounds.contains(&g) => {
            let other = ctx
                .procedures
                .tracks
                .iter()
                .find(|t| t.grounds.contains(&g))
                .map(|t| lbl(t.kind.label_key()))
                .unwrap_or_default();
            Err(Refusal::new("ground_not_for_track", "N三")
                .arg("track", track)
                .arg("ground", lbl(g.label_key()))
                .arg("other", other))
        }
        Some(_) => Ok(()),
    }
}

/// The 限期改正 period is set when it is decided: the policy default, at most
/// the policy maximum (2024 办法; Art.30 caps it at one year).
fn check_months(def: &TrackDef, c: &ChooseIn, ctx: &Ctx) -> Result<Option<u32>, Refusal> {
    if def.kind == TrackKind::ProbationExtend {
        return super::probation::extension_months(c.months, ctx).map(Some);
    }
    if def.kind != TrackKind::Correction {
        if c.months.is_some() {
            return Err(
                Refusal::new("months_not_applicable", "N三").arg("track", lbl(c.kind.label_key()))
            );
        }
        return Ok(None);
    }
    let p = &ctx.policy.correction;
    let months = c.months.unwrap_or(p.months);
    if months == 0 || months > p.max_months {
        return Err(Refusal::new("correction_months_out_of_range", "2024 办法")
            .arg("months", months)
            .arg("max", p.max_months));
    }
    Ok(Some(months))
}

pub fn abandon_track(
    case: &mut Case,
    date: NaiveDate,
    reason: &str,
    ctx: &Ctx,
) -> Result<(), Refusal> {
    let Some(i) = open_index(case) else {
        return Err(Refusal::new("no_open_track", "N三"));
    };
    require_text(reason, "reason_required")?;
    plain_date(case, date, ctx)?;
    let started = case.tracks[i].started;
    if date < started {
        return Err(Refusal::new("date_before_track_start", "N三")
            .arg("date", date)
            .arg("started", started));
    }
    let t = &mut case.tracks[i];
    t.closed = Some(date);
    t.completed = false;
    if !t.reason.is_empty() {
        t.reason.push_str(" / ");
    }
    t.reason.push_str(reason.trim());
    Ok(())
}
