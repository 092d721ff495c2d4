//! A workbook saved as text (tab-separated, every cell kept, as Excel, WPS and LibreOffice
//! write it) reads as the workbook does: the fixtures in `tests/fixtures/text-copies/` are
//! sample workbooks of every layout saved so (LibreOffice, once), and every interchange key of
//! their forms — funds rows, groups, extra columns, sections included — equals the
//! workbook's in the samples' golden forms.json. Only where a value came from (`source`,
//! `provenance`), the extractor's notes and the findings (which name cells) differ.

mod common;

use common::{differences, read_json, repo, run_into_temp};
use serde_json::Value;

/// The keys that say where and how, not what.
const PLACE_KEYS: [&str; 4] = ["source", "provenance", "notes", "assessment"];

fn what(form: &Value) -> Value {
    let mut f = form.clone();
    if let Some(map) = f.as_object_mut() {
        for key in PLACE_KEYS {
            map.remove(key);
        }
    }
    f
}

#[test]
fn a_workbook_saved_as_text_reads_as_the_workbook() {
    let out = run_into_temp(&repo().join("tests/fixtures/text-copies"));
    let copies = read_json(&out.path().join("forms.json"));
    let golden = read_json(&repo().join("tests/golden/samples-forms.json"));
    let copies = copies.as_array().unwrap();
    assert_eq!(copies.len(), 7, "forms in the six text copies");
    for copy in copies {
        let name = &copy["project_name"];
        let workbook = golden
            .as_array()
            .unwrap()
            .iter()
            .find(|f| &f["project_name"] == name && !f["source"]["sheet"].is_null())
            .unwrap_or_else(|| panic!("{name}: no workbook form"));
        let problems = differences(&what(copy), &what(workbook));
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        // The grade and totals too, re-scored from the same values.
        assert_eq!(
            copy["assessment"]["total"], workbook["assessment"]["total"],
            "{name}"
        );
        assert_eq!(
            copy["assessment"]["grade"], workbook["assessment"]["grade"],
            "{name}"
        );
        assert!(copy["source"]["sheet"].is_null(), "{name}: read as text");
    }
}
