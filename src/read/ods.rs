//! What calamine does not report for `.ods`: merged cells and which cells are percentages.
//! Both are read from `content.xml` (spans from `table:number-columns-spanned` /
//! `-rows-spanned`, percentages from `office:value-type="percentage"`), with positions
//! counted the way calamine counts them, repeated rows and columns included.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::grid::Merge;

/// Per sheet name: merged ranges and percentage cells (row, col), absolute and 0-based.
#[derive(Debug, Default)]
pub struct OdsExtras {
    pub merges: HashMap<String, Vec<Merge>>,
    pub percent_cells: HashMap<String, HashSet<(u32, u32)>>,
}

/// Rows or columns repeated beyond this are the empty tail of a sheet, not content.
const MAX_REPEAT_TRACKED: u32 = 10_000;

/// Reads the extras; a file whose content.xml cannot be read yields none (calamine will
/// already have said what is wrong with it).
pub fn read_extras(bytes: &[u8]) -> OdsExtras {
    let mut extras = OdsExtras::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return extras;
    };
    let Ok(file) = zip.by_name("content.xml") else {
        return extras;
    };
    let mut reader = Reader::from_reader(BufReader::new(file.take(256 << 20)));
    let mut buf = Vec::new();
    let mut sheet = String::new();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "table" => {
                        sheet = attr(e, "name").unwrap_or_default();
                        row = 0;
                    }
                    "table-row" => {
                        col = 0;
                        row_repeat = attr_u32(e, "number-rows-repeated").unwrap_or(1).max(1);
                        if is_empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let repeat = attr_u32(e, "number-columns-repeated").unwrap_or(1).max(1);
                        if e.local_name().as_ref() == "table-cell" {
                            record_cell(&mut extras, &sheet, e, row, col, repeat);
                        }
                        col = col.saturating_add(repeat);
                    }
                    _ => {}
                }
            }
            Event::End(ref e) if e.local_name().as_ref() == "table-row" => {
                row = row.saturating_add(row_repeat);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    extras
}

fn record_cell(
    extras: &mut OdsExtras,
    sheet: &str,
    e: &BytesStart,
    row: u32,
    col: u32,
    repeat: u32,
) {
    let cols = attr_u32(e, "number-columns-spanned").unwrap_or(1).max(1);
    let rows = attr_u32(e, "number-rows-spanned").unwrap_or(1).max(1);
    if (cols > 1 || rows > 1) && repeat == 1 {
        extras
            .merges
            .entry(sheet.to_owned())
            .or_default()
            .push(Merge {
                first_row: row as usize,
                first_col: col as usize,
                last_row: (row + rows - 1) as usize,
                last_col: (col + cols - 1) as usize,
            });
    }
    if attr(e, "value-type").as_deref() == Some("percentage") {
        let cells = extras.percent_cells.entry(sheet.to_owned()).or_default();
        for c in col..col.saturating_add(repeat.min(MAX_REPEAT_TRACKED)) {
            cells.insert((row, c));
        }
    }
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn attr_u32(e: &BytesStart, name: &str) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}
