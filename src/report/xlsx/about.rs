//! 未识别文件 (every rejected input and why) and 说明 (what produced the workbook, the
//! counts, and the scoring settings in force).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::paper::{Column, Paper};
use super::{Context, Styles, result, write_text};
use crate::check::rules::ReverseFormula;

/// The columns of 未识别文件: the code last, for filtering, and left off the paper.
pub(super) const REJECTED: [Column; 4] = [
    ("序号", 5.0),
    ("文件", 40.0),
    ("原因", 70.0),
    ("代码", 22.0),
];

/// 未识别文件's printed columns: all but the code.
pub(super) const REJECTED_PRINTED: usize = 3;

pub fn write_rejected(ws: &mut Worksheet, ctx: &Context, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name("未识别文件")?;
    let paper = Paper::printing(&REJECTED, REJECTED_PRINTED);
    paper.header_row(ws, 0, &Paper::headers(&REJECTED), s)?;
    let mut last = 0;
    for (i, r) in ctx.batch.rejected.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, row, &s.integer)?;
        write_text(ws, row, 1, &r.file, &s.wrap)?;
        write_text(ws, row, 2, &r.reason, &s.wrap)?;
        write_text(ws, row, 3, r.code.as_str(), &s.text)?;
        paper.fit_row(ws, row, [(1, r.file.as_str()), (2, &r.reason)])?;
        last = row;
    }
    if ctx.batch.rejected.is_empty() {
        write_text(ws, 1, 1, "所有文件均已识别", &s.text)?;
        last = 1;
    }
    ws.set_freeze_panes(1, 0)?;
    paper.apply(ws, 1, last)
}

/// The columns of 说明.
pub(super) const ABOUT: [Column; 2] = [("项目", 20.0), ("内容", 100.0)];

pub fn write_about(ws: &mut Worksheet, ctx: &Context, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name("说明")?;
    let batch = ctx.batch;
    let findings = batch.findings();
    let rules = &ctx.settings.rules;
    let w = &rules.weights;
    let q = &rules.quantitative;
    let ql = &rules.qualitative;
    let g = &rules.grades;
    let reverse = match q.reverse_formula {
        ReverseFormula::Ratio => "分值 × 目标 ÷ 实际（ratio）",
        ReverseFormula::Linear => "分值 × max(0, 1 − (实际 − 目标) ÷ 目标)（linear）",
    };
    let rows: Vec<(&str, String)> = vec![
        ("生成工具", format!("zipingbiao {}（绩效自评表复核工具）", env!("CARGO_PKG_VERSION"))),
        ("输入文件夹", ctx.input.to_owned()),
        ("读取文件数", batch.files.to_string()),
        ("识别自评表（份）", match batch.duplicates() {
            0 => batch.summaries.len().to_string(),
            d => format!("{}（其中 {d} 份重复报送，不计入合计）", batch.summaries.len()),
        }),
        ("未识别文件数", batch.rejected.len().to_string()),
        ("读取存疑（份）", match batch.statistics().doubtful {
            0 => "0".to_owned(),
            d => format!("{d}（等级记为“待核”，不计入等级，见问题清单中的“读取存疑”；请对照原件核对）"),
        }),
        ("错误 / 警告 / 提示", format!("{} / {} / {}", findings.errors, findings.warnings, findings.infos)),
        ("", String::new()),
        ("评分规则", "财预〔2020〕10号《项目支出绩效评价管理办法》，按 templates/scoring.toml".to_owned()),
        (
            "标准分值结构",
            format!(
                "预算执行率{}{} = {}（表中自带分值的，以表为准）",
                result(w.budget),
                w.level1
                    .iter()
                    .map(|l| format!(" + {}{}", l.name.trim_end_matches("指标"), result(l.weight)))
                    .collect::<String>(),
                result(w.total)
            ),
        ),
        ("预算执行得分", "分值 × min(全年执行数 ÷ 全年预算数, 100%)".to_owned()),
        ("预算大幅调整", format!("全年预算数较年初预算数变动超过{}%", result(rules.budget.large_adjustment * rust_decimal::Decimal::ONE_HUNDRED))),
        ("定量指标（正向）", "达到目标得满分，否则 分值 × 实际 ÷ 目标".to_owned()),
        ("定量指标（反向）", format!("达到目标得满分，否则 {reverse}")),
        (
            "超额完成提示",
            format!("正向实际 ≥ 目标 × {}，反向实际 ≤ 目标 × {}", result(q.overachievement_factor), result(q.reverse_overachievement_factor)),
        ),
        ("复核差异提示", format!("复核得分与自评得分相差超过 {} 分", result(q.rescore_tolerance))),
        (
            "定性指标档次",
            format!(
                "完成 {}%–100%，部分完成 {}%–{}%，未完成 0–{}%（保留自评得分，只核对矛盾）",
                result(ql.achieved_band * rust_decimal::Decimal::ONE_HUNDRED),
                result(ql.partly_band * rust_decimal::Decimal::ONE_HUNDRED),
                result(ql.achieved_band * rust_decimal::Decimal::ONE_HUNDRED),
                result(ql.partly_band * rust_decimal::Decimal::ONE_HUNDRED)
            ),
        ),
        (
            "等级",
            format!("优 ≥ {}，良 ≥ {}，中 ≥ {}，差 < {}", result(g.excellent), result(g.good), result(g.fair), result(g.fair)),
        ),
        ("", String::new()),
        ("工作表", "汇总：每个项目一行；指标明细：每个三级指标一行（超过 Excel 每表行数上限时续在 指标明细（2）等表中）；问题清单：每个问题一行（点项目名称跳到汇总中的该行）；按主管部门汇总、按实施单位汇总：按主管部门和实施单位统计（只计“计入合计”为“是”的项目）；等级分布：复核等级分布及图表；未识别文件：无法读取或没有自评表的文件及原因".to_owned()),
    ];
    let paper = Paper::new(&ABOUT);
    paper.header_row(ws, 0, &Paper::headers(&ABOUT), s)?;
    for (i, (k, v)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        write_text(ws, r, 0, k, &s.wrap)?;
        write_text(ws, r, 1, v, &s.wrap)?;
        paper.fit_row(ws, r, [(0, *k), (1, v.as_str())])?;
    }
    paper.apply(ws, 1, rows.len() as u32)
}
