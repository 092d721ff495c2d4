//! The indicator table of a grid whose columns can be trusted (a spreadsheet, a Word
//! table): rule `trusted-header`. The header row names every column, in any order; each
//! row's values are read from the columns their header names, so an empty cell is an empty
//! value and nothing shifts. A headed column the vocabulary does not know is kept aside
//! (rule `unknown-column`: [`crate::model::Extra`] and a note), never joined to a neighbour.
//!
//! A table may come in blocks, each with its label and header (湖北's 年度绩效目标1（40分）,
//! 年度绩效目标2（40分）); a block label or a level 1 with points makes a group (rule
//! `points-in-label`). The rows of a template left empty are skipped (rule
//! `placeholder-row`), and `指标N：` numbering leaves the names (rule `numbering`). A header
//! may take two rows, a parent cell over its sub-columns (rule `two-row-header`).
//!
//! Text copies have no such header to trust: they go through [`super::indicators`], unless
//! one kept every cell under a header out of the official order (rule `kept-columns`).

use rust_decimal::Decimal;

use crate::model::{Extra, Group, GroupKind, Indicator, Located, Note, Number, Text, Total};
use crate::normalize::{clean_text, parse_number};
use crate::read::{Cell, Grid};

mod header;

pub(crate) use header::*;

use super::TooLarge;
use super::groups::{only_points, points};
use super::indicators::{
    Levels, Table, compose_target, fill_up_leading_levels, is_header_row, level_text, number_at,
};
use super::locate::{Span, visible_cells};
use super::names::{is_placeholder_row, without_numbering};
use super::rules::Rule;
use super::vocabulary::{Label, Level, Vocabulary};
use crate::read::limits::MAX_INDICATOR_ROWS;

/// The cells of a field's columns on row `r`, left to right, each merged range once.
fn cells_in(grid: &Grid, r: usize, (first, last): (usize, usize)) -> Vec<&Cell> {
    let mut out: Vec<&Cell> = Vec::new();
    for c in first..=last {
        if let Some(cell) = seen(grid, r, c)
            && !out.iter().any(|o| std::ptr::eq(*o, cell))
        {
            out.push(cell);
        }
    }
    out
}

fn text_of(cells: &[&Cell], grid: &Grid, r: usize, col: usize) -> Text {
    let mut t = super::indicators::join_parts(&[cells.to_vec()]);
    t.at = t.at.or(Some(grid.pos(r, col)));
    t
}

/// Reads the table whose first header is at `header_row`, to the 总分 row or the span's end.
pub fn read_table(
    grid: &Grid,
    header_row: usize,
    span: Span,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> Result<Table, TooLarge> {
    let mut reader = HeadedReader::new(grid, header_row, span, vocab, notes);
    let mut rows_read = 0;
    for r in header_row + 1..=span.last {
        if r <= reader.header_end || grid.is_blank_row(r) {
            continue;
        }
        match reader.control_row(r) {
            Some(Control::Skip) => continue,
            Some(Control::End(end)) => {
                reader.end = end;
                break;
            }
            None => {}
        }
        rows_read += 1;
        if rows_read > MAX_INDICATOR_ROWS {
            return Err(super::indicators::table_too_large(grid, r));
        }
        reader.data_row(r);
    }
    Ok(reader.finish(header_row))
}

/// What a row that is no indicator row does to the table.
enum Control {
    /// Read (a header, a block label) or skipped (the head printed again): go on.
    Skip,
    /// The table ends at this row (总分, or the row above a field below the table).
    End(usize),
}

/// The state of one headed table being read.
struct HeadedReader<'g, 'n> {
    grid: &'g Grid,
    vocab: &'g Vocabulary,
    notes: &'n mut Vec<Note>,
    header: Header,
    /// The last row of the header being read: its sub-header row is no data row.
    header_end: usize,
    indicators: Vec<Indicator>,
    groups: Vec<Group>,
    levels: Levels,
    total: Total,
    /// The block being read: its label's cell and its group's index in `groups`.
    block: Option<(crate::read::Pos, usize)>,
    /// The level 1 and the level 2 with points being read: its cell and its group's index.
    level_groups: [Option<(crate::read::Pos, usize)>; 2],
    /// Level-3 names that had the template's numbering (rule `numbering`).
    numbering: usize,
    end: usize,
}

impl<'g, 'n> HeadedReader<'g, 'n> {
    fn new(
        grid: &'g Grid,
        header_row: usize,
        span: Span,
        vocab: &'g Vocabulary,
        notes: &'n mut Vec<Note>,
    ) -> Self {
        let header = Header::read(grid, header_row, vocab);
        note_unknown(&header, grid, notes);
        note_sub_header(&header, grid, notes);
        let mut groups = Vec::new();
        // A block label in the header row, or on a row of its own just above it.
        let label_above = header_row
            .checked_sub(1)
            .filter(|&a| a >= span.first && visible_cells(grid, a).count() == 1)
            .and_then(|a| visible_cells(grid, a).next().map(|(c, cell)| (a, c, cell)))
            .filter(|(_, _, cell)| is_block_label(&cell.text, vocab))
            .map(|(a, c, _)| (a, c));
        let block = header
            .block
            .or(label_above)
            .and_then(|(r, c)| open_block(grid, r, c, 0, &mut groups));
        HeadedReader {
            grid,
            vocab,
            notes,
            header_end: header.last_row,
            header,
            indicators: Vec::new(),
            groups,
            levels: Levels::default(),
            total: Total::default(),
            block,
            level_groups: [None, None],
            numbering: 0,
            end: span.last,
        }
    }

    /// Row `r` where it is a header, 总分, the head again, a block label or a field below
    /// the table; `None` for a row to read as data.
    fn control_row(&mut self, r: usize) -> Option<Control> {
        let (grid, vocab) = (self.grid, self.vocab);
        if is_header_row(grid, r, vocab) {
            self.next_header(r);
            return Some(Control::Skip);
        }
        let (c, cell) = visible_cells(grid, r).next()?;
        if vocab.is(Label::Total, &cell.text) {
            let notes = &mut *self.notes;
            self.total = Total {
                weight: points_in(grid, r, self.header.columns(Field::Weight), notes),
                score: number_in(grid, r, self.header.columns(Field::Score), notes),
            };
            if self.indicators.is_empty() && super::indicators::rows_follow(grid, r, self.end) {
                self.notes.push(total_first_note(grid, r));
                return Some(Control::Skip);
            }
            return Some(Control::End(r));
        }
        let label_side = c < self.header.first_value_column();
        // The head printed again on a later page (rule `repeated-head`).
        if label_side && super::indicators::is_head_row(grid, r, vocab) {
            return Some(Control::Skip);
        }
        // A block label on a row of its own, above its header.
        if is_block_label(&cell.text, vocab) && visible_cells(grid, r).count() == 1 {
            close(&mut self.groups, self.block, self.indicators.len());
            self.block = open_block(grid, r, c, self.indicators.len(), &mut self.groups);
            return Some(Control::Skip);
        }
        // A field below the table (评价结论, 存在问题) ends it.
        if vocab.section(&cell.text).is_some() && label_side {
            return Some(Control::End(r - 1));
        }
        None
    }

    /// A repeated header (a page break in a Word table) or a block's own header at `r`.
    fn next_header(&mut self, r: usize) {
        let grid = self.grid;
        let next = Header::read(grid, r, self.vocab);
        if let Some((br, bc)) = next.block
            && self.block.is_none_or(|(at, _)| at != grid.pos(br, bc))
        {
            close(&mut self.groups, self.block, self.indicators.len());
            self.block = open_block(grid, br, bc, self.indicators.len(), &mut self.groups);
        }
        self.header = next;
        self.header_end = self.header.last_row;
        note_unknown(&self.header, grid, self.notes);
        note_sub_header(&self.header, grid, self.notes);
    }

    /// An indicator row, a level-1 row over its group, or a template's empty row.
    fn data_row(&mut self, r: usize) {
        let (grid, vocab) = (self.grid, self.vocab);
        let row = RowCells::read(grid, r, &self.header, vocab);
        if row.level3.value.is_empty()
            && row.target.value.is_empty()
            && row.actual.value.is_empty()
            && row.weight_raw.trim().is_empty()
            && row.score_raw.trim().is_empty()
        {
            // Only level labels (a level-1 row over its group): nothing to read.
            return;
        }
        let values = [
            row.target.value.as_str(),
            &row.actual.value,
            row.weight_raw,
            row.score_raw,
        ];
        if is_placeholder_row(&row.level3.value, &values, vocab) {
            self.notes.push(Rule::PlaceholderRow.note(
                row.level3.at,
                format!(
                    "“{}”是模板留下的空指标行，不是指标，已略过",
                    row.level3.raw.trim()
                ),
            ));
            return;
        }
        let named = without_numbering(row.level3.clone(), vocab);
        if named.value != row.level3.value {
            self.numbering += 1;
        }
        // Levels: the level columns where the header names them; points in a level 1.
        let written1 = row.level1.first().map(|cell| level_of(cell, vocab, true));
        let written2 = row.level2.first().map(|cell| level_of(cell, vocab, false));
        if let Some(cell) = row.level1.first() {
            self.follow_group(GroupKind::Level1, cell, written1.as_ref());
        }
        if let Some(cell) = row.level2.first() {
            self.follow_group(GroupKind::Level2, cell, written2.as_ref());
        }
        let written1 = written1.filter(|t| !t.value.is_empty());
        self.levels.apply(written1, written2, vocab);
        let header = &self.header;
        let notes = &mut *self.notes;
        self.indicators.push(Indicator {
            level1: self.levels.level1.clone().unwrap_or_default(),
            level2: self.levels.level2.clone().unwrap_or_default(),
            level3: named,
            target: with_cell(row.target, grid, r, header.first_column(Field::Target)),
            actual: row.actual,
            weight: points_in(grid, r, header.columns(Field::Weight), notes),
            score: number_in(grid, r, header.columns(Field::Score), notes),
            remark: row.remark,
            extra: extra_cells(grid, r, header),
        });
    }

    /// A level cell with points (`产出指标（50分）`, `数量指标（30分）`) opens a group of its
    /// level at this row; one without ends the group of its level being read. A new level-1
    /// group ends the level-2 group too.
    fn follow_group(&mut self, kind: GroupKind, cell: &Cell, written: Option<&Text>) {
        let here = self.indicators.len();
        let slot = usize::from(kind == GroupKind::Level2);
        let end = |groups: &mut Vec<Group>, open: &mut Option<(crate::read::Pos, usize)>| {
            if let Some((_, g)) = open.take() {
                groups[g].count = here - groups[g].first;
            }
        };
        match points(&cell.text) {
            Some(p) if self.level_groups[slot].is_none_or(|(at, _)| at != cell.pos) => {
                end(&mut self.groups, &mut self.level_groups[slot]);
                if kind == GroupKind::Level1 {
                    end(&mut self.groups, &mut self.level_groups[1]);
                }
                self.groups.push(Group {
                    kind,
                    label: Located::new(clean_text(&cell.text), Some(cell.pos), cell.text.clone()),
                    name: written.map(|t| t.value.clone()).unwrap_or_default(),
                    weight: Number::new(Some(p), Some(cell.pos), cell.text.clone()),
                    first: here,
                    count: 0,
                });
                self.level_groups[slot] = Some((cell.pos, self.groups.len() - 1));
            }
            Some(_) => {}
            None => end(&mut self.groups, &mut self.level_groups[slot]),
        }
    }

    /// Closes the open groups, names those whose label is points alone, notes the
    /// numbering taken off and fills the leading levels.
    fn finish(mut self, header_row: usize) -> Table {
        let n = self.indicators.len();
        for (_, g) in self.level_groups.into_iter().flatten() {
            self.groups[g].count = n - self.groups[g].first;
        }
        close(&mut self.groups, self.block, n);
        // A group whose label is points alone (`（50分）`) is named by its rows' level 1.
        for g in self.groups.iter_mut().filter(|g| g.name.is_empty()) {
            if let Some(first) = self.indicators.get(g.first) {
                g.name = match g.kind {
                    GroupKind::Level2 => first.level2.value.clone(),
                    _ => first.level1.value.clone(),
                };
            }
        }
        if self.numbering > 0 {
            self.notes.push(Rule::Numbering.note(
                Some(self.grid.pos(header_row, 0)),
                format!(
                    "{} 个三级指标名称前的模板编号（“指标1：”等）已去掉",
                    self.numbering
                ),
            ));
        }
        fill_up_leading_levels(&mut self.indicators);
        Table {
            indicators: self.indicators,
            total: self.total,
            groups: self.groups,
            end: self.end,
        }
    }
}

/// The cells of one data row under the header's columns.
struct RowCells<'g> {
    level1: Vec<&'g Cell>,
    level2: Vec<&'g Cell>,
    level3: Text,
    target: Text,
    actual: Text,
    remark: Text,
    weight_raw: &'g str,
    score_raw: &'g str,
}

impl<'g> RowCells<'g> {
    fn read(grid: &'g Grid, r: usize, header: &Header, vocab: &Vocabulary) -> Self {
        let field = |f: Field| {
            header
                .columns(f)
                .map(|cols| cells_in(grid, r, cols))
                .unwrap_or_default()
        };
        let text = |f: Field| text_of(&field(f), grid, r, header.first_column(f));
        let raw = |f: Field| {
            header
                .columns(f)
                .and_then(|(a, _)| grid.cell(r, a))
                .map_or("", |c| c.text.as_str())
        };
        RowCells {
            level1: field(Field::Level1),
            level2: field(Field::Level2),
            level3: text(Field::Level3),
            target: compose_target(
                &text(Field::Direction),
                text(Field::Target),
                &text(Field::Unit),
                vocab,
            ),
            actual: text(Field::Actual),
            remark: text(Field::Remark),
            weight_raw: raw(Field::Weight),
            score_raw: raw(Field::Score),
        }
    }
}

/// The row's values under the columns the vocabulary does not know (rule `unknown-column`).
fn extra_cells(grid: &Grid, r: usize, header: &Header) -> Vec<Extra> {
    let mut extra = Vec::new();
    for (a, b, name) in &header.unknown {
        let cells = cells_in(grid, r, (*a, *b));
        if !cells.is_empty() {
            extra.push(Extra {
                header: name.clone(),
                value: text_of(&cells, grid, r, *a),
            });
        }
    }
    extra
}

fn with_cell(mut t: Text, grid: &Grid, r: usize, c: usize) -> Text {
    t.at = t.at.or(Some(grid.pos(r, c)));
    t
}

/// A level name as written: the taxonomy's name where it knows the text (its points and
/// brackets aside), the text itself otherwise; empty for a cell of points alone.
fn level_of(cell: &Cell, vocab: &Vocabulary, first: bool) -> Text {
    if only_points(&cell.text) {
        return Located::new(String::new(), Some(cell.pos), cell.text.clone());
    }
    let name = match vocab.level(&cell.text) {
        _ if first && vocab.level1_name(&cell.text).is_some() => {
            vocab.level1_name(&cell.text).unwrap_or_default().to_owned()
        }
        Some(Level::Two { name, .. }) if !first => name.clone(),
        _ => crate::normalize::label_key(&clean_text(&cell.text)),
    };
    level_text(name, cell)
}

/// A weight from the first column of a field (a percentage of the 100 points too).
fn points_in(grid: &Grid, r: usize, cols: Option<(usize, usize)>, notes: &mut Vec<Note>) -> Number {
    match cols {
        Some((a, _)) => super::indicators::points_at(grid, r, a, notes),
        None => Number::default(),
    }
}

/// A number from the first column of a field, `None` where the header has no such column.
fn number_in(grid: &Grid, r: usize, cols: Option<(usize, usize)>, notes: &mut Vec<Note>) -> Number {
    match cols {
        Some((a, _)) => number_at(grid, r, a, notes),
        None => Number::default(),
    }
}

/// Starts a block group at the label cell (r, c), where the label carries points.
fn open_block(
    grid: &Grid,
    r: usize,
    c: usize,
    first: usize,
    groups: &mut Vec<Group>,
) -> Option<(crate::read::Pos, usize)> {
    let cell = grid.cell(r, c)?;
    let weight: Option<Decimal> = points(&cell.text);
    weight?;
    let name = crate::normalize::label_key(&cell.text);
    groups.push(Group {
        kind: GroupKind::Block,
        label: Located::new(clean_text(&cell.text), Some(cell.pos), cell.text.clone()),
        name,
        weight: Number::new(weight, Some(cell.pos), cell.text.clone()),
        first,
        count: 0,
    });
    Some((cell.pos, groups.len() - 1))
}

fn close(groups: &mut [Group], block: Option<(crate::read::Pos, usize)>, end: usize) {
    if let Some((_, g)) = block {
        groups[g].count = end - groups[g].first;
    }
}

#[cfg(test)]
mod tests;

/// Rule `total-first`: the note on a 合计/总分 row standing right under the header.
pub(crate) fn total_first_note(grid: &Grid, r: usize) -> Note {
    Rule::TotalFirst.note(
        Some(grid.pos(r, 0)),
        "合计（总分）行在指标行之前，按总分读取，其下各行仍按指标读取",
    )
}
