//! The label vocabulary and the indicator taxonomy, loaded from `templates/form.toml`.
//!
//! The default is compiled in, so the program works from any folder; a user may load an
//! edited copy for a province's variant.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use crate::normalize::{label_key, label_key_start};

/// The template compiled into the program.
pub const DEFAULT_FORM_TEMPLATE: &str = include_str!("../../templates/form.toml");

/// Every label the extractor looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    ProjectName,
    Department,
    ImplementingUnit,
    FundsHeader,
    Initial,
    Adjusted,
    Executed,
    FundsWeight,
    FundsRate,
    FundsScore,
    FundsTotal,
    CurrentYearAppropriation,
    Carryover,
    Other,
    Goal,
    GoalExpected,
    GoalAchieved,
    IndicatorBlock,
    Level1,
    Level2,
    Level3,
    Target,
    TargetDirection,
    TargetUnit,
    Actual,
    Weight,
    Score,
    Remark,
    Total,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    labels: LabelLists,
    taxonomy: Vec<Level1Entry>,
    #[serde(default)]
    aliases: HashMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelLists {
    title: Vec<String>,
    project_name: Vec<String>,
    department: Vec<String>,
    implementing_unit: Vec<String>,
    funds_header: Vec<String>,
    initial: Vec<String>,
    adjusted: Vec<String>,
    executed: Vec<String>,
    funds_weight: Vec<String>,
    funds_rate: Vec<String>,
    funds_score: Vec<String>,
    funds_total: Vec<String>,
    current_year_appropriation: Vec<String>,
    carryover: Vec<String>,
    other: Vec<String>,
    goal: Vec<String>,
    goal_expected: Vec<String>,
    goal_achieved: Vec<String>,
    indicator_block: Vec<String>,
    level1: Vec<String>,
    level2: Vec<String>,
    level3: Vec<String>,
    target: Vec<String>,
    target_direction: Vec<String>,
    target_unit: Vec<String>,
    actual: Vec<String>,
    weight: Vec<String>,
    score: Vec<String>,
    remark: Vec<String>,
    total: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Level1Entry {
    level1: String,
    level2: Vec<String>,
}

/// What a taxonomy name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    One(String),
    /// A level-2 name and its level 1.
    Two {
        name: String,
        parent: String,
    },
}

/// The compiled vocabulary: label keys to labels, and the taxonomy.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    labels: HashMap<String, Vec<Label>>,
    titles: Vec<String>,
    levels: HashMap<String, Level>,
    level2_by_level1: HashMap<String, Vec<String>>,
    /// The first characters of the label keys and of the taxonomy's keys: most cells (numbers,
    /// names, remarks) start with none of them and are told apart without building a key.
    label_starts: HashSet<char>,
    level_starts: HashSet<char>,
}

/// A template that cannot be used, said so the user can fix the file.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("模板文件 {path} 无法读取：{detail}")]
    Io { path: String, detail: String },
    #[error("模板文件 {path} 格式有误：{detail}")]
    Syntax { path: String, detail: String },
    #[error("模板文件 {path} 内容有误：{detail}")]
    Invalid { path: String, detail: String },
}

/// A template file's text and the path as shown in messages.
pub fn read_template(path: &Path) -> Result<(String, String), TemplateError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| TemplateError::Io {
        path: shown.clone(),
        detail: e.to_string(),
    })?;
    Ok((text, shown))
}

impl Vocabulary {
    /// The compiled-in default.
    pub fn builtin() -> Self {
        // The default template is part of the program and covered by tests.
        Self::parse(DEFAULT_FORM_TEMPLATE, "templates/form.toml")
            .expect("the built-in templates/form.toml is valid")
    }

    /// Loads `form.toml` from a file a user edited.
    pub fn load(path: &Path) -> Result<Self, TemplateError> {
        let (text, shown) = read_template(path)?;
        Self::parse(&text, &shown)
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, TemplateError> {
        let file: TemplateFile = toml::from_str(text).map_err(|e| TemplateError::Syntax {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        let invalid = |detail: String| TemplateError::Invalid {
            path: path.to_owned(),
            detail,
        };
        let l = &file.labels;
        let lists: [(Label, &Vec<String>, &str); 29] = [
            (Label::ProjectName, &l.project_name, "project_name"),
            (Label::Department, &l.department, "department"),
            (
                Label::ImplementingUnit,
                &l.implementing_unit,
                "implementing_unit",
            ),
            (Label::FundsHeader, &l.funds_header, "funds_header"),
            (Label::Initial, &l.initial, "initial"),
            (Label::Adjusted, &l.adjusted, "adjusted"),
            (Label::Executed, &l.executed, "executed"),
            (Label::FundsWeight, &l.funds_weight, "funds_weight"),
            (Label::FundsRate, &l.funds_rate, "funds_rate"),
            (Label::FundsScore, &l.funds_score, "funds_score"),
            (Label::FundsTotal, &l.funds_total, "funds_total"),
            (
                Label::CurrentYearAppropriation,
                &l.current_year_appropriation,
                "current_year_appropriation",
            ),
            (Label::Carryover, &l.carryover, "carryover"),
            (Label::Other, &l.other, "other"),
            (Label::Goal, &l.goal, "goal"),
            (Label::GoalExpected, &l.goal_expected, "goal_expected"),
            (Label::GoalAchieved, &l.goal_achieved, "goal_achieved"),
            (Label::IndicatorBlock, &l.indicator_block, "indicator_block"),
            (Label::Level1, &l.level1, "level1"),
            (Label::Level2, &l.level2, "level2"),
            (Label::Level3, &l.level3, "level3"),
            (Label::Target, &l.target, "target"),
            (
                Label::TargetDirection,
                &l.target_direction,
                "target_direction",
            ),
            (Label::TargetUnit, &l.target_unit, "target_unit"),
            (Label::Actual, &l.actual, "actual"),
            (Label::Weight, &l.weight, "weight"),
            (Label::Score, &l.score, "score"),
            (Label::Remark, &l.remark, "remark"),
            (Label::Total, &l.total, "total"),
        ];
        let mut labels: HashMap<String, Vec<Label>> = HashMap::new();
        for (label, names, key) in lists {
            if names.iter().all(|n| label_key(n).is_empty()) {
                return Err(invalid(format!("[labels] {key} 至少需要一个名称")));
            }
            for name in names {
                let entry = labels.entry(label_key(name)).or_default();
                if !entry.contains(&label) {
                    entry.push(label);
                }
            }
        }
        if l.title.iter().all(|t| label_key(t).is_empty()) {
            return Err(invalid("[labels] title 至少需要一个名称".to_owned()));
        }
        let titles = l.title.iter().map(|t| label_key(t)).collect();

        let mut levels = HashMap::new();
        let mut level2_by_level1: HashMap<String, Vec<String>> = HashMap::new();
        for entry in &file.taxonomy {
            let one = label_key(&entry.level1);
            if levels
                .insert(one.clone(), Level::One(one.clone()))
                .is_some()
            {
                return Err(invalid(format!("一级指标“{one}”重复出现")));
            }
            for two in &entry.level2 {
                let two = label_key(two);
                let level = Level::Two {
                    name: two.clone(),
                    parent: one.clone(),
                };
                if levels.insert(two.clone(), level).is_some() {
                    return Err(invalid(format!(
                        "二级指标“{two}”出现在多个一级指标下或与一级指标同名"
                    )));
                }
                level2_by_level1.entry(one.clone()).or_default().push(two);
            }
        }
        for (alias, canonical) in &file.aliases {
            let Some(level) = levels.get(&label_key(canonical)).cloned() else {
                return Err(invalid(format!(
                    "别名“{alias}”指向的“{canonical}”不在指标体系中"
                )));
            };
            levels.entry(label_key(alias)).or_insert(level);
        }
        let starts = |keys: Vec<&String>| keys.iter().filter_map(|k| k.chars().next()).collect();
        Ok(Vocabulary {
            label_starts: starts(labels.keys().collect()),
            level_starts: starts(levels.keys().collect()),
            labels,
            titles,
            levels,
            level2_by_level1,
        })
    }

    /// True where the cell text is this label.
    pub fn is(&self, label: Label, text: &str) -> bool {
        may_start(&self.label_starts, text)
            && self
                .labels
                .get(&label_key(text))
                .is_some_and(|found| found.contains(&label))
    }

    /// True where the cell text is any label of the vocabulary.
    pub fn is_any_label(&self, text: &str) -> bool {
        may_start(&self.label_starts, text) && self.labels.contains_key(&label_key(text))
    }

    /// True where the cell holds a form title (财政项目支出绩效自评表).
    pub fn is_title(&self, text: &str) -> bool {
        if text.len() > MAX_LABEL_BYTES {
            return false;
        }
        let key = label_key(text);
        self.titles.iter().any(|t| key.contains(t.as_str()))
    }

    /// The taxonomy level of a name such as 质量指标 or 产出 (an alias), if it is one.
    pub fn level(&self, text: &str) -> Option<&Level> {
        if !may_start(&self.level_starts, text) {
            return None;
        }
        self.levels.get(&label_key(text))
    }

    /// The level-2 names under a level 1.
    pub fn level2_names(&self, level1: &str) -> &[String] {
        self.level2_by_level1
            .get(level1)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// False where `text`'s key cannot start as any key whose first character is in `starts`.
/// Longer than any label or title, notes in brackets included: such a cell is a value (a
/// remark, a pasted paragraph), and building its key for every label asked of it made a
/// cell of megabytes cost seconds.
const MAX_LABEL_BYTES: usize = 1024;

fn may_start(starts: &HashSet<char>, text: &str) -> bool {
    text.len() <= MAX_LABEL_BYTES && label_key_start(text).is_none_or(|c| starts.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-character filter never changes an answer: every name of the template, as
    /// written in forms (spaced, full-width, with 其中, colons, parentheses) and beside
    /// things that are no label, gets what the key lookup alone gives.
    #[test]
    fn the_quick_filter_agrees_with_the_key_lookup() {
        let v = Vocabulary::builtin();
        let mut texts: Vec<String> = vec![
            String::new(),
            "  ".into(),
            "12.5".into(),
            "９５％".into(),
            "其中".into(),
            "其中：".into(),
            "其他".into(),
            "上海市宝山区".into(),
            "(元)".into(),
        ];
        let names: Vec<String> = v.labels.keys().chain(v.levels.keys()).cloned().collect();
        for name in &names {
            let spaced: String = name.chars().flat_map(|c| [c, ' ']).collect();
            let full: String = name
                .chars()
                .map(|c| match c {
                    '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                    c => c,
                })
                .collect();
            texts.extend([
                name.clone(),
                format!(" {spaced}"),
                full,
                format!("其中：{name}"),
                format!("{name}：平安办"),
                format!("{name}（万元）"),
                format!("\n{name}*"),
                format!("一{name}"),
            ]);
        }
        for t in &texts {
            let key = label_key(t);
            for label in [
                Label::ProjectName,
                Label::CurrentYearAppropriation,
                Label::Other,
            ] {
                let slow = v.labels.get(&key).is_some_and(|f| f.contains(&label));
                assert_eq!(v.is(label, t), slow, "{t:?}");
            }
            assert_eq!(v.is_any_label(t), v.labels.contains_key(&key), "{t:?}");
            assert_eq!(v.level(t), v.levels.get(&key), "{t:?}");
        }
    }

    #[test]
    fn builtin_template_loads_and_matches_label_variants() {
        let v = Vocabulary::builtin();
        assert!(v.is(Label::ProjectName, "项目名称："));
        assert!(v.is(Label::ImplementingUnit, "实施单位（盖章）"));
        assert!(v.is(Label::Department, "主管部门(单位)"));
        assert!(v.is(Label::CurrentYearAppropriation, "其中：当年财政拨款"));
        assert!(v.is(Label::CurrentYearAppropriation, "其中:本年财政拨款"));
        assert!(v.is(Label::Target, "年度\n指标值"));
        assert!(v.is(Label::Remark, "偏差原因分析及改进措施（未完成的须说明）"));
        assert!(v.is(Label::FundsHeader, "项目资金（万元）"));
        assert!(!v.is(Label::Department, "淞南镇主管单位"));
        assert!(v.is_title("2023年度财政项目支出绩效自评表"));
    }

    #[test]
    fn taxonomy_decides_level1_of_level2() {
        let v = Vocabulary::builtin();
        assert_eq!(
            v.level("质量指标"),
            Some(&Level::Two {
                name: "质量指标".into(),
                parent: "产出指标".into()
            })
        );
        assert_eq!(v.level("社会效益"), v.level("社会效益指标"));
        assert_eq!(v.level("效益指标"), Some(&Level::One("效益指标".into())));
        assert_eq!(v.level("市民满意度"), None);
        assert_eq!(v.level2_names("满意度指标"), ["服务对象满意度指标"]);
    }

    #[test]
    fn a_broken_template_says_what_is_wrong() {
        let err = Vocabulary::parse("[labels]\n", "x.toml").unwrap_err();
        assert!(err.to_string().contains("x.toml"), "{err}");
        let dup = DEFAULT_FORM_TEMPLATE.replace(
            "level2 = [\"服务对象满意度指标\"]",
            "level2 = [\"服务对象满意度指标\", \"数量指标\"]",
        );
        let err = Vocabulary::parse(&dup, "x.toml").unwrap_err();
        assert!(err.to_string().contains("数量指标"), "{err}");
    }
}
