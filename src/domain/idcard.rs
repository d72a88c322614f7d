//! 公民身份号码 (GB 11643-1999): 18 characters, 6-digit region, 8-digit birth
//! date (YYYYMMDD, characters 7-14), 3-digit sequence (odd = male), and an
//! ISO 7064 MOD 11-2 check character (0-9 or X).

use chrono::NaiveDate;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdError {
    /// Not 17 digits followed by a digit or X.
    Format,
    /// The check character does not match; carries the expected one.
    CheckDigit(char),
    /// Characters 7-14 are not a real date.
    BirthDate,
}

/// The check character for the first 17 digits, or None if they are not digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    Some(CHECK[(sum % 11) as usize])
}

/// Check format and check character; return the birth date encoded in it.
pub fn parse(id: &str) -> Result<NaiveDate, IdError> {
    let id = id.trim();
    if id.len() != 18 || !id.is_ascii() {
        return Err(IdError::Format);
    }
    let (body, last) = id.split_at(17);
    let last = last.chars().next().map(|c| c.to_ascii_uppercase());
    let expected = check_char(body).ok_or(IdError::Format)?;
    match last {
        Some(c) if c.is_ascii_digit() || c == 'X' => {}
        _ => return Err(IdError::Format),
    }
    if last != Some(expected) {
        return Err(IdError::CheckDigit(expected));
    }
    NaiveDate::parse_from_str(&body[6..14], "%Y%m%d").map_err(|_| IdError::BirthDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb11643_sample_number_is_valid() {
        // The standard's own example: 11010519491231002X.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        let birth = parse("11010519491231002X").expect("valid");
        assert_eq!(birth, NaiveDate::from_ymd_opt(1949, 12, 31).expect("date"));
        assert!(parse("11010519491231002x").is_ok(), "lower-case x accepted");
    }

    #[test]
    fn wrong_check_digit_names_the_expected_one() {
        assert_eq!(parse("110105194912310021"), Err(IdError::CheckDigit('X')));
    }

    #[test]
    fn bad_format_and_bad_birth_date() {
        assert_eq!(parse("1101051949123100"), Err(IdError::Format));
        assert_eq!(parse("11010519491231002Y"), Err(IdError::Format));
        assert_eq!(parse("1101051949123A002X"), Err(IdError::Format));
        let body = "11010519490231002";
        let id = format!("{body}{}", check_char(body).expect("digits"));
        assert_eq!(parse(&id), Err(IdError::BirthDate));
    }
}
