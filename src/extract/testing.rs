//! Small worksheets written in tests as tab-separated rows, with their merges: the grid a
//! spreadsheet reader would give, columns trusted.

use crate::model::{Form, GroupKind};
use crate::read::{Grid, GridReader, Merge, SourceKind, text::TextReader};
use rust_decimal::Decimal;

use super::vocabulary::Vocabulary;

/// A worksheet of `rows` (cells tab-separated) with `merges` as (first row, first column,
/// last row, last column), 0-based.
pub fn sheet(rows: &str, merges: &[(usize, usize, usize, usize)]) -> Grid {
    let mut grid = TextReader::TAB
        .read(rows.as_bytes())
        .expect("a test table")
        .remove(0);
    grid.kind = SourceKind::Sheet;
    grid.sheet = Some("Sheet1".to_owned());
    let merges = merges
        .iter()
        .map(|&(first_row, first_col, last_row, last_col)| Merge {
            first_row,
            first_col,
            last_row,
            last_col,
        })
        .collect();
    grid.set_merges(merges, "表").expect("few merges");
    grid
}

/// The forms of a test worksheet, read with the built-in vocabulary.
pub fn forms(rows: &str, merges: &[(usize, usize, usize, usize)]) -> Vec<Form> {
    super::extract_forms(&sheet(rows, merges), "t.xlsx", &Vocabulary::builtin())
        .expect("within the limits")
}

/// The identity and funds rows of a national form (rows 0–4), for tests that vary the rest.
pub const HEAD: &str = "项目名称\t社区养老服务\n\
    主管部门\t区民政局\t实施单位\t区养老服务中心\n\
    项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
    \t年度资金总额\t100\t100\t90\t10\t90%\t9\n\
    年度总体目标\t预期目标\t实际完成情况\n\
    \t服务老人100人\t服务老人120人\n";

/// The forms of a text copy (tab-separated, columns not trusted).
pub fn text_forms(tsv: &str) -> Vec<Form> {
    let grids = TextReader::TAB.read(tsv.as_bytes()).expect("a test text");
    super::extract_forms(&grids[0], "t.txt", &Vocabulary::builtin()).expect("within the limits")
}

/// A form's groups as (kind, name, weight, first row, rows).
pub fn groups(f: &Form) -> Vec<(GroupKind, &str, Option<Decimal>, usize, usize)> {
    f.groups
        .iter()
        .map(|g| (g.kind, g.name.as_str(), g.weight.value, g.first, g.count))
        .collect()
}

/// A form's indicators as (level 1, level 2), as read.
pub fn levels(f: &Form) -> Vec<(&str, &str)> {
    f.indicators
        .iter()
        .map(|i| (i.level1.value.as_str(), i.level2.value.as_str()))
        .collect()
}

/// The groups of the 湖北 test tables: two blocks of 40 points, two rows and one.
pub fn hubei_blocks() -> Vec<(GroupKind, &'static str, Option<Decimal>, usize, usize)> {
    let forty = Some(Decimal::from(40));
    vec![
        (GroupKind::Block, "年度绩效目标1", forty, 0, 2),
        (GroupKind::Block, "年度绩效目标2", forty, 2, 1),
    ]
}
