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
    assert_eq!(forms.as_array().unwrap().len(), 4);
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

/// The forms expected of the prints: the four above, each from its PDF, and the two
/// stacked on one sheet.
fn expected_prints() -> Vec<serde_json::Value> {
    let mut forms = Vec::new();
    for path in [
        "tests/fixtures/undescribed-expected.json",
        "tests/fixtures/pdf-overflow-source/stacked-expected.json",
    ] {
        forms.extend(
            read_json(&repo().join(path))
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
    }
    forms
}

#[test]
fn libreoffice_prints_with_text_over_the_ruling_lines_read_as_the_workbooks() {
    let out = common::run_into_temp(&repo().join("tests/fixtures/pdf-overflow"));
    let forms = read_json(&out.path().join("forms.json"));
    let got = forms.as_array().unwrap();
    assert_eq!(got.len(), 6, "four forms and two stacked");
    let mut problems = Vec::new();
    let mut compared = 0;
    for e in expected_prints() {
        let pdf = std::path::Path::new(e["source"]["file"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned()
            + ".pdf";
        let Some(g) = got.iter().find(|g| {
            g["source"]["file"] == pdf.as_str() && g["project_name"] == e["project_name"]
        }) else {
            problems.push(format!("{pdf}: no form {}", e["project_name"]));
            continue;
        };
        compared += 1;
        for d in differences(g, &e) {
            // LibreOffice leaves the lines of a merged cell's wrapped text that its row
            // cannot show out of the PDF: the goal is read as far as it was printed.
            let clipped = d.starts_with(".goal.")
                && ["expected", "achieved"].iter().any(|k| {
                    let (have, want) = (&g["goal"][k], &e["goal"][k]);
                    d.starts_with(&format!(".goal.{k}:"))
                        && have.as_str().is_some_and(|h| {
                            h.chars().count() >= 20 && want.as_str().unwrap().contains(h)
                        })
                });
            // The PDF is another file, its positions pages.
            let source = d.starts_with(".source");
            if !clipped && !source {
                problems.push(format!("{pdf} {} {d}", e["project_name"]));
            }
        }
        let errors = &g["assessment"]["counts"]["error"];
        if errors != 0 {
            problems.push(format!("{pdf}: {} errors", errors));
        }
    }
    assert!(problems.is_empty(), "differences:\n{}", problems.join("\n"));
    assert_eq!(compared, 6);
}

#[test]
fn excel_prints_that_keep_clipped_lines_read_every_cell_whole() {
    // Excel's "导出为PDF" keeps the lines a cell's clip hides (`examples/make_undescribed_samples.rs`
    // draws such prints of the tight copies): wrapped text taller than its row lies over the
    // rows above and below, among their own text, and belongs to its own cell whole.
    let out = common::run_into_temp(&repo().join("tests/fixtures/pdf-clipped"));
    let forms = read_json(&out.path().join("forms.json"));
    let got = forms.as_array().unwrap();
    assert_eq!(got.len(), 6, "four forms and two stacked");
    let mut problems = Vec::new();
    for e in expected_prints() {
        let pdf = std::path::Path::new(e["source"]["file"].as_str().unwrap())
            .with_extension("pdf")
            .to_string_lossy()
            .into_owned();
        let Some(g) = got.iter().find(|g| {
            g["source"]["file"] == pdf.as_str() && g["project_name"] == e["project_name"]
        }) else {
            problems.push(format!("{pdf}: no form {}", e["project_name"]));
            continue;
        };
        // Only the positions differ: the PDF's are pages.
        problems.extend(
            differences(g, &e)
                .into_iter()
                .filter(|d| !d.starts_with(".source"))
                .map(|d| format!("{pdf} {} {d}", e["project_name"])),
        );
        let errors = &g["assessment"]["counts"]["error"];
        if errors != 0 {
            problems.push(format!(
                "{pdf}: {errors} errors {}",
                g["assessment"]["findings"]
            ));
        }
    }
    assert!(problems.is_empty(), "differences:\n{}", problems.join("\n"));
}

#[test]
fn word_copies_of_the_undescribed_layouts_read_as_their_workbooks() {
    // `examples/make_word_samples.rs` pastes each workbook into a Word document (the county's
    // form broken over two tables by a page break), its expected JSON the workbook's with
    // the document's positions.
    let out = common::run_into_temp(&repo().join("tests/fixtures/word-undescribed"));
    let forms = read_json(&out.path().join("forms.json"));
    assert_eq!(forms.as_array().unwrap().len(), 4);
    let mut problems = Vec::new();
    for name in [
        "special-fund",
        "framework-2020",
        "total-first",
        "evaluation-sheet",
    ] {
        let path = format!("tests/fixtures/word-undescribed-expected/{name}.json");
        for e in read_json(&repo().join(path)).as_array().unwrap() {
            let got = forms_from(&forms, e["source"]["file"].as_str().unwrap());
            assert_eq!(got.len(), 1, "{}", e["source"]["file"]);
            problems.extend(
                differences(got[0], e)
                    .into_iter()
                    .map(|d| format!("{name} {d}")),
            );
            assert_eq!(got[0]["assessment"]["counts"]["error"], 0, "{name}");
        }
    }
    assert!(problems.is_empty(), "differences:\n{}", problems.join("\n"));
}
