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
    let want = read_json(&repo().join("tests/expected/comparison-2022-2023.json"));
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
    let want = read_json(&repo().join("tests/expected/comparison-2022-2023.json"));
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
