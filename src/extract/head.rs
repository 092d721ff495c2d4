//! The head of a form: the year in its title, 项目名称, 主管部门 and 实施单位.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Located, Text};
use crate::normalize::{clean_text, to_halfwidth};
use crate::read::Grid;

use super::locate::{Span, find_label, value_inside, value_right_of, visible_cells};
use super::vocabulary::{Label, Vocabulary};

/// `(2023 年度)`, `2023年度财政项目支出绩效自评表`, `（２０２３年）`, `评价年度：2023`.
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年|年度\s*[:：]?\s*((?:19|20)[0-9]{2})(?:[^0-9]|$)",
    )
    .expect("valid year pattern")
});

/// A date (`2024年3月12日`, `2024-03-12`): when a form was filled in, not the year it
/// evaluates.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:19|20)[0-9]{2}\s*(?:年\s*[0-9]{1,2}\s*月|[-./][0-9]{1,2}[-./][0-9]{1,2})")
        .expect("valid date pattern")
});

/// A bare year in a title (`2023财政项目支出绩效自评表`).
static BARE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)").expect("valid year pattern")
});

/// The first year written between the form's start and its 项目名称 row: `2023年`, `年度：
/// 2023`, or a bare year in the title. A date (填报日期：2024年3月12日) is no year of the
/// form: a form is filled in the year after the one it evaluates.
pub fn find_year(
    grid: &Grid,
    first: usize,
    project_row: usize,
    vocab: &Vocabulary,
) -> Located<Option<i32>> {
    let search = |pattern: &Regex, titles_only: bool| {
        (first..=project_row).find_map(|r| {
            visible_cells(grid, r).find_map(|(_, cell)| {
                if titles_only && !vocab.is_title(&cell.text) {
                    return None;
                }
                let text = to_halfwidth(&cell.text);
                let text = DATE.replace_all(&text, " ");
                let year = pattern
                    .captures(&text)
                    .and_then(|caps| caps.get(1).or_else(|| caps.get(2)))
                    .and_then(|m| m.as_str().parse::<i32>().ok())?;
                Some(Located::new(Some(year), Some(cell.pos), cell.text.clone()))
            })
        })
    };
    // `评价年度` | `2023`: a year label with the year in the next cell.
    let labelled = || {
        (first..=project_row).find_map(|r| {
            let mut cells = visible_cells(grid, r);
            while let Some((_, cell)) = cells.next() {
                if super::locate::key_is(
                    &cell.text,
                    &["评价年度", "年度", "所属年度", "自评年度", "评价年份"],
                ) {
                    let (_, next) = cells.next()?;
                    let text = to_halfwidth(&next.text);
                    let year = BARE_YEAR
                        .captures(text.trim())
                        .and_then(|caps| caps.get(1))
                        .and_then(|m| m.as_str().parse::<i32>().ok())?;
                    return Some(Located::new(Some(year), Some(next.pos), next.text.clone()));
                }
            }
            None
        })
    };
    search(&YEAR, false)
        .or_else(|| search(&BARE_YEAR, true))
        .or_else(labelled)
        .unwrap_or_default()
}

/// Labels a value cell must not be taken from: the next label in the row.
const IDENTITY_STOPS: &[Label] = &[
    Label::ProjectName,
    Label::Department,
    Label::ImplementingUnit,
    Label::FundsHeader,
];

pub struct Identity {
    pub project_name: Text,
    pub department: Text,
    pub implementing_unit: Text,
    /// What the reader decided on the way (rule `near-miss-label`).
    pub notes: Vec<crate::model::Note>,
}

/// Reads the identity rows, searching from the 项目名称 row down to `last_head_row`.
pub fn read_identity(
    grid: &Grid,
    project_at: (usize, usize),
    last_head_row: usize,
    span: Span,
    vocab: &Vocabulary,
) -> Identity {
    let (pr, pc) = project_at;
    let project_name = value_right_of(grid, pr, pc, Label::ProjectName, IDENTITY_STOPS, vocab);
    let rows = span.first..=last_head_row.max(pr);
    let field = |label: Label| {
        find_label(grid, rows.clone(), label, vocab)
            .map(|(r, c)| value_right_of(grid, r, c, label, IDENTITY_STOPS, vocab))
            .or_else(|| {
                // Second in a cell of its own: `主管部门：某县民政局  实施单位：某县救助站`.
                rows.clone().find_map(|r| {
                    visible_cells(grid, r).find_map(|(_, cell)| {
                        value_inside(&cell.text, label, IDENTITY_STOPS, vocab)
                            .map(|v| Located::new(v, Some(cell.pos), cell.text.clone()))
                    })
                })
            })
            .unwrap_or_default()
    };
    let mut notes = Vec::new();
    let mut or_near_miss = |found: Text, label: Label| {
        if !found.value.is_empty() {
            return found;
        }
        near_miss(grid, rows.clone(), label, vocab, &mut notes).unwrap_or(found)
    };
    let mut department = or_near_miss(field(Label::Department), Label::Department);
    let mut implementing_unit =
        or_near_miss(field(Label::ImplementingUnit), Label::ImplementingUnit);
    let mut project_name = project_name;
    if let Some(label) = grid.cell(pr, pc)
        && let Some(parts) = compound(&label.text, &project_name, vocab)
    {
        notes.push(super::rules::Rule::CompoundLabel.note(
            project_name.at,
            format!(
                "“{}”一格写了两项，按“/”分开读取：{}",
                clean_text(&label.text),
                parts
                    .iter()
                    .map(|(l, t)| format!("{}“{}”", field_name(*l), t.value))
                    .collect::<Vec<_>>()
                    .join("，")
            ),
        ));
        for (field, part) in parts {
            let slot = match field {
                Label::ProjectName => &mut project_name,
                Label::Department => &mut department,
                _ => &mut implementing_unit,
            };
            // A field the form also names on its own keeps that value.
            if field == Label::ProjectName || slot.value.is_empty() {
                *slot = part;
            }
        }
    }
    Identity {
        project_name,
        department,
        implementing_unit,
        notes,
    }
}

/// What the form calls an identity field.
fn field_name(label: Label) -> &'static str {
    match label {
        Label::ProjectName => "项目名称",
        Label::Department => "主管部门",
        _ => "实施单位",
    }
}

/// The separators of a compound label and its value.
const JOINS: [char; 2] = ['/', '／'];

/// Rule `compound-label`: a label of identity fields joined by `/` (单位名称/项目名称,
/// 主管部门/项目名称) whose value is joined the same way into as many parts: each part with
/// its field. A part named 单位名称 or 单位 is the implementing unit's (the unit reporting the
/// project). `None` where the label is no such compound or the value does not split alike.
fn compound(label: &str, value: &Text, vocab: &Vocabulary) -> Option<Vec<(Label, Text)>> {
    let label = label
        .split_once(['：', ':'])
        .map_or(label, |(head, _)| head);
    let names: Vec<&str> = label.split(JOINS).map(str::trim).collect();
    let values: Vec<&str> = value.value.split(JOINS).map(str::trim).collect();
    if names.len() < 2 || names.len() != values.len() || values.iter().any(|v| v.is_empty()) {
        return None;
    }
    let field = |name: &str| {
        [
            Label::ProjectName,
            Label::Department,
            Label::ImplementingUnit,
        ]
        .into_iter()
        .find(|l| vocab.label_match(*l, name) == Some(super::vocabulary::LabelMatch::Name))
        .or_else(|| {
            matches!(
                crate::normalize::label_key(name).as_str(),
                "单位名称" | "单位"
            )
            .then_some(Label::ImplementingUnit)
        })
    };
    let fields: Vec<Label> = names.iter().map(|n| field(n)).collect::<Option<_>>()?;
    let distinct = fields
        .iter()
        .enumerate()
        .all(|(i, f)| !fields[..i].contains(f));
    (distinct && fields.contains(&Label::ProjectName)).then(|| {
        fields
            .into_iter()
            .zip(values)
            .map(|(f, v)| (f, Located::new(v.to_owned(), value.at, value.raw.clone())))
            .collect()
    })
}

/// Rule `near-miss-label`: a label one character off a name of `label` (`主管部们`) in the
/// head's rows, with its value after a colon or in the next cell; a note says so.
fn near_miss(
    grid: &Grid,
    rows: std::ops::RangeInclusive<usize>,
    label: Label,
    vocab: &Vocabulary,
    notes: &mut Vec<crate::model::Note>,
) -> Option<Text> {
    rows.into_iter().find_map(|r| {
        visible_cells(grid, r).find_map(|(c, cell)| {
            let name = vocab.near_miss(label, &cell.text)?;
            let value = match cell.text.split_once(['：', ':']) {
                Some((_, after)) if !after.trim().is_empty() => {
                    Located::new(clean_text(after), Some(cell.pos), cell.text.clone())
                }
                _ => {
                    let (_, next) = visible_cells(grid, r).find(|(col, _)| *col > c)?;
                    if vocab.is_any_label(&next.text) {
                        return None;
                    }
                    super::locate::text_at(next)
                }
            };
            let written = cell
                .text
                .split_once(['：', ':'])
                .map_or(&*cell.text, |(h, _)| h);
            notes.push(super::rules::Rule::NearMissLabel.note(
                Some(cell.pos),
                format!(
                    "“{}”与“{name}”只差一个字，按“{name}”读取，请核对原表",
                    clean_text(written)
                ),
            ));
            Some(value)
        })
    })
}

/// 实施单位 written `本单位` (湖北): the unit named at the top of the form (单位名称), rule
/// `same-unit`.
pub fn same_unit(
    unit: Text,
    sections: &[crate::model::Section],
    notes: &mut Vec<crate::model::Note>,
) -> Text {
    if unit.value != "本单位" {
        return unit;
    }
    match sections.iter().find(|s| s.name == "单位名称") {
        Some(named) => {
            notes.push(super::rules::Rule::SameUnit.note(
                unit.at,
                format!(
                    "实施单位填为“本单位”，按表头的单位名称“{}”记录",
                    named.value.value
                ),
            ));
            Located::new(named.value.value.clone(), unit.at, unit.raw)
        }
        None => unit,
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::forms;

    fn year(head: &str) -> Option<i32> {
        let rows = format!(
            "{head}项目名称\t社区养老服务\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t服务人数\t≥100人\t120人\t90\t90\n"
        );
        forms(&rows, &[]).remove(0).year.value
    }

    #[test]
    fn the_year_is_the_titles_and_a_fill_in_date_is_none() {
        assert_eq!(year("2023年度项目支出绩效自评表\n"), Some(2023));
        assert_eq!(year("项目支出绩效自评表\n（２０２３年度）\n"), Some(2023));
        assert_eq!(year("项目绩效自评表\n填报日期：2024年2月28日\n"), None);
        assert_eq!(
            year("项目绩效自评表\n评价年度：2023\t填报日期：2024-02-28\n"),
            Some(2023)
        );
        assert_eq!(year("项目支出绩效自评表\t评价年度\t2023\n"), Some(2023));
        assert_eq!(
            year("项目支出绩效自评表\t\t\t\t\t\t评价年度\t2023\n"),
            Some(2023)
        );
    }

    #[test]
    fn two_labels_in_one_cell_give_two_values() {
        let f = forms(
            "项目支出绩效自评表\n项目名称：临时救助\n\
             主管部门：某县民政局    实施单位：某县救助站\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t救助人次\t≥500人次\t520人次\t90\t90\n",
            &[],
        )
        .remove(0);
        assert_eq!(f.project_name.value, "临时救助");
        assert_eq!(f.department.value, "某县民政局");
        assert_eq!(f.implementing_unit.value, "某县救助站");
    }

    #[test]
    fn 本单位_is_the_unit_named_at_the_top() {
        let f = forms(
            "项目绩效自评表\n单位名称：咸宁市生态环境局嘉鱼县分局\n\
             项目名称\t长江岸线环境整治\t主管部门\t咸宁市生态环境局\n\
             项目实施单位\t本单位\n\
             一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
             产出指标\t数量指标\t整治岸线长度\t≥15公里\t15.6公里\t90\t90\n",
            &[],
        )
        .remove(0);
        assert_eq!(f.implementing_unit.value, "咸宁市生态环境局嘉鱼县分局");
        assert_eq!(f.implementing_unit.raw, "本单位");
        assert_eq!(f.department.value, "咸宁市生态环境局");
        assert!(f.notes.iter().any(|n| n.rule == "same-unit"));
    }
}
