//! 按主管部门汇总 and 按实施单位汇总: per department and per unit — projects, budgets, execution
//! rate, average and budget-weighted scores, grade counts — as formulas over 汇总; and
//! 等级分布: the grade distribution with a column chart of it and a bar chart of the average
//! score per department. Each table on its own sheet, so each prints under its own header.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartAxisCrossing, ChartType, Formula, Worksheet, XlsxError};

use super::paper::{Column, Paper};
use super::yoy::{self, PriorOrder};
use super::{Context, Styles, col, result, summary, write_text};
use crate::batch::{FormSummary, GradeCounts};
use crate::check::Grade;
use crate::compare::Comparison;

pub const SHEET: &str = "按主管部门汇总";
pub const UNIT_SHEET: &str = "按实施单位汇总";
pub const GRADE_SHEET: &str = "等级分布";

/// Figures of one group, computed as the sheet's formulas compute them.
#[derive(Default)]
struct Group {
    projects: usize,
    initial: Decimal,
    adjusted: Decimal,
    executed: Decimal,
    reported_sum: Decimal,
    reported_count: usize,
    rescored_sum: Decimal,
    rescored_count: usize,
    weighted: Decimal,
    /// 全年预算数 of the forms with a re-scored total.
    scored_budget: Decimal,
    grades: GradeCounts,
}

impl Group {
    fn add(&mut self, a: &FormSummary) {
        let budget = a.adjusted.unwrap_or_default();
        self.projects += 1;
        self.initial += a.initial.unwrap_or_default();
        self.adjusted += budget;
        self.executed += a.executed.unwrap_or_default();
        if let Some(r) = a.reported_for_averages() {
            self.reported_sum += r;
            self.reported_count += 1;
        }
        if let Some(rescored) = a.rescored() {
            self.rescored_sum += rescored;
            self.rescored_count += 1;
            self.weighted = self
                .weighted
                .saturating_add(budget.saturating_mul(rescored));
            self.scored_budget += budget;
        }
        self.grades.add(a.rescored_grade);
    }
}

/// Ranges of 汇总's columns, absolute, for formulas here.
struct Refs {
    n: u32,
}

impl Refs {
    /// The criterion that keeps a formula to the counted forms (no duplicates).
    fn counted(&self) -> (String, String) {
        (
            self.col(summary::COUNTED),
            format!("\"{}\"", summary::COUNTED_YES),
        )
    }

    fn col(&self, c: u16) -> String {
        format!(
            "'{}'!${}$2:${}${}",
            super::summary::SHEET,
            col(c),
            col(c),
            self.n + 1
        )
    }
}

/// Groups by key, in the order their keys first come.
struct Listed<K> {
    groups: Vec<(K, Group)>,
    at: std::collections::HashMap<K, usize>,
}

impl<K> Default for Listed<K> {
    fn default() -> Self {
        Listed {
            groups: Vec::new(),
            at: std::collections::HashMap::new(),
        }
    }
}

impl<K: Copy + Eq + std::hash::Hash> Listed<K> {
    fn entry(&mut self, key: K) -> &mut Group {
        let i = *self.at.entry(key).or_insert_with(|| {
            self.groups.push((key, Group::default()));
            self.groups.len() - 1
        });
        &mut self.groups[i].1
    }
}

/// The departments and units of the batch with their figures, in the forms' order (pinyin),
/// each where it first comes; only the counted forms add to them.
pub struct Groups<'a> {
    departments: Listed<&'a str>,
    units: Listed<(&'a str, &'a str)>,
    all: Group,
    /// Forms on 汇总.
    n: u32,
    /// With `--previous`: the comparison and the order 上年汇总 lists last year's forms in.
    pub previous: Option<(&'a Comparison, PriorOrder)>,
}

impl<'a> Groups<'a> {
    pub fn of(ctx: &'a Context) -> Self {
        let mut groups = Groups {
            departments: Listed::default(),
            units: Listed::default(),
            all: Group::default(),
            n: ctx.order.len() as u32,
            previous: ctx.comparison.map(|c| (c, PriorOrder::of(c))),
        };
        for form in ctx.rows() {
            let department = groups.departments.entry(&form.department);
            let unit = groups.units.entry((&form.department, &form.unit));
            if form.counted() {
                department.add(form);
                unit.add(form);
                groups.all.add(form);
            }
        }
        groups
    }
}

/// The figures' columns after a table's key columns, with their widths.
const FIGURES: [Column; 12] = [
    ("项目数", 6.0),
    ("年初预算数", 13.0),
    ("全年预算数", 13.0),
    ("全年执行数", 13.0),
    ("执行率", 7.5),
    ("自评平均分", 7.0),
    ("复核平均分", 7.0),
    ("复核加权平均分", 8.0),
    ("优", 4.5),
    ("良", 4.5),
    ("中", 4.5),
    ("差", 4.5),
];

/// Where a table's rows start: its title is row 0, its header row 1 (both repeated on every
/// printed page).
const FIRST_ROW: u32 = 2;

/// `keys` then [`FIGURES`].
fn table_columns(keys: &[Column]) -> Vec<Column> {
    keys.iter().chain(FIGURES.iter()).copied().collect()
}

/// The columns of 按主管部门汇总, with `--previous` last year's beside this year's.
pub(super) fn department_columns(compared: bool) -> Vec<Column> {
    let mut columns = table_columns(&[("主管部门", 18.0)]);
    if compared {
        columns.extend(YOY_FIGURES);
    }
    columns
}

/// Last year's figures of a department (`--previous`), after this year's.
const YOY_FIGURES: [Column; 5] = [
    ("上年项目数", 6.0),
    ("上年全年预算数", 13.0),
    ("预算增减", 7.5),
    ("上年复核平均分", 7.0),
    ("复核平均分增减", 7.0),
];

/// The columns of 按实施单位汇总.
pub(super) fn unit_columns() -> Vec<Column> {
    table_columns(&[("主管部门", 16.0), ("实施单位", 16.0)])
}

/// 按主管部门汇总: a row per department.
pub fn write_departments(ws: &mut Worksheet, g: &Groups, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let refs = Refs { n: g.n };
    let columns = department_columns(g.previous.is_some());
    let mut paper = Paper::new(&columns);
    write_text(ws, 0, 0, SHEET, &s.title)?;
    paper.header_row(ws, 1, &Paper::headers(&columns), s)?;
    for (i, (department, group)) in g.departments.groups.iter().enumerate() {
        let r = FIRST_ROW + i as u32;
        write_text(ws, r, 0, department, &s.wrap)?;
        paper.fit_row(ws, r, [(0, *department)])?;
        let criteria = vec![(refs.col(1), format!("$A{}", r + 1)), refs.counted()];
        write_group(ws, r, 1, group, (&criteria, &refs), &mut paper, s)?;
        if let Some((c, _)) = &g.previous {
            write_last_year(ws, r, department, group, c, &mut paper, s)?;
        }
    }
    let last = FIRST_ROW + g.departments.groups.len() as u32;
    paper.apply(ws, FIRST_ROW, last.saturating_sub(1))
}

/// Last year's figures of `department` at row `r`, after this year's: formulas over
/// 上年汇总 with their values, last year's 全年预算数 widening its column.
fn write_last_year(
    ws: &mut Worksheet,
    r: u32,
    department: &str,
    now: &Group,
    c: &Comparison,
    paper: &mut Paper,
    s: &Styles,
) -> Result<(), XlsxError> {
    let forms: Vec<_> = c
        .prior
        .forms
        .iter()
        .filter(|p| p.department == department)
        .collect();
    let n = c.prior.forms.len();
    let column = |k: u16| yoy::range(yoy::PREVIOUS_SHEET, k, n);
    let by = format!("{},$A{}", column(yoy::PREVIOUS_DEPARTMENT), r + 1);
    let budget: Decimal = forms.iter().filter_map(|p| p.adjusted).sum();
    let scored: Vec<Decimal> = forms.iter().filter_map(|p| p.rescored_total).collect();
    let average = (!scored.is_empty())
        .then(|| scored.iter().sum::<Decimal>() / Decimal::from(scored.len() as u64));
    let e = r + 1;
    let formula = |f: String, v: String| Formula::new(f).set_result(v);
    ws.write_formula_with_format(
        r,
        13,
        formula(format!("=COUNTIFS({by})"), forms.len().to_string()),
        &s.integer,
    )?;
    ws.write_formula_with_format(
        r,
        14,
        formula(
            format!("=SUMIFS({},{by})", column(yoy::PREVIOUS_ADJUSTED)),
            result(budget),
        ),
        &s.money,
    )?;
    paper.fit_amount(14, budget);
    let change = (budget > Decimal::ZERO).then(|| now.adjusted / budget - Decimal::ONE);
    ws.write_formula_with_format(
        r,
        15,
        formula(
            format!("=IF(N(O{e})>0,D{e}/O{e}-1,\"\")"),
            change.map(result).unwrap_or_default(),
        ),
        &s.rate,
    )?;
    ws.write_formula_with_format(
        r,
        16,
        formula(
            format!(
                "=IFERROR(AVERAGEIFS({},{by}),\"\")",
                column(yoy::PREVIOUS_RESCORED)
            ),
            average.map(result).unwrap_or_default(),
        ),
        &s.score,
    )?;
    let this_average = (now.rescored_count > 0)
        .then(|| now.rescored_sum / Decimal::from(now.rescored_count as u64));
    let score_change = this_average.zip(average).map(|(a, b)| a - b);
    ws.write_formula_with_format(
        r,
        17,
        formula(
            format!("=IF(OR(H{e}=\"\",Q{e}=\"\"),\"\",H{e}-Q{e})"),
            score_change.map(result).unwrap_or_default(),
        ),
        &s.score,
    )?;
    Ok(())
}

/// 按实施单位汇总: a row per unit, under its department.
pub fn write_units(ws: &mut Worksheet, g: &Groups, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(UNIT_SHEET)?;
    let refs = Refs { n: g.n };
    let columns = unit_columns();
    let mut paper = Paper::new(&columns);
    write_text(ws, 0, 0, UNIT_SHEET, &s.title)?;
    paper.header_row(ws, 1, &Paper::headers(&columns), s)?;
    for (i, ((department, unit), group)) in g.units.groups.iter().enumerate() {
        let r = FIRST_ROW + i as u32;
        write_text(ws, r, 0, department, &s.wrap)?;
        write_text(ws, r, 1, unit, &s.wrap)?;
        paper.fit_row(ws, r, [(0, *department), (1, *unit)])?;
        let criteria = vec![
            (refs.col(1), format!("$A{}", r + 1)),
            (refs.col(2), format!("$B{}", r + 1)),
            refs.counted(),
        ];
        write_group(ws, r, 2, group, (&criteria, &refs), &mut paper, s)?;
    }
    let last = FIRST_ROW + g.units.groups.len() as u32;
    paper.apply(ws, FIRST_ROW, last.saturating_sub(1))
}

/// 等级分布: the re-scored grade distribution of the counted forms, a column chart of it,
/// and a bar chart of the departments' average scores on 按主管部门汇总. The sheet prints on
/// one page.
pub fn write_grades(ws: &mut Worksheet, g: &Groups, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(GRADE_SHEET)?;
    let refs = Refs { n: g.n };
    const COLUMNS: [Column; 2] = [("等级", 10.0), ("项目数", 10.0)];
    let paper = Paper::new(&COLUMNS);
    write_text(ws, 0, 0, "复核等级分布", &s.title)?;
    paper.header_row(ws, 1, &Paper::headers(&COLUMNS), s)?;
    for (i, grade) in Grade::GRADED.into_iter().enumerate() {
        let r = FIRST_ROW + i as u32;
        write_text(ws, r, 0, grade.name(), &s.text)?;
        let (counted, yes) = refs.counted();
        let formula = format!("=COUNTIFS({},\"{grade}\",{counted},{yes})", refs.col(13));
        ws.write_formula_with_format(
            r,
            1,
            Formula::new(formula).set_result(g.all.grades.get(grade).to_string()),
            &s.integer,
        )?;
    }
    let last = FIRST_ROW + Grade::GRADED.len() as u32 - 1;
    if let Some((c, _)) = &g.previous {
        write_text(ws, 1, 2, "上年项目数", &s.header)?;
        let grades = yoy::range(
            yoy::PREVIOUS_SHEET,
            yoy::PREVIOUS_GRADE,
            c.prior.forms.len(),
        );
        for (i, grade) in Grade::GRADED.into_iter().enumerate() {
            let n = c
                .prior
                .forms
                .iter()
                .filter(|p| p.rescored_grade == grade)
                .count();
            ws.write_formula_with_format(
                FIRST_ROW + i as u32,
                2,
                Formula::new(format!("=COUNTIFS({grades},\"{grade}\")")).set_result(n.to_string()),
                &s.integer,
            )?;
        }
        ws.set_column_width(2, 10)?;
    }
    let departments = g.departments.groups.len() as u32;
    if g.n > 0 {
        let mut grades = Chart::new(ChartType::Column);
        grades
            .add_series()
            .set_categories((GRADE_SHEET, FIRST_ROW, 0, last, 0))
            .set_values((GRADE_SHEET, FIRST_ROW, 1, last, 1))
            .set_name("本年");
        if g.previous.is_some() {
            // Last year's bars beside this year's.
            grades
                .add_series()
                .set_categories((GRADE_SHEET, FIRST_ROW, 0, last, 0))
                .set_values((GRADE_SHEET, FIRST_ROW, 2, last, 2))
                .set_name("上年");
            grades.title().set_name("复核等级分布（本年与上年）");
        } else {
            grades.title().set_name("复核等级分布");
            grades.legend().set_hidden();
        }
        grades.set_width(480).set_height(300);
        ws.insert_chart(last + 2, 0, &grades)?;

        let mut scores = Chart::new(ChartType::Bar);
        scores
            .add_series()
            .set_categories((SHEET, FIRST_ROW, 0, FIRST_ROW + departments - 1, 0))
            .set_values((SHEET, FIRST_ROW, 7, FIRST_ROW + departments - 1, 7))
            .set_name("复核平均分");
        scores.title().set_name("各主管部门复核平均分");
        scores.legend().set_hidden();
        // Departments top to bottom in the table's order, the scale at the foot.
        scores
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
        // A bar of about 22 px a department, so the names stay legible.
        scores
            .set_width(560)
            .set_height((120 + 22 * departments).min(4_000));
        // Beside the first chart, 20 px apart.
        ws.insert_chart_with_offset(last + 2, 0, &scores, 500, 0)?;
    }
    paper.apply(ws, FIRST_ROW, last)?;
    // Table and charts together on one page.
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// One group's row from column `c0`: formulas over 汇总 with their computed values, the
/// sums widening their columns.
fn write_group(
    ws: &mut Worksheet,
    r: u32,
    c0: u16,
    g: &Group,
    (criteria, refs): (&[(String, String)], &Refs),
    paper: &mut Paper,
    s: &Styles,
) -> Result<(), XlsxError> {
    let e = r + 1;
    let when: String = criteria
        .iter()
        .map(|(range, cell)| format!(",{range},{cell}"))
        .collect();
    let formula = |f: String, v: String| Formula::new(f).set_result(v);
    ws.write_formula_with_format(
        r,
        c0,
        formula(format!("=COUNTIFS({})", &when[1..]), g.projects.to_string()),
        &s.integer,
    )?;
    for (i, (c, sum)) in [(5, g.initial), (6, g.adjusted), (7, g.executed)]
        .into_iter()
        .enumerate()
    {
        let f = format!("=SUMIFS({}{when})", refs.col(c));
        ws.write_formula_with_format(r, c0 + 1 + i as u16, formula(f, result(sum)), &s.money)?;
        paper.fit_amount(c0 + 1 + i as u16, sum);
    }
    let (adjusted, executed) = (col(c0 + 2), col(c0 + 3));
    let rate = (g.adjusted > Decimal::ZERO).then(|| g.executed / g.adjusted);
    ws.write_formula_with_format(
        r,
        c0 + 4,
        formula(
            format!("=IF({adjusted}{e}>0,{executed}{e}/{adjusted}{e},\"\")"),
            rate.map(result).unwrap_or_default(),
        ),
        &s.rate,
    )?;
    let average =
        |sum: Decimal, count: usize| (count > 0).then(|| sum / Decimal::from(count as u64));
    let reported = average(g.reported_sum, g.reported_count);
    ws.write_formula_with_format(
        r,
        c0 + 5,
        formula(
            format!(
                "=IFERROR(AVERAGEIFS({}{when},{},\"<>{}\"),\"\")",
                refs.col(9),
                refs.col(13),
                crate::check::Grade::Doubtful.name()
            ),
            reported.map(result).unwrap_or_default(),
        ),
        &s.score,
    )?;
    let rescored = average(g.rescored_sum, g.rescored_count);
    ws.write_formula_with_format(
        r,
        c0 + 6,
        formula(
            format!("=IFERROR(AVERAGEIFS({}{when}),\"\")", refs.col(10)),
            rescored.map(result).unwrap_or_default(),
        ),
        &s.score,
    )?;
    let matches: String = criteria
        .iter()
        .map(|(range, cell)| format!("({range}={cell})*"))
        .collect();
    // Over the forms that have a re-scored total (an unscored form has its money counted,
    // not its score).
    let weighted = (g.scored_budget > Decimal::ZERO).then(|| g.weighted / g.scored_budget);
    let scored_budget = format!("SUMIFS({}{when},{},\"<>\")", refs.col(6), refs.col(10));
    ws.write_formula_with_format(
        r,
        c0 + 7,
        formula(
            format!(
                "=IF({scored_budget}>0,SUMPRODUCT({matches}{}*{})/{scored_budget},\"\")",
                refs.col(6),
                refs.col(10)
            ),
            weighted.map(result).unwrap_or_default(),
        ),
        &s.score,
    )?;
    for (i, grade) in Grade::GRADED.into_iter().enumerate() {
        let f = format!("=COUNTIFS({},{},\"{grade}\")", &when[1..], refs.col(13));
        ws.write_formula_with_format(
            r,
            c0 + 8 + i as u16,
            formula(f, g.grades.get(grade).to_string()),
            &s.integer,
        )?;
    }
    Ok(())
}
