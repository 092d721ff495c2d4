//! Any bytes as a spreadsheet (.xlsx, .xlsb, .ods, .xls: the reader tells them apart by
//! content), through extraction and the check: no panic in our code, no allocation past
//! libFuzzer's `-malloc_limit_mb` (run with `-malloc_limit_mb=500`, the
//! per-file bound of the hostile-input suite). Seed it with the sample workbooks and the
//! suite's damaged files (`cargo run --release -- bench --hostile --dir DIR` keeps them).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zipingbiao::Settings;
use zipingbiao::read::{GridReader, workbook::WorkbookReader};

static SETTINGS: LazyLock<Settings> = LazyLock::new(Settings::builtin);

fuzz_target!(|data: &[u8]| {
    // As the pipeline runs it: a panic is the file's rejection. A library's panic on a
    // damaged file is that (calamine has many); one in our own code is a bug to find.
    let caught = zipingbiao::isolate::catching(|| {
        if let Ok(grids) = WorkbookReader.read(data) {
            for grid in &grids {
                let forms = zipingbiao::extract::extract_forms(grid, "fuzz.xlsx", &SETTINGS.vocab);
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
