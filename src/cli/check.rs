//! `check`: read and check only, print the findings; exit 1 when one is an error.

use std::process::ExitCode;

use clap::Args;

use zipingbiao::check::findings::Severity;
use zipingbiao::normalize::printable;
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
    // A large batch waits in a temporary file rather than in memory, as in `run`.
    let mut batch = pipeline::Batch::spilling(&std::env::temp_dir(), settings.forms_in_memory);
    pipeline::process_into(&mut batch, &args.input.input, &nowhere, &settings, &|_| {
        bar.inc(1)
    })
    .map_err(|e| format!("无法写入临时文件：{e}"))?;
    bar.finish_and_clear();
    if !args.input.quiet && !args.input.json {
        for form in &batch.summaries {
            for f in &form.findings {
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
    args.input.report(&batch, None);
    let errors = batch.count(Severity::Error);
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
