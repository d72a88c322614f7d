//! Rows of a bulk load as SQLite takes them: the case row bound straight
//! from the `Case` (the same values as `case_io::case_values`, without a
//! `Value` per column), dates as text without chrono's formatter, and grams
//! packed into 8 bytes.

use super::super::case_io::MEMBER_COLS;
use super::super::codec::date_text;
use super::Result;
use crate::domain::deadline::Deadline;
use crate::domain::model::Case;
use chrono::{Datelike, NaiveDate};
use rusqlite::Statement;
use rusqlite::types::ToSql;
use std::hash::Hasher;

/// The columns `bind_case` binds, in order: `MEMBER_COLS`, then these.
pub(super) const EXTRA_COLS: [&str; 5] =
    ["created_at", "updated_at", "id", "next_due", "next_kind"];

/// The member columns `bind_case` binds, in order (checked against
/// `MEMBER_COLS` by a test).
const BOUND: [&str; 19] = [
    "name",
    "gender",
    "id_number",
    "birth_date",
    "membership",
    "probation_start",
    "branch",
    "committee",
    "joined",
    "phone",
    "address",
    "employer",
    "focus_area",
    "abroad",
    "last_contact",
    "branch_exists",
    "lost_cause",
    "status",
    "status_since",
];

/// Bind a new case's row (`MEMBER_COLS` then `EXTRA_COLS`) to `st`.
pub(super) fn bind_case(
    st: &mut Statement<'_>,
    c: &Case,
    now: &str,
    first: Option<&Deadline>,
) -> Result<()> {
    if MEMBER_COLS != BOUND {
        return Err(super::StoreError::Sql(rusqlite::Error::InvalidQuery));
    }
    let m = &c.member;
    let mut b = [[0u8; 10]; 6];
    let [b0, b1, b2, b3, b4, b5] = &mut b;
    let birth = DayText::of(m.birth_date, b0);
    let probation = m.probation_start.map(|d| DayText::of(d, b1));
    let joined = DayText::of(m.joined, b2);
    let contact = DayText::of(m.last_contact, b3);
    let since = DayText::of(c.status_since, b4);
    let due = first.map(|d| DayText::of(d.due, b5));
    let vals: [&dyn ToSql; 24] = [
        &m.name,
        &m.gender.code(),
        &m.id_number,
        &birth.as_str(),
        &m.membership.code(),
        &probation.as_ref().map(DayText::as_str),
        &m.branch,
        &m.committee,
        &joined.as_str(),
        &m.phone,
        &m.address,
        &m.employer,
        &m.focus_area.code(),
        &m.abroad.code(),
        &contact.as_str(),
        &i64::from(m.branch_exists),
        &m.lost_cause.code(),
        &c.status.code(),
        &since.as_str(),
        &now,
        &now,
        &c.id,
        &due.as_ref().map(DayText::as_str),
        &first.map(|d| d.kind.code()),
    ];
    for (i, v) in vals.into_iter().enumerate() {
        st.raw_bind_parameter(i + 1, v)?;
    }
    Ok(())
}

/// `date_text` of a day, without chrono's formatter (a few per row).
pub(super) enum DayText<'b> {
    Fast(&'b str),
    Slow(String),
}

impl<'b> DayText<'b> {
    pub(super) fn of(d: NaiveDate, buf: &'b mut [u8; 10]) -> DayText<'b> {
        match day_into(d, buf) {
            Some(s) => DayText::Fast(s),
            None => DayText::Slow(date_text(d)),
        }
    }

    pub(super) fn as_str(&self) -> &str {
        match self {
            DayText::Fast(s) => s,
            DayText::Slow(s) => s,
        }
    }
}

#[cfg(test)]
fn day_text(d: NaiveDate) -> String {
    DayText::of(d, &mut [0; 10]).as_str().to_string()
}

/// YYYY-MM-DD in `buf` for years 0-9999 (as chrono's `%Y-%m-%d` writes
/// them); `None` for other years.
pub(super) fn day_into(d: NaiveDate, buf: &mut [u8; 10]) -> Option<&str> {
    let y = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    let (m, day) = (d.month(), d.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        0,
        m / 10,
        m % 10,
        0,
        day / 10,
        day % 10,
    ];
    for (b, n) in buf.iter_mut().zip(digits) {
        *b = b'0' + n as u8;
    }
    buf[4] = b'-';
    buf[7] = b'-';
    std::str::from_utf8(buf).ok()
}

/// Hasher of the packed grams (already well spread 8-byte keys; SipHash
/// showed in the import's profile).
#[derive(Default)]
pub(super) struct GramHash(u64);

impl Hasher for GramHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(self.0 ^ u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let h = (n ^ (n >> 32) ^ self.0.rotate_left(17)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

#[cfg(test)]
/// A gram of at most 8 bytes as a big-endian number, zero-padded: numeric
/// order is SQLite's BINARY text order, so sorted rows go in index order.
pub(super) fn pack(g: &str) -> Option<u64> {
    let b = g.as_bytes();
    if b.len() > 8 || b.contains(&0) {
        return None;
    }
    let mut a = [0u8; 8];
    a[..b.len()].copy_from_slice(b);
    Some(u64::from_be_bytes(a))
}

/// `pack` of the text of `chars`, without building it.
pub(super) fn pack_chars(chars: &[char]) -> Option<u64> {
    let mut a = [0u8; 8];
    let mut at = 0;
    for c in chars {
        let n = c.len_utf8();
        if at + n > 8 || *c == '\0' {
            return None;
        }
        c.encode_utf8(&mut a[at..at + n]);
        at += n;
    }
    Some(u64::from_be_bytes(a))
}

/// The text of a packed gram, in `buf`.
pub(super) fn unpack_into(p: u64, buf: &mut [u8; 8]) -> &str {
    *buf = p.to_be_bytes();
    let len = buf.iter().position(|&b| b == 0).unwrap_or(8);
    std::str::from_utf8(&buf[..len]).unwrap_or_default()
}

pub(super) fn unpack(p: &u64) -> String {
    let a = p.to_be_bytes();
    let len = a.iter().position(|&b| b == 0).unwrap_or(8);
    String::from_utf8_lossy(&a[..len]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{pack, unpack};

    #[test]
    fn bound_columns_are_the_member_columns() {
        assert_eq!(super::MEMBER_COLS, super::BOUND);
    }

    #[test]
    fn day_text_is_date_text() {
        use chrono::NaiveDate;
        for (y, m, d) in [
            (2026, 5, 15),
            (1, 1, 1),
            (999, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-5, 3, 4),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("valid day");
            assert_eq!(super::day_text(day), super::date_text(day), "{day:?}");
        }
    }

    #[test]
    fn pack_keeps_text_and_order() {
        let gs = ["1", "19", "1987", "a", "王", "王伟", "𠀀𠀀", "诸葛", "z"];
        let mut by_text: Vec<&str> = gs.to_vec();
        by_text.sort();
        let mut by_num: Vec<u64> = gs.iter().filter_map(|g| pack(g)).collect();
        by_num.sort();
        let back: Vec<String> = by_num.iter().map(unpack).collect();
        assert_eq!(back, by_text);
        assert_eq!(pack("123456789"), None);
        for g in gs {
            let chars: Vec<char> = g.chars().collect();
            assert_eq!(super::pack_chars(&chars), pack(g));
        }
    }
}
