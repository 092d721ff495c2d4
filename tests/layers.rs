//! The library's layers point one way. Every `crate::…` path in `src/` (outside unit tests
//! and comments) is read, and a module may only name modules of lower layers:
//!
//! normalize, isolate, clock → read → model → extract → check → config → batch → compare → review →
//! report → pipeline → error, bench → serve
//!
//! `cargo test --test layers -- --nocapture` prints the module graph it checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module of the library and its layer (a module may use lower ones only).
const LAYERS: &[(&str, u32)] = &[
    ("normalize", 0),
    ("isolate", 0),
    ("clock", 0),
    ("read", 1),
    ("model", 2),
    ("extract", 3),
    ("check", 4),
    ("config", 5),
    ("batch", 6),
    ("compare", 7),
    ("review", 8),
    ("report", 9),
    ("pipeline", 10),
    ("error", 11),
    ("bench", 11),
    ("serve", 12),
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

/// The module of a source file (`src/report/pdf/booklet.rs` → `report::pdf::booklet`).
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| {
            c.as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned()
        })
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// Every `crate::a::b::…` path of `code`, as its segments (a group's items each on its own).
fn named_paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let items: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
            group[..group.find('}').unwrap_or(group.len())]
                .split(',')
                .collect()
        } else {
            vec![rest]
        };
        for item in items {
            let path: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    found
}

/// No circle among the modules at any depth either (`report::pdf` using `report::xlsx` and
/// back would be one): each file's `crate::` paths, taken to the deepest module they name,
/// each use counted between the two siblings under the modules' common parent.
#[test]
fn no_module_at_any_depth_is_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files: Vec<(Vec<String>, String)> = walkdir::WalkDir::new(&src)
        .into_iter()
        .map(|e| e.expect("src/ can be walked"))
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "rs") && !e.path().ends_with("tests.rs")
        })
        .map(|e| {
            let module = module_of(e.path().strip_prefix(&src).expect("under src/"));
            (module, std::fs::read_to_string(e.path()).expect("UTF-8"))
        })
        .filter(|(m, _)| m.first().is_some_and(|t| t != "main" && t != "cli"))
        .collect();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &files {
        for path in named_paths(&code_of(text)) {
            let Some(target) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains(p))
            else {
                continue;
            };
            if target.starts_with(module) || module.starts_with(&target) {
                continue;
            }
            // Compared as siblings: `report::pdf::booklet` using `report::xlsx` is `report::pdf`
            // using `report::xlsx`.
            let shared = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            edges
                .entry(module[..=shared].to_vec())
                .or_default()
                .insert(target[..=shared].to_vec());
        }
    }
    // A depth-first walk that meets a module still on its path has found a circle.
    fn visit(
        m: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            return Some(path[at..].to_vec());
        }
        if !done.insert(m.clone()) {
            return None;
        }
        path.push(m.clone());
        for next in edges.get(m).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in edges.keys() {
        let circle = visit(m, &edges, &mut Vec::new(), &mut done);
        let shown: Vec<String> = circle
            .unwrap_or_default()
            .iter()
            .map(|m| m.join("::"))
            .collect();
        assert!(shown.is_empty(), "a circle: {}", shown.join(" -> "));
    }
    assert!(
        edges.len() > 10,
        "the graph has {} modules with imports",
        edges.len()
    );
}

#[test]
fn the_reader_of_paths_sees_groups_and_skips_comments() {
    let code =
        code_of("use crate::{read::Pos, model};\n// crate::report\nlet x = crate::check::assess;");
    let found: Vec<String> = named_modules(&code).into_iter().collect();
    assert_eq!(found, ["check", "model", "read"]);
}
