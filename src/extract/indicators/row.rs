//! Fitting one row to the header (rule `content-alignment`) and sorting its labels into levels.

use super::*;

/// A weight or score as written: a plain number (a percentage is a target, not a weight).
pub(crate) fn is_points(text: &str) -> bool {
    matches!(parse_number(text), Ok(Some(_)))
}

/// Text that reads as a value (`>=90%`, `=3个`, `100%`) rather than a name.
pub(crate) fn looks_like_value(text: &str) -> bool {
    let t = to_halfwidth(text);
    let t = t.trim();
    t.starts_with(['>', '<', '=', '≥', '≤', '＞', '＜'])
        || t.chars().next().is_some_and(|c| c.is_ascii_digit()) && t.ends_with('%')
}

/// Finds the shift that best explains a row, or `None` where no shift puts a number in the
/// weight or score column (a fragment line, or a row without points).
///
/// Each candidate is judged on what a real row shows: numbers in the weight and score
/// columns, score not above weight, a name left of the target, no number right of the
/// score; a smaller shift wins a tie. `need_name` is false for the 总分 row.
pub(crate) fn fit_row(
    grid: &Grid,
    r: usize,
    cols: Columns,
    vocab: &Vocabulary,
    need_name: bool,
) -> Option<Fit> {
    let width = grid.row(r).len();
    let mut best: Option<(i32, Fit)> = None;
    for shift in 0..=cols.target {
        let Some(fit) = cols.shifted(shift) else {
            break;
        };
        if fit.weight >= width.max(1) && shift > 0 {
            continue;
        }
        let cell = |c: usize| grid.text(r, c).trim();
        let judge = |text: &str| {
            if text.is_empty() {
                0
            } else if is_points(text) {
                8
            } else {
                -8
            }
        };
        let (w, s) = (cell(fit.weight), cell(fit.score));
        if !is_points(w) && !is_points(s) {
            continue;
        }
        let mut merit = judge(w) + judge(s) - shift as i32;
        if let (Ok(Some(wv)), Ok(Some(sv))) = (parse_number(w), parse_number(s)) {
            if sv <= wv {
                merit += 2;
            }
            if wv > rust_decimal::Decimal::ONE_HUNDRED {
                merit -= 4;
            }
        }
        let right_of_score = fit.weight.max(fit.score) + 1;
        merit -= 6
            * (right_of_score..width)
                .filter(|&c| is_points(cell(c)))
                .count() as i32;
        if need_name {
            let labels = classify_labels(grid, r, fit.labels_end(), vocab).with_name();
            match labels.names.last() {
                Some(name) if looks_like_value(&name.text) => merit -= 4,
                Some(_) => merit += 4,
                None if labels.level1.is_some() || labels.level2.is_some() => {}
                None => merit -= 10,
            }
        }
        if best.is_none_or(|(m, _)| merit > m) {
            best = Some((merit, fit));
        }
    }
    best.map(|(_, fit)| fit)
}

/// The label cells of a row, left of its target column.
#[derive(Default)]
pub(crate) struct RowLabels<'a> {
    pub(crate) level1: Option<(String, &'a Cell)>,
    pub(crate) level2: Option<(String, &'a Cell)>,
    /// Other text, left to right; the last is the level-3 name, others are unknown levels.
    pub(crate) names: Vec<&'a Cell>,
    /// The rightmost cell written on this row that matched a taxonomy name.
    pub(crate) last_level_cell: Option<&'a Cell>,
}

impl RowLabels<'_> {
    /// An indicator row always has a level-3 name. Where every label on it is a taxonomy
    /// name, the rightmost one written on the row is that name (an indicator called
    /// 服务对象满意度, an alias of a level 2), not a level.
    pub(crate) fn with_name(mut self) -> Self {
        if self.names.is_empty()
            && let Some(cell) = self.last_level_cell
        {
            let is_cell = |level: &Option<(String, &Cell)>| {
                level.as_ref().is_some_and(|(_, c)| std::ptr::eq(*c, cell))
            };
            if is_cell(&self.level2) {
                self.level2 = None;
            } else if is_cell(&self.level1) {
                self.level1 = None;
            }
            self.names.push(cell);
        }
        self
    }
}

pub(crate) fn classify_labels<'a>(
    grid: &'a Grid,
    r: usize,
    target_col: usize,
    vocab: &Vocabulary,
) -> RowLabels<'a> {
    let mut labels = RowLabels::default();
    for (c, cell) in grid.row(r).iter().enumerate().take(target_col) {
        // A label merged over several rows is seen on each of them.
        let covered = grid.is_covered(r, c);
        let shown = if covered {
            match grid
                .merge_covering(r, c)
                .and_then(|m| grid.cell(m.first_row, m.first_col))
            {
                Some(top) => top,
                None => continue,
            }
        } else {
            cell
        };
        if shown.is_blank() || crate::extract::table::is_block_label(&shown.text, vocab) {
            continue;
        }
        // A level-1 cell that lost its name and kept its points (`（50分）`).
        if crate::extract::groups::only_points(&shown.text) {
            continue;
        }
        let level = vocab.level(&shown.text);
        if level.is_some() && !covered {
            labels.last_level_cell = Some(shown);
        }
        match level {
            Some(Level::One(name)) => {
                labels.level1.get_or_insert((name.clone(), shown));
            }
            // 成本指标 | 经济成本指标: the first is the level 1 it also is.
            Some(Level::Two { parent, .. })
                if labels.level1.is_none()
                    && labels.level2.as_ref().is_some_and(|(first, _)| {
                        first == parent && vocab.level1_name(first).is_some()
                    }) =>
            {
                labels.level1 = labels.level2.take();
                if let Some(Level::Two { name, .. }) = level {
                    labels.level2 = Some((name.clone(), shown));
                }
            }
            // A second level 2 on one row is a name that happens to be a taxonomy word.
            Some(Level::Two { .. }) if labels.level2.is_some() && !covered => {
                labels.names.push(shown)
            }
            Some(Level::Two { name, .. }) => {
                labels.level2.get_or_insert((name.clone(), shown));
            }
            None if !covered => labels.names.push(shown),
            None => {}
        }
    }
    labels
}
