//! Builds one case's actions in date order: searches, contact, conduct
//! checks, and the items of a procedure track with their votes and
//! document numbers. Never dates anything after today.

use super::people::doc_no;
use super::rng::Rng;
use crate::domain::action::{Action, Vote};
use crate::domain::model::*;
use crate::domain::procedure::Procedures;
use chrono::{Duration, NaiveDate};

const WORKERS: &[&str] = &[
    "支部书记 林晓燕",
    "组织委员 陈建国",
    "支部委员 周静",
    "党建指导员 黄志明",
    "组织员 吴丽华",
];

pub fn days(n: i64) -> Duration {
    Duration::days(n)
}

pub struct Sb<'a> {
    pub id: CaseId,
    pub today: NaiveDate,
    pub rng: &'a mut Rng,
    pub procs: &'a Procedures,
    pub member: &'a Member,
    pub acts: Vec<Action>,
    /// Set once the member's branch is marked as no longer existing: the
    /// committee then does the branch's items [N五].
    pub branch_gone: bool,
    /// The policy's probation year, where an extension starts.
    pub probation_months: u32,
}

impl Sb<'_> {
    fn who(&mut self) -> String {
        self.rng.pick(WORKERS).to_string()
    }

    pub fn ok(&self, date: NaiveDate) -> bool {
        date <= self.today
    }

    pub fn search(&mut self, date: NaiveDate, channel: Channel, result: SearchResult) {
        if !self.ok(date) {
            return;
        }
        let who = self.who();
        let note = match result {
            SearchResult::NoTrace => "经查询未找到本人，已记录查询经过",
            SearchResult::Lead => "获得线索，待进一步核实",
            SearchResult::Reached => "已与本人取得联系",
        };
        self.acts.push(Action::RecordSearch {
            case: self.id,
            date,
            channel,
            who,
            result,
            note: note.to_string(),
        });
    }

    /// `n` searches over distinct channels ending on `last`, `gap` days apart.
    pub fn searches(&mut self, n: usize, last: NaiveDate, gap: i64) {
        let start = self.rng.below(Channel::ALL.len());
        for k in 0..n {
            let ch = Channel::ALL[(start + k) % Channel::ALL.len()];
            let date = last - days(gap * (n - 1 - k) as i64);
            let result = if k + 1 == n && self.rng.chance(30) {
                SearchResult::Lead
            } else {
                SearchResult::NoTrace
            };
            self.search(date, ch, result);
        }
    }

    pub fn regain(&mut self, date: NaiveDate) {
        if !self.ok(date) {
            return;
        }
        self.search(date, Channel::Phone, SearchResult::Reached);
        self.acts.push(Action::RegainContact {
            case: self.id,
            date,
            note: "本人来电说明近况".into(),
        });
    }

    pub fn place(&mut self, date: NaiveDate) {
        if self.ok(date) {
            self.acts.push(Action::PlaceInBranch {
                case: self.id,
                date,
                branch: self.member.branch.clone(),
            });
        }
    }

    /// The first `count` of the four conduct checks, a week apart from `date`.
    pub fn conduct(&mut self, date: NaiveDate, count: usize, result: CheckResult) {
        for (k, check) in ConductCheck::ALL.iter().take(count).enumerate() {
            let d = date + days(7 * k as i64);
            if !self.ok(d) {
                return;
            }
            let r = if k == 0 { CheckResult::Clear } else { result };
            self.acts.push(Action::RecordConduct {
                case: self.id,
                check: *check,
                date: d,
                result: r,
                note: String::new(),
            });
        }
    }

    pub fn choose(&mut self, track: TrackKind, date: NaiveDate, override_reason: &str) {
        self.choose_on(track, date, override_reason, None);
    }

    /// Choose a track resting on an N三 ground (除名, 劝退).
    pub fn choose_on(
        &mut self,
        track: TrackKind,
        date: NaiveDate,
        override_reason: &str,
        ground: Option<Ground>,
    ) {
        if self.ok(date) {
            self.acts.push(Action::ChooseTrack {
                case: self.id,
                track,
                date,
                reason: "经支委会研究".into(),
                override_reason: override_reason.into(),
                months: None,
                ground,
            });
        }
    }

    /// Index of the item whose completion changes the status.
    pub fn effect_index(&self, kind: TrackKind) -> usize {
        self.procs
            .track(kind)
            .and_then(|t| t.all_items().position(|(_, i)| i.effect))
            .unwrap_or(0)
    }

    /// A passing vote; `signed` for a 处置决议 the member signs (or refuses to).
    pub fn vote(&mut self, signed: bool) -> Vote {
        let due = self.rng.range(10, 30) as u32;
        let attending = due - self.rng.range(0, (due / 5) as i64) as u32;
        let against = self.rng.range(0, 1) as u32;
        let abstaining = self.rng.range(0, 1) as u32;
        let refused = self.rng.chance(10);
        Vote {
            due,
            attending,
            votes_for: attending - against - abstaining,
            against,
            abstaining,
            signature: signed.then_some(if refused {
                Signature::Refused
            } else {
                Signature::Signed
            }),
            signature_note: if signed && refused {
                "本人拒绝签字，已在决议上注明".into()
            } else {
                String::new()
            },
        }
    }

    /// Complete the track's first `until` items (in order), the first on
    /// `start` and then `gap` days apart; stops at today. Returns the date
    /// of the last item completed.
    pub fn items(
        &mut self,
        kind: TrackKind,
        start: NaiveDate,
        gap: i64,
        until: usize,
    ) -> NaiveDate {
        self.items_from(kind, 0, start, gap, until)
    }

    /// As `items`, from the item at position `from` (a revised attempt
    /// after a failed vote starts at the track's `revise_from`).
    pub fn items_from(
        &mut self,
        kind: TrackKind,
        from: usize,
        start: NaiveDate,
        gap: i64,
        until: usize,
    ) -> NaiveDate {
        let Some(def) = self.procs.track(kind) else {
            return start;
        };
        let items: Vec<(String, ItemKind, Body, bool, bool)> = def
            .all_items()
            .map(|(_, i)| (i.key.clone(), i.kind, i.body, i.signature, i.with.is_some()))
            .collect();
        let mut last = start;
        let mut step = 0i64;
        for (k, (key, ikind, body, signed, with)) in
            items.into_iter().enumerate().take(until).skip(from)
        {
            // An item recorded with the one before it (the guide at the
            // meeting) shares its date.
            if k > from && !with {
                step += 1;
            }
            let date = start + days(gap * step);
            if !self.ok(date) {
                break;
            }
            let vote = (ikind == ItemKind::Vote).then(|| self.vote(signed));
            let body = if self.branch_gone && body != Body::HigherDept {
                Body::Committee
            } else {
                body
            };
            let doc = match body {
                Body::HigherDept => doc_no(self.rng, "区委组", date),
                Body::Committee => doc_no(self.rng, "党委", date),
                _ if ikind != ItemKind::Task => doc_no(self.rng, "支部", date),
                _ => String::new(),
            };
            let who = self.who();
            self.acts.push(Action::CompleteItem {
                case: self.id,
                item: key,
                date,
                who,
                body: Some(body),
                doc_no: doc,
                note: String::new(),
                vote,
                outcome: None,
            });
            last = date;
        }
        last
    }

    /// Record the facts that decide between the tracks [N二, N三].
    pub fn assess(&mut self, date: NaiveDate, cause: CauseKind) {
        if self.ok(date) {
            self.acts.push(Action::RecordAssessment {
                case: self.id,
                date,
                cause,
                acknowledges: true,
                note: "本人提交情况说明，经谈话了解".into(),
            });
        }
    }

    /// Education given before ground (2) or (3) [N三].
    pub fn educate(&mut self, date: NaiveDate) {
        if self.ok(date) {
            self.acts.push(Action::RecordEducation {
                case: self.id,
                date,
                note: "党支部书记与本人谈话，进行党性教育".into(),
            });
        }
    }

    /// A support measure during 限期改正 [N三(5)].
    pub fn support(&mut self, date: NaiveDate, measure: SupportMeasure) {
        if self.ok(date) {
            self.acts.push(Action::RecordSupport {
                case: self.id,
                date,
                measure,
                note: "党支部安排党员结对，每月谈心一次".into(),
            });
        }
    }

    /// A vote of the general meeting that does not pass (kept, 全程纪实).
    pub fn failed_vote(&mut self, date: NaiveDate, signed: bool) {
        if !self.ok(date) {
            return;
        }
        let mut v = self.vote(signed);
        // Fewer than half of those due vote for: the resolution does not stand.
        v.votes_for = v.attending / 3;
        v.against = v.attending - v.votes_for - v.abstaining;
        v.signature = None;
        v.signature_note = String::new();
        let who = self.who();
        let body = if self.branch_gone {
            Body::Committee
        } else {
            Body::GeneralMeeting
        };
        self.acts.push(Action::CompleteItem {
            case: self.id,
            item: "vote".into(),
            date,
            who,
            body: Some(body),
            doc_no: String::new(),
            note: "表决未获通过，退回支委会重新研究处置意见".into(),
            vote: Some(v),
            outcome: None,
        });
    }

    /// Choose `kind` and complete it so that the effect item falls on `effect`.
    pub fn track_to(&mut self, kind: TrackKind, effect: NaiveDate, gap: i64, until: usize) {
        let idx = self.effect_index(kind) as i64;
        let start = effect - days(gap * idx);
        self.choose(kind, start - days(gap), "");
        self.items(kind, start, gap, until);
    }
}
