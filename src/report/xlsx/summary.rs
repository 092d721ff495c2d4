//! 汇总: one row per form, with live formulas (execution rate, difference, grades, totals)
//! that carry their computed values, so every reader shows numbers before recalculating.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Color, ConditionalFormatFormula, Format, Formula, Worksheet, XlsxError};

use super::paper::{Column, Paper};
use super::{Context, Styles, col, counted_text, result, source_text, write_opt, write_text};
use crate::batch::{FormSummary, Weighted};
use crate::check::Grade;
use crate::check::findings::Severity;
use crate::check::rules::Rules;

pub const SHEET: &str = "汇总";

/// The columns, widths chosen for A4 landscape (see [`super::paper`]).
pub const COLUMNS: [Column; 22] = [
    ("序号", 4.5),
    ("主管部门", 13.0),
    ("实施单位", 13.0),
    ("项目名称", 20.0),
    ("年度", 5.5),
    ("年初预算数", 13.0),
    ("全年预算数", 13.0),
    ("全年执行数", 13.0),
    ("执行率", 7.5),
    ("自评总分", 6.5),
    ("复核总分", 6.5),
    ("差异", 6.0),
    ("自评等级", 5.5),
    ("复核等级", 5.5),
    ("错误", 4.5),
    ("警告", 4.5),
    ("计入合计", 15.0),
    ("复核结论", 8.0),
    ("最终得分", 6.5),
    ("最终等级", 5.5),
    ("版式", 26.0),
    ("来源", 60.0),
];
/// Columns up to 最终等级 print; 版式 and 来源 are for the screen (the printed forms carry both).
pub const PRINTED: usize = FINAL_GRADE as usize + 1;

// Column positions, named where formulas refer to them.
const ADJUSTED: u16 = 6;
const EXECUTED: u16 = 7;
const REPORTED: u16 = 9;
const RESCORED: u16 = 10;
/// The reviewer's 复核结论 (复核记录.xlsx), the score that stands (the reviewer's 复核得分,
/// else the re-score) and its grade.
const CONCLUSION: u16 = 17;
const FINAL: u16 = 18;
const FINAL_GRADE: u16 = 19;
/// Which layout of the form's family the form came in, by its title.
const LAYOUT: u16 = 20;
const SOURCE: u16 = 21;
/// `是`, or why not: a duplicate names the row of the copy that is counted. Every total,
/// here and on 按主管部门汇总 and 按实施单位汇总, counts the rows marked `是` only.
pub const COUNTED: u16 = 16;
/// What [`COUNTED`] holds for a form that counts.
pub const COUNTED_YES: &str = "是";

/// `=IF(J2="","未评分",IF(J2>=90,"优",…))`: the grade of a score cell, by the rules'
/// cut-offs; an empty cell is 未评分, as the booklet and the report say.
fn grade_formula(cell: &str, rules: &Rules) -> String {
    let g = &rules.grades;
    format!(
        "=IF({cell}=\"\",\"{}\",IF({cell}>={},\"优\",IF({cell}>={},\"良\",IF({cell}>={},\"中\",\"差\"))))",
        Grade::Ungraded.name(),
        result(g.excellent),
        result(g.good),
        result(g.fair)
    )
}

pub fn write(ws: &mut Worksheet, ctx: &Context, s: &Styles) -> Result<(), XlsxError> {
    let rules = &ctx.settings.rules;
    ws.set_name(SHEET)?;
    let mut paper = Paper::printing(&COLUMNS, PRINTED);
    paper.header_row(ws, 0, &Paper::headers(&COLUMNS), s)?;
    let n = ctx.order.len() as u32;
    let mut totals = Totals::default();
    // Each form's row in the sheet (0-based, the header being row 0).
    let rows = ctx.summary_row_of();
    for (i, form) in ctx.rows().enumerate() {
        let r = i as u32 + 1;
        write_form_row(ws, ctx, r, form, &rows, &mut paper, s)?;
        let (errors, warnings) = (form.count(Severity::Error), form.count(Severity::Warning));
        totals.add(form, errors, warnings);
    }
    if n > 0 {
        let conclusions = write_totals(ws, n, &totals, rules, &mut paper, s)?;
        // The totals row as high as its count of conclusions wraps to.
        paper.fit_row(ws, n + 1, [(CONCLUSION, conclusions.as_str())])?;
        conditional_formats(ws, n)?;
        ws.autofilter(0, 0, n, COLUMNS.len() as u16 - 1)?;
    } else {
        write_text(ws, 1, 0, "本批没有识别出自评表", &s.text)?;
    }
    ws.set_freeze_panes(1, 0)?;
    paper.apply(ws, 1, n + 1)?;
    paper.end_streamed(ws, n + 1)
}

/// One form's row `r`: who and what, the money, the execution rate as a formula, the
/// scores and grades, the findings' counts, the layout, the source and whether it counts.
fn write_form_row(
    ws: &mut Worksheet,
    ctx: &Context,
    r: u32,
    form: &FormSummary,
    rows: &[u32],
    paper: &mut Paper,
    s: &Styles,
) -> Result<(), XlsxError> {
    let e = r + 1;
    ws.write_number_with_format(r, 0, e - 1, &s.integer)?;
    for (c, text) in [(1, &form.department), (2, &form.unit), (3, &form.project)] {
        write_text(ws, r, c, text, &s.wrap)?;
    }
    match form.year {
        Some(y) => ws.write_number_with_format(r, 4, y, &s.integer)?,
        None => ws.write_blank(r, 4, &s.integer)?,
    };
    for (c, v) in [(5, form.initial), (6, form.adjusted), (7, form.executed)] {
        paper.write_amount(ws, (r, c), v, &s.money)?;
    }
    let (g, h) = (
        format!("{}{e}", col(ADJUSTED)),
        format!("{}{e}", col(EXECUTED)),
    );
    let rate = form
        .execution_rate
        .filter(|_| form.adjusted.is_some_and(|v| v > Decimal::ZERO));
    let rate_result = rate.map(result).unwrap_or_default();
    ws.write_formula_with_format(
        r,
        8,
        Formula::new(format!("=IF(N({g})>0,{h}/{g},\"\")")).set_result(rate_result),
        &s.rate,
    )?;
    write_scores(ws, r, form, &ctx.settings.rules, s)?;
    let (errors, warnings) = (form.count(Severity::Error), form.count(Severity::Warning));
    ws.write_number_with_format(r, 14, errors as u32, &s.integer)?;
    ws.write_number_with_format(r, 15, warnings as u32, &s.integer)?;
    let layout = ctx.settings.vocab.layout_title(&form.layout);
    write_text(ws, r, LAYOUT, layout, &s.text)?;
    let source = source_text(&form.source);
    write_text(ws, r, SOURCE, &source, &s.text)?;
    let counted = counted_text(form, rows);
    write_text(ws, r, COUNTED, &counted, &s.wrap)?;
    write_final(ws, r, form, &ctx.settings.rules, s)?;
    paper.fit_row(
        ws,
        r,
        [
            (1, form.department.as_str()),
            (2, &form.unit),
            (3, &form.project),
            (LAYOUT, layout),
            (SOURCE, &source),
            (COUNTED, &counted),
        ],
    )
}

/// The reported and re-scored totals, their difference and both grades, as formulas with
/// their values cached.
fn write_scores(
    ws: &mut Worksheet,
    r: u32,
    a: &FormSummary,
    rules: &Rules,
    s: &Styles,
) -> Result<(), XlsxError> {
    let e = r + 1;
    write_opt(ws, r, REPORTED, a.reported_total, &s.score)?;
    write_opt(ws, r, RESCORED, a.rescored(), &s.score)?;
    let (j, k) = (
        format!("{}{e}", col(REPORTED)),
        format!("{}{e}", col(RESCORED)),
    );
    let diff = a
        .reported_total
        .zip(a.rescored())
        .map(|(t, s)| result(s - t))
        .unwrap_or_default();
    ws.write_formula_with_format(
        r,
        11,
        Formula::new(format!("=IF(OR({j}=\"\",{k}=\"\"),\"\",{k}-{j})")).set_result(diff),
        &s.score,
    )?;
    // A doubtful reading is 待核 whatever its scores say: no formula would know.
    if a.doubtful() {
        ws.write_string_with_format(r, 12, Grade::Doubtful.name(), &s.text)?;
        ws.write_string_with_format(r, 13, Grade::Doubtful.name(), &s.text)?;
        return Ok(());
    }
    ws.write_formula_with_format(
        r,
        12,
        Formula::new(grade_formula(&j, rules)).set_result(a.reported_grade.name()),
        &s.text,
    )?;
    let rescored = a.rescored().map_or(Grade::Ungraded, |_| a.rescored_grade);
    ws.write_formula_with_format(
        r,
        13,
        Formula::new(grade_formula(&k, rules)).set_result(rescored.name()),
        &s.text,
    )?;
    Ok(())
}

/// 复核结论, 最终得分 (the reviewer's 复核得分 as typed, else the re-score by formula) and
/// 最终等级. A doubtful reading the reviewer gave no score stays 待核.
fn write_final(
    ws: &mut Worksheet,
    r: u32,
    form: &FormSummary,
    rules: &Rules,
    s: &Styles,
) -> Result<(), XlsxError> {
    write_text(ws, r, CONCLUSION, form.conclusion(), &s.text)?;
    let overridden = form.review.as_ref().and_then(|d| d.score);
    let final_cell = format!("{}{}", col(FINAL), r + 1);
    match overridden {
        Some(score) => write_opt(ws, r, FINAL, Some(score), &s.score)?,
        None => {
            let k = format!("{}{}", col(RESCORED), r + 1);
            let value = form.rescored().map(result).unwrap_or_default();
            ws.write_formula_with_format(
                r,
                FINAL,
                Formula::new(format!("=IF({k}=\"\",\"\",{k})")).set_result(value),
                &s.score,
            )?;
        }
    }
    if overridden.is_none() && form.doubtful() {
        ws.write_string_with_format(r, FINAL_GRADE, Grade::Doubtful.name(), &s.text)?;
        return Ok(());
    }
    let grade = form
        .final_score()
        .map_or(Grade::Ungraded, |v| rules.grade(v));
    ws.write_formula_with_format(
        r,
        FINAL_GRADE,
        Formula::new(grade_formula(&final_cell, rules)).set_result(grade.name()),
        &s.text,
    )?;
    Ok(())
}

/// Sums for the totals row, computed the way its formulas compute them.
#[derive(Default)]
struct Totals {
    initial: Decimal,
    adjusted: Decimal,
    executed: Decimal,
    /// The budget-weighted averages of the reported and re-scored totals.
    reported: Weighted,
    rescored: Weighted,
    errors: usize,
    warnings: usize,
    projects: usize,
    duplicates: usize,
    /// Forms by the reviewer's 复核结论 (every form, as the findings).
    conclusions: crate::batch::Decisions,
}

impl Totals {
    fn add(&mut self, form: &FormSummary, errors: usize, warnings: usize) {
        // Findings are every form's; money and scores the counted forms' only.
        self.errors += errors;
        self.warnings += warnings;
        self.conclusions.add_conclusion(form.conclusion());
        if !form.counted() {
            self.duplicates += 1;
            return;
        }
        self.projects += 1;
        let budget = form.adjusted.unwrap_or_default();
        self.initial += form.initial.unwrap_or_default();
        self.adjusted += budget;
        self.executed += form.executed.unwrap_or_default();
        self.reported.add(budget, form.reported_for_averages());
        self.rescored.add(budget, form.rescored());
    }
}

/// The totals row (its sums widening their columns); the text of its count of conclusions.
fn write_totals(
    ws: &mut Worksheet,
    n: u32,
    t: &Totals,
    rules: &Rules,
    paper: &mut Paper,
    s: &Styles,
) -> Result<String, XlsxError> {
    let r = n + 1;
    let e = r + 1;
    let range = |c: u16| format!("{0}2:{0}{1}", col(c), n + 1);
    let counted = format!("{},\"{COUNTED_YES}\"", range(COUNTED));
    write_text(ws, r, 0, "合计", &s.total_label)?;
    let projects = match t.duplicates {
        0 => format!("共 {} 个项目", t.projects),
        d => format!("共 {} 个项目（另有 {d} 份重复报送未计入）", t.projects),
    };
    // Across 主管部门 to 项目名称, so the count is whole on paper.
    ws.merge_range(r, 1, r, 3, &projects, &s.total_label)?;
    ws.write_blank(r, 4, &s.total_label)?;
    for (c, sum) in [(5, t.initial), (6, t.adjusted), (7, t.executed)] {
        ws.write_formula_with_format(
            r,
            c,
            Formula::new(format!("=SUMIFS({},{counted})", range(c))).set_result(result(sum)),
            &s.total_money,
        )?;
        paper.fit_amount(c, sum);
    }
    let rate = (t.adjusted > Decimal::ZERO).then(|| t.executed / t.adjusted);
    let (g, h) = (format!("G{e}"), format!("H{e}"));
    ws.write_formula_with_format(
        r,
        8,
        Formula::new(format!("=IF({g}>0,{h}/{g},\"\")"))
            .set_result(rate.map(result).unwrap_or_default()),
        &s.total_rate,
    )?;
    // Budget-weighted average scores: Σ(全年预算数 × 总分) ÷ Σ全年预算数 over the forms that
    // have a score and whose reading is not doubtful (复核等级 待核).
    let doubtful = Grade::Doubtful.name();
    let weighted = |c: u16, average: Weighted| {
        let formula = format!(
            "=IF(SUMIFS({g},{s},\"<>\",{counted},{m},\"<>{doubtful}\")>0,SUMPRODUCT({g},{s},--({k}=\"{COUNTED_YES}\"),--({m}<>\"{doubtful}\"))/SUMIFS({g},{s},\"<>\",{counted},{m},\"<>{doubtful}\"),\"\")",
            g = range(ADJUSTED),
            s = range(c),
            k = range(COUNTED),
            m = range(13),
        );
        (formula, average.average())
    };
    let (reported_formula, reported) = weighted(REPORTED, t.reported);
    let (rescored_formula, rescored) = weighted(RESCORED, t.rescored);
    for (c, formula, value) in [
        (REPORTED, reported_formula, reported),
        (RESCORED, rescored_formula, rescored),
    ] {
        ws.write_formula_with_format(
            r,
            c,
            Formula::new(formula).set_result(value.map(result).unwrap_or_default()),
            &s.total_score,
        )?;
    }
    let (j, k) = (format!("J{e}"), format!("K{e}"));
    let diff = reported
        .zip(rescored)
        .map(|(a, b)| result(b - a))
        .unwrap_or_default();
    ws.write_formula_with_format(
        r,
        11,
        Formula::new(format!("=IF(OR({j}=\"\",{k}=\"\"),\"\",{k}-{j})")).set_result(diff),
        &s.total_score,
    )?;
    let grade = |v: Option<Decimal>| v.map_or("", |v| rules.grade(v).name());
    ws.write_formula_with_format(
        r,
        12,
        Formula::new(grade_formula(&j, rules)).set_result(grade(reported)),
        &s.total_label,
    )?;
    ws.write_formula_with_format(
        r,
        13,
        Formula::new(grade_formula(&k, rules)).set_result(grade(rescored)),
        &s.total_label,
    )?;
    for (c, count) in [(14, t.errors), (15, t.warnings)] {
        ws.write_formula_with_format(
            r,
            c,
            Formula::new(format!("=SUM({})", range(c))).set_result(count.to_string()),
            &s.total_integer,
        )?;
    }
    for c in [LAYOUT, SOURCE, COUNTED, FINAL, FINAL_GRADE] {
        ws.write_blank(r, c, &s.total_label)?;
    }
    // How many forms the reviewer passed, returned, and left to review.
    let conclusions = range(CONCLUSION);
    let parts: Vec<String> = crate::review::CONCLUSIONS
        .iter()
        .map(|c| format!("\"{c} \"&COUNTIF({conclusions},\"{c}\")"))
        .collect();
    let value = crate::review::CONCLUSIONS
        .iter()
        .zip([
            t.conclusions.passed,
            t.conclusions.returned,
            t.conclusions.pending,
        ])
        .map(|(c, n)| format!("{c} {n}"))
        .collect::<Vec<_>>()
        .join("，");
    let wrap = s.total_label.clone().set_text_wrap();
    ws.write_formula_with_format(
        r,
        CONCLUSION,
        Formula::new(format!("={}", parts.join("&\"，\"&"))).set_result(&value),
        &wrap,
    )?;
    Ok(value)
}

/// Grade colours, a difference of a point or more, and rows with errors.
fn conditional_formats(ws: &mut Worksheet, n: u32) -> Result<(), XlsxError> {
    let last = n;
    for (grade, color) in Grade::GRADED
        .into_iter()
        .zip([0xC6EFCE, 0xDDEBF7, 0xFFEB9C, 0xFFC7CE])
    {
        let cf = ConditionalFormatFormula::new()
            .set_rule(Formula::new(format!("=M2=\"{grade}\"")))
            .set_format(Format::new().set_background_color(Color::RGB(color)));
        ws.add_conditional_format(1, 12, last, 13, &cf)?;
    }
    let diff = ConditionalFormatFormula::new()
        .set_rule("=AND(ISNUMBER($L2),ABS($L2)>=1)")
        .set_format(
            Format::new()
                .set_background_color(Color::RGB(0xF8CBAD))
                .set_bold(),
        );
    ws.add_conditional_format(1, 11, last, 11, &diff)?;
    let errors = ConditionalFormatFormula::new()
        .set_rule("=$O2>0")
        .set_format(
            Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
        );
    ws.add_conditional_format(1, 0, last, 3, &errors)?;
    ws.add_conditional_format(1, 14, last, 14, &errors)?;
    let duplicate = ConditionalFormatFormula::new()
        .set_rule(Formula::new(format!(
            "=${}2<>\"{COUNTED_YES}\"",
            col(COUNTED)
        )))
        .set_format(
            Format::new()
                .set_font_color(Color::RGB(0x808080))
                .set_italic(),
        );
    ws.add_conditional_format(1, 0, last, COLUMNS.len() as u16 - 1, &duplicate)?;
    Ok(())
}
