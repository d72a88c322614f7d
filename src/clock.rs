//! Times shown to a person are local: the audit log stores UTC
//! (`2026-03-07T02:15:00.000Z`); the audit table, the case history and the
//! dossier show it in the system's time zone (`TZ`, else /etc/localtime, via
//! chrono's `Local`), and in Asia/Shanghai (UTC+8, no daylight saving since
//! 1991) where neither is set, as on a bare container or a server installed
//! without a zone.

use chrono::{DateTime, FixedOffset, Local, Utc};

/// Asia/Shanghai's offset, used when the system names no zone.
const SHANGHAI_SECS: i32 = 8 * 3600;

/// Does the system name a time zone (`TZ` set, or /etc/localtime present)?
fn system_zone_known() -> bool {
    std::env::var_os("TZ").is_some_and(|v| !v.is_empty())
        || std::path::Path::new("/etc/localtime").exists()
}

/// A stored UTC time as local "2026-03-07 10:15" (minutes; the stored text
/// itself when it is not a time).
pub fn local(at_utc: &str) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(at_utc) else {
        return at_utc.to_string();
    };
    let utc = t.with_timezone(&Utc);
    if system_zone_known() {
        utc.with_timezone(&Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    } else {
        match FixedOffset::east_opt(SHANGHAI_SECS) {
            Some(z) => utc.with_timezone(&z).format("%Y-%m-%d %H:%M").to_string(),
            None => at_utc.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_time_is_shown_in_minutes_and_bad_text_as_is() {
        let s = local("2026-03-07T02:15:30.000Z");
        assert_eq!(s.len(), 16, "{s}");
        assert!(s.starts_with("2026-03-0"), "{s}");
        assert_eq!(local("not a time"), "not a time");
    }
}
