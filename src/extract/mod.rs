//! Stage 2: grids → forms, found by their labels, never by fixed coordinates.
//!
//! A form is anchored at its 项目名称 row; it starts at the title above it (财政项目支出绩效
//! 自评表 and the year) and runs to the row before the next form. Inside, each block is
//! found by its own labels: identity rows, the funds block, the overall goal, the indicator
//! table and 总分.

pub(crate) mod funds;
pub(crate) mod goal;
pub(crate) mod groups;
pub(crate) mod head;
pub(crate) mod indicators;
pub(crate) mod layout;
pub(crate) mod locate;
pub(crate) mod names;
pub(crate) mod printout;
pub mod rules;
pub(crate) mod sections;
pub(crate) mod table;
pub mod vocabulary;

#[cfg(test)]
pub(crate) mod testing;

use crate::model::{Codes, Form, FormSource, Goal, Note, Text};
use crate::read::RejectionCode;
use crate::read::limits::{MAX_FORMS_PER_FILE, MAX_INDICATOR_ROWS, grouped};
use crate::read::{Grid, Pos, SourceKind};

use locate::{Span, find_in_row, value_in_label_cell, visible_cells};
use rules::Rule;
use vocabulary::{Label, Vocabulary};

/// How many rows above 项目名称 a title may stand.
const TITLE_REACH: usize = 4;

/// A grid that holds more than forms do: refused before the work it would take is spent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// More 项目名称 rows than [`MAX_FORMS_PER_FILE`] (in this grid, or with the grids
    /// before it in the same file).
    Forms {
        /// How many forms were found.
        count: usize,
    },
    /// An indicator table past [`MAX_INDICATOR_ROWS`] rows; `at` is the row past it.
    Table {
        /// The sheet of the table.
        sheet: Option<String>,
        /// The first row past the limit.
        at: Pos,
        /// How positions are written for the source.
        kind: SourceKind,
    },
}

impl TooLarge {
    /// The rejection code the file gets.
    pub fn code(&self) -> RejectionCode {
        match self {
            TooLarge::Forms { .. } => RejectionCode::TooManyForms,
            TooLarge::Table { .. } => RejectionCode::FormTooLarge,
        }
    }

    /// The reason, in Chinese, naming the limit and where it was passed.
    pub fn reason_zh(&self) -> String {
        match self {
            TooLarge::Forms { count } => format!(
                "文件中有 {} 份自评表（“项目名称”行），超过每个文件 {} 份的上限。请按单位或部门拆分成几个文件后重新放入。",
                grouped(*count as u64),
                grouped(MAX_FORMS_PER_FILE as u64)
            ),
            TooLarge::Table { sheet, at, kind } => {
                let sheet = sheet
                    .as_ref()
                    .map(|s| format!("工作表“{s}”"))
                    .unwrap_or_default();
                format!(
                    "{sheet}{}处的绩效指标表已超过 {} 行的上限，一份自评表不会有这么多指标。请检查文件是否放错或表格是否被误复制。",
                    at.describe_zh(*kind),
                    grouped(MAX_INDICATOR_ROWS as u64)
                )
            }
        }
    }
}

/// Every form in a grid, in the order they appear. `file` is the input's path relative to
/// the input folder.
pub fn extract_forms(grid: &Grid, file: &str, vocab: &Vocabulary) -> Result<Vec<Form>, TooLarge> {
    let anchors = project_rows(grid, vocab);
    if anchors.len() > MAX_FORMS_PER_FILE {
        return Err(TooLarge::Forms {
            count: anchors.len(),
        });
    }
    let mut starts = Vec::with_capacity(anchors.len());
    let mut floor = 0;
    for &(row, _) in &anchors {
        let start = title_row_above(grid, row, floor, vocab);
        starts.push(start);
        floor = row + 1;
    }
    let mut forms = Vec::new();
    for (i, &(row, col)) in anchors.iter().enumerate() {
        let last = starts
            .get(i + 1)
            .map(|next| next - 1)
            .unwrap_or(grid.row_count().saturating_sub(1));
        let span = Span {
            first: starts[i],
            last,
        };
        if let Some(form) = extract_one(grid, file, span, (row, col), vocab)? {
            forms.push(form);
        }
    }
    Ok(forms)
}

/// Rows holding a 项目名称 label (alone or as `项目名称：…`), with its column. A 项目名称 that
/// heads a column of a list (rule `list-table`: [`is_list_header`]) anchors no form.
fn project_rows(grid: &Grid, vocab: &Vocabulary) -> Vec<(usize, usize)> {
    let anchors: Vec<(usize, usize)> = (0..grid.row_count())
        .filter_map(|r| {
            visible_cells(grid, r)
                .find(|(_, cell)| {
                    vocab.is(Label::ProjectName, &cell.text)
                        || value_in_label_cell(&cell.text, Label::ProjectName, vocab).is_some()
                })
                .map(|(c, _)| (r, c))
        })
        .filter(|&(r, c)| !is_list_header(grid, r, c, vocab))
        .collect();
    without_repeated_heads(grid, anchors, vocab)
}

/// Rule `repeated-head`: a 项目名称 row naming the project of the form above it, before that
/// form's 总分 row, is its head printed again on the next page (a PDF turned back into a
/// workbook), not a new form.
fn without_repeated_heads(
    grid: &Grid,
    anchors: Vec<(usize, usize)>,
    vocab: &Vocabulary,
) -> Vec<(usize, usize)> {
    let name = |(r, c): (usize, usize)| {
        locate::value_right_of(grid, r, c, Label::ProjectName, &[], vocab).value
    };
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(anchors.len());
    for anchor in anchors {
        let repeated = kept.last().is_some_and(|&previous| {
            let same = name(previous) == name(anchor) && !name(anchor).is_empty();
            same && !(previous.0..anchor.0).any(|r| indicators::is_total_row(grid, r, vocab))
        });
        if !repeated {
            kept.push(anchor);
        }
    }
    kept
}

/// Labels a list of projects has as column headers beside 项目名称.
const LIST_COLUMNS: [Label; 6] = [
    Label::Department,
    Label::ImplementingUnit,
    Label::Initial,
    Label::Adjusted,
    Label::Executed,
    Label::Score,
];

/// True where the 项目名称 at (r, c) heads a column: other field labels stand beside it as
/// headers of their own (主管部门, 全年预算数, 自评得分…), the cell right of it is one of them,
/// and the cells below it hold several different texts that are no labels, one project a
/// row. A form's 项目名称 has its one value beside it, even where 主管部门 and 实施单位 share
/// its row, and labels (项目资金, 年度总体目标) below it.
pub fn is_list_header(grid: &Grid, r: usize, c: usize, vocab: &Vocabulary) -> bool {
    let headers = visible_cells(grid, r)
        .filter(|(col, cell)| *col != c && LIST_COLUMNS.iter().any(|l| vocab.is(*l, &cell.text)))
        .count();
    if headers < 2 {
        return false;
    }
    let next_is_header = visible_cells(grid, r)
        .find(|(col, _)| *col > c)
        .is_some_and(|(_, cell)| vocab.is_any_label(&cell.text));
    if !next_is_header {
        return false;
    }
    let below: Vec<&str> = (r + 1..grid.row_count().min(r + 6))
        .map(|row| grid.text(row, c).trim())
        .filter(|t| !t.is_empty() && !vocab.is_any_label(t) && vocab.section(t).is_none())
        .collect();
    let distinct: std::collections::HashSet<&str> = below.iter().copied().collect();
    distinct.len() >= 2
}

/// What a grid that holds no project form is, where it is something a clerk would take
/// for one: a list of projects, or a 部门整体支出绩效自评表. `None` for anything else.
pub fn other_form_type(grid: &Grid, vocab: &Vocabulary) -> Option<&'static str> {
    for r in 0..grid.row_count().min(200) {
        for (c, cell) in visible_cells(grid, r) {
            let text = crate::normalize::to_halfwidth(&cell.text);
            if text.len() <= 256 && text.contains("部门整体") && vocab.is_title(&cell.text) {
                return Some("部门整体支出绩效自评表（部门整体，不是单个项目）");
            }
            if vocab.is(Label::ProjectName, &cell.text) && is_list_header(grid, r, c, vocab) {
                return Some("项目清单或汇总表（“项目名称”是列标题，每行一个项目）");
            }
        }
    }
    None
}

/// The form's first row: the title, or a year or 单位：万元 line, a few rows above 项目名称.
fn title_row_above(grid: &Grid, project_row: usize, floor: usize, vocab: &Vocabulary) -> usize {
    let lowest = project_row.saturating_sub(TITLE_REACH).max(floor);
    let title = (lowest..project_row)
        .find(|&r| visible_cells(grid, r).any(|(_, cell)| vocab.is_title(&cell.text)))
        .map(|t| {
            // A field printed above the title (报表编号：…) belongs to the form too — but not
            // the last row of a Word table before the title's paragraph (the 备注 of the
            // form above).
            let part = |r: usize| grid.pos(r, 0).part;
            let same_table =
                |a: usize| grid.kind != SourceKind::Word || part(a) == 0 || part(a) == part(t);
            let above = t.checked_sub(1).filter(|&a| a >= floor && same_table(a));
            match above {
                Some(a)
                    if visible_cells(grid, a).count() == 1
                        && visible_cells(grid, a).any(|(_, cell)| {
                            vocab.section(&cell.text).is_some()
                                || cell
                                    .text
                                    .split_once(['：', ':'])
                                    .is_some_and(|(h, _)| vocab.section(h).is_some())
                        }) =>
                {
                    a
                }
                _ => t,
            }
        });
    let head_line = || {
        (lowest..project_row).find(|&r| {
            let mut cells = visible_cells(grid, r);
            let is_head = cells.next().is_some_and(|(_, cell)| {
                let text = crate::normalize::to_halfwidth(&cell.text);
                head::find_year(grid, r, r, vocab).value.is_some()
                    || (text.contains("单位") && text.contains("元"))
            });
            is_head && cells.count() <= 1
        })
    };
    title.or_else(head_line).unwrap_or(project_row)
}

fn extract_one(
    grid: &Grid,
    file: &str,
    span: Span,
    project_at: (usize, usize),
    vocab: &Vocabulary,
) -> Result<Option<Form>, TooLarge> {
    let (project_row, _) = project_at;
    let mut notes: Vec<Note> = Vec::new();
    let printout = printout::find(grid, span, vocab);
    let span = printout.as_ref().map_or(span, |(_, within)| *within);
    let body = project_row..=span.last;

    let funds_row = funds::find_header(
        grid,
        Span {
            first: project_row,
            last: span.last,
        },
        vocab,
    );
    let table_row = indicators::find_header(grid, body.clone(), vocab);
    // Without a funds block or an indicator table it is no form (a notes sheet that
    // mentions 项目名称, say).
    if funds_row.is_none() && table_row.is_none() {
        return Ok(None);
    }
    let head_end = funds_row.or(table_row).unwrap_or(span.last);
    let year = head::find_year(grid, span.first, project_row, vocab);
    let mut identity = head::read_identity(grid, project_at, head_end, span, vocab);
    notes.append(&mut identity.notes);
    // A funds block under a 项目名称 with nothing beside it and no indicator table is no
    // form either (a 资金 table with a heading, a blank template's first sheet).
    if identity.project_name.value.is_empty() && table_row.is_none() {
        return Ok(None);
    }

    let table_start = table_row.unwrap_or(span.last + 1);
    let block = read_funds_block(
        grid,
        funds_row,
        (project_row, table_start),
        span,
        vocab,
        &mut notes,
    );
    let funds_rows = funds_row.map_or(0..0, |r| r..block.as_ref().map_or(r + 1, |b| b.end));
    let (goal_row, goal) = find_goal(
        grid,
        project_row + 1..table_start,
        funds_rows.clone(),
        vocab,
        &mut notes,
    );
    // Without a header the table starts after the head, the funds block and the goal's
    // label row, whichever is last.
    let after_head = [
        Some(project_row + 1),
        goal_row.map(|r| r + 1),
        block.as_ref().map(|b| b.end),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(project_row + 1);
    let table = read_indicator_table(
        grid,
        table_row,
        (project_row, after_head),
        span,
        vocab,
        &mut notes,
    )?;
    if let Some(r) = table_row {
        doubt_rows_unread(grid, r, span, table.indicators.len(), &mut notes);
    }
    // Fields outside the tables: the head above the funds block and what follows the table.
    let table_rows = table_row.map_or(0..0, |r| r..table.end + 1);
    let section_rows = span
        .rows()
        .filter(|r| !table_rows.contains(r) && !funds_rows.contains(r));
    let sections = sections::read_sections(grid, section_rows, vocab);
    // The head, the funds block and the table's header: where labels were read.
    let header_end = table_row.map_or(table_start, |r| r + 2).min(span.last + 1);
    note_labels_by_meaning(grid, span.first..header_end, vocab, &mut notes);
    let (funds, amount_unit) = block.map_or_else(Default::default, |b| (b.funds, b.unit));
    let (project_name, department, implementing_unit, codes) =
        split_codes(identity, vocab, &mut notes);
    let implementing_unit = head::same_unit(implementing_unit, &sections, &mut notes);

    let mut form = Form {
        source: source_of(grid, file, span, amount_unit),
        layout: layout::detect(grid, span, vocab),
        year,
        project_name,
        department,
        implementing_unit,
        codes,
        funds,
        goal,
        indicators: table.indicators,
        groups: table.groups,
        total: total_or_head_score(grid, table.total, project_row..head_end, vocab, &mut notes),
        sections,
        notes,
    };
    if let Some((printout, _)) = printout {
        printout.apply(&mut form);
    }
    Ok(Some(form))
}

/// Rule `head-score`: a form whose table has no 总分 得分 but whose head carries a 自评得分
/// with a number beside it (a score sheet's 项目名称 … 自评得分 96) reports that total.
fn total_or_head_score(
    grid: &Grid,
    mut total: crate::model::Total,
    head: std::ops::Range<usize>,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> crate::model::Total {
    if total.score.value.is_some() {
        return total;
    }
    for r in head {
        let cells: Vec<(usize, &crate::read::Cell)> = visible_cells(grid, r).collect();
        for pair in cells.windows(2) {
            let ((_, label), (c, value)) = (pair[0], pair[1]);
            let number = crate::normalize::parse_number(&value.text);
            if vocab.is(Label::Score, &label.text)
                && let Ok(Some(n)) = number
            {
                total.score =
                    crate::model::Number::new(Some(n), Some(grid.pos(r, c)), value.text.clone());
                notes.push(Rule::HeadScore.note(
                    Some(grid.pos(r, c)),
                    format!(
                        "表中没有总分得分，表头“{}”后的{}读作自评总分",
                        crate::normalize::clean_text(&label.text),
                        crate::normalize::clean_text(&value.text)
                    ),
                ));
                return total;
            }
        }
    }
    total
}

/// Rule `doubtful-read`: an indicator table whose rows gave no indicators, or fewer than
/// half of the rows under its header that hold two numbers or more (an indicator row has
/// its 分值 and 得分), is noted as doubtful; the check makes it READ_DOUBTFUL.
fn doubt_rows_unread(
    grid: &Grid,
    header_row: usize,
    span: Span,
    read: usize,
    notes: &mut Vec<Note>,
) {
    let rows = (header_row + 1..=span.last)
        .filter(|&r| indicators::numbers_in_row(grid, r) >= 2)
        .count();
    // The total row is one of them.
    let rows_of_indicators = rows.saturating_sub(1);
    if rows_of_indicators == 0 || read * 2 >= rows_of_indicators {
        return;
    }
    notes.push(Rule::DoubtfulRead.note(
        Some(grid.pos(header_row, 0)),
        format!(
            "绩效指标表头下有 {rows_of_indicators} 行填有数字，只读出 {read} 个指标（如合计行在表头下、表头的栏目名与词表不符）。"
        ),
    ));
}

/// Rule `head-term`: each label in `rows` that is no name of the vocabulary but was read by
/// its meaning gets a note saying what it was read as.
fn note_labels_by_meaning(
    grid: &Grid,
    rows: std::ops::Range<usize>,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) {
    for r in rows {
        for (_, cell) in visible_cells(grid, r) {
            let labels = vocab.labels_by_meaning(&cell.text);
            let mut names: Vec<&str> = labels
                .iter()
                .filter_map(|l| vocab.label_words(*l).first().map(String::as_str))
                .collect();
            names.dedup();
            if names.is_empty() {
                continue;
            }
            notes.push(Rule::HeadTerm.note(
                Some(cell.pos),
                format!(
                    "“{}”不是词表中的栏目名，按其中心词读作“{}”",
                    crate::normalize::clean_text(&cell.text),
                    names.join("”“")
                ),
            ));
        }
    }
}

/// The funds block with its header at `funds_row`, read down to `table_start`; where there
/// is none, a note under the form's project row says so.
fn read_funds_block(
    grid: &Grid,
    funds_row: Option<usize>,
    (project_row, table_start): (usize, usize),
    span: Span,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> Option<funds::FundsBlock> {
    match funds_row {
        Some(r) => Some(funds::read_funds(grid, r, table_start, span, vocab, notes)),
        None => {
            notes.push(Rule::MissingBlock.note(
                Some(grid.pos(project_row, 0)),
                "未找到项目资金表（年初预算数、全年预算数、全年执行数）",
            ));
            None
        }
    }
}

/// Where the form in `span` of `grid` was found.
fn source_of(
    grid: &Grid,
    file: &str,
    span: Span,
    amount_unit: crate::model::AmountUnit,
) -> FormSource {
    let start = grid.pos(span.first, 0);
    FormSource {
        file: file.to_owned(),
        sheet: grid.sheet.clone(),
        row: start.row + 1,
        part: start.part,
        kind: grid.kind,
        amount_unit,
    }
}

/// 年度总体目标 in `rows`: its label row and its texts. It stands before the funds block
/// (四川) or after it (the national layout), and ends where the next block starts.
fn find_goal(
    grid: &Grid,
    rows: std::ops::Range<usize>,
    funds_rows: std::ops::Range<usize>,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> (Option<usize>, Goal) {
    let table_start = rows.end;
    let is_goal_row = |r: &usize| {
        !funds_rows.contains(r)
            && [Label::GoalExpected, Label::GoalAchieved, Label::Goal]
                .iter()
                .any(|l| find_in_row(grid, *r, *l, vocab).is_some())
    };
    let Some(r) = rows.clone().find(is_goal_row) else {
        return goal_by_block_label(grid, rows, &funds_rows, vocab, notes);
    };
    let stop = if funds_rows.start > r {
        funds_rows.start
    } else {
        table_start
    };
    (Some(r), goal::read_goal(grid, r, stop, vocab))
}

/// Rule `goal-by-block-label`: where no goal label is found, a row of the head whose label
/// is a block label without points (绩效目标) with one sentence beside it is the goal as
/// set: a block label heads a table, alone on its row or first in a header row, and holds
/// no text of its own.
fn goal_by_block_label(
    grid: &Grid,
    rows: std::ops::Range<usize>,
    funds_rows: &std::ops::Range<usize>,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> (Option<usize>, Goal) {
    let found = rows.filter(|r| !funds_rows.contains(r)).find_map(|r| {
        let cells: Vec<(usize, &crate::read::Cell)> = visible_cells(grid, r).collect();
        let [(_, label), (_, text)] = cells.as_slice() else {
            return None;
        };
        let sentence = text.text.trim().chars().count() >= 6
            && !vocab.is_any_label(&text.text)
            && crate::normalize::parse_number(&text.text).is_err();
        (table::is_block_label(&label.text, vocab)
            && groups::points(&label.text).is_none()
            && sentence)
            .then(|| (r, label.pos, locate::text_at(text)))
    });
    match found {
        Some((r, at, expected)) => {
            notes.push(Rule::GoalByBlockLabel.note(
                Some(at),
                "“绩效目标”旁写的是一段目标文字、其下没有指标表，按年度总体目标（预期目标）读取",
            ));
            let goal = Goal {
                expected,
                ..Goal::default()
            };
            (Some(r), goal)
        }
        None => (None, Goal::default()),
    }
}

/// The indicator table: by its header where the grid's columns can be trusted (or a text
/// copy kept every cell, rule `kept-columns`), else aligned by content; with no header, read
/// from `after_head` in the official nine columns.
fn read_indicator_table(
    grid: &Grid,
    table_row: Option<usize>,
    (project_row, after_head): (usize, usize),
    span: Span,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> Result<indicators::Table, TooLarge> {
    match table_row {
        Some(r) if grid.columns_trusted() => table::read_table(grid, r, span, vocab, notes),
        Some(r) if indicators::kept_columns_out_of_order(grid, r, span, vocab) => {
            table::read_table(grid, r, span, vocab, notes)
        }
        Some(r) => {
            let cols = indicators::header_columns(grid, r, vocab);
            let first = indicators::sub_header_row(grid, r, vocab).map_or(r + 1, |s| s + 1);
            indicators::read_table(grid, first, cols, span, vocab, notes)
        }
        None => {
            notes.push(Rule::MissingBlock.note(
                Some(grid.pos(project_row, 0)),
                "未找到绩效指标表头（三级指标、指标值、分值、得分），按官方九列格式读取",
            ));
            indicators::read_table(
                grid,
                after_head,
                indicators::DEFAULT_COLUMNS,
                span,
                vocab,
                notes,
            )
        }
    }
}

/// The budget codes written before the names, split off (rule `code-prefix`): the project
/// name, department and unit without them, and the codes.
fn split_codes(
    identity: head::Identity,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> (Text, Text, Text, Codes) {
    let (project_name, project_code) = names::split_code(identity.project_name, vocab);
    let (department, department_code) = names::split_code(identity.department, vocab);
    let (implementing_unit, unit_code) = names::split_code(identity.implementing_unit, vocab);
    for (code, field) in [
        (&project_code, "项目名称"),
        (&department_code, "主管部门"),
        (&unit_code, "实施单位"),
    ] {
        if let Some(code) = code {
            notes.push(Rule::CodePrefix.note(
                code.at,
                format!(
                    "{field}前的“{}”是预算编码，已与名称分开（codes）",
                    code.value
                ),
            ));
        }
    }
    let codes = Codes {
        project: project_code,
        department: department_code,
        implementing_unit: unit_code,
    };
    (project_name, department, implementing_unit, codes)
}

#[cfg(test)]
mod tests;
