//! Which of last year's forms is which of this year's, and which indicator is which.
//!
//! Rule `yoy-name`: the same 实施单位 and project name once both are normalised — spaces,
//! full-width forms, punctuation and years left aside (`2022年XX经费` ~ `2023年度 XX 经费`).
//! Rule `yoy-budget-code`: a form the names leave unmatched is matched by its 项目编码.
//! Rule `yoy-indicator`: indicators within a pair by their normalised level-3 name.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::to_halfwidth;

/// How a pair was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchedBy {
    /// Rule `yoy-name`.
    Name,
    /// Rule `yoy-budget-code`.
    BudgetCode,
}

impl MatchedBy {
    /// In Chinese, as the match report says it.
    pub fn zh(self) -> &'static str {
        match self {
            MatchedBy::Name => "单位和项目名称相同",
            MatchedBy::BudgetCode => "项目编码相同",
        }
    }

    /// As `comparison.json` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Name => "name",
            MatchedBy::BudgetCode => "budget_code",
        }
    }
}

/// A year with 年 or 年度 after it, or a bare one between other characters.
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:19|20)[0-9]{2}\s*(?:年度|年)?").expect("valid year pattern"));

/// A name as it is compared: half-width, lower case, without years, spaces or punctuation.
pub fn name_key(name: &str) -> String {
    let half = to_halfwidth(name);
    let without_years = YEAR.replace_all(&half, "");
    without_years
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What the matching needs of a form of either year.
pub struct Keyed<'a> {
    /// 实施单位.
    pub unit: &'a str,
    /// 项目名称.
    pub project: &'a str,
    /// 项目编码, if any.
    pub budget_code: Option<&'a str>,
}

/// Pairs `current` with `previous` (indices into each), each at most once, in the order of
/// `current`; the rest of either side stays unpaired.
pub fn pair(current: &[Keyed], previous: &[Keyed]) -> Vec<(usize, usize, MatchedBy)> {
    let mut taken = vec![false; previous.len()];
    let mut by_name: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (j, p) in previous.iter().enumerate() {
        by_name
            .entry((name_key(p.unit), name_key(p.project)))
            .or_default()
            .push(j);
    }
    let mut pairs = Vec::new();
    let mut unpaired = Vec::new();
    for (i, c) in current.iter().enumerate() {
        let key = (name_key(c.unit), name_key(c.project));
        let found = by_name
            .get(&key)
            .and_then(|js| js.iter().copied().find(|&j| !taken[j]));
        match found {
            Some(j) if !key.1.is_empty() => {
                taken[j] = true;
                pairs.push((i, j, MatchedBy::Name));
            }
            _ => unpaired.push(i),
        }
    }
    let code_key = |code: Option<&str>| code.map(name_key).filter(|k| !k.is_empty());
    let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, p) in previous.iter().enumerate() {
        if let Some(code) = code_key(p.budget_code)
            && !taken[j]
        {
            by_code.entry(code).or_default().push(j);
        }
    }
    for i in unpaired {
        let Some(code) = code_key(current[i].budget_code) else {
            continue;
        };
        if let Some(j) = by_code
            .get(&code)
            .and_then(|js| js.iter().copied().find(|&j| !taken[j]))
        {
            taken[j] = true;
            pairs.push((i, j, MatchedBy::BudgetCode));
        }
    }
    pairs.sort_by_key(|p| p.0);
    pairs
}

/// For each of `current`'s level-3 names, the index of the same indicator among
/// `previous`'s, each used once (rule `yoy-indicator`).
pub fn pair_indicators(current: &[&str], previous: &[&str]) -> Vec<Option<usize>> {
    // Each name of last year by its key, in order: a form's 1,000 rows pair in linear time.
    let mut by_key: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
    for (j, p) in previous.iter().enumerate() {
        by_key.entry(name_key(p)).or_default().push_back(j);
    }
    current
        .iter()
        .map(|name| {
            let key = name_key(name);
            if key.is_empty() {
                return None;
            }
            by_key.get_mut(&key)?.pop_front()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed<'a>(unit: &'a str, project: &'a str, code: Option<&'a str>) -> Keyed<'a> {
        Keyed {
            unit,
            project,
            budget_code: code,
        }
    }

    #[test]
    fn names_match_without_years_spaces_and_punctuation() {
        assert_eq!(name_key("2022年 XX经费"), name_key("2023年度XX经费"));
        assert_eq!(
            name_key("（2023）城市道路养护-经费"),
            name_key("城市道路养护经费")
        );
        assert_eq!(name_key("ＡＢＣ 项目"), "abc项目");
        assert_ne!(name_key("城市道路养护经费"), name_key("城市道路维修经费"));
    }

    #[test]
    fn forms_pair_by_unit_and_name_then_by_code_each_once() {
        let current = [
            keyed("甲单位", "2023年道路养护经费", None),
            keyed("甲单位", "绿化养护（新名称）", Some("P-001")),
            keyed("乙单位", "道路养护经费", None),
            keyed("甲单位", "新项目", Some("P-999")),
        ];
        let previous = [
            keyed("甲单位", "2022年道路养护经费", None),
            keyed("甲单位", "绿化管护", Some("P001")),
            keyed("丙单位", "已结束项目", None),
        ];
        assert_eq!(
            pair(&current, &previous),
            [(0, 0, MatchedBy::Name), (1, 1, MatchedBy::BudgetCode)]
        );
        // A second form of the same name does not take a pair already taken.
        let twice = [
            keyed("甲单位", "道路养护经费", None),
            keyed("甲单位", "道路养护经费", None),
        ];
        assert_eq!(pair(&twice, &previous), [(0, 0, MatchedBy::Name)]);
    }

    #[test]
    fn indicators_pair_by_level3_name() {
        let got = pair_indicators(
            &["道路保洁达标率", "新指标", "市民满意度", ""],
            &["市民 满意度", "道路保洁达标率"],
        );
        assert_eq!(got, [Some(1), None, Some(0), None]);
    }
}
