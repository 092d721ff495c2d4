//! The seed in other encodings, the schema, rejections, and inputs that fight back.

mod common;

use std::fs;
use std::path::Path;

use common::{SAMPLE_FORMS, read_json, repo, run_into_temp};
use serde_json::Value;
use zipingbiao::extract::{extract_forms, vocabulary::Vocabulary};
use zipingbiao::read::{GridReader, text::TextReader};

const SEED: &str = include_str!("../samples/songnan-2023-self-evaluation.txt");

/// The forms of a folder, without `source.file` and provenance (which name the file).
fn forms_of(dir: &Path) -> Vec<Value> {
    let out = run_into_temp(dir);
    let forms = read_json(&out.path().join("forms.json"));
    forms
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f["source"]["file"] = Value::Null;
            f
        })
        .collect()
}

fn folder_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

#[test]
fn seed_in_gb18030_crlf_and_utf16le_bom_extracts_to_the_same_forms() {
    let reference = forms_of(folder_with("seed.txt", SEED.as_bytes()).path());
    assert_eq!(reference.len(), 5);

    let crlf = SEED.replace('\n', "\r\n");
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&crlf);
    assert!(!unmappable);
    assert_eq!(
        forms_of(folder_with("seed-gb18030.txt", &gb).path()),
        reference
    );

    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(crlf.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(
        forms_of(folder_with("seed-utf16.tsv", &utf16).path()),
        reference
    );
}

#[test]
fn forms_json_validates_against_the_interchange_schema() {
    let schema = read_json(&repo().join("schema/form.schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let out = common::samples_run();
    let forms = read_json(&out.path().join("forms.json"));
    let forms = forms.as_array().unwrap();
    assert_eq!(forms.len(), SAMPLE_FORMS);
    for form in forms {
        let errors: Vec<String> = validator.iter_errors(form).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", form["project_name"]);
    }
    // Every form carries its assessment, and the schema describes it.
    assert!(forms.iter().all(|f| f["assessment"]["findings"].is_array()));
    // The validator does reject a wrong form, so the loop above can fail.
    let mut broken = forms[0].clone();
    broken["funds"]["total"]["initial"] = Value::String("12,690,000.00".into());
    assert!(!validator.is_valid(&broken));
    let mut broken = forms[0].clone();
    broken["assessment"]["grade"]["rescored"] = Value::String("A".into());
    assert!(!validator.is_valid(&broken));
    // Every layout of the samples is written in the one shape, and its own parts are checked.
    let layouts: std::collections::BTreeSet<&str> =
        forms.iter().filter_map(|f| f["layout"].as_str()).collect();
    assert_eq!(
        layouts.into_iter().collect::<Vec<_>>(),
        ["anhui", "hubei", "national", "sichuan", "xianjie"]
    );
    let mut broken = forms
        .iter()
        .find(|f| f["layout"] == "hubei")
        .expect("a Hubei form")
        .clone();
    broken["groups"][0]["kind"] = Value::String("Block".into());
    assert!(!validator.is_valid(&broken));
}

#[test]
fn bad_files_are_rejected_with_reasons_and_good_ones_still_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    fs::write(p.join("好表.txt"), SEED).unwrap();
    fs::write(p.join("空文件.txt"), b"").unwrap();
    fs::write(p.join("只有空行.txt"), b"\r\n\t\t\r\n").unwrap();
    fs::write(p.join("说明.txt"), "请各单位于3月底前报送自评表。\n").unwrap();
    fs::write(
        p.join("改名的压缩包.txt"),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00",
    )
    .unwrap();
    fs::write(p.join("只有文件头.pdf"), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n").unwrap();
    fs::write(p.join(".隐藏.txt"), SEED).unwrap();
    fs::write(p.join("~$好表.txt"), b"lock").unwrap();
    let out = run_into_temp(p);
    let forms = read_json(&out.path().join("forms.json"));
    assert_eq!(
        forms.as_array().unwrap().len(),
        5,
        "the good file is unaffected"
    );
    let rejected = read_json(&out.path().join("rejected.json"));
    let codes: Vec<(String, String)> = rejected
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["file"].as_str().unwrap().to_owned(),
                r["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = |file: &str, code: &str| {
        assert!(
            codes.contains(&(file.to_owned(), code.to_owned())),
            "{file} {code} in {codes:?}"
        )
    };
    expect("空文件.txt", "EMPTY_FILE");
    expect("只有空行.txt", "EMPTY_FILE");
    expect("说明.txt", "NO_FORM");
    expect("改名的压缩包.txt", "NOT_TEXT");
    expect("只有文件头.pdf", "CORRUPT_FILE");
    assert_eq!(
        codes.len(),
        5,
        "hidden and lock files are skipped: {codes:?}"
    );
    for r in rejected.as_array().unwrap() {
        let reason = r["reason"].as_str().unwrap();
        assert!(reason.starts_with(r["file"].as_str().unwrap()), "{reason}");
        assert!(
            reason
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{reason}"
        );
    }
}

#[test]
fn output_folder_inside_the_input_is_not_read_back() {
    let dir = folder_with("seed.txt", SEED.as_bytes());
    let settings = zipingbiao::Settings::builtin();
    let out = dir.path().join("output");
    for _ in 0..2 {
        let batch = zipingbiao::pipeline::run(dir.path(), &out, &settings)
            .unwrap()
            .batch;
        assert_eq!(
            (batch.files, batch.summaries.len(), batch.rejected.len()),
            (1, 5, 0)
        );
    }
}

/// A tiny deterministic generator, so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

#[test]
fn mangled_seeds_never_panic() {
    let vocab = Vocabulary::builtin();
    let rules = zipingbiao::check::rules::Rules::builtin();
    let lines: Vec<&str> = SEED.lines().collect();
    let mut rng = Lcg(2023);
    let pieces = [
        "\t",
        "",
        "总分",
        "项目名称",
        "三级指标",
        "05",
        "—",
        "100",
        "年初预算数",
        "\"",
        "\r",
        "分值",
    ];
    for round in 0..400 {
        let mut mangled: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for _ in 0..1 + rng.next(12) {
            let i = rng.next(mangled.len());
            match rng.next(5) {
                0 => {
                    mangled.remove(i);
                }
                1 => mangled.insert(i, pieces[rng.next(pieces.len())].to_owned()),
                2 => {
                    let cells: Vec<&str> = mangled[i].split('\t').collect();
                    let keep = rng.next(cells.len() + 1);
                    mangled[i] = cells[..keep].join("\t");
                }
                3 => mangled[i] = format!("{}\t{}", pieces[rng.next(pieces.len())], mangled[i]),
                _ => {
                    let j = rng.next(mangled.len());
                    mangled.swap(i, j);
                }
            }
        }
        let text = mangled.join("\n");
        let cut = rng.next(text.len() + 1);
        let bytes = &text.as_bytes()[..cut];
        if let Ok(grids) = TextReader::TAB.read(bytes) {
            for grid in &grids {
                let forms = extract_forms(grid, "x.txt", &vocab).expect("within the limits");
                assert!(forms.len() <= 8, "round {round}");
                for form in &forms {
                    let assessment = zipingbiao::check::assess(form, &rules, &vocab);
                    assert_eq!(assessment.indicators.len(), form.indicators.len());
                }
            }
        }
    }
}
