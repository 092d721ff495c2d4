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

/// The column of `label` in the header row; rule `two-row-header`: or in the row above,
/// in a cell merged down over the header row, or over an empty one in a grid without
/// merges (执行率, 分值 and 得分 beside a parent
/// 预算执行情况 whose 年初预算数/全年预算数/全年执行数 sit in the row below).
fn header_column(
    grid: &Grid,
    header_row: usize,
    label: Label,
    vocab: &Vocabulary,
) -> Option<usize> {
    find_in_row(grid, header_row, label, vocab).or_else(|| {
        let above = header_row.checked_sub(1)?;
        visible_cells(grid, above)
            .find(|&(c, cell)| {
                // Merged down over the header row; or, in a grid that knows no merges (a
                // text copy, an .xlsb), standing over an empty header cell.
                let down = match grid.merge_at(above, c) {
                    Some(m) => m.last_row >= header_row,
                    None => grid.merges().is_empty() && grid.text(header_row, c).trim().is_empty(),
                };
                down && vocab.is(label, &cell.text)
            })
            .map(|(c, _)| c)
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
    let col = |label| header_column(grid, header_row, label, vocab);
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
        let labelled = row_label(grid, r, first_amount, vocab);
        // Rule `unlabelled-total`: the one row of amounts right under the header, with no
        // label of its own, is the block's total.
        let unlabelled =
            labelled.is_none() && funds.rows.is_empty() && amounts_in(grid, r, &header) >= 2;
        let offset = match labelled {
            Some((label_col, _)) => value_offset(grid, r, label_col, &header),
            None if unlabelled => 0,
            None => break,
        };
        let reader = RowReader {
            grid,
            r,
            offset,
            unit,
        };
        let amounts = Amounts {
            initial: reader.amount(header.initial, notes),
            adjusted: reader.amount(header.adjusted, notes),
            executed: reader.amount(header.executed, notes),
        };
        let label = match labelled {
            Some((_, cell)) => text_at(cell),
            None => {
                notes.push(Rule::UnlabelledTotal.note(
                    Some(grid.pos(r, 0)),
                    "项目资金表头下只有一行金额，没有行名，按“年度资金总额”读取",
                ));
                crate::model::Located::new("年度资金总额".to_owned(), None, "")
            }
        };
        let row = FundsRow {
            label: label.clone(),
            amounts: amounts.clone(),
            execution_rate: reader.number(header.rate, parse_rate, notes),
            weight: reader.number(header.weight, crate::normalize::parse_points, notes),
            score: reader.number(header.score, parse_number, notes),
            remark: reader.text(header.remark),
        };
        let canonical = match labelled {
            Some((_, cell)) => ROW_LABELS.iter().find(|l| vocab.is(**l, &cell.text)),
            None => Some(&Label::FundsTotal),
        };
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

/// How many of the header's amount columns hold a number in row `r`.
fn amounts_in(grid: &Grid, r: usize, header: &Header) -> usize {
    [header.initial, header.adjusted, header.executed]
        .into_iter()
        .flatten()
        .filter(|&c| parse_number(grid.text(r, c)).is_ok())
        .count()
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
    // This tool's printout of a form submitted in 万元 shows it converted to 元 (rule
    // `own-printout`).
    let converted = |r: usize| {
        visible_cells(grid, r).any(|(_, cell)| cell.text.contains(super::printout::CONVERTED))
    };
    if (first_row..=header_row).any(converted) {
        AmountUnit::Yuan
    } else if (first_row..=header_row + ROW_LABELS.len()).any(says_wan) {
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
        format!(
            "“{}”{}，按空值处理",
            text.trim(),
            crate::normalize::unreadable_zh(text)
        ),
    )
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::forms;
    use crate::model::Form;
    use rust_decimal::Decimal;

    const TABLE: &str = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
        \t产出指标\t数量指标\t服务人数\t≥100人\t120人\t90\t90\n";

    fn one(rows: &str, merges: &[(usize, usize, usize, usize)]) -> Form {
        let mut all = forms(&format!("项目名称\t社区养老服务\n{rows}{TABLE}"), merges);
        assert_eq!(all.len(), 1);
        all.remove(0)
    }

    fn d(s: &str) -> Option<Decimal> {
        s.parse().ok()
    }

    #[test]
    fn a_total_row_named_合计_is_the_total_and_every_row_is_kept() {
        // 四川: 总额 / 调整后预算数 / 预算执行数 / 权重, a row per source of funds, 合计 last.
        let f = one(
            "项目资金（万元）\t\t年初预算数\t调整后预算数\t预算执行数\t权重\t执行率\t得分\n\
             \t财政资金\t100\t98.5\t90.25\t\t\t\n\
             \t单位资金\t20\t20\t19\t\t\t\n\
             \t合计\t120\t118.5\t109.25\t10\t92.19%\t9.22\n",
            &[],
        );
        let funds = &f.funds;
        let labels: Vec<&str> = funds.rows.iter().map(|r| r.label.value.as_str()).collect();
        assert_eq!(labels, ["财政资金", "单位资金", "合计"]);
        assert_eq!(funds.total.initial.value, d("1200000"));
        assert_eq!(funds.total.adjusted.value, d("1185000"));
        assert_eq!(funds.total.executed.value, d("1092500"));
        assert_eq!(funds.weight.value, d("10"));
        assert_eq!(funds.score.value, d("9.22"));
        assert_eq!(funds.rows[1].amounts.executed.value, d("190000"));
        // 财政资金 is none of the four rows the format names.
        assert_eq!(funds.current_year_appropriation.adjusted.value, None);
        assert!(f.notes.iter().any(|n| n.rule == "amount-unit"));
    }

    #[test]
    fn a_two_row_funds_header_takes_its_columns_from_both_rows() {
        // 预算执行情况 over 年初预算数/全年预算数/全年执行数; 执行率, 分值, 得分 merged down.
        let f = one(
            "项目资金（元）\t资金来源\t预算执行情况\t\t\t执行率\t分值\t得分\n\
             \t\t年初预算数\t全年预算数\t全年执行数\n\
             \t年度资金总额\t60\t60\t58.2\t97%\t10\t9.7\n\
             \t其中：当年财政拨款\t60\t60\t58.2\n",
            &[
                (1, 0, 4, 0),
                (1, 1, 2, 1),
                (1, 2, 1, 4),
                (1, 5, 2, 5),
                (1, 6, 2, 6),
                (1, 7, 2, 7),
            ],
        );
        let funds = &f.funds;
        assert_eq!(funds.total.adjusted.value, d("60"));
        assert_eq!(funds.total.executed.value, d("58.2"));
        assert_eq!(funds.execution_rate.value, d("0.97"));
        assert_eq!(funds.weight.value, d("10"));
        assert_eq!(funds.score.value, d("9.7"));
        assert_eq!(funds.current_year_appropriation.executed.value, d("58.2"));
    }

    #[test]
    fn the_budget_lines_points_in_its_label_are_its_weight() {
        // 湖北: 预算执行情况（万元）（20分）, 得分（20分*执行率）, no 分值 column.
        let f = one(
            "预算执行情况（万元）（20分）\t预算数（A）\t执行数（B）\t执行率（B/A）\t得分（20分*执行率）\n\
             年度财政资金总额\t310.5\t310.5\t100%\t20\n",
            &[],
        );
        assert_eq!(f.funds.weight.value, d("20"));
        assert_eq!(f.funds.score.value, d("20"));
        assert_eq!(f.funds.total.adjusted.value, d("3105000"));
        assert!(f.notes.iter().any(|n| n.rule == "points-in-label"));
    }
}
