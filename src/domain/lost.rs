//! The six months of the Notice's preamble (「与党组织失去联系6个月以上的党员」):
//! a case recorded earlier is a watch case (失联未满6个月) until last contact +
//! the policy months; it is stored as `lost` and the watch is derived.

use super::dates::add_months;
use super::model::{Case, Status};
use super::policy::Policy;
use chrono::NaiveDate;

/// The day a member whose last contact was `last_contact` becomes a 失联党员.
pub fn lost_from(last_contact: NaiveDate, policy: &Policy) -> NaiveDate {
    add_months(last_contact, policy.lost_contact.months)
}

/// The latest last-contact date that makes a 失联党员 by `today`: a lost case
/// is a watch case exactly when its last contact is after this date. Month
/// arithmetic clamps (31 Mar + 6 months = 30 Sep), so the date is found by
/// stepping from `today` minus the months, not by subtracting alone.
pub fn lost_cutoff(today: NaiveDate, policy: &Policy) -> NaiveDate {
    let months = chrono::Months::new(policy.lost_contact.months);
    let mut cut = today.checked_sub_months(months).unwrap_or(NaiveDate::MIN);
    while let Some(next) = cut.succ_opt() {
        if lost_from(next, policy) > today {
            break;
        }
        cut = next;
    }
    cut
}

/// Lost for less than the policy months on `today` (a watch case).
pub fn is_watch(case: &Case, policy: &Policy, today: NaiveDate) -> bool {
    case.status == Status::Lost && lost_from(case.member.last_contact, policy) > today
}

/// Label key of the derived watch status (失联未满6个月).
pub const WATCH_KEY: &str = "enum.Phase.watch";

/// Label key of a case's status as shown: a lost case whose last contact is
/// after `cutoff` (see `lost_cutoff`) shows as a watch case.
pub fn status_key(status: Status, last_contact: NaiveDate, cutoff: NaiveDate) -> String {
    if status == Status::Lost && last_contact > cutoff {
        WATCH_KEY.to_string()
    } else {
        status.label_key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    /// The cutoff agrees with `lost_from` on every day of four years,
    /// month ends and leap days included (Notice preamble, 6 months).
    #[test]
    fn cutoff_agrees_with_lost_from_every_day() {
        let p = Policy::embedded();
        let mut today = d("2023-01-01");
        while today < d("2027-01-01") {
            let cut = lost_cutoff(today, &p);
            assert!(lost_from(cut, &p) <= today, "{today}: {cut}");
            assert!(lost_from(cut.succ_opt().unwrap(), &p) > today, "{today}");
            today = today.succ_opt().unwrap();
        }
        // 31 Mar + 6 months clamps to 30 Sep: lost on 30 Sep.
        assert_eq!(lost_cutoff(d("2026-09-30"), &p), d("2026-03-31"));
        // 31 Aug 2023 + 6 months = 29 Feb 2024 (leap year).
        assert_eq!(lost_from(d("2023-08-31"), &p), d("2024-02-29"));
        assert_eq!(lost_cutoff(d("2024-02-29"), &p), d("2023-08-31"));
        assert_eq!(lost_cutoff(d("2024-02-28"), &p), d("2023-08-28"));
    }
}
