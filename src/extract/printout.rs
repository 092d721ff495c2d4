//! Rule `own-printout`: a form this tool printed (its PDF read back) is the form it printed.
//!
//! The printout says what the form was, in lines no submitted form has: `原表版式：…` (the
//! layout it was read as), `金额单位：元（原表以万元填报，已换算为元）` (amounts already in 元),
//! a `预算编码` row (`项目：…；主管部门：…；实施单位：…`) and an `原表其他栏目` table (the columns
//! the layout does not know, by 三级指标). Its 复核意见 block is the tool's review, not part
//! of the form: the form ends above it.

use super::locate::{Span, visible_cells};
use super::vocabulary::Vocabulary;
use crate::model::{Codes, Extra, Form, Text};
use crate::read::Grid;

/// The line that marks a printout: `原表版式：` and the layout's title.
const LAYOUT_LINE: &str = "原表版式：";
/// What the printout's unit line says of a form submitted in 万元.
pub(super) const CONVERTED: &str = "已换算为元";
const CODES_LABEL: &str = "预算编码";
const EXTRAS_TITLE: &str = "原表其他栏目";
const REVIEW_TITLE: &str = "复核意见";

/// What a printout says of the form beyond its tables.
#[derive(Debug, Default)]
pub(super) struct Printout {
    /// Where the `原表版式` line is, and what it says.
    marker: Option<(crate::read::Pos, String)>,
    /// The layout's name (`sichuan`, …).
    layout: Option<String>,
    /// The form was submitted in 万元.
    converted: bool,
    /// The `预算编码` row.
    codes: Option<Codes>,
    /// 三级指标, heading and value of each kept column.
    extras: Vec<(String, String, Text)>,
}

/// The printout marks within `span`, and the row the form ends at (above 复核意见); `None`
/// where the form is no printout of this tool's.
pub(super) fn find(grid: &Grid, span: Span, vocab: &Vocabulary) -> Option<(Printout, Span)> {
    let first_text = |r: usize| visible_cells(grid, r).next();
    let (at, marker) = span.rows().find_map(|r| {
        let (_, cell) = first_text(r)?;
        let title = cell.text.strip_prefix(LAYOUT_LINE)?.trim();
        Some((cell.pos, title))
    })?;
    let mut out = Printout {
        layout: vocab.layout_named(marker).map(str::to_owned),
        marker: Some((at, marker.to_owned())),
        ..Printout::default()
    };
    let mut last = span.last;
    let mut extras_from = None;
    for r in span.rows() {
        let cells: Vec<_> = visible_cells(grid, r).collect();
        let Some(&(_, first)) = cells.first() else {
            continue;
        };
        let text = first.text.trim();
        if cells.iter().any(|(_, c)| c.text.contains(CONVERTED)) {
            out.converted = true;
        }
        // `复核意见`, or on a page of its own `复核意见（项目：…）`.
        if (text == REVIEW_TITLE || text.starts_with("复核意见（项目：")) && cells.len() == 1
        {
            last = r.saturating_sub(1).max(span.first);
            break;
        }
        if text == CODES_LABEL {
            out.codes = cells.get(1).map(|(_, c)| codes(&c.text, c.pos));
        }
        if text == EXTRAS_TITLE && cells.len() == 1 {
            extras_from = Some(r + 2);
        }
        if let Some(from) = extras_from
            && r >= from
            && let [(_, level3), (_, header), (_, value)] = cells[..]
        {
            out.extras.push((
                level3.text.clone(),
                header.text.clone(),
                Text::new(value.text.clone(), Some(value.pos), value.text.clone()),
            ));
        }
    }
    Some((
        out,
        Span {
            first: span.first,
            last,
        },
    ))
}

/// `项目：X；主管部门：Y；实施单位：Z` as codes.
fn codes(text: &str, at: crate::read::Pos) -> Codes {
    let mut codes = Codes::default();
    for part in text.split('；') {
        let Some((what, code)) = part.split_once('：') else {
            continue;
        };
        let code = Some(Text::new(code.trim().to_owned(), Some(at), part));
        match what.trim() {
            "项目" => codes.project = code,
            "主管部门" => codes.department = code,
            "实施单位" => codes.implementing_unit = code,
            _ => {}
        }
    }
    codes
}

impl Printout {
    /// The form as the printout says it was.
    pub(super) fn apply(self, form: &mut Form) {
        if let Some((at, title)) = &self.marker {
            form.notes.push(super::rules::Rule::OwnPrintout.note(
                Some(*at),
                format!("本表是本工具打印的 PDF（原表版式：{title}），按其标明的版式、金额单位和预算编码读回；复核意见不属于原表"),
            ));
        }
        if let Some(layout) = self.layout {
            form.layout = layout;
        }
        if self.converted {
            form.source.amount_unit = crate::model::AmountUnit::WanYuan;
        }
        if let Some(codes) = self.codes {
            form.codes = codes;
        }
        for (level3, header, value) in self.extras {
            if let Some(indicator) = form
                .indicators
                .iter_mut()
                .find(|i| i.level3.value == level3 && !i.extra.iter().any(|e| e.header == header))
            {
                indicator.extra.push(Extra { header, value });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_row_names_each_code() {
        let at = crate::read::Pos::new(5, 1);
        let codes = codes("项目：51000023R000000012345；实施单位：219001", at);
        assert_eq!(
            codes.project.map(|c| c.value).as_deref(),
            Some("51000023R000000012345")
        );
        assert_eq!(codes.department, None);
        assert_eq!(
            codes.implementing_unit.map(|c| c.value).as_deref(),
            Some("219001")
        );
    }
}
