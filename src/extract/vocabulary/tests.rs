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
    let err = Vocabulary::parse("[labels]\n").unwrap_err();
    assert!(matches!(err, VocabularyError::Syntax(_)), "{err}");
    assert!(err.to_string().starts_with("格式有误："), "{err}");
    let dup = DEFAULT_FORM_TEMPLATE.replace(
        "level2 = [\"服务对象满意度指标\"]",
        "level2 = [\"服务对象满意度指标\", \"数量指标\"]",
    );
    let err = Vocabulary::parse(&dup).unwrap_err();
    assert!(err.to_string().contains("数量指标"), "{err}");
    // One word for two fields of one block.
    let twice = DEFAULT_FORM_TEMPLATE.replace(
        "department = [\"主管部门\"",
        "department = [\"项目名称\", \"主管部门\"",
    );
    let err = Vocabulary::parse(&twice).unwrap_err().to_string();
    assert!(
        err.contains("“项目名称”同时列在 project_name 和 department 下"),
        "{err}"
    );
    // A layout that could never match.
    let empty = DEFAULT_FORM_TEMPLATE.replacen("min = 4", "min = 40", 1);
    let err = Vocabulary::parse(&empty).unwrap_err().to_string();
    assert!(err.contains("“sichuan”的 min = 40"), "{err}");
}

#[test]
fn one_word_may_head_columns_of_two_blocks() {
    // 分值 and 得分 in the funds block and in the indicator table; 合计 a funds row and 总分.
    let v = Vocabulary::builtin();
    assert!(v.is(Label::FundsWeight, "分值") && v.is(Label::Weight, "分值"));
    assert!(v.is(Label::FundsScore, "得分") && v.is(Label::Score, "得分"));
    assert!(v.is(Label::FundsTotal, "合计") && v.is(Label::Total, "合计"));
}
