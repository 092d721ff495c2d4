//! A page's content stream played back into what a table is made of: the characters shown,
//! each with its box on the page, and the straight horizontal and vertical strokes (ruling
//! lines), in page coordinates with y growing downwards from the page's top.
//!
//! The interpreter follows the graphics state (`q`/`Q`/`cm`, a rectangular clip from
//! `re W n`), the text state and matrices (`BT`, `Tf`, `Tm`, `Td`, `TD`, `T*`, `TL`, `Tc`,
//! `Tw`, `Tz`, `Ts`) and the four text-showing operators, and form XObjects (`Do`, nested at
//! most [`MAX_FORM_DEPTH`] deep). Characters outside the clip are dropped: a spreadsheet
//! printed over several pages draws a long cell's whole text on each page and clips it,
//! and only what shows belongs to the page. Images, colours and curves are ignored.

use std::collections::BTreeMap;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::super::limits::{Limit, MAX_PDF_PAGE_OPERATIONS, MAX_PDF_STREAM_BYTES};
use super::fonts::{Font, number};
use super::page::{Area, bbox, intersect, media_box, operators, page_resources, union};
use crate::read::ReadError;

/// How deep form XObjects may nest (a form drawing itself is stopped here).
const MAX_FORM_DEPTH: usize = 8;

/// A stroke thinner than this (in points) is a line, whether drawn as a path or filled as
/// a thin rectangle.
const LINE_THICKNESS: f64 = 3.0;

/// A character on the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    /// Its text (one character, occasionally a ligature's several).
    pub text: String,
    /// Left and right edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Top and bottom of the em box.
    pub top: f64,
    /// Bottom of the em box.
    pub bottom: f64,
    /// The page it is on (1-based).
    pub page: u32,
    /// Which text-showing operation of the page drew it (a cell's line, as most programs
    /// draw one), counted from 0 in drawing order.
    pub run: u32,
    /// The clip it was drawn inside, `[left, top, right, bottom]`: a spreadsheet's print
    /// clips each cell's text to the cell's box (rule `pdf-cell-clip`).
    pub clip: Option<[f64; 4]>,
}

impl Glyph {
    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }

    /// Its height (the font size on the page).
    pub fn size(&self) -> f64 {
        self.bottom - self.top
    }
}

/// A horizontal or vertical ruling line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    /// True for a horizontal line (at `at` = y, from `from` to `to` in x).
    pub horizontal: bool,
    /// Where the line lies across its direction.
    pub at: f64,
    /// Where it starts along its direction.
    pub from: f64,
    /// Where it ends (`to` ≥ `from`).
    pub to: f64,
}

/// What one page shows.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    /// The page's number (1-based; the first one's, of pages joined from print pieces).
    pub number: u32,
    /// Page height in points.
    pub height: f64,
    /// The characters, in drawing order.
    pub glyphs: Vec<Glyph>,
    /// The ruling lines.
    pub rules: Vec<Rule>,
    /// Characters drawn but clipped away (a cell's text cut at the edge of the printed
    /// area, the rest of it on another page), at most [`MAX_CLIPPED`].
    pub clipped: Vec<Glyph>,
    /// The clips its text was shown inside, together (the page's box only where no other
    /// was drawn): the printed area.
    pub printed: Option<[f64; 4]>,
    /// Codes shown whose font gave no text for them.
    pub unmapped: usize,
    /// The pages joined to this one as print pieces (rule `pdf-print-pieces`), with the
    /// left edge of each in this page's coordinates; empty where none was.
    pub pieces: Vec<(u32, f64)>,
}

/// Clipped characters kept per page: enough to see which cells run on.
const MAX_CLIPPED: usize = 10_000;

/// A 2-D affine matrix `[a b c d e f]` as PDF writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f64; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `other`.
    fn then(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [p, q, r, s, t, u] = other.0;
        Matrix([
            a * p + b * r,
            a * q + b * s,
            c * p + d * r,
            c * q + d * s,
            e * p + f * r + t,
            e * q + f * s + u,
        ])
    }

    fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

#[derive(Debug, Clone, Copy)]
struct GraphicsState {
    ctm: Matrix,
    clip: Option<Area>,
}

#[derive(Debug, Clone, Copy)]
struct TextState {
    font: usize,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

/// Plays back pages: the fonts of the document are loaded once, on first use.
pub(super) struct Interpreter<'a> {
    doc: &'a Document,
    fonts: Vec<Option<Font<'a>>>,
    font_ids: BTreeMap<ObjectId, usize>,
    operations: usize,
}

/// The state while one content stream (or a form inside it) plays.
struct Run<'p> {
    page: &'p mut Page,
    gs: GraphicsState,
    /// The page's own box, the clip it starts with.
    page_box: Area,
    stack: Vec<GraphicsState>,
    ts: TextState,
    tm: Matrix,
    line: Matrix,
    /// The current path: subpaths of points, in device space (y up).
    path: Vec<Vec<(f64, f64)>>,
    /// The bounding boxes of the `re` rectangles of the current path.
    rects: Vec<Area>,
    /// The page's number (1-based).
    number: u32,
    /// Text-showing operations so far.
    runs: u32,
}

impl<'a> Interpreter<'a> {
    pub(super) fn new(doc: &'a Document) -> Self {
        Interpreter {
            doc,
            fonts: Vec::new(),
            font_ids: BTreeMap::new(),
            operations: 0,
        }
    }

    /// What the page shows.
    pub(super) fn page(&mut self, page_id: ObjectId, number: u32) -> Result<Page, ReadError> {
        let doc = self.doc;
        let dict = doc
            .get_dictionary(page_id)
            .map_err(|e| ReadError::Corrupt(format!("PDF 页面无法读取（{e}）")))?;
        let [x0, y0, x1, y1] = media_box(doc, dict).unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let mut page = Page {
            number,
            height: (y1 - y0).abs(),
            ..Page::default()
        };
        let content = doc
            .get_page_content_with_limit(page_id, MAX_PDF_STREAM_BYTES)
            .map_err(super::load_error)?;
        let resources = page_resources(doc, page_id);
        self.operations = 0;
        let page_box = [0.0, 0.0, (x1 - x0).abs(), (y1 - y0).abs()];
        let mut run = Run {
            page: &mut page,
            gs: GraphicsState {
                // Page space with its origin at the media box's lower left.
                ctm: Matrix::translate(-x0.min(x1), -y0.min(y1)),
                clip: Some(page_box),
            },
            page_box,
            stack: Vec::new(),
            ts: TextState {
                font: usize::MAX,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                scale: 1.0,
                leading: 0.0,
                rise: 0.0,
            },
            tm: Matrix::IDENTITY,
            line: Matrix::IDENTITY,
            path: Vec::new(),
            rects: Vec::new(),
            number,
            runs: 0,
        };
        self.play(&content, &resources, &mut run, 0)?;
        // Flip to y downwards from the top.
        let h = page.height;
        for g in page.glyphs.iter_mut().chain(&mut page.clipped) {
            (g.top, g.bottom) = (h - g.top, h - g.bottom);
            if let Some([x0, y0, x1, y1]) = g.clip {
                g.clip = Some([x0, h - y1, x1, h - y0]);
            }
        }
        if let Some([x0, y0, x1, y1]) = page.printed {
            page.printed = Some([x0, h - y1, x1, h - y0]);
        }
        for r in &mut page.rules {
            if r.horizontal {
                r.at = h - r.at;
            } else {
                (r.from, r.to) = (h - r.to, h - r.from);
            }
        }
        Ok(page)
    }

    fn play(
        &mut self,
        content: &[u8],
        resources: &[&'a Dictionary],
        run: &mut Run,
        depth: usize,
    ) -> Result<(), ReadError> {
        // Counted before they are decoded: a decoded operation costs some 100 bytes, so a
        // stream of millions would take the memory the bound is there to keep.
        self.operations += operators(content);
        if self.operations > MAX_PDF_PAGE_OPERATIONS {
            return Err(Limit::PdfOperations(self.operations).into());
        }
        let ops = Content::decode(content)
            .map_err(|e| ReadError::Corrupt(format!("PDF 页面内容无法解析（{e}）")))?
            .operations;
        for op in &ops {
            self.operation(op, resources, run, depth)?;
        }
        Ok(())
    }

    fn operation(
        &mut self,
        op: &Operation,
        resources: &[&'a Dictionary],
        run: &mut Run,
        depth: usize,
    ) -> Result<(), ReadError> {
        if matches!(op.operator.as_str(), "Tj" | "TJ" | "'" | "\"") {
            run.runs = run.runs.saturating_add(1);
        }
        let n = |i: usize| {
            op.operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .map(f64::from)
        };
        let nums = |k: usize| -> Option<Vec<f64>> { (0..k).map(n).collect() };
        match op.operator.as_str() {
            "q" if run.stack.len() < 1024 => run.stack.push(run.gs),
            "Q" => {
                if let Some(gs) = run.stack.pop() {
                    run.gs = gs;
                }
            }
            "cm" => {
                if let Some(m) = nums(6) {
                    run.gs.ctm = Matrix([m[0], m[1], m[2], m[3], m[4], m[5]]).then(run.gs.ctm);
                }
            }
            "m" => {
                if let Some(p) = nums(2) {
                    let at = run.gs.ctm.apply(p[0], p[1]);
                    run.path.push(vec![at]);
                }
            }
            "l" => {
                if let (Some(p), Some(sub)) = (nums(2), run.path.last_mut()) {
                    sub.push(run.gs.ctm.apply(p[0], p[1]));
                }
            }
            "h" => {
                if let Some(sub) = run.path.last_mut()
                    && let Some(&first) = sub.first()
                {
                    sub.push(first);
                }
            }
            "re" => {
                if let Some(r) = nums(4) {
                    let m = run.gs.ctm;
                    let corners = [
                        m.apply(r[0], r[1]),
                        m.apply(r[0] + r[2], r[1]),
                        m.apply(r[0] + r[2], r[1] + r[3]),
                        m.apply(r[0], r[1] + r[3]),
                    ];
                    let mut sub = corners.to_vec();
                    sub.push(corners[0]);
                    run.rects.push(bbox(&sub));
                    run.path.push(sub);
                }
            }
            "S" | "s" | "B" | "B*" | "b" | "b*" => run.stroke(op.operator == "s"),
            "f" | "F" | "f*" => run.fill_thin(),
            "n" => run.end_path(),
            "W" | "W*" => run.clip(),
            "BT" => {
                run.tm = Matrix::IDENTITY;
                run.line = Matrix::IDENTITY;
            }
            "Tf" => {
                let name = op.operands.first().and_then(|o| o.as_name().ok());
                if let (Some(name), Some(size)) = (name, n(1)) {
                    run.ts.font = self.font(resources, name)?;
                    run.ts.size = size;
                }
            }
            "Tc" => run.ts.char_spacing = n(0).unwrap_or(0.0),
            "Tw" => run.ts.word_spacing = n(0).unwrap_or(0.0),
            "Tz" => run.ts.scale = n(0).unwrap_or(100.0) / 100.0,
            "TL" => run.ts.leading = n(0).unwrap_or(0.0),
            "Ts" => run.ts.rise = n(0).unwrap_or(0.0),
            "Td" => {
                if let Some(p) = nums(2) {
                    run.next_line(p[0], p[1]);
                }
            }
            "TD" => {
                if let Some(p) = nums(2) {
                    run.ts.leading = -p[1];
                    run.next_line(p[0], p[1]);
                }
            }
            "T*" => run.next_line(0.0, -run.ts.leading),
            "Tm" => {
                if let Some(m) = nums(6) {
                    run.tm = Matrix([m[0], m[1], m[2], m[3], m[4], m[5]]);
                    run.line = run.tm;
                }
            }
            "Tj" => self.show_operand(op.operands.first(), run),
            "'" => {
                run.next_line(0.0, -run.ts.leading);
                self.show_operand(op.operands.first(), run);
            }
            "\"" => {
                run.ts.word_spacing = n(0).unwrap_or(run.ts.word_spacing);
                run.ts.char_spacing = n(1).unwrap_or(run.ts.char_spacing);
                run.next_line(0.0, -run.ts.leading);
                self.show_operand(op.operands.get(2), run);
            }
            "TJ" => {
                let Some(Ok(items)) = op.operands.first().map(Object::as_array) else {
                    return Ok(());
                };
                for item in items {
                    match item {
                        Object::String(bytes, _) => self.show(bytes, run),
                        other => {
                            if let Ok(k) = other.as_float() {
                                let tx = -f64::from(k) / 1000.0 * run.ts.size * run.ts.scale;
                                run.tm = Matrix::translate(tx, 0.0).then(run.tm);
                            }
                        }
                    }
                }
            }
            "Do" if depth < MAX_FORM_DEPTH => {
                if let Some(Ok(name)) = op.operands.first().map(Object::as_name) {
                    self.form(resources, name, run, depth)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn show_operand(&mut self, operand: Option<&Object>, run: &mut Run) {
        if let Some(Ok(bytes)) = operand.map(Object::as_str) {
            self.show(bytes, run);
        }
    }

    /// Places each code of a shown string and moves the pen past it.
    fn show(&mut self, bytes: &[u8], run: &mut Run) {
        let Some(Some(font)) = self.fonts.get(run.ts.font) else {
            // Text in a font the page does not have: shown, but unreadable.
            run.page.unmapped += bytes.len();
            return;
        };
        let ts = run.ts;
        for code in font.codes(bytes) {
            let trm = Matrix([ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise])
                .then(run.tm)
                .then(run.gs.ctm);
            let (x0, _) = trm.apply(0.0, 0.0);
            let (x1, _) = trm.apply(code.advance, 0.0);
            let (_, top) = trm.apply(0.0, 0.88);
            let (_, bottom) = trm.apply(0.0, -0.12);
            // Shown where its centre is inside the clip across, and any of it up and down
            // (a line cut through by a cell's edge still shows, and still reads).
            let visible = run.gs.clip.is_none_or(|[cx0, cy0, cx1, cy1]| {
                let cx = (x0 + x1) / 2.0;
                let (low, high) = (top.min(bottom), top.max(bottom));
                (cx0..=cx1).contains(&cx) && high > cy0 && low < cy1
            });
            let text = code.text.trim_matches('\0');
            let glyph = || Glyph {
                text: text.to_owned(),
                x0: x0.min(x1),
                x1: x0.max(x1),
                top: top.max(bottom),
                bottom: top.min(bottom),
                page: run.number,
                run: run.runs,
                clip: run.gs.clip,
            };
            if text.is_empty() {
                run.page.unmapped += 1;
            } else if visible {
                run.page.glyphs.push(glyph());
                run.page.printed = match (run.page.printed, run.gs.clip) {
                    // The page's own box, which every page starts clipped to, gives way
                    // to the clips a program drew.
                    (None, clip) => clip,
                    (Some(p), Some(clip)) if p == run.page_box => Some(clip),
                    (Some(p), Some(clip)) if clip != run.page_box => Some(union(p, clip)),
                    (printed, _) => printed,
                };
            } else if run.page.clipped.len() < MAX_CLIPPED {
                run.page.clipped.push(glyph());
            }
            let spacing = ts.char_spacing + if code.is_space { ts.word_spacing } else { 0.0 };
            let tx = (code.advance * ts.size + spacing) * ts.scale;
            run.tm = Matrix::translate(tx, 0.0).then(run.tm);
        }
    }

    /// The font named `name` in the resources, loaded once per font object.
    fn font(&mut self, resources: &[&'a Dictionary], name: &[u8]) -> Result<usize, ReadError> {
        let doc = self.doc;
        let found = resources.iter().find_map(|r| {
            let fonts = r.get_deref(b"Font", doc).and_then(Object::as_dict).ok()?;
            fonts.get(name).ok()
        });
        let Some(entry) = found else {
            return Ok(usize::MAX);
        };
        let id = entry.as_reference().ok();
        if let Some(&i) = id.and_then(|id| self.font_ids.get(&id)) {
            return Ok(i);
        }
        let Ok((_, Object::Dictionary(dict))) = doc.dereference(entry) else {
            return Ok(usize::MAX);
        };
        let font = Font::load(doc, dict).map_err(super::load_error)?;
        self.fonts.push(Some(font));
        let i = self.fonts.len() - 1;
        if let Some(id) = id {
            self.font_ids.insert(id, i);
        }
        Ok(i)
    }

    /// Plays a form XObject, inside its own graphics state.
    fn form(
        &mut self,
        resources: &[&'a Dictionary],
        name: &[u8],
        run: &mut Run,
        depth: usize,
    ) -> Result<(), ReadError> {
        let doc = self.doc;
        let Some(stream) = resources.iter().find_map(|r| {
            let xobjects = r
                .get_deref(b"XObject", doc)
                .and_then(Object::as_dict)
                .ok()?;
            let (_, o) = doc.dereference(xobjects.get(name).ok()?).ok()?;
            o.as_stream().ok()
        }) else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let content = stream
            .decompressed_content_with_limit(MAX_PDF_STREAM_BYTES)
            .or_else(|e| match e {
                lopdf::Error::Decompress(_) => Err(e),
                // An uncompressed stream.
                _ => Ok(stream.content.clone()),
            })
            .map_err(super::load_error)?;
        let saved = (run.gs, run.stack.len());
        if let Ok(m) = stream.dict.get(b"Matrix").and_then(Object::as_array) {
            let m: Vec<f64> = m.iter().filter_map(|o| number(doc, o).ok()).collect();
            if let [a, b, c, d, e, f] = m[..] {
                run.gs.ctm = Matrix([a, b, c, d, e, f]).then(run.gs.ctm);
            }
        }
        let mut inner: Vec<&'a Dictionary> = Vec::new();
        if let Ok(own) = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
        {
            inner.push(own);
        }
        inner.extend_from_slice(resources);
        self.play(&content, &inner, run, depth + 1)?;
        run.gs = saved.0;
        run.stack.truncate(saved.1);
        Ok(())
    }
}

impl Run<'_> {
    fn next_line(&mut self, tx: f64, ty: f64) {
        self.line = Matrix::translate(tx, ty).then(self.line);
        self.tm = self.line;
    }

    /// The current path's straight axis-parallel segments become rules.
    fn stroke(&mut self, close: bool) {
        for sub in &self.path {
            let closing = close.then(|| (sub.last().copied(), sub.first().copied()));
            let pairs = sub.windows(2).map(|w| (w[0], w[1]));
            let extra = closing.and_then(|(a, b)| Some((a?, b?)));
            for (a, b) in pairs.chain(extra) {
                push_rule(self.page, a, b);
            }
        }
        self.end_path();
    }

    /// A filled rectangle thin enough to be a line (how many programs draw borders)
    /// becomes one; a cell's shading does not.
    fn fill_thin(&mut self) {
        for sub in &self.path {
            let [x0, y0, x1, y1] = bbox(sub);
            if sub.len() < 2 {
                continue;
            }
            if y1 - y0 <= LINE_THICKNESS && x1 - x0 > LINE_THICKNESS {
                let y = (y0 + y1) / 2.0;
                push_rule(self.page, (x0, y), (x1, y));
            } else if x1 - x0 <= LINE_THICKNESS && y1 - y0 > LINE_THICKNESS {
                let x = (x0 + x1) / 2.0;
                push_rule(self.page, (x, y0), (x, y1));
            }
        }
        self.end_path();
    }

    /// `W n`: the clip narrows to the path's rectangles' common area (other shapes are
    /// taken by their bounding box).
    fn clip(&mut self) {
        let area = if self.rects.is_empty() {
            self.path.iter().map(|s| bbox(s)).reduce(union)
        } else {
            self.rects.iter().copied().reduce(union)
        };
        if let Some(area) = area {
            self.gs.clip = Some(match self.gs.clip {
                Some(c) => intersect(c, area),
                None => area,
            });
        }
    }

    fn end_path(&mut self) {
        self.path.clear();
        self.rects.clear();
    }
}

/// The segment from `a` to `b`, where it runs along an axis, as a rule.
fn push_rule(page: &mut Page, a: (f64, f64), b: (f64, f64)) {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if page.rules.len() >= MAX_RULES {
        return;
    }
    if dy < 0.5 && dx > 0.5 {
        page.rules.push(Rule {
            horizontal: true,
            at: (a.1 + b.1) / 2.0,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
        });
    } else if dx < 0.5 && dy > 0.5 {
        page.rules.push(Rule {
            horizontal: false,
            at: (a.0 + b.0) / 2.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
        });
    }
}

/// Rules kept per page: a table has hundreds; more is drawing, not a form.
const MAX_RULES: usize = 100_000;
