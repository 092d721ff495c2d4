//! The decisions workbook on disk: read through the tool's own reader (bounded, every cell
//! as the reviewer sees it), written with drop-downs for the reviewer's choices, the
//! reviewer's columns marked, and the reviewer's own columns and sheets written back.

use std::path::Path;

use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{
    CONCLUSIONS, COPY_CHOICE, COPY_CHOICES, FINDING_COLUMNS, FINDING_REVIEWER, FINDINGS,
    FORM_COLUMNS, FORM_REVIEWER, FORMS, HANDLING, Record, Review, Row, Table,
};

/// The sheet of instructions, rewritten every run.
const GUIDE: &str = "填写说明";

/// Characters a cell takes, a little under Excel's 32,767.
const MAX_CELL_CHARS: usize = 32_000;

/// Rows the drop-downs cover beyond those written, for rows the reviewer adds.
const SPARE_ROWS: u32 = 2_000;

/// Reads the workbook at `path`: its two sheets as tables, its other sheets as cells.
/// `Ok(None)` where there is none.
pub fn read(path: &Path) -> Result<Option<Record>, String> {
    if !path.exists() {
        return Ok(None);
    }
    let grids = crate::read::read_file(path).map_err(|e| e.to_string())?;
    let mut record = Record::default();
    for grid in grids {
        let name = grid.sheet.clone().unwrap_or_default();
        let cells: Vec<Vec<String>> = (0..grid.row_count())
            .map(|r| grid.row(r).iter().map(|c| c.text.clone()).collect())
            .collect();
        let table = || {
            let mut rows = cells.clone().into_iter();
            let headers = rows.next().unwrap_or_default();
            Table {
                headers,
                rows: rows
                    .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
                    .collect(),
            }
        };
        match name.as_str() {
            FORMS => record.forms = table(),
            FINDINGS => record.findings = table(),
            GUIDE => {}
            _ => record.other_sheets.push(super::OtherSheet {
                formulas: formulas_of(path, &name),
                name,
                cells,
            }),
        }
    }
    Ok(Some(record))
}

/// The formulas of sheet `name` of the workbook at `path` (none where it is no .xlsx the
/// reader can open again, or has none): the reviewer's own sheets keep them.
fn formulas_of(path: &Path, name: &str) -> Vec<(u32, u16, String)> {
    use calamine::Reader;
    let Ok(mut wb) = calamine::open_workbook::<calamine::Xlsx<_>, _>(path) else {
        return Vec::new();
    };
    let Ok(range) = wb.worksheet_formula(name) else {
        return Vec::new();
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, f)| !f.trim().is_empty())
        .filter_map(|(r, c, f)| {
            let col = u16::try_from(left as usize + c).ok()?;
            Some((top + r as u32, col, f.clone()))
        })
        .collect()
}

/// The workbook brought up to date, as the bytes of an .xlsx file.
pub fn to_bytes(review: &Review) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let when = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&when));
    // Rows go to a temporary file as they are written: a province's findings are hundreds
    // of thousands of rows, which held whole took hundreds of MB.
    let forms = wb.add_worksheet_with_constant_memory()?;
    forms.set_name(FORMS)?;
    sheet(
        forms,
        &FORM_COLUMNS,
        &FORM_REVIEWER,
        &review.form_extra,
        &review.forms,
    )?;
    drop_down(
        forms,
        &FORM_COLUMNS,
        "复核结论",
        &CONCLUSIONS,
        review.forms.len(),
    )?;
    drop_down(
        forms,
        &FORM_COLUMNS,
        COPY_CHOICE,
        &COPY_CHOICES,
        review.forms.len(),
    )?;
    let findings = wb.add_worksheet_with_constant_memory()?;
    findings.set_name(FINDINGS)?;
    sheet(
        findings,
        &FINDING_COLUMNS,
        &FINDING_REVIEWER,
        &review.finding_extra,
        &review.findings,
    )?;
    drop_down(
        findings,
        &FINDING_COLUMNS,
        "处理",
        &HANDLING,
        review.findings.len(),
    )?;
    for sheet in &review.other_sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (r, row) in sheet.cells.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    value(ws, r as u32, c as u16, text)?;
                }
            }
        }
        for (r, c, formula) in &sheet.formulas {
            let shown = sheet
                .cells
                .get(*r as usize)
                .and_then(|row| row.get(*c as usize))
                .map_or("", String::as_str);
            ws.write_formula(
                *r,
                *c,
                rust_xlsxwriter::Formula::new(format!("={formula}")).set_result(shown),
            )?;
        }
    }
    let guide = wb.add_worksheet();
    guide.set_name(GUIDE)?;
    guide.set_column_width(0, 110)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (r, line) in GUIDE_TEXT.iter().enumerate() {
        guide.write_with_format(r as u32, 0, *line, &wrap)?;
    }
    wb.save_to_buffer()
}

/// One of the tool's sheets: the header (the reviewer's columns yellow), the rows, the
/// reviewer's extra columns after the tool's.
fn sheet(
    ws: &mut Worksheet,
    columns: &[&str],
    reviewer: &[&str],
    extra: &[String],
    rows: &[Row],
) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_text_wrap();
    let theirs = head.clone().set_background_color(Color::RGB(0xFFF2CC));
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let fill = cell.clone().set_background_color(Color::RGB(0xFFFBEA));
    let headers: Vec<&str> = columns
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .collect();
    for (c, h) in headers.iter().enumerate() {
        let mine = reviewer.contains(h) || c >= columns.len();
        ws.write_with_format(0, c as u16, *h, if mine { &theirs } else { &head })?;
        ws.set_column_width(c as u16, width(h))?;
    }
    // Runs of columns in one format: the values are written bare, then each run formatted
    // at once — rust_xlsxwriter hashes the whole `Format` to number it, cell by cell a
    // tenth of the time this sheet took. The bytes are the same.
    let mine: Vec<bool> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| reviewer.contains(h) || c >= columns.len())
        .collect();
    let mut runs: Vec<(u16, u16, &Format)> = Vec::new();
    for (c, &m) in mine.iter().enumerate() {
        let format = if m { &fill } else { &cell };
        match runs.last_mut() {
            Some((_, last, f)) if std::ptr::eq(*f, format) => *last = c as u16,
            _ => runs.push((c as u16, c as u16, format)),
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, h) in headers.iter().enumerate() {
            let text = row.get(*h).map_or("", String::as_str);
            value(ws, r, c as u16, text)?;
        }
        for &(first, last, format) in &runs {
            ws.set_range_format(r, first, r, last, format)?;
        }
    }
    ws.set_freeze_panes(1, 3)?;
    ws.autofilter(
        0,
        0,
        rows.len() as u32,
        headers.len().saturating_sub(1) as u16,
    )?;
    Ok(())
}

/// A cell, without a format (the caller formats its row): a number where the text is one
/// (as typed or as the tool wrote it), else text.
fn value(ws: &mut Worksheet, r: u32, c: u16, text: &str) -> Result<(), XlsxError> {
    // Digits first (cheap), parsed only then: most cells are names and sentences.
    let plain = text
        .trim()
        .chars()
        .all(|ch| ch.is_ascii_digit() || ".-".contains(ch));
    let number = plain
        .then(|| crate::normalize::parse_number(text).ok().flatten())
        .flatten()
        .and_then(|d| d.to_string().parse::<f64>().ok());
    // A cell holds at most 32,767 characters: a longer finding or name is cut, said so.
    let cut;
    let text = if text.chars().count() > MAX_CELL_CHARS {
        cut = text.chars().take(MAX_CELL_CHARS - 20).collect::<String>() + "……（过长，已截断）";
        cut.as_str()
    } else {
        text
    };
    match number {
        Some(n) => ws.write_number(r, c, n).map(|_| ()),
        None if text.is_empty() => Ok(()),
        None => ws.write_string(r, c, text).map(|_| ()),
    }
}

/// A drop-down of `choices` under the column `name`, over the rows written and spare ones.
fn drop_down(
    ws: &mut Worksheet,
    columns: &[&str],
    name: &str,
    choices: &[&str],
    rows: usize,
) -> Result<(), XlsxError> {
    let Some(c) = columns.iter().position(|h| *h == name) else {
        return Ok(());
    };
    let list = DataValidation::new()
        .allow_list_strings(choices)?
        .set_error_message(format!("请从下拉列表中选择：{}", choices.join("、")))?;
    ws.add_data_validation(1, c as u16, rows as u32 + SPARE_ROWS, c as u16, &list)?;
    Ok(())
}

/// A column's width by what it holds.
fn width(header: &str) -> f64 {
    match header {
        "项目名称" | "复核意见" | "问题" | "状态" | "说明" => 36.0,
        "主管部门" | "实施单位" | "来源文件" | "复核依据" | "位置" => 22.0,
        _ => 11.0,
    }
}

/// What 填写说明 says.
const GUIDE_TEXT: [&str; 11] = [
    "复核记录：由本工具生成，供复核人填写；每次运行都会读回本文件、采用您的填写并更新。",
    "“表单复核”每行一份表：黄色栏由您填写——复核结论（下拉：通过 / 退回修改 / 待复核）、复核得分（不填则用工具的复核总分）、复核意见、复核人、复核日期。其余各栏由工具填写。",
    "计入合计（下拉：是 / 否）：同一项目报送了几份（重复报送）时，在要计入的一份填“是”（或在不计入的一份填“否”），汇总就按您的选择计入，不再按文件名中的“更正”或错误多少来定。",
    "“问题复核”每行一条问题：“处理”选“不采纳”的问题不再计入任何问题数，在“问题清单”中标明；“说明”写您的理由。",
    "复核依据：您填写结论时表中的自评总分、复核总分、错误和警告数。以后运行时如这些数字变了（单位更正后重新报送），该行标为“过期”且不采用，直到您核对后清空“复核依据”一格。",
    "状态：工具写明每行的情况——已采用、过期、无法识别、不采纳、新增、已解决、本次运行没有这份表。",
    "可以调整行的顺序、增加自己的列和工作表：每次更新都会保留（按列标题和行的主管部门、实施单位、项目名称、来源文件找回）。",
    "每次更新前，原文件复制到“复核记录备份”文件夹，文件名带日期时间（北京时间）。",
    "本文件由工具重新写出：您设置的颜色、字体等格式不会保留（原样保存在备份中），填写的内容都会保留。",
    "请勿改动工具填写的主管部门、实施单位、项目名称、来源文件，否则这一行可能找不回对应的表。",
    "运行时请先关闭本文件。",
];
