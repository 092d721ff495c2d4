//! Points in labels (rule `points-in-label`): `产出指标（50分）`, `年度绩效目标1（40分）`,
//! `绩效指标（90分）`, `预算执行情况（10分）`, `得分（20分*执行率）`. The points are the weight of
//! what the label heads; the label without them is its name. Letters in labels (`（A）`,
//! `（B/A）`) are no points.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::normalize::to_halfwidth;

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
