//! Last year beside this year (`--previous`): last year's forms paired with this year's
//! ([`matching`]: by unit and normalised project name, then by 项目编码), the pairs'
//! indicators by level-3 name, and the findings only two years show (`findings.rs`), added to
//! this year's forms like any other.

mod findings;
pub mod matching;
pub mod prior;

use crate::batch::Batch;
use crate::check::rules::YearOverYear;
pub use matching::MatchedBy;
pub use prior::{PriorError, PriorForm, PriorIndicator, read_forms_json};

/// Last year's forms and where they came from.
#[derive(Debug, Clone, Default)]
pub struct Prior {
    /// What `--previous` named, as the reports say it.
    pub source: String,
    /// Last year's forms, in the order read.
    pub forms: Vec<PriorForm>,
}

/// This year's forms against last year's.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Last year's forms.
    pub prior: Prior,
    /// This year's form (its index in the batch), last year's (in `prior.forms`), and how.
    pub pairs: Vec<Pair>,
    /// This year's counted forms with no form last year.
    pub new: Vec<usize>,
    /// Last year's forms with none this year.
    pub ended: Vec<usize>,
}

/// A project in both years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair {
    /// This year's form: its index in the batch.
    pub current: usize,
    /// Last year's: its index in [`Prior::forms`].
    pub previous: usize,
    /// Which rule paired them.
    pub how: MatchedBy,
}

impl Comparison {
    /// The pair of this year's form `i`, if it has one.
    pub fn pair_of(&self, i: usize) -> Option<&Pair> {
        self.pairs
            .binary_search_by_key(&i, |p| p.current)
            .ok()
            .map(|k| &self.pairs[k])
    }
}

/// Pairs the counted forms of `batch` with `prior`'s and adds the findings across years to
/// the paired forms (a duplicate copy is neither paired nor checked: its kept copy is).
pub fn compare(
    batch: &mut Batch,
    prior: Prior,
    rules: &YearOverYear,
) -> std::io::Result<Comparison> {
    let counted: Vec<usize> = (0..batch.summaries.len())
        .filter(|&i| batch.summaries[i].counted())
        .collect();
    let current: Vec<matching::Keyed> = counted
        .iter()
        .map(|&i| {
            let s = &batch.summaries[i];
            matching::Keyed {
                unit: &s.unit,
                project: &s.project,
                budget_code: s.budget_code.as_deref(),
            }
        })
        .collect();
    let previous: Vec<matching::Keyed> = prior
        .forms
        .iter()
        .map(|p| matching::Keyed {
            unit: &p.unit,
            project: &p.project,
            budget_code: p.budget_code.as_deref(),
        })
        .collect();
    let pairs: Vec<Pair> = matching::pair(&current, &previous)
        .into_iter()
        .map(|(k, j, how)| Pair {
            current: counted[k],
            previous: j,
            how,
        })
        .collect();
    let mut paired_previous = vec![false; prior.forms.len()];
    for p in &pairs {
        paired_previous[p.previous] = true;
    }
    let new = counted
        .iter()
        .copied()
        .filter(|i| pairs.binary_search_by_key(i, |p| p.current).is_err())
        .collect();
    let ended = (0..prior.forms.len())
        .filter(|&j| !paired_previous[j])
        .collect();
    for p in &pairs {
        let (form, a) = batch.load(p.current)?;
        let found = findings::across_years(&form, &a, &prior.forms[p.previous], rules);
        batch.summaries[p.current].findings.extend(found);
    }
    Ok(Comparison {
        prior,
        pairs,
        new,
        ended,
    })
}
