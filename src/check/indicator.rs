//! Re-scoring one indicator: quantitative targets by the completion ratio, qualitative ones
//! kept as reported and checked for contradictions the text shows.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::Indicator;
use crate::normalize::{clean_text, decimal_string};

use super::findings::{Code, Finding};
use super::rules::{Quantitative, ReverseFormula, Rules};
use super::value::{self, Change, Comparator, Quantity, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// 定量: the target has a number.
    Quantitative,
    /// 定性: no number to compare.
    Qualitative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    /// More is better: met when actual ≥ target.
    Positive,
    /// Less is better (a cap): met when actual ≤ target.
    Reverse,
}

/// What the check made of one indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IndicatorAssessment {
    /// The row's level 1 in the indicator taxonomy (产出指标, 效益指标, 满意度指标, 成本指标,
    /// and the 2020 framework's 决策, 过程), whatever its level 1 is printed as: what the
    /// checks group it by. `None` where neither of its level names is in the taxonomy.
    #[serde(default)]
    pub class: Option<String>,
    pub kind: Kind,
    pub direction: Option<Direction>,
    pub target: Value,
    pub actual: Value,
    /// The unit both sides were compared in.
    pub unit: Option<String>,
    /// The re-scored value; `None` where the reported score is kept.
    pub rescored: Option<Decimal>,
    /// Why the re-scored value is what it is (or why the score is kept), in Chinese.
    pub reason: String,
}

impl IndicatorAssessment {
    /// The score this indicator contributes to the re-scored total.
    pub fn score_used(&self, ind: &Indicator) -> Decimal {
        self.rescored.or(ind.score.value).unwrap_or_default()
    }
}

fn round(d: Decimal, decimals: u32) -> Decimal {
    d.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

fn show(d: Decimal) -> String {
    decimal_string(d)
}

/// Assesses one indicator, adding its findings.
pub fn assess(
    ind: &Indicator,
    rules: &Rules,
    words: &[(String, value::Comparator)],
    scoring: super::Scoring,
    findings: &mut Vec<Finding>,
) -> IndicatorAssessment {
    let name = ind.level3.value.as_str();
    let target = value::parse_with(&ind.target.value, words);
    let actual = value::parse_with(&ind.actual.value, words);
    let mut out = IndicatorAssessment {
        class: None,
        kind: if target.quantity().is_some() {
            Kind::Quantitative
        } else {
            Kind::Qualitative
        },
        direction: None,
        target: target.clone(),
        actual: actual.clone(),
        unit: None,
        rescored: None,
        reason: String::new(),
    };
    let mut push =
        |code: Code, at, message: String| findings.push(Finding::new(code, at, message).on(name));

    let Some((weight, score)) = points(ind, scoring, &mut out, &mut push) else {
        rescore_unscored_row(ind, &target, &actual, scoring, rules, &mut out);
        return out;
    };
    score_and_remark(ind, weight, score, &mut push);
    let a_text = ind.actual.value.as_str();
    match (target.quantity(), actual.quantity()) {
        (Some(t), Some(a)) => quantitative(ind, t, a, weight, score, rules, &mut out, &mut push),
        (Some(_), None) => {
            not_measured(ind, weight, score, rules, &mut push);
            out.reason = format!("实际完成值“{a_text}”没有可比较的数值，保留自评得分");
        }
        (None, _) => {
            qualitative_met(ind, weight, score, rules, &mut push);
            not_measured(ind, weight, score, rules, &mut push);
            out.reason = "定性指标，无法按比例复核，保留自评得分".to_owned();
        }
    }
    out
}

/// A row with its 分值 but no 得分 on a scored form (SCORE_MISSING said so) is re-scored from
/// its target and actual like any other, so the re-scored total counts what it earned.
fn rescore_unscored_row(
    ind: &Indicator,
    target: &Value,
    actual: &Value,
    scoring: super::Scoring,
    rules: &Rules,
    out: &mut IndicatorAssessment,
) {
    let (Some(weight), None, super::Scoring::Rows) = (ind.weight.value, ind.score.value, scoring)
    else {
        return;
    };
    let (Some(t), Some(a)) = (target.quantity(), actual.quantity()) else {
        return;
    };
    if rescore(ind, t, a, weight, rules, out).is_ok() {
        out.reason = format!("未填写得分，按完成情况复核：{}", out.reason);
    }
}

/// Why a quantitative row is not re-scored.
enum Unmeasured {
    /// Target and actual in units that cannot be compared: (target's, actual's).
    Units(String, String),
    /// The target holds several numbers: no ratio to score by.
    SeveralTargets,
}

/// Re-scores a quantitative row by its weight, into `out`: the actual as compared (a
/// fraction read as a percentage), the unit, the direction, the re-scored value and why.
/// The measure and the re-scored value, for the findings; or why there is none.
fn rescore(
    ind: &Indicator,
    t: &Quantity,
    a: &Quantity,
    weight: Decimal,
    rules: &Rules,
    out: &mut IndicatorAssessment,
) -> Result<(Measured, Decimal), Unmeasured> {
    let (a, read_as) = as_percent(t, a);
    if read_as.is_some() {
        out.actual = Value::Quantity(a.clone());
    }
    let unit =
        common_unit(t, &a).map_err(|(tu, au)| Unmeasured::Units(tu.to_owned(), au.to_owned()))?;
    out.unit = Some(unit.to_owned());
    let m = Measured::of(ind, t, &a, rules).ok_or(Unmeasured::SeveralTargets)?;
    out.direction = Some(m.direction);
    let q = &rules.quantitative;
    let rescored = m.score(weight, q);
    out.rescored = Some(rescored);
    let reason = m.reason(weight, rescored, q);
    out.reason = match read_as {
        Some(note) => format!("{note}；{reason}"),
        None => reason,
    };
    Ok((m, rescored))
}

/// Rule of values as meant: an actual written as a bare fraction (`0.9`, an Excel percentage
/// shown as General) against a percentage target above 1 (`≥95%`) is that many hundredths
/// (90%). The actual as compared, and what was decided (for the reason), where it applies.
fn as_percent(t: &Quantity, a: &Quantity) -> (Quantity, Option<String>) {
    let fraction = |n: &Decimal| *n >= Decimal::ZERO && *n <= Decimal::ONE;
    let applies = t.unit == "%"
        && a.unit.is_empty()
        && t.numbers.iter().any(|n| *n > Decimal::ONE)
        && !a.numbers.is_empty()
        && a.numbers.iter().all(fraction);
    if !applies {
        return (a.clone(), None);
    }
    let mut percent = a.clone();
    percent.unit = "%".to_owned();
    for n in &mut percent.numbers {
        *n = (*n * Decimal::ONE_HUNDRED).normalize();
    }
    let shown: Vec<String> = a.numbers.iter().map(|n| show(*n)).collect();
    let read: Vec<String> = percent
        .numbers
        .iter()
        .map(|n| format!("{}%", show(*n)))
        .collect();
    let note = format!(
        "实际完成值“{}”是小数，对照百分比目标读作{}",
        shown.join("、"),
        read.join("、")
    );
    (percent, Some(note))
}

/// The row's weight and score where it can be re-scored; else why not (in `out.reason`,
/// and SCORE_MISSING or SCORE_OUT_OF_RANGE where the row is to blame).
fn points(
    ind: &Indicator,
    scoring: super::Scoring,
    out: &mut IndicatorAssessment,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) -> Option<(Decimal, Decimal)> {
    let (weight, score) = match (ind.weight.value, ind.score.value) {
        (Some(w), Some(s)) => (w, s),
        (_, None) if scoring == super::Scoring::None => {
            out.reason = "本表没有得分，未复核".to_owned();
            return None;
        }
        (None, Some(_)) if scoring == super::Scoring::Groups => {
            out.reason = "本表按目标分组计分，指标未单独设分值，保留自评得分".to_owned();
            return None;
        }
        (w, s) => {
            let missing = match (w, s) {
                (None, None) => "分值和得分",
                (None, _) => "分值",
                _ => "得分",
            };
            let cell = if w.is_none() { &ind.weight } else { &ind.score };
            let written = if cell.raw.trim().is_empty() {
                String::new()
            } else {
                format!("（填写的“{}”不是数字）", cell.raw.trim())
            };
            push(
                Code::ScoreMissing,
                cell.at,
                format!("该指标未填写{missing}{written}，请补充。"),
            );
            out.reason = format!("缺少{missing}，无法复核");
            return None;
        }
    };
    if weight < Decimal::ZERO {
        push(
            Code::ScoreOutOfRange,
            ind.weight.at,
            format!("分值{}为负数，请核对。", show(weight)),
        );
        out.reason = "分值为负数，无法复核".to_owned();
        return None;
    }
    Some((weight, score))
}

/// A score outside 0..=weight, and a deduction without its 偏差原因.
fn score_and_remark(
    ind: &Indicator,
    weight: Decimal,
    score: Decimal,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    if score > weight || score < Decimal::ZERO {
        let why = if score < Decimal::ZERO {
            "为负数"
        } else {
            "超过了分值"
        };
        push(
            Code::ScoreOutOfRange,
            ind.score.at,
            format!("得分{}{why}（分值{}），请核对。", show(score), show(weight)),
        );
    }
    if score < weight && ind.remark.value.trim().is_empty() {
        push(
            Code::RemarkMissing,
            ind.remark.at,
            format!(
                "该指标扣分（得分{}，分值{}），但未填写偏差原因分析及改进措施，请补充说明。",
                show(score),
                show(weight)
            ),
        );
    }
}

/// TARGET_MET_BUT_DEDUCTED for a qualitative row whose actual says it was met (repeats the
/// target, or is a word of `met_words`) but scores below the achieved band.
fn qualitative_met(
    ind: &Indicator,
    weight: Decimal,
    score: Decimal,
    rules: &Rules,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    let (t_text, a_text) = (ind.target.value.as_str(), ind.actual.value.as_str());
    let repeats = !a_text.is_empty() && clean_text(a_text) == clean_text(t_text);
    let says_met = rules.qualitative.met_words.iter().any(|w| w == a_text);
    if (repeats || says_met) && score < rules.qualitative.achieved_band * weight {
        push(
            Code::TargetMetButDeducted,
            ind.score.at,
            format!(
                "实际完成值“{a_text}”表明已完成年度指标“{t_text}”，但得分{}低于分值{}的{}%（完成档），请核实扣分理由。",
                show(score),
                show(weight),
                show(rules.qualitative.achieved_band * Decimal::ONE_HUNDRED)
            ),
        );
    }
}

fn not_measured(
    ind: &Indicator,
    weight: Decimal,
    score: Decimal,
    rules: &Rules,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    let q = &rules.qualitative;
    let actual = ind.actual.value.trim();
    let says_not = q
        .not_measured_words
        .iter()
        .any(|w| actual.contains(w.as_str()))
        || q.not_measured_exact.iter().any(|w| w == actual);
    if says_not && score > q.partly_band * weight {
        push(
            Code::NotMeasured,
            ind.actual.at,
            format!(
                "实际完成值“{actual}”表明未测评或未开展，但得分{}（分值{}），请核实。",
                show(score),
                show(weight)
            ),
        );
    }
}

/// Positive or reverse: the comparator decides; `=N` and bare numbers are caps where the
/// target is zero or the indicator's name names something to keep low.
fn direction(t: &Quantity, name: &str, rules: &Rules) -> Direction {
    if t.comparator.is_upper_bound() {
        return Direction::Reverse;
    }
    if t.change.is_none()
        && matches!(t.comparator, Comparator::Equal | Comparator::Bare)
        && (t.numbers.iter().all(|n| n.is_zero())
            || rules
                .quantitative
                .reverse_name_words
                .iter()
                .any(|w| name.contains(w.as_str())))
    {
        return Direction::Reverse;
    }
    Direction::Positive
}

/// A quantitative indicator's target against its actual, in the target's sense.
struct Measured {
    target: Decimal,
    /// The actual that counts: the lowest of several (the highest for a cap).
    worst: Decimal,
    /// How many actuals there are (each must reach the target).
    actuals: usize,
    direction: Direction,
    met: bool,
}

impl Measured {
    /// `None` where the target holds several numbers (no ratio to score by).
    fn of(ind: &Indicator, t: &Quantity, a: &Quantity, rules: &Rules) -> Option<Self> {
        let [target] = t.numbers.as_slice() else {
            return None;
        };
        let target = *target;
        let direction = direction(t, &ind.level3.value, rules);
        // A change target compares sizes of change in its own sense: against 同比减少5%, an
        // actual 同比增加3% is a reduction of −3.
        let actuals: Vec<Decimal> = a
            .numbers
            .iter()
            .map(|&n| match (t.change, a.change) {
                (Some(Change::Increase), Some(Change::Decrease))
                | (Some(Change::Decrease), Some(Change::Increase)) => -n,
                _ => n,
            })
            .collect();
        let worst = match direction {
            Direction::Positive => actuals.iter().copied().min(),
            Direction::Reverse => actuals.iter().copied().max(),
        }
        .unwrap_or_default();
        let met = match direction {
            Direction::Positive => worst >= target,
            Direction::Reverse => worst <= target,
        };
        Some(Measured {
            target,
            worst,
            actuals: actuals.len(),
            direction,
            met,
        })
    }

    /// The points the indicator earns: all of them where met, else its share by the rules.
    fn score(&self, weight: Decimal, q: &Quantitative) -> Decimal {
        let (worst, target) = (self.worst, self.target);
        let raw = if self.met {
            weight
        } else {
            match self.direction {
                Direction::Positive if target > Decimal::ZERO => weight * worst / target,
                Direction::Positive => weight,
                Direction::Reverse if worst.is_zero() || target.is_zero() => Decimal::ZERO,
                Direction::Reverse => match q.reverse_formula {
                    ReverseFormula::Ratio => weight * target / worst,
                    // Twice the cap or more scores nothing; below that the share is under one.
                    ReverseFormula::Linear => match (worst - target) / target {
                        over if over >= Decimal::ONE => Decimal::ZERO,
                        over => weight * (Decimal::ONE - over),
                    },
                },
            }
        };
        round(raw.clamp(Decimal::ZERO, weight), q.score_decimals)
    }

    /// Why the indicator earns `rescored`, with the formula where it missed its target.
    fn reason(&self, weight: Decimal, rescored: Decimal, q: &Quantitative) -> String {
        let several = if self.actuals > 1 {
            "（各项均需达到）"
        } else {
            ""
        };
        if self.met {
            return format!("实际完成值达到年度指标值{several}，得满分");
        }
        let (w, worst, target) = (show(weight), show(self.worst), show(self.target));
        let formula = match (self.direction, q.reverse_formula) {
            (Direction::Positive, _) => format!("分值{w} × 实际{worst} ÷ 目标{target}"),
            (Direction::Reverse, ReverseFormula::Ratio) => {
                format!("分值{w} × 目标{target} ÷ 实际{worst}")
            }
            (Direction::Reverse, ReverseFormula::Linear) => {
                format!("分值{w} × (1 − (实际{worst} − 目标{target}) ÷ 目标{target})")
            }
        };
        format!(
            "未达到年度指标值{several}，按{formula} = {}",
            show(rescored)
        )
    }

    /// True where the actual is so far past the target that the target looks set too low.
    fn far_beyond(&self, q: &Quantitative) -> bool {
        let (worst, target) = (self.worst, self.target);
        target > Decimal::ZERO
            && match self.direction {
                Direction::Positive => worst >= q.overachievement_factor * target,
                Direction::Reverse => worst <= q.reverse_overachievement_factor * target,
            }
    }
}

/// The unit both sides share; a bare number takes the unit of the other side (=3个 against
/// 3). `Err` with both units where they differ.
fn common_unit<'a>(t: &'a Quantity, a: &'a Quantity) -> Result<&'a str, (&'a str, &'a str)> {
    match (t.unit.as_str(), a.unit.as_str()) {
        ("", u) | (u, "") => Ok(u),
        (tu, au) if tu == au => Ok(tu),
        (tu, au) => Err((tu, au)),
    }
}

#[allow(clippy::too_many_arguments)]
fn quantitative(
    ind: &Indicator,
    t: &Quantity,
    a: &Quantity,
    weight: Decimal,
    score: Decimal,
    rules: &Rules,
    out: &mut IndicatorAssessment,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    let (t_text, a_text) = (ind.target.value.as_str(), ind.actual.value.as_str());
    let (m, rescored) = match rescore(ind, t, a, weight, rules, out) {
        Ok(measured) => measured,
        Err(Unmeasured::Units(tu, au)) => {
            push(
                Code::UnitMismatch,
                ind.actual.at,
                format!(
                    "年度指标值“{t_text}”（{tu}）与实际完成值“{a_text}”（{au}）单位不一致，无法自动复核，保留自评得分。"
                ),
            );
            out.reason = format!("单位不一致（{tu} / {au}），保留自评得分");
            return;
        }
        Err(Unmeasured::SeveralTargets) => {
            out.reason = "年度指标值含多个数值，无法按比例复核，保留自评得分".to_owned();
            return;
        }
    };
    let q = &rules.quantitative;
    score_findings(ind, &m, weight, score, rescored, out, q, push);
    if m.far_beyond(q) {
        push(
            Code::Overachieved,
            ind.actual.at,
            format!(
                "实际完成值“{a_text}”远超年度指标值“{t_text}”，目标可能设置偏低，请分析超额完成的原因。"
            ),
        );
    }
}

/// What the reported score says against the target and the re-score: a deduction though
/// met, full points though missed, or a gap past the tolerance (a score above its weight is
/// already SCORE_OUT_OF_RANGE).
#[allow(clippy::too_many_arguments)]
fn score_findings(
    ind: &Indicator,
    m: &Measured,
    weight: Decimal,
    score: Decimal,
    rescored: Decimal,
    out: &IndicatorAssessment,
    q: &Quantitative,
    push: &mut impl FnMut(Code, Option<crate::read::Pos>, String),
) {
    let (t_text, a_text) = (ind.target.value.as_str(), ind.actual.value.as_str());
    let mut told = score > weight;
    if m.met && score < weight {
        push(
            Code::TargetMetButDeducted,
            ind.score.at,
            format!(
                "实际完成值“{a_text}”已达到年度指标值“{t_text}”，却扣分（得分{}，分值{}），请核实扣分理由。",
                show(score),
                show(weight)
            ),
        );
        told = true;
    }
    if !m.met && score >= weight {
        push(
            Code::TargetMissedFullScore,
            ind.score.at,
            format!(
                "实际完成值“{a_text}”未达到年度指标值“{t_text}”，却得满分{}；按完成比例应为{}。",
                show(weight),
                show(rescored)
            ),
        );
        told = true;
    }
    let gap = (rescored - score).abs();
    if !told && gap > q.rescore_tolerance {
        push(
            Code::RescoreDiffers,
            ind.score.at,
            format!(
                "按完成比例复核得分应为{}（{}），自评得分为{}，相差{}。",
                show(rescored),
                out.reason,
                show(score),
                show(gap)
            ),
        );
    }
}
