//! Calendar arithmetic for deadlines and rules. Month arithmetic clamps to
//! the end of the month (31 Jan + 1 month = 28/29 Feb), as offices count.

use chrono::{Days, Months, NaiveDate};

/// `date` plus `months` calendar months, clamped to the month's last day.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// `date` plus `years` calendar years (Feb 29 falls back to Feb 28).
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    add_months(date, years.saturating_mul(12))
}

/// `date` plus `days` days.
pub fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(add_months(d(2023, 8, 31), 6), d(2024, 2, 29));
        assert_eq!(add_months(d(2024, 3, 15), 12), d(2025, 3, 15));
    }

    #[test]
    fn years_and_days() {
        assert_eq!(add_years(d(2024, 2, 29), 2), d(2026, 2, 28));
        assert_eq!(add_days(d(2024, 12, 31), 30), d(2025, 1, 30));
    }
}
