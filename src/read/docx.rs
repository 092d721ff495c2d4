//! `.docx` (Word 2007 and later, WPS 文字 saved as .docx): the document's tables as one
//! trusted grid, its paragraphs between them as rows of one cell.
//!
//! A unit often pastes its form into the Word 自评报告 as a table, with the title and year in
//! paragraphs above it; a long form breaks over a page into a second table that may repeat
//! the header. Everything of `word/document.xml`'s body is read in order into one grid, so the
//! title counts as the form's title, and a table continued after a page break continues the
//! form (the headed-table reader skips a repeated header, rule `trusted-header`). Within a
//! table `w:gridSpan` is a merge across columns and `w:vMerge` one down rows; the paragraphs
//! of a cell are joined by line breaks, and a table nested in a cell adds its text to the
//! cell (its rows as lines, its cells separated by a space). Positions are the table's row
//! and column (`表2 第5行第3列`) or the paragraph's number (`第3段`).
//!
//! The package is checked like a workbook's first (size, members, inflation, checksums;
//! `package.rs`), and the grid is bounded by [`MAX_CELLS`].

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use super::grid::{Cell, Grid, Merge, Pos, SourceKind};
use super::limits::{Limit, MAX_CELLS};
use super::{GridReader, ReadError, package};

/// Reads `.docx` files.
#[derive(Debug, Clone, Copy)]
pub struct DocxReader;

impl GridReader for DocxReader {
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
        let package = package::check(bytes)?;
        if !package.has("word/document.xml") {
            return Err(ReadError::WrongContent(
                "不是 Word 文档（压缩包中没有 word/document.xml）".to_owned(),
            ));
        }
        let xml = member(package.bytes(bytes), "word/document.xml")?;
        let mut body = Body::default();
        body.read(&xml)?;
        body.finish()
    }
}

/// A member of the package, inflated (its size was checked with the package).
fn member(bytes: &[u8], name: &str) -> Result<Vec<u8>, ReadError> {
    let corrupt = || ReadError::Corrupt(format!("无法解压 {name}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())?;
    let mut file = zip.by_name(name).map_err(|_| corrupt())?;
    let mut out = Vec::with_capacity(file.size().min(1 << 26) as usize);
    file.read_to_end(&mut out).map_err(|_| corrupt())?;
    Ok(out)
}

/// How a table cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    /// `w:vMerge w:val="restart"`: the merge's first cell.
    Restart,
    /// `w:vMerge` alone: the cell continues the merge above it.
    Continue,
}

/// The table cell being read.
#[derive(Debug, Default)]
struct OpenCell {
    span: usize,
    vmerge: Option<VMerge>,
    /// The cell's lines (its paragraphs, and the rows of a table nested in it).
    lines: Vec<String>,
}

/// The document body as it is read: the grid's rows so far and where the reader stands.
#[derive(Debug, Default)]
struct Body {
    rows: Vec<Vec<Cell>>,
    merges: Vec<Merge>,
    /// Vertical merges still open, by grid column: the index into `merges`.
    open_vmerges: Vec<(usize, usize)>,
    cells: u64,
    /// Tables so far (the current one's number while inside it).
    tables: u32,
    /// Paragraphs of the body so far (outside tables).
    paragraphs: u32,
    /// How deep in tables the reader is (0: the body; 2 and more: a nested table).
    depth: usize,
    /// The current table's row number (0-based) and the next free column of that row.
    row_in_table: u32,
    col: usize,
    cell: Option<OpenCell>,
    /// The text of the paragraph being read.
    paragraph: String,
    in_text: bool,
    /// A nested table's row being read, its cells' texts.
    nested_row: Vec<String>,
}

/// `w:val` of an element, where it has one.
fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == "w:val")
        .map(|a| a.value.into_owned())
}

impl Body {
    fn read(&mut self, xml: &[u8]) -> Result<(), ReadError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|e| ReadError::Corrupt(format!("word/document.xml 格式有误（{e}）")))?;
            match event {
                Event::Start(e) => self.start(&e, false)?,
                Event::Empty(e) => self.start(&e, true)?,
                Event::End(e) => self.end(e.name().as_ref())?,
                Event::Text(t) if self.in_text => self.paragraph.push_str(&t.xml10_content()),
                // `&amp;` and `&#x4E2D;` come as events of their own.
                Event::GeneralRef(r) if self.in_text => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        _ => match r.xml10_content().as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    self.paragraph.extend(c);
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) -> Result<(), ReadError> {
        match e.name().as_ref() {
            "w:tbl" => {
                self.depth += 1;
                if self.depth == 1 {
                    self.tables += 1;
                    self.row_in_table = 0;
                    self.open_vmerges.clear();
                }
            }
            "w:tr" if self.depth == 1 => {
                self.new_row()?;
                self.col = 0;
            }
            "w:tr" => self.nested_row.clear(),
            "w:gridBefore" if self.depth == 1 => {
                let before: usize = val(e).and_then(|v| v.parse().ok()).unwrap_or(0);
                self.col = self.col.saturating_add(before);
            }
            "w:tc" if self.depth == 1 => {
                self.cell = Some(OpenCell {
                    span: 1,
                    ..OpenCell::default()
                });
            }
            "w:gridSpan" if self.depth == 1 => {
                if let Some(cell) = &mut self.cell {
                    cell.span = val(e)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            "w:vMerge" if self.depth == 1 => {
                if let Some(cell) = &mut self.cell {
                    cell.vmerge = Some(match val(e).as_deref() {
                        Some("restart") => VMerge::Restart,
                        _ => VMerge::Continue,
                    });
                }
            }
            "w:p" if !empty => self.paragraph.clear(),
            "w:t" if !empty => self.in_text = true,
            "w:tab" => self.paragraph.push(' '),
            "w:br" | "w:cr" => self.paragraph.push('\n'),
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), ReadError> {
        match name {
            "w:t" => self.in_text = false,
            "w:p" => self.end_paragraph()?,
            "w:tc" if self.depth == 1 => self.end_cell()?,
            "w:tc" => {}
            "w:tr" if self.depth == 1 => self.row_in_table += 1,
            "w:tr" => {
                // A nested table's row: one line of the cell that holds it.
                let line = self.nested_row.join(" ");
                if let Some(cell) = &mut self.cell
                    && !line.trim().is_empty()
                {
                    cell.lines.push(line);
                }
                self.nested_row.clear();
            }
            "w:tbl" => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(())
    }

    fn end_paragraph(&mut self) -> Result<(), ReadError> {
        let text = std::mem::take(&mut self.paragraph);
        match self.depth {
            0 => {
                self.paragraphs += 1;
                if !text.trim().is_empty() {
                    let pos = Pos::in_part(0, self.paragraphs - 1, 0);
                    self.paragraph_row(text, pos)?;
                }
            }
            1 => {
                if let Some(cell) = &mut self.cell {
                    cell.lines.push(text);
                }
            }
            // In a nested table: a piece of its current cell.
            _ => {
                if !text.trim().is_empty() {
                    self.nested_row.push(text);
                }
            }
        }
        Ok(())
    }

    fn end_cell(&mut self) -> Result<(), ReadError> {
        let Some(cell) = self.cell.take() else {
            return Ok(());
        };
        let (row, col, span) = (self.rows.len().saturating_sub(1), self.col, cell.span);
        self.col = self.col.saturating_add(span);
        let last_col = col.saturating_add(span - 1);
        let lines: Vec<&str> = cell
            .lines
            .iter()
            .map(String::as_str)
            .filter(|l| !l.trim().is_empty())
            .collect();
        let text = lines.join("\n");
        match cell.vmerge {
            Some(VMerge::Continue) => {
                // Part of the merge above: its text is the first cell's.
                if let Some(&(_, m)) = self.open_vmerges.iter().find(|(c, _)| *c == col) {
                    self.merges[m].last_row = row;
                }
                return Ok(());
            }
            Some(VMerge::Restart) => {
                self.open_vmerges.retain(|(c, _)| *c != col);
                self.open_vmerges.push((col, self.merges.len()));
                self.merges.push(Merge {
                    first_row: row,
                    first_col: col,
                    last_row: row,
                    last_col,
                });
            }
            None => {
                self.open_vmerges.retain(|(c, _)| *c != col);
                if span > 1 {
                    self.merges.push(Merge {
                        first_row: row,
                        first_col: col,
                        last_row: row,
                        last_col,
                    });
                }
            }
        }
        if !text.is_empty() {
            let pos = Pos::in_part(self.tables, self.row_in_table, col as u32);
            self.place(row, col, text, pos)?;
        }
        Ok(())
    }

    /// A new, empty row of the grid; every row costs a cell of the budget, so a document of
    /// nothing but empty rows is bounded too.
    fn new_row(&mut self) -> Result<(), ReadError> {
        self.cells = self.cells.saturating_add(1);
        if self.cells > MAX_CELLS {
            return Err(self.too_large(0, None));
        }
        self.rows.push(Vec::new());
        Ok(())
    }

    fn too_large(&self, col: usize, at: Option<Pos>) -> ReadError {
        Limit::Cells {
            sheet: "Word 文档".to_owned(),
            rows: self.rows.len() as u64,
            cols: (col as u64).saturating_add(1),
            cell: at.map(|p| p.describe_zh(SourceKind::Word)),
        }
        .into()
    }

    /// A paragraph outside the tables: a row of its own, its text in the first column.
    fn paragraph_row(&mut self, text: String, pos: Pos) -> Result<(), ReadError> {
        self.new_row()?;
        self.place(self.rows.len() - 1, 0, text, pos)
    }

    /// `text` at grid row `row`, column `col`, the row padded with empty cells up to it.
    fn place(&mut self, row: usize, col: usize, text: String, pos: Pos) -> Result<(), ReadError> {
        let Some(len) = self.rows.get(row).map(Vec::len) else {
            return Ok(());
        };
        let added = col.saturating_add(1).saturating_sub(len) as u64;
        self.cells = self.cells.saturating_add(added);
        if self.cells > MAX_CELLS {
            return Err(self.too_large(col, Some(pos)));
        }
        let Some(cells) = self.rows.get_mut(row) else {
            return Ok(());
        };
        while cells.len() <= col {
            let at = cells.len() as u32;
            cells.push(Cell {
                text: String::new(),
                pos: Pos::in_part(pos.part, pos.row, at),
                is_error: false,
            });
        }
        cells[col] = Cell {
            text,
            pos,
            is_error: false,
        };
        Ok(())
    }

    fn finish(self) -> Result<Vec<Grid>, ReadError> {
        let mut grid = Grid::new(SourceKind::Word, None);
        grid.rows = self.rows;
        grid.set_merges(self.merges, "Word 文档")?;
        Ok(vec![grid])
    }
}

#[cfg(test)]
mod tests;
