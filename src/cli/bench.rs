//! `bench`: generates N official-layout workbooks and times each stage on them, every stage
//! in a fresh process of this same program (`bench-stage`, hidden), so each peak memory
//! figure is that stage's own.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;
use serde_json::json;

use zipingbiao::bench::{self, Stage};
use zipingbiao::pipeline::Settings;

use super::common::set_jobs;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Batch sizes to measure, comma-separated.
    #[arg(
        long,
        value_name = "N,…",
        default_value = "2000",
        value_delimiter = ','
    )]
    pub forms: Vec<usize>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Keep the generated workbooks and outputs in this folder (reused when it already
    /// holds the right number of workbooks) instead of a temporary one.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Stages to run, comma-separated: floor, tables, pdfs, booklet.
    #[arg(
        long,
        value_name = "LIST",
        default_value = "floor,tables,pdfs,booklet",
        value_delimiter = ','
    )]
    pub stages: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StageArgs {
    #[arg(long)]
    pub stage: String,
    #[arg(long)]
    pub input: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long)]
    pub jobs: Option<usize>,
}

/// One measured row of the table.
struct Row {
    n: usize,
    stage: Stage,
    seconds: f64,
    cpu_seconds: Option<f64>,
    items: usize,
    peak_mb: Option<f64>,
    /// (a) only: the reading part (wall, processor).
    reading: Option<(f64, Option<f64>)>,
}

pub fn bench(args: BenchArgs) -> Result<ExitCode, String> {
    let stages: Vec<Stage> = args
        .stages
        .iter()
        .map(|s| {
            Stage::from_name(s.trim())
                .ok_or_else(|| format!("未知的阶段“{s}”（floor、tables、pdfs、booklet）"))
        })
        .collect::<Result<_, _>>()?;
    set_jobs(args.jobs);
    let settings = Settings::builtin();
    let temp = std::env::temp_dir().join(format!("zipingbiao-bench-{}", std::process::id()));
    let root = args.dir.clone().unwrap_or_else(|| temp.clone());
    let measured = measure_all(&args, &stages, &root, &settings);
    // The generated workbooks go, however the run ended, unless the user keeps them.
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    print!("{}", table(&measured?));
    Ok(ExitCode::SUCCESS)
}

fn measure_all(
    args: &BenchArgs,
    stages: &[Stage],
    root: &Path,
    settings: &Settings,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for &n in &args.forms {
        let input = root.join(format!("forms-{n}"));
        prepare(&input, n, settings)?;
        warm(&input);
        for &stage in stages {
            // A fresh folder per stage: clearing an old one is not part of the measurement.
            let out = root.join(format!("output-{n}-{}", stage.name()));
            let _ = std::fs::remove_dir_all(&out);
            let row = measure(stage, n, &input, &out, args.jobs)?;
            eprintln!("  N = {n}：{} {:.2} s", stage.title(), row.seconds);
            rows.push(row);
        }
    }
    Ok(rows)
}

/// Generates the `n` workbooks into `input` unless they are already there.
fn prepare(input: &Path, n: usize, settings: &Settings) -> Result<(), String> {
    let existing = walkdir::WalkDir::new(input)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    if existing == n {
        eprintln!("使用已有的 {n} 个工作簿：{}", input.display());
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(input);
    let start = std::time::Instant::now();
    bench::generate(input, n, settings).map_err(|e| format!("无法生成测试工作簿：{e}"))?;
    eprintln!(
        "已生成 {n} 个官方格式工作簿（{:.1} s）：{}",
        start.elapsed().as_secs_f64(),
        input.display()
    );
    Ok(())
}

/// Reads every file once, so every stage (the floor first) finds them in the page cache and
/// none pays for the disk alone.
fn warm(input: &Path) {
    let files = walkdir::WalkDir::new(input)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file());
    for entry in files {
        let _ = std::fs::read(entry.path());
    }
}

/// Runs one stage in a child process and reads back what it measured.
fn measure(
    stage: Stage,
    n: usize,
    input: &Path,
    out: &Path,
    jobs: Option<usize>,
) -> Result<Row, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(exe);
    cmd.arg("bench-stage")
        .arg("--stage")
        .arg(stage.name())
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(out);
    if let Some(j) = jobs {
        cmd.arg("--jobs").arg(j.to_string());
    }
    let output = cmd.output().map_err(|e| format!("无法启动测量进程：{e}"))?;
    if !output.status.success() {
        return Err(format!(
            "阶段 {} 失败：{}",
            stage.name(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("阶段 {} 的输出无法解析：{e}", stage.name()))?;
    Ok(Row {
        n,
        stage,
        seconds: value["seconds"].as_f64().unwrap_or(f64::NAN),
        cpu_seconds: value["cpu_seconds"].as_f64(),
        items: value["items"].as_u64().unwrap_or(0) as usize,
        peak_mb: value["peak_rss_mb"].as_f64(),
        reading: value["reading_seconds"]
            .as_f64()
            .map(|s| (s, value["reading_cpu_seconds"].as_f64())),
    })
}

/// The child's side: run one stage, print what it took as JSON.
pub fn stage(args: StageArgs) -> Result<ExitCode, String> {
    let stage =
        Stage::from_name(&args.stage).ok_or_else(|| format!("未知的阶段“{}”", args.stage))?;
    set_jobs(args.jobs);
    let settings = Settings::builtin();
    let timing =
        bench::run_stage(stage, &args.input, &args.out, &settings).map_err(|e| e.to_string())?;
    println!(
        "{}",
        json!({
            "stage": stage.name(),
            "seconds": timing.seconds,
            "cpu_seconds": timing.cpu_seconds,
            "items": timing.items,
            "reading_seconds": timing.reading.map(|r| r.seconds),
            "reading_cpu_seconds": timing.reading.and_then(|r| r.cpu_seconds),
            "peak_rss_mb": bench::peak_rss_mb(),
        })
    );
    Ok(ExitCode::SUCCESS)
}

/// The table in the README: wall-clock time (what the clerk waits), processor time over
/// all threads (the work done), and for (a) the split between reading (read + extract +
/// check) and writing the outputs.
fn table(rows: &[Row]) -> String {
    let mut t = String::from(
        "| N | 阶段 | 用时 (s) | CPU (s) | 每秒（表/文件） | 峰值内存 (MB) | 与 calamine 下限之比 |\n|---:|---|---:|---:|---:|---:|---:|\n",
    );
    let cpu = |c: Option<f64>| {
        c.map(|c| format!("{c:.2}"))
            .unwrap_or_else(|| "—".to_owned())
    };
    for row in rows {
        let floor = rows
            .iter()
            .find(|r| r.n == row.n && r.stage == Stage::CalamineFloor)
            .map(|r| r.seconds)
            .filter(|&f| f > 0.0);
        let ratio = |seconds: f64| match floor {
            Some(f) => format!("{:.2}×", seconds / f),
            None => String::new(),
        };
        t.push_str(&format!(
            "| {} | {} | {:.2} | {} | {:.0} | {} | {} |\n",
            row.n,
            row.stage.title(),
            row.seconds,
            cpu(row.cpu_seconds),
            row.items as f64 / row.seconds.max(1e-9),
            row.peak_mb
                .map(|m| format!("{m:.0}"))
                .unwrap_or_else(|| "—".to_owned()),
            if row.stage == Stage::Tables {
                ratio(row.seconds)
            } else {
                String::new()
            }
        ));
        if let Some((seconds, cpu_seconds)) = row.reading {
            let parts = [
                ("(a) 中：读取+提取+检查", seconds, cpu_seconds),
                (
                    "(a) 中：写出 JSON 与 summary.xlsx",
                    row.seconds - seconds,
                    row.cpu_seconds.zip(cpu_seconds).map(|(all, r)| all - r),
                ),
            ];
            for (title, seconds, cpu_seconds) in parts {
                t.push_str(&format!(
                    "| {} | {title} | {seconds:.2} | {} |  |  | {} |\n",
                    row.n,
                    cpu(cpu_seconds),
                    ratio(seconds)
                ));
            }
        }
    }
    t
}
