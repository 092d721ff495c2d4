//! Property tests: the value parser and the cell normaliser never panic, and what they
//! write parses back to what they read.

use proptest::prelude::*;
use rust_decimal::Decimal;
use zipingbiao::check::value::{self, Value};
use zipingbiao::normalize::{clean_text, decimal_string, parse_number, parse_rate};

/// Text in the alphabet of real cells: digits (ASCII and full-width), comparators, units,
/// Chinese words, separators and white space.
fn cell_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "0",
        "1",
        "5",
        "9",
        "05",
        "12",
        ".",
        ",",
        "，",
        "%",
        "％",
        "=",
        ">=",
        "≥",
        "＞＝",
        "<",
        "≤",
        "＜",
        "不低于",
        "控制在",
        "以内",
        "以上",
        "同比",
        "增长",
        "减少",
        "下降",
        "个",
        "人次",
        "万元",
        "元",
        "天",
        "一个工作日",
        "及时",
        "较高",
        "、",
        "登记率",
        "年",
        "月",
        " ",
        "\u{3000}",
        "\n",
        "—",
        "-",
        "１",
        "２",
        "万",
        "亿",
        "个百分点",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

fn decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..6).prop_map(|(n, scale)| Decimal::new(n % 1_000_000_000_000, scale))
}

proptest! {
    #[test]
    fn value_parser_never_panics(s in ".*") {
        let _ = value::parse(&s);
    }

    #[test]
    fn parsed_values_format_and_parse_back(s in cell_text()) {
        let v = value::parse(&s);
        let again = value::parse(&v.to_string());
        prop_assert_eq!(&again, &v, "{:?} → {}", s, v);
    }

    #[test]
    fn arbitrary_text_formats_and_parses_back(s in ".{0,24}") {
        let v = value::parse(&s);
        prop_assert_eq!(value::parse(&v.to_string()), v);
    }

    #[test]
    fn quantities_keep_their_numbers(n in 0u32..1_000_000, unit in prop::sample::select(vec!["%", "个", "人次", "天"])) {
        let v = value::parse(&format!("≥{n}{unit}"));
        let Value::Quantity(q) = v else { panic!("not a quantity") };
        prop_assert_eq!(q.numbers, vec![Decimal::from(n)]);
        prop_assert_eq!(q.unit, unit);
    }

    #[test]
    fn normaliser_never_panics(s in ".*") {
        let _ = clean_text(&s);
        let _ = parse_number(&s);
        let _ = parse_rate(&s);
    }

    #[test]
    fn clean_text_is_idempotent(s in cell_text()) {
        let once = clean_text(&s);
        prop_assert_eq!(clean_text(&once), once);
    }

    #[test]
    fn numbers_format_and_parse_back(d in decimal()) {
        let written = decimal_string(d);
        prop_assert_eq!(parse_number(&written), Ok(Some(d)));
        // With thousands separators and in full width, as clerks type them.
        let separated = with_separators(&written);
        prop_assert_eq!(parse_number(&separated), Ok(Some(d)), "{}", separated);
        let full_width: String = separated.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
        prop_assert_eq!(parse_number(&full_width), Ok(Some(d)), "{}", full_width);
    }

    #[test]
    fn percentages_parse_as_fractions(d in decimal()) {
        let d = d.abs();
        let rate = parse_rate(&format!("{}%", decimal_string(d))).unwrap().unwrap();
        prop_assert_eq!(rate * Decimal::ONE_HUNDRED, d);
    }
}

fn with_separators(plain: &str) -> String {
    let (sign, rest) = plain.strip_prefix('-').map_or(("", plain), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}
