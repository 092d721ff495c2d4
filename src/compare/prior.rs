//! Last year's forms as the comparison needs them: who and what, the money, the totals and
//! each indicator's target, actual, remark and scores. Made from checked forms (a folder of
//! last year's submissions read like any input) or from a `forms.json` this tool wrote.

use std::io::Read;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::check::indicator::Direction;
use crate::check::value::Quantity;
use crate::check::{Assessment, Grade};
use crate::model::Form;

/// One of last year's forms.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorForm {
    /// `单位/表.xlsx · 第3行`: where it was.
    pub source: String,
    /// 评价年度.
    pub year: Option<i32>,
    /// 项目名称.
    pub project: String,
    /// 主管部门.
    pub department: String,
    /// 实施单位.
    pub unit: String,
    /// 项目编码, where the form wrote one.
    pub budget_code: Option<String>,
    /// 全年预算数 of 年度资金总额.
    pub adjusted: Option<Decimal>,
    /// 全年执行数 of 年度资金总额.
    pub executed: Option<Decimal>,
    /// 执行率 as re-computed.
    pub execution_rate: Option<Decimal>,
    /// 总分 得分 as reported.
    pub reported_total: Option<Decimal>,
    /// The re-scored total; `None` for an unscored form.
    pub rescored_total: Option<Decimal>,
    /// The grade of the re-scored total.
    pub rescored_grade: Grade,
    /// The indicators, in the form's order.
    pub indicators: Vec<PriorIndicator>,
}

/// One of last year's indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorIndicator {
    /// 三级指标.
    pub level3: String,
    /// 年度指标值 as written.
    pub target: String,
    /// 实际完成值 as written.
    pub actual: String,
    /// 偏差原因分析及改进措施.
    pub remark: String,
    /// 分值.
    pub weight: Option<Decimal>,
    /// 得分.
    pub score: Option<Decimal>,
    /// The target and actual as quantities (first number, base unit), where they are.
    /// The target as a quantity (first number, base unit), where it is one.
    pub target_quantity: Option<(Decimal, String)>,
    /// The actual as a quantity.
    pub actual_quantity: Option<(Decimal, String)>,
    /// Whether more (or less) is better, as the check decided.
    pub direction: Option<Direction>,
}

/// A quantity's first number and unit.
pub(super) fn first(q: Option<&Quantity>) -> Option<(Decimal, String)> {
    q.and_then(|q| q.numbers.first().map(|n| (*n, q.unit.clone())))
}

impl PriorForm {
    /// A checked form of last year.
    pub fn of(form: &Form, a: &Assessment) -> Self {
        let total = &form.funds.total;
        PriorForm {
            source: format!("{} · {}", form.source.file, form.source.row_zh()),
            year: form.year.value,
            project: form.project_name.value.clone(),
            department: form.department.value.clone(),
            unit: form.implementing_unit.value.clone(),
            budget_code: form.codes.project.as_ref().map(|c| c.value.clone()),
            adjusted: total.adjusted.value,
            executed: total.executed.value,
            execution_rate: a.budget.execution_rate,
            reported_total: a.reported_total,
            rescored_total: a.rescored_grade.is_graded().then_some(a.rescored_total),
            rescored_grade: a.rescored_grade,
            indicators: form
                .indicators
                .iter()
                .zip(&a.indicators)
                .map(|(ind, ia)| PriorIndicator {
                    level3: ind.level3.value.clone(),
                    target: ind.target.value.clone(),
                    actual: ind.actual.value.clone(),
                    remark: ind.remark.value.clone(),
                    weight: ind.weight.value,
                    score: ind.score.value,
                    target_quantity: first(ia.target.quantity()),
                    actual_quantity: first(ia.actual.quantity()),
                    direction: ia.direction,
                })
                .collect(),
        }
    }
}

/// Why a `forms.json` could not be read as last year's forms.
#[derive(Debug, thiserror::Error)]
pub enum PriorError {
    #[error("无法读取（系统信息：{0}）")]
    /// The file could not be read.
    Io(#[from] std::io::Error),
    #[error("不是本工具生成的 forms.json（{0}）")]
    /// The file is no forms.json of this tool.
    Json(String),
}

/// Reads last year's forms from the text of a `forms.json` this tool wrote (any version
/// whose forms carry the fields below; others are ignored).
pub fn read_forms_json(reader: impl Read) -> Result<Vec<PriorForm>, PriorError> {
    let forms: Vec<JsonForm> = serde_json::from_reader(std::io::BufReader::new(reader))
        .map_err(|e| PriorError::Json(e.to_string()))?;
    Ok(forms.into_iter().map(JsonForm::into_prior).collect())
}

// The fields of forms.json the comparison reads (see `schema/form.schema.json`).

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonForm {
    source: JsonSource,
    year: Option<i32>,
    project_name: String,
    department: String,
    implementing_unit: String,
    codes: JsonCodes,
    funds: JsonFunds,
    indicators: Vec<JsonIndicator>,
    assessment: JsonAssessment,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonSource {
    file: String,
    row: u32,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonCodes {
    project: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonFunds {
    total: JsonAmounts,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonAmounts {
    adjusted: Option<String>,
    executed: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonIndicator {
    level3: String,
    target: String,
    actual: String,
    remark: String,
    weight: Option<String>,
    score: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonAssessment {
    budget: JsonBudget,
    indicators: Vec<JsonIndicatorAssessment>,
    total: JsonTotal,
    grade: JsonGrade,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonBudget {
    execution_rate: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonIndicatorAssessment {
    direction: Option<String>,
    target: JsonValue,
    actual: JsonValue,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonValue {
    quantitative: bool,
    numbers: Vec<String>,
    unit: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonTotal {
    reported: Option<String>,
    rescored: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonGrade {
    rescored: String,
}

fn decimal(text: &Option<String>) -> Option<Decimal> {
    text.as_deref().and_then(|t| t.parse().ok())
}

impl JsonValue {
    fn quantity(&self) -> Option<(Decimal, String)> {
        let n = self.numbers.first()?.parse().ok()?;
        self.quantitative.then(|| (n, self.unit.clone()))
    }
}

impl JsonForm {
    fn into_prior(self) -> PriorForm {
        let grade = Grade::GRADED
            .into_iter()
            .find(|g| g.name() == self.assessment.grade.rescored)
            .unwrap_or(Grade::Ungraded);
        let assessed = self.assessment.indicators;
        PriorForm {
            source: format!("{} · 第{}行", self.source.file, self.source.row),
            year: self.year,
            project: self.project_name,
            department: self.department,
            unit: self.implementing_unit,
            budget_code: self.codes.project,
            adjusted: decimal(&self.funds.total.adjusted),
            executed: decimal(&self.funds.total.executed),
            execution_rate: decimal(&self.assessment.budget.execution_rate),
            reported_total: decimal(&self.assessment.total.reported),
            rescored_total: decimal(&self.assessment.total.rescored).filter(|_| grade.is_graded()),
            rescored_grade: grade,
            indicators: self
                .indicators
                .into_iter()
                .enumerate()
                .map(|(i, ind)| {
                    let a = assessed.get(i);
                    PriorIndicator {
                        target_quantity: a.and_then(|a| a.target.quantity()),
                        actual_quantity: a.and_then(|a| a.actual.quantity()),
                        direction: a.and_then(|a| match a.direction.as_deref() {
                            Some("positive") => Some(Direction::Positive),
                            Some("reverse") => Some(Direction::Reverse),
                            _ => None,
                        }),
                        weight: decimal(&ind.weight),
                        score: decimal(&ind.score),
                        level3: ind.level3,
                        target: ind.target,
                        actual: ind.actual,
                        remark: ind.remark,
                    }
                })
                .collect(),
        }
    }
}
