//! The demo's case stories. Each kind shapes its member (membership, abroad,
//! last contact far enough back) and then tells its story as actions, with
//! the dates that matter spread so that deadlines fall overdue, due this
//! week, this month or later relative to today.

use super::builder::{Sb, days};
use super::people::Shape;
use super::rng::Rng;
use crate::domain::action::Action;
use crate::domain::dates::add_months;
use crate::domain::model::*;
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Lost,
    LostCovered,
    Regained,
    ProbationDue,
    ProbationExtended,
    Normal,
    Correction,
    CorrectionOpen,
    Persuading,
    PersuadedRemoved,
    Removal,
    Withdrawn,
    Suspended,
    SuspensionOpen,
    SuspendedAbroad,
    SuspendSettled,
    Restored,
    SelfLapse,
    ProbationCancelled,
    /// 除名 whose first vote failed; revised and passed (全程纪实).
    VoteFailed,
    /// Disciplined for a violation (lesser discipline), then normal management.
    DisciplinedNormal,
    /// Suspended abroad, reached again, back in organizational life [N四].
    AbroadBack,
    /// Referred for violations; the discipline body ended the membership.
    Expelled,
    /// The branch no longer exists; the committee does its part [N五].
    BranchGone,
    /// 限期改正 ended with no change → 劝退 on ground (4).
    NoChangePersuaded,
    /// A probationary member settled abroad: the lapse recorded [N四].
    ProbationLapsed,
    /// Extended as `ProbationExtended`, the extension over long enough ago
    /// that the member has been converted to full membership (党章 Art.7).
    ProbationConverted,
    /// Recorded before the six months are over: a watch case (失联未满6个月).
    Watch,
    /// 除名, appealed, the appeal answered 撤销: handled again [N三].
    AppealRevoked,
    /// Lost and searched; the date of last contact was mistyped and is
    /// amended (the original kept, struck through in the dossier).
    Amended,
    /// Removed as 自行脱党 on one channel and an override: the look-back's thin case.
    LookbackThin,
    /// Removed as 自行脱党 after a thorough search: reviewed and kept.
    LookbackSearched,
}

/// Every kind once (so even a small demo shows all), then weights.
pub const KINDS: &[(Kind, u32)] = &[
    (Kind::Lost, 30),
    (Kind::LostCovered, 8),
    (Kind::Regained, 10),
    (Kind::ProbationDue, 3),
    (Kind::ProbationExtended, 2),
    (Kind::Normal, 6),
    (Kind::Correction, 5),
    (Kind::CorrectionOpen, 4),
    (Kind::Persuading, 2),
    (Kind::PersuadedRemoved, 2),
    (Kind::Removal, 4),
    (Kind::Withdrawn, 3),
    (Kind::Suspended, 6),
    (Kind::SuspensionOpen, 3),
    (Kind::SuspendedAbroad, 3),
    (Kind::SuspendSettled, 2),
    (Kind::Restored, 2),
    (Kind::SelfLapse, 2),
    (Kind::ProbationCancelled, 3),
    (Kind::VoteFailed, 1),
    (Kind::DisciplinedNormal, 1),
    (Kind::Expelled, 1),
    (Kind::AbroadBack, 1),
    (Kind::BranchGone, 1),
    (Kind::NoChangePersuaded, 1),
    (Kind::ProbationLapsed, 1),
    (Kind::ProbationConverted, 1),
    (Kind::Watch, 4),
    (Kind::AppealRevoked, 1),
    (Kind::Amended, 1),
];

/// Beyond the first `BULK_FROM` cases most stay lost, as in a large region's
/// books, which also keeps a 100,000-case demo quick to write.
pub const BULK_FROM: usize = 20_000;
const BULK: &[(Kind, u32)] = &[
    (Kind::Lost, 60),
    (Kind::LostCovered, 10),
    (Kind::Regained, 10),
    (Kind::Normal, 4),
    (Kind::Correction, 3),
    (Kind::Withdrawn, 3),
    (Kind::Suspended, 5),
    (Kind::Removal, 3),
    (Kind::ProbationCancelled, 2),
];

pub fn kind_for(index: usize, rng: &mut Rng) -> Kind {
    if let Some((k, _)) = KINDS.get(index) {
        return *k;
    }
    let table = if index >= BULK_FROM { BULK } else { KINDS };
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut r = rng.below(total as usize) as u32;
    for (k, w) in table {
        if r < *w {
            return *k;
        }
        r -= w;
    }
    Kind::Lost
}

/// Days from today to a deadline: overdue, this week, this month or later.
pub fn spread(rng: &mut Rng) -> i64 {
    match rng.below(4) {
        0 => -rng.range(1, 60),
        1 => rng.range(0, 7),
        2 => rng.range(8, 30),
        _ => rng.range(31, 150),
    }
}

/// How far back a story reaches (days before today), besides the 6 months lost.
fn span(kind: Kind) -> i64 {
    match kind {
        Kind::Lost | Kind::LostCovered | Kind::Regained => 260,
        Kind::Suspended | Kind::SelfLapse | Kind::Restored => 1250,
        Kind::LookbackThin | Kind::LookbackSearched => 1250,
        Kind::SuspendedAbroad | Kind::Removal | Kind::VoteFailed | Kind::AbroadBack => 900,
        Kind::NoChangePersuaded => 700,
        _ => 450,
    }
}

pub fn shape(kind: Kind, rng: &mut Rng, today: NaiveDate) -> Shape {
    let last_contact = today - days(span(kind) + 190 + rng.range(0, 300));
    let mut s = Shape {
        membership: Membership::Full,
        abroad: Abroad::No,
        last_contact,
        probation_start: None,
    };
    match kind {
        Kind::ProbationDue => {
            // Probation (12 months) ends around today; lost 6+ months inside it.
            let start = today - days(365) + days(rng.range(-40, 120).min(150));
            s.probation_start = Some(start);
            s.last_contact = start + days(rng.range(0, 10));
        }
        Kind::ProbationExtended => {
            // Extended by 6-12 months at the end of probation: ends around today.
            let start = today - days(365 + 270) + days(rng.range(-60, 150));
            s.probation_start = Some(start);
            s.last_contact = start + days(rng.range(0, 10));
        }
        Kind::ProbationConverted => {
            // The year and an extension of at most 12 months both over.
            let start = today - days(365 * 2 + 60) - days(rng.range(0, 90));
            s.probation_start = Some(start);
            s.last_contact = start + days(rng.range(0, 10));
        }
        Kind::ProbationCancelled => {
            let start = last_contact - days(rng.range(0, 100));
            s.probation_start = Some(start);
        }
        Kind::SuspendedAbroad | Kind::AbroadBack => {
            s.abroad = *rng.pick(&[Abroad::Study, Abroad::Work, Abroad::Residence]);
        }
        Kind::SuspendSettled => s.abroad = Abroad::Settled,
        Kind::Watch => s.last_contact = today - days(rng.range(20, 170)),
        Kind::ProbationLapsed => {
            // Settled abroad during the probation year.
            let start = today - days(300 + rng.range(0, 60));
            s.probation_start = Some(start);
            s.last_contact = start + days(rng.range(10, 40));
            s.abroad = Abroad::Settled;
        }
        Kind::Lost | Kind::Regained if rng.chance(10) => s.abroad = Abroad::Study,
        _ => {}
    }
    if s.probation_start.is_some() {
        s.membership = Membership::Probationary;
    }
    s
}

/// The day the member became a lost-contact member (6 months after contact).
fn lost_on(sb: &Sb) -> NaiveDate {
    sb.member.last_contact + days(183)
}

/// Tell the story of one case as actions.
pub fn story(kind: Kind, sb: &mut Sb) {
    let today = sb.today;
    match kind {
        Kind::Lost => {
            let last = today - days(90) + days(spread(sb.rng));
            let n = sb.rng.range(1, 3) as usize;
            sb.searches(n, last.min(today), 12);
        }
        Kind::Watch => {
            // Searched since the contact lapsed, not yet a 失联党员.
            let n = sb.rng.range(1, 2) as usize;
            let last = today - days(sb.rng.range(0, 5));
            sb.searches(n, last, 5);
        }
        Kind::Amended => {
            let n = sb.rng.range(2, 4) as usize;
            let last = today - days(sb.rng.range(10, 40));
            sb.searches(n, last, 12);
            // The date of last contact was typed 20 days late (a wrong
            // entry): amended from the former employer's record.
            let was = sb.member.last_contact;
            sb.acts.push(Action::Amend {
                case: sb.id,
                date: today - days(sb.rng.range(1, 8)),
                target: AmendTarget::Member,
                record: None,
                values: [("last_contact".to_string(), (was - days(20)).to_string())].into(),
                note: "最后联系日期录入有误，据原工作单位证明更正".into(),
            });
        }
        Kind::LostCovered => {
            let n = sb.rng.range(4, 7) as usize;
            let last = today - days(sb.rng.range(5, 60));
            sb.searches(n, last, 10);
        }
        Kind::Regained => {
            let regain = today - days(sb.rng.range(3, 120));
            regained(sb, regain);
        }
        Kind::ProbationDue => {
            let regain = lost_on(sb) + days(sb.rng.range(3, 20));
            sb.searches(2, regain - days(2), 1);
            sb.regain(regain.min(today));
            sb.place((regain + days(3)).min(today));
        }
        Kind::ProbationExtended | Kind::ProbationConverted => probation_extended(sb),
        Kind::ProbationLapsed => {
            // Searched, then the family says the member settled abroad: the
            // probationary membership lapses (资格不再保留), learned while lost.
            let learned = today - days(sb.rng.range(2, 20));
            sb.searches(3, learned - days(5), 10);
            sb.acts.push(Action::RecordProbationLapse {
                case: sb.id,
                date: learned,
                note: "家属告知本人已在国外定居".into(),
            });
        }
        Kind::ProbationCancelled => {
            let approve = today - days(sb.rng.range(5, 200));
            sb.searches(4, approve - days(40), 5);
            sb.track_to(TrackKind::ProbationCancel, approve, 10, 99);
        }
        Kind::LookbackThin | Kind::LookbackSearched => super::lookback::story(kind, sb),
        _ => super::tracks::story(kind, sb),
    }
}

/// Lost, searched, reached on `regain`, placed, conduct partly checked;
/// sometimes a transfer letter or a retention abroad.
pub fn regained(sb: &mut Sb, regain: NaiveDate) {
    let n = sb.rng.range(1, 4) as usize;
    sb.searches(n, regain - days(20), 15);
    sb.regain(regain);
    sb.place(regain + days(3));
    let checks = sb.rng.below(5);
    sb.conduct(regain + days(7), checks, CheckResult::Clear);
    if sb.member.abroad == Abroad::Study {
        let date = (regain + days(10)).min(sb.today);
        sb.acts.push(Action::RecordRetention {
            case: sb.id,
            date,
            doc_no: format!("保留组织关系〔{}〕号", sb.id),
            note: "出国（境）留学，保留组织关系".into(),
        });
    } else if sb.rng.chance(35) {
        let issued = sb.today - days(30) + days(spread(sb.rng));
        if issued > regain && issued <= sb.today {
            sb.acts.push(Action::RecordTransfer {
                case: sb.id,
                to_org: "外区某社区党委".into(),
                letter_no: format!("介字第{:05}号", sb.id),
                issued,
                reissued: sb.rng.chance(20),
            });
        }
    }
}

fn probation_extended(sb: &mut Sb) {
    let start = sb.member.probation_start.unwrap_or(sb.member.joined);
    let regain = lost_on(sb) + days(sb.rng.range(5, 60));
    sb.searches(2, regain - days(5), 3);
    sb.regain(regain);
    sb.place(regain + days(2));
    sb.conduct(regain + days(5), 4, CheckResult::Clear);
    // The extension is decided by the general meeting and approved by the
    // committee (党章 Art.7); it starts at the end of the probation year.
    let decided = (start + days(300)).max(regain + days(40));
    if decided + days(30) <= sb.today {
        let months = sb.rng.range(6, 12) as u32;
        sb.acts.push(Action::ChooseTrack {
            case: sb.id,
            track: TrackKind::ProbationExtend,
            date: decided,
            reason: "预备期满后应当延长预备期".into(),
            override_reason: String::new(),
            months: Some(months),
            ground: None,
        });
        let approved = sb.items(TrackKind::ProbationExtend, decided + days(5), 10, 99);
        // Once the extended probation is over, the general meeting decides
        // the conversion and the committee approves it (党章 Art.7).
        let end = add_months(add_months(start, sb.probation_months), months);
        let convert = end.max(approved) + days(7);
        if convert + days(20) <= sb.today {
            sb.acts.push(Action::ChooseTrack {
                case: sb.id,
                track: TrackKind::ProbationConvert,
                date: convert,
                reason: "延长预备期满，本人表现符合党员条件".into(),
                override_reason: String::new(),
                months: None,
                ground: None,
            });
            sb.items(TrackKind::ProbationConvert, convert + days(3), 10, 99);
        }
    }
}
