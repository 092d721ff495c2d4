//! Any bytes as a text dump: decode, split, extract, check — never panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zipingbiao::Settings;
use zipingbiao::read::{GridReader, text::TextReader};

static SETTINGS: LazyLock<Settings> = LazyLock::new(Settings::builtin);

fuzz_target!(|data: &[u8]| {
    for reader in [TextReader::TAB, TextReader::COMMA] {
        if let Ok(grids) = reader.read(data) {
            for grid in &grids {
                let forms = zipingbiao::extract::extract_forms(grid, "fuzz.txt", &SETTINGS.vocab);
                for form in forms.unwrap_or_default() {
                    let _ = zipingbiao::check::assess(&form, &SETTINGS.rules, &SETTINGS.vocab);
                }
            }
        }
    }
});
