//! A template's marks in the table: numbering, placeholder rows, labels with points.

use super::*;

/// `指标1：` numbering taken off every level-3 name (rule `numbering`); how many had it.
pub(crate) fn strip_numbering(indicators: &mut [Indicator], vocab: &Vocabulary) -> usize {
    let mut count = 0;
    for ind in indicators {
        let named = crate::extract::names::without_numbering(ind.level3.clone(), vocab);
        if named.value != ind.level3.value {
            ind.level3 = named;
            count += 1;
        }
    }
    count
}

/// A line holding only a block label with points (`年度绩效目标1（40分）`), or one first in a
/// header line (`绩效指标（90分）` | 一级指标 | …).
pub(crate) fn block_label_with_points<'a>(
    grid: &'a Grid,
    r: usize,
    vocab: &Vocabulary,
) -> Option<&'a Cell> {
    let mut cells = visible_cells(grid, r);
    let (_, first) = cells.next()?;
    let alone = cells.next().is_none();
    (crate::extract::table::is_block_label(&first.text, vocab)
        && crate::extract::groups::points(&first.text).is_some()
        && (alone || is_header_row(grid, r, vocab)))
    .then_some(first)
}

/// The level-1 cell with points on a line, left of its values (`产出指标（50分）`, `（50分）`).
pub(crate) fn points_cell<'a>(
    grid: &'a Grid,
    r: usize,
    labels_end: usize,
    vocab: &Vocabulary,
) -> Option<&'a Cell> {
    visible_cells(grid, r)
        .take_while(|(c, _)| *c < labels_end)
        .map(|(_, cell)| cell)
        .find(|cell| {
            crate::extract::groups::points(&cell.text).is_some()
                && !crate::extract::table::is_block_label(&cell.text, vocab)
        })
}

/// A line of a text copy that is a template's empty row (`指标2：`, `……`), its levels aside:
/// the placeholder as written. Rule `placeholder-row`.
pub(crate) fn placeholder_line(grid: &Grid, r: usize, vocab: &Vocabulary) -> Option<String> {
    let texts: Vec<&str> = visible_cells(grid, r)
        .map(|(_, cell)| cell.text.trim())
        .filter(|t| {
            vocab.level(t).is_none()
                && !crate::extract::groups::only_points(t)
                && !crate::extract::table::is_block_label(t, vocab)
        })
        .collect();
    let (name, values) = texts.split_first()?;
    is_placeholder_row(name, values, vocab).then(|| (*name).to_owned())
}
