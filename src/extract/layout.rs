//! Which layout of the form's family a form is in (`[[layout]]` of form.toml): the layout
//! with the most of its signature texts among the form's cells, at least its minimum (the
//! first listed on a tie). A `base` layout (the national one) is chosen only where no other
//! reaches its minimum: the provinces' layouts are it with changes and share most of its
//! labels, so counting alone would call an Anhui form national. `generic` where none
//! reaches its minimum. Texts are compared as written,
//! whitespace removed and full-width letters made half-width, so `全年预算数（A）` and
//! `全年预算数(A)` are one; a plain label also matches as labels do (`其中：当年财政拨款`
//! is `当年财政拨款`); a signature `X*` matches a cell starting with X, `*X*` one containing X.

use crate::normalize::label_key;
use crate::read::Grid;

use super::locate::{Span, visible_cells};
use super::vocabulary::{Vocabulary, compact_text};

/// The layout of a form made of the family's words in no listed layout.
pub const GENERIC: &str = "generic";

/// The name of a form's layout.
pub fn detect(grid: &Grid, span: Span, vocab: &Vocabulary) -> String {
    let layouts = vocab.layouts();
    let sig = vocab.signatures();
    // Which signature texts were seen, per layout.
    let mut seen: Vec<Vec<bool>> = layouts
        .iter()
        .map(|l| vec![false; l.signature.len()])
        .collect();
    fn mark(seen: &mut [Vec<bool>], hits: &[(usize, usize)]) {
        for &(l, k) in hits {
            if let Some(h) = seen.get_mut(l).and_then(|s| s.get_mut(k)) {
                *h = true;
            }
        }
    }
    for r in span.rows() {
        for (_, cell) in visible_cells(grid, r) {
            if cell.text.len() > 256 {
                continue;
            }
            let text = compact_text(&cell.text);
            if let Some(hits) = sig.by_text.get(&text) {
                mark(&mut seen, hits);
            }
            if sig.may_be_label(&cell.text)
                && let Some(hits) = sig.by_label.get(&label_key(&cell.text))
            {
                mark(&mut seen, hits);
            }
            for (l, k, prefix) in &sig.prefixes {
                if text.starts_with(prefix.as_str()) {
                    mark(&mut seen, &[(*l, *k)]);
                }
            }
            for (l, k, infix) in &sig.infixes {
                if text.contains(infix.as_str()) {
                    mark(&mut seen, &[(*l, *k)]);
                }
            }
        }
    }
    // Particular layouts first, then the base ones; within each, the most signature texts
    // found wins, on a tie the layout listed first.
    let best = |base: bool| {
        let mut best: Option<(usize, &str)> = None;
        for (layout, hits) in layouts.iter().zip(&seen).filter(|(l, _)| l.base == base) {
            let n = hits.iter().filter(|h| **h).count();
            if n >= layout.min && best.is_none_or(|(m, _)| n > m) {
                best = Some((n, layout.name.as_str()));
            }
        }
        best.map(|(_, name)| name)
    };
    best(false)
        .or_else(|| best(true))
        .unwrap_or(GENERIC)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::detect;
    use crate::extract::locate::Span;
    use crate::extract::testing::sheet;
    use crate::extract::vocabulary::Vocabulary;

    fn layout(rows: &str) -> String {
        let grid = sheet(rows, &[]);
        let span = Span {
            first: 0,
            last: grid.row_count() - 1,
        };
        detect(&grid, span, &Vocabulary::builtin())
    }

    const NATIONAL: &str = "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\n\
        \t年度资金总额\n\t其中：当年财政拨款\n\
        一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t偏差原因分析及改进措施\n";

    #[test]
    fn the_national_words_alone_are_the_national_layout() {
        assert_eq!(layout(NATIONAL), "national");
    }

    #[test]
    fn a_province_wins_over_the_base_layout_it_changes() {
        // 安徽 prints the national labels too, with letters and colons of its own.
        let anhui = "项目资金（万元）\t\t年初预算数\t全年预算数（A）\t全年执行数（B）\t分值\t执行率（B/A）\n\
            \t年度资金总额：\n\t其中：本年财政拨款\n\
            年度总体目标完成情况\n年度绩效指标完成情况\n\
            一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t偏差原因分析及改进措施\n";
        assert_eq!(layout(anhui), "anhui");
    }

    #[test]
    fn the_familys_words_in_no_listed_layout_are_generic() {
        assert_eq!(
            layout("项目名称\t某项目\n三级指标\t目标\t完成\t分值\t得分\n"),
            "generic"
        );
    }
}
