//! Inputs the fuzzers (fuzz/, `cargo fuzz`) once crashed on, kept so the fixes stay fixed.
//! Each file under tests/fuzz-regressions/<target>/ goes through what that target does.

mod common;

use common::repo;

#[path = "../fuzz/fuzz_targets/extractor_input.rs"]
#[allow(dead_code)]
mod extractor_input;
use zipingbiao::Settings;
use zipingbiao::read::{GridReader, text::TextReader};

/// The kept inputs of a fuzz target. A target's folder that is missing or empty fails the
/// test: a replay that finds nothing to replay would pass without testing anything.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("tests/fuzz-regressions").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs kept", dir.display());
    files
}

/// Every fuzz target has its folder here, and every folder is a target's.
#[test]
fn every_fuzz_target_has_its_inputs_replayed() {
    let manifest = std::fs::read_to_string(repo().join("fuzz/Cargo.toml")).unwrap();
    let mut targets: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|n| *n != "zipingbiao-fuzz")
        .collect();
    targets.sort_unstable();
    let mut folders: Vec<String> = std::fs::read_dir(repo().join("tests/fuzz-regressions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(targets, folders);
    for target in targets {
        assert!(!inputs(target).is_empty());
    }
}

#[test]
fn extractor_regressions() {
    let settings = Settings::builtin();
    for (name, bytes) in inputs("extractor") {
        let u = arbitrary::Unstructured::new(&bytes);
        let Ok(input) = <extractor_input::FuzzGrid as arbitrary::Arbitrary>::arbitrary_take_rest(u)
        else {
            panic!("{name}: not an input of the extractor target");
        };
        if let Some(grid) = extractor_input::grid_of(&input) {
            extractor_input::exercise(&grid, &settings);
        }
    }
}

/// Damaged workbooks that once crashed, aborted or were read as valid: every one is
/// refused now, by a reason or (a library's panic, caught as the pipeline catches it) as
/// an internal error; our own code never panics on them.
#[test]
fn workbook_regressions() {
    for (name, bytes) in inputs("workbook") {
        let read = zipingbiao::isolate::catching(|| {
            zipingbiao::read::workbook::WorkbookReader.read(&bytes)
        });
        match read {
            Ok(Ok(grids)) => panic!("{name}: read as {} sheets", grids.len()),
            Ok(Err(e)) => assert!(!e.reason_zh().is_empty(), "{name}"),
            Err(what) => assert!(
                !what.starts_with("src/"),
                "{name}: our code panicked: {what}"
            ),
        }
    }
}

/// Word documents that once crashed the reader (a column past every integer): refused with
/// a reason, or read; never a panic.
#[test]
fn docx_regressions() {
    let settings = Settings::builtin();
    for (name, bytes) in inputs("docx") {
        let read =
            zipingbiao::isolate::catching(|| zipingbiao::read::docx::DocxReader.read(&bytes));
        match read {
            Ok(Ok(grids)) => {
                for grid in &grids {
                    for form in
                        zipingbiao::extract_forms(grid, &name, &settings.vocab).unwrap_or_default()
                    {
                        let _ = zipingbiao::assess(&form, &settings.rules, &settings.vocab);
                    }
                }
            }
            Ok(Err(e)) => assert!(!e.reason_zh().is_empty(), "{name}"),
            Err(what) => panic!("{name}: panicked: {what}"),
        }
    }
}

/// PDFs cut short or broken: refused with a reason (lopdf's own panics caught as the
/// pipeline catches them); never a panic of our code.
#[test]
fn pdf_regressions() {
    for (name, bytes) in inputs("pdf") {
        let read = zipingbiao::isolate::catching(|| zipingbiao::read::pdf::PdfReader.read(&bytes));
        match read {
            Ok(Ok(grids)) => panic!("{name}: read as {} grids", grids.len()),
            Ok(Err(e)) => assert!(!e.reason_zh().is_empty(), "{name}"),
            Err(what) => assert!(
                !what.starts_with("src/"),
                "{name}: our code panicked: {what}"
            ),
        }
    }
}

#[test]
fn value_parser_regressions() {
    for (name, bytes) in inputs("value_parser") {
        let text = String::from_utf8_lossy(&bytes);
        let v = zipingbiao::check::value::parse(&text);
        assert_eq!(zipingbiao::check::value::parse(&v.to_string()), v, "{name}");
        let _ = zipingbiao::normalize::parse_number(&text);
    }
}

/// Text that once crashed the check or broke an output: read, extracted and checked.
#[test]
fn text_reader_regressions() {
    let settings = Settings::builtin();
    for (name, bytes) in inputs("text_reader") {
        let grids = TextReader::TAB.read(&bytes).unwrap_or_default();
        let forms = zipingbiao::extract::extract_forms(&grids[0], &name, &settings.vocab);
        assert!(!forms.unwrap_or_default().is_empty(), "{name}: a form");
        for reader in [TextReader::TAB, TextReader::COMMA] {
            if let Ok(grids) = reader.read(&bytes) {
                for grid in &grids {
                    for form in zipingbiao::extract::extract_forms(grid, &name, &settings.vocab)
                        .unwrap_or_default()
                    {
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
        let forms = zipingbiao::extract::extract_forms(&grids[0], "giant.txt", &settings.vocab)
            .expect("within the limits");
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
