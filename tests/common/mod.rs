//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// How many forms the bundled samples hold: the seed's five and the others'.
#[allow(dead_code)]
pub const SAMPLE_FORMS: usize = 33;

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

/// [`snapshot`] without the decisions workbook and its backups, which carry the record of
/// every earlier run (the reviewer's), not only this input's outputs.
pub fn outputs_snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| {
            !p.starts_with(zipingbiao::review::FILE) && !p.starts_with(zipingbiao::review::BACKUPS)
        })
        .collect()
}

/// Runs the whole job on `input` into a fresh temporary folder; returns the folder.
pub fn run_into_temp(input: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let settings = zipingbiao::Settings::builtin();
    zipingbiao::pipeline::run(input, out.path(), &settings).expect("run succeeds");
    out
}

/// The output of one whole run (PDFs included) on `input`, made once per test binary and
/// shared by its tests: the pipeline with PDFs is the slowest thing the tests do. The run
/// goes to `target/tmp/<test binary>-<name>`, replaced by the next `cargo test`.
pub fn shared_run(name: &str, input: &Path) -> PathBuf {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static RUNS: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let mut runs = RUNS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(out) = runs.get(name) {
        return out.clone();
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{binary}-{name}"));
    let settings = zipingbiao::Settings::builtin();
    zipingbiao::run(input, &out, &settings).expect("run succeeds");
    runs.insert(name.to_owned(), out.clone());
    out
}

/// The bundled samples' whole output, shared by the tests of a binary ([`shared_run`]).
pub fn samples_run() -> SharedOutput {
    SharedOutput(shared_run("samples", &repo().join("samples")))
}

/// A shared run's output folder, read like a temporary one (`out.path()`).
pub struct SharedOutput(PathBuf);

impl SharedOutput {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

/// Every field of `expected` compared with `got`, both ways, as a list of differences
/// (`path: got != expected`, or a key one side has and the other lacks). A key `note` in
/// `expected` is a comment. `provenance`, `notes` and `assessment` of a form are compared
/// by the golden snapshot of the whole forms.json instead ([`golden`]), so an expected
/// file holds the form's data only.
pub fn differences(got: &Value, expected: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff(got, expected, "", &mut out);
    out
}

/// Keys of a form compared by the golden snapshot, not by the expected files.
const GOLDEN_ONLY: [&str; 3] = ["provenance", "notes", "assessment"];

fn diff(got: &Value, expected: &Value, path: &str, out: &mut Vec<String>) {
    match expected {
        Value::Object(map) => {
            for (key, want) in map {
                if key == "note" {
                    continue;
                }
                match got.get(key) {
                    Some(have) => diff(have, want, &format!("{path}.{key}"), out),
                    None => out.push(format!("{path}.{key}: missing (expected {want})")),
                }
            }
            if let Value::Object(have) = got {
                for (key, value) in have {
                    let skipped = path.is_empty() && GOLDEN_ONLY.contains(&key.as_str());
                    if !map.contains_key(key) && !skipped {
                        out.push(format!("{path}.{key}: not in the expected file ({value})"));
                    }
                }
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

/// Compares `text` with the golden file `tests/golden/<name>` byte for byte; with
/// `ZIPINGBIAO_BLESS=1` writes it instead (review the diff before committing it).
pub fn golden(name: &str, text: &str) {
    let path = repo().join("tests/golden").join(name);
    if std::env::var_os("ZIPINGBIAO_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (ZIPINGBIAO_BLESS=1 writes it)", path.display()));
    if want != text {
        let first = want
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(text.lines().count()));
        let show = |t: &str| {
            t.lines()
                .skip(first.saturating_sub(3))
                .take(7)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{} differs from the output at line {}:\n--- golden\n{}\n--- output\n{}",
            path.display(),
            first + 1,
            show(&want),
            show(text)
        );
    }
}

/// The forms of `forms.json` that came from `file`, in order.
pub fn forms_from<'a>(forms: &'a Value, file: &str) -> Vec<&'a Value> {
    forms
        .as_array()
        .map(|all| all.iter().filter(|f| f["source"]["file"] == file).collect())
        .unwrap_or_default()
}

/// The text of part `name` (`xl/workbook.xml`, `word/document.xml`) of the zip package at
/// `path`.
pub fn package_part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
    text
}
