//! What every report is made from: the batch, the settings, and the order the forms are
//! listed in.

use crate::batch::{Batch, FormSummary};
use crate::check::Assessment;
use crate::compare::Comparison;
use crate::config::Settings;
use crate::model::Form;
use crate::normalize::pinyin_key;

/// What the workbook (and the booklet) are made from.
pub struct Context<'a> {
    /// The batch.
    pub batch: &'a Batch,
    /// The settings of the run.
    pub settings: &'a Settings,
    /// The input folder as the user named it (shown on 说明).
    pub input: &'a str,
    /// Indices into the batch in the workbook's order: department, unit and project in
    /// pinyin order, then the file.
    pub order: Vec<usize>,
    /// This year against last year, with `--previous`.
    pub comparison: Option<&'a Comparison>,
}

impl<'a> Context<'a> {
    /// The context of `batch`, forms ordered by department, unit and project (pinyin) and file.
    pub fn new(batch: &'a Batch, settings: &'a Settings, input: &'a str) -> Self {
        let forms = &batch.summaries;
        let mut order: Vec<usize> = (0..forms.len()).collect();
        // Pinyin order, as a clerk looks a name up (and as Explorer lists a folder); a name
        // breaks a tie of readings, then where the form is.
        order.sort_by_cached_key(|&i| {
            let f = &forms[i];
            (
                pinyin_key(&f.department),
                f.department.clone(),
                pinyin_key(&f.unit),
                f.unit.clone(),
                pinyin_key(&f.project),
                f.project.clone(),
                f.source.file.clone(),
                f.source.sheet.clone(),
                f.source.row,
            )
        });
        Context {
            batch,
            settings,
            input,
            order,
            comparison: None,
        }
    }

    /// The forms' summaries, in the workbook's order.
    pub fn rows(&self) -> impl Iterator<Item = &'a FormSummary> + '_ {
        self.order.iter().map(|&i| &self.batch.summaries[i])
    }

    /// Form `i` of the batch, whole.
    pub fn load(&self, i: usize) -> std::io::Result<(std::borrow::Cow<'_, Form>, Assessment)> {
        self.batch.load(i)
    }

    /// The 汇总 row (0-based) of form `i` (an index into the batch).
    pub fn summary_row_of(&self) -> Vec<u32> {
        let mut rows = vec![0; self.order.len()];
        for (position, &i) in self.order.iter().enumerate() {
            rows[i] = position as u32 + 1;
        }
        rows
    }
}
