//! The indicator table: one row per level-3 indicator, then 总分.
//!
//! Rows are aligned by content, not position. A PDF copy drops empty cells, so a row may
//! sit one or two columns left of its header; the weight/score pair fixes the shift (see
//! [`fit_row`]). Left of the target everything is a label: taxonomy names are levels 1 and
//! 2 wherever they stand, the rest is the level-3 name. A line without weight or score is a
//! piece of a multi-line cell and joins the row below it (rule `split-cell`), unless it is a
//! template's empty row (`指标2：`, rule `placeholder-row`). Level-1 cells and block labels
//! with points open groups (rule `points-in-label`); a header over two rows names its
//! columns from both (rule `two-row-header`). A copy that kept every cell under a header out
//! of the official order is left to the header reader of `table.rs` (rule `kept-columns`).

use crate::model::{GroupKind, Indicator, Located, Note, Number, Text, Total};
use crate::normalize::{clean_text, is_cjk, parse_number, to_halfwidth};
use crate::read::limits::MAX_INDICATOR_ROWS;
use crate::read::{Cell, Grid};

use super::TooLarge;
use super::funds::unreadable;
use super::locate::{Span, find_in_row, value_in_label_cell, visible_cells};
use super::names::is_placeholder_row;
use super::rules::Rule;
use super::vocabulary::{Label, Level, Vocabulary};

mod build;
mod cells;
mod header;
mod marks;
mod row;

pub(crate) use build::*;
pub(crate) use cells::*;
pub(crate) use header::*;
pub(crate) use marks::*;
pub(crate) use row::*;

/// How many cells of row `r` hold a number (an indicator row has its 分值 and 得分).
pub(crate) fn numbers_in_row(grid: &Grid, r: usize) -> usize {
    visible_cells(grid, r)
        .filter(|(_, cell)| is_points(&cell.text))
        .count()
}

/// True where the next row after `r` (to `last`) that is not blank holds two numbers or more:
/// indicator rows follow a 合计 row that stands before them.
pub(crate) fn rows_follow(grid: &Grid, r: usize, last: usize) -> bool {
    (r + 1..=last)
        .find(|&n| !grid.is_blank_row(n))
        .is_some_and(|n| numbers_in_row(grid, n) >= 2)
}

/// What the table yields.
pub struct Table {
    pub indicators: Vec<Indicator>,
    pub total: Total,
    pub groups: Vec<crate::model::Group>,
    /// The table's last row (its 总分 row, or the last it read).
    pub end: usize,
}

/// Reads indicator rows from `first` to the 总分 row (or the end of the span). A table of
/// more than [`MAX_INDICATOR_ROWS`] rows (indicators and the pieces of split cells) is
/// refused at the row past it: no form has one, and the work grows with it.
pub fn read_table(
    grid: &Grid,
    first: usize,
    cols: Columns,
    span: Span,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> Result<Table, TooLarge> {
    let mut reader = TableReader::new(grid, first, cols, span, vocab, notes);
    let mut rows_read = 0;
    for r in first..=span.last {
        if grid.is_blank_row(r) {
            continue;
        }
        if let Some(cell) = block_label_with_points(grid, r, vocab) {
            reader.block_marks.push((reader.indicators.len(), cell));
            continue;
        }
        if is_header_row(grid, r, vocab) || is_head_row(grid, r, vocab) {
            continue;
        }
        rows_read += 1;
        if rows_read > MAX_INDICATOR_ROWS {
            return Err(table_too_large(grid, r));
        }
        if is_total_row(grid, r, vocab) {
            reader.total_row(r);
            // 合计 right under the header (rule `total-first`): the rows follow it.
            if reader.indicators.is_empty() && rows_follow(grid, r, span.last) {
                reader.notes.push(super::table::total_first_note(grid, r));
                continue;
            }
            break;
        }
        reader.row(r);
    }
    Ok(reader.finish())
}

/// The state of one table being read, row by row.
struct TableReader<'g, 'n> {
    grid: &'g Grid,
    first: usize,
    cols: Columns,
    vocab: &'g Vocabulary,
    notes: &'n mut Vec<Note>,
    indicators: Vec<Indicator>,
    total: Total,
    levels: Levels,
    /// Lines without points waiting for the row they are a piece of (rule `split-cell`).
    fragments: Vec<usize>,
    /// The last indicator row's fit, for pieces left at the end.
    last_fit: Columns,
    end: usize,
    /// Where groups open (rule `points-in-label`): a block label with points opens a block
    /// at the next indicator; a level-1 cell with points (`产出指标（50分）`) a level-1 group
    /// at its indicator, a level-2 cell with points (`数量指标（30分）`) a level-2 group.
    block_marks: Vec<(usize, &'g Cell)>,
    level_marks: Vec<(usize, GroupKind, &'g Cell)>,
}

impl<'g, 'n> TableReader<'g, 'n> {
    fn new(
        grid: &'g Grid,
        first: usize,
        cols: Columns,
        span: Span,
        vocab: &'g Vocabulary,
        notes: &'n mut Vec<Note>,
    ) -> Self {
        // A block label with points on its own line, or first in a header line, just above.
        let block_marks = (first.saturating_sub(2)..first)
            .filter(|&r| r >= span.first)
            .filter_map(|r| block_label_with_points(grid, r, vocab))
            .take(1)
            .map(|cell| (0, cell))
            .collect();
        TableReader {
            grid,
            first,
            cols,
            vocab,
            notes,
            indicators: Vec::new(),
            total: Total::default(),
            levels: Levels::default(),
            fragments: Vec::new(),
            last_fit: cols,
            end: span.last,
            block_marks,
            level_marks: Vec::new(),
        }
    }

    /// The 总分 row: its numbers are its 分值 and 得分, in that order (得分 alone where the
    /// header names no 分值); a copy that dropped the empty cells between them and the label
    /// keeps that order.
    fn total_row(&mut self, r: usize) {
        let (grid, cols) = (self.grid, self.cols);
        let numbers: Vec<usize> = visible_cells(grid, r)
            .filter(|(_, cell)| is_points(&cell.text))
            .map(|(c, _)| c)
            .collect();
        let notes = &mut *self.notes;
        let at = |c: Option<&usize>, notes: &mut Vec<Note>| {
            c.map_or_else(Number::default, |&c| number_at(grid, r, c, notes))
        };
        self.total = match numbers.as_slice() {
            _ if !cols.weight_named => Total {
                weight: Number::default(),
                score: at(numbers.last(), notes),
            },
            [.., w, s] => Total {
                weight: points_at(grid, r, *w, notes),
                score: at(Some(s), notes),
            },
            _ => {
                let fit = fit_row(grid, r, cols, self.vocab, false).unwrap_or(cols);
                Total {
                    weight: points_at(grid, r, fit.weight, notes),
                    score: number_at(grid, r, fit.score, notes),
                }
            }
        };
        self.end = r;
    }

    /// A line of the table: an indicator row, a template's empty row, or a piece of a cell.
    fn row(&mut self, r: usize) {
        let (grid, cols, vocab) = (self.grid, self.cols, self.vocab);
        let fit = fit_row(grid, r, cols, vocab, true).or_else(|| {
            // A full row (name, target and actual) that simply lacks its points.
            let complete = !classify_labels(grid, r, cols.labels_end(), vocab)
                .with_name()
                .names
                .is_empty()
                && !grid.text(r, cols.target).trim().is_empty()
                && !grid.text(r, cols.actual).trim().is_empty();
            complete.then_some(cols)
        });
        if fit.is_none()
            && let Some(name) = placeholder_line(grid, r, vocab)
        {
            self.placeholder(r, &name);
            return;
        }
        match fit {
            Some(fit) => self.indicator(r, fit),
            None => self.fragments.push(r),
        }
    }

    /// A template's empty row: no indicator, but its levels still count for the rows below.
    fn placeholder(&mut self, r: usize, name: &str) {
        let (grid, cols, vocab) = (self.grid, self.cols, self.vocab);
        let labels = classify_labels(grid, r, cols.labels_end(), vocab);
        let written1 = labels.level1.map(|(name, cell)| level_text(name, cell));
        let written2 = labels.level2.map(|(name, cell)| level_text(name, cell));
        self.levels.apply(written1, written2, vocab);
        self.mark_levels(&[r], cols);
        self.notes.push(Rule::PlaceholderRow.note(
            Some(grid.pos(r, 0)),
            format!("“{name}”是模板留下的空指标行，不是指标，已略过"),
        ));
    }

    /// The level groups the next indicator opens: the first level cell with points of each
    /// level on its lines.
    fn mark_levels(&mut self, lines: &[usize], fit: Columns) {
        let here = self.indicators.len();
        for &line in lines {
            for (kind, cell) in points_cells(self.grid, line, fit.labels_end(), self.vocab) {
                if !self
                    .level_marks
                    .iter()
                    .any(|&(at, k, _)| at == here && k == kind)
                {
                    self.level_marks.push((here, kind, cell));
                }
            }
        }
    }

    /// An indicator row at `r`, with the pieces of its cells on the lines above it.
    fn indicator(&mut self, r: usize, fit: Columns) {
        let grid = self.grid;
        let pieces: Vec<usize> = self.fragments.drain(..).chain([r]).collect();
        self.mark_levels(&pieces, fit);
        for &f in &pieces[..pieces.len() - 1] {
            self.notes.push(Rule::SplitCell.note(
                Some(grid.pos(f, 0)),
                format!(
                    "此行没有分值和得分，视为下方指标（第{}行）被拆开的单元格内容，已合并",
                    grid.pos(r, 0).row + 1
                ),
            ));
        }
        let indicator =
            build_indicator(grid, &pieces, fit, &mut self.levels, self.vocab, self.notes);
        self.indicators.push(indicator);
        self.last_fit = fit;
    }

    /// Lines with no row below them continue the row above (or, with none, are ignored);
    /// then the numbering comes off the names and the groups are made.
    fn finish(mut self) -> Table {
        let grid = self.grid;
        let fragments = std::mem::take(&mut self.fragments);
        if let Some(last) = self.indicators.last_mut() {
            for &f in &fragments {
                self.notes.push(Rule::SplitCell.note(
                    Some(grid.pos(f, 0)),
                    "此行没有分值和得分，视为上一指标被拆开的单元格内容，已合并",
                ));
                let extra = pieces_of(grid, f, self.last_fit);
                append(&mut last.target, &extra.target);
                append(&mut last.actual, &extra.actual);
                append(&mut last.remark, &extra.remark);
            }
        } else {
            for &f in &fragments {
                self.notes.push(
                    Rule::SplitCell
                        .note(Some(grid.pos(f, 0)), "指标表中此行无法识别为指标，已忽略"),
                );
            }
        }
        let numbered = strip_numbering(&mut self.indicators, self.vocab);
        if numbered > 0 {
            self.notes.push(Rule::Numbering.note(
                Some(grid.pos(self.first, 0)),
                format!("{numbered} 个三级指标名称前的模板编号（“指标1：”等）已去掉"),
            ));
        }
        fill_up_leading_levels(&mut self.indicators);
        let groups =
            super::groups::from_marks(&self.indicators, &self.block_marks, &self.level_marks);
        Table {
            indicators: self.indicators,
            total: self.total,
            groups,
            end: self.end,
        }
    }
}

#[cfg(test)]
mod tests;
