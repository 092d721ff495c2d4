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

use crate::model::{Indicator, Located, Note, Number, Text, Total};
use crate::normalize::{clean_text, is_cjk, parse_number, to_halfwidth};
use crate::read::limits::MAX_INDICATOR_ROWS;
use crate::read::{Cell, Grid};

use super::TooLarge;
use super::funds::unreadable;
use super::locate::{Span, find_in_row, value_in_label_cell, visible_cells};
use super::names::is_placeholder_row;
use super::rules::Rule;
use super::vocabulary::{Label, Level, Vocabulary};

/// Where a row's fields stand: the header's columns, or a row's after its shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// 指标性质 (≥, ≤, =) where a province writes the comparator in its own column.
    pub direction: Option<usize>,
    pub target: usize,
    /// 度量单位 (%, 人, 万元) where a province writes the unit in its own column.
    pub unit: Option<usize>,
    pub actual: usize,
    pub weight: usize,
    pub score: usize,
    /// False where the header names 得分 but no 分值 (湖北's blocks): the rows carry no
    /// weight of their own, and `weight` is only where one would stand.
    pub weight_named: bool,
}

impl Columns {
    /// The same columns `shift` places to the left; `None` if that runs off the grid.
    fn shifted(self, shift: usize) -> Option<Columns> {
        let back = |c: usize| c.checked_sub(shift);
        Some(Columns {
            direction: self.direction.and_then(back),
            target: back(self.target)?,
            unit: self.unit.and_then(back),
            actual: back(self.actual)?,
            weight: back(self.weight)?,
            score: back(self.score)?,
            weight_named: self.weight_named,
        })
    }

    /// Labels (levels and the level-3 name) stand left of this column.
    fn labels_end(self) -> usize {
        self.direction.map_or(self.target, |d| d.min(self.target))
    }
}

/// The indicator header row: it names 三级指标, or both 指标值 and 分值.
pub fn find_header(
    grid: &Grid,
    rows: impl IntoIterator<Item = usize>,
    vocab: &Vocabulary,
) -> Option<usize> {
    rows.into_iter().find(|&r| is_header_row(grid, r, vocab))
}

/// The row right below a text copy's header when it holds field labels only (年度指标值,
/// 实际完成值 under a 指标值 of the header row): the second row of a two-row header.
pub fn sub_header_row(grid: &Grid, r: usize, vocab: &Vocabulary) -> Option<usize> {
    let s = r + 1;
    let mut cells = visible_cells(grid, s).peekable();
    cells.peek()?;
    let fields = [
        Label::Target,
        Label::Actual,
        Label::TargetDirection,
        Label::TargetUnit,
        Label::Weight,
        Label::Score,
    ];
    cells
        .all(|(_, cell)| fields.iter().any(|l| vocab.is(*l, &cell.text)))
        .then_some(s)
}

/// True where a text copy kept every cell of its table (each row as wide as its header, as
/// a spreadsheet saved as text does) and its header is not in the official order (分值 before
/// the target, levels after 三级指标): the content aligner assumes that order, so such a
/// table is read by its header as a spreadsheet's is. Rule `kept-columns`.
pub fn kept_columns_out_of_order(
    grid: &Grid,
    header_row: usize,
    span: Span,
    vocab: &Vocabulary,
) -> bool {
    let cols = header_columns(grid, header_row, vocab);
    let col = |label| find_in_row(grid, header_row, label, vocab);
    let levels_first = [Label::Level1, Label::Level2, Label::Level3]
        .iter()
        .filter_map(|l| col(*l))
        .all(|c| c < cols.labels_end());
    let official = levels_first
        && cols.target < cols.actual
        && cols.actual < cols.weight.min(cols.score)
        && (!cols.weight_named || cols.weight < cols.score);
    if official {
        return false;
    }
    let width = grid.row(header_row).len();
    width >= 6
        && (header_row + 1..=span.last)
            .filter(|&r| !grid.is_blank_row(r))
            .take_while(|&r| !is_total_row(grid, r, vocab))
            .all(|r| grid.row(r).len() == width)
}

pub(super) fn is_header_row(grid: &Grid, r: usize, vocab: &Vocabulary) -> bool {
    let has = |label| find_in_row(grid, r, label, vocab).is_some();
    has(Label::Level3) || (has(Label::Target) && has(Label::Weight))
}

/// The columns named in the header row. Where a header leaves one out, it is taken to sit
/// in the official order: 三级指标, 年度指标值, 实际完成值, 分值, 得分.
pub fn header_columns(grid: &Grid, r: usize, vocab: &Vocabulary) -> Columns {
    // Rule `two-row-header`: a row of field labels under the header (年度指标值 and 实际完成值
    // under 指标值) names the columns the header leaves to it.
    let sub = sub_header_row(grid, r, vocab);
    let col = |label| {
        sub.and_then(|s| find_in_row(grid, s, label, vocab))
            .or_else(|| find_in_row(grid, r, label, vocab))
    };
    let level3 = col(Label::Level3);
    let target = col(Label::Target).or(level3.map(|c| c + 1)).unwrap_or(4);
    let actual = col(Label::Actual).unwrap_or(target + 1);
    let named_weight = col(Label::Weight);
    let weight = named_weight.unwrap_or(actual + 1);
    let score = col(Label::Score).unwrap_or(weight + 1);
    Columns {
        weight_named: named_weight.is_some() || col(Label::Score).is_none(),
        direction: col(Label::TargetDirection).filter(|&c| c < target),
        target,
        unit: col(Label::TargetUnit).filter(|&c| c > target && c < actual),
        actual,
        weight,
        score,
    }
}

/// The official 9-column layout from column A, for a table whose header is missing.
pub const DEFAULT_COLUMNS: Columns = Columns {
    direction: None,
    target: 4,
    unit: None,
    actual: 5,
    weight: 6,
    score: 7,
    weight_named: true,
};

/// A row's columns: the header's, shifted to where this row's cells stand.
type Fit = Columns;

/// A weight or score as written: a plain number (a percentage is a target, not a weight).
fn is_points(text: &str) -> bool {
    matches!(parse_number(text), Ok(Some(_)))
}

/// Text that reads as a value (`>=90%`, `=3个`, `100%`) rather than a name.
fn looks_like_value(text: &str) -> bool {
    let t = to_halfwidth(text);
    let t = t.trim();
    t.starts_with(['>', '<', '=', '≥', '≤', '＞', '＜'])
        || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.ends_with('%')
}

/// Finds the shift that best explains a row, or `None` where no shift puts a number in the
/// weight or score column (a fragment line, or a row without points).
///
/// Each candidate is judged on what a real row shows: numbers in the weight and score
/// columns, score not above weight, a name left of the target, no number right of the
/// score; a smaller shift wins a tie. `need_name` is false for the 总分 row.
fn fit_row(
    grid: &Grid,
    r: usize,
    cols: Columns,
    vocab: &Vocabulary,
    need_name: bool,
) -> Option<Fit> {
    let width = grid.row(r).len();
    let mut best: Option<(i32, Fit)> = None;
    for shift in 0..=cols.target {
        let Some(fit) = cols.shifted(shift) else {
            break;
        };
        if fit.weight >= width.max(1) && shift > 0 {
            continue;
        }
        let cell = |c: usize| grid.text(r, c).trim();
        let judge = |text: &str| {
            if text.is_empty() {
                0
            } else if is_points(text) {
                8
            } else {
                -8
            }
        };
        let (w, s) = (cell(fit.weight), cell(fit.score));
        if !is_points(w) && !is_points(s) {
            continue;
        }
        let mut merit = judge(w) + judge(s) - shift as i32;
        if let (Ok(Some(wv)), Ok(Some(sv))) = (parse_number(w), parse_number(s)) {
            if sv <= wv {
                merit += 2;
            }
            if wv > rust_decimal::Decimal::ONE_HUNDRED {
                merit -= 4;
            }
        }
        let right_of_score = fit.weight.max(fit.score) + 1;
        merit -= 6
            * (right_of_score..width)
                .filter(|&c| is_points(cell(c)))
                .count() as i32;
        if need_name {
            let labels = classify_labels(grid, r, fit.labels_end(), vocab).with_name();
            match labels.names.last() {
                Some(name) if looks_like_value(&name.text) => merit -= 4,
                Some(_) => merit += 4,
                None if labels.level1.is_some() || labels.level2.is_some() => {}
                None => merit -= 10,
            }
        }
        if best.is_none_or(|(m, _)| merit > m) {
            best = Some((merit, fit));
        }
    }
    best.map(|(_, fit)| fit)
}

/// The label cells of a row, left of its target column.
#[derive(Default)]
struct RowLabels<'a> {
    level1: Option<(String, &'a Cell)>,
    level2: Option<(String, &'a Cell)>,
    /// Other text, left to right; the last is the level-3 name, others are unknown levels.
    names: Vec<&'a Cell>,
    /// The rightmost cell written on this row that matched a taxonomy name.
    last_level_cell: Option<&'a Cell>,
}

impl RowLabels<'_> {
    /// An indicator row always has a level-3 name. Where every label on it is a taxonomy
    /// name, the rightmost one written on the row is that name (an indicator called
    /// 服务对象满意度, an alias of a level 2), not a level.
    fn with_name(mut self) -> Self {
        if self.names.is_empty()
            && let Some(cell) = self.last_level_cell
        {
            let is_cell = |level: &Option<(String, &Cell)>| {
                level.as_ref().is_some_and(|(_, c)| std::ptr::eq(*c, cell))
            };
            if is_cell(&self.level2) {
                self.level2 = None;
            } else if is_cell(&self.level1) {
                self.level1 = None;
            }
            self.names.push(cell);
        }
        self
    }
}

fn classify_labels<'a>(
    grid: &'a Grid,
    r: usize,
    target_col: usize,
    vocab: &Vocabulary,
) -> RowLabels<'a> {
    let mut labels = RowLabels::default();
    for (c, cell) in grid.row(r).iter().enumerate().take(target_col) {
        // A label merged over several rows is seen on each of them.
        let covered = grid.is_covered(r, c);
        let shown = if covered {
            match grid
                .merge_covering(r, c)
                .and_then(|m| grid.cell(m.first_row, m.first_col))
            {
                Some(top) => top,
                None => continue,
            }
        } else {
            cell
        };
        if shown.is_blank() || super::table::is_block_label(&shown.text, vocab) {
            continue;
        }
        // A level-1 cell that lost its name and kept its points (`（50分）`).
        if super::groups::only_points(&shown.text) {
            continue;
        }
        let level = vocab.level(&shown.text);
        if level.is_some() && !covered {
            labels.last_level_cell = Some(shown);
        }
        match level {
            Some(Level::One(name)) => {
                labels.level1.get_or_insert((name.clone(), shown));
            }
            // 成本指标 | 经济成本指标: the first is the level 1 it also is.
            Some(Level::Two { parent, .. })
                if labels.level1.is_none()
                    && labels.level2.as_ref().is_some_and(|(first, _)| {
                        first == parent && vocab.level1_name(first).is_some()
                    }) =>
            {
                labels.level1 = labels.level2.take();
                if let Some(Level::Two { name, .. }) = level {
                    labels.level2 = Some((name.clone(), shown));
                }
            }
            // A second level 2 on one row is a name that happens to be a taxonomy word.
            Some(Level::Two { .. }) if labels.level2.is_some() && !covered => {
                labels.names.push(shown)
            }
            Some(Level::Two { name, .. }) => {
                labels.level2.get_or_insert((name.clone(), shown));
            }
            None if !covered => labels.names.push(shown),
            None => {}
        }
    }
    labels
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
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut total = Total::default();
    let mut levels = Levels::default();
    let mut fragments: Vec<usize> = Vec::new();
    let mut last_fit = cols;
    let mut rows_read = 0;
    let mut end = span.last;

    // Where groups open (rule `points-in-label`): a block label with points, on its own
    // line or first in a header line, opens a block at the next indicator; a level-1 cell
    // with points (`产出指标（50分）`) opens a level-1 group at its indicator.
    let mut block_marks: Vec<(usize, &Cell)> = (first.saturating_sub(2)..first)
        .filter(|&r| r >= span.first)
        .filter_map(|r| block_label_with_points(grid, r, vocab))
        .take(1)
        .map(|cell| (0, cell))
        .collect();
    let mut level1_marks: Vec<(usize, &Cell)> = Vec::new();
    for r in first..=span.last {
        if grid.is_blank_row(r) {
            continue;
        }
        if let Some(cell) = block_label_with_points(grid, r, vocab) {
            block_marks.push((indicators.len(), cell));
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
            // The 总分 row's numbers are its 分值 and 得分, in that order (得分 alone where
            // the header names no 分值); a copy that dropped the empty cells between them
            // and the label keeps that order.
            let numbers: Vec<usize> = visible_cells(grid, r)
                .filter(|(_, cell)| is_points(&cell.text))
                .map(|(c, _)| c)
                .collect();
            let at = |c: Option<&usize>, notes: &mut Vec<Note>| {
                c.map_or_else(Number::default, |&c| number_at(grid, r, c, notes))
            };
            total = match numbers.as_slice() {
                _ if !cols.weight_named => Total {
                    weight: Number::default(),
                    score: at(numbers.last(), notes),
                },
                [.., w, s] => Total {
                    weight: points_at(grid, r, *w, notes),
                    score: at(Some(s), notes),
                },
                _ => {
                    let fit = fit_row(grid, r, cols, vocab, false).unwrap_or(cols);
                    Total {
                        weight: points_at(grid, r, fit.weight, notes),
                        score: number_at(grid, r, fit.score, notes),
                    }
                }
            };
            end = r;
            break;
        }
        let fit = fit_row(grid, r, cols, vocab, true).or_else(|| {
            // A full row (name, target and actual) that simply lacks its points.
            let plain = cols;
            let complete = !classify_labels(grid, r, plain.labels_end(), vocab)
                .with_name()
                .names
                .is_empty()
                && !grid.text(r, plain.target).trim().is_empty()
                && !grid.text(r, plain.actual).trim().is_empty();
            complete.then_some(plain)
        });
        if fit.is_none()
            && let Some(name) = placeholder_line(grid, r, vocab)
        {
            // A template's empty row: its levels still count for the rows below it.
            let labels = classify_labels(grid, r, cols.labels_end(), vocab);
            let written1 = labels.level1.map(|(name, cell)| level_text(name, cell));
            let written2 = labels.level2.map(|(name, cell)| level_text(name, cell));
            levels.apply(written1, written2, vocab, notes);
            if let Some(cell) = points_cell(grid, r, cols.labels_end(), vocab) {
                level1_marks.push((indicators.len(), cell));
            }
            notes.push(Rule::PlaceholderRow.note(
                Some(grid.pos(r, 0)),
                format!("“{name}”是模板留下的空指标行，不是指标，已略过"),
            ));
            continue;
        }
        match fit {
            Some(fit) => {
                let pieces: Vec<usize> = fragments.drain(..).chain([r]).collect();
                if let Some(cell) = pieces
                    .iter()
                    .find_map(|&p| points_cell(grid, p, fit.labels_end(), vocab))
                {
                    level1_marks.push((indicators.len(), cell));
                }
                for &f in &pieces[..pieces.len() - 1] {
                    notes.push(Rule::SplitCell.note(
                        Some(grid.pos(f, 0)),
                        format!(
                            "此行没有分值和得分，视为下方指标（第{}行）被拆开的单元格内容，已合并",
                            grid.pos(r, 0).row + 1
                        ),
                    ));
                }
                indicators.push(build_indicator(
                    grid,
                    &pieces,
                    fit,
                    &mut levels,
                    vocab,
                    notes,
                ));
                last_fit = fit;
            }
            None => fragments.push(r),
        }
    }
    // Lines with no row below them continue the row above.
    if !fragments.is_empty() {
        if let Some(last) = indicators.last_mut() {
            for &f in &fragments {
                notes.push(Rule::SplitCell.note(
                    Some(grid.pos(f, 0)),
                    "此行没有分值和得分，视为上一指标被拆开的单元格内容，已合并",
                ));
                let extra = pieces_of(grid, f, last_fit);
                append(&mut last.target, &extra.target);
                append(&mut last.actual, &extra.actual);
                append(&mut last.remark, &extra.remark);
            }
        } else {
            for &f in &fragments {
                notes.push(
                    Rule::SplitCell
                        .note(Some(grid.pos(f, 0)), "指标表中此行无法识别为指标，已忽略"),
                );
            }
        }
    }
    let numbered = strip_numbering(&mut indicators, vocab);
    if numbered > 0 {
        notes.push(Rule::Numbering.note(
            Some(grid.pos(first, 0)),
            format!("{numbered} 个三级指标名称前的模板编号（“指标1：”等）已去掉"),
        ));
    }
    fill_up_leading_levels(&mut indicators);
    let groups = super::groups::from_marks(&indicators, &block_marks, &level1_marks);
    Ok(Table {
        indicators,
        total,
        groups,
        end,
    })
}

/// `指标1：` numbering taken off every level-3 name (rule `numbering`); how many had it.
fn strip_numbering(indicators: &mut [Indicator], vocab: &Vocabulary) -> usize {
    let mut count = 0;
    for ind in indicators {
        let named = super::names::without_numbering(ind.level3.clone(), vocab);
        if named.value != ind.level3.value {
            ind.level3 = named;
            count += 1;
        }
    }
    count
}

/// A line holding only a block label with points (`年度绩效目标1（40分）`), or one first in a
/// header line (`绩效指标（90分）` | 一级指标 | …).
fn block_label_with_points<'a>(grid: &'a Grid, r: usize, vocab: &Vocabulary) -> Option<&'a Cell> {
    let mut cells = visible_cells(grid, r);
    let (_, first) = cells.next()?;
    let alone = cells.next().is_none();
    (super::table::is_block_label(&first.text, vocab)
        && super::groups::points(&first.text).is_some()
        && (alone || is_header_row(grid, r, vocab)))
    .then_some(first)
}

/// The level-1 cell with points on a line, left of its values (`产出指标（50分）`, `（50分）`).
fn points_cell<'a>(
    grid: &'a Grid,
    r: usize,
    labels_end: usize,
    vocab: &Vocabulary,
) -> Option<&'a Cell> {
    visible_cells(grid, r)
        .take_while(|(c, _)| *c < labels_end)
        .map(|(_, cell)| cell)
        .find(|cell| {
            super::groups::points(&cell.text).is_some()
                && !super::table::is_block_label(&cell.text, vocab)
        })
}

/// A line of a text copy that is a template's empty row (`指标2：`, `……`), its levels aside:
/// the placeholder as written. Rule `placeholder-row`.
fn placeholder_line(grid: &Grid, r: usize, vocab: &Vocabulary) -> Option<String> {
    let texts: Vec<&str> = visible_cells(grid, r)
        .map(|(_, cell)| cell.text.trim())
        .filter(|t| {
            vocab.level(t).is_none()
                && !super::groups::only_points(t)
                && !super::table::is_block_label(t, vocab)
        })
        .collect();
    let (name, values) = texts.split_first()?;
    is_placeholder_row(name, values, vocab).then(|| (*name).to_owned())
}

/// The refusal of a table whose rows run past [`MAX_INDICATOR_ROWS`] at row `r`.
pub(super) fn table_too_large(grid: &Grid, r: usize) -> TooLarge {
    TooLarge::Table {
        sheet: grid.sheet.clone(),
        at: grid.pos(r, 0),
        kind: grid.kind,
    }
}

/// A row of the form's head (项目名称, 主管部门, 实施单位) inside its table: the head printed
/// again on a later page (rule `repeated-head`).
pub(super) fn is_head_row(grid: &Grid, r: usize, vocab: &Vocabulary) -> bool {
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

pub(super) fn is_total_row(grid: &Grid, r: usize, vocab: &Vocabulary) -> bool {
    visible_cells(grid, r)
        .next()
        .is_some_and(|(_, cell)| vocab.is(Label::Total, &cell.text))
}

/// A weight at (r, c): a number, or a percentage of the 100 points (rule `percent-weight`).
pub(super) fn points_at(grid: &Grid, r: usize, c: usize, notes: &mut Vec<Note>) -> Number {
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

pub(super) fn number_at(grid: &Grid, r: usize, c: usize, notes: &mut Vec<Note>) -> Number {
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

/// The text cells of one line, sorted into the fields of an indicator by the row's fit.
#[derive(Default)]
struct Pieces<'a> {
    direction: Vec<&'a Cell>,
    target: Vec<&'a Cell>,
    unit: Vec<&'a Cell>,
    actual: Vec<&'a Cell>,
    remark: Vec<&'a Cell>,
}

fn pieces_of(grid: &Grid, r: usize, fit: Fit) -> Pieces<'_> {
    let points_end = fit.weight.max(fit.score);
    let mut pieces = Pieces::default();
    for (c, cell) in visible_cells(grid, r) {
        if Some(c) == fit.direction {
            pieces.direction.push(cell);
        } else if Some(c) == fit.unit {
            pieces.unit.push(cell);
        } else if c < fit.target {
            continue;
        } else if c < fit.actual {
            pieces.target.push(cell);
        } else if c < fit.weight.min(fit.score) {
            pieces.actual.push(cell);
        } else if c > points_end {
            pieces.remark.push(cell);
        }
    }
    pieces
}

/// The target of a table that writes comparator, value and unit in three columns
/// (`≥` | `95` | `%`), as one value (`≥95%`): rule `split-target`. The comparator is kept as
/// written where the vocabulary's comparator table knows it (`控制在` too, so the check reads
/// the same direction); other words there (`定性`, `正向`) are no part of the target — a
/// `定性` target is the 指标值 text alone.
pub fn compose_target(direction: &Text, value: Text, unit: &Text, vocab: &Vocabulary) -> Text {
    let comparator = if vocab.comparator(&direction.value).is_some() {
        direction.value.as_str()
    } else {
        ""
    };
    let qualitative = direction.value.contains("定性");
    if value.value.is_empty() || qualitative || (comparator.is_empty() && unit.value.is_empty()) {
        return value;
    }
    Located::new(
        format!("{comparator}{}{}", value.value, unit.value),
        value.at,
        format!("{}{}{}", direction.raw, value.raw, unit.raw),
    )
}

/// Joins the parts of a field split over lines, top to bottom. A PDF copy sometimes
/// repeats the tail of a wrapped cell on the next line (`…安全意识` then `识`): a part
/// that the text so far already ends with is not added again.
pub(super) fn join_parts(parts: &[Vec<&Cell>]) -> Text {
    let mut joiner = Joiner::default();
    for cell in parts.iter().flatten() {
        joiner.push(&clean_text(&cell.text), Some(cell.pos), &cell.text);
    }
    joiner.finish()
}

#[derive(Default)]
struct Joiner {
    value: String,
    raw: Vec<String>,
    at: Option<crate::read::Pos>,
}

impl Joiner {
    /// Adds a piece. Both the text so far and the piece are clean, so cleaning them joined
    /// by a line break only decides the break: dropped next to Chinese text, a space
    /// otherwise. Deciding it here keeps joining linear in the pieces (a PDF copy may split
    /// a cell over hundreds of lines).
    fn push(&mut self, cleaned: &str, at: Option<crate::read::Pos>, raw: &str) {
        let cleaned = clean_text(cleaned);
        if cleaned.is_empty() || (!self.value.is_empty() && self.value.ends_with(&cleaned)) {
            return;
        }
        self.at = self.at.or(at);
        self.raw.push(raw.to_owned());
        let touches_cjk = self.value.chars().next_back().is_some_and(is_cjk)
            || cleaned.chars().next().is_some_and(is_cjk);
        if !self.value.is_empty() && !touches_cjk {
            self.value.push(' ');
        }
        self.value.push_str(&cleaned);
    }

    fn finish(self) -> Text {
        Located::new(self.value, self.at, self.raw.join("\n"))
    }
}

fn append(field: &mut Text, extra: &[&Cell]) {
    let mut joiner = Joiner::default();
    joiner.push(&field.value, field.at, &field.raw);
    for cell in extra {
        joiner.push(&clean_text(&cell.text), Some(cell.pos), &cell.text);
    }
    *field = joiner.finish();
}

fn build_indicator(
    grid: &Grid,
    rows: &[usize],
    fit: Fit,
    levels: &mut Levels,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> Indicator {
    // The last of `rows` is the indicator's own row; any before it are its fragments.
    let row = rows.last().copied().unwrap_or_default();
    let mut level3_parts = Vec::new();
    let (mut target, mut actual, mut remark) = (Vec::new(), Vec::new(), Vec::new());
    let (mut direction, mut unit) = (Vec::new(), Vec::new());
    let mut level1_as_written = None;
    for &r in rows {
        let labels = classify_labels(grid, r, fit.labels_end(), vocab);
        let labels = if r == row { labels.with_name() } else { labels };
        let mut names = labels.names;
        let mut written1 = labels.level1.map(|(name, cell)| level_text(name, cell));
        let mut written2 = labels.level2.map(|(name, cell)| level_text(name, cell));
        if r == row && names.len() > 1 {
            // Text left of the level-3 name that is no taxonomy name: a level the
            // taxonomy does not know, kept as written.
            let level3 = names.pop();
            if written2.is_none()
                && let Some(cell) = names.pop()
            {
                written2 = Some(level_text(clean_text(&cell.text), cell));
            }
            if written1.is_none()
                && let Some(cell) = names.pop()
            {
                written1 = Some(level_text(clean_text(&cell.text), cell));
            }
            names = level3.into_iter().collect();
        }
        if let Some(conflict) = levels.apply(written1, written2, vocab, notes) {
            level1_as_written = Some(conflict);
        }
        let pieces = pieces_of(grid, r, fit);
        level3_parts.push(names);
        direction.push(pieces.direction);
        target.push(pieces.target);
        unit.push(pieces.unit);
        actual.push(pieces.actual);
        remark.push(pieces.remark);
    }
    // An empty field still names its cell, so a finding about it can point there.
    let at_cell = |mut text: Text, c: usize| {
        text.at = text.at.or(Some(grid.pos(row, c)));
        text
    };
    Indicator {
        level1: levels.level1.clone().unwrap_or_default(),
        level2: levels.level2.clone().unwrap_or_default(),
        level3: join_parts(&level3_parts),
        target: at_cell(
            compose_target(
                &join_parts(&direction),
                join_parts(&target),
                &join_parts(&unit),
                vocab,
            ),
            fit.target,
        ),
        actual: at_cell(join_parts(&actual), fit.actual),
        weight: if fit.weight_named {
            points_at(grid, row, fit.weight, notes)
        } else {
            Number::default()
        },
        score: number_at(grid, row, fit.score, notes),
        remark: at_cell(join_parts(&remark), fit.weight.max(fit.score) + 1),
        level1_as_written,
        extra: Vec::new(),
    }
}

pub(super) fn level_text(name: String, cell: &Cell) -> Text {
    Located::new(name, Some(cell.pos), cell.text.clone())
}

/// Levels 1 and 2 as filled down the table.
#[derive(Default)]
pub(super) struct Levels {
    pub(super) level1: Option<Text>,
    pub(super) level2: Option<Text>,
}

impl Levels {
    /// Takes the labels written on a row. A level-2 name decides its level 1 by the
    /// taxonomy; a level-1 name alone keeps the current level 2 only if it belongs to it.
    /// Returns the written level 1 where the taxonomy overrode it.
    pub(super) fn apply(
        &mut self,
        written1: Option<Text>,
        written2: Option<Text>,
        vocab: &Vocabulary,
        notes: &mut Vec<Note>,
    ) -> Option<String> {
        let parent_of = |name: &str| match vocab.level(name) {
            Some(Level::Two { parent, .. }) => Some(parent.clone()),
            _ => None,
        };
        let mut overridden = None;
        if let Some(level2) = written2 {
            match parent_of(&level2.value) {
                Some(parent) => {
                    if let Some(w1) = &written1
                        && w1.value != parent
                    {
                        notes.push(Rule::TaxonomyLevel.note(
                            w1.at,
                            format!(
                                "二级指标“{}”写在一级指标“{}”下，按指标体系归入“{}”",
                                level2.value, w1.value, parent
                            ),
                        ));
                        overridden = Some(w1.value.clone());
                    }
                    let level1 = match (&written1, &self.level1) {
                        (Some(w1), _) if w1.value == parent => w1.clone(),
                        (_, Some(current)) if current.value == parent => current.clone(),
                        _ => Located::new(parent, None, ""),
                    };
                    self.level1 = Some(level1);
                }
                None => {
                    if let Some(w1) = written1 {
                        self.level1 = Some(w1);
                    }
                }
            }
            self.level2 = Some(level2);
        } else if let Some(level1) = written1 {
            let same_group = self
                .level2
                .as_ref()
                .and_then(|l2| parent_of(&l2.value))
                .is_some_and(|p| p == level1.value);
            if !same_group {
                let names = vocab.level2_names(&level1.value);
                self.level2 = match names {
                    [only] => Some(Located::new(only.clone(), None, "")),
                    _ => None,
                };
            }
            self.level1 = Some(level1);
        }
        overridden
    }
}

/// Rows above the first level label (printed mid-group in a PDF copy) take the levels of
/// the first row that has them.
pub(super) fn fill_up_leading_levels(indicators: &mut [Indicator]) {
    let Some(first) = indicators.iter().position(|i| !i.level2.value.is_empty()) else {
        return;
    };
    let (level1, level2) = (
        indicators[first].level1.clone(),
        indicators[first].level2.clone(),
    );
    for ind in &mut indicators[..first] {
        if ind.level1.value.is_empty() || ind.level1.value == level1.value {
            ind.level1 = Located::new(level1.value.clone(), None, "");
            ind.level2 = Located::new(level2.value.clone(), None, "");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::text_forms;
    use crate::model::GroupKind;
    use rust_decimal::Decimal;

    fn d(n: i64) -> Option<Decimal> {
        Some(Decimal::from(n))
    }

    #[test]
    fn a_text_copy_drops_placeholder_rows_and_numbering_and_keeps_level_1_points() {
        // 安徽 copied out of a PDF: the empty cells are gone, the template's rows stay.
        let f = text_forms(
            "项目名称\t小型农田水利设施维修养护\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n\
             产出指标（50分）\t数量指标\t指标1：塘坝维修数量\t≥18座\t18座\t30\t30\n\
             指标2：\n\
             ……\n\
             质量指标\t指标1：验收合格率\t=100%\t100%\t20\t20\n\
             效益指标（40分）\t社会效益指标\t指标1：保障灌溉面积\t≥1.2万亩\t1.25万亩\t40\t40\n\
             指标2：\n\
             总分\t100\t100\n",
        )
        .remove(0);
        let names: Vec<&str> = f
            .indicators
            .iter()
            .map(|i| i.level3.value.as_str())
            .collect();
        assert_eq!(names, ["塘坝维修数量", "验收合格率", "保障灌溉面积"]);
        assert_eq!(f.indicators[1].target.value, "=100%");
        assert_eq!(f.indicators[1].level1.value, "产出指标");
        let groups: Vec<_> = f
            .groups
            .iter()
            .map(|g| (g.kind, g.name.as_str(), g.weight.value, g.first, g.count))
            .collect();
        assert_eq!(
            groups,
            [
                (GroupKind::Level1, "产出指标", d(50), 0, 2),
                (GroupKind::Level1, "效益指标", d(40), 2, 1),
            ]
        );
        let rule = |name: &str| f.notes.iter().filter(|n| n.rule == name).count();
        assert_eq!(rule("placeholder-row"), 3);
        assert_eq!(rule("numbering"), 1);
        assert_eq!(rule("split-cell"), 0);
        assert_eq!(
            (f.total.weight.value, f.total.score.value),
            (d(100), d(100))
        );
    }

    #[test]
    fn a_text_copy_of_goal_blocks_has_no_row_weights_and_a_total_score() {
        // 湖北: blocks with their own headers, 得分 but no 分值, 总分 with its score only.
        let block = "一级指标\t二级指标\t三级指标\t年初目标值（A）\t实际完成值（B）\t得分\n";
        let f = text_forms(&format!(
            "项目名称\t长江岸线环境整治\n\
             年度绩效目标1（40分）\n{block}\
             产出指标\t数量指标\t整治岸线长度\t≥15公里\t15.6公里\t20\n\
             产出指标\t质量指标\t整治验收合格率\t=100%\t100%\t20\n\
             年度绩效目标2（40分）\n{block}\
             满意度指标\t服务对象满意度指标\t沿岸居民满意度\t≥90%\t92%\t40\n\
             总分\t100\n"
        ))
        .remove(0);
        let rows: Vec<_> = f
            .indicators
            .iter()
            .map(|i| (i.level3.value.as_str(), i.weight.value, i.score.value))
            .collect();
        assert_eq!(
            rows,
            [
                ("整治岸线长度", None, d(20)),
                ("整治验收合格率", None, d(20)),
                ("沿岸居民满意度", None, d(40)),
            ]
        );
        assert_eq!(
            crate::extract::testing::groups(&f),
            crate::extract::testing::hubei_blocks()
        );
        assert_eq!((f.total.weight.value, f.total.score.value), (None, d(100)));
    }

    const HEADER: &str = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n";

    #[test]
    fn content_alignment_puts_a_row_that_lost_its_leading_cells_back_in_place() {
        // A PDF copy drops the empty level cells of a row inside a group.
        let f = text_forms(&format!(
            "项目名称\t社区养老服务\n{HEADER}\
             产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t50\n\
             服务次数\t≥1000次\t1100次\t20\t18\t部分老人外出\n\
             总分\t\t\t\t\t70\t68\n"
        ))
        .remove(0);
        let rows: Vec<_> = f
            .indicators
            .iter()
            .map(|i| {
                (
                    i.level2.value.as_str(),
                    i.level3.value.as_str(),
                    i.target.value.as_str(),
                    i.actual.value.as_str(),
                    i.weight.value,
                    i.score.value,
                    i.remark.value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("数量指标", "服务人数", "≥100人", "120人", d(50), d(50), ""),
                (
                    "数量指标",
                    "服务次数",
                    "≥1000次",
                    "1100次",
                    d(20),
                    d(18),
                    "部分老人外出"
                ),
            ]
        );
    }

    #[test]
    fn split_cell_lines_join_the_row_they_belong_to() {
        let f = text_forms(&format!(
            "项目名称\t社区养老服务\n{HEADER}\
             为辖区内高龄独居老人\n\
             产出指标\t数量指标\t提供上门服务人数\t≥100人\t120人\t50\t50\n"
        ))
        .remove(0);
        assert_eq!(f.indicators.len(), 1);
        assert_eq!(
            f.indicators[0].level3.value,
            "为辖区内高龄独居老人提供上门服务人数"
        );
        assert!(f.notes.iter().any(|n| n.rule == "split-cell"));
    }

    #[test]
    fn the_taxonomy_decides_a_level_1_written_wrong_or_not_at_all() {
        let f = text_forms(&format!(
            "项目名称\t社区养老服务\n{HEADER}\
             效益指标\t质量指标\t服务合格率\t≥95%\t97%\t20\t20\n\
             \t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10\n"
        ))
        .remove(0);
        let levels: Vec<_> = f
            .indicators
            .iter()
            .map(|i| (i.level1.value.as_str(), i.level2.value.as_str()))
            .collect();
        assert_eq!(
            levels,
            [
                ("产出指标", "质量指标"),
                ("满意度指标", "服务对象满意度指标")
            ]
        );
        assert_eq!(
            f.indicators[0].level1_as_written.as_deref(),
            Some("效益指标")
        );
        assert!(f.notes.iter().any(|n| n.rule == "taxonomy-level"));
    }

    #[test]
    fn a_number_that_cannot_be_read_is_empty_and_noted() {
        let f = text_forms(&format!(
            "项目名称\t社区养老服务\n{HEADER}\
             产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t五十\n"
        ))
        .remove(0);
        assert_eq!(f.indicators[0].weight.value, d(50));
        assert_eq!(f.indicators[0].score.value, None);
        assert_eq!(f.indicators[0].score.raw, "五十");
        assert!(
            f.notes
                .iter()
                .any(|n| n.rule == "unreadable-number" && n.message.contains("五十"))
        );
    }

    #[test]
    fn a_form_without_funds_or_header_is_read_as_far_as_it_goes() {
        let missing = |f: &crate::model::Form| -> Vec<String> {
            f.notes
                .iter()
                .filter(|n| n.rule == "missing-block")
                .map(|n| n.message.clone())
                .collect()
        };
        // No funds block: the indicators are read, the gap is noted.
        let f = text_forms(&format!(
            "项目名称\t社区养老服务\n{HEADER}产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t50\n"
        ))
        .remove(0);
        assert_eq!(f.indicators.len(), 1);
        assert!(missing(&f)[0].contains("项目资金表"), "{:?}", missing(&f));
        // No indicator header: the official nine columns are assumed.
        let f = text_forms(
            "项目名称\t社区养老服务\n\
             项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
             \t年度资金总额\t100\t100\t90\t10\t90%\t9\n\
             绩效指标\t产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t50\n",
        )
        .remove(0);
        assert!(missing(&f)[0].contains("绩效指标表头"), "{:?}", missing(&f));
        assert_eq!(f.indicators.len(), 1);
        assert_eq!(f.indicators[0].level3.value, "服务人数");
        assert_eq!(f.indicators[0].score.value, d(50));
    }

    #[test]
    fn a_text_copy_that_kept_its_cells_is_read_by_its_header_in_any_order() {
        // Rule `kept-columns`: 分值 before the target, every row as wide as the header.
        let f = text_forms(
            "项目名称\t茶叶产业园基础设施建设\t\t\t\t\t\t\n\
             一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t未完成原因\n\
             产出指标\t数量指标\t生产便道长度\t25\t≥12公里\t12.4公里\t25\t\n\
             \t时效指标\t项目完工时间\t10\t2023年10月底前\t2023年11月中旬\t8\t雨季影响\n\
             总分\t\t\t35\t\t\t33\t\n",
        )
        .remove(0);
        let rows: Vec<_> = f
            .indicators
            .iter()
            .map(|i| {
                (
                    i.level3.value.as_str(),
                    i.target.value.as_str(),
                    i.actual.value.as_str(),
                    i.weight.value,
                    i.score.value,
                    i.remark.value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("生产便道长度", "≥12公里", "12.4公里", d(25), d(25), ""),
                (
                    "项目完工时间",
                    "2023年10月底前",
                    "2023年11月中旬",
                    d(10),
                    d(8),
                    "雨季影响"
                ),
            ]
        );
        assert_eq!((f.total.weight.value, f.total.score.value), (d(35), d(33)));
    }

    #[test]
    fn a_text_copys_two_row_header_names_its_columns() {
        let f = text_forms(
            "项目名称\t森林防火能力建设\n\
             一级指标\t二级指标\t三级指标\t指标值\t\t分值\t得分\n\
             \t\t\t年度指标值\t实际完成值\n\
             产出指标\t数量指标\t购置扑火机具\t≥200台\t210台\t30\t30\n",
        )
        .remove(0);
        let i = &f.indicators[0];
        assert_eq!(f.indicators.len(), 1);
        assert_eq!(
            (
                i.level3.value.as_str(),
                i.target.value.as_str(),
                i.actual.value.as_str()
            ),
            ("购置扑火机具", "≥200台", "210台")
        );
    }
}
