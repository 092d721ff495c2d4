//! Stage 3: the typed form, as extracted, with the source of every value.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::read::{Pos, SourceKind};

/// A value and where it came from: the source cell (or line and field) and the text as
/// written there, before clean-up. `at` is `None` where the form has no such cell (a value
/// decided by the taxonomy, or a field the form leaves out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub at: Option<Pos>,
    pub raw: String,
}

impl<T: Default> Default for Located<T> {
    fn default() -> Self {
        Located {
            value: T::default(),
            at: None,
            raw: String::new(),
        }
    }
}

impl<T> Located<T> {
    pub fn new(value: T, at: Option<Pos>, raw: impl Into<String>) -> Self {
        Located {
            value,
            at,
            raw: raw.into(),
        }
    }
}

pub type Text = Located<String>;
pub type Number = Located<Option<Decimal>>;

/// Which file, sheet and row a form was found at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSource {
    /// Path relative to the input folder, with `/` separators.
    pub file: String,
    pub sheet: Option<String>,
    /// 1-based row (or line) where the form starts.
    pub row: u32,
    pub kind: SourceKind,
    /// The unit the form wrote its amounts in; amounts in the model are always in yuan.
    pub amount_unit: AmountUnit,
}

impl FormSource {
    /// Where the form is, said to a clerk: `file` 工作表“sheet” 第N行.
    pub fn describe(&self) -> String {
        let sheet = self
            .sheet
            .as_ref()
            .map(|s| format!("工作表“{s}”"))
            .unwrap_or_default();
        format!("{}{}第{}行", self.file, sheet, self.row)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AmountUnit {
    #[default]
    Yuan,
    /// 万元: the form's amounts were multiplied by 10,000.
    WanYuan,
}

/// One 财政项目支出绩效自评表.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    pub source: FormSource,
    /// Which layout of the form's family the form is in (a name from a
    /// `[[layout]]` of `templates/form.toml`: `national`, `sichuan`, `hubei`, …), or `generic`
    /// where no layout's labels matched.
    pub layout: String,
    pub year: Located<Option<i32>>,
    /// Without the budget code a province writes before it (see [`Form::codes`]).
    pub project_name: Text,
    pub department: Text,
    pub implementing_unit: Text,
    /// Budget codes written before the names (`219-`, `51000021R000000019951-`).
    pub codes: Codes,
    pub funds: Funds,
    pub goal: Goal,
    pub indicators: Vec<Indicator>,
    /// Groups of indicator rows whose label carries points: a 年度绩效目标1（40分） block, a
    /// level 1 written 产出指标（50分）, the 绩效指标（90分） block.
    pub groups: Vec<Group>,
    pub total: Total,
    /// The form's other fields and texts: 评价结论, 存在问题, 改进措施, 项目负责人, 填报日期, …
    pub sections: Vec<Section>,
    /// What the extractor decided and why, in Chinese (a level taken from the taxonomy,
    /// a line joined to the row below it, a number it could not read), each naming the rule.
    pub notes: Vec<Note>,
}

/// The budget codes written before the names, where a form has them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Codes {
    pub project: Option<Text>,
    pub department: Option<Text>,
    pub implementing_unit: Option<Text>,
}

/// One row of the funds block as printed: its label and its numbers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FundsRow {
    pub label: Text,
    pub amounts: Amounts,
    pub execution_rate: Number,
    pub weight: Number,
    pub score: Number,
    /// 原因 and the like: the row's text beside its numbers.
    pub remark: Text,
}

/// What a group of indicator rows is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupKind {
    /// A block with a header of its own (年度绩效目标1（40分）, 绩效指标（90分）).
    Block,
    /// The rows of one level 1 (产出指标（50分）).
    Level1,
}

/// Indicator rows whose label carries points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub kind: GroupKind,
    /// The label as written, and what it names without its points (`产出指标`).
    pub label: Text,
    pub name: String,
    /// The points in the label: the weight of its rows together.
    pub weight: Number,
    /// Its rows: `first..first + count` of [`Form::indicators`].
    pub first: usize,
    pub count: usize,
}

/// A field or text of the form outside its tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The field's name as the vocabulary knows it (`评价结论`, `项目负责人`).
    pub name: String,
    /// The label as written, and where.
    pub label: Text,
    pub value: Text,
}

/// 年初预算数, 全年预算数, 全年执行数 of one funding row, in yuan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Amounts {
    pub initial: Number,
    pub adjusted: Number,
    pub executed: Number,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Funds {
    /// 年度资金总额
    pub total: Amounts,
    /// 其中：当年财政拨款
    pub current_year_appropriation: Amounts,
    /// 上年结转资金
    pub carryover: Amounts,
    /// 其他资金
    pub other: Amounts,
    /// 分值 of the budget-execution line.
    pub weight: Number,
    /// 执行率 as reported, as a fraction.
    pub execution_rate: Number,
    /// 得分 of the budget-execution line as reported.
    pub score: Number,
    /// Every row of the block as printed, the four above included.
    pub rows: Vec<FundsRow>,
}

/// 年度总体目标.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Goal {
    pub expected: Text,
    pub achieved: Text,
}

/// One level-3 indicator row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Indicator {
    pub level1: Text,
    pub level2: Text,
    pub level3: Text,
    pub target: Text,
    pub actual: Text,
    pub weight: Number,
    pub score: Number,
    pub remark: Text,
    /// The level-1 label as the form wrote it for this row's group, where it differs from
    /// the one the taxonomy decided (kept for the check stage).
    pub level1_as_written: Option<String>,
    /// Columns the header names but the vocabulary does not know: kept as written.
    pub extra: Vec<Extra>,
}

/// A value under a headed column the vocabulary does not know.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Extra {
    pub header: String,
    pub value: Text,
}

/// The 总分 row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Total {
    pub weight: Number,
    pub score: Number,
}

/// Something the extractor decided that a reviewer may want to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub at: Option<Pos>,
    /// The extraction rule that decided it (`trusted-header`, `split-cell`, …; see
    /// `src/extract/rules.rs`).
    pub rule: String,
    pub message: String,
}

/// An input file that yields no form, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub file: String,
    /// Stable English code (`EMPTY_FILE`, `NO_FORM`, `UNSUPPORTED_FORMAT`, …).
    pub code: crate::read::RejectionCode,
    /// The reason in Chinese, naming the file (and sheet and cell where one is to blame).
    pub reason: String,
}

/// How a target is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    AtLeast,
    MoreThan,
    Equal,
    AtMost,
    LessThan,
    /// A number with no comparator (`1200人次`).
    Bare,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => ">=",
            Comparator::MoreThan => ">",
            Comparator::Equal => "=",
            Comparator::AtMost => "<=",
            Comparator::LessThan => "<",
            Comparator::Bare => "",
        }
    }

    /// True for comparators that cap a value from above (a reverse indicator).
    pub fn is_upper_bound(self) -> bool {
        matches!(self, Comparator::AtMost | Comparator::LessThan)
    }
}
