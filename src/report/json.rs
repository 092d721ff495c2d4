//! `forms.json` (the interchange schema, `schema/form.schema.json`), `findings.json` and
//! `rejected.json`.
//!
//! Each form follows the schema's field order; beside the schema's fields it carries
//! `provenance` (field path → `D12` in a sheet, `line:field` in text), `notes` (what the
//! extractor decided) and `assessment` (the check and re-score).

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::check::Assessment;
use crate::check::findings::Finding;
use crate::check::indicator::{Direction, IndicatorAssessment, Kind};
use crate::check::value::{Change, Value as Parsed};
use crate::model::{AmountUnit, Amounts, Form, Located, Number, Rejection, Text};
use crate::normalize::decimal_string;
use crate::pipeline::{Batch, FormSummary};
use crate::read::SourceKind;

/// Writes the batch's forms, each with its assessment, as a pretty-printed JSON array. Forms
/// are loaded and rendered a slice at a time in parallel and written in order, so a spilled
/// batch never sits in memory whole.
pub fn write_forms_json(out: &mut dyn Write, batch: &Batch) -> std::io::Result<()> {
    use rayon::prelude::*;
    let indices: Vec<usize> = (0..batch.summaries.len()).collect();
    let slices = indices.chunks(256).map(|slice| {
        slice
            .par_iter()
            .map(|&i| form_text(batch, i))
            .collect::<Vec<_>>()
    });
    write_array(out, slices.flatten())
}

fn form_text(batch: &Batch, i: usize) -> std::io::Result<String> {
    let (form, a) = batch.load(i)?;
    let mut v = form_value(&form);
    if let Value::Object(obj) = &mut v {
        obj.insert("assessment".to_owned(), assessment_value(&form, &a));
    }
    pretty_item(&v)
}

/// Every finding of the batch, flat: errors first, then by file and position. Written one
/// finding at a time: a province's batch has tens of thousands.
pub fn write_findings_json(out: &mut dyn Write, batch: &Batch) -> std::io::Result<()> {
    let mut rows: Vec<(&FormSummary, &Finding)> = batch
        .summaries
        .iter()
        .flat_map(|form| form.findings.iter().map(move |f| (form, f)))
        .collect();
    rows.sort_by(|(a, f), (b, g)| {
        (f.severity(), &a.source.file, &a.source.sheet, f.at).cmp(&(
            g.severity(),
            &b.source.file,
            &b.source.sheet,
            g.at,
        ))
    });
    let items = rows.into_iter().map(|(form, f)| {
        let mut v = finding_value(form.source.kind, f);
        if let Value::Object(obj) = &mut v {
            obj.insert("file".to_owned(), json!(form.source.file));
            obj.insert("sheet".to_owned(), json!(form.source.sheet));
            obj.insert("project".to_owned(), json!(form.project));
            obj.insert("implementing_unit".to_owned(), json!(form.unit));
        }
        pretty_item(&v)
    });
    write_array(out, items)
}

/// A pretty-printed JSON array of items already rendered by [`pretty_item`].
fn write_array(
    out: &mut dyn Write,
    items: impl Iterator<Item = std::io::Result<String>>,
) -> std::io::Result<()> {
    out.write_all(b"[")?;
    let mut empty = true;
    for item in items {
        out.write_all(if empty { b"\n  " } else { b",\n  " })?;
        out.write_all(item?.as_bytes())?;
        empty = false;
    }
    out.write_all(if empty { b"]\n" } else { b"\n]\n" })
}

/// A value as an item of a pretty-printed array: its lines indented one level (JSON strings
/// hold no raw newline, so only structure lines are touched).
fn pretty_item(v: &Value) -> std::io::Result<String> {
    let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
    Ok(text.replace('\n', "\n  "))
}

fn finding_value(kind: SourceKind, f: &Finding) -> Value {
    json!({
        "code": f.code.as_str(),
        "severity": f.severity().as_str(),
        "cell": f.at.map(|p| p.label(kind)),
        "location": f.at.map(|p| p.describe_zh(kind)),
        "indicator": f.indicator,
        "message": f.message,
    })
}

fn decimal(d: Option<rust_decimal::Decimal>) -> Value {
    d.map(|d| Value::String(decimal_string(d)))
        .unwrap_or(Value::Null)
}

fn parsed_value(v: &Parsed) -> Value {
    let change = |c: &Option<Change>| match c {
        Some(Change::Increase) => json!("increase"),
        Some(Change::Decrease) => json!("decrease"),
        None => Value::Null,
    };
    match v {
        Parsed::Qualitative { change: c } => json!({"quantitative": false, "change": change(c)}),
        Parsed::Quantity(q) => json!({
            "quantitative": true,
            "comparator": q.comparator.symbol(),
            "numbers": q.numbers.iter().map(|n| decimal_string(*n)).collect::<Vec<_>>(),
            "unit": q.unit,
            "change": change(&q.change),
            "canonical": v.to_string(),
        }),
    }
}

fn indicator_assessment_value(a: &IndicatorAssessment) -> Value {
    json!({
        "kind": match a.kind { Kind::Quantitative => "quantitative", Kind::Qualitative => "qualitative" },
        "direction": a.direction.map(|d| match d { Direction::Positive => "positive", Direction::Reverse => "reverse" }),
        "target": parsed_value(&a.target),
        "actual": parsed_value(&a.actual),
        "unit": a.unit,
        "rescored": decimal(a.rescored),
        "reason": a.reason,
    })
}

/// The `assessment` object of a form (documented in `schema/form.schema.json`).
pub fn assessment_value(form: &Form, a: &Assessment) -> Value {
    use crate::check::findings::Severity;
    json!({
        "budget": {
            "execution_rate": decimal(a.budget.execution_rate),
            "score": decimal(a.budget.score),
            "reason": a.budget.reason,
        },
        "indicators": a.indicators.iter().map(indicator_assessment_value).collect::<Vec<_>>(),
        "total": {
            "reported": decimal(a.reported_total),
            "reported_sum": decimal(Some(a.reported_sum)),
            "rescored": decimal(Some(a.rescored_total)),
        },
        "grade": {"reported": a.reported_grade, "rescored": a.rescored_grade},
        "counts": {
            "error": a.count(Severity::Error),
            "warning": a.count(Severity::Warning),
            "info": a.count(Severity::Info),
        },
        "findings": a.findings.iter().map(|f| finding_value(form.source.kind, f)).collect::<Vec<_>>(),
    })
}

/// The rejected files as `[{"file", "code", "reason"}]`.
pub fn write_rejected_json(out: &mut dyn Write, rejected: &[Rejection]) -> std::io::Result<()> {
    write_array(
        out,
        rejected
            .iter()
            .map(|r| pretty_item(&json!({"file": r.file, "code": r.code, "reason": r.reason}))),
    )
}

/// Collects field paths and their source positions while a form is written.
struct Provenance {
    kind: SourceKind,
    map: Map<String, Value>,
}

impl Provenance {
    fn text(&mut self, path: &str, field: &Text) -> Value {
        self.mark(path, field);
        Value::String(field.value.clone())
    }

    fn number(&mut self, path: &str, field: &Number) -> Value {
        self.mark(path, field);
        match field.value {
            Some(d) => Value::String(decimal_string(d)),
            None => Value::Null,
        }
    }

    fn amounts(&mut self, path: &str, a: &Amounts) -> Value {
        json!({
            "initial": self.number(&format!("{path}.initial"), &a.initial),
            "adjusted": self.number(&format!("{path}.adjusted"), &a.adjusted),
            "executed": self.number(&format!("{path}.executed"), &a.executed),
        })
    }

    fn mark<T>(&mut self, path: &str, field: &Located<T>) {
        if let Some(at) = field.at {
            self.map
                .insert(path.to_owned(), Value::String(at.label(self.kind)));
        }
    }
}

/// One form in the interchange format.
pub fn form_value(form: &Form) -> Value {
    let mut p = Provenance {
        kind: form.source.kind,
        map: Map::new(),
    };
    p.mark("year", &form.year);
    let f = &form.funds;
    let indicators: Vec<Value> = form
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let at = |field: &str| format!("indicators[{i}].{field}");
            json!({
                "level1": p.text(&at("level1"), &ind.level1),
                "level2": p.text(&at("level2"), &ind.level2),
                "level3": p.text(&at("level3"), &ind.level3),
                "target": p.text(&at("target"), &ind.target),
                "actual": p.text(&at("actual"), &ind.actual),
                "weight": p.number(&at("weight"), &ind.weight),
                "score": p.number(&at("score"), &ind.score),
                "remark": p.text(&at("remark"), &ind.remark),
            })
        })
        .collect();
    let unit = match form.source.amount_unit {
        AmountUnit::Yuan => "元",
        AmountUnit::WanYuan => "万元",
    };
    let mut value = json!({
        "source": {
            "file": form.source.file,
            "sheet": form.source.sheet,
            "row": form.source.row,
            "amount_unit": unit,
        },
        "year": form.year.value,
        "project_name": p.text("project_name", &form.project_name),
        "department": p.text("department", &form.department),
        "implementing_unit": p.text("implementing_unit", &form.implementing_unit),
        "funds": {
            "total": p.amounts("funds.total", &f.total),
            "current_year_appropriation": p.amounts("funds.current_year_appropriation", &f.current_year_appropriation),
            "carryover": p.amounts("funds.carryover", &f.carryover),
            "other": p.amounts("funds.other", &f.other),
            "weight": p.number("funds.weight", &f.weight),
            "execution_rate": p.number("funds.execution_rate", &f.execution_rate),
            "score": p.number("funds.score", &f.score),
        },
        "goal": {
            "expected": p.text("goal.expected", &form.goal.expected),
            "achieved": p.text("goal.achieved", &form.goal.achieved),
        },
        "indicators": indicators,
        "total": {
            "weight": p.number("total.weight", &form.total.weight),
            "score": p.number("total.score", &form.total.score),
        },
    });
    let notes: Vec<Value> = form
        .notes
        .iter()
        .map(|n| json!({"at": n.at.map(|at| at.label(form.source.kind)), "message": n.message}))
        .collect();
    if let Value::Object(obj) = &mut value {
        obj.insert("provenance".to_owned(), Value::Object(p.map));
        obj.insert("notes".to_owned(), Value::Array(notes));
    }
    value
}
