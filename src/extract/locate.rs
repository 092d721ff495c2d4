//! Finding labels and the values beside them in a grid.

use crate::model::Located;
use crate::normalize::{clean_text, label_key};
use crate::read::{Cell, Grid};

use super::vocabulary::{Label, Vocabulary};

/// A form's rows in the grid, inclusive.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub first: usize,
    pub last: usize,
}

impl Span {
    pub fn rows(self) -> std::ops::RangeInclusive<usize> {
        self.first..=self.last
    }
}

/// The cells of a row that a person sees as cells: not blank, not hidden under a merge.
pub fn visible_cells(grid: &Grid, r: usize) -> impl Iterator<Item = (usize, &Cell)> {
    grid.row(r)
        .iter()
        .enumerate()
        .filter(move |(c, cell)| !cell.is_blank() && !grid.is_covered(r, *c))
}

/// The first column in row `r` whose cell is `label`, alone or with its value after a
/// colon (`主管部门：淞南镇`).
pub fn find_in_row(grid: &Grid, r: usize, label: Label, vocab: &Vocabulary) -> Option<usize> {
    visible_cells(grid, r)
        .find(|(_, cell)| {
            vocab.is(label, &cell.text) || value_in_label_cell(&cell.text, label, vocab).is_some()
        })
        .map(|(c, _)| c)
}

/// The first row in `rows` holding `label`, with its column.
pub fn find_label(
    grid: &Grid,
    rows: impl IntoIterator<Item = usize>,
    label: Label,
    vocab: &Vocabulary,
) -> Option<(usize, usize)> {
    rows.into_iter()
        .find_map(|r| find_in_row(grid, r, label, vocab).map(|c| (r, c)))
}

/// `项目名称：平安办工作经费` in one cell: the value after the colon, if the part before it
/// is the label.
pub fn value_in_label_cell<'a>(text: &'a str, label: Label, vocab: &Vocabulary) -> Option<&'a str> {
    let (head, tail) = text.split_once(['：', ':'])?;
    (vocab.is(label, head) && !clean_text(tail).is_empty()).then_some(tail)
}

/// A cleaned text value with its cell.
pub fn text_at(cell: &Cell) -> Located<String> {
    Located::new(clean_text(&cell.text), Some(cell.pos), cell.text.clone())
}

/// Several cells read as one value (a cell split over lines): joined in order, cleaned.
pub fn joined(parts: &[&Cell]) -> Located<String> {
    let raw: Vec<&str> = parts.iter().map(|c| c.text.as_str()).collect();
    let raw = raw.join("\n");
    Located::new(clean_text(&raw), parts.first().map(|c| c.pos), raw)
}

/// The value right of a label in the same row: the label cell's own text after a colon,
/// or the next visible cell unless that cell is itself one of the `stop` labels.
pub fn value_right_of(
    grid: &Grid,
    r: usize,
    c: usize,
    label: Label,
    stop: &[Label],
    vocab: &Vocabulary,
) -> Located<String> {
    let label_cell = &grid.row(r)[c];
    if let Some(value) = value_in_label_cell(&label_cell.text, label, vocab) {
        return Located::new(
            clean_text(before_labels(value, stop, vocab)),
            Some(label_cell.pos),
            label_cell.text.clone(),
        );
    }
    let next = visible_cells(grid, r).find(|(col, _)| *col > c);
    match next {
        Some((_, cell)) if !stop.iter().any(|l| vocab.is(*l, &cell.text)) => text_at(cell),
        _ => Located::new(String::new(), None, String::new()),
    }
}

/// Where in `text` (half-width, whitespace removed) a name of one of `labels` stands with
/// its colon: (start, end after the colon).
fn labelled_at(text: &str, labels: &[Label], vocab: &Vocabulary) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    for label in labels {
        for word in vocab.label_words(*label) {
            for (at, _) in text.match_indices(word.as_str()) {
                let end = at + word.len();
                if text[end..].starts_with(':') {
                    found.push((at, end + 1));
                }
            }
        }
    }
    found.sort_unstable();
    found
}

/// The byte offset in `written` of the place `at` bytes into its compact form
/// ([`compact_text`](super::vocabulary::compact_text): one char for each char that is no
/// whitespace, so the non-whitespace chars before it are counted).
fn written_offset(written: &str, compact: &str, at: usize) -> usize {
    let mut left = compact[..at].chars().count();
    for (i, ch) in written.char_indices() {
        if left == 0 && !ch.is_whitespace() {
            return i;
        }
        if !ch.is_whitespace() {
            left = left.saturating_sub(1);
        }
    }
    written.len()
}

/// A value that runs into the next label written in its cell (`某县民政局 实施单位：某县救助站`
/// → `某县民政局`).
fn before_labels<'a>(value: &'a str, stop: &[Label], vocab: &Vocabulary) -> &'a str {
    let compact = super::vocabulary::compact_text(value);
    match labelled_at(&compact, stop, vocab).first() {
        Some(&(at, _)) => &value[..written_offset(value, &compact, at)],
        None => value,
    }
}

/// `项目名称：…  主管部门：某县民政局  实施单位：某县救助站` in one cell: the value of `label`
/// when it is not the cell's first, up to the next label of `stop`, as written.
pub fn value_inside(
    text: &str,
    label: Label,
    stop: &[Label],
    vocab: &Vocabulary,
) -> Option<String> {
    if text.len() > 1024 {
        return None;
    }
    let compact = super::vocabulary::compact_text(text);
    let (_, start) = *labelled_at(&compact, &[label], vocab).first()?;
    let rest = &text[written_offset(text, &compact, start)..];
    let value = clean_text(before_labels(rest, stop, vocab));
    (!value.is_empty()).then_some(value)
}

/// True where a label key is one of the given raw words (`年度`, `总体目标`).
pub fn key_is(text: &str, words: &[&str]) -> bool {
    let key = label_key(text);
    words.iter().any(|w| key == *w)
}
