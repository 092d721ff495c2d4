//! Arbitrary grids (see extractor_input.rs) through the extractor and the check: never panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zipingbiao::Settings;

mod extractor_input;
use extractor_input::{FuzzGrid, exercise, grid_of};

static SETTINGS: LazyLock<Settings> = LazyLock::new(Settings::builtin);

fuzz_target!(|input: FuzzGrid| {
    if let Some(grid) = grid_of(&input) {
        exercise(&grid, &SETTINGS);
    }
});
