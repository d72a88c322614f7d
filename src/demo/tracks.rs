//! Stories that run a disposition or status track through its steps.

use super::builder::{Sb, days};
use super::scenario::{Kind, regained, spread};
use crate::domain::action::Action;
use crate::domain::model::*;
use chrono::NaiveDate;

/// Contact regained, all four conduct checks done and the cause assessed
/// before `choose`.
fn ready(sb: &mut Sb, choose: NaiveDate, result: CheckResult, cause: CauseKind) {
    let regain = choose - days(45);
    let n = sb.rng.range(1, 4) as usize;
    sb.searches(n, regain - days(20), 15);
    sb.regain(regain);
    sb.place(regain + days(3));
    // Now and then the police inquiry cannot be made: recorded with its
    // reason, never skipped silently (N二 「等办法」).
    if sb.rng.chance(20) {
        sb.conduct(regain + days(7), 3, result);
        let date = regain + days(28);
        if sb.ok(date) {
            sb.acts.push(Action::RecordConduct {
                case: sb.id,
                check: ConductCheck::PoliceInquiry,
                date,
                result: CheckResult::NotPossible,
                note: "本人户籍已迁往外省，当地公安机关不受理函询".into(),
            });
        }
    } else {
        sb.conduct(regain + days(7), 4, result);
    }
    sb.assess(regain + days(35), cause);
}

/// Lost, searched over `channels` channels, suspension chosen and completed
/// with the approval (effect) on `approve`.
fn suspended(sb: &mut Sb, kind: TrackKind, approve: NaiveDate, until: usize) {
    let thin = sb.rng.chance(15);
    let channels = if thin { 2 } else { sb.rng.range(4, 7) as usize };
    let gap = 10;
    let idx = sb.effect_index(kind) as i64;
    let start = approve - days(gap * idx);
    sb.searches(channels, start - days(30), 12);
    let why = if thin {
        "本人户籍已迁出且原单位已注销，其余途径无从查找，经支委会研究"
    } else {
        ""
    };
    sb.choose(kind, start - days(gap), why);
    sb.items(kind, start, gap, until);
}

pub fn story(kind: Kind, sb: &mut Sb) {
    let today = sb.today;
    match kind {
        Kind::Normal => {
            let choose = today - days(sb.rng.range(10, 200));
            ready(sb, choose, CheckResult::Clear, CauseKind::Objective);
            sb.choose(TrackKind::Normal, choose, "");
            sb.items(TrackKind::Normal, choose + days(5), 7, 99);
        }
        Kind::Correction => {
            // The correction period (6 months) ends spread around today.
            let approve = today - days(183) + days(spread(sb.rng).min(150));
            ready(
                sb,
                approve - days(90),
                CheckResult::Concern,
                CauseKind::Subjective,
            );
            sb.track_to(TrackKind::Correction, approve, 6, 99);
            sb.support(approve + days(20), SupportMeasure::Pairing);
        }
        Kind::CorrectionOpen => {
            let track = TrackKind::Correction;
            let done = sb.rng.range(1, sb.effect_index(track) as i64) as usize;
            let last = today - days(60) + days(spread(sb.rng).min(55));
            let start = last - days(5 * (done as i64 - 1));
            ready(
                sb,
                start - days(10),
                CheckResult::Concern,
                CauseKind::Subjective,
            );
            sb.choose(track, start - days(5), "");
            sb.items(track, start, 5, done);
        }
        Kind::Persuading => {
            let approve = today - days(sb.rng.range(5, 200));
            persuade(sb, approve);
        }
        Kind::PersuadedRemoved => persuaded_removed(sb),
        Kind::Removal => removal(sb),
        Kind::AppealRevoked => appeal_revoked(sb),
        Kind::Withdrawn => {
            let choose = today - days(sb.rng.range(10, 300));
            ready(sb, choose, CheckResult::Clear, CauseKind::Objective);
            sb.choose(TrackKind::Withdrawal, choose, "");
            sb.items(TrackKind::Withdrawal, choose + days(1), 14, 99);
        }
        Kind::Suspended => {
            // The 2-year restoration window closes spread around today.
            let approve = today - days(730) + days(spread(sb.rng));
            suspended(sb, TrackKind::Suspension, approve, 99);
        }
        Kind::SuspensionOpen => {
            // Vote taken, approval waiting.
            let vote = today - days(60) + days(spread(sb.rng).min(55));
            suspended(sb, TrackKind::Suspension, vote + days(10), 1);
        }
        Kind::SuspendedAbroad => {
            let approve = today - days(sb.rng.range(30, 700));
            suspended(sb, TrackKind::SuspensionAbroad, approve, 99);
        }
        Kind::SuspendSettled => {
            let choose = today - days(sb.rng.range(10, 300));
            ready(sb, choose, CheckResult::Clear, CauseKind::Objective);
            sb.choose(TrackKind::SuspendSettled, choose, "");
            sb.items(TrackKind::SuspendSettled, choose + days(10), 7, 99);
        }
        Kind::Restored => {
            let approve = today - days(sb.rng.range(300, 650));
            suspended(sb, TrackKind::Suspension, approve, 99);
            let applied = approve + days(sb.rng.range(200, 250));
            sb.regain(applied - days(5));
            sb.choose(TrackKind::Restoration, applied, "");
            sb.items(TrackKind::Restoration, applied, 10, 99);
        }
        Kind::SelfLapse => {
            let approve = today - days(730 + sb.rng.range(40, 300));
            suspended(sb, TrackKind::Suspension, approve, 99);
            let start = approve + days(740 + sb.rng.range(0, 20));
            sb.choose(TrackKind::SelfLapseRemoval, start, "");
            sb.items(TrackKind::SelfLapseRemoval, start, 7, 99);
        }
        Kind::VoteFailed => vote_failed(sb),
        Kind::DisciplinedNormal => disciplined_normal(sb),
        Kind::AbroadBack => {
            let approve = today - days(sb.rng.range(400, 700));
            suspended(sb, TrackKind::SuspensionAbroad, approve, 99);
            let back = today - days(sb.rng.range(40, 120));
            sb.regain(back);
            sb.conduct(back + days(5), 4, CheckResult::Clear);
            sb.choose(TrackKind::ResumeLife, back + days(30), "");
            sb.items(TrackKind::ResumeLife, back + days(31), 5, 99);
        }
        Kind::Expelled => {
            let back = sb.today - days(sb.rng.range(10, 150));
            ready(
                sb,
                back - days(90),
                CheckResult::Clear,
                CauseKind::Objective,
            );
            referred(
                sb,
                back - days(30),
                ReferralOutcome::Expelled,
                "给予开除党籍处分",
            );
        }
        Kind::BranchGone => branch_gone(sb),
        Kind::NoChangePersuaded => no_change_persuaded(sb),
        _ => regained(sb, today - days(30)),
    }
}

/// 劝退 on ground (3): education first, then the five steps [N三].
fn persuade(sb: &mut Sb, approve: NaiveDate) {
    ready(
        sb,
        approve - days(100),
        CheckResult::Concern,
        CauseKind::Subjective,
    );
    sb.educate(approve - days(80));
    let kind = TrackKind::PersuadeWithdraw;
    let idx = sb.effect_index(kind) as i64;
    let start = approve - days(7 * idx);
    sb.choose_on(kind, start - days(7), "", Some(Ground::ThreatensWithdrawal));
    sb.items(kind, start, 7, 99);
}

/// A 除名 whose first general-meeting vote failed: the track goes back to
/// the branch committee's proposal, and the revised proposal passes.
fn vote_failed(sb: &mut Sb) {
    let kind = TrackKind::Removal;
    let choose = sb.today - days(sb.rng.range(150, 300));
    ready(sb, choose, CheckResult::Concern, CauseKind::Subjective);
    sb.choose_on(kind, choose, "", Some(Ground::IdealsLost));
    let Some(def) = sb.procs.track(kind) else {
        return;
    };
    let vote_at = def.position("vote").unwrap_or(0);
    let revise = def.revise_position();
    let last = sb.items(kind, choose + days(3), 6, vote_at);
    sb.failed_vote(last, true);
    sb.items_from(kind, revise, last + days(20), 6, 99);
}

/// A violation found, referred, a lesser discipline given: no 限期改正, 劝退 or
/// 除名 for the matter, but normal management (2024 办法 Art.4).
fn disciplined_normal(sb: &mut Sb) {
    let choose = sb.today - days(sb.rng.range(20, 120));
    ready(
        sb,
        choose - days(60),
        CheckResult::Clear,
        CauseKind::Objective,
    );
    referred(
        sb,
        choose - days(50),
        ReferralOutcome::Lesser,
        "给予党内警告处分",
    );
    sb.choose(TrackKind::Normal, choose, "");
    sb.items(TrackKind::Normal, choose + days(5), 7, 99);
}

/// The discipline inquiry finds a violation on `found`; referred; the
/// discipline body's decision comes back 30 days later.
fn referred(sb: &mut Sb, found: NaiveDate, outcome: ReferralOutcome, note: &str) {
    if !sb.ok(found + days(30)) {
        return;
    }
    sb.acts.push(Action::RecordConduct {
        case: sb.id,
        check: ConductCheck::DisciplineInquiry,
        date: found,
        result: CheckResult::Violation,
        note: "纪检机关反映其失联期间有违纪问题".into(),
    });
    sb.acts.push(Action::ReferToDiscipline {
        case: sb.id,
        date: found + days(2),
        note: "移交纪检机关处理".into(),
    });
    sb.acts.push(Action::RecordReferralOutcome {
        case: sb.id,
        date: found + days(30),
        outcome,
        note: note.into(),
    });
}

/// The branch no longer exists: the committee takes the case over and
/// itself holds the meeting that suspends the member [N五, N四].
fn branch_gone(sb: &mut Sb) {
    let approve = sb.today - days(sb.rng.range(30, 200));
    let gone = approve - days(60);
    // A branch is marked as gone once: a member planned in a branch that is
    // already gone needs no second mark (branch_already_gone).
    if sb.ok(gone) && !sb.branch_gone {
        sb.acts.push(Action::MarkBranchGone {
            case: sb.id,
            date: gone,
            note: String::new(),
        });
        sb.branch_gone = true;
    }
    suspended(sb, TrackKind::Suspension, approve, 99);
}

/// 限期改正 with support measures, period ended with no change, then 劝退 on
/// ground (4) [N三(4)].
fn no_change_persuaded(sb: &mut Sb) {
    let approve = sb.today - days(sb.rng.range(250, 300));
    ready(
        sb,
        approve - days(90),
        CheckResult::Concern,
        CauseKind::Subjective,
    );
    sb.track_to(TrackKind::Correction, approve, 6, 99);
    sb.support(approve + days(15), SupportMeasure::Talk);
    let result = approve + days(190);
    if !sb.ok(result) {
        return;
    }
    sb.acts.push(Action::RecordCorrectionResult {
        case: sb.id,
        date: result,
        result: CorrectionResult::NoChange,
        note: "期满后仍无转变".into(),
    });
    let kind = TrackKind::PersuadeWithdraw;
    sb.choose_on(
        kind,
        result + days(3),
        "",
        Some(Ground::NoChangeAfterCorrection),
    );
    sb.items(kind, result + days(5), 5, 99);
}

fn persuaded_removed(sb: &mut Sb) {
    let approve = sb.today - days(sb.rng.range(60, 300));
    persuade(sb, approve);
    let date = approve + days(sb.rng.range(40, 55));
    if date <= sb.today {
        sb.acts.push(Action::RecordPersuasionResult {
            case: sb.id,
            date,
            result: PersuasionResult::Refused,
            note: "经劝说仍不退党，按程序予以除名".into(),
        });
    }
}

/// Removed, appealed within two months; re-examined by the organization
/// above and answered 撤销: the removal no longer stands and the case is
/// handled again, the decision kept in its history [N三].
fn appeal_revoked(sb: &mut Sb) {
    let approve = sb.today - days(sb.rng.range(150, 400));
    removed(sb, approve);
    let received = approve + days(sb.rng.range(20, 50));
    let answer = received + days(sb.rng.range(30, 60));
    if answer > sb.today {
        return;
    }
    sb.acts.push(Action::RecordAppeal {
        kind: AppealKind::Reexamination,
        case: sb.id,
        received,
        note: "本人对除名决定不服，向上级党组织提出申诉".into(),
    });
    sb.acts.push(Action::AnswerAppeal {
        case: sb.id,
        date: answer,
        result: AppealResult::Revoked,
        note: "经复查，失联期间表现调查不充分，撤销原除名决定".into(),
    });
}

/// Removed after the five steps, the approval on `approve`.
fn removed(sb: &mut Sb, approve: NaiveDate) {
    ready(
        sb,
        approve - days(100),
        CheckResult::Concern,
        CauseKind::Subjective,
    );
    let kind = TrackKind::Removal;
    let ground = if sb.rng.chance(50) {
        sb.educate(approve - days(80));
        Ground::InsistsOnWithdrawal
    } else {
        Ground::IdealsLost
    };
    let idx = sb.effect_index(kind) as i64;
    let start = approve - days(7 * idx);
    sb.choose_on(kind, start - days(7), "", Some(ground));
    sb.items(kind, start, 7, 99);
}

/// Removed after the five steps; some appeal, some are looked back at.
fn removal(sb: &mut Sb) {
    let approve = sb.today - days(sb.rng.range(30, 500));
    removed(sb, approve);
    let after = approve + days(40);
    if sb.rng.chance(40) {
        let received = (sb.today - days(90) + days(spread(sb.rng))).max(after);
        if received <= sb.today {
            sb.acts.push(Action::RecordAppeal {
                kind: AppealKind::Reconsideration,
                case: sb.id,
                received,
                note: "本人对除名决定提出申诉".into(),
            });
            let answer = received + days(sb.rng.range(20, 60));
            if sb.rng.chance(50) && answer <= sb.today {
                sb.acts.push(Action::AnswerAppeal {
                    case: sb.id,
                    date: answer,
                    result: AppealResult::Upheld,
                    note: "经复查，维持原处置决定".into(),
                });
            }
        }
    }
    // Look-back reviews belong to a campaign: see demo/lookback.rs.
}
