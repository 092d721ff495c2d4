//! `.xls` percentages. calamine reads an `.xls` file's number formats only to find dates,
//! so which cells show a percentage is read here from the BIFF8 records themselves: FORMAT
//! (format strings), XF (each cell format's number format), BOUNDSHEET (sheet names and
//! where they start) and the cell records that carry an XF index (NUMBER, RK, MULRK,
//! FORMULA). Anything unexpected yields no percentages, never an error: calamine has
//! already judged whether the file is readable.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use super::cell_text::is_percent_format;

/// Per sheet name, the (row, col) cells whose format shows a percentage.
pub type PercentCells = HashMap<String, HashSet<(u32, u32)>>;

const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const FILEPASS: u16 = 0x002F;
const EOF: u16 = 0x000A;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// Built-in number formats 9 (`0%`) and 10 (`0.00%`).
const BUILTIN_PERCENT: [u16; 2] = [9, 10];

pub fn percent_cells(bytes: &[u8]) -> PercentCells {
    workbook_stream(bytes)
        .map(|stream| scan(&stream))
        .unwrap_or_default()
}

fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = cfb.open_stream("/Workbook").ok()?;
    let mut data = Vec::new();
    stream
        .by_ref()
        .take(256 << 20)
        .read_to_end(&mut data)
        .ok()?;
    Some(data)
}

/// The records of a BIFF stream from `start` up to and including the next EOF record.
fn records(data: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = start;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let typ = u16_at(data, pos)?;
        let len = u16_at(data, pos + 2)? as usize;
        let body = data.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        done = typ == EOF;
        Some((typ, body))
    })
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

fn scan(data: &[u8]) -> PercentCells {
    let mut formats: HashMap<u16, String> = HashMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(String, usize)> = Vec::new();
    for (typ, body) in records(data, 0) {
        match typ {
            FILEPASS => return PercentCells::new(),
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
                if let (true, Some(offset), Some(&len)) =
                    (is_worksheet, u32_at(body, 0), body.get(6))
                    && let Some(name) = biff_string(body, 7, len as usize)
                {
                    sheets.push((name, offset as usize));
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

    let mut out = PercentCells::new();
    for (name, offset) in sheets {
        let mut cells = HashSet::new();
        for (typ, body) in records(data, offset) {
            let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) else {
                continue;
            };
            match typ {
                NUMBER | RK | FORMULA if is_percent(u16_at(body, 4)) => {
                    cells.insert((row as u32, col as u32));
                }
                MULRK => {
                    // rw, colFirst, then (ixfe, rk) pairs of 6 bytes, then colLast.
                    let pairs = body.len().saturating_sub(6) / 6;
                    for i in 0..pairs {
                        if is_percent(u16_at(body, 4 + 6 * i)) {
                            cells.insert((row as u32, col as u32 + i as u32));
                        }
                    }
                }
                _ => {}
            }
        }
        if !cells.is_empty() {
            out.insert(name, cells);
        }
    }
    out
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
        let cells = scan(&data);
        let table = &cells["表"];
        assert!(table.contains(&(2, 3)));
        assert!(!table.contains(&(2, 4)));
        assert!(table.contains(&(5, 1)), "MULRK entry with xf 2 (0.0%)");
        assert!(!table.contains(&(5, 2)));
    }

    #[test]
    fn garbage_yields_nothing() {
        assert!(percent_cells(b"not a compound file").is_empty());
        assert!(scan(&[0x85, 0x00, 0xFF, 0xFF, 1]).is_empty());
    }
}
