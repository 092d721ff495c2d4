//! The grid every reader produces and the extractor consumes.
//!
//! A grid is one sheet (or one text file): rows of cells holding the text a person sees,
//! plus merged ranges. Each cell keeps its position in the source, so every extracted
//! value can say where it came from. The extractor knows nothing about file formats.

use std::fmt;

/// What kind of source a grid came from; decides how a position is shown to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceKind {
    /// A text dump: positions are line and tab-separated field.
    Text,
    /// A worksheet: positions are cells such as `D12`.
    Sheet,
}

/// A position in the source, 0-based: (row, column) in a sheet, (line, field) in a text dump.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Pos {
    pub row: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(row: u32, col: u32) -> Self {
        Pos { row, col }
    }

    /// The spreadsheet address, `A1` style (also what a text dump's line and field become
    /// when the file is opened in Excel or WPS).
    pub fn a1(self) -> String {
        format!("{}{}", column_letters(self.col), self.row + 1)
    }

    /// How the position is written in provenance: `D12` in a sheet, `12:4` (line:field) in text.
    pub fn label(self, kind: SourceKind) -> String {
        match kind {
            SourceKind::Sheet => self.a1(),
            SourceKind::Text => format!("{}:{}", self.row + 1, self.col + 1),
        }
    }

    /// How the position is said to a clerk, in Chinese.
    pub fn describe_zh(self, kind: SourceKind) -> String {
        match kind {
            SourceKind::Sheet => format!("单元格 {}", self.a1()),
            SourceKind::Text => format!("第{}行第{}栏", self.row + 1, self.col + 1),
        }
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One cell: the text as written, and where it sits in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub pos: Pos,
    /// An error value such as `#DIV/0!`: shown as text but never a number.
    pub is_error: bool,
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A merged range in grid coordinates, inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: usize,
    pub first_col: usize,
    pub last_row: usize,
    pub last_col: usize,
}

impl Merge {
    pub fn contains(&self, row: usize, col: usize) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// One sheet or text file as rows of cells.
///
/// Rows are indexed 0.. in the order they appear; a text row made of one quoted multi-line
/// field still counts as one row, so a cell's `pos` (not its index) is its source position.
#[derive(Debug, Clone)]
pub struct Grid {
    pub kind: SourceKind,
    /// Worksheet name; `None` for text.
    pub sheet: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
}

impl Grid {
    pub fn new(kind: SourceKind, sheet: Option<String>) -> Self {
        Grid {
            kind,
            sheet,
            rows: Vec::new(),
            merges: Vec::new(),
        }
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    pub fn row(&self, r: usize) -> &[Cell] {
        self.rows.get(r).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn cell(&self, r: usize, c: usize) -> Option<&Cell> {
        self.rows.get(r).and_then(|row| row.get(c))
    }

    /// The text at a grid position, `""` where there is no cell.
    pub fn text(&self, r: usize, c: usize) -> &str {
        self.cell(r, c).map(|cell| cell.text.as_str()).unwrap_or("")
    }

    pub fn is_blank_row(&self, r: usize) -> bool {
        self.row(r).iter().all(Cell::is_blank)
    }

    /// The merged range that starts at this cell, if any.
    pub fn merge_at(&self, r: usize, c: usize) -> Option<&Merge> {
        self.merges
            .iter()
            .find(|m| m.first_row == r && m.first_col == c)
    }

    /// True where the cell lies inside a merged range but is not its top-left cell:
    /// a person sees the range's value there, the file stores nothing.
    pub fn is_covered(&self, r: usize, c: usize) -> bool {
        self.merges
            .iter()
            .any(|m| m.contains(r, c) && !(m.first_row == r && m.first_col == c))
    }

    /// Position in the source of grid cell (r, c), also where there is no stored cell.
    pub fn pos(&self, r: usize, c: usize) -> Pos {
        if let Some(cell) = self.cell(r, c) {
            return cell.pos;
        }
        // Cells to the right of a short row: same source row as its first cell.
        let row = self
            .row(r)
            .first()
            .map(|cell| cell.pos.row)
            .unwrap_or(r as u32);
        Pos::new(row, c as u32)
    }
}

impl fmt::Display for Grid {
    /// The grid as tab-separated text: handy in test failures and debugging.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for row in &self.rows {
            let line: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
            writeln!(f, "{}", line.join("\t"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn positions_are_shown_per_source_kind() {
        let p = Pos::new(11, 3);
        assert_eq!(p.label(SourceKind::Sheet), "D12");
        assert_eq!(p.label(SourceKind::Text), "12:4");
        assert_eq!(p.describe_zh(SourceKind::Text), "第12行第4栏");
        assert_eq!(p.describe_zh(SourceKind::Sheet), "单元格 D12");
    }
}
