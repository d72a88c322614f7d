//! Invented people and organizations: names from common surnames and
//! given-name characters, valid ID numbers consistent with the birth date,
//! three fictional grassroots committees with four branches each.

use super::rng::Rng;
use crate::domain::idcard;
use crate::domain::model::*;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::HashSet;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蔡", "蒋", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "文", "斌", "宇",
    "浩", "凯", "健", "俊", "帆", "旭", "宁", "龙", "林", "欣", "晨", "瑞", "博", "悦", "佳", "雨",
    "思", "子", "涵", "睿", "婷", "倩", "雪", "琳", "晓", "志", "建", "海", "峰", "波", "春", "燕",
    "立", "国", "永", "清", "德", "新",
];
const REGIONS: &[&str] = &[
    "350203", "350205", "350206", "350211", "350212", "350213", "350322", "350582", "360102",
    "430103", "510104", "410105", "420106", "220102",
];
const STREETS: &[&str] = &[
    "东湖路",
    "西岭街",
    "青禾大道",
    "云溪路",
    "明德路",
    "滨河巷",
    "枫林里",
    "望海路",
];
const EMPLOYERS: &[&str] = &[
    "青禾数码科技有限公司",
    "云溪智能装备有限公司",
    "恒远物流有限公司",
    "锦程餐饮管理有限公司",
    "明德实训中心",
    "个体经营",
    "自由职业",
    "不详",
];

/// A fictional grassroots committee, its branches and typical focus area.
pub struct Org {
    pub committee: &'static str,
    pub branches: [&'static str; 4],
    pub focus: [FocusArea; 4],
}

pub const ORGS: &[Org] = &[
    Org {
        committee: "青禾街道党工委",
        branches: [
            "青禾街道东湖社区党支部",
            "青禾街道西岭社区党支部",
            "青禾街道流动党员党支部",
            "青禾街道非公企业联合党支部",
        ],
        focus: [
            FocusArea::StreetCommunity,
            FocusArea::StreetCommunity,
            FocusArea::StreetCommunity,
            FocusArea::NonPublicEnterprise,
        ],
    },
    Org {
        committee: "云溪科技园区党委",
        branches: [
            "云溪园区人才服务中心流动党员党支部",
            "云溪园区软件企业联合党支部",
            "云溪园区制造企业联合党支部",
            "云溪园区物流企业党支部",
        ],
        focus: [
            FocusArea::TalentAgency,
            FocusArea::NonPublicEnterprise,
            FocusArea::NonPublicEnterprise,
            FocusArea::NonPublicEnterprise,
        ],
    },
    Org {
        committee: "明德职业学院党委",
        branches: [
            "明德学院毕业生党员党支部",
            "明德学院机电系学生党支部",
            "明德学院经管系学生党支部",
            "明德学院离校未转出党员党支部",
        ],
        focus: [
            FocusArea::University,
            FocusArea::University,
            FocusArea::University,
            FocusArea::Other,
        ],
    },
];

pub fn name(rng: &mut Rng) -> String {
    let mut s = rng.pick(SURNAMES).to_string();
    s.push_str(rng.pick::<&str>(GIVEN));
    if rng.chance(70) {
        s.push_str(rng.pick::<&str>(GIVEN));
    }
    s
}

/// A valid 18-digit ID number for this birth date and gender, not in `used`.
pub fn id_number(
    rng: &mut Rng,
    birth: NaiveDate,
    gender: Gender,
    used: &mut HashSet<String>,
) -> String {
    let region = rng.pick(REGIONS);
    let start = rng.below(500);
    // Sequence: odd for men, even for women.
    for k in 0..500 {
        let seq = ((start + k) % 500) * 2 + usize::from(gender == Gender::Male);
        let body = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let check = idcard::check_char(&body).unwrap_or('0');
        let id = format!("{body}{check}");
        if used.insert(id.clone()) {
            return id;
        }
    }
    // 500 people of one sex born the same day in one region: try another region.
    id_number(rng, birth, gender, used)
}

pub fn phone(rng: &mut Rng) -> String {
    format!("1700000{:04}", rng.below(10_000))
}

/// What shapes a member: membership, abroad status, and the last contact.
pub struct Shape {
    pub membership: Membership,
    pub abroad: Abroad,
    pub last_contact: NaiveDate,
    /// For probationary members: the day the meeting admitted them.
    pub probation_start: Option<NaiveDate>,
}

/// An invented member of a random branch, shaped by the scenario.
pub fn member(rng: &mut Rng, used: &mut HashSet<String>, shape: &Shape) -> Member {
    let org = rng.pick(ORGS);
    let b = rng.below(4);
    let gender = if rng.chance(55) {
        Gender::Male
    } else {
        Gender::Female
    };
    let joined = match shape.probation_start {
        Some(p) => p,
        None => shape.last_contact - Duration::days(rng.range(400, 365 * 20)),
    };
    // 18 to 40 years old when admitted; universities admit the young.
    let age_days = if org.focus[b] == FocusArea::University {
        rng.range(19 * 365, 23 * 365)
    } else {
        rng.range(19 * 365, 40 * 365)
    };
    let birth = joined - Duration::days(age_days);
    let lost_cause = match (shape.abroad, org.focus[b]) {
        (Abroad::No, FocusArea::University) => LostCause::GraduateUnknown,
        (Abroad::No, _) => *rng.pick(&[
            LostCause::MigrantWork,
            LostCause::EmployerRestructured,
            LostCause::EmployerChanged,
            LostCause::ResidenceChanged,
            LostCause::Other,
        ]),
        _ => LostCause::WentAbroad,
    };
    Member {
        name: name(rng),
        gender,
        id_number: id_number(rng, birth, gender, used),
        birth_date: birth,
        membership: shape.membership,
        probation_start: shape.probation_start,
        branch: org.branches[b].to_string(),
        committee: org.committee.to_string(),
        joined,
        phone: if rng.chance(80) {
            phone(rng)
        } else {
            String::new()
        },
        address: format!(
            "{}{}号{}单元",
            rng.pick(STREETS),
            rng.range(1, 260),
            rng.range(1, 6)
        ),
        employer: rng.pick(EMPLOYERS).to_string(),
        focus_area: org.focus[b],
        abroad: shape.abroad,
        last_contact: shape.last_contact,
        branch_exists: !rng.chance(5),
        lost_cause,
    }
}

/// A document number such as 青禾党工委〔2025〕17号.
pub fn doc_no(rng: &mut Rng, issuer: &str, date: NaiveDate) -> String {
    format!("{issuer}〔{}〕{}号", date.year(), rng.range(1, 120))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_are_valid_and_match_birth_date() {
        let mut rng = Rng::new(1);
        let mut used = HashSet::new();
        for serial in 0..300 {
            let birth = NaiveDate::from_ymd_opt(1970, 1, 1).expect("date")
                + Duration::days(rng.range(0, 12_000));
            let g = if serial % 2 == 0 {
                Gender::Male
            } else {
                Gender::Female
            };
            let id = id_number(&mut rng, birth, g, &mut used);
            assert_eq!(idcard::parse(&id), Ok(birth), "{id}");
            let seq: u32 = id[14..17].parse().expect("digits");
            assert_eq!(seq % 2 == 1, g == Gender::Male, "{id}");
        }
    }
}
