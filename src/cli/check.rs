//! `check`: read and check only, print the findings; exit 1 when one is an error.

use std::process::ExitCode;

use clap::Args;

use zipingbiao::batch::Batch;
use zipingbiao::check::findings::Severity;
use zipingbiao::normalize::printable;
use zipingbiao::pipeline::{self, RunError};

use super::Failure;
use super::common::InputArgs;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn check(args: CheckArgs) -> Result<ExitCode, Failure> {
    if let Some(mistake) = super::usage::missing_input(&args.input.input) {
        return Err(mistake);
    }
    let settings = args.input.settings()?;
    if !args.input.input.is_dir() && !args.input.input.is_file() {
        return Err(RunError::NoInput(args.input.input.display().to_string()).into());
    }
    let bar = args.input.progress();
    // Nothing is written, so no output folder is skipped either.
    let nowhere = args.input.input.join(".zipingbiao-check-no-output");
    // A large batch waits in a temporary file rather than in memory, as in `run`.
    let scratch = std::env::temp_dir();
    let mut batch = Batch::spilling(&scratch, settings.forms_in_memory);
    pipeline::process_into(&mut batch, &args.input.input, &nowhere, &settings, &|_| {
        bar.inc(1)
    })
    .map_err(|e| zipingbiao::Error::write(&scratch, e))?;
    bar.finish_and_clear();
    if batch.files == 0 {
        return Err(RunError::NothingToRead(args.input.input.display().to_string()).into());
    }
    // `-q` keeps what its help promises: the errors (and the files not read), nothing else.
    if !args.input.json {
        let quiet = args.input.quiet;
        for form in &batch.summaries {
            for f in form
                .findings
                .iter()
                .filter(|f| !quiet || f.severity() == Severity::Error)
            {
                let place =
                    f.at.map(|p| p.describe_zh(form.source.kind))
                        .unwrap_or_default();
                let sheet = form
                    .source
                    .sheet
                    .as_ref()
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default();
                let indicator = f
                    .indicator
                    .as_ref()
                    .map(|i| format!("【{i}】"))
                    .unwrap_or_default();
                // Names come from the files: a control character in one must not reach
                // the terminal as an escape.
                println!(
                    "{}",
                    printable(&format!(
                        "{}\t{}\t{}{} {}\t{}\t{}{}",
                        f.severity().zh(),
                        f.code.as_str(),
                        form.source.file,
                        sheet,
                        place,
                        form.project,
                        indicator,
                        f.message
                    ))
                );
            }
        }
        for r in &batch.rejected {
            println!(
                "{}",
                printable(&format!("未识别\t{}\t{}", r.code, r.reason))
            );
        }
    }
    if args.input.json {
        println!("{}", json_with_details(&batch));
    } else {
        args.input.report(&batch, None);
    }
    if batch.summaries.is_empty() {
        return Err(Failure::NoForms {
            input: args.input.input.display().to_string(),
            files: batch.files,
            reasons: "每个文件未能识别的原因见上面的“未识别”行".to_owned(),
        });
    }
    let errors = batch.findings().errors;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--json`: the summary `run --json` prints, and under `details` every finding (as the
/// table lists them) and every file not read.
fn json_with_details(batch: &Batch) -> serde_json::Value {
    let mut v = super::common::summary_json(batch, None);
    let findings: Vec<serde_json::Value> = batch
        .summaries
        .iter()
        .flat_map(|form| {
            form.findings.iter().map(move |f| {
                serde_json::json!({
                    "severity": f.severity().as_str(),
                    "code": f.code.as_str(),
                    "file": form.source.file,
                    "sheet": form.source.sheet,
                    "location": f.at.map(|p| p.describe_zh(form.source.kind)),
                    "project": form.project,
                    "indicator": f.indicator,
                    "message": f.message,
                })
            })
        })
        .collect();
    let rejected: Vec<serde_json::Value> = batch
        .rejected
        .iter()
        .map(|r| serde_json::json!({"file": r.file, "code": r.code.as_str(), "reason": r.reason}))
        .collect();
    v["details"] = serde_json::json!({"findings": findings, "rejected": rejected});
    v
}
