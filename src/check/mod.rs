//! Stage 4: check a form and re-score it by the official rules.
//!
//! Reported values are never overwritten: the assessment stands beside the form, with the
//! re-computed execution rate and budget score, each indicator's typed target and actual
//! and re-scored value (with its reason), the totals and grades both ways, and findings
//! that point at the cell they are about.

pub(crate) mod budget;
pub mod doubt;
pub mod findings;
mod grade;
pub(crate) mod indicator;
pub mod rules;
pub mod value;

use std::collections::HashMap;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::extract::vocabulary::{Level, Vocabulary};
use crate::model::Form;
use crate::normalize::decimal_string;
use crate::read::Pos;

pub use grade::Grade;

use budget::{BudgetAssessment, written_tolerance};
use findings::{Code, Finding};
use indicator::IndicatorAssessment;
use rules::Rules;

/// What the check made of one form.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Assessment {
    /// The execution rate and budget-execution score, re-computed.
    pub budget: BudgetAssessment,
    /// One per indicator, in the form's order.
    pub indicators: Vec<IndicatorAssessment>,
    /// 总分 得分 as written.
    pub reported_total: Option<Decimal>,
    /// Reported budget score + reported indicator scores.
    pub reported_sum: Decimal,
    /// Re-scored budget score + re-scored (or kept) indicator scores.
    pub rescored_total: Decimal,
    // Kept apart from a spilled form (in its summary), so not serialised with it.
    /// The grade the form gives itself (by its reported total, else the sum of its scores).
    #[serde(skip)]
    pub reported_grade: Grade,
    /// The grade of the re-scored total.
    #[serde(skip)]
    pub rescored_grade: Grade,
    /// What the check found, errors first.
    #[serde(skip)]
    pub findings: Vec<Finding>,
    /// The reviewer's decision (复核记录.xlsx), where one applies: the batch sets it.
    #[serde(skip)]
    pub review: Option<crate::model::ReviewDecision>,
    /// Findings the reviewer did not accept: the batch sets them.
    #[serde(skip)]
    pub dismissed: Vec<Finding>,
}

impl Assessment {
    /// How many findings have `severity`.
    pub fn count(&self, severity: findings::Severity) -> usize {
        findings::count(&self.findings, severity)
    }
}

fn show(d: Decimal) -> String {
    decimal_string(d)
}

/// How a form carries its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scoring {
    /// Every row has its 分值 and 得分 (the national layout).
    Rows,
    /// The rows have 得分 but no 分值: the points are their groups' (湖北's 年度绩效目标1（40分）).
    Groups,
    /// No 得分 anywhere, with or without 分值 (a county's 目标自评表, a form sent before
    /// scoring): extracted, not scored.
    None,
}

/// How `form` carries its points.
pub fn scoring(form: &Form) -> Scoring {
    let written = |n: &crate::model::Number| n.value.is_some() || !n.raw.trim().is_empty();
    let weights = form.indicators.iter().any(|i| written(&i.weight));
    let scores = form.indicators.iter().any(|i| written(&i.score));
    if !scores && form.total.score.value.is_none() && form.funds.score.value.is_none() {
        return Scoring::None;
    }
    let grouped = |k: usize| {
        form.groups.iter().any(|g| {
            g.kind == crate::model::GroupKind::Block
                && g.weight.value.is_some()
                && (g.first..g.first + g.count).contains(&k)
        })
    };
    if !weights && !form.indicators.is_empty() && (0..form.indicators.len()).all(grouped) {
        Scoring::Groups
    } else {
        Scoring::Rows
    }
}

/// Checks and re-scores one form. Batch-level findings (duplicates, the year) come from [`crate::batch`].
pub fn assess(form: &Form, rules: &Rules, vocab: &Vocabulary) -> Assessment {
    let mut findings = Vec::new();
    let scoring = scoring(form);
    missing_fields(form, &mut findings);
    let budget = budget::assess(form, rules, scoring, &mut findings);
    let indicators: Vec<IndicatorAssessment> = form
        .indicators
        .iter()
        .map(|ind| IndicatorAssessment {
            class: class_of(ind, vocab).map(str::to_owned),
            ..indicator::assess(ind, rules, vocab.comparator_words(), scoring, &mut findings)
        })
        .collect();
    levels_and_duplicates(form, vocab, &mut findings);
    point_structure(form, rules, scoring, &indicators, &mut findings);
    let reported_sum = form.funds.score.value.unwrap_or_default()
        + form
            .indicators
            .iter()
            .filter_map(|i| i.score.value)
            .sum::<Decimal>();
    let reported_total = form.total.score.value;
    reported_total_check(form, reported_sum, scoring, &mut findings);
    let budget_used = budget.score.or(form.funds.score.value).unwrap_or_default();
    let rescored_total = (budget_used
        + form
            .indicators
            .iter()
            .zip(&indicators)
            .map(|(ind, a)| a.score_used(ind))
            .sum::<Decimal>())
    .round_dp_with_strategy(
        rules.quantitative.score_decimals,
        RoundingStrategy::MidpointAwayFromZero,
    );
    let doubts = doubt::doubts(form, rules, scoring);
    let doubtful = !doubts.is_empty();
    findings.extend(doubts);
    // A doubtful reading first: the other findings may follow from it.
    findings.sort_by_key(|f| {
        (
            f.severity(),
            f.code != Code::ReadDoubtful,
            f.at.map(|p| (p.row, p.col)),
        )
    });
    let grade = |total: Option<Decimal>| match scoring {
        _ if doubtful => Grade::Doubtful,
        Scoring::None => Grade::Ungraded,
        // No 总分 written: the form gives itself no grade.
        _ => total.map_or(Grade::Ungraded, |t| rules.grade(t)),
    };
    Assessment {
        budget,
        indicators,
        reported_total,
        reported_sum,
        rescored_total,
        reported_grade: grade(reported_total),
        rescored_grade: grade(Some(rescored_total)),
        findings,
        review: None,
        dismissed: Vec::new(),
    }
}

/// The weights as the form's way of scoring has them: per row, per group, or — for an
/// unscored form — UNSCORED (and the weights where it has some).
fn point_structure(
    form: &Form,
    rules: &Rules,
    scoring: Scoring,
    rows: &[IndicatorAssessment],
    findings: &mut Vec<Finding>,
) {
    match scoring {
        Scoring::Rows => weights(form, rules, rows, findings),
        Scoring::Groups => group_weights(form, rules, findings),
        Scoring::None => {
            let weighted = form.indicators.iter().any(|i| i.weight.value.is_some());
            if weighted {
                weights(form, rules, rows, findings);
            }
            findings.push(Finding::new(
                Code::Unscored,
                Some(form_start(form)),
                if weighted {
                    "本表填了分值但没有一处得分（预算执行率、各指标和总分的得分都是空的），已提取内容但未复核评分，也不评定等级。如需评分，请补填得分。"
                } else {
                    "本表没有分值和得分（目标自评表），已提取内容但未复核评分，也不评定等级。如需评分，请按评分办法补填分值和得分。"
                },
            ));
        }
    }
}

/// 总分 得分 against the sum of the scores (TOTAL_MISMATCH), or missing on a scored form.
fn reported_total_check(
    form: &Form,
    reported_sum: Decimal,
    scoring: Scoring,
    findings: &mut Vec<Finding>,
) {
    match form.total.score.value {
        Some(total) => {
            let tolerance = written_tolerance(&form.total.score.raw, false);
            if (total - reported_sum).abs() > tolerance {
                findings.push(Finding::new(
                    Code::TotalMismatch,
                    form.total.score.at,
                    format!(
                        "总分得分填报为{}，但预算执行率得分与各指标得分合计为{}，请核对。",
                        show(total),
                        show(reported_sum)
                    ),
                ));
            }
        }
        None if scoring == Scoring::None => {}
        None => findings.push(Finding::new(
            Code::MissingField,
            form.total.score.at,
            "未填写总分得分，请补充。",
        )),
    }
}

/// Where a form starts: the place to point at when a field has no cell of its own.
pub fn form_start(form: &Form) -> Pos {
    form.source.start()
}

fn missing_fields(form: &Form, findings: &mut Vec<Finding>) {
    let start = Some(form_start(form));
    score_sheet(form, findings);
    let texts = [
        ("项目名称", &form.project_name),
        ("主管部门", &form.department),
        ("实施单位", &form.implementing_unit),
    ];
    for (name, field) in texts {
        if field.value.trim().is_empty() {
            findings.push(Finding::new(
                Code::MissingField,
                field.at.or(start),
                format!("未填写{name}，请补充。"),
            ));
        }
    }
    if form.year.value.is_none() {
        findings.push(Finding::new(
            Code::MissingField,
            form.year.at.or(start),
            "表头未写明年度（如“2023年度”），请补充。",
        ));
    }
}

/// PARTS_MISSING: indicators without any 年度指标值 or 实际完成值 (a score sheet: 分值 and 得分
/// only) cannot be checked against their targets; what is absent is named once.
fn score_sheet(form: &Form, findings: &mut Vec<Finding>) {
    let rows = &form.indicators;
    let blank = |t: &crate::model::Text| t.value.trim().is_empty();
    if rows.is_empty() || !rows.iter().all(|i| blank(&i.target) && blank(&i.actual)) {
        return;
    }
    let mut absent = Vec::new();
    if form.funds.total.adjusted.value.is_none() && form.funds.rows.is_empty() {
        absent.push("项目资金表");
    }
    absent.extend(["年度指标值", "实际完成值"]);
    findings.push(Finding::new(
        Code::PartsMissing,
        rows[0].level3.at.or(Some(form_start(form))),
        format!(
            "本表只有指标的分值和得分（评分表），没有{}，已按现有内容读取，无法对照目标复核各指标。请报送完整的绩效自评表。",
            absent.join("、")
        ),
    ));
}

fn levels_and_duplicates(form: &Form, vocab: &Vocabulary, findings: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for ind in &form.indicators {
        let name = ind.level3.value.as_str();
        let level2 = ind.level2.value.as_str();
        let printed = vocab.level1_name(&ind.level1.value);
        let class = class_of(ind, vocab);
        if let (Some(printed), Some(class)) = (printed, class)
            && printed != class
        {
            findings.push(
                Finding::new(
                    Code::UnknownIndicatorLevel,
                    ind.level2.at.or(ind.level1.at),
                    format!(
                        "二级指标“{level2}”写在一级指标“{}”下，按指标体系应属于“{class}”，请更正。",
                        ind.level1.value
                    ),
                )
                .on(name),
            );
        } else if !level2.is_empty() && !matches!(vocab.level(level2), Some(Level::Two { .. })) {
            findings.push(
                Finding::new(
                    Code::UnknownIndicatorLevel,
                    ind.level2.at,
                    format!(
                        "二级指标“{level2}”不在指标体系中（{}），请核对。",
                        taxonomy_names(vocab, &ind.level1.value)
                    ),
                )
                .on(name),
            );
        }
        if !name.is_empty() {
            *seen.entry(name).or_default() += 1;
        }
    }
    let mut reported = std::collections::HashSet::new();
    for ind in &form.indicators {
        let name = ind.level3.value.as_str();
        let n = seen.get(name).copied().unwrap_or(0);
        if n > 1 && reported.insert(name) {
            findings.push(
                Finding::new(
                    Code::DuplicateIndicator,
                    ind.level3.at,
                    format!("三级指标“{name}”在本表中出现了{n}次，请确认是否重复填报。"),
                )
                .on(name),
            );
        }
    }
}

/// The row's class in the indicator taxonomy: the level 1 its level 2 belongs to, else the
/// one its level 1 names — as a taxonomy name or alias, or as one with the modifier 项目
/// before it (the 2020 framework's 项目产出, 项目效益), points in brackets aside.
pub fn class_of<'v>(ind: &crate::model::Indicator, vocab: &'v Vocabulary) -> Option<&'v str> {
    if let Some(Level::Two { parent, .. }) = vocab.level(&ind.level2.value) {
        return Some(parent);
    }
    let printed = crate::normalize::label_key(&ind.level1.value);
    let printed = printed.split(['(', '（']).next().unwrap_or_default();
    vocab
        .level1_name(printed)
        .or_else(|| vocab.level1_name(printed.strip_prefix("项目")?))
}

fn taxonomy_names(vocab: &Vocabulary, level1: &str) -> String {
    match vocab.level2_names(level1) {
        [] => "未识别一级指标".to_owned(),
        names => format!("“{level1}”下应为：{}", names.join("、")),
    }
}

fn weights(form: &Form, rules: &Rules, rows: &[IndicatorAssessment], findings: &mut Vec<Finding>) {
    let weights: Option<Vec<Decimal>> = form.indicators.iter().map(|i| i.weight.value).collect();
    // A budget line that is an indicator row has its weight among the rows'.
    let budget = form
        .funds
        .weight
        .value
        .or_else(|| budget::budget_row(form).map(|_| Decimal::ZERO));
    let (Some(weights), Some(budget)) = (weights, budget) else {
        return;
    };
    let sum = budget + weights.iter().copied().sum::<Decimal>();
    let total = form.total.weight.value.unwrap_or(rules.weights.total);
    if sum != total || total != rules.weights.total {
        let against = if total == rules.weights.total {
            format!("总分分值{}", show(total))
        } else {
            format!(
                "总分分值{}（应为{}）",
                show(total),
                show(rules.weights.total)
            )
        };
        findings.push(Finding::new(
            Code::WeightsNot100,
            form.total.weight.at.or(form.total.score.at),
            format!(
                "预算执行率与各指标分值合计为{}，与{against}不符，请核对各项分值。",
                show(sum)
            ),
        ));
    }
    split_by_level1(form, rules, rows, findings);
    level_points(form, findings);
}

/// GROUP_POINTS_MISMATCH: the points in a level's label (产出指标（50分）, 数量指标（30分）)
/// against the 分值 of the rows it heads, where every one of them has its 分值.
fn level_points(form: &Form, findings: &mut Vec<Finding>) {
    use crate::model::GroupKind;
    for g in form.groups.iter().filter(|g| g.kind != GroupKind::Block) {
        let (Some(points), Some(rows)) = (
            g.weight.value,
            form.indicators.get(g.first..g.first + g.count),
        ) else {
            continue;
        };
        let weights: Option<Vec<Decimal>> = rows.iter().map(|i| i.weight.value).collect();
        let Some(sum) = weights.map(|w| w.into_iter().sum::<Decimal>()) else {
            continue;
        };
        if !rows.is_empty() && sum != points {
            findings.push(Finding::new(
                Code::GroupPointsMismatch,
                g.label.at,
                format!(
                    "“{}”标注{}分，其下{}个指标分值合计{}，请核对。",
                    g.label.value,
                    show(points),
                    rows.len(),
                    show(sum)
                ),
            ));
        }
    }
}

/// WEIGHT_SPLIT_NONSTANDARD: each level 1's weight (the sum of the 分值 of the rows of its
/// class, whatever level 1 they are printed under) against the standard split of
/// scoring.toml; a row of no class counts under its printed level 1, which makes the split
/// nonstandard too.
fn split_by_level1(
    form: &Form,
    rules: &Rules,
    rows: &[IndicatorAssessment],
    findings: &mut Vec<Finding>,
) {
    let standard = &rules.weights.level1;
    // A form in another framework (决策/过程/产出/效益 of 2020, level 1s printed as 项目产出)
    // has no standard split to differ from.
    if !form
        .indicators
        .iter()
        .any(|i| standard.iter().any(|l| l.name == i.level1.value))
    {
        return;
    }
    let group = |k: usize| -> &str {
        rows.get(k)
            .and_then(|a| a.class.as_deref())
            .unwrap_or(&form.indicators[k].level1.value)
    };
    let mut names: Vec<&str> = standard.iter().map(|l| l.name.as_str()).collect();
    for k in 0..form.indicators.len() {
        let name = group(k);
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    let of = |name: &str| -> Decimal {
        (0..form.indicators.len())
            .filter(|&k| group(k) == name)
            .filter_map(|k| form.indicators[k].weight.value)
            .sum()
    };
    let split: Vec<Decimal> = names.iter().map(|n| of(n)).collect();
    let wanted: Vec<Decimal> = names
        .iter()
        .map(|n| {
            standard
                .iter()
                .find(|l| l.name == *n)
                .map_or(Decimal::ZERO, |l| l.weight)
        })
        .collect();
    if split != wanted {
        let short = |n: &str| n.trim_end_matches("指标").to_owned();
        let list = |v: &[Decimal]| v.iter().map(|d| show(*d)).collect::<Vec<_>>().join("/");
        findings.push(Finding::new(
            Code::WeightSplitNonstandard,
            form.total.weight.at,
            format!(
                "{}指标分值为{}，与常规的{}不同（允许调整，请确认有依据）。",
                names
                    .iter()
                    .map(|n| short(n))
                    .collect::<Vec<_>>()
                    .join("、"),
                list(&split),
                list(&wanted)
            ),
        ));
    }
}

/// A form whose rows carry no 分值: its groups' points add up with the budget line to the
/// 总分 分值 (or 100), and each group's scores stay within its points.
fn group_weights(form: &Form, rules: &Rules, findings: &mut Vec<Finding>) {
    use crate::model::GroupKind;
    let blocks: Vec<&crate::model::Group> = form
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::Block && g.weight.value.is_some())
        .collect();
    let budget = form.funds.weight.value.unwrap_or(rules.weights.budget);
    let sum = budget
        + blocks
            .iter()
            .filter_map(|g| g.weight.value)
            .sum::<Decimal>();
    let total = form.total.weight.value.unwrap_or(rules.weights.total);
    if sum != total {
        findings.push(Finding::new(
            Code::WeightsNot100,
            form.total.weight.at.or(form.total.score.at),
            format!(
                "预算执行率分值{}与各目标分值合计为{}，与总分分值{}不符，请核对各项分值。",
                show(budget),
                show(sum),
                show(total)
            ),
        ));
    }
    for g in blocks {
        let points = g.weight.value.unwrap_or_default();
        let scored: Decimal = form.indicators[g.first..g.first + g.count]
            .iter()
            .filter_map(|i| i.score.value)
            .sum();
        if scored > points || scored < Decimal::ZERO {
            findings.push(Finding::new(
                Code::ScoreOutOfRange,
                g.label.at,
                format!(
                    "“{}”下各指标得分合计{}，超出该目标的{}分，请核对。",
                    g.label.value,
                    show(scored),
                    show(points)
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::extract::testing::forms;

    fn codes(rows: &str) -> (Assessment, Scoring) {
        let form = forms(rows, &[]).remove(0);
        let settings = Settings::builtin();
        (
            assess(&form, &settings.rules, &settings.vocab),
            scoring(&form),
        )
    }

    const HEAD: &str = "项目名称\t老旧小区改造\n主管部门\t区住建局\t实施单位\t区房管中心\n\
        项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n";

    #[test]
    fn a_form_with_no_score_anywhere_is_unscored_once_not_an_error_a_row() {
        // 分值 filled, 得分 empty everywhere: sent before scoring.
        let (a, s) = codes(&format!(
            "{HEAD}\t年度资金总额\t5000000\t5000000\t4800000\t10\t\t\n\
             绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             \t产出指标\t数量指标\t改造小区数量\t10个\t10个\t50\t\n\
             \t效益指标\t社会效益指标\t居住条件改善\t明显改善\t明显改善\t40\t\n\
             总分\t\t\t\t\t\t100\t\n"
        ));
        assert_eq!(s, Scoring::None);
        let found: Vec<&str> = a.findings.iter().map(|f| f.code.as_str()).collect();
        // The weights are still checked (50/40 has no 满意度指标); no score is asked for.
        assert_eq!(
            found,
            ["MISSING_FIELD", "UNSCORED", "WEIGHT_SPLIT_NONSTANDARD"]
        );
        assert!(
            a.findings[0].message.contains("年度"),
            "{}",
            a.findings[0].message
        );
        assert_eq!(
            (a.reported_grade, a.rescored_grade),
            (Grade::Ungraded, Grade::Ungraded)
        );
    }

    #[test]
    fn one_missing_score_on_a_scored_form_is_named() {
        let (a, s) = codes(&format!(
            "{HEAD}\t年度资金总额\t5000000\t5000000\t5000000\t10\t100%\t10\n\
             绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             \t产出指标\t数量指标\t改造小区数量\t10个\t10个\t50\t50\n\
             \t效益指标\t社会效益指标\t居住条件改善\t明显改善\t明显改善\t40\t\n\
             总分\t\t\t\t\t\t100\t60\n"
        ));
        assert_eq!(s, Scoring::Rows);
        let found: Vec<&str> = a.findings.iter().map(|f| f.code.as_str()).collect();
        assert!(found.contains(&"SCORE_MISSING"), "{found:?}");
        assert!(!found.contains(&"UNSCORED"));
    }

    #[test]
    fn a_row_is_classed_by_its_level_2_and_a_level_1_printed_wrong_is_named() {
        // 质量指标 printed under 效益指标: the level 1 stays as printed, the row is 产出指标's
        // class, counts in its split, and the finding says where it belongs.
        let (a, _) = codes(&format!(
            "{HEAD}\t年度资金总额\t5000000\t5000000\t5000000\t10\t100%\t10\n\
             绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             \t产出指标\t数量指标\t改造小区数量\t10个\t10个\t30\t30\n\
             \t效益指标\t质量指标\t验收合格率\t100%\t100%\t20\t20\n\
             \t效益指标\t社会效益指标\t居住条件改善\t明显改善\t明显改善\t30\t30\n\
             \t满意度指标\t服务对象满意度指标\t居民满意度\t≥90%\t95%\t10\t10\n\
             总分\t\t\t\t\t\t100\t100\n"
        ));
        let classes: Vec<Option<&str>> = a.indicators.iter().map(|i| i.class.as_deref()).collect();
        assert_eq!(
            classes,
            [
                Some("产出指标"),
                Some("产出指标"),
                Some("效益指标"),
                Some("满意度指标")
            ]
        );
        let found: Vec<(&str, &str)> = a
            .findings
            .iter()
            .map(|f| (f.code.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            found[1..],
            [(
                "UNKNOWN_INDICATOR_LEVEL",
                "二级指标“质量指标”写在一级指标“效益指标”下，按指标体系应属于“产出指标”，请更正。"
            )],
            "the split by class is the standard 50/30/10 (the year is not on this form)"
        );
        assert_eq!(found[0].0, "MISSING_FIELD");
    }

    #[test]
    fn the_2020_frameworks_level_1s_are_classed_by_their_head() {
        let settings = Settings::builtin();
        let row = |level1: &str, level2: &str| crate::model::Indicator {
            level1: crate::model::Located::new(level1.to_owned(), None, ""),
            level2: crate::model::Located::new(level2.to_owned(), None, ""),
            ..Default::default()
        };
        let class = |l1, l2| class_of(&row(l1, l2), &settings.vocab);
        assert_eq!(class("项目产出（40分）", ""), Some("产出指标"));
        assert_eq!(class("项目效益", "其他"), Some("效益指标"));
        assert_eq!(class("项目决策（10分）", "项目立项"), Some("决策"));
        assert_eq!(class("项目管理", "资金管理"), Some("过程"));
        assert_eq!(class("其他", "其他"), None);
    }

    #[test]
    fn points_in_a_level_label_are_checked_against_its_rows() {
        // 数量指标（30分） heads 15 + 10: the label and its rows disagree.
        let (a, _) = codes(&format!(
            "2023年度\n{HEAD}\t年度资金总额\t5000000\t5000000\t5000000\t10\t100%\t10\n\
             绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             \t产出指标（50分）\t数量指标（30分）\t改造小区数量\t10个\t10个\t15\t15\n\
             \t\t\t改造户数\t≥500户\t520户\t10\t10\n\
             \t\t质量指标（20分）\t验收合格率\t100%\t100%\t25\t25\n\
             \t效益指标（30分）\t社会效益指标\t居住条件改善\t明显改善\t明显改善\t30\t30\n\
             \t满意度指标（10分）\t服务对象满意度指标\t居民满意度\t≥90%\t95%\t10\t10\n\
             总分\t\t\t\t\t\t100\t100\n"
        ));
        let found: Vec<(&str, &str)> = a
            .findings
            .iter()
            .filter(|f| f.code == Code::GroupPointsMismatch)
            .map(|f| (f.code.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "GROUP_POINTS_MISMATCH",
                    "“数量指标（30分）”标注30分，其下2个指标分值合计25，请核对。"
                ),
                (
                    "GROUP_POINTS_MISMATCH",
                    "“质量指标（20分）”标注20分，其下1个指标分值合计25，请核对。"
                )
            ]
        );
    }
}
