//! The funds block: 项目资金 header (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分) and
//! its rows 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金.

use rust_decimal::Decimal;

use crate::model::{AmountUnit, Amounts, Funds, FundsRow, Note, Number};
use crate::normalize::{NotANumber, parse_number, parse_rate, to_halfwidth};
use crate::read::{Cell, Grid, Pos};

use super::locate::{Span, find_in_row, text_at, visible_cells};
use super::rules::Rule;
use super::vocabulary::{Label, Vocabulary};

/// Where the funds header sits and what its columns hold.
struct Header {
    initial: Option<usize>,
    adjusted: Option<usize>,
    executed: Option<usize>,
    weight: Option<usize>,
    rate: Option<usize>,
    score: Option<usize>,
    remark: Option<usize>,
}

impl Header {
    fn first_amount(&self) -> Option<usize> {
        [self.initial, self.adjusted, self.executed]
            .into_iter()
            .flatten()
            .min()
    }
}

/// The funds header row: the first row in the span naming at least two amount columns.
pub fn find_header(grid: &Grid, span: Span, vocab: &Vocabulary) -> Option<usize> {
    span.rows().find(|&r| {
        [Label::Initial, Label::Adjusted, Label::Executed]
            .iter()
            .filter(|l| find_in_row(grid, r, **l, vocab).is_some())
            .count()
            >= 2
    })
}

/// The funds block read, and the row after its last.
pub struct FundsBlock {
    pub funds: Funds,
    pub unit: AmountUnit,
    pub end: usize,
}

/// Reads the funds block whose header is at `header_row`; rows run until `stop_row`
/// (exclusive: the goal or indicator block), or until a row that is no funds row.
/// Every row is kept as printed (`funds.rows`, rule `funds-row`); the four rows the
/// interchange format names are filled where a row's label means one of them.
pub fn read_funds(
    grid: &Grid,
    header_row: usize,
    stop_row: usize,
    span: Span,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> FundsBlock {
    let col = |label| find_in_row(grid, header_row, label, vocab);
    let header = Header {
        initial: col(Label::Initial),
        adjusted: col(Label::Adjusted),
        executed: col(Label::Executed),
        weight: col(Label::FundsWeight),
        rate: col(Label::FundsRate),
        score: col(Label::FundsScore),
        remark: col(Label::FundsRemark),
    };
    let unit = amount_unit(grid, span.first, header_row.min(span.last), vocab);
    if unit == AmountUnit::WanYuan {
        notes.push(Rule::AmountUnit.note(
            Some(grid.pos(header_row, 0)),
            "金额单位为万元，已换算为元（×10,000）",
        ));
    }
    let mut funds = Funds::default();
    let mut end = header_row + 1;
    let first_amount = header.first_amount().unwrap_or(usize::MAX);
    for r in header_row + 1..stop_row.min(span.last + 1) {
        if grid.is_blank_row(r) {
            continue;
        }
        if ends_funds(grid, r, vocab) {
            break;
        }
        let Some((label_col, label_cell)) = row_label(grid, r, first_amount, vocab) else {
            break;
        };
        let reader = RowReader {
            grid,
            r,
            offset: value_offset(grid, r, label_col, &header),
            unit,
        };
        let amounts = Amounts {
            initial: reader.amount(header.initial, notes),
            adjusted: reader.amount(header.adjusted, notes),
            executed: reader.amount(header.executed, notes),
        };
        let row = FundsRow {
            label: text_at(label_cell),
            amounts: amounts.clone(),
            execution_rate: reader.number(header.rate, parse_rate, notes),
            weight: reader.number(header.weight, parse_number, notes),
            score: reader.number(header.score, parse_number, notes),
            remark: reader.text(header.remark),
        };
        let canonical = ROW_LABELS.iter().find(|l| vocab.is(**l, &label_cell.text));
        match canonical {
            Some(Label::FundsTotal) if funds.total == Amounts::default() => {
                funds.total = amounts;
                funds.weight = row.weight.clone();
                funds.execution_rate = row.execution_rate.clone();
                funds.score = row.score.clone();
            }
            Some(Label::CurrentYearAppropriation) => funds.current_year_appropriation = amounts,
            Some(Label::Carryover) => funds.carryover = amounts,
            Some(Label::Other) => funds.other = amounts,
            _ => {}
        }
        funds.rows.push(row);
        end = r + 1;
    }
    if funds.weight.value.is_none() {
        budget_points(grid, header_row, &mut funds, notes);
    }
    FundsBlock { funds, unit, end }
}

/// The budget line's weight from the points of the block's label or of its 得分 header
/// (`预算执行情况（10分）`, `得分（20分*执行率）`), where no cell holds it.
fn budget_points(grid: &Grid, header_row: usize, funds: &mut Funds, notes: &mut Vec<Note>) {
    let rows = header_row.saturating_sub(1)..=header_row;
    let found = rows
        .flat_map(|r| visible_cells(grid, r))
        .find_map(|(_, cell)| super::groups::points(&cell.text).map(|p| (p, cell)));
    if let Some((p, cell)) = found {
        funds.weight = Number::new(Some(p), Some(cell.pos), cell.text.clone());
        notes.push(Rule::PointsInLabel.note(
            Some(cell.pos),
            format!(
                "预算执行率的分值取自标签“{}”中的分数：{}",
                cell.text.trim(),
                crate::normalize::decimal_string(p)
            ),
        ));
    }
}

/// True where row `r` starts what follows the funds block: the goal, the indicator table,
/// a field below the form.
fn ends_funds(grid: &Grid, r: usize, vocab: &Vocabulary) -> bool {
    const NEXT: [Label; 7] = [
        Label::Goal,
        Label::GoalExpected,
        Label::GoalAchieved,
        Label::IndicatorBlock,
        Label::Level1,
        Label::Level3,
        Label::ProjectName,
    ];
    visible_cells(grid, r).any(|(_, cell)| {
        NEXT.iter().any(|l| vocab.is(*l, &cell.text))
            || vocab.section(&cell.text).is_some()
            || super::table::is_block_label(&cell.text, vocab)
    })
}

const ROW_LABELS: [Label; 4] = [
    Label::FundsTotal,
    Label::CurrentYearAppropriation,
    Label::Carryover,
    Label::Other,
];

/// A funds row's label: its first text cell left of the amounts (a known row label
/// anywhere in the row, for a text copy that shifted it).
fn row_label<'a>(
    grid: &'a Grid,
    r: usize,
    first_amount: usize,
    vocab: &Vocabulary,
) -> Option<(usize, &'a Cell)> {
    let known = visible_cells(grid, r)
        .find(|(_, cell)| ROW_LABELS.iter().any(|l| vocab.is(*l, &cell.text)));
    known.or_else(|| {
        visible_cells(grid, r)
            .take_while(|(c, _)| *c < first_amount)
            .filter(|(_, cell)| {
                !vocab.is(Label::FundsHeader, &cell.text)
                    && super::groups::points(&cell.text).is_none()
            })
            .filter(|(_, cell)| parse_number(&cell.text).is_err())
            .last()
    })
}

/// How far this row's values sit from the header's columns. Normally 0; a text dump that
/// dropped the row's leading empty cell puts the values right after the label instead.
fn value_offset(grid: &Grid, r: usize, label_col: usize, header: &Header) -> isize {
    // A spreadsheet keeps its columns: only a text copy drops cells.
    if grid.columns_trusted() {
        return 0;
    }
    let Some(first) = [header.initial, header.adjusted, header.executed]
        .into_iter()
        .flatten()
        .min()
    else {
        return 0;
    };
    let next = label_col + 1;
    let next_is_value = !grid.is_covered(r, next) && !grid.text(r, next).trim().is_empty();
    if (next_is_value && next != first) || label_col >= first {
        next as isize - first as isize
    } else {
        0
    }
}

/// The unit of the amounts: 万元 where the header, a funds row label or a 单位：万元 line
/// above the block says so.
fn amount_unit(grid: &Grid, first_row: usize, header_row: usize, vocab: &Vocabulary) -> AmountUnit {
    let says_wan = |r: usize| {
        visible_cells(grid, r).any(|(_, cell)| {
            let t = to_halfwidth(&cell.text);
            t.contains("万元")
                && (r == header_row || t.contains("单位") || vocab.is_any_label(&cell.text))
        })
    };
    if (first_row..=header_row + ROW_LABELS.len()).any(says_wan) {
        AmountUnit::WanYuan
    } else {
        AmountUnit::Yuan
    }
}

struct RowReader<'a> {
    grid: &'a Grid,
    r: usize,
    offset: isize,
    unit: AmountUnit,
}

impl RowReader<'_> {
    fn number(
        &self,
        header_col: Option<usize>,
        parse: fn(&str) -> Result<Option<Decimal>, NotANumber>,
        notes: &mut Vec<Note>,
    ) -> Number {
        let Some(c) = header_col.and_then(|c| c.checked_add_signed(self.offset)) else {
            return Number::default();
        };
        let Some(cell) = self.grid.cell(self.r, c) else {
            return Number::new(None, Some(self.grid.pos(self.r, c)), "");
        };
        let value = match parse(&cell.text) {
            Ok(v) if !cell.is_error => v,
            _ => {
                notes.push(unreadable(cell.pos, &cell.text));
                None
            }
        };
        Number::new(value, Some(cell.pos), cell.text.clone())
    }

    fn text(&self, header_col: Option<usize>) -> crate::model::Text {
        match header_col
            .and_then(|c| c.checked_add_signed(self.offset))
            .and_then(|c| self.grid.cell(self.r, c))
        {
            Some(cell) => text_at(cell),
            None => crate::model::Text::default(),
        }
    }

    fn amount(&self, header_col: Option<usize>, notes: &mut Vec<Note>) -> Number {
        let mut n = self.number(header_col, parse_number, notes);
        // A cell that names its own unit (`12.5万元`, `3,000元`) was converted by the parser.
        if self.unit == AmountUnit::WanYuan && !n.raw.contains('元') {
            n.value = n.value.map(|v| v * Decimal::from(10_000));
        }
        n
    }
}

pub fn unreadable(at: Pos, text: &str) -> Note {
    Rule::UnreadableNumber.note(
        Some(at),
        format!("“{}”不是可识别的数字，按空值处理", text.trim()),
    )
}
