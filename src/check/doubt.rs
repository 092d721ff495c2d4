//! READ_DOUBTFUL: a form tested after it is read, for what a right reading never gives.
//!
//! The reader finds every block by its labels; on a layout nobody described it may take a
//! wrong column or miss a table, and then every check after it would be right about a wrong
//! form — a confident 差 for a form that is fine. So the form is tested as a whole first:
//! - the extractor's own doubts (rule `doubtful-read` notes: a table whose rows gave no
//!   indicators or far fewer than it has);
//! - no indicators at all;
//! - a scored form with every 分值 or every 得分 of its rows missing;
//! - a headed column the vocabulary did not know, full of numbers, on such a form: the
//!   weights or scores were probably there;
//! - every 年度指标值 or every 实际完成值 empty beside such a column of quantities;
//! - the rows' 分值 adding up to twice what they should (subtotal rows read as indicators),
//!   or their 得分 to twice the 总分.
//!
//! Each is an error naming the cells; the form's grade is then 待核 everywhere it is shown.

use rust_decimal::Decimal;

use crate::model::Form;
use crate::normalize::parse_number;

use super::findings::{Code, Finding};
use super::rules::Rules;
use super::{Scoring, form_start, show};

/// The rule whose notes carry the extractor's doubts.
pub const DOUBT_RULE: &str = "doubtful-read";

#[cfg(test)]
#[test]
fn the_rule_is_the_extractors() {
    assert_eq!(DOUBT_RULE, crate::extract::rules::Rule::DoubtfulRead.name());
}

/// Closing words of every READ_DOUBTFUL message: what to do.
const COMPARE: &str = "本表可能读取有误，等级记为“待核”，请对照原件核对。";

/// The READ_DOUBTFUL findings of `form`, none where its reading holds together.
pub fn doubts(form: &Form, rules: &Rules, scoring: Scoring) -> Vec<Finding> {
    let mut found: Vec<Finding> = form
        .notes
        .iter()
        .filter(|n| n.rule == DOUBT_RULE)
        .map(|n| Finding::new(Code::ReadDoubtful, n.at, format!("{}{COMPARE}", n.message)))
        .collect();
    if !found.is_empty() {
        return found;
    }
    if form.indicators.is_empty() {
        found.push(Finding::new(
            Code::ReadDoubtful,
            Some(form_start(form)),
            format!("未读到任何绩效指标。{COMPARE}"),
        ));
        return found;
    }
    if scoring == Scoring::Rows {
        found.extend(all_missing(form));
    }
    found.extend(values_set_aside(form));
    found.extend(twice_the_total(form, rules, scoring));
    found
}

/// Every row's 分值 or every row's 得分 missing on a form that is scored (its 总分 or budget
/// line has a score) where no column was found for them, or a column of numbers was set
/// aside (named then). A column found with its cells left empty is the form's own gap
/// (SCORE_MISSING says so), not a misreading.
fn all_missing(form: &Form) -> Option<Finding> {
    let rows = &form.indicators;
    if rows.len() < 2 {
        return None;
    }
    let aside = numbers_set_aside(form);
    let lost = |n: &dyn Fn(&crate::model::Indicator) -> &crate::model::Number| {
        rows.iter().all(|i| n(i).value.is_none())
            && (aside.is_some() || rows.iter().all(|i| n(i).at.is_none()))
    };
    let no_weight = lost(&|i| &i.weight);
    let no_score = lost(&|i| &i.score);
    let what = match (no_weight, no_score) {
        (true, true) => "分值和得分",
        (true, false) => "分值",
        (false, true) => "得分",
        (false, false) => return None,
    };
    let first = &rows[0];
    let (at, aside) = match aside {
        Some((header, at)) => (at, format!("；“{header}”一栏全是数字，却未读作任何栏目")),
        None => (
            if no_score {
                first.score.at
            } else {
                first.weight.at
            }
            .or(first.level3.at),
            String::new(),
        ),
    };
    Some(Finding::new(
        Code::ReadDoubtful,
        at,
        format!(
            "全部 {} 个指标都没有读到{what}{aside}。{COMPARE}",
            rows.len()
        ),
    ))
}

/// Every row's 年度指标值 or every row's 实际完成值 empty while a headed column the
/// vocabulary did not know holds quantities (`≥12份`, `98%`) in four rows of five: the
/// targets or actuals were probably there.
fn values_set_aside(form: &Form) -> Option<Finding> {
    let rows = &form.indicators;
    if rows.len() < 2 {
        return None;
    }
    let empty = |f: fn(&crate::model::Indicator) -> &crate::model::Text| {
        rows.iter().all(|i| f(i).value.trim().is_empty())
    };
    let what = match (empty(|i| &i.target), empty(|i| &i.actual)) {
        (true, true) => "年度指标值和实际完成值",
        (true, false) => "年度指标值",
        (false, true) => "实际完成值",
        (false, false) => return None,
    };
    let first = rows.first()?;
    first.extra.iter().enumerate().find_map(|(k, column)| {
        let quantities = rows
            .iter()
            .filter_map(|i| i.extra.get(k))
            .filter(|e| e.header == column.header)
            .filter(|e| super::value::parse(&e.value.value).quantity().is_some())
            .count();
        (quantities * 5 >= rows.len() * 4).then(|| {
            Finding::new(
                Code::ReadDoubtful,
                column.value.at,
                format!(
                    "全部 {} 个指标都没有读到{what}；“{}”一栏像是指标值，却未读作任何栏目。{COMPARE}",
                    rows.len(),
                    column.header
                ),
            )
        })
    })
}

/// A headed column the vocabulary did not know (`extra`) whose values are numbers in at
/// least four rows of five: its header and its first cell.
fn numbers_set_aside(form: &Form) -> Option<(String, Option<crate::read::Pos>)> {
    let first = form.indicators.first()?;
    first.extra.iter().enumerate().find_map(|(k, column)| {
        let values: Vec<&crate::model::Text> = form
            .indicators
            .iter()
            .filter_map(|i| i.extra.get(k))
            .filter(|e| e.header == column.header)
            .map(|e| &e.value)
            .filter(|v| !v.value.trim().is_empty())
            .collect();
        let numbers = values
            .iter()
            .filter(|v| parse_number(&v.value).is_ok_and(|n| n.is_some()))
            .count();
        (values.len() >= 2 && numbers * 5 >= values.len() * 4)
            .then(|| (column.header.clone(), column.value.at))
    })
}

/// The rows' 分值 adding up to twice the points they share (budget line aside), or their
/// 得分 to twice the 总分: rows counted twice (subtotals read as indicators).
fn twice_the_total(form: &Form, rules: &Rules, scoring: Scoring) -> Option<Finding> {
    let two = Decimal::TWO;
    let weights: Decimal = form.indicators.iter().filter_map(|i| i.weight.value).sum();
    let total = form.total.weight.value.unwrap_or(rules.weights.total);
    let budget = form.funds.weight.value.unwrap_or_default();
    let shared = total - budget;
    if scoring == Scoring::Rows && shared > Decimal::ZERO && weights == shared * two {
        return Some(Finding::new(
            Code::ReadDoubtful,
            form.total.weight.at.or(form.indicators[0].weight.at),
            format!(
                "各指标分值合计{}，正好是应有的{}的两倍，可能把小计行读成了指标。{COMPARE}",
                show(weights),
                show(shared)
            ),
        ));
    }
    let scores: Decimal = form.indicators.iter().filter_map(|i| i.score.value).sum();
    let reported = form.total.score.value?;
    let indicator_part = reported - form.funds.score.value.unwrap_or_default();
    (indicator_part > Decimal::ZERO && scores == indicator_part * two).then(|| {
        Finding::new(
            Code::ReadDoubtful,
            form.total.score.at,
            format!(
                "各指标得分合计{}，正好是总分中指标部分{}的两倍，可能把小计行读成了指标。{COMPARE}",
                show(scores),
                show(indicator_part)
            ),
        )
    })
}
