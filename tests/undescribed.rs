//! Forms in layouts no document here describes (`tests/fixtures/undescribed/`, written by
//! `examples/make_undescribed_samples.rs`): every field as expected, over every key, and
//! each read right, so none is doubtful.

mod common;

use common::{differences, forms_from, read_json, repo};

#[test]
fn undescribed_layouts_read_field_by_field_and_score_as_meant() {
    let out = common::run_into_temp(&repo().join("tests/fixtures/undescribed"));
    let forms = read_json(&out.path().join("forms.json"));
    let expected = read_json(&repo().join("tests/fixtures/undescribed-expected.json"));
    let mut problems = Vec::new();
    for e in expected.as_array().unwrap() {
        let got = forms_from(&forms, e["source"]["file"].as_str().unwrap());
        assert_eq!(got.len(), 1, "{}", e["source"]["file"]);
        problems.extend(
            differences(got[0], e)
                .into_iter()
                .map(|d| format!("{} {d}", e["project_name"])),
        );
    }
    assert!(problems.is_empty(), "differences:\n{}", problems.join("\n"));
    assert_eq!(forms.as_array().unwrap().len(), 3);
    for f in forms.as_array().unwrap() {
        let a = &f["assessment"];
        assert_eq!(
            a["counts"]["error"], 0,
            "{}: {}",
            f["project_name"], a["findings"]
        );
        assert_eq!(a["grade"]["rescored"], "优", "{}", f["project_name"]);
    }
    // The county's form: 9年 against ≥10年 re-scored as years; 0.93 against ≥90% is 93%.
    let county = forms_from(&forms, "某县交通运输局/乡村道路养护专项资金-自评表.xlsx")[0];
    let rows = county["assessment"]["indicators"].as_array().unwrap();
    assert_eq!(rows[2]["unit"], "年");
    assert_eq!(rows[2]["rescored"], "9");
    assert_eq!(rows[4]["actual"]["numbers"][0], "93");
    assert_eq!(rows[4]["rescored"], "10");
    let rules: Vec<&str> = county["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"head-term") && rules.contains(&"near-miss-label"),
        "{rules:?}"
    );
    // The 2020 framework: its budget line is its 预算执行率 row.
    let city = forms_from(&forms, "某市文化广电旅游局/城市书房运营-绩效自评表.xlsx")[0];
    assert_eq!(city["assessment"]["total"]["rescored"], "99.6");
}
