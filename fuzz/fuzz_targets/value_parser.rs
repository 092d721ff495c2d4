//! Any text as a target or actual, and as a number cell: never panic, and a parsed value
//! written out parses back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zipingbiao::check::value;
use zipingbiao::normalize::{clean_text, parse_number, parse_rate};

fuzz_target!(|text: &str| {
    let v = value::parse(text);
    assert_eq!(value::parse(&v.to_string()), v, "{text:?} → {v}");
    let cleaned = clean_text(text);
    assert_eq!(clean_text(&cleaned), cleaned);
    let _ = parse_number(text);
    let _ = parse_rate(text);
});
