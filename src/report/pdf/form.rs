//! One form in the official layout, as blocks for the layout engine: title and year, the
//! layout it came in, identity rows (budget codes where the form has them), the funds table
//! (every row the source printed), the overall goal, the indicator table with 一级/二级
//! merged down their groups and a row per points-carrying block, 总分, the source's other
//! columns and fields (its sections), and — unless printing as submitted — the 复核意见
//! block. Whatever layout a form came in, nothing it printed is left off the page.

use rust_decimal::Decimal;

use super::layout::{Align, Block, Cell, Row, Table};
use crate::check::Assessment;
use crate::extract::vocabulary::{Label, Vocabulary};
use crate::model::{AmountUnit, Amounts, Form, GroupKind, Number};
use crate::normalize::{decimal_string, percent_string};

/// `12814895.16` → `12,814,895.16`.
pub fn money(d: Decimal) -> String {
    crate::normalize::money_string(d)
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
pub fn blocks(form: &Form, a: &Assessment, review: bool, vocab: &Vocabulary) -> Vec<Block> {
    let unit = match form.source.amount_unit {
        AmountUnit::WanYuan => "金额单位：元（原表以万元填报，已换算为元）",
        AmountUnit::Yuan => "金额单位：元",
    };
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
            text: format!("原表版式：{}", vocab.layout_title(&form.layout)),
            size: 9.0,
            align: Align::Left,
        },
        Block::Text {
            text: unit.to_owned(),
            size: 9.0,
            align: Align::Right,
        },
        Block::Space(0.5),
    ];
    let mut identity = vec![
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
    ];
    let codes: Vec<String> = [
        ("项目", &form.codes.project),
        ("主管部门", &form.codes.department),
        ("实施单位", &form.codes.implementing_unit),
    ]
    .into_iter()
    .filter_map(|(what, code)| code.as_ref().map(|c| format!("{what}：{}", c.value)))
    .collect();
    if !codes.is_empty() {
        identity.push(Row::new(vec![
            label(0, "预算编码"),
            Cell::new(1, codes.join("；")).span(3),
        ]));
    }
    blocks.push(Block::Table(Table {
        widths: vec![28.0, 62.0, 28.0, 62.0],
        header: vec![],
        rows: identity,
    }));
    blocks.push(Block::Table(funds(form, vocab)));
    blocks.push(Block::Table(goal(form)));
    blocks.push(Block::Table(indicators(form)));
    if let Some(table) = extra_columns(form) {
        blocks.push(Block::Space(2.0));
        blocks.push(Block::Text {
            text: "原表其他栏目".to_owned(),
            size: 10.5,
            align: Align::Left,
        });
        blocks.push(Block::Space(0.5));
        blocks.push(Block::Table(table));
    }
    if !form.sections.is_empty() {
        blocks.push(Block::Space(2.0));
        blocks.push(Block::Table(sections(form)));
    }
    if review {
        blocks.push(Block::Space(5.0));
        // Kept together with the form's last rows; where it does not fit below them it
        // starts a page of its own whose title names the project.
        let project = crate::normalize::printable(&form.project_name.value).into_owned();
        blocks.push(Block::Together {
            title: "复核意见".to_owned(),
            title_on_new_page: format!("复核意见（项目：{project}）"),
            size: 12.0,
            blocks: vec![Block::Space(1.0), Block::Table(review_table(form, a))],
        });
    }
    blocks
}

fn funds(form: &Form, vocab: &Vocabulary) -> Table {
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
    // A 原因 column where a row of the source carried one (四川's funds rows do).
    let remarks = f.rows.iter().any(|row| !row.remark.value.trim().is_empty());
    let mut header = vec![
        side(unit),
        label(1, ""),
        label(2, "年初预算数"),
        label(3, "全年预算数"),
        label(4, "全年执行数"),
        label(5, "分值"),
        label(6, "执行率"),
        label(7, "得分"),
    ];
    if remarks {
        header.push(label(8, "原因"));
    }
    let mut rows = vec![Row::new(header)];
    let rate = |n: &Number| match n.value {
        Some(v) => percent_string(v),
        None => n.raw.trim().to_owned(),
    };
    let line = |name: &str, a: &Amounts, points_rate_score: Option<[String; 3]>| {
        let mut cells = vec![side(unit), Cell::new(1, name)];
        cells.extend(amounts(a));
        match points_rate_score {
            Some([w, r, s]) => {
                cells.push(Cell::new(5, w).align(Align::Center));
                cells.push(Cell::new(6, r).align(Align::Right));
                cells.push(Cell::new(7, s).align(Align::Right));
            }
            None => {
                for c in 5..8 {
                    cells.push(Cell::new(c, "—").align(Align::Center));
                }
            }
        }
        Row::new(cells)
    };
    let budget_line = [points(&f.weight), rate(&f.execution_rate), points(&f.score)];
    if f.rows.is_empty() {
        // A form read without its rows as printed: the four rows the format names.
        let [(total, amounts), parts @ ..] = f.standard_rows();
        rows.push(line(total, amounts, Some(budget_line)));
        for (name, a) in parts {
            rows.push(line(name, a, None));
        }
    } else {
        // Every row as the source printed it (四川's 财政资金 / 单位资金, 合计); the budget
        // line's points on the total row, where a label may have carried them.
        let total_row = f
            .rows
            .iter()
            .position(|row| vocab.is(Label::FundsTotal, &row.label.raw))
            .unwrap_or(0);
        let mut budget_line = Some(budget_line);
        for (k, row) in f.rows.iter().enumerate() {
            let cells = if k == total_row {
                budget_line.take()
            } else {
                None
            };
            let own = [
                points(&row.weight),
                rate(&row.execution_rate),
                points(&row.score),
            ];
            let cells = cells.or_else(|| own.iter().any(|t| !t.is_empty()).then_some(own));
            let mut printed = line(&row.label.value, &row.amounts, cells);
            if remarks {
                printed.cells.push(Cell::new(8, &row.remark.value));
            }
            rows.push(printed);
        }
    }
    let widths = if remarks {
        vec![22.0, 24.0, 23.5, 23.5, 23.5, 10.0, 16.0, 13.0, 24.5]
    } else {
        vec![22.0, 34.0, 24.0, 24.0, 24.0, 13.0, 21.0, 18.0]
    };
    Table {
        widths,
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
    for (k, ind) in form.indicators.iter().enumerate() {
        // A block with points (年度绩效目标1（40分）) gets a row of its own above its rows;
        // a level 1 with points shows them (产出指标（50分）).
        for g in form.groups.iter().filter(|g| g.first == k && g.count > 0) {
            if g.kind == GroupKind::Block {
                rows.push(Row::new(vec![label(0, &g.label.value).span(8)]));
                previous = None;
            }
        }
        // A level with points shows them (产出指标（50分）, 数量指标（30分）).
        let l1 = labelled(form, k, GroupKind::Level1, &ind.level1.value);
        let l2 = labelled(form, k, GroupKind::Level2, &ind.level2.value);
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

/// The headed columns of the source the official layout has no place for, row by row.
/// A level's name, or its label with points where a group of that level with this name
/// holds row `k` (产出指标（50分）, 数量指标（30分）).
fn labelled<'f>(form: &'f Form, k: usize, kind: GroupKind, name: &'f str) -> &'f str {
    form.groups
        .iter()
        .find(|g| g.kind == kind && (g.first..g.first + g.count).contains(&k))
        .filter(|g| g.name == name)
        .map_or(name, |g| g.label.value.as_str())
}

fn extra_columns(form: &Form) -> Option<Table> {
    let mut rows = vec![Row::new(vec![
        label(0, "三级指标"),
        label(1, "栏目"),
        label(2, "内容"),
    ])];
    for ind in &form.indicators {
        for e in &ind.extra {
            rows.push(Row::new(vec![
                Cell::new(0, &ind.level3.value),
                Cell::new(1, &e.header).align(Align::Center),
                Cell::new(2, &e.value.value),
            ]));
        }
    }
    (rows.len() > 1).then(|| Table {
        widths: vec![50.0, 30.0, 100.0],
        header: vec![],
        rows,
    })
}

/// The form's fields outside its tables (评价结论, 项目负责人, 填报日期, …), as printed.
fn sections(form: &Form) -> Table {
    Table {
        widths: vec![40.0, 140.0],
        header: vec![],
        rows: form
            .sections
            .iter()
            .map(|s| {
                let name = if s.label.value.is_empty() {
                    &s.name
                } else {
                    &s.label.value
                };
                Row::new(vec![label(0, name), Cell::new(1, &s.value.value)])
            })
            .collect(),
    }
}

/// Where the re-scored total differs from the form's, each reason: the budget line and
/// every indicator re-scored to another value (with the re-score's reason), and a total
/// that is not the sum of its own scores.
fn total_differences(form: &Form, a: &Assessment) -> Vec<String> {
    let reported = a.reported_total.unwrap_or(a.reported_sum);
    if reported == a.rescored_total {
        return Vec::new();
    }
    let mut out = Vec::new();
    let written = |v: Option<Decimal>| v.map_or_else(|| "未填".to_owned(), decimal_string);
    if let Some(rescored) = a.budget.score
        && form.funds.score.value != Some(rescored)
    {
        out.push(format!(
            "预算执行：自评 {} → 复核 {}",
            written(form.funds.score.value),
            decimal_string(rescored)
        ));
    }
    for (ind, ia) in form.indicators.iter().zip(&a.indicators) {
        if let Some(rescored) = ia.rescored
            && ind.score.value != Some(rescored)
        {
            out.push(format!(
                "【{}】自评 {} → 复核 {}：{}",
                ind.level3.value,
                written(ind.score.value),
                decimal_string(rescored),
                ia.reason
            ));
        }
    }
    if let Some(total) = a.reported_total
        && total != a.reported_sum
    {
        out.push(format!(
            "自评总分 {} 不等于各项自评得分之和 {}",
            decimal_string(total),
            decimal_string(a.reported_sum)
        ));
    }
    out
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
    // The reviewer's decision (复核记录.xlsx), where one applies.
    if let Some(d) = &a.review {
        if !d.conclusion.is_empty() {
            rows.push(row("复核结论", d.conclusion.clone()));
        }
        if let Some(score) = d.score {
            rows.push(row(
                "复核人评定得分",
                format!("{}（{}，为最终得分）", decimal_string(score), d.score_grade),
            ));
        }
        if !d.opinion.is_empty() {
            rows.push(row("复核人意见", d.opinion.clone()));
        }
        let who: Vec<&str> = [d.reviewer.as_str(), d.date.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !who.is_empty() {
            rows.push(row("复核人", who.join("　")));
        }
    }
    rows.push(row("预算执行复核", a.budget.reason.clone()));
    for why in total_differences(form, a) {
        rows.push(row("差异原因", why));
    }
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
    if !a.dismissed.is_empty() {
        rows.push(row(
            "未采纳",
            format!(
                "复核人未采纳 {} 项问题，不计入问题数：{}",
                a.dismissed.len(),
                a.dismissed
                    .iter()
                    .map(|f| f.code.title_zh())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        ));
    }
    for f in &a.findings {
        let place =
            f.at.map(|p| p.describe_zh(form.source.kind))
                .unwrap_or_default();
        let what = match &f.indicator {
            Some(i) => format!("【{i}】{}（{place}）", f.message),
            None => format!("{}（{place}）", f.message),
        };
        rows.push(Row::new(vec![
            // Chinese words, which wrap where a line ends; the code is in the JSON.
            Cell::new(0, format!("{}：{}", f.severity().zh(), f.code.title_zh()))
                .align(Align::Center),
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
