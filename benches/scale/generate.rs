//! Bulk generator: N invented cases written straight through the store API
//! (`Tx::insert_case` + `replace_deadlines` from `deadline::compute`) in
//! large transactions. Deterministic for a seed; names, branches, statuses
//! and deadlines spread like a province's roster.

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use shilian::domain::deadline;
use shilian::domain::idcard;
use shilian::domain::model::*;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::store::Store;
use std::collections::HashSet;
use std::path::Path;

/// Cases per transaction.
const CHUNK: usize = 20_000;

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    /// Index into `weights` with probability proportional to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = (self.next() % u64::from(total.max(1))) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        0
    }
}

/// Surnames, most common first (the first ten cover about half the people).
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蔡", "蒋", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦",
    "欧阳", "司马", "上官", "诸葛",
];
pub const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉文斌宇浩凯健俊帆旭宁龙林欣晨瑞博悦佳雨思子涵睿婷倩雪琳晓志建海峰波春燕立国永清德新嘉铭泽轩梓航昊然怡馨颖琪瑶璐菲蕾薇茜蓉岚霖彤晗钰锦熙诚毅骏驰楷煜炜烨晟昕曦昱";
const DISTRICTS: &[(&str, &str)] = &[
    ("320102", "玄武区"),
    ("320104", "秦淮区"),
    ("320105", "建邺区"),
    ("320106", "鼓楼区"),
    ("320111", "浦口区"),
    ("320113", "栖霞区"),
    ("320114", "雨花台区"),
    ("320115", "江宁区"),
    ("320116", "六合区"),
    ("320117", "溧水区"),
    ("320118", "高淳区"),
    ("320205", "锡山区"),
    ("320206", "惠山区"),
    ("320211", "滨湖区"),
    ("320213", "梁溪区"),
    ("320214", "新吴区"),
];
const STREETS: &[&str] = &[
    "东湖", "西岭", "青禾", "云溪", "明德", "滨河", "枫林", "望海", "锦绣", "长乐",
];
const UNITS: &[(&str, FocusArea)] = &[
    ("社区党支部", FocusArea::StreetCommunity),
    ("流动党员党支部", FocusArea::StreetCommunity),
    ("非公企业联合党支部", FocusArea::NonPublicEnterprise),
    ("人才服务中心党支部", FocusArea::TalentAgency),
    ("学院毕业生党支部", FocusArea::University),
    ("机关第一党支部", FocusArea::Other),
];

/// Cases per status, per thousand (sums to 1000).
const STATUS_WEIGHTS: &[(Status, u32)] = &[
    (Status::Lost, 420),
    (Status::Regained, 80),
    (Status::Normal, 60),
    (Status::Correction, 50),
    (Status::Persuading, 30),
    (Status::Removed, 150),
    (Status::Withdrawn, 50),
    (Status::Suspended, 140),
    (Status::ProbationCancelled, 20),
];

pub fn name(rng: &mut Rng) -> String {
    let w: Vec<u32> = (0..SURNAMES.len() as u32)
        .map(|i| 80 / (i + 2) + 1)
        .collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut s = SURNAMES[rng.weighted(&w)].to_string();
    s.push(*rng.pick(&given));
    if rng.chance(70) {
        s.push(*rng.pick(&given));
    }
    s
}

fn day(rng: &mut Rng, from: NaiveDate, span_days: usize) -> NaiveDate {
    from + Duration::days(rng.below(span_days.max(1)) as i64)
}

/// A valid, unique 18-digit ID number for this birth date and gender.
fn id_number(
    rng: &mut Rng,
    region: &str,
    birth: NaiveDate,
    g: Gender,
    used: &mut HashSet<String>,
) -> String {
    loop {
        let seq = rng.below(500) * 2 + usize::from(g == Gender::Male);
        let body = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let check = idcard::check_char(&body).unwrap_or('0');
        let id = format!("{body}{check}");
        if used.insert(id.clone()) {
            return id;
        }
    }
}

fn member(rng: &mut Rng, today: NaiveDate, used: &mut HashSet<String>) -> Member {
    let (region, district) = *rng.pick(DISTRICTS);
    let street = *rng.pick(STREETS);
    let (unit, focus) = *rng.pick(UNITS);
    let branch = format!("{district}{street}街道{}{unit}", rng.below(12) + 1);
    let committee = format!("{district}{street}街道党工委");
    let gender = if rng.chance(55) {
        Gender::Male
    } else {
        Gender::Female
    };
    let last_contact = day(rng, today - Duration::days(365 * 6), 365 * 6);
    let joined = last_contact - Duration::days(400 + rng.below(365 * 20) as i64);
    let birth = joined - Duration::days(19 * 365 + rng.below(21 * 365) as i64);
    let probationary = rng.chance(8);
    Member {
        name: name(rng),
        gender,
        id_number: id_number(rng, region, birth, gender, used),
        birth_date: birth,
        membership: if probationary {
            Membership::Probationary
        } else {
            Membership::Full
        },
        probation_start: probationary.then_some(joined),
        branch,
        committee,
        joined,
        phone: format!("1{}{:09}", 3 + rng.below(7), rng.below(1_000_000_000)),
        address: format!("{district}{street}路{}号", rng.below(300) + 1),
        employer: "不详".into(),
        focus_area: focus,
        abroad: if rng.chance(6) {
            *rng.pick(&Abroad::ALL[1..])
        } else {
            Abroad::No
        },
        last_contact,
        branch_exists: !rng.chance(5),
        lost_cause: *rng.pick(LostCause::ALL),
    }
}

fn searches(rng: &mut Rng, c: &mut Case, today: NaiveDate) {
    let n = rng.below(5);
    for _ in 0..n {
        let date = day(
            rng,
            c.member.last_contact,
            (today - c.member.last_contact).num_days().max(1) as usize,
        );
        c.searches.push(SearchRecord {
            id: None,
            date,
            channel: *rng.pick(Channel::ALL),
            who: "组织委员".into(),
            result: SearchResult::NoTrace,
            note: String::new(),
        });
    }
    c.searches.sort_by_key(|s| s.date);
}

/// One case in `status`, with the records that status implies.
pub fn case(rng: &mut Rng, today: NaiveDate, used: &mut HashSet<String>) -> Case {
    let weights: Vec<u32> = STATUS_WEIGHTS.iter().map(|(_, w)| *w).collect();
    let mut status = STATUS_WEIGHTS[rng.weighted(&weights)].0;
    let m = member(rng, today, used);
    if status == Status::ProbationCancelled && m.membership != Membership::Probationary {
        status = Status::Removed;
    }
    let since = day(
        rng,
        m.last_contact,
        (today - m.last_contact).num_days().max(1) as usize,
    );
    let mut c = Case::new(0, m, status, since);
    searches(rng, &mut c, today);
    match status {
        Status::Correction => c.milestones.push(Milestone {
            id: None,
            date: since,
            kind: MilestoneKind::CorrectionStarted,
            note: String::new(),
        }),
        Status::Suspended => c.suspensions.push(Suspension {
            id: None,
            date: since,
            abroad: c.member.abroad != Abroad::No,
            restored_on: None,
            removed_on: None,
        }),
        _ => {}
    }
    c
}

/// Open tracks for the cases that have one: (track kind, items to record).
fn track_for(rng: &mut Rng, c: &Case) -> Option<TrackKind> {
    match c.status {
        Status::Lost if rng.chance(30) => {
            Some(*rng.pick(&[TrackKind::Suspension, TrackKind::Removal]))
        }
        Status::Persuading => Some(TrackKind::PersuadeWithdraw),
        _ => None,
    }
}

/// Record an open track and its first few items on an inserted case.
fn add_track(c: &mut Case, kind: TrackKind) {
    let started = c.status_since;
    c.tracks.push(Track {
        id: None,
        kind,
        started,
        reason: "长期失联".into(),
        override_reason: String::new(),
        closed: None,
        completed: false,
        months: None,
        ground: None,
    });
}

fn add_items(rng: &mut Rng, c: &mut Case, procs: &Procedures) {
    let Some(t) = c.tracks.last() else { return };
    let (Some(track_id), Some(def)) = (t.id, procs.track(t.kind)) else {
        return;
    };
    let k = rng.below(4);
    let mut date = t.started;
    for (step, item) in def.all_items().filter(|(_, i)| !i.effect).take(k) {
        date += Duration::days(3 + rng.below(20) as i64);
        c.items.push(ItemRecord {
            id: None,
            track_id,
            step,
            item: item.key.clone(),
            date,
            who: "组织委员".into(),
            body: Some(item.body),
            doc_no: String::new(),
            note: String::new(),
            attempt: 1,
            outcome: None,
        });
    }
}

/// Create (or reuse) a database of `n` cases at `path`. Returns true if made.
pub fn ensure(path: &Path, n: usize, today: NaiveDate) -> Result<bool> {
    if path.exists() {
        let store = Store::open(path)?;
        if store.meta_get("bench.cases")?.as_deref() == Some(&n.to_string()) {
            return Ok(false);
        }
        drop(store);
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("create {}", dir.display()))?;
    }
    let tmp = path.with_extension("partial");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
    }
    generate(&tmp, n, today)?;
    std::fs::rename(&tmp, path).with_context(|| format!("rename to {}", path.display()))?;
    Ok(true)
}

/// Write `n` cases to a new database at `path`.
pub fn generate(path: &Path, n: usize, today: NaiveDate) -> Result<()> {
    let (policy, procs) = (Policy::embedded(), Procedures::embedded());
    let mut store = Store::open(path)?;
    let mut rng = Rng::new(42);
    let mut used = HashSet::with_capacity(n);
    let t0 = std::time::Instant::now();
    let mut done = 0;
    while done < n {
        let tx = store.begin()?;
        for _ in 0..CHUNK.min(n - done) {
            let mut c = case(&mut rng, today, &mut used);
            let kind = track_for(&mut rng, &c);
            if let Some(k) = kind {
                add_track(&mut c, k);
            }
            c.id = tx.insert_case(&c)?;
            if kind.is_some() {
                c = tx.load_case(c.id)?;
                add_items(&mut rng, &mut c, &procs);
                c.version = tx.save_case(&c)?;
            }
            // A generated file has no look-back campaign.
            tx.replace_deadlines(c.id, &deadline::compute(&c, &policy, &procs, &[]))?;
        }
        done += CHUNK.min(n - done);
        if done == n {
            tx.meta_set("bench.cases", &n.to_string())?;
        }
        tx.commit()?;
        eprintln!(
            "  generated {done}/{n} ({:.1} s)",
            t0.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
