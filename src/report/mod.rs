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
) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let ctx = xlsx::Context::new(batch, settings, input);
    if outputs.xlsx {
        xlsx::write_summary(&out.join("summary.xlsx"), &ctx).map_err(std::io::Error::other)?;
    }
    if outputs.pdf {
        write_pdfs(out, &ctx, settings)?;
    }
    if !outputs.json {
        return Ok(());
    }
    write_atomic(
        &out.join("forms.json"),
        &json::forms_json(&batch.forms, &batch.assessments),
    )?;
    write_atomic(
        &out.join("findings.json"),
        &json::findings_json(&batch.forms, &batch.assessments),
    )?;
    write_atomic(
        &out.join("rejected.json"),
        &json::rejected_json(&batch.rejected),
    )?;
    Ok(())
}

fn write_pdfs(out: &Path, ctx: &xlsx::Context, settings: &Settings) -> std::io::Result<()> {
    let options = &settings.report;
    let font = if options.font.as_os_str().is_empty() {
        pdf::font::Font::bundled()
    } else {
        pdf::font::Font::load(&options.font, options.font_index).map_err(std::io::Error::other)?
    };
    pdf::write_pdfs(out, ctx, &font, options.review)
}

/// Writes to a temporary file beside the target and renames it into place, so a reader
/// never sees a half-written file and an interrupted run leaves the old one intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
