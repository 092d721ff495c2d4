//! The scoring rules, loaded from `templates/scoring.toml` (compiled in as the default).

use rust_decimal::Decimal;
use serde::Deserialize;

use super::Grade;

/// The compiled-in `templates/scoring.toml`.
pub const DEFAULT_SCORING: &str = include_str!("../../templates/scoring.toml");

/// `templates/scoring.toml`: how a form is re-scored and graded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// `[weights]`: the standard points.
    pub weights: Weights,
    /// `[budget]`: the budget-execution line.
    pub budget: Budget,
    /// `[quantitative]`: indicators with a number to compare.
    pub quantitative: Quantitative,
    /// `[qualitative]`: indicators without one.
    pub qualitative: Qualitative,
    /// `[grades]`: the grade bands.
    pub grades: Grades,
    /// `[year_over_year]`: the findings that compare a form with last year's (`--previous`);
    /// the defaults where a scoring.toml has no such table.
    #[serde(default)]
    pub year_over_year: YearOverYear,
}

/// When a form differs from last year's enough to be looked at.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearOverYear {
    /// BUDGET_CHANGED past this share of last year's 全年预算数.
    pub budget_change: Decimal,
    /// SCORE_UP_EXECUTION_DOWN past this many points of rise in the re-scored total.
    pub score_rise: Decimal,
}

impl Default for YearOverYear {
    fn default() -> Self {
        YearOverYear {
            budget_change: Decimal::new(3, 1),
            score_rise: Decimal::from(5),
        }
    }
}

/// The standard weights of the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// The budget line's points where a form writes none.
    pub budget: Decimal,
    /// The total's points where a form has no 总分 分值.
    pub total: Decimal,
    /// The standard weight of each level 1, in the template's order (keyed by name, so a
    /// province may add a level 1).
    pub level1: Vec<Level1Weight>,
}

/// A level 1 and its standard weight.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level1Weight {
    /// The level 1's name (`产出指标`).
    pub name: String,
    /// Its standard points.
    pub weight: Decimal,
}

/// How the budget-execution line is scored.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// LARGE_BUDGET_ADJUSTMENT past this share of the initial budget.
    pub large_adjustment: Decimal,
    /// The budget score is rounded to this many decimals.
    pub score_decimals: u32,
    /// AMOUNT_UNIT_DOUBTFUL below this many 元 of 全年预算数 on a form that says nothing of
    /// 万元: a project's budget that small is more likely written in 万元.
    #[serde(default = "smallest_plausible_budget")]
    pub smallest_plausible: Decimal,
}

fn smallest_plausible_budget() -> Decimal {
    Decimal::from(10_000)
}

/// How a reverse indicator that misses its cap is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReverseFormula {
    /// weight × target / actual
    Ratio,
    /// weight × max(0, 1 − (actual − target) / target)
    Linear,
}

/// How quantitative indicators are scored.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantitative {
    /// How a reverse indicator that misses its cap is scored.
    pub reverse_formula: ReverseFormula,
    /// OVERACHIEVED where a positive indicator's actual reaches this × its target.
    pub overachievement_factor: Decimal,
    /// OVERACHIEVED where a reverse indicator's actual is at most this × its target.
    pub reverse_overachievement_factor: Decimal,
    /// RESCORE_DIFFERS past this many points between re-scored and reported.
    pub rescore_tolerance: Decimal,
    /// Words in a name that make an `=N` target a cap (事故, 投诉, …).
    pub reverse_name_words: Vec<String>,
    /// Re-scored values are rounded to this many decimals.
    pub score_decimals: u32,
}

/// How qualitative indicators are scored.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualitative {
    /// The lowest share of its weight for an achieved indicator (0.8).
    pub achieved_band: Decimal,
    /// The lowest share for a partly achieved one (0.6).
    pub partly_band: Decimal,
    /// Actuals that say the target was met.
    pub met_words: Vec<String>,
    /// Words in an actual that say the work was not measured or not done.
    pub not_measured_words: Vec<String>,
    /// Actuals that say so by themselves (`无`, `/`).
    pub not_measured_exact: Vec<String>,
}

/// The grade bands: 优 from `excellent`, 良 from `good`, 中 from `fair`, 差 below.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    /// The lowest total graded 优 (90).
    pub excellent: Decimal,
    /// The lowest total graded 良 (80).
    pub good: Decimal,
    /// The lowest total graded 中 (60).
    pub fair: Decimal,
}

/// Why a `scoring.toml` cannot be used (the file's path is added by [`crate::config`]).
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// Not TOML, or not the shape `scoring.toml` has.
    #[error("格式有误：{0}")]
    Syntax(String),
    /// Well-formed, but inconsistent (bands out of order, a factor out of range).
    #[error("内容有误：{0}")]
    Invalid(String),
}

impl Rules {
    /// The compiled-in rules.
    pub fn builtin() -> Self {
        // The default rules are part of the program and covered by tests.
        Self::parse(DEFAULT_SCORING).expect("the built-in templates/scoring.toml is valid")
    }

    /// Parses and validates the text of a `scoring.toml`.
    pub fn parse(text: &str) -> Result<Self, RulesError> {
        let rules: Rules = toml::from_str(text).map_err(|e| RulesError::Syntax(e.to_string()))?;
        let invalid = |detail: &str| RulesError::Invalid(detail.to_owned());
        let q = &rules.qualitative;
        if !(Decimal::ZERO..=Decimal::ONE).contains(&q.partly_band)
            || q.partly_band > q.achieved_band
            || q.achieved_band > Decimal::ONE
        {
            return Err(invalid(
                "[qualitative] 需要 0 ≤ partly_band ≤ achieved_band ≤ 1",
            ));
        }
        let g = &rules.grades;
        if !(g.fair <= g.good && g.good <= g.excellent) {
            return Err(invalid("[grades] 需要 fair ≤ good ≤ excellent"));
        }
        let quant = &rules.quantitative;
        if quant.overachievement_factor <= Decimal::ONE
            || !(Decimal::ZERO..Decimal::ONE).contains(&quant.reverse_overachievement_factor)
        {
            return Err(invalid(
                "[quantitative] 需要 overachievement_factor > 1 且 0 ≤ reverse_overachievement_factor < 1",
            ));
        }
        let yoy = &rules.year_over_year;
        if yoy.budget_change <= Decimal::ZERO || yoy.score_rise < Decimal::ZERO {
            return Err(invalid(
                "[year_over_year] 需要 budget_change > 0 且 score_rise ≥ 0",
            ));
        }
        Ok(rules)
    }

    /// 优, 良, 中 or 差 for a total score.
    pub fn grade(&self, total: Decimal) -> Grade {
        let g = &self.grades;
        if total >= g.excellent {
            Grade::Excellent
        } else if total >= g.good {
            Grade::Good
        } else if total >= g.fair {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_and_grade() {
        let rules = Rules::builtin();
        assert_eq!(rules.grade(Decimal::from(90)), Grade::Excellent);
        assert_eq!(rules.grade(Decimal::new(8999, 2)), Grade::Good);
        assert_eq!(rules.grade(Decimal::from(60)), Grade::Fair);
        assert_eq!(rules.grade(Decimal::new(5999, 2)), Grade::Poor);
        assert_eq!(rules.quantitative.reverse_formula, ReverseFormula::Ratio);
    }

    #[test]
    fn inconsistent_rules_are_refused_with_the_reason() {
        let bad = DEFAULT_SCORING.replace("good = 80", "good = 95");
        let err = Rules::parse(&bad).unwrap_err().to_string();
        assert!(err.contains("grades"), "{err}");
        let linear = DEFAULT_SCORING.replace(
            "reverse_formula = \"ratio\"",
            "reverse_formula = \"linear\"",
        );
        assert_eq!(
            Rules::parse(&linear).unwrap().quantitative.reverse_formula,
            ReverseFormula::Linear
        );
    }
}
