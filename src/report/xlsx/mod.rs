//! `summary.xlsx`: the consolidated workbook a finance office hands in at year end.
//!
//! Sheets (in Chinese): 汇总 (one row per form, live formulas with cached values), 指标明细
//! (one row per indicator, continued on 指标明细（2）… past Excel's row limit), 问题清单 (one
//! row per finding, linked to its form's row), 按主管部门汇总 and 按实施单位汇总, 等级分布 (with
//! charts), 未识别文件, 说明. Every sheet prints on
//! A4 landscape, one page wide at 8 pt or larger, header rows repeated, rows as high as their
//! wrapped text, `第 N 页 共 M 页` at the foot (see `paper.rs`). The big
//! sheets are written in constant-memory mode; document properties are fixed, so the same
//! input gives the same bytes.

mod about;
mod details;
mod issues;
mod paper;
pub(crate) mod summary;
mod units;
mod yoy;

pub use details::ROWS_PER_SHEET;

use std::path::Path;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use crate::batch::FormSummary;
use crate::report::Context;
use crate::report::durable::{Syncer, sync_written};

/// Excel's limit on the characters of one cell.
pub const CELL_CHARS: usize = 32_767;

/// What ends a text cut to fit a cell.
pub const CUT_MARK: &str = "……【超出 Excel 单元格 32,767 字的上限，以下从略；全文见 forms.json】";

/// Text as a cell can hold it: without the characters XML forbids (or a terminal would act
/// on), and cut with [`CUT_MARK`] where longer than [`CELL_CHARS`]. Every text of the
/// workbook goes through here, so no value can make the workbook invalid or fail it.
pub fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    let clean = crate::normalize::printable(text);
    if clean.len() <= CELL_CHARS || clean.chars().count() <= CELL_CHARS {
        return clean;
    }
    let keep = CELL_CHARS - CUT_MARK.chars().count();
    let mut cut: String = clean.chars().take(keep).collect();
    cut.push_str(CUT_MARK);
    std::borrow::Cow::Owned(cut)
}

/// Writes `text` through [`cell_text`].
pub(crate) fn write_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, cell_text(text), format)?;
    Ok(())
}

/// 计入合计 of a form: `是`, or the 汇总 序号 of the copy counted in its place and why.
pub(crate) fn counted_text(form: &FormSummary, summary_rows: &[u32]) -> String {
    match form.duplicate_of {
        None => summary::COUNTED_YES.to_owned(),
        Some(d) => format!(
            "否：重复报送，已计入序号 {} 的一份（{}）",
            summary_rows.get(d.kept).copied().unwrap_or_default(),
            d.why
        ),
    }
}

/// Writes `summary.xlsx` to `path`, a new file in a staging folder, and hands it to `sync`.
pub fn write_summary(path: &Path, ctx: &Context, sync: &Syncer) -> Result<(), XlsxError> {
    write_summary_with(path, ctx, sync, details::ROWS_PER_SHEET)
}

/// [`write_summary`] with 指标明细 continued on a new sheet every `rows_per_sheet` rows
/// (Excel's limit in a run; fewer in a test).
pub fn write_summary_with(
    path: &Path,
    ctx: &Context,
    sync: &Syncer,
    rows_per_sheet: u32,
) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("财政项目支出绩效自评汇总")
            .set_author("zipingbiao")
            .set_creation_datetime(&created),
    );
    // Level 2 (zlib's fast strategy): the deflate ~40% cheaper than at 3, itself ~30% faster
    // than the default 6, for a file ~5% larger at each step (2,000 forms: 2.89 MB).
    wb.set_zip_compression_level(2);
    let styles = Styles::new();
    // 指标明细 (a row per indicator, most of the work) is filled beside the other sheets.
    // Its cells take their format numbers from the workbook as they are first used, so every
    // format it uses is numbered here first, in a fixed order: two runs give the same bytes.
    styles.register(&mut wb);
    let mut details_ws = (0..details::sheets_needed(ctx, rows_per_sheet))
        .map(|_| wb.new_worksheet_with_constant_memory())
        .collect::<Result<Vec<_>, _>>()?;
    let mut summary_ws = wb.new_worksheet_with_constant_memory()?;
    let mut issues_ws = wb.new_worksheet_with_constant_memory()?;
    let [
        mut departments_ws,
        mut units_ws,
        mut grades_ws,
        mut rejected_ws,
        mut about_ws,
    ] = std::array::from_fn(|_| Worksheet::new());
    // With --previous: 同比 and 上年汇总.
    let [mut pairs_ws, mut previous_ws] = std::array::from_fn(|_| Worksheet::new());
    // A formula whose value is blank caches a blank, not rust_xlsxwriter's default 0: viewers
    // that show cached values (LibreOffice by default, previews, PDF converters) would print
    // 0.00% for a missing rate and 0 for a missing grade.
    for ws in details_ws
        .iter_mut()
        .chain([
            &mut summary_ws,
            &mut issues_ws,
            &mut departments_ws,
            &mut units_ws,
        ])
        .chain([&mut grades_ws, &mut rejected_ws, &mut about_ws])
        .chain([&mut pairs_ws, &mut previous_ws])
    {
        ws.set_formula_result_default("");
    }
    let (details, others) = rayon::join(
        || details::write(&mut details_ws, ctx, &styles, rows_per_sheet),
        || -> Result<(), XlsxError> {
            summary::write(&mut summary_ws, ctx, &styles)?;
            issues::write(&mut issues_ws, ctx, &styles)?;
            let groups = units::Groups::of(ctx);
            units::write_departments(&mut departments_ws, &groups, &styles)?;
            units::write_units(&mut units_ws, &groups, &styles)?;
            units::write_grades(&mut grades_ws, &groups, &styles)?;
            if let Some((c, prior)) = &groups.previous {
                yoy::write_pairs(&mut pairs_ws, ctx, c, prior, &styles)?;
                yoy::write_previous(&mut previous_ws, c, prior, &styles)?;
            }
            about::write_rejected(&mut rejected_ws, ctx, &styles)?;
            about::write_about(&mut about_ws, ctx, &styles)
        },
    );
    details.and(others)?;
    let compared = ctx.comparison.is_some();
    let sheets = std::iter::once(summary_ws)
        .chain(details_ws)
        .chain([issues_ws, departments_ws, units_ws, grades_ws])
        .chain(
            compared
                .then_some([pairs_ws, previous_ws])
                .into_iter()
                .flatten(),
        )
        .chain([rejected_ws, about_ws]);
    for ws in sheets {
        wb.push_worksheet(ws);
    }
    wb.save(path)?;
    crate::report::zip_origin::set_unix_origin_of_file(path)?;
    sync_written(path, sync).map_err(XlsxError::IoError)
}

/// The cell formats the sheets share.
pub(crate) struct Styles {
    pub header: Format,
    pub text: Format,
    pub wrap: Format,
    pub money: Format,
    pub rate: Format,
    pub score: Format,
    pub integer: Format,
    pub total_label: Format,
    pub total_money: Format,
    pub total_rate: Format,
    pub total_score: Format,
    pub total_integer: Format,
    pub link: Format,
    pub title: Format,
}

impl Styles {
    /// Numbers every format in the workbook, in the order they are declared.
    fn register(&self, wb: &mut Workbook) {
        for format in [
            &self.header,
            &self.text,
            &self.wrap,
            &self.money,
            &self.rate,
            &self.score,
            &self.integer,
            &self.total_label,
            &self.total_money,
            &self.total_rate,
            &self.total_score,
            &self.total_integer,
            &self.link,
            &self.title,
        ] {
            wb.register_format(format);
        }
    }

    fn new() -> Self {
        let base = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let total = base
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xF2F2F2));
        Styles {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7)),
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            money: base.clone().set_num_format("#,##0.00"),
            rate: base.clone().set_num_format("0.00%"),
            score: base.clone().set_num_format("0.00"),
            integer: base.clone().set_num_format("0"),
            total_label: total.clone(),
            total_money: total.clone().set_num_format("#,##0.00"),
            total_rate: total.clone().set_num_format("0.00%"),
            total_score: total.clone().set_num_format("0.00"),
            total_integer: total.set_num_format("0"),
            link: base
                .set_text_wrap()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

/// A decimal as the number Excel stores.
pub(crate) fn num(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A number cell, or a blank one (in the same format) where there is no value.
pub(crate) fn write_opt(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<Decimal>,
    f: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => ws.write_number_with_format(r, c, num(v), f)?,
        None => ws.write_blank(r, c, f)?,
    };
    Ok(())
}

/// A formula's cached result, as Excel writes it.
pub(crate) fn result(d: Decimal) -> String {
    crate::normalize::decimal_string(d.round_dp(10))
}

/// Writes a header row at `row`.
pub(crate) fn header_row(
    ws: &mut Worksheet,
    row: u32,
    headers: &[&str],
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        write_text(ws, row, c as u16, h, &styles.header)?;
    }
    Ok(())
}

/// Where a form came from, as a clerk reads it: `单位/表.xlsx · 工作表 · 第3行`.
pub(crate) fn source_text(source: &crate::model::FormSource) -> String {
    let mut s = source.file.clone();
    if let Some(sheet) = &source.sheet {
        s.push_str(&format!(" · {sheet}"));
    }
    s.push_str(&format!(" · {}", source.row_zh()));
    s
}

/// `A1` column letters of a 0-based column.
pub(crate) fn col(c: u16) -> String {
    crate::read::grid::column_letters(c as u32)
}
