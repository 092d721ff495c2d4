//! The interchange format's view of a form, field by field in the schema's order, with the
//! provenance of every value gathered into one map (`tests/schema.rs` checks that it
//! carries every field of the model). Serialised directly: building serde_json Values
//! first cost more than the rest of writing forms.json.

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::check::Assessment;
use crate::check::findings::Finding;
use crate::check::indicator::{Direction, Kind};
use crate::check::value::{Change, Value as Parsed};
use crate::model::{AmountUnit, Amounts, Form, Located, Number, Text};
use crate::normalize::decimal_string;
use crate::read::SourceKind;

/// A decimal as the schema writes it: an exact string, or null.
pub(super) fn decimal(d: Option<Decimal>) -> Option<String> {
    d.map(decimal_string)
}

/// Field path → source position (`D12`, `12:4`), in the order the fields are written.
#[derive(Default)]
pub(super) struct Provenance(Vec<(String, String)>);

impl Serialize for Provenance {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (path, at) in &self.0 {
            map.serialize_entry(path, at)?;
        }
        map.end()
    }
}

/// Notes which source each value came from while a form is written.
pub(super) struct Marker {
    kind: SourceKind,
    provenance: Provenance,
}

impl Marker {
    fn text<'a>(&mut self, path: impl FnOnce() -> String, field: &'a Text) -> &'a str {
        self.mark(path, field);
        &field.value
    }

    fn number(&mut self, path: impl FnOnce() -> String, field: &Number) -> Option<String> {
        self.mark(path, field);
        decimal(field.value)
    }

    fn amounts(&mut self, path: &str, a: &Amounts) -> AmountsOut {
        AmountsOut {
            initial: self.number(|| format!("{path}.initial"), &a.initial),
            adjusted: self.number(|| format!("{path}.adjusted"), &a.adjusted),
            executed: self.number(|| format!("{path}.executed"), &a.executed),
        }
    }

    fn mark<T>(&mut self, path: impl FnOnce() -> String, field: &Located<T>) {
        if let Some(at) = field.at {
            self.provenance.0.push((path(), at.label(self.kind)));
        }
    }
}

// The interchange format, field by field in the schema's order. Serialised directly:
// building serde_json Values first cost more than the rest of writing forms.json.

#[derive(Serialize)]
pub(super) struct FormOut<'a> {
    source: SourceOut<'a>,
    layout: &'a str,
    year: Option<i32>,
    project_name: &'a str,
    department: &'a str,
    implementing_unit: &'a str,
    codes: CodesOut<'a>,
    funds: FundsOut<'a>,
    goal: GoalOut<'a>,
    indicators: Vec<IndicatorOut<'a>>,
    groups: Vec<GroupOut<'a>>,
    total: TotalOut,
    sections: Vec<SectionOut<'a>>,
    provenance: Provenance,
    notes: Vec<NoteOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessment: Option<AssessmentOut<'a>>,
}

#[derive(Serialize)]
pub(super) struct SourceOut<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
    row: u32,
    amount_unit: &'static str,
}

#[derive(Serialize)]
pub(super) struct AmountsOut {
    initial: Option<String>,
    adjusted: Option<String>,
    executed: Option<String>,
}

#[derive(Serialize)]
pub(super) struct FundsOut<'a> {
    total: AmountsOut,
    current_year_appropriation: AmountsOut,
    carryover: AmountsOut,
    other: AmountsOut,
    weight: Option<String>,
    execution_rate: Option<String>,
    score: Option<String>,
    rows: Vec<FundsRowOut<'a>>,
}

#[derive(Serialize)]
pub(super) struct FundsRowOut<'a> {
    label: &'a str,
    amounts: AmountsOut,
    execution_rate: Option<String>,
    weight: Option<String>,
    score: Option<String>,
    remark: &'a str,
}

#[derive(Serialize)]
pub(super) struct CodesOut<'a> {
    project: Option<&'a str>,
    department: Option<&'a str>,
    implementing_unit: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct GroupOut<'a> {
    kind: &'static str,
    label: &'a str,
    name: &'a str,
    weight: Option<String>,
    first: usize,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct SectionOut<'a> {
    name: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
pub(super) struct ExtraOut<'a> {
    header: &'a str,
    value: &'a str,
}

#[derive(Serialize)]
pub(super) struct GoalOut<'a> {
    expected: &'a str,
    achieved: &'a str,
}

#[derive(Serialize)]
pub(super) struct IndicatorOut<'a> {
    level1: &'a str,
    level2: &'a str,
    level3: &'a str,
    target: &'a str,
    actual: &'a str,
    weight: Option<String>,
    score: Option<String>,
    remark: &'a str,
    extra: Vec<ExtraOut<'a>>,
}

#[derive(Serialize)]
pub(super) struct TotalOut {
    weight: Option<String>,
    score: Option<String>,
}

#[derive(Serialize)]
pub(super) struct NoteOut<'a> {
    at: Option<String>,
    rule: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
pub(super) struct AssessmentOut<'a> {
    budget: BudgetOut<'a>,
    indicators: Vec<IndicatorAssessmentOut<'a>>,
    total: TotalsOut,
    grade: GradeOut,
    counts: CountsOut,
    findings: Vec<FindingOut<'a>>,
}

#[derive(Serialize)]
pub(super) struct BudgetOut<'a> {
    execution_rate: Option<String>,
    score: Option<String>,
    reason: &'a str,
}

#[derive(Serialize)]
pub(super) struct IndicatorAssessmentOut<'a> {
    class: Option<&'a str>,
    kind: &'static str,
    direction: Option<&'static str>,
    target: ParsedOut<'a>,
    actual: ParsedOut<'a>,
    unit: Option<&'a str>,
    rescored: Option<String>,
    reason: &'a str,
}

/// A typed target or actual: `{"quantitative": false, "change"}` or, for a quantity,
/// `{"quantitative": true, "comparator", "numbers", "unit", "change", "canonical"}`.
#[derive(Serialize)]
pub(super) struct ParsedOut<'a> {
    quantitative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    comparator: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    numbers: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    change: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical: Option<String>,
}

#[derive(Serialize)]
pub(super) struct TotalsOut {
    reported: Option<String>,
    reported_sum: Option<String>,
    rescored: Option<String>,
}

#[derive(Serialize)]
pub(super) struct GradeOut {
    reported: &'static str,
    rescored: &'static str,
}

#[derive(Serialize)]
pub(super) struct CountsOut {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Serialize)]
pub(super) struct FindingOut<'a> {
    code: &'static str,
    severity: &'static str,
    cell: Option<String>,
    location: Option<String>,
    indicator: Option<&'a str>,
    message: &'a str,
}

impl<'a> FindingOut<'a> {
    pub(super) fn new(kind: SourceKind, f: &'a Finding) -> Self {
        FindingOut {
            code: f.code.as_str(),
            severity: f.severity().as_str(),
            cell: f.at.map(|p| p.label(kind)),
            location: f.at.map(|p| p.describe_zh(kind)),
            indicator: f.indicator.as_deref(),
            message: &f.message,
        }
    }
}

pub(super) fn change(c: Option<Change>) -> Option<&'static str> {
    c.map(|c| match c {
        Change::Increase => "increase",
        Change::Decrease => "decrease",
    })
}

impl<'a> ParsedOut<'a> {
    pub(super) fn new(v: &'a Parsed) -> Self {
        match v {
            Parsed::Qualitative { change: c } => ParsedOut {
                quantitative: false,
                comparator: None,
                numbers: None,
                unit: None,
                change: change(*c),
                canonical: None,
            },
            Parsed::Quantity(q) => ParsedOut {
                quantitative: true,
                comparator: Some(q.comparator.symbol()),
                numbers: Some(q.numbers.iter().map(|n| decimal_string(*n)).collect()),
                unit: Some(&q.unit),
                change: change(q.change),
                canonical: Some(v.to_string()),
            },
        }
    }
}

impl<'a> AssessmentOut<'a> {
    pub(super) fn new(form: &Form, a: &'a Assessment) -> Self {
        use crate::check::findings::Severity;
        AssessmentOut {
            budget: BudgetOut {
                execution_rate: decimal(a.budget.execution_rate),
                score: decimal(a.budget.score),
                reason: &a.budget.reason,
            },
            indicators: a
                .indicators
                .iter()
                .map(|i| IndicatorAssessmentOut {
                    class: i.class.as_deref(),
                    kind: match i.kind {
                        Kind::Quantitative => "quantitative",
                        Kind::Qualitative => "qualitative",
                    },
                    direction: i.direction.map(|d| match d {
                        Direction::Positive => "positive",
                        Direction::Reverse => "reverse",
                    }),
                    target: ParsedOut::new(&i.target),
                    actual: ParsedOut::new(&i.actual),
                    unit: i.unit.as_deref(),
                    rescored: decimal(i.rescored),
                    reason: &i.reason,
                })
                .collect(),
            total: TotalsOut {
                reported: decimal(a.reported_total),
                reported_sum: decimal(Some(a.reported_sum)),
                rescored: decimal(Some(a.rescored_total)),
            },
            grade: GradeOut {
                reported: a.reported_grade.name(),
                rescored: a.rescored_grade.name(),
            },
            counts: CountsOut {
                error: a.count(Severity::Error),
                warning: a.count(Severity::Warning),
                info: a.count(Severity::Info),
            },
            findings: a
                .findings
                .iter()
                .map(|f| FindingOut::new(form.source.kind, f))
                .collect(),
        }
    }
}

impl<'a> FormOut<'a> {
    pub(super) fn new(form: &'a Form, assessment: Option<&'a Assessment>) -> Self {
        let mut p = Marker {
            kind: form.source.kind,
            provenance: Provenance::default(),
        };
        // Provenance lists the year, then the indicators, then the head, funds, codes,
        // groups, sections, goal and total: the order forms.json has always had.
        p.mark(|| "year".to_owned(), &form.year);
        let indicators = form
            .indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| p.indicator(i, ind))
            .collect();
        let path = |s: &'static str| move || s.to_owned();
        let project_name = p.text(path("project_name"), &form.project_name);
        let department = p.text(path("department"), &form.department);
        let implementing_unit = p.text(path("implementing_unit"), &form.implementing_unit);
        let funds = p.funds(&form.funds);
        let codes = p.codes(&form.codes);
        let groups = form
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| p.group(i, g))
            .collect();
        let sections = form
            .sections
            .iter()
            .map(|sec| SectionOut {
                name: &sec.name,
                value: p.text(|| format!("sections.{}", sec.name), &sec.value),
            })
            .collect();
        let goal = GoalOut {
            expected: p.text(path("goal.expected"), &form.goal.expected),
            achieved: p.text(path("goal.achieved"), &form.goal.achieved),
        };
        let total = TotalOut {
            weight: p.number(path("total.weight"), &form.total.weight),
            score: p.number(path("total.score"), &form.total.score),
        };
        FormOut {
            source: SourceOut {
                file: &form.source.file,
                sheet: form.source.sheet.as_deref(),
                row: form.source.row,
                amount_unit: match form.source.amount_unit {
                    AmountUnit::Yuan => "元",
                    AmountUnit::WanYuan => "万元",
                },
            },
            layout: &form.layout,
            year: form.year.value,
            project_name,
            department,
            implementing_unit,
            codes,
            funds,
            goal,
            indicators,
            groups,
            total,
            sections,
            provenance: p.provenance,
            notes: form
                .notes
                .iter()
                .map(|n| NoteOut {
                    at: n.at.map(|at| at.label(form.source.kind)),
                    rule: &n.rule,
                    message: &n.message,
                })
                .collect(),
            assessment: assessment.map(|a| AssessmentOut::new(form, a)),
        }
    }
}

impl Marker {
    fn indicator<'a>(&mut self, i: usize, ind: &'a crate::model::Indicator) -> IndicatorOut<'a> {
        let at = |field: &'static str| move || format!("indicators[{i}].{field}");
        IndicatorOut {
            level1: self.text(at("level1"), &ind.level1),
            level2: self.text(at("level2"), &ind.level2),
            level3: self.text(at("level3"), &ind.level3),
            target: self.text(at("target"), &ind.target),
            actual: self.text(at("actual"), &ind.actual),
            weight: self.number(at("weight"), &ind.weight),
            score: self.number(at("score"), &ind.score),
            remark: self.text(at("remark"), &ind.remark),
            extra: ind
                .extra
                .iter()
                .enumerate()
                .map(|(k, e)| ExtraOut {
                    header: &e.header,
                    value: self.text(|| format!("indicators[{i}].extra[{k}]"), &e.value),
                })
                .collect(),
        }
    }

    fn funds<'a>(&mut self, f: &'a crate::model::Funds) -> FundsOut<'a> {
        let path = |s: &'static str| move || s.to_owned();
        FundsOut {
            total: self.amounts("funds.total", &f.total),
            current_year_appropriation: self.amounts(
                "funds.current_year_appropriation",
                &f.current_year_appropriation,
            ),
            carryover: self.amounts("funds.carryover", &f.carryover),
            other: self.amounts("funds.other", &f.other),
            weight: self.number(path("funds.weight"), &f.weight),
            execution_rate: self.number(path("funds.execution_rate"), &f.execution_rate),
            score: self.number(path("funds.score"), &f.score),
            rows: f
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| FundsRowOut {
                    label: self.text(|| format!("funds.rows[{i}].label"), &row.label),
                    amounts: self.amounts(&format!("funds.rows[{i}]"), &row.amounts),
                    execution_rate: self.number(
                        || format!("funds.rows[{i}].execution_rate"),
                        &row.execution_rate,
                    ),
                    weight: self.number(|| format!("funds.rows[{i}].weight"), &row.weight),
                    score: self.number(|| format!("funds.rows[{i}].score"), &row.score),
                    remark: self.text(|| format!("funds.rows[{i}].remark"), &row.remark),
                })
                .collect(),
        }
    }

    fn codes<'a>(&mut self, codes: &'a crate::model::Codes) -> CodesOut<'a> {
        let mut code = |name: &'static str, c: &'a Option<Text>| {
            c.as_ref().map(|c| self.text(|| format!("codes.{name}"), c))
        };
        CodesOut {
            project: code("project", &codes.project),
            department: code("department", &codes.department),
            implementing_unit: code("implementing_unit", &codes.implementing_unit),
        }
    }

    fn group<'a>(&mut self, i: usize, g: &'a crate::model::Group) -> GroupOut<'a> {
        GroupOut {
            kind: match g.kind {
                crate::model::GroupKind::Block => "block",
                crate::model::GroupKind::Level1 => "level1",
                crate::model::GroupKind::Level2 => "level2",
            },
            label: self.text(|| format!("groups[{i}].label"), &g.label),
            name: &g.name,
            weight: decimal(g.weight.value),
            first: g.first,
            count: g.count,
        }
    }
}
