//! Which layout of the form's family a form is in (`[[layout]]` of form.toml): the layout
//! with the most of its signature texts among the form's cells, at least its minimum (the
//! first listed on a tie). A `base` layout (the national one) is chosen only where no other
//! reaches its minimum: the provinces' layouts are it with changes and share most of its
//! labels, so counting alone would call an Anhui form national. `generic` where none
//! reaches its minimum. Texts are compared as written,
//! whitespace removed and full-width letters made half-width, so `全年预算数（A）` and
//! `全年预算数(A)` are one; a plain label also matches as labels do (`其中：当年财政拨款`
//! is `当年财政拨款`); a signature `X*` matches a cell starting with X, `*X*` one containing X.

use std::collections::HashSet;

use crate::normalize::{label_key, to_halfwidth};
use crate::read::Grid;

use super::locate::{Span, visible_cells};
use super::vocabulary::Vocabulary;

/// The name of a form's layout.
pub fn detect(grid: &Grid, span: Span, vocab: &Vocabulary) -> String {
    let mut texts: HashSet<String> = HashSet::new();
    let mut keys: HashSet<String> = HashSet::new();
    for r in span.rows() {
        for (_, cell) in visible_cells(grid, r) {
            if cell.text.len() <= 256 {
                texts.insert(compact(&cell.text));
                keys.insert(label_key(&cell.text));
            }
        }
    }
    let found = |signature: &[String]| {
        signature
            .iter()
            .filter(|s| {
                let s = compact(s);
                match (s.strip_prefix('*'), s.strip_suffix('*')) {
                    (Some(inner), Some(_)) => {
                        let inner = inner.trim_end_matches('*');
                        texts.iter().any(|t| t.contains(inner))
                    }
                    (None, Some(prefix)) => texts.iter().any(|t| t.starts_with(prefix)),
                    // A plain label matches as a label does (`其中：当年财政拨款`,
                    // `偏差原因分析及改进措施（未完成的须说明）`); one with letters or a colon
                    // must be written so.
                    _ if s.contains(['(', ':']) => texts.contains(&s),
                    _ => texts.contains(&s) || keys.contains(&s),
                }
            })
            .count()
    };
    // Particular layouts first, then the base ones; within each, the most signature texts
    // found wins, on a tie the layout listed first.
    let best = |base: bool| {
        let mut best: Option<(usize, &str)> = None;
        for layout in vocab.layouts().iter().filter(|l| l.base == base) {
            let n = found(&layout.signature);
            if n >= layout.min && best.is_none_or(|(m, _)| n > m) {
                best = Some((n, layout.name.as_str()));
            }
        }
        best.map(|(_, name)| name)
    };
    best(false)
        .or_else(|| best(true))
        .unwrap_or("generic")
        .to_owned()
}

fn compact(s: &str) -> String {
    to_halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}
