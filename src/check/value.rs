//! Targets and actuals as typed values: comparator, numbers, unit and direction — or
//! qualitative text that cannot be recomputed.
//!
//! `=100%`, `>=90%`, `≥95分`, `≤5%`, `＜3次`, `=24个`, `1200人次`, `10万元`, `同比增长10%`,
//! `同比减少5%`, `不低于90%`, `控制在5%以内`, `一个工作日`, `团队人员流失率≤10%`,
//! `登记率96%、准确率97%` (two numbers) are quantitative; `及时`, `较高`, `下降` are not.
//! Full-width forms are the same as ASCII ones.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::normalize::{decimal_string, to_halfwidth};

pub use crate::model::Comparator;

/// A year-on-year change named in the text (`同比增长10%`, `下降5%`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Change {
    /// 增长, 提高, 增加.
    Increase,
    /// 下降, 减少, 降低.
    Decrease,
}

/// A quantitative value: one or more numbers sharing a comparator and a unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Quantity {
    /// How the numbers bound the value (`≥`, `≤`, none).
    pub comparator: Comparator,
    /// A year-on-year change the text names.
    pub change: Option<Change>,
    /// In the base unit (`10万元` is 100000 元).
    pub numbers: Vec<Decimal>,
    /// The base unit: `%`, `个`, `人次`, `元`; empty for a bare number.
    pub unit: String,
}

/// A target or actual as parsed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// Numbers with a comparator and a unit (`≥95%`, `1200人次`).
    Quantity(Quantity),
    /// No number to compare (`及时`, `较高`), or numbers that name no measure (a date, a
    /// target with two numbers in different units).
    Qualitative {
        /// A year-on-year change the text names.
        change: Option<Change>,
    },
}

impl Value {
    /// The quantity, where the value is one.
    pub fn quantity(&self) -> Option<&Quantity> {
        match self {
            Value::Quantity(q) => Some(q),
            Value::Qualitative { .. } => None,
        }
    }
}

/// The comparator words of the built-in template (`[comparators]` of form.toml), for
/// [`parse`]; the check uses its own vocabulary's through [`parse_with`].
static BUILTIN_WORDS: LazyLock<Vec<(String, Comparator)>> = LazyLock::new(|| {
    crate::extract::vocabulary::Vocabulary::builtin()
        .comparator_words()
        .to_vec()
});

const INCREASE_WORDS: &[&str] = &["增长", "提高", "上升", "增加", "提升", "增幅"];
const DECREASE_WORDS: &[&str] = &["减少", "下降", "降低", "减小", "降幅", "压减"];

/// An Arabic number and the unit text after it. ASCII digits only (full-width ones are
/// half-width by now): Unicode `\d` makes the automaton large enough that the regex crate
/// falls back to its slowest engine, which showed in profiles.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?)\s*([^0-9\s、,;/()]*)")
        .expect("valid number pattern")
});

/// A Chinese numeral only where a measure follows and the text ends (`一个工作日`,
/// `三天`), so words such as 一流 or 统一 are not numbers.
static CHINESE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([一二两三四五六七八九十]+)(个?(?:工作日|小时|天|日|月|周|次|项|人|名|家|处|条|批|场|轮))$")
        .expect("valid numeral pattern")
});

/// Parses a target or actual with the built-in comparator words.
pub fn parse(text: &str) -> Value {
    parse_with(text, &BUILTIN_WORDS)
}

/// Parses a target or actual; `words` are the comparator words, longest first (the same
/// table the extractor reads a 指标性质 column with).
pub fn parse_with(text: &str, words: &[(String, Comparator)]) -> Value {
    let t = to_halfwidth(text);
    let t = t.trim();
    let change = change_of(t);
    let qualitative = Value::Qualitative { change };
    let mut comparator = None;
    let mut numbers = Vec::new();
    let mut units: Vec<String> = Vec::new();
    let mut consumed = 0;
    let matches: Vec<(usize, usize, Decimal, &str)> = NUMBER
        .captures_iter(t)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let n = Decimal::from_str(&caps.get(1)?.as_str().replace(',', "")).ok()?;
            Some((whole.start(), whole.end(), n, caps.get(2)?.as_str()))
        })
        .collect();
    let matches = if matches.is_empty() {
        CHINESE_NUMBER
            .captures(t)
            .and_then(|caps| {
                let whole = caps.get(0)?;
                let n = chinese_number(caps.get(1)?.as_str())?;
                Some(vec![(whole.start(), whole.end(), n, caps.get(2)?.as_str())])
            })
            .unwrap_or_default()
    } else {
        matches
    };
    for (start, end, n, tail) in matches {
        let (unit_text, after) = split_unit(tail);
        let (base, factor) = base_unit(unit_text);
        // A year, month or day (2023年9月) names a date, not a measure; a number of years
        // that is no calendar year (≥10年, 9年以上) is a duration, a unit like 个月 or 天.
        let duration = base == "年" && !is_calendar_year(n);
        if base.starts_with(['年', '月', '日']) && !base.starts_with("年度") && !duration {
            return qualitative;
        }
        let before = &t[consumed..start];
        comparator = comparator
            .or_else(|| comparator_before(before, words).or_else(|| comparator_after(after)));
        // 10万 of a 28-digit number does not fit a decimal: no measure anyone wrote.
        let Some(n) = n
            .checked_mul(factor)
            .filter(|n| crate::normalize::plausible(*n))
        else {
            return qualitative;
        };
        numbers.push(n);
        units.push(base);
        consumed = end;
    }
    // Numbers in different units (56191，增长10%) measure different things.
    if numbers.is_empty() || units.iter().any(|u| *u != units[0]) {
        return qualitative;
    }
    Value::Quantity(Quantity {
        comparator: comparator.unwrap_or(Comparator::Bare),
        change,
        numbers,
        unit: units.swap_remove(0),
    })
}

/// A number that reads as a year of the calendar (1900–2100, whole): `2023年` is a date.
fn is_calendar_year(n: Decimal) -> bool {
    n.fract().is_zero() && (Decimal::from(1900)..=Decimal::from(2100)).contains(&n)
}

fn change_of(t: &str) -> Option<Change> {
    let first = |words: &[&str]| words.iter().filter_map(|w| t.find(w)).min();
    match (first(INCREASE_WORDS), first(DECREASE_WORDS)) {
        (Some(i), Some(d)) => Some(if i < d {
            Change::Increase
        } else {
            Change::Decrease
        }),
        (Some(_), None) => Some(Change::Increase),
        (None, Some(_)) => Some(Change::Decrease),
        (None, None) => None,
    }
}

/// 一 → 1, 十二 → 12, 二十 → 20, 两 → 2 (up to 99: enough for 一个工作日, 三个月).
fn chinese_number(s: &str) -> Option<Decimal> {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as i64)
            .or((c == '两').then_some(2))
    };
    let chars: Vec<char> = s.chars().collect();
    let value = match chars.as_slice() {
        ['十'] => 10,
        [d] => digit(*d)?,
        ['十', d] => 10 + digit(*d)?,
        [t, '十'] => digit(*t)? * 10,
        [t, '十', d] => digit(*t)? * 10 + digit(*d)?,
        _ => return None,
    };
    Some(Decimal::from(value))
}

/// The unit at the start of `tail` and the text after it: `%以内` → (`%`, `以内`).
fn split_unit(tail: &str) -> (&str, &str) {
    // A unit ends with its percent sign.
    if let Some(at) = tail.find('%') {
        return tail.split_at(at + 1);
    }
    // A unit ends where a comparator word or a qualifier begins.
    let stops = [
        "以上",
        "以下",
        "以内",
        "之内",
        "左右",
        "及以上",
        "及以下",
        "内",
        "的",
        "和",
        "或",
    ];
    let end = stops
        .iter()
        .filter_map(|s| tail.find(s))
        .min()
        .unwrap_or(tail.len());
    (&tail[..end], &tail[end..])
}

/// `万元` → (`元`, 10000); `万人次` → (`人次`, 10000); `个工作日` → (`工作日`, 1).
fn base_unit(unit: &str) -> (String, Decimal) {
    // Nothing is stripped to leave a unit that starts with 年, 月 or 日: 3个月 is a duration
    // and 3月 a date, 5万年 is no year.
    let strip = |rest: &str| !rest.is_empty() && !rest.starts_with(['年', '月', '日']);
    let mut unit = unit;
    let mut factor = Decimal::ONE;
    loop {
        // A measure word before a noun unit (个工作日, 个百分点) is not part of the unit.
        let trimmed = unit.trim_start_matches('个');
        if strip(trimmed) {
            unit = trimmed;
        }
        let (rest, scale) = match unit.chars().next() {
            Some('万') => (&unit['万'.len_utf8()..], Decimal::from(10_000)),
            Some('亿') => (&unit['亿'.len_utf8()..], Decimal::from(100_000_000)),
            _ => break,
        };
        match factor.checked_mul(scale) {
            Some(f) if strip(rest) => {
                factor = f;
                unit = rest;
            }
            _ => break,
        }
    }
    (unit.to_owned(), factor)
}

fn comparator_before(before: &str, words: &[(String, Comparator)]) -> Option<Comparator> {
    let before = before.trim_end();
    words
        .iter()
        .find(|(word, _)| before.ends_with(word.as_str()))
        .map(|(_, c)| *c)
}

fn comparator_after(after: &str) -> Option<Comparator> {
    let after = after.trim_start();
    if ["以上", "及以上"].iter().any(|w| after.starts_with(w)) {
        Some(Comparator::AtLeast)
    } else if ["以下", "以内", "之内", "及以下", "内"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        Some(Comparator::AtMost)
    } else {
        None
    }
}

impl fmt::Display for Value {
    /// A canonical spelling that parses back to the same value: `>=90%`, `同比增长10%`,
    /// `96%、97%`, or `定性` for a qualitative value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Qualitative { change } => match change {
                Some(Change::Increase) => write!(f, "定性（增长）"),
                Some(Change::Decrease) => write!(f, "定性（下降）"),
                None => write!(f, "定性"),
            },
            Value::Quantity(q) => {
                let prefix = match q.change {
                    Some(Change::Increase) => "同比增长",
                    Some(Change::Decrease) => "同比减少",
                    None => "",
                };
                let numbers: Vec<String> = q
                    .numbers
                    .iter()
                    .map(|n| format!("{}{}", decimal_string(*n), q.unit))
                    .collect();
                write!(f, "{prefix}{}{}", q.comparator.symbol(), numbers.join("、"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> Quantity {
        match parse(text) {
            Value::Quantity(q) => q,
            other => panic!("{text}: {other:?}"),
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn comparators_numbers_and_units() {
        let cases: &[(&str, Comparator, &[&str], &str)] = &[
            ("=100%", Comparator::Equal, &["100"], "%"),
            (">=90%", Comparator::AtLeast, &["90"], "%"),
            ("≥95分", Comparator::AtLeast, &["95"], "分"),
            ("≤5%", Comparator::AtMost, &["5"], "%"),
            ("＜3次", Comparator::LessThan, &["3"], "次"),
            ("=24个", Comparator::Equal, &["24"], "个"),
            ("1200人次", Comparator::Bare, &["1200"], "人次"),
            ("≥10年", Comparator::AtLeast, &["10"], "年"),
            ("9年", Comparator::Bare, &["9"], "年"),
            ("≥3个月", Comparator::AtLeast, &["3"], "个月"),
            ("≥500公里", Comparator::AtLeast, &["500"], "公里"),
            ("≥1200亩", Comparator::AtLeast, &["1200"], "亩"),
            ("≥3.5万平方米", Comparator::AtLeast, &["35000"], "平方米"),
            ("≤24小时", Comparator::AtMost, &["24"], "小时"),
            ("≥300户", Comparator::AtLeast, &["300"], "户"),
            ("10万元", Comparator::Bare, &["100000"], "元"),
            ("不低于90%", Comparator::AtLeast, &["90"], "%"),
            ("控制在5%以内", Comparator::AtMost, &["5"], "%"),
            ("5%以内", Comparator::AtMost, &["5"], "%"),
            ("3000人以上", Comparator::AtLeast, &["3000"], "人"),
            ("一个工作日", Comparator::Bare, &["1"], "工作日"),
            ("＞＝９０％", Comparator::AtLeast, &["90"], "%"),
            ("团队人员流失率≤10%", Comparator::AtMost, &["10"], "%"),
            ("≥4万人次", Comparator::AtLeast, &["40000"], "人次"),
            ("12,690户", Comparator::Bare, &["12690"], "户"),
        ];
        for (text, comparator, numbers, unit) in cases {
            let v = q(text);
            assert_eq!(v.comparator, *comparator, "{text}");
            assert_eq!(
                v.numbers,
                numbers.iter().map(|n| d(n)).collect::<Vec<_>>(),
                "{text}"
            );
            assert_eq!(v.unit, *unit, "{text}");
        }
    }

    #[test]
    fn changes() {
        let v = q("同比增长10%");
        assert_eq!((v.change, v.numbers[0]), (Some(Change::Increase), d("10")));
        let v = q("同比减少5%");
        assert_eq!((v.change, v.numbers[0]), (Some(Change::Decrease), d("5")));
        assert_eq!(
            parse("下降"),
            Value::Qualitative {
                change: Some(Change::Decrease)
            }
        );
    }

    #[test]
    fn several_numbers_in_one_unit() {
        let v = q("登记率96%、准确率97%");
        assert_eq!(v.numbers, [d("96"), d("97")]);
        assert_eq!(v.unit, "%");
    }

    #[test]
    fn words_dates_and_mixed_units_are_qualitative() {
        for text in [
            "及时",
            "较高",
            "有效处置",
            "",
            "2023年9月底前",
            "2024年",
            "3月底前",
            "56191，增长10%",
            "全区平均水平",
            "确保做到“三个不发生”",
            "一流水平",
            "综治信息平台相关设备（1个镇级平台，24个居委平台）",
        ] {
            assert!(
                parse(text).quantity().is_none(),
                "{text}: {:?}",
                parse(text)
            );
        }
    }

    #[test]
    fn full_width_equals_ascii() {
        assert_eq!(parse("＞＝９５％"), parse(">=95%"));
        assert_eq!(parse("＝１００％"), parse("=100%"));
    }

    #[test]
    fn display_parses_back_to_the_same_value() {
        for text in [
            ">=90%",
            "同比减少5%",
            "登记率96%、准确率97%",
            "10万元",
            "及时",
            "一个工作日",
            "<3次",
        ] {
            let v = parse(text);
            assert_eq!(parse(&v.to_string()), v, "{text} → {v}");
        }
    }
}
