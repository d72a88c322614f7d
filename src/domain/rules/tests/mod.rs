//! Dated tests of the rules engine, deadlines and checklist. Each names the
//! paragraph it checks. `Run` plays the store's part: after each accepted
//! action it gives new records ids, as `Store::save_case` does.

mod amendments;
mod appeals;
mod checklist;
mod dates;
mod deadlines;
mod lookback;
mod member;
mod messages;
mod probation;
mod procedure;
mod refusals;
mod refusals_items;
mod six_months;
mod suspension;
mod tracks;

use crate::domain::action::{Action, Vote};
use crate::domain::idcard::check_char;
use crate::domain::model::*;
use crate::domain::policy::Policy;
use crate::domain::procedure::Procedures;
use crate::domain::refusal::Refusal;
use crate::domain::rules::{Ctx, apply};
use chrono::NaiveDate;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// A valid 18-digit ID number for a birth date.
pub fn id_for(birth: NaiveDate) -> String {
    let body = format!("350203{}123", birth.format("%Y%m%d"));
    let check = check_char(&body).expect("digits");
    format!("{body}{check}")
}

pub fn member(membership: Membership) -> Member {
    let birth = d("1990-05-10");
    Member {
        name: "张三".into(),
        gender: Gender::Male,
        id_number: id_for(birth),
        birth_date: birth,
        membership,
        probation_start: (membership == Membership::Probationary).then(|| d("2022-07-01")),
        branch: "第一党支部".into(),
        committee: "思明区某街道党工委".into(),
        joined: if membership == Membership::Probationary {
            d("2022-07-01")
        } else {
            d("2015-07-01")
        },
        phone: "13800000000".into(),
        address: "厦门市思明区".into(),
        employer: "某公司".into(),
        focus_area: FocusArea::NonPublicEnterprise,
        abroad: Abroad::No,
        last_contact: d("2023-01-10"),
        branch_exists: true,
        lost_cause: LostCause::MigrantWork,
    }
}

pub struct Run {
    pub case: Case,
    pub policy: Policy,
    pub procedures: Procedures,
    pub today: NaiveDate,
    /// Look-back campaigns on record (X三).
    pub campaigns: Vec<Campaign>,
    next_id: i64,
}

impl Run {
    pub fn new(membership: Membership) -> Run {
        let m = member(membership);
        let since = m.last_contact;
        Run::with(Case::new(1, m, Status::Lost, since))
    }

    pub fn with(case: Case) -> Run {
        Run {
            case,
            policy: Policy::embedded(),
            procedures: Procedures::embedded(),
            today: d("2026-08-01"),
            campaigns: vec![],
            next_id: 100,
        }
    }

    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            policy: &self.policy,
            procedures: &self.procedures,
            today: self.today,
            campaigns: &self.campaigns,
        }
    }

    /// Apply; on success assign ids like the store. On refusal check the case
    /// was left untouched.
    pub fn run(&mut self, action: Action) -> Result<(), Refusal> {
        let before = self.case.clone();
        let mut case = self.case.clone();
        let res = apply(&mut case, &action, &self.ctx());
        match &res {
            Ok(()) => {
                self.case = case;
                self.assign_ids();
            }
            Err(_) => assert_eq!(case, before, "refused action changed the case"),
        }
        res
    }

    pub fn ok(&mut self, action: Action) {
        let name = action.name();
        if let Err(r) = self.run(action) {
            panic!("{name} refused: {} {} {:?}", r.code, r.source, r.args);
        }
    }

    pub fn refused(&mut self, action: Action) -> Refusal {
        let name = action.name();
        match self.run(action) {
            Ok(()) => panic!("{name} was accepted"),
            Err(r) => r,
        }
    }

    fn assign_ids(&mut self) {
        let mut next = self.next_id;
        let mut give = |id: &mut Option<RecordId>| {
            if id.is_none() {
                next += 1;
                *id = Some(next);
            }
        };
        let c = &mut self.case;
        let mut map = vec![];
        for (i, t) in c.tracks.iter_mut().enumerate() {
            let old = -(i as i64) - 1;
            give(&mut t.id);
            map.push((old, t.id.unwrap_or_default()));
        }
        for it in c.items.iter_mut() {
            if let Some((_, new)) = map.iter().find(|(o, _)| *o == it.track_id) {
                it.track_id = *new;
            }
        }
        c.searches.iter_mut().for_each(|r| give(&mut r.id));
        c.conduct.iter_mut().for_each(|r| give(&mut r.id));
        c.items.iter_mut().for_each(|r| give(&mut r.id));
        c.milestones.iter_mut().for_each(|r| give(&mut r.id));
        c.suspensions.iter_mut().for_each(|r| give(&mut r.id));
        for dec in c.decisions.iter_mut() {
            if let Some((_, new)) = map.iter().find(|(o, _)| *o == dec.track_id) {
                dec.track_id = *new;
            }
            give(&mut dec.id);
        }
        c.amendments.iter_mut().for_each(|r| give(&mut r.id));
        self.next_id = next;
    }

    // ---- action builders ----

    pub fn search(&mut self, date: &str, channel: Channel) {
        self.ok(search(date, channel));
    }

    /// Search `n` distinct channels, a month apart, from `start`.
    pub fn search_channels(&mut self, start: &str, n: usize) {
        let mut date = d(start);
        for ch in Channel::ALL.iter().take(n) {
            self.ok(search(&date.to_string(), *ch));
            date = crate::domain::dates::add_months(date, 1);
        }
    }

    pub fn regain(&mut self, date: &str) {
        self.ok(Action::RegainContact {
            case: 1,
            date: d(date),
            note: "本人来电".into(),
        });
    }

    pub fn conduct_all(&mut self, date: &str, result: CheckResult) {
        for check in ConductCheck::ALL {
            self.ok(Action::RecordConduct {
                case: 1,
                check: *check,
                date: d(date),
                result,
                note: String::new(),
            });
        }
    }

    /// Choose a track with the facts it needs on record: the assessment
    /// that fits normal management or correction, and a ground for 除名
    /// (1) or 劝退 ((4) from correction, else (3) after education). Tests of
    /// those facts themselves build the actions by hand.
    pub fn choose(&mut self, track: TrackKind, date: &str) {
        let action = match track {
            TrackKind::Normal | TrackKind::Correction => {
                let cause = if track == TrackKind::Normal {
                    CauseKind::Objective
                } else {
                    CauseKind::Subjective
                };
                self.assess(date, cause, true);
                choose(track, date, "")
            }
            TrackKind::Removal => choose_on(track, date, Ground::IdealsLost),
            TrackKind::PersuadeWithdraw if self.case.status == Status::Correction => {
                choose_on(track, date, Ground::NoChangeAfterCorrection)
            }
            TrackKind::PersuadeWithdraw => {
                self.ok(Action::RecordEducation {
                    case: 1,
                    date: d(date),
                    note: "谈话教育".into(),
                });
                choose_on(track, date, Ground::ThreatensWithdrawal)
            }
            _ => choose(track, date, ""),
        };
        self.ok(action);
    }

    /// A support measure of the 限期改正 period [N三(5)].
    pub fn support(&mut self, date: &str) {
        self.ok(Action::RecordSupport {
            case: 1,
            date: d(date),
            measure: SupportMeasure::Talk,
            note: String::new(),
        });
    }

    /// Record the cause and whether the member acknowledges the problem.
    pub fn assess(&mut self, date: &str, cause: CauseKind, acknowledges: bool) {
        self.ok(Action::RecordAssessment {
            case: 1,
            date: d(date),
            cause,
            acknowledges,
            note: String::new(),
        });
    }

    /// Complete every remaining item of the open track in order, one day apart,
    /// with the right bodies, document numbers and a passing vote.
    pub fn walk(&mut self, start: &str) -> NaiveDate {
        let kind = self.case.open_track().expect("open track").kind;
        let def = self.procedures.track(kind).expect("defined").clone();
        let mut date = d(start);
        for (_, it) in def.all_items() {
            let track_id = self.case.open_track().and_then(|t| t.id).expect("id");
            if self.case.items_of(track_id).any(|r| r.item == it.key) {
                continue;
            }
            if it.with.is_some() {
                date = date.pred_opt().expect("date");
            }
            let body = crate::domain::rules::acting_body(&self.case, it);
            let mut a = item(&it.key, &date.to_string(), Some(body));
            if it.signature
                && let Action::CompleteItem { vote, .. } = &mut a
            {
                *vote = Some(signed_vote());
            }
            self.ok(a);
            date = date.succ_opt().expect("date");
        }
        date
    }
}

pub fn search(date: &str, channel: Channel) -> Action {
    Action::RecordSearch {
        case: 1,
        date: d(date),
        channel,
        who: "李四".into(),
        result: SearchResult::NoTrace,
        note: String::new(),
    }
}

pub fn choose(track: TrackKind, date: &str, override_reason: &str) -> Action {
    Action::ChooseTrack {
        case: 1,
        track,
        date: d(date),
        reason: "test".into(),
        override_reason: override_reason.into(),
        months: None,
        ground: None,
    }
}

/// Choose a track resting on an N三 ground.
pub fn choose_on(track: TrackKind, date: &str, ground: Ground) -> Action {
    let mut a = choose(track, date, "");
    if let Action::ChooseTrack { ground: g, .. } = &mut a {
        *g = Some(ground);
    }
    a
}

pub fn good_vote() -> Vote {
    Vote {
        due: 20,
        attending: 15,
        votes_for: 14,
        against: 1,
        abstaining: 0,
        signature: None,
        signature_note: String::new(),
    }
}

/// A passing vote on a 处置决议 the member signed.
pub fn signed_vote() -> Vote {
    Vote {
        signature: Some(Signature::Signed),
        ..good_vote()
    }
}

/// A complete_item action with a document number and a passing vote.
pub fn item(key: &str, date: &str, body: Option<Body>) -> Action {
    Action::CompleteItem {
        case: 1,
        item: key.into(),
        date: d(date),
        who: "王五".into(),
        body,
        doc_no: format!("厦委组〔2026〕{key}号"),
        note: String::new(),
        vote: Some(good_vote()),
        outcome: None,
    }
}

/// Like `item`, with the given vote instead of a passing one.
pub fn item_vote(key: &str, date: &str, vote: Vote) -> Action {
    let mut action = item(key, date, None);
    if let Action::CompleteItem { vote: v, .. } = &mut action {
        *v = Some(vote);
    }
    action
}

/// A lost member found again on 2024-03-01, all four conduct checks clear.
pub fn regained_clear(membership: Membership) -> Run {
    let mut r = Run::new(membership);
    r.search_channels("2023-08-01", 2);
    r.regain("2024-03-01");
    r.conduct_all("2024-03-10", CheckResult::Clear);
    r
}

/// A domestic lost member searched on `n` channels from 2023-08-01.
pub fn lost_searched(n: usize) -> Run {
    let mut r = Run::new(Membership::Full);
    r.search_channels("2023-08-01", n);
    r
}
