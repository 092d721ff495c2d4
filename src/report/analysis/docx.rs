//! `report.docx`: the written analysis as a Word document the office edits before handing
//! it in, set as official documents are (GB/T 9704): A4, title in 小标宋 二号, headings in
//! 黑体 三号, text in 仿宋 三号 with a two-character indent at 28 pt lines, page numbers
//! `— 1 —` at the foot; tables in 宋体 五号; charts as pictures.
//!
//! Written with `docx-rs` (the most used Rust .docx writer: tables, pictures, fields and
//! fonts without hand-written WordprocessingML), without its `image` feature: the charts
//! are PNGs of known size. docx-rs numbers paragraphs with a per-thread counter and pictures
//! with a per-process one; the document is built on a thread of its own and the pictures
//! are given their ids here, so the same report gives the same bytes.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Pic,
    Run, RunFonts, Shading, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use super::{Part, Report};

/// Half-points: 小标宋 二号 22 pt, 三号 16 pt, 五号 10.5 pt.
const TITLE_SIZE: usize = 44;
const TEXT_SIZE: usize = 32;
const TABLE_SIZE: usize = 21;

/// Two characters of 三号 text, in twentieths of a point: the first-line indent.
const INDENT: i32 = 640;

/// The text block's width in twentieths of a point: A4 (11,906) less the margins.
const TEXT_WIDTH: usize = 11_906 - 1_587 - 1_474;

/// A chart's printed size in EMU: 15 cm wide, half as high.
const CHART_W: u32 = 5_400_000;
const CHART_H: u32 = 2_700_000;

fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(name)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn text_run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

/// 28 pt lines.
fn fixed_lines() -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(560)
}

/// The report as the bytes of a .docx file.
pub fn docx_bytes(report: &Report) -> std::io::Result<Vec<u8>> {
    // A thread of its own: its paragraph counter starts at 1 (see the module).
    std::thread::scope(|scope| {
        scope
            .spawn(|| build(report))
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("Word 报告生成时程序内部出错")))
    })
}

fn build(report: &Report) -> std::io::Result<Vec<u8>> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(text_run("— ", "宋体", 28))
            .add_page_num(PageNum::new())
            .add_run(text_run(" —", "宋体", 28)),
    );
    let mut doc = Docx::new()
        .page_size(11_906, 16_838)
        .page_margin(PageMargin {
            top: 2_098,
            left: 1_587,
            bottom: 1_984,
            right: 1_474,
            header: 851,
            footer: 992,
            gutter: 0,
        })
        .default_fonts(fonts("仿宋"))
        .default_size(TEXT_SIZE)
        .footer(footer)
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().after(312))
                .add_run(text_run(&report.title, "方正小标宋简体", TITLE_SIZE)),
        );
    let mut pictures = 0;
    for part in &report.parts {
        doc = match part {
            Part::Heading(h) => doc.add_paragraph(
                Paragraph::new()
                    .line_spacing(fixed_lines())
                    .keep_next(true)
                    .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
                    .add_run(text_run(h, "黑体", TEXT_SIZE)),
            ),
            Part::Paragraph(p) => doc.add_paragraph(
                Paragraph::new()
                    .line_spacing(fixed_lines())
                    .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None)
                    .align(AlignmentType::Both)
                    .add_run(text_run(p, "仿宋", TEXT_SIZE)),
            ),
            Part::Table { columns, rows } => doc.add_table(table(columns, rows)),
            Part::Chart(chart) => {
                pictures += 1;
                let picture = chart.draw();
                let mut pic =
                    Pic::new_with_dimensions(picture.png(), picture.width, picture.height)
                        .size(CHART_W, CHART_H);
                pic.id = format!("rIdImage{pictures}");
                doc.add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_image(pic)),
                )
            }
        };
    }
    let mut bytes = Vec::new();
    doc.build()
        .pack(std::io::Cursor::new(&mut bytes))
        .map_err(std::io::Error::other)?;
    crate::report::zip_origin::set_unix_origin(&mut bytes);
    Ok(bytes)
}

fn table(columns: &[(String, f32, bool)], rows: &[Vec<String>]) -> Table {
    let total: f32 = columns.iter().map(|c| c.1).sum::<f32>().max(1.0);
    let widths: Vec<usize> = columns
        .iter()
        .map(|c| (TEXT_WIDTH as f32 * c.1 / total) as usize)
        .collect();
    let cell = |text: &str, k: usize, header: bool| {
        let align = if header {
            AlignmentType::Center
        } else if columns.get(k).is_some_and(|c| c.2) {
            AlignmentType::Right
        } else {
            AlignmentType::Left
        };
        let font = if header { "黑体" } else { "宋体" };
        let mut c = TableCell::new()
            .width(widths.get(k).copied().unwrap_or(0), WidthType::Dxa)
            .add_paragraph(
                Paragraph::new()
                    .align(align)
                    .add_run(text_run(text, font, TABLE_SIZE)),
            );
        if header {
            c = c.shading(Shading::new().fill("D9E2F3"));
        }
        c
    };
    let header = TableRow::new(
        columns
            .iter()
            .enumerate()
            .map(|(k, c)| cell(&c.0, k, true))
            .collect(),
    );
    let body = rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .enumerate()
                .map(|(k, t)| cell(t, k, false))
                .collect(),
        )
    });
    Table::new(std::iter::once(header).chain(body).collect())
        .set_grid(widths.clone())
        .width(TEXT_WIDTH, WidthType::Dxa)
}
