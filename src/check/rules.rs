//! The scoring rules, loaded from `templates/scoring.toml` (compiled in as the default).

use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::extract::vocabulary::TemplateError;

pub const DEFAULT_SCORING: &str = include_str!("../../templates/scoring.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub weights: Weights,
    pub budget: Budget,
    pub quantitative: Quantitative,
    pub qualitative: Qualitative,
    pub grades: Grades,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub budget: Decimal,
    pub total: Decimal,
    /// The standard weight of each level 1, in the template's order (keyed by name, so a
    /// province may add a level 1).
    pub level1: Vec<Level1Weight>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level1Weight {
    pub name: String,
    pub weight: Decimal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub large_adjustment: Decimal,
    pub score_decimals: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReverseFormula {
    /// weight × target / actual
    Ratio,
    /// weight × max(0, 1 − (actual − target) / target)
    Linear,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quantitative {
    pub reverse_formula: ReverseFormula,
    pub overachievement_factor: Decimal,
    pub reverse_overachievement_factor: Decimal,
    pub rescore_tolerance: Decimal,
    pub reverse_name_words: Vec<String>,
    pub score_decimals: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualitative {
    pub achieved_band: Decimal,
    pub partly_band: Decimal,
    pub met_words: Vec<String>,
    pub not_measured_words: Vec<String>,
    pub not_measured_exact: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    pub excellent: Decimal,
    pub good: Decimal,
    pub fair: Decimal,
}

impl Rules {
    pub fn builtin() -> Self {
        // The default rules are part of the program and covered by tests.
        Self::parse(DEFAULT_SCORING, "templates/scoring.toml")
            .expect("the built-in templates/scoring.toml is valid")
    }

    pub fn load(path: &Path) -> Result<Self, TemplateError> {
        let (text, shown) = crate::extract::vocabulary::read_template(path)?;
        Self::parse(&text, &shown)
    }

    pub fn parse(text: &str, path: &str) -> Result<Self, TemplateError> {
        let rules: Rules = toml::from_str(text).map_err(|e| TemplateError::Syntax {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        let invalid = |detail: &str| TemplateError::Invalid {
            path: path.to_owned(),
            detail: detail.to_owned(),
        };
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
        Ok(rules)
    }

    /// 优, 良, 中 or 差 for a total score.
    pub fn grade(&self, total: Decimal) -> &'static str {
        let g = &self.grades;
        if total >= g.excellent {
            "优"
        } else if total >= g.good {
            "良"
        } else if total >= g.fair {
            "中"
        } else {
            "差"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_and_grade() {
        let rules = Rules::builtin();
        assert_eq!(rules.grade(Decimal::from(90)), "优");
        assert_eq!(rules.grade(Decimal::new(8999, 2)), "良");
        assert_eq!(rules.grade(Decimal::from(60)), "中");
        assert_eq!(rules.grade(Decimal::new(5999, 2)), "差");
        assert_eq!(rules.quantitative.reverse_formula, ReverseFormula::Ratio);
    }

    #[test]
    fn inconsistent_rules_are_refused_with_the_reason() {
        let bad = DEFAULT_SCORING.replace("good = 80", "good = 95");
        let err = Rules::parse(&bad, "s.toml").unwrap_err().to_string();
        assert!(err.contains("grades"), "{err}");
        let linear = DEFAULT_SCORING.replace(
            "reverse_formula = \"ratio\"",
            "reverse_formula = \"linear\"",
        );
        assert_eq!(
            Rules::parse(&linear, "s.toml")
                .unwrap()
                .quantitative
                .reverse_formula,
            ReverseFormula::Linear
        );
    }
}
