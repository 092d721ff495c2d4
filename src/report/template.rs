//! The fill-in workbook for submitters: the official 9-column layout, drop-down lists for
//! 一级/二级指标 from the taxonomy, number formats, 执行率 and 总分 as locked formulas (the
//! sheet is protected, input cells are not), and a 填报说明 sheet. Our own reader reads a
//! filled copy back exactly.

use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet, XlsxError,
};

use crate::config::Settings;
use crate::extract::vocabulary::Vocabulary;
use crate::model::FUNDS_ROWS;
use crate::model::{Amounts, Form};
use crate::report::xlsx::{result, write_opt};

/// Indicator rows in a blank template.
const BLANK_ROWS: usize = 15;

struct Styles {
    label: Format,
    input: Format,
    money: Format,
    points: Format,
    locked_rate: Format,
    locked_points: Format,
    title: Format,
}

fn styles() -> Styles {
    let base = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let input = base.clone().set_unlocked();
    Styles {
        label: base
            .clone()
            .set_align(FormatAlign::Center)
            .set_background_color(rust_xlsxwriter::Color::RGB(0xF2F2F2)),
        money: input.clone().set_num_format("#,##0.00"),
        points: input.clone().set_num_format("0.##"),
        locked_rate: base.clone().set_num_format("0.00%"),
        locked_points: base.set_num_format("0.##"),
        input,
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
    }
}

/// Writes the template to `path`; with `filled`, a copy filled in with that form's values
/// (what a unit would send back).
pub fn write_template(
    path: &Path,
    settings: &Settings,
    year: i32,
    filled: Option<&Form>,
) -> std::io::Result<()> {
    let bytes = template_bytes(settings, year, filled).map_err(|e| match e {
        XlsxError::IoError(io) => io,
        other => std::io::Error::other(other),
    })?;
    // Whole or not at all: the path may be a workbook the user already has.
    super::write_atomic(path, &bytes)
}

/// The template's bytes (see [`write_template`]).
pub fn template_bytes(
    settings: &Settings,
    year: i32,
    filled: Option<&Form>,
) -> Result<Vec<u8>, XlsxError> {
    let vocab = &settings.vocab;
    let w = &settings.rules.weights;
    let standard = format!(
        "6. 预算执行率分值一般为{}分，{}指标一般为{}分，合计{}分（按评分规则 scoring.toml）。",
        result(w.budget),
        w.level1
            .iter()
            .map(|l| l.name.trim_end_matches("指标"))
            .collect::<Vec<_>>()
            .join("、"),
        w.level1
            .iter()
            .map(|l| result(l.weight))
            .collect::<Vec<_>>()
            .join("、"),
        result(w.total)
    );
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("财政项目支出绩效自评表")
            .set_creation_datetime(&created),
    );
    let s = styles();
    // The 二级指标 lists, one column per 一级指标, each under a name the drop-downs use.
    let taxonomy = Taxonomy::of(vocab);
    for (i, (level1, level2)) in taxonomy.0.iter().enumerate() {
        let column = crate::report::xlsx::col(i as u16);
        let last = level2.len().max(1) + 1;
        wb.define_name(
            *level1,
            &format!("='{TAXONOMY_SHEET}'!${column}$2:${column}${last}"),
        )?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("自评表")?;
    ws.set_formula_result_default("");
    // A blank form offers the scoring rules' budget 分值.
    let form = Sheet {
        taxonomy: &taxonomy,
        budget_weight: w.budget,
        filled,
    };
    write_form_sheet(ws, &form, year, &s)?;
    let notes = wb.add_worksheet();
    notes.set_name("填报说明")?;
    for (i, line) in [
        "填报说明",
        "1. 项目名称、主管部门、实施单位按预算批复填写；金额单位为元。",
        "2. 灰色底纹为标签，白色单元格为填写区；执行率和总分由公式自动计算，不需填写。",
        "3. 一级指标、二级指标请从下拉列表中选择；每行填写一个三级指标。",
        "4. 年度指标值填写预算批复的绩效目标，如“≥95%”“=24个”；实际完成值据实填写。",
        "5. 未完成目标而扣分的指标，须在“偏差原因分析及改进措施”中说明原因和措施。",
        standard.as_str(),
    ]
    .iter()
    .enumerate()
    {
        notes.write(i as u32, 0, *line)?;
    }
    notes.set_column_width(0, 100)?;
    let lists = wb.add_worksheet();
    taxonomy.write(lists)?;
    let mut bytes = wb.save_to_buffer()?;
    crate::report::zip_origin::set_unix_origin(&mut bytes);
    Ok(bytes)
}

/// The hidden sheet that holds the 二级指标 of each 一级指标 for the drop-downs.
const TAXONOMY_SHEET: &str = "指标分类";

/// The 一级指标 a form offers and the 二级指标 under each, from the vocabulary.
struct Taxonomy<'a>(Vec<(&'static str, &'a [String])>);

impl<'a> Taxonomy<'a> {
    fn of(vocab: &'a Vocabulary) -> Self {
        Taxonomy(LEVEL1.iter().map(|l| (*l, vocab.level2_names(l))).collect())
    }

    /// The lists: a column per 一级指标, its name on top; the sheet hidden and protected.
    fn write(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name(TAXONOMY_SHEET)?;
        for (c, (level1, level2)) in self.0.iter().enumerate() {
            let c = c as u16;
            ws.write(0, c, *level1)?;
            for (r, name) in level2.iter().enumerate() {
                ws.write(1 + r as u32, c, name)?;
            }
            ws.set_column_width(c, 16)?;
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(())
    }
}

/// The 一级指标 of the national layout, each a valid Excel name (the drop-downs refer to
/// its 二级指标 by it).
const LEVEL1: [&str; 3] = ["产出指标", "效益指标", "满意度指标"];

/// What the form's sheet is made from.
struct Sheet<'a> {
    taxonomy: &'a Taxonomy<'a>,
    /// The budget line's 分值 of a blank form.
    budget_weight: Decimal,
    /// The form a filled copy holds.
    filled: Option<&'a Form>,
}

/// The form's sheet: the head, the funds block (rows 4–8), the goal (9–10), the indicator
/// rows from 11 and 总分, protected but for the cells to fill in.
fn write_form_sheet(
    ws: &mut Worksheet,
    form: &Sheet,
    year: i32,
    s: &Styles,
) -> Result<(), XlsxError> {
    let filled = form.filled;
    write_head(ws, year, filled, s)?;
    write_funds(ws, filled, form.budget_weight, s)?;
    write_goal(ws, filled, s)?;
    let (first, last) = write_indicators(ws, form.taxonomy, filled, s)?;
    write_total(ws, filled, form.budget_weight, (first, last), s)?;
    if filled.is_none() {
        // Room to write by hand on a printed blank, and the page filled.
        for r in (2..=8).chain(first..=last + 1) {
            ws.set_row_height(r, 22)?;
        }
    }
    page_setup(ws, last + 1)?;
    ws.protect();
    Ok(())
}

/// A4 landscape (the nine columns are too wide for portrait at a legible size), the form
/// one page wide, centred, its title whole; a blank form or one of up to about 20 indicators
/// on one page, a longer one continued on the next.
fn page_setup(ws: &mut Worksheet, total_row: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, total_row, 8)?;
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// Column widths, the title with the year, 项目名称, 主管部门 and 实施单位.
fn write_head(
    ws: &mut Worksheet,
    year: i32,
    filled: Option<&Form>,
    s: &Styles,
) -> Result<(), XlsxError> {
    for (c, w) in [12.0, 16.0, 18.0, 26.0, 18.0, 18.0, 9.0, 9.0, 32.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, *w)?;
    }
    let text = |f: &dyn Fn(&Form) -> String| filled.map(f).unwrap_or_default();
    let year = filled.and_then(|f| f.year.value).unwrap_or(year);
    ws.merge_range(0, 0, 0, 8, "财政项目支出绩效自评表", &s.title)?;
    ws.merge_range(1, 0, 1, 8, &format!("（{year}年度）"), &s.label)?;
    ws.write_with_format(2, 0, "项目名称", &s.label)?;
    ws.merge_range(
        2,
        1,
        2,
        8,
        &text(&|f| f.project_name.value.clone()),
        &s.input,
    )?;
    ws.write_with_format(3, 0, "主管部门", &s.label)?;
    ws.merge_range(3, 1, 3, 3, &text(&|f| f.department.value.clone()), &s.input)?;
    ws.write_with_format(3, 4, "实施单位", &s.label)?;
    ws.merge_range(
        3,
        5,
        3,
        8,
        &text(&|f| f.implementing_unit.value.clone()),
        &s.input,
    )?;

    Ok(())
}

/// The funds block: its header, the four rows the format names and the budget line's
/// 分值, 执行率 (a locked formula) and 得分.
fn write_funds(
    ws: &mut Worksheet,
    filled: Option<&Form>,
    budget_weight: Decimal,
    s: &Styles,
) -> Result<(), XlsxError> {
    // Funds: rows 4 (header) to 8.
    ws.merge_range(4, 0, 8, 0, "项目资金\n（元）", &s.label)?;
    ws.write_with_format(4, 1, "", &s.label)?;
    for (i, h) in [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        ws.write_with_format(4, 2 + i as u16, *h, &s.label)?;
    }
    let funds = filled.map(|f| &f.funds);
    let rows: Vec<(&str, Option<&Amounts>)> = FUNDS_ROWS
        .iter()
        .enumerate()
        .map(|(i, name)| (*name, funds.map(|f| f.standard_rows()[i].1)))
        .collect();
    for (i, (name, amounts)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_with_format(r, 1, *name, &s.label)?;
        for (j, n) in [
            amounts.map(|a| &a.initial),
            amounts.map(|a| &a.adjusted),
            amounts.map(|a| &a.executed),
        ]
        .iter()
        .enumerate()
        {
            write_opt(ws, r, 2 + j as u16, n.and_then(|n| n.value), &s.money)?;
        }
        if i > 0 {
            for c in 5..=7 {
                ws.write_with_format(r, c, "—", &s.label)?;
            }
        }
    }
    write_opt(
        ws,
        5,
        5,
        Some(funds.and_then(|f| f.weight.value).unwrap_or(budget_weight)),
        &s.points,
    )?;
    let total = funds.map(|f| &f.total);
    let rate = total.and_then(|t| match (t.executed.value, t.adjusted.value) {
        (Some(e), Some(a)) if a > Decimal::ZERO => Some(e / a),
        _ => None,
    });
    ws.write_formula_with_format(
        5,
        6,
        Formula::new("=IF(N(D6)>0,E6/D6,\"\")").set_result(rate.map(result).unwrap_or_default()),
        &s.locked_rate,
    )?;
    write_opt(ws, 5, 7, funds.and_then(|f| f.score.value), &s.points)?;

    Ok(())
}

/// 年度总体目标: 预期目标 and 实际完成情况.
fn write_goal(ws: &mut Worksheet, filled: Option<&Form>, s: &Styles) -> Result<(), XlsxError> {
    let text = |f: &dyn Fn(&Form) -> String| filled.map(f).unwrap_or_default();
    // Goal: rows 9 and 10.
    ws.merge_range(9, 0, 10, 0, "年度总体目标", &s.label)?;
    ws.merge_range(9, 1, 9, 4, "预期目标", &s.label)?;
    ws.merge_range(9, 5, 9, 8, "实际完成情况", &s.label)?;
    ws.merge_range(
        10,
        1,
        10,
        4,
        &text(&|f| f.goal.expected.value.clone()),
        &s.input,
    )?;
    ws.merge_range(
        10,
        5,
        10,
        8,
        &text(&|f| f.goal.achieved.value.clone()),
        &s.input,
    )?;
    ws.set_row_height(10, 60)?;

    Ok(())
}

/// The indicator header and rows (the form's, or blank ones), with the level 1 and level 2
/// names offered as lists; returns the first and last row.
fn write_indicators(
    ws: &mut Worksheet,
    taxonomy: &Taxonomy,
    filled: Option<&Form>,
    s: &Styles,
) -> Result<(u32, u32), XlsxError> {
    // Indicators from row 11.
    let header = 11u32;
    for (i, h) in crate::report::INDICATOR_HEADERS.iter().enumerate() {
        ws.write_with_format(header, 1 + i as u16, *h, &s.label)?;
    }
    let n = filled.map_or(BLANK_ROWS, |f| f.indicators.len().max(1));
    let first = header + 1;
    let last = first + n as u32 - 1;
    ws.merge_range(header, 0, last, 0, "绩效指标", &s.label)?;
    for k in 0..n {
        let r = first + k as u32;
        let ind = filled.and_then(|f| f.indicators.get(k));
        let t = |get: &dyn Fn(&crate::model::Indicator) -> String| ind.map(get).unwrap_or_default();
        ws.write_with_format(r, 1, t(&|i| i.level1.value.clone()), &s.input)?;
        ws.write_with_format(r, 2, t(&|i| i.level2.value.clone()), &s.input)?;
        ws.write_with_format(r, 3, t(&|i| i.level3.value.clone()), &s.input)?;
        ws.write_with_format(r, 4, t(&|i| i.target.value.clone()), &s.input)?;
        ws.write_with_format(r, 5, t(&|i| i.actual.value.clone()), &s.input)?;
        write_opt(ws, r, 6, ind.and_then(|i| i.weight.value), &s.points)?;
        write_opt(ws, r, 7, ind.and_then(|i| i.score.value), &s.points)?;
        ws.write_with_format(r, 8, t(&|i| i.remark.value.clone()), &s.input)?;
    }
    let level1: Vec<String> = taxonomy.0.iter().map(|(l, _)| l.to_string()).collect();
    ws.add_data_validation(
        first,
        1,
        last,
        1,
        &DataValidation::new()
            .allow_list_strings(&level1)?
            .set_error_title("一级指标")?
            .set_error_message("请从下拉列表中选择一级指标。")?,
    )?;
    // 二级指标: the list under the 一级指标 chosen in the same row (a name per 一级指标).
    ws.add_data_validation(
        first,
        2,
        last,
        2,
        &DataValidation::new()
            .allow_list_formula(Formula::new(format!("=INDIRECT($B{})", first + 1)))
            .set_error_title("二级指标")?
            .set_error_message("请先选择一级指标，再从下拉列表中选择它下面的二级指标。")?,
    )?;

    Ok((first, last))
}

/// 总分: the weight and score as locked formulas over the budget line and the rows.
fn write_total(
    ws: &mut Worksheet,
    filled: Option<&Form>,
    budget_weight: Decimal,
    (first, last): (u32, u32),
    s: &Styles,
) -> Result<(), XlsxError> {
    let total_row = last + 1;
    ws.merge_range(total_row, 0, total_row, 5, "总分", &s.label)?;
    // A blank form's totals are what a recalculating viewer shows: the budget line's default
    // 分值 and a score of 0.
    let sum = |col: &str, rows: &dyn Fn(&Form) -> Decimal, budget: &str, blank: Decimal| {
        let value = result(filled.map_or(blank, rows));
        Formula::new(format!(
            "={budget}+SUM({col}{}:{col}{})",
            first + 1,
            last + 1
        ))
        .set_result(value)
    };
    let weight_sum = |f: &Form| {
        f.funds.weight.value.unwrap_or(budget_weight)
            + f.indicators
                .iter()
                .filter_map(|i| i.weight.value)
                .sum::<Decimal>()
    };
    let score_sum = |f: &Form| {
        f.funds.score.value.unwrap_or_default()
            + f.indicators
                .iter()
                .filter_map(|i| i.score.value)
                .sum::<Decimal>()
    };
    ws.write_formula_with_format(
        total_row,
        6,
        sum("G", &weight_sum, "F6", budget_weight),
        &s.locked_points,
    )?;
    ws.write_formula_with_format(
        total_row,
        7,
        sum("H", &score_sum, "H6", Decimal::ZERO),
        &s.locked_points,
    )?;
    ws.write_with_format(total_row, 8, "", &s.label)?;
    Ok(())
}
