//! Findings that need the whole batch: the same form submitted twice, a year that differs
//! from the rest.

use std::collections::HashMap;

use crate::pipeline::batch::FormSummary;

use super::findings::{Code, Finding};

/// Adds DUPLICATE_FORM and YEAR_MISMATCH to the forms' findings.
pub fn check(forms: &mut [FormSummary]) {
    let mut by_key: HashMap<(&str, &str, Option<i32>), Vec<usize>> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if f.project.is_empty() {
            continue;
        }
        by_key
            .entry((f.project.as_str(), f.unit.as_str(), f.year))
            .or_default()
            .push(i);
    }
    let mut groups: Vec<Vec<usize>> = by_key.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    let mut added: Vec<(usize, Finding)> = Vec::new();
    for group in &groups {
        for &i in group {
            let others: Vec<String> = group
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| forms[j].source.describe())
                .collect();
            added.push((
                i,
                Finding::new(
                    Code::DuplicateForm,
                    Some(forms[i].project_at),
                    format!(
                        "与{}的表格为同一项目、同一实施单位、同一年度，可能重复报送，请确认保留哪一份。",
                        others.join("、")
                    ),
                ),
            ));
        }
    }

    let mut years: HashMap<i32, usize> = HashMap::new();
    for year in forms.iter().filter_map(|f| f.year) {
        *years.entry(year).or_default() += 1;
    }
    // The batch's year: the most common one (the latest on a tie).
    if let Some((&batch_year, _)) = years.iter().max_by_key(|(y, n)| (**n, **y)) {
        for (i, f) in forms.iter().enumerate() {
            if let Some(year) = f.year
                && year != batch_year
            {
                added.push((
                    i,
                    Finding::new(
                        Code::YearMismatch,
                        Some(f.year_at),
                        format!(
                            "本表年度为{year}年，本批其他表格大多为{batch_year}年度，请确认是否报错年度。"
                        ),
                    ),
                ));
            }
        }
    }
    // Duplicates first, then the year, as before; each form keeps its own order.
    added.sort_by_key(|(i, f)| (*i, f.code != Code::DuplicateForm));
    for (i, finding) in added {
        forms[i].findings.push(finding);
    }
}
