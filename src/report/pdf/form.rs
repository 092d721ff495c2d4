//! One form in the official layout, as blocks for the layout engine: title and year,
//! identity rows, the funds table, the overall goal, the indicator table with 一级/二级 merged
//! down their groups, 总分, and — unless printing as submitted — the 复核意见 block.

use rust_decimal::Decimal;

use super::layout::{Align, Block, Cell, Row, Table};
use crate::check::Assessment;
use crate::model::{Amounts, Form, Number};
use crate::normalize::{decimal_string, percent_string};

/// `12814895.16` → `12,814,895.16`.
pub fn money(d: Decimal) -> String {
    let rounded = d.round_dp(2);
    let text = format!("{:.2}", rounded);
    let (sign, rest) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

fn amount(n: &Number) -> String {
    n.value.map(money).unwrap_or_default()
}

fn points(n: &Number) -> String {
    match n.value {
        Some(v) => decimal_string(v),
        None => n.raw.trim().to_owned(),
    }
}

fn label(col: usize, text: &str) -> Cell {
    Cell::new(col, text).align(Align::Center).shaded()
}

/// The blocks of one form; `review` adds the 复核意见 block.
pub fn blocks(form: &Form, a: &Assessment, review: bool) -> Vec<Block> {
    let mut blocks = vec![
        Block::Text {
            text: "财政项目支出绩效自评表".to_owned(),
            size: 16.0,
            align: Align::Center,
        },
        Block::Text {
            text: match form.year.value {
                Some(y) => format!("（{y}年度）"),
                None => "（年度未填写）".to_owned(),
            },
            size: 10.5,
            align: Align::Center,
        },
        Block::Space(1.5),
        Block::Text {
            text: "金额单位：元".to_owned(),
            size: 9.0,
            align: Align::Right,
        },
        Block::Space(0.5),
    ];
    blocks.push(Block::Table(Table {
        widths: vec![28.0, 62.0, 28.0, 62.0],
        header: vec![],
        rows: vec![
            Row::new(vec![
                label(0, "项目名称"),
                Cell::new(1, &form.project_name.value).span(3),
            ]),
            Row::new(vec![
                label(0, "主管部门"),
                Cell::new(1, &form.department.value),
                label(2, "实施单位"),
                Cell::new(3, &form.implementing_unit.value),
            ]),
        ],
    }));
    blocks.push(Block::Table(funds(form)));
    blocks.push(Block::Table(goal(form)));
    blocks.push(Block::Table(indicators(form)));
    if review {
        blocks.push(Block::Space(5.0));
        blocks.push(Block::Text {
            text: "复核意见".to_owned(),
            size: 12.0,
            align: Align::Left,
        });
        blocks.push(Block::Space(1.0));
        blocks.push(Block::Table(review_table(form, a)));
    }
    blocks
}

fn funds(form: &Form) -> Table {
    let f = &form.funds;
    let key = 1;
    let side = |text: &str| label(0, text).merge(key);
    let amounts = |a: &Amounts| {
        [&a.initial, &a.adjusted, &a.executed]
            .into_iter()
            .enumerate()
            .map(|(i, n)| Cell::new(2 + i, amount(n)).align(Align::Right))
            .collect::<Vec<_>>()
    };
    let unit = "项目资金\n（元）";
    let mut rows = vec![Row::new(vec![
        side(unit),
        label(1, ""),
        label(2, "年初预算数"),
        label(3, "全年预算数"),
        label(4, "全年执行数"),
        label(5, "分值"),
        label(6, "执行率"),
        label(7, "得分"),
    ])];
    let mut total = vec![side(unit), Cell::new(1, "年度资金总额")];
    total.extend(amounts(&f.total));
    total.push(Cell::new(5, points(&f.weight)).align(Align::Center));
    total.push(
        Cell::new(
            6,
            f.execution_rate
                .value
                .map(percent_string)
                .unwrap_or_default(),
        )
        .align(Align::Right),
    );
    total.push(Cell::new(7, points(&f.score)).align(Align::Right));
    rows.push(Row::new(total));
    for (name, a) in [
        ("其中：当年财政拨款", &f.current_year_appropriation),
        ("上年结转资金", &f.carryover),
        ("其他资金", &f.other),
    ] {
        let mut cells = vec![side(unit), Cell::new(1, name)];
        cells.extend(amounts(a));
        cells.push(Cell::new(5, "—").align(Align::Center));
        cells.push(Cell::new(6, "—").align(Align::Center));
        cells.push(Cell::new(7, "—").align(Align::Center));
        rows.push(Row::new(cells));
    }
    Table {
        widths: vec![22.0, 34.0, 24.0, 24.0, 24.0, 13.0, 21.0, 18.0],
        header: vec![],
        rows,
    }
}

fn goal(form: &Form) -> Table {
    let side = || label(0, "年度总体目标").merge(2);
    Table {
        widths: vec![22.0, 79.0, 79.0],
        header: vec![],
        rows: vec![
            Row::new(vec![side(), label(1, "预期目标"), label(2, "实际完成情况")]),
            Row::new(vec![
                side(),
                Cell::new(1, &form.goal.expected.value),
                Cell::new(2, &form.goal.achieved.value),
            ]),
        ],
    }
}

/// Column widths of the indicator table: 一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分,
/// 偏差原因分析及改进措施.
pub const INDICATOR_WIDTHS: [f32; 8] = [16.0, 19.0, 33.0, 24.0, 24.0, 11.0, 11.0, 42.0];

fn indicators(form: &Form) -> Table {
    let header = Row::new(
        crate::report::INDICATOR_HEADERS
            .iter()
            .enumerate()
            .map(|(i, h)| label(i, h))
            .collect(),
    );
    let mut rows = Vec::new();
    // Merge keys: a new key wherever the level changes, so equal names in separate groups
    // stay separate cells. Level-1 keys are even, level-2 keys odd.
    let (mut key1, mut key2) = (0u32, 1u32);
    let mut previous: Option<(&str, &str)> = None;
    for ind in &form.indicators {
        let (l1, l2) = (ind.level1.value.as_str(), ind.level2.value.as_str());
        match previous {
            Some((p1, _)) if p1 != l1 => {
                key1 += 2;
                key2 += 2;
            }
            Some((_, p2)) if p2 != l2 => key2 += 2,
            _ => {}
        }
        previous = Some((l1, l2));
        rows.push(Row::new(vec![
            Cell::new(0, l1).align(Align::Center).merge(1000 + key1),
            Cell::new(1, l2).align(Align::Center).merge(1000 + key2),
            Cell::new(2, &ind.level3.value),
            Cell::new(3, &ind.target.value).align(Align::Center),
            Cell::new(4, &ind.actual.value).align(Align::Center),
            Cell::new(5, points(&ind.weight)).align(Align::Right),
            Cell::new(6, points(&ind.score)).align(Align::Right),
            Cell::new(7, &ind.remark.value),
        ]));
    }
    rows.push(Row::new(vec![
        label(0, "总分").span(5),
        Cell::new(5, points(&form.total.weight)).align(Align::Right),
        Cell::new(6, points(&form.total.score)).align(Align::Right),
        Cell::new(7, ""),
    ]));
    Table {
        widths: INDICATOR_WIDTHS.to_vec(),
        header: vec![header],
        rows,
    }
}

fn review_table(form: &Form, a: &Assessment) -> Table {
    let mut rows = Vec::new();
    let row = |k: &str, v: String| Row::new(vec![label(0, k), Cell::new(1, v)]);
    let reported = match a.reported_total {
        Some(t) => format!("{}（{}）", decimal_string(t), a.reported_grade),
        None => "未填写".to_owned(),
    };
    rows.push(row("自评总分（等级）", reported));
    rows.push(row(
        "复核总分（等级）",
        format!(
            "{}（{}）",
            decimal_string(a.rescored_total),
            a.rescored_grade
        ),
    ));
    rows.push(row("预算执行复核", a.budget.reason.clone()));
    let errors = a
        .findings
        .iter()
        .filter(|f| f.severity() == crate::check::findings::Severity::Error)
        .count();
    let summary = if a.findings.is_empty() {
        "未发现问题".to_owned()
    } else {
        format!("共 {} 项，其中错误 {} 项", a.findings.len(), errors)
    };
    rows.push(row("发现问题", summary));
    for f in &a.findings {
        let place =
            f.at.map(|p| p.describe_zh(form.source.kind))
                .unwrap_or_default();
        let what = match &f.indicator {
            Some(i) => format!("【{i}】{}（{place}）", f.message),
            None => format!("{}（{place}）", f.message),
        };
        rows.push(Row::new(vec![
            Cell::new(0, format!("{} {}", f.severity().zh(), f.code.as_str())).align(Align::Center),
            Cell::new(1, what),
        ]));
    }
    rows.push(row("来源", form.source.describe()));
    Table {
        widths: vec![40.0, 140.0],
        header: vec![],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::money;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn money_has_thousands_separators_and_cents() {
        let m = |s: &str| money(Decimal::from_str(s).unwrap());
        assert_eq!(m("12814895.16"), "12,814,895.16");
        assert_eq!(m("0"), "0.00");
        assert_eq!(m("270000"), "270,000.00");
        assert_eq!(m("-1234.5"), "-1,234.50");
    }
}
