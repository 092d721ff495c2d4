//! Rule `pdf-print-pieces`: a sheet too wide for the paper is printed in pieces, and the
//! pieces are put back side by side before the tables are rebuilt.
//!
//! Excel, WPS and LibreOffice print a sheet "down, then over": the pages of its left
//! columns first, top to bottom, then those of the next columns. A page whose ruled rows lie
//! exactly where those of the first page of the sheet's current column of pages lie
//! (same tops, within half a point) is the next piece to the right of that page, and is
//! shifted to continue it. A page starts a new sheet where it continues nothing: not the
//! expected piece, and not the next page down (the page before it did not reach the bottom
//! margin), and not a page whose columns are those of the sheet's first page (the next
//! sheet of a workbook of forms of one shape: a piece to the right has columns of its
//! own). Only PDFs a spreadsheet program made are joined so (their `/Creator` says so):
//! a Word document or this tool's printouts never come in pieces, and two forms of the same
//! shape on consecutive pages must stay two forms.
//!
//! Text that runs across the cut (a long cell drawn on both pages and clipped at the edge)
//! makes one cell again: where clipped characters on both sides of the cut lie on the same
//! row, the border drawn at the cut is taken away in that row.

use lopdf::{Document, Object};

use super::content::{Page, Rule};

/// Row positions closer than this (points) are the same row.
const SAME_ROW: f64 = 0.6;

/// Below this share of the page height, a page's content did not fill it.
const FULL: f64 = 0.85;

/// True where the document's `/Creator` or `/Producer` is a spreadsheet program.
pub(super) fn printed_by_spreadsheet(doc: &Document) -> bool {
    let Ok(info) = doc
        .trailer
        .get_deref(b"Info", doc)
        .and_then(Object::as_dict)
    else {
        return false;
    };
    ["Creator", "Producer"].iter().any(|key| {
        let text = info
            .get_deref(key.as_bytes(), doc)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .unwrap_or_default()
            .to_lowercase();
        [
            "calc",
            "excel",
            "spreadsheet",
            "wps 表格",
            "wps表格",
            "kingsoft et",
        ]
        .iter()
        .any(|name| text.contains(name))
            || text == "et"
    })
}

/// The pages with every print piece joined to the page it continues.
pub(super) fn join(pages: Vec<Page>) -> Vec<Page> {
    let mut out: Vec<Page> = Vec::with_capacity(pages.len());
    // The column boundaries of each page of `out` as it was printed, before pieces joined it.
    let mut columns: Vec<Vec<f64>> = Vec::with_capacity(pages.len());
    // The current sheet: its pages in `out` (the first column of pieces), and where the
    // next piece to the right is expected, once the first column is done.
    let mut group: Vec<usize> = Vec::new();
    let mut next: Option<usize> = None;
    let mut previous_full = false;
    for page in pages {
        let rows = row_tops(&page);
        let own_columns = column_lefts(&page);
        let full = is_full(&page);
        let expected = match next {
            Some(k) => group.get(k).copied(),
            // Still in the first column: the sheet's first page, once the column ended.
            None if !previous_full => group.first().copied(),
            None => None,
        };
        match expected {
            Some(at)
                if rows.len() >= 2
                    && same_rows(&row_tops(&out[at]), &rows)
                    && !same_columns(&columns[at], &own_columns) =>
            {
                attach(&mut out[at], page);
                let k = next.map_or(1, |k| k + 1);
                next = Some(if k >= group.len() { 0 } else { k });
            }
            _ if previous_full && next.is_none() && !group.is_empty() => {
                // The next page down of the sheet's first column.
                out.push(page);
                columns.push(own_columns);
                group.push(out.len() - 1);
            }
            _ => {
                out.push(page);
                columns.push(own_columns);
                group = vec![out.len() - 1];
                next = None;
            }
        }
        previous_full = full;
    }
    out
}

/// The distinct heights of a page's horizontal rules.
fn row_tops(page: &Page) -> Vec<f64> {
    let mut ys: Vec<f64> = page
        .rules
        .iter()
        .filter(|r| r.horizontal)
        .map(|r| r.at)
        .collect();
    ys.sort_by(f64::total_cmp);
    ys.dedup_by(|b, a| (*b - *a).abs() <= SAME_ROW);
    ys
}

/// The distinct positions of a page's vertical rules.
fn column_lefts(page: &Page) -> Vec<f64> {
    let mut xs: Vec<f64> = page
        .rules
        .iter()
        .filter(|r| !r.horizontal)
        .map(|r| r.at)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|b, a| (*b - *a).abs() <= SAME_ROW);
    xs
}

/// True where two pages have the same column boundaries.
fn same_columns(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1.0)
}

/// True where every row of the shorter list lies on a row of the longer.
fn same_rows(a: &[f64], b: &[f64]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 2
        && short
            .iter()
            .all(|y| long.iter().any(|l| (l - y).abs() <= SAME_ROW))
}

/// True where the page's content reaches the bottom margin.
fn is_full(page: &Page) -> bool {
    let bottom = page
        .rules
        .iter()
        .map(|r| if r.horizontal { r.at } else { r.to })
        .chain(page.glyphs.iter().map(|g| g.bottom))
        .fold(0.0, f64::max);
    bottom > page.height * FULL
}

/// The left and right edge of a page's vertical rules.
fn extent(page: &Page) -> Option<(f64, f64)> {
    let xs = page.rules.iter().filter(|r| !r.horizontal).map(|r| r.at);
    let (l, r) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, r), x| {
        (l.min(x), r.max(x))
    });
    (l <= r).then_some((l, r))
}

/// Puts `piece` to the right of `page`, its left edge on `page`'s right edge.
fn attach(page: &mut Page, mut piece: Page) {
    let (Some((_, seam)), Some((left, _))) = (extent(page), extent(&piece)) else {
        return;
    };
    let dx = seam - left;
    if page.pieces.is_empty()
        && let Some((own_left, _)) = extent(page)
    {
        page.pieces.push((page.number, own_left));
    }
    page.pieces.push((piece.number, seam));
    for g in piece.glyphs.iter_mut().chain(&mut piece.clipped) {
        g.x0 += dx;
        g.x1 += dx;
        if let Some(clip) = &mut g.clip {
            clip[0] += dx;
            clip[2] += dx;
        }
    }
    for r in &mut piece.rules {
        if r.horizontal {
            r.from += dx;
            r.to += dx;
        } else {
            r.at += dx;
        }
    }
    // Rows where text runs across the cut: clipped beyond the page's printed area on the
    // left piece and before it on the right one.
    let beyond = |p: &Page, right: bool| -> Vec<f64> {
        let Some([x0, _, x1, _]) = p.printed else {
            return Vec::new();
        };
        p.clipped
            .iter()
            .filter(|g| if right { g.cx() > x1 } else { g.cx() < x0 + dx })
            .map(|g| g.cy())
            .collect()
    };
    let runs_on = beyond(page, true);
    let runs_in = beyond(&piece, false);
    let crossing: Vec<f64> = runs_on
        .into_iter()
        .filter(|y| runs_in.iter().any(|z| (z - y).abs() <= SAME_ROW * 2.0))
        .collect();
    let rows = row_tops(page);
    let mut rules: Vec<Rule> = std::mem::take(&mut page.rules);
    rules.append(&mut piece.rules);
    for y in crossing {
        let above = rows.iter().rev().find(|&&r| r <= y).copied();
        let below = rows.iter().find(|&&r| r > y).copied();
        if let (Some(top), Some(bottom)) = (above, below) {
            rules = cut(rules, seam, top, bottom);
        }
    }
    page.rules = rules;
    page.glyphs.append(&mut piece.glyphs);
    page.clipped.clear();
    page.printed = None;
}

/// The vertical rules at `x` with the stretch between `top` and `bottom` taken out.
fn cut(rules: Vec<Rule>, x: f64, top: f64, bottom: f64) -> Vec<Rule> {
    let mut out = Vec::with_capacity(rules.len() + 2);
    for r in rules {
        if r.horizontal || (r.at - x).abs() > 1.5 || r.to <= top || r.from >= bottom {
            out.push(r);
            continue;
        }
        if r.from < top {
            out.push(Rule { to: top, ..r });
        }
        if r.to > bottom {
            out.push(Rule { from: bottom, ..r });
        }
    }
    out
}
