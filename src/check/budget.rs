//! The funds block: execution rate, budget score, and the amounts adding up.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::short_row_name;
use crate::model::{AmountUnit, Form, Number};
use crate::normalize::{decimal_string, parse_numeric, percent_string};

use super::findings::{Code, Finding};
use super::rules::Rules;

/// The budget line as re-computed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BudgetAssessment {
    /// 全年执行数 ÷ 全年预算数.
    pub execution_rate: Option<Decimal>,
    /// 分值 × min(执行率, 1).
    pub score: Option<Decimal>,
    pub reason: String,
}

/// Half a unit of the last digit written: what rounding of the written value explains.
/// `82.3%` → 0.0005 (as a fraction), `9.1` → 0.05, `10` → 0.5.
pub fn written_tolerance(raw: &str, as_fraction: bool) -> Decimal {
    let Ok(Some(n)) = parse_numeric(raw) else {
        return Decimal::ZERO;
    };
    // Parsed numbers keep at most 16 decimals; the bound keeps this within a decimal anyway.
    let half = Decimal::new(5, (n.value.scale() + 1).min(26));
    let percent = n.percent || (as_fraction && n.value > Decimal::new(15, 1));
    if percent {
        half / Decimal::ONE_HUNDRED
    } else {
        half
    }
}

fn show(d: Decimal) -> String {
    decimal_string(d)
}

/// An amount in a message as the tables print it, with its unit: `2,700,000.00元`.
fn yuan(d: Decimal) -> String {
    format!("{}元", crate::normalize::money_string(d))
}

/// AMOUNT_UNIT_DOUBTFUL: a 全年预算数 (or 年初预算数) above zero and below
/// `budget.smallest_plausible` 元 on a form that never says 万元 (the reader converts those).
fn amount_unit(
    form: &Form,
    rules: &Rules,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    if form.source.amount_unit != AmountUnit::Yuan {
        return;
    }
    let total = &form.funds.total;
    let Some((amount, at)) = [&total.adjusted, &total.initial]
        .into_iter()
        .find_map(|n| n.value.filter(|v| *v > Decimal::ZERO).map(|v| (v, n.at)))
    else {
        return;
    };
    if amount >= rules.budget.smallest_plausible {
        return;
    }
    push(
        Code::AmountUnitDoubtful,
        at,
        format!(
            "预算金额只有{}，表中未注明金额单位，项目预算一般不会这样小：本表金额是否以万元填写？若是，请在表头注明“单位：万元”后重新报送。",
            crate::normalize::money_string(amount)
        ),
    );
}

/// The indicator row that is the budget line, where a form has one instead of a funds
/// block (预算执行率 under 过程 in the 2020 evaluation framework): no amounts and no budget
/// score of a funds block, and a row whose level-3 name ends in 执行率 or is 预算执行情况.
pub fn budget_row(form: &Form) -> Option<usize> {
    let funds = &form.funds;
    if funds.total.adjusted.value.is_some()
        || funds.total.executed.value.is_some()
        || funds.score.value.is_some()
    {
        return None;
    }
    form.indicators.iter().position(|i| {
        let name = crate::normalize::label_key(&i.level3.value);
        name.ends_with("执行率") || name == "预算执行情况"
    })
}

/// Checks the funds block and re-scores the budget-execution line.
pub fn assess(
    form: &Form,
    rules: &Rules,
    scoring: super::Scoring,
    findings: &mut Vec<Finding>,
) -> BudgetAssessment {
    let funds = &form.funds;
    let total = &funds.total;
    let weight = funds.weight.value.unwrap_or(rules.weights.budget);
    let mut push = |code, at, message: String| findings.push(Finding::new(code, at, message));

    unreadable_amounts(form, &mut push);
    amount_unit(form, rules, &mut push);
    components(form, &mut push);
    large_adjustment(total, rules, &mut push);

    let (Some(adjusted), Some(executed)) = (
        total.adjusted.value.filter(|a| !a.is_zero()),
        total.executed.value,
    ) else {
        // No amounts, and the budget line is an indicator row (预算执行率 under 过程 or
        // 项目管理): that row is scored as an indicator, by its own weight.
        if let Some(k) = budget_row(form) {
            return BudgetAssessment {
                execution_rate: None,
                score: None,
                reason: format!(
                    "本表没有项目资金表，预算执行情况是指标“{}”，按该指标行复核",
                    form.indicators[k].level3.value
                ),
            };
        }
        let missing = if total.adjusted.value.is_none_or(|a| a.is_zero()) {
            "全年预算数为空或为0"
        } else {
            "全年执行数为空"
        };
        push(
            Code::NoAdjustedBudget,
            total.adjusted.at.or(total.executed.at),
            format!("{missing}，无法计算预算执行率和预算执行得分，请补充。"),
        );
        return BudgetAssessment {
            execution_rate: None,
            score: None,
            reason: format!("{missing}，无法计算"),
        };
    };
    if executed > adjusted {
        push(
            Code::ExecutedOverBudget,
            total.executed.at,
            format!(
                "全年执行数{}超过全年预算数{}，请核实是否超预算支出。",
                yuan(executed),
                yuan(adjusted)
            ),
        );
    }
    let rate = executed / adjusted;
    if scoring == super::Scoring::None {
        return BudgetAssessment {
            execution_rate: Some(rate),
            score: None,
            reason: format!(
                "执行率 = {} ÷ {} = {}；本表没有得分，不计预算执行得分",
                yuan(executed),
                yuan(adjusted),
                percent_string(rate)
            ),
        };
    }
    let score = (weight * rate.min(Decimal::ONE)).round_dp_with_strategy(
        rules.budget.score_decimals,
        RoundingStrategy::MidpointAwayFromZero,
    );
    let line = BudgetLine {
        weight,
        adjusted,
        executed,
        rate,
        score,
    };
    reported_rate(funds, &line, &mut push);
    reported_score(funds, &line, &mut push);
    BudgetAssessment {
        execution_rate: Some(rate),
        score: Some(score),
        reason: format!(
            "执行率 = {} ÷ {} = {}；得分 = 分值{} × min(执行率, 100%) = {}",
            yuan(executed),
            yuan(adjusted),
            percent_string(rate),
            show(weight),
            show(score)
        ),
    }
}

/// The budget-execution line as re-computed.
struct BudgetLine {
    weight: Decimal,
    adjusted: Decimal,
    executed: Decimal,
    rate: Decimal,
    score: Decimal,
}

/// LARGE_BUDGET_ADJUSTMENT where 全年预算数 moved from 年初预算数 by more than the rules allow.
fn large_adjustment(
    total: &crate::model::Amounts,
    rules: &Rules,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    if let (Some(initial), Some(adjusted)) = (total.initial.value, total.adjusted.value)
        && initial > Decimal::ZERO
        && ((adjusted - initial) / initial).abs() > rules.budget.large_adjustment
    {
        push(
            Code::LargeBudgetAdjustment,
            total.adjusted.at,
            format!(
                "全年预算数{}较年初预算数{}调整了{}（超过{}），请关注预算调整的原因。",
                yuan(adjusted),
                yuan(initial),
                percent_string((adjusted - initial) / initial),
                percent_string(rules.budget.large_adjustment)
            ),
        );
    }
}

/// EXECUTION_RATE_MISMATCH where the written 执行率 is not 执行数 ÷ 预算数.
fn reported_rate(
    funds: &crate::model::Funds,
    line: &BudgetLine,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    let Some(reported) = funds.execution_rate.value else {
        return;
    };
    let tolerance = written_tolerance(&funds.execution_rate.raw, true);
    if (reported - line.rate).abs() > tolerance {
        push(
            Code::ExecutionRateMismatch,
            funds.execution_rate.at,
            format!(
                "执行率填报为{}，按全年执行数{} ÷ 全年预算数{}计算应为{}，请更正。",
                funds.execution_rate.raw.trim(),
                yuan(line.executed),
                yuan(line.adjusted),
                percent_string(line.rate)
            ),
        );
    }
}

/// The written budget score: out of range, unlike the re-score, or missing.
fn reported_score(
    funds: &crate::model::Funds,
    line: &BudgetLine,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    let Some(reported) = funds.score.value else {
        push(
            Code::ScoreMissing,
            funds.score.at,
            "预算执行率未填写得分，请补充。".to_owned(),
        );
        return;
    };
    if reported > line.weight || reported < Decimal::ZERO {
        push(
            Code::ScoreOutOfRange,
            funds.score.at,
            format!(
                "预算执行率得分{}超出范围（分值{}），请核对。",
                show(reported),
                show(line.weight)
            ),
        );
    }
    let tolerance = written_tolerance(&funds.score.raw, false);
    if (reported - line.score).abs() > tolerance {
        push(
            Code::BudgetScoreMismatch,
            funds.score.at,
            format!(
                "预算执行率得分填报为{}，按分值{} × 执行率{}计算应为{}，请核对。",
                show(reported),
                show(line.weight),
                percent_string(line.rate.min(Decimal::ONE)),
                show(line.score)
            ),
        );
    }
}

/// One column of a funds row.
type PickAmount = fn(&crate::model::Amounts) -> &Number;

/// The rows under the total add up to it, in every column: 当年财政拨款 + 上年结转资金 + 其他资金
/// in the national layout, 财政资金 + 财政专户管理资金 + 单位资金 + 其他资金 in 四川's — every
/// row printed below the total (the form's `其中` rows), or the three the format names where
/// the rows are not known.
fn components(form: &Form, push: &mut impl FnMut(Code, Option<crate::read::Pos>, String)) {
    let f = &form.funds;
    // Amounts written in 万元 with two decimals are exact to 100 元.
    let tolerance = match form.source.amount_unit {
        AmountUnit::Yuan => Decimal::new(5, 3),
        AmountUnit::WanYuan => Decimal::from(50),
    };
    let columns: [(&str, PickAmount); 3] = [
        ("年初预算数", |a| &a.initial),
        ("全年预算数", |a| &a.adjusted),
        ("全年执行数", |a| &a.executed),
    ];
    let (parts, names): (Vec<&crate::model::Amounts>, String) = match f.rows.split_first() {
        Some((first, rest)) if first.amounts == f.total && !rest.is_empty() => (
            rest.iter().map(|r| &r.amounts).collect(),
            rest.iter()
                .map(|r| {
                    r.label
                        .value
                        .trim_start_matches("其中")
                        .trim_start_matches(['：', ':'])
                })
                .collect::<Vec<_>>()
                .join("、"),
        ),
        _ => (
            f.standard_rows()[1..].iter().map(|(_, a)| *a).collect(),
            f.standard_rows()[1..]
                .iter()
                .map(|(name, _)| short_row_name(name))
                .collect::<Vec<_>>()
                .join("、"),
        ),
    };
    for (name, pick) in columns {
        let Some(total) = pick(&f.total).value else {
            continue;
        };
        if parts.iter().all(|p| pick(p).value.is_none()) {
            continue;
        }
        let sum: Decimal = parts.iter().filter_map(|p| pick(p).value).sum();
        if (sum - total).abs() > tolerance {
            push(
                Code::FundsComponentsMismatch,
                pick(&f.total).at,
                format!(
                    "{name}：资金总额{}与{names}之和{}不一致，请核对。",
                    yuan(total),
                    yuan(sum)
                ),
            );
        }
    }
}

fn unreadable_amounts(form: &Form, push: &mut impl FnMut(Code, Option<crate::read::Pos>, String)) {
    let f = &form.funds;
    let mut cells: Vec<(String, &Number)> = Vec::new();
    for (printed, a) in f.standard_rows() {
        let row = short_row_name(printed);
        cells.push((format!("{row}的年初预算数"), &a.initial));
        cells.push((format!("{row}的全年预算数"), &a.adjusted));
        cells.push((format!("{row}的全年执行数"), &a.executed));
    }
    cells.push(("执行率".to_owned(), &f.execution_rate));
    cells.push(("预算执行率分值".to_owned(), &f.weight));
    for (what, n) in cells {
        if n.value.is_none() && parse_numeric(&n.raw).is_err() {
            push(
                Code::ValueUnreadable,
                n.at,
                format!(
                    "{what}填写为“{}”，{}，请更正。",
                    n.raw.trim(),
                    crate::normalize::unreadable_zh(&n.raw)
                ),
            );
        }
    }
}
