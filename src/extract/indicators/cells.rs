//! Rows and cells of the table with a meaning of their own: the head printed again, 总分, points.

use super::*;

/// The refusal of a table whose rows run past [`MAX_INDICATOR_ROWS`] at row `r`.
pub(crate) fn table_too_large(grid: &Grid, r: usize) -> TooLarge {
    TooLarge::Table {
        sheet: grid.sheet.clone(),
        at: grid.pos(r, 0),
        kind: grid.kind,
    }
}

/// A row of the form's head (项目名称, 主管部门, 实施单位) inside its table: the head printed
/// again on a later page (rule `repeated-head`).
pub(crate) fn is_head_row(grid: &Grid, r: usize, vocab: &Vocabulary) -> bool {
    visible_cells(grid, r).next().is_some_and(|(_, cell)| {
        [
            Label::ProjectName,
            Label::Department,
            Label::ImplementingUnit,
        ]
        .iter()
        .any(|l| vocab.is(*l, &cell.text) || value_in_label_cell(&cell.text, *l, vocab).is_some())
    })
}

pub(crate) fn is_total_row(grid: &Grid, r: usize, vocab: &Vocabulary) -> bool {
    visible_cells(grid, r)
        .next()
        .is_some_and(|(_, cell)| vocab.is(Label::Total, &cell.text))
}

/// A weight at (r, c): a number, or a percentage of the 100 points (rule `percent-weight`).
pub(crate) fn points_at(grid: &Grid, r: usize, c: usize, notes: &mut Vec<Note>) -> Number {
    let Some(cell) = grid.cell(r, c) else {
        return Number::new(None, Some(grid.pos(r, c)), "");
    };
    match crate::normalize::parse_points(&cell.text) {
        Ok(Some(v)) if !cell.is_error && parse_number(&cell.text).is_err() => {
            notes.push(Rule::PercentWeight.note(
                Some(cell.pos),
                format!(
                    "分值写作百分数“{}”，按总分 100 分中的 {} 分读取",
                    cell.text.trim(),
                    crate::normalize::decimal_string(v)
                ),
            ));
            Number::new(Some(v), Some(cell.pos), cell.text.clone())
        }
        _ => number_at(grid, r, c, notes),
    }
}

pub(crate) fn number_at(grid: &Grid, r: usize, c: usize, notes: &mut Vec<Note>) -> Number {
    let Some(cell) = grid.cell(r, c) else {
        return Number::new(None, Some(grid.pos(r, c)), "");
    };
    match parse_number(&cell.text) {
        Ok(value) if !cell.is_error => Number::new(value, Some(cell.pos), cell.text.clone()),
        _ => {
            notes.push(unreadable(cell.pos, &cell.text));
            Number::new(None, Some(cell.pos), cell.text.clone())
        }
    }
}
