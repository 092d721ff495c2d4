use super::*;
use crate::read::{GridReader, text::TextReader};
use rust_decimal::Decimal;

fn forms(tsv: &str) -> Vec<Form> {
    let grids = TextReader::TAB.read(tsv.as_bytes()).expect("text");
    extract_forms(&grids[0], "t.txt", &Vocabulary::builtin()).expect("within the limits")
}

const TABLE: &str = "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n\
    \t产出指标\t数量指标\t培训人数\t≥100人\t120人\t50\t50\t\n\
    \t效益指标\t社会效益指标\t就业率\t≥80%\t85%\t30\t30\t\n\
    \t满意度指标\t服务对象满意度指标\t满意度\t≥90%\t95%\t10\t10\t\n\
    总分\t\t\t\t\t\t100\t100\t\n";

#[test]
fn identity_values_written_inside_their_label_cells() {
    let tsv = format!(
        "评价年度：2024\n项目名称：职业技能培训补贴\n主管部门：区人社局\n实施单位：区就业促进中心\n\
         项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
         \t年度资金总额\t100\t100\t100\t10\t100%\t10\n\
         年度总体目标\t预期目标：完成培训100人\n\t实际完成情况：完成培训120人\n{TABLE}"
    );
    let f = &forms(&tsv)[0];
    assert_eq!(f.year.value, Some(2024));
    assert_eq!(f.project_name.value, "职业技能培训补贴");
    assert_eq!(f.department.value, "区人社局");
    assert_eq!(f.implementing_unit.value, "区就业促进中心");
    assert_eq!(f.goal.expected.value, "完成培训100人");
    assert_eq!(f.goal.achieved.value, "完成培训120人");
    assert_eq!(f.indicators.len(), 3);
    assert_eq!(f.source.row, 1);
}

#[test]
fn a_list_of_projects_is_no_form_and_says_what_it_is() {
    // Rule `list-table`: 项目名称 heads a column, one project a row.
    let rows = "序号\t项目名称\t主管部门\t实施单位\t全年预算数\t全年执行数\t自评得分\n\
        1\t社区养老服务\t区民政局\t区养老服务中心\t100\t90\t95\n\
        2\t城市道路养护\t区建交委\t区公路管理署\t200\t180\t92\n";
    let grid = crate::extract::testing::sheet(rows, &[]);
    let vocab = Vocabulary::builtin();
    assert!(extract_forms(&grid, "t.xlsx", &vocab).unwrap().is_empty());
    assert!(other_form_type(&grid, &vocab).is_some_and(|t| t.starts_with("项目清单")));
    // A form's 项目名称 has one value beside it: a form, no list — also where 主管部门 and
    // 实施单位 share its row.
    let one_row = "项目名称\t社区养老服务\t主管部门\t区民政局\t实施单位\t区养老服务中心\n\
        项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\n\
        \t年度资金总额\t100\t100\t90\n\
        年度总体目标\t预期目标\t实际完成情况\n";
    let grid = crate::extract::testing::sheet(&format!("{one_row}{TABLE}"), &[]);
    assert_eq!(other_form_type(&grid, &vocab), None);
    assert_eq!(extract_forms(&grid, "t.xlsx", &vocab).unwrap().len(), 1);
    let form = format!("项目名称\t社区养老服务\n{}", TABLE);
    let grid = crate::extract::testing::sheet(&form, &[]);
    assert_eq!(extract_forms(&grid, "t.xlsx", &vocab).unwrap().len(), 1);
    assert_eq!(other_form_type(&grid, &vocab), None);
}

#[test]
fn a_head_printed_again_on_the_next_page_is_no_new_form() {
    // Rule `repeated-head`: a PDF turned back into a workbook repeats 项目名称 and the header.
    let header = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n";
    let rows = format!(
        "项目名称\t敬老院运营补助\n{header}\
         产出指标\t数量指标\t供养人数\t60人\t62人\t50\t50\n\
         项目名称\t敬老院运营补助\n{header}\
         满意度指标\t服务对象满意度指标\t老人满意度\t≥90%\t95%\t40\t40\n\
         总分\t\t\t\t\t90\t90\n"
    );
    for found in [forms(&rows), crate::extract::testing::forms(&rows, &[])] {
        assert_eq!(found.len(), 1);
        let names: Vec<&str> = found[0]
            .indicators
            .iter()
            .map(|i| i.level3.value.as_str())
            .collect();
        assert_eq!(names, ["供养人数", "老人满意度"]);
    }
    // Two forms of one project, each with its 总分, stay two (a duplicate for the check).
    let twice = format!("{rows}{rows}");
    assert_eq!(forms(&twice).len(), 2);
}

#[test]
fn no_project_name_and_no_indicator_table_is_no_form() {
    let funds_only = "项目名称\n\
        项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\n\
        \t年度资金总额\t100\t100\t90\n";
    assert!(forms(funds_only).is_empty());
    // With its name, the same block is a form that lacks its table.
    let named = funds_only.replacen("项目名称", "项目名称\t社区养老服务", 1);
    assert_eq!(forms(&named).len(), 1);
}

#[test]
fn a_notes_sheet_mentioning_the_labels_is_no_form() {
    let tsv =
        "填报说明\n1. 项目名称：填写预算批复的项目全称。\n2. 实施单位：填写具体实施的单位。\n";
    assert!(forms(tsv).is_empty());
}

#[test]
fn a_level1_label_alone_takes_its_only_level2_and_a_wrong_level1_is_noted() {
    let tsv = format!(
        "项目名称\t测试项目\n{}",
        TABLE
            .replace(
                "\t满意度指标\t服务对象满意度指标\t满意度",
                "\t满意度指标\t\t满意度"
            )
            .replace("\t效益指标\t社会效益指标", "\t产出指标\t社会效益指标")
    );
    let f = &forms(&tsv)[0];
    // Kept as printed: the check stage classes the row as 效益指标 and says so.
    assert_eq!(f.indicators[1].level1.value, "产出指标");
    assert_eq!(f.indicators[2].level2.value, "服务对象满意度指标");
    assert_eq!(f.total.score.value, Some(Decimal::ONE_HUNDRED));
}

#[test]
fn rows_without_points_keep_their_text_and_lack_only_the_numbers() {
    let tsv = format!(
        "项目名称\t测试项目\n{}",
        TABLE.replace(
            "\t培训人数\t≥100人\t120人\t50\t50\t",
            "\t培训人数\t≥100人\t120人\t\t\t"
        )
    );
    let f = &forms(&tsv)[0];
    assert_eq!(f.indicators.len(), 3);
    assert_eq!(f.indicators[0].level3.value, "培训人数");
    assert_eq!(f.indicators[0].actual.value, "120人");
    assert_eq!(f.indicators[0].weight.value, None);
    assert_eq!(f.indicators[1].level3.value, "就业率");
}

#[test]
fn a_target_split_over_comparator_value_and_unit_columns_is_read_as_one() {
    let tsv = "项目名称\t测试项目\n\
        一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t实际完成值\t分值\t得分\t偏差原因分析\n\
        产出指标\t数量指标\t培训人数\t≥\t100\t人\t120人\t50\t50\t\n\
        \t质量指标\t合格率\t＝\t100\t%\t98%\t40\t39\t个别学员补考\n\
        满意度指标\t服务对象满意度指标\t满意度\t定性\t较高\t\t较高\t10\t10\t\n\
        总分\t\t\t\t\t\t\t100\t99\t\n";
    let f = &forms(tsv)[0];
    let targets: Vec<&str> = f
        .indicators
        .iter()
        .map(|i| i.target.value.as_str())
        .collect();
    assert_eq!(targets, ["≥100人", "＝100%", "较高"]);
    assert_eq!(f.indicators[1].level3.value, "合格率");
    assert_eq!(f.indicators[1].remark.value, "个别学员补考");
    assert_eq!(f.indicators[2].level3.value, "满意度");
}

#[test]
fn amounts_in_wan_yuan_from_a_unit_line_or_a_row_label_become_yuan() {
    let body = "项目资金\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
        \t年度资金总额\t12.5\t12.5万元\t3,000元\t10\t100%\t10\n";
    for head in ["单位：万元\n", ""] {
        let body = if head.is_empty() {
            body.replace("年度资金总额", "年度资金总额（万元）")
        } else {
            body.to_owned()
        };
        let f = &forms(&format!("{head}项目名称\t测试项目\n{body}{TABLE}"))[0];
        let total = &f.funds.total;
        let yuan = |v: &crate::model::Number| v.value.map(crate::normalize::decimal_string);
        assert_eq!(yuan(&total.initial).as_deref(), Some("125000"), "{head:?}");
        assert_eq!(yuan(&total.adjusted).as_deref(), Some("125000"), "{head:?}");
        assert_eq!(yuan(&total.executed).as_deref(), Some("3000"), "{head:?}");
        assert_eq!(f.source.amount_unit, crate::model::AmountUnit::WanYuan);
    }
}

#[test]
fn a_bare_year_in_the_title_is_the_year() {
    let f = &forms(&format!(
        "2024财政项目支出绩效自评表\n项目名称\t测试项目\n{TABLE}"
    ))[0];
    assert_eq!(f.year.value, Some(2024));
    assert_eq!(f.source.row, 1);
}

#[test]
fn columns_named_by_their_meaning_are_read_and_the_experts_score_is_kept_aside() {
    // A county's 专项资金 form: no name of the vocabulary for the name, the weight, the
    // target or the actual; a typo in 主管部门; the experts' score beside the unit's.
    let rows = "2024年度专项资金绩效自评表\n\
        专项资金名称\t乡村道路养护\n\
        主管部们\t某县交通运输局\t实施单位\t某县公路站\n\
        一级指标\t二级指标\t三级指标\t年初设定目标值\t全年完成值\t参考分值\t自评得分\t专家评分\n\
        产出指标\t数量指标\t养护里程\t≥120公里\t126公里\t60\t60\t58\n\
        效益指标\t社会效益指标\t道路优良率\t≥85%\t88%\t30\t30\t30\n\
        满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t93%\t10\t10\t9\n\
        总分\t\t\t\t\t100\t100\t97\n";
    let f = crate::extract::testing::forms(rows, &[]).remove(0);
    assert_eq!(f.year.value, Some(2024));
    assert_eq!(f.project_name.value, "乡村道路养护");
    assert_eq!(f.department.value, "某县交通运输局");
    assert_eq!(f.department.at.map(|p| (p.row, p.col)), Some((2, 1)));
    assert_eq!(f.indicators.len(), 3);
    let first = &f.indicators[0];
    assert_eq!(
        (first.target.value.as_str(), first.actual.value.as_str()),
        ("≥120公里", "126公里")
    );
    assert_eq!(first.weight.value, Some(Decimal::from(60)));
    assert_eq!(first.score.value, Some(Decimal::from(60)));
    assert_eq!(first.extra.len(), 1);
    assert_eq!(
        (
            first.extra[0].header.as_str(),
            first.extra[0].value.value.as_str()
        ),
        ("专家评分", "58")
    );
    assert_eq!(f.total.score.value, Some(Decimal::from(100)));
    let rules: Vec<&str> = f.notes.iter().map(|n| n.rule.as_str()).collect();
    assert!(rules.contains(&"near-miss-label"), "{rules:?}");
    let by_meaning: Vec<&str> = f
        .notes
        .iter()
        .filter(|n| n.rule == "head-term")
        .map(|n| n.message.as_str())
        .collect();
    // 全年完成值 and 自评得分 are names of the vocabulary: no note.
    assert_eq!(by_meaning.len(), 3, "{by_meaning:?}");
    assert!(by_meaning[0].contains("“专项资金名称”"), "{by_meaning:?}");
}

#[test]
fn the_2020_framework_keeps_its_level_names_and_its_budget_row() {
    let rows = "2023年度项目支出绩效自评表\n\
        项目名称\t城市书房运营\n\
        主管部门\t某市文化广电旅游局\t实施单位\t某市图书馆\n\
        一级指标\t二级指标\t三级指标\t指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n\
        项目决策（10分）\t项目立项\t立项依据充分性\t充分\t充分\t5\t5\t\n\
        \t绩效目标\t绩效目标合理性\t合理\t合理\t5\t5\t\n\
        项目管理（25分）\t资金管理\t预算执行率\t100%\t96%\t10\t9.6\t\n\
        \t组织实施\t管理制度健全性\t健全\t健全\t15\t15\t\n\
        项目产出（40分）\t数量指标\t城市书房数量\t≥10个\t10个\t20\t20\t\n\
        \t质量指标\t设备完好率\t≥95%\t98%\t20\t20\t\n\
        项目效益（25分）\t社会效益指标\t年接待读者人次\t≥20万人次\t22万人次\t15\t15\t\n\
        \t服务对象满意度指标\t读者满意度\t≥90%\t93%\t10\t10\t\n\
        总分\t\t\t\t\t100\t99.6\t\n";
    let merges = [(4, 0, 5, 0), (6, 0, 7, 0), (8, 0, 9, 0), (10, 0, 11, 0)];
    let f = crate::extract::testing::forms(rows, &merges).remove(0);
    // Level 1s as printed (their points the groups' weights), never the taxonomy's.
    let levels = testing::levels(&f);
    assert_eq!(
        levels,
        [
            ("项目决策", "项目立项"),
            ("项目决策", "绩效目标"),
            ("项目管理", "资金管理"),
            ("项目管理", "组织实施"),
            ("项目产出", "数量指标"),
            ("项目产出", "质量指标"),
            ("项目效益", "社会效益指标"),
            ("项目效益", "服务对象满意度指标"),
        ]
    );

    let weights: Vec<(&str, Option<Decimal>)> = f
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.weight.value))
        .collect();
    assert_eq!(
        weights,
        [
            ("项目决策", Some(Decimal::from(10))),
            ("项目管理", Some(Decimal::from(25))),
            ("项目产出", Some(Decimal::from(40))),
            ("项目效益", Some(Decimal::from(25))),
        ]
    );
    assert!(!f.notes.iter().any(|n| n.rule == "taxonomy-level"));
    // Checked as what it is: the budget line is its 预算执行率 row; no misplaced level, no
    // nonstandard split of another framework; the one real gap is the missing remark.
    let s = crate::config::Settings::builtin();
    let a = crate::check::assess(&f, &s.rules, &s.vocab);
    let codes: Vec<&str> = a.findings.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes, ["REMARK_MISSING"]);
    assert_eq!(a.rescored_total, Decimal::new(996, 1));
    assert_eq!(a.rescored_grade, crate::check::Grade::Excellent);
    assert!(
        a.budget.reason.contains("预算执行率"),
        "{}",
        a.budget.reason
    );
}

#[test]
fn a_score_sheet_is_read_with_what_it_has_its_head_score_the_total() {
    // 分值 and 得分 only, the unit's total beside its name and no 合计 row.
    let rows = "2023年度项目支出绩效自评得分表\n\
        项目名称\t社区卫生服务站运行补助\t自评得分\t96\n\
        主管部门\t某区卫生健康委员会\t实施单位\t某社区卫生服务中心\n\
        一级指标\t二级指标\t三级指标\t分值\t得分\n\
        产出指标\t数量指标\t服务人次\t30\t30\n\
        \t质量指标\t规范化服务率\t20\t18\n\
        效益指标\t社会效益指标\t群众就医便利度\t30\t30\n\
        满意度指标\t服务对象满意度指标\t患者满意度\t20\t18\n";
    let f = crate::extract::testing::forms(rows, &[]).remove(0);
    assert_eq!(f.year.value, Some(2023));
    assert_eq!(f.project_name.value, "社区卫生服务站运行补助");
    assert_eq!(f.indicators.len(), 4);
    assert_eq!(f.total.score.value, Some(Decimal::from(96)));
    assert_eq!(f.total.score.at.map(|p| (p.row, p.col)), Some((1, 3)));
    assert!(f.notes.iter().any(|n| n.rule == "head-score"));
    let s = crate::config::Settings::builtin();
    let a = crate::check::assess(&f, &s.rules, &s.vocab);
    let codes: Vec<&str> = a.findings.iter().map(|x| x.code.as_str()).collect();
    assert!(codes.contains(&"PARTS_MISSING"), "{codes:?}");
    assert!(
        !codes.contains(&"TOTAL_MISMATCH") && !codes.contains(&"READ_DOUBTFUL"),
        "{codes:?}"
    );
    let parts = a
        .findings
        .iter()
        .find(|x| x.code.as_str() == "PARTS_MISSING")
        .unwrap();
    assert!(
        parts
            .message
            .contains("没有项目资金表、年度指标值、实际完成值"),
        "{}",
        parts.message
    );
    assert_eq!(a.rescored_total, Decimal::from(96));
    assert_eq!(a.reported_grade, crate::check::Grade::Excellent);
}

/// A city's 绩效评价表 head and table, as a worksheet: each of its four rules in one form.
const EVALUATION_SHEET: &str = "2023年度财政支出项目绩效评价表\n\
    单位名称/项目名称\t某市疾病预防控制中心/重大传染病防控经费\n\
    主管单位：某市卫生健康委员会\n\
    资金情况（万元）\t预算数\t执行数\t执行率\t分值\t得分\n\
    \t500\t480\t96%\t10\t9.6\n\
    绩效目标\t完成全市法定传染病监测报告，及时处置突发疫情。\n\
    指标类别\t指标内容\t指标名称\t计划值\t实际值\t分值\t评分\t偏差说明\n\
    产出\t数量\t传染病监测报告数\t≥12份\t12份\t50\t50\t\n\
    效益\t社会效益\t重点传染病发病率\t≤5‰\t4.2‰\t30\t30\t\n\
    满意度\t服务对象满意度\t群众满意度\t≥85%\t88%\t10\t10\t\n\
    合计\t\t\t\t\t100\t99.6\t\n";

fn rules_of(f: &crate::model::Form) -> Vec<&str> {
    f.notes.iter().map(|n| n.rule.as_str()).collect()
}

#[test]
fn a_compound_label_splits_its_value_into_its_fields() {
    let f = &testing::forms(EVALUATION_SHEET, &[])[0];
    assert_eq!(f.project_name.value, "重大传染病防控经费");
    assert_eq!(f.implementing_unit.value, "某市疾病预防控制中心");
    assert_eq!(f.department.value, "某市卫生健康委员会");
    assert!(rules_of(f).contains(&"compound-label"), "{:?}", rules_of(f));
    // A value that does not split alike is the project's name whole.
    let whole = EVALUATION_SHEET.replace(
        "某市疾病预防控制中心/重大传染病防控经费",
        "重大传染病防控经费",
    );
    let f = &testing::forms(&whole, &[])[0];
    assert_eq!(f.project_name.value, "重大传染病防控经费");
    assert!(!rules_of(f).contains(&"compound-label"));
}

#[test]
fn a_funds_row_without_a_label_under_its_header_is_the_total() {
    let f = &testing::forms(EVALUATION_SHEET, &[])[0];
    let d = |n: i64| Some(Decimal::from(n));
    assert_eq!(
        (f.funds.total.adjusted.value, f.funds.total.executed.value),
        (d(5_000_000), d(4_800_000))
    );
    assert_eq!(f.funds.score.value, Some(Decimal::new(96, 1)));
    assert_eq!(f.funds.rows[0].label.value, "年度资金总额");
    assert!(rules_of(f).contains(&"unlabelled-total"));
}

#[test]
fn 绩效目标_with_a_sentence_beside_it_is_the_goal() {
    let f = &testing::forms(EVALUATION_SHEET, &[])[0];
    assert_eq!(
        f.goal.expected.value,
        "完成全市法定传染病监测报告，及时处置突发疫情。"
    );
    assert!(rules_of(f).contains(&"goal-by-block-label"));
    // Alone on its line it still heads a block.
    assert!(
        !rules_of(
            &testing::forms(
                &EVALUATION_SHEET.replace(
                    "绩效目标\t完成全市法定传染病监测报告，及时处置突发疫情。",
                    "绩效目标"
                ),
                &[]
            )[0]
        )
        .contains(&"goal-by-block-label")
    );
}

#[test]
fn columns_of_level_names_under_headers_nobody_knows_are_the_levels() {
    let f = &testing::forms(EVALUATION_SHEET, &[])[0];
    let levels = testing::levels(f);
    assert_eq!(
        levels,
        [
            ("产出指标", "数量指标"),
            ("效益指标", "社会效益指标"),
            ("满意度指标", "服务对象满意度指标")
        ]
    );
    assert!(f.indicators.iter().all(|i| i.extra.is_empty()));
    assert!(rules_of(f).contains(&"level-by-content"));
    // A column of other words is no level: kept aside as it was.
    let other = EVALUATION_SHEET
        .replace("产出\t数量\t", "甲\t乙\t")
        .replace("效益\t社会效益\t", "丙\t丁\t")
        .replace("满意度\t服务对象满意度\t", "戊\t己\t");
    let f = &testing::forms(&other, &[])[0];
    assert!(!rules_of(f).contains(&"level-by-content"));
    assert_eq!(f.indicators[0].extra[0].header, "指标类别");
}
