//! The check stage: the seed's expected findings, one crafted form per finding code, and
//! findings that point at the real cell of a sample workbook.

mod common;

use std::collections::BTreeSet;

use calamine::{Data, Reader, open_workbook_auto};
use common::{forms_from, read_json, repo};
use zipingbiao::check::{self, Assessment, findings::Severity, rules::Rules};
use zipingbiao::extract::{extract_forms, vocabulary::Vocabulary};
use zipingbiao::model::Form;
use zipingbiao::read::{GridReader, text::TextReader};

#[test]
fn seed_shows_exactly_the_expected_findings_and_grades() {
    let out = common::samples_run();
    let forms = read_json(&out.path().join("forms.json"));
    let seed = forms_from(&forms, "songnan-2023-self-evaluation.txt");
    assert_eq!(seed.len(), 5);
    let mut found = BTreeSet::new();
    for form in &seed {
        let a = &form["assessment"];
        assert_eq!(a["grade"]["reported"], "优", "{}", form["project_name"]);
        assert_eq!(a["grade"]["rescored"], "优", "{}", form["project_name"]);
        assert_eq!(
            a["counts"]["error"], 0,
            "{}: {}",
            form["project_name"], a["findings"]
        );
        for f in a["findings"].as_array().unwrap() {
            found.insert((
                form["project_name"].as_str().unwrap().to_owned(),
                f["indicator"].as_str().unwrap_or("").to_owned(),
                f["code"].as_str().unwrap().to_owned(),
            ));
        }
    }
    let expected = [
        (
            "综治协管服务社",
            "办理居住证满意度",
            "TARGET_MET_BUT_DEDUCTED",
        ),
        ("综治协管服务社", "实有人口登记正确率", "RESCORE_DIFFERS"),
        ("网格化事务", "市民先行联系情况", "UNIT_MISMATCH"),
        ("网格化事务", "热线工单量", "OVERACHIEVED"),
        (
            "平安办工作经费",
            "2023年安全感及满意度测评成绩",
            "NOT_MEASURED",
        ),
        ("综治中心事务", "", "LARGE_BUDGET_ADJUSTMENT"),
    ];
    for (project, indicator, code) in expected {
        assert!(
            found.contains(&(project.to_owned(), indicator.to_owned(), code.to_owned())),
            "{project}/{indicator}: {code} missing from {found:?}"
        );
    }
    // 较高/较高 at 8 of 10 is inside the achieved band: no finding on it.
    assert!(
        !found.iter().any(|(_, i, _)| i == "平安建设满意度"),
        "{found:?}"
    );
    // Besides those, only one more info: 市民满意率同比上升情况, 同比上升8% against 5%, is
    // 1.6 times its target — the rules' over-achievement threshold is 1.5.
    let extra: Vec<_> = found
        .iter()
        .filter(|(p, i, c)| {
            !expected
                .iter()
                .any(|e| (e.0, e.1, e.2) == (p.as_str(), i.as_str(), c.as_str()))
        })
        .collect();
    assert_eq!(
        extra,
        [&(
            "网格化事务".to_owned(),
            "市民满意率同比上升情况".to_owned(),
            "OVERACHIEVED".to_owned()
        )]
    );
    // 20 × 96 / 98 = 19.59 against 18 reported.
    let form = seed
        .iter()
        .find(|f| f["project_name"] == "综治协管服务社")
        .unwrap();
    assert_eq!(form["assessment"]["indicators"][1]["rescored"], "19.59");
}

/// A clean form: every number consistent, the standard 50/30/10 split.
const CLEAN: &str = "财政项目支出绩效自评表
(2024年度)
项目名称\t职业技能培训补贴
主管部门\t区人力资源和社会保障局\t\t\t实施单位\t区职业技能培训中心
项目资金（元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t1000000\t1000000\t950000\t10\t95%\t9.5
\t其中：当年财政拨款\t1000000\t1000000\t950000\t—
\t上年结转资金\t0\t0\t0\t—
\t其他资金\t0\t0\t0\t—
年度总体目标\t预期目标\t\t\t实际完成情况
\t完成职业技能培训1000人次\t\t\t完成职业技能培训1000人次
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t培训人次\t≥1000人次\t1000人次\t20\t20\t
\t\t质量指标\t培训合格率\t≥90%\t95%\t20\t20\t
\t\t时效指标\t培训完成及时性\t及时\t及时\t10\t10\t
\t效益指标\t社会效益指标\t学员就业率\t≥60%\t65%\t30\t30\t
\t满意度指标\t服务对象满意度指标\t学员满意度\t≥85%\t90%\t10\t10\t
总分\t\t\t\t\t\t100\t99.5\t
";

fn forms_of(texts: &[String]) -> Vec<Form> {
    let vocab = Vocabulary::builtin();
    texts
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            let grids = TextReader::TAB.read(t.as_bytes()).expect("text");
            extract_forms(&grids[0], &format!("{i}.txt"), &vocab).expect("within the limits")
        })
        .collect()
}

/// The forms checked as one batch (batch-level findings included), as the pipeline does.
fn assess_all(forms: &[Form]) -> Vec<Assessment> {
    let (rules, vocab) = (Rules::builtin(), Vocabulary::builtin());
    let mut batch = zipingbiao::Batch::default();
    for f in forms {
        batch
            .push(f.clone(), check::assess(f, &rules, &vocab))
            .expect("an in-memory batch takes every form");
    }
    batch.finish().expect("nothing to write");
    (0..forms.len())
        .map(|i| batch.load(i).expect("in memory").1)
        .collect()
}

fn codes(a: &Assessment) -> BTreeSet<&'static str> {
    a.findings.iter().map(|f| f.code.as_str()).collect()
}

/// Applies line replacements to the clean form.
fn planted(replacements: &[(&str, &str)]) -> String {
    let mut text = CLEAN.to_owned();
    for (from, to) in replacements {
        assert!(text.contains(from), "{from:?} not in the clean form");
        text = text.replacen(from, to, 1);
    }
    text
}

#[test]
fn a_clean_form_has_no_findings() {
    let forms = forms_of(&[CLEAN.to_owned()]);
    let a = &assess_all(&forms)[0];
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    assert_eq!(
        (a.reported_grade.name(), a.rescored_grade.name()),
        ("优", "优")
    );
    assert_eq!(
        zipingbiao::normalize::decimal_string(a.rescored_total),
        "99.5"
    );
}

/// A code, the replacements that plant it in the clean form, and the codes expected then.
type Case = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static [&'static str],
);

#[test]
fn each_planted_mistake_shows_its_code_and_nothing_spurious() {
    let over = "\t年度资金总额\t1000000\t1000000\t1050000\t10\t105%\t10";
    let cases: Vec<Case> = vec![
        (
            "MISSING_FIELD",
            vec![("实施单位\t区职业技能培训中心", "实施单位\t")],
            &["MISSING_FIELD"],
        ),
        (
            "WEIGHTS_NOT_100",
            vec![("\t100\t99.5", "\t110\t99.5")],
            &["WEIGHTS_NOT_100"],
        ),
        (
            "TOTAL_MISMATCH",
            vec![("\t100\t99.5", "\t100\t98")],
            &["TOTAL_MISMATCH"],
        ),
        (
            "SCORE_OUT_OF_RANGE",
            vec![
                ("1000人次\t20\t20", "1000人次\t20\t22"),
                ("\t100\t99.5", "\t100\t101.5"),
            ],
            &["SCORE_OUT_OF_RANGE"],
        ),
        (
            "SCORE_MISSING",
            vec![("90%\t10\t10", "90%\t10\t"), ("\t100\t99.5", "\t100\t89.5")],
            &["SCORE_MISSING"],
        ),
        (
            "AMOUNT_UNIT_DOUBTFUL",
            vec![
                ("\t1000000\t1000000\t950000\t10", "\t100\t100\t95\t10"),
                ("\t1000000\t1000000\t950000\t—", "\t100\t100\t95\t—"),
            ],
            &["AMOUNT_UNIT_DOUBTFUL"],
        ),
        (
            "GROUP_POINTS_MISMATCH",
            vec![(
                "\t产出指标\t数量指标",
                "\t产出指标（40分）\t数量指标（20分）",
            )],
            &["GROUP_POINTS_MISMATCH"],
        ),
        (
            "no finding: level labels whose points are their rows'",
            vec![(
                "\t产出指标\t数量指标",
                "\t产出指标（50分）\t数量指标（20分）",
            )],
            &[],
        ),
        (
            "TARGET_MISSED_FULL_SCORE in years",
            vec![("≥1000人次\t1000人次\t20\t20", "≥10年\t9年\t20\t20")],
            &["TARGET_MISSED_FULL_SCORE"],
        ),
        (
            "no finding: an actual 0.95 against ≥90% is 95%, met",
            vec![("≥90%\t95%\t20\t20", "≥90%\t0.95\t20\t20")],
            &[],
        ),
        (
            "EXECUTION_RATE_MISMATCH",
            vec![("\t95%\t9.5", "\t98%\t9.5")],
            &["EXECUTION_RATE_MISMATCH"],
        ),
        (
            "BUDGET_SCORE_MISMATCH",
            vec![
                (
                    "年度资金总额\t1000000\t1000000\t950000\t10\t95%\t9.5",
                    "年度资金总额\t1000000\t1000000\t900000\t10\t90%\t10",
                ),
                (
                    "当年财政拨款\t1000000\t1000000\t950000",
                    "当年财政拨款\t1000000\t1000000\t900000",
                ),
                ("\t100\t99.5", "\t100\t100"),
            ],
            &["BUDGET_SCORE_MISMATCH"],
        ),
        (
            "FUNDS_COMPONENTS_MISMATCH",
            vec![("其中：当年财政拨款\t1000000", "其中：当年财政拨款\t900000")],
            &["FUNDS_COMPONENTS_MISMATCH"],
        ),
        (
            "EXECUTED_OVER_BUDGET",
            vec![
                (
                    "\t年度资金总额\t1000000\t1000000\t950000\t10\t95%\t9.5",
                    over,
                ),
                (
                    "当年财政拨款\t1000000\t1000000\t950000",
                    "当年财政拨款\t1000000\t1000000\t1050000",
                ),
                ("\t100\t99.5", "\t100\t100"),
            ],
            &["EXECUTED_OVER_BUDGET"],
        ),
        (
            "LARGE_BUDGET_ADJUSTMENT",
            vec![
                (
                    "年度资金总额\t1000000\t1000000\t950000",
                    "年度资金总额\t1000000\t1300000\t1235000",
                ),
                (
                    "当年财政拨款\t1000000\t1000000\t950000",
                    "当年财政拨款\t1000000\t1300000\t1235000",
                ),
            ],
            &["LARGE_BUDGET_ADJUSTMENT"],
        ),
        (
            "WEIGHT_SPLIT_NONSTANDARD",
            vec![
                ("1000人次\t20\t20", "1000人次\t15\t15"),
                ("65%\t30\t30", "65%\t35\t35"),
            ],
            &["WEIGHT_SPLIT_NONSTANDARD"],
        ),
        (
            "UNKNOWN_INDICATOR_LEVEL",
            vec![("社会效益指标", "社会效果指标")],
            &["UNKNOWN_INDICATOR_LEVEL"],
        ),
        (
            "REMARK_MISSING",
            vec![
                ("95%\t20\t20", "85%\t20\t18.89"),
                ("\t100\t99.5", "\t100\t98.39"),
            ],
            &["REMARK_MISSING"],
        ),
        (
            "TARGET_MET_BUT_DEDUCTED",
            vec![
                ("95%\t20\t20\t", "95%\t20\t18\t酌情扣分"),
                ("\t100\t99.5", "\t100\t97.5"),
            ],
            &["TARGET_MET_BUT_DEDUCTED"],
        ),
        (
            "TARGET_MISSED_FULL_SCORE",
            vec![("95%\t20\t20", "85%\t20\t20")],
            &["TARGET_MISSED_FULL_SCORE"],
        ),
        (
            "RESCORE_DIFFERS",
            vec![
                ("95%\t20\t20\t", "85%\t20\t15\t部分学员补考未通过"),
                ("\t100\t99.5", "\t100\t94.5"),
            ],
            &["RESCORE_DIFFERS"],
        ),
        (
            "UNIT_MISMATCH",
            vec![("\t1000人次\t20", "\t100%\t20")],
            &["UNIT_MISMATCH"],
        ),
        (
            "OVERACHIEVED",
            vec![("\t1000人次\t20", "\t2000人次\t20")],
            &["OVERACHIEVED"],
        ),
        (
            "NOT_MEASURED",
            vec![("\t90%\t10\t10", "\t未测评\t10\t10")],
            &["NOT_MEASURED"],
        ),
        (
            "DUPLICATE_INDICATOR",
            vec![("培训合格率", "培训人次")],
            &["DUPLICATE_INDICATOR"],
        ),
        (
            "NO_ADJUSTED_BUDGET",
            vec![
                ("年度资金总额\t1000000\t1000000", "年度资金总额\t1000000\t"),
                ("当年财政拨款\t1000000\t1000000", "当年财政拨款\t1000000\t"),
            ],
            &["NO_ADJUSTED_BUDGET"],
        ),
        (
            "VALUE_UNREADABLE",
            vec![("年度资金总额\t1000000", "年度资金总额\t一百万")],
            &["VALUE_UNREADABLE"],
        ),
    ];
    let mut seen = BTreeSet::new();
    for (code, replacements, expected) in cases {
        let forms = forms_of(&[planted(&replacements)]);
        assert_eq!(forms.len(), 1, "{code}");
        let got = codes(&assess_all(&forms)[0]);
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(got, want, "{code}");
        seen.insert(code);
    }
    // Batch-level codes.
    let twice = forms_of(&[CLEAN.to_owned(), CLEAN.to_owned()]);
    for a in assess_all(&twice) {
        assert_eq!(codes(&a), BTreeSet::from(["DUPLICATE_FORM"]));
    }
    seen.insert("DUPLICATE_FORM");
    let years: Vec<String> = ["甲", "乙", "丙"]
        .iter()
        .map(|p| CLEAN.replace("职业技能培训补贴", &format!("职业技能培训补贴（{p}）")))
        .chain([CLEAN.replace("(2024年度)", "(2023年度)")])
        .collect();
    let assessed = assess_all(&forms_of(&years));
    assert!(assessed[..3].iter().all(|a| a.findings.is_empty()));
    assert_eq!(codes(&assessed[3]), BTreeSet::from(["YEAR_MISMATCH"]));
    seen.insert("YEAR_MISMATCH");
    // A form without 分值 and 得分 anywhere: one UNSCORED, no grade, nothing per row.
    let unscored = CLEAN
        .replace("\t分值\t执行率\t得分", "\t执行率")
        .replace("\t10\t95%\t9.5", "\t95%")
        .replace(
            "\t分值\t得分\t偏差原因分析及改进措施",
            "\t偏差原因分析及改进措施",
        )
        .replace("\t20\t20\t", "\t")
        .replace("\t10\t10\t", "\t")
        .replace("\t30\t30\t", "\t")
        .replace("总分\t\t\t\t\t\t100\t99.5\t\n", "");
    let a = &assess_all(&forms_of(&[unscored]))[0];
    assert_eq!(codes(a), BTreeSet::from(["UNSCORED"]), "{:#?}", a.findings);
    assert_eq!(
        (a.reported_grade.name(), a.rescored_grade.name()),
        ("未评分", "未评分")
    );
    seen.insert("UNSCORED");
    // READ_DOUBTFUL has its cases in the test after this one.
    seen.insert("READ_DOUBTFUL");
    // A score sheet: 分值 and 得分 only.
    let sheet = CLEAN
        .replace("\t年度指标值\t实际完成值", "")
        .replace("\t≥1000人次\t1000人次", "")
        .replace("\t≥90%\t95%", "")
        .replace("\t及时\t及时", "")
        .replace("\t≥60%\t65%", "")
        .replace("\t≥85%\t90%", "")
        .replace("总分\t\t\t\t\t\t100", "总分\t\t\t\t100");
    let a = &assess_all(&forms_of(&[sheet]))[0];
    assert_eq!(
        codes(a),
        BTreeSet::from(["PARTS_MISSING"]),
        "{:#?}",
        a.findings
    );
    assert!(a.findings[0].message.contains("没有年度指标值、实际完成值"));
    seen.insert("PARTS_MISSING");
    // Every code of the catalogue has its case; the four that compare two years have theirs
    // planted in samples-2022/ (tests/comparison.rs: each where planted, nowhere else).
    for code in zipingbiao::check::findings::Code::ALL {
        if [
            "TARGET_LOWERED",
            "REMARK_REPEATED",
            "BUDGET_CHANGED",
            "SCORE_UP_EXECUTION_DOWN",
        ]
        .contains(&code.as_str())
        {
            continue;
        }
        assert!(
            seen.contains(code.as_str()),
            "{} has no crafted case",
            code.as_str()
        );
    }
}

#[test]
fn severities_follow_the_catalogue() {
    use zipingbiao::check::findings::Code;
    assert_eq!(Code::RemarkMissing.severity(), Severity::Error);
    assert_eq!(Code::BudgetScoreMismatch.severity(), Severity::Warning);
    assert_eq!(Code::Overachieved.severity(), Severity::Info);
}

#[test]
fn the_reverse_formula_is_a_setting() {
    let text = planted(&[
        (
            "\t\t时效指标\t培训完成及时性\t及时\t及时\t10\t10\t",
            "\t\t时效指标\t培训投诉率\t≤2%\t4%\t10\t5\t投诉增多",
        ),
        ("\t100\t99.5", "\t100\t94.5"),
    ]);
    let forms = forms_of(&[text]);
    let vocab = Vocabulary::builtin();
    let ratio = check::assess(&forms[0], &Rules::builtin(), &vocab);
    // 10 × 2 / 4 = 5.
    let rescored = |a: &Assessment| {
        a.indicators[2]
            .rescored
            .map(zipingbiao::normalize::decimal_string)
    };
    assert_eq!(rescored(&ratio).as_deref(), Some("5"));
    let linear =
        Rules::parse(&zipingbiao::check::rules::DEFAULT_SCORING.replace("\"ratio\"", "\"linear\""))
            .unwrap();
    // 10 × max(0, 1 − (4 − 2) / 2) = 0.
    let a = check::assess(&forms[0], &linear, &vocab);
    assert_eq!(rescored(&a).as_deref(), Some("0"));
    assert!(codes(&a).contains("RESCORE_DIFFERS"));
}

/// A finding's cell, opened in the sample workbook with calamine, holds the value the
/// finding talks about.
#[test]
fn findings_name_the_real_cell_of_the_workbook() {
    let out = common::samples_run();
    let findings = read_json(&out.path().join("findings.json"));
    let file = "宝山区绿化和市容管理局/市容环境整治-自评表（有误）.xlsx";
    let mut workbook =
        open_workbook_auto(repo().join("samples").join(file)).expect("workbook opens");
    let mut checked = BTreeSet::new();
    for f in findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == file)
    {
        let sheet = f["sheet"].as_str().unwrap();
        let cell = f["cell"].as_str().unwrap();
        let range = workbook.worksheet_range(sheet).unwrap();
        let (row, col) = a1(cell);
        let value = range.get_value((row, col)).cloned().unwrap_or(Data::Empty);
        let message = f["message"].as_str().unwrap();
        let code = f["code"].as_str().unwrap();
        match code {
            // The message quotes the written number found in that cell.
            "TOTAL_MISMATCH" | "SCORE_OUT_OF_RANGE" => {
                let shown = number(&value);
                assert!(
                    message.contains(&shown),
                    "{code} {cell}: {shown} not in {message}"
                );
            }
            // An amount as the tables print it, with its unit.
            "EXECUTED_OVER_BUDGET" => {
                let amount: rust_decimal::Decimal = number(&value).parse().unwrap();
                let shown = format!("{}元", zipingbiao::normalize::money_string(amount));
                assert!(
                    message.contains(&shown),
                    "{code} {cell}: {shown} not in {message}"
                );
            }
            "EXECUTION_RATE_MISMATCH" => assert_eq!(value, Data::Float(0.98), "{cell}"),
            "REMARK_MISSING" | "SCORE_MISSING" => assert_eq!(value, Data::Empty, "{code} {cell}"),
            "WEIGHTS_NOT_100" => assert_eq!(value, Data::Float(100.0), "{cell}"),
            _ => continue,
        }
        checked.insert(code.to_owned());
    }
    let want = [
        "TOTAL_MISMATCH",
        "EXECUTION_RATE_MISMATCH",
        "REMARK_MISSING",
        "SCORE_MISSING",
        "SCORE_OUT_OF_RANGE",
        "WEIGHTS_NOT_100",
        "EXECUTED_OVER_BUDGET",
    ];
    assert_eq!(
        checked,
        want.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()
    );
}

fn number(value: &Data) -> String {
    match value {
        Data::Float(f) => zipingbiao::read::cell_text::number(*f, false),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// `D12` → (11, 3).
fn a1(cell: &str) -> (u32, u32) {
    let letters: String = cell
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let col = letters
        .chars()
        .fold(0u32, |acc, c| acc * 26 + (c as u32 - 'A' as u32 + 1))
        - 1;
    let row: u32 = cell[letters.len()..].parse().unwrap();
    (row - 1, col)
}

#[test]
fn the_readme_lists_every_rejection_code_and_no_other() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `rejected.json` |"))
        .expect("the outputs table has a rejected.json row");
    let listed: BTreeSet<&str> = row
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.len() > 4 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .collect();
    let codes: BTreeSet<&str> = zipingbiao::RejectionCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(listed, codes);
}

#[test]
fn the_readme_lists_every_finding_code_and_no_other() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `findings.json` |"))
        .expect("the outputs table has a findings.json row");
    let listed: BTreeSet<&str> = row
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| {
            w.len() > 4
                && w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    let codes: BTreeSet<&str> = zipingbiao::check::findings::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(listed, codes);
}

/// Every limit of `src/read/limits.rs` is in the README's table, with its value as the
/// program has it.
#[test]
fn the_readme_lists_every_limit() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let limits = std::fs::read_to_string(repo().join("src/read/limits.rs")).unwrap();
    let row = |name: &str| {
        readme
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("`{name}`")))
            .unwrap_or_else(|| panic!("{name} is not in the README's limits table"))
            .to_owned()
    };
    let names: Vec<&str> = limits
        .lines()
        .filter_map(|l| l.strip_prefix("pub const "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert!(names.len() >= 16, "{names:?}");
    for name in names {
        assert!(row(name).contains(" | `"), "{name}: no code in its row");
    }
    use zipingbiao::read::limits::*;
    let mb = |n: u64| format!("| {} MB |", n >> 20);
    let count = |n: u64| {
        let digits = n.to_string();
        let mut shown = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                shown.push(',');
            }
            shown.push(c);
        }
        shown
    };
    for (name, shown) in [
        ("MAX_FILE_BYTES", mb(MAX_FILE_BYTES)),
        ("MAX_UNZIPPED_BYTES", mb(MAX_UNZIPPED_BYTES)),
        ("MAX_SHARED_STRINGS_BYTES", mb(MAX_SHARED_STRINGS_BYTES)),
        ("MAX_PDF_STREAM_BYTES", mb(MAX_PDF_STREAM_BYTES as u64)),
        ("MAX_ZIP_RATIO", format!("| {MAX_ZIP_RATIO}× |")),
        ("MAX_ZIP_MEMBERS", count(MAX_ZIP_MEMBERS)),
        ("MAX_CELLS", count(MAX_CELLS)),
        ("MAX_SHEETS", count(MAX_SHEETS as u64)),
        ("MAX_MERGES", count(MAX_MERGES as u64)),
        ("MAX_MERGED_CELLS", count(MAX_MERGED_CELLS)),
        ("MAX_TEXT_LINES", count(MAX_TEXT_LINES as u64)),
        ("MAX_TEXT_FIELDS", count(MAX_TEXT_FIELDS as u64)),
        ("MAX_PDF_PAGES", count(MAX_PDF_PAGES as u64)),
        (
            "MAX_PDF_PAGE_OPERATIONS",
            count(MAX_PDF_PAGE_OPERATIONS as u64),
        ),
        ("MAX_FORMS_PER_FILE", count(MAX_FORMS_PER_FILE as u64)),
        ("MAX_INDICATOR_ROWS", count(MAX_INDICATOR_ROWS as u64)),
    ] {
        assert!(
            row(name).contains(&shown),
            "{name}: {shown} not in {}",
            row(name)
        );
    }
}

/// The clean form as a worksheet gives it (columns trusted), after `replacements`.
fn sheet_forms(replacements: &[(&str, &str)]) -> Vec<Form> {
    let mut grids = TextReader::TAB
        .read(planted(replacements).as_bytes())
        .expect("text");
    grids[0].kind = zipingbiao::read::SourceKind::Sheet;
    extract_forms(&grids[0], "表.xlsx", &Vocabulary::builtin()).expect("within the limits")
}

/// What a case misreads, its replacements in the clean form, and words its finding says.
type DoubtCase = (
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static str,
);

#[test]
fn each_doubtful_reading_is_read_doubtful_graded_待核_and_a_good_one_is_not() {
    let header = "\t分值\t得分\t偏差原因分析及改进措施";
    let cases: [DoubtCase; 5] = [
        (
            "the score column under a header nobody knows: a column of numbers set aside",
            vec![(header, "\t分值\t核定值\t偏差原因分析及改进措施")],
            "“核定值”一栏全是数字",
        ),
        (
            "the weight column lost, nothing in its place",
            vec![(header, "\t基准\t得分\t偏差原因分析及改进措施")],
            "没有读到分值",
        ),
        (
            "a field's label right under the header ends the table: the rows under it unread",
            vec![(
                "偏差原因分析及改进措施\n",
                "偏差原因分析及改进措施\n备注\t指标按年初批复填写\n",
            )],
            "只读出 0 个指标",
        ),
        (
            "weights twice what they share: subtotals read as indicators",
            vec![
                ("\t20\t20\t\n\t\t质量指标", "\t40\t20\t\n\t\t质量指标"),
                ("\t20\t20\t\n\t\t时效指标", "\t40\t20\t\n\t\t时效指标"),
                ("\t10\t10\t\n\t效益指标", "\t20\t10\t\n\t效益指标"),
                ("\t30\t30\t", "\t60\t30\t"),
                ("\t10\t10\t\n总分", "\t20\t10\t\n总分"),
            ],
            "正好是应有的90的两倍",
        ),
        (
            "the target column under a header nobody knows: its quantities set aside",
            vec![("\t年度指标值\t实际完成值", "\t考核标的\t实际完成值")],
            "“考核标的”一栏像是指标值",
        ),
    ];
    for (what, replacements, says) in cases {
        let forms = sheet_forms(&replacements);
        assert_eq!(forms.len(), 1, "{what}");
        let a = &assess_all(&forms)[0];
        let first = &a.findings[0];
        assert_eq!(
            first.code.as_str(),
            "READ_DOUBTFUL",
            "{what}: {:#?}",
            a.findings
        );
        assert!(first.message.contains(says), "{what}: {}", first.message);
        assert!(first.message.contains("待核"), "{what}");
        assert_eq!(
            (a.reported_grade.name(), a.rescored_grade.name()),
            ("待核", "待核"),
            "{what}"
        );
    }
    // The same form read right: no doubt, its grade.
    let a = &assess_all(&sheet_forms(&[]))[0];
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    assert_eq!(a.rescored_grade.name(), "优");
}

#[test]
fn a_missing_score_is_re_scored_from_target_and_actual_and_a_fraction_read_as_a_percentage() {
    let forms = forms_of(&[planted(&[
        ("≥85%\t90%\t10\t10", "≥85%\t80%\t10\t"),
        ("≥90%\t95%\t20\t20", "≥90%\t0.9\t20\t20"),
        ("\t100\t99.5", "\t100\t89.5"),
    ])]);
    let a = &assess_all(&forms)[0];
    assert_eq!(
        codes(a),
        BTreeSet::from(["SCORE_MISSING"]),
        "{:#?}",
        a.findings
    );
    let satisfaction = &a.indicators[4];
    // 10 × 80 ÷ 85 = 9.41, where the row had no score at all.
    assert_eq!(
        satisfaction.rescored,
        Some(rust_decimal::Decimal::new(941, 2))
    );
    assert!(
        satisfaction
            .reason
            .starts_with("未填写得分，按完成情况复核："),
        "{}",
        satisfaction.reason
    );
    let rate = &a.indicators[1];
    assert_eq!(rate.rescored, Some(rust_decimal::Decimal::from(20)));
    assert!(
        rate.reason
            .starts_with("实际完成值“0.9”是小数，对照百分比目标读作90%"),
        "{}",
        rate.reason
    );
    // The re-scored total counts the re-scored row: 9.5 + 20 + 20 + 10 + 30 + 9.41.
    assert_eq!(a.rescored_total, rust_decimal::Decimal::new(9891, 2));
}

#[test]
fn a_total_right_under_the_header_is_the_total_and_the_rows_are_still_read() {
    let forms = sheet_forms(&[
        ("总分\t\t\t\t\t\t100\t99.5\t\n", ""),
        (
            "偏差原因分析及改进措施\n",
            "偏差原因分析及改进措施\n总分\t\t\t\t\t\t100\t99.5\t\n",
        ),
    ]);
    let f = &forms[0];
    assert_eq!(f.indicators.len(), 5);
    assert_eq!(
        f.total.score.value,
        Some(rust_decimal::Decimal::new(995, 1))
    );
    assert!(f.notes.iter().any(|n| n.rule == "total-first"));
    assert!(assess_all(&forms)[0].findings.is_empty());
}
