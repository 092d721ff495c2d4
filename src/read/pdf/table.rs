//! One page's tables rebuilt from its ruling lines, and its other text as lines.
//!
//! Rule `pdf-ruled-table`: rules that touch form one table; its distinct horizontal rules
//! are row boundaries and its vertical ones column boundaries. Two neighbouring cells of
//! that lattice are one (merged) cell where no rule separates them, as a spreadsheet's
//! merged range prints without the inner border. A character belongs to the cell its
//! centre lies in, and the lines of a cell are joined (rule `pdf-cell-text`). Text outside
//! every table is read as lines (rule `pdf-text-lines`).

use super::content::{Glyph, Page, Rule};

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
    let mut claimed = vec![false; page.glyphs.len()];
    let mut bands = Vec::new();
    let mut columns = Vec::new();
    for (t, lattice) in tables.iter().enumerate() {
        columns.extend_from_slice(&lattice.xs);
        bands.extend(lattice.rows(t, &page.glyphs, &mut claimed));
    }
    let loose: Vec<&Glyph> = page
        .glyphs
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

/// Rules on one line that overlap or touch, as one (a border drawn cell by cell).
fn merge_collinear(rules: &[Rule]) -> Vec<Rule> {
    let mut sorted: Vec<Rule> = rules.to_vec();
    sorted.sort_by(|a, b| {
        (a.horizontal, a.at, a.from)
            .partial_cmp(&(b.horizontal, b.at, b.from))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut out: Vec<Rule> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last)
                if last.horizontal == r.horizontal
                    && (last.at - r.at).abs() <= SNAP / 2.0
                    && r.from <= last.to + SNAP =>
            {
                last.to = last.to.max(r.to);
            }
            _ => out.push(r),
        }
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
        for ((g, claimed), y) in glyphs.iter().zip(claimed.iter_mut()).zip(heights) {
            let (Some(r), Some(c)) = (slot(&self.ys, y), slot(&self.xs, g.cx())) else {
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
    /// runs over the borders into the cells above and below; its lines are then consecutive
    /// runs (one drawing operation a line, drawn one after another) that each straddle a
    /// border drawn under them, one right under another at the same left edge, and all of
    /// them are placed by the centre of the whole block. Every other
    /// glyph is placed by its own centre.
    fn placement(&self, glyphs: &[Glyph]) -> Vec<f64> {
        let mut heights: Vec<f64> = glyphs.iter().map(Glyph::cy).collect();
        // The runs: consecutive glyphs drawn by one operation, as index ranges.
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, g) in glyphs.iter().enumerate() {
            match runs.last_mut() {
                Some(r) if glyphs[r.start].run == g.run && glyphs[r.start].page == g.page => {
                    r.end = i + 1
                }
                _ => runs.push(i..i + 1),
            }
        }
        let boxed = |r: &std::ops::Range<usize>| {
            let run = &glyphs[r.clone()];
            let top = run.iter().map(|g| g.top).fold(f64::INFINITY, f64::min);
            let bottom = run
                .iter()
                .map(|g| g.bottom)
                .fold(f64::NEG_INFINITY, f64::max);
            (run[0].x0, top, bottom)
        };
        // A border drawn under the run's first character (not a lattice line inside a
        // merged cell) runs through the middle half of it.
        let straddles = |x: f64, top: f64, bottom: f64| {
            let margin = (bottom - top) * 0.25;
            self.ys
                .iter()
                .enumerate()
                .any(|(i, &y)| top + margin < y && y < bottom - margin && self.ruled(true, i, x))
        };
        // Each straddling run with its left edge, top and bottom.
        type Line = (f64, f64, f64, std::ops::Range<usize>);
        let under = |above: &Line, below: &Line| {
            (above.0 - below.0).abs() <= 1.0
                && (below.1 - above.2).abs() <= (below.2 - below.1) * 0.5
        };
        // A block: consecutive runs (as drawn: a cell's lines one after another) that each
        // straddle a border, one right under another at the same left edge.
        let mut blocks: Vec<Vec<Line>> = Vec::new();
        let mut open = false;
        for r in runs {
            let (x0, top, bottom) = boxed(&r);
            if !straddles(glyphs[r.start].cx(), top, bottom) {
                open = false;
                continue;
            }
            let line = (x0, top, bottom, r);
            match blocks.last_mut() {
                Some(block) if open && block.last().is_some_and(|l| under(l, &line)) => {
                    block.push(line)
                }
                _ => blocks.push(vec![line]),
            }
            open = true;
        }
        // Lines left alone (a program that draws the spilling part of a cell later) join
        // the one right above or below them that is alone too.
        let (mut alone, mut chained): (Vec<Vec<Line>>, Vec<Vec<Line>>) =
            blocks.into_iter().partition(|b| b.len() == 1);
        alone.sort_by(|a, b| a[0].0.total_cmp(&b[0].0).then(a[0].1.total_cmp(&b[0].1)));
        let mut pending: Vec<Line> = Vec::new();
        for line in alone.into_iter().flatten() {
            if pending.last().is_some_and(|l| !under(l, &line)) {
                chained.push(std::mem::take(&mut pending));
            }
            pending.push(line);
        }
        chained.push(pending);
        for block in chained.iter().filter(|b| b.len() > 1) {
            let top = block.iter().map(|l| l.1).fold(f64::INFINITY, f64::min);
            let bottom = block.iter().map(|l| l.2).fold(f64::NEG_INFINITY, f64::max);
            for line in block {
                heights[line.3.clone()].fill((top + bottom) / 2.0);
            }
        }
        heights
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

/// A line outside the tables as pieces: text runs separated by a gap of more than two
/// font sizes (how a header and its value sit apart on a line).
fn pieces(line: &[&Glyph]) -> Vec<Piece> {
    let mut out: Vec<(Vec<&Glyph>, f64, f64)> = Vec::new();
    for &g in line {
        match out.last_mut() {
            Some((run, _, right)) if g.x0 - *right <= g.size().max(1.0) * 2.0 => {
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
