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

/// The extractor fuzzer's crash (tests/fuzz-regressions/extractor/, replay with
/// `cargo fuzz run extractor FILE`) was a decimal overflow in re-scoring: a weight and an
/// actual of 25 digits multiplied. Figures of that size are no numbers on a form now;
/// the same shape of form, written as text, must check without a panic.
#[test]
fn giant_numbers_check_without_panic() {
    let settings = Settings::builtin();
    let giant = "9999999999999999999999999";
    let tiny = "0.0000000000000000000000001";
    for (weight, score, target, actual) in [
        (giant, giant, ">=0.5", giant),
        ("10", "5", &*format!(">={tiny}"), giant),
        (giant, "1", "<=0.000001", "0.5"),
        // The second crash: a negative weight made the score's range empty.
        ("-5", "3", ">=90%", "80%"),
        ("10", giant, "=100%", "99%"),
    ] {
        let tsv = format!(
            "项目名称\t测试\n项目资金\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n\
             \t年度资金总额\t{giant}\t{tiny}\t{giant}\t{giant}\t{giant}%\t{giant}\n\
             三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             测试指标\t{target}\t{actual}\t{weight}\t{score}\n总分\t\t\t{giant}\t{giant}\n"
        );
        let grids = TextReader::TAB.read(tsv.as_bytes()).unwrap();
        let forms = zipingbiao::extract::extract_forms(&grids[0], "giant.txt", &settings.vocab);
        assert_eq!(forms.len(), 1);
        let a = zipingbiao::check::assess(&forms[0], &settings.rules, &settings.vocab);
        assert_eq!(a.indicators.len(), 1);
        assert!(
            a.findings.iter().any(
                |f| f.code.as_str() == "VALUE_UNREADABLE" || f.code.as_str() == "SCORE_MISSING"
            )
        );
    }
}
