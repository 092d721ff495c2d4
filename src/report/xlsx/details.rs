//! 指标明细: one row per indicator, reported and re-scored side by side.

use rayon::prelude::*;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Context, Styles, Widths, counted_text, header_row, num, print_setup, write_text};
use crate::check::Assessment;
use crate::check::indicator::{IndicatorAssessment, Kind};
use crate::model::{Form, Indicator};

pub const SHEET: &str = "指标明细";

/// 计入合计: as on 汇总, so a filter on `是` gives each project's indicators once.
const COUNTED: u16 = 16;
/// Headed columns of the source the vocabulary does not know (`header：value`), so no
/// printed value is lost.
const EXTRA: u16 = 13;
const LAYOUT: u16 = 14;
const SOURCE: u16 = 15;

const HEADERS: [&str; 17] = [
    "项目名称",
    "实施单位",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "自评得分",
    "复核得分",
    "类型",
    "偏差原因分析及改进措施",
    "复核说明",
    "其他栏目",
    "版式",
    "来源",
    "计入合计",
];

/// Rows a worksheet holds below its header: Excel's 1,048,576 less one. A batch with more
/// indicators (~90,000 forms) continues on 指标明细（2）, （3）, ….
pub const ROWS_PER_SHEET: u32 = 1_048_575;

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
    for (k, ws) in sheets.iter_mut().enumerate() {
        ws.set_name(sheet_name(k))?;
        header_row(ws, 0, &HEADERS, s)?;
    }
    let mut widths = Widths::new(&HEADERS);
    // The sheet being filled and its last row written.
    let (mut k, mut r) = (0usize, 0u32);
    let mut last_rows = vec![0u32; sheets.len()];
    // Forms are loaded a slice at a time in parallel, the next slice while this one's rows
    // are written (in order: the sheet streams to disk row by row).
    let summary_rows = ctx.summary_row_of();
    let load = |slice: &[usize]| -> Result<Vec<(String, Form, Assessment)>, XlsxError> {
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
                        write_row(ws, r, &mut widths, form, ind, ia, s)?;
                        let layout = ctx.settings.vocab.layout_title(&form.layout);
                        write_text(ws, r, LAYOUT, layout, &s.text)?;
                        widths.fit(LAYOUT as usize, layout);
                        write_text(ws, r, COUNTED, counted, &s.text)?;
                        widths.fit(COUNTED as usize, counted);
                    }
                }
                Ok(())
            },
            || slices.get(n + 1).map(|slice| load(slice)).transpose(),
        );
        written?;
        loaded = next?.unwrap_or_default();
    }
    widths.fit(11, &"宽".repeat(20));
    widths.fit(12, &"宽".repeat(20));
    for (ws, &last) in sheets.iter_mut().zip(&last_rows) {
        if last > 0 {
            ws.autofilter(0, 0, last, HEADERS.len() as u16 - 1)?;
        }
        ws.set_freeze_panes(1, 0)?;
        widths.apply(ws)?;
        ws.set_column_width(11, 40)?;
        ws.set_column_width(12, 40)?;
        print_setup(ws, 1)?;
    }
    Ok(())
}

fn write_row(
    ws: &mut Worksheet,
    r: u32,
    widths: &mut Widths,
    form: &Form,
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
        write_text(ws, r, c as u16, text, &s.text)?;
        widths.fit(c, text);
    }
    for (c, v) in [
        (7, ind.weight.value),
        (8, ind.score.value),
        (9, ia.rescored.or(ind.score.value)),
    ] {
        match v {
            Some(v) => ws.write_number_with_format(r, c, num(v), &s.score)?,
            None => ws.write_blank(r, c, &s.score)?,
        };
    }
    let kind = match ia.kind {
        Kind::Quantitative => "定量",
        Kind::Qualitative => "定性",
    };
    write_text(ws, r, 10, kind, &s.text)?;
    write_text(ws, r, 11, &ind.remark.value, &s.wrap)?;
    write_text(ws, r, 12, &ia.reason, &s.wrap)?;
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
    write_text(ws, r, SOURCE, &source, &s.text)?;
    widths.fit(SOURCE as usize, &source);
    let extra: Vec<String> = ind
        .extra
        .iter()
        .map(|e| format!("{}：{}", e.header, e.value.value))
        .collect();
    let extra = extra.join("；");
    write_text(ws, r, EXTRA, &extra, &s.wrap)?;
    widths.fit(EXTRA as usize, &extra);
    Ok(())
}
