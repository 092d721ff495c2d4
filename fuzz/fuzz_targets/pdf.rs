//! Any bytes as a PDF: told apart (scan, text, encrypted, broken) without a panic in our
//! code and without an allocation past `-malloc_limit_mb=500` (lopdf inflates within a bound).
//! Seed it with PDFs of the samples (`output/pdf/…`, `samples/问题文件/*.pdf`).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zipingbiao::Settings;
use zipingbiao::read::{GridReader, pdf::PdfReader};

static SETTINGS: LazyLock<Settings> = LazyLock::new(Settings::builtin);

fuzz_target!(|data: &[u8]| {
    let caught = zipingbiao::isolate::catching(|| {
        if let Ok(grids) = PdfReader.read(data) {
            for grid in &grids {
                let forms = zipingbiao::extract::extract_forms(grid, "fuzz.pdf", &SETTINGS.vocab);
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
