//! `.xlsx` and `.xlsm` through calamine: each sheet's cells and their number formats in one
//! pass over its XML (calamine's `worksheet_range` and `worksheet_style` would read it
//! twice), then its merges from what follows the cells (`xlsx_merges`).

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::ReadError;
use super::cell_text::is_percent_format;
use super::grid::Grid;
use super::limits::{Limit, MAX_MERGES};
use super::workbook::{CellBudget, SheetBuilder, open_error, to_merges, worksheet_names};
use super::xlsx_merges::Merges;

pub fn read(bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| open_error(&e.to_string()))?;
    let mut budget = CellBudget::new();
    let mut grids = Vec::new();
    // Each sheet's place among all of the workbook's, for reading its merges on their own.
    let places: HashMap<String, usize> = wb
        .sheets_metadata()
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let mut merges = Merges::new(bytes).filter(|m| m.sheets() == wb.sheets_metadata().len());
    for name in worksheet_names(&wb)? {
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
        let mut sheet = SheetBuilder::new(&mut budget, &name);
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| open_error(&e.to_string()))?
        {
            let (row, col) = cell.get_position();
            let value = Data::from(cell.get_value().clone());
            sheet.push(
                row,
                col,
                &value,
                percent.get(style).copied().unwrap_or(false),
            )?;
        }
        drop(reader);
        // Merges after the cells, which a sheet refused for its size need not pay for: from
        // what follows the sheet's cells (`xlsx_merges`), else by calamine's pass over the
        // whole sheet.
        let quick = merges
            .as_mut()
            .zip(places.get(&name))
            .and_then(|(m, &i)| m.of(i));
        let dims = match quick {
            Some(dims) => dims,
            None => wb.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        };
        if dims.len() > MAX_MERGES {
            return Err(Limit::Merges {
                sheet: name,
                count: dims.len(),
            }
            .into());
        }
        grids.push(sheet.finish(to_merges(&dims))?);
    }
    Ok(grids)
}
