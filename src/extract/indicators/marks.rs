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

/// The level cells with points on a line, left of its values (`产出指标（50分）`, `（50分）`,
/// `数量指标（30分）`), each with the level it heads: a level-2 name's is a level 2, a level-1
/// name's a level 1, and a name the taxonomy does not know (项目产出（40分）) is a level 2
/// where a label stands left of it on the line, else a level 1.
pub(crate) fn points_cells<'a>(
    grid: &'a Grid,
    r: usize,
    labels_end: usize,
    vocab: &Vocabulary,
) -> Vec<(GroupKind, &'a Cell)> {
    let labelled_left = |c: usize| {
        (0..c).any(|k| {
            let shown = match grid.merge_covering(r, k) {
                Some(m) => grid.cell(m.first_row, m.first_col),
                None => grid.cell(r, k),
            };
            shown.is_some_and(|cell| !cell.is_blank())
        })
    };
    visible_cells(grid, r)
        .take_while(|(c, _)| *c < labels_end)
        .filter(|(_, cell)| {
            crate::extract::groups::points(&cell.text).is_some()
                && !crate::extract::table::is_block_label(&cell.text, vocab)
        })
        .map(|(c, cell)| {
            let kind = match vocab.level(&cell.text) {
                Some(Level::One(_)) => GroupKind::Level1,
                Some(Level::Two { .. })
                    if !labelled_left(c) && vocab.level1_name(&cell.text).is_some() =>
                {
                    GroupKind::Level1
                }
                Some(Level::Two { .. }) => GroupKind::Level2,
                None if labelled_left(c) => GroupKind::Level2,
                None => GroupKind::Level1,
            };
            (kind, cell)
        })
        .collect()
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
