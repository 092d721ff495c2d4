//! A small page layout engine for forms: tables with wrapped text, cells merged across
//! columns and down rows, header rows repeated on every page, rows never split across a page
//! unless one row alone is taller than a page, and plain paragraphs. It turns blocks into
//! pages of drawing operations ([`Op`]), which [`super::writer`] writes; page footers are
//! added once the page count is known.

use super::font::{Font, PT_MM};
use super::text::wrap;

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
pub const LEFT: f32 = 15.0;
pub const TOP: f32 = 15.0;
pub const BOTTOM: f32 = 20.0;
pub const CONTENT_W: f32 = PAGE_W - 2.0 * LEFT;

/// Table text size (pt) and the cell paddings (mm).
pub const BODY_SIZE: f32 = 9.0;
/// Space between a cell's rule and its text, in millimetres.
pub const PAD_X: f32 = 1.5;
const PAD_Y: f32 = 1.3;
const MIN_ROW: f32 = 7.0;

fn line_height(size: f32) -> f32 {
    size * PT_MM * 1.4
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub col: usize,
    pub span: usize,
    pub text: String,
    pub align: Align,
    pub shaded: bool,
    /// Cells of one column with the same key in adjacent rows are drawn as one merged cell
    /// (一级/二级指标 over their group; split, with the label repeated, at a page break).
    pub merge: Option<u32>,
}

impl Cell {
    pub fn new(col: usize, text: impl Into<String>) -> Self {
        Cell {
            col,
            span: 1,
            text: text.into(),
            align: Align::Left,
            shaded: false,
            merge: None,
        }
    }

    pub fn span(mut self, span: usize) -> Self {
        self.span = span;
        self
    }

    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }

    pub fn shaded(mut self) -> Self {
        self.shaded = true;
        self
    }

    pub fn merge(mut self, key: u32) -> Self {
        self.merge = Some(key);
        self
    }
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Self {
        Row { cells }
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Column widths in mm, adding up to [`CONTENT_W`].
    pub widths: Vec<f32>,
    /// Repeated at the top of every page the table continues on.
    pub header: Vec<Row>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Table(Table),
    /// A paragraph across the page.
    Text {
        text: String,
        size: f32,
        align: Align,
    },
    /// Vertical space in mm.
    Space(f32),
    /// A picture of `pixels` (width, height), centred, `width` mm wide: the document's
    /// XObject `id`.
    Image {
        id: String,
        pixels: (u32, u32),
        width: f32,
    },
    /// A titled part kept on one page where it fits there: where it does not fit in the
    /// room left, it starts a new page, under `title_on_new_page` (which says whose part
    /// it is, since the page shows nothing else of the form).
    Together {
        title: String,
        title_on_new_page: String,
        size: f32,
        blocks: Vec<Block>,
    },
}

/// A laid-out page: its operations (footer not yet added).
pub struct Page {
    pub ops: Vec<Op>,
}

/// What a page draws. Places and sizes are in millimetres from the page's top left.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of text at `size` points, starting at `x` on the baseline `baseline`; every
    /// character one the font has, or a space (see [`Font::printable`]).
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        text: String,
    },
    /// A cell's box, ruled, on a light grey ground where shaded.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        shaded: bool,
    },
    /// A picture the document holds under `id`, its top left at (`x`, `y`), `w` × `h`.
    Image {
        id: String,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// Lays blocks out on A4 pages.
pub struct Layout<'a> {
    font: &'a Font,
    pub pages: Vec<Page>,
    /// Distance from the top of the page to the next free line, in mm.
    y: f32,
}

/// A row ready to place: its cells' lines and its height.
struct Placed {
    row: Row,
    lines: Vec<Vec<String>>,
    height: f32,
}

impl<'a> Layout<'a> {
    pub fn new(font: &'a Font) -> Self {
        let mut layout = Layout {
            font,
            pages: Vec::new(),
            y: TOP,
        };
        layout.new_page();
        layout
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page { ops: Vec::new() });
        self.y = TOP;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        // `new` pushes the first page, so there always is one.
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    fn room(&self) -> f32 {
        PAGE_H - BOTTOM - self.y
    }

    pub fn add(&mut self, block: &Block) {
        match block {
            Block::Space(mm) => self.y += mm,
            Block::Text { text, size, align } => {
                let lh = line_height(*size);
                for line in wrap(self.font, text, *size, CONTENT_W) {
                    if self.room() < lh {
                        self.new_page();
                    }
                    let w = self.font.width(&line, *size);
                    let x = match align {
                        Align::Left => LEFT,
                        Align::Center => LEFT + (CONTENT_W - w) / 2.0,
                        Align::Right => LEFT + CONTENT_W - w,
                    };
                    let baseline = self.y + lh * 0.78;
                    self.text(x, baseline, &line, *size);
                    self.y += lh;
                }
            }
            Block::Table(table) => self.table(table),
            Block::Image { id, pixels, width } => {
                let h = width * pixels.1 as f32 / pixels.0.max(1) as f32;
                if self.room() < h {
                    self.new_page();
                }
                let x = LEFT + (CONTENT_W - width) / 2.0;
                let y = self.y;
                self.ops().push(Op::Image {
                    id: id.clone(),
                    x,
                    y,
                    w: *width,
                    h,
                });
                self.y += h;
            }
            Block::Together {
                title,
                title_on_new_page,
                size,
                blocks,
            } => {
                let title_h = line_height(*size);
                let need = title_h + blocks.iter().map(|b| self.height(b)).sum::<f32>();
                let title = if need > self.room() {
                    self.new_page();
                    title_on_new_page
                } else {
                    title
                };
                self.add(&Block::Text {
                    text: title.clone(),
                    size: *size,
                    align: Align::Left,
                });
                for block in blocks {
                    self.add(block);
                }
            }
        }
    }

    /// The height a block takes laid out whole (a table's rows, merged labels grown).
    fn height(&self, block: &Block) -> f32 {
        match block {
            Block::Space(mm) => *mm,
            Block::Image { pixels, width, .. } => width * pixels.1 as f32 / pixels.0.max(1) as f32,
            Block::Text { text, size, .. } => {
                wrap(self.font, text, *size, CONTENT_W).len() as f32 * line_height(*size)
            }
            Block::Table(table) => {
                let widths = &table.widths;
                let mut rows: Vec<Placed> = table
                    .header
                    .iter()
                    .chain(&table.rows)
                    .map(|r| self.measure(widths, r))
                    .collect();
                self.grow_for_merged_labels(widths, &mut rows);
                rows.iter().map(|p| p.height).sum()
            }
            Block::Together { size, blocks, .. } => {
                line_height(*size) + blocks.iter().map(|b| self.height(b)).sum::<f32>()
            }
        }
    }

    /// Writes one line of text with its baseline `baseline` mm from the top.
    pub fn text(&mut self, x: f32, baseline: f32, text: &str, size: f32) {
        if text.is_empty() {
            return;
        }
        let text = self.font.printable(text).into_owned();
        self.ops().push(Op::Text {
            x,
            baseline,
            size,
            text,
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, shaded: bool) {
        self.ops().push(Op::Rect { x, y, w, h, shaded });
    }

    fn x_of(widths: &[f32], col: usize) -> f32 {
        LEFT + widths.iter().take(col).sum::<f32>()
    }

    fn width_of(widths: &[f32], cell: &Cell) -> f32 {
        widths.iter().skip(cell.col).take(cell.span).sum()
    }

    fn measure(&self, widths: &[f32], row: &Row) -> Placed {
        let lh = line_height(BODY_SIZE);
        let lines: Vec<Vec<String>> = row
            .cells
            .iter()
            .map(|c| {
                wrap(
                    self.font,
                    &c.text,
                    BODY_SIZE,
                    Self::width_of(widths, c) - 2.0 * PAD_X,
                )
            })
            .collect();
        let height = row
            .cells
            .iter()
            .zip(&lines)
            .filter(|(c, _)| c.merge.is_none())
            .map(|(_, l)| l.len() as f32 * lh + 2.0 * PAD_Y)
            .fold(MIN_ROW, f32::max);
        Placed {
            row: row.clone(),
            lines,
            height,
        }
    }

    fn draw_cell(&mut self, widths: &[f32], cell: &Cell, lines: &[String], y: f32, h: f32) {
        let (x, w) = (Self::x_of(widths, cell.col), Self::width_of(widths, cell));
        self.rect(x, y, w, h, cell.shaded);
        let lh = line_height(BODY_SIZE);
        // The text block is centred vertically, as the official form prints it.
        let top = y + (h - lines.len() as f32 * lh) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            let tw = self.font.width(line, BODY_SIZE);
            let tx = match cell.align {
                Align::Left => x + PAD_X,
                Align::Center => x + (w - tw) / 2.0,
                Align::Right => x + w - PAD_X - tw,
            };
            self.text(tx, top + i as f32 * lh + lh * 0.78, line, BODY_SIZE);
        }
    }

    fn place_row(&mut self, widths: &[f32], placed: &Placed) {
        let y = self.y;
        for (cell, lines) in placed.row.cells.iter().zip(&placed.lines) {
            if cell.merge.is_none() {
                self.draw_cell(widths, cell, lines, y, placed.height);
            }
        }
        self.y += placed.height;
    }

    /// Draws the merged cells of the rows placed on this page: one box per run of equal
    /// keys in a column.
    fn draw_merges(&mut self, widths: &[f32], on_page: &[(usize, f32, f32)], rows: &[Placed]) {
        let mut columns: Vec<usize> = rows
            .iter()
            .flat_map(|p| {
                p.row
                    .cells
                    .iter()
                    .filter(|c| c.merge.is_some())
                    .map(|c| c.col)
            })
            .collect();
        columns.sort_unstable();
        columns.dedup();
        for col in columns {
            let key_at = |i: usize| {
                rows[i]
                    .row
                    .cells
                    .iter()
                    .position(|c| c.col == col && c.merge.is_some())
                    .map(|k| (k, rows[i].row.cells[k].merge))
            };
            let mut start = 0;
            while start < on_page.len() {
                let Some((k, key)) = key_at(on_page[start].0) else {
                    start += 1;
                    continue;
                };
                let mut end = start;
                while end + 1 < on_page.len()
                    && key_at(on_page[end + 1].0).map(|(_, m)| m) == Some(key)
                {
                    end += 1;
                }
                let (first, y, _) = on_page[start];
                let (_, last_y, last_h) = on_page[end];
                let cell = rows[first].row.cells[k].clone();
                let w = Self::width_of(widths, &cell) - 2.0 * PAD_X;
                let lines = wrap(self.font, &cell.text, BODY_SIZE, w);
                self.draw_cell(widths, &cell, &lines, y, last_y + last_h - y);
                start = end + 1;
            }
        }
    }

    /// Splits a row taller than a page into rows of at most `max` mm, by lines.
    fn split_tall(placed: Placed, max: f32) -> Vec<Placed> {
        let lh = line_height(BODY_SIZE);
        let per = (((max - 2.0 * PAD_Y) / lh).floor() as usize).max(1);
        let chunks = placed
            .lines
            .iter()
            .map(|l| l.len().div_ceil(per))
            .max()
            .unwrap_or(1);
        (0..chunks)
            .map(|k| {
                let lines: Vec<Vec<String>> = placed
                    .lines
                    .iter()
                    .map(|l| l.iter().skip(k * per).take(per).cloned().collect())
                    .collect();
                let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
                Placed {
                    row: placed.row.clone(),
                    lines,
                    height: n as f32 * lh + 2.0 * PAD_Y,
                }
            })
            .collect()
    }

    fn table(&mut self, table: &Table) {
        let widths = &table.widths;
        let header: Vec<Placed> = table
            .header
            .iter()
            .map(|r| self.measure(widths, r))
            .collect();
        let header_h: f32 = header.iter().map(|p| p.height).sum();
        let mut rows: Vec<Placed> = table.rows.iter().map(|r| self.measure(widths, r)).collect();
        self.grow_for_merged_labels(widths, &mut rows);
        // A row too tall for any page becomes several rows; no other row is split.
        let max_row = PAGE_H - TOP - BOTTOM - header_h;
        let all: Vec<Placed> = rows
            .into_iter()
            .flat_map(|p| {
                if p.height > max_row {
                    Self::split_tall(p, max_row)
                } else {
                    vec![p]
                }
            })
            .collect();

        let first_h = all.first().map_or(0.0, |p| p.height);
        if self.room() < header_h + first_h {
            self.new_page();
        }
        for h in &header {
            self.place_row(widths, h);
        }
        let mut on_page: Vec<(usize, f32, f32)> = Vec::new();
        for (i, placed) in all.iter().enumerate() {
            if self.room() < placed.height {
                self.draw_merges(widths, &on_page, &all);
                on_page.clear();
                self.new_page();
                for h in &header {
                    self.place_row(widths, h);
                }
            }
            on_page.push((i, self.y, placed.height));
            self.place_row(widths, placed);
        }
        self.draw_merges(widths, &on_page, &all);
    }

    /// A merged label taller than its group's rows makes the group's last row taller.
    fn grow_for_merged_labels(&self, widths: &[f32], rows: &mut [Placed]) {
        let lh = line_height(BODY_SIZE);
        let mut i = 0;
        while i < rows.len() {
            for cell in rows[i].row.cells.iter().filter(|c| c.merge.is_some()) {
                let mut end = i;
                while end + 1 < rows.len()
                    && rows[end + 1]
                        .row
                        .cells
                        .iter()
                        .any(|c| c.col == cell.col && c.merge == cell.merge)
                {
                    end += 1;
                }
                let is_start = i == 0
                    || !rows[i - 1]
                        .row
                        .cells
                        .iter()
                        .any(|c| c.col == cell.col && c.merge == cell.merge);
                if !is_start {
                    continue;
                }
                let w = Self::width_of(widths, cell) - 2.0 * PAD_X;
                let need =
                    wrap(self.font, &cell.text, BODY_SIZE, w).len() as f32 * lh + 2.0 * PAD_Y;
                let have: f32 = rows[i..=end].iter().map(|p| p.height).sum();
                if need > have {
                    rows[end].height += need - have;
                }
            }
            i += 1;
        }
    }

    /// Adds `第 N 页 共 M 页` to every page, numbering from `first` out of `total`.
    pub fn add_footers(&mut self, first: usize, total: usize) {
        let size = 9.0;
        for i in 0..self.pages.len() {
            let text = format!("第 {} 页 共 {} 页", first + i, total);
            let x = (PAGE_W - self.font.width(&text, size)) / 2.0;
            self.pages[i].ops.push(Op::Text {
                x,
                baseline: PAGE_H - 10.0,
                size,
                text,
            });
        }
    }
}
