//! A spreadsheet value as the text a person sees in the cell.
//!
//! Numbers keep their full stored precision (Excel's 15 significant digits), not the
//! rounding of their display format: money must not lose its cents to a `#,##0` format.
//! A percentage format shows the value in percent (0.999 → `99.9%`). Dates are `YYYY-MM-DD`.

use calamine::Data;
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::normalize::decimal_string;

/// Error literals: calamine reports them as errors for Excel formats, as text for `.ods`.
const ERROR_TEXTS: &[&str] = &[
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#DATA!",
    "#GETTING_DATA",
];

/// The text of a cell and whether it is an error value.
pub fn render(value: &Data, percent: bool) -> (String, bool) {
    match value {
        Data::Empty => (String::new(), false),
        Data::String(s) => {
            let t = s.trim();
            let is_error = ERROR_TEXTS.contains(&t) || t.starts_with("Err:");
            (s.clone(), is_error)
        }
        Data::Float(f) => (number(*f, percent), false),
        Data::Int(i) => (number(*i as f64, percent), false),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_owned(), false),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            let date = format!("{y:04}-{mo:02}-{d:02}");
            if (h, mi, s) == (0, 0, 0) {
                (date, false)
            } else {
                (format!("{date} {h:02}:{mi:02}"), false)
            }
        }
        Data::DateTime(dt) => (number(dt.as_f64(), percent), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Error(e) => (e.to_string(), true),
    }
}

/// A stored number as text: 15 significant digits, no exponent, `%` where formatted so.
pub fn number(f: f64, percent: bool) -> String {
    if !f.is_finite() {
        return String::new();
    }
    // Round to Excel's 15 significant digits, so 0.1 + 0.2 shows as 0.3.
    // Whole numbers (most cells) print as they are: the round trip below is for fractions.
    if !percent && f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    let plain = format!("{rounded}");
    let plain = if plain == "-0" { "0".to_owned() } else { plain };
    if !percent {
        return plain;
    }
    match Decimal::from_str(&plain) {
        Ok(d) => format!("{}%", decimal_string(d * Decimal::ONE_HUNDRED)),
        Err(_) => plain,
    }
}

/// True where an Excel number format shows a percentage (a `%` outside quotes).
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_precision() {
        assert_eq!(number(12814895.16, false), "12814895.16");
        assert_eq!(number(0.1 + 0.2, false), "0.3");
        assert_eq!(number(10.0, false), "10");
        assert_eq!(number(-0.0, false), "0");
        assert_eq!(number(1e21, false), "1000000000000000000000");
        assert_eq!(number(f64::NAN, false), "");
    }

    #[test]
    fn percentages_show_in_percent() {
        assert_eq!(number(0.999, true), "99.9%");
        assert_eq!(number(1.0, true), "100%");
        assert_eq!(number(0.8619, true), "86.19%");
        assert_eq!(number(327298.72 / 500000.0, true), "65.459744%");
    }

    #[test]
    fn percent_formats_are_recognised() {
        assert!(is_percent_format("0.00%"));
        assert!(is_percent_format("0%"));
        assert!(!is_percent_format("#,##0.00"));
        assert!(!is_percent_format("0.0\"%\""));
        assert!(!is_percent_format("0\\%"));
    }

    #[test]
    fn errors_are_marked() {
        assert_eq!(
            render(&Data::Error(calamine::CellErrorType::Div0), false),
            ("#DIV/0!".into(), true)
        );
        assert_eq!(
            render(&Data::String("#DIV/0!".into()), false),
            ("#DIV/0!".into(), true)
        );
        assert_eq!(
            render(&Data::String("05".into()), false),
            ("05".into(), false)
        );
        assert_eq!(render(&Data::Bool(true), false).0, "TRUE");
    }

    #[test]
    fn dates_are_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = Data::DateTime(ExcelDateTime::new(
            45291.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(render(&date, false).0, "2023-12-31");
        let time = Data::DateTime(ExcelDateTime::new(
            45291.5,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(render(&time, false).0, "2023-12-31 12:00");
    }
}
