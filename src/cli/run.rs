//! `run`: the main job.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use zipingbiao::check::findings::Severity;
use zipingbiao::pipeline;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Folder of submitted forms (searched recursively).
    #[arg(default_value = "samples")]
    input: PathBuf,
    /// Folder for the results.
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// Folder with edited form.toml (labels, taxonomy), scoring.toml (rules) or report.toml (PDF).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Font file for the PDFs (.ttf, .otf or .ttc), instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    font: Option<PathBuf>,
    /// Face of a .ttc font collection to use (0 is the first).
    #[arg(long, value_name = "N", requires = "font")]
    font_index: Option<usize>,
    /// Print the PDF forms exactly as submitted, without the 复核意见 block.
    #[arg(long)]
    as_submitted: bool,
}

impl Default for RunArgs {
    fn default() -> Self {
        RunArgs {
            input: PathBuf::from("samples"),
            out: PathBuf::from("output"),
            templates: None,
            font: None,
            font_index: None,
            as_submitted: false,
        }
    }
}

pub fn run(args: RunArgs) -> Result<ExitCode, String> {
    let mut settings = super::settings(args.templates.as_ref())?;
    if let Some(font) = args.font {
        settings.report.font = font;
        settings.report.font_index = args.font_index.unwrap_or(0);
    }
    if args.as_submitted {
        settings.report.review = false;
    }
    let batch = pipeline::run(&args.input, &args.out, &settings).map_err(|e| e.to_string())?;
    let count = |severity| {
        batch
            .assessments
            .iter()
            .map(|a| a.count(severity))
            .sum::<usize>()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    println!(
        "读取文件 {} 个，识别自评表 {} 份，未识别文件 {} 个；发现错误 {} 处、警告 {} 处 → {}（files read: {}, forms found: {}, files rejected: {}）",
        batch.files,
        batch.forms.len(),
        batch.rejected.len(),
        errors,
        warnings,
        args.out.display(),
        batch.files,
        batch.forms.len(),
        batch.rejected.len(),
    );
    Ok(ExitCode::SUCCESS)
}
