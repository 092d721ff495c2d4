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
    /// The forms' findings.
    pub findings: FindingCounts,
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
            s.findings.add(f);
        }
        s.departments = departments.len();
        s.units = units.len();
        s.years = years.into_iter().collect();
        s
    }

    /// 全年执行数 ÷ 全年预算数 over the set; `None` where nothing was budgeted.
    pub fn execution_rate(&self) -> Option<Decimal> {
        (self.adjusted > Decimal::ZERO).then(|| self.executed / self.adjusted)
    }
}
