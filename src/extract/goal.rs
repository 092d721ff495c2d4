//! 年度总体目标: 预期目标 and 实际完成情况.
//!
//! Two layouts occur. Header style: one row names both halves (预期目标 | 实际完成情况) and
//! the texts stand below them, possibly over several lines. Label style: each half is a
//! row label with its text to the right.

use crate::model::{Goal, Located, Text};
use crate::normalize::clean_text;
use crate::read::{Cell, Grid};

use super::locate::{find_in_row, joined, key_is, value_in_label_cell, visible_cells};
use super::vocabulary::{Label, Vocabulary};

/// Words that are parts of the 年度总体目标 label when a dump splits it over lines.
const LABEL_PARTS: &[&str] = &["年度", "总体目标", "年度总体", "目标"];

/// Reads the goal from rows `first..stop` (exclusive).
pub fn read_goal(grid: &Grid, first: usize, stop: usize, vocab: &Vocabulary) -> Goal {
    let is_label = |cell: &Cell| {
        vocab.is(Label::Goal, &cell.text)
            || vocab.is(Label::GoalExpected, &cell.text)
            || vocab.is(Label::GoalAchieved, &cell.text)
            || key_is(&cell.text, LABEL_PARTS)
    };
    let expected_at = (first..stop)
        .find_map(|r| find_in_row(grid, r, Label::GoalExpected, vocab).map(|c| (r, c)));
    let achieved_at = (first..stop)
        .find_map(|r| find_in_row(grid, r, Label::GoalAchieved, vocab).map(|c| (r, c)));

    // A label that holds its value (`预期目标：…`) has no text below it.
    let pure = |at: Option<(usize, usize)>, label: Label| {
        at.is_some_and(|(r, c)| vocab.is(label, grid.text(r, c)))
    };
    let header_style =
        pure(expected_at, Label::GoalExpected) && pure(achieved_at, Label::GoalAchieved);
    match (expected_at, achieved_at) {
        // Header style: both labels in one row, texts below.
        (Some((er, ec)), Some((ar, ac))) if header_style && er == ar && ec < ac => {
            let mut expected: Vec<&Cell> = Vec::new();
            let mut achieved: Vec<&Cell> = Vec::new();
            for r in er + 1..stop {
                // A field of its own (2.项目实施内容及过程概述) ends the goal.
                if visible_cells(grid, r).any(|(_, cell)| vocab.section(&cell.text).is_some()) {
                    break;
                }
                let cells: Vec<(usize, &Cell)> = visible_cells(grid, r)
                    .filter(|(_, cell)| !is_label(cell))
                    .collect();
                let in_achieved = |c: usize| c >= ac;
                // A dump that dropped empty cells can shift both texts left of their labels;
                // two texts in a row are still expected then achieved.
                if cells.len() == 2 && in_achieved(cells[0].0) == in_achieved(cells[1].0) {
                    expected.push(cells[0].1);
                    achieved.push(cells[1].1);
                    continue;
                }
                for (c, cell) in cells {
                    if in_achieved(c) {
                        achieved.push(cell);
                    } else {
                        expected.push(cell);
                    }
                }
            }
            Goal {
                expected: joined(&expected),
                achieved: joined(&achieved),
            }
        }
        // Label style (or only one half present): the text right of each label.
        (expected_at, achieved_at) => {
            let right_of = |at: Option<(usize, usize)>, label: Label| -> Text {
                let Some((r, c)) = at else {
                    return Text::default();
                };
                let label_cell = &grid.row(r)[c];
                let embedded = value_in_label_cell(&label_cell.text, label, vocab)
                    .or_else(|| value_in_label_cell(&label_cell.text, Label::Goal, vocab));
                if let Some(value) = embedded {
                    return Located::new(
                        clean_text(value),
                        Some(label_cell.pos),
                        label_cell.text.clone(),
                    );
                }
                let cells: Vec<&Cell> = visible_cells(grid, r)
                    .filter(|(col, cell)| *col > c && !is_label(cell))
                    .map(|(_, cell)| cell)
                    .collect();
                joined(&cells)
            };
            let expected_at = expected_at.or_else(|| {
                (first..stop).find_map(|r| find_in_row(grid, r, Label::Goal, vocab).map(|c| (r, c)))
            });
            Goal {
                expected: right_of(expected_at, Label::GoalExpected),
                achieved: right_of(achieved_at, Label::GoalAchieved),
            }
        }
    }
}
