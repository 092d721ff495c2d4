//! `--previous`: the bundled samples against `samples-2022/` (last year's submissions),
//! last year's output folder and its forms.json.

mod common;

use std::path::Path;

use common::{differences, read_json, repo};
use serde_json::Value;
use zipingbiao::Settings;
use zipingbiao::pipeline::run_against;
use zipingbiao::report::Outputs;

const JSON_ONLY: Outputs = Outputs {
    json: true,
    xlsx: false,
    pdf: false,
    report: false,
};

/// The codes only two years give.
const ACROSS_YEARS: [&str; 4] = [
    "TARGET_LOWERED",
    "REMARK_REPEATED",
    "BUDGET_CHANGED",
    "SCORE_UP_EXECUTION_DOWN",
];

fn run(previous: Option<&Path>, out: &Path) {
    run_against(
        &repo().join("samples"),
        previous,
        out,
        &Settings::builtin(),
        JSON_ONLY,
        &|_| {},
    )
    .expect("the run succeeds");
}

/// (code, project, indicator) of every finding across years.
fn across_years(out: &Path) -> Vec<(String, String, String)> {
    let findings = read_json(&out.join("findings.json"));
    let mut found: Vec<(String, String, String)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| ACROSS_YEARS.contains(&f["code"].as_str().unwrap()))
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["project"].as_str().unwrap().to_owned(),
                f["indicator"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

fn planted() -> Vec<(String, String, String)> {
    let mut planted: Vec<(String, String, String)> = [
        ("BUDGET_CHANGED", "城乡居民医保参保补助", ""),
        (
            "REMARK_REPEATED",
            "高标准农田建设项目",
            "新建高标准农田面积",
        ),
        ("SCORE_UP_EXECUTION_DOWN", "社区养老服务补贴", ""),
        ("TARGET_LOWERED", "地表水水质自动监测运维", "监测数据有效率"),
    ]
    .map(|(c, p, i)| (c.to_owned(), p.to_owned(), i.to_owned()))
    .to_vec();
    planted.sort();
    planted
}

/// Every expected pair (27, one by 项目编码, one with the year in last year's name), the
/// three new projects and the two that ended, nothing else; each finding across years where
/// it was planted and nowhere else.
#[test]
fn the_two_sample_years_pair_as_expected_and_the_findings_fire_where_planted() {
    let out = tempfile::tempdir().unwrap();
    run(Some(&repo().join("samples-2022")), out.path());
    let mut got = read_json(&out.path().join("comparison.json"));
    assert_eq!(
        got["previous"],
        repo().join("samples-2022").display().to_string()
    );
    got["previous"] = Value::String("samples-2022".into());
    let want = read_json(&repo().join("tests/golden/comparison-2022-2023.json"));
    let d = differences(&got, &want);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(got["matched"].as_array().unwrap().len(), 27);
    assert_eq!(got["new"].as_array().unwrap().len(), 3);
    assert_eq!(got["ended"].as_array().unwrap().len(), 2);
    assert_eq!(across_years(out.path()), planted());
    // Each finding names last year's form it compares with.
    let findings = read_json(&out.path().join("findings.json"));
    let lowered = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "TARGET_LOWERED")
        .unwrap();
    assert_eq!(
        lowered["message"],
        "年度指标值“≥90%”低于上年的“≥92%”，而上年实际完成“95%”已超过上年目标：目标可能设置偏低，请说明调整理由（上年：嘉定区生态环境局/地表水水质自动监测运维-2022年度自评表.xlsx · 第1行）。"
    );
    assert_eq!(lowered["severity"], "warning");
}

/// Last year's output folder and its forms.json give the same pairs and findings as last
/// year's submissions.
#[test]
fn last_years_output_folder_and_forms_json_serve_as_well() {
    let last = tempfile::tempdir().unwrap();
    let last_out = last.path().join("2022年度结果");
    run_against(
        &repo().join("samples-2022"),
        None,
        &last_out,
        &Settings::builtin(),
        JSON_ONLY,
        &|_| {},
    )
    .unwrap();
    let want = read_json(&repo().join("tests/golden/comparison-2022-2023.json"));
    for previous in [last_out.clone(), last_out.join("forms.json")] {
        let out = tempfile::tempdir().unwrap();
        run(Some(&previous), out.path());
        let mut got = read_json(&out.path().join("comparison.json"));
        got["previous"] = Value::String("samples-2022".into());
        // Last year's forms name their files as the run over them did.
        let d = differences(&got, &want);
        assert!(d.is_empty(), "{}: {d:?}", previous.display());
        assert_eq!(
            across_years(out.path()),
            planted(),
            "{}",
            previous.display()
        );
    }
}

/// Without --previous: no comparison.json and no finding across years.
#[test]
fn without_previous_nothing_is_compared() {
    let out = tempfile::tempdir().unwrap();
    run(None, out.path());
    assert!(!out.path().join("comparison.json").exists());
    assert!(across_years(out.path()).is_empty());
}

/// A --previous that holds no forms stops the run before anything is written, saying so.
#[test]
fn a_previous_without_forms_is_refused_with_a_reason() {
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("说明.txt"), "不是自评表").unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("结果");
    let Err(err) = run_against(
        &repo().join("samples"),
        Some(empty.path()),
        &target,
        &Settings::builtin(),
        JSON_ONLY,
        &|_| {},
    ) else {
        panic!("refused");
    };
    assert_eq!(
        err.to_string(),
        format!(
            "上年资料 {} 无法使用：其中没有识别出自评表。--previous 应是上年的输出文件夹、其中的 forms.json，或上年收到的自评表所在的文件夹。",
            empty.path().display()
        )
    );
    assert!(!target.exists());
    let bad = empty.path().join("forms.json");
    std::fs::write(&bad, "{\"不是\": 1}").unwrap();
    let Err(err) = run_against(
        &repo().join("samples"),
        Some(&bad),
        &target,
        &Settings::builtin(),
        JSON_ONLY,
        &|_| {},
    ) else {
        panic!("refused");
    };
    assert!(
        err.to_string().contains("不是本工具生成的 forms.json"),
        "{err}"
    );
}

/// summary.xlsx with --previous: 同比 (the 27 pairs, then the 3 new and the 2 ended, each
/// linked to its rows), 上年汇总, last year's figures per department and last year's grades
/// beside this year's; figures equal to the forms'.
#[test]
fn the_workbook_shows_last_year_beside_this_year() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let out = tempfile::tempdir().unwrap();
    let outputs = Outputs {
        json: true,
        xlsx: true,
        pdf: false,
        report: true,
    };
    run_against(
        &repo().join("samples"),
        Some(&repo().join("samples-2022")),
        out.path(),
        &Settings::builtin(),
        outputs,
        &|_| {},
    )
    .unwrap();
    let path = out.path().join("summary.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    let at = names.iter().position(|n| n == "等级分布").unwrap();
    assert_eq!(names[at + 1..], ["同比", "上年汇总", "未识别文件", "说明"]);
    let text = |v: Option<&Data>| v.map(|d| d.to_string()).unwrap_or_default();
    let number = |v: Option<&Data>| match v {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    };
    let pairs = wb.worksheet_range("同比").unwrap();
    assert_eq!(pairs.height(), 1 + 27 + 3 + 2);
    let how: Vec<String> = (1..pairs.height() as u32)
        .map(|r| text(pairs.get_value((r, 5))))
        .collect();
    assert_eq!(
        how.iter().filter(|h| *h == "单位和项目名称相同").count(),
        26
    );
    assert_eq!(how.iter().filter(|h| *h == "项目编码相同").count(), 1);
    assert_eq!(
        how[27..],
        [
            "本年新增",
            "本年新增",
            "本年新增",
            "上年有、本年无",
            "上年有、本年无"
        ]
    );
    let row = (1..pairs.height() as u32)
        .find(|&r| text(pairs.get_value((r, 3))) == "城乡居民医保参保补助")
        .unwrap();
    assert_eq!(number(pairs.get_value((row, 6))), 6_000_000.0);
    assert_eq!(number(pairs.get_value((row, 7))), 9_000_000.0);
    assert!((number(pairs.get_value((row, 8))) - 0.5).abs() < 1e-9);
    assert_eq!(text(pairs.get_value((row, 18))), "汇总第2行");
    // A new project has no last year: its difference is blank, cached blank (not 0).
    let sheet = |n: usize| common::package_part(&path, &format!("xl/worksheets/sheet{n}.xml"));
    let pairs_xml = sheet(at + 2);
    assert!(
        pairs_xml.contains("<c r=\"I29\" s=\"5\" t=\"str\"><f>IF(AND(N(G29)&gt;0,N(H29)&gt;0),H29/G29-1,\"\")</f><v></v></c>"),
        "{pairs_xml}"
    );
    assert_eq!(pairs_xml.matches("location=\"'汇总'!A").count(), 30);
    assert_eq!(pairs_xml.matches("location=\"'上年汇总'!A").count(), 29);
    // 上年汇总: last year's 29 forms, each saying what became of it.
    let previous = wb.worksheet_range("上年汇总").unwrap();
    assert_eq!(previous.height(), 1 + 29);
    let ended: Vec<String> = (1..30)
        .filter(|&r| text(previous.get_value((r, 11))) == "本年无此项目")
        .map(|r| text(previous.get_value((r, 3))))
        .collect();
    assert_eq!(ended, ["垃圾分类宣传经费", "土壤环境质量监测"]);
    // 按主管部门汇总: last year's figures of 恩施市医疗保障局 beside this year's.
    let departments = wb.worksheet_range("按主管部门汇总").unwrap();
    assert_eq!(text(departments.get_value((1, 13))), "上年项目数");
    assert_eq!(text(departments.get_value((2, 0))), "恩施市医疗保障局");
    assert_eq!(number(departments.get_value((2, 13))), 1.0);
    assert_eq!(number(departments.get_value((2, 14))), 6_000_000.0);
    assert!((number(departments.get_value((2, 15))) - 0.5).abs() < 1e-9);
    // 等级分布: last year's 29 forms, all 优.
    let grades = wb.worksheet_range("等级分布").unwrap();
    assert_eq!(text(grades.get_value((1, 2))), "上年项目数");
    let last_year: Vec<f64> = (2..6).map(|r| number(grades.get_value((r, 2)))).collect();
    assert_eq!(last_year, [29.0, 0.0, 0.0, 0.0]);
}
