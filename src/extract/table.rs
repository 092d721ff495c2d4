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
    /// The header's last row: `row`, or the row below it where a sub-header names the
    /// columns under a parent cell (rule `two-row-header`).
    pub last_row: usize,
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
            last_row: r,
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
        header.read_sub_header(grid, vocab);
        header
    }

    /// Rule `two-row-header`: a row right below the header whose every cell names a field
    /// and lies under a header cell spanning several columns (指标值 over 年度指标值 and
    /// 实际完成值) names those columns; its cells replace their parent. The other header
    /// cells are merged down over it, so the sub-row shows nothing else.
    fn read_sub_header(&mut self, grid: &Grid, vocab: &Vocabulary) {
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
    note_sub_header(&header, grid, notes);
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
    // The last row of the header being read: its sub-header row is no data row.
    let mut header_end = header.last_row;
    for r in header_row + 1..=span.last {
        if r <= header_end || grid.is_blank_row(r) {
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
            header_end = header.last_row;
            note_unknown(&header, grid, notes);
            note_sub_header(&header, grid, notes);
            continue;
        }
        let first = visible_cells(grid, r).next();
        if let Some((c, cell)) = first {
            if vocab.is(Label::Total, &cell.text) {
                total = Total {
                    weight: points_in(grid, r, header.columns(Field::Weight), notes),
                    score: number_in(grid, r, header.columns(Field::Score), notes),
                };
                end = r;
                break;
            }
            // The head printed again on a later page (rule `repeated-head`).
            if c < header.first_value_column() && super::indicators::is_head_row(grid, r, vocab) {
                continue;
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
            return Err(super::indicators::table_too_large(grid, r));
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
            weight: points_in(grid, r, header.columns(Field::Weight), notes),
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
    // A group whose label is points alone (`（50分）`) is named by its rows' level 1.
    for g in groups.iter_mut().filter(|g| g.name.is_empty()) {
        if let Some(first) = indicators.get(g.first) {
            g.name = first.level1.value.clone();
        }
    }
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

fn note_sub_header(header: &Header, grid: &Grid, notes: &mut Vec<Note>) {
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

#[cfg(test)]
mod tests {
    use crate::extract::testing::{HEAD, forms};
    use crate::model::{Form, GroupKind};
    use rust_decimal::Decimal;

    fn one(rows: &str, merges: &[(usize, usize, usize, usize)]) -> Form {
        let mut all = forms(&format!("{HEAD}{rows}"), merges);
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    fn d(n: i64) -> Option<Decimal> {
        Some(Decimal::from(n))
    }

    /// (level3, target, actual, weight, score) of an indicator.
    type Row = (String, String, String, Option<Decimal>, Option<Decimal>);

    fn rows(f: &Form) -> Vec<Row> {
        f.indicators
            .iter()
            .map(|i| {
                (
                    i.level3.value.clone(),
                    i.target.value.clone(),
                    i.actual.value.clone(),
                    i.weight.value,
                    i.score.value,
                )
            })
            .collect()
    }

    fn row(
        l3: &str,
        target: &str,
        actual: &str,
        weight: Option<Decimal>,
        score: Option<Decimal>,
    ) -> Row {
        (l3.into(), target.into(), actual.into(), weight, score)
    }

    const HEADER: &str = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n";

    #[test]
    fn an_empty_score_cell_is_an_empty_value_and_nothing_shifts() {
        let f = one(
            &format!(
                "{HEADER}\t产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t\t得分漏填\n\
                 \t效益指标\t社会效益指标\t覆盖率\t≥80%\t85%\t40\t40\t\n\
                 总分\t\t\t\t\t\t100\t\t\n"
            ),
            &[],
        );
        assert_eq!(
            rows(&f),
            [
                row("服务人数", "≥100人", "120人", d(50), None),
                row("覆盖率", "≥80%", "85%", d(40), d(40)),
            ]
        );
        assert_eq!(f.indicators[0].remark.value, "得分漏填");
        assert_eq!(f.indicators[0].score.at.map(|p| p.a1()), Some("H8".into()));
    }

    #[test]
    fn the_header_names_the_columns_in_any_order() {
        // 衔接资金: 分值 before the target; 得分 after the actual.
        let f = one(
            "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t未完成原因及拟采取的改进措施\n\
             \t产出指标\t数量指标\t生产便道长度\t25\t≥12公里\t12.4公里\t25\t\n\
             \t满意度指标\t服务对象满意度指标\t满意度\t65\t≥90%\t95%\t65\t\n",
            &[],
        );
        assert_eq!(
            rows(&f),
            [
                row("生产便道长度", "≥12公里", "12.4公里", d(25), d(25)),
                row("满意度", "≥90%", "95%", d(65), d(65)),
            ]
        );
    }

    #[test]
    fn an_unknown_headed_column_is_kept_aside_with_a_note() {
        let f = one(
            "绩效指标\t一级指标\t二级指标\t三级指标\t指标解释\t年度指标值\t实际完成值\t分值\t得分\n\
             \t产出指标\t数量指标\t参保人数\t以医保系统统计为准\t≥5万人\t5.2万人\t90\t90\n",
            &[],
        );
        assert_eq!(
            rows(&f),
            [row("参保人数", "≥5万人", "5.2万人", d(90), d(90))]
        );
        let extra = &f.indicators[0].extra;
        assert_eq!(extra.len(), 1);
        assert_eq!(extra[0].header, "指标解释");
        assert_eq!(extra[0].value.value, "以医保系统统计为准");
        assert!(
            f.notes
                .iter()
                .any(|n| n.rule == "unknown-column" && n.message.contains("指标解释"))
        );
    }

    #[test]
    fn a_two_row_header_names_the_columns_under_its_parent() {
        // 指标值 over 年度指标值 / 实际完成值; the other header cells merged down over both rows.
        let table = "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t\t分值\t得分\t偏差原因分析及改进措施\n\
             \t\t\t\t年度指标值\t实际完成值\n\
             \t产出指标\t数量指标\t购置扑火机具\t≥200台\t210台\t50\t50\t\n\
             \t效益指标\t生态效益指标\t森林火灾受害率\t≤0.9‰\t0.2‰\t40\t40\t\n";
        let merged = [
            (6, 0, 9, 0),
            (6, 1, 7, 1),
            (6, 2, 7, 2),
            (6, 3, 7, 3),
            (6, 4, 6, 5),
            (6, 6, 7, 6),
            (6, 7, 7, 7),
            (6, 8, 7, 8),
        ];
        let expected = [
            row("购置扑火机具", "≥200台", "210台", d(50), d(50)),
            row("森林火灾受害率", "≤0.9‰", "0.2‰", d(40), d(40)),
        ];
        let f = one(table, &merged);
        assert_eq!(rows(&f), expected);
        assert!(
            f.notes
                .iter()
                .any(|n| n.rule == "two-row-header"
                    && n.message.contains("“年度指标值”“实际完成值”"))
        );
        // Unmerged, the parent spans the empty header cells after it.
        assert_eq!(rows(&one(table, &[])), expected);
    }

    #[test]
    fn placeholder_rows_are_no_indicators_and_numbering_leaves_the_names() {
        let f = one(
            &format!(
                "{HEADER}\t产出指标\t数量指标\t指标1：维修塘坝\t≥15座\t18座\t50\t50\t\n\
                 \t\t\t指标2：\t\t\t\t\t\n\
                 \t\t\t……\t\t\t\t\t\n\
                 \t效益指标\t社会效益指标\t指标1：灌溉面积\t≥1.2万亩\t1.25万亩\t40\t40\t\n"
            ),
            &[],
        );
        assert_eq!(
            rows(&f),
            [
                row("维修塘坝", "≥15座", "18座", d(50), d(50)),
                row("灌溉面积", "≥1.2万亩", "1.25万亩", d(40), d(40)),
            ]
        );
        assert_eq!(f.indicators[0].level3.raw, "指标1：维修塘坝");
        let rules: Vec<&str> = f.notes.iter().map(|n| n.rule.as_str()).collect();
        assert_eq!(rules.iter().filter(|r| **r == "placeholder-row").count(), 2);
        assert!(rules.contains(&"numbering"));
    }

    #[test]
    fn points_in_a_level_1_make_a_group_named_by_it() {
        let f = one(
            &format!(
                "{HEADER}\t产出指标（50分）\t数量指标\t维修塘坝\t≥15座\t18座\t30\t30\t\n\
                 \t\t质量指标\t验收合格率\t100%\t100%\t20\t20\t\n\
                 \t（40分）\t社会效益指标\t灌溉面积\t≥1.2万亩\t1.25万亩\t40\t40\t\n"
            ),
            &[(7, 1, 8, 1)],
        );
        type Seen<'a> = (GroupKind, &'a str, &'a str, Option<Decimal>, usize, usize);
        let groups: Vec<Seen> = f
            .groups
            .iter()
            .map(|g| {
                (
                    g.kind,
                    g.label.value.as_str(),
                    g.name.as_str(),
                    g.weight.value,
                    g.first,
                    g.count,
                )
            })
            .collect();
        assert_eq!(
            groups,
            [
                (
                    GroupKind::Level1,
                    "产出指标（50分）",
                    "产出指标",
                    d(50),
                    0,
                    2
                ),
                // Points alone: the level 1 comes from the level 2 (taxonomy) and names it.
                (GroupKind::Level1, "（40分）", "效益指标", d(40), 2, 1),
            ]
        );
        assert_eq!(f.indicators[1].level1.value, "产出指标");
        assert_eq!(f.indicators[2].level1.value, "效益指标");
    }

    #[test]
    fn blocks_with_their_own_headers_carry_the_weight_of_their_rows() {
        // 湖北: no per-row 分值; each 年度绩效目标N（40分） has its header.
        let block_header = "一级指标\t二级指标\t三级指标\t年初目标值（A）\t实际完成值（B）\t得分\n";
        let f = one(
            &format!(
                "年度绩效目标1（40分）\n{block_header}\
                 产出指标\t数量指标\t整治岸线长度\t≥15公里\t15.6公里\t20\n\
                 产出指标\t质量指标\t验收合格率\t=100%\t100%\t20\n\
                 年度绩效目标2（40分）\n{block_header}\
                 满意度指标\t服务对象满意度指标\t沿岸居民满意度\t≥90%\t92%\t40\n\
                 总分\t\t\t\t\t100\n"
            ),
            &[],
        );
        assert_eq!(
            rows(&f),
            [
                row("整治岸线长度", "≥15公里", "15.6公里", None, d(20)),
                row("验收合格率", "=100%", "100%", None, d(20)),
                row("沿岸居民满意度", "≥90%", "92%", None, d(40)),
            ]
        );
        assert_eq!(
            crate::extract::testing::groups(&f),
            crate::extract::testing::hubei_blocks()
        );
        assert_eq!(f.total.score.value, d(100));
        assert_eq!(crate::check::scoring(&f), crate::check::Scoring::Groups);
    }

    #[test]
    fn a_split_target_is_joined_and_its_comparator_is_the_checks() {
        // 四川: 指标性质 | 指标值 | 度量单位; 权重 as 分值; 定性 makes a qualitative target.
        let f = one(
            "绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t实际完成值\t权重\t得分\n\
             \t产出指标\t数量指标\t示范基地数量\t≥\t120\t个\t126个\t40\t40\n\
             \t成本指标\t经济成本指标\t管理费用占比\t控制在\t5\t%\t6%\t30\t20\n\
             \t效益指标\t社会效益指标\t农民技术水平\t定性\t明显提升\t\t明显提升\t20\t20\n",
            &[],
        );
        let targets: Vec<&str> = f
            .indicators
            .iter()
            .map(|i| i.target.value.as_str())
            .collect();
        assert_eq!(targets, ["≥120个", "控制在5%", "明显提升"]);
        assert_eq!(f.indicators[1].weight.value, d(30));
        // The check reads 控制在 from the same table: at most 5%, so 6% misses the target.
        let settings = crate::config::Settings::builtin();
        let a = crate::check::assess(&f, &settings.rules, &settings.vocab);
        let kinds: Vec<_> = a.indicators.iter().map(|i| i.kind).collect();
        use crate::check::indicator::Kind;
        assert_eq!(
            kinds,
            [Kind::Quantitative, Kind::Quantitative, Kind::Qualitative]
        );
        assert_eq!(
            settings.vocab.comparator("控制在"),
            Some(crate::model::Comparator::AtMost)
        );
        assert!(
            a.indicators[1]
                .rescored
                .is_some_and(|s| s < Decimal::from(30))
        );
    }

    #[test]
    fn a_weight_written_as_a_percentage_is_that_many_points() {
        let f = one(
            "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t权重\t得分\n\
             \t产出指标\t数量指标\t供养人数\t60人\t62人\t50%\t50\n\
             总分\t\t\t\t\t\t100%\t100\n",
            &[],
        );
        assert_eq!(rows(&f), [row("供养人数", "60人", "62人", d(50), d(50))]);
        assert_eq!(f.total.weight.value, d(100));
        assert_eq!(f.indicators[0].weight.raw, "50%");
        assert!(f.notes.iter().any(|n| n.rule == "percent-weight"));
    }
}
