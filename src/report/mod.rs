//! Stage 5: reports. Every output file is written whole or not at all.

pub mod json;
pub mod pdf;
pub mod template;
pub mod xlsx;

use std::io::Write;

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
use std::path::Path;

use crate::pipeline::{Batch, Outputs, Settings};

/// Writes `forms.json`, `findings.json`, `rejected.json`, `summary.xlsx`, a PDF per form
/// and `booklet.pdf` into `out`, creating the folder if needed. `input` is the input
/// folder as the user named it.
pub fn write_outputs(
    out: &Path,
    batch: &Batch,
    settings: &Settings,
    input: &str,
    outputs: Outputs,
) -> std::io::Result<Written> {
    std::fs::create_dir_all(out)?;
    let ctx = xlsx::Context::new(batch, settings, input);
    // The workbook, the JSON files and the PDFs share nothing but the batch: made side by
    // side, each spreading its own per-form work over the cores.
    let workbook = || -> std::io::Result<()> {
        if outputs.xlsx {
            xlsx::write_summary(&out.join("summary.xlsx"), &ctx).map_err(std::io::Error::other)?;
        }
        Ok(())
    };
    let json_files = || -> std::io::Result<()> {
        if !outputs.json {
            return Ok(());
        }
        write_atomic_with(&out.join("forms.json"), |w| {
            json::write_forms_json(w, batch)
        })?;
        write_atomic_with(&out.join("findings.json"), |w| {
            json::write_findings_json(w, batch)
        })?;
        write_atomic_with(&out.join("rejected.json"), |w| {
            json::write_rejected_json(w, &batch.rejected)
        })
    };
    let pdfs = || -> std::io::Result<Vec<char>> {
        if outputs.pdf {
            return write_pdfs(out, &ctx, settings);
        }
        Ok(Vec::new())
    };
    let ((workbook, json_files), pdfs) = rayon::join(|| rayon::join(workbook, json_files), pdfs);
    workbook.and(json_files)?;
    Ok(Written {
        pdf_missing_glyphs: pdfs?,
    })
}

/// What a run should tell the user about the outputs it wrote.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Written {
    /// Characters the PDFs' font has no glyph for, printed as □.
    pub pdf_missing_glyphs: Vec<char>,
}

/// Writes the PDFs; returns the characters the font lacked.
fn write_pdfs(out: &Path, ctx: &xlsx::Context, settings: &Settings) -> std::io::Result<Vec<char>> {
    let font = pdf_font(settings)?;
    let options = &settings.report;
    pdf::write_pdfs(out, ctx, &font, options.review, options.booklet_max_forms)?;
    Ok(font.missing())
}

/// The font the PDFs are set in: report.toml's, else the bundled one. Parsed once a run.
pub fn pdf_font(settings: &Settings) -> std::io::Result<pdf::font::Font> {
    let options = &settings.report;
    if options.font.as_os_str().is_empty() {
        Ok(pdf::font::Font::bundled())
    } else {
        pdf::font::Font::load(&options.font, options.font_index).map_err(std::io::Error::other)
    }
}

/// Writes to a temporary file beside the target and renames it into place, so a reader
/// never sees a half-written file and an interrupted run leaves the old one intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] for content written piece by piece.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        write(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
