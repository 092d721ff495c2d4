//! The funds block: 项目资金 header (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分) and
//! its rows 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金.

use rust_decimal::Decimal;

use crate::model::{AmountUnit, Amounts, Funds, Note, Number};
use crate::normalize::{NotANumber, parse_number, parse_rate, to_halfwidth};
use crate::read::{Grid, Pos};

use super::locate::{Span, find_in_row, note, visible_cells};
use super::vocabulary::{Label, Vocabulary};

/// Where the funds header sits and what its columns hold.
struct Header {
    initial: Option<usize>,
    adjusted: Option<usize>,
    executed: Option<usize>,
    weight: Option<usize>,
    rate: Option<usize>,
    score: Option<usize>,
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

/// Reads the funds block whose header is at `header_row`; rows run until `stop_row`
/// (exclusive: the goal or indicator block).
pub fn read_funds(
    grid: &Grid,
    header_row: usize,
    stop_row: usize,
    span: Span,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> (Funds, AmountUnit) {
    let col = |label| find_in_row(grid, header_row, label, vocab);
    let header = Header {
        initial: col(Label::Initial),
        adjusted: col(Label::Adjusted),
        executed: col(Label::Executed),
        weight: col(Label::FundsWeight),
        rate: col(Label::FundsRate),
        score: col(Label::FundsScore),
    };
    let unit = amount_unit(grid, span.first, header_row.min(span.last), vocab);
    let mut funds = Funds::default();
    for r in header_row + 1..stop_row.min(span.last + 1) {
        let Some((label_col, label)) = row_label(grid, r, vocab) else {
            continue;
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
        match label {
            Label::FundsTotal => {
                funds.total = amounts;
                funds.weight = reader.number(header.weight, parse_number, notes);
                funds.execution_rate = reader.number(header.rate, parse_rate, notes);
                funds.score = reader.number(header.score, parse_number, notes);
            }
            Label::CurrentYearAppropriation => funds.current_year_appropriation = amounts,
            Label::Carryover => funds.carryover = amounts,
            _ => funds.other = amounts,
        }
    }
    (funds, unit)
}

const ROW_LABELS: [Label; 4] = [
    Label::FundsTotal,
    Label::CurrentYearAppropriation,
    Label::Carryover,
    Label::Other,
];

fn row_label(grid: &Grid, r: usize, vocab: &Vocabulary) -> Option<(usize, Label)> {
    visible_cells(grid, r).find_map(|(c, cell)| {
        ROW_LABELS
            .iter()
            .find(|l| vocab.is(**l, &cell.text))
            .map(|l| (c, *l))
    })
}

/// How far this row's values sit from the header's columns. Normally 0; a text dump that
/// dropped the row's leading empty cell puts the values right after the label instead.
fn value_offset(grid: &Grid, r: usize, label_col: usize, header: &Header) -> isize {
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
    note(
        Some(at),
        format!("“{}”不是可识别的数字，按空值处理", text.trim()),
    )
}
