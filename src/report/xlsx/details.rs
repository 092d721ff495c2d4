//! 指标明细: one row per indicator, reported and re-scored side by side.

use std::borrow::Cow;

use rayon::prelude::*;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::paper::{Column, Paper};
use super::{Context, Styles, counted_text, num};
use crate::check::Assessment;
use crate::check::indicator::{IndicatorAssessment, Kind};
use crate::model::{Form, Indicator};

pub const SHEET: &str = "指标明细";

/// 计入合计: as on 汇总, so a filter on `是` gives each project's indicators once; the last
/// column that prints.
const COUNTED: u16 = 13;
/// Headed columns of the source the vocabulary does not know (`header：value`), so no
/// printed value is lost.
const EXTRA: u16 = 14;
const LAYOUT: u16 = 15;
const SOURCE: u16 = 16;

/// The columns; those up to 计入合计 print (see [`super::paper`]), the rest are for the screen.
pub(super) const COLUMNS: [Column; 17] = [
    ("项目名称", 14.0),
    ("实施单位", 12.0),
    ("一级指标", 8.0),
    ("二级指标", 9.0),
    ("三级指标", 15.0),
    ("年度指标值", 11.0),
    ("实际完成值", 11.0),
    ("分值", 5.5),
    ("自评得分", 5.5),
    ("复核得分", 5.5),
    ("类型", 5.0),
    ("偏差原因分析及改进措施", 30.0),
    ("复核说明", 30.0),
    ("计入合计", 9.0),
    ("其他栏目", 40.0),
    ("版式", 26.0),
    ("来源", 60.0),
];
pub(super) const PRINTED: usize = COUNTED as usize + 1;

/// Rows a worksheet holds below its header: Excel's 1,048,576 less the header and the row
/// that closes a streamed sheet ([`Paper::end_streamed`]). A batch with more indicators
/// (~90,000 forms) continues on 指标明细（2）, （3）, ….
pub const ROWS_PER_SHEET: u32 = super::paper::LAST_ROW - 1;

/// How many sheets 指标明细 takes, at `rows_per_sheet` indicator rows a sheet.
pub fn sheets_needed(ctx: &Context, rows_per_sheet: u32) -> usize {
    let rows: u64 = ctx.rows().map(|f| f.indicators as u64).sum();
    rows.div_ceil(u64::from(rows_per_sheet.max(1))).max(1) as usize
}

/// Sheet `k` (0-based) of 指标明细.
pub fn sheet_name(k: usize) -> String {
    match k {
        0 => SHEET.to_owned(),
        k => format!("{SHEET}（{}）", k + 1),
    }
}

/// Fills `sheets` (as many as [`sheets_needed`] says) with a row per indicator.
pub fn write(
    sheets: &mut [Worksheet],
    ctx: &Context,
    s: &Styles,
    rows_per_sheet: u32,
) -> Result<(), XlsxError> {
    let paper = Paper::printing(&COLUMNS, PRINTED);
    for (k, ws) in sheets.iter_mut().enumerate() {
        ws.set_name(sheet_name(k))?;
        paper.header_row(ws, 0, &Paper::headers(&COLUMNS), s)?;
    }
    // The sheet being filled and its last row written.
    let (mut k, mut r) = (0usize, 0u32);
    let mut last_rows = vec![0u32; sheets.len()];
    // Forms are loaded a slice at a time in parallel, the next slice while this one's rows
    // are written (in order: the sheet streams to disk row by row).
    let summary_rows = ctx.summary_row_of();
    let load = |slice: &[usize]| -> Result<Vec<(String, Cow<'_, Form>, Assessment)>, XlsxError> {
        slice
            .par_iter()
            .map(|&i| {
                let (form, a) = ctx.load(i)?;
                Ok((
                    counted_text(&ctx.batch.summaries[i], &summary_rows),
                    form,
                    a,
                ))
            })
            .collect::<std::io::Result<_>>()
            .map_err(XlsxError::IoError)
    };
    let slices: Vec<&[usize]> = ctx.order.chunks(128).collect();
    let mut loaded = match slices.first() {
        Some(first) => load(first)?,
        None => Vec::new(),
    };
    for n in 0..slices.len() {
        let (written, next) = rayon::join(
            || -> Result<(), XlsxError> {
                for (counted, form, a) in &loaded {
                    for (ind, ia) in form.indicators.iter().zip(&a.indicators) {
                        if r == rows_per_sheet && k + 1 < sheets.len() {
                            (k, r) = (k + 1, 0);
                        }
                        r += 1;
                        last_rows[k] = r;
                        let ws = &mut sheets[k];
                        let layout = ctx.settings.vocab.layout_title(&form.layout);
                        write_row(ws, r, &paper, (form, layout, counted), ind, ia, s)?;
                    }
                }
                Ok(())
            },
            || slices.get(n + 1).map(|slice| load(slice)).transpose(),
        );
        written?;
        loaded = next?.unwrap_or_default();
    }
    for (ws, &last) in sheets.iter_mut().zip(&last_rows) {
        if last > 0 {
            ws.autofilter(0, 0, last, COLUMNS.len() as u16 - 1)?;
        }
        ws.set_freeze_panes(1, 0)?;
        paper.apply(ws, 1, last)?;
        paper.end_streamed(ws, last)?;
    }
    Ok(())
}

/// Each column's format: wrapped text, a score, or plain text.
#[derive(Clone, Copy, PartialEq)]
enum Look {
    Wrap,
    Score,
    Text,
}

/// The formats of [`COLUMNS`], in order.
const LOOKS: [Look; 17] = {
    use Look::*;
    [
        Wrap, Wrap, Wrap, Wrap, Wrap, Wrap, Wrap, Score, Score, Score, Text, Wrap, Wrap, Wrap,
        Text, Text, Text,
    ]
};

/// Indicator `ind` of `form` at row `r`, with the form's layout title and 计入合计 text.
///
/// The values are written bare and then formatted a run of columns at a time
/// (`set_range_format`): rust_xlsxwriter finds a format's number by hashing and comparing
/// the whole `Format`, which cell by cell was a tenth of a run's processor time. The
/// workbook is the same, byte for byte.
fn write_row(
    ws: &mut Worksheet,
    r: u32,
    paper: &Paper,
    (form, layout, counted): (&Form, &str, &str),
    ind: &Indicator,
    ia: &IndicatorAssessment,
    s: &Styles,
) -> Result<(), XlsxError> {
    let texts = [
        &form.project_name.value,
        &form.implementing_unit.value,
        &ind.level1.value,
        &ind.level2.value,
        &ind.level3.value,
        &ind.target.value,
        &ind.actual.value,
    ];
    for (c, text) in texts.into_iter().enumerate() {
        write_bare_text(ws, r, c as u16, text)?;
    }
    for (c, v) in [
        (7, ind.weight.value),
        (8, ind.score.value),
        (9, ia.rescored.or(ind.score.value)),
    ] {
        if let Some(v) = v {
            ws.write_number(r, c, num(v))?;
        }
    }
    let kind = match ia.kind {
        Kind::Quantitative => "定量",
        Kind::Qualitative => "定性",
    };
    write_bare_text(ws, r, 10, kind)?;
    write_bare_text(ws, r, 11, &ind.remark.value)?;
    write_bare_text(ws, r, 12, &ia.reason)?;
    write_bare_text(ws, r, COUNTED, counted)?;
    let cell = ind
        .score
        .at
        .or(ind.level3.at)
        .map(|p| p.label(form.source.kind))
        .unwrap_or_default();
    let source = match &form.source.sheet {
        Some(sheet) => format!("{} · {sheet}!{cell}", form.source.file),
        None => format!("{} · {cell}", form.source.file),
    };
    let extra: Vec<String> = ind
        .extra
        .iter()
        .map(|e| format!("{}：{}", e.header, e.value.value))
        .collect();
    let extra = extra.join("；");
    write_bare_text(ws, r, EXTRA, &extra)?;
    write_bare_text(ws, r, LAYOUT, layout)?;
    write_bare_text(ws, r, SOURCE, &source)?;
    // Every cell of the row gets its column's format; an empty one becomes a formatted
    // blank, as `write_blank` makes it.
    let mut first = 0u16;
    for run in LOOKS.chunk_by(|a, b| a == b) {
        let last = first + run.len() as u16 - 1;
        let format = match run[0] {
            Look::Wrap => &s.wrap,
            Look::Score => &s.score,
            Look::Text => &s.text,
        };
        ws.set_range_format(r, first, r, last, format)?;
        first = last + 1;
    }
    let wrapped = texts
        .into_iter()
        .enumerate()
        .map(|(c, t)| (c as u16, t.as_str()))
        .chain([
            (11, ind.remark.value.as_str()),
            (12, &ia.reason),
            (COUNTED, counted),
        ]);
    paper.fit_row(ws, r, wrapped)
}

/// `text` through [`super::cell_text`], without a format (see [`write_row`]); an empty
/// text writes nothing.
fn write_bare_text(ws: &mut Worksheet, r: u32, c: u16, text: &str) -> Result<(), XlsxError> {
    ws.write_string(r, c, super::cell_text(text))?;
    Ok(())
}
