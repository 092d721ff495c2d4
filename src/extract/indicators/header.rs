//! The indicator table's header: which column holds what.

use super::*;

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
    pub(crate) fn shifted(self, shift: usize) -> Option<Columns> {
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
    pub(crate) fn labels_end(self) -> usize {
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

pub(crate) fn is_header_row(grid: &Grid, r: usize, vocab: &Vocabulary) -> bool {
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
pub(crate) type Fit = Columns;
