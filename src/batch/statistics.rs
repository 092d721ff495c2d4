//! The figures every report repeats about a set of forms — how many, how much money, the
//! grade distribution, the findings — computed here once, so the booklet's cover, the
//! command line and the workbook's 说明 cannot disagree.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::FormSummary;
use crate::check::Grade;
use crate::check::findings::Severity;

/// How many forms have each of the four grades.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GradeCounts([usize; 4]);

impl GradeCounts {
    /// Counts one more form of `grade` (an ungraded form is not counted).
    pub fn add(&mut self, grade: Grade) {
        if let Some(i) = grade.index() {
            self.0[i] += 1;
        }
    }

    /// How many forms have `grade`.
    pub fn get(&self, grade: Grade) -> usize {
        grade.index().map_or(0, |i| self.0[i])
    }

    /// Each grade with its count, best first.
    pub fn iter(&self) -> impl Iterator<Item = (Grade, usize)> + '_ {
        Grade::GRADED.iter().map(|&g| (g, self.get(g)))
    }
}

/// Findings counted by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FindingCounts {
    /// 错误
    pub errors: usize,
    /// 警告
    pub warnings: usize,
    /// 提示
    pub infos: usize,
}

impl FindingCounts {
    /// The findings of `forms`.
    pub fn of<'a>(forms: impl IntoIterator<Item = &'a FormSummary>) -> Self {
        let mut n = FindingCounts::default();
        for f in forms {
            n.add(f);
        }
        n
    }

    /// Counts the findings of one more form.
    pub fn add(&mut self, form: &FormSummary) {
        self.errors += form.count(Severity::Error);
        self.warnings += form.count(Severity::Warning);
        self.infos += form.count(Severity::Info);
    }
}

/// A budget-weighted average under way: Σ 全年预算数 × total and Σ 全年预算数, over the
/// forms that have the total (as 汇总's totals row weighs them).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Weighted {
    sum: Decimal,
    budget: Decimal,
}

impl Weighted {
    /// Weighs one more form's `total` by its `budget` (a form without a total adds nothing).
    pub fn add(&mut self, budget: Decimal, total: Option<Decimal>) {
        if let Some(t) = total {
            self.sum = self.sum.saturating_add(budget.saturating_mul(t));
            self.budget += budget;
        }
    }

    /// The average; `None` where nothing was budgeted.
    pub fn average(&self) -> Option<Decimal> {
        (self.budget > Decimal::ZERO).then(|| self.sum / self.budget)
    }
}

/// The figures of a set of forms (a batch's counted forms, or one booklet's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Statistics {
    /// Forms in the set.
    pub forms: usize,
    /// Distinct 主管部门 (as written).
    pub departments: usize,
    /// Distinct 实施单位.
    pub units: usize,
    /// The years the forms are of, ascending, each once.
    pub years: Vec<i32>,
    /// Sums of 年初预算数, 全年预算数 and 全年执行数 (a form without one adds nothing).
    pub initial: Decimal,
    /// See [`Statistics::initial`].
    pub adjusted: Decimal,
    /// See [`Statistics::initial`].
    pub executed: Decimal,
    /// Grades as the forms report them.
    pub reported: GradeCounts,
    /// Grades as re-scored.
    pub rescored: GradeCounts,
    /// Forms whose reading is doubtful (READ_DOUBTFUL, graded 待核): in no grade count.
    pub doubtful: usize,
    /// The forms' findings.
    pub findings: FindingCounts,
    /// The budget-weighted average of the reported totals.
    pub reported_weighted: Weighted,
    /// The budget-weighted average of the re-scored totals (scored forms only).
    pub rescored_weighted: Weighted,
    /// Σ re-scored totals and how many forms have one, for the plain average.
    pub rescored_sum: Decimal,
    /// See [`Statistics::rescored_sum`].
    pub rescored_count: usize,
}

impl Statistics {
    /// The figures of `forms`.
    pub fn of<'a>(forms: impl IntoIterator<Item = &'a FormSummary>) -> Self {
        let mut s = Statistics::default();
        let (mut departments, mut units, mut years) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for f in forms {
            s.forms += 1;
            departments.insert(f.department.as_str());
            units.insert(f.unit.as_str());
            years.extend(f.year);
            s.initial += f.initial.unwrap_or_default();
            s.adjusted += f.adjusted.unwrap_or_default();
            s.executed += f.executed.unwrap_or_default();
            s.reported.add(f.reported_grade);
            s.rescored.add(f.rescored_grade);
            s.doubtful += usize::from(f.doubtful());
            s.findings.add(f);
            let budget = f.adjusted.unwrap_or_default();
            s.reported_weighted.add(budget, f.reported_for_averages());
            s.rescored_weighted.add(budget, f.rescored());
            if let Some(r) = f.rescored() {
                s.rescored_sum += r;
                s.rescored_count += 1;
            }
        }
        s.departments = departments.len();
        s.units = units.len();
        s.years = years.into_iter().collect();
        s
    }

    /// The plain average of the re-scored totals (as 按主管部门汇总's 复核平均分).
    pub fn rescored_mean(&self) -> Option<Decimal> {
        (self.rescored_count > 0)
            .then(|| self.rescored_sum / Decimal::from(self.rescored_count as u64))
    }

    /// 全年执行数 ÷ 全年预算数 over the set; `None` where nothing was budgeted.
    pub fn execution_rate(&self) -> Option<Decimal> {
        (self.adjusted > Decimal::ZERO).then(|| self.executed / self.adjusted)
    }
}
