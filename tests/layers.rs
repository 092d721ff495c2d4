//! The library's layers point one way. Every `crate::…` path in `src/` (outside unit tests
//! and comments) is read, and a module may only name modules of lower layers:
//!
//! normalize, isolate → read → model → extract → check → config → batch → report →
//! pipeline → error, bench
//!
//! `cargo test --test layers -- --nocapture` prints the module graph it checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of the library and its layer (a module may use lower ones only).
const LAYERS: &[(&str, u32)] = &[
    ("normalize", 0),
    ("isolate", 0),
    ("read", 1),
    ("model", 2),
    ("extract", 3),
    ("check", 4),
    ("config", 5),
    ("batch", 6),
    ("report", 7),
    ("pipeline", 8),
    ("error", 9),
    ("bench", 9),
];

/// The code of a file without its unit tests and comments (doc links are not imports).
fn code_of(text: &str) -> String {
    let before_tests = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    before_tests
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules named in `code`: `crate::report::…` and `crate::{report, …}`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            group[..end].split(',').collect()
        } else {
            vec![rest]
        };
        for name in names {
            let word: String = name
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            if !word.is_empty() {
                found.insert(word);
            }
        }
    }
    found
}

fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("src/ can be walked");
        let path = entry.path();
        // Unit tests (`tests.rs` beside a module) may use any layer.
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src/");
        let top = relative
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_owned()
            })
            .expect("a file has a name");
        // The binary (main.rs, cli/) and the crate root sit above every layer.
        if top == "main" || top == "cli" || top == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("a source file is UTF-8");
        let uses = graph.entry(top.clone()).or_default();
        uses.extend(
            named_modules(&code_of(&text))
                .into_iter()
                .filter(|m| *m != top),
        );
    }
    graph
}

#[test]
fn every_module_uses_only_lower_layers() {
    let layer = |m: &str| LAYERS.iter().find(|(name, _)| *name == m).map(|(_, l)| *l);
    let graph = module_graph();
    let mut wrong = Vec::new();
    for (module, uses) in &graph {
        println!(
            "{module} -> {}",
            uses.iter().cloned().collect::<Vec<_>>().join(", ")
        );
        let Some(mine) = layer(module) else {
            wrong.push(format!("{module} is in no layer: add it to LAYERS"));
            continue;
        };
        for used in uses {
            match layer(used) {
                Some(theirs) if theirs < mine => {}
                Some(_) => wrong.push(format!("{module} uses {used}, which is not below it")),
                None => wrong.push(format!("{module} uses {used}, which is in no layer")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The check sees real modules: the pipeline uses the stages below it.
    assert!(graph["pipeline"].contains("report") && graph["report"].contains("batch"));
}

#[test]
fn the_reader_of_paths_sees_groups_and_skips_comments() {
    let code =
        code_of("use crate::{read::Pos, model};\n// crate::report\nlet x = crate::check::assess;");
    let found: Vec<String> = named_modules(&code).into_iter().collect();
    assert_eq!(found, ["check", "model", "read"]);
}
