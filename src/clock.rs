//! The time of day in China (北京时间, UTC+8, the one time zone of the offices this tool
//! is for), from the system clock: for the names of dated backups and the dates the tool
//! writes into the reviewer's workbook. The standard library knows no time zones, and the
//! machine's own may be set to anything; China keeps no daylight saving.

/// Seconds east of UTC.
const BEIJING: i64 = 8 * 3600;

/// Now as (year, month, day, hour, minute, second) in Beijing time.
pub fn beijing_now() -> (i32, u32, u32, u32, u32, u32) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    civil(secs + BEIJING)
}

/// `20261207-141500`: a stamp for a file or folder name, sorting as time does.
pub fn stamp() -> String {
    let (y, mo, d, h, mi, s) = beijing_now();
    format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
}

/// `2026-12-07`: today's date.
pub fn today() -> String {
    let (y, mo, d, ..) = beijing_now();
    format!("{y:04}-{mo:02}-{d:02}")
}

/// The calendar date and time of `secs` seconds since 1970-01-01 00:00 (H. Hinnant's
/// civil-from-days, proleptic Gregorian).
fn civil(secs: i64) -> (i32, u32, u32, u32, u32, u32) {
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    (year, month, day, h as u32, m as u32, s as u32)
}

#[cfg(test)]
mod tests {
    use super::civil;

    #[test]
    fn seconds_are_the_calendar_date_and_time() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        // 2026-12-07 13:34:39 UTC is 21:34:39 in Beijing.
        assert_eq!(civil(1_796_650_479 + 8 * 3600), (2026, 12, 7, 21, 34, 39));
        assert_eq!(civil(951_782_400), (2000, 2, 29, 0, 0, 0));
        assert_eq!(civil(-1), (1969, 12, 31, 23, 59, 59));
        // Days fall in their year: 2024-02-29, 2024-12-31, 2025-01-01 and 2026-12-01.
        let year = |days: i64| civil(days * 86_400).0;
        assert_eq!(
            [0, 364, 365, 19_782, 20_088, 20_089, 20_788, -1].map(year),
            [1970, 1970, 1971, 2024, 2024, 2025, 2026, 1969]
        );
    }
}
