//! 问题清单: one row per finding, errors first, each linked to its form's row in 汇总.

use rust_xlsxwriter::{Url, Worksheet, XlsxError};

use super::{Context, Styles, Widths, header_row, print_setup, write_text};
use crate::batch::FormSummary;
use crate::check::findings::Finding;

pub const SHEET: &str = "问题清单";

const HEADERS: [&str; 8] = [
    "序号",
    "严重程度",
    "代码",
    "说明",
    "项目名称",
    "指标",
    "位置",
    "实施单位",
];

/// Excel refuses more links than this in one sheet; later rows name the form without one.
const MAX_LINKS: u32 = 65_000;

pub fn write(ws: &mut Worksheet, ctx: &Context, s: &Styles) -> Result<(), XlsxError> {
    let summary_row = ctx.summary_row_of();
    let mut rows: Vec<(usize, &FormSummary, &Finding)> = ctx
        .order
        .iter()
        .flat_map(|&i| {
            let form = &ctx.batch.summaries[i];
            form.findings.iter().map(move |f| (i, form, f))
        })
        .collect();
    // Errors first; within a severity, the workbook's order of forms is kept (stable sort).
    rows.sort_by_key(|(_, _, f)| f.severity());

    ws.set_name(SHEET)?;
    header_row(ws, 0, &HEADERS, s)?;
    let mut widths = Widths::new(&HEADERS);
    let mut written = 0;
    for (n, (i, form, finding)) in rows.into_iter().enumerate() {
        let r = n as u32 + 1;
        ws.write_number_with_format(r, 0, r, &s.integer)?;
        write_text(ws, r, 1, finding.severity().zh(), &s.text)?;
        write_text(ws, r, 2, finding.code.as_str(), &s.text)?;
        write_text(ws, r, 3, &finding.message, &s.wrap)?;
        let project = &form.project;
        if r <= MAX_LINKS {
            let target = format!(
                "internal:'{}'!A{}",
                super::summary::SHEET,
                summary_row[i] + 1
            );
            ws.write_url_with_format(
                r,
                4,
                Url::new(target).set_text(
                    super::cell_text(project)
                        .chars()
                        .take(255)
                        .collect::<String>(),
                ),
                &s.link,
            )?;
        } else {
            write_text(ws, r, 4, project, &s.text)?;
        }
        widths.fit(4, project);
        let indicator = finding.indicator.as_deref().unwrap_or("");
        write_text(ws, r, 5, indicator, &s.text)?;
        widths.fit(5, indicator);
        let place = location(form, finding);
        write_text(ws, r, 6, &place, &s.text)?;
        widths.fit(6, &place);
        write_text(ws, r, 7, &form.unit, &s.text)?;
        widths.fit(7, &form.unit);
        widths.fit(2, finding.code.as_str());
        written = r;
    }
    if written > 0 {
        ws.autofilter(0, 0, written, HEADERS.len() as u16 - 1)?;
    }
    ws.set_freeze_panes(1, 0)?;
    widths.apply(ws)?;
    ws.set_column_width(3, 60)?;
    print_setup(ws, 1)
}

/// `单位/表.xlsx · 市容整治!H18`, or `表.txt · 第12行第4栏`.
fn location(form: &FormSummary, finding: &Finding) -> String {
    let at = finding.at.map(|p| match &form.source.sheet {
        Some(sheet) => format!("{sheet}!{}", p.a1()),
        None => p.describe_zh(form.source.kind),
    });
    match at {
        Some(at) => format!("{} · {at}", form.source.file),
        None => form.source.file.clone(),
    }
}
