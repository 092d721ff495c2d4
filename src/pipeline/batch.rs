//! A batch of forms that may not fit in memory.
//!
//! Each form leaves a [`FormSummary`] in memory — what the workbook's 汇总, the findings,
//! the booklet's cover and the command line need. The forms themselves (every indicator,
//! raw text and source cell) stay in memory up to [`super::Settings::forms_in_memory`]; past that
//! the batch moves them to a temporary file beside the output and reads each back when a
//! report needs it whole (指标明细, forms.json, the PDFs), so memory stays flat however many
//! forms come in. Either way a loaded form is the same form, with the same assessment.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rust_decimal::Decimal;

use crate::check::findings::{Finding, Severity};
use crate::check::{self, Assessment, form_start};
use crate::model::{Form, FormSource, Rejection};
use crate::read::Pos;

/// What the batch keeps in memory of each form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormSummary {
    pub source: FormSource,
    /// Which layout of the family the form came in (`national`, `sichuan`, `generic`).
    pub layout: String,
    pub year: Option<i32>,
    pub project: String,
    pub department: String,
    pub unit: String,
    /// Where the project name and year are written (the form's first row where they are not).
    pub project_at: Pos,
    pub year_at: Pos,
    /// 年度资金总额: 年初预算数, 全年预算数, 全年执行数.
    pub initial: Option<Decimal>,
    pub adjusted: Option<Decimal>,
    pub executed: Option<Decimal>,
    /// 执行率 as re-computed.
    pub execution_rate: Option<Decimal>,
    pub reported_total: Option<Decimal>,
    pub rescored_total: Decimal,
    pub reported_grade: &'static str,
    pub rescored_grade: &'static str,
    /// Every finding on the form, the batch-level ones included.
    pub findings: Vec<Finding>,
    /// How many indicator rows the form has (its rows in 指标明细).
    pub indicators: usize,
    /// Where another form of the batch is the same project, unit and year and is the copy
    /// kept: which one, and why. A duplicate is in every list and left out of every sum,
    /// count, average and chart.
    pub duplicate_of: Option<Duplicate>,
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
        }
    }

    /// The re-scored total, where the form has points to score (`None` for an unscored
    /// 目标自评表: it counts in money, not in scores or grades).
    pub fn rescored(&self) -> Option<Decimal> {
        (self.rescored_grade != check::UNGRADED).then_some(self.rescored_total)
    }

    /// True where the form counts in sums and counts (it is no duplicate of a kept copy).
    pub fn counted(&self) -> bool {
        self.duplicate_of.is_none()
    }

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
    pub rejected: Vec<Rejection>,
    /// Characters the PDFs' font had no glyph for (printed as □ in the PDFs).
    pub pdf_missing_glyphs: Vec<char>,
    /// Forms whose own PDF could not be made, and why (the run went on without it).
    pub pdf_skipped: Vec<crate::report::SkippedPdf>,
    /// Outputs of the earlier run that this run did not write and kept (`pdf`, `xlsx`, `json`).
    pub outputs_kept: Vec<String>,
    store: Store,
    /// Where to spill, and past how many forms.
    spill_at: Option<(PathBuf, usize)>,
}

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
        check::batch::check(&mut self.summaries);
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
    pub fn load(&self, i: usize) -> std::io::Result<(Form, Assessment)> {
        let summary = self
            .summaries
            .get(i)
            .ok_or_else(|| std::io::Error::other(format!("no form {i} in the batch")))?;
        let (form, mut assessment) = match &self.store {
            Store::Memory(forms) => forms
                .get(i)
                .cloned()
                .ok_or_else(|| std::io::Error::other(format!("no form {i} in the batch")))?,
            Store::Disk(spill) => spill.read(i)?,
        };
        assessment.reported_grade = summary.reported_grade;
        assessment.rescored_grade = summary.rescored_grade;
        assessment.findings = summary.findings.clone();
        Ok((form, assessment))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.summaries.iter().map(|s| s.count(severity)).sum()
    }

    /// The forms that count in sums, counts and charts: all but the duplicates.
    pub fn counted(&self) -> impl Iterator<Item = &FormSummary> {
        self.summaries.iter().filter(|s| s.counted())
    }

    /// How many forms are duplicates of a kept copy.
    pub fn duplicates(&self) -> usize {
        self.summaries.iter().filter(|s| !s.counted()).count()
    }
}

/// Forms and their assessments written one after another to a temporary file (JSON, one
/// value each), found again by their byte span. The file has no name the user could see:
/// the system removes it when the batch is dropped, or when the run ends however it ends.
#[derive(Debug)]
struct Spill {
    writer: Option<BufWriter<File>>,
    reader: Mutex<Option<File>>,
    spans: Vec<(u64, usize)>,
    end: u64,
}

impl Spill {
    fn create(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let file = tempfile::tempfile_in(dir)?;
        Ok(Spill {
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            reader: Mutex::new(None),
            spans: Vec::new(),
            end: 0,
        })
    }

    fn push(&mut self, form: &Form, assessment: &Assessment) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(&(form, assessment)).map_err(std::io::Error::other)?;
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| std::io::Error::other("form spill already finished"))?;
        writer.write_all(&bytes)?;
        self.spans.push((self.end, bytes.len()));
        self.end += bytes.len() as u64;
        Ok(())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.writer.take() {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            *self
                .reader
                .lock()
                .map_err(|_| std::io::Error::other("spill lock"))? = Some(file);
        }
        Ok(())
    }

    fn read(&self, i: usize) -> std::io::Result<(Form, Assessment)> {
        let &(start, len) = self
            .spans
            .get(i)
            .ok_or_else(|| std::io::Error::other(format!("no form {i} in the spill")))?;
        let mut bytes = vec![0; len];
        {
            let mut guard = self
                .reader
                .lock()
                .map_err(|_| std::io::Error::other("spill lock"))?;
            let file = guard
                .as_mut()
                .ok_or_else(|| std::io::Error::other("form spill read before it was finished"))?;
            file.seek(SeekFrom::Start(start))?;
            file.read_exact(&mut bytes)?;
        }
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }
}
