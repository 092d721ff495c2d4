//! Any bytes as a Word document (.docx), through extraction and the check: no panic in our
//! code, no allocation past libFuzzer's `-malloc_limit_mb` (run with `-malloc_limit_mb=500`).
//! Seed it with the sample documents (`samples/**/*.docx`) and the unit tests' documents.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zipingbiao::Settings;
use zipingbiao::read::{GridReader, docx::DocxReader};

static SETTINGS: LazyLock<Settings> = LazyLock::new(Settings::builtin);

fuzz_target!(|data: &[u8]| {
    let caught = zipingbiao::isolate::catching(|| {
        if let Ok(grids) = DocxReader.read(data) {
            for grid in &grids {
                let forms = zipingbiao::extract::extract_forms(grid, "fuzz.docx", &SETTINGS.vocab);
                for form in forms.unwrap_or_default() {
                    let _ = zipingbiao::check::assess(&form, &SETTINGS.rules, &SETTINGS.vocab);
                }
            }
        }
    });
    if let Err(what) = caught
        && what.starts_with("src/")
    {
        panic!("our own code panicked: {what}");
    }
});
