//! A batch of forms that may not fit in memory.
//!
//! Each form leaves a [`FormSummary`] in memory — what the workbook's 汇总, the findings,
//! the booklet's cover and the command line need. The forms themselves (every indicator,
//! raw text and source cell) stay in memory up to [`crate::config::Settings::forms_in_memory`]; past that
//! the batch moves them to a temporary file beside the output and reads each back when a
//! report needs it whole (指标明细, forms.json, the PDFs), so memory stays flat however many
//! forms come in. Either way a loaded form is the same form, with the same assessment.

mod duplicates;
pub use duplicates::CHOSEN_BY_REVIEWER;
mod spill;
mod statistics;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::check::findings::{Finding, Severity};
use crate::check::{Assessment, Grade, form_start};
use crate::model::{Form, FormSource, Rejection};
use crate::read::Pos;
use spill::Spill;

pub use statistics::{FindingCounts, GradeCounts, Statistics, Weighted};

/// What the batch keeps in memory of each form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormSummary {
    /// Where the form was found.
    pub source: FormSource,
    /// Which layout of the family the form came in (`national`, `sichuan`, `generic`).
    pub layout: String,
    /// 评价年度
    pub year: Option<i32>,
    /// 项目名称
    pub project: String,
    /// 主管部门
    pub department: String,
    /// 实施单位
    pub unit: String,
    /// 项目编码, where the form wrote one (it pairs a form with last year's).
    pub budget_code: Option<String>,
    /// Where the project name and year are written (the form's first row where they are not).
    pub project_at: Pos,
    /// See [`FormSummary::project_at`].
    pub year_at: Pos,
    /// 年度资金总额: 年初预算数, 全年预算数, 全年执行数.
    pub initial: Option<Decimal>,
    /// See [`FormSummary::initial`].
    pub adjusted: Option<Decimal>,
    /// See [`FormSummary::initial`].
    pub executed: Option<Decimal>,
    /// 执行率 as re-computed.
    pub execution_rate: Option<Decimal>,
    /// 总分 得分 as reported.
    pub reported_total: Option<Decimal>,
    /// The re-scored total (0 for an unscored form).
    pub rescored_total: Decimal,
    /// The grade the form gives itself (by its reported total).
    pub reported_grade: Grade,
    /// The grade of the re-scored total.
    pub rescored_grade: Grade,
    /// Every finding on the form, the batch-level ones included.
    pub findings: Vec<Finding>,
    /// How many indicator rows the form has (its rows in 指标明细).
    pub indicators: usize,
    /// Where another form of the batch is the same project, unit and year and is the copy
    /// kept: which one, and why. A duplicate is in every list and left out of every sum,
    /// count, average and chart.
    pub duplicate_of: Option<Duplicate>,
    /// The reviewer's decision from the decisions workbook, where one applies.
    pub review: Option<crate::model::ReviewDecision>,
    /// Findings the reviewer did not accept (不采纳): shown, marked, in no count.
    pub dismissed: Vec<Finding>,
    /// Findings of the decisions workbook no longer found on the form (corrected since),
    /// as the workbook said them (`【指标】问题`).
    pub resolved: Vec<String>,
}

/// The reviewer's decisions over the counted forms of a batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions {
    /// Forms concluded 通过.
    pub passed: usize,
    /// Forms concluded 退回修改.
    pub returned: usize,
    /// Forms concluded 待复核.
    pub pending: usize,
    /// Forms whose score the reviewer set (复核得分).
    pub overridden: usize,
    /// The grades that stand (the reviewer's where given).
    pub final_grades: GradeCounts,
    /// The final scores' average weighted by 全年预算数, as the re-scores' is (doubtful
    /// readings the reviewer gave no score left out).
    pub final_weighted: Weighted,
}

impl Decisions {
    /// The decisions on `forms`, `None` where the reviewer decided nothing on them.
    pub fn of<'a>(
        forms: impl IntoIterator<Item = &'a FormSummary>,
        rules: &crate::check::rules::Rules,
    ) -> Option<Decisions> {
        let mut d = Decisions::default();
        for f in forms {
            d.add_conclusion(f.conclusion());
            if f.review.as_ref().is_some_and(|r| r.score.is_some()) {
                d.overridden += 1;
            }
            d.final_grades.add(f.final_grade(rules));
            let scored = f.review.as_ref().is_some_and(|r| r.score.is_some());
            let score = f.final_score().filter(|_| scored || !f.doubtful());
            d.final_weighted.add(f.adjusted.unwrap_or_default(), score);
        }
        (d.passed + d.returned + d.pending + d.overridden > 0).then_some(d)
    }

    /// Counts one form's 复核结论 (none where it has none).
    pub fn add_conclusion(&mut self, conclusion: &str) {
        match conclusion {
            "通过" => self.passed += 1,
            "退回修改" => self.returned += 1,
            "待复核" => self.pending += 1,
            _ => {}
        }
    }

    /// `通过 2，退回修改 1，待复核 1；改定得分 1 份`.
    pub fn text(&self) -> String {
        format!(
            "通过 {}，退回修改 {}，待复核 {}；复核人改定得分 {} 份",
            self.passed, self.returned, self.pending, self.overridden
        )
    }
}

/// A form the batch does not count because another copy of it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicate {
    /// The kept copy's index in the batch.
    pub kept: usize,
    /// Why that copy is kept, in Chinese (`错误最少`).
    pub why: &'static str,
}

impl FormSummary {
    fn new(form: &Form, a: &mut Assessment) -> Self {
        let total = &form.funds.total;
        FormSummary {
            source: form.source.clone(),
            layout: form.layout.clone(),
            year: form.year.value,
            project: form.project_name.value.clone(),
            department: form.department.value.clone(),
            unit: form.implementing_unit.value.clone(),
            budget_code: form.codes.project.as_ref().map(|c| c.value.clone()),
            project_at: form.project_name.at.unwrap_or(form_start(form)),
            year_at: form.year.at.unwrap_or(form_start(form)),
            initial: total.initial.value,
            adjusted: total.adjusted.value,
            executed: total.executed.value,
            execution_rate: a.budget.execution_rate,
            reported_total: a.reported_total,
            rescored_total: a.rescored_total,
            reported_grade: a.reported_grade,
            rescored_grade: a.rescored_grade,
            findings: std::mem::take(&mut a.findings),
            indicators: form.indicators.len().min(a.indicators.len()),
            duplicate_of: None,
            review: None,
            dismissed: Vec::new(),
            resolved: Vec::new(),
        }
    }

    /// The score that stands: the reviewer's 复核得分 where given, else the re-score.
    pub fn final_score(&self) -> Option<Decimal> {
        self.review
            .as_ref()
            .and_then(|r| r.score)
            .or_else(|| self.rescored())
    }

    /// The grade that stands: the grade of the reviewer's 复核得分 where given, else the
    /// re-scored grade.
    pub fn final_grade(&self, rules: &crate::check::rules::Rules) -> Grade {
        match self.review.as_ref().and_then(|r| r.score) {
            Some(score) => rules.grade(score),
            None => self.rescored_grade,
        }
    }

    /// The reviewer's 复核结论, empty where none applies.
    pub fn conclusion(&self) -> &str {
        self.review.as_ref().map_or("", |r| r.conclusion.as_str())
    }

    /// The re-scored total, where the form has points to score (`None` for an unscored
    /// 目标自评表: it counts in money, not in scores or grades).
    pub fn rescored(&self) -> Option<Decimal> {
        self.rescored_grade
            .is_graded()
            .then_some(self.rescored_total)
    }

    /// True where the reading of the form is doubtful (READ_DOUBTFUL, graded 待核).
    pub fn doubtful(&self) -> bool {
        self.rescored_grade == Grade::Doubtful
    }

    /// The reported total as averages take it: none for a doubtful reading, whose total may
    /// be misread (汇总's formulas leave out its 待核 row the same way).
    pub fn reported_for_averages(&self) -> Option<Decimal> {
        self.reported_total.filter(|_| !self.doubtful())
    }

    /// True where the form counts in sums and counts (it is no duplicate of a kept copy).
    pub fn counted(&self) -> bool {
        self.duplicate_of.is_none()
    }

    /// How many of the form's findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        crate::check::findings::count(&self.findings, severity)
    }
}

/// The result of a batch, in walk order.
#[derive(Debug, Default)]
pub struct Batch {
    /// Files walked (forms and rejections together).
    pub files: usize,
    /// One per form, in walk order.
    pub summaries: Vec<FormSummary>,
    /// The files that yielded no form, and why, sorted by path.
    pub rejected: Vec<Rejection>,
    store: Store,
    /// Where to spill, and past how many forms.
    spill_at: Option<(PathBuf, usize)>,
    /// The reviewer's choice of copies (which copy of a project submitted twice counts, or
    /// does not), from the decisions workbook.
    pub copy_choices: std::collections::HashMap<CopyKey, bool>,
}

/// A form as the decisions workbook names a copy: its source file, 实施单位 and 项目名称, as
/// the tool wrote them (a file may hold several forms).
pub type CopyKey = (String, String, String);

#[derive(Debug)]
enum Store {
    Memory(Vec<(Form, Assessment)>),
    Disk(Spill),
}

impl Default for Store {
    fn default() -> Self {
        Store::Memory(Vec::new())
    }
}

impl Batch {
    /// An empty batch that moves its forms to a file in `dir` once it holds more than
    /// `limit` of them.
    pub fn spilling(dir: &Path, limit: usize) -> Self {
        Batch {
            spill_at: Some((dir.to_path_buf(), limit)),
            ..Batch::default()
        }
    }

    /// Adds a checked form. The assessment's findings move to the form's summary.
    pub fn push(&mut self, form: Form, mut assessment: Assessment) -> std::io::Result<()> {
        self.summaries
            .push(FormSummary::new(&form, &mut assessment));
        if let Store::Memory(forms) = &mut self.store
            && let Some((dir, limit)) = &self.spill_at
            && forms.len() >= *limit
        {
            let mut spill = Spill::create(dir)?;
            for (form, assessment) in forms.drain(..) {
                spill.push(&form, &assessment)?;
            }
            self.store = Store::Disk(spill);
        }
        match &mut self.store {
            Store::Memory(forms) => forms.push((form, assessment)),
            Store::Disk(spill) => spill.push(&form, &assessment)?,
        }
        Ok(())
    }

    /// Ends the adding: adds the batch-level findings and readies the forms for reading.
    pub fn finish(&mut self) -> std::io::Result<()> {
        duplicates::check(&mut self.summaries, &self.copy_choices);
        if let Store::Disk(spill) = &mut self.store {
            spill.finish()?;
        }
        Ok(())
    }

    /// True where the forms went to disk.
    pub fn spilled(&self) -> bool {
        matches!(self.store, Store::Disk(_))
    }

    /// Form `i` whole, with its assessment (findings as in its summary).
    pub fn load(&self, i: usize) -> std::io::Result<(Cow<'_, Form>, Assessment)> {
        let summary = self
            .summaries
            .get(i)
            .ok_or_else(|| std::io::Error::other(format!("no form {i} in the batch")))?;
        // A form in memory is lent, not copied: every output reads every form.
        let (form, mut assessment) = match &self.store {
            Store::Memory(forms) => forms
                .get(i)
                .map(|(form, a)| (Cow::Borrowed(form), a.clone()))
                .ok_or_else(|| std::io::Error::other(format!("no form {i} in the batch")))?,
            Store::Disk(spill) => {
                let (form, a) = spill.read(i)?;
                (Cow::Owned(form), a)
            }
        };
        assessment.reported_grade = summary.reported_grade;
        assessment.rescored_grade = summary.rescored_grade;
        assessment.findings = summary.findings.clone();
        assessment.review = summary.review.clone();
        assessment.dismissed = summary.dismissed.clone();
        Ok((form, assessment))
    }

    /// The forms that count in sums, counts and charts: all but the duplicates.
    pub fn counted(&self) -> impl Iterator<Item = &FormSummary> {
        self.summaries.iter().filter(|s| s.counted())
    }

    /// The figures of the counted forms (grades, sums, units); see [`Statistics`].
    pub fn statistics(&self) -> Statistics {
        Statistics::of(self.counted())
    }

    /// The findings of every form, duplicates included (each is told it is one).
    pub fn findings(&self) -> FindingCounts {
        FindingCounts::of(&self.summaries)
    }

    /// What the reviewer decided on the counted forms, where anything was.
    pub fn decisions(&self, rules: &crate::check::rules::Rules) -> Option<Decisions> {
        Decisions::of(self.counted(), rules)
    }

    /// How many forms are duplicates of a kept copy.
    pub fn duplicates(&self) -> usize {
        self.summaries.iter().filter(|s| !s.counted()).count()
    }
}
