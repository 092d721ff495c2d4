//! The form's fields and texts outside its tables (`[sections]` of form.toml): 评价结论,
//! 存在问题, 改进措施, 项目实施内容及过程概述, 项目负责人, 填报日期, 报表编号, 项目类别 …
//!
//! A section label stands in a cell of its own with its value in the next cell to the right
//! (or, where nothing is to its right, in the row below), or leads its value in one cell
//! (`项目负责人：张三`); several may share a cell (`项目负责人：张三  财务负责人：李四`). A field
//! of choices (`☑新增项目 □延续项目`) takes the checked ones.

use crate::model::{Located, Section};
use crate::normalize::{clean_text, to_halfwidth};
use crate::read::{Cell, Grid};

use super::locate::visible_cells;
use super::vocabulary::Vocabulary;

/// Marks of a checked choice.
const CHECKED: &[char] = &['☑', '☒', '■', '√', '✓', '✔', '▣'];
/// Marks of a choice left unchecked.
const UNCHECKED: &[char] = &['□', '☐', '〇'];

/// The sections in `rows` (the rows outside the form's tables), in reading order; a name
/// found twice keeps its first value.
pub fn read_sections(
    grid: &Grid,
    rows: impl IntoIterator<Item = usize>,
    vocab: &Vocabulary,
) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let push = |out: &mut Vec<Section>, s: Section| {
        if !out.iter().any(|o| o.name == s.name) && !s.value.value.is_empty() {
            out.push(s);
        }
    };
    for r in rows {
        let cells: Vec<(usize, &Cell)> = visible_cells(grid, r).collect();
        for (i, &(_, cell)) in cells.iter().enumerate() {
            let inline = inline_sections(cell, vocab);
            if !inline.is_empty() {
                for s in inline {
                    push(&mut out, s);
                }
                continue;
            }
            let Some(name) = vocab.section(&cell.text) else {
                continue;
            };
            let label = Located::new(clean_text(&cell.text), Some(cell.pos), cell.text.clone());
            let beside = cells[i + 1..]
                .first()
                .filter(|(_, next)| {
                    vocab.section(&next.text).is_none() && inline_sections(next, vocab).is_empty()
                })
                .map(|(_, next)| *next);
            let below = || {
                visible_cells(grid, r + 1)
                    .map(|(_, c)| c)
                    .next()
                    .filter(|next| {
                        vocab.section(&next.text).is_none() && !vocab.is_any_label(&next.text)
                    })
            };
            if let Some(value) = beside.or_else(below) {
                push(&mut out, section(name, label, value));
            }
        }
    }
    out
}

fn section(name: &str, label: crate::model::Text, value: &Cell) -> Section {
    Section {
        name: name.to_owned(),
        label,
        value: Located::new(
            choices_or_text(&value.text),
            Some(value.pos),
            value.text.clone(),
        ),
    }
}

/// `label：value` pairs of known sections inside one cell. Labels are looked for in the
/// half-width text; values are taken from the text as written (its full-width
/// punctuation kept).
fn inline_sections(cell: &Cell, vocab: &Vocabulary) -> Vec<Section> {
    if cell.text.len() > 4096 {
        return Vec::new();
    }
    let orig: Vec<char> = cell.text.chars().collect();
    let half: Vec<char> = orig
        .iter()
        .map(|c| to_halfwidth(&c.to_string()).chars().next().unwrap_or(*c))
        .collect();
    if !half.contains(&':') {
        return Vec::new();
    }
    let after_spaces = |mut i: usize| {
        while half.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    };
    // Where each known label stands (char positions), followed by a colon.
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for (label, name) in vocab.section_labels() {
        let label: Vec<char> = label.chars().collect();
        if label.is_empty() {
            continue;
        }
        for start in 0..half.len().saturating_sub(label.len() - 1) {
            let end = start + label.len();
            if half[start..end] != label[..] || half.get(after_spaces(end)) != Some(&':') {
                continue;
            }
            let overlaps = found.iter().any(|(s, e, _)| start < *e && *s < end);
            let starts_word = start == 0 || half[start - 1].is_whitespace();
            if !overlaps && starts_word {
                found.push((start, end, name));
            }
        }
    }
    if !found.iter().any(|(s, ..)| *s == 0) {
        return Vec::new();
    }
    found.sort();
    let mut out = Vec::new();
    for (k, &(start, end, name)) in found.iter().enumerate() {
        let stop = found.get(k + 1).map_or(orig.len(), |next| next.0);
        let colon = after_spaces(end) + 1;
        let value: String = orig[colon.min(stop)..stop].iter().collect();
        let value = choices_or_text(&value);
        if value.is_empty() {
            continue;
        }
        let label: String = orig[start..end].iter().collect();
        out.push(Section {
            name: name.to_owned(),
            label: Located::new(label.clone(), Some(cell.pos), label),
            value: Located::new(value, Some(cell.pos), cell.text.clone()),
        });
    }
    out
}

/// The checked choices of `☑新增项目 □延续项目` (`新增项目`), or the text cleaned.
fn choices_or_text(text: &str) -> String {
    if !text.contains(CHECKED) {
        return clean_text(text);
    }
    let mut checked = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(CHECKED) {
        let after = &rest[at..];
        let mark = after.chars().next().map_or(0, char::len_utf8);
        let item = &after[mark..];
        let end = item
            .find(|c: char| CHECKED.contains(&c) || UNCHECKED.contains(&c))
            .unwrap_or(item.len());
        let name = clean_text(&item[..end]);
        if !name.is_empty() {
            checked.push(name);
        }
        rest = &item[end..];
    }
    checked.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{GridReader, text::TextReader};

    fn sections(tsv: &str) -> Vec<(String, String)> {
        let grid = TextReader::TAB.read(tsv.as_bytes()).unwrap().remove(0);
        read_sections(&grid, 0..grid.row_count(), &Vocabulary::builtin())
            .into_iter()
            .map(|s| (s.name, s.value.value))
            .collect()
    }

    #[test]
    fn labels_beside_below_and_inside_cells() {
        let got = sections(
            "评价结论\t项目完成较好，自评为优。\n\
             存在问题\n部分资金拨付滞后。\n\
             项目负责人：张三  财务负责人：李四\t填报日期：2024年3月10日\n\
             2.项目实施内容及过程概述\t完成沟渠12公里。\n",
        );
        assert_eq!(
            got,
            [
                ("评价结论".into(), "项目完成较好，自评为优。".into()),
                ("存在问题".into(), "部分资金拨付滞后。".into()),
                ("项目负责人".into(), "张三".into()),
                ("财务负责人".into(), "李四".into()),
                ("填报日期".into(), "2024年3月10日".into()),
                ("项目实施内容及过程概述".into(), "完成沟渠12公里。".into()),
            ]
        );
    }

    #[test]
    fn choices_keep_what_is_checked() {
        assert_eq!(choices_or_text("☑新增项目 □延续项目"), "新增项目");
        assert_eq!(
            choices_or_text("□经常性项目 ☑一次性项目 ☑其他"),
            "一次性项目、其他"
        );
        assert_eq!(choices_or_text("张三 13800000000"), "张三13800000000");
        assert_eq!(
            sections("项目类别\t□新增项目 ☑延续项目\n"),
            [("项目类别".into(), "延续项目".into())]
        );
    }
}
