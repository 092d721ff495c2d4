//! Stage 5: reports. Every output file is written whole or not at all.

pub mod analysis;
mod context;
pub mod durable;
pub mod json;
pub mod notice;
pub mod pdf;
pub mod template;
pub mod xlsx;
pub mod zip_origin;

use std::io::Write;
use std::path::Path;

use crate::batch::Batch;
use crate::compare::Comparison;
use crate::config::Settings;
pub use context::Context;

/// The official indicator table's column headings, as printed on the PDF and the template.
pub const INDICATOR_HEADERS: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
];

/// Which outputs a run writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    /// forms.json, findings.json, rejected.json
    pub json: bool,
    /// summary.xlsx
    pub xlsx: bool,
    /// pdf/… and booklet.pdf
    pub pdf: bool,
    /// report.docx and report.pdf, the written analysis
    pub report: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            json: true,
            xlsx: true,
            pdf: true,
            report: true,
        }
    }
}

/// What a run reports as it goes, from any thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// The files to read are listed: this many.
    Started {
        /// How many files.
        files: usize,
    },
    /// One more input file read (and its forms checked).
    FileRead {
        /// Its path relative to the input folder.
        file: &'a str,
        /// How many forms it holds.
        forms: usize,
    },
    /// Every file is read; the outputs of this many forms are being written.
    Writing {
        /// How many forms.
        forms: usize,
    },
    /// One more form's own PDF is written.
    PdfWritten,
}

/// Each form of `batch` (by its index) as the outputs list it: its 序号 in 汇总 (from 1:
/// department, unit and project in pinyin order) and its PDF's path in the output folder.
pub fn form_places(batch: &Batch, settings: &Settings) -> Vec<(u32, std::path::PathBuf)> {
    let ctx = Context::new(batch, settings, "");
    let mut places = vec![(0, std::path::PathBuf::new()); batch.summaries.len()];
    for (position, (&i, path)) in ctx.order.iter().zip(pdf::form_paths(&ctx)).enumerate() {
        places[i] = (position as u32 + 1, path);
    }
    places
}

/// Writes `forms.json`, `findings.json`, `rejected.json`, `summary.xlsx`, a PDF per form
/// and `booklet.pdf` into `out`, creating the folder if needed. `input` is the input
/// folder as the user named it.
pub fn write_outputs(
    out: &Path,
    batch: &Batch,
    settings: &Settings,
    input: &str,
    comparison: Option<&Comparison>,
    outputs: Outputs,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<Written> {
    std::fs::create_dir_all(out)?;
    let mut ctx = Context::new(batch, settings, input);
    ctx.comparison = comparison;
    let syncer = durable::Syncer::start();
    let sync = &syncer;
    // The workbook, the JSON files and the PDFs share nothing but the batch: made side by
    // side, each spreading its own per-form work over the cores.
    let workbook = || -> std::io::Result<()> {
        if outputs.xlsx {
            xlsx::write_summary(&out.join("summary.xlsx"), &ctx, sync)
                .map_err(std::io::Error::other)?;
        }
        Ok(())
    };
    let json_files = || -> std::io::Result<()> {
        if !outputs.json {
            return Ok(());
        }
        durable::write_staged(&out.join("forms.json"), sync, |w| {
            json::write_forms_json(w, batch)
        })?;
        durable::write_staged(&out.join("findings.json"), sync, |w| {
            json::write_findings_json(w, batch)
        })?;
        durable::write_staged(&out.join("rejected.json"), sync, |w| {
            json::write_rejected_json(w, &batch.rejected)
        })?;
        if let Some(comparison) = comparison {
            durable::write_staged(&out.join("comparison.json"), sync, |w| {
                json::write_comparison_json(w, batch, comparison)
            })?;
        }
        Ok(())
    };
    let pdfs = || -> std::io::Result<(Vec<char>, Vec<SkippedPdf>)> {
        if outputs.pdf {
            return write_pdfs(out, &ctx, settings, sync, progress);
        }
        Ok(Default::default())
    };
    let report = || -> std::io::Result<()> {
        if outputs.report {
            let text = analysis::report(&ctx);
            durable::write_staged(&out.join("report.docx"), sync, |w| {
                w.write_all(&analysis::docx::docx_bytes(&text)?)
            })?;
            let font = pdf::font::Font::of(&settings.font);
            durable::write_staged(&out.join("report.pdf"), sync, |w| {
                w.write_all(&pdf::render_report(&font, &text)?)
            })?;
            // The notices that send returned forms back, as Word and PDF alike.
            let notices = notice::notices(&ctx);
            if !notices.is_empty() {
                std::fs::create_dir_all(out.join(notice::FOLDER))?;
            }
            for n in &notices {
                let folder = out.join(notice::FOLDER);
                durable::write_staged(&folder.join(format!("{}.docx", n.name)), sync, |w| {
                    w.write_all(&analysis::docx::docx_bytes(&n.report)?)
                })?;
                durable::write_staged(&folder.join(format!("{}.pdf", n.name)), sync, |w| {
                    w.write_all(&pdf::render_report(&font, &n.report)?)
                })?;
            }
        }
        Ok(())
    };
    let ((workbook, json_files), (pdfs, report)) = rayon::join(
        || rayon::join(workbook, json_files),
        || rayon::join(pdfs, report),
    );
    // Everything written is on disk before the caller publishes the folder.
    let synced = syncer.finish();
    workbook.and(json_files).and(report)?;
    let (pdf_missing_glyphs, pdf_skipped) = pdfs?;
    synced?;
    Ok(Written {
        pdf_missing_glyphs,
        pdf_skipped,
    })
}

/// What a run should tell the user about the outputs it wrote.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Written {
    /// Characters the PDFs' font has no glyph for, printed as □.
    pub pdf_missing_glyphs: Vec<char>,
    /// Forms whose own PDF could not be made.
    pub pdf_skipped: Vec<SkippedPdf>,
}

/// A form whose PDF could not be made: which, and why (in Chinese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedPdf {
    /// The form's source file (relative, with `/`) and project.
    pub file: String,
    /// The form's project.
    pub project: String,
    /// Why, in Chinese.
    pub reason: String,
}

/// Writes the PDFs; returns the characters the font lacked and the forms skipped.
fn write_pdfs(
    out: &Path,
    ctx: &Context,
    settings: &Settings,
    sync: &durable::Syncer,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<(Vec<char>, Vec<SkippedPdf>)> {
    let font = pdf::font::Font::of(&settings.font);
    let options = &settings.report;
    let skipped = pdf::write_pdfs(
        out,
        ctx,
        &font,
        options.review,
        options.booklet_max_forms,
        sync,
        progress,
    )?;
    Ok((font.missing(), skipped))
}

/// Writes a file the user names (the fill-in template) to a temporary file beside it and
/// renames it into place, so a reader never sees a half-written file and a failed write
/// leaves the old one intact. (A run's outputs go to a staging folder instead; see
/// [`durable`].) The temporary file is removed if the write fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".zipingbiao-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
