//! Spreadsheets through calamine: `.xlsx`, `.xlsm`, `.xls`, `.xlsb` and `.ods`.
//!
//! The format is decided by the file's content, not its name, so a `.xls` that is really an
//! `.xlsx` still reads, and text renamed `.xlsx` is told apart from a damaged workbook.
//! Every sheet becomes a grid in absolute sheet coordinates (row 0 is row 1 of the sheet),
//! with its merged ranges and each cell as the text a person sees.
//!
//! What calamine offers differs by format, and so does what we can say:
//! - merges: `.xlsx` and `.xls` through calamine, `.ods` from `content.xml` ([`super::ods`]);
//!   `.xlsb` has none in calamine, so its merged labels read as on their first cell only.
//! - number formats (percentages): `.xlsx` through `worksheet_style`, `.ods` from the
//!   cell's value type, `.xls` from its BIFF records ([`super::xls_formats`]); `.xlsb`
//!   gives none, so a percentage there reads as its fraction (0.999), which the extractor
//!   still reads correctly as an execution rate.
//! - formulas give their cached value; one saved without it reads as empty.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Dimensions, Range, Reader, SheetType, Xls, XlsOptions, Xlsb, Xlsx};

use super::cell_text::{is_percent_format, render};
use super::grid::{Cell, Grid, Merge, Pos, SourceKind};
use super::{GridReader, ReadError};
use super::{ods, xls_formats};

/// A sheet larger than this is no form: refuse it rather than fill memory.
const MAX_SHEET_CELLS: u64 = 4_000_000;

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
        match sniff(bytes)? {
            Container::Xlsx => {
                let wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| open_error(&e.to_string()))?;
                read_xlsx(wb)
            }
            Container::Xlsb => {
                let wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| open_error(&e.to_string()))?;
                read_sheets(wb, |_, _| Vec::new(), |_| None)
            }
            Container::Ods => {
                let extras = ods::read_extras(bytes);
                let wb = calamine::Ods::new(Cursor::new(bytes))
                    .map_err(|e| open_error(&e.to_string()))?;
                read_sheets(
                    wb,
                    |_, name| extras.merges.get(name).cloned().unwrap_or_default(),
                    |name| {
                        let cells = extras.percent_cells.get(name).cloned().unwrap_or_default();
                        Some(Box::new(move |r, c| cells.contains(&(r, c))))
                    },
                )
            }
            Container::Ole => read_ole(bytes),
        }
    }
}

/// Tells workbooks, text and damaged files apart by their first bytes and, for zip
/// packages, by the parts they hold.
fn sniff(bytes: &[u8]) -> Result<Container, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(OLE) {
        return Ok(Container::Ole);
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
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| ReadError::Corrupt("文件被截断或压缩包已损坏".to_owned()))?;
    check_inflated_size(&mut zip)?;
    let has = |name: &str| {
        zip.file_names()
            .flatten()
            .any(|n| n.eq_ignore_ascii_case(name))
    };
    if has("xl/workbook.xml") {
        Ok(Container::Xlsx)
    } else if has("xl/workbook.bin") {
        Ok(Container::Xlsb)
    } else if has("content.xml") && has("mimetype") {
        Ok(Container::Ods)
    } else if has("word/document.xml") {
        Err(ReadError::WrongContent("Word 文档".to_owned()))
    } else {
        Err(ReadError::Corrupt("压缩包中没有工作簿内容".to_owned()))
    }
}

/// Refuses a package whose parts would inflate beyond any workbook, from the sizes its
/// directory declares, before calamine inflates anything.
fn check_inflated_size<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> Result<(), ReadError> {
    use super::{MAX_UNZIPPED_BYTES, MAX_ZIP_RATIO};
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            return Err(ReadError::Corrupt("压缩包目录已损坏".to_owned()));
        };
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        total = total.saturating_add(size);
        if size > (1 << 20) && size / packed > MAX_ZIP_RATIO {
            return Err(ReadError::ZipBomb(size));
        }
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(ReadError::ZipBomb(total));
    }
    Ok(())
}

fn open_error(detail: &str) -> ReadError {
    if detail.contains("password protected") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(detail.to_owned())
    }
}

/// `.xlsx`: each sheet's cells and their number formats in one pass over its XML (calamine's
/// `worksheet_range` and `worksheet_style` would read it twice), its merges in another.
fn read_xlsx<RS: Read + Seek>(mut wb: Xlsx<RS>) -> Result<Vec<Grid>, ReadError> {
    let mut grids = Vec::new();
    for name in worksheet_names(&wb) {
        let merges = to_merges(&wb.merge_cells_by_sheet_name(&name).unwrap_or_default());
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| open_error(&e.to_string()))?;
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code))
            })
            .collect();
        let mut cells = Vec::new();
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| open_error(&e.to_string()))?
        {
            let (row, col) = cell.get_position();
            let value = Data::from(cell.get_value().clone());
            if value == Data::Empty {
                continue;
            }
            let is_number = matches!(value, Data::Float(_) | Data::Int(_));
            let (text, is_error) = render(
                &value,
                is_number && percent.get(style).copied().unwrap_or(false),
            );
            cells.push(SheetCell {
                row,
                col,
                text,
                is_error,
            });
        }
        grids.push(grid_of(&name, cells, merges)?);
    }
    Ok(grids)
}

/// `.xls`: calamine applies a BIFF8 file's declared code page to strings that are already
/// Unicode, so a file declaring 936 (GBK) comes back garbled; an old BIFF5 file without a
/// proper code page needs 936. Read it as declared first, and where the text looks garbled
/// try both and keep the reading with the most Chinese in it.
fn read_ole(bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    let open = |codepage: Option<u16>| -> Result<Vec<Grid>, ReadError> {
        let mut options = XlsOptions::default();
        options.force_codepage = codepage;
        let wb = Xls::new_with_options(Cursor::new(bytes), options).map_err(|e| {
            let detail = e.to_string();
            // An encrypted .xlsx is an OLE2 file holding an EncryptedPackage.
            if Xlsx::new(Cursor::new(bytes)).is_err_and(|x| x.to_string().contains("password")) {
                ReadError::Encrypted
            } else {
                open_error(&detail)
            }
        })?;
        let percents = xls_formats::percent_cells(bytes);
        let merges: Vec<(String, Vec<Dimensions>)> = worksheet_names(&wb)
            .into_iter()
            .map(|n| {
                let m = wb.merge_cells_by_sheet_name(&n).unwrap_or_default();
                (n, m)
            })
            .collect();
        read_sheets(
            wb,
            |_, name| {
                merges
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, m)| to_merges(m))
                    .unwrap_or_default()
            },
            |name| {
                let cells = percents.get(name).cloned().unwrap_or_default();
                Some(Box::new(move |r, c| cells.contains(&(r, c))))
            },
        )
    };
    let first = open(None)?;
    if !looks_garbled(&first) {
        return Ok(first);
    }
    [Some(1200), Some(936)]
        .into_iter()
        .filter_map(|cp| open(cp).ok())
        .chain([first])
        .max_by_key(|grids| chinese_count(grids))
        .ok_or_else(|| ReadError::Corrupt("无法识别文字编码".to_owned()))
}

fn chinese_count(grids: &[Grid]) -> usize {
    all_chars(grids)
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

fn all_chars(grids: &[Grid]) -> impl Iterator<Item = char> + '_ {
    grids
        .iter()
        .flat_map(|g| g.rows.iter().flatten())
        .flat_map(|cell| cell.text.chars())
}

/// Mis-decoded GBK shows as Latin-1 letters (Ã, º, ¿) or replacement characters.
fn looks_garbled(grids: &[Grid]) -> bool {
    let (mut odd, mut non_ascii) = (0usize, 0usize);
    for c in all_chars(grids).filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if ('\u{80}'..='\u{24f}').contains(&c) || c == '\u{fffd}' {
            odd += 1;
        }
    }
    non_ascii > 0 && odd * 5 > non_ascii
}

type PercentFn = Box<dyn Fn(u32, u32) -> bool>;

/// Reads every worksheet of a workbook whose merges come from `merges_of` and whose
/// percentage cells (where known) from `percent_of`.
fn read_sheets<RS: Read + Seek, W: Reader<RS>>(
    mut wb: W,
    merges_of: impl Fn(&W, &str) -> Vec<Merge>,
    percent_of: impl Fn(&str) -> Option<PercentFn>,
) -> Result<Vec<Grid>, ReadError>
where
    W::Error: std::fmt::Display,
{
    let mut grids = Vec::new();
    for name in worksheet_names(&wb) {
        let merges = merges_of(&wb, &name);
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| open_error(&e.to_string()))?;
        let percent = percent_of(&name).unwrap_or_else(|| Box::new(|_, _| false));
        grids.push(sheet_grid(&name, &range, merges, &*percent)?);
    }
    Ok(grids)
}

fn worksheet_names<RS: Read + Seek, W: Reader<RS>>(wb: &W) -> Vec<String> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

fn to_merges(dims: &[Dimensions]) -> Vec<Merge> {
    dims.iter()
        .map(|d| Merge {
            first_row: d.start.0 as usize,
            first_col: d.start.1 as usize,
            last_row: d.end.0 as usize,
            last_col: d.end.1 as usize,
        })
        .collect()
}

/// One sheet as a grid in absolute coordinates.
fn sheet_grid(
    name: &str,
    range: &Range<Data>,
    merges: Vec<Merge>,
    percent: &dyn Fn(u32, u32) -> bool,
) -> Result<Grid, ReadError> {
    let Some(start) = range.start() else {
        return grid_of(name, Vec::new(), merges);
    };
    let cells = range
        .used_cells()
        .map(|(r, c, value)| {
            let (row, col) = (start.0 + r as u32, start.1 + c as u32);
            let (text, is_error) = match value {
                v @ (Data::Float(_) | Data::Int(_)) => render(v, percent(row, col)),
                v => render(v, false),
            };
            SheetCell {
                row,
                col,
                text,
                is_error,
            }
        })
        .collect();
    grid_of(name, cells, merges)
}

/// A non-empty cell as read, in absolute sheet coordinates.
struct SheetCell {
    row: u32,
    col: u32,
    text: String,
    is_error: bool,
}

/// The grid of a sheet: every position up to the last row and column that hold something.
fn grid_of(name: &str, cells: Vec<SheetCell>, merges: Vec<Merge>) -> Result<Grid, ReadError> {
    let mut grid = Grid::new(SourceKind::Sheet, Some(name.to_owned()));
    grid.merges = merges;
    let (Some(last_row), Some(last_col)) = (
        cells.iter().map(|c| c.row).max(),
        cells.iter().map(|c| c.col).max(),
    ) else {
        return Ok(grid);
    };
    let (height, width) = (u64::from(last_row) + 1, u64::from(last_col) + 1);
    if height * width > MAX_SHEET_CELLS {
        return Err(ReadError::SheetTooLarge {
            sheet: name.to_owned(),
            rows: height,
            cols: width,
        });
    }
    grid.rows = (0..=last_row)
        .map(|r| {
            (0..=last_col)
                .map(|c| Cell {
                    text: String::new(),
                    pos: Pos::new(r, c),
                    is_error: false,
                })
                .collect()
        })
        .collect();
    for cell in cells {
        if let Some(slot) = grid
            .rows
            .get_mut(cell.row as usize)
            .and_then(|row| row.get_mut(cell.col as usize))
        {
            slot.text = cell.text;
            slot.is_error = cell.is_error;
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]).unwrap(),
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
}
