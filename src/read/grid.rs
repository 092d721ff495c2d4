//! The grid every reader produces and the extractor consumes.
//!
//! A grid is one sheet (or one text file): rows of cells holding the text a person sees,
//! plus merged ranges. Each cell keeps its position in the source, so every extracted
//! value can say where it came from. The extractor knows nothing about file formats.

use std::fmt;

use super::limits::Limit;

/// What kind of source a grid came from; decides how a position is shown to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceKind {
    /// A text dump: positions are line and tab-separated field.
    Text,
    /// A worksheet: positions are cells such as `D12`.
    Sheet,
    /// A Word document: positions are a table's row and column (`表2 第5行第3列`), or a
    /// paragraph outside the tables (`第3段`).
    Word,
    /// A PDF whose tables were rebuilt from their ruling lines: positions are a page's row
    /// and column (`第2页 第5行第3列`), `part` the page.
    Pdf,
    /// A PDF without ruling lines, its lines split into columns where the text leaves wide
    /// gaps: positioned like [`SourceKind::Pdf`], its columns not to be trusted.
    PdfText,
}

/// A position in the source, 0-based: (row, column) in a sheet, (line, field) in a text
/// dump, (row, column) of table `part` in a Word document (`part` 0: its paragraphs), (row,
/// column) on page `part` of a PDF.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Pos {
    /// The part of the source the row is in: a Word document's table (1-based; 0 for its
    /// paragraphs), a PDF's page (1-based); 0 for every sheet and text copy.
    #[serde(default)]
    pub part: u32,
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
}

impl Pos {
    /// The position at `row`, `col` (0-based).
    pub fn new(row: u32, col: u32) -> Self {
        Pos { part: 0, row, col }
    }

    /// The position at `row`, `col` of part `part` (a Word document's table, 1-based).
    pub fn in_part(part: u32, row: u32, col: u32) -> Self {
        Pos { part, row, col }
    }

    /// The spreadsheet address, `A1` style (also what a text dump's line and field become
    /// when the file is opened in Excel or WPS).
    pub fn a1(self) -> String {
        format!("{}{}", column_letters(self.col), self.line())
    }

    /// How the position is written in provenance: `D12` in a sheet, `12:4` (line:field) in text.
    pub fn label(self, kind: SourceKind) -> String {
        match kind {
            SourceKind::Sheet => self.a1(),
            SourceKind::Text => format!("{}:{}", self.line(), self.column()),
            SourceKind::Word | SourceKind::Pdf | SourceKind::PdfText => self.describe_zh(kind),
        }
    }

    /// How the position is said to a clerk, in Chinese.
    pub fn describe_zh(self, kind: SourceKind) -> String {
        match kind {
            SourceKind::Sheet => format!("单元格 {}", self.a1()),
            SourceKind::Text => format!("第{}行第{}栏", self.line(), self.column()),
            SourceKind::Word if self.part == 0 => format!("第{}段", self.line()),
            SourceKind::Word => {
                format!("表{} 第{}行第{}列", self.part, self.line(), self.column())
            }
            SourceKind::Pdf | SourceKind::PdfText => {
                format!("第{}页 第{}行第{}列", self.part, self.line(), self.column())
            }
        }
    }

    /// The row, 1-based (as wide as it needs: a position may be the far end of a sheet).
    fn line(self) -> u64 {
        u64::from(self.row) + 1
    }

    /// The column, 1-based.
    fn column(self) -> u64 {
        u64::from(self.col) + 1
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
    /// The cell's text as shown (numbers as the sheet displays them).
    pub text: String,
    /// Where it is.
    pub pos: Pos,
    /// An error value such as `#DIV/0!`: shown as text but never a number.
    pub is_error: bool,
}

impl Cell {
    /// True where the cell holds nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A merged range in grid coordinates, inclusive on both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row of the merged range (0-based).
    pub first_row: usize,
    /// First column.
    pub first_col: usize,
    /// Last row, inclusive.
    pub last_row: usize,
    /// Last column, inclusive.
    pub last_col: usize,
}

impl Merge {
    /// True where the range covers `row`, `col`.
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
    /// What kind of source the grid is read from.
    pub kind: SourceKind,
    /// Worksheet name; `None` for text.
    pub sheet: Option<String>,
    /// Rows of cells, each as long as its last value.
    pub rows: Vec<Vec<Cell>>,
    merges: Vec<Merge>,
    /// Which merge covers each cell, so asking costs the same however many merges a sheet
    /// has (the extractor asks for every cell it looks at).
    index: MergeIndex,
}

/// For each cell of the grid's area: the first merge that contains it, and whether a merge
/// hides it (contains it without starting there); and where each merge starts.
#[derive(Debug, Clone, Default)]
struct MergeIndex {
    width: usize,
    /// Merge number + 1 per cell, 0 where none; empty where the grid has no merges.
    owner: Vec<u32>,
    hidden: Vec<bool>,
    starts: std::collections::HashMap<(usize, usize), u32>,
}

impl Grid {
    /// An empty grid of a sheet (or of a text copy, `sheet` `None`).
    pub fn new(kind: SourceKind, sheet: Option<String>) -> Self {
        Grid {
            kind,
            sheet,
            rows: Vec::new(),
            merges: Vec::new(),
            index: MergeIndex::default(),
        }
    }

    /// True where the grid's columns can be trusted: a worksheet or a Word table, whose
    /// header row names every column below it. A text copy of a PDF drops empty cells, so
    /// its columns are found by content instead.
    pub fn columns_trusted(&self) -> bool {
        matches!(
            self.kind,
            SourceKind::Sheet | SourceKind::Word | SourceKind::Pdf
        )
    }

    /// The merged ranges, as the source declares them.
    pub fn merges(&self) -> &[Merge] {
        &self.merges
    }

    /// Sets the merged ranges (once the rows are in) and indexes them over the grid's area.
    /// Refused, as [`Limit::Merges`] of `source` (the sheet, or what the document is
    /// called), where they are more than [`super::limits::MAX_MERGES`] or cover more than
    /// [`super::limits::MAX_MERGED_CELLS`] cells together.
    pub fn set_merges(&mut self, merges: Vec<Merge>, source: &str) -> Result<(), Limit> {
        use super::limits::{MAX_MERGED_CELLS, MAX_MERGES};
        let refused = |count: usize| Limit::Merges {
            sheet: source.to_owned(),
            count,
        };
        if merges.len() > MAX_MERGES {
            return Err(refused(merges.len()));
        }
        let height = self.rows.len();
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let clipped = |m: &Merge| {
            (m.first_row < height && m.first_col < width).then(|| {
                (
                    m.first_row..=m.last_row.min(height - 1),
                    m.first_col..=m.last_col.min(width - 1),
                )
            })
        };
        let area: u64 = merges
            .iter()
            .filter_map(clipped)
            .map(|(rows, cols)| (rows.count() as u64).saturating_mul(cols.count() as u64))
            .fold(0u64, u64::saturating_add);
        if area > MAX_MERGED_CELLS {
            return Err(refused(merges.len()));
        }
        let mut index = MergeIndex {
            width,
            ..MergeIndex::default()
        };
        if !merges.is_empty() {
            index.owner = vec![0; height * width];
            index.hidden = vec![false; height * width];
        }
        for (i, m) in merges.iter().enumerate() {
            index
                .starts
                .entry((m.first_row, m.first_col))
                .or_insert(i as u32);
            let Some((rows, cols)) = clipped(m) else {
                continue;
            };
            for r in rows {
                for c in cols.clone() {
                    let at = r * width + c;
                    if index.owner[at] == 0 {
                        index.owner[at] = i as u32 + 1;
                    }
                    if (r, c) != (m.first_row, m.first_col) {
                        index.hidden[at] = true;
                    }
                }
            }
        }
        self.merges = merges;
        self.index = index;
        Ok(())
    }

    /// How many rows.
    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// Row `r` (empty past the last).
    pub fn row(&self, r: usize) -> &[Cell] {
        self.rows.get(r).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The cell at `r`, `c`, where there is one.
    pub fn cell(&self, r: usize, c: usize) -> Option<&Cell> {
        self.rows.get(r).and_then(|row| row.get(c))
    }

    /// The text at a grid position, `""` where there is no cell.
    pub fn text(&self, r: usize, c: usize) -> &str {
        self.cell(r, c).map(|cell| cell.text.as_str()).unwrap_or("")
    }

    /// True where row `r` holds no text.
    pub fn is_blank_row(&self, r: usize) -> bool {
        self.row(r).iter().all(Cell::is_blank)
    }

    /// The merged range that starts at this cell, if any.
    pub fn merge_at(&self, r: usize, c: usize) -> Option<&Merge> {
        let i = *self.index.starts.get(&(r, c))?;
        self.merges.get(i as usize)
    }

    /// The first merged range that contains this cell, if any.
    pub fn merge_covering(&self, r: usize, c: usize) -> Option<&Merge> {
        if c >= self.index.width {
            return None;
        }
        let owner = *self.index.owner.get(r * self.index.width + c)?;
        owner
            .checked_sub(1)
            .and_then(|i| self.merges.get(i as usize))
    }

    /// True where the cell lies inside a merged range but is not its top-left cell:
    /// a person sees the range's value there, the file stores nothing.
    pub fn is_covered(&self, r: usize, c: usize) -> bool {
        c < self.index.width
            && self
                .index
                .hidden
                .get(r * self.index.width + c)
                .copied()
                .unwrap_or(false)
    }

    /// Position in the source of grid cell (r, c), also where there is no stored cell.
    pub fn pos(&self, r: usize, c: usize) -> Pos {
        if let Some(cell) = self.cell(r, c) {
            return cell.pos;
        }
        // Cells to the right of a short row: same source row as its first cell.
        match self.row(r).first() {
            Some(first) => Pos::in_part(first.pos.part, first.pos.row, c as u32),
            None => Pos::new(r as u32, c as u32),
        }
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
    fn merges_are_found_by_cell_and_bounded() {
        let mut grid = Grid::new(SourceKind::Sheet, Some("表".into()));
        grid.rows = (0..4)
            .map(|r| {
                (0..4)
                    .map(|c| Cell {
                        text: String::new(),
                        pos: Pos::new(r, c),
                        is_error: false,
                    })
                    .collect()
            })
            .collect();
        let m = |a, b, c, d| Merge {
            first_row: a,
            first_col: b,
            last_row: c,
            last_col: d,
        };
        // The second reaches past the grid and is clipped; the third lies outside it.
        grid.set_merges(vec![m(0, 0, 1, 1), m(2, 2, 9, 9), m(7, 7, 8, 8)], "表")
            .unwrap();
        assert_eq!(grid.merge_at(0, 0), Some(&m(0, 0, 1, 1)));
        assert_eq!(grid.merge_at(1, 1), None);
        assert!(grid.is_covered(1, 1) && !grid.is_covered(0, 0) && !grid.is_covered(0, 2));
        assert!(grid.is_covered(3, 3) && !grid.is_covered(8, 8));
        assert_eq!(grid.merge_covering(3, 2), Some(&m(2, 2, 9, 9)));
        assert_eq!(grid.merge_at(7, 7), Some(&m(7, 7, 8, 8)));
        assert_eq!(grid.merges().len(), 3);
        let many = vec![m(0, 0, 3, 3); super::super::limits::MAX_MERGES + 1];
        assert_eq!(
            grid.set_merges(many, "表"),
            Err(Limit::Merges {
                sheet: "表".to_owned(),
                count: super::super::limits::MAX_MERGES + 1
            })
        );
    }

    #[test]
    fn positions_are_shown_per_source_kind() {
        let p = Pos::new(11, 3);
        assert_eq!(p.label(SourceKind::Sheet), "D12");
        assert_eq!(p.label(SourceKind::Text), "12:4");
        assert_eq!(p.describe_zh(SourceKind::Text), "第12行第4栏");
        assert_eq!(p.describe_zh(SourceKind::Sheet), "单元格 D12");
        let on_page = Pos::in_part(2, 4, 2);
        assert_eq!(on_page.label(SourceKind::Pdf), "第2页 第5行第3列");
        assert_eq!(on_page.describe_zh(SourceKind::PdfText), "第2页 第5行第3列");
    }
}
