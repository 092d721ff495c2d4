//! `check`: read and check only, print the findings; exit 1 when one is an error.

use std::process::ExitCode;

use clap::Args;

use zipingbiao::check::findings::Severity;
use zipingbiao::pipeline;

use super::common::InputArgs;

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

pub fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let settings = args.input.settings()?;
    if !args.input.input.is_dir() {
        return Err(format!(
            "输入文件夹不存在或无法打开：{}",
            args.input.input.display()
        ));
    }
    let bar = args.input.progress();
    // Nothing is written, so no output folder is skipped either.
    let nowhere = args.input.input.join(".zipingbiao-check-no-output");
    let batch =
        pipeline::process_folder_with(&args.input.input, &nowhere, &settings, &|| bar.inc(1));
    bar.finish_and_clear();
    if !args.input.quiet && !args.input.json {
        for (form, a) in batch.forms.iter().zip(&batch.assessments) {
            for f in &a.findings {
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
                println!(
                    "{}\t{}\t{}{} {}\t{}\t{}{}",
                    f.severity().zh(),
                    f.code.as_str(),
                    form.source.file,
                    sheet,
                    place,
                    form.project_name.value,
                    indicator,
                    f.message
                );
            }
        }
        for r in &batch.rejected {
            println!("未识别\t{}\t{}", r.code, r.reason);
        }
    }
    args.input.report(&batch, None);
    let errors: usize = batch
        .assessments
        .iter()
        .map(|a| a.count(Severity::Error))
        .sum();
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
