//! 问题清单: one row per finding, errors first, each linked to its form's row in 汇总.

use rust_xlsxwriter::{Url, Worksheet, XlsxError};

use super::paper::{Column, Paper};
use super::{Context, Styles, write_text};
use crate::batch::FormSummary;
use crate::check::findings::{Code, Finding};

pub const SHEET: &str = "问题清单";

/// The columns: the finding in Chinese words first; its code, for filtering and for the
/// JSON, last and left off the paper (see [`super::paper`]).
pub(super) const COLUMNS: [Column; 9] = [
    ("序号", 5.0),
    ("严重程度", 6.0),
    ("问题", 14.0),
    ("说明", 42.0),
    ("项目名称", 22.0),
    ("指标", 14.0),
    ("位置", 26.0),
    ("实施单位", 13.0),
    ("代码", 26.0),
];
pub(super) const CODE: u16 = 8;

/// Excel refuses more links than this in one sheet; later rows name the form without one.
const MAX_LINKS: u32 = 65_000;

pub fn write(ws: &mut Worksheet, ctx: &Context, s: &Styles) -> Result<(), XlsxError> {
    let summary_row = ctx.summary_row_of();
    let mut rows: Vec<(usize, &FormSummary, &Finding, bool)> = ctx
        .order
        .iter()
        .flat_map(|&i| {
            let form = &ctx.batch.summaries[i];
            let accepted = form.findings.iter().map(move |f| (i, form, f, false));
            let dismissed = form.dismissed.iter().map(move |f| (i, form, f, true));
            accepted.chain(dismissed)
        })
        .collect();
    // Doubtful readings first (their forms are 待核), then errors; those the reviewer did
    // not accept last; within a severity the workbook's order of forms is kept (stable sort).
    rows.sort_by_key(|(_, _, f, dismissed)| {
        (*dismissed, f.code != Code::ReadDoubtful, f.severity())
    });

    ws.set_name(SHEET)?;
    let paper = Paper::printing(&COLUMNS, CODE as usize);
    paper.header_row(ws, 0, &Paper::headers(&COLUMNS), s)?;
    let mut written = 0;
    for (n, (i, form, finding, dismissed)) in rows.into_iter().enumerate() {
        let r = n as u32 + 1;
        ws.write_number_with_format(r, 0, r, &s.integer)?;
        // Not accepted (复核记录.xlsx): listed, marked, in no count.
        let severity = if dismissed {
            "不采纳"
        } else {
            finding.severity().zh()
        };
        write_text(ws, r, 1, severity, &s.text)?;
        let title = finding.code.title_zh();
        write_text(ws, r, 2, title, &s.wrap)?;
        let message = if dismissed {
            format!("（复核人未采纳，不计入问题数）{}", finding.message)
        } else {
            finding.message.clone()
        };
        write_text(ws, r, 3, &message, &s.wrap)?;
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
            write_text(ws, r, 4, project, &s.wrap)?;
        }
        let indicator = finding.indicator.as_deref().unwrap_or("");
        write_text(ws, r, 5, indicator, &s.wrap)?;
        let place = location(form, finding);
        write_text(ws, r, 6, &place, &s.wrap)?;
        write_text(ws, r, 7, &form.unit, &s.wrap)?;
        write_text(ws, r, CODE, finding.code.as_str(), &s.text)?;
        paper.fit_row(
            ws,
            r,
            [
                (2, title),
                (3, message.as_str()),
                // A link's text as the sheet holds it.
                (4, project.as_str()),
                (5, indicator),
                (6, &place),
                (7, &form.unit),
            ],
        )?;
        written = r;
    }
    if written > 0 {
        ws.autofilter(0, 0, written, COLUMNS.len() as u16 - 1)?;
    }
    ws.set_freeze_panes(1, 0)?;
    paper.apply(ws, 1, written)?;
    paper.end_streamed(ws, written)
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
