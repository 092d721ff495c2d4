//! The year-end written analysis, 年度项目支出绩效自评结果汇总分析: scope, budget execution,
//! grade distribution, the departments, the most frequent findings, the forms with the
//! lowest execution and the largest re-score gaps, and with `--previous` the change since
//! last year. Written once as a [`Report`] of headings, paragraphs, tables and charts, then
//! as `report.docx` (for the office to edit, [`docx`]) and `report.pdf`. Every figure is
//! computed as the workbook computes it (counted forms, the same sums, the same averages).

pub mod chart;
pub mod docx;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Context;
use crate::batch::FormSummary;
use crate::check::Grade;
use crate::check::findings::Code;
use crate::normalize::money_string;
pub use chart::Chart;

/// The report, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The title on top.
    pub title: String,
    /// Headings, paragraphs, tables and charts, in order.
    pub parts: Vec<Part>,
}

/// One piece of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// A section heading (一、自评范围).
    Heading(String),
    /// A paragraph of text.
    Paragraph(String),
    /// A table: its columns (header and relative width, numbers right-aligned) and rows.
    Table {
        /// Each column: header, relative width, and whether it holds numbers.
        columns: Vec<(String, f32, bool)>,
        /// The rows, a text per column.
        rows: Vec<Vec<String>>,
    },
    /// A chart, drawn as a picture.
    Chart(Chart),
}

/// How many rows the "lowest" and "largest" tables list.
const TOP: usize = 10;

/// A score as the workbook shows it: two decimals.
fn points(d: Decimal) -> String {
    format!("{:.2}", d.round_dp(2))
}

fn rate(d: Option<Decimal>) -> String {
    d.map(|r| format!("{:.2}%", (r * Decimal::ONE_HUNDRED).round_dp(2)))
        .unwrap_or_else(|| "—".to_owned())
}

fn money(d: Option<Decimal>) -> String {
    d.map(money_string).unwrap_or_else(|| "—".to_owned())
}

fn grades_text(counts: &crate::batch::GradeCounts) -> String {
    counts
        .iter()
        .map(|(g, n)| format!("“{g}”{n}个"))
        .collect::<Vec<_>>()
        .join("、")
}

/// A chart of grade counts (优 良 中 差), one series per (name, counts).
fn grades_chart(title: &str, series: [(&str, &crate::batch::GradeCounts); 2]) -> Part {
    Part::Chart(Chart {
        title: title.to_owned(),
        categories: Grade::GRADED.iter().map(|g| g.to_string()).collect(),
        series: series
            .iter()
            .map(|(name, counts)| {
                let values = Grade::GRADED.iter().map(|g| counts.get(*g)).collect();
                (name.to_string(), values)
            })
            .collect(),
    })
}

fn table(columns: &[(&str, f32, bool)], rows: Vec<Vec<String>>) -> Part {
    Part::Table {
        columns: columns
            .iter()
            .map(|(h, w, n)| (h.to_string(), *w, *n))
            .collect(),
        rows,
    }
}

/// The report of `ctx`'s batch (and comparison).
pub fn report(ctx: &Context) -> Report {
    let batch = ctx.batch;
    let stats = batch.statistics();
    let counted: Vec<&FormSummary> = ctx.rows().filter(|f| f.counted()).collect();
    let year = match stats.years.as_slice() {
        [] => String::new(),
        [y] => format!("{y}年度"),
        [first, .., last] => format!("{first}—{last}年度"),
    };
    let mut parts = Vec::new();
    scope(ctx, &stats, &mut parts);
    execution(&counted, &stats, &mut parts);
    grades(&counted, &stats, &mut parts);
    // The reviewer's decisions (复核记录.xlsx), where there are any: the section's last word.
    if let Some(d) = crate::batch::Decisions::of(counted.iter().copied(), &ctx.settings.rules) {
        parts.push(Part::Paragraph(format!(
            "经复核人审核，{} 个项目复核通过，{} 个退回修改，{} 个待复核；复核人改定了 {} 个项目的得分。按最终得分（复核人改定的以其为准，其余为复核总分），评为{}，按全年预算数加权平均分 {}。",
            d.passed,
            d.returned,
            d.pending,
            d.overridden,
            grades_text(&d.final_grades),
            d.final_weighted.average().map_or("—".to_owned(), points)
        )));
        parts.push(grades_chart(
            "复核等级与最终等级分布（项目数）",
            [("复核", &stats.rescored), ("最终", &d.final_grades)],
        ));
    }
    departments(&counted, &mut parts);
    problems(ctx, &mut parts);
    if let Some(c) = ctx.comparison {
        year_over_year(ctx, c, &counted, &mut parts);
    }
    parts.push(Part::Heading(format!(
        "{}、说明",
        chinese_number(section_count(&parts) + 1)
    )));
    parts.push(Part::Paragraph(
        "本报告由绩效自评表复核工具根据各单位报送的自评表自动生成，所有数字与同批生成的汇总工作簿（summary.xlsx）一致：项目数、金额和等级只计“计入合计”为“是”的项目（重复报送的表只计一次）；复核评分规则见工作簿“说明”表。请核对后根据需要修改、补充文字。".to_owned(),
    ));
    Report {
        title: format!("{year}项目支出绩效自评结果汇总分析"),
        parts,
    }
}

fn section_count(parts: &[Part]) -> usize {
    parts
        .iter()
        .filter(|p| matches!(p, Part::Heading(_)))
        .count()
}

/// 一, 二, … 十.
fn chinese_number(n: usize) -> &'static str {
    [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    ]
    .get(n)
    .copied()
    .unwrap_or("十")
}

fn heading(parts: &mut Vec<Part>, title: &str) {
    let n = section_count(parts) + 1;
    parts.push(Part::Heading(format!("{}、{title}", chinese_number(n))));
}

fn scope(ctx: &Context, stats: &crate::batch::Statistics, parts: &mut Vec<Part>) {
    let batch = ctx.batch;
    heading(parts, "自评范围");
    let duplicates = match batch.duplicates() {
        0 => String::new(),
        d => format!("（其中 {d} 份为重复报送，只计一次）"),
    };
    let rejected = match batch.rejected.len() {
        0 => "全部文件均已识别。".to_owned(),
        n => format!(
            "另有 {n} 个文件未能识别为自评表，原因逐一列在汇总工作簿的“未识别文件”表中，请联系报送单位补报。"
        ),
    };
    parts.push(Part::Paragraph(format!(
        "本次共收到文件 {} 个，识别出自评表 {} 份{duplicates}，纳入统计的项目 {} 个，涉及主管部门 {} 个、实施单位 {} 个。纳入统计项目的年初预算数合计 {} 元，全年预算数合计 {} 元，全年执行数合计 {} 元。{rejected}",
        batch.files,
        batch.summaries.len(),
        stats.forms,
        stats.departments,
        stats.units,
        money_string(stats.initial),
        money_string(stats.adjusted),
        money_string(stats.executed),
    )));
}

fn execution(counted: &[&FormSummary], stats: &crate::batch::Statistics, parts: &mut Vec<Part>) {
    heading(parts, "预算执行情况");
    let rates: Vec<Decimal> = counted.iter().filter_map(|f| f.execution_rate).collect();
    let full = rates.iter().filter(|r| **r >= Decimal::ONE).count();
    let ninety = Decimal::new(9, 1);
    let high = rates
        .iter()
        .filter(|r| **r >= ninety && **r < Decimal::ONE)
        .count();
    let low = rates.iter().filter(|r| **r < ninety).count();
    parts.push(Part::Paragraph(format!(
        "纳入统计项目的总体预算执行率（全年执行数合计 ÷ 全年预算数合计）为 {}。执行率达到 100% 的项目 {full} 个，90%（含）至 100% 的 {high} 个，低于 90% 的 {low} 个{}。执行率最低的项目如下：",
        rate(stats.execution_rate()),
        match counted.len() - rates.len() {
            0 => String::new(),
            n => format!("；{n} 个项目缺少全年预算数，无法计算执行率"),
        }
    )));
    let mut lowest: Vec<&&FormSummary> = counted
        .iter()
        .filter(|f| f.execution_rate.is_some())
        .collect();
    lowest.sort_by_key(|f| f.execution_rate);
    let rows = lowest
        .iter()
        .take(TOP)
        .enumerate()
        .map(|(k, f)| {
            vec![
                (k + 1).to_string(),
                f.department.clone(),
                f.project.clone(),
                money(f.adjusted),
                money(f.executed),
                rate(f.execution_rate),
            ]
        })
        .collect();
    parts.push(table(
        &[
            ("序号", 1.0, true),
            ("主管部门", 4.0, false),
            ("项目名称", 5.0, false),
            ("全年预算数（元）", 3.0, true),
            ("全年执行数（元）", 3.0, true),
            ("执行率", 2.0, true),
        ],
        rows,
    ));
}

fn grades(counted: &[&FormSummary], stats: &crate::batch::Statistics, parts: &mut Vec<Part>) {
    heading(parts, "自评结果");
    let differ = counted
        .iter()
        .filter(|f| matches!((f.reported_total, f.rescored()), (Some(a), Some(b)) if a != b))
        .count();
    let far = counted
        .iter()
        .filter(|f| matches!((f.reported_total, f.rescored()), (Some(a), Some(b)) if (a - b).abs() >= Decimal::ONE))
        .count();
    let unscored = counted
        .iter()
        .filter(|f| f.rescored().is_none() && !f.doubtful())
        .count();
    parts.push(Part::Paragraph(format!(
        "按各单位自评总分，评为{}；按复核规则重新评分后，评为{}{}。按全年预算数加权，自评平均分 {}，复核平均分 {}。复核总分与自评总分不一致的项目 {differ} 个，其中相差 1 分及以上的 {far} 个，差距最大的项目如下：",
        grades_text(&stats.reported),
        grades_text(&stats.rescored),
        match (unscored, stats.doubtful) {
            (0, 0) => String::new(),
            (n, 0) => format!("（另有 {n} 个项目的表未评分，不评等级）"),
            (0, d) => format!("（另有 {d} 个项目的表读取存疑，等级待核，请对照原件核对）"),
            (n, d) => format!(
                "（另有 {n} 个项目的表未评分，不评等级；{d} 个项目的表读取存疑，等级待核，请对照原件核对）"
            ),
        },
        stats.reported_weighted.average().map_or("—".to_owned(), points),
        stats.rescored_weighted.average().map_or("—".to_owned(), points),
    )));
    parts.push(grades_chart(
        "自评与复核等级分布（项目数）",
        [("自评", &stats.reported), ("复核", &stats.rescored)],
    ));
    let mut gaps: Vec<(&&FormSummary, Decimal)> = counted
        .iter()
        .filter_map(|f| Some((f, f.rescored()? - f.reported_total?)))
        .filter(|(_, d)| !d.is_zero())
        .collect();
    gaps.sort_by_key(|(_, d)| std::cmp::Reverse(d.abs()));
    let rows = gaps
        .iter()
        .take(TOP)
        .enumerate()
        .map(|(k, (f, d))| {
            vec![
                (k + 1).to_string(),
                f.project.clone(),
                f.unit.clone(),
                f.reported_total.map_or_else(String::new, points),
                f.rescored().map_or_else(String::new, points),
                points(*d),
            ]
        })
        .collect();
    parts.push(table(
        &[
            ("序号", 1.0, true),
            ("项目名称", 5.0, false),
            ("实施单位", 5.0, false),
            ("自评总分", 2.0, true),
            ("复核总分", 2.0, true),
            ("差异", 2.0, true),
        ],
        rows,
    ));
}

fn departments(counted: &[&FormSummary], parts: &mut Vec<Part>) {
    heading(parts, "各主管部门情况");
    // Each department's forms, in the order they first come (the workbook's).
    let mut order: Vec<&str> = Vec::new();
    let mut by: BTreeMap<&str, Vec<&FormSummary>> = BTreeMap::new();
    for f in counted {
        by.entry(&f.department)
            .or_insert_with(|| {
                order.push(&f.department);
                Vec::new()
            })
            .push(f);
    }
    parts.push(Part::Paragraph(format!(
        "{} 个主管部门的项目数、资金、执行率和复核结果如下（复核平均分为各项目复核总分的算术平均）：",
        order.len()
    )));
    let rows = order
        .iter()
        .map(|name| {
            let d = crate::batch::Statistics::of(by[name].iter().copied());
            let mut row = vec![
                name.to_string(),
                d.forms.to_string(),
                money_string(d.adjusted),
                rate(d.execution_rate()),
                d.rescored_mean().map_or("—".to_owned(), points),
            ];
            row.extend(d.rescored.iter().map(|(_, n)| n.to_string()));
            row
        })
        .collect();
    parts.push(table(
        &[
            ("主管部门", 5.0, false),
            ("项目数", 1.5, true),
            ("全年预算数（元）", 3.2, true),
            ("执行率", 1.8, true),
            ("复核平均分", 1.8, true),
            ("优", 1.0, true),
            ("良", 1.0, true),
            ("中", 1.0, true),
            ("差", 1.0, true),
        ],
        rows,
    ));
}

fn problems(ctx: &Context, parts: &mut Vec<Part>) {
    heading(parts, "发现的主要问题");
    let findings = ctx.batch.findings();
    let mut by_code: BTreeMap<&'static str, (Code, usize, Vec<usize>, String)> = BTreeMap::new();
    for (i, f) in ctx.batch.summaries.iter().enumerate() {
        for finding in &f.findings {
            let e = by_code.entry(finding.code.as_str()).or_insert_with(|| {
                (
                    finding.code,
                    0,
                    Vec::new(),
                    format!("{}：{}", f.project, finding.message),
                )
            });
            e.1 += 1;
            if e.2.last() != Some(&i) {
                e.2.push(i);
            }
        }
    }
    let mut codes: Vec<_> = by_code.into_values().collect();
    // The most frequent first; a tie by severity, then by the catalogue's order.
    codes.sort_by_key(|(code, n, _, _)| {
        (
            std::cmp::Reverse(*n),
            code.severity(),
            Code::ALL.iter().position(|c| c == code),
        )
    });
    parts.push(Part::Paragraph(format!(
        "复核共发现问题 {} 个，其中错误 {} 个、警告 {} 个、提示 {} 个（逐条列在汇总工作簿的“问题清单”表中）。出现最多的{}类问题如下：",
        findings.errors + findings.warnings + findings.infos,
        findings.errors,
        findings.warnings,
        findings.infos,
        if codes.len() >= TOP { "十".to_owned() } else { format!(" {} ", codes.len()) }
    )));
    let rows = codes
        .iter()
        .take(TOP)
        .enumerate()
        .map(|(k, (code, n, forms, example))| {
            vec![
                (k + 1).to_string(),
                code.title_zh().to_owned(),
                code.severity().zh().to_owned(),
                n.to_string(),
                forms.len().to_string(),
                example.clone(),
            ]
        })
        .collect();
    parts.push(table(
        &[
            ("序号", 1.0, true),
            ("问题", 3.0, false),
            ("严重程度", 1.6, false),
            ("次数", 1.2, true),
            ("涉及项目", 1.6, true),
            ("示例", 9.0, false),
        ],
        rows,
    ));
}

fn year_over_year(
    ctx: &Context,
    c: &crate::compare::Comparison,
    counted: &[&FormSummary],
    parts: &mut Vec<Part>,
) {
    heading(parts, "与上年对比");
    let by_code = c
        .pairs
        .iter()
        .filter(|p| p.how == crate::compare::MatchedBy::BudgetCode)
        .count();
    let summaries = &ctx.batch.summaries;
    let now_budget: Decimal = c
        .pairs
        .iter()
        .filter_map(|p| summaries[p.current].adjusted)
        .sum();
    let last_budget: Decimal = c
        .pairs
        .iter()
        .filter_map(|p| c.prior.forms[p.previous].adjusted)
        .sum();
    let change = (last_budget > Decimal::ZERO).then(|| now_budget / last_budget - Decimal::ONE);
    let now_scores: Vec<Decimal> = c
        .pairs
        .iter()
        .filter_map(|p| summaries[p.current].rescored())
        .collect();
    let last_scores: Vec<Decimal> = c
        .pairs
        .iter()
        .filter_map(|p| c.prior.forms[p.previous].rescored_total)
        .collect();
    let mean = |v: &[Decimal]| {
        (!v.is_empty()).then(|| v.iter().sum::<Decimal>() / Decimal::from(v.len() as u64))
    };
    let mut last_grades = crate::batch::GradeCounts::default();
    for p in &c.prior.forms {
        last_grades.add(p.rescored_grade);
    }
    let this_grades = crate::batch::Statistics::of(counted.iter().copied()).rescored;
    parts.push(Part::Paragraph(format!(
        "与上年（{}，自评表 {} 份）相比，两年均有自评表的项目 {} 个（其中 {by_code} 个按项目编码对应，其余按实施单位和项目名称对应），本年新增项目 {} 个，上年有而本年没有的项目 {} 个（逐项列在汇总工作簿的“同比”表中）。两年均有的项目，全年预算数合计由上年的 {} 元变为本年的 {} 元（{}），复核平均分由 {} 分变为 {} 分。上年复核等级为{}，本年为{}。",
        c.prior.source,
        c.prior.forms.len(),
        c.pairs.len(),
        c.new.len(),
        c.ended.len(),
        money_string(last_budget),
        money_string(now_budget),
        change.map_or("—".to_owned(), |d| {
            let sign = if d >= Decimal::ZERO { "增加" } else { "减少" };
            format!("{sign} {}", rate(Some(d.abs())))
        }),
        mean(&last_scores).map_or("—".to_owned(), points),
        mean(&now_scores).map_or("—".to_owned(), points),
        grades_text(&last_grades),
        grades_text(&this_grades),
    )));
    parts.push(grades_chart(
        "复核等级分布：本年与上年（项目数）",
        [("上年", &last_grades), ("本年", &this_grades)],
    ));
    findings_across_years(ctx, parts);
}

/// Every finding across years, in the workbook's order of forms, as a table.
fn findings_across_years(ctx: &Context, parts: &mut Vec<Part>) {
    let across = [
        Code::TargetLowered,
        Code::RemarkRepeated,
        Code::BudgetChanged,
        Code::ScoreUpExecutionDown,
    ];
    let rows: Vec<Vec<String>> = ctx
        .rows()
        .flat_map(|f| {
            f.findings
                .iter()
                .filter(|x| across.contains(&x.code))
                .map(move |x| (f, x))
        })
        .enumerate()
        .map(|(k, (f, x))| {
            vec![
                (k + 1).to_string(),
                x.code.title_zh().to_owned(),
                f.project.clone(),
                x.message.clone(),
            ]
        })
        .collect();
    parts.push(Part::Paragraph(if rows.is_empty() {
        "两年对比未发现需要关注的变化。".to_owned()
    } else {
        format!("两年对比发现需要关注的情况 {} 项：", rows.len())
    }));
    if !rows.is_empty() {
        parts.push(table(
            &[
                ("序号", 1.0, true),
                ("问题", 3.0, false),
                ("项目名称", 4.0, false),
                ("说明", 10.0, false),
            ],
            rows,
        ));
    }
}
