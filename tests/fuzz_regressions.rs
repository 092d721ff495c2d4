//! Inputs the fuzzers (fuzz/, `cargo fuzz`) once crashed on, kept so the fixes stay fixed.
//! Each file under tests/fuzz-regressions/<target>/ goes through what that target does.

mod common;

use common::repo;
use zipingbiao::pipeline::Settings;
use zipingbiao::read::{GridReader, text::TextReader};

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("tests/fuzz-regressions").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn value_parser_regressions() {
    let found = inputs("value_parser");
    assert!(
        !found.is_empty(),
        "the value parser's crash inputs are kept"
    );
    for (name, bytes) in found {
        let text = String::from_utf8_lossy(&bytes);
        let v = zipingbiao::check::value::parse(&text);
        assert_eq!(zipingbiao::check::value::parse(&v.to_string()), v, "{name}");
        let _ = zipingbiao::normalize::parse_number(&text);
    }
}

#[test]
fn text_reader_regressions() {
    let settings = Settings::builtin();
    for (name, bytes) in inputs("text_reader") {
        for reader in [TextReader::TAB, TextReader::COMMA] {
            if let Ok(grids) = reader.read(&bytes) {
                for grid in &grids {
                    for form in zipingbiao::extract::extract_forms(grid, &name, &settings.vocab) {
                        let _ = zipingbiao::check::assess(&form, &settings.rules, &settings.vocab);
                    }
                }
            }
        }
    }
}
