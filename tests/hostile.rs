//! The hostile-input suite's small cases (`zipingbiao::bench::hostile`), each in a folder
//! beside a good form, run through the binary: the run ends normally, every planted file
//! is accounted for as the case says (forms, or a rejection with its code), the good form
//! still comes out, summary.xlsx is valid XML and every form has its PDF.
//!
//! Time and memory are not judged here (a debug build, a shared machine): the same cases,
//! the large ones too, are timed and measured by `cargo run --release -- bench --hostile`.
//! A watchdog stops a case that hangs, so a hang fails the test instead of the whole run.

use std::time::Duration;

use zipingbiao::bench::hostile::{self, watch};

/// Far beyond what any case takes: only a hang reaches it.
const WATCHDOG: Duration = Duration::from_secs(180);

#[test]
fn every_small_hostile_case_is_accounted_for_and_the_good_form_comes_out() {
    let exe = std::path::Path::new(env!("CARGO_BIN_EXE_zipingbiao"));
    let cases: Vec<_> = hostile::cases().into_iter().filter(|c| !c.large).collect();
    assert!(cases.len() >= 20, "the suite has its cases");
    // Two at a time: the machine has two cores and each run uses two threads.
    let failures: Vec<String> = std::thread::scope(|scope| {
        let chunks: Vec<_> = cases.chunks(cases.len().div_ceil(2)).collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for case in chunk {
                        let work = tempfile::tempdir().expect("temp dir");
                        let input = work.path().join("in");
                        std::fs::create_dir_all(&input).expect("folder");
                        let planted = case.make(&input).expect("the case is made");
                        let output = work.path().join("out");
                        let cmd = watch::product_command(exe, &input, &output);
                        let watched = watch::run_watched(cmd, WATCHDOG, f64::INFINITY)
                            .expect("the binary runs");
                        let problems = watch::verdict(&watched, &output, &planted);
                        if !problems.is_empty() {
                            failures.push(format!("{}: {}", case.name, problems.join("; ")));
                        }
                    }
                    failures
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("no panic"))
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The checker itself finds what it must: a file left unaccounted for, a wrong code, an
/// invalid character in summary.xlsx. Without this, the test above could pass on nothing.
#[test]
fn the_checker_sees_a_missing_file_a_wrong_code_and_invalid_xml() {
    use zipingbiao::bench::hostile::{Expect, Planted, forge};
    let out = tempfile::tempdir().unwrap();
    let p = out.path();
    std::fs::write(p.join("forms.json"), r#"[{"source":{"file":"a.txt"}}]"#).unwrap();
    std::fs::write(
        p.join("rejected.json"),
        r#"[{"file":"b.xls","code":"CORRUPT_FILE"}]"#,
    )
    .unwrap();
    let xlsx = forge::zip(&[forge::Member::new(
        "xl/worksheets/sheet1.xml",
        "<c>\u{1b}</c>",
    )]);
    std::fs::write(p.join("summary.xlsx"), xlsx).unwrap();
    std::fs::create_dir_all(p.join("pdf")).unwrap();
    std::fs::write(p.join("pdf/a.pdf"), b"%PDF").unwrap();
    let planted = |file: &str, expect| Planted {
        file: file.to_owned(),
        expect,
    };
    let problems = watch::check_outputs(
        p,
        &[
            planted("a.txt", Expect::Forms(1)),
            planted("b.xls", Expect::Rejected("SHEET_TOO_LARGE".into())),
            planted("c.txt", Expect::Accounted),
        ],
    );
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(problems[0].contains("b.xls"));
    assert!(problems[1].contains("c.txt"));
    assert!(problems[2].contains("U+001B"));
}
