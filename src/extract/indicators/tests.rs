use crate::extract::testing::{levels, text_forms};
use crate::model::GroupKind;
use rust_decimal::Decimal;

fn d(n: i64) -> Option<Decimal> {
    Some(Decimal::from(n))
}

#[test]
fn a_text_copy_drops_placeholder_rows_and_numbering_and_keeps_level_1_points() {
    // 安徽 copied out of a PDF: the empty cells are gone, the template's rows stay.
    let f = text_forms(
        "项目名称\t小型农田水利设施维修养护\n\
         一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n\
         产出指标（50分）\t数量指标\t指标1：塘坝维修数量\t≥18座\t18座\t30\t30\n\
         指标2：\n\
         ……\n\
         质量指标\t指标1：验收合格率\t=100%\t100%\t20\t20\n\
         效益指标（40分）\t社会效益指标\t指标1：保障灌溉面积\t≥1.2万亩\t1.25万亩\t40\t40\n\
         指标2：\n\
         总分\t100\t100\n",
    )
    .remove(0);
    let names: Vec<&str> = f
        .indicators
        .iter()
        .map(|i| i.level3.value.as_str())
        .collect();
    assert_eq!(names, ["塘坝维修数量", "验收合格率", "保障灌溉面积"]);
    assert_eq!(f.indicators[1].target.value, "=100%");
    assert_eq!(f.indicators[1].level1.value, "产出指标");
    let groups: Vec<_> = f
        .groups
        .iter()
        .map(|g| (g.kind, g.name.as_str(), g.weight.value, g.first, g.count))
        .collect();
    assert_eq!(
        groups,
        [
            (GroupKind::Level1, "产出指标", d(50), 0, 2),
            (GroupKind::Level1, "效益指标", d(40), 2, 1),
        ]
    );
    let rule = |name: &str| f.notes.iter().filter(|n| n.rule == name).count();
    assert_eq!(rule("placeholder-row"), 3);
    assert_eq!(rule("numbering"), 1);
    assert_eq!(rule("split-cell"), 0);
    assert_eq!(
        (f.total.weight.value, f.total.score.value),
        (d(100), d(100))
    );
}

#[test]
fn a_text_copy_of_goal_blocks_has_no_row_weights_and_a_total_score() {
    // 湖北: blocks with their own headers, 得分 but no 分值, 总分 with its score only.
    let block = "一级指标\t二级指标\t三级指标\t年初目标值（A）\t实际完成值（B）\t得分\n";
    let f = text_forms(&format!(
        "项目名称\t长江岸线环境整治\n\
         年度绩效目标1（40分）\n{block}\
         产出指标\t数量指标\t整治岸线长度\t≥15公里\t15.6公里\t20\n\
         产出指标\t质量指标\t整治验收合格率\t=100%\t100%\t20\n\
         年度绩效目标2（40分）\n{block}\
         满意度指标\t服务对象满意度指标\t沿岸居民满意度\t≥90%\t92%\t40\n\
         总分\t100\n"
    ))
    .remove(0);
    let rows: Vec<_> = f
        .indicators
        .iter()
        .map(|i| (i.level3.value.as_str(), i.weight.value, i.score.value))
        .collect();
    assert_eq!(
        rows,
        [
            ("整治岸线长度", None, d(20)),
            ("整治验收合格率", None, d(20)),
            ("沿岸居民满意度", None, d(40)),
        ]
    );
    assert_eq!(
        crate::extract::testing::groups(&f),
        crate::extract::testing::hubei_blocks()
    );
    assert_eq!((f.total.weight.value, f.total.score.value), (None, d(100)));
}

const HEADER: &str =
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n";

#[test]
fn content_alignment_puts_a_row_that_lost_its_leading_cells_back_in_place() {
    // A PDF copy drops the empty level cells of a row inside a group.
    let f = text_forms(&format!(
        "项目名称\t社区养老服务\n{HEADER}\
         产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t50\n\
         服务次数\t≥1000次\t1100次\t20\t18\t部分老人外出\n\
         总分\t\t\t\t\t70\t68\n"
    ))
    .remove(0);
    let rows: Vec<_> = f
        .indicators
        .iter()
        .map(|i| {
            (
                i.level2.value.as_str(),
                i.level3.value.as_str(),
                i.target.value.as_str(),
                i.actual.value.as_str(),
                i.weight.value,
                i.score.value,
                i.remark.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("数量指标", "服务人数", "≥100人", "120人", d(50), d(50), ""),
            (
                "数量指标",
                "服务次数",
                "≥1000次",
                "1100次",
                d(20),
                d(18),
                "部分老人外出"
            ),
        ]
    );
}

#[test]
fn split_cell_lines_join_the_row_they_belong_to() {
    let f = text_forms(&format!(
        "项目名称\t社区养老服务\n{HEADER}\
         为辖区内高龄独居老人\n\
         产出指标\t数量指标\t提供上门服务人数\t≥100人\t120人\t50\t50\n"
    ))
    .remove(0);
    assert_eq!(f.indicators.len(), 1);
    assert_eq!(
        f.indicators[0].level3.value,
        "为辖区内高龄独居老人提供上门服务人数"
    );
    assert!(f.notes.iter().any(|n| n.rule == "split-cell"));
}

#[test]
fn a_level_1_written_wrong_is_kept_and_one_not_written_is_the_taxonomys() {
    let f = text_forms(&format!(
        "项目名称\t社区养老服务\n{HEADER}\
         效益指标\t质量指标\t服务合格率\t≥95%\t97%\t20\t20\n\
         \t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10\n"
    ))
    .remove(0);
    let levels = levels(&f);
    assert_eq!(
        levels,
        [
            ("效益指标", "质量指标"),
            ("满意度指标", "服务对象满意度指标")
        ]
    );
}

#[test]
fn a_number_that_cannot_be_read_is_empty_and_noted() {
    let f = text_forms(&format!(
        "项目名称\t社区养老服务\n{HEADER}\
         产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t五十\n"
    ))
    .remove(0);
    assert_eq!(f.indicators[0].weight.value, d(50));
    assert_eq!(f.indicators[0].score.value, None);
    assert_eq!(f.indicators[0].score.raw, "五十");
    assert!(
        f.notes
            .iter()
            .any(|n| n.rule == "unreadable-number" && n.message.contains("五十"))
    );
}

#[test]
fn a_form_without_funds_or_header_is_read_as_far_as_it_goes() {
    let missing = |f: &crate::model::Form| -> Vec<String> {
        f.notes
            .iter()
            .filter(|n| n.rule == "missing-block")
            .map(|n| n.message.clone())
            .collect()
    };
    // No funds block: the indicators are read, the gap is noted.
    let f = text_forms(&format!(
        "项目名称\t社区养老服务\n{HEADER}产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t50\n"
    ))
    .remove(0);
    assert_eq!(f.indicators.len(), 1);
    assert!(missing(&f)[0].contains("项目资金表"), "{:?}", missing(&f));
    // No indicator header: the official nine columns are assumed.
    let f = text_forms(
        "项目名称\t社区养老服务\n\
         项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
         \t年度资金总额\t100\t100\t90\t10\t90%\t9\n\
         绩效指标\t产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t50\n",
    )
    .remove(0);
    assert!(missing(&f)[0].contains("绩效指标表头"), "{:?}", missing(&f));
    assert_eq!(f.indicators.len(), 1);
    assert_eq!(f.indicators[0].level3.value, "服务人数");
    assert_eq!(f.indicators[0].score.value, d(50));
}

#[test]
fn a_text_copy_that_kept_its_cells_is_read_by_its_header_in_any_order() {
    // Rule `kept-columns`: 分值 before the target, every row as wide as the header.
    let f = text_forms(
        "项目名称\t茶叶产业园基础设施建设\t\t\t\t\t\t\n\
         一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t未完成原因\n\
         产出指标\t数量指标\t生产便道长度\t25\t≥12公里\t12.4公里\t25\t\n\
         \t时效指标\t项目完工时间\t10\t2023年10月底前\t2023年11月中旬\t8\t雨季影响\n\
         总分\t\t\t35\t\t\t33\t\n",
    )
    .remove(0);
    let rows: Vec<_> = f
        .indicators
        .iter()
        .map(|i| {
            (
                i.level3.value.as_str(),
                i.target.value.as_str(),
                i.actual.value.as_str(),
                i.weight.value,
                i.score.value,
                i.remark.value.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("生产便道长度", "≥12公里", "12.4公里", d(25), d(25), ""),
            (
                "项目完工时间",
                "2023年10月底前",
                "2023年11月中旬",
                d(10),
                d(8),
                "雨季影响"
            ),
        ]
    );
    assert_eq!((f.total.weight.value, f.total.score.value), (d(35), d(33)));
}

#[test]
fn a_text_copys_two_row_header_names_its_columns() {
    let f = text_forms(
        "项目名称\t森林防火能力建设\n\
         一级指标\t二级指标\t三级指标\t指标值\t\t分值\t得分\n\
         \t\t\t年度指标值\t实际完成值\n\
         产出指标\t数量指标\t购置扑火机具\t≥200台\t210台\t30\t30\n",
    )
    .remove(0);
    let i = &f.indicators[0];
    assert_eq!(f.indicators.len(), 1);
    assert_eq!(
        (
            i.level3.value.as_str(),
            i.target.value.as_str(),
            i.actual.value.as_str()
        ),
        ("购置扑火机具", "≥200台", "210台")
    );
}

#[test]
fn points_in_a_level_2_of_a_text_copy_make_its_group_not_another_level_1() {
    // 质量指标（20分） was taken for a second 产出指标 group of 20 points.
    let f = text_forms(
        "项目名称\t农村饮水安全巩固提升工程\n\
         一级指标\t二级指标\t三级指标\t年度目标值\t实际完成值\t指标分值\t得分\n\
         产出指标（50分）\t数量指标（30分）\t新建管网长度\t≥30公里\t32公里\t15\t15\n\
         \t\t受益人口\t≥1.2万人\t1.25万人\t15\t15\n\
         \t质量指标（20分）\t水质达标率\t≥95%\t97%\t20\t20\n\
         效益指标（30分）\t社会效益指标\t农村供水保证率\t≥90%\t92%\t30\t30\n\
         项目产出（10分）\t产出时效（10分）\t按期完工率\t100%\t100%\t10\t10\n",
    )
    .remove(0);
    let groups: Vec<_> = f
        .groups
        .iter()
        .map(|g| (g.kind, g.name.as_str(), g.weight.value, g.first, g.count))
        .collect();
    assert_eq!(
        groups,
        [
            (GroupKind::Level1, "产出指标", d(50), 0, 3),
            (GroupKind::Level2, "数量指标", d(30), 0, 2),
            (GroupKind::Level2, "质量指标", d(20), 2, 1),
            (GroupKind::Level1, "效益指标", d(30), 3, 1),
            // Names the taxonomy does not know: the first is the level 1, the next its level 2.
            (GroupKind::Level1, "项目产出", d(10), 4, 1),
            (GroupKind::Level2, "产出时效", d(10), 4, 1),
        ]
    );
}
