//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every output file under `dir` (relative path and bytes), sorted by path. The output
/// marker is left out: it lists the files with their times, which differ run to run.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name() != zipingbiao::pipeline::OUTPUT_MARKER)
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("readable output");
            let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Runs the whole job on `input` into a fresh temporary folder; returns the folder.
pub fn run_into_temp(input: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let settings = zipingbiao::pipeline::Settings::builtin();
    zipingbiao::pipeline::run(input, out.path(), &settings).expect("run succeeds");
    out
}

/// Every field of `expected` compared with `got`, as a list of differences (`path: got != expected`).
/// Keys only in `got` (provenance, notes) are not compared; a key `note` in `expected` is a comment.
pub fn differences(got: &Value, expected: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(got, expected, "", &mut out);
    out
}

fn diff(got: &Value, expected: &Value, path: &str, out: &mut Vec<String>) {
    match expected {
        Value::Object(map) => {
            for (key, want) in map {
                if key == "note" {
                    continue;
                }
                let have = got.get(key).unwrap_or(&Value::Null);
                diff(have, want, &format!("{path}.{key}"), out);
            }
        }
        Value::Array(items) => {
            let have = got.as_array().cloned().unwrap_or_default();
            if have.len() != items.len() {
                out.push(format!("{path}: {} items != {}", have.len(), items.len()));
            }
            for (i, (h, w)) in have.iter().zip(items).enumerate() {
                diff(h, w, &format!("{path}[{i}]"), out);
            }
        }
        want => {
            if got != want {
                out.push(format!("{path}: {got} != {want}"));
            }
        }
    }
}

/// The forms of `forms.json` that came from `file`, in order.
pub fn forms_from<'a>(forms: &'a Value, file: &str) -> Vec<&'a Value> {
    forms
        .as_array()
        .map(|all| all.iter().filter(|f| f["source"]["file"] == file).collect())
        .unwrap_or_default()
}
