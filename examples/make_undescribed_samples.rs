//! Writes `tests/fixtures/undescribed/`: forms of the family in layouts no document here
//! describes, each with its expected extraction (`tests/fixtures/undescribed-expected.json`), for issue 25's reading
//! rules. The content is our own; the expected JSON is written from the values below, not
//! from what the reader makes of them.
//!
//! - `某县交通运输局/乡村道路养护专项资金-自评表.xlsx`: a county's 专项资金 form — name label
//!   专项资金名称, a typo 主管部们, amounts in 万元, columns 年初设定目标值 / 全年完成值 / 参考分值 /
//!   自评得分 beside the experts' 专家评分 (kept aside), a target in years (≥10年 against 9年),
//!   an actual typed as the fraction 0.93 against ≥90% (rules head-term, near-miss-label).
//! - `某市文化广电旅游局/城市书房运营-绩效自评表.xlsx`: the 2020 evaluation framework —
//!   项目决策（10分）, 项目管理（25分）, 项目产出（40分）, 项目效益（25分） merged over their rows,
//!   its level 2s, the budget line as the 预算执行率 row, no funds block.
//! - `某区教育局/课后服务补助-自评表.xlsx`: 合计 right under the header, the rows after it
//!   (rule total-first).
//! - `某市卫生健康委员会/重大传染病防控经费-绩效评价表.xlsx`: a city's 绩效评价表 — 单位名称/
//!   项目名称 in one cell (compound-label), a funds row without a label (unlabelled-total),
//!   绩效目标 with its sentence (goal-by-block-label), 指标类别/指标内容 holding 产出/数量
//!   (level-by-content), 计划值/实际值/评分/偏差说明.
//!
//! The same sheets with rows too low for their wrapped text go to
//! `tests/fixtures/pdf-overflow-source/` (LibreOffice prints them, `examples/make-converted.sh`)
//! and are printed here as Excel exports a sheet to PDF, to `tests/fixtures/pdf-clipped/`.
//!
//! Run: `cargo run --example make_undescribed_samples`.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use serde_json::{Value, json};

const OUT: &str = "tests/fixtures/undescribed";
/// The same workbooks with rows too low for their wrapped text, to be printed to PDF
/// (`examples/make-overflow-prints.sh`); not read by the tests themselves.
const TIGHT: &str = "tests/fixtures/pdf-overflow-source";

/// A sheet written from rows of cells: a cell `=0.93` is a number shown as General, `%0.975`
/// a fraction shown as a percentage, one that parses as a number a number, any other text.
struct Sheet {
    name: &'static str,
    rows: Vec<Vec<&'static str>>,
    /// (first row, first column, last row, last column), 0-based.
    merges: Vec<(u32, u16, u32, u16)>,
}

/// `tight`: every row stored 15 pt high, as Excel stores a sheet whose rows were never made
/// higher for their wrapped text: printed, that text runs over the ruling lines (the PDFs of
/// `tests/fixtures/pdf-overflow/` are LibreOffice's prints of such copies).
fn write(path: &Path, sheet: &Sheet, tight: bool) -> Result<(), Box<dyn std::error::Error>> {
    let mut wb = Workbook::new();
    // Fixed properties: the same bytes every time.
    let when = ExcelDateTime::from_ymd(2024, 3, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
    let ws = wb.add_worksheet();
    ws.set_name(sheet.name)?;
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let percent = cell.clone().set_num_format("0.00%");
    for c in 0..9 {
        ws.set_column_width(c, if c == 2 || c == 8 { 18 } else { 11 })?;
    }
    for &(r1, c1, r2, c2) in &sheet.merges {
        let text = sheet.rows[r1 as usize]
            .get(c1 as usize)
            .copied()
            .unwrap_or("");
        ws.merge_range(r1, c1, r2, c2, text, &cell)?;
    }
    let merged = |r: u32, c: u16| {
        sheet
            .merges
            .iter()
            .any(|&(r1, c1, r2, c2)| (r1..=r2).contains(&r) && (c1..=c2).contains(&c))
    };
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32;
        if tight {
            ws.set_row_height(r, 15)?;
        }
        for (c, text) in row.iter().enumerate() {
            let c = c as u16;
            if merged(r, c) {
                continue;
            }
            if let Some(n) = text.strip_prefix('=') {
                ws.write_number_with_format(r, c, n.parse::<f64>()?, &cell)?;
            } else if let Some(n) = text.strip_prefix('%') {
                ws.write_number_with_format(r, c, n.parse::<f64>()?, &percent)?;
            } else if let Ok(n) = text.parse::<f64>() {
                ws.write_number_with_format(r, c, n, &cell)?;
            } else if text.is_empty() {
                ws.write_blank(r, c, &cell)?;
            } else {
                ws.write_string_with_format(r, c, *text, &cell)?;
            }
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    wb.save(path)?;
    Ok(())
}

/// Where Excel's "导出为PDF" prints of the tight copies go.
const CLIPPED: &str = "tests/fixtures/pdf-clipped";

/// The sheet printed as Excel and WPS export a sheet to PDF ("导出为PDF"): A4 landscape with
/// Excel's default margins, columns and rows at their stored sizes (11 and 18 characters
/// wide, every row 15 pt), thin borders around each cell and merged range, the text of each
/// cell wrapped to its width and centred on its height (numbers to the right, on one line),
/// drawn inside a clip of the cell's own box. Unlike LibreOffice, Excel keeps every line
/// of a cell in the file, those the clip hides too: wrapped text taller than its row is
/// drawn over the rows above and below, where the clip hides it but a reader still finds
/// it. The page breaks at the last row boundary that fits and no merged range crosses.
fn excel_print(path: &Path, sheet: &Sheet) -> Result<(), Box<dyn std::error::Error>> {
    use zipingbiao::report::pdf::font::{Font, PT_MM};
    use zipingbiao::report::pdf::wrap;
    use zipingbiao::report::pdf::writer::{FONT_NAME, Glyphs, Writer, num, show};

    const SIZE: f32 = 11.0;
    const LINE: f32 = SIZE * 1.3;
    const ROW: f32 = 15.0;
    const PAD: f32 = 2.0;
    let (page_w, page_h) = (842.0_f32, 595.0_f32);
    let (left, top, bottom) = (50.4_f32, 54.0_f32, 54.0_f32);
    // Excel's column width in characters to points: (7 px a character + 5 px) at 96 dpi.
    let widths: Vec<f32> = (0..9)
        .map(|c| if c == 2 || c == 8 { 18.0 } else { 11.0 })
        .map(|w: f32| (w * 7.0 + 5.0) * 0.75)
        .collect();
    let xs: Vec<f32> = std::iter::once(left)
        .chain(widths.iter().scan(left, |x, w| {
            *x += w;
            Some(*x)
        }))
        .collect();
    // Every cell as (first row, first column, last row, last column): the merged ranges and
    // the single cells outside them, of the columns the rows use.
    let inside = |r: u32, c: u16| {
        sheet
            .merges
            .iter()
            .any(|&(r1, c1, r2, c2)| (r1..=r2).contains(&r) && (c1..=c2).contains(&c))
    };
    let mut cells: Vec<(u32, u16, u32, u16)> = sheet.merges.clone();
    for (r, row) in sheet.rows.iter().enumerate() {
        for c in 0..row.len().max(if row.is_empty() { 0 } else { 9 }) as u16 {
            if !inside(r as u32, c) && c < 9 {
                cells.push((r as u32, c, r as u32, c));
            }
        }
    }
    // Pages: as many rows as fit, ending where no merged range runs on.
    let per_page = ((page_h - top - bottom) / ROW) as u32;
    let rows = sheet.rows.len() as u32;
    let mut pages: Vec<(u32, u32)> = Vec::new();
    let mut first = 0;
    while first < rows {
        let mut end = (first + per_page).min(rows);
        while end < rows
            && end > first + 1
            && sheet
                .merges
                .iter()
                .any(|&(r1, _, r2, _)| r1 < end && end <= r2)
        {
            end -= 1;
        }
        pages.push((first, end));
        first = end;
    }
    let font = Font::bundled();
    // Each page's drawing, its text set once every glyph of the sheet is known.
    let mut glyphs = Glyphs::default();
    // Per page, per cell: its box (`re` operands) and its lines (x, baseline, text).
    type Cell = (String, Vec<(f32, f32, String)>);
    let mut drawn: Vec<Vec<Cell>> = Vec::new();
    for &(first, end) in &pages {
        let y_of = |r: u32| top + (r - first) as f32 * ROW;
        let mut cells_drawn = Vec::new();
        for &(r1, c1, r2, c2) in cells.iter().filter(|c| first <= c.0 && c.0 < end) {
            let (x0, x1) = (xs[c1 as usize], xs[c2 as usize + 1]);
            let (y0, y1) = (y_of(r1), y_of(r2 + 1));
            let rect = format!(
                "{} {} {} {} re",
                num(x0),
                num(page_h - y1),
                num(x1 - x0),
                num(y1 - y0)
            );
            let text = sheet.rows[r1 as usize]
                .get(c1 as usize)
                .copied()
                .unwrap_or("");
            let (shown, number) = if let Some(n) = text.strip_prefix('%') {
                (format!("{:.2}%", n.parse::<f64>()? * 100.0), true)
            } else if let Some(n) = text.strip_prefix('=') {
                (n.to_owned(), true)
            } else {
                (text.to_owned(), text.parse::<f64>().is_ok())
            };
            let lines = if text.is_empty() {
                Vec::new()
            } else if number {
                vec![shown]
            } else {
                wrap(&font, &shown, SIZE, (x1 - x0 - 2.0 * PAD) * PT_MM)
            };
            let block = lines.len() as f32 * LINE;
            let first_baseline = (y0 + y1) / 2.0 - block / 2.0 + LINE * 0.5 + SIZE * 0.35;
            let mut placed = Vec::new();
            for (i, line) in lines.into_iter().enumerate() {
                let width = font.width(&line, SIZE) / PT_MM;
                let x = if number { x1 - PAD - width } else { x0 + PAD };
                let baseline = first_baseline + i as f32 * LINE;
                glyphs.learn_text(&font, &line);
                placed.push((x, baseline, line));
            }
            cells_drawn.push((rect, placed));
        }
        drawn.push(cells_drawn);
    }
    let mut bytes = Vec::new();
    let mut w = Writer::new(&mut bytes)?;
    // Excel's name: a spreadsheet's print, which the reader joins pieces of.
    w.set_creator("Microsoft® Excel® 2016");
    for page in drawn {
        let mut content = String::from("0.5 w\n");
        for (rect, lines) in page {
            content.push_str(&format!("{rect} S\n"));
            if lines.is_empty() {
                continue;
            }
            // The cell's text drawn inside a clip of its box.
            content.push_str(&format!("q {rect} W n\n"));
            for (x, baseline, line) in lines {
                content.push_str(&format!(
                    "BT /{FONT_NAME} {} Tf {} {} Td {} ET\n",
                    num(SIZE),
                    num(x),
                    num(page_h - baseline),
                    show(&font, &glyphs, &line)
                ));
            }
            content.push_str("Q\n");
        }
        let id = w.content_of(content.as_bytes())?;
        w.page_sized(&[id], (page_w, page_h))?;
    }
    w.finish(
        &font,
        &glyphs,
        "自评表",
        &path.display().to_string(),
        None,
        &[],
    )?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)?;
    Ok(())
}

fn no_amounts() -> Value {
    json!({"initial": null, "adjusted": null, "executed": null})
}

fn no_funds() -> Value {
    json!({
        "total": no_amounts(), "current_year_appropriation": no_amounts(),
        "carryover": no_amounts(), "other": no_amounts(),
        "weight": null, "execution_rate": null, "score": null, "rows": []
    })
}

fn no_codes() -> Value {
    json!({"project": null, "department": null, "implementing_unit": null})
}

/// An indicator as the interchange format writes it.
#[allow(clippy::too_many_arguments)]
fn indicator(
    levels: [&str; 3],
    target: &str,
    actual: &str,
    weight: &str,
    score: &str,
    remark: &str,
    extra: Value,
) -> Value {
    json!({
        "level1": levels[0], "level2": levels[1], "level3": levels[2],
        "target": target, "actual": actual, "weight": weight, "score": score,
        "remark": remark, "extra": extra
    })
}

fn special_fund() -> (Sheet, Value) {
    let rows = vec![
        vec!["2023年度专项资金绩效自评表"],
        vec!["单位：万元"],
        vec!["专项资金名称", "乡村道路养护专项资金"],
        vec![
            "主管部们",
            "某县交通运输局",
            "",
            "",
            "实施单位",
            "某县公路养护站",
        ],
        vec![
            "资金情况",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "参考分值",
            "执行率",
            "自评得分",
        ],
        vec![
            "",
            "年度资金总额",
            "300",
            "320",
            "312",
            "10",
            "%0.975",
            "9.75",
        ],
        vec!["", "其中：当年财政拨款", "300", "320", "312", "—", "—", "—"],
        vec!["年度总体目标", "预期目标", "", "", "实际完成情况"],
        vec![
            "",
            "完成县乡道路日常养护120公里，实施路面病害处治和安全防护设施更换，县乡道路优良路率达到85%以上，群众满意度达到90%以上，养护资金全部按合同结算完成率100%。",
            "",
            "",
            "全年养护县乡道路126公里，处治路面病害3.2万平方米，更换护栏4.6公里，优良路率达到88%，群众满意度93%，养护资金按合同结算，结算完成率97.5%，年末尚有部分尾款待付，占比66%。",
        ],
        vec![
            "一级指标",
            "二级指标",
            "三级指标",
            "年初设定目标值",
            "全年完成值",
            "参考分值",
            "自评得分",
            "专家评分",
            "偏差原因分析及改进措施",
        ],
        vec![
            "产出指标",
            "数量指标",
            "养护里程",
            "≥120公里",
            "126公里",
            "30",
            "30",
            "28",
            "",
        ],
        vec![
            "",
            "质量指标",
            "道路优良率",
            "≥85%",
            "88%",
            "10",
            "10",
            "10",
            "",
        ],
        vec![
            "",
            "时效指标",
            "养护设施使用年限",
            "≥10年",
            "9年",
            "10",
            "9",
            "9",
            "部分护栏提前老化，已列入下年更换计划",
        ],
        vec![
            "效益指标",
            "社会效益指标",
            "与委托养护单位的合同结算条款完成情况",
            "明显改善",
            "明显改善",
            "30",
            "30",
            "28",
            "",
        ],
        vec![
            "满意度指标",
            "服务对象满意度指标",
            "沿线群众满意度",
            "≥90%",
            "=0.93",
            "10",
            "10",
            "9",
            "",
        ],
        vec!["总分", "", "", "", "", "100", "98.75", "93", ""],
    ];
    let merges = vec![
        (0, 0, 0, 8),
        (2, 1, 2, 8),
        (3, 1, 3, 3),
        (3, 5, 3, 8),
        (7, 1, 7, 3),
        (7, 4, 7, 8),
        (8, 1, 8, 3),
        (8, 4, 8, 8),
        (7, 0, 8, 0),
        (10, 0, 12, 0),
        (15, 0, 15, 4),
    ];
    let expert = |v: &str| json!([{"header": "专家评分", "value": v}]);
    let total = json!({"initial": "3000000", "adjusted": "3200000", "executed": "3120000"});
    let expected = json!({
        "source": {"file": "某县交通运输局/乡村道路养护专项资金-自评表.xlsx", "sheet": "自评表", "row": 1, "amount_unit": "万元"},
        "layout": "national",
        "year": 2023,
        "project_name": "乡村道路养护专项资金",
        "department": "某县交通运输局",
        "implementing_unit": "某县公路养护站",
        "codes": no_codes(),
        "funds": {
            "total": total, "current_year_appropriation": total,
            "carryover": no_amounts(), "other": no_amounts(),
            "weight": "10", "execution_rate": "0.975", "score": "9.75",
            "rows": [
                {"label": "年度资金总额", "amounts": total, "execution_rate": "0.975", "weight": "10", "score": "9.75", "remark": ""},
                {"label": "其中：当年财政拨款", "amounts": total, "execution_rate": null, "weight": null, "score": null, "remark": ""}
            ]
        },
        "goal": {"expected": "完成县乡道路日常养护120公里，实施路面病害处治和安全防护设施更换，县乡道路优良路率达到85%以上，群众满意度达到90%以上，养护资金全部按合同结算完成率100%。", "achieved": "全年养护县乡道路126公里，处治路面病害3.2万平方米，更换护栏4.6公里，优良路率达到88%，群众满意度93%，养护资金按合同结算，结算完成率97.5%，年末尚有部分尾款待付，占比66%。"},
        "indicators": [
            indicator(["产出指标", "数量指标", "养护里程"], "≥120公里", "126公里", "30", "30", "", expert("28")),
            indicator(["产出指标", "质量指标", "道路优良率"], "≥85%", "88%", "10", "10", "", expert("10")),
            indicator(["产出指标", "时效指标", "养护设施使用年限"], "≥10年", "9年", "10", "9", "部分护栏提前老化，已列入下年更换计划", expert("9")),
            indicator(["效益指标", "社会效益指标", "与委托养护单位的合同结算条款完成情况"], "明显改善", "明显改善", "30", "30", "", expert("28")),
            indicator(["满意度指标", "服务对象满意度指标", "沿线群众满意度"], "≥90%", "0.93", "10", "10", "", expert("9")),
        ],
        "groups": [],
        "total": {"weight": "100", "score": "98.75"},
        "sections": []
    });
    (
        Sheet {
            name: "自评表",
            rows,
            merges,
        },
        expected,
    )
}

fn framework_2020() -> (Sheet, Value) {
    let rows = vec![
        vec!["2023年度项目支出绩效自评表"],
        vec!["项目名称", "城市书房运营"],
        vec![
            "主管部门",
            "某市文化广电旅游局",
            "",
            "",
            "实施单位",
            "某市图书馆",
        ],
        vec![
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        vec![
            "项目决策（10分）",
            "项目立项",
            "立项依据充分性",
            "充分",
            "充分",
            "5",
            "5",
            "",
        ],
        vec![
            "",
            "绩效目标",
            "绩效目标合理性",
            "合理",
            "合理",
            "5",
            "5",
            "",
        ],
        vec![
            "项目管理（25分）",
            "资金管理",
            "预算执行率",
            "100%",
            "96%",
            "10",
            "9.6",
            "年末部分采购款次年支付",
        ],
        vec![
            "",
            "组织实施",
            "管理制度健全性",
            "健全",
            "健全",
            "15",
            "15",
            "",
        ],
        vec![
            "项目产出（40分）",
            "数量指标",
            "城市书房数量",
            "≥10个",
            "10个",
            "20",
            "20",
            "",
        ],
        vec!["", "质量指标", "设备完好率", "≥95%", "98%", "20", "20", ""],
        vec![
            "项目效益（25分）",
            "社会效益指标",
            "年接待读者人次",
            "≥20万人次",
            "22万人次",
            "15",
            "15",
            "",
        ],
        vec![
            "",
            "服务对象满意度指标",
            "读者满意度",
            "≥90%",
            "93%",
            "10",
            "10",
            "",
        ],
        vec!["总分", "", "", "", "", "100", "99.6", ""],
    ];
    let merges = vec![
        (0, 0, 0, 7),
        (1, 1, 1, 7),
        (2, 1, 2, 3),
        (2, 5, 2, 7),
        (4, 0, 5, 0),
        (6, 0, 7, 0),
        (8, 0, 9, 0),
        (10, 0, 11, 0),
        (12, 0, 12, 4),
    ];
    let no = json!([]);
    let group = |label: &str, name: &str, weight: &str, first: usize| json!({"kind": "level1", "label": label, "name": name, "weight": weight, "first": first, "count": 2});
    let expected = json!({
        "source": {"file": "某市文化广电旅游局/城市书房运营-绩效自评表.xlsx", "sheet": "自评表", "row": 1, "amount_unit": "元"},
        "layout": "generic",
        "year": 2023,
        "project_name": "城市书房运营",
        "department": "某市文化广电旅游局",
        "implementing_unit": "某市图书馆",
        "codes": no_codes(),
        "funds": no_funds(),
        "goal": {"expected": "", "achieved": ""},
        "indicators": [
            indicator(["项目决策", "项目立项", "立项依据充分性"], "充分", "充分", "5", "5", "", no.clone()),
            indicator(["项目决策", "绩效目标", "绩效目标合理性"], "合理", "合理", "5", "5", "", no.clone()),
            indicator(["项目管理", "资金管理", "预算执行率"], "100%", "96%", "10", "9.6", "年末部分采购款次年支付", no.clone()),
            indicator(["项目管理", "组织实施", "管理制度健全性"], "健全", "健全", "15", "15", "", no.clone()),
            indicator(["项目产出", "数量指标", "城市书房数量"], "≥10个", "10个", "20", "20", "", no.clone()),
            indicator(["项目产出", "质量指标", "设备完好率"], "≥95%", "98%", "20", "20", "", no.clone()),
            indicator(["项目效益", "社会效益指标", "年接待读者人次"], "≥20万人次", "22万人次", "15", "15", "", no.clone()),
            indicator(["项目效益", "服务对象满意度指标", "读者满意度"], "≥90%", "93%", "10", "10", "", no.clone()),
        ],
        "groups": [
            group("项目决策（10分）", "项目决策", "10", 0),
            group("项目管理（25分）", "项目管理", "25", 2),
            group("项目产出（40分）", "项目产出", "40", 4),
            group("项目效益（25分）", "项目效益", "25", 6),
        ],
        "total": {"weight": "100", "score": "99.6"},
        "sections": []
    });
    (
        Sheet {
            name: "自评表",
            rows,
            merges,
        },
        expected,
    )
}

fn total_first() -> (Sheet, Value) {
    let rows = vec![
        vec!["2023年度财政项目支出绩效自评表"],
        vec!["项目名称", "义务教育课后服务补助"],
        vec!["主管部门", "某区教育局", "", "", "实施单位", "某区实验小学"],
        vec![
            "项目资金（元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ],
        vec![
            "",
            "年度资金总额",
            "800000",
            "800000",
            "792000",
            "10",
            "%0.99",
            "9.9",
        ],
        vec![
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        vec!["合计", "", "", "", "", "100", "99.9", ""],
        vec![
            "产出指标",
            "数量指标",
            "参加课后服务学生数",
            "≥1500人",
            "1620人",
            "30",
            "30",
            "",
        ],
        vec![
            "",
            "质量指标",
            "课后服务覆盖率",
            "≥95%",
            "98%",
            "20",
            "20",
            "",
        ],
        vec![
            "效益指标",
            "社会效益指标",
            "家长接送负担减轻",
            "明显减轻",
            "明显减轻",
            "30",
            "30",
            "",
        ],
        vec![
            "满意度指标",
            "服务对象满意度指标",
            "家长满意度",
            "≥90%",
            "96%",
            "10",
            "10",
            "",
        ],
    ];
    let merges = vec![
        (0, 0, 0, 7),
        (1, 1, 1, 7),
        (2, 1, 2, 3),
        (2, 5, 2, 7),
        (3, 0, 4, 0),
        (6, 0, 6, 4),
        (7, 0, 8, 0),
    ];
    let no = json!([]);
    let total = json!({"initial": "800000", "adjusted": "800000", "executed": "792000"});
    let expected = json!({
        "source": {"file": "某区教育局/课后服务补助-自评表.xlsx", "sheet": "自评表", "row": 1, "amount_unit": "元"},
        "layout": "national",
        "year": 2023,
        "project_name": "义务教育课后服务补助",
        "department": "某区教育局",
        "implementing_unit": "某区实验小学",
        "codes": no_codes(),
        "funds": {
            "total": total, "current_year_appropriation": no_amounts(),
            "carryover": no_amounts(), "other": no_amounts(),
            "weight": "10", "execution_rate": "0.99", "score": "9.9",
            "rows": [
                {"label": "年度资金总额", "amounts": total, "execution_rate": "0.99", "weight": "10", "score": "9.9", "remark": ""}
            ]
        },
        "goal": {"expected": "", "achieved": ""},
        "indicators": [
            indicator(["产出指标", "数量指标", "参加课后服务学生数"], "≥1500人", "1620人", "30", "30", "", no.clone()),
            indicator(["产出指标", "质量指标", "课后服务覆盖率"], "≥95%", "98%", "20", "20", "", no.clone()),
            indicator(["效益指标", "社会效益指标", "家长接送负担减轻"], "明显减轻", "明显减轻", "30", "30", "", no.clone()),
            indicator(["满意度指标", "服务对象满意度指标", "家长满意度"], "≥90%", "96%", "10", "10", "", no.clone()),
        ],
        "groups": [],
        "total": {"weight": "100", "score": "99.9"},
        "sections": []
    });
    (
        Sheet {
            name: "自评表",
            rows,
            merges,
        },
        expected,
    )
}

/// A city's 绩效评价表: 单位名称/项目名称 in one cell with its value joined the same way,
/// 主管单位 with its value after a colon, a funds header whose one row of amounts (万元) has
/// no label, 绩效目标 with its sentence beside it, and an indicator header nobody described:
/// 指标类别 | 指标内容 | 指标名称 | 计划值 | 实际值 | 分值 | 评分 | 偏差说明, the level columns
/// holding short level names (产出, 数量).
fn evaluation_sheet() -> (Sheet, Value) {
    let rows = vec![
        vec!["2023年度某市财政支出项目绩效评价表"],
        vec![
            "单位名称/项目名称",
            "某市疾病预防控制中心/重大传染病防控经费",
        ],
        vec!["主管单位：某市卫生健康委员会"],
        vec![
            "资金情况（万元）",
            "预算数",
            "执行数",
            "执行率",
            "分值",
            "得分",
        ],
        vec!["", "500", "480", "%0.96", "10", "9.6"],
        vec![
            "绩效目标",
            "完成全市法定传染病监测报告，及时处置突发疫情，重点传染病发病率控制在5‰以内。",
        ],
        vec![
            "指标类别",
            "指标内容",
            "指标名称",
            "计划值",
            "实际值",
            "分值",
            "评分",
            "偏差说明",
        ],
        vec![
            "产出",
            "数量",
            "传染病监测报告数",
            "≥12份",
            "12份",
            "20",
            "20",
            "",
        ],
        vec!["", "质量", "疫情报告及时率", "≥95%", "98%", "20", "20", ""],
        vec![
            "",
            "时效",
            "疫情处置时限",
            "≤24小时",
            "20小时",
            "10",
            "10",
            "",
        ],
        vec![
            "效益",
            "社会效益",
            "重点传染病发病率",
            "≤5‰",
            "4.2‰",
            "30",
            "30",
            "",
        ],
        vec![
            "满意度",
            "服务对象满意度",
            "群众满意度",
            "≥85%",
            "88%",
            "10",
            "10",
            "",
        ],
        vec!["合计", "", "", "", "", "100", "99.6", ""],
    ];
    let merges = vec![
        (0, 0, 0, 7),
        (1, 1, 1, 7),
        (2, 0, 2, 7),
        (5, 1, 5, 7),
        (7, 0, 9, 0),
        (12, 0, 12, 4),
    ];
    let no = json!([]);
    let total = json!({"initial": null, "adjusted": "5000000", "executed": "4800000"});
    let expected = json!({
        "source": {"file": "某市卫生健康委员会/重大传染病防控经费-绩效评价表.xlsx", "sheet": "自评表", "row": 1, "amount_unit": "万元"},
        "layout": "generic",
        "year": 2023,
        "project_name": "重大传染病防控经费",
        "department": "某市卫生健康委员会",
        "implementing_unit": "某市疾病预防控制中心",
        "codes": no_codes(),
        "funds": {
            "total": total, "current_year_appropriation": no_amounts(),
            "carryover": no_amounts(), "other": no_amounts(),
            "weight": "10", "execution_rate": "0.96", "score": "9.6",
            "rows": [
                {"label": "年度资金总额", "amounts": total, "execution_rate": "0.96", "weight": "10", "score": "9.6", "remark": ""}
            ]
        },
        "goal": {
            "expected": "完成全市法定传染病监测报告，及时处置突发疫情，重点传染病发病率控制在5‰以内。",
            "achieved": ""
        },
        "indicators": [
            indicator(["产出指标", "数量指标", "传染病监测报告数"], "≥12份", "12份", "20", "20", "", no.clone()),
            indicator(["产出指标", "质量指标", "疫情报告及时率"], "≥95%", "98%", "20", "20", "", no.clone()),
            indicator(["产出指标", "时效指标", "疫情处置时限"], "≤24小时", "20小时", "10", "10", "", no.clone()),
            indicator(["效益指标", "社会效益指标", "重点传染病发病率"], "≤5‰", "4.2‰", "30", "30", "", no.clone()),
            indicator(["满意度指标", "服务对象满意度指标", "群众满意度"], "≥85%", "88%", "10", "10", "", no.clone()),
        ],
        "groups": [],
        "total": {"weight": "100", "score": "99.6"},
        "sections": []
    });
    (
        Sheet {
            name: "自评表",
            rows,
            merges,
        },
        expected,
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = Path::new(OUT);
    let mut expected = Vec::new();
    for (sheet, form) in [
        special_fund(),
        framework_2020(),
        total_first(),
        evaluation_sheet(),
    ] {
        let file = form["source"]["file"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        write(&out.join(&file), &sheet, false)?;
        write(&Path::new(TIGHT).join(&file), &sheet, true)?;
        excel_print(
            &Path::new(CLIPPED).join(&file).with_extension("pdf"),
            &sheet,
        )?;
        expected.push(form);
    }
    // Two forms stacked in one sheet, a blank row between (as 湖北 units send them): only as
    // a tight print, the forms' expected values those above with their own source.
    let (first, mut first_form) = special_fund();
    let (second, mut second_form) = total_first();
    let below = first.rows.len() as u32 + 1;
    let mut rows = first.rows.clone();
    rows.push(vec![]);
    rows.extend(second.rows.iter().cloned());
    let merges = first
        .merges
        .iter()
        .copied()
        .chain(
            second
                .merges
                .iter()
                .map(|&(r1, c1, r2, c2)| (r1 + below, c1, r2 + below, c2)),
        )
        .collect();
    let stacked = "某县交通运输局/两个项目-自评表.xlsx";
    let sheet = Sheet {
        name: "自评表",
        rows,
        merges,
    };
    write(&Path::new(TIGHT).join(stacked), &sheet, true)?;
    excel_print(
        &Path::new(CLIPPED).join(stacked).with_extension("pdf"),
        &sheet,
    )?;
    first_form["source"]["file"] = json!(stacked);
    second_form["source"]["file"] = json!(stacked);
    second_form["source"]["row"] = json!(below + 1);
    let stacked_forms = serde_json::to_string_pretty(&json!([first_form, second_form]))?;
    std::fs::write(
        format!("{TIGHT}/stacked-expected.json"),
        format!("{stacked_forms}\n"),
    )?;
    let text = serde_json::to_string_pretty(&Value::Array(expected))?;
    std::fs::write(format!("{OUT}-expected.json"), format!("{text}\n"))?;
    println!("wrote {} forms to {OUT}", 4);
    Ok(())
}
