//! One indicator built from its line (or the lines of its split cells), and the levels filled down.

use super::*;

/// The text cells of one line, sorted into the fields of an indicator by the row's fit.
#[derive(Default)]
pub(crate) struct Pieces<'a> {
    pub(crate) direction: Vec<&'a Cell>,
    pub(crate) target: Vec<&'a Cell>,
    pub(crate) unit: Vec<&'a Cell>,
    pub(crate) actual: Vec<&'a Cell>,
    pub(crate) remark: Vec<&'a Cell>,
}

pub(crate) fn pieces_of(grid: &Grid, r: usize, fit: Fit) -> Pieces<'_> {
    let points_end = fit.weight.max(fit.score);
    let mut pieces = Pieces::default();
    for (c, cell) in visible_cells(grid, r) {
        if Some(c) == fit.direction {
            pieces.direction.push(cell);
        } else if Some(c) == fit.unit {
            pieces.unit.push(cell);
        } else if c < fit.target {
            continue;
        } else if c < fit.actual {
            pieces.target.push(cell);
        } else if c < fit.weight.min(fit.score) {
            pieces.actual.push(cell);
        } else if c > points_end {
            pieces.remark.push(cell);
        }
    }
    pieces
}

/// The target of a table that writes comparator, value and unit in three columns
/// (`≥` | `95` | `%`), as one value (`≥95%`): rule `split-target`. The comparator is kept as
/// written where the vocabulary's comparator table knows it (`控制在` too, so the check reads
/// the same direction); other words there (`定性`, `正向`) are no part of the target — a
/// `定性` target is the 指标值 text alone.
pub fn compose_target(direction: &Text, value: Text, unit: &Text, vocab: &Vocabulary) -> Text {
    let comparator = if vocab.comparator(&direction.value).is_some() {
        direction.value.as_str()
    } else {
        ""
    };
    let qualitative = direction.value.contains("定性");
    if value.value.is_empty() || qualitative || (comparator.is_empty() && unit.value.is_empty()) {
        return value;
    }
    Located::new(
        format!("{comparator}{}{}", value.value, unit.value),
        value.at,
        format!("{}{}{}", direction.raw, value.raw, unit.raw),
    )
}

/// Joins the parts of a field split over lines, top to bottom. A PDF copy sometimes
/// repeats the tail of a wrapped cell on the next line (`…安全意识` then `识`): a part
/// that the text so far already ends with is not added again.
pub(crate) fn join_parts(parts: &[Vec<&Cell>]) -> Text {
    let mut joiner = Joiner::default();
    for cell in parts.iter().flatten() {
        joiner.push(&clean_text(&cell.text), Some(cell.pos), &cell.text);
    }
    joiner.finish()
}

#[derive(Default)]
pub(crate) struct Joiner {
    pub(crate) value: String,
    pub(crate) raw: Vec<String>,
    pub(crate) at: Option<crate::read::Pos>,
}

impl Joiner {
    /// Adds a piece. Both the text so far and the piece are clean, so cleaning them joined
    /// by a line break only decides the break: dropped next to Chinese text, a space
    /// otherwise. Deciding it here keeps joining linear in the pieces (a PDF copy may split
    /// a cell over hundreds of lines).
    pub(crate) fn push(&mut self, cleaned: &str, at: Option<crate::read::Pos>, raw: &str) {
        let cleaned = clean_text(cleaned);
        if cleaned.is_empty() || (!self.value.is_empty() && self.value.ends_with(&cleaned)) {
            return;
        }
        self.at = self.at.or(at);
        self.raw.push(raw.to_owned());
        let touches_cjk = self.value.chars().next_back().is_some_and(is_cjk)
            || cleaned.chars().next().is_some_and(is_cjk);
        if !self.value.is_empty() && !touches_cjk {
            self.value.push(' ');
        }
        self.value.push_str(&cleaned);
    }

    pub(crate) fn finish(self) -> Text {
        Located::new(self.value, self.at, self.raw.join("\n"))
    }
}

pub(crate) fn append(field: &mut Text, extra: &[&Cell]) {
    let mut joiner = Joiner::default();
    joiner.push(&field.value, field.at, &field.raw);
    for cell in extra {
        joiner.push(&clean_text(&cell.text), Some(cell.pos), &cell.text);
    }
    *field = joiner.finish();
}

pub(crate) fn build_indicator(
    grid: &Grid,
    rows: &[usize],
    fit: Fit,
    levels: &mut Levels,
    vocab: &Vocabulary,
    notes: &mut Vec<Note>,
) -> Indicator {
    // The last of `rows` is the indicator's own row; any before it are its fragments.
    let row = rows.last().copied().unwrap_or_default();
    let mut level3_parts = Vec::new();
    let (mut target, mut actual, mut remark) = (Vec::new(), Vec::new(), Vec::new());
    let (mut direction, mut unit) = (Vec::new(), Vec::new());
    for &r in rows {
        let labels = classify_labels(grid, r, fit.labels_end(), vocab);
        let labels = if r == row { labels.with_name() } else { labels };
        let mut names = labels.names;
        let mut written1 = labels.level1.map(|(name, cell)| level_text(name, cell));
        let mut written2 = labels.level2.map(|(name, cell)| level_text(name, cell));
        if r == row && names.len() > 1 {
            // Text left of the level-3 name that is no taxonomy name: a level the
            // taxonomy does not know, kept as written.
            let level3 = names.pop();
            if written2.is_none()
                && let Some(cell) = names.pop()
            {
                written2 = Some(level_text(
                    crate::normalize::label_key(&clean_text(&cell.text)),
                    cell,
                ));
            }
            if written1.is_none()
                && let Some(cell) = names.pop()
            {
                written1 = Some(level_text(
                    crate::normalize::label_key(&clean_text(&cell.text)),
                    cell,
                ));
            }
            names = level3.into_iter().collect();
        }
        levels.apply(written1, written2, vocab);
        let pieces = pieces_of(grid, r, fit);
        level3_parts.push(names);
        direction.push(pieces.direction);
        target.push(pieces.target);
        unit.push(pieces.unit);
        actual.push(pieces.actual);
        remark.push(pieces.remark);
    }
    // An empty field still names its cell, so a finding about it can point there.
    let at_cell = |mut text: Text, c: usize| {
        text.at = text.at.or(Some(grid.pos(row, c)));
        text
    };
    Indicator {
        level1: levels.level1.clone().unwrap_or_default(),
        level2: levels.level2.clone().unwrap_or_default(),
        level3: join_parts(&level3_parts),
        target: at_cell(
            compose_target(
                &join_parts(&direction),
                join_parts(&target),
                &join_parts(&unit),
                vocab,
            ),
            fit.target,
        ),
        actual: at_cell(join_parts(&actual), fit.actual),
        weight: if fit.weight_named {
            points_at(grid, row, fit.weight, notes)
        } else {
            Number::default()
        },
        score: number_at(grid, row, fit.score, notes),
        remark: at_cell(join_parts(&remark), fit.weight.max(fit.score) + 1),
        extra: Vec::new(),
    }
}

pub(crate) fn level_text(name: String, cell: &Cell) -> Text {
    Located::new(name, Some(cell.pos), cell.text.clone())
}

/// Levels 1 and 2 as filled down the table.
#[derive(Default)]
pub(crate) struct Levels {
    pub(crate) level1: Option<Text>,
    pub(crate) level2: Option<Text>,
}

impl Levels {
    /// Takes the labels written on a row (rule `taxonomy-level`). A level 1 written on the
    /// row is kept as printed, even where its level 2 belongs elsewhere in the taxonomy (the
    /// check stage classes the row by its level 2 and says so); a row without one takes the
    /// level 1 its level 2 belongs to. A level-1 name alone keeps the current level 2 only
    /// if it belongs to it.
    pub(crate) fn apply(
        &mut self,
        written1: Option<Text>,
        written2: Option<Text>,
        vocab: &Vocabulary,
    ) {
        let parent_of = |name: &str| match vocab.level(name) {
            Some(Level::Two { parent, .. }) => Some(parent.clone()),
            _ => None,
        };
        // A level 1 the taxonomy does not name is another framework's (项目产出, 项目效益
        // of the 2020 evaluation framework): kept as printed, and the level 2s under it
        // are not misplaced.
        let taxonomy_name = |t: &Text| vocab.level1_name(&t.value) == Some(t.value.as_str());
        if let Some(level2) = written2 {
            match (written1, parent_of(&level2.value)) {
                (Some(w1), _) => self.level1 = Some(w1),
                (None, None) => {}
                (None, Some(_)) if self.level1.as_ref().is_some_and(|c| !taxonomy_name(c)) => {}
                (None, Some(parent)) => {
                    if self.level1.as_ref().is_none_or(|c| c.value != parent) {
                        self.level1 = Some(Located::new(parent, None, ""));
                    }
                }
            }
            self.level2 = Some(level2);
        } else if let Some(level1) = written1 {
            let same_group = self
                .level2
                .as_ref()
                .and_then(|l2| parent_of(&l2.value))
                .is_some_and(|p| p == level1.value);
            if !same_group {
                let names = vocab.level2_names(&level1.value);
                self.level2 = match names {
                    [only] => Some(Located::new(only.clone(), None, "")),
                    _ => None,
                };
            }
            self.level1 = Some(level1);
        }
    }
}

/// Rows above the first level label (printed mid-group in a PDF copy) take the levels of
/// the first row that has them.
pub(crate) fn fill_up_leading_levels(indicators: &mut [Indicator]) {
    let Some(first) = indicators.iter().position(|i| !i.level2.value.is_empty()) else {
        return;
    };
    let (level1, level2) = (
        indicators[first].level1.clone(),
        indicators[first].level2.clone(),
    );
    for ind in &mut indicators[..first] {
        if ind.level1.value.is_empty() || ind.level1.value == level1.value {
            ind.level1 = Located::new(level1.value.clone(), None, "");
            ind.level2 = Located::new(level2.value.clone(), None, "");
        }
    }
}
