//! Findings that need the whole batch: the same form submitted twice, a year that differs
//! from the rest.

use std::collections::HashMap;

use super::{CopyKey, Duplicate, FormSummary};
use crate::check::findings::{Code, Finding, Severity};

/// Adds DUPLICATE_FORM and YEAR_MISMATCH to the forms' findings, and marks each duplicate
/// with the copy the batch keeps ([`FormSummary::duplicate_of`]), so that every sum and
/// count takes each project once.
///
/// Of the copies of one project (same name, unit and year), the one kept is the one the
/// reviewer chose in the decisions workbook (计入合计 是; one marked 否 comes last), then a
/// corrected resubmission — its file's name says so (更正, 修改, 修正, 重报, 重新报送; what the clerk or
/// the unit controls) — then the one with the fewest errors, then the fewest warnings, then
/// the first in the folder. Each copy's message names the kept one, and the kept
/// one names a few of the others: linear in the copies, however many there are.
pub(super) fn check(forms: &mut [FormSummary], choices: &HashMap<CopyKey, bool>) {
    let mut added: Vec<(usize, Finding)> = Vec::new();
    let kept_of = duplicates(forms, choices, &mut added);
    for (i, duplicate) in kept_of {
        forms[i].duplicate_of = Some(duplicate);
    }
    year_mismatches(forms, &mut added);
    // Duplicates first, then the year; each form keeps its own order.
    added.sort_by_key(|(i, f)| (*i, f.code != Code::DuplicateForm));
    for (i, finding) in added {
        forms[i].findings.push(finding);
    }
}

/// Why a copy is kept where the reviewer chose it in the decisions workbook.
pub const CHOSEN_BY_REVIEWER: &str = "复核人在复核记录中选定";

/// Words in a file's name (not its folders') that mark a corrected resubmission.
const CORRECTED: [&str; 5] = ["更正", "修改", "修正", "重报", "重新报送"];

/// True where the file's name marks it as a corrected resubmission (`自评表（更正）.xlsx`).
fn corrected(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    CORRECTED.iter().any(|w| name.contains(w))
}

/// The copies of each project, unit and year submitted more than once: a DUPLICATE_FORM
/// finding on each (in `added`), and which copy each duplicate yields to.
fn duplicates(
    forms: &[FormSummary],
    choices: &HashMap<CopyKey, bool>,
    added: &mut Vec<(usize, Finding)>,
) -> Vec<(usize, Duplicate)> {
    // The choices by borrowed keys, so a form is looked up without copying its names.
    let choices: HashMap<(&str, &str, &str), bool> = choices
        .iter()
        .map(|((file, unit, project), &counts)| {
            ((file.as_str(), unit.as_str(), project.as_str()), counts)
        })
        .collect();
    // 0: the reviewer's choice, 1: not chosen, 2: marked as not counting.
    let chosen = |i: usize| {
        let f = &forms[i];
        match choices.get(&(f.source.file.as_str(), f.unit.as_str(), f.project.as_str())) {
            Some(true) => 0u8,
            None => 1,
            Some(false) => 2,
        }
    };
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
    let mut kept_of: Vec<(usize, Duplicate)> = Vec::new();
    for group in &groups {
        let rank = |&i: &usize| {
            let f = &forms[i];
            (
                chosen(i),
                !corrected(&f.source.file),
                f.count(Severity::Error),
                f.count(Severity::Warning),
                i,
            )
        };
        let Some(&kept) = group.iter().min_by_key(|i| rank(i)) else {
            continue;
        };
        let first = group[0];
        let why = if group.iter().any(|&i| chosen(i) != 1) {
            CHOSEN_BY_REVIEWER
        } else if corrected(&forms[kept].source.file)
            && group.iter().any(|&i| !corrected(&forms[i].source.file))
        {
            "文件名注明更正，是较新的报送"
        } else if kept == first {
            if group
                .iter()
                .all(|i| rank(i).2 == rank(&kept).2 && rank(i).3 == rank(&kept).3)
            {
                "各份错误和警告一样多，保留文件夹中排在最前的一份"
            } else {
                "错误和警告最少"
            }
        } else if rank(&first).2 > rank(&kept).2 {
            "错误最少"
        } else {
            "错误同样多时警告最少"
        };
        let kept_at = forms[kept].source.describe();
        for &i in group.iter().filter(|&&i| i != kept) {
            kept_of.push((i, Duplicate { kept, why }));
            added.push((
                i,
                Finding::new(
                    Code::DuplicateForm,
                    Some(forms[i].project_at),
                    format!(
                        "与{kept_at}的表格为同一项目、同一实施单位、同一年度，重复报送。汇总只计入{kept_at}的一份（{why}），本表不计入合计、计数和等级分布，请确认保留哪一份。"
                    ),
                ),
            ));
        }
        let others: Vec<String> = group
            .iter()
            .filter(|&&i| i != kept)
            .take(3)
            .map(|&i| forms[i].source.describe())
            .collect();
        let more = match group.len() - 1 {
            n if n > others.len() => format!("等 {n} 份"),
            _ => String::new(),
        };
        added.push((
            kept,
            Finding::new(
                Code::DuplicateForm,
                Some(forms[kept].project_at),
                format!(
                    "与{}{more}的表格为同一项目、同一实施单位、同一年度，可能重复报送。汇总计入本表（{why}），其余不计入，请确认保留哪一份。",
                    others.join("、")
                ),
            ),
        ));
    }
    kept_of
}

/// YEAR_MISMATCH on each form of another year than the batch's (its most common one, the
/// latest on a tie).
fn year_mismatches(forms: &[FormSummary], added: &mut Vec<(usize, Finding)>) {
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
}
