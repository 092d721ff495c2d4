//! The findings only two years show, on a form paired with last year's.

use rust_decimal::Decimal;

use super::matching::pair_indicators;
use super::prior::{PriorForm, first};
use crate::check::Assessment;
use crate::check::findings::{Code, Finding};
use crate::check::indicator::Direction;
use crate::check::rules::YearOverYear;
use crate::model::Form;
use crate::normalize::{decimal_string, money_string, percent_string};

/// The findings on `form` (this year) against `prior` (the same project last year).
pub fn across_years(
    form: &Form,
    a: &Assessment,
    prior: &PriorForm,
    rules: &YearOverYear,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let last = format!("（上年：{}）", prior.source);
    budget_changed(form, prior, rules, &last, &mut found);
    score_up_execution_down(form, a, prior, rules, &last, &mut found);
    let names: Vec<&str> = form
        .indicators
        .iter()
        .map(|i| i.level3.value.as_str())
        .collect();
    let previous: Vec<&str> = prior.indicators.iter().map(|i| i.level3.as_str()).collect();
    for ((k, j), ia) in pair_indicators(&names, &previous)
        .into_iter()
        .enumerate()
        .zip(&a.indicators)
    {
        let (Some(j), Some(ind)) = (j, form.indicators.get(k)) else {
            continue;
        };
        let before = &prior.indicators[j];
        // TARGET_LOWERED: the bar lowered after last year cleared it.
        if let (
            Some((target, unit)),
            Some((last_target, last_unit)),
            Some((last_actual, actual_unit)),
        ) = (
            first(ia.target.quantity()),
            before.target_quantity.clone(),
            before.actual_quantity.clone(),
        ) && unit == last_unit
            && unit == actual_unit
        {
            let lowered = match ia.direction.or(before.direction) {
                Some(Direction::Positive) => target < last_target && last_actual > last_target,
                Some(Direction::Reverse) => target > last_target && last_actual < last_target,
                None => false,
            };
            if lowered {
                let (lower, beat) = match ia.direction.or(before.direction) {
                    Some(Direction::Reverse) => ("放宽", "优于"),
                    _ => ("低于", "超过"),
                };
                found.push(
                    Finding::new(
                        Code::TargetLowered,
                        ind.target.at,
                        format!(
                            "年度指标值“{}”{lower}上年的“{}”，而上年实际完成“{}”已{beat}上年目标：目标可能设置偏低，请说明调整理由{last}。",
                            ind.target.value.trim(),
                            before.target.trim(),
                            before.actual.trim()
                        ),
                    )
                    .on(&ind.level3.value),
                );
            }
        }
        // REMARK_REPEATED: this year's deduction explained in last year's words.
        let deducted = matches!((ind.weight.value, ind.score.value), (Some(w), Some(s)) if s < w);
        let remark = remark_key(&ind.remark.value);
        if deducted && !remark.is_empty() && remark == remark_key(&before.remark) {
            found.push(
                Finding::new(
                    Code::RemarkRepeated,
                    ind.remark.at.or(ind.score.at),
                    format!(
                        "扣分原因“{}”与上年该指标的偏差原因相同：请写明本年未完成的具体原因和改进措施{last}。",
                        ind.remark.value.trim()
                    ),
                )
                .on(&ind.level3.value),
            );
        }
    }
    found
}

/// A remark as compared: without spaces and punctuation.
fn remark_key(text: &str) -> String {
    crate::normalize::to_halfwidth(text)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn budget_changed(
    form: &Form,
    prior: &PriorForm,
    rules: &YearOverYear,
    last: &str,
    found: &mut Vec<Finding>,
) {
    let adjusted = &form.funds.total.adjusted;
    let (Some(now), Some(before)) = (adjusted.value, prior.adjusted) else {
        return;
    };
    if before <= Decimal::ZERO {
        return;
    }
    let Some(change) = (now - before).checked_div(before) else {
        return;
    };
    if change.abs() > rules.budget_change {
        let way = if change > Decimal::ZERO {
            "增加"
        } else {
            "减少"
        };
        found.push(Finding::new(
            Code::BudgetChanged,
            adjusted.at,
            format!(
                "全年预算数 {}元 较上年 {}元{way} {}，变动超过 {}：请核实预算安排的依据{last}。",
                money_string(now),
                money_string(before),
                percent_string(change.abs()),
                percent_string(rules.budget_change)
            ),
        ));
    }
}

fn score_up_execution_down(
    form: &Form,
    a: &Assessment,
    prior: &PriorForm,
    rules: &YearOverYear,
    last: &str,
    found: &mut Vec<Finding>,
) {
    let now = a.rescored_grade.is_graded().then_some(a.rescored_total);
    let (Some(now), Some(before)) = (now, prior.rescored_total) else {
        return;
    };
    let (Some(rate), Some(last_rate)) = (a.budget.execution_rate, prior.execution_rate) else {
        return;
    };
    let rise = now - before;
    if rise > rules.score_rise && rate < last_rate {
        found.push(Finding::new(
            Code::ScoreUpExecutionDown,
            form.total.score.at.or(form.project_name.at),
            format!(
                "复核总分由上年的 {} 分升至 {} 分（上升 {} 分），而预算执行率由 {} 降至 {}：请核实各项评分{last}。",
                decimal_string(before),
                decimal_string(now),
                decimal_string(rise),
                percent_string(last_rate),
                percent_string(rate)
            ),
        ));
    }
}
