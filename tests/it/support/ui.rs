//! Shared fixtures for the workstation tests: a real database filled
//! through `Workspace::run`, an `App` on a `TestBackend`, key helpers and
//! buffer readers.

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use shilian::app::Workspace;
use shilian::domain::action::Action;
use shilian::domain::idcard::check_char;
use shilian::domain::model::*;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::ui::{App, ThemeChoice, UiOptions};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub const TODAY: &str = "2024-06-01";

pub fn id_for(birth: NaiveDate, seq: u32) -> String {
    let body = format!("350203{}{:03}", birth.format("%Y%m%d"), seq);
    let check = check_char(&body).expect("digits");
    format!("{body}{check}")
}

pub fn member(name: &str, seq: u32, branch: &str, membership: Membership) -> Member {
    let birth = d("1988-04-12");
    Member {
        name: name.into(),
        gender: Gender::Male,
        id_number: id_for(birth, seq),
        birth_date: birth,
        membership,
        probation_start: (membership == Membership::Probationary).then(|| d("2022-07-01")),
        branch: branch.into(),
        committee: "思明区某街道党工委".into(),
        joined: if membership == Membership::Probationary {
            d("2022-07-01")
        } else {
            d("2012-07-01")
        },
        phone: "13800000000".into(),
        address: "厦门市思明区某路1号".into(),
        employer: "某科技有限公司".into(),
        focus_area: FocusArea::NonPublicEnterprise,
        abroad: Abroad::No,
        last_contact: d("2023-01-10"),
        branch_exists: true,
        lost_cause: LostCause::MigrantWork,
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub ws: Option<Workspace>,
    /// 李明华: lost, one search long ago (search stale, overdue).
    pub lost: CaseId,
    /// 欧阳建国: regained, normal-management track waiting (overdue).
    #[allow(dead_code)] // no test reads it yet; the fixture names its cases
    pub tracked: CaseId,
}

fn run(ws: &mut Workspace, a: Action) -> CaseId {
    ws.run(&a, d(TODAY))
        .unwrap_or_else(|e| panic!("{a:?}: {e}"))
        .case
}

fn search(case: CaseId, date: &str, channel: Channel) -> Action {
    Action::RecordSearch {
        case,
        date: d(date),
        channel,
        who: "陈干事".into(),
        result: SearchResult::NoTrace,
        note: String::new(),
    }
}

/// A database with a handful of cases in different states.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("shilian.db");
    let mut ws = Workspace::open(&path, Policy::embedded(), Procedures::embedded()).expect("open");
    let mk = |ws: &mut Workspace, name: &str, seq: u32, branch: &str, m: Membership| {
        run(
            ws,
            Action::CreateCase {
                member: member(name, seq, branch, m),
                status: Status::Lost,
            },
        )
    };
    let lost = mk(&mut ws, "李明华", 1, "第一党支部", Membership::Full);
    run(&mut ws, search(lost, "2024-01-20", Channel::Family));
    let tracked = mk(&mut ws, "欧阳建国", 2, "第二党支部", Membership::Full);
    run(&mut ws, search(tracked, "2023-09-01", Channel::Phone));
    run(
        &mut ws,
        Action::RegainContact {
            case: tracked,
            date: d("2024-01-10"),
            note: "本人来电".into(),
        },
    );
    for check in ConductCheck::ALL {
        run(
            &mut ws,
            Action::RecordConduct {
                case: tracked,
                check: *check,
                date: d("2024-01-20"),
                result: CheckResult::Clear,
                note: String::new(),
            },
        );
    }
    run(
        &mut ws,
        Action::RecordAssessment {
            case: tracked,
            date: d("2024-01-25"),
            cause: CauseKind::Objective,
            acknowledges: true,
            note: String::new(),
        },
    );
    run(
        &mut ws,
        Action::ChooseTrack {
            case: tracked,
            track: TrackKind::Normal,
            date: d("2024-02-01"),
            reason: "表现良好".into(),
            override_reason: String::new(),
            months: None,
            ground: None,
        },
    );
    for (i, name) in ["张伟", "王芳", "刘洋", "陈静", "杨帆", "赵磊"]
        .iter()
        .enumerate()
    {
        let m = if i % 2 == 0 {
            Membership::Full
        } else {
            Membership::Probationary
        };
        mk(&mut ws, name, 10 + i as u32, "城东社区党支部", m);
    }
    Fixture {
        dir,
        ws: Some(ws),
        lost,
        tracked,
    }
}

pub fn options(dir: &std::path::Path, theme: ThemeChoice) -> UiOptions {
    UiOptions {
        today: d(TODAY),
        theme,
        ascii: false,
        keymap_file: None,
        draft_path: dir.join("draft.json"),
    }
}

pub fn app(f: &mut Fixture, theme: ThemeChoice) -> App {
    let ws = f.ws.take().expect("workspace");
    App::new(ws, options(f.dir.path(), theme)).expect("app")
}

pub fn terminal(w: u16, h: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(w, h)).expect("terminal")
}

pub fn draw(t: &mut Terminal<TestBackend>, app: &mut App) -> Buffer {
    t.draw(|f| app.render(f)).expect("draw");
    t.backend().buffer().clone()
}

pub fn key(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Event {
    let m = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Event::Key(KeyEvent::new(KeyCode::Char(c), m))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn typ(app: &mut App, s: &str) {
    for c in s.chars() {
        app.handle_event(ch(c));
    }
}

/// Screen rows as strings; the blank cell after a wide character is skipped.
pub fn rows(b: &Buffer) -> Vec<String> {
    let a = b.area;
    (a.y..a.bottom())
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in a.x..a.right() {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = b[(x, y)].symbol();
                s.push_str(sym);
                skip = ratatui::text::Span::raw(sym).width().saturating_sub(1);
            }
            s
        })
        .collect()
}

pub fn screen(b: &Buffer) -> String {
    rows(b).join("\n")
}

/// The row (index) containing `needle`.
pub fn row_of(b: &Buffer, needle: &str) -> Option<usize> {
    rows(b).iter().position(|r| r.contains(needle))
}

/// Cells of row `y` whose symbol is part of `needle`'s first occurrence carry `m`.
pub fn text_has_modifier(b: &Buffer, needle: &str, m: Modifier) -> bool {
    let Some(y) = row_of(b, needle) else {
        return false;
    };
    let first = needle
        .chars()
        .next()
        .map(|c| c.to_string())
        .unwrap_or_default();
    (b.area.x..b.area.right()).any(|x| {
        let c = &b[(x, y as u16)];
        c.symbol() == first && c.modifier.contains(m)
    })
}
