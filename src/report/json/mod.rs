//! `forms.json` (the interchange schema, `schema/form.schema.json`), `findings.json` and
//! `rejected.json`.
//!
//! Each form follows the schema's field order; beside the schema's fields it carries
//! `provenance` (field path → `D12` in a sheet, `line:field` in text), `notes` (what the
//! extractor decided) and `assessment` (the check and re-score).

mod view;

use std::io::Write;

use serde::Serialize;
use serde_json::{Value, json};

use crate::batch::{Batch, FormSummary};
use crate::check::findings::Finding;
use crate::compare::Comparison;
use crate::model::{Form, Rejection};
use view::{FindingOut, FormOut};

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
    pretty_item(&FormOut::new(&form, Some(&a)))
}

/// Every finding of the batch, flat: doubtful readings first (READ_DOUBTFUL), then errors,
/// then by file and position. Written one
/// finding at a time: a province's batch has tens of thousands.
pub fn write_findings_json(out: &mut dyn Write, batch: &Batch) -> std::io::Result<()> {
    let mut rows: Vec<(&FormSummary, &Finding)> = batch
        .summaries
        .iter()
        .flat_map(|form| form.findings.iter().map(move |f| (form, f)))
        .collect();
    let doubt = |f: &Finding| f.code != crate::check::findings::Code::ReadDoubtful;
    rows.sort_by(|(a, f), (b, g)| {
        (
            doubt(f),
            f.severity(),
            &a.source.file,
            &a.source.sheet,
            f.at,
        )
            .cmp(&(
                doubt(g),
                g.severity(),
                &b.source.file,
                &b.source.sheet,
                g.at,
            ))
    });
    let items = rows.into_iter().map(|(form, f)| {
        pretty_item(&FlatFindingOut {
            finding: FindingOut::new(form.source.kind, f),
            file: &form.source.file,
            sheet: form.source.sheet.as_deref(),
            project: &form.project,
            implementing_unit: &form.unit,
        })
    });
    write_array(out, items)
}

/// A finding of findings.json: the finding, then which form it is on.
#[derive(Serialize)]
struct FlatFindingOut<'a> {
    #[serde(flatten)]
    finding: FindingOut<'a>,
    file: &'a str,
    sheet: Option<&'a str>,
    project: &'a str,
    implementing_unit: &'a str,
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
fn pretty_item(v: &impl Serialize) -> std::io::Result<String> {
    let text = serde_json::to_string_pretty(v).map_err(std::io::Error::other)?;
    Ok(text.replace('\n', "\n  "))
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

/// One form in the interchange format, without its assessment.
pub fn form_value(form: &Form) -> Value {
    serde_json::to_value(FormOut::new(form, None)).unwrap_or(Value::Null)
}

/// The match report of `--previous`: every pair with how it was matched, this year's forms
/// new since last year, and last year's forms that ended.
pub fn write_comparison_json(
    out: &mut dyn Write,
    batch: &Batch,
    comparison: &Comparison,
) -> std::io::Result<()> {
    let this_year = |i: usize| {
        let s = &batch.summaries[i];
        json!({
            "department": s.department,
            "unit": s.unit,
            "project": s.project,
            "file": s.source.file,
            "row": s.source.row,
        })
    };
    let last_year = |j: usize| {
        let p = &comparison.prior.forms[j];
        json!({
            "department": p.department,
            "unit": p.unit,
            "project": p.project,
            "source": p.source,
        })
    };
    let report = json!({
        "previous": comparison.prior.source,
        "matched": comparison.pairs.iter().map(|p| json!({
            "this_year": this_year(p.current),
            "last_year": last_year(p.previous),
            "matched_by": p.how.as_str(),
            "how": p.how.zh(),
        })).collect::<Vec<_>>(),
        "new": comparison.new.iter().map(|&i| this_year(i)).collect::<Vec<_>>(),
        "ended": comparison.ended.iter().map(|&j| last_year(j)).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&report).map_err(std::io::Error::other)?;
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")
}
