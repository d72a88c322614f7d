//! Table layout of each child record kind (see `children.rs`).

use super::children::Child;
use super::codec::{code, date, dv, flag, int, odv, opt_code, opt_date, opt_flag, opt_text, text};
use crate::domain::model::*;
use rusqlite::Row;
use rusqlite::types::Value;

impl Child for SearchRecord {
    const TABLE: &'static str = "searches";
    const COLS: &'static [&'static str] = &["date", "channel", "who", "result", "note"];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            dv(s.date),
            text(s.channel.code()),
            text(&s.who),
            text(s.result.code()),
            text(&s.note),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(SearchRecord {
            id: r.get(0)?,
            date: date(r, 1)?,
            channel: code(r, 2, Channel::from_code)?,
            who: r.get(3)?,
            result: code(r, 4, SearchResult::from_code)?,
            note: r.get(5)?,
        })
    }
}

impl Child for ConductRecord {
    const TABLE: &'static str = "conduct";
    const COLS: &'static [&'static str] = &["check_kind", "date", "result", "note"];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            text(s.check.code()),
            dv(s.date),
            text(s.result.code()),
            text(&s.note),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(ConductRecord {
            id: r.get(0)?,
            check: code(r, 1, ConductCheck::from_code)?,
            date: date(r, 2)?,
            result: code(r, 3, CheckResult::from_code)?,
            note: r.get(4)?,
        })
    }
}

impl Child for Referral {
    const TABLE: &'static str = "referrals";
    const COLS: &'static [&'static str] = &[
        "date",
        "note",
        "outcome_date",
        "outcome",
        "outcome_note",
        "disciplined",
    ];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            dv(s.date),
            text(&s.note),
            odv(s.outcome_date),
            opt_text(s.outcome.map(ReferralOutcome::code)),
            text(&s.outcome_note),
            // Kept for readers of schema 4 files: disciplined = any discipline.
            opt_flag(s.outcome.map(|o| o != ReferralOutcome::NothingFound)),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Referral {
            id: r.get(0)?,
            date: date(r, 1)?,
            note: r.get(2)?,
            outcome_date: opt_date(r, 3)?,
            outcome: opt_code(r, 4, ReferralOutcome::from_code)?,
            outcome_note: r.get(5)?,
        })
    }
}

impl Child for Track {
    const TABLE: &'static str = "tracks";
    const COLS: &'static [&'static str] = &[
        "kind",
        "started",
        "reason",
        "override_reason",
        "closed",
        "completed",
        "months",
        "ground",
    ];
    const ORDER: &'static str = "started";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            text(s.kind.code()),
            dv(s.started),
            text(&s.reason),
            text(&s.override_reason),
            odv(s.closed),
            flag(s.completed),
            s.months.map_or(Value::Null, |m| int(i64::from(m))),
            opt_text(s.ground.map(Ground::code)),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Track {
            id: r.get(0)?,
            kind: code(r, 1, TrackKind::from_code)?,
            started: date(r, 2)?,
            reason: r.get(3)?,
            override_reason: r.get(4)?,
            closed: opt_date(r, 5)?,
            completed: r.get(6)?,
            months: r.get(7)?,
            ground: opt_code(r, 8, Ground::from_code)?,
        })
    }
}

impl Child for ItemRecord {
    const TABLE: &'static str = "items";
    const COLS: &'static [&'static str] = &[
        "track_id", "step", "item", "date", "who", "body", "doc_no", "note", "attempt", "outcome",
    ];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            int(s.track_id),
            int(i64::from(s.step)),
            text(&s.item),
            dv(s.date),
            text(&s.who),
            opt_text(s.body.map(Body::code)),
            text(&s.doc_no),
            text(&s.note),
            int(i64::from(s.attempt)),
            opt_text(s.outcome.map(ItemOutcome::code)),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(ItemRecord {
            id: r.get(0)?,
            track_id: r.get(1)?,
            step: r.get(2)?,
            item: r.get(3)?,
            date: date(r, 4)?,
            who: r.get(5)?,
            body: opt_code(r, 6, Body::from_code)?,
            doc_no: r.get(7)?,
            note: r.get(8)?,
            attempt: r.get(9)?,
            outcome: opt_code(r, 10, ItemOutcome::from_code)?,
        })
    }
}

impl Child for Decision {
    const TABLE: &'static str = "decisions";
    const COLS: &'static [&'static str] = &[
        "track_id",
        "meeting_date",
        "due",
        "attending",
        "votes_for",
        "against",
        "abstaining",
        "signature",
        "signature_note",
        "passed",
    ];
    const ORDER: &'static str = "meeting_date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            int(s.track_id),
            dv(s.meeting_date),
            int(i64::from(s.due)),
            int(i64::from(s.attending)),
            int(i64::from(s.votes_for)),
            int(i64::from(s.against)),
            int(i64::from(s.abstaining)),
            // Schema 4 made the column NOT NULL: no signature is stored as ''.
            text(s.signature.map_or("", Signature::code)),
            text(&s.signature_note),
            flag(s.passed),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Decision {
            id: r.get(0)?,
            track_id: r.get(1)?,
            meeting_date: date(r, 2)?,
            due: r.get(3)?,
            attending: r.get(4)?,
            votes_for: r.get(5)?,
            against: r.get(6)?,
            abstaining: r.get(7)?,
            signature: opt_code(r, 8, Signature::from_code)?,
            signature_note: r.get(9)?,
            passed: r.get(10)?,
        })
    }
}

impl Child for ProbationExtension {
    const TABLE: &'static str = "extensions";
    const COLS: &'static [&'static str] = &["start", "months", "doc_no"];
    const ORDER: &'static str = "start";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        vec![
            dv(self.start),
            int(i64::from(self.months)),
            text(&self.doc_no),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(ProbationExtension {
            id: r.get(0)?,
            start: date(r, 1)?,
            months: r.get(2)?,
            doc_no: r.get(3)?,
        })
    }
}

impl Child for Suspension {
    const TABLE: &'static str = "suspensions";
    const COLS: &'static [&'static str] = &["date", "abroad", "restored_on", "removed_on"];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            dv(s.date),
            flag(s.abroad),
            odv(s.restored_on),
            odv(s.removed_on),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Suspension {
            id: r.get(0)?,
            date: date(r, 1)?,
            abroad: r.get(2)?,
            restored_on: opt_date(r, 3)?,
            removed_on: opt_date(r, 4)?,
        })
    }
}

impl Child for Transfer {
    const TABLE: &'static str = "transfers";
    const COLS: &'static [&'static str] =
        &["to_org", "letter_no", "issued", "reissued", "received"];
    const ORDER: &'static str = "issued";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            text(&s.to_org),
            text(&s.letter_no),
            dv(s.issued),
            flag(s.reissued),
            odv(s.received),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Transfer {
            id: r.get(0)?,
            to_org: r.get(1)?,
            letter_no: r.get(2)?,
            issued: date(r, 3)?,
            reissued: r.get(4)?,
            received: opt_date(r, 5)?,
        })
    }
}

impl Child for Retention {
    const TABLE: &'static str = "retentions";
    const COLS: &'static [&'static str] = &["date", "doc_no", "note"];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        vec![dv(self.date), text(&self.doc_no), text(&self.note)]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Retention {
            id: r.get(0)?,
            date: date(r, 1)?,
            doc_no: r.get(2)?,
            note: r.get(3)?,
        })
    }
}

impl Child for Appeal {
    const TABLE: &'static str = "appeals";
    const COLS: &'static [&'static str] = &[
        "received",
        "note",
        "answered",
        "result",
        "answer_note",
        "kind",
    ];
    const ORDER: &'static str = "received";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        let s = self;
        vec![
            dv(s.received),
            text(&s.note),
            odv(s.answered),
            opt_text(s.result.map(AppealResult::code)),
            text(&s.answer_note),
            opt_text(s.kind.map(AppealKind::code)),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Appeal {
            id: r.get(0)?,
            kind: opt_code(r, 6, AppealKind::from_code)?,
            received: date(r, 1)?,
            note: r.get(2)?,
            answered: opt_date(r, 3)?,
            result: opt_code(r, 4, AppealResult::from_code)?,
            answer_note: r.get(5)?,
        })
    }
}

impl Child for Milestone {
    const TABLE: &'static str = "milestones";
    const COLS: &'static [&'static str] = &["date", "kind", "note"];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        vec![dv(self.date), text(self.kind.code()), text(&self.note)]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Milestone {
            id: r.get(0)?,
            date: date(r, 1)?,
            kind: code(r, 2, MilestoneKind::from_code)?,
            note: r.get(3)?,
        })
    }
}

impl Child for Assessment {
    const TABLE: &'static str = "assessments";
    const COLS: &'static [&'static str] = &["date", "cause", "acknowledges", "note"];
    const ORDER: &'static str = "date";
    fn id(&self) -> Option<RecordId> {
        self.id
    }
    fn values(&self) -> Vec<Value> {
        vec![
            dv(self.date),
            text(self.cause.code()),
            flag(self.acknowledges),
            text(&self.note),
        ]
    }
    fn read(r: &Row) -> rusqlite::Result<Self> {
        Ok(Assessment {
            id: r.get(0)?,
            date: date(r, 1)?,
            cause: code(r, 2, CauseKind::from_code)?,
            acknowledges: r.get(3)?,
            note: r.get(4)?,
        })
    }
}
