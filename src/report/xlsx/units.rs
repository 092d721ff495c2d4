//! 按单位汇总: per 主管部门 and per 实施单位 — projects, budgets, execution rate, average and
//! budget-weighted scores, grade counts — as formulas over 汇总, with a column chart of the
//! grade distribution and a bar chart of the average score per department.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Chart, ChartType, Formula, Worksheet, XlsxError};

use super::{Context, Styles, Widths, col, print_setup, result, summary, write_text};
use crate::batch::{FormSummary, GradeCounts};
use crate::check::Grade;

pub const SHEET: &str = "按单位汇总";

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
        if let Some(r) = a.reported_total {
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

pub fn write(ws: &mut Worksheet, ctx: &Context, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let n = ctx.order.len() as u32;
    // In the forms' order (pinyin), each department and unit where it first comes.
    let mut by_department: Listed<&str> = Listed::default();
    let mut by_unit: Listed<(&str, &str)> = Listed::default();
    let mut all = Group::default();
    // Every department and unit is listed; only the counted forms add to them.
    for form in ctx.rows() {
        let department = by_department.entry(&form.department);
        let unit = by_unit.entry((&form.department, &form.unit));
        if form.counted() {
            department.add(form);
            unit.add(form);
            all.add(form);
        }
    }
    let refs = Refs { n };
    let mut widths = Widths::new(&[""; 15]);

    write_text(ws, 0, 0, "按主管部门汇总", &s.title)?;
    let first = 2;
    let headers = group_headers(&["主管部门"]);
    super::header_row(
        ws,
        1,
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
        s,
    )?;
    for (i, (department, g)) in by_department.groups.iter().enumerate() {
        let r = first + i as u32;
        write_text(ws, r, 0, department, &s.text)?;
        widths.fit(0, department);
        let criteria = vec![(refs.col(1), format!("$A{}", r + 1)), refs.counted()];
        write_group(ws, r, 1, g, &criteria, &refs, s)?;
    }
    let department_rows = by_department.groups.len() as u32;

    let unit_title = first + department_rows + 1;
    write_text(ws, unit_title, 0, "按实施单位汇总", &s.title)?;
    let headers = group_headers(&["主管部门", "实施单位"]);
    super::header_row(
        ws,
        unit_title + 1,
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
        s,
    )?;
    for (i, ((department, unit), g)) in by_unit.groups.iter().enumerate() {
        let r = unit_title + 2 + i as u32;
        write_text(ws, r, 0, department, &s.text)?;
        write_text(ws, r, 1, unit, &s.text)?;
        widths.fit(1, unit);
        let criteria = vec![
            (refs.col(1), format!("$A{}", r + 1)),
            (refs.col(2), format!("$B{}", r + 1)),
            refs.counted(),
        ];
        write_group(ws, r, 2, g, &criteria, &refs, s)?;
    }

    // The grade distribution over the whole batch, and the charts.
    let dist_title = unit_title + 2 + by_unit.groups.len() as u32 + 1;
    write_distribution(ws, dist_title, (first, department_rows), &all, &refs, s)?;
    for c in 2..15 {
        widths.fit(c, "000,000,000.00");
    }
    widths.apply(ws)?;
    print_setup(ws, 2)
}

/// The re-scored grade distribution of the counted forms at `dist_title`, a column chart of
/// it, and a bar chart of the departments' average scores (`departments`: their first row
/// and how many).
fn write_distribution(
    ws: &mut Worksheet,
    dist_title: u32,
    (first, department_rows): (u32, u32),
    all: &Group,
    refs: &Refs,
    s: &Styles,
) -> Result<(), XlsxError> {
    write_text(ws, dist_title, 0, "复核等级分布", &s.title)?;
    super::header_row(ws, dist_title + 1, &["等级", "项目数"], s)?;
    for (i, grade) in Grade::GRADED.into_iter().enumerate() {
        let r = dist_title + 2 + i as u32;
        write_text(ws, r, 0, grade.name(), &s.text)?;
        let (counted, yes) = refs.counted();
        let formula = format!("=COUNTIFS({},\"{grade}\",{counted},{yes})", refs.col(13));
        ws.write_formula_with_format(
            r,
            1,
            Formula::new(formula).set_result(all.grades.get(grade).to_string()),
            &s.integer,
        )?;
    }
    if refs.n > 0 {
        let mut grades = Chart::new(ChartType::Column);
        grades
            .add_series()
            .set_categories((SHEET, dist_title + 2, 0, dist_title + 5, 0))
            .set_values((SHEET, dist_title + 2, 1, dist_title + 5, 1))
            .set_name("项目数");
        grades.title().set_name("复核等级分布");
        grades.legend().set_hidden();
        ws.insert_chart(1, 15, &grades)?;

        let mut scores = Chart::new(ChartType::Bar);
        scores
            .add_series()
            .set_categories((SHEET, first, 0, first + department_rows - 1, 0))
            .set_values((SHEET, first, 7, first + department_rows - 1, 7))
            .set_name("复核平均分");
        scores.title().set_name("各主管部门复核平均分");
        scores.legend().set_hidden();
        ws.insert_chart(17, 15, &scores)?;
    }
    Ok(())
}

fn group_headers(keys: &[&str]) -> Vec<String> {
    let mut h: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    for name in [
        "项目数",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "执行率",
        "自评平均分",
        "复核平均分",
        "复核加权平均分",
    ] {
        h.push(name.to_owned());
    }
    h.extend(Grade::GRADED.iter().map(|g| g.to_string()));
    h
}

/// One group's row from column `c0`: formulas over 汇总 with their computed values.
fn write_group(
    ws: &mut Worksheet,
    r: u32,
    c0: u16,
    g: &Group,
    criteria: &[(String, String)],
    refs: &Refs,
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
            format!("=IFERROR(AVERAGEIFS({}{when}),\"\")", refs.col(9)),
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
