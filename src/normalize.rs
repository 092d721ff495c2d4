//! The cell normaliser: clean text and exact numbers from cells as people type them.
//!
//! Text clean-up follows the interchange schema: trim, drop whitespace that a line wrap put
//! next to Chinese text, collapse other runs to one space. Numbers accept thousands
//! separators, full-width digits, leading zeros (`05`), `%`, the units 元/万元/分 and the
//! not-applicable marks (`—`, `-`, `/`, empty), and come out as exact [`Decimal`]s.

use rust_decimal::Decimal;
use std::str::FromStr;

/// True for characters that Chinese text runs together without spaces: ideographs, CJK
/// punctuation (、。「」), full-width forms (，：（）％) and kana.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF     // radicals
        | 0x3000..=0x30FF   // CJK symbols and punctuation, kana
        | 0x3400..=0x4DBF   // extension A
        | 0x4E00..=0x9FFF   // unified ideographs
        | 0xF900..=0xFAFF   // compatibility ideographs
        | 0xFE30..=0xFE4F   // compatibility forms
        | 0xFF00..=0xFFEF   // full-width forms
        | 0x20000..=0x3134F // extensions B–G
    )
}

/// Cleans a cell's text: trims; removes whitespace runs (spaces, tabs, line breaks,
/// full-width spaces) that touch a CJK character, since in Chinese text they are wrap
/// artefacts (`派出所工作食堂伙食食 材采购经费`, `增长 10%`); collapses other runs to one space.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{FEFF}' {
            pending_space = prev.is_some();
            continue;
        }
        if pending_space {
            let touches_cjk = prev.is_some_and(is_cjk) || is_cjk(c);
            if !touches_cjk {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// True for characters no output should carry: control characters other than tab and line
/// feed (ESC starts a terminal escape; XML 1.0 forbids most of them, so one in a name made
/// summary.xlsx unreadable), the noncharacters U+FFFE/U+FFFF, and the bidirectional
/// overrides that reorder what a terminal or a sheet shows.
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` without [`is_unprintable`] characters: what goes into a workbook, a PDF or the
/// terminal (forms.json keeps the text as it was, escaped).
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_unprintable) {
        std::borrow::Cow::Owned(s.chars().filter(|&c| !is_unprintable(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Full-width ASCII variants (`１２，６９０．００`, `＞＝９０％`) and the ideographic space
/// as their ASCII forms.
pub fn to_halfwidth(s: &str) -> String {
    s.chars().map(halfwidth).collect()
}

fn halfwidth(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The character [`label_key`] of `s` starts with, found without building the key; `None`
/// where that takes the key itself (blank text, or text starting with `其中`, which the key
/// drops). The key only ever loses characters from its end otherwise, so a text whose first
/// character starts no label's key is no label.
pub fn label_key_start(s: &str) -> Option<char> {
    let mut chars = s.chars().map(halfwidth).filter(|c| !c.is_whitespace());
    match chars.next()? {
        '其' => None,
        // An enumeration may go (`2.项目…`): the key of the text's start tells.
        c if c.is_ascii_digit() || c == '(' || "一二三四五六七八九十".contains(c) => {
            let start: String = s.chars().take(24).collect();
            label_key(&start).chars().next()
        }
        c => Some(c),
    }
}

/// A label as a lookup key: half-width, no whitespace, no `其中：` prefix, no trailing colon
/// and no trailing parenthetical (`项目名称：`, `实施单位（盖章）`, `项目资金 (元)` → `项目资金`).
/// Built in one buffer: the extractor asks this of every cell it looks at.
pub fn label_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    key.extend(s.chars().map(halfwidth).filter(|c| !c.is_whitespace()));
    // An enumeration before a label (`2.项目实施内容及过程概述`, `（一）存在问题`, `三、`).
    let enumerated = leading_enumeration(&key);
    if enumerated > 0 && enumerated < key.len() {
        key.drain(..enumerated);
    }
    if let Some(rest) = key.strip_prefix("其中") {
        let start = key.len() - rest.trim_start_matches([':', '、', ',']).len();
        key.drain(..start);
    }
    loop {
        let before = key.len();
        key.truncate(key.trim_end_matches([':', '*', '※']).len());
        if key.ends_with(')')
            && let Some(open) = key.rfind('(')
            && open > 0
        {
            key.truncate(open);
        }
        if key.len() == before {
            return key;
        }
    }
}

/// The byte length of an enumeration at the start of a key: `2.`, `12、`, `(一)`, `三、`;
/// 0 where there is none. A number alone (`1.5`) is no enumeration.
fn leading_enumeration(key: &str) -> usize {
    let bytes = key.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits > 0 {
        let rest = &key[digits..];
        let sep = ['.', '、'].iter().find(|c| rest.starts_with(**c));
        return match sep {
            Some(c) if !rest[c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit()) => {
                digits + c.len_utf8()
            }
            _ => 0,
        };
    }
    const NUMERALS: &str = "一二三四五六七八九十";
    if let Some(inner) = key.strip_prefix('(')
        && let Some(close) = inner.find(')')
        && close > 0
        && inner[..close]
            .chars()
            .all(|c| c.is_ascii_digit() || NUMERALS.contains(c))
    {
        return 1 + close + 1;
    }
    let numerals: usize = key
        .chars()
        .take_while(|c| NUMERALS.contains(*c))
        .map(char::len_utf8)
        .sum();
    if numerals > 0 && key[numerals..].starts_with('、') {
        return numerals + '、'.len_utf8();
    }
    0
}

/// The key a name sorts by, as a Chinese reader orders names: each character by its
/// pinyin with the tone (`宝山区` → `bao3 shan1 qu1`), other characters as they are
/// (lower case), the syllables apart so that a name sorts before a longer one it begins.
/// Names of one reading keep their order by the name itself (compare the key, then the name).
pub fn pinyin_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(name.len() * 3);
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => key.push_str(p.with_tone_num_end()),
            None => key.extend(c.to_lowercase()),
        }
        key.push('\u{1}');
    }
    key
}

/// Why a cell meant to hold a number does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotANumber(pub String);

/// Why a cell's text is no number, said to a clerk: beyond what a form can hold (naming the
/// bounds), or not a number at all.
pub fn unreadable_zh(raw: &str) -> String {
    let compact: String = raw
        .chars()
        .map(halfwidth)
        .filter(|c| !c.is_whitespace())
        .collect();
    let wan = compact.ends_with("万元");
    let body = compact
        .trim_end_matches('%')
        .trim_end_matches("万元")
        .trim_end_matches(['元', '分']);
    let factor = Decimal::from(if wan { 10_000 } else { 1 });
    let beyond =
        parse_plain(body).is_some_and(|d| d.checked_mul(factor).is_none_or(|v| !plausible(v)));
    if beyond {
        // MAX_MAGNITUDE, grouped as the clerk reads it.
        format!(
            "超出一份自评表中数字的范围（绝对值应小于 1,000,000,000,000，非零时不小于 {MIN_NONZERO}）"
        )
    } else {
        "不是可识别的数字".to_owned()
    }
}

/// Marks that mean "not applicable" or "nothing" in a number cell.
const NOT_APPLICABLE: &[&str] = &[
    "-",
    "—",
    "——",
    "–",
    "―",
    "/",
    "\\",
    "无",
    "N/A",
    "n/a",
    "不适用",
];

/// Parses an amount, weight or score: `05` → 5, `12,690,000.00` → 12690000.00,
/// `１２，６９０` → 12690, `10分` → 10, `12.5万元` → 125000, `—`/empty → `None`.
/// A percentage is not a plain number here: use [`parse_rate`].
pub fn parse_number(s: &str) -> Result<Option<Decimal>, NotANumber> {
    match parse_numeric(s)? {
        None => Ok(None),
        Some(n) if n.percent => Err(NotANumber(s.trim().to_owned())),
        Some(n) => Ok(Some(n.value)),
    }
}

/// Parses points (分值, 权重): a plain number, or the share of the form's 100 points written
/// as a percentage (`权重 50%` → 50, as 四川 and some counties print it).
pub fn parse_points(s: &str) -> Result<Option<Decimal>, NotANumber> {
    Ok(parse_numeric(s)?.map(|n| n.value))
}

/// Parses a rate as a fraction: `100.00%` → 1.0000, `86.19%` → 0.8619, `0.999` → 0.999.
/// A bare number above 1.5 was written in percent without the sign (`98.5` → 0.985): no
/// real execution rate is 150% or more, and people do type the percent figure alone.
pub fn parse_rate(s: &str) -> Result<Option<Decimal>, NotANumber> {
    let Some(n) = parse_numeric(s)? else {
        return Ok(None);
    };
    let as_percent = n.percent || n.value > Decimal::new(15, 1);
    Ok(Some(if as_percent {
        n.value / Decimal::ONE_HUNDRED
    } else {
        n.value
    }))
}

/// A number as written in a cell, before its meaning (plain or percent) is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numeric {
    /// The number as written (a percentage not yet divided by 100).
    pub value: Decimal,
    /// True where a `%` follows it.
    pub percent: bool,
}

/// The largest magnitude a figure on a form can have (a trillion yuan is beyond any
/// project), and the smallest nonzero one. Bounding every number keeps the arithmetic of
/// the check and the reports far from the limits of a decimal.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(0xD4A5_1000, 0xE8, 0, false, 0);
/// See [`MAX_MAGNITUDE`].
pub const MIN_NONZERO: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

/// Decimals a number keeps: as many as a workbook's 15 significant digits give a fraction,
/// and few enough that rates (÷100) and tolerances (half a unit of the last digit) stay
/// within a decimal's 28 digits — a 28-digit fraction made the check panic.
pub const MAX_DECIMALS: u32 = 16;

/// True where a number is of a size a form can hold.
pub fn plausible(d: Decimal) -> bool {
    let a = d.abs();
    a < MAX_MAGNITUDE && (a.is_zero() || a >= MIN_NONZERO)
}

/// Reads the number in a cell; `Ok(None)` for empty and not-applicable cells.
pub fn parse_numeric(s: &str) -> Result<Option<Numeric>, NotANumber> {
    let compact: String = s
        .chars()
        .map(halfwidth)
        .filter(|c| !c.is_whitespace())
        .collect();
    if compact.is_empty() || NOT_APPLICABLE.contains(&compact.as_str()) {
        return Ok(None);
    }
    let fail = || NotANumber(s.trim().to_owned());
    let mut body = compact.as_str();
    let mut factor = Decimal::ONE;
    let mut percent = false;
    if let Some(rest) = body.strip_suffix('%') {
        body = rest;
        percent = true;
    } else if let Some(rest) = body.strip_suffix("万元") {
        body = rest;
        factor = Decimal::from(10_000);
    } else if let Some(rest) = body.strip_suffix('元').or_else(|| body.strip_suffix('分')) {
        body = rest;
    }
    let value = parse_plain(body).ok_or_else(fail)?;
    let value = value
        .checked_mul(factor)
        .filter(|v| plausible(*v))
        .ok_or_else(fail)?
        .round_dp(MAX_DECIMALS);
    Ok(Some(Numeric { value, percent }))
}

/// `-1,234.50`, `+05`, `1.2E+07`; commas only between digits.
fn parse_plain(body: &str) -> Option<Decimal> {
    let bytes = body.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    let mut digits = String::with_capacity(body.len());
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b',' => {
                let between_digits = i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !between_digits {
                    return None;
                }
            }
            b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E' => digits.push(b as char),
            _ => return None,
        }
    }
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    if digits.contains(['e', 'E']) {
        return Decimal::from_scientific(digits).ok();
    }
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    let well_formed = !unsigned.is_empty()
        && unsigned.chars().filter(|&c| c == '.').count() <= 1
        && !unsigned.starts_with('.')
        && !unsigned.ends_with('.')
        && unsigned.chars().all(|c| c.is_ascii_digit() || c == '.');
    if !well_formed {
        return None;
    }
    Decimal::from_str(digits).ok()
}

/// True where the cell holds a number (or a percentage): used to find the weight/score pair.
pub fn looks_numeric(s: &str) -> bool {
    matches!(parse_numeric(s), Ok(Some(_)))
}

/// An amount as the tables print it: `12814895.16` → `12,814,895.16` (two decimals,
/// thousands grouped).
pub fn money_string(d: Decimal) -> String {
    let text = format!("{:.2}", d.round_dp(2));
    let (sign, rest) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

/// A fraction as a person reads it: 0.96944 → `96.94%` (two decimals at most).
pub fn percent_string(d: Decimal) -> String {
    format!(
        "{}%",
        decimal_string((d * Decimal::ONE_HUNDRED).round_dp(2))
    )
}

/// A decimal as the interchange format writes it: no exponent, no trailing zeros.
pub fn decimal_string(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_owned()
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_their_pinyin() {
        let mut districts = [
            "嘉定区",
            "宝山区",
            "崇明区",
            "徐汇区",
            "静安区",
            "闵行区",
            "浦东新区",
        ];
        districts.sort_by_cached_key(|d| pinyin_key(d));
        assert_eq!(
            districts,
            [
                "宝山区",
                "崇明区",
                "嘉定区",
                "静安区",
                "闵行区",
                "浦东新区",
                "徐汇区"
            ]
        );
        assert!(pinyin_key("公路") < pinyin_key("公路管理署"));
        assert!(pinyin_key("A 类项目") < pinyin_key("b 类项目"));
    }

    #[test]
    fn a_number_past_the_bounds_is_told_so_with_the_bounds() {
        let far = unreadable_zh("12,345,678,901,234,567");
        assert!(
            far.contains("超出") && far.contains("1,000,000,000,000"),
            "{far}"
        );
        assert!(unreadable_zh("2e20万元").contains("超出"));
        assert_eq!(unreadable_zh("约一百万"), "不是可识别的数字");
        assert_eq!(unreadable_zh("50%"), "不是可识别的数字");
    }

    #[test]
    fn label_keys_lose_enumerations_but_numbers_stay() {
        assert_eq!(
            label_key("2.项目实施内容及过程概述"),
            "项目实施内容及过程概述"
        );
        assert_eq!(label_key("（一）存在问题"), "存在问题");
        assert_eq!(label_key("三、改进措施"), "改进措施");
        assert_eq!(label_key("12、评价结论："), "评价结论");
        assert_eq!(label_key("1.5"), "1.5");
        assert_eq!(label_key("2."), "2.");
        assert_eq!(label_key("十分满意"), "十分满意");
    }

    #[test]
    fn long_fractions_keep_sixteen_decimals() {
        let n = parse_numeric("0.0000000012345678901234567890%")
            .unwrap()
            .unwrap();
        assert_eq!(n.value.to_string(), "0.0000000012345679");
        assert!(n.percent);
        assert_eq!(
            parse_number("9.1234567890123456789012345678").unwrap(),
            Some(Decimal::from_str("9.1234567890123457").unwrap())
        );
        // What a workbook's 15 significant digits give stays as it is.
        assert_eq!(
            parse_number("0.969444444444444")
                .unwrap()
                .unwrap()
                .to_string(),
            "0.969444444444444"
        );
    }

    #[test]
    fn printable_text_loses_controls_and_overrides_only() {
        assert_eq!(
            printable("平安办\u{1b}[31m工作\u{7}经费\u{85}\u{202e}"),
            "平安办[31m工作经费"
        );
        assert_eq!(printable("a\tb\nc\r\u{fffe}"), "a\tb\nc");
        assert!(matches!(
            printable("正常文字 100%"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn text_drops_wrap_spaces_next_to_chinese() {
        assert_eq!(
            clean_text("派出所工作食堂伙食食 材采购经费"),
            "派出所工作食堂伙食食材采购经费"
        );
        assert_eq!(clean_text("年度 总体 目标"), "年度总体目标");
        assert_eq!(clean_text("56191，增长 10%"), "56191，增长10%");
        assert_eq!(
            clean_text("由于西塘桥拆迁， 公寓房拆除"),
            "由于西塘桥拆迁，公寓房拆除"
        );
        assert_eq!(clean_text("年度\n指标值"), "年度指标值");
        assert_eq!(clean_text("年度\r\n指标值"), "年度指标值");
        assert_eq!(clean_text("全\u{3000}年"), "全年");
    }

    #[test]
    fn text_trims_and_collapses_other_whitespace() {
        assert_eq!(clean_text("  PM2.5   level \t ok  "), "PM2.5 level ok");
        assert_eq!(clean_text("\t\n"), "");
        assert_eq!(clean_text("=99.9%"), "=99.9%");
        assert_eq!(clean_text("\u{FEFF}项目名称"), "项目名称");
    }

    #[test]
    fn numbers_from_messy_cells() {
        assert_eq!(parse_number("05"), Ok(Some(d("5"))));
        assert_eq!(parse_number("12,690,000.00"), Ok(Some(d("12690000.00"))));
        assert_eq!(parse_number("12690000"), Ok(Some(d("12690000"))));
        assert_eq!(
            parse_number("１２，６９０，０００．００"),
            Ok(Some(d("12690000.00")))
        );
        assert_eq!(parse_number(" 4.9 "), Ok(Some(d("4.9"))));
        assert_eq!(parse_number("10分"), Ok(Some(d("10"))));
        assert_eq!(parse_number("12.5万元"), Ok(Some(d("125000"))));
        assert_eq!(parse_number("1,504,926.04元"), Ok(Some(d("1504926.04"))));
        assert_eq!(parse_number("-3"), Ok(Some(d("-3"))));
        assert_eq!(parse_number("1.2E+07"), Ok(Some(d("12000000"))));
    }

    #[test]
    fn not_applicable_is_none() {
        for s in ["", "  ", "—", "-", "——", "/", "－", "无", "N/A"] {
            assert_eq!(parse_number(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn words_and_broken_numbers_are_errors() {
        for s in ["十", "1,2,", ",5", "1.2.3", "=24个", "5%", "..", "1 2a"] {
            assert!(parse_number(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn implausible_magnitudes_are_no_numbers() {
        assert_eq!(MAX_MAGNITUDE, d("1000000000000"));
        assert_eq!(MIN_NONZERO, d("0.000000001"));
        assert!(parse_number("999999999999.99").is_ok());
        assert!(parse_number("1000000000000").is_err());
        assert!(parse_number("0.0000000001").is_err());
        assert_eq!(parse_number("0.000000"), Ok(Some(d("0.000000"))));
    }

    #[test]
    fn rates_become_fractions() {
        assert_eq!(
            parse_rate("100.00%").unwrap().map(decimal_string),
            Some("1".into())
        );
        assert_eq!(parse_rate("86.19%"), Ok(Some(d("0.8619"))));
        assert_eq!(parse_rate("0.999"), Ok(Some(d("0.999"))));
        assert_eq!(parse_rate("98.5"), Ok(Some(d("0.985"))));
        assert_eq!(parse_rate("１００％"), Ok(Some(d("1"))));
        assert_eq!(parse_rate(""), Ok(None));
    }

    #[test]
    fn decimals_are_written_without_trailing_zeros() {
        assert_eq!(decimal_string(d("12690000.00")), "12690000");
        assert_eq!(decimal_string(d("1.0000")), "1");
        assert_eq!(decimal_string(d("0.00")), "0");
        assert_eq!(decimal_string(d("99.80")), "99.8");
    }

    #[test]
    fn labels_become_keys() {
        assert_eq!(label_key("项目名称："), "项目名称");
        assert_eq!(label_key("实施单位（盖章）"), "实施单位");
        assert_eq!(label_key("主管部门(单位)"), "主管部门");
        assert_eq!(label_key("项目资金 (元)"), "项目资金");
        assert_eq!(label_key("其中：当年财政拨款"), "当年财政拨款");
        assert_eq!(
            label_key("偏差原因分析及 改进措施（未完成的须说明）"),
            "偏差原因分析及改进措施"
        );
        assert_eq!(label_key("年度\n指标值"), "年度指标值");
        assert_eq!(label_key("（元）"), "(元)");
    }
}
