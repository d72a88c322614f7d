//! Buffer test of the case detail's look-back section (回头看, X三): a thin
//! case flagged with what its records say on each criterion, a reviewed one
//! with its recorded result, drawn on a TestBackend in the mono theme.

use super::*;
use crate::domain::lookback::{CaseReview, CriterionView, Finding};
use crate::domain::model::*;
use crate::ui::theme::{Theme, ThemeChoice};
use ratatui::backend::TestBackend;
use ratatui::widgets::Paragraph;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn member() -> Member {
    Member {
        name: "林小红".into(),
        gender: Gender::Female,
        id_number: "350203199003070027".into(),
        birth_date: date("1990-03-07"),
        membership: Membership::Full,
        probation_start: None,
        branch: "东湖社区党支部".into(),
        committee: "城东街道党工委".into(),
        joined: date("2012-07-01"),
        phone: String::new(),
        address: String::new(),
        employer: String::new(),
        focus_area: FocusArea::StreetCommunity,
        abroad: Abroad::No,
        last_contact: date("2023-01-15"),
        branch_exists: true,
        lost_cause: LostCause::MigrantWork,
    }
}

fn campaign() -> Campaign {
    Campaign {
        id: 1,
        date: date("2026-11-01"),
        name: "组织处置回头看".into(),
        doc_no: "厦委组〔2026〕9号".into(),
        scope: crate::domain::lookback::DEFAULT_SCOPE.to_vec(),
        migrated: false,
    }
}

fn row(flagged: bool, recorded: Option<Review>) -> ReviewRow {
    let exhausted = if flagged {
        vec![
            Finding::ChannelsBelowMinimum { covered: 1, min: 4 },
            Finding::OverrideUsed {
                track: TrackKind::Suspension,
                reason: "家属称其出国".into(),
            },
        ]
    } else {
        vec![]
    };
    ReviewRow {
        case: 7,
        name: "林小红".into(),
        branch: "东湖社区党支部".into(),
        flagged,
        recorded,
        review: CaseReview {
            kind: LookbackKind::SelfLapse,
            disposed: date("2026-02-04"),
            channels: vec![Channel::Phone],
            min_channels: 4,
            criteria: vec![
                CriterionView {
                    criterion: Criterion::Exhausted,
                    findings: exhausted,
                },
                CriterionView {
                    criterion: Criterion::Records,
                    findings: vec![],
                },
            ],
        },
    }
}

fn draw(v: &CaseView, theme: &Theme) -> ratatui::buffer::Buffer {
    let lines = text(v, 4, &Procedures::embedded(), theme).lines;
    let mut t = ratatui::Terminal::new(TestBackend::new(110, 80)).expect("terminal");
    t.draw(|f| f.render_widget(Paragraph::new(lines), f.area()))
        .expect("draw");
    t.backend().buffer().clone()
}

fn rows(b: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..b.area.height)
        .map(|y| {
            let mut s = String::new();
            let mut skip = 0;
            for x in 0..b.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = b[(x, y)].symbol();
                s.push_str(sym);
                skip = Span::raw(sym).width().saturating_sub(1);
            }
            s.trim_end().to_string()
        })
        .collect()
}

#[test]
fn the_lookback_section_flags_a_thin_case_and_shows_a_recorded_review_x3() {
    let theme = Theme::new(ThemeChoice::Mono, false);
    let reviewed = Review {
        id: Some(3),
        date: date("2026-11-20"),
        outcome: ReviewOutcome::Keep,
        note: String::new(),
        campaign: Some(1),
        kind: Some(LookbackKind::SelfLapse),
        who: "陈六".into(),
        criteria: vec![CriterionResult {
            criterion: Criterion::Exhausted,
            met: true,
        }],
    };
    let v = CaseView {
        case: Case::new(7, member(), Status::Removed, date("2026-02-04")),
        checklist: None,
        history: vec![],
        lookback: vec![
            (campaign(), row(true, None)),
            (campaign(), row(false, Some(reviewed))),
        ],
    };
    let b = draw(&v, &theme);
    let r = rows(&b);
    let at = |needle: &str| {
        r.iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in\n{}", r.join("\n")))
    };
    let head = at("回头看检视 (2)");
    assert!(r[head + 1].contains("回头看 1：2026-11-01 组织处置回头看（厦委组〔2026〕9号）"));
    let flag = at("【存疑】");
    assert!(
        r[flag].starts_with("~"),
        "a glyph, not colour alone: {}",
        r[flag]
    );
    assert!(
        r[flag].contains("仍未取得联系党员的自行脱党除名 2026-02-04"),
        "{}",
        r[flag]
    );
    assert!(
        r[flag + 1].contains("查找途径：1/4 种（电话）"),
        "{}",
        r[flag + 1]
    );
    let ex = flag + 2;
    assert!(
        r[ex].contains("是否穷尽查找的途径和办法：查找途径 1 种，少于规定的 4 种；选择「停止党籍」时写明了例外理由：家属称其出国"),
        "{}",
        r[ex]
    );
    assert!(
        r[ex + 1].contains("查找记录是否详实：未见疑点"),
        "{}",
        r[ex + 1]
    );
    assert!(r[ex + 2].contains("尚未检视"), "{}", r[ex + 2]);
    // The flagged criterion carries the due-soon style; a clean one does not.
    let styled = |y: usize| {
        let x = r[y].chars().take_while(|c| *c == ' ').count() as u16;
        b[(x, y as u16)].style()
    };
    assert_eq!(styled(ex).add_modifier, theme.due_soon().add_modifier);
    assert_ne!(styled(ex + 1), styled(ex));
    let clean = at("【未见疑点】");
    assert!(
        r[clean..]
            .iter()
            .any(|l| l.contains("检视结论：维持原处置决定（2026-11-20，陈六）"))
    );
    assert!(
        r[clean..]
            .iter()
            .any(|l| l.contains("是否穷尽查找的途径和办法：符合"))
    );
}
