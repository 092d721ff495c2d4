//! The indicator table of a grid whose columns can be trusted (a spreadsheet, a Word
//! table): rule `trusted-header`. The header row names every column, in any order; each
//! row's values are read from the columns their header names, so an empty cell is an empty
//! value and nothing shifts. A headed column the vocabulary does not know is kept aside
//! (rule `unknown-column`: [`crate::model::Extra`] and a note), never joined to a neighbour.
//!
//! A table may come in blocks, each with its label and header (湖北's 年度绩效目标1（40分）,
//! 年度绩效目标2（40分）); a block label or a level 1 with points makes a group (rule
//! `points-in-label`). The rows of a template left empty are skipped (rule
//! `placeholder-row`), and `指标N：` numbering leaves the names (rule `numbering`).
//!
//! Text copies have no such header to trust: they go through [`super::indicators`].

use rust_decimal::Decimal;

use crate::model::{Extra, Group, GroupKind, Indicator, Located, Note, Number, Text, Total};
use crate::normalize::{clean_text, parse_number};
use crate::read::{Cell, Grid};

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

/// What a headed column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Level1,
    Level2,
    Level3,
    Direction,
    Target,
    Unit,
    Actual,
    Weight,
    Score,
    Remark,
}

/// The fields an indicator header can name, each with its label (checked in this order: a
/// header cell is the first field whose label it is).
const FIELDS: [(Field, Label); 10] = [
    (Field::Level1, Label::Level1),
    (Field::Level2, Label::Level2),
    (Field::Level3, Label::Level3),
    (Field::Direction, Label::TargetDirection),
    (Field::Target, Label::Target),
    (Field::Unit, Label::TargetUnit),
    (Field::Actual, Label::Actual),
    (Field::Weight, Label::Weight),
    (Field::Score, Label::Score),
    (Field::Remark, Label::Remark),
];

/// An indicator header row read: the columns of each field, the headed columns nobody
/// knows, and the block label left of it.
#[derive(Debug, Clone)]
pub struct Header {
    pub row: usize,
    /// (field, first column, last column), left to right.
    pub fields: Vec<(Field, usize, usize)>,
    /// (first column, last column, header as written).
    pub unknown: Vec<(usize, usize, String)>,
    /// A block label in the header row (绩效指标（90分）): its cell.
    pub block: Option<(usize, usize)>,
}

impl Header {
    pub fn read(grid: &Grid, r: usize, vocab: &Vocabulary) -> Header {
        let mut header = Header {
            row: r,
            fields: Vec::new(),
            unknown: Vec::new(),
            block: None,
        };
        for (c, cell) in visible_cells(grid, r) {
            let last = grid.merge_at(r, c).map_or(c, |m| m.last_col);
            let field = FIELDS
                .iter()
                .find(|(f, label)| {
                    vocab.is(*label, &cell.text) && !header.fields.iter().any(|(g, ..)| g == f)
                })
                .map(|(f, _)| *f);
            match field {
                Some(f) => header.fields.push((f, c, last)),
                None if header.fields.is_empty() && is_block_label(&cell.text, vocab) => {
                    header.block = Some((r, c));
                }
                None => header.unknown.push((c, last, clean_text(&cell.text))),
            }
        }
        header
    }

    fn columns(&self, field: Field) -> Option<(usize, usize)> {
        self.fields
            .iter()
            .find(|(f, ..)| *f == field)
            .map(|&(_, a, b)| (a, b))
    }

    /// Where the values of the row start: left of this, labels only.
    fn first_value_column(&self) -> usize {
        self.fields
            .iter()
            .filter(|(f, ..)| !matches!(f, Field::Level1 | Field::Level2 | Field::Level3))
            .map(|&(_, a, _)| a)
            .min()
            .unwrap_or(usize::MAX)
    }

    /// True where the header names neither 分值 nor 得分: an unscored form.
    pub fn unscored(&self) -> bool {
        self.columns(Field::Weight).is_none() && self.columns(Field::Score).is_none()
    }
}

/// A label that heads an indicator block (绩效指标, 年度绩效目标1（40分）).
pub fn is_block_label(text: &str, vocab: &Vocabulary) -> bool {
    let key = crate::normalize::label_key(text);
    let stem = key.trim_end_matches(|c: char| c.is_ascii_digit());
    vocab.is(Label::IndicatorBlock, text) || (stem != key && vocab.is(Label::IndicatorBlock, stem))
}

/// The text a person sees at (r, c): the cell's, or the merged range's it lies under.
fn seen(grid: &Grid, r: usize, c: usize) -> Option<&Cell> {
    let cell = match grid.merge_covering(r, c) {
        Some(m) => grid.cell(m.first_row, m.first_col)?,
        None => grid.cell(r, c)?,
    };
    (!cell.is_blank()).then_some(cell)
}

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
    let mut header = Header::read(grid, header_row, vocab);
    note_unknown(&header, grid, notes);
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut levels = Levels::default();
    let mut total = Total::default();
    // The block being read: (label cell, its group's index in `groups`): a label in the
    // header row, or on a row of its own just above it.
    let label_above = header_row
        .checked_sub(1)
        .filter(|&a| a >= span.first && visible_cells(grid, a).count() == 1)
        .and_then(|a| visible_cells(grid, a).next().map(|(c, cell)| (a, c, cell)))
        .filter(|(_, _, cell)| is_block_label(&cell.text, vocab))
        .map(|(a, c, _)| (a, c));
    let mut block = header
        .block
        .or(label_above)
        .and_then(|(r, c)| open_block(grid, r, c, 0, &mut groups));
    // The level 1 with points being read: (its cell, its group's index).
    let mut level1_group: Option<(crate::read::Pos, usize)> = None;
    let mut rows_read = 0;
    let mut numbering = 0;
    let mut end = span.last;
    for r in header_row + 1..=span.last {
        if grid.is_blank_row(r) {
            continue;
        }
        if is_header_row(grid, r, vocab) {
            // A repeated header (a page break in a Word table) or a block's own header.
            let next = Header::read(grid, r, vocab);
            if let Some((br, bc)) = next.block
                && block.is_none_or(|(at, _)| at != grid.pos(br, bc))
            {
                close(&mut groups, block, indicators.len());
                block = open_block(grid, br, bc, indicators.len(), &mut groups);
            }
            header = next;
            note_unknown(&header, grid, notes);
            continue;
        }
        let first = visible_cells(grid, r).next();
        if let Some((c, cell)) = first {
            if vocab.is(Label::Total, &cell.text) {
                total = Total {
                    weight: number_in(grid, r, header.columns(Field::Weight), notes),
                    score: number_in(grid, r, header.columns(Field::Score), notes),
                };
                end = r;
                break;
            }
            // A block label on a row of its own, above its header.
            if is_block_label(&cell.text, vocab) && visible_cells(grid, r).count() == 1 {
                close(&mut groups, block, indicators.len());
                block = open_block(grid, r, c, indicators.len(), &mut groups);
                continue;
            }
            // A field below the table (评价结论, 存在问题) ends it.
            if vocab.section(&cell.text).is_some() && c < header.first_value_column() {
                end = r - 1;
                break;
            }
        }
        rows_read += 1;
        if rows_read > MAX_INDICATOR_ROWS {
            return Err(TooLarge::Table {
                sheet: grid.sheet.clone(),
                at: grid.pos(r, 0),
                kind: grid.kind,
            });
        }
        let field = |f: Field| {
            header
                .columns(f)
                .map(|cols| cells_in(grid, r, cols))
                .unwrap_or_default()
        };
        let col = |f: Field| header.columns(f).map_or(0, |(a, _)| a);
        let (l1, l2, l3) = (
            field(Field::Level1),
            field(Field::Level2),
            field(Field::Level3),
        );
        let level3 = text_of(&l3, grid, r, col(Field::Level3));
        let target = compose_target(
            &text_of(&field(Field::Direction), grid, r, col(Field::Direction)),
            text_of(&field(Field::Target), grid, r, col(Field::Target)),
            &text_of(&field(Field::Unit), grid, r, col(Field::Unit)),
            vocab,
        );
        let actual = text_of(&field(Field::Actual), grid, r, col(Field::Actual));
        let raw = |f: Field| {
            header
                .columns(f)
                .and_then(|(a, _)| grid.cell(r, a))
                .map_or("", |c| c.text.as_str())
        };
        let (weight_raw, score_raw) = (raw(Field::Weight), raw(Field::Score));
        if level3.value.is_empty()
            && target.value.is_empty()
            && actual.value.is_empty()
            && weight_raw.trim().is_empty()
            && score_raw.trim().is_empty()
        {
            // Only level labels (a level-1 row over its group): nothing to read.
            continue;
        }
        if is_placeholder_row(
            &level3.value,
            &[&target.value, &actual.value, weight_raw, score_raw],
            vocab,
        ) {
            notes.push(Rule::PlaceholderRow.note(
                level3.at,
                format!(
                    "“{}”是模板留下的空指标行，不是指标，已略过",
                    level3.raw.trim()
                ),
            ));
            continue;
        }
        let named = without_numbering(level3.clone(), vocab);
        if named.value != level3.value {
            numbering += 1;
        }
        // Levels: the level columns where the header names them; points in a level 1.
        let written1 = l1.first().map(|cell| level_of(cell, vocab, true));
        let written2 = l2.first().map(|cell| level_of(cell, vocab, false));
        if let Some(cell) = l1.first() {
            match points(&cell.text) {
                Some(p) if level1_group.is_none_or(|(at, _)| at != cell.pos) => {
                    if let Some((_, g)) = level1_group {
                        groups[g].count = indicators.len() - groups[g].first;
                    }
                    let name = written1
                        .as_ref()
                        .map(|t| t.value.clone())
                        .unwrap_or_default();
                    groups.push(Group {
                        kind: GroupKind::Level1,
                        label: Located::new(
                            clean_text(&cell.text),
                            Some(cell.pos),
                            cell.text.clone(),
                        ),
                        name,
                        weight: Number::new(Some(p), Some(cell.pos), cell.text.clone()),
                        first: indicators.len(),
                        count: 0,
                    });
                    level1_group = Some((cell.pos, groups.len() - 1));
                }
                Some(_) => {}
                None => {
                    if let Some((_, g)) = level1_group.take() {
                        groups[g].count = indicators.len() - groups[g].first;
                    }
                }
            }
        }
        let written1 = written1.filter(|t| !t.value.is_empty());
        let level1_as_written = levels.apply(written1, written2, vocab, notes);
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
        indicators.push(Indicator {
            level1: levels.level1.clone().unwrap_or_default(),
            level2: levels.level2.clone().unwrap_or_default(),
            level3: named,
            target: with_cell(target, grid, r, col(Field::Target)),
            actual,
            weight: number_in(grid, r, header.columns(Field::Weight), notes),
            score: number_in(grid, r, header.columns(Field::Score), notes),
            remark: text_of(&field(Field::Remark), grid, r, col(Field::Remark)),
            level1_as_written,
            extra,
        });
    }
    if let Some((_, g)) = level1_group {
        groups[g].count = indicators.len() - groups[g].first;
    }
    close(&mut groups, block, indicators.len());
    if numbering > 0 {
        notes.push(Rule::Numbering.note(
            Some(grid.pos(header_row, 0)),
            format!("{numbering} 个三级指标名称前的模板编号（“指标1：”等）已去掉"),
        ));
    }
    fill_up_leading_levels(&mut indicators);
    Ok(Table {
        indicators,
        total,
        groups,
        end,
    })
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

fn note_unknown(header: &Header, grid: &Grid, notes: &mut Vec<Note>) {
    for (c, _, name) in &header.unknown {
        if name.is_empty() || parse_number(name).is_ok_and(|n| n.is_some()) {
            continue;
        }
        notes.push(Rule::UnknownColumn.note(
            Some(grid.pos(header.row, *c)),
            format!("表头“{name}”不是已知的栏目，这一栏的内容按原样另存（extra），未并入其他栏目"),
        ));
    }
}
