//! The extraction rules: every decision the extractor takes that is not a plain label match
//! has a name here, and each note it leaves on a form names its rule, so a reviewer can
//! look up why a value was read the way it was. (`list-table`, `kept-columns`, `repeated-head` and `layout-choice` leave no
//! note: the one ends in rejected.json with its reason, the other is the form's `layout`.)
//!
//! | rule | where | what it decides |
//! |---|---|---|
//! | `trusted-header` | `table.rs` | in a spreadsheet or Word table, the header row decides every column |
//! | `unknown-column` | `table.rs` | a headed column the vocabulary does not know is kept aside |
//! | `two-row-header` | `table.rs`, `funds.rs` | a sub-header row under a parent cell (指标值 over 年度指标值/实际完成值) names the columns |
//! | `repeated-head` | `mod.rs`, `table.rs`, `indicators.rs` | 项目名称 of the form above, before its 总分: its head printed again on the next page |
//! | `list-table` | `mod.rs` | 项目名称 heading a column over several projects: a list, no form |
//! | `layout-choice` | `layout.rs` | which `[[layout]]` a form is in: a province's before the base one |
//! | `kept-columns` | `indicators.rs` | a text copy that kept every cell, its header out of the official order, is read by its header |
//! | `content-alignment` | `indicators.rs` | in a text copy, a row shifted left is aligned by its weight/score pair |
//! | `split-cell` | `indicators.rs` | in a text copy, a line without points is part of a cell of the row below (or above) |
//! | `taxonomy-level` | `indicators.rs` | a level 2 decides its level 1; a level 1 alone takes its only level 2 |
//! | `split-target` | `indicators.rs` | 指标性质, 指标值 and 度量单位 in three columns are one target |
//! | `points-in-label` | `groups.rs` | `产出指标（50分）`, `年度绩效目标1（40分）`: the points are the weight of the rows under it |
//! | `placeholder-row` | `names.rs` | `指标2：`, `……`, `/ / /`: a template's empty row, not an indicator |
//! | `numbering` | `names.rs` | `指标1：` before a level-3 name is the template's numbering |
//! | `code-prefix` | `names.rs` | `219-`, `51000021R000000019951-` before a name is a budget code |
//! | `funds-row` | `funds.rs` | which funds row is the total, the appropriation, the carry-over, the rest |
//! | `amount-unit` | `funds.rs` | 万元 in the header, a row label or a 单位 line: amounts ×10,000 |
//! | `percent-weight` | `indicators.rs` | a weight written as a percentage (`权重 50%`) is that many of the 100 points |
//! | `unreadable-number` | `funds.rs` | a cell that should hold a number holds text: empty, noted |
//! | `missing-block` | `mod.rs` | no funds block or no indicator header: read as far as the form goes |
//! | `same-unit` | `head.rs` | 实施单位 `本单位`: the unit named at the top (单位名称) |
//! | `own-printout` | `printout.rs` | a PDF this tool printed: the layout, 万元 and codes it states; its 复核意见 is no part of the form |
//! | `head-term` | `vocabulary.rs`, `mod.rs` | a label that is no name of the vocabulary is read by its head term (参考分值 is a 分值, 专项资金名称 a 名称) |
//! | `near-miss-label` | `head.rs` | an identity label one character off a known one (主管部们) is that label |
//! | `head-score` | `mod.rs` | a 自评得分 with its number in the head is the reported total where the table has none |
//! | `total-first` | `table.rs`, `indicators.rs` | a 合计/总分 row right under the header, before the rows: the total, and the rows still read |
//! | `level-by-content` | `table/header.rs` | a column left of the level-3 names whose header nobody knows (指标类别) but whose cells are level names (产出, 数量) is that level |
//! | `compound-label` | `head.rs` | a label of two fields joined by `/` (单位名称/项目名称) with a value joined the same way: each part is its field's |
//! | `unlabelled-total` | `funds.rs` | a funds header's one row of amounts with no row label is the block's total |
//! | `goal-by-block-label` | `mod.rs` | 绩效目标 with a sentence beside it and no table under it is the goal, not a block |
//! | `doubtful-read` | `mod.rs` | an indicator table whose rows gave far fewer indicators than it has rows of numbers: the check makes it READ_DOUBTFUL |

use crate::model::Note;
use crate::read::Pos;

/// A named extraction rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `trusted-header`: in a spreadsheet or Word table, the header row decides every column.
    TrustedHeader,
    /// `unknown-column`: a headed column the vocabulary does not know is kept aside.
    UnknownColumn,
    /// `two-row-header`: a sub-header row under a parent cell names the columns.
    TwoRowHeader,
    /// `content-alignment`: in a text copy, a row shifted left is aligned by its weight/score pair.
    ContentAlignment,
    /// `split-cell`: in a text copy, a line without points is part of a cell of the row below (or above).
    SplitCell,
    /// `taxonomy-level`: a level 2 decides the level 1 of a row that prints none; a level 1
    /// alone takes its only level 2. A printed level 1 is kept as printed.
    TaxonomyLevel,
    /// `split-target`: 指标性质, 指标值 and 度量单位 in three columns are one target.
    SplitTarget,
    /// `points-in-label`: the points in `产出指标（50分）` are the weight of the rows under it.
    PointsInLabel,
    /// `placeholder-row`: `指标2：`, `……`, `/ / /` are a template's empty row, not an indicator.
    PlaceholderRow,
    /// `numbering`: `指标1：` before a level-3 name is the template's numbering.
    Numbering,
    /// `code-prefix`: `219-` before a name is a budget code.
    CodePrefix,
    /// `funds-row`: which funds row is the total, the appropriation, the carry-over, the rest.
    FundsRow,
    /// `amount-unit`: 万元 in the header, a row label or a 单位 line: amounts ×10,000.
    AmountUnit,
    /// `unreadable-number`: a cell that should hold a number holds text: empty, noted.
    UnreadableNumber,
    /// `percent-weight`: a weight written as a percentage is that many of the 100 points.
    PercentWeight,
    /// `missing-block`: no funds block or no indicator header: read as far as the form goes.
    MissingBlock,
    /// `same-unit`: 实施单位 `本单位` is the unit named at the top.
    SameUnit,
    /// `own-printout`: a PDF this tool printed is the form it printed.
    OwnPrintout,
    /// `head-term`: a label that is no name is read by its head term and modifiers.
    HeadTerm,
    /// `near-miss-label`: an identity label one character off a known one is that label.
    NearMissLabel,
    /// `doubtful-read`: a table that gave far fewer indicators than its rows of numbers.
    DoubtfulRead,
    /// `total-first`: a 合计 row before the rows is the total; the rows are still read.
    TotalFirst,
    /// `head-score`: a 自评得分 in the head is the reported total where the table has none.
    HeadScore,
    /// `level-by-content`: an unknown column of level names left of the level 3 is a level.
    LevelByContent,
    /// `compound-label`: 单位名称/项目名称 with 某单位/某项目: each part is its field's.
    CompoundLabel,
    /// `unlabelled-total`: a funds header's one row of amounts without a label is the total.
    UnlabelledTotal,
    /// `goal-by-block-label`: 绩效目标 with a sentence beside it is the goal, not a block.
    GoalByBlockLabel,
}

impl Rule {
    /// Every rule, in the order of the table above.
    pub const ALL: [Rule; 27] = [
        Rule::TrustedHeader,
        Rule::UnknownColumn,
        Rule::TwoRowHeader,
        Rule::ContentAlignment,
        Rule::SplitCell,
        Rule::TaxonomyLevel,
        Rule::SplitTarget,
        Rule::PointsInLabel,
        Rule::PlaceholderRow,
        Rule::Numbering,
        Rule::CodePrefix,
        Rule::FundsRow,
        Rule::AmountUnit,
        Rule::UnreadableNumber,
        Rule::PercentWeight,
        Rule::MissingBlock,
        Rule::SameUnit,
        Rule::OwnPrintout,
        Rule::HeadTerm,
        Rule::NearMissLabel,
        Rule::DoubtfulRead,
        Rule::TotalFirst,
        Rule::HeadScore,
        Rule::LevelByContent,
        Rule::CompoundLabel,
        Rule::UnlabelledTotal,
        Rule::GoalByBlockLabel,
    ];

    /// The rule's name, as notes carry it.
    pub fn name(self) -> &'static str {
        match self {
            Rule::TrustedHeader => "trusted-header",
            Rule::UnknownColumn => "unknown-column",
            Rule::TwoRowHeader => "two-row-header",
            Rule::ContentAlignment => "content-alignment",
            Rule::SplitCell => "split-cell",
            Rule::TaxonomyLevel => "taxonomy-level",
            Rule::SplitTarget => "split-target",
            Rule::PointsInLabel => "points-in-label",
            Rule::PlaceholderRow => "placeholder-row",
            Rule::Numbering => "numbering",
            Rule::CodePrefix => "code-prefix",
            Rule::FundsRow => "funds-row",
            Rule::AmountUnit => "amount-unit",
            Rule::UnreadableNumber => "unreadable-number",
            Rule::PercentWeight => "percent-weight",
            Rule::MissingBlock => "missing-block",
            Rule::SameUnit => "same-unit",
            Rule::OwnPrintout => "own-printout",
            Rule::HeadTerm => "head-term",
            Rule::NearMissLabel => "near-miss-label",
            Rule::DoubtfulRead => "doubtful-read",
            Rule::TotalFirst => "total-first",
            Rule::HeadScore => "head-score",
            Rule::LevelByContent => "level-by-content",
            Rule::CompoundLabel => "compound-label",
            Rule::UnlabelledTotal => "unlabelled-total",
            Rule::GoalByBlockLabel => "goal-by-block-label",
        }
    }

    /// A note of this rule.
    pub fn note(self, at: Option<Pos>, message: impl Into<String>) -> Note {
        Note {
            at,
            rule: self.name().to_owned(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_own_name_and_a_line_in_the_table_above() {
        let doc = include_str!("rules.rs");
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        for name in &names {
            assert!(
                doc.contains(&format!("//! | `{name}` |")),
                "{name} is documented"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
    }
}
