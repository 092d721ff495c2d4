//! With `--previous`: 同比 (one row per project of both years, then this year's new ones and
//! last year's that ended, each linked to its rows) and 上年汇总 (last year's forms, one row
//! each). The figures of 同比 are formulas over 汇总 and 上年汇总, with their values cached.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Formula, Url, Worksheet, XlsxError};

use super::paper::{Column, Paper};
use super::{Context, Styles, col, result, summary, write_opt, write_text};
use crate::compare::{Comparison, PriorForm};
use crate::normalize::pinyin_key;

pub const PAIRS_SHEET: &str = "同比";
pub const PREVIOUS_SHEET: &str = "上年汇总";

/// 上年汇总's columns; all but 来源 print.
pub(super) const PREVIOUS: [Column; 13] = [
    ("序号", 4.5),
    ("主管部门", 13.0),
    ("实施单位", 13.0),
    ("项目名称", 18.0),
    ("年度", 5.5),
    ("全年预算数", 13.0),
    ("全年执行数", 13.0),
    ("执行率", 7.5),
    ("自评总分", 6.5),
    ("复核总分", 6.5),
    ("复核等级", 5.5),
    ("本年情况", 18.0),
    ("来源", 60.0),
];
pub(super) const PREVIOUS_PRINTED: usize = 12;
// 上年汇总's columns that formulas elsewhere refer to.
pub(super) const PREVIOUS_DEPARTMENT: u16 = 1;
pub(super) const PREVIOUS_ADJUSTED: u16 = 5;
const PREVIOUS_EXECUTED: u16 = 6;
const PREVIOUS_RATE: u16 = 7;
const PREVIOUS_REPORTED: u16 = 8;
pub(super) const PREVIOUS_RESCORED: u16 = 9;
pub(super) const PREVIOUS_GRADE: u16 = 10;

/// 同比's columns; the two links are for the screen.
pub(super) const PAIRS: [Column; 20] = [
    ("序号", 4.5),
    ("主管部门", 12.0),
    ("实施单位", 12.0),
    ("项目名称", 16.0),
    ("上年项目名称", 14.0),
    ("对应方式", 10.0),
    ("上年全年预算数", 13.0),
    ("本年全年预算数", 13.0),
    ("预算增减", 7.5),
    ("上年执行率", 7.5),
    ("本年执行率", 7.5),
    ("上年自评总分", 6.5),
    ("本年自评总分", 6.5),
    ("上年复核总分", 6.5),
    ("本年复核总分", 6.5),
    ("复核总分增减", 6.5),
    ("上年复核等级", 5.5),
    ("本年复核等级", 5.5),
    ("本年（汇总）", 12.0),
    ("上年（上年汇总）", 14.0),
];
pub(super) const PAIRS_PRINTED: usize = 18;

/// Last year's forms in the order 上年汇总 lists them (pinyin, as 汇总), and each form's row
/// there (1-based, the header being row 1).
pub(super) struct PriorOrder {
    pub order: Vec<usize>,
    pub row_of: Vec<u32>,
}

impl PriorOrder {
    pub fn of(c: &Comparison) -> Self {
        let forms = &c.prior.forms;
        let mut order: Vec<usize> = (0..forms.len()).collect();
        order.sort_by_cached_key(|&j| {
            let p = &forms[j];
            (
                pinyin_key(&p.department),
                pinyin_key(&p.unit),
                pinyin_key(&p.project),
                p.source.clone(),
            )
        });
        let mut row_of = vec![0; forms.len()];
        for (k, &j) in order.iter().enumerate() {
            row_of[j] = k as u32 + 2;
        }
        PriorOrder { order, row_of }
    }
}

/// A sheet's column as an absolute range over `rows` data rows: `'上年汇总'!$F$2:$F$30`.
pub(super) fn range(sheet: &str, c: u16, rows: usize) -> String {
    format!("'{sheet}'!${0}$2:${0}${1}", col(c), rows + 1)
}

/// 上年汇总: last year's forms.
pub fn write_previous(
    ws: &mut Worksheet,
    c: &Comparison,
    prior: &PriorOrder,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(PREVIOUS_SHEET)?;
    let mut paper = Paper::printing(&PREVIOUS, PREVIOUS_PRINTED);
    paper.header_row(ws, 0, &Paper::headers(&PREVIOUS), s)?;
    let mut paired = vec![false; c.prior.forms.len()];
    for p in &c.pairs {
        paired[p.previous] = true;
    }
    for (k, &j) in prior.order.iter().enumerate() {
        let r = k as u32 + 1;
        let p = &c.prior.forms[j];
        ws.write_number_with_format(r, 0, r, &s.integer)?;
        for (c, text) in [(1, &p.department), (2, &p.unit), (3, &p.project)] {
            write_text(ws, r, c, text, &s.wrap)?;
        }
        match p.year {
            Some(y) => ws.write_number_with_format(r, 4, y, &s.integer)?,
            None => ws.write_blank(r, 4, &s.integer)?,
        };
        paper.write_amount(ws, (r, PREVIOUS_ADJUSTED), p.adjusted, &s.money)?;
        paper.write_amount(ws, (r, PREVIOUS_EXECUTED), p.executed, &s.money)?;
        write_opt(ws, r, PREVIOUS_RATE, p.execution_rate, &s.rate)?;
        write_opt(ws, r, PREVIOUS_REPORTED, p.reported_total, &s.score)?;
        write_opt(ws, r, PREVIOUS_RESCORED, p.rescored_total, &s.score)?;
        let grade = if p.rescored_grade.is_graded() {
            p.rescored_grade.name()
        } else {
            ""
        };
        write_text(ws, r, PREVIOUS_GRADE, grade, &s.text)?;
        let now = if paired[j] {
            "本年继续（见“同比”）"
        } else {
            "本年无此项目"
        };
        write_text(ws, r, 11, now, &s.wrap)?;
        write_text(ws, r, 12, &p.source, &s.text)?;
        paper.fit_row(
            ws,
            r,
            [
                (1, p.department.as_str()),
                (2, &p.unit),
                (3, &p.project),
                (11, now),
            ],
        )?;
    }
    let last = c.prior.forms.len() as u32;
    if last > 0 {
        ws.autofilter(0, 0, last, PREVIOUS.len() as u16 - 1)?;
    }
    ws.set_freeze_panes(1, 0)?;
    paper.apply(ws, 1, last)
}

/// What one row of 同比 holds: this year's form (its index in the batch), last year's (in
/// the comparison's prior forms), and how they were paired.
struct PairRow<'a> {
    current: Option<usize>,
    previous: Option<usize>,
    how: &'a str,
}

/// 同比: the pairs in 汇总's order, then this year's new projects, then last year's that
/// ended.
pub fn write_pairs(
    ws: &mut Worksheet,
    ctx: &Context,
    c: &Comparison,
    prior: &PriorOrder,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(PAIRS_SHEET)?;
    let mut paper = Paper::printing(&PAIRS, PAIRS_PRINTED);
    paper.header_row(ws, 0, &Paper::headers(&PAIRS), s)?;
    let summary_rows = ctx.summary_row_of();
    let mut rows = Vec::new();
    for &i in &ctx.order {
        if let Some(p) = c.pair_of(i) {
            rows.push(PairRow {
                current: Some(i),
                previous: Some(p.previous),
                how: p.how.zh(),
            });
        }
    }
    for &i in &ctx.order {
        if c.new.binary_search(&i).is_ok() {
            rows.push(PairRow {
                current: Some(i),
                previous: None,
                how: "本年新增",
            });
        }
    }
    for &j in &prior.order {
        if c.ended.binary_search(&j).is_ok() {
            rows.push(PairRow {
                current: None,
                previous: Some(j),
                how: "上年有、本年无",
            });
        }
    }
    for (k, row) in rows.iter().enumerate() {
        let r = k as u32 + 1;
        write_pair_row(
            ws,
            ctx,
            c,
            r,
            row,
            (&summary_rows, &prior.row_of),
            &mut paper,
            s,
        )?;
    }
    let last = rows.len() as u32;
    if last > 0 {
        ws.autofilter(0, 0, last, PAIRS.len() as u16 - 1)?;
    }
    ws.set_freeze_panes(1, 0)?;
    paper.apply(ws, 1, last)
}

/// A figure of both years: last year's from 上年汇总, this year's from 汇总, as formulas with
/// their values.
#[allow(clippy::too_many_arguments)]
fn write_pair_row(
    ws: &mut Worksheet,
    ctx: &Context,
    c: &Comparison,
    r: u32,
    row: &PairRow,
    (summary_rows, prior_rows): (&[u32], &[u32]),
    paper: &mut Paper,
    s: &Styles,
) -> Result<(), XlsxError> {
    let now = row.current.map(|i| &ctx.batch.summaries[i]);
    let before: Option<&PriorForm> = row.previous.map(|j| &c.prior.forms[j]);
    ws.write_number_with_format(r, 0, r, &s.integer)?;
    let (department, unit, project) = match (now, before) {
        (Some(n), _) => (&n.department, &n.unit, &n.project),
        (None, Some(b)) => (&b.department, &b.unit, &b.project),
        (None, None) => return Ok(()),
    };
    let previous_name = before.map_or("", |b| b.project.as_str());
    for (col, text) in [
        (1, department.as_str()),
        (2, unit),
        (3, if now.is_some() { project } else { "" }),
        (4, previous_name),
        (5, row.how),
    ] {
        write_text(ws, r, col, text, &s.wrap)?;
    }
    write_both_years(
        ws,
        r,
        row,
        (now, before),
        (summary_rows, prior_rows),
        paper,
        s,
    )?;
    write_links(ws, r, row, (summary_rows, prior_rows), s)?;
    paper.fit_row(
        ws,
        r,
        [
            (1, department.as_str()),
            (2, unit),
            (3, project),
            (4, previous_name),
            (5, row.how),
        ],
    )
}

/// Row `r`'s figures of both years — last year's from 上年汇总, this year's from 汇总, as
/// formulas with their values, the budgets widening their columns — the differences, and
/// both grades.
fn write_both_years(
    ws: &mut Worksheet,
    r: u32,
    row: &PairRow,
    (now, before): (Option<&crate::batch::FormSummary>, Option<&PriorForm>),
    (summary_rows, prior_rows): (&[u32], &[u32]),
    paper: &mut Paper,
    s: &Styles,
) -> Result<(), XlsxError> {
    // This year's cell of 汇总 and last year's of 上年汇总, for this row.
    let this_cell = |column: u16| {
        row.current.map(|i| {
            format!(
                "'{}'!{}{}",
                summary::SHEET,
                col(column),
                summary_rows[i] + 1
            )
        })
    };
    let last_cell = |column: u16| {
        row.previous
            .map(|j| format!("'{PREVIOUS_SHEET}'!{}{}", col(column), prior_rows[j]))
    };
    let linked = |ws: &mut Worksheet,
                  c: u16,
                  cell: Option<String>,
                  value: Option<Decimal>,
                  format: &rust_xlsxwriter::Format|
     -> Result<(), XlsxError> {
        match cell {
            Some(cell) => ws.write_formula_with_format(
                r,
                c,
                Formula::new(format!("=IF({cell}=\"\",\"\",{cell})"))
                    .set_result(value.map(result).unwrap_or_default()),
                format,
            )?,
            None => ws.write_blank(r, c, format)?,
        };
        Ok(())
    };
    let rescored_now = now.and_then(|n| n.rescored());
    // Column, last year's cell or this year's, its value, its format.
    let figures = [
        (
            6,
            last_cell(PREVIOUS_ADJUSTED),
            before.and_then(|b| b.adjusted),
            &s.money,
        ),
        (7, this_cell(6), now.and_then(|n| n.adjusted), &s.money),
        (
            9,
            last_cell(PREVIOUS_RATE),
            before.and_then(|b| b.execution_rate),
            &s.rate,
        ),
        (
            10,
            this_cell(8),
            now.and_then(|n| n.execution_rate),
            &s.rate,
        ),
        (
            11,
            last_cell(PREVIOUS_REPORTED),
            before.and_then(|b| b.reported_total),
            &s.score,
        ),
        (
            12,
            this_cell(9),
            now.and_then(|n| n.reported_total),
            &s.score,
        ),
        (
            13,
            last_cell(PREVIOUS_RESCORED),
            before.and_then(|b| b.rescored_total),
            &s.score,
        ),
        (14, this_cell(10), rescored_now, &s.score),
    ];
    for (c, cell, value, format) in figures {
        linked(ws, c, cell, value, format)?;
        if let Some(amount) = value.filter(|_| std::ptr::eq(format, &s.money)) {
            paper.fit_amount(c, amount);
        }
    }
    write_changes(ws, r, (now, before), s)
}

/// Row `r`'s links to this year's row on 汇总 and last year's on 上年汇总.
fn write_links(
    ws: &mut Worksheet,
    r: u32,
    row: &PairRow,
    (summary_rows, prior_rows): (&[u32], &[u32]),
    s: &Styles,
) -> Result<(), XlsxError> {
    if let Some(i) = row.current {
        let at = summary_rows[i] + 1;
        ws.write_url_with_format(
            r,
            18,
            Url::new(format!("internal:'{}'!A{at}", summary::SHEET))
                .set_text(format!("汇总第{at}行")),
            &s.link,
        )?;
    }
    if let Some(j) = row.previous {
        let at = prior_rows[j];
        ws.write_url_with_format(
            r,
            19,
            Url::new(format!("internal:'{PREVIOUS_SHEET}'!A{at}"))
                .set_text(format!("上年汇总第{at}行")),
            &s.link,
        )?;
    }
    Ok(())
}

/// Row `r`'s changes — 预算增减 and 复核总分增减 as formulas over the row — and both grades.
fn write_changes(
    ws: &mut Worksheet,
    r: u32,
    (now, before): (Option<&crate::batch::FormSummary>, Option<&PriorForm>),
    s: &Styles,
) -> Result<(), XlsxError> {
    let rescored_now = now.and_then(|n| n.rescored());
    // The differences, where both years have the figure.
    let e = r + 1;
    let budget_change = match (
        now.and_then(|n| n.adjusted),
        before.and_then(|b| b.adjusted),
    ) {
        (Some(a), Some(b)) if b > Decimal::ZERO => Some(a / b - Decimal::ONE),
        _ => None,
    };
    ws.write_formula_with_format(
        r,
        8,
        Formula::new(format!("=IF(AND(N(G{e})>0,N(H{e})>0),H{e}/G{e}-1,\"\")"))
            .set_result(budget_change.map(result).unwrap_or_default()),
        &s.rate,
    )?;
    let score_change = rescored_now
        .zip(before.and_then(|b| b.rescored_total))
        .map(|(a, b)| a - b);
    ws.write_formula_with_format(
        r,
        15,
        Formula::new(format!("=IF(OR(N{e}=\"\",O{e}=\"\"),\"\",O{e}-N{e})"))
            .set_result(score_change.map(result).unwrap_or_default()),
        &s.score,
    )?;
    let last_grade = before
        .filter(|b| b.rescored_grade.is_graded())
        .map_or("", |b| b.rescored_grade.name());
    let this_grade = now
        .filter(|n| n.rescored().is_some())
        .map_or("", |n| n.rescored_grade.name());
    write_text(ws, r, 16, last_grade, &s.text)?;
    write_text(ws, r, 17, this_grade, &s.text)?;
    Ok(())
}
