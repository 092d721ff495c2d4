//! Spreadsheets: `.xlsx`, `.xlsm`, `.xls`, `.xlsb` and `.ods`, one module a format
//! (`xlsx.rs`, `xls.rs`, `xlsb.rs`, `ods.rs`) behind this reader.
//!
//! The format is decided by the file's content, not its name, so a `.xls` that is really an
//! `.xlsx` still reads, and text renamed `.xlsx` is told apart from a damaged workbook. A zip
//! package is checked whole first (`package.rs`). Every sheet becomes a grid in
//! absolute sheet coordinates (row 0 is row 1 of the sheet), with its merged ranges and each
//! cell as the text a person sees, built through a `SheetBuilder` that refuses a sheet the
//! moment it grows past the file's share of [`crate::read::limits::MAX_CELLS`].
//!
//! What calamine offers differs by format, and so does what we can say:
//! - merges: `.xlsx` and `.xls` through calamine, `.ods` from `content.xml`; `.xlsb` has none
//!   in calamine, so its merged labels read as on their first cell only.
//! - number formats (percentages): `.xlsx` through its cell styles, `.ods` from the cell's
//!   value type, `.xls` from its BIFF records; `.xlsb` gives none, so a percentage there
//!   reads as its fraction (0.999), which the extractor still reads as an execution rate.
//! - formulas give their cached value; one saved without it reads as empty.

use std::io::{Read, Seek};

use calamine::{Data, Dimensions, Range, Reader, SheetType};

use super::cell_text::render;
use super::grid::{Cell, Grid, Merge, Pos, SourceKind, column_letters};
use super::limits::{Limit, MAX_CELLS, MAX_SHEETS};
use super::{GridReader, ReadError, package};

/// Reads `.xlsx`, `.xlsm`, `.xls`, `.xlsb` and `.ods`, telling the format from the bytes.
pub struct WorkbookReader;

/// What the bytes are, by their signature.
#[derive(Debug, PartialEq, Eq)]
enum Container {
    Xlsx,
    Xlsb,
    Ods,
    /// An OLE2 compound file: `.xls`, or an encrypted OOXML workbook.
    Ole,
}

impl GridReader for WorkbookReader {
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
        if bytes.is_empty() {
            return Err(ReadError::Empty);
        }
        let (container, package) = sniff(bytes)?;
        let opened = package.as_ref().map_or(bytes, |p| p.bytes(bytes));
        match container {
            Container::Xlsx => super::xlsx::read(opened),
            Container::Xlsb => super::xlsb::read(opened),
            Container::Ods => super::ods::read(opened),
            Container::Ole => super::xls::read(bytes),
        }
    }
}

/// Reads WPS 表格's own `.et`/`.ett` files: WPS writes them as a BIFF8 compound file like
/// `.xls` (or, saved so, as a zip package like `.xlsx`), so they are read by content as any
/// workbook. One that is neither is asked for as `.xlsx`.
#[derive(Debug, Clone, Copy)]
pub struct EtReader;

impl GridReader for EtReader {
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
        WorkbookReader.read(bytes).map_err(|e| match e {
            ReadError::Corrupt(detail) | ReadError::WrongContent(detail) => {
                ReadError::Corrupt(format!(
                    "WPS 表格文件（.et）无法按 .xls 格式读取：{detail}；请在 WPS 中另存为 .xlsx"
                ))
            }
            other => other,
        })
    }
}

/// Tells workbooks, text and damaged files apart by their first bytes and, for zip
/// packages, by the parts they hold (after checking the package whole; the package comes
/// back with it, holding the stored copy the readers open).
fn sniff(bytes: &[u8]) -> Result<(Container, Option<package::Package>), ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(OLE) {
        return Ok((Container::Ole, None));
    }
    if !bytes.starts_with(ZIP) {
        if bytes.starts_with(b"PK") {
            return Err(ReadError::Corrupt("压缩包结构不完整".to_owned()));
        }
        return Err(match super::encoding::decode(bytes) {
            Ok(_) => ReadError::WrongContent("文本（例如改了扩展名的 CSV 或 TXT 文件）".to_owned()),
            Err(_) => ReadError::Corrupt("不是电子表格文件".to_owned()),
        });
    }
    let package = package::check(bytes)?;
    let container = if package.has("xl/workbook.xml") {
        Container::Xlsx
    } else if package.has("xl/workbook.bin") {
        Container::Xlsb
    } else if package.has("content.xml") && package.has("mimetype") {
        Container::Ods
    } else if package.has("word/document.xml") {
        return Err(ReadError::WrongContent("Word 文档".to_owned()));
    } else {
        return Err(ReadError::Corrupt("压缩包中没有工作簿内容".to_owned()));
    };
    Ok((container, Some(package)))
}

/// A calamine error as the clerk reads it.
pub(super) fn open_error(detail: &str) -> ReadError {
    if detail.contains("password protected") || detail.contains("Password") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(detail.chars().take(200).collect())
    }
}

/// The workbook's worksheets (charts and macro sheets are no forms), at most [`MAX_SHEETS`].
pub(super) fn worksheet_names<RS: Read + Seek, W: Reader<RS>>(
    wb: &W,
) -> Result<Vec<String>, ReadError> {
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    if names.len() > MAX_SHEETS {
        return Err(Limit::Sheets(names.len()).into());
    }
    Ok(names)
}

pub(super) fn to_merges(dims: &[Dimensions]) -> Vec<Merge> {
    dims.iter()
        .map(|d| Merge {
            first_row: d.start.0 as usize,
            first_col: d.start.1 as usize,
            last_row: d.end.0 as usize,
            last_col: d.end.1 as usize,
        })
        .collect()
}

/// What is left of a file's [`MAX_CELLS`] as its sheets are read.
pub(super) struct CellBudget {
    left: u64,
}

impl CellBudget {
    pub fn new() -> Self {
        CellBudget { left: MAX_CELLS }
    }
}

/// A sheet's cells as they stream in, refused as soon as its area (rows × columns up to
/// the last value) would pass what is left of the budget.
pub(super) struct SheetBuilder<'a> {
    budget: &'a mut CellBudget,
    name: String,
    cells: Vec<SheetCell>,
    rows: u64,
    cols: u64,
}

/// A non-empty cell as read, in absolute sheet coordinates.
struct SheetCell {
    row: u32,
    col: u32,
    text: String,
    is_error: bool,
}

impl<'a> SheetBuilder<'a> {
    pub fn new(budget: &'a mut CellBudget, name: &str) -> Self {
        SheetBuilder {
            budget,
            name: name.to_owned(),
            cells: Vec::new(),
            rows: 0,
            cols: 0,
        }
    }

    /// Adds the cell at (row, col) that shows `value`; `percent` where its format shows a
    /// percentage. Empty values are skipped.
    pub fn push(
        &mut self,
        row: u32,
        col: u32,
        value: &Data,
        percent: bool,
    ) -> Result<(), ReadError> {
        if *value == Data::Empty {
            return Ok(());
        }
        let (rows, cols) = (
            self.rows.max(u64::from(row) + 1),
            self.cols.max(u64::from(col) + 1),
        );
        if rows.saturating_mul(cols) > self.budget.left {
            return Err(Limit::Cells {
                sheet: self.name.clone(),
                rows,
                cols,
                cell: Some(format!("{}{}", column_letters(col), u64::from(row) + 1)),
            }
            .into());
        }
        (self.rows, self.cols) = (rows, cols);
        let is_number = matches!(value, Data::Float(_) | Data::Int(_));
        let (text, is_error) = render(value, is_number && percent);
        self.cells.push(SheetCell {
            row,
            col,
            text,
            is_error,
        });
        Ok(())
    }

    /// Every used cell of a calamine range, whose (0, 0) is the sheet's `range.start()`.
    pub fn push_range(
        &mut self,
        range: &Range<Data>,
        percent: &dyn Fn(u32, u32) -> bool,
    ) -> Result<(), ReadError> {
        let Some((r0, c0)) = range.start() else {
            return Ok(());
        };
        for (r, c, value) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            self.push(row, col, value, percent(row, col))?;
        }
        Ok(())
    }

    /// The grid of the sheet: every position up to the last row and column that hold
    /// something, with its merged ranges.
    pub fn finish(self, merges: Vec<Merge>) -> Result<Grid, ReadError> {
        self.budget.left -= self.rows * self.cols;
        let mut grid = Grid::new(SourceKind::Sheet, Some(self.name.clone()));
        grid.rows = (0..self.rows as u32)
            .map(|r| {
                (0..self.cols as u32)
                    .map(|c| Cell {
                        text: String::new(),
                        pos: Pos::new(r, c),
                        is_error: false,
                    })
                    .collect()
            })
            .collect();
        for cell in self.cells {
            if let Some(slot) = grid
                .rows
                .get_mut(cell.row as usize)
                .and_then(|row| row.get_mut(cell.col as usize))
            {
                slot.text = cell.text;
                slot.is_error = cell.is_error;
            }
        }
        grid.set_merges(merges, &self.name)?;
        Ok(grid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wps_et_file_is_read_by_its_content() {
        let xls = include_bytes!(
            "../../samples/浦东新区建交委/公路管理署-城市道路养护-自评表（97-2003格式）.xls"
        );
        let grids = EtReader.read(xls).unwrap();
        assert_eq!(
            grids[0].text(0, 0),
            WorkbookReader.read(xls).unwrap()[0].text(0, 0)
        );
        let err = EtReader
            .read(b"ET\x00\x01 not a compound file")
            .unwrap_err();
        assert_eq!(err.code(), crate::read::RejectionCode::CorruptFile);
        assert!(
            err.reason_zh().contains("另存为 .xlsx"),
            "{}",
            err.reason_zh()
        );
    }

    #[test]
    fn content_decides_the_container() {
        assert_eq!(
            sniff(b"a,b,c\n1,2,3\n").unwrap_err(),
            ReadError::WrongContent("文本（例如改了扩展名的 CSV 或 TXT 文件）".to_owned())
        );
        assert!(matches!(
            sniff(b"PK\x03\x04garbage"),
            Err(ReadError::Corrupt(_))
        ));
        assert!(matches!(
            sniff(&[0u8, 1, 2, 0, 0xff]),
            Err(ReadError::Corrupt(_))
        ));
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0])
                .unwrap()
                .0,
            Container::Ole
        );
    }

    #[test]
    fn damaged_workbooks_are_errors_not_panics() {
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0];
        assert!(matches!(
            WorkbookReader.read(&ole),
            Err(ReadError::Corrupt(_))
        ));
        assert!(matches!(WorkbookReader.read(b""), Err(ReadError::Empty)));
    }

    #[test]
    fn a_sheet_is_refused_at_the_cell_that_passes_the_budget() {
        let mut budget = CellBudget::new();
        let mut sheet = SheetBuilder::new(&mut budget, "自评表");
        sheet
            .push(0, 0, &Data::String("项目名称".into()), false)
            .unwrap();
        sheet.push(3, 8, &Data::Empty, false).unwrap();
        let far = sheet
            .push(1_048_575, 16_383, &Data::Float(1.0), false)
            .unwrap_err();
        assert_eq!(far.code(), "SHEET_TOO_LARGE");
        assert!(
            far.reason_zh().contains("单元格 XFD1048576"),
            "{}",
            far.reason_zh()
        );
        let grid = sheet.finish(Vec::new()).unwrap();
        assert_eq!((grid.row_count(), grid.row(0).len()), (1, 1));
        // The budget is the file's: a second sheet gets what the first left.
        let mut second = SheetBuilder::new(&mut budget, "第二");
        let row = (MAX_CELLS / 2) as u32;
        assert!(second.push(row, 1, &Data::Int(1), false).is_err());
        assert!(second.push(row - 2, 0, &Data::Int(1), false).is_ok());
    }
}
