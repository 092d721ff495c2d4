//! Points in labels (rule `points-in-label`): `产出指标（50分）`, `数量指标（30分）`, `年度绩效目标1（40分）`,
//! `绩效指标（90分）`, `预算执行情况（10分）`, `得分（20分*执行率）`. The points are the weight of
//! what the label heads; the label without them is its name. Letters in labels (`（A）`,
//! `（B/A）`) are no points.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{Group, GroupKind, Indicator, Located, Number};
use crate::normalize::{clean_text, label_key, to_halfwidth};
use crate::read::Cell;

/// `(50分)`, `(20分*执行率)`: points in a bracket.
static POINTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(\s*([0-9]+(?:\.[0-9]+)?)\s*分").expect("valid points pattern"));

/// The points a label carries, if any.
pub fn points(label: &str) -> Option<Decimal> {
    let t = to_halfwidth(label);
    let caps = POINTS.captures(&t)?;
    caps.get(1)?.as_str().parse().ok()
}

/// True where a cell holds only points (`（50分）`): a merged level-1 cell that lost its name.
pub fn only_points(label: &str) -> bool {
    let t: String = to_halfwidth(label)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    t.starts_with('(')
        && t.ends_with(')')
        && points(&t).is_some()
        && t.chars().filter(|c| *c == '(').count() == 1
}

/// The groups of a text copy's table, from where they open: a block runs to the next
/// block (or the table's end); a level-1 group runs while its rows keep its level 1, to the
/// next level-1 group at most; a level-2 group while they keep its level 1 and 2, to the
/// next level group at most. `(indicator index, [kind,] label cell)` in table order.
pub fn from_marks(
    indicators: &[Indicator],
    blocks: &[(usize, &Cell)],
    levels: &[(usize, GroupKind, &Cell)],
) -> Vec<Group> {
    let mut groups = Vec::new();
    let weight = |cell: &Cell| Number::new(points(&cell.text), Some(cell.pos), cell.text.clone());
    let label =
        |cell: &Cell| Located::new(clean_text(&cell.text), Some(cell.pos), cell.text.clone());
    for (i, &(first, cell)) in blocks.iter().enumerate() {
        let end = blocks
            .get(i + 1)
            .map_or(indicators.len(), |&(next, _)| next);
        if end > first {
            groups.push(Group {
                kind: GroupKind::Block,
                label: label(cell),
                name: label_key(&cell.text),
                weight: weight(cell),
                first,
                count: end - first,
            });
        }
    }
    for (i, &(first, kind, cell)) in levels.iter().enumerate() {
        let Some(head) = indicators.get(first) else {
            continue;
        };
        // To the next mark of this level or above at most.
        let limit = levels[i + 1..]
            .iter()
            .find(|&&(next, k, _)| next > first && (k == kind || k == GroupKind::Level1))
            .map_or(indicators.len(), |&(next, _, _)| next);
        let same = |ind: &Indicator| {
            ind.level1.value == head.level1.value
                && (kind == GroupKind::Level1 || ind.level2.value == head.level2.value)
        };
        let count = indicators[first..limit]
            .iter()
            .take_while(|ind| same(ind))
            .count();
        groups.push(Group {
            kind,
            label: label(cell),
            name: match kind {
                GroupKind::Level2 => head.level2.value.clone(),
                _ => head.level1.value.clone(),
            },
            weight: weight(cell),
            first,
            count,
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_read_from_brackets_and_letters_are_not_points() {
        assert_eq!(points("产出指标（50分）"), Some(Decimal::from(50)));
        assert_eq!(points("年度绩效目标1（40分）"), Some(Decimal::from(40)));
        assert_eq!(
            points("预算执行情况（万元）（20分）"),
            Some(Decimal::from(20))
        );
        assert_eq!(points("得分（20分*执行率）"), Some(Decimal::from(20)));
        assert_eq!(points("绩效指标(90分)"), Some(Decimal::from(90)));
        assert_eq!(points("全年预算数（A）"), None);
        assert_eq!(points("执行率（B/A）"), None);
        assert_eq!(points("产出指标"), None);
        assert!(only_points("（50分）"));
        assert!(only_points(" (10 分) "));
        assert!(!only_points("产出指标（50分）"));
    }
}
