//! The review loop's record: the decisions workbook the reviewer owns (`复核记录.xlsx`, in the
//! output folder), read back and brought up to date by every run.
//!
//! - **One row per form** (sheet 表单复核): its keys (主管部门, 实施单位, 项目名称, 年度,
//!   项目编码, 来源文件) and figures (自评总分, 复核总分, 复核等级, 错误, 警告), written by the
//!   tool; the reviewer's 复核结论 (通过 / 退回修改 / 待复核), 复核得分, 复核意见, 复核人 and
//!   复核日期; the tool's 状态 and 复核依据.
//! - **One row per finding** (sheet 问题复核): its form's keys, 位置, 级别, 代码, 指标 and the
//!   finding; the reviewer's 处理 (采纳 / 不采纳) and 说明; the tool's 状态.
//! - **Nothing typed is lost.** Rows are found again by their keys (the form's 实施单位 and
//!   project name as `--previous` pairs them, its file first, then its 项目编码), wherever the
//!   reviewer moved them; the reviewer's own columns and sheets are written back with their
//!   values; a row whose form is not in this run stays, marked. The file as it was is
//!   copied into 复核记录备份/ first.
//! - **A decision is applied only to the figures it was made on.** When a row first carries
//!   a decision, the figures it showed are kept in 复核依据; a run whose figures differ
//!   (a corrected resubmission) marks the decision 过期 with what changed and does not apply
//!   it until the reviewer clears 复核依据 again.

pub mod workbook;

use std::borrow::Cow;
use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::batch::{Batch, CopyKey, FormSummary};
use crate::check::findings::{Finding, Severity};
use crate::compare::matching::{Keyed, name_key, pair};
use crate::model::ReviewDecision;
use crate::normalize::{decimal_string, parse_number};

/// The workbook's name in the output folder.
pub const FILE: &str = "复核记录.xlsx";

/// The folder in the output folder that keeps each earlier version of the workbook.
pub const BACKUPS: &str = "复核记录备份";

/// The sheet of forms.
pub const FORMS: &str = "表单复核";
/// Its columns, the tool's and the reviewer's, in order.
pub const FORM_COLUMNS: [&str; 19] = [
    "主管部门",
    "实施单位",
    "项目名称",
    "年度",
    "项目编码",
    "来源文件",
    "自评总分",
    "复核总分",
    "复核等级",
    "错误",
    "警告",
    "复核结论",
    "复核得分",
    "复核意见",
    "复核人",
    "复核日期",
    "计入合计",
    "状态",
    "复核依据",
];
/// The columns of 表单复核 the reviewer fills in.
pub const FORM_REVIEWER: [&str; 6] = [
    "复核结论",
    "复核得分",
    "复核意见",
    "复核人",
    "复核日期",
    COPY_CHOICE,
];

/// The reviewer's column that names, of the copies of one project submitted more than
/// once, the one that counts (是) or one that does not (否). It is about files, not figures:
/// it applies whatever the figures, and is no decision that can go stale.
pub const COPY_CHOICE: &str = "计入合计";

/// What [`COPY_CHOICE`] may be.
pub const COPY_CHOICES: [&str; 2] = ["是", "否"];

/// The sheet of findings.
pub const FINDINGS: &str = "问题复核";
/// Its columns, in order.
pub const FINDING_COLUMNS: [&str; 12] = [
    "主管部门",
    "实施单位",
    "项目名称",
    "来源文件",
    "位置",
    "级别",
    "代码",
    "指标",
    "问题",
    "处理",
    "说明",
    "状态",
];
/// The columns of 问题复核 the reviewer fills in.
pub const FINDING_REVIEWER: [&str; 2] = ["处理", "说明"];

/// The conclusions a reviewer may give.
pub const CONCLUSIONS: [&str; 3] = ["通过", "退回修改", "待复核"];

/// What a finding's 处理 may be.
pub const HANDLING: [&str; 2] = ["采纳", "不采纳"];

/// A sheet as read: its header row and its rows, every cell as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The first row.
    pub headers: Vec<String>,
    /// The rows under it that hold anything.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.trim() == name)
    }

    /// The cell of `row` under `name`, trimmed; empty where there is none.
    pub fn get<'a>(&'a self, row: &'a [String], name: &str) -> &'a str {
        self.column(name)
            .and_then(|c| row.get(c))
            .map_or("", |s| s.trim())
    }

    /// Sets the cell of row `r` under `name`, adding the column where the sheet has none.
    fn set(&mut self, r: usize, name: &str, value: &str) {
        let c = self.column(name).unwrap_or_else(|| {
            self.headers.push(name.to_owned());
            self.headers.len() - 1
        });
        if let Some(row) = self.rows.get_mut(r) {
            if row.len() <= c {
                row.resize(c + 1, String::new());
            }
            row[c] = value.to_owned();
        }
    }

    /// The headers that are none of `ours`, in the file's order: the reviewer's columns.
    pub fn extra_headers(&self, ours: &[&str]) -> Vec<String> {
        self.headers
            .iter()
            .filter(|h| !h.trim().is_empty() && !ours.contains(&h.trim()))
            .cloned()
            .collect()
    }
}

/// The workbook: its two sheets and the reviewer's own sheets (values).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// 表单复核.
    pub forms: Table,
    /// 问题复核.
    pub findings: Table,
    /// Sheets the tool does not write: the reviewer's own.
    pub other_sheets: Vec<OtherSheet>,
}

/// A sheet of the reviewer's own in the workbook: its cells as text and its formulas.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OtherSheet {
    /// Its name.
    pub name: String,
    /// Its cells as shown, from A1.
    pub cells: Vec<Vec<String>>,
    /// Its formulas (row, column, formula without `=`), from A1: written back as formulas
    /// with the values above as their results.
    pub formulas: Vec<(u32, u16, String)>,
}

/// A row of one of the tool's sheets as it is written: the tool's columns by name, and the
/// reviewer's extra columns by header. The tool's names are borrowed, not copied into every
/// row: a province's findings are hundreds of thousands of rows.
pub type Row = HashMap<Cow<'static, str>, String>;

/// The workbook brought up to date, and what the run tells the clerk of it.
#[derive(Debug, Default)]
pub struct Review {
    /// The rows of 表单复核 to write, in order.
    pub forms: Vec<Row>,
    /// The reviewer's own columns of 表单复核.
    pub form_extra: Vec<String>,
    /// The rows of 问题复核 to write, in order.
    pub findings: Vec<Row>,
    /// The reviewer's own columns of 问题复核.
    pub finding_extra: Vec<String>,
    /// The reviewer's own sheets, written back as they were read.
    pub other_sheets: Vec<OtherSheet>,
    /// Decisions applied.
    pub applied: usize,
    /// Decisions set aside as 过期 (the figures changed since).
    pub stale: usize,
    /// Decisions not understood (a conclusion or score that is none).
    pub invalid: usize,
    /// Forms returned to their units (退回修改, applied), by batch index.
    pub returned: Vec<usize>,
    /// Findings not accepted (不采纳).
    pub dismissed: usize,
    /// Findings of the record no longer found (resolved since it was written).
    pub resolved: usize,
    /// Findings of the record found again.
    pub remaining: usize,
    /// Findings new since the record was written.
    pub new: usize,
    /// Forms of the record not in this run.
    pub absent: usize,
    /// Per form whose findings changed since the record was written: its batch index and
    /// how many of its findings were resolved, are still there, and are new.
    pub changes: Vec<(usize, usize, usize, usize)>,
    /// True where there was a workbook to read.
    pub had_record: bool,
}

/// The figures a decision is made on, as the workbook shows them.
fn figures(s: &FormSummary) -> [(&'static str, String); 4] {
    [
        (
            "自评总分",
            s.reported_total.map(decimal_string).unwrap_or_default(),
        ),
        (
            "复核总分",
            s.rescored().map(decimal_string).unwrap_or_default(),
        ),
        ("错误", s.count(Severity::Error).to_string()),
        ("警告", s.count(Severity::Warning).to_string()),
    ]
}

/// The figures as one text (复核依据): `自评总分=95；复核总分=96.5；错误=1；警告=2`.
fn basis_of(figures: &[(&str, String)]) -> String {
    figures
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("；")
}

/// What changed between a basis and the figures now: `自评总分 95→97、错误 1→0`.
fn changes(basis: &str, now: &[(&str, String)]) -> String {
    let then: HashMap<&str, &str> = basis
        .split('；')
        .filter_map(|part| part.split_once('='))
        .collect();
    now.iter()
        .filter(|(k, v)| then.get(k).is_none_or(|t| t.trim() != v))
        .map(|(k, v)| {
            let was = then.get(k).copied().unwrap_or("—");
            let was = if was.is_empty() { "空" } else { was };
            let v = if v.is_empty() { "空" } else { v.as_str() };
            format!("{k} {was}→{v}")
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The tool's columns of a form's row, from the batch.
fn form_cells(s: &FormSummary) -> Row {
    let mut row = Row::new();
    let mut put = |k: &'static str, v: String| {
        row.insert(Cow::Borrowed(k), v);
    };
    put("主管部门", s.department.clone());
    put("实施单位", s.unit.clone());
    put("项目名称", s.project.clone());
    put("年度", s.year.map(|y| y.to_string()).unwrap_or_default());
    put("项目编码", s.budget_code.clone().unwrap_or_default());
    put("来源文件", s.source.file.clone());
    for (k, v) in figures(s) {
        put(k, v);
    }
    put("复核等级", s.rescored_grade.name().to_owned());
    row
}

/// A reviewer's decision read from a row, or why it cannot be applied.
fn decision_of(record: &Table, row: &[String], scale: Decimal) -> Result<ReviewDecision, String> {
    let conclusion = record.get(row, "复核结论").to_owned();
    if !conclusion.is_empty() && !CONCLUSIONS.contains(&conclusion.as_str()) {
        return Err(format!(
            "复核结论“{conclusion}”无法识别（应为 {}），本行未采用",
            CONCLUSIONS.join("、")
        ));
    }
    let score = typed_score(record.get(row, "复核得分"), scale)
        .map_err(|why| format!("{why}，本行未采用"))?;
    Ok(ReviewDecision {
        conclusion,
        score,
        opinion: record.get(row, "复核意见").to_owned(),
        reviewer: record.get(row, "复核人").to_owned(),
        date: record.get(row, "复核日期").to_owned(),
        score_grade: String::new(),
    })
}

/// A 复核得分 as typed (in the workbook or on the page): none where blank, the number where
/// it is one from 0 to `scale`, else why not.
pub fn typed_score(typed: &str, scale: Decimal) -> Result<Option<Decimal>, String> {
    let typed = typed.trim();
    let score = parse_number(typed).unwrap_or_default();
    if !typed.is_empty() && score.is_none_or(|s| s < Decimal::ZERO || s > scale) {
        return Err(format!(
            "复核得分“{typed}”不是 0 到 {} 之间的数",
            decimal_string(scale)
        ));
    }
    Ok(score)
}

/// The copies the reviewer chose in [`COPY_CHOICE`]: each row's form as the tool wrote it
/// (source file, 实施单位, 项目名称) and whether that copy counts (是) or not (否). Rows
/// with anything else there are left out.
pub fn copy_choices(record: &Record) -> HashMap<CopyKey, bool> {
    record
        .forms
        .rows
        .iter()
        .filter_map(|row| {
            let counts = match record.forms.get(row, COPY_CHOICE) {
                "是" => true,
                "否" => false,
                _ => return None,
            };
            let key = (
                record.forms.get(row, "来源文件").to_owned(),
                record.forms.get(row, "实施单位").to_owned(),
                record.forms.get(row, "项目名称").to_owned(),
            );
            (!key.0.is_empty()).then_some((key, counts))
        })
        .collect()
}

/// Sets the reviewer's cells (`cells`: a name of [`FORM_REVIEWER`] and its value) of the
/// row of form `i` of `batch`, as the clerk's window records a decision; false where the
/// workbook has no row for it. 复核依据 is cleared: the reviewer decided on the figures the
/// last run showed, which the row holds, so the next run takes them as the basis afresh.
pub fn set_form(record: &mut Record, batch: &Batch, i: usize, cells: &[(&str, String)]) -> bool {
    let Some(s) = batch.summaries.get(i) else {
        return false;
    };
    let key = form_key(&s.unit, &s.project, &s.source.file);
    // The n-th form of these keys is the n-th row of them, as the run paired them.
    let nth = batch.summaries[..i]
        .iter()
        .filter(|o| form_key(&o.unit, &o.project, &o.source.file) == key)
        .count();
    let table = &mut record.forms;
    let Some(r) = (0..table.rows.len())
        .filter(|&r| row_form_key(table, &table.rows[r]) == key)
        .nth(nth)
    else {
        return false;
    };
    for (name, value) in cells {
        if FORM_REVIEWER.contains(name) {
            table.set(r, name, value.trim());
        }
    }
    table.set(r, "复核依据", "");
    true
}

/// Sets 处理 and 说明 (`cells`) of the rows of `finding`, of form `summary`, in 问题复核:
/// every row of that form with its code, indicator and words (two such rows say the same
/// to the reviewer). How many rows were set.
pub fn set_finding(
    record: &mut Record,
    summary: &FormSummary,
    finding: &Finding,
    cells: &[(&str, String)],
) -> usize {
    let key = form_key(&summary.unit, &summary.project, &summary.source.file);
    let table = &mut record.findings;
    let rows: Vec<usize> = (0..table.rows.len())
        .filter(|&r| {
            let row = &table.rows[r];
            row_form_key(table, row) == key
                && table.get(row, "代码") == finding.code.as_str()
                && table.get(row, "指标") == finding.indicator.as_deref().unwrap_or("").trim()
                && table.get(row, "问题") == finding.message.trim()
        })
        .collect();
    for &r in &rows {
        for (name, value) in cells {
            if FINDING_REVIEWER.contains(name) {
                table.set(r, name, value.trim());
            }
        }
    }
    rows.len()
}

/// A form as both sheets name it: its 实施单位 and project name as `--previous` compares
/// them, and its file.
type FormKey = (String, String, String);

fn form_key(unit: &str, project: &str, file: &str) -> FormKey {
    (name_key(unit), name_key(project), file.trim().to_owned())
}

/// The form a row of either sheet names.
fn row_form_key(table: &Table, row: &[String]) -> FormKey {
    form_key(
        table.get(row, "实施单位"),
        table.get(row, "项目名称"),
        table.get(row, "来源文件"),
    )
}

/// Each key with its occurrence among the same ones before it (1 for the first): which of
/// two findings of one code on one indicator a row is.
fn numbered<K: Clone + Eq + std::hash::Hash>(keys: impl IntoIterator<Item = K>) -> Vec<(K, usize)> {
    let mut seen: HashMap<K, usize> = HashMap::new();
    keys.into_iter()
        .map(|k| {
            let n = seen.entry(k.clone()).or_default();
            *n += 1;
            (k, *n)
        })
        .collect()
}

/// The forms of the batch paired with the record's rows: by unit, name and file; then by
/// unit and name; then by 项目编码. `pairs[i]` is the row of form `i`.
fn pair_forms(batch: &Batch, record: &Table) -> Vec<Option<usize>> {
    let mut by_file: HashMap<FormKey, Vec<usize>> = HashMap::new();
    for (j, row) in record.rows.iter().enumerate() {
        by_file
            .entry(row_form_key(record, row))
            .or_default()
            .push(j);
    }
    let mut taken = vec![false; record.rows.len()];
    let mut pairs = vec![None; batch.summaries.len()];
    for (i, s) in batch.summaries.iter().enumerate() {
        let k = form_key(&s.unit, &s.project, &s.source.file);
        if let Some(j) = by_file
            .get(&k)
            .and_then(|js| js.iter().copied().find(|&j| !taken[j]))
        {
            taken[j] = true;
            pairs[i] = Some(j);
        }
    }
    // The rest as `--previous` pairs forms: unit and name, then 项目编码.
    let open_forms: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].is_none()).collect();
    let open_rows: Vec<usize> = (0..taken.len()).filter(|&j| !taken[j]).collect();
    let current: Vec<Keyed> = open_forms
        .iter()
        .map(|&i| {
            let s = &batch.summaries[i];
            Keyed {
                unit: &s.unit,
                project: &s.project,
                budget_code: s.budget_code.as_deref(),
            }
        })
        .collect();
    let previous: Vec<Keyed> = open_rows
        .iter()
        .map(|&j| {
            let row = &record.rows[j];
            let code = record.get(row, "项目编码");
            Keyed {
                unit: record.get(row, "实施单位"),
                project: record.get(row, "项目名称"),
                budget_code: (!code.is_empty()).then_some(code),
            }
        })
        .collect();
    for (a, b, _) in pair(&current, &previous) {
        pairs[open_forms[a]] = Some(open_rows[b]);
    }
    pairs
}

/// A finding's code and indicator, as both the batch and 问题复核 give them.
type FindingKey = (String, String);

/// A finding's identity within its form: its code, its indicator, and which of the same
/// it is.
fn finding_keys(findings: &[Finding]) -> Vec<(FindingKey, usize)> {
    numbered(findings.iter().map(|f| {
        (
            f.code.as_str().to_owned(),
            f.indicator.clone().unwrap_or_default(),
        )
    }))
}

/// Applies the record's decisions to the batch (each form's applied decision, its findings
/// not accepted moved aside) and brings the record up to date. A 复核得分 may reach the
/// rules' 总分 and is graded by their bands.
pub fn apply(
    batch: &mut Batch,
    earlier: Option<&Record>,
    rules: &crate::check::rules::Rules,
) -> Review {
    let scale = rules.weights.total;
    let empty = Record::default();
    let record = earlier.unwrap_or(&empty);
    let mut review = Review {
        had_record: earlier.is_some(),
        form_extra: record.forms.extra_headers(&FORM_COLUMNS),
        finding_extra: record.findings.extra_headers(&FINDING_COLUMNS),
        other_sheets: record.other_sheets.clone(),
        ..Review::default()
    };
    let pairs = pair_forms(batch, &record.forms);
    let mut form_of_row: Vec<Option<usize>> = vec![None; record.forms.rows.len()];
    for (i, j) in pairs.iter().enumerate() {
        if let Some(j) = j {
            form_of_row[*j] = Some(i);
        }
    }
    let keep_extra = |table: &Table, row: &[String], extra: &[String], out: &mut Row| {
        for h in extra {
            out.insert(Cow::Owned(h.clone()), table.get(row, h).to_owned());
        }
    };
    // The forms: the record's rows in its order, then the forms new to it.
    for (j, row) in record.forms.rows.iter().enumerate() {
        let mut out = Row::new();
        for name in FORM_COLUMNS {
            out.insert(Cow::Borrowed(name), record.forms.get(row, name).to_owned());
        }
        keep_extra(&record.forms, row, &review.form_extra, &mut out);
        match form_of_row[j] {
            Some(i) => {
                let summary = &batch.summaries[i];
                let now = figures(summary);
                out.extend(form_cells(summary));
                let typed = FORM_REVIEWER
                    .iter()
                    .filter(|c| **c != COPY_CHOICE)
                    .any(|c| !record.forms.get(row, c).is_empty());
                if !typed {
                    out.insert("复核依据".into(), String::new());
                    out.insert("状态".into(), String::new());
                } else {
                    let shown: Vec<(&str, String)> = now
                        .iter()
                        .map(|(k, _)| (*k, record.forms.get(row, k).to_owned()))
                        .collect();
                    let basis = match record.forms.get(row, "复核依据") {
                        "" => basis_of(&shown),
                        kept => kept.to_owned(),
                    };
                    let changed = changes(&basis, &now);
                    let status = if !changed.is_empty() {
                        review.stale += 1;
                        format!(
                            "过期：复核后表中数字有变化（{changed}），本行结论未采用；核对后如仍适用，请清空“复核依据”一格"
                        )
                    } else {
                        match decision_of(&record.forms, row, scale) {
                            Ok(mut decision) => {
                                if let Some(score) = decision.score {
                                    decision.score_grade = rules.grade(score).name().to_owned();
                                }
                                review.applied += 1;
                                if decision.conclusion == "退回修改" {
                                    review.returned.push(i);
                                }
                                batch.summaries[i].review = Some(decision);
                                "已采用".to_owned()
                            }
                            Err(why) => {
                                review.invalid += 1;
                                why
                            }
                        }
                    };
                    out.insert("复核依据".into(), basis);
                    out.insert("状态".into(), status);
                }
            }
            None => {
                review.absent += 1;
                out.insert(
                    "状态".into(),
                    "本次运行没有这份表（上次有）：本行保留，未作改动".to_owned(),
                );
            }
        }
        review.forms.push(out);
    }
    for (i, j) in pairs.iter().enumerate() {
        if j.is_none() {
            let mut out = form_cells(&batch.summaries[i]);
            if review.had_record {
                out.insert("状态".into(), "新增".to_owned());
            }
            review.forms.push(out);
        }
    }
    apply_findings(batch, record, &pairs, &mut review);
    review
}

/// The findings' rows: each finding of the batch found again by its form and identity (its
/// 处理 applied: 不采纳 moves it out of every count), the record's others marked resolved
/// where their form is in this run, and the new ones added.
fn apply_findings(
    batch: &mut Batch,
    record: &Record,
    pairs: &[Option<usize>],
    review: &mut Review,
) {
    let table = &record.findings;
    // The form of each finding row: the form paired with the form row of the same keys.
    let mut form_by_key: HashMap<FormKey, usize> = HashMap::new();
    for (i, j) in pairs.iter().enumerate() {
        if let Some(j) = j {
            form_by_key.insert(row_form_key(&record.forms, &record.forms.rows[*j]), i);
        }
    }
    let form_of_row: Vec<Option<usize>> = table
        .rows
        .iter()
        .map(|row| form_by_key.get(&row_form_key(table, row)).copied())
        .collect();
    // Each row of a form in this run by its form and the finding's identity.
    let identified = (0..table.rows.len()).filter_map(|r| {
        let row = &table.rows[r];
        let key = (
            table.get(row, "代码").to_owned(),
            table.get(row, "指标").to_owned(),
        );
        form_of_row[r].map(|i| ((i, key), r))
    });
    let (keys, rows): (Vec<_>, Vec<usize>) = identified.unzip();
    let rows_of: HashMap<_, usize> = numbered(keys).into_iter().zip(rows).collect();
    let mut matched = vec![false; table.rows.len()];
    let forms = batch.summaries.len();
    let (mut resolved_of, mut remaining_of, mut new_of) =
        (vec![0; forms], vec![0; forms], vec![0; forms]);
    let mut dismissed_rows: Vec<(usize, usize)> = Vec::new();
    let mut current_rows: HashMap<usize, Row> = HashMap::new();
    let mut new_rows: Vec<Row> = Vec::new();
    for (i, summary) in batch.summaries.iter().enumerate() {
        for (k, (f, (key, n))) in summary
            .findings
            .iter()
            .zip(finding_keys(&summary.findings))
            .enumerate()
        {
            let mut out = finding_cells(summary, f);
            match rows_of.get(&((i, key), n)) {
                Some(&r) => {
                    matched[r] = true;
                    let row = &table.rows[r];
                    for name in FINDING_REVIEWER {
                        out.insert(Cow::Borrowed(name), table.get(row, name).to_owned());
                    }
                    for h in &review.finding_extra {
                        out.insert(Cow::Owned(h.clone()), table.get(row, h).to_owned());
                    }
                    let status = match table.get(row, "处理") {
                        "不采纳" => {
                            dismissed_rows.push((i, k));
                            "不采纳：不计入问题数".to_owned()
                        }
                        // Found again: nothing to say (an unchanged batch run again
                        // gives the same workbook); the terminal counts them.
                        "" | "采纳" => String::new(),
                        other => format!(
                            "处理“{other}”无法识别（应为 {}），按采纳计",
                            HANDLING.join("、")
                        ),
                    };
                    review.remaining += 1;
                    remaining_of[i] += 1;
                    out.insert("状态".into(), status);
                    current_rows.insert(r, out);
                }
                None => {
                    if review.had_record {
                        review.new += 1;
                        new_of[i] += 1;
                        out.insert("状态".into(), "新增".to_owned());
                    }
                    new_rows.push(out);
                }
            }
        }
    }
    // The record's rows in its order: found again, resolved, or of a form not in this run.
    for (r, row) in table.rows.iter().enumerate() {
        let out = match current_rows.remove(&r) {
            Some(out) => out,
            None => {
                let mut out = Row::new();
                for name in FINDING_COLUMNS {
                    out.insert(Cow::Borrowed(name), table.get(row, name).to_owned());
                }
                for h in &review.finding_extra {
                    out.insert(Cow::Owned(h.clone()), table.get(row, h).to_owned());
                }
                if let Some(i) = form_of_row[r]
                    && !matched[r]
                {
                    let was = table.get(row, "状态");
                    if !was.starts_with("已解决") {
                        review.resolved += 1;
                        resolved_of[i] += 1;
                        let indicator = table.get(row, "指标");
                        batch.summaries[i].resolved.push(if indicator.is_empty() {
                            table.get(row, "问题").to_owned()
                        } else {
                            format!("【{indicator}】{}", table.get(row, "问题"))
                        });
                        out.insert(
                            "状态".into(),
                            format!("已解决：{} 的运行中不再出现", crate::clock::today()),
                        );
                    }
                }
                out
            }
        };
        review.findings.push(out);
    }
    review.findings.extend(new_rows);
    review.changes = (0..forms)
        .filter(|&i| resolved_of[i] + new_of[i] > 0)
        .map(|i| (i, resolved_of[i], remaining_of[i], new_of[i]))
        .collect();
    // Not accepted: out of the form's findings, and so out of every count.
    dismissed_rows.sort_unstable();
    for &(i, k) in dismissed_rows.iter().rev() {
        let summary = &mut batch.summaries[i];
        let finding = summary.findings.remove(k);
        summary.dismissed.insert(0, finding);
        review.dismissed += 1;
    }
}

/// The tool's columns of a finding's row.
fn finding_cells(s: &FormSummary, f: &Finding) -> Row {
    let mut row = Row::new();
    let mut put = |k: &'static str, v: String| {
        row.insert(Cow::Borrowed(k), v);
    };
    put("主管部门", s.department.clone());
    put("实施单位", s.unit.clone());
    put("项目名称", s.project.clone());
    put("来源文件", s.source.file.clone());
    put(
        "位置",
        f.at.map(|p| p.describe_zh(s.source.kind))
            .unwrap_or_default(),
    );
    put("级别", f.code.severity().zh().to_owned());
    put("代码", f.code.as_str().to_owned());
    put("指标", f.indicator.clone().unwrap_or_default());
    put("问题", f.message.clone());
    row
}
