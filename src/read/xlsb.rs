//! `.xlsb` through calamine's cell reader, one cell at a time, so a cell at the far column
//! is refused where it is met instead of after calamine has laid out the whole range.
//! calamine gives no merges or number formats for `.xlsb`.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsb};

use super::ReadError;
use super::grid::Grid;
use super::workbook::{CellBudget, SheetBuilder, open_error, worksheet_names};

pub fn read(bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| open_error(&e.to_string()))?;
    let mut budget = CellBudget::new();
    let mut grids = Vec::new();
    for name in worksheet_names(&wb)? {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| open_error(&e.to_string()))?;
        let mut sheet = SheetBuilder::new(&mut budget, &name);
        while let Some(cell) = reader.next_cell().map_err(|e| open_error(&e.to_string()))? {
            let (row, col) = cell.get_position();
            sheet.push(row, col, &Data::from(cell.get_value().clone()), false)?;
        }
        drop(reader);
        grids.push(sheet.finish(Vec::new())?);
    }
    Ok(grids)
}
