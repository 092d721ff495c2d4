//! `forms.json` (the interchange schema, `schema/form.schema.json`) and `rejected.json`.
//!
//! Each form follows the schema's field order; beside the schema's fields it carries
//! `provenance` (field path → `D12` in a sheet, `line:field` in text) and `notes` (what the
//! extractor decided), which the schema allows as additional properties.

use serde_json::{Map, Value, json};

use crate::model::{AmountUnit, Amounts, Form, Located, Number, Rejection, Text};
use crate::normalize::decimal_string;
use crate::read::SourceKind;

/// The batch's forms as a pretty-printed JSON array, UTF-8, newline-terminated.
pub fn forms_json(forms: &[Form]) -> Vec<u8> {
    let values: Vec<Value> = forms.iter().map(form_value).collect();
    pretty(&Value::Array(values))
}

/// The rejected files as `[{"file", "code", "reason"}]`.
pub fn rejected_json(rejected: &[Rejection]) -> Vec<u8> {
    let values: Vec<Value> = rejected
        .iter()
        .map(|r| json!({"file": r.file, "code": r.code, "reason": r.reason}))
        .collect();
    pretty(&Value::Array(values))
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
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
