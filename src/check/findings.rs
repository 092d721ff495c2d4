//! Findings: one thing a reviewer should look at, with a stable code, a severity, the cell
//! it is about and a message in Chinese a clerk can act on.

use crate::read::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

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
    MissingField,
    WeightsNot100,
    TotalMismatch,
    ScoreOutOfRange,
    ScoreMissing,
    ExecutionRateMismatch,
    BudgetScoreMismatch,
    FundsComponentsMismatch,
    ExecutedOverBudget,
    LargeBudgetAdjustment,
    WeightSplitNonstandard,
    UnknownIndicatorLevel,
    RemarkMissing,
    TargetMetButDeducted,
    TargetMissedFullScore,
    RescoreDiffers,
    UnitMismatch,
    Overachieved,
    NotMeasured,
    DuplicateIndicator,
    DuplicateForm,
    YearMismatch,
    /// No adjusted budget (0 or empty): no rate and no budget score can be computed.
    NoAdjustedBudget,
    /// An amount or rate cell holds text that is no number.
    ValueUnreadable,
    /// The form has no 分值 and no 得分 at all (a county's 目标自评表): extracted, not scored.
    Unscored,
}

impl Code {
    pub const ALL: [Code; 25] = [
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
    ];

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
        }
    }

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
            | RemarkMissing => Severity::Error,
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
            | Unscored => Severity::Warning,
            LargeBudgetAdjustment | WeightSplitNonstandard | Overachieved => Severity::Info,
        }
    }
}

/// One finding on one form.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: Code,
    /// The cell the finding is about; `None` where the form has no such cell.
    pub at: Option<Pos>,
    /// The level-3 indicator it is about, if any.
    pub indicator: Option<String>,
    pub message: String,
}

impl Finding {
    pub fn new(code: Code, at: Option<Pos>, message: impl Into<String>) -> Self {
        Finding {
            code,
            at,
            indicator: None,
            message: message.into(),
        }
    }

    pub fn on(mut self, indicator: &str) -> Self {
        self.indicator = Some(indicator.to_owned());
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// How many of `findings` are of `severity`.
pub fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity() == severity).count()
}
