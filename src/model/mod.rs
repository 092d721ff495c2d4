//! Stage 3: the typed form, as extracted, with the source of every value.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::read::{Pos, SourceKind};

/// A value and where it came from: the source cell (or line and field) and the text as
/// written there, before clean-up. `at` is `None` where the form has no such cell (a value
/// decided by the taxonomy, or a field the form leaves out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Located<T> {
    /// The value, cleaned up and typed.
    pub value: T,
    /// The cell (or line and field) it was read from.
    pub at: Option<Pos>,
    /// The text as written there, before clean-up.
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
    /// A value read at `at` from the text `raw`.
    pub fn new(value: T, at: Option<Pos>, raw: impl Into<String>) -> Self {
        Located {
            value,
            at,
            raw: raw.into(),
        }
    }
}

/// A text field and where it came from.
pub type Text = Located<String>;
/// A number (money, points, a rate) and where it came from; `None` where the cell is empty or unreadable.
pub type Number = Located<Option<Decimal>>;

/// Which file, sheet and row a form was found at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSource {
    /// Path relative to the input folder, with `/` separators.
    pub file: String,
    /// The sheet, for a workbook (`None` for a text copy).
    pub sheet: Option<String>,
    /// 1-based row (or line, or a Word document's paragraph) where the form starts.
    pub row: u32,
    /// The Word table or the PDF page the form starts in (1-based; 0 for a Word paragraph,
    /// a sheet, a text copy).
    #[serde(default)]
    pub part: u32,
    /// What kind of source it is (a sheet, a text copy), which decides how positions are written.
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
        format!("{}{}{}", self.file, sheet, self.row_zh())
    }

    /// The form's first row, said to a clerk: 第N行, or in a Word document 第N段 (a
    /// paragraph) or 表P 第N行.
    pub fn row_zh(&self) -> String {
        match (self.kind, self.part) {
            (SourceKind::Word, 0) => format!("第{}段", self.row),
            (SourceKind::Word, part) => format!("表{part} 第{}行", self.row),
            (SourceKind::Pdf | SourceKind::PdfText, page) => format!("第{page}页 第{}行", self.row),
            _ => format!("第{}行", self.row),
        }
    }

    /// The position of the form's first row.
    pub fn start(&self) -> Pos {
        Pos::in_part(self.part, self.row.saturating_sub(1), 0)
    }
}

/// The unit a form wrote its amounts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AmountUnit {
    /// 元: amounts as written.
    #[default]
    Yuan,
    /// 万元: the form's amounts were multiplied by 10,000.
    WanYuan,
}

/// One 财政项目支出绩效自评表.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Form {
    /// Where the form was found.
    pub source: FormSource,
    /// Which layout of the form's family the form is in (a name from a
    /// `[[layout]]` of `templates/form.toml`: `national`, `sichuan`, `hubei`, …), or `generic`
    /// where no layout's labels matched.
    pub layout: String,
    /// 评价年度 (or the year in the title).
    pub year: Located<Option<i32>>,
    /// Without the budget code a province writes before it (see [`Form::codes`]).
    pub project_name: Text,
    /// 主管部门
    pub department: Text,
    /// 实施单位
    pub implementing_unit: Text,
    /// Budget codes written before the names (`219-`, `51000021R000000019951-`).
    pub codes: Codes,
    /// The funds block: 年度资金总额 and its rows, the budget-execution line.
    pub funds: Funds,
    /// 年度总体目标: expected and achieved.
    pub goal: Goal,
    /// The level-3 indicator rows, in the form's order.
    pub indicators: Vec<Indicator>,
    /// Groups of indicator rows whose label carries points: a 年度绩效目标1（40分） block, a
    /// level 1 written 产出指标（50分）, the 绩效指标（90分） block.
    pub groups: Vec<Group>,
    /// The 总分 row.
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
    /// 项目编码 before the project's name.
    pub project: Option<Text>,
    /// The code before 主管部门.
    pub department: Option<Text>,
    /// The code before 实施单位.
    pub implementing_unit: Option<Text>,
}

/// One row of the funds block as printed: its label and its numbers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FundsRow {
    /// The row's label as written (年度资金总额, 其中：当年财政拨款, 财政专户管理资金, …).
    pub label: Text,
    /// 年初预算数, 全年预算数, 全年执行数.
    pub amounts: Amounts,
    /// 执行率 as written, as a fraction.
    pub execution_rate: Number,
    /// 分值 as written.
    pub weight: Number,
    /// 得分 as written.
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
    /// The rows of one level 2 (数量指标（30分）).
    Level2,
}

/// Indicator rows whose label carries points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// A block with a header of its own, or the rows of one level 1 or level 2.
    pub kind: GroupKind,
    /// The label as written, and what it names without its points (`产出指标`).
    pub label: Text,
    /// The label's name without its points (`产出指标`).
    pub name: String,
    /// The points in the label: the weight of its rows together.
    pub weight: Number,
    /// Its rows: `first..first + count` of [`Form::indicators`].
    pub first: usize,
    /// How many rows, from `first`.
    pub count: usize,
}

/// A field or text of the form outside its tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The field's name as the vocabulary knows it (`评价结论`, `项目负责人`).
    pub name: String,
    /// The label as written, and where.
    pub label: Text,
    /// The value beside it.
    pub value: Text,
}

/// 年初预算数, 全年预算数, 全年执行数 of one funding row, in yuan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Amounts {
    /// 年初预算数
    pub initial: Number,
    /// 全年预算数 (调整后预算数)
    pub adjusted: Number,
    /// 全年执行数 (预算执行数)
    pub executed: Number,
}

/// The funds block (项目资金) of a form, in yuan.
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

/// The four rows of the national form's funds block, as printed, in its order.
pub const FUNDS_ROWS: [&str; 4] = [
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
];

/// A funds row's name as messages say it: without its 其中： (`当年财政拨款`).
pub fn short_row_name(printed: &str) -> &str {
    printed.trim_start_matches("其中：")
}

impl Funds {
    /// The four rows of [`FUNDS_ROWS`] with their amounts.
    pub fn standard_rows(&self) -> [(&'static str, &Amounts); 4] {
        let [total, appropriation, carryover, other] = FUNDS_ROWS;
        [
            (total, &self.total),
            (appropriation, &self.current_year_appropriation),
            (carryover, &self.carryover),
            (other, &self.other),
        ]
    }
}

/// 年度总体目标.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Goal {
    /// 预期目标: the goal as set.
    pub expected: Text,
    /// 实际完成情况: what was achieved.
    pub achieved: Text,
}

/// One level-3 indicator row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Indicator {
    /// 一级指标 (产出指标, 效益指标, 满意度指标) as printed; where the row has none, the one
    /// its level 2 belongs to. Its class in the taxonomy is the check stage's.
    pub level1: Text,
    /// 二级指标 (数量指标, 质量指标, …).
    pub level2: Text,
    /// 三级指标: the indicator's own name.
    pub level3: Text,
    /// 年度指标值: the target as written (`≥95%`, `1200人次`).
    pub target: Text,
    /// 实际完成值: the actual as written.
    pub actual: Text,
    /// 分值: the points the indicator carries.
    pub weight: Number,
    /// 得分: the points the form gives it.
    pub score: Number,
    /// 偏差原因分析及改进措施.
    pub remark: Text,
    /// Columns the header names but the vocabulary does not know: kept as written.
    pub extra: Vec<Extra>,
}

/// A value under a headed column the vocabulary does not know.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Extra {
    /// The column's heading as written.
    pub header: String,
    /// The value in this row.
    pub value: Text,
}

/// The 总分 row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Total {
    /// 总分 分值 (100 on the national form).
    pub weight: Number,
    /// 总分 得分 as written.
    pub score: Number,
}

/// Something the extractor decided that a reviewer may want to know.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The cell the note is about, where there is one.
    pub at: Option<Pos>,
    /// The extraction rule that decided it (`trusted-header`, `split-cell`, …; see
    /// `src/extract/rules.rs`).
    pub rule: String,
    /// What was decided, in Chinese.
    pub message: String,
}

/// An input file that yields no form, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    /// The file, relative to the input folder, with `/`.
    pub file: String,
    /// Stable English code (`EMPTY_FILE`, `NO_FORM`, `UNSUPPORTED_FORMAT`, …).
    pub code: crate::read::RejectionCode,
    /// The reason in Chinese, naming the file (and sheet and cell where one is to blame).
    pub reason: String,
}

/// How a target is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparator {
    /// `≥`, `不低于`, `以上`.
    AtLeast,
    /// `>`, `超过`.
    MoreThan,
    /// `=`, `达到` where no bound is meant.
    Equal,
    /// `≤`, `不超过`, `以内`.
    AtMost,
    /// `<`, `低于`.
    LessThan,
    /// A number with no comparator (`1200人次`).
    Bare,
}

impl Comparator {
    /// The comparator as a symbol (`>=`), empty for [`Comparator::Bare`].
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

/// What the reviewer (复核人) decided on a form, from the decisions workbook: applied where
/// it was made on the figures the form still has.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReviewDecision {
    /// 复核结论: 通过, 退回修改 or 待复核 (empty where none was given).
    pub conclusion: String,
    /// 复核得分: the reviewer's score, over the machine's re-score.
    pub score: Option<rust_decimal::Decimal>,
    /// The grade of [`ReviewDecision::score`] by the scoring rules (优/良/中/差), empty
    /// where the reviewer gave no score.
    pub score_grade: String,
    /// 复核意见.
    pub opinion: String,
    /// 复核人.
    pub reviewer: String,
    /// 日期, as typed.
    pub date: String,
}
