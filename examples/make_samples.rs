//! Writes the sample workbooks in `samples/` and their expected extraction in
//! `tests/expected/`.
//!
//! Each form is described once, by its true values (amounts in yuan, texts as a clerk would
//! check them), and rendered into a workbook the way units really fill the template: the
//! official layout with real merges, a form at an offset under title rows, several forms in
//! one sheet, one form per sheet beside a notes sheet; numbers stored as text, `05`,
//! full-width digits, percentages stored as fractions with a percent format, formulas with
//! cached values, amounts in 万元, label variants and line breaks inside cells. The expected
//! JSON is written from the same description, so a test that compares the two checks that
//! the reader undoes every one of those renderings.
//!
//! Run: `cargo run --example make_samples`, then `examples/make-converted.sh` for the `.xls`
//! and `.ods` copies and the bad files (needs LibreOffice and Python's msoffcrypto-tool; the
//! results are committed, so nobody else needs either).

use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use serde_json::{Value, json};

type Result<T> = std::result::Result<T, XlsxError>;

/// One indicator row, as true values.
struct Ind {
    l1: &'static str,
    l2: &'static str,
    l3: &'static str,
    target: &'static str,
    actual: &'static str,
    weight: &'static str,
    score: &'static str,
    remark: &'static str,
}

/// An indicator row as its table reads: 一级, 二级, 三级, target, actual, weight, score, remark.
const fn ind(row: [&'static str; 8]) -> Ind {
    let [l1, l2, l3, target, actual, weight, score, remark] = row;
    Ind {
        l1,
        l2,
        l3,
        target,
        actual,
        weight,
        score,
        remark,
    }
}

/// One form, as true values: amounts in yuan, `None` for an empty cell.
struct Spec {
    year: i32,
    project: &'static str,
    department: &'static str,
    unit: &'static str,
    /// 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金 × (年初, 全年预算, 全年执行).
    funds: [[Option<&'static str>; 3]; 4],
    funds_weight: &'static str,
    /// As a fraction.
    rate: &'static str,
    funds_score: &'static str,
    expected: &'static str,
    achieved: &'static str,
    indicators: Vec<Ind>,
    total_weight: &'static str,
    total_score: &'static str,
}

/// How a unit filled the template.
#[derive(Clone, Copy)]
struct Style {
    /// Top-left cell of the form (row, column), 0-based.
    origin: (u32, u16),
    /// Amounts written in 万元.
    wan: bool,
    /// Numbers typed as text: thousands separators, `05`, full-width digits.
    numbers_as_text: bool,
    /// Execution rate, totals and 总分 as formulas with cached values.
    formulas: bool,
    /// Plain percentages (`98.5%`) stored as fractions with a percent format.
    percent_numbers: bool,
    /// The label variants of some provinces (项目名称：, 实施单位（盖章）, 指标值, 全年实际值…).
    variant_labels: bool,
}

const OFFICIAL: Style = Style {
    origin: (0, 0),
    wan: false,
    numbers_as_text: false,
    formulas: true,
    percent_numbers: true,
    variant_labels: false,
};

struct Formats {
    cell: Format,
    title: Format,
    percent: Format,
    money: Format,
}

fn formats() -> Formats {
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
        percent: cell.clone().set_num_format("0.0%"),
        money: cell.clone().set_num_format("#,##0.00"),
        cell,
    }
}

fn col_name(c: u16) -> String {
    let mut n = c as u32 + 1;
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// `A1` address of a 0-based cell.
fn addr(r: u32, c: u16) -> String {
    format!("{}{}", col_name(c), r + 1)
}

fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// `12690000` → `12,690,000.00`.
fn with_separators(value: &str) -> String {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{:0<2}", frac)
}

/// Writes one form with its top-left at `style.origin`; returns the row after it.
fn write_form(ws: &mut Worksheet, spec: &Spec, style: Style, f: &Formats) -> Result<u32> {
    let (r0, c0) = style.origin;
    let c = |i: u16| c0 + i;
    let v = style.variant_labels;
    let label = |official: &'static str, variant: &'static str| if v { variant } else { official };

    ws.merge_range(r0, c(0), r0, c(8), "财政项目支出绩效自评表", &f.title)?;
    ws.merge_range(
        r0 + 1,
        c(0),
        r0 + 1,
        c(8),
        &format!("（{}年度）", spec.year),
        &f.cell,
    )?;
    let mut r = r0 + 2;
    if v {
        ws.merge_range(
            r,
            c(0),
            r,
            c(8),
            &format!("填报单位：{}（盖章）", spec.department),
            &f.cell,
        )?;
        r += 1;
    }
    ws.write_with_format(r, c(0), label("项目名称", "项目名称："), &f.cell)?;
    ws.merge_range(r, c(1), r, c(8), spec.project, &f.cell)?;
    r += 1;
    ws.write_with_format(r, c(0), label("主管部门", "主管部门（单位）"), &f.cell)?;
    ws.merge_range(r, c(1), r, c(3), spec.department, &f.cell)?;
    ws.write_with_format(r, c(4), label("实施单位", "实施单位（盖章）"), &f.cell)?;
    ws.merge_range(r, c(5), r, c(8), spec.unit, &f.cell)?;
    r += 1;

    // Funds block.
    let funds_top = r;
    let unit_label = if style.wan {
        "项目资金\n（万元）"
    } else {
        "项目资金\n（元）"
    };
    ws.merge_range(r, c(0), r + 4, c(0), unit_label, &f.cell)?;
    for (i, h) in [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        ws.write_with_format(r, c(2 + i as u16), *h, &f.cell)?;
    }
    let row_labels = [
        "年度资金总额",
        label("其中：当年财政拨款", "其中：本年财政拨款"),
        "上年结转资金",
        "其他资金",
    ];
    for (i, row_label) in row_labels.iter().enumerate() {
        let rr = r + 1 + i as u32;
        ws.write_with_format(rr, c(1), *row_label, &f.cell)?;
        for (j, amount) in spec.funds[i].iter().enumerate() {
            let col = c(2 + j as u16);
            match amount {
                None => {
                    ws.write_blank(rr, col, &f.cell)?;
                }
                Some(yuan) => write_amount(ws, rr, col, yuan, style, f)?,
            }
        }
        if i > 0 {
            ws.write_with_format(rr, c(5), "—", &f.cell)?;
        }
    }
    let total_row = r + 1;
    write_points(ws, total_row, c(5), spec.funds_weight, style, f)?;
    let rate: f64 = spec.rate.parse().unwrap_or(0.0);
    if style.formulas {
        let formula = format!("={}/{}", addr(total_row, c(4)), addr(total_row, c(3)));
        ws.write_formula_with_format(
            total_row,
            c(6),
            Formula::new(formula).set_result(spec.rate),
            &f.percent.clone().set_num_format("0.00%"),
        )?;
    } else if style.numbers_as_text {
        ws.write_with_format(total_row, c(6), format!("{}%", pct(spec.rate)), &f.cell)?;
    } else {
        ws.write_number_with_format(
            total_row,
            c(6),
            rate,
            &f.percent.clone().set_num_format("0.00%"),
        )?;
    }
    write_points(ws, total_row, c(7), spec.funds_score, style, f)?;
    r = funds_top + 5;

    // Goal.
    ws.merge_range(
        r,
        c(0),
        r + 1,
        c(0),
        label("年度总体目标", "年度\n总体目标"),
        &f.cell,
    )?;
    ws.merge_range(r, c(1), r, c(4), "预期目标", &f.cell)?;
    ws.merge_range(r, c(5), r, c(8), "实际完成情况", &f.cell)?;
    ws.merge_range(r + 1, c(1), r + 1, c(4), spec.expected, &f.cell)?;
    ws.merge_range(r + 1, c(5), r + 1, c(8), spec.achieved, &f.cell)?;
    r += 2;

    // Indicator table.
    let headers = if v {
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "全年实际值",
            "分值",
            "得分",
            "偏差原因分析及改进措施（未完成的须说明）",
        ]
    } else {
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度\n指标值",
            "实际\n完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
    };
    let header_row = r;
    for (i, h) in headers.iter().enumerate() {
        ws.write_with_format(r, c(1 + i as u16), *h, &f.cell)?;
    }
    r += 1;
    let first = r;
    let n = spec.indicators.len() as u32;
    ws.merge_range(header_row, c(0), first + n - 1, c(0), "绩效指标", &f.cell)?;
    merge_groups(
        ws,
        first,
        c(1),
        spec.indicators.iter().map(|i| i.l1).collect(),
        f,
    )?;
    merge_groups(
        ws,
        first,
        c(2),
        spec.indicators.iter().map(|i| i.l2).collect(),
        f,
    )?;
    for (i, ind) in spec.indicators.iter().enumerate() {
        let rr = first + i as u32;
        ws.write_with_format(rr, c(3), ind.l3, &f.cell)?;
        write_value(ws, rr, c(4), ind.target, style, f)?;
        write_value(ws, rr, c(5), ind.actual, style, f)?;
        write_points(ws, rr, c(6), ind.weight, style, f)?;
        write_points(ws, rr, c(7), ind.score, style, f)?;
        ws.write_with_format(rr, c(8), ind.remark, &f.cell)?;
    }
    r = first + n;
    ws.merge_range(r, c(0), r, c(5), "总分", &f.cell)?;
    write_points(ws, r, c(6), spec.total_weight, style, f)?;
    if style.formulas {
        let sum = format!(
            "={}+SUM({}:{})",
            addr(total_row, c(7)),
            addr(first, c(7)),
            addr(first + n - 1, c(7))
        );
        ws.write_formula_with_format(
            r,
            c(7),
            Formula::new(sum).set_result(spec.total_score),
            &f.cell,
        )?;
    } else {
        write_points(ws, r, c(7), spec.total_score, style, f)?;
    }
    ws.write_blank(r, c(8), &f.cell)?;
    Ok(r + 1)
}

/// Merges runs of equal labels in a column, as the template's 一级/二级 cells are.
fn merge_groups(
    ws: &mut Worksheet,
    first: u32,
    col: u16,
    labels: Vec<&str>,
    f: &Formats,
) -> Result<()> {
    let mut start = 0;
    while start < labels.len() {
        let mut end = start;
        while end + 1 < labels.len() && labels[end + 1] == labels[start] {
            end += 1;
        }
        let (a, b) = (first + start as u32, first + end as u32);
        if a == b {
            ws.write_with_format(a, col, labels[start], &f.cell)?;
        } else {
            ws.merge_range(a, col, b, col, labels[start], &f.cell)?;
        }
        start = end + 1;
    }
    Ok(())
}

/// `0.8620` → `86.2`.
fn pct(fraction: &str) -> String {
    let d: rust_decimal::Decimal = fraction.parse().unwrap_or_default();
    (d * rust_decimal::Decimal::ONE_HUNDRED)
        .normalize()
        .to_string()
}

fn write_amount(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    yuan: &str,
    style: Style,
    f: &Formats,
) -> Result<()> {
    let value: rust_decimal::Decimal = yuan.parse().unwrap_or_default();
    let shown = if style.wan {
        value / rust_decimal::Decimal::from(10_000)
    } else {
        value
    };
    let shown = shown.normalize().to_string();
    if style.numbers_as_text {
        let text = with_separators(&shown);
        // One amount in full-width digits, as an IME in full-width mode types it.
        let text = if r.is_multiple_of(2) && c.is_multiple_of(2) {
            to_full_width(&text)
        } else {
            text
        };
        ws.write_with_format(r, c, text, &f.cell)?;
    } else {
        ws.write_number_with_format(r, c, shown.parse::<f64>().unwrap_or(0.0), &f.money)?;
    }
    Ok(())
}

/// A weight or score: a number, or text (`05` for 5) when numbers are typed as text.
fn write_points(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: &str,
    style: Style,
    f: &Formats,
) -> Result<()> {
    // An empty value is a blank cell (a score the unit did not fill in).
    if value.is_empty() {
        ws.write_blank(r, c, &f.cell)?;
    } else if style.numbers_as_text {
        let text = if value == "5" {
            "05".to_owned()
        } else {
            value.to_owned()
        };
        ws.write_with_format(r, c, text, &f.cell)?;
    } else {
        ws.write_number_with_format(r, c, value.parse::<f64>().unwrap_or(0.0), &f.cell)?;
    }
    Ok(())
}

/// A target or actual: a plain percentage becomes a fraction with a percent format where the
/// unit's workbook stores it so; anything else is text as written.
fn write_value(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    text: &str,
    style: Style,
    f: &Formats,
) -> Result<()> {
    let plain_percent = text
        .strip_suffix('%')
        .filter(|n| !n.is_empty() && n.chars().all(|ch| ch.is_ascii_digit() || ch == '.'));
    match plain_percent {
        Some(n) if style.percent_numbers => {
            let fraction: rust_decimal::Decimal =
                n.parse::<rust_decimal::Decimal>().unwrap_or_default()
                    / rust_decimal::Decimal::ONE_HUNDRED;
            let decimals = n.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
            let fmt = if decimals == 0 {
                "0%".to_owned()
            } else {
                format!("0.{}%", "0".repeat(decimals))
            };
            ws.write_number_with_format(
                r,
                c,
                fraction.to_string().parse::<f64>().unwrap_or(0.0),
                &f.percent.clone().set_num_format(fmt),
            )?;
        }
        _ => {
            ws.write_with_format(r, c, text, &f.cell)?;
        }
    }
    Ok(())
}

fn set_widths(ws: &mut Worksheet, c0: u16) -> Result<()> {
    for (i, w) in [10.0, 14.0, 16.0, 24.0, 18.0, 18.0, 8.0, 8.0, 30.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(c0 + i as u16, *w)?;
    }
    Ok(())
}

/// A workbook with fixed properties, so regenerating the samples changes no bytes.
fn new_workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 3, 15)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("填报单位")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// The expected extraction of a form, in the interchange format (every field of the
/// schema: the test compares them all, both ways).
fn expected(spec: &Spec, file: &str, sheet: &str, row: u32) -> Value {
    expected_in(spec, file, sheet, row, OFFICIAL)
}

fn expected_in(spec: &Spec, file: &str, sheet: &str, row: u32, style: Style) -> Value {
    let amounts = |i: usize| json!({"initial": spec.funds[i][0], "adjusted": spec.funds[i][1], "executed": spec.funds[i][2]});
    let labels = [
        "年度资金总额",
        if style.variant_labels {
            "其中：本年财政拨款"
        } else {
            "其中：当年财政拨款"
        },
        "上年结转资金",
        "其他资金",
    ];
    let rows: Vec<Value> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let total = i == 0;
            json!({
                "label": label,
                "amounts": amounts(i),
                "execution_rate": if total { json!(spec.rate) } else { Value::Null },
                "weight": if total { json!(spec.funds_weight) } else { Value::Null },
                "score": if total { json!(spec.funds_score) } else { Value::Null },
                "remark": "",
            })
        })
        .collect();
    let sections = if style.variant_labels {
        json!([{"name": "单位名称", "value": format!("{}（盖章）", spec.department)}])
    } else {
        json!([])
    };
    json!({
        "source": {"file": file, "sheet": sheet, "row": row, "amount_unit": if style.wan { "万元" } else { "元" }},
        "layout": "national",
        "year": spec.year,
        "project_name": spec.project,
        "department": spec.department,
        "implementing_unit": spec.unit,
        "codes": {"project": null, "department": null, "implementing_unit": null},
        "funds": {
            "total": amounts(0),
            "current_year_appropriation": amounts(1),
            "carryover": amounts(2),
            "other": amounts(3),
            "weight": spec.funds_weight,
            "execution_rate": spec.rate,
            "score": spec.funds_score,
            "rows": rows,
        },
        "goal": {"expected": spec.expected, "achieved": spec.achieved},
        "indicators": spec.indicators.iter().map(|i| json!({
            "level1": i.l1, "level2": i.l2, "level3": i.l3, "target": i.target, "actual": i.actual,
            "weight": i.weight, "score": (!i.score.is_empty()).then_some(i.score), "remark": i.remark,
            "extra": [],
        })).collect::<Vec<_>>(),
        "groups": [],
        "total": {"weight": spec.total_weight, "score": spec.total_score},
        "sections": sections,
    })
}

fn write_expected(name: &str, forms: Vec<Value>) -> std::io::Result<()> {
    let path = Path::new("tests/expected").join(name);
    let mut text = serde_json::to_string_pretty(&Value::Array(forms)).unwrap_or_default();
    text.push('\n');
    std::fs::write(path, text)
}

const P: &str = "产出指标";
const X: &str = "效益指标";
const S: &str = "满意度指标";
const SAT: &str = "服务对象满意度指标";

fn road_maintenance() -> Spec {
    Spec {
        year: 2023,
        project: "城市道路养护经费",
        department: "上海市浦东新区建设和交通委员会",
        unit: "上海市浦东新区公路管理署",
        funds: [
            [Some("18500000"), Some("19200000"), Some("18612480.55")],
            [Some("18500000"), Some("18500000"), Some("17912480.55")],
            [Some("0"), Some("700000"), Some("700000")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        rate: "0.9694",
        funds_score: "9.69",
        expected: "完成辖区内186公里城市道路日常养护和32处病害路段专项整治，道路综合完好率不低于95%，保障道路安全畅通。",
        achieved: "完成186公里道路日常养护，专项整治病害路段30处，道路综合完好率96.8%，全年未发生因道路病害导致的安全事故。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "日常养护道路里程",
                "=186公里",
                "=186公里",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "数量指标",
                "病害路段专项整治数量",
                "≥32处",
                "30处",
                "10",
                "9.38",
                "2处路段因管线迁移未能开工，已纳入2024年计划",
            ]),
            ind([
                P,
                "质量指标",
                "道路综合完好率",
                "≥95%",
                "96.8%",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "质量指标",
                "养护工程验收合格率",
                "=100%",
                "100%",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "时效指标",
                "病害处置及时率",
                "≥98%",
                "98.5%",
                "5",
                "5",
                "",
            ]),
            ind([
                P,
                "成本指标",
                "每公里年养护成本",
                "≤10.5万元",
                "10.01万元",
                "5",
                "5",
                "",
            ]),
            ind([
                X,
                "社会效益指标",
                "因道路病害引发的安全事故",
                "=0起",
                "0起",
                "15",
                "15",
                "",
            ]),
            ind([
                X,
                "可持续影响指标",
                "道路养护信息化管理覆盖率",
                "≥90%",
                "92%",
                "15",
                "15",
                "",
            ]),
            ind([
                S,
                SAT,
                "市民对道路通行满意度",
                "≥85%",
                "88.2%",
                "10",
                "10",
                "",
            ]),
        ],
        total_weight: "100",
        total_score: "99.07",
    }
}

fn elderly_care() -> Spec {
    Spec {
        year: 2023,
        project: "社区养老服务补贴",
        department: "上海市徐汇区民政局",
        unit: "上海市徐汇区社会福利院",
        funds: [
            [Some("6400000"), Some("6400000"), Some("6182500")],
            [Some("6000000"), Some("6000000"), Some("5782500")],
            [Some("400000"), Some("400000"), Some("400000")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        rate: "0.966",
        funds_score: "9.66",
        expected: "为辖区内经评估符合条件的老年人提供居家和社区养老服务补贴，受益老人不少于2600人，服务满意度不低于90%。",
        achieved: "全年补贴受益老人2683人，开展上门服务4.1万人次，服务对象满意度93%。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "补贴受益老人数",
                "≥2600人",
                "2683人",
                "15",
                "15",
                "",
            ]),
            ind([
                P,
                "数量指标",
                "上门服务人次",
                "≥4万人次",
                "4.1万人次",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "质量指标",
                "服务对象评估准确率",
                "＞＝９５％",
                "97%",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "时效指标",
                "补贴按月发放及时率",
                "=100%",
                "100%",
                "5",
                "5",
                "",
            ]),
            ind([
                P,
                "成本指标",
                "人均月补贴标准",
                "≤200元",
                "192元",
                "10",
                "10",
                "",
            ]),
            ind([
                X,
                "社会效益指标",
                "老年人居家生活质量",
                "明显改善",
                "有所改善",
                "20",
                "16",
                "部分服务项目供给不足，下一步扩大助餐、助浴服务",
            ]),
            ind([
                X,
                "可持续影响指标",
                "服务机构规范运营",
                "持续",
                "持续",
                "10",
                "10",
                "",
            ]),
            ind([S, SAT, "服务对象满意度", "≥90%", "93%", "10", "10", ""]),
        ],
        total_weight: "100",
        total_score: "95.66",
    }
}

fn library_opening() -> Spec {
    Spec {
        year: 2023,
        project: "公共图书馆免费开放补助",
        department: "上海市静安区文化和旅游局",
        unit: "上海市静安区图书馆",
        funds: [
            [Some("2300000"), Some("2300000"), Some("2300000")],
            [Some("2300000"), Some("2300000"), Some("2300000")],
            [None, None, None],
            [None, None, None],
        ],
        funds_weight: "10",
        rate: "1",
        funds_score: "10",
        expected: "保障图书馆全年免费开放，年接待读者不少于80万人次，举办公益讲座和展览不少于120场。",
        achieved: "全年开放358天，接待读者86.4万人次，举办讲座和展览136场。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "年接待读者人次",
                "≥80万人次",
                "86.4万人次",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "数量指标",
                "公益讲座和展览场次",
                "≥120场",
                "136场",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "质量指标",
                "文献外借服务差错率",
                "≤0.5%",
                "0.3%",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "时效指标",
                "全年开放天数",
                "≥350天",
                "358天",
                "10",
                "10",
                "",
            ]),
            ind([
                X,
                "社会效益指标",
                "全民阅读氛围",
                "持续提升",
                "持续提升",
                "20",
                "20",
                "",
            ]),
            ind([
                X,
                "可持续影响指标",
                "数字资源访问量增长率",
                "≥10%",
                "12.5%",
                "10",
                "10",
                "",
            ]),
            ind([S, SAT, "读者满意度", "≥90%", "95.1%", "10", "10", ""]),
        ],
        total_weight: "100",
        total_score: "100",
    }
}

fn reading_campaign() -> Spec {
    Spec {
        year: 2023,
        project: "全民阅读推广活动经费",
        department: "上海市静安区文化和旅游局",
        unit: "上海市静安区图书馆",
        funds: [
            [Some("450000"), Some("380000"), Some("352600")],
            [Some("450000"), Some("380000"), Some("352600")],
            [Some("0"), Some("0"), Some("0")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        rate: "0.9279",
        funds_score: "9.28",
        expected: "举办“静安读书节”等主题阅读活动，覆盖14个街道，参与市民不少于5万人次。",
        achieved: "举办主题阅读活动42场，覆盖全部14个街道，参与市民4.6万人次。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "主题阅读活动场次",
                "≥40场",
                "42场",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "数量指标",
                "参与市民人次",
                "≥5万人次",
                "4.6万人次",
                "15",
                "13.8",
                "受场地改造影响，两场大型活动改为线上举办",
            ]),
            ind([P, "质量指标", "街道覆盖率", "=100%", "100%", "10", "10", ""]),
            ind([
                P,
                "时效指标",
                "活动按计划完成率",
                "≥95%",
                "95.2%",
                "5",
                "5",
                "",
            ]),
            ind([
                X,
                "社会效益指标",
                "市民阅读参与度",
                "提高",
                "提高",
                "30",
                "28",
                "线下活动参与人数未达预期",
            ]),
            ind([S, SAT, "参与市民满意度", "≥90%", "91.7%", "10", "10", ""]),
        ],
        total_weight: "100",
        total_score: "96.08",
    }
}

fn water_monitoring() -> Spec {
    Spec {
        year: 2023,
        project: "地表水水质自动监测运维",
        department: "上海市嘉定区生态环境局",
        unit: "上海市嘉定区环境监测站",
        funds: [
            [Some("1260000"), Some("1260000"), Some("1198700")],
            [Some("1260000"), Some("1260000"), Some("1198700")],
            [Some("0"), Some("0"), Some("0")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        rate: "0.9513",
        funds_score: "9.51",
        expected: "保障12个地表水自动监测站稳定运行，数据有效率不低于90%，按时报送监测数据。",
        achieved: "12个自动站全年稳定运行，数据有效率93.6%，监测数据按时报送率100%。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "运维自动监测站数量",
                "=12个",
                "12个",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "质量指标",
                "监测数据有效率",
                "≥90%",
                "93.6%",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "时效指标",
                "数据按时报送率",
                "=100%",
                "100%",
                "10",
                "10",
                "",
            ]),
            ind([
                X,
                "生态效益指标",
                "水质异常预警响应",
                "及时",
                "及时",
                "20",
                "20",
                "",
            ]),
            ind([
                X,
                "可持续影响指标",
                "监测设备完好率",
                "≥95%",
                "94%",
                "10",
                "9.89",
                "2台设备老化故障，已申请更新",
            ]),
            ind([S, SAT, "管理部门满意度", "≥90%", "96%", "10", "10", ""]),
        ],
        total_weight: "100",
        total_score: "99.4",
    }
}

fn air_monitoring() -> Spec {
    Spec {
        year: 2023,
        project: "环境空气质量监测能力建设",
        department: "上海市嘉定区生态环境局",
        unit: "上海市嘉定区环境监测站",
        funds: [
            [Some("860000"), Some("860000"), Some("860000")],
            [Some("500000"), Some("500000"), Some("500000")],
            [Some("360000"), Some("360000"), Some("360000")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        rate: "1",
        funds_score: "10",
        expected: "新建2个空气质量微型监测站，完成监测仪器检定校准，提升大气污染溯源能力。",
        achieved: "新建微型站2个，完成仪器检定校准36台次，形成溯源分析报告12份。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "新建微型监测站",
                "=2个",
                "2个",
                "15",
                "15",
                "",
            ]),
            ind([
                P,
                "数量指标",
                "仪器检定校准台次",
                "≥30台次",
                "36台次",
                "15",
                "15",
                "",
            ]),
            ind([
                P,
                "质量指标",
                "检定校准合格率",
                "=100%",
                "100%",
                "10",
                "10",
                "",
            ]),
            ind([
                P,
                "时效指标",
                "微型站建成时间",
                "2023年9月底前",
                "2023年9月",
                "10",
                "10",
                "",
            ]),
            ind([
                X,
                "生态效益指标",
                "大气污染溯源能力",
                "提升",
                "提升",
                "20",
                "18",
                "溯源模型仍需积累数据",
            ]),
            ind([
                X,
                "社会效益指标",
                "空气质量信息公开",
                "及时公开",
                "及时公开",
                "10",
                "10",
                "",
            ]),
            ind([S, SAT, "周边居民满意度", "≥85%", "90%", "10", "10", ""]),
        ],
        total_weight: "100",
        total_score: "98",
    }
}

/// A form with planted mistakes: a wrong total, a wrong execution rate, points deducted
/// without a reason, a missing score.
fn street_cleaning() -> Spec {
    Spec {
        year: 2023,
        project: "市容环境综合整治经费",
        department: "上海市宝山区绿化和市容管理局",
        unit: "上海市宝山区市容环境卫生管理所",
        funds: [
            [Some("3000000"), Some("3000000"), Some("2700000")],
            [Some("3000000"), Some("3000000"), Some("2700000")],
            [Some("0"), Some("0"), Some("0")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        // Written 98%; 2,700,000 ÷ 3,000,000 is 90%.
        rate: "0.98",
        funds_score: "9",
        expected: "完成重点区域市容环境整治，道路保洁达标率不低于95%。",
        achieved: "完成整治点位126处，道路保洁达标率96%。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "整治点位数量",
                "≥120处",
                "126处",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "质量指标",
                "道路保洁达标率",
                "≥95%",
                "96%",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "时效指标",
                "整治任务按期完成率",
                "≥95%",
                "90%",
                "10",
                "8",
                "",
            ]),
            ind([
                X,
                "社会效益指标",
                "市容环境投诉办结率",
                "=100%",
                "100%",
                "30",
                "",
                "",
            ]),
            ind([S, SAT, "市民满意度", "≥85%", "88%", "10", "10", ""]),
        ],
        total_weight: "100",
        // The scores add up to 67; the form says 95.
        total_score: "95",
    }
}

/// A form with planted mistakes: a score above its weight, weights adding up to 95, more
/// executed than budgeted.
fn greening() -> Spec {
    Spec {
        year: 2023,
        project: "公园绿地养护经费",
        department: "上海市宝山区绿化和市容管理局",
        unit: "上海市宝山区市容环境卫生管理所",
        funds: [
            [Some("1500000"), Some("1500000"), Some("1560000")],
            [Some("1500000"), Some("1500000"), Some("1560000")],
            [Some("0"), Some("0"), Some("0")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        rate: "1.04",
        funds_score: "10",
        expected: "完成38处公园绿地日常养护，绿地完好率不低于95%。",
        achieved: "完成38处公园绿地养护，绿地完好率97%。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "养护公园绿地数量",
                "=38处",
                "38处",
                "20",
                "22",
                "",
            ]),
            ind([P, "质量指标", "绿地完好率", "≥95%", "97%", "25", "25", ""]),
            ind([
                X,
                "生态效益指标",
                "绿化覆盖率",
                "≥40%",
                "41%",
                "30",
                "30",
                "",
            ]),
            ind([S, SAT, "游客满意度", "≥85%", "90%", "10", "10", ""]),
        ],
        total_weight: "100",
        total_score: "97",
    }
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let f = formats();

    // 1. The official layout from A1, real merges, formulas, percent-formatted fractions.
    let file = "浦东新区建交委/公路管理署-城市道路养护-自评表.xlsx";
    let spec = road_maintenance();
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet().set_name("绩效自评表")?;
    set_widths(ws, 0)?;
    write_form(ws, &spec, OFFICIAL, &f)?;
    save(&mut wb, file)?;
    let one = expected(&spec, file, "绩效自评表", 1);
    write_expected("pudong-roads-2023.json", vec![one.clone()])?;
    // The same workbook converted to .xls by LibreOffice (examples/make-converted.sh).
    let mut xls = one;
    xls["source"]["file"] =
        json!("浦东新区建交委/公路管理署-城市道路养护-自评表（97-2003格式）.xls");
    write_expected("pudong-roads-2023-xls.json", vec![xls])?;

    // 2. At an offset (B3) under 附件2 and a title, numbers typed as text, 万元, label variants.
    let file = "徐汇区民政局/社区养老服务补贴（盖章版）.xlsx";
    let spec = elderly_care();
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet();
    ws.write(0, 0, "附件2")?;
    let style = Style {
        origin: (2, 1),
        wan: true,
        numbers_as_text: true,
        formulas: false,
        percent_numbers: false,
        variant_labels: true,
    };
    set_widths(ws, 1)?;
    write_form(ws, &spec, style, &f)?;
    save(&mut wb, file)?;
    write_expected(
        "xuhui-elderly-2023.json",
        vec![expected_in(&spec, file, "Sheet1", 3, style)],
    )?;

    // 3. Two forms stacked in one sheet.
    let file = "静安区文旅局/图书馆-2023年度项目自评表汇总.xlsx";
    let (a, b) = (library_opening(), reading_campaign());
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet().set_name("2023自评")?;
    set_widths(ws, 0)?;
    let next = write_form(ws, &a, OFFICIAL, &f)?;
    let second = next + 2;
    write_form(
        ws,
        &b,
        Style {
            origin: (second, 0),
            ..OFFICIAL
        },
        &f,
    )?;
    save(&mut wb, file)?;
    let forms = vec![
        expected(&a, file, "2023自评", 1),
        expected(&b, file, "2023自评", second + 1),
    ];
    write_expected("jingan-library-2023.json", forms.clone())?;
    let ods_file = "静安区文旅局/图书馆-2023年度项目自评表汇总（WPS另存）.ods";
    let ods: Vec<Value> = forms
        .into_iter()
        .map(|mut v| {
            v["source"]["file"] = json!(ods_file);
            v
        })
        .collect();
    write_expected("jingan-library-2023-ods.json", ods)?;

    // 4. One form per sheet, after a notes sheet.
    let file = "嘉定区生态环境局/环境监测站自评表.xlsx";
    let (w, air) = (water_monitoring(), air_monitoring());
    let mut wb = new_workbook()?;
    let notes = wb.add_worksheet().set_name("填报说明")?;
    for (i, line) in [
        "填报说明",
        "1. 项目名称：填写预算批复的项目全称。",
        "2. 主管部门：填写一级预算单位名称；实施单位：填写项目具体实施单位。",
        "3. 年度指标值按预算批复的绩效目标填写，实际完成值据实填写。",
        "4. 未完成目标的指标须在“偏差原因分析及改进措施”中说明。",
    ]
    .iter()
    .enumerate()
    {
        notes.write(i as u32, 0, *line)?;
    }
    for (name, spec) in [("水质监测", &w), ("大气监测", &air)] {
        let ws = wb.add_worksheet().set_name(name)?;
        set_widths(ws, 0)?;
        write_form(ws, spec, OFFICIAL, &f)?;
    }
    save(&mut wb, file)?;
    write_expected(
        "jiading-monitoring-2023.json",
        vec![
            expected(&w, file, "水质监测", 1),
            expected(&air, file, "大气监测", 1),
        ],
    )?;

    // 5. Forms with planted mistakes, one per sheet, values typed in (no formulas).
    let file = "宝山区绿化和市容管理局/市容环境整治-自评表（有误）.xlsx";
    let (a, b) = (street_cleaning(), greening());
    let typed = Style {
        formulas: false,
        ..OFFICIAL
    };
    let mut wb = new_workbook()?;
    for (name, spec) in [("市容整治", &a), ("绿地养护", &b)] {
        let ws = wb.add_worksheet().set_name(name)?;
        set_widths(ws, 0)?;
        write_form(ws, spec, typed, &f)?;
    }
    save(&mut wb, file)?;
    write_expected(
        "baoshan-mistakes-2023.json",
        vec![
            expected(&a, file, "市容整治", 1),
            expected(&b, file, "绿地养护", 1),
        ],
    )?;

    // 6. A workbook with no form: the contacts list that came with the submissions.
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet().set_name("联系人")?;
    for (i, row) in [
        ["单位", "联系人", "电话"],
        ["上海市静安区图书馆", "陈静", "021-6228 0000"],
        ["上海市嘉定区环境监测站", "周洋", "021-5999 0000"],
    ]
    .iter()
    .enumerate()
    {
        for (j, cell) in row.iter().enumerate() {
            ws.write(i as u32, j as u16, *cell)?;
        }
    }
    save(&mut wb, "其他材料/报送单位联系人.xlsx")?;

    // 7. A unit that sent only a PDF: its workbook is written aside (not a sample) and
    // printed by LibreOffice into samples/ (examples/make-converted.sh), as WPS or Excel
    // "导出为PDF" would; its expected JSON is the spec, read from the PDF's pages.
    let pdf = "普陀区市场监督管理局/食品安全抽检监测经费-自评表（导出PDF）.pdf";
    let spec = food_safety();
    let mut wb = new_workbook()?;
    let ws = wb.add_worksheet().set_name("自评表")?;
    set_widths(ws, 0)?;
    write_form(ws, &spec, OFFICIAL, &f)?;
    let aside = Path::new("tests/fixtures/pdf-source/食品安全抽检监测经费-自评表.xlsx");
    if let Some(dir) = aside.parent() {
        std::fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    }
    wb.save(aside)?;
    let mut from_pdf = expected(&spec, pdf, "自评表", 1);
    from_pdf["source"]["sheet"] = Value::Null;
    write_expected("putuo-food-2023-pdf.json", vec![from_pdf])?;
    Ok(())
}

fn food_safety() -> Spec {
    Spec {
        year: 2023,
        project: "食品安全抽检监测经费",
        department: "上海市普陀区市场监督管理局",
        unit: "上海市普陀区食品药品检验所",
        funds: [
            [Some("3200000"), Some("3350000"), Some("3216480.3")],
            [Some("3000000"), Some("3150000"), Some("3016480.3")],
            [Some("200000"), Some("200000"), Some("200000")],
            [Some("0"), Some("0"), Some("0")],
        ],
        funds_weight: "10",
        rate: "0.9601",
        funds_score: "9.6",
        expected: "完成食品安全监督抽检4800批次，覆盖辖区内生产、流通、餐饮各环节，不合格食品核查处置率100%。",
        achieved: "全年完成抽检4862批次，发现不合格样品57批次，全部完成核查处置并向社会公布。",
        indicators: vec![
            ind([
                P,
                "数量指标",
                "食品安全抽检批次",
                "≥4800批次",
                "4862批次",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "质量指标",
                "不合格食品核查处置率",
                "=100%",
                "100%",
                "20",
                "20",
                "",
            ]),
            ind([
                P,
                "时效指标",
                "抽检结果公布及时率",
                "≥95%",
                "93%",
                "10",
                "9.2",
                "两批次复检延后，已调整公布流程",
            ]),
            ind([
                X,
                "社会效益指标",
                "辖区食品安全事故",
                "=0起",
                "0起",
                "20",
                "20",
                "",
            ]),
            ind([S, SAT, "群众食品安全满意度", "≥85%", "89%", "20", "20", ""]),
        ],
        total_weight: "100",
        total_score: "98.8",
    }
}

fn save(wb: &mut Workbook, file: &str) -> Result<()> {
    let path = Path::new("samples").join(file);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    }
    wb.save(path)
}
