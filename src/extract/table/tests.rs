use crate::extract::testing::{HEAD, forms, levels};
use crate::model::{Form, GroupKind};
use rust_decimal::Decimal;

fn one(rows: &str, merges: &[(usize, usize, usize, usize)]) -> Form {
    let mut all = forms(&format!("{HEAD}{rows}"), merges);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn d(n: i64) -> Option<Decimal> {
    Some(Decimal::from(n))
}

/// (level3, target, actual, weight, score) of an indicator.
type Row = (String, String, String, Option<Decimal>, Option<Decimal>);

fn rows(f: &Form) -> Vec<Row> {
    f.indicators
        .iter()
        .map(|i| {
            (
                i.level3.value.clone(),
                i.target.value.clone(),
                i.actual.value.clone(),
                i.weight.value,
                i.score.value,
            )
        })
        .collect()
}

fn row(
    l3: &str,
    target: &str,
    actual: &str,
    weight: Option<Decimal>,
    score: Option<Decimal>,
) -> Row {
    (l3.into(), target.into(), actual.into(), weight, score)
}

const HEADER: &str = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n";

#[test]
fn an_empty_score_cell_is_an_empty_value_and_nothing_shifts() {
    let f = one(
        &format!(
            "{HEADER}\t产出指标\t数量指标\t服务人数\t≥100人\t120人\t50\t\t得分漏填\n\
             \t效益指标\t社会效益指标\t覆盖率\t≥80%\t85%\t40\t40\t\n\
             总分\t\t\t\t\t\t100\t\t\n"
        ),
        &[],
    );
    assert_eq!(
        rows(&f),
        [
            row("服务人数", "≥100人", "120人", d(50), None),
            row("覆盖率", "≥80%", "85%", d(40), d(40)),
        ]
    );
    assert_eq!(f.indicators[0].remark.value, "得分漏填");
    assert_eq!(f.indicators[0].score.at.map(|p| p.a1()), Some("H8".into()));
}

#[test]
fn the_header_names_the_columns_in_any_order() {
    // 衔接资金: 分值 before the target; 得分 after the actual.
    let f = one(
        "绩效指标\t一级指标\t二级指标\t三级指标\t分值\t年度指标值\t全年实际值\t得分\t未完成原因及拟采取的改进措施\n\
         \t产出指标\t数量指标\t生产便道长度\t25\t≥12公里\t12.4公里\t25\t\n\
         \t满意度指标\t服务对象满意度指标\t满意度\t65\t≥90%\t95%\t65\t\n",
        &[],
    );
    assert_eq!(
        rows(&f),
        [
            row("生产便道长度", "≥12公里", "12.4公里", d(25), d(25)),
            row("满意度", "≥90%", "95%", d(65), d(65)),
        ]
    );
}

#[test]
fn an_unknown_headed_column_is_kept_aside_with_a_note() {
    let f = one(
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标解释\t年度指标值\t实际完成值\t分值\t得分\n\
         \t产出指标\t数量指标\t参保人数\t以医保系统统计为准\t≥5万人\t5.2万人\t90\t90\n",
        &[],
    );
    assert_eq!(
        rows(&f),
        [row("参保人数", "≥5万人", "5.2万人", d(90), d(90))]
    );
    let extra = &f.indicators[0].extra;
    assert_eq!(extra.len(), 1);
    assert_eq!(extra[0].header, "指标解释");
    assert_eq!(extra[0].value.value, "以医保系统统计为准");
    assert!(
        f.notes
            .iter()
            .any(|n| n.rule == "unknown-column" && n.message.contains("指标解释"))
    );
}

#[test]
fn a_two_row_header_names_the_columns_under_its_parent() {
    // 指标值 over 年度指标值 / 实际完成值; the other header cells merged down over both rows.
    let table = "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t\t分值\t得分\t偏差原因分析及改进措施\n\
         \t\t\t\t年度指标值\t实际完成值\n\
         \t产出指标\t数量指标\t购置扑火机具\t≥200台\t210台\t50\t50\t\n\
         \t效益指标\t生态效益指标\t森林火灾受害率\t≤0.9‰\t0.2‰\t40\t40\t\n";
    let merged = [
        (6, 0, 9, 0),
        (6, 1, 7, 1),
        (6, 2, 7, 2),
        (6, 3, 7, 3),
        (6, 4, 6, 5),
        (6, 6, 7, 6),
        (6, 7, 7, 7),
        (6, 8, 7, 8),
    ];
    let expected = [
        row("购置扑火机具", "≥200台", "210台", d(50), d(50)),
        row("森林火灾受害率", "≤0.9‰", "0.2‰", d(40), d(40)),
    ];
    let f = one(table, &merged);
    assert_eq!(rows(&f), expected);
    assert!(
        f.notes
            .iter()
            .any(|n| n.rule == "two-row-header" && n.message.contains("“年度指标值”“实际完成值”"))
    );
    // Unmerged, the parent spans the empty header cells after it.
    assert_eq!(rows(&one(table, &[])), expected);
}

#[test]
fn placeholder_rows_are_no_indicators_and_numbering_leaves_the_names() {
    let f = one(
        &format!(
            "{HEADER}\t产出指标\t数量指标\t指标1：维修塘坝\t≥15座\t18座\t50\t50\t\n\
             \t\t\t指标2：\t\t\t\t\t\n\
             \t\t\t……\t\t\t\t\t\n\
             \t效益指标\t社会效益指标\t指标1：灌溉面积\t≥1.2万亩\t1.25万亩\t40\t40\t\n"
        ),
        &[],
    );
    assert_eq!(
        rows(&f),
        [
            row("维修塘坝", "≥15座", "18座", d(50), d(50)),
            row("灌溉面积", "≥1.2万亩", "1.25万亩", d(40), d(40)),
        ]
    );
    assert_eq!(f.indicators[0].level3.raw, "指标1：维修塘坝");
    let rules: Vec<&str> = f.notes.iter().map(|n| n.rule.as_str()).collect();
    assert_eq!(rules.iter().filter(|r| **r == "placeholder-row").count(), 2);
    assert!(rules.contains(&"numbering"));
}

#[test]
fn points_in_a_level_1_make_a_group_named_by_it() {
    let f = one(
        &format!(
            "{HEADER}\t产出指标（50分）\t数量指标\t维修塘坝\t≥15座\t18座\t30\t30\t\n\
             \t\t质量指标\t验收合格率\t100%\t100%\t20\t20\t\n\
             \t（40分）\t社会效益指标\t灌溉面积\t≥1.2万亩\t1.25万亩\t40\t40\t\n"
        ),
        &[(7, 1, 8, 1)],
    );
    type Seen<'a> = (GroupKind, &'a str, &'a str, Option<Decimal>, usize, usize);
    let groups: Vec<Seen> = f
        .groups
        .iter()
        .map(|g| {
            (
                g.kind,
                g.label.value.as_str(),
                g.name.as_str(),
                g.weight.value,
                g.first,
                g.count,
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                GroupKind::Level1,
                "产出指标（50分）",
                "产出指标",
                d(50),
                0,
                2
            ),
            // Points alone: the level 1 comes from the level 2 (taxonomy) and names it.
            (GroupKind::Level1, "（40分）", "效益指标", d(40), 2, 1),
        ]
    );
    assert_eq!(f.indicators[1].level1.value, "产出指标");
    assert_eq!(f.indicators[2].level1.value, "效益指标");
}

#[test]
fn blocks_with_their_own_headers_carry_the_weight_of_their_rows() {
    // 湖北: no per-row 分值; each 年度绩效目标N（40分） has its header.
    let block_header = "一级指标\t二级指标\t三级指标\t年初目标值（A）\t实际完成值（B）\t得分\n";
    let f = one(
        &format!(
            "年度绩效目标1（40分）\n{block_header}\
             产出指标\t数量指标\t整治岸线长度\t≥15公里\t15.6公里\t20\n\
             产出指标\t质量指标\t验收合格率\t=100%\t100%\t20\n\
             年度绩效目标2（40分）\n{block_header}\
             满意度指标\t服务对象满意度指标\t沿岸居民满意度\t≥90%\t92%\t40\n\
             总分\t\t\t\t\t100\n"
        ),
        &[],
    );
    assert_eq!(
        rows(&f),
        [
            row("整治岸线长度", "≥15公里", "15.6公里", None, d(20)),
            row("验收合格率", "=100%", "100%", None, d(20)),
            row("沿岸居民满意度", "≥90%", "92%", None, d(40)),
        ]
    );
    assert_eq!(
        crate::extract::testing::groups(&f),
        crate::extract::testing::hubei_blocks()
    );
    assert_eq!(f.total.score.value, d(100));
    assert_eq!(crate::check::scoring(&f), crate::check::Scoring::Groups);
}

#[test]
fn a_split_target_is_joined_and_its_comparator_is_the_checks() {
    // 四川: 指标性质 | 指标值 | 度量单位; 权重 as 分值; 定性 makes a qualitative target.
    let f = one(
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t实际完成值\t权重\t得分\n\
         \t产出指标\t数量指标\t示范基地数量\t≥\t120\t个\t126个\t40\t40\n\
         \t成本指标\t经济成本指标\t管理费用占比\t控制在\t5\t%\t6%\t30\t20\n\
         \t效益指标\t社会效益指标\t农民技术水平\t定性\t明显提升\t\t明显提升\t20\t20\n",
        &[],
    );
    let targets: Vec<&str> = f
        .indicators
        .iter()
        .map(|i| i.target.value.as_str())
        .collect();
    assert_eq!(targets, ["≥120个", "控制在5%", "明显提升"]);
    assert_eq!(f.indicators[1].weight.value, d(30));
    // The check reads 控制在 from the same table: at most 5%, so 6% misses the target.
    let settings = crate::config::Settings::builtin();
    let a = crate::check::assess(&f, &settings.rules, &settings.vocab);
    let kinds: Vec<_> = a.indicators.iter().map(|i| i.kind).collect();
    use crate::check::indicator::Kind;
    assert_eq!(
        kinds,
        [Kind::Quantitative, Kind::Quantitative, Kind::Qualitative]
    );
    assert_eq!(
        settings.vocab.comparator("控制在"),
        Some(crate::model::Comparator::AtMost)
    );
    assert!(
        a.indicators[1]
            .rescored
            .is_some_and(|s| s < Decimal::from(30))
    );
}

#[test]
fn a_weight_written_as_a_percentage_is_that_many_points() {
    let f = one(
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t权重\t得分\n\
         \t产出指标\t数量指标\t供养人数\t60人\t62人\t50%\t50\n\
         总分\t\t\t\t\t\t100%\t100\n",
        &[],
    );
    assert_eq!(rows(&f), [row("供养人数", "60人", "62人", d(50), d(50))]);
    assert_eq!(f.total.weight.value, d(100));
    assert_eq!(f.indicators[0].weight.raw, "50%");
    assert!(f.notes.iter().any(|n| n.rule == "percent-weight"));
}

#[test]
fn points_in_a_level_2_make_a_group_of_its_rows() {
    // 数量指标（30分） merged over two rows, 质量指标（20分） on one, under 产出指标（50分）.
    let f = one(
        &format!(
            "{HEADER}\t产出指标（50分）\t数量指标（30分）\t新建管网长度\t≥30公里\t32公里\t15\t15\t\n\
             \t\t\t受益人口\t≥1.2万人\t1.25万人\t15\t15\t\n\
             \t\t质量指标（20分）\t水质达标率\t≥95%\t97%\t20\t20\t\n\
             \t效益指标\t社会效益指标\t农村供水保证率\t≥90%\t92%\t30\t30\t\n"
        ),
        &[(7, 1, 9, 1), (7, 2, 8, 2)],
    );
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
        ]
    );
    let levels = levels(&f);
    assert_eq!(
        levels,
        [
            ("产出指标", "数量指标"),
            ("产出指标", "数量指标"),
            ("产出指标", "质量指标"),
            ("效益指标", "社会效益指标")
        ]
    );
}
