//! Large batches: forms spilled to disk give the same outputs as forms kept in memory, and
//! the benchmark's generated workbooks read back as the forms they were made from.

mod common;

use common::{SAMPLE_FORMS, repo, snapshot};
use zipingbiao::bench::{self, Stage};
use zipingbiao::pipeline;
use zipingbiao::{Outputs, Settings};

#[test]
fn a_batch_spilled_to_disk_writes_the_same_bytes_as_one_in_memory() {
    let work = tempfile::tempdir().expect("temp dir");
    let samples = repo().join("samples");
    let settings = Settings::builtin();
    let in_memory = work.path().join("in-memory");
    // What the progress line hears: every file read, the batch's size, every form's PDF.
    let heard = std::sync::Mutex::new((0, None, 0));
    let progress = |p: zipingbiao::Progress| {
        let mut heard = heard.lock().unwrap();
        match p {
            zipingbiao::Progress::FileRead { .. } => heard.0 += 1,
            zipingbiao::Progress::Started { .. } => {}
            zipingbiao::Progress::Writing { forms } => heard.1 = Some(forms),
            zipingbiao::Progress::PdfWritten => heard.2 += 1,
        }
    };
    let batch = pipeline::run_with(
        &samples,
        &in_memory,
        &settings,
        Outputs::default(),
        &progress,
    )
    .expect("run")
    .batch;
    assert!(!batch.spilled());
    assert_eq!(batch.summaries.len(), SAMPLE_FORMS);
    assert_eq!(
        *heard.lock().unwrap(),
        (batch.files, Some(SAMPLE_FORMS), SAMPLE_FORMS)
    );
    drop(batch);

    // Three forms in memory, the other twenty-five wait in a file beside the output.
    let spilling = Settings {
        forms_in_memory: 3,
        ..Settings::builtin()
    };
    let spilled = work.path().join("spilled");
    let batch = pipeline::run_with(&samples, &spilled, &spilling, Outputs::default(), &|_| {})
        .expect("run")
        .batch;
    assert!(batch.spilled());
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(work.path())
            .expect("listable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    // The spill has no name: nothing of it shows beside the output even while the batch
    // lives, and nothing can be left behind by a run that is killed.
    assert_eq!(listing(), ["in-memory", "spilled"]);
    drop(batch);

    let first = snapshot(&in_memory);
    assert!(first.len() > 20);
    assert_eq!(first, snapshot(&spilled), "identical outputs either way");
    assert_eq!(
        listing(),
        ["in-memory", "spilled"],
        "nothing left beside the outputs"
    );
}

#[test]
fn generated_benchmark_workbooks_read_back_as_the_forms_they_were_made_from() {
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("forms");
    let settings = Settings::builtin();
    assert_eq!(
        bench::generate(&input, 24, &settings).expect("generated"),
        24
    );

    let seeds = bench::seed_forms(&settings);
    assert_eq!(seeds.len(), 5);
    let batch = pipeline::process_folder(&input, &work.path().join("out"), &settings);
    assert_eq!(
        (batch.files, batch.summaries.len(), batch.rejected.len()),
        (24, 24, 0)
    );
    for i in 0..24 {
        let expected = bench::corpus_form(&seeds, i).expect("a corpus form");
        let got = batch
            .summaries
            .iter()
            .position(|s| s.project == expected.project_name.value)
            .unwrap_or_else(|| panic!("form {i} ({}) found", expected.project_name.value));
        let (form, _) = batch.load(got).expect("loads");
        assert_eq!(form.department.value, expected.department.value);
        assert_eq!(
            form.implementing_unit.value,
            expected.implementing_unit.value
        );
        assert_eq!(
            form.funds.total.adjusted.value,
            expected.funds.total.adjusted.value
        );
        assert_eq!(
            form.funds.total.executed.value,
            expected.funds.total.executed.value
        );
        assert_eq!(form.indicators.len(), expected.indicators.len());
        for (a, b) in form.indicators.iter().zip(&expected.indicators) {
            assert_eq!(
                (
                    &a.level3.value,
                    &a.target.value,
                    &a.actual.value,
                    a.weight.value,
                    a.score.value
                ),
                (
                    &b.level3.value,
                    &b.target.value,
                    &b.actual.value,
                    b.weight.value,
                    b.score.value
                )
            );
        }
    }

    // Every stage runs on them and counts what it went through.
    for stage in Stage::ALL {
        let out = work.path().join(format!("out-{}", stage.name()));
        // (d) reads the PDFs (b) wrote, and counts pages: one or more a form.
        let (from, at_least) = match stage {
            Stage::PdfInput => (work.path().join("out-pdfs/pdf"), true),
            _ => (input.clone(), false),
        };
        let timing = bench::run_stage(stage, &from, &out, &settings).expect("stage runs");
        if at_least {
            assert!(
                timing.items >= 24,
                "{}: {} pages",
                stage.name(),
                timing.items
            );
        } else {
            assert_eq!(timing.items, 24, "{}", stage.name());
        }
        assert!(timing.seconds > 0.0);
        // (a) tells its reading part from its writing part; the others are one piece.
        match (stage, timing.reading) {
            (Stage::Tables, Some(reading)) => {
                assert!(reading.seconds > 0.0 && reading.seconds <= timing.seconds);
            }
            (Stage::Tables, None) => panic!("(a) without its reading part"),
            (_, reading) => assert_eq!(reading, None, "{}", stage.name()),
        }
        if cfg!(target_os = "linux") {
            assert!(timing.cpu_seconds.is_some_and(|c| c >= 0.0));
        }
    }
    assert!(work.path().join("out-tables/summary.xlsx").exists());
    assert!(work.path().join("out-booklet/booklet.pdf").exists());
    let pdfs = walkdir::WalkDir::new(work.path().join("out-pdfs/pdf"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(pdfs, 24);
}
