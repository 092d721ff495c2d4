//! The pages of a PDF as one grid: bands one under another, page after page, in columns
//! common to the whole document.
//!
//! Rule `pdf-document-columns`: the column boundaries of every page's tables, taken
//! together, are the grid's columns, so a table continued on the next page keeps its
//! columns (and a repeated header row is skipped by the extractor, as in a workbook). A cell
//! spanning several boundaries is a merge, as a merged range of a sheet; a line of text
//! outside the tables puts each of its pieces in the column it starts in.
//!
//! Rule `pdf-blank-rows`: where a page leaves an empty stretch between two bands, taller
//! than a line of its text, the grid has an empty row, as the sheet it was printed from had
//! (an empty row is what separates one form from the 备注 of the form above it).
//!
//! Rule `pdf-page-furniture`: a line in the top or bottom margin that is only a page number
//! (`第 1 页 共 2 页`, `- 1 -`, `1/2`, `Page 1`) belongs to the print, not the form, and is
//! left out.
//!
//! Where no page has a ruled table, the grid is [`SourceKind::PdfText`]: each line's pieces
//! in successive columns, for the extractor's content aligner.

use std::sync::LazyLock;

use regex::Regex;

use super::content::Page;
use super::table::{Band, bands};
use crate::read::ReadError;
use crate::read::grid::{Cell, Grid, Merge, Pos, SourceKind};
use crate::read::limits::{Limit, MAX_CELLS};

/// Column boundaries closer than this (points) across pages are the same.
const SAME_COLUMN: f64 = 2.5;

/// An empty stretch taller than this (points), and than a line of the text above it, between
/// two bands is an empty row.
const BLANK_ROW: f64 = 9.0;

/// The share of the page height at its top and bottom where page numbers are looked for.
const MARGIN: f64 = 0.1;

/// The document's grid.
pub(super) fn grid(pages: &[Page]) -> Result<Grid, ReadError> {
    let mut all_bands = Vec::with_capacity(pages.len());
    let mut boundaries = Vec::new();
    for page in pages {
        let (bands, columns) = bands(page);
        boundaries.extend(columns);
        all_bands.push(bands);
    }
    boundaries.sort_by(f64::total_cmp);
    boundaries.dedup_by(|b, a| *b - *a <= SAME_COLUMN);
    let ruled = !boundaries.is_empty();
    let mut out = Builder {
        kind: if ruled {
            SourceKind::Pdf
        } else {
            SourceKind::PdfText
        },
        boundaries,
        rows: Vec::new(),
        merges: Vec::new(),
        cells: 0,
    };
    for (page, bands) in pages.iter().zip(&all_bands) {
        out.page(page.number, page, bands)?;
    }
    out.finish()
}

struct Builder {
    kind: SourceKind,
    boundaries: Vec<f64>,
    rows: Vec<Vec<Cell>>,
    merges: Vec<Merge>,
    cells: u64,
}

impl Builder {
    /// Column of a left edge: the boundary it sits on, else the one before it (0 before
    /// the first).
    fn column(&self, x: f64) -> usize {
        self.boundaries
            .partition_point(|&b| b <= x + SAME_COLUMN)
            .saturating_sub(1)
    }

    /// Column `col` of the grid as the page `on` numbers it: on a page joined from print
    /// pieces, counted from the left edge of the piece that page printed.
    fn on_its_page(&self, col: usize, on: u32, page: &Page) -> u32 {
        let left = page
            .pieces
            .iter()
            .find(|(number, _)| *number == on)
            .map_or(0, |&(_, left)| self.column(left));
        col.saturating_sub(left) as u32
    }

    fn page(&mut self, number: u32, page: &Page, bands: &[Band]) -> Result<(), ReadError> {
        // Grid row of each table's lattice rows, for merges down rows.
        let mut row_of: std::collections::HashMap<(usize, usize), usize> = Default::default();
        // Merged cells: table, grid row, first and last column, last lattice row.
        let mut pending: Vec<(usize, usize, usize, usize, usize)> = Vec::new();
        let mut on_page = 0u32;
        let mut lattice_rows: std::collections::HashMap<usize, usize> = Default::default();
        // The bottom of the band above and the stretch it takes to be an empty row.
        let mut above: Option<(f64, f64)> = None;
        for band in bands {
            if let Band::Line {
                top,
                bottom,
                pieces,
            } = band
            {
                let in_margin =
                    *bottom < page.height * MARGIN || *top > page.height * (1.0 - MARGIN);
                let text: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
                if in_margin && is_page_number(&text.join(" ")) {
                    continue;
                }
            }
            if let Some((bottom, blank)) = above
                && band.top() - bottom > blank
            {
                self.new_row()?;
                on_page += 1;
            }
            match band {
                Band::Line {
                    top,
                    bottom,
                    pieces,
                } => {
                    let row = self.new_row()?;
                    above = Some((*bottom, BLANK_ROW.max((bottom - top) * 1.2)));
                    for (k, piece) in pieces.iter().enumerate() {
                        let col = match self.kind {
                            SourceKind::PdfText => k,
                            _ => self.column(piece.left),
                        };
                        let local = self.on_its_page(col, piece.page, page);
                        let pos = Pos::in_part(piece.page, on_page, local);
                        self.place(row, col, &piece.text, pos)?;
                    }
                }
                Band::Row {
                    table,
                    cells,
                    bottom,
                    ..
                } => {
                    let row = self.new_row()?;
                    above = Some((*bottom, BLANK_ROW));
                    let lattice = lattice_rows.entry(*table).or_insert(0);
                    row_of.insert((*table, *lattice), row);
                    for cell in cells {
                        let first = self.column(cell.x.0);
                        let last = self.column(cell.x.1 - SAME_COLUMN * 2.0).max(first);
                        let on = if cell.page == 0 { number } else { cell.page };
                        let pos = Pos::in_part(on, on_page, self.on_its_page(first, on, page));
                        self.place(row, first, &cell.text, pos)?;
                        if cell.rows.1 > cell.rows.0 || last > first {
                            pending.push((*table, row, first, last, cell.rows.1));
                        }
                    }
                    *lattice += 1;
                }
            }
            on_page += 1;
        }
        for (table, row, first_col, last_col, last_lattice_row) in pending {
            let last_row = row_of
                .get(&(table, last_lattice_row))
                .copied()
                .unwrap_or(row)
                .max(row);
            self.merges.push(Merge {
                first_row: row,
                first_col,
                last_row,
                last_col,
            });
        }
        Ok(())
    }

    fn new_row(&mut self) -> Result<usize, ReadError> {
        self.cells = self.cells.saturating_add(1);
        self.check(0)?;
        self.rows.push(Vec::new());
        Ok(self.rows.len() - 1)
    }

    fn check(&self, col: usize) -> Result<(), ReadError> {
        if self.cells > MAX_CELLS {
            return Err(Limit::Cells {
                sheet: "PDF".to_owned(),
                rows: self.rows.len() as u64,
                cols: col as u64 + 1,
                cell: None,
            }
            .into());
        }
        Ok(())
    }

    /// `text` at grid row `row`, column `col` (joined to what a piece before it put there).
    fn place(&mut self, row: usize, col: usize, text: &str, pos: Pos) -> Result<(), ReadError> {
        let len = self.rows[row].len();
        self.cells = self
            .cells
            .saturating_add(col.saturating_add(1).saturating_sub(len) as u64);
        self.check(col)?;
        let cells = &mut self.rows[row];
        while cells.len() <= col {
            let at = cells.len() as u32;
            cells.push(Cell {
                text: String::new(),
                pos: Pos::in_part(pos.part, pos.row, at),
                is_error: false,
            });
        }
        let cell = &mut cells[col];
        if cell.text.is_empty() {
            cell.text = text.to_owned();
            cell.pos = pos;
        } else if !text.is_empty() {
            cell.text.push(' ');
            cell.text.push_str(text);
        }
        Ok(())
    }

    fn finish(self) -> Result<Grid, ReadError> {
        let mut grid = Grid::new(self.kind, None);
        grid.rows = self.rows;
        grid.set_merges(self.merges, "PDF")?;
        Ok(grid)
    }
}

/// True where a line is only a page number.
fn is_page_number(line: &str) -> bool {
    static PAGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(第\s*\d+\s*页\s*[,，/]?\s*(共\s*\d+\s*页)?|[-—–]\s*\d+\s*[-—–]|\d+\s*/\s*\d+|page\s*\d+(\s*(of|/)\s*\d+)?|\d+)\s*$",
        )
        .ok()
    });
    PAGE.as_ref().is_some_and(|re| re.is_match(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_told_from_text() {
        for furniture in [
            "第 1 页 共 2 页",
            "第2页",
            "- 3 -",
            "—3—",
            "1/2",
            "Page 2 of 5",
            "7",
        ] {
            assert!(is_page_number(furniture), "{furniture}");
        }
        for text in [
            "第一部分",
            "2023年度财政项目支出绩效自评表",
            "总分 100",
            "100%",
        ] {
            assert!(!is_page_number(text), "{text}");
        }
    }
}
