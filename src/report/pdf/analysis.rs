//! `report.pdf`: the written analysis ([`crate::report::analysis`]) printed on A4 — the
//! same headings, paragraphs, tables and chart pictures as `report.docx`.

use super::*;
use crate::report::analysis::{Part, Report};

/// Sizes (pt) of the title, headings and text.
const TITLE: f32 = 16.0;
const HEADING: f32 = 12.0;
const TEXT: f32 = 10.5;
/// A chart's printed width (mm).
const CHART_MM: f32 = 150.0;

/// The report as the bytes of a PDF; an error only where the font cannot be cut.
pub fn render_report(font: &Font, report: &Report) -> std::io::Result<Vec<u8>> {
    let mut blocks = vec![
        Block::Text {
            text: report.title.clone(),
            size: TITLE,
            align: Align::Center,
        },
        Block::Space(4.0),
    ];
    let mut pictures = Vec::new();
    // The two-character indent of official text.
    let paragraph = |p: &str| Block::Text {
        text: format!("\u{3000}\u{3000}{p}"),
        size: TEXT,
        align: Align::Left,
    };
    let mut parts = report.parts.iter().peekable();
    while let Some(part) = parts.next() {
        match part {
            Part::Heading(h) => {
                blocks.push(Block::Space(3.0));
                // A heading never ends a page: it stays with the paragraph under it.
                let first = match parts.peek() {
                    Some(Part::Paragraph(p)) => {
                        parts.next();
                        vec![Block::Space(1.0), paragraph(p)]
                    }
                    _ => Vec::new(),
                };
                blocks.push(Block::Together {
                    title: h.clone(),
                    title_on_new_page: h.clone(),
                    size: HEADING,
                    blocks: first,
                });
                blocks.push(Block::Space(1.5));
            }
            Part::Paragraph(p) => {
                blocks.push(paragraph(p));
                blocks.push(Block::Space(1.5));
            }
            Part::Table { columns, rows } => {
                blocks.push(Block::Table(table(columns, rows)));
                blocks.push(Block::Space(2.0));
            }
            Part::Chart(chart) => {
                let picture = chart.draw();
                let id = format!("ZPBCHART{}", pictures.len() + 1);
                blocks.push(Block::Image {
                    id: id.clone(),
                    pixels: (picture.width, picture.height),
                    width: CHART_MM,
                });
                blocks.push(Block::Space(2.0));
                pictures.push((id, picture));
            }
        }
    }
    let pages = lay_out(font, &blocks);
    let total = pages.len();
    let pages = with_footers(font, pages, 1, total);
    let images: Vec<(String, writer::Image)> = pictures
        .iter()
        .map(|(id, picture)| {
            let image = writer::Image {
                size: (picture.width, picture.height),
                rgb: &picture.rgb,
            };
            (id.clone(), image)
        })
        .collect();
    pdf_bytes(font, &report.title, &report.title, &pages, &images)
}

/// A report table as the layout's: header shaded and repeated on every page, numbers
/// right-aligned, the widths those of the report spread over the page.
fn table(columns: &[(String, f32, bool)], rows: &[Vec<String>]) -> Table {
    let total: f32 = columns.iter().map(|c| c.1).sum::<f32>().max(1.0);
    let row = |cells: &[String], header: bool| {
        Row::new(
            cells
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let cell = Cell::new(k, t);
                    if header {
                        cell.align(Align::Center).shaded()
                    } else if columns.get(k).is_some_and(|c| c.2) {
                        cell.align(Align::Right)
                    } else {
                        cell
                    }
                })
                .collect(),
        )
    };
    let headers: Vec<String> = columns.iter().map(|c| c.0.clone()).collect();
    Table {
        widths: columns
            .iter()
            .map(|c| layout::CONTENT_W * c.1 / total)
            .collect(),
        header: vec![row(&headers, true)],
        rows: rows.iter().map(|r| row(r, false)).collect(),
    }
}
