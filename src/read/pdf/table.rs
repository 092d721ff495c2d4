//! One page's tables rebuilt from its ruling lines, and its other text as lines.
//!
//! Rule `pdf-ruled-table`: rules that touch form one table; its distinct horizontal rules
//! are row boundaries and its vertical ones column boundaries. Two neighbouring cells of
//! that lattice are one (merged) cell where no rule separates them, as a spreadsheet's
//! merged range prints without the inner border. A character belongs to the cell its
//! centre lies in, and the lines of a cell are joined (rule `pdf-cell-text`); one drawn
//! inside a clip of one cell's box belongs to that cell (rule `pdf-cell-clip`). Text outside
//! every table is read as lines (rule `pdf-text-lines`).

use super::content::{Glyph, Page, Rule};
use super::page::Area;

/// Rules closer than this (points) are the same boundary; a touching pair is connected.
const SNAP: f64 = 1.5;

/// A table's cell on the page: its text, and its box in lattice and page coordinates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageCell {
    /// The text, lines joined.
    pub text: String,
    /// The first lattice row and the last (inclusive).
    pub rows: (usize, usize),
    /// Left and right edge on the page.
    pub x: (f64, f64),
    /// The page its text is on (the first of a page joined from print pieces), 0 where it
    /// is empty.
    pub page: u32,
}

/// A run of text on a line outside the tables.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Piece {
    /// Its text.
    pub text: String,
    /// Its left edge.
    pub left: f64,
    /// The page it is on.
    pub page: u32,
}

/// One horizontal band of a page, top to bottom: a table's row or a line of text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Band {
    /// Row `row` of table `table` (lattice rows), the cells that start in it.
    Row {
        /// The table on the page (0-based).
        table: usize,
        /// Its top edge.
        top: f64,
        /// Its bottom edge.
        bottom: f64,
        /// The cells whose first row this is.
        cells: Vec<PageCell>,
    },
    /// A line of text outside the tables, its pieces (separated by wide gaps) with their
    /// left edges.
    Line {
        /// Its top edge.
        top: f64,
        /// Its bottom edge.
        bottom: f64,
        /// The text pieces, left to right.
        pieces: Vec<Piece>,
    },
}

impl Band {
    /// Where the band starts from the top of the page.
    pub fn top(&self) -> f64 {
        match self {
            Band::Row { top, .. } | Band::Line { top, .. } => *top,
        }
    }
}

/// The page as bands, top to bottom, and the column boundaries of its tables.
pub(crate) fn bands(page: &Page) -> (Vec<Band>, Vec<f64>) {
    let tables = tables(&page.rules);
    let glyphs = with_hidden_cell_text(page, &tables);
    let mut claimed = vec![false; glyphs.len()];
    let mut bands = Vec::new();
    let mut columns = Vec::new();
    for (t, lattice) in tables.iter().enumerate() {
        columns.extend_from_slice(&lattice.xs);
        bands.extend(lattice.rows(t, &glyphs, &mut claimed));
    }
    let loose: Vec<&Glyph> = glyphs
        .iter()
        .zip(&claimed)
        .filter(|(_, c)| !**c)
        .map(|(g, _)| g)
        .collect();
    for line in lines(&loose) {
        let top = line.iter().map(|g| g.top).fold(f64::INFINITY, f64::min);
        let bottom = line
            .iter()
            .map(|g| g.bottom)
            .fold(f64::NEG_INFINITY, f64::max);
        bands.push(Band::Line {
            top,
            bottom,
            pieces: pieces(&line),
        });
    }
    bands.sort_by(|a, b| a.top().total_cmp(&b.top()));
    (bands, columns)
}

/// The page's characters in drawing order, with those its clips hid where the clip is one
/// cell of a table (rule `pdf-cell-clip`: Excel and WPS draw a cell's every line and clip
/// them to the cell, so a line its row is too low for is in the file, over the rows above
/// or below, and is the cell's). Characters hidden by any other clip (the printed area's
/// edge) stay out.
fn with_hidden_cell_text(page: &Page, tables: &[Lattice]) -> Vec<Glyph> {
    let hidden: Vec<&Glyph> = page
        .clipped
        .iter()
        .filter(|g| tables.iter().any(|t| t.cell_clip(g).is_some()))
        .collect();
    if hidden.is_empty() {
        return page.glyphs.clone();
    }
    let mut all: Vec<Glyph> = Vec::with_capacity(page.glyphs.len() + hidden.len());
    let mut hidden = hidden.into_iter().peekable();
    for g in &page.glyphs {
        while let Some(h) = hidden.next_if(|h| (h.page, h.run) < (g.page, g.run)) {
            all.push(h.clone());
        }
        all.push(g.clone());
    }
    all.extend(hidden.cloned());
    all
}

/// A table's lattice: its row and column boundaries and, along each boundary, the spans
/// its rules draw.
#[derive(Debug, Clone)]
struct Lattice {
    ys: Vec<f64>,
    xs: Vec<f64>,
    /// Per row boundary (index into `ys`), the x spans drawn on it.
    across: Vec<Vec<(f64, f64)>>,
    /// Per column boundary (index into `xs`), the y spans drawn on it.
    down: Vec<Vec<(f64, f64)>>,
}

/// Rules a page may have (after joining collinear pieces) for its tables to be rebuilt;
/// a printed form has a few hundred, and a page with more is a drawing.
const MAX_TABLE_RULES: usize = 3_000;

/// Lattice cells one table may have.
const MAX_LATTICE_CELLS: usize = 250_000;

/// The page's tables: groups of touching rules with at least two boundaries each way.
fn tables(rules: &[Rule]) -> Vec<Lattice> {
    let rules = merge_collinear(rules);
    if rules.len() > MAX_TABLE_RULES {
        return Vec::new();
    }
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let (horizontal, vertical): (Vec<usize>, Vec<usize>) =
        (0..rules.len()).partition(|&i| rules[i].horizontal);
    for &h in &horizontal {
        for &v in &vertical {
            let (a, b) = (rules[h], rules[v]);
            let touch = (a.from - SNAP..=a.to + SNAP).contains(&b.at)
                && (b.from - SNAP..=b.to + SNAP).contains(&a.at);
            if touch {
                let (ra, rb) = (root(&mut parent, h), root(&mut parent, v));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, rule) in rules.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(*rule);
    }
    let mut out: Vec<Lattice> = groups
        .into_values()
        .filter_map(|rules| {
            let ys = snap(rules.iter().filter(|r| r.horizontal).map(|r| r.at));
            let xs = snap(rules.iter().filter(|r| !r.horizontal).map(|r| r.at));
            let size = ys.len().saturating_sub(1) * xs.len().saturating_sub(1);
            if ys.len() < 2 || xs.len() < 2 || size > MAX_LATTICE_CELLS {
                return None;
            }
            let mut across = vec![Vec::new(); ys.len()];
            let mut down = vec![Vec::new(); xs.len()];
            for r in &rules {
                let (bounds, spans) = if r.horizontal {
                    (&ys, &mut across)
                } else {
                    (&xs, &mut down)
                };
                if let Some(i) = nearest(bounds, r.at) {
                    spans[i].push((r.from, r.to));
                }
            }
            Some(Lattice {
                ys,
                xs,
                across,
                down,
            })
        })
        .collect();
    out.sort_by(|a, b| a.ys[0].total_cmp(&b.ys[0]));
    out
}

/// Rules on one line that overlap or touch, as one (a border drawn cell by cell). Rules
/// whose positions differ by rounding (a cell's `re` ends at `x + w`, its neighbour's
/// starts at its own `x`) are one line: they are grouped by position first, then joined
/// in order along it.
fn merge_collinear(rules: &[Rule]) -> Vec<Rule> {
    let mut sorted: Vec<Rule> = rules.to_vec();
    sorted.sort_by(|a, b| {
        (a.horizontal, a.at)
            .partial_cmp(&(b.horizontal, b.at))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut out: Vec<Rule> = Vec::with_capacity(sorted.len());
    let mut start = 0;
    while start < sorted.len() {
        let first = sorted[start];
        let end = sorted[start..]
            .iter()
            .position(|r| r.horizontal != first.horizontal || r.at - first.at > SNAP / 2.0)
            .map_or(sorted.len(), |n| start + n);
        let line = &mut sorted[start..end];
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut joined: Option<Rule> = None;
        for &r in line.iter() {
            match joined.as_mut() {
                Some(last) if r.from <= last.to + SNAP => last.to = last.to.max(r.to),
                _ => {
                    out.extend(joined.take());
                    joined = Some(r);
                }
            }
        }
        out.extend(joined);
        start = end;
    }
    out
}

/// Distinct positions, those within [`SNAP`] of each other taken as their first.
fn snap(positions: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = positions.filter(|p| p.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for p in v {
        if out.last().is_none_or(|&last| p - last > SNAP) {
            out.push(p);
        }
    }
    out
}

impl Lattice {
    /// True where a rule on boundary `i` (of the rows where `horizontal`, else of the
    /// columns) covers the point `along`.
    fn ruled(&self, horizontal: bool, i: usize, along: f64) -> bool {
        let spans = if horizontal { &self.across } else { &self.down };
        spans[i]
            .iter()
            .any(|&(from, to)| from - SNAP <= along && along <= to + SNAP)
    }

    /// The table's rows as bands; the glyphs inside it are marked as claimed.
    fn rows(&self, table: usize, glyphs: &[Glyph], claimed: &mut [bool]) -> Vec<Band> {
        let (h, w) = (self.ys.len() - 1, self.xs.len() - 1);
        let cells = self.cells(h, w);
        let mut texts: Vec<Vec<&Glyph>> = vec![Vec::new(); cells.len()];
        let mut owner = vec![0usize; h * w];
        for (k, &(r0, c0, r1, c1)) in cells.iter().enumerate() {
            for r in r0..=r1 {
                owner[r * w + c0..=r * w + c1].fill(k);
            }
        }
        let heights = self.placement(glyphs);
        // Consecutive characters share their clip: each clip is looked at once in a row.
        let mut last: Option<(Option<Area>, Option<Area>)> = None;
        for ((g, claimed), y) in glyphs.iter().zip(claimed.iter_mut()).zip(heights) {
            let home = match last {
                Some((clip, home)) if clip == g.clip => home,
                _ => {
                    let home = self.cell_clip(g);
                    last = Some((g.clip, home));
                    home
                }
            };
            let (x, y) = match home {
                Some([x0, top, x1, bottom]) => {
                    (within(g.cx(), x0, x1), within(g.cy(), top, bottom))
                }
                None => (g.cx(), y),
            };
            let (Some(r), Some(c)) = (slot(&self.ys, y), slot(&self.xs, x)) else {
                continue;
            };
            *claimed = true;
            texts[owner[r * w + c]].push(g);
        }
        let mut bands: Vec<Band> = (0..h)
            .map(|r| Band::Row {
                table,
                top: self.ys[r],
                bottom: self.ys[r + 1],
                cells: Vec::new(),
            })
            .collect();
        for (k, &(r0, c0, r1, c1)) in cells.iter().enumerate() {
            if let Band::Row { cells: row, .. } = &mut bands[r0] {
                row.push(PageCell {
                    text: cell_text(&texts[k]),
                    rows: (r0, r1),
                    x: (self.xs[c0], self.xs[c1 + 1]),
                    page: texts[k].first().map_or(0, |g| g.page),
                });
            }
        }
        bands
    }

    /// Rule `pdf-overflow`: the height each glyph is placed at. A cell's text taller than
    /// its row (wrapped lines in a row that was not made higher) is drawn centred on it and
    /// runs over the borders into the cells above and below. Each line (a run of glyphs
    /// along one baseline) that straddles a border drawn under it belongs to the row on one
    /// side of that border:
    /// - where the line fits between the column borders of only one of the two rows (a
    ///   merged cell's long line spilling into a row of narrow cells), to that row;
    /// - else with its block: consecutive lines as drawn, one right under another at the
    ///   same left edge, placed together by the block's centre; a line a program drew apart
    ///   from the rest of its cell joins the lone straddling line right above or below it.
    ///
    /// Every other glyph is placed by its own centre.
    fn placement(&self, glyphs: &[Glyph]) -> Vec<f64> {
        let mut heights: Vec<f64> = glyphs.iter().map(Glyph::cy).collect();
        let lines = lines_as_drawn(glyphs);
        // Each line: left edge, top, bottom, its glyphs, and the border it straddles.
        let mut spilling: Vec<(Line, Option<usize>)> = Vec::with_capacity(lines.len());
        for r in lines {
            let run = &glyphs[r.clone()];
            let top = run.iter().map(|g| g.top).fold(f64::INFINITY, f64::min);
            let bottom = run
                .iter()
                .map(|g| g.bottom)
                .fold(f64::NEG_INFINITY, f64::max);
            let line = Line {
                x0: run[0].x0,
                x1: run[run.len() - 1].x1,
                top,
                bottom,
                glyphs: r,
            };
            let border = self.straddled(&line, run[0].cx());
            spilling.push((line, border));
        }
        // The first rule: the one row the line fits in.
        for (line, border) in &mut spilling {
            let Some(b) = *border else { continue };
            let fits = |r: usize| !self.crosses_columns(line, (self.ys[r] + self.ys[r + 1]) / 2.0);
            let above = b.checked_sub(1).filter(|&r| fits(r));
            let below = (b + 1 < self.ys.len()).then_some(b).filter(|&r| fits(r));
            let row = match (above, below) {
                (Some(r), None) | (None, Some(r)) => r,
                _ => continue,
            };
            heights[line.glyphs.clone()].fill((self.ys[row] + self.ys[row + 1]) / 2.0);
            *border = None;
        }
        // The second: blocks of consecutive lines, at least one of them straddling.
        let mut blocks: Vec<Vec<&Line>> = Vec::new();
        let mut alone: Vec<&Line> = Vec::new();
        let mut current: Vec<(&Line, bool)> = Vec::new();
        fn close<'l>(
            current: &mut Vec<(&'l Line, bool)>,
            blocks: &mut Vec<Vec<&'l Line>>,
            alone: &mut Vec<&'l Line>,
        ) {
            match current.as_slice() {
                [(line, true)] => alone.push(line),
                many if many.len() > 1 && many.iter().any(|(_, s)| *s) => {
                    blocks.push(many.iter().map(|(l, _)| *l).collect())
                }
                _ => {}
            }
            current.clear();
        }
        for (line, border) in &spilling {
            if !current.last().is_some_and(|(l, _)| l.right_above(line)) {
                close(&mut current, &mut blocks, &mut alone);
            } else if let [.., (a, _), (b, _)] = current.as_slice()
                && ((b.top - a.top) - (line.top - b.top)).abs() > 1.0
            {
                // A cell's lines are evenly spaced: a line at another spacing is the first
                // of the next cell's block, which the one before it starts.
                let last = current.pop();
                close(&mut current, &mut blocks, &mut alone);
                current.extend(last);
            }
            current.push((line, border.is_some()));
        }
        close(&mut current, &mut blocks, &mut alone);
        alone.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.top.total_cmp(&b.top)));
        let mut pending: Vec<&Line> = Vec::new();
        for line in alone {
            if pending.last().is_some_and(|l| !l.right_above(line)) {
                blocks.push(std::mem::take(&mut pending));
            }
            pending.push(line);
        }
        blocks.push(pending);
        for block in blocks.iter().filter(|b| b.len() > 1) {
            let top = block.iter().map(|l| l.top).fold(f64::INFINITY, f64::min);
            let bottom = block
                .iter()
                .map(|l| l.bottom)
                .fold(f64::NEG_INFINITY, f64::max);
            for line in block {
                heights[line.glyphs.clone()].fill((top + bottom) / 2.0);
            }
        }
        heights
    }

    /// Rule `pdf-cell-clip`: the clip `g` was drawn inside where it is one cell of this
    /// table — inside the table, and no border drawn through it.
    fn cell_clip(&self, g: &Glyph) -> Option<[f64; 4]> {
        let clip @ [x0, top, x1, bottom] = g.clip?;
        let (left, right) = (self.xs[0] - SNAP, self.xs[self.xs.len() - 1] + SNAP);
        let (up, down) = (self.ys[0] - SNAP, self.ys[self.ys.len() - 1] + SNAP);
        if !(left <= x0 && x0 < x1 && x1 <= right && up <= top && top < bottom && bottom <= down) {
            return None;
        }
        let (cx, cy) = ((x0 + x1) / 2.0, (top + bottom) / 2.0);
        // The boundaries strictly inside the clip, each way.
        let inside = |bounds: &[f64], from: f64, to: f64| {
            bounds.partition_point(|&b| b <= from + SNAP)
                ..bounds.partition_point(|&b| b < to - SNAP)
        };
        let divided = inside(&self.ys, top, bottom).any(|i| self.ruled(true, i, cx))
            || inside(&self.xs, x0, x1).any(|j| self.ruled(false, j, cy));
        (!divided).then_some(clip)
    }

    /// The row border (index into `ys`) drawn under `x` that runs through the middle half
    /// of the line, if any (a lattice line inside a merged cell is no border).
    fn straddled(&self, line: &Line, x: f64) -> Option<usize> {
        let margin = (line.bottom - line.top) * 0.25;
        (0..self.ys.len()).find(|&i| {
            let y = self.ys[i];
            line.top + margin < y && y < line.bottom - margin && self.ruled(true, i, x)
        })
    }

    /// True where a column border drawn at height `y` runs through the line.
    fn crosses_columns(&self, line: &Line, y: f64) -> bool {
        (0..self.xs.len()).any(|j| {
            let x = self.xs[j];
            line.x0 + 1.0 < x && x < line.x1 - 1.0 && self.ruled(false, j, y)
        })
    }

    /// The cells of the lattice: runs of lattice cells no rule separates, each as its
    /// first and last row and column. Where such a run is not a rectangle (a border left
    /// off one side only), its lattice cells stay separate.
    fn cells(&self, h: usize, w: usize) -> Vec<(usize, usize, usize, usize)> {
        let mut parent: Vec<usize> = (0..h * w).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
            let (ra, rb) = (root(parent, a), root(parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        };
        for r in 0..h {
            let mid_y = (self.ys[r] + self.ys[r + 1]) / 2.0;
            for c in 0..w {
                let mid_x = (self.xs[c] + self.xs[c + 1]) / 2.0;
                if c + 1 < w && !self.ruled(false, c + 1, mid_y) {
                    join(&mut parent, r * w + c, r * w + c + 1);
                }
                if r + 1 < h && !self.ruled(true, r + 1, mid_x) {
                    join(&mut parent, r * w + c, (r + 1) * w + c);
                }
            }
        }
        let mut boxes: std::collections::BTreeMap<usize, (usize, usize, usize, usize, usize)> =
            Default::default();
        for r in 0..h {
            for c in 0..w {
                let k = root(&mut parent, r * w + c);
                let b = boxes.entry(k).or_insert((r, c, r, c, 0));
                *b = (b.0.min(r), b.1.min(c), b.2.max(r), b.3.max(c), b.4 + 1);
            }
        }
        let mut out = Vec::new();
        for (k, (r0, c0, r1, c1, n)) in boxes {
            if n == (r1 - r0 + 1) * (c1 - c0 + 1) {
                out.push((r0, c0, r1, c1));
            } else {
                for r in r0..=r1 {
                    for c in c0..=c1 {
                        if root(&mut parent, r * w + c) == k {
                            out.push((r, c, r, c));
                        }
                    }
                }
            }
        }
        out.sort_unstable();
        out
    }
}

/// The boundary within [`SNAP`] of `v`.
fn nearest(bounds: &[f64], v: f64) -> Option<usize> {
    let i = bounds.partition_point(|&b| b < v - SNAP);
    (i < bounds.len() && (bounds[i] - v).abs() <= SNAP * 2.0).then_some(i)
}

/// A line of text as drawn, for rule `pdf-overflow`.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    top: f64,
    bottom: f64,
    /// Its glyphs (indices).
    glyphs: std::ops::Range<usize>,
}

impl Line {
    /// True where `below` is the next line of the same cell: the same left edge, its top at
    /// this one's bottom (not over it: two cells' texts drawn over each other are no block).
    fn right_above(&self, below: &Line) -> bool {
        let (gap, height) = (below.top - self.bottom, below.bottom - below.top);
        (self.x0 - below.x0).abs() <= 1.0 && gap >= -height * 0.1 && gap <= height * 0.5
    }
}

/// The lines as drawn: consecutive glyphs of one operation, or of the next ones that go on
/// along the same baseline (a program that changes font for digits draws a line in several
/// operations), as index ranges.
fn lines_as_drawn(glyphs: &[Glyph]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, g) in glyphs.iter().enumerate() {
        match runs.last_mut() {
            Some(r)
                if glyphs[r.start].page == g.page && {
                    let last = &glyphs[i - 1];
                    glyphs[r.start].run == g.run
                        || ((last.bottom - g.bottom).abs() < 0.5
                            && g.x0 >= last.x1 - 1.0
                            && g.x0 - last.x1 < g.size())
                } =>
            {
                r.end = i + 1
            }
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

/// `v` where it lies between `from` and `to`, else their middle (a character its cell's
/// clip hides is placed in the cell).
fn within(v: f64, from: f64, to: f64) -> f64 {
    if from < v && v < to {
        v
    } else {
        (from + to) / 2.0
    }
}

/// The lattice slot `v` falls in: `i` where `bounds[i] ≤ v < bounds[i + 1]`.
fn slot(bounds: &[f64], v: f64) -> Option<usize> {
    let (first, last) = (*bounds.first()?, *bounds.last()?);
    if !(first..last).contains(&v) {
        return None;
    }
    Some(bounds.partition_point(|&b| b <= v).saturating_sub(1))
}

/// Glyphs as lines: those whose vertical centres lie within half a glyph of each other,
/// top to bottom, each left to right.
fn lines<'g>(glyphs: &[&'g Glyph]) -> Vec<Vec<&'g Glyph>> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut lines: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match lines.last_mut() {
            Some(line) if (g.cy() - line[0].cy()).abs() <= line[0].size().max(1.0) * 0.5 => {
                line.push(g)
            }
            _ => lines.push(vec![g]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}

/// Rule `pdf-cell-text`: a cell's lines joined — nothing between CJK characters, one space
/// between Latin words — and the characters of a line spaced where the gap is wide.
pub(crate) fn cell_text(glyphs: &[&Glyph]) -> String {
    let mut out = String::new();
    for line in lines(glyphs) {
        let text = line_text(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), text.chars().next())
            && is_latin(a)
            && is_latin(b)
        {
            out.push(' ');
        }
        out.push_str(text);
    }
    out
}

/// One line's text; a gap wider than a third of the font size between Latin characters
/// (where the file drew no space) is a space.
fn line_text(line: &[&Glyph]) -> String {
    let mut out = String::new();
    let mut last: Option<&Glyph> = None;
    for g in line {
        if let Some(prev) = last {
            let gap = g.x0 - prev.x1;
            let wide = gap > prev.size().max(g.size()) / 3.0;
            let joined = out.ends_with(' ') || g.text.starts_with(' ');
            let cjk = |s: &str| s.chars().any(is_cjk);
            if wide && !joined && !(cjk(&prev.text) && cjk(&g.text)) {
                out.push(' ');
            }
        }
        if !(g.text == " " && out.ends_with(' ')) {
            out.push_str(&g.text);
        }
        last = Some(g);
    }
    out
}

/// A line outside the tables as pieces: text runs separated by a gap wider than about one
/// character (how a header and its value, or two columns of an unruled table, sit apart).
fn pieces(line: &[&Glyph]) -> Vec<Piece> {
    let mut out: Vec<(Vec<&Glyph>, f64, f64)> = Vec::new();
    for &g in line {
        match out.last_mut() {
            Some((run, _, right)) if g.x0 - *right <= g.size().max(1.0) * 0.9 => {
                run.push(g);
                *right = right.max(g.x1);
            }
            _ => out.push((vec![g], g.x0, g.x1)),
        }
    }
    out.into_iter()
        .map(|(run, left, _)| Piece {
            text: line_text(&run).trim().to_owned(),
            left,
            page: run[0].page,
        })
        .filter(|p| !p.text.is_empty())
        .collect()
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn across(at: f64, from: f64, to: f64) -> Rule {
        Rule {
            horizontal: true,
            at,
            from,
            to,
        }
    }

    /// A border drawn cell by cell with `re`, each cell's edge rounded on its own: the
    /// pieces lie a thousandth apart, interleaved, and are still one line end to end.
    #[test]
    fn a_border_drawn_in_rounded_pieces_is_one_rule() {
        let pieces = [
            across(700.123, 0.0, 100.0),
            across(700.124, 100.0, 200.0),
            across(700.123, 200.0, 300.0),
            across(700.124, 300.0, 400.0),
        ];
        let merged = merge_collinear(&pieces);
        assert_eq!(merged.len(), 1, "{merged:?}");
        assert_eq!((merged[0].from, merged[0].to), (0.0, 400.0));
        // Two lines far apart, and a gap along one line, stay apart.
        let apart = [
            across(700.0, 0.0, 100.0),
            across(680.0, 0.0, 100.0),
            across(700.0, 150.0, 200.0),
        ];
        let merged = merge_collinear(&apart);
        let spans: Vec<(f64, f64, f64)> = merged.iter().map(|r| (r.at, r.from, r.to)).collect();
        assert_eq!(
            spans,
            vec![
                (680.0, 0.0, 100.0),
                (700.0, 0.0, 100.0),
                (700.0, 150.0, 200.0)
            ]
        );
    }
}
