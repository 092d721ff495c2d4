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

#[test]
fn a_label_that_is_no_name_is_read_by_its_head_term() {
    let v = Vocabulary::builtin();
    let head = Some(LabelMatch::Head);
    assert_eq!(v.label_match(Label::Weight, "参考分值"), head);
    assert_eq!(v.label_match(Label::Weight, "标准分值（分）"), head);
    assert_eq!(
        v.label_match(Label::Weight, "指标分值"),
        Some(LabelMatch::Name)
    );
    assert_eq!(
        v.label_match(Label::Weight, "分值（10分）"),
        Some(LabelMatch::Name)
    );
    assert_eq!(v.label_match(Label::Score, "单位自评得分"), head);
    assert_eq!(v.label_match(Label::Target, "年初设定目标值"), head);
    assert_eq!(v.label_match(Label::Actual, "年底实际完成值"), head);
    assert_eq!(v.label_match(Label::ProjectName, "专项资金名称"), head);
    assert_eq!(
        v.label_match(Label::ProjectName, "项目（资金）名称："),
        head
    );
    assert_eq!(v.label_match(Label::ProjectName, "单位名称/项目名称"), head);
    // What stands before the head must be modifiers: the experts' or the treasury's score
    // is not the unit's, a unit's name no project's, an indicator's name no label.
    for other in [
        "专家评分",
        "财政审核评分",
        "单位名称",
        "群众满意度得分",
        "服务人次目标",
    ] {
        assert!(!v.is_any_label(other), "{other}");
    }
    assert!(!v.is(Label::Score, "专家评分"));
    // A name of another label wins over a head: 年度目标 is the goal's, not a target.
    assert!(v.is(Label::Goal, "年度目标") && !v.is(Label::Target, "年度目标"));
    // 自评得分 is a name of the indicators' 得分, and the funds block's 得分 by the same head.
    assert_eq!(
        v.label_match(Label::Score, "自评得分"),
        Some(LabelMatch::Name)
    );
    assert_eq!(v.label_match(Label::FundsScore, "自评得分"), head);
    // Both blocks' 分值 and 得分, as with the names.
    assert_eq!(
        v.labels_by_meaning("参考分值"),
        [Label::Weight, Label::FundsWeight]
    );
    assert!(v.labels_by_meaning("分值").is_empty());
    assert!(v.is_any_label("参考分值"));
}

#[test]
fn an_identity_label_one_character_off_is_a_near_miss() {
    let v = Vocabulary::builtin();
    assert_eq!(v.near_miss(Label::Department, "主管部们"), Some("主管部门"));
    assert_eq!(
        v.near_miss(Label::Department, "主管部们：某县教育局"),
        Some("主管部门")
    );
    assert_eq!(
        v.near_miss(Label::ImplementingUnit, "实施单住"),
        Some("实施单位")
    );
    // The label itself, another label, a value or a short word are no near miss.
    assert_eq!(v.near_miss(Label::Department, "主管部门"), None);
    assert_eq!(v.near_miss(Label::Department, "实施单位"), None);
    assert_eq!(v.near_miss(Label::Department, "某县教育局"), None);
    assert_eq!(v.near_miss(Label::Department, "主管"), None);
    assert_eq!(v.near_miss(Label::Department, "主管部门单位"), None);
}

#[test]
fn a_head_rule_naming_no_label_is_refused() {
    let bad = format!(
        "{DEFAULT_FORM_TEMPLATE}\n[[head]]\nlabels = [\"分数\"]\nheads = [\"分\"]\nmodifiers = []\n"
    );
    let err = Vocabulary::parse(&bad).unwrap_err().to_string();
    assert!(err.contains("[[head]] 中的“分数”不是可用的标签"), "{err}");
}

/// A text's key is built once a thread and then found again: the same shared key, equal to
/// what `label_key` gives, its first character as `label_key_start` gives it.
#[test]
fn a_texts_key_is_remembered() {
    let first = keyed("2.项目名称：");
    let again = keyed("2.项目名称：");
    assert!(std::rc::Rc::ptr_eq(&first, &again));
    assert_eq!(first.1, label_key("2.项目名称："));
    assert_eq!(first.0, label_key_start("2.项目名称："));
    assert_eq!(first.1, "项目名称");
}
