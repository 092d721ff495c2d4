//! forms.json is written through its own view of the model (`src/report/json.rs`): the
//! schema gathers every value's cell into one `provenance` map and writes decimals exactly,
//! where the model keeps `value`, `at` and `raw` together. This test keeps the two from
//! drifting apart: every field of the model, over every form of the bundled samples, is a
//! field of forms.json, but for the few the schema leaves out on purpose.

use std::collections::BTreeSet;

use serde_json::Value;

mod common;

/// Model fields forms.json does not carry, and why: `source.kind` decides how positions are
/// written and `source.part` is the Word table `source.row` is in (both are in every
/// `provenance` label); `level1_as_written` only feeds the check's findings; a section's
/// `label` is the label as written, its `name` the vocabulary's.
const NOT_IN_SCHEMA: [&str; 4] = [
    "source.kind",
    "source.part",
    "indicators[].level1_as_written",
    "sections[].label",
];

/// The leaf paths of `v` (`funds.total.initial`, `indicators[].level3`): a model value with
/// its cell (`{value, at, raw}`) and a position (`{part, row, col}`) count as one leaf.
fn leaves(v: &Value, path: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            let keys: BTreeSet<&str> = map.keys().map(String::as_str).collect();
            let located = keys == BTreeSet::from(["value", "at", "raw"]);
            let position = keys == BTreeSet::from(["part", "row", "col"]);
            if located || position {
                out.insert(path.to_owned());
                return;
            }
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                leaves(v, &p, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                leaves(item, &format!("{path}[]"), out);
            }
        }
        _ => {
            out.insert(path.to_owned());
        }
    }
}

#[test]
fn every_field_of_the_model_is_in_forms_json_but_the_few_left_out_on_purpose() {
    let settings = zipingbiao::Settings::builtin();
    let (mut model, mut schema) = (BTreeSet::new(), BTreeSet::new());
    let samples = common::repo().join("samples");
    let mut forms = 0;
    for entry in walkdir::WalkDir::new(&samples).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(grids) = zipingbiao::read_file(entry.path()) else {
            continue;
        };
        for grid in &grids {
            for form in zipingbiao::extract_forms(grid, "f", &settings.vocab).unwrap_or_default() {
                forms += 1;
                leaves(&serde_json::to_value(&form).unwrap(), "", &mut model);
                let mut written = zipingbiao::report::json::form_value(&form);
                // Gathered from the values' cells, not a field of the model.
                written.as_object_mut().unwrap().remove("provenance");
                leaves(&written, "", &mut schema);
            }
        }
    }
    assert!(forms >= common::SAMPLE_FORMS, "{forms} forms read");
    let expected: BTreeSet<String> = model
        .iter()
        .filter(|p| !NOT_IN_SCHEMA.contains(&p.as_str()))
        .cloned()
        .collect();
    let missing: Vec<&String> = expected.difference(&schema).collect();
    let extra: Vec<&String> = schema.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "model fields not in forms.json: {missing:?}; forms.json fields not in the model: {extra:?}"
    );
}
