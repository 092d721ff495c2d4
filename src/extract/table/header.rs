//! The header of a headed table: which columns each field takes (over one row or two), the
//! block label it carries, the columns it names that the vocabulary does not know.

use super::*;

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
pub(crate) const FIELDS: [(Field, Label); 10] = [
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
    /// The header's last row: `row`, or the row below it where a sub-header names the
    /// columns under a parent cell (rule `two-row-header`).
    pub last_row: usize,
    /// (field, first column, last column), left to right.
    pub fields: Vec<(Field, usize, usize)>,
    /// (first column, last column, header as written).
    pub unknown: Vec<(usize, usize, String)>,
    /// A block label in the header row (绩效指标（90分）): its cell.
    pub block: Option<(usize, usize)>,
    /// Columns whose header nobody knows taken as a level by what they hold (rule
    /// `level-by-content`): (column, level, header as written).
    pub levels_by_content: Vec<(usize, Field, String)>,
}

impl Header {
    /// The first column of `field` (0 where the header has none).
    pub(crate) fn first_column(&self, field: Field) -> usize {
        self.columns(field).map_or(0, |(a, _)| a)
    }

    pub fn read(grid: &Grid, r: usize, vocab: &Vocabulary) -> Header {
        let mut header = Header {
            row: r,
            last_row: r,
            fields: Vec::new(),
            unknown: Vec::new(),
            block: None,
            levels_by_content: Vec::new(),
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
        header.read_sub_header(grid, vocab);
        header.levels_by_content(grid, vocab);
        header
    }

    /// Rows under the header looked at for what a column holds.
    const LOOK_AHEAD: usize = 60;

    /// Rule `level-by-content`: a column left of the level-3 names whose header nobody knows
    /// (指标类别, 指标内容) but whose cells are mostly level names of the taxonomy (产出, 数量)
    /// is the level 1 or level 2 the header lacks — level 1 where its names are level 1s.
    fn levels_by_content(&mut self, grid: &Grid, vocab: &Vocabulary) {
        let Some((_, level3, _)) = self
            .fields
            .iter()
            .find(|(f, ..)| *f == Field::Level3)
            .copied()
        else {
            return;
        };
        let rows = self.last_row + 1..(self.last_row + 1 + Self::LOOK_AHEAD).min(grid.row_count());
        let mut taken = Vec::new();
        for &(c, last, ref name) in self.unknown.iter().filter(|(c, ..)| *c < level3) {
            let values: Vec<&str> = rows
                .clone()
                .filter_map(|r| grid.cell(r, c))
                .map(|cell| cell.text.trim())
                .filter(|t| !t.is_empty())
                .collect();
            let ones = values
                .iter()
                .filter(|t| vocab.level1_name(t).is_some())
                .count();
            let levels = values.iter().filter(|t| vocab.level(t).is_some()).count();
            if values.len() < 2 || levels.max(ones) * 5 < values.len() * 3 {
                continue;
            }
            let has = |f: Field| {
                self.fields.iter().any(|(g, ..)| *g == f)
                    || taken.iter().any(|(_, _, g, _)| *g == f)
            };
            let field = if ones * 2 >= values.len() && !has(Field::Level1) {
                Field::Level1
            } else if !has(Field::Level2) {
                Field::Level2
            } else {
                continue;
            };
            taken.push((c, last, field, name.clone()));
        }
        for (c, last, field, name) in taken {
            self.unknown.retain(|(a, ..)| *a != c);
            self.fields.push((field, c, last));
            self.levels_by_content.push((c, field, name));
        }
        self.fields.sort_unstable_by_key(|&(_, a, _)| a);
    }

    /// Rule `two-row-header`: a row right below the header whose every cell names a field
    /// and lies under a header cell spanning several columns (指标值 over 年度指标值 and
    /// 实际完成值) names those columns; its cells replace their parent. The other header
    /// cells are merged down over it, so the sub-row shows nothing else.
    pub(crate) fn read_sub_header(&mut self, grid: &Grid, vocab: &Vocabulary) {
        let s = self.row + 1;
        if s >= grid.row_count() {
            return;
        }
        // Each header cell spans its merge, or, unmerged, the empty cells up to the next.
        let starts: Vec<usize> = visible_cells(grid, self.row).map(|(c, _)| c).collect();
        let parents: Vec<(usize, usize)> = starts
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let merged = grid.merge_at(self.row, c).map_or(c, |m| m.last_col);
                let open = starts.get(i + 1).map_or(merged, |&next| next - 1);
                (c, merged.max(open))
            })
            .filter(|(a, b)| b > a)
            .collect();
        let mut children: Vec<(Option<Field>, usize, usize, String)> = Vec::new();
        for (c, cell) in visible_cells(grid, s) {
            let last = grid.merge_at(s, c).map_or(c, |m| m.last_col);
            if !parents.iter().any(|&(a, b)| a <= c && last <= b) {
                return;
            }
            let field = FIELDS
                .iter()
                .find(|(_, label)| vocab.is(*label, &cell.text))
                .map(|(f, _)| *f);
            children.push((field, c, last, clean_text(&cell.text)));
        }
        if !children.iter().any(|(f, ..)| f.is_some()) {
            return;
        }
        let has_child = |a: usize, b: usize| children.iter().any(|&(_, c, ..)| a <= c && c <= b);
        let under = |a: usize, b: usize| {
            has_child(a, b) || parents.iter().any(|&(pa, pb)| pa == a && has_child(pa, pb))
        };
        self.fields.retain(|&(_, a, b)| !under(a, b));
        self.unknown.retain(|&(a, b, _)| !under(a, b));
        for (field, c, last, text) in children {
            match field {
                Some(f) if !self.fields.iter().any(|(g, ..)| *g == f) => {
                    self.fields.push((f, c, last));
                }
                _ => self.unknown.push((c, last, text)),
            }
        }
        self.fields.sort_unstable_by_key(|&(_, a, _)| a);
        self.unknown.sort_unstable_by_key(|&(a, ..)| a);
        self.last_row = s;
    }

    pub(crate) fn columns(&self, field: Field) -> Option<(usize, usize)> {
        self.fields
            .iter()
            .find(|(f, ..)| *f == field)
            .map(|&(_, a, b)| (a, b))
    }

    /// Where the values of the row start: left of this, labels only.
    pub(crate) fn first_value_column(&self) -> usize {
        self.fields
            .iter()
            .filter(|(f, ..)| !matches!(f, Field::Level1 | Field::Level2 | Field::Level3))
            .map(|&(_, a, _)| a)
            .min()
            .unwrap_or(usize::MAX)
    }
}

/// A label that heads an indicator block (绩效指标, 年度绩效目标1（40分）).
pub fn is_block_label(text: &str, vocab: &Vocabulary) -> bool {
    let key = crate::normalize::label_key(text);
    let stem = key.trim_end_matches(|c: char| c.is_ascii_digit());
    vocab.is(Label::IndicatorBlock, text) || (stem != key && vocab.is(Label::IndicatorBlock, stem))
}

/// The text a person sees at (r, c): the cell's, or the merged range's it lies under.
pub(crate) fn seen(grid: &Grid, r: usize, c: usize) -> Option<&Cell> {
    let cell = match grid.merge_covering(r, c) {
        Some(m) => grid.cell(m.first_row, m.first_col)?,
        None => grid.cell(r, c)?,
    };
    (!cell.is_blank()).then_some(cell)
}

pub(crate) fn note_sub_header(header: &Header, grid: &Grid, notes: &mut Vec<Note>) {
    if header.last_row == header.row {
        return;
    }
    let names: Vec<String> = visible_cells(grid, header.last_row)
        .map(|(_, cell)| format!("“{}”", clean_text(&cell.text)))
        .collect();
    notes.push(Rule::TwoRowHeader.note(
        Some(grid.pos(header.last_row, 0)),
        format!(
            "指标表头占两行：第二行的{}是上一行合并单元格下的栏目，按它们定列",
            names.join("")
        ),
    ));
}

pub(crate) fn note_unknown(header: &Header, grid: &Grid, notes: &mut Vec<Note>) {
    for (c, field, name) in &header.levels_by_content {
        let level = if *field == Field::Level1 {
            "一级指标"
        } else {
            "二级指标"
        };
        notes.push(Rule::LevelByContent.note(
            Some(grid.pos(header.row, *c)),
            format!("表头“{name}”不是已知的栏目，其下多为指标体系的{level}名称，按{level}读取"),
        ));
    }
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
