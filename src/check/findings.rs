//! Findings: one thing a reviewer should look at, with a stable code, a severity, the cell
//! it is about and a message in Chinese a clerk can act on.

use crate::read::Pos;

/// How much a finding matters: errors first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// 错误: the form is wrong and must be corrected.
    Error,
    /// 警告: likely wrong; a reviewer should look.
    Warning,
    /// 提示: worth knowing; not wrong in itself.
    Info,
}

impl Severity {
    /// The severity as `forms.json` writes it (`error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// The severity in Chinese (错误, 警告, 提示).
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// The findings catalogue (`shared/docs/findings.md`), plus codes users expect beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// MISSING_FIELD: a required field (项目名称, 主管部门, 实施单位, 年度, a table) is empty or absent.
    MissingField,
    /// WEIGHTS_NOT_100: the points of the budget line and the indicators do not add up to the total.
    WeightsNot100,
    /// TOTAL_MISMATCH: 总分 得分 differs from the sum of the scores.
    TotalMismatch,
    /// SCORE_OUT_OF_RANGE: a score below 0 or above its weight.
    ScoreOutOfRange,
    /// SCORE_MISSING: a row with points but no score.
    ScoreMissing,
    /// EXECUTION_RATE_MISMATCH: the written 执行率 is not 执行数 ÷ 预算数.
    ExecutionRateMismatch,
    /// BUDGET_SCORE_MISMATCH: the budget line's score is not its weight × the execution rate.
    BudgetScoreMismatch,
    /// FUNDS_COMPONENTS_MISMATCH: the funds rows do not add up to 年度资金总额.
    FundsComponentsMismatch,
    /// EXECUTED_OVER_BUDGET: more executed than budgeted.
    ExecutedOverBudget,
    /// LARGE_BUDGET_ADJUSTMENT: the adjusted budget moved far from the initial one.
    LargeBudgetAdjustment,
    /// WEIGHT_SPLIT_NONSTANDARD: the level 1s carry other weights than the standard split.
    WeightSplitNonstandard,
    /// UNKNOWN_INDICATOR_LEVEL: a level 1 or 2 name the taxonomy does not know.
    UnknownIndicatorLevel,
    /// REMARK_MISSING: a deduction without a 偏差原因.
    RemarkMissing,
    /// TARGET_MET_BUT_DEDUCTED: the actual meets the target, yet points were taken off.
    TargetMetButDeducted,
    /// TARGET_MISSED_FULL_SCORE: the actual misses the target, yet the score is full.
    TargetMissedFullScore,
    /// RESCORE_DIFFERS: re-scored and reported scores differ past the tolerance.
    RescoreDiffers,
    /// UNIT_MISMATCH: target and actual in units that cannot be compared.
    UnitMismatch,
    /// OVERACHIEVED: far beyond the target: the target may have been set too low.
    Overachieved,
    /// NOT_MEASURED: the actual says the indicator was not measured or the work not done.
    NotMeasured,
    /// DUPLICATE_INDICATOR: the same level-3 indicator twice on one form.
    DuplicateIndicator,
    /// DUPLICATE_FORM: the same project, unit and year submitted twice in the batch.
    DuplicateForm,
    /// YEAR_MISMATCH: a year unlike the rest of the batch.
    YearMismatch,
    /// No adjusted budget (0 or empty): no rate and no budget score can be computed.
    NoAdjustedBudget,
    /// An amount or rate cell holds text that is no number.
    ValueUnreadable,
    /// The form has no 分值 and no 得分 at all (a county's 目标自评表): extracted, not scored.
    Unscored,
    /// TARGET_LOWERED (with `--previous`): a quantitative target set below last year's while
    /// last year's actual beat last year's target (目标设置偏低).
    TargetLowered,
    /// REMARK_REPEATED (with `--previous`): a deduction explained in the words of last year's
    /// remark on the same indicator.
    RemarkRepeated,
    /// BUDGET_CHANGED (with `--previous`): 全年预算数 up or down on last year's by more than
    /// `[year_over_year] budget_change`.
    BudgetChanged,
    /// SCORE_UP_EXECUTION_DOWN (with `--previous`): the re-scored total rose by more than
    /// `[year_over_year] score_rise` points while the execution rate fell.
    ScoreUpExecutionDown,
    /// READ_DOUBTFUL: what was read does not hold together (no indicators from a table that
    /// has rows, every weight or score missing, a column of numbers nobody placed, weights
    /// twice the total): the reader may have misread the form, which is graded 待核.
    ReadDoubtful,
    /// AMOUNT_UNIT_DOUBTFUL: amounts too small for a project's budget on a form that never
    /// says 万元: are they in 万元?
    AmountUnitDoubtful,
    /// PARTS_MISSING: a score sheet of the family — indicators with only 分值 and 得分, no
    /// targets or actuals (and perhaps no funds block): read with what it has, the rest named.
    PartsMissing,
    /// GROUP_POINTS_MISMATCH: a level label's points (产出指标（50分）, 数量指标（30分）) are not
    /// the sum of the 分值 of the rows it heads.
    GroupPointsMismatch,
}

impl Code {
    /// Every code, in the catalogue's order.
    pub const ALL: [Code; 33] = [
        Code::MissingField,
        Code::WeightsNot100,
        Code::TotalMismatch,
        Code::ScoreOutOfRange,
        Code::ScoreMissing,
        Code::ExecutionRateMismatch,
        Code::BudgetScoreMismatch,
        Code::FundsComponentsMismatch,
        Code::ExecutedOverBudget,
        Code::LargeBudgetAdjustment,
        Code::WeightSplitNonstandard,
        Code::UnknownIndicatorLevel,
        Code::RemarkMissing,
        Code::TargetMetButDeducted,
        Code::TargetMissedFullScore,
        Code::RescoreDiffers,
        Code::UnitMismatch,
        Code::Overachieved,
        Code::NotMeasured,
        Code::DuplicateIndicator,
        Code::DuplicateForm,
        Code::YearMismatch,
        Code::NoAdjustedBudget,
        Code::ValueUnreadable,
        Code::Unscored,
        Code::TargetLowered,
        Code::RemarkRepeated,
        Code::BudgetChanged,
        Code::ScoreUpExecutionDown,
        Code::ReadDoubtful,
        Code::AmountUnitDoubtful,
        Code::PartsMissing,
        Code::GroupPointsMismatch,
    ];

    /// The code as written in the outputs (`TOTAL_MISMATCH`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::MissingField => "MISSING_FIELD",
            Code::WeightsNot100 => "WEIGHTS_NOT_100",
            Code::TotalMismatch => "TOTAL_MISMATCH",
            Code::ScoreOutOfRange => "SCORE_OUT_OF_RANGE",
            Code::ScoreMissing => "SCORE_MISSING",
            Code::ExecutionRateMismatch => "EXECUTION_RATE_MISMATCH",
            Code::BudgetScoreMismatch => "BUDGET_SCORE_MISMATCH",
            Code::FundsComponentsMismatch => "FUNDS_COMPONENTS_MISMATCH",
            Code::ExecutedOverBudget => "EXECUTED_OVER_BUDGET",
            Code::LargeBudgetAdjustment => "LARGE_BUDGET_ADJUSTMENT",
            Code::WeightSplitNonstandard => "WEIGHT_SPLIT_NONSTANDARD",
            Code::UnknownIndicatorLevel => "UNKNOWN_INDICATOR_LEVEL",
            Code::RemarkMissing => "REMARK_MISSING",
            Code::TargetMetButDeducted => "TARGET_MET_BUT_DEDUCTED",
            Code::TargetMissedFullScore => "TARGET_MISSED_FULL_SCORE",
            Code::RescoreDiffers => "RESCORE_DIFFERS",
            Code::UnitMismatch => "UNIT_MISMATCH",
            Code::Overachieved => "OVERACHIEVED",
            Code::NotMeasured => "NOT_MEASURED",
            Code::DuplicateIndicator => "DUPLICATE_INDICATOR",
            Code::DuplicateForm => "DUPLICATE_FORM",
            Code::YearMismatch => "YEAR_MISMATCH",
            Code::NoAdjustedBudget => "NO_ADJUSTED_BUDGET",
            Code::ValueUnreadable => "VALUE_UNREADABLE",
            Code::Unscored => "UNSCORED",
            Code::TargetLowered => "TARGET_LOWERED",
            Code::RemarkRepeated => "REMARK_REPEATED",
            Code::BudgetChanged => "BUDGET_CHANGED",
            Code::ScoreUpExecutionDown => "SCORE_UP_EXECUTION_DOWN",
            Code::ReadDoubtful => "READ_DOUBTFUL",
            Code::AmountUnitDoubtful => "AMOUNT_UNIT_DOUBTFUL",
            Code::PartsMissing => "PARTS_MISSING",
            Code::GroupPointsMismatch => "GROUP_POINTS_MISMATCH",
        }
    }

    /// The code in Chinese words, as a printout names it (the code itself stays in the JSON).
    pub fn title_zh(self) -> &'static str {
        match self {
            Code::MissingField => "必填项缺失",
            Code::WeightsNot100 => "分值合计不符",
            Code::TotalMismatch => "总分合计不符",
            Code::ScoreOutOfRange => "得分超出范围",
            Code::ScoreMissing => "缺少分值或得分",
            Code::ExecutionRateMismatch => "执行率计算不符",
            Code::BudgetScoreMismatch => "预算执行得分不符",
            Code::FundsComponentsMismatch => "资金构成合计不符",
            Code::ExecutedOverBudget => "执行数超预算",
            Code::LargeBudgetAdjustment => "预算调整较大",
            Code::WeightSplitNonstandard => "分值结构非常规",
            Code::UnknownIndicatorLevel => "指标层级不规范",
            Code::RemarkMissing => "扣分未说明原因",
            Code::TargetMetButDeducted => "完成目标仍扣分",
            Code::TargetMissedFullScore => "未完成目标得满分",
            Code::RescoreDiffers => "复核得分不同",
            Code::UnitMismatch => "计量单位不一致",
            Code::Overachieved => "大幅超额完成",
            Code::NotMeasured => "未测评仍得分",
            Code::DuplicateIndicator => "指标重复",
            Code::DuplicateForm => "重复报送",
            Code::YearMismatch => "年度不一致",
            Code::NoAdjustedBudget => "缺少全年预算数",
            Code::ValueUnreadable => "数值无法识别",
            Code::Unscored => "未评分的表",
            Code::TargetLowered => "目标设置偏低",
            Code::RemarkRepeated => "偏差原因与上年相同",
            Code::BudgetChanged => "预算较上年变动大",
            Code::ScoreUpExecutionDown => "得分升而执行率降",
            Code::ReadDoubtful => "读取存疑",
            Code::AmountUnitDoubtful => "金额单位存疑",
            Code::PartsMissing => "缺少表块",
            Code::GroupPointsMismatch => "分组分值不符",
        }
    }

    /// The severity the catalogue gives the code.
    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            MissingField
            | WeightsNot100
            | TotalMismatch
            | ScoreOutOfRange
            | ScoreMissing
            | ExecutionRateMismatch
            | FundsComponentsMismatch
            | RemarkMissing
            | ReadDoubtful => Severity::Error,
            BudgetScoreMismatch
            | ExecutedOverBudget
            | UnknownIndicatorLevel
            | TargetMetButDeducted
            | TargetMissedFullScore
            | RescoreDiffers
            | UnitMismatch
            | NotMeasured
            | DuplicateIndicator
            | DuplicateForm
            | YearMismatch
            | NoAdjustedBudget
            | ValueUnreadable
            | Unscored
            | TargetLowered
            | RemarkRepeated
            | ScoreUpExecutionDown
            | AmountUnitDoubtful
            | PartsMissing
            | GroupPointsMismatch => Severity::Warning,
            LargeBudgetAdjustment | WeightSplitNonstandard | Overachieved | BudgetChanged => {
                Severity::Info
            }
        }
    }
}

/// One finding on one form.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What kind of finding.
    pub code: Code,
    /// The cell the finding is about; `None` where the form has no such cell.
    pub at: Option<Pos>,
    /// The level-3 indicator it is about, if any.
    pub indicator: Option<String>,
    /// What to look at and what to do, in Chinese.
    pub message: String,
}

impl Finding {
    /// A finding of `code` at `at`.
    pub fn new(code: Code, at: Option<Pos>, message: impl Into<String>) -> Self {
        Finding {
            code,
            at,
            indicator: None,
            message: message.into(),
        }
    }

    /// This finding, about the level-3 indicator `indicator`.
    pub fn on(mut self, indicator: &str) -> Self {
        self.indicator = Some(indicator.to_owned());
        self
    }

    /// The severity of its code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// How many of `findings` are of `severity`.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity() == severity).count()
}
