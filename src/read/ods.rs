//! `.ods` through calamine, with what calamine does not report read from `content.xml`
//! first: merged cells (`table:number-columns-spanned` / `-rows-spanned`), which cells are
//! percentages (`office:value-type="percentage"`), and how far each table's content
//! reaches once its repeats are counted — calamine lays a repeated cell out as many times
//! as it is repeated (up to 100 million cells), so a table whose repeats reach past the
//! file's cell budget is refused here, before calamine opens it. Positions are counted the
//! way calamine counts them, repeated rows and columns included.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::ReadError;
use super::grid::{Grid, Merge, column_letters};
use super::limits::{Limit, MAX_CELLS, MAX_MERGES, MAX_UNZIPPED_BYTES};
use super::workbook::{CellBudget, SheetBuilder, open_error, worksheet_names};

pub fn read(bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    let extras = read_extras(bytes)?;
    let mut wb = <calamine::Ods<_> as calamine::Reader<_>>::new(Cursor::new(bytes))
        .map_err(|e| open_error(&e.to_string()))?;
    let mut budget = CellBudget::new();
    let mut grids = Vec::new();
    for name in worksheet_names(&wb)? {
        let range = calamine::Reader::worksheet_range(&mut wb, &name)
            .map_err(|e| open_error(&e.to_string()))?;
        let percent = extras.percent_cells.get(&name);
        let mut sheet = SheetBuilder::new(&mut budget, &name);
        sheet.push_range(&range, &|r, c| percent.is_some_and(|p| p.contains(&(r, c))))?;
        drop(range);
        let merges = extras.merges.get(&name).cloned().unwrap_or_default();
        grids.push(sheet.finish(merges)?);
    }
    Ok(grids)
}

/// Per sheet name: merged ranges and percentage cells (row, col), absolute and 0-based.
#[derive(Debug, Default)]
pub struct OdsExtras {
    pub merges: HashMap<String, Vec<Merge>>,
    pub percent_cells: HashMap<String, HashSet<(u32, u32)>>,
}

/// How far the tables read so far reach: the current table's rows × columns of content, and
/// the areas of the tables before it.
#[derive(Default)]
struct Reach {
    before: u64,
    rows: u64,
    cols: u64,
}

impl Reach {
    /// Takes a cell with content repeated over `rows` × `cols` from (row, col); an error
    /// once the tables' areas together pass [`MAX_CELLS`].
    fn take(&mut self, sheet: &str, row: u32, col: u32, rows: u32, cols: u32) -> Result<(), Limit> {
        let last_row = u64::from(row) + u64::from(rows);
        let last_col = u64::from(col) + u64::from(cols);
        let (r, c) = (self.rows.max(last_row), self.cols.max(last_col));
        if self.before.saturating_add(r.saturating_mul(c)) > MAX_CELLS {
            let (cell_col, cell_row) = ((last_col - 1).min(u64::from(u32::MAX)) as u32, last_row);
            return Err(Limit::Cells {
                sheet: sheet.to_owned(),
                rows: r,
                cols: c,
                cell: Some(format!("{}{cell_row}", column_letters(cell_col))),
            });
        }
        (self.rows, self.cols) = (r, c);
        Ok(())
    }

    fn next_table(&mut self) {
        self.before += self.rows * self.cols;
        (self.rows, self.cols) = (0, 0);
    }
}

/// Reads the extras, refusing a file whose tables reach past the cell budget. A file whose
/// content.xml cannot be read yields none (calamine will say what is wrong with it).
pub fn read_extras(bytes: &[u8]) -> Result<OdsExtras, ReadError> {
    let mut extras = OdsExtras::default();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(extras);
    };
    let Ok(file) = zip.by_name("content.xml") else {
        return Ok(extras);
    };
    let mut reader = Reader::from_reader(BufReader::new(file.take(MAX_UNZIPPED_BYTES)));
    let mut buf = Vec::new();
    let mut sheet = String::new();
    let mut reach = Reach::default();
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "table" => {
                        reach.next_table();
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
                    name @ ("table-cell" | "covered-table-cell") => {
                        let repeat = attr_u32(e, "number-columns-repeated").unwrap_or(1).max(1);
                        let has_content = !is_empty || attr(e, "value-type").is_some();
                        if name == "table-cell" && has_content {
                            reach.take(&sheet, row, col, row_repeat, repeat)?;
                            record_cell(&mut extras, &sheet, e, (row, col), (row_repeat, repeat))?;
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
    Ok(extras)
}

/// Records a cell's merge and percentage; `at` is its (row, col), `repeat` how many rows
/// and columns it is repeated over (within the budget, as [`Reach::take`] checked).
fn record_cell(
    extras: &mut OdsExtras,
    sheet: &str,
    e: &BytesStart,
    (row, col): (u32, u32),
    (rows_repeat, cols_repeat): (u32, u32),
) -> Result<(), Limit> {
    let cols = attr_u32(e, "number-columns-spanned").unwrap_or(1).max(1);
    let rows = attr_u32(e, "number-rows-spanned").unwrap_or(1).max(1);
    if (cols > 1 || rows > 1) && cols_repeat == 1 && rows_repeat == 1 {
        let merges = extras.merges.entry(sheet.to_owned()).or_default();
        if merges.len() >= MAX_MERGES {
            return Err(Limit::Merges {
                sheet: sheet.to_owned(),
                count: merges.len() + 1,
            });
        }
        merges.push(Merge {
            first_row: row as usize,
            first_col: col as usize,
            last_row: row.saturating_add(rows - 1) as usize,
            last_col: col.saturating_add(cols - 1) as usize,
        });
    }
    if attr(e, "value-type").as_deref() == Some("percentage") {
        let cells = extras.percent_cells.entry(sheet.to_owned()).or_default();
        for r in row..row.saturating_add(rows_repeat) {
            for c in col..col.saturating_add(cols_repeat) {
                cells.insert((r, c));
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::hostile::forge::{ods, ods_table};

    #[test]
    fn merges_and_percentages_are_read_with_repeats_counted() {
        let table = "<table:table table:name=\"表\">\
            <table:table-row table:number-rows-repeated=\"2\"><table:table-cell/></table:table-row>\
            <table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>\
            <table:table-cell table:number-columns-spanned=\"3\" office:value-type=\"string\"><text:p>合并</text:p></table:table-cell>\
            <table:table-cell office:value-type=\"percentage\" office:value=\"0.5\" table:number-columns-repeated=\"2\"><text:p>50%</text:p></table:table-cell>\
            </table:table-row></table:table>";
        let extras = read_extras(&ods(table)).unwrap();
        assert_eq!(
            extras.merges["表"],
            vec![Merge {
                first_row: 2,
                first_col: 2,
                last_row: 2,
                last_col: 4
            }]
        );
        let percent = &extras.percent_cells["表"];
        assert!(
            percent.contains(&(2, 3)) && percent.contains(&(2, 4)),
            "{percent:?}"
        );
    }

    #[test]
    fn a_cell_repeated_past_the_budget_is_refused_before_calamine_lays_it_out() {
        let table = "<table:table table:name=\"重复\"><table:table-row table:number-rows-repeated=\"1000000\">\
            <table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"16384\"><text:p>x</text:p></table:table-cell>\
            </table:table-row></table:table>";
        let err = read(&ods(table)).unwrap_err();
        assert_eq!(err.code(), "SHEET_TOO_LARGE");
        assert!(err.reason_zh().contains("重复"), "{}", err.reason_zh());
        // Empty repeats (the blank tail every sheet has) cost nothing.
        let tail = ods_table("表", &[vec!["项目名称".into(), "测试".into()]]).replace(
            "</table:table>",
            "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row></table:table>",
        );
        let grids = read(&ods(&tail)).unwrap();
        assert_eq!(grids[0].text(0, 1), "测试");
    }
}
