//! The extractor fuzzer's input: arbitrary grids — cells drawn from the form's own
//! vocabulary, numbers and noise, with arbitrary merges. Shared by the fuzz target and by
//! tests/fuzz_regressions.rs, which replays the inputs it once crashed on.

use arbitrary::Arbitrary;
use zipingbiao::read::{Cell, Grid, Merge, Pos, SourceKind};

const WORDS: &[&str] = &[
    "",
    "",
    "",
    "财政项目支出绩效自评表",
    "(2023 年度)",
    "项目名称",
    "主管部门",
    "实施单位",
    "项目资金（万元）",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
    "年度总体目标",
    "预期目标",
    "实际完成情况",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "偏差原因分析及改进措施",
    "总分",
    "产出指标",
    "效益指标",
    "满意度指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "社会效益指标",
    "服务对象满意度指标",
    "指标性质",
    "度量单位",
    "≥",
    "%",
    ">=90%",
    "=100%",
    "同比减少5%",
    "一个工作日",
    "及时",
    "较高",
    "未测评",
    "05",
    "10",
    "100",
    "96",
    "4.9",
    "12,690,000.00",
    "100.00%",
    "—",
    "#DIV/0!",
    "项目名称：测试",
];

#[derive(Debug, Arbitrary)]
pub struct FuzzCell {
    pub word: u8,
    pub noise: Option<String>,
}

#[derive(Debug, Arbitrary)]
pub struct FuzzGrid {
    pub rows: Vec<Vec<FuzzCell>>,
    pub merges: Vec<(u8, u8, u8, u8)>,
    pub sheet: bool,
}

/// The grid an input stands for; `None` where its merges are past the limits.
pub fn grid_of(input: &FuzzGrid) -> Option<Grid> {
    let kind = if input.sheet {
        SourceKind::Sheet
    } else {
        SourceKind::Text
    };
    let mut grid = Grid::new(kind, input.sheet.then(|| "Sheet1".to_owned()));
    grid.rows = input
        .rows
        .iter()
        .take(300)
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .take(40)
                .enumerate()
                .map(|(c, cell)| Cell {
                    text: cell
                        .noise
                        .clone()
                        .unwrap_or_else(|| WORDS[cell.word as usize % WORDS.len()].to_owned()),
                    pos: Pos::new(r as u32, c as u32),
                    is_error: cell.word == 255,
                })
                .collect()
        })
        .collect();
    let merges = input
        .merges
        .iter()
        .take(50)
        .map(|&(a, b, h, w)| Merge {
            first_row: a as usize,
            first_col: b as usize % 40,
            last_row: a as usize + (h as usize % 20),
            last_col: b as usize % 40 + (w as usize % 9),
        })
        .collect();
    grid.set_merges(merges, "fuzz").ok()?;
    Some(grid)
}

/// What the target does with a grid: extract, check, put in a batch.
pub fn exercise(grid: &Grid, settings: &zipingbiao::Settings) {
    let Ok(forms) = zipingbiao::extract::extract_forms(grid, "fuzz", &settings.vocab) else {
        return;
    };
    let mut batch = zipingbiao::Batch::default();
    for form in forms {
        let a = zipingbiao::check::assess(&form, &settings.rules, &settings.vocab);
        let _ = batch.push(form, a);
    }
    let _ = batch.finish();
}
