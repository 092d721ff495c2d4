//! How a sheet comes out on paper: A4 landscape, fitted one page wide at a legible size.
//!
//! Every column has a fixed width, chosen so that the columns a reader needs on paper fit
//! across A4 landscape at [`MIN_PRINT_SCALE`] or more (11 pt text prints at 8 pt or larger).
//! Long texts wrap in their column, and each row is given the height of its tallest wrapped
//! cell *in the file*: LibreOffice keeps the stored height on opening and Excel and WPS do
//! not always refit, so a height left to the viewer let wrapped text overlap the next rows.
//! Widths are fixed before the first row is written because the big sheets stream row by
//! row: a row's height must be known when it is written. Columns only useful on screen
//! (sources, codes) sit after the printed ones, are left out of the print area, and hold
//! their text on one line.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// One column: its header and width in Excel's units (the width of a digit of the default
/// 11 pt font, about 7 px).
pub(crate) type Column = (&'static str, f64);

/// The smallest print scale a sheet's printed columns may need: 11 pt text prints at 8.25 pt.
/// Each sheet's columns are held to it by a test.
#[cfg(test)]
const MIN_PRINT_SCALE: f64 = 0.75;

/// The page: A4 landscape is 842 pt wide; the margins are 0.4 inch a side.
#[cfg(test)]
const PAGE_WIDTH_PT: f64 = 842.0;
const SIDE_MARGIN_IN: f64 = 0.4;

/// A line of wrapped 11 pt text, in pixels (0.75 pt each; Excel stores whole pixels):
/// LibreOffice sets Chinese 11 pt text about 16 pt apart, Excel and WPS (等线, 宋体) about
/// 15 pt; the taller is taken.
const LINE_PX: u32 = 21;
/// Room above and below the lines.
const PAD_PX: u32 = 5;
/// Excel's tallest row, 409 pt.
const MAX_ROW_PX: u32 = 545;
/// Excel's last row (0-based): a sheet has 1,048,576.
pub const LAST_ROW: u32 = 1_048_575;
/// The most lines a row is made high for; longer texts are read on screen.
const MAX_LINES: u32 = (MAX_ROW_PX - PAD_PX) / LINE_PX;

/// A sheet's columns, their widths, and how many of them print.
pub(crate) struct Paper {
    widths: Vec<f64>,
    printed: u16,
}

impl Paper {
    /// All `columns` printed.
    pub fn new(columns: &[Column]) -> Self {
        Self::printing(columns, columns.len())
    }

    /// `columns`, of which the first `printed` print.
    pub fn printing(columns: &[Column], printed: usize) -> Self {
        Paper {
            widths: columns.iter().map(|c| c.1).collect(),
            printed: printed.min(columns.len()) as u16,
        }
    }

    /// Widens column `col` where it is too narrow to show `amount` as `#,##0.00` in bold
    /// (as a total is): a number wider than its column shows and prints as `###`.
    pub fn fit_amount(&mut self, col: u16, amount: Decimal) {
        if let Some(width) = self.widths.get_mut(col as usize) {
            *width = width.max(amount_width(amount));
        }
    }

    /// Writes `amount` (a blank where there is none) in the money format `format`, and
    /// widens its column to show it ([`Paper::fit_amount`]).
    pub fn write_amount(
        &mut self,
        ws: &mut Worksheet,
        (row, col): (u32, u16),
        amount: Option<Decimal>,
        format: &rust_xlsxwriter::Format,
    ) -> Result<(), XlsxError> {
        super::write_opt(ws, row, col, amount, format)?;
        if let Some(amount) = amount {
            self.fit_amount(col, amount);
        }
        Ok(())
    }

    /// The headers of `columns`.
    pub fn headers(columns: &[Column]) -> Vec<&'static str> {
        columns.iter().map(|c| c.0).collect()
    }

    /// Lines `text` takes wrapped in column `col`: characters fill a line until the next
    /// would not fit (a Chinese character is 2.1 digits wide, others about one), and a line
    /// break starts a new line.
    pub fn lines(&self, col: u16, text: &str) -> u32 {
        let Some(&width) = self.widths.get(col as usize) else {
            return 1;
        };
        // A column of w digits is 7w + 5 px wide; its padding takes 2 px a side.
        let room = (width - 0.2).max(1.0);
        let mut lines = 1u32;
        let mut used = 0.0;
        for c in text.chars() {
            if c == '\n' {
                lines += 1;
                used = 0.0;
                continue;
            }
            let w = char_width(c);
            if used + w > room && used > 0.0 {
                lines += 1;
                used = 0.0;
            }
            used += w;
            if lines >= MAX_LINES {
                return MAX_LINES;
            }
        }
        lines
    }

    /// Makes row `row` as high as the tallest of `cells` (column, text) wrapped, counting
    /// the printed columns only (the others hold one line on screen); a row of one line
    /// keeps the default height.
    pub fn fit_row<'a>(
        &self,
        ws: &mut Worksheet,
        row: u32,
        cells: impl IntoIterator<Item = (u16, &'a str)>,
    ) -> Result<(), XlsxError> {
        let lines = cells
            .into_iter()
            .filter(|(c, _)| *c < self.printed)
            .map(|(c, t)| self.lines(c, t))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height_pixels(row, row_pixels(lines))?;
        }
        Ok(())
    }

    /// The header row at `row`, made as high as its wrapped headers.
    pub fn header_row(
        &self,
        ws: &mut Worksheet,
        row: u32,
        headers: &[&str],
        styles: &super::Styles,
    ) -> Result<(), XlsxError> {
        super::header_row(ws, row, headers, styles)?;
        self.fit_row(
            ws,
            row,
            headers.iter().enumerate().map(|(c, h)| (c as u16, *h)),
        )
    }

    /// The print scale the printed columns need to fit one page wide.
    #[cfg(test)]
    fn print_scale(&self) -> f64 {
        let pixels: f64 = self.widths[..self.printed as usize]
            .iter()
            .map(|w| column_pixels(*w))
            .sum();
        let room = PAGE_WIDTH_PT - 2.0 * SIDE_MARGIN_IN * 72.0;
        (room / (pixels * 0.75)).min(1.0)
    }

    /// Sets the widths and the page: A4 landscape, one page wide, rows `0..header_rows`
    /// repeated on every page, page numbers at the foot, and the print area the printed
    /// columns of rows `0..=last_row`.
    pub fn apply(
        &self,
        ws: &mut Worksheet,
        header_rows: u32,
        last_row: u32,
    ) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_landscape();
        ws.set_paper_size(9);
        ws.set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, 0.6, 0.6, 0.3, 0.3);
        ws.set_print_center_horizontally(true);
        ws.set_print_fit_to_pages(1, 0);
        if header_rows > 0 {
            ws.set_repeat_rows(0, header_rows - 1)?;
        }
        if (self.printed as usize) < self.widths.len() && self.printed > 0 {
            self.print_area(ws, last_row)?;
        }
        ws.set_footer("&C第 &P 页 共 &N 页");
        Ok(())
    }

    /// Ends a sheet written in constant-memory mode whose rows end at `last_row`, after
    /// [`Paper::apply`].
    ///
    /// rust_xlsxwriter 0.102 writes such a sheet's last row twice when that row has a
    /// height (its cells, then an empty `<row>` of the same number: rows out of order, which
    /// Excel repairs). A blank cell on the next row, in a format that shows nothing, has the
    /// last row written as every other row is; the print area ends at `last_row`, so the
    /// blank row never prints.
    ///
    /// A sheet that fills Excel's last row has no row to close it with: it is left as
    /// rust_xlsxwriter writes it.
    pub fn end_streamed(&self, ws: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
        self.print_area(ws, last_row)?;
        if last_row >= LAST_ROW {
            return Ok(());
        }
        // Hidden applies to formulas on a protected sheet: a blank cell shows nothing.
        let shows_nothing = rust_xlsxwriter::Format::new().set_hidden();
        ws.write_blank(last_row + 1, 0, &shows_nothing)?;
        Ok(())
    }

    /// Prints the printed columns down to `last_row` (at least the first column).
    fn print_area(&self, ws: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
        let printed = self.printed.min(self.widths.len() as u16).max(1);
        ws.set_print_area(0, 0, last_row, printed - 1)?;
        Ok(())
    }
}

/// Width of a character in digits of the default font (11 pt Calibri, a digit 7 px): a
/// Chinese character or full-width sign is 11 pt, 14.7 px; Latin letters are narrower than
/// digits, spaces and stops half a digit. Slightly generous, so a text never needs a line
/// more than its row was given.
fn char_width(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' | 'i' | 'l' => 0.5,
        '0'..='9' => 1.0,
        'A'..='Z' => 1.15,
        'a'..='z' => 0.85,
        c if c.is_ascii() => 0.9,
        _ => 2.1,
    }
}

/// The width, in digits, a column needs to show `amount` as `#,##0.00` in bold: its digits,
/// the thousands' commas and the point (half a digit each), the sign, a tenth more for
/// bold, and a digit of padding.
fn amount_width(amount: Decimal) -> f64 {
    let whole = amount.abs().round_dp(2).trunc().to_string().len();
    let digits = (whole + 2) as f64;
    let stops = ((whole - 1) / 3 + 1) as f64 * 0.5;
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        0.9
    } else {
        0.0
    };
    (digits + stops + sign) * 1.1 + 1.0
}

/// A column's width in pixels as Excel draws it: 7 px a digit and 5 px of padding.
#[cfg(test)]
fn column_pixels(width: f64) -> f64 {
    (width * 7.0 + 5.0).round()
}

/// Pixels for `lines` lines of wrapped text, with a little room above and below.
fn row_pixels(lines: u32) -> u32 {
    (lines * LINE_PX + PAD_PX).min(MAX_ROW_PX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_wraps_by_the_width_it_takes() {
        let paper = Paper::new(&[("项目名称", 18.0)]);
        // 17.8 digits of room: eight Chinese characters a line.
        assert_eq!(paper.lines(0, "城乡居民医保参保"), 1);
        assert_eq!(paper.lines(0, "城乡居民医保参保补"), 2);
        assert_eq!(paper.lines(0, &"宽".repeat(24)), 3);
        assert_eq!(paper.lines(0, "第一行\n第二行"), 2);
        assert_eq!(paper.lines(0, ""), 1);
        assert_eq!(paper.lines(0, &"宽".repeat(10_000)), MAX_LINES);
        // A column the sheet does not have wraps nothing.
        assert_eq!(paper.lines(3, &"宽".repeat(100)), 1);
    }

    #[test]
    fn an_amount_widens_its_column_only_where_it_would_show_as_hashes() {
        let mut paper = Paper::new(&[("年初预算数", 13.0), ("全年执行数", 13.0)]);
        // 87,360,000.00: ten digits, three stops — 12.65 digits in bold and 1 of padding.
        assert!((amount_width(Decimal::new(8_736_000_000, 2)) - 13.65).abs() < 1e-9);
        paper.fit_amount(0, Decimal::new(1_000_000, 2));
        assert_eq!(paper.widths, [13.0, 13.0]);
        // 101,234,567.89 (the samples' 全年预算数 total, shown as ### at 13 digits).
        paper.fit_amount(1, Decimal::new(10_123_456_789, 2));
        assert!((paper.widths[1] - 14.75).abs() < 1e-9, "{:?}", paper.widths);
        // A province's total (12,345,678,901.23: 13 digits, 4 stops), and a negative
        // amount (-1,234.56: 6 digits, 2 stops, the sign).
        assert!((amount_width(Decimal::new(1_234_567_890_123, 2)) - 17.5).abs() < 1e-9);
        assert!((amount_width(Decimal::new(-123_456, 2)) - 9.69).abs() < 1e-9);
        // A narrower amount never narrows the column, and a column the sheet lacks is no harm.
        paper.fit_amount(1, Decimal::ONE);
        paper.fit_amount(7, Decimal::ONE);
        assert!((paper.widths[1] - 14.75).abs() < 1e-9);
    }

    #[test]
    fn a_streamed_sheet_is_closed_below_its_last_row_unless_that_is_excels_last() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let paper = Paper::new(&[("项目名称", 18.0)]);
        for last in [3, LAST_ROW] {
            let ws = wb.add_worksheet_with_constant_memory().unwrap();
            ws.write_string(last, 0, "最后一行").unwrap();
            ws.set_row_height(last, 30).unwrap();
            paper.end_streamed(ws, last).unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = |n: u32| {
            let mut xml = String::new();
            let mut part = zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap();
            std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
            xml
        };
        let closed = sheet(1);
        assert_eq!(closed.matches("<row r=").count(), 2, "{closed}");
        assert!(closed.contains("<row r=\"4\" ht=\"30\" customHeight=\"1\">"));
        assert!(closed.contains("<c r=\"A5\" s="), "{closed}");
        // Nothing below Excel's last row: the sheet is written as rust_xlsxwriter writes it.
        let full = sheet(2);
        assert!(full.contains("<c r=\"A1048576\""), "{full}");
        assert!(!full.contains("A1048577"));
    }

    #[test]
    fn row_heights_hold_their_lines_up_to_excels_limit() {
        assert_eq!(row_pixels(2), 47);
        assert_eq!(MAX_LINES, 25);
        assert_eq!(row_pixels(MAX_LINES), 530);
        assert!(row_pixels(MAX_LINES + 1) <= MAX_ROW_PX);
    }

    /// Every sheet's printed columns fit A4 landscape at 8 pt or larger.
    #[test]
    fn every_sheet_prints_at_a_legible_size() {
        use crate::report::xlsx::{about, details, issues, summary, units, yoy};
        let sheets = [
            ("汇总", Paper::printing(&summary::COLUMNS, summary::PRINTED)),
            (
                "指标明细",
                Paper::printing(&details::COLUMNS, details::PRINTED),
            ),
            (
                "问题清单",
                Paper::printing(&issues::COLUMNS, issues::CODE as usize),
            ),
            (
                "按主管部门汇总",
                Paper::new(&units::department_columns(false)),
            ),
            (
                "按主管部门汇总（同比）",
                Paper::new(&units::department_columns(true)),
            ),
            ("同比", Paper::printing(&yoy::PAIRS, yoy::PAIRS_PRINTED)),
            (
                "上年汇总",
                Paper::printing(&yoy::PREVIOUS, yoy::PREVIOUS_PRINTED),
            ),
            ("按实施单位汇总", Paper::new(&units::unit_columns())),
            (
                "未识别文件",
                Paper::printing(&about::REJECTED, about::REJECTED_PRINTED),
            ),
            ("说明", Paper::new(&about::ABOUT)),
        ];
        for (name, paper) in sheets {
            let scale = paper.print_scale();
            assert!(scale >= MIN_PRINT_SCALE, "{name} prints at {scale:.2}");
        }
    }

    #[test]
    fn print_scale_counts_only_the_printed_columns() {
        let columns = [("a", 100.0), ("b", 100.0), ("c", 100.0)];
        let all = Paper::new(&columns).print_scale();
        let two = Paper::printing(&columns, 2).print_scale();
        let one = Paper::printing(&columns, 1).print_scale();
        // 784.4 pt of room over (705 px × n) × 0.75.
        assert!((all - 784.4 / (2115.0 * 0.75)).abs() < 1e-9, "{all}");
        assert!((two - 784.4 / (1410.0 * 0.75)).abs() < 1e-9, "{two}");
        assert_eq!(one, 1.0, "a narrow sheet prints at 100%");
    }
}
