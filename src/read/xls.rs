//! `.xls` (BIFF8 and older, in an OLE2 compound file) through calamine, after three things
//! calamine does not do:
//!
//! 1. The compound file is opened with the `cfb` crate, which validates its sector chains
//!    (a FAT chain that loops, a sector beyond the file, a directory that points outside it
//!    are errors there; calamine's own parser panicked or looped on them). Its `Workbook`
//!    stream is then put into a fresh compound file for calamine, so calamine only ever
//!    parses a compound file that a correct writer made.
//! 2. The BIFF records are scanned ([`scan`]) before calamine parses them, because calamine
//!    parses every sheet when the file is opened and sizes its memory from them: a
//!    DIMENSIONS record or a cell at the far row and column would make it allocate billions
//!    of cells. A sheet whose cells reach past the file's cell budget is refused here.
//! 3. Which cells show a percentage is read from the same records (calamine reads number
//!    formats only to find dates): FORMAT, XF, and the XF index of NUMBER, RK, MULRK and
//!    FORMULA cells.
//!
//! calamine applies a BIFF8 file's declared code page to strings that are already Unicode,
//! so a file declaring 936 (GBK) comes back garbled, and an old BIFF5 file without a proper
//! code page needs 936: where the text looks garbled, both are tried and the reading with
//! the most Chinese kept.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read, Write};

use calamine::{Dimensions, Xls, XlsOptions};

use super::ReadError;
use super::cell_text::is_percent_format;
use super::grid::{Grid, column_letters};
use super::limits::{Limit, MAX_CELLS, MAX_FILE_BYTES, MAX_MERGES};
use super::workbook::{CellBudget, SheetBuilder, open_error, to_merges, worksheet_names};

pub fn read(bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    let stream = workbook_stream(bytes)?;
    let scanned = scan(&stream)?;
    let clean = compound_file_of(&stream)
        .map_err(|e| ReadError::Corrupt(format!("无法重建复合文档（{e}）")))?;
    let first = open_with(&clean, None, &scanned.percent)?;
    if !looks_garbled(&first) {
        return Ok(first);
    }
    [Some(1200), Some(936)]
        .into_iter()
        .filter_map(|cp| open_with(&clean, cp, &scanned.percent).ok())
        .chain([first])
        .max_by_key(|grids| chinese_count(grids))
        .ok_or_else(|| ReadError::Corrupt("无法识别文字编码".to_owned()))
}

/// The BIFF stream of the compound file in `bytes`, from a validated compound file; what
/// else the file may be (an encrypted .xlsx, a Word document) is said as such.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let damaged = |e: std::io::Error| {
        ReadError::Corrupt(format!("复合文档结构已损坏（{}）", short(&e.to_string())))
    };
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    if cfb.exists("/EncryptedPackage") || cfb.exists("/EncryptionInfo") {
        return Err(ReadError::Encrypted);
    }
    if cfb.exists("/WordDocument") {
        return Err(ReadError::WrongContent(
            "Word 97-2003 文档（.doc）".to_owned(),
        ));
    }
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cfb.is_stream(n))
        .ok_or_else(|| ReadError::Corrupt("复合文档中没有工作簿数据".to_owned()))?;
    let mut stream = cfb.open_stream(name).map_err(damaged)?;
    let mut data = Vec::new();
    stream
        .by_ref()
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut data)
        .map_err(damaged)?;
    Ok(data)
}

fn short(detail: &str) -> String {
    detail.chars().take(120).collect()
}

/// A new compound file holding `stream` as its `Workbook`, and one small stream besides:
/// calamine's parser wants a root entry with a mini stream, which only a stream under
/// 4,096 bytes makes.
fn compound_file_of(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::with_capacity(stream.len() + 4096)))?;
    cfb.create_stream("/Workbook")?.write_all(stream)?;
    cfb.create_stream("/Rebuilt")?.write_all(b"zipingbiao")?;
    cfb.flush()?;
    Ok(cfb.into_inner().into_inner())
}

fn open_with(
    clean: &[u8],
    codepage: Option<u16>,
    percent: &PercentCells,
) -> Result<Vec<Grid>, ReadError> {
    let mut options = XlsOptions::default();
    options.force_codepage = codepage;
    let mut wb = Xls::new_with_options(Cursor::new(clean), options)
        .map_err(|e| open_error(&e.to_string()))?;
    let mut budget = CellBudget::new();
    let mut grids = Vec::new();
    for name in worksheet_names(&wb)? {
        let dims: Vec<Dimensions> = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
        if dims.len() > MAX_MERGES {
            return Err(Limit::Merges {
                sheet: name,
                count: dims.len(),
            }
            .into());
        }
        let range = calamine::Reader::worksheet_range(&mut wb, &name)
            .map_err(|e| open_error(&e.to_string()))?;
        let cells = percent.get(&name);
        let mut sheet = SheetBuilder::new(&mut budget, &name);
        sheet.push_range(&range, &|r, c| cells.is_some_and(|p| p.contains(&(r, c))))?;
        grids.push(sheet.finish(to_merges(&dims))?);
    }
    Ok(grids)
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

/// Per sheet name, the (row, col) cells whose format shows a percentage.
pub type PercentCells = HashMap<String, HashSet<(u32, u32)>>;

const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const FILEPASS: u16 = 0x002F;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const DIMENSIONS: u16 = 0x0200;
const NUMBER: u16 = 0x0203;
const LABEL: u16 = 0x0204;
const BOOLERR: u16 = 0x0205;
const RSTRING: u16 = 0x00D6;
const LABELSST: u16 = 0x00FD;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// Built-in number formats 9 (`0%`) and 10 (`0.00%`).
const BUILTIN_PERCENT: [u16; 2] = [9, 10];

/// The largest grid a BIFF8 sheet has (65,536 rows × 256 columns): a DIMENSIONS record
/// beyond it is damage, and calamine reserves memory for whatever it declares.
const MAX_DECLARED_CELLS: u64 = 65_536 * 256;

/// What [`scan`] finds.
#[derive(Debug, Default)]
pub struct Scanned {
    pub percent: PercentCells,
}

/// The records of a BIFF stream from `start`: (type, body), while they fit.
fn records(data: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = start;
    std::iter::from_fn(move || {
        let typ = u16_at(data, pos)?;
        let len = u16_at(data, pos + 2)? as usize;
        let body = data.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, body))
    })
}

/// The records of one substream (the globals, or a sheet) up to its EOF, with embedded
/// substreams (charts in a sheet) left out, as calamine reads them.
fn substream(data: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut depth = 0usize;
    let mut seen_bof = false;
    let mut done = false;
    records(data, start)
        .filter_map(move |(typ, body)| {
            if done {
                return None;
            }
            match typ {
                BOF if seen_bof => depth += 1,
                BOF => seen_bof = true,
                EOF if depth > 0 => {
                    depth -= 1;
                    return None;
                }
                EOF => done = true,
                _ if depth > 0 => return None,
                _ => {}
            }
            Some((typ, body))
        })
        .take_while(|_| true)
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// A BIFF8 string of `chars` characters at `at`, after its flags byte.
fn biff_string(data: &[u8], at: usize, chars: usize) -> Option<String> {
    let wide = data.get(at)? & 1 == 1;
    let body = data.get(at + 1..)?;
    if wide {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(chars)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(body.iter().take(chars).map(|&b| b as char).collect())
    }
}

/// Reads the globals (formats, sheets) and every sheet's cell positions: refuses a sheet
/// that declares or holds more cells than the budget, and collects the percentage cells.
pub fn scan(data: &[u8]) -> Result<Scanned, ReadError> {
    let mut formats: HashMap<u16, String> = HashMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(String, usize)> = Vec::new();
    for (typ, body) in substream(data, 0) {
        match typ {
            FILEPASS => return Err(ReadError::Encrypted),
            FORMAT => {
                if let (Some(id), Some(len)) = (u16_at(body, 0), u16_at(body, 2))
                    && let Some(code) = biff_string(body, 4, len as usize)
                {
                    formats.insert(id, code);
                }
            }
            XF => xf_formats.push(u16_at(body, 2).unwrap_or(0)),
            BOUNDSHEET => {
                let is_worksheet = body.get(5) == Some(&0);
                if let (Some(offset), Some(&len)) = (u32_at(body, 0), body.get(6)) {
                    let name = biff_string(body, 7, len as usize).unwrap_or_default();
                    if offset as usize >= data.len() {
                        return Err(ReadError::Corrupt(format!(
                            "工作表“{name}”的位置超出了文件范围"
                        )));
                    }
                    if is_worksheet {
                        sheets.push((name, offset as usize));
                    }
                }
            }
            _ => {}
        }
    }
    let percent_xf: Vec<bool> = xf_formats
        .iter()
        .map(|id| {
            BUILTIN_PERCENT.contains(id)
                || formats.get(id).is_some_and(|code| is_percent_format(code))
        })
        .collect();
    let is_percent = |xf: Option<u16>| {
        xf.and_then(|i| percent_xf.get(i as usize))
            .copied()
            .unwrap_or(false)
    };

    let mut scanned = Scanned::default();
    let mut budget = MAX_CELLS;
    for (name, offset) in sheets {
        let mut cells = HashSet::new();
        let mut extent = Extent::default();
        for (typ, body) in substream(data, offset) {
            if typ == DIMENSIONS {
                check_dimensions(&name, body)?;
                continue;
            }
            let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) else {
                continue;
            };
            match typ {
                NUMBER | RK | FORMULA | LABEL | LABELSST | RSTRING | BOOLERR => {
                    extent.take(&name, row, col, budget)?;
                    if matches!(typ, NUMBER | RK | FORMULA) && is_percent(u16_at(body, 4)) {
                        cells.insert((row as u32, col as u32));
                    }
                }
                MULRK => {
                    // rw, colFirst, then (ixfe, rk) pairs of 6 bytes, then colLast.
                    let pairs = body.len().saturating_sub(6) / 6;
                    let last = col.saturating_add(pairs.saturating_sub(1).min(0xFFFF) as u16);
                    extent.take(&name, row, last, budget)?;
                    for i in 0..pairs {
                        if is_percent(u16_at(body, 4 + 6 * i)) {
                            cells.insert((row as u32, col as u32 + i as u32));
                        }
                    }
                }
                _ => {}
            }
        }
        budget -= extent.rows * extent.cols;
        if !cells.is_empty() {
            scanned.percent.insert(name, cells);
        }
    }
    Ok(scanned)
}

/// How far a sheet's cells reach.
#[derive(Default)]
struct Extent {
    rows: u64,
    cols: u64,
}

impl Extent {
    fn take(&mut self, sheet: &str, row: u16, col: u16, budget: u64) -> Result<(), Limit> {
        let (rows, cols) = (
            self.rows.max(u64::from(row) + 1),
            self.cols.max(u64::from(col) + 1),
        );
        if rows * cols > budget {
            return Err(Limit::Cells {
                sheet: sheet.to_owned(),
                rows,
                cols,
                cell: Some(format!(
                    "{}{}",
                    column_letters(u32::from(col)),
                    u64::from(row) + 1
                )),
            });
        }
        (self.rows, self.cols) = (rows, cols);
        Ok(())
    }
}

/// A DIMENSIONS record as calamine reads it (MS-XLS 2.4.90): refused where its range is
/// inverted (calamine's size arithmetic would wrap) or beyond a BIFF8 sheet.
fn check_dimensions(sheet: &str, body: &[u8]) -> Result<(), ReadError> {
    let (first_row, last_row, first_col, last_col) = match body.len() {
        10 => (
            u32::from(u16_at(body, 0).unwrap_or(0)),
            u32::from(u16_at(body, 2).unwrap_or(0)),
            u32::from(u16_at(body, 4).unwrap_or(0)),
            u32::from(u16_at(body, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(body, 0).unwrap_or(0),
            u32_at(body, 4).unwrap_or(0),
            u32::from(u16_at(body, 8).unwrap_or(0)),
            u32::from(u16_at(body, 10).unwrap_or(0)),
        ),
        _ => return Ok(()),
    };
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    let first_col = if first_col > 0xFF || last_col < first_col {
        0
    } else {
        first_col
    };
    if first_row > last_row - 1 {
        return Err(ReadError::Corrupt(format!(
            "工作表“{sheet}”的尺寸记录已损坏"
        )));
    }
    let rows = u64::from(last_row - first_row);
    let cols = u64::from(last_col - first_col);
    if rows * cols > MAX_DECLARED_CELLS {
        return Err(Limit::Cells {
            sheet: sheet.to_owned(),
            rows,
            cols,
            cell: None,
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((body.len() as u16).to_le_bytes());
        r.extend(body);
        r
    }

    #[test]
    fn finds_percent_cells_by_builtin_and_custom_formats() {
        let mut globals = Vec::new();
        // Custom format 164 = "0.0%", written as a compressed string.
        let mut fmt = vec![164, 0, 4, 0, 0];
        fmt.extend(b"0.0%");
        globals.extend(record(FORMAT, &fmt));
        for ifmt in [0u16, 10, 164] {
            let mut xf = vec![0, 0];
            xf.extend(ifmt.to_le_bytes());
            xf.extend([0; 16]);
            globals.extend(record(XF, &xf));
        }
        // A sheet named 表 (wide string), starting after the globals.
        let sheet_record_len = 4 + 6 + 2 + 2;
        let eof_len = 4;
        let offset = (globals.len() + sheet_record_len + eof_len) as u32;
        let mut bs = offset.to_le_bytes().to_vec();
        bs.extend([0, 0, 1, 1]);
        bs.extend(0x8868u16.to_le_bytes());
        globals.extend(record(BOUNDSHEET, &bs));
        globals.extend(record(EOF, &[]));
        let mut sheet = Vec::new();
        sheet.extend(record(NUMBER, &[2, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // xf 1: 0.00%
        sheet.extend(record(NUMBER, &[2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])); // xf 0: General
        sheet.extend(record(
            MULRK,
            &[5, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0],
        ));
        sheet.extend(record(EOF, &[]));
        let mut data = globals;
        data.extend(sheet);
        let scanned = scan(&data).unwrap();
        let table = &scanned.percent["表"];
        assert!(table.contains(&(2, 3)));
        assert!(!table.contains(&(2, 4)));
        assert!(table.contains(&(5, 1)), "MULRK entry with xf 2 (0.0%)");
        assert!(!table.contains(&(5, 2)));
    }

    #[test]
    fn garbage_is_no_workbook_and_yields_nothing() {
        assert_eq!(
            read(b"not a compound file").unwrap_err().code(),
            "CORRUPT_FILE"
        );
        assert!(
            scan(&[0x85, 0x00, 0xFF, 0xFF, 1])
                .unwrap()
                .percent
                .is_empty()
        );
    }

    fn sheet_with(records: &[Vec<u8>]) -> Vec<u8> {
        // Globals: one BOUNDSHEET pointing just past them.
        // BOUNDSHEET (4 + 9 bytes) and EOF (4).
        let offset = 17u32;
        let mut bs = offset.to_le_bytes().to_vec();
        bs.extend([0, 0, 1, 0, b'S']);
        let mut data = record(BOUNDSHEET, &bs);
        data.extend(record(EOF, &[]));
        for r in records {
            data.extend(r);
        }
        data.extend(record(EOF, &[]));
        data
    }

    #[test]
    fn a_cell_or_a_dimensions_record_past_the_budget_is_refused_before_calamine() {
        let far = record(LABELSST, &[0xFF, 0xFF, 0xFF, 0x00, 0, 0, 0, 0, 0, 0]);
        let err = scan(&sheet_with(&[far])).unwrap_err();
        assert_eq!(err.code(), "SHEET_TOO_LARGE");
        assert!(err.reason_zh().contains("IV65536"), "{}", err.reason_zh());
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(0x0010_0000u32.to_le_bytes());
        dims.extend([0, 0, 0, 0x40, 0, 0]);
        assert_eq!(
            scan(&sheet_with(&[record(DIMENSIONS, &dims)]))
                .unwrap_err()
                .code(),
            "SHEET_TOO_LARGE"
        );
        let mut inverted = 9u32.to_le_bytes().to_vec();
        inverted.extend(3u32.to_le_bytes());
        inverted.extend([0, 0, 5, 0, 0, 0]);
        assert_eq!(
            scan(&sheet_with(&[record(DIMENSIONS, &inverted)]))
                .unwrap_err()
                .code(),
            "CORRUPT_FILE"
        );
        // A chart embedded in the sheet does not end the sheet's scan.
        let chart = [record(BOF, &[0; 16]), record(EOF, &[])].concat();
        let after = record(
            NUMBER,
            &[0xFF, 0xFF, 0xFF, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        assert_eq!(
            scan(&sheet_with(&[record(BOF, &[0; 16]), chart, after]))
                .unwrap_err()
                .code(),
            "SHEET_TOO_LARGE"
        );
    }
}
