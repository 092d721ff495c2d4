//! Findings that need the whole batch: the same form submitted twice, a year that differs
//! from the rest.

use std::collections::HashMap;

use crate::model::Form;

use super::findings::{Code, Finding};
use super::{Assessment, form_start};

/// Where a form is, said to a clerk: `file` (sheet) 第N行.
pub fn describe(form: &Form) -> String {
    let sheet = form
        .source
        .sheet
        .as_ref()
        .map(|s| format!("工作表“{s}”"))
        .unwrap_or_default();
    format!("{}{}第{}行", form.source.file, sheet, form.source.row)
}

/// Adds DUPLICATE_FORM and YEAR_MISMATCH to the assessments (same order as `forms`).
pub fn check(forms: &[Form], assessments: &mut [Assessment]) {
    let mut by_key: HashMap<(String, String, Option<i32>), Vec<usize>> = HashMap::new();
    for (i, f) in forms.iter().enumerate() {
        if f.project_name.value.is_empty() {
            continue;
        }
        let key = (
            f.project_name.value.clone(),
            f.implementing_unit.value.clone(),
            f.year.value,
        );
        by_key.entry(key).or_default().push(i);
    }
    for group in by_key.values().filter(|g| g.len() > 1) {
        for &i in group {
            let others: Vec<String> = group
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| describe(&forms[j]))
                .collect();
            assessments[i].findings.push(Finding::new(
                Code::DuplicateForm,
                forms[i].project_name.at.or(Some(form_start(&forms[i]))),
                format!(
                    "与{}的表格为同一项目、同一实施单位、同一年度，可能重复报送，请确认保留哪一份。",
                    others.join("、")
                ),
            ));
        }
    }

    let mut years: HashMap<i32, usize> = HashMap::new();
    for year in forms.iter().filter_map(|f| f.year.value) {
        *years.entry(year).or_default() += 1;
    }
    // The batch's year: the most common one (the latest on a tie).
    let Some((&batch_year, _)) = years.iter().max_by_key(|(y, n)| (**n, **y)) else {
        return;
    };
    for (f, a) in forms.iter().zip(assessments.iter_mut()) {
        if let Some(year) = f.year.value
            && year != batch_year
        {
            a.findings.push(Finding::new(
                Code::YearMismatch,
                f.year.at.or(Some(form_start(f))),
                format!(
                    "本表年度为{year}年，本批其他表格大多为{batch_year}年度，请确认是否报错年度。"
                ),
            ));
        }
    }
}
