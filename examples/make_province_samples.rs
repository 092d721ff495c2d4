//! Writes the sample workbooks of the provincial layouts (`../shared/docs/layouts.md`) into
//! `samples/` and their expected extraction into `tests/expected/`.
//!
//! Each layout is rendered the way units in that province fill it — 四川's 11 columns with
//! the target split over 指标性质/指标值/度量单位, 湖北's 20-point budget line and goal blocks
//! without per-row 分值, 安徽's (A)/(B) letters, budget codes, `指标N：` numbering and empty
//! template rows, the 衔接资金 form with 分值 before the target, a county's unscored 目标自评表,
//! and a layout no document describes (the same words, columns in another order, a column
//! nobody knows) — with amounts in 万元 to four decimals, several units, a stacked sheet and
//! a workbook with one form per sheet. The content is our own. The expected JSON is written
//! from the same values, so the test that compares the two checks every reading rule.
//!
//! Run: `cargo run --example make_province_samples`.

use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde_json::{Value, json};

type Result<T> = std::result::Result<T, XlsxError>;

/// Writes cells with one border style, text and numbers apart.
struct W<'a> {
    ws: &'a mut Worksheet,
    cell: Format,
    title: Format,
    percent: Format,
}

impl<'a> W<'a> {
    fn new(ws: &'a mut Worksheet) -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        W {
            ws,
            percent: cell.clone().set_num_format("0.00%"),
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            cell,
        }
    }

    /// Text at (r, c).
    fn t(&mut self, r: u32, c: u16, text: &str) -> Result<()> {
        if text.is_empty() {
            self.ws.write_blank(r, c, &self.cell)?;
        } else {
            self.ws.write_string_with_format(r, c, text, &self.cell)?;
        }
        Ok(())
    }

    /// A number written as a number (empty: a blank cell; `/`, `-`: text).
    fn n(&mut self, r: u32, c: u16, value: &str) -> Result<()> {
        match value.parse::<f64>() {
            Ok(v) => self.ws.write_number_with_format(r, c, v, &self.cell)?,
            Err(_) => return self.t(r, c, value),
        };
        Ok(())
    }

    /// A fraction shown as a percentage.
    fn pct(&mut self, r: u32, c: u16, fraction: &str) -> Result<()> {
        match fraction.parse::<f64>() {
            Ok(v) => self.ws.write_number_with_format(r, c, v, &self.percent)?,
            Err(_) => return self.t(r, c, fraction),
        };
        Ok(())
    }

    /// Text over a merged range (a single cell where the range is one cell).
    fn m(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, text: &str) -> Result<()> {
        if (r1, c1) == (r2, c2) {
            return self.t(r1, c1, text);
        }
        self.ws.merge_range(r1, c1, r2, c2, text, &self.cell)?;
        Ok(())
    }

    fn title(&mut self, r: u32, c1: u16, c2: u16, text: &str) -> Result<()> {
        self.ws.merge_range(r, c1, r, c2, text, &self.title)?;
        Ok(())
    }
}

/// 万元 as written → 元 as the interchange format writes it.
fn yuan(wan: &str) -> Value {
    match wan.parse::<Decimal>() {
        Ok(d) => json!((d * Decimal::from(10_000)).normalize().to_string()),
        Err(_) => Value::Null,
    }
}

/// A number as the interchange format writes it, `null` for a blank or a mark.
fn dec(s: &str) -> Value {
    match s.parse::<Decimal>() {
        Ok(d) => json!(d.normalize().to_string()),
        Err(_) => Value::Null,
    }
}

fn amounts(row: Option<&[&str; 3]>) -> Value {
    match row {
        Some([i, a, e]) => json!({"initial": yuan(i), "adjusted": yuan(a), "executed": yuan(e)}),
        None => json!({"initial": null, "adjusted": null, "executed": null}),
    }
}

/// One funds row as printed: label, 年初, 调整后/全年预算, 执行, rate (a fraction), weight,
/// score, remark.
struct FundsRow {
    label: &'static str,
    amounts: [&'static str; 3],
    rate: &'static str,
    weight: &'static str,
    score: &'static str,
    remark: &'static str,
}

const fn fr(
    label: &'static str,
    amounts: [&'static str; 3],
    rate: &'static str,
    weight: &'static str,
    score: &'static str,
) -> FundsRow {
    FundsRow {
        label,
        amounts,
        rate,
        weight,
        score,
        remark: "",
    }
}

/// Where a funds row goes among the four the interchange format names.
fn canonical(label: &str) -> Option<&'static str> {
    let key: String = label
        .trim_start_matches("其中")
        .trim_start_matches(['：', ':'])
        .trim_end_matches(['：', ':'])
        .to_owned();
    match key.as_str() {
        "年度资金总额" | "总额" | "年度财政资金总额" | "资金总额" => {
            Some("total")
        }
        "本年财政拨款" | "当年财政拨款" | "本年一般公共预算拨款" => {
            Some("current_year_appropriation")
        }
        "上年结转资金" => Some("carryover"),
        "其他资金" => Some("other"),
        _ => None,
    }
}

fn funds_json(rows: &[FundsRow], weight_from_label: Option<&str>) -> Value {
    let find = |name: &str| rows.iter().find(|r| canonical(r.label) == Some(name));
    let total = find("total");
    json!({
        "total": amounts(total.map(|r| &r.amounts)),
        "current_year_appropriation": amounts(find("current_year_appropriation").map(|r| &r.amounts)),
        "carryover": amounts(find("carryover").map(|r| &r.amounts)),
        "other": amounts(find("other").map(|r| &r.amounts)),
        "weight": total.map(|r| dec(r.weight)).filter(|v| !v.is_null()).or(weight_from_label.map(dec)).unwrap_or(Value::Null),
        "execution_rate": total.map(|r| dec(r.rate)).unwrap_or(Value::Null),
        "score": total.map(|r| dec(r.score)).unwrap_or(Value::Null),
        "rows": rows.iter().map(|r| json!({
            "label": r.label,
            "amounts": amounts(Some(&r.amounts)),
            "execution_rate": dec(r.rate),
            "weight": dec(r.weight),
            "score": dec(r.score),
            "remark": r.remark,
        })).collect::<Vec<_>>(),
    })
}

/// One indicator row. `nature` and `unit` are 四川's split target (empty elsewhere); `target`
/// is the target as the form writes it (the value alone where it is split).
#[derive(Clone)]
struct Ind {
    l1: &'static str,
    l2: &'static str,
    l3: &'static str,
    nature: &'static str,
    target: &'static str,
    unit: &'static str,
    actual: &'static str,
    weight: &'static str,
    score: &'static str,
    remark: &'static str,
}

/// An indicator row: 一级, 二级, 三级, target, actual, weight, score, remark.
const fn ind(row: [&'static str; 8]) -> Ind {
    let [l1, l2, l3, target, actual, weight, score, remark] = row;
    Ind {
        l1,
        l2,
        l3,
        nature: "",
        target,
        unit: "",
        actual,
        weight,
        score,
        remark,
    }
}

/// 四川's split target: 指标性质, 指标值, 度量单位.
/// 一级, 二级, 三级, 指标性质, 指标值, 度量单位, actual, weight, score, remark.
const fn split(row: [&'static str; 10]) -> Ind {
    let [
        l1,
        l2,
        l3,
        nature,
        target,
        unit,
        actual,
        weight,
        score,
        remark,
    ] = row;
    Ind {
        l1,
        l2,
        l3,
        nature,
        target,
        unit,
        actual,
        weight,
        score,
        remark,
    }
}

impl Ind {
    /// The target as one text: the three parts joined; a qualitative one is its value.
    fn joined_target(&self) -> String {
        if self.nature == "定性" || self.nature.is_empty() && self.unit.is_empty() {
            self.target.to_owned()
        } else {
            format!("{}{}{}", self.nature, self.target, self.unit)
        }
    }

    /// The level-3 name without the template's numbering.
    fn name(&self) -> &'static str {
        match self.l3.split_once(['：', ':']) {
            Some((n, rest))
                if n.starts_with("指标") && n[6..].chars().all(|c| c.is_ascii_digit()) =>
            {
                rest
            }
            _ => self.l3,
        }
    }

    fn json(&self, l1: &str, extra: &[(&str, &str)]) -> Value {
        json!({
            "level1": l1, "level2": self.l2, "level3": self.name(), "target": self.joined_target(),
            "actual": self.actual, "weight": dec(self.weight), "score": dec(self.score), "remark": self.remark,
            "extra": extra.iter().map(|(h, v)| json!({"header": h, "value": v})).collect::<Vec<_>>(),
        })
    }
}

/// Writes the indicator rows from `r`, level 1 in column `c1`, level 2 in `c2` (both merged
/// over their groups), the rest at `cols` (level 3, target parts…). Returns the row after.
fn merged_levels(
    w: &mut W,
    r: u32,
    c1: u16,
    c2: u16,
    rows: &[Ind],
    l1_label: &dyn Fn(&str) -> String,
) -> Result<()> {
    let mut i = 0;
    while i < rows.len() {
        let j = (i..rows.len())
            .take_while(|&k| rows[k].l1 == rows[i].l1)
            .last()
            .unwrap_or(i);
        w.m(r + i as u32, c1, r + j as u32, c1, &l1_label(rows[i].l1))?;
        let mut k = i;
        while k <= j {
            let l = (k..=j)
                .take_while(|&m| rows[m].l2 == rows[k].l2)
                .last()
                .unwrap_or(k);
            w.m(r + k as u32, c2, r + l as u32, c2, rows[k].l2)?;
            k = l + 1;
        }
        i = j + 1;
    }
    Ok(())
}

fn source(file: &str, sheet: &str, row: u32) -> Value {
    json!({"file": file, "sheet": sheet, "row": row, "amount_unit": "万元"})
}

fn codes(project: Option<&str>, department: Option<&str>, unit: Option<&str>) -> Value {
    json!({"project": project, "department": department, "implementing_unit": unit})
}

fn group(kind: &str, label: &str, name: &str, weight: &str, first: usize, count: usize) -> Value {
    json!({"kind": kind, "label": label, "name": name, "weight": dec(weight), "first": first, "count": count})
}

fn sections(list: &[(&str, &str)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect(),
    )
}

// ---- 四川 部门预算项目支出绩效自评表 ----

struct Sichuan {
    year: i32,
    project_code: &'static str,
    project: &'static str,
    department: &'static str,
    unit: &'static str,
    expected: &'static str,
    achieved: &'static str,
    process: &'static str,
    funds: Vec<FundsRow>,
    indicators: Vec<Ind>,
    total_score: &'static str,
    conclusion: &'static str,
    problems: &'static str,
    measures: &'static str,
    leader: &'static str,
    finance: &'static str,
}

/// Writes a 四川 form from row `r0`; returns the row after it and its expected extraction.
fn sichuan(
    ws: &mut Worksheet,
    r0: u32,
    s: &Sichuan,
    file: &str,
    sheet: &str,
) -> Result<(u32, Value)> {
    let mut w = W::new(ws);
    w.t(r0, 10, "报表编号：510000_0013zp")?;
    w.title(
        r0 + 1,
        0,
        10,
        &format!("部门预算项目支出绩效自评表（{}年度）", s.year),
    )?;
    let r = r0 + 2;
    w.t(r, 0, "项目名称")?;
    w.m(r, 1, r, 10, &format!("{}-{}", s.project_code, s.project))?;
    w.t(r + 1, 0, "主管部门")?;
    w.m(r + 1, 1, r + 1, 4, s.department)?;
    w.m(r + 1, 5, r + 1, 6, "实施单位（盖章）")?;
    w.m(r + 1, 7, r + 1, 10, s.unit)?;
    let g = r + 2;
    w.m(g, 0, g + 3, 0, "项目基本情况")?;
    w.m(g, 1, g, 10, "1.项目年度目标完成情况")?;
    w.m(g + 1, 1, g + 1, 5, "项目年度目标")?;
    w.m(g + 1, 6, g + 1, 10, "年度目标完成情况")?;
    w.m(g + 2, 1, g + 2, 5, s.expected)?;
    w.m(g + 2, 6, g + 2, 10, s.achieved)?;
    w.t(g + 3, 1, "2.项目实施内容及过程概述")?;
    w.m(g + 3, 2, g + 3, 10, s.process)?;
    let f = g + 4;
    w.m(f, 0, f + s.funds.len() as u32, 0, "预算执行情况（10分）")?;
    for (c, h) in [
        "年度预算数（万元）",
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        w.t(f, 1 + c as u16, h)?;
    }
    w.m(f, 8, f, 10, "原因")?;
    for (i, row) in s.funds.iter().enumerate() {
        let rr = f + 1 + i as u32;
        w.t(rr, 1, row.label)?;
        for (k, a) in row.amounts.iter().enumerate() {
            w.n(rr, 2 + k as u16, a)?;
        }
        w.pct(rr, 5, row.rate)?;
        w.n(rr, 6, row.weight)?;
        w.n(rr, 7, row.score)?;
        w.m(rr, 8, rr, 10, row.remark)?;
    }
    let h = f + 1 + s.funds.len() as u32;
    let n = s.indicators.len() as u32;
    w.m(h, 0, h + n, 0, "绩效指标（90分）")?;
    for (c, head) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ]
    .iter()
    .enumerate()
    {
        w.t(h, 1 + c as u16, head)?;
    }
    merged_levels(&mut w, h + 1, 1, 2, &s.indicators, &|l1| l1.to_owned())?;
    for (i, ind) in s.indicators.iter().enumerate() {
        let rr = h + 1 + i as u32;
        w.t(rr, 3, ind.l3)?;
        w.t(rr, 4, ind.nature)?;
        w.n(rr, 5, ind.target)?;
        w.t(rr, 6, ind.unit)?;
        w.t(rr, 7, ind.actual)?;
        w.n(rr, 8, ind.weight)?;
        w.n(rr, 9, ind.score)?;
        w.t(rr, 10, ind.remark)?;
    }
    let t = h + 1 + n;
    w.m(t, 0, t, 7, "合计")?;
    w.n(t, 8, "100")?;
    w.n(t, 9, s.total_score)?;
    w.t(t, 10, "")?;
    w.t(t + 1, 0, "评价结论")?;
    w.m(t + 1, 1, t + 1, 10, s.conclusion)?;
    w.t(t + 2, 0, "存在问题")?;
    w.m(t + 2, 1, t + 2, 10, s.problems)?;
    w.t(t + 3, 0, "改进措施")?;
    w.m(t + 3, 1, t + 3, 10, s.measures)?;
    w.m(
        t + 4,
        0,
        t + 4,
        10,
        &format!("项目负责人：{}    财务负责人：{}", s.leader, s.finance),
    )?;
    let expected = json!({
        "source": source(file, sheet, r0 + 1),
        "layout": "sichuan",
        "year": s.year,
        "project_name": s.project,
        "department": s.department,
        "implementing_unit": s.unit,
        "codes": codes(Some(s.project_code), None, None),
        "funds": funds_json(&s.funds, None),
        "goal": {"expected": s.expected, "achieved": s.achieved},
        "indicators": s.indicators.iter().map(|i| i.json(i.l1, &[])).collect::<Vec<_>>(),
        "groups": [group("block", "绩效指标（90分）", "绩效指标", "90", 0, s.indicators.len())],
        "total": {"weight": "100", "score": dec(s.total_score)},
        "sections": sections(&[
            ("报表编号", "510000_0013zp"),
            ("项目实施内容及过程概述", s.process),
            ("评价结论", s.conclusion),
            ("存在问题", s.problems),
            ("改进措施", s.measures),
            ("项目负责人", s.leader),
            ("财务负责人", s.finance),
        ]),
    });
    Ok((t + 5, expected))
}

const P: &str = "产出指标";
const X: &str = "效益指标";
const S: &str = "满意度指标";
const SAT: &str = "服务对象满意度指标";

fn sichuan_extension() -> Sichuan {
    Sichuan {
        year: 2023,
        project_code: "51000023R000000012345",
        project: "基层农技推广体系改革与建设补助",
        department: "四川省农业农村厅",
        unit: "四川省农业技术推广总站",
        expected: "完成全省农业主推技术示范推广，建设农业科技示范展示基地120个，培育农业科技示范主体2400个。",
        achieved: "建成示范展示基地126个，培育示范主体2455个，主推技术到位率96.8%。",
        process: "项目于2023年3月启动，按计划完成基地遴选、主体培育和技术培训，年底完成验收。",
        funds: vec![
            FundsRow {
                remark: "部分培训结余资金已按规定收回",
                ..fr(
                    "总额",
                    ["120", "118.3456", "115.2087"],
                    "0.97349",
                    "10",
                    "9.73",
                )
            },
            fr(
                "其中：财政资金",
                ["100", "98.3456", "96.2087"],
                "",
                "/",
                "/",
            ),
            fr("财政专户管理资金", ["0", "0", "0"], "", "/", "/"),
            fr("单位资金", ["20", "20", "19"], "", "/", "/"),
            fr("其他资金", ["0", "0", "0"], "", "/", "/"),
        ],
        indicators: vec![
            split([
                P,
                "数量指标",
                "示范展示基地数量",
                "≥",
                "120",
                "个",
                "126个",
                "15",
                "15",
                "",
            ]),
            split([
                P,
                "数量指标",
                "培育农业科技示范主体",
                "≥",
                "2400",
                "个",
                "2455个",
                "15",
                "15",
                "",
            ]),
            split([
                P,
                "质量指标",
                "主推技术到位率",
                "≥",
                "95",
                "%",
                "96.8%",
                "15",
                "15",
                "",
            ]),
            split([
                P,
                "时效指标",
                "项目完成及时性",
                "定性",
                "按期完成",
                "",
                "按期完成",
                "10",
                "10",
                "",
            ]),
            split([
                "成本指标",
                "经济成本指标",
                "培训人均成本",
                "≤",
                "800",
                "元",
                "812元",
                "5",
                "4.5",
                "物价上涨，人均成本略超",
            ]),
            split([
                X,
                "社会效益指标",
                "农民技术水平提升",
                "定性",
                "明显提升",
                "",
                "明显提升",
                "10",
                "9",
                "部分偏远地区培训覆盖不足",
            ]),
            split([
                X,
                "可持续影响指标",
                "农技推广机制运行",
                "定性",
                "长效运行",
                "",
                "长效运行",
                "10",
                "10",
                "",
            ]),
            split([
                S,
                SAT,
                "服务对象满意度",
                "≥",
                "90",
                "%",
                "93.5%",
                "10",
                "10",
                "",
            ]),
        ],
        total_score: "98.23",
        conclusion: "项目完成情况良好，自评等级为优。",
        problems: "个别地区示范主体带动作用不够明显。",
        measures: "加强示范主体跟踪指导，完善考核激励。",
        leader: "陈晓东",
        finance: "王丽",
    }
}

fn sichuan_seed() -> Sichuan {
    Sichuan {
        year: 2023,
        project_code: "51000023R000000012388",
        project: "农作物种业提升工程",
        department: "四川省农业农村厅",
        unit: "四川省种子站",
        expected: "完成主要农作物品种区域试验30组，建设良种繁育基地5个。",
        achieved: "完成区域试验31组，建成繁育基地5个。",
        process: "按年度计划开展区试和基地建设，11月完成全部任务。",
        funds: vec![
            fr("总额", ["86.5", "86.5", "84.0312"], "0.97146", "10", "9.71"),
            fr("其中：财政资金", ["86.5", "86.5", "84.0312"], "", "/", "/"),
            fr("财政专户管理资金", ["0", "0", "0"], "", "/", "/"),
            fr("单位资金", ["0", "0", "0"], "", "/", "/"),
            fr("其他资金", ["0", "0", "0"], "", "/", "/"),
        ],
        indicators: vec![
            split([
                P,
                "数量指标",
                "区域试验组数",
                "≥",
                "30",
                "组",
                "31组",
                "20",
                "20",
                "",
            ]),
            split([
                P,
                "数量指标",
                "良种繁育基地",
                "=",
                "5",
                "个",
                "5个",
                "15",
                "15",
                "",
            ]),
            split([
                P,
                "质量指标",
                "试验数据合格率",
                "=",
                "100",
                "%",
                "100%",
                "15",
                "15",
                "",
            ]),
            split([
                P,
                "时效指标",
                "任务完成时间",
                "定性",
                "2023年12月前",
                "",
                "2023年11月完成",
                "10",
                "10",
                "",
            ]),
            split([
                X,
                "经济效益指标",
                "新品种推广面积",
                "≥",
                "50",
                "万亩",
                "48万亩",
                "10",
                "9.6",
                "受干旱影响推广面积略减",
            ]),
            split([
                X,
                "社会效益指标",
                "种业安全保障能力",
                "定性",
                "提升",
                "",
                "提升",
                "10",
                "10",
                "",
            ]),
            split([
                S,
                SAT,
                "种植户满意度",
                "≥",
                "85",
                "%",
                "90%",
                "10",
                "10",
                "",
            ]),
        ],
        total_score: "99.31",
        conclusion: "项目总体完成较好，自评等级为优。",
        problems: "推广面积受气候影响未达目标。",
        measures: "加强抗旱品种筛选与推广。",
        leader: "刘洋",
        finance: "周敏",
    }
}

// ---- 湖北 项目绩效自评表 ----

struct Hubei {
    year: i32,
    project: &'static str,
    department: &'static str,
    unit_name: &'static str,
    date: &'static str,
    kind: [&'static str; 2],
    budget: [&'static str; 2],
    rate: &'static str,
    score: &'static str,
    blocks: Vec<(&'static str, &'static str, Vec<Ind>)>,
    total_score: &'static str,
    deviation: &'static str,
    improvement: &'static str,
}

fn hubei(ws: &mut Worksheet, r0: u32, s: &Hubei, file: &str, sheet: &str) -> Result<(u32, Value)> {
    let mut w = W::new(ws);
    w.title(r0, 0, 5, &format!("{}年度{}绩效自评表", s.year, s.project))?;
    w.m(r0 + 1, 0, r0 + 1, 2, &format!("单位名称：{}", s.unit_name))?;
    w.m(r0 + 1, 3, r0 + 1, 5, &format!("填报日期：{}", s.date))?;
    let r = r0 + 2;
    w.t(r, 0, "项目名称")?;
    w.m(r, 1, r, 2, s.project)?;
    w.t(r, 3, "主管部门")?;
    w.m(r, 4, r, 5, s.department)?;
    w.t(r + 1, 0, "项目实施单位")?;
    w.m(r + 1, 1, r + 1, 5, "本单位")?;
    w.t(r + 2, 0, "项目类别")?;
    w.m(r + 2, 1, r + 2, 5, s.kind[0])?;
    w.t(r + 3, 0, "项目属性")?;
    w.m(r + 3, 1, r + 3, 5, s.kind[1])?;
    let f = r + 4;
    w.m(f, 0, f + 1, 0, "预算执行情况（万元）（20分）")?;
    for (c, h) in [
        "预算数（A）",
        "执行数（B）",
        "执行率（B/A）",
        "得分（20分*执行率）",
    ]
    .iter()
    .enumerate()
    {
        w.t(f, 2 + c as u16, h)?;
    }
    w.t(f, 1, "")?;
    w.t(f + 1, 1, "年度财政资金总额")?;
    w.n(f + 1, 2, s.budget[0])?;
    w.n(f + 1, 3, s.budget[1])?;
    w.pct(f + 1, 4, s.rate)?;
    w.n(f + 1, 5, s.score)?;
    let mut rr = f + 2;
    let mut indicators = Vec::new();
    let mut groups = Vec::new();
    for (label, points, rows) in &s.blocks {
        w.m(rr, 0, rr, 5, &format!("{label}（{points}分）"))?;
        for (c, h) in [
            "一级指标",
            "二级指标",
            "三级指标",
            "年初目标值（A）",
            "实际完成值（B）",
            "得分",
        ]
        .iter()
        .enumerate()
        {
            w.t(rr + 1, c as u16, h)?;
        }
        merged_levels(&mut w, rr + 2, 0, 1, rows, &|l1| l1.to_owned())?;
        for (i, ind) in rows.iter().enumerate() {
            let x = rr + 2 + i as u32;
            w.t(x, 2, ind.l3)?;
            w.t(x, 3, ind.target)?;
            w.t(x, 4, ind.actual)?;
            w.n(x, 5, ind.score)?;
        }
        groups.push(group(
            "block",
            &format!("{label}（{points}分）"),
            label,
            points,
            indicators.len(),
            rows.len(),
        ));
        indicators.extend(rows.iter().map(|i| i.json(i.l1, &[])));
        rr += 2 + rows.len() as u32;
    }
    w.m(rr, 0, rr, 4, "总分")?;
    w.n(rr, 5, s.total_score)?;
    w.t(rr + 1, 0, "偏差大或目标未完成原因分析")?;
    w.m(rr + 1, 1, rr + 1, 5, s.deviation)?;
    w.t(rr + 2, 0, "改进措施及结果应用方案")?;
    w.m(rr + 2, 1, rr + 2, 5, s.improvement)?;
    w.m(
        rr + 3,
        0,
        rr + 3,
        5,
        "备注：1.预算执行情况口径为财政资金；2.得分保留两位小数。",
    )?;
    let checked = |choices: &str| {
        choices
            .split(['□', '☑'])
            .zip(std::iter::once(' ').chain(choices.chars().filter(|c| *c == '□' || *c == '☑')))
            .filter(|(_, mark)| *mark == '☑')
            .map(|(item, _)| item.trim().to_owned())
            .collect::<Vec<_>>()
            .join("、")
    };
    let expected = json!({
        "source": source(file, sheet, r0 + 1),
        "layout": "hubei",
        "year": s.year,
        "project_name": s.project,
        "department": s.department,
        "implementing_unit": s.unit_name,
        "codes": codes(None, None, None),
        "funds": {
            "total": {"initial": null, "adjusted": yuan(s.budget[0]), "executed": yuan(s.budget[1])},
            "current_year_appropriation": amounts(None),
            "carryover": amounts(None),
            "other": amounts(None),
            "weight": "20",
            "execution_rate": dec(s.rate),
            "score": dec(s.score),
            "rows": [{
                "label": "年度财政资金总额",
                "amounts": {"initial": null, "adjusted": yuan(s.budget[0]), "executed": yuan(s.budget[1])},
                "execution_rate": dec(s.rate), "weight": null, "score": dec(s.score), "remark": "",
            }],
        },
        "goal": {"expected": "", "achieved": ""},
        "indicators": indicators,
        "groups": groups,
        "total": {"weight": null, "score": dec(s.total_score)},
        "sections": sections(&[
            ("单位名称", s.unit_name),
            ("填报日期", s.date),
            ("项目类别", &checked(s.kind[0])),
            ("项目属性", &checked(s.kind[1])),
            ("偏差大或目标未完成原因分析", s.deviation),
            ("改进措施及结果应用方案", s.improvement),
            ("备注", "1.预算执行情况口径为财政资金；2.得分保留两位小数。"),
        ]),
    });
    Ok((rr + 4, expected))
}

fn hubei_sewage() -> Hubei {
    Hubei {
        year: 2023,
        project: "乡镇污水处理设施运维",
        department: "咸宁市生态环境局",
        unit_name: "咸宁市生态环境局咸安区分局",
        date: "2024年3月10日",
        kind: ["☑新增项目 □延续项目", "□经常性项目 ☑一次性项目"],
        budget: ["560", "532.4875"],
        rate: "0.95087",
        score: "19.02",
        blocks: vec![
            (
                "年度绩效目标1",
                "40",
                vec![
                    ind([
                        P,
                        "数量指标",
                        "运维污水处理站数量",
                        "≥12座",
                        "12座",
                        "",
                        "14",
                        "",
                    ]),
                    ind([
                        P,
                        "质量指标",
                        "出水水质达标率",
                        "≥95%",
                        "96.2%",
                        "",
                        "14",
                        "",
                    ]),
                    ind([
                        X,
                        "生态效益指标",
                        "化学需氧量减排量",
                        "≥300吨",
                        "286吨",
                        "",
                        "10.5",
                        "",
                    ]),
                ],
            ),
            (
                "年度绩效目标2",
                "40",
                vec![
                    ind([
                        P,
                        "时效指标",
                        "故障处置响应时间",
                        "≤24小时",
                        "20小时",
                        "",
                        "15",
                        "",
                    ]),
                    ind([
                        X,
                        "社会效益指标",
                        "农村人居环境改善",
                        "明显改善",
                        "明显改善",
                        "",
                        "15",
                        "",
                    ]),
                    ind([S, SAT, "周边群众满意度", "≥85%", "88%", "", "9", ""]),
                ],
            ),
        ],
        total_score: "96.52",
        deviation: "部分站点进水浓度偏低，减排量未达目标。",
        improvement: "推进管网修复，提高进水浓度；结果纳入下年度预算安排。",
    }
}

fn hubei_cleanup() -> Hubei {
    Hubei {
        year: 2023,
        project: "长江岸线环境整治",
        department: "咸宁市生态环境局",
        unit_name: "咸宁市生态环境局嘉鱼县分局",
        date: "2024年3月12日",
        kind: ["□新增项目 ☑延续项目", "☑经常性项目 □一次性项目"],
        budget: ["310.5", "310.5"],
        rate: "1",
        score: "20",
        blocks: vec![
            (
                "年度绩效目标1",
                "40",
                vec![
                    ind([
                        P,
                        "数量指标",
                        "整治岸线长度",
                        "≥15公里",
                        "15.6公里",
                        "",
                        "20",
                        "",
                    ]),
                    ind([
                        P,
                        "质量指标",
                        "整治验收合格率",
                        "=100%",
                        "100%",
                        "",
                        "20",
                        "",
                    ]),
                ],
            ),
            (
                "年度绩效目标2",
                "40",
                vec![
                    ind([
                        X,
                        "生态效益指标",
                        "岸线植被恢复面积",
                        "≥200亩",
                        "210亩",
                        "",
                        "20",
                        "",
                    ]),
                    ind([S, SAT, "沿岸居民满意度", "≥90%", "92%", "", "20", ""]),
                ],
            ),
        ],
        total_score: "100",
        deviation: "无",
        improvement: "巩固整治成果，建立长效管护机制。",
    }
}

// ---- 安徽 and the (A)/(B) template ----

struct Anhui {
    year: i32,
    project: &'static str,
    department: (&'static str, &'static str),
    unit: (&'static str, &'static str),
    funds: Vec<FundsRow>,
    expected: &'static str,
    achieved: &'static str,
    /// (level 1 label as printed, its points, rows); placeholder rows are marked by an
    /// empty l3 name after the numbering, or `……`.
    groups: Vec<(&'static str, &'static str, Vec<Ind>)>,
    total_score: &'static str,
}

fn is_placeholder(ind: &Ind) -> bool {
    ind.name().is_empty() || ind.name() == "……"
}

fn anhui(ws: &mut Worksheet, r0: u32, s: &Anhui, file: &str, sheet: &str) -> Result<(u32, Value)> {
    let mut w = W::new(ws);
    w.t(r0, 0, "附件：")?;
    w.title(r0 + 1, 0, 8, "项目支出绩效自评表")?;
    w.m(r0 + 2, 0, r0 + 2, 8, &format!("（{}年度）", s.year))?;
    let r = r0 + 3;
    w.t(r, 0, "项目名称")?;
    w.m(r, 1, r, 8, s.project)?;
    w.t(r + 1, 0, "主管部门")?;
    w.m(
        r + 1,
        1,
        r + 1,
        3,
        &format!("{}-{}", s.department.0, s.department.1),
    )?;
    w.t(r + 1, 4, "实施单位")?;
    w.m(r + 1, 5, r + 1, 8, &format!("{}-{}", s.unit.0, s.unit.1))?;
    let f = r + 2;
    w.m(f, 0, f + s.funds.len() as u32, 0, "项目资金（万元）")?;
    w.t(f, 1, "")?;
    for (c, h) in [
        "年初预算数",
        "全年预算数（A）",
        "全年执行数（B）",
        "分值",
        "执行率（B/A）",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        w.t(f, 2 + c as u16, h)?;
    }
    w.t(f, 8, "")?;
    for (i, row) in s.funds.iter().enumerate() {
        let rr = f + 1 + i as u32;
        w.t(rr, 1, row.label)?;
        for (k, a) in row.amounts.iter().enumerate() {
            w.n(rr, 2 + k as u16, a)?;
        }
        w.n(rr, 5, row.weight)?;
        w.pct(rr, 6, row.rate)?;
        w.n(rr, 7, row.score)?;
    }
    let g = f + 1 + s.funds.len() as u32;
    w.m(g, 0, g + 1, 0, "年度总体目标完成情况")?;
    w.m(g, 1, g, 4, "预期目标")?;
    w.m(g, 5, g, 8, "实际完成情况")?;
    w.m(g + 1, 1, g + 1, 4, s.expected)?;
    w.m(g + 1, 5, g + 1, 8, s.achieved)?;
    let h = g + 2;
    let rows: Vec<Ind> = s
        .groups
        .iter()
        .flat_map(|(_, _, rows)| rows.clone())
        .collect();
    w.m(h, 0, h + rows.len() as u32, 0, "年度绩效指标完成情况")?;
    for (c, head) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    .iter()
    .enumerate()
    {
        w.t(h, 1 + c as u16, head)?;
    }
    let label_of = |l1: &str| {
        s.groups
            .iter()
            .find(|(name, _, rows)| rows.first().is_some_and(|r| r.l1 == l1) || *name == l1)
            .map(|(name, points, _)| {
                if name.is_empty() {
                    format!("（{points}分）")
                } else {
                    format!("{name}（{points}分）")
                }
            })
            .unwrap_or_default()
    };
    merged_levels(&mut w, h + 1, 1, 2, &rows, &label_of)?;
    for (i, ind) in rows.iter().enumerate() {
        let rr = h + 1 + i as u32;
        w.t(rr, 3, ind.l3)?;
        w.t(rr, 4, ind.target)?;
        w.t(rr, 5, ind.actual)?;
        w.n(rr, 6, ind.weight)?;
        w.n(rr, 7, ind.score)?;
        w.t(rr, 8, ind.remark)?;
    }
    let t = h + 1 + rows.len() as u32;
    w.m(t, 0, t, 5, "总分")?;
    w.n(t, 6, "100")?;
    w.n(t, 7, s.total_score)?;
    w.t(t, 8, "")?;
    let note = "注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、满意度指标10分；2.偏差原因须填写。";
    w.m(t + 1, 0, t + 1, 8, note)?;
    let mut indicators = Vec::new();
    let mut groups = Vec::new();
    for (name, points, rows) in &s.groups {
        let first = indicators.len();
        for ind in rows.iter().filter(|i| !is_placeholder(i)) {
            indicators.push(ind.json(ind.l1, &[]));
        }
        let label = if name.is_empty() {
            format!("（{points}分）")
        } else {
            format!("{name}（{points}分）")
        };
        groups.push(group(
            "level1",
            &label,
            name,
            points,
            first,
            indicators.len() - first,
        ));
    }
    let expected = json!({
        "source": source(file, sheet, r0 + 2),
        "layout": "anhui",
        "year": s.year,
        "project_name": s.project,
        "department": s.department.1,
        "implementing_unit": s.unit.1,
        "codes": codes(None, Some(s.department.0), Some(s.unit.0)),
        "funds": funds_json(&s.funds, None),
        "goal": {"expected": s.expected, "achieved": s.achieved},
        "indicators": indicators,
        "groups": groups,
        "total": {"weight": "100", "score": dec(s.total_score)},
        "sections": sections(&[("备注", &note["注：".len()..])]),
    });
    Ok((t + 2, expected))
}

fn anhui_irrigation() -> Anhui {
    let ph = |l1: &'static str, l2: &'static str, l3: &'static str| {
        ind([l1, l2, l3, "", "", "", "", ""])
    };
    Anhui {
        year: 2023,
        project: "小型农田水利设施维修养护",
        department: ("219", "某某镇人民政府"),
        unit: ("219001", "某某镇农业综合服务中心"),
        funds: vec![
            fr(
                "年度资金总额：",
                ["45", "48.56", "47.9012"],
                "0.98643",
                "10",
                "9.86",
            ),
            fr("其中：本年财政拨款", ["45", "45", "44.3412"], "", "-", "-"),
            fr("上年结转资金", ["0", "3.56", "3.56"], "", "-", "-"),
            fr("其他资金", ["0", "0", "0"], "", "-", "-"),
        ],
        expected: "完成辖区内塘坝、渠道等小型水利设施维修养护，保障灌溉面积1.2万亩。",
        achieved: "完成塘坝维修18座、渠道清淤21公里，保障灌溉面积1.25万亩。",
        groups: vec![
            (
                "产出指标",
                "50",
                vec![
                    ind([
                        P,
                        "数量指标",
                        "指标1：塘坝维修数量",
                        "≥18座",
                        "18座",
                        "15",
                        "15",
                        "",
                    ]),
                    ind([
                        P,
                        "数量指标",
                        "指标2：渠道清淤长度",
                        "≥20公里",
                        "21公里",
                        "15",
                        "15",
                        "",
                    ]),
                    ph(P, "数量指标", "指标3："),
                    ind([
                        P,
                        "质量指标",
                        "指标1：维修工程验收合格率",
                        "=100%",
                        "100%",
                        "10",
                        "10",
                        "",
                    ]),
                    ph(P, "质量指标", "……"),
                    ind([
                        P,
                        "时效指标",
                        "指标1：汛前完工率",
                        "=100%",
                        "95%",
                        "10",
                        "9.5",
                        "两处塘坝因雨季推迟完工",
                    ]),
                ],
            ),
            (
                "效益指标",
                "30",
                vec![
                    ind([
                        X,
                        "社会效益指标",
                        "指标1：保障灌溉面积",
                        "≥1.2万亩",
                        "1.25万亩",
                        "15",
                        "15",
                        "",
                    ]),
                    ind([
                        X,
                        "可持续影响指标",
                        "指标1：设施正常运行年限",
                        "≥5年",
                        "≥5年",
                        "15",
                        "15",
                        "",
                    ]),
                    ph(X, "可持续影响指标", "指标2："),
                ],
            ),
            (
                "满意度指标",
                "10",
                vec![
                    ind([
                        S,
                        SAT,
                        "指标1：受益群众满意度",
                        "≥90%",
                        "94%",
                        "10",
                        "10",
                        "",
                    ]),
                    ph(S, SAT, "指标2："),
                ],
            ),
        ],
        total_score: "99.36",
    }
}

// ---- 四川 衔接资金: 分值 before the target ----

struct Xianjie {
    year: i32,
    project: &'static str,
    leader: &'static str,
    department: &'static str,
    unit: &'static str,
    funds: Vec<FundsRow>,
    expected: &'static str,
    achieved: &'static str,
    groups: Vec<(&'static str, &'static str, Vec<Ind>)>,
    total: [&'static str; 2],
}

fn xianjie(
    ws: &mut Worksheet,
    r0: u32,
    s: &Xianjie,
    file: &str,
    sheet: &str,
) -> Result<(u32, Value)> {
    let mut w = W::new(ws);
    w.title(
        r0,
        0,
        8,
        &format!("{}年度衔接资金项目绩效目标自评表", s.year),
    )?;
    let r = r0 + 1;
    w.t(r, 0, "项目名称")?;
    w.m(r, 1, r, 4, s.project)?;
    w.m(r, 5, r, 6, "项目负责人及电话")?;
    w.m(r, 7, r, 8, s.leader)?;
    w.t(r + 1, 0, "主管部门")?;
    w.m(r + 1, 1, r + 1, 4, s.department)?;
    w.m(r + 1, 5, r + 1, 6, "实施单位")?;
    w.m(r + 1, 7, r + 1, 8, s.unit)?;
    let f = r + 2;
    w.m(f, 0, f + s.funds.len() as u32, 0, "资金情况（万元）")?;
    w.t(f, 1, "")?;
    for (c, h) in [
        "全年预算数（A）",
        "全年执行数（B）",
        "分值",
        "执行率（B/A）",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        w.t(f, 2 + c as u16, h)?;
    }
    w.m(f, 7, f, 8, "")?;
    for (i, row) in s.funds.iter().enumerate() {
        let rr = f + 1 + i as u32;
        w.t(rr, 1, row.label)?;
        w.n(rr, 2, row.amounts[1])?;
        w.n(rr, 3, row.amounts[2])?;
        w.n(rr, 4, row.weight)?;
        w.pct(rr, 5, row.rate)?;
        w.n(rr, 6, row.score)?;
    }
    let g = f + 1 + s.funds.len() as u32;
    w.m(g, 0, g + 1, 0, "年度总体目标")?;
    w.m(g, 1, g, 4, "年初设定目标")?;
    w.m(g, 5, g, 8, "年度总体目标完成情况综述")?;
    w.m(g + 1, 1, g + 1, 4, s.expected)?;
    w.m(g + 1, 5, g + 1, 8, s.achieved)?;
    let h = g + 2;
    for (c, head) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度指标值",
        "全年实际值",
        "得分",
        "未完成原因及拟采取的改进措施",
    ]
    .iter()
    .enumerate()
    {
        w.t(h, c as u16, head)?;
    }
    let rows: Vec<Ind> = s
        .groups
        .iter()
        .flat_map(|(_, _, rows)| rows.clone())
        .collect();
    let label_of = |l1: &str| {
        s.groups
            .iter()
            .find(|(name, _, _)| *name == l1)
            .map(|(name, points, _)| format!("{name}（{points}分）"))
            .unwrap_or_default()
    };
    merged_levels(&mut w, h + 1, 0, 1, &rows, &label_of)?;
    for (i, ind) in rows.iter().enumerate() {
        let rr = h + 1 + i as u32;
        w.t(rr, 2, ind.l3)?;
        w.n(rr, 3, ind.weight)?;
        w.t(rr, 4, ind.target)?;
        w.t(rr, 5, ind.actual)?;
        w.n(rr, 6, ind.score)?;
        w.t(rr, 7, ind.remark)?;
    }
    let t = h + 1 + rows.len() as u32;
    w.m(t, 0, t, 2, "总分")?;
    w.n(t, 3, s.total[0])?;
    w.m(t, 4, t, 5, "")?;
    w.n(t, 6, s.total[1])?;
    w.t(t, 7, "")?;
    let mut groups = Vec::new();
    let mut first = 0;
    for (name, points, rows) in &s.groups {
        groups.push(group(
            "level1",
            &format!("{name}（{points}分）"),
            name,
            points,
            first,
            rows.len(),
        ));
        first += rows.len();
    }
    let expected = json!({
        "source": source(file, sheet, r0 + 1),
        "layout": "xianjie",
        "year": s.year,
        "project_name": s.project,
        "department": s.department,
        "implementing_unit": s.unit,
        "codes": codes(None, None, None),
        "funds": {
            "total": {"initial": null, "adjusted": yuan(s.funds[0].amounts[1]), "executed": yuan(s.funds[0].amounts[2])},
            "current_year_appropriation": {"initial": null, "adjusted": yuan(s.funds[1].amounts[1]), "executed": yuan(s.funds[1].amounts[2])},
            "carryover": amounts(None),
            "other": {"initial": null, "adjusted": yuan(s.funds[2].amounts[1]), "executed": yuan(s.funds[2].amounts[2])},
            "weight": dec(s.funds[0].weight),
            "execution_rate": dec(s.funds[0].rate),
            "score": dec(s.funds[0].score),
            "rows": s.funds.iter().map(|r| json!({
                "label": r.label,
                "amounts": {"initial": null, "adjusted": yuan(r.amounts[1]), "executed": yuan(r.amounts[2])},
                "execution_rate": dec(r.rate), "weight": dec(r.weight), "score": dec(r.score), "remark": "",
            })).collect::<Vec<_>>(),
        },
        "goal": {"expected": s.expected, "achieved": s.achieved},
        "indicators": rows.iter().map(|i| i.json(i.l1, &[])).collect::<Vec<_>>(),
        "groups": groups,
        "total": {"weight": dec(s.total[0]), "score": dec(s.total[1])},
        "sections": sections(&[("项目负责人及电话", s.leader)]),
    });
    Ok((t + 1, expected))
}

fn xianjie_tea() -> Xianjie {
    Xianjie {
        year: 2023,
        project: "茶叶产业园基础设施建设",
        leader: "李明（13908161234）",
        department: "雅安市乡村振兴局",
        unit: "名山区茶业发展中心",
        funds: vec![
            fr(
                "年度资金总额：",
                ["", "350", "338.7502"],
                "0.96786",
                "10",
                "9.68",
            ),
            fr("其中：本年财政拨款", ["", "300", "290.1502"], "", "-", "-"),
            fr("其他资金", ["", "50", "48.6"], "", "-", "-"),
        ],
        expected: "建设茶园生产便道12公里、灌溉管网8公里，带动脱贫户增收。",
        achieved: "建成生产便道12.4公里、灌溉管网8公里，带动脱贫户326户增收。",
        groups: vec![
            (
                "产出指标",
                "70",
                vec![
                    ind([
                        P,
                        "数量指标",
                        "生产便道长度",
                        "≥12公里",
                        "12.4公里",
                        "25",
                        "25",
                        "",
                    ]),
                    ind([
                        P,
                        "数量指标",
                        "灌溉管网长度",
                        "≥8公里",
                        "8公里",
                        "20",
                        "20",
                        "",
                    ]),
                    ind([
                        P,
                        "质量指标",
                        "工程验收合格率",
                        "=100%",
                        "100%",
                        "15",
                        "15",
                        "",
                    ]),
                    ind([
                        P,
                        "时效指标",
                        "项目完工时间",
                        "2023年10月底前",
                        "2023年11月中旬",
                        "10",
                        "8",
                        "雨季影响工期，已督促加快进度",
                    ]),
                ],
            ),
            (
                "效益指标",
                "20",
                vec![
                    ind([
                        X,
                        "经济效益指标",
                        "带动脱贫户增收户数",
                        "≥300户",
                        "326户",
                        "10",
                        "10",
                        "",
                    ]),
                    ind([
                        X,
                        "可持续影响指标",
                        "设施使用年限",
                        "≥10年",
                        "≥10年",
                        "10",
                        "10",
                        "",
                    ]),
                ],
            ),
            (
                "满意度指标",
                "10",
                vec![ind([
                    S,
                    SAT,
                    "受益群众满意度",
                    "≥90%",
                    "95%",
                    "10",
                    "10",
                    "",
                ])],
            ),
        ],
        total: ["100", "97.68"],
    }
}

// ---- a county's unscored 目标自评表 (no 分值, no 得分) ----

fn unscored(ws: &mut Worksheet, file: &str, sheet: &str) -> Result<Value> {
    let mut w = W::new(ws);
    w.title(0, 0, 5, "2023年度项目绩效目标自评表")?;
    w.t(1, 0, "项目名称")?;
    w.m(1, 1, 1, 5, "农村公路安全生命防护工程")?;
    w.t(2, 0, "主管部门")?;
    w.m(2, 1, 2, 2, "秭归县交通运输局")?;
    w.t(2, 3, "实施单位")?;
    w.m(2, 4, 2, 5, "秭归县农村公路管理局")?;
    w.t(3, 0, "资金情况（万元）")?;
    for (c, h) in ["年初预算数", "全年预算数", "全年执行数"]
        .iter()
        .enumerate()
    {
        w.t(3, 1 + c as u16, h)?;
    }
    w.t(4, 0, "年度资金总额")?;
    for (c, v) in ["210", "210", "205.3375"].iter().enumerate() {
        w.n(4, 1 + c as u16, v)?;
    }
    for (c, h) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "偏差原因",
    ]
    .iter()
    .enumerate()
    {
        w.t(5, c as u16, h)?;
    }
    let rows = [
        ind([
            P,
            "数量指标",
            "安装波形护栏长度",
            "≥35公里",
            "36.2公里",
            "",
            "",
            "",
        ]),
        ind([P, "质量指标", "工程质量合格率", "=100%", "100%", "", "", ""]),
        ind([
            X,
            "社会效益指标",
            "交通事故发生率",
            "同比下降",
            "同比下降12%",
            "",
            "",
            "",
        ]),
        ind([
            S,
            SAT,
            "群众满意度",
            "≥90%",
            "待测评",
            "",
            "",
            "年底开展满意度调查",
        ]),
    ];
    for (i, ind) in rows.iter().enumerate() {
        let r = 6 + i as u32;
        for (c, v) in [ind.l1, ind.l2, ind.l3, ind.target, ind.actual, ind.remark]
            .iter()
            .enumerate()
        {
            w.t(r, c as u16, v)?;
        }
    }
    Ok(json!({
        "source": source(file, sheet, 1),
        "layout": "national",
        "year": 2023,
        "project_name": "农村公路安全生命防护工程",
        "department": "秭归县交通运输局",
        "implementing_unit": "秭归县农村公路管理局",
        "codes": codes(None, None, None),
        "funds": funds_json(&[fr("年度资金总额", ["210", "210", "205.3375"], "", "", "")], None),
        "goal": {"expected": "", "achieved": ""},
        "indicators": rows.iter().map(|i| i.json(i.l1, &[])).collect::<Vec<_>>(),
        "groups": [],
        "total": {"weight": null, "score": null},
        "sections": [],
    }))
}

// ---- a layout no document describes: the same words, columns in another order ----

fn reordered(ws: &mut Worksheet, file: &str, sheet: &str) -> Result<Value> {
    let mut w = W::new(ws);
    w.title(0, 0, 9, "2023年度财政项目支出绩效自评表")?;
    w.t(1, 0, "项目名称")?;
    w.m(1, 1, 1, 9, "城乡居民医保参保补助")?;
    w.t(2, 0, "实施单位")?;
    w.m(2, 1, 2, 4, "恩施市医疗保障事务中心")?;
    w.t(2, 5, "主管部门")?;
    w.m(2, 6, 2, 9, "恩施市医疗保障局")?;
    // Funds: 全年执行数 before 全年预算数, 得分 before 分值.
    w.t(3, 0, "项目资金（万元）")?;
    for (c, h) in [
        "全年执行数",
        "全年预算数",
        "年初预算数",
        "执行率",
        "得分",
        "分值",
    ]
    .iter()
    .enumerate()
    {
        w.t(3, 1 + c as u16, h)?;
    }
    let funds = [
        (
            "年度资金总额",
            ["880.0321", "900", "900"],
            "0.97781",
            "9.78",
            "10",
        ),
        ("其中：当年财政拨款", ["880.0321", "900", "900"], "", "", ""),
    ];
    for (i, (label, a, rate, score, weight)) in funds.iter().enumerate() {
        let r = 4 + i as u32;
        w.t(r, 0, label)?;
        for (c, v) in a.iter().enumerate() {
            w.n(r, 1 + c as u16, v)?;
        }
        w.pct(r, 4, rate)?;
        w.n(r, 5, score)?;
        w.n(r, 6, weight)?;
    }
    w.t(6, 0, "年度总体目标")?;
    w.m(
        6,
        1,
        6,
        4,
        "预期目标：完成城乡居民医保参保补助发放，参保率稳定在95%以上。",
    )?;
    w.m(6, 5, 6, 9, "实际完成情况：补助全部发放到位，参保率96.3%。")?;
    // Indicators: 三级指标 first, levels after it, 得分 before 分值, 实际完成值 before the
    // target, a column no vocabulary knows (指标解释), and one empty 得分 cell.
    for (c, h) in [
        "三级指标",
        "一级指标",
        "二级指标",
        "实际完成值",
        "年度指标值",
        "得分",
        "分值",
        "指标解释",
        "偏差原因分析及改进措施",
    ]
    .iter()
    .enumerate()
    {
        w.t(7, c as u16, h)?;
    }
    let rows = [
        (
            ind([
                P,
                "数量指标",
                "参保补助发放人数",
                "≥28万人",
                "28.6万人",
                "40",
                "40",
                "",
            ]),
            "以医保系统统计为准",
        ),
        (
            ind([
                P,
                "质量指标",
                "补助发放准确率",
                "=100%",
                "99.8%",
                "20",
                "",
                "少量重复参保已追回",
            ]),
            "重复参保剔除后计算",
        ),
        (
            ind([
                X,
                "社会效益指标",
                "基本医保参保率",
                "≥95%",
                "96.3%",
                "20",
                "20",
                "",
            ]),
            "",
        ),
        (
            ind([S, SAT, "参保群众满意度", "≥90%", "92%", "10", "10", ""]),
            "第三方调查",
        ),
    ];
    for (i, (ind, note)) in rows.iter().enumerate() {
        let r = 8 + i as u32;
        w.t(r, 0, ind.l3)?;
        w.t(r, 1, ind.l1)?;
        w.t(r, 2, ind.l2)?;
        w.t(r, 3, ind.actual)?;
        w.t(r, 4, ind.target)?;
        w.n(r, 5, ind.score)?;
        w.n(r, 6, ind.weight)?;
        w.t(r, 7, note)?;
        w.t(r, 8, ind.remark)?;
    }
    w.t(12, 0, "总分")?;
    w.n(12, 5, "79.78")?;
    w.n(12, 6, "100")?;
    Ok(json!({
        "source": source(file, sheet, 1),
        "layout": "national",
        "year": 2023,
        "project_name": "城乡居民医保参保补助",
        "department": "恩施市医疗保障局",
        "implementing_unit": "恩施市医疗保障事务中心",
        "codes": codes(None, None, None),
        "funds": {
            "total": {"initial": "9000000", "adjusted": "9000000", "executed": "8800321"},
            "current_year_appropriation": {"initial": "9000000", "adjusted": "9000000", "executed": "8800321"},
            "carryover": amounts(None),
            "other": amounts(None),
            "weight": "10", "execution_rate": "0.97781", "score": "9.78",
            "rows": [
                {"label": "年度资金总额", "amounts": {"initial": "9000000", "adjusted": "9000000", "executed": "8800321"}, "execution_rate": "0.97781", "weight": "10", "score": "9.78", "remark": ""},
                {"label": "其中：当年财政拨款", "amounts": {"initial": "9000000", "adjusted": "9000000", "executed": "8800321"}, "execution_rate": null, "weight": null, "score": null, "remark": ""},
            ],
        },
        "goal": {"expected": "完成城乡居民医保参保补助发放，参保率稳定在95%以上。", "achieved": "补助全部发放到位，参保率96.3%。"},
        "indicators": rows.iter().map(|(i, note)| {
            let extra: Vec<(&str, &str)> = if note.is_empty() { vec![] } else { vec![("指标解释", *note)] };
            i.json(i.l1, &extra)
        }).collect::<Vec<_>>(),
        "groups": [],
        "total": {"weight": "100", "score": "79.78"},
        "sections": [],
    }))
}

// ---- another undescribed layout: headers over two rows ----

/// A county's print with two-row headers: 预算执行情况 over 年初预算数 / 全年预算数 /
/// 全年执行数 (执行率, 分值, 得分 merged down beside it), and 指标值 over 年度指标值 /
/// 实际完成值 (the other indicator headers merged down).
fn two_row_headers(ws: &mut Worksheet, file: &str, sheet: &str) -> Result<Value> {
    let mut w = W::new(ws);
    w.title(0, 0, 8, "2023年度财政支出项目绩效自评表")?;
    w.t(1, 0, "项目名称")?;
    w.m(1, 1, 1, 8, "森林防火能力建设")?;
    w.t(2, 0, "主管部门")?;
    w.m(2, 1, 2, 3, "通山县林业局")?;
    w.t(2, 4, "实施单位")?;
    w.m(2, 5, 2, 8, "通山县森林防火指挥部办公室")?;
    w.m(3, 0, 6, 0, "项目资金（万元）")?;
    w.m(3, 1, 4, 1, "资金来源")?;
    w.m(3, 2, 3, 4, "预算执行情况")?;
    w.m(3, 5, 4, 5, "执行率")?;
    w.m(3, 6, 4, 6, "分值")?;
    w.m(3, 7, 4, 7, "得分")?;
    w.m(3, 8, 4, 8, "备注")?;
    for (c, h) in ["年初预算数", "全年预算数", "全年执行数"]
        .iter()
        .enumerate()
    {
        w.t(4, 2 + c as u16, h)?;
    }
    let funds = [
        fr(
            "年度资金总额",
            ["60", "62.5", "60.8125"],
            "0.973",
            "10",
            "9.73",
        ),
        fr("其中：当年财政拨款", ["60", "62.5", "60.8125"], "", "", ""),
    ];
    for (i, f) in funds.iter().enumerate() {
        let r = 5 + i as u32;
        w.t(r, 1, f.label)?;
        for (c, v) in f.amounts.iter().enumerate() {
            w.n(r, 2 + c as u16, v)?;
        }
        w.pct(r, 5, f.rate)?;
        w.n(r, 6, f.weight)?;
        w.n(r, 7, f.score)?;
        w.t(r, 8, "")?;
    }
    w.m(7, 0, 8, 0, "年度总体目标")?;
    w.m(7, 1, 7, 4, "预期目标")?;
    w.m(7, 5, 7, 8, "实际完成情况")?;
    w.m(
        8,
        1,
        8,
        4,
        "购置扑火机具一批，森林火灾受害率控制在0.9‰以内。",
    )?;
    w.m(8, 5, 8, 8, "购置扑火机具210台，全年森林火灾受害率0.2‰。")?;
    w.m(9, 0, 14, 0, "绩效指标")?;
    for (c, h) in [(1, "一级指标"), (2, "二级指标"), (3, "三级指标")] {
        w.m(9, c, 10, c, h)?;
    }
    w.m(9, 4, 9, 5, "指标值")?;
    w.t(10, 4, "年度指标值")?;
    w.t(10, 5, "实际完成值")?;
    for (c, h) in [(6, "分值"), (7, "得分"), (8, "偏差原因分析及改进措施")] {
        w.m(9, c, 10, c, h)?;
    }
    let rows = [
        ind([
            P,
            "数量指标",
            "购置扑火机具",
            "≥200台",
            "210台",
            "30",
            "30",
            "",
        ]),
        ind([
            P,
            "时效指标",
            "设备到位时间",
            "2023年6月前",
            "2023年5月",
            "20",
            "20",
            "",
        ]),
        ind([
            X,
            "生态效益指标",
            "森林火灾受害率",
            "≤0.9‰",
            "0.2‰",
            "30",
            "30",
            "",
        ]),
        ind([
            S,
            SAT,
            "护林员满意度",
            "≥90%",
            "88%",
            "10",
            "9",
            "部分机具偏重，下年选型改进",
        ]),
    ];
    for (i, ind) in rows.iter().enumerate() {
        let r = 11 + i as u32;
        for (c, v) in [ind.l1, ind.l2, ind.l3, ind.target, ind.actual]
            .iter()
            .enumerate()
        {
            w.t(r, 1 + c as u16, v)?;
        }
        w.n(r, 6, ind.weight)?;
        w.n(r, 7, ind.score)?;
        w.t(r, 8, ind.remark)?;
    }
    w.m(15, 0, 15, 5, "总分")?;
    w.n(15, 6, "100")?;
    w.n(15, 7, "98.73")?;
    w.t(15, 8, "")?;
    Ok(json!({
        "source": source(file, sheet, 1),
        "layout": "national",
        "year": 2023,
        "project_name": "森林防火能力建设",
        "department": "通山县林业局",
        "implementing_unit": "通山县森林防火指挥部办公室",
        "codes": codes(None, None, None),
        "funds": funds_json(&funds, None),
        "goal": {
            "expected": "购置扑火机具一批，森林火灾受害率控制在0.9‰以内。",
            "achieved": "购置扑火机具210台，全年森林火灾受害率0.2‰。"
        },
        "indicators": rows.iter().map(|i| i.json(i.l1, &[])).collect::<Vec<_>>(),
        "groups": [],
        "total": {"weight": "100", "score": "98.73"},
        "sections": [],
    }))
}

// ---- files that are not project forms ----

fn project_list(ws: &mut Worksheet) -> Result<()> {
    let mut w = W::new(ws);
    w.title(0, 0, 6, "2023年度项目支出绩效自评结果汇总表")?;
    for (c, h) in [
        "序号",
        "项目名称",
        "主管部门",
        "实施单位",
        "全年预算数",
        "全年执行数",
        "自评得分",
    ]
    .iter()
    .enumerate()
    {
        w.t(1, c as u16, h)?;
    }
    for (i, row) in [
        [
            "1",
            "乡镇污水处理设施运维",
            "咸宁市生态环境局",
            "咸安区分局",
            "560",
            "532.4875",
            "96.52",
        ],
        [
            "2",
            "长江岸线环境整治",
            "咸宁市生态环境局",
            "嘉鱼县分局",
            "310.5",
            "310.5",
            "100",
        ],
        [
            "3",
            "大气污染防治专项",
            "咸宁市生态环境局",
            "通城县分局",
            "120",
            "118",
            "95",
        ],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            if c >= 4 || c == 0 {
                w.n(2 + i as u32, c as u16, v)?;
            } else {
                w.t(2 + i as u32, c as u16, v)?;
            }
        }
    }
    Ok(())
}

fn department_form(ws: &mut Worksheet) -> Result<()> {
    let mut w = W::new(ws);
    w.title(0, 0, 6, "2023年度部门整体支出绩效自评表")?;
    w.t(1, 0, "部门名称")?;
    w.m(1, 1, 1, 6, "咸宁市生态环境局")?;
    w.t(2, 0, "年度主要任务")?;
    w.m(
        2,
        1,
        2,
        6,
        "生态环境保护督察整改、污染防治攻坚、环境监测能力建设",
    )?;
    w.t(3, 0, "年度预算执行情况（万元）")?;
    for (c, h) in [
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
        w.t(3, 1 + c as u16, h)?;
    }
    w.t(4, 0, "年度资金总额")?;
    for (c, v) in ["5210", "5380.5", "5302.7", "10", "0.98554", "9.86"]
        .iter()
        .enumerate()
    {
        w.n(4, 1 + c as u16, v)?;
    }
    for (c, h) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        w.t(5, c as u16, h)?;
    }
    for (c, v) in [
        P,
        "数量指标",
        "督察问题整改完成率",
        "=100%",
        "100%",
        "20",
        "20",
    ]
    .iter()
    .enumerate()
    {
        w.t(6, c as u16, v)?;
    }
    Ok(())
}

fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    if let Ok(created) = ExcelDateTime::from_ymd(2024, 3, 15) {
        wb.set_properties(
            &DocProperties::new()
                .set_author("填报单位")
                .set_creation_datetime(&created),
        );
    }
    wb
}

fn widths(ws: &mut Worksheet, cols: u16) -> Result<()> {
    for c in 0..cols {
        ws.set_column_width(c, if c < 3 { 14.0 } else { 16.0 })?;
    }
    Ok(())
}

fn save(wb: &mut Workbook, file: &str) -> Result<()> {
    let path = Path::new("samples").join(file);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    }
    wb.save(path)
}

fn write_expected(name: &str, forms: Vec<Value>) -> std::io::Result<()> {
    let path = Path::new("tests/expected").join(name);
    let mut text = serde_json::to_string_pretty(&Value::Array(forms)).unwrap_or_default();
    text.push('\n');
    std::fs::write(path, text)
}

fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    // 四川: one form per sheet, beside a notes sheet.
    let file = "四川省农业农村厅/农技推广总站与种子站-部门预算项目支出绩效自评表.xlsx";
    let mut wb = new_workbook();
    let notes = wb.add_worksheet().set_name("填报说明")?;
    notes.write(0, 0, "1. 金额单位为万元，保留四位小数。")?;
    notes.write(1, 0, "2. 指标性质填写 ≥、≤、= 或 定性。")?;
    let mut forms = Vec::new();
    for (name, spec) in [
        ("农技推广", sichuan_extension()),
        ("种业提升", sichuan_seed()),
    ] {
        let ws = wb.add_worksheet().set_name(name)?;
        widths(ws, 11)?;
        forms.push(sichuan(ws, 0, &spec, file, name)?.1);
    }
    save(&mut wb, file)?;
    write_expected("sichuan-2023.json", forms)?;

    // 湖北: two forms stacked in one sheet.
    let file = "湖北省咸宁市生态环境局/2023年度项目绩效自评表（两个项目）.xlsx";
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("自评表")?;
    widths(ws, 6)?;
    let (next, a) = hubei(ws, 0, &hubei_sewage(), file, "自评表")?;
    let (_, b) = hubei(ws, next + 2, &hubei_cleanup(), file, "自评表")?;
    save(&mut wb, file)?;
    write_expected("hubei-2023.json", vec![a, b])?;

    // 安徽: codes, letters, numbering and empty template rows.
    let file = "安徽省某县农业农村局/某某镇-小型农田水利-项目支出绩效自评表.xlsx";
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    widths(ws, 9)?;
    let (_, a) = anhui(ws, 0, &anhui_irrigation(), file, "Sheet1")?;
    save(&mut wb, file)?;
    write_expected("anhui-2023.json", vec![a])?;

    // 衔接资金: 分值 before the target; 70 + 20 + 10 + 10 against a 总分 of 100.
    let file = "四川省雅安市乡村振兴局/名山区茶业发展中心-衔接资金绩效目标自评表.xlsx";
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("绩效目标自评表")?;
    widths(ws, 9)?;
    let (_, a) = xianjie(ws, 0, &xianjie_tea(), file, "绩效目标自评表")?;
    save(&mut wb, file)?;
    write_expected("xianjie-2023.json", vec![a])?;

    // A county's unscored 目标自评表, and a layout no document describes.
    let file = "湖北省秭归县交通运输局/农村公路安全生命防护工程-目标自评表.xlsx";
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("目标自评")?;
    widths(ws, 6)?;
    let a = unscored(ws, file, "目标自评")?;
    save(&mut wb, file)?;
    write_expected("zigui-unscored-2023.json", vec![a])?;

    let file = "湖北省恩施市医疗保障局/城乡居民医保参保补助-自评表.xlsx";
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("自评表")?;
    widths(ws, 10)?;
    let a = reordered(ws, file, "自评表")?;
    save(&mut wb, file)?;
    write_expected("enshi-reordered-2023.json", vec![a])?;

    let file = "湖北省通山县林业局/森林防火能力建设-自评表（两行表头）.xlsx";
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    widths(ws, 9)?;
    let a = two_row_headers(ws, file, "Sheet1")?;
    save(&mut wb, file)?;
    write_expected("tongshan-two-row-2023.json", vec![a])?;

    // Not project forms: a summary list of projects, a department-wide form.
    let mut wb = new_workbook();
    project_list(wb.add_worksheet().set_name("汇总")?)?;
    save(&mut wb, "其他材料/2023年度项目自评结果汇总表.xlsx")?;
    let mut wb = new_workbook();
    department_form(wb.add_worksheet().set_name("部门整体")?)?;
    save(
        &mut wb,
        "其他材料/咸宁市生态环境局-部门整体支出绩效自评表.xlsx",
    )?;
    Ok(())
}
