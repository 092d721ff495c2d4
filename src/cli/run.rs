//! `run`: the main job.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;

use zipingbiao::batch::Batch;
use zipingbiao::pipeline::{self, Run};
use zipingbiao::report::{Outputs, Progress};

use super::Failure;
use super::common::InputArgs;

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// 结果文件夹，运行完成后整体替换（默认：output）
    #[arg(
        long,
        default_value = "output",
        hide_default_value = true,
        value_name = "文件夹"
    )]
    pub out: PathBuf,
    /// 要生成的结果：json、xlsx、pdf、report（汇总分析报告 report.docx 和 report.pdf）中的任意几项，用逗号（，、）分隔（默认：全部）
    #[arg(
        long,
        value_name = "列表",
        default_value = "json,xlsx,pdf,report",
        hide_default_value = true,
        value_parser = parse_outputs
    )]
    pub outputs: Option<Outputs>,
    /// PDF 使用的字体文件（.ttf、.otf 或 .ttc），代替自带字体
    #[arg(long, value_name = "文件")]
    pub font: Option<PathBuf>,
    /// 使用 .ttc 字体集中的第几个字体（0 为第一个）
    #[arg(long, value_name = "N", requires = "font", value_parser = super::common::whole_number)]
    pub font_index: Option<usize>,
    /// PDF 只按原表打印，不加“复核意见”部分
    #[arg(long)]
    pub as_submitted: bool,
    /// 持续运行：输入文件夹中的文件有变化时重新运行
    #[arg(long)]
    pub watch: bool,
    /// 上年资料：上年的输出文件夹、其中的 forms.json，或上年收到的自评表所在文件夹；与本年逐项目对比（同比）
    #[arg(long, value_name = "路径")]
    pub previous: Option<PathBuf>,
}

impl Default for RunArgs {
    /// `cargo run --release` with no arguments: `samples/` into `output/`, everything.
    fn default() -> Self {
        RunArgs {
            input: InputArgs::default(),
            out: PathBuf::from("output"),
            outputs: None,
            font: None,
            font_index: None,
            as_submitted: false,
            watch: false,
            previous: None,
        }
    }
}

/// `json,xlsx`: separated by commas as a Chinese keyboard types them too (`，` `、`), spaces
/// and case left aside (`JSON， PDF`).
fn parse_outputs(list: &str) -> Result<Outputs, String> {
    let mut outputs = Outputs {
        json: false,
        xlsx: false,
        pdf: false,
        report: false,
    };
    let items = list
        .split([',', '，', '、', ';', '；'])
        .map(|item| item.trim().to_lowercase())
        .filter(|item| !item.is_empty());
    for item in items {
        match item.as_str() {
            "json" => outputs.json = true,
            "xlsx" => outputs.xlsx = true,
            "pdf" => outputs.pdf = true,
            "report" | "docx" => outputs.report = true,
            other => {
                return Err(format!(
                    "没有“{other}”这种输出，可选 json、xlsx、pdf、report"
                ));
            }
        }
    }
    Ok(outputs)
}

pub fn run(args: RunArgs) -> Result<ExitCode, Failure> {
    if let Some(mistake) = super::usage::missing_input(&args.input.input) {
        return Err(mistake);
    }
    let mut settings = args.input.settings()?;
    if let Some(font) = &args.font {
        settings = settings.with_font(font, args.font_index.unwrap_or(0))?;
    }
    if args.as_submitted {
        settings.report.review = false;
    }
    let outputs = args.outputs.unwrap_or_default();
    let once = || -> Result<Batch, Failure> {
        let bar = args.input.progress();
        // Forms in the batch, and their PDFs written so far.
        let (forms, pdfs) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let previous = args.previous.as_deref();
        let run = pipeline::run_against(
            &args.input.input,
            previous,
            &args.out,
            &settings,
            outputs,
            &|step| {
                match step {
                    Progress::FileRead { .. } => bar.inc(1),
                    Progress::Started { .. } => {}
                    Progress::Writing { forms: n } => {
                        forms.store(n, Ordering::Relaxed);
                        bar.set_message("，正在写出结果");
                    }
                    Progress::PdfWritten => {
                        let done = pdfs.fetch_add(1, Ordering::Relaxed) + 1;
                        let n = forms.load(Ordering::Relaxed);
                        bar.set_message(if done < n {
                            format!("，正在写出结果（PDF {done}/{n}）")
                        } else {
                            // The booklet follows the forms' own PDFs.
                            format!("，正在写出结果（{n} 份 PDF 已写出，正在编排汇编）")
                        });
                    }
                }
            },
        )?;
        bar.finish_and_clear();
        args.input.report(&run.batch, Some((&run, &args.out)));

        let Run { batch, .. } = run;
        Ok(batch)
    };
    let first = once()?;
    if first.summaries.is_empty() {
        let failure = Failure::NoForms {
            input: args.input.input.display().to_string(),
            files: first.files,
            reasons: if outputs.json {
                format!(
                    "每个文件未能识别的原因见 {}",
                    args.out.join("rejected.json").display()
                )
            } else if outputs.xlsx {
                format!(
                    "每个文件未能识别的原因见 {} 的“未识别文件”表",
                    args.out.join("summary.xlsx").display()
                )
            } else {
                "用 check 命令可逐个列出每个文件未能识别的原因".to_owned()
            },
        };
        if !args.watch {
            return Err(failure);
        }
        eprintln!("{}", failure.message());
    }
    if args.watch {
        super::run::watch(&args.input.input, &args.out, first, once)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Re-runs whenever something under `input` changes (checked every second, after things
/// have been quiet for a second), and says what changed in the results.
pub fn watch(
    input: &std::path::Path,
    out: &std::path::Path,
    mut last: Batch,
    run: impl Fn() -> Result<Batch, Failure>,
) -> Result<(), Failure> {
    use std::time::{Duration, SystemTime};
    // The files a run would read, so a change to an output folder (this run's or an
    // earlier one's, wherever it is) never starts another run.
    let stamp = || -> Vec<(PathBuf, u64, Option<SystemTime>)> {
        let (files, rejected) = zipingbiao::pipeline::collect_inputs(input, out);
        files
            .into_iter()
            .filter_map(|f| {
                let m = std::fs::metadata(&f.path).ok()?;
                Some((f.path, m.len(), m.modified().ok()))
            })
            .chain(
                rejected
                    .into_iter()
                    .map(|r| (PathBuf::from(r.file), 0, None)),
            )
            .collect()
    };
    eprintln!("正在监视 {}（Ctrl+C 结束）", input.display());
    let mut seen = stamp();
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let now = stamp();
        if now == seen {
            continue;
        }
        // Debounce: wait until a second passes with no further change.
        let mut settled = now;
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let again = stamp();
            if again == settled {
                break;
            }
            settled = again;
        }
        seen = settled;
        match run() {
            Ok(batch) => {
                eprintln!("{}", changes(&last, &batch));
                last = batch;
            }
            Err(failure) => eprintln!("{}", failure.message()),
        }
    }
}

/// What changed between two runs, in a line a clerk reads.
fn changes(before: &Batch, after: &Batch) -> String {
    use std::collections::BTreeMap;
    let index = |b: &Batch| -> BTreeMap<_, String> {
        b.summaries
            .iter()
            .map(|f| {
                (
                    (f.source.file.clone(), f.source.sheet.clone(), f.source.row),
                    format!("{} {} {}", f.project, f.rescored_total, f.findings.len()),
                )
            })
            .collect()
    };
    let (a, b) = (index(before), index(after));
    let added = b.keys().filter(|k| !a.contains_key(*k)).count();
    let removed = a.keys().filter(|k| !b.contains_key(*k)).count();
    let changed = b
        .iter()
        .filter(|(k, v)| a.get(*k).is_some_and(|old| old != *v))
        .count();
    format!(
        "已重新处理：新增 {added} 份、移除 {removed} 份、结果变化 {changed} 份；未识别文件 {} → {} 个",
        before.rejected.len(),
        after.rejected.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_read_as_a_clerk_types_them() {
        let all = Outputs::default();
        assert_eq!(parse_outputs("json,xlsx,pdf,report"), Ok(all));
        assert_eq!(parse_outputs("JSON， Xlsx、pdf，Report"), Ok(all));
        let json = parse_outputs("json；").unwrap();
        assert!(json.json && !json.xlsx && !json.pdf && !json.report);
        assert!(parse_outputs("json,xslx").unwrap_err().contains("“xslx”"));
    }
}
