//! `bench`: generates N official-layout workbooks and times each stage on them, every stage
//! in a fresh process of this same program (`bench-stage`, hidden), so each peak memory
//! figure is that stage's own.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::Args;
use serde_json::json;

use zipingbiao::bench::{self, Stage};
use zipingbiao::config::Settings;

use super::common::set_jobs;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// 要测量的批量（表的份数），用逗号分隔（默认：2000）
    #[arg(
        long,
        hide_default_value = true,
        value_parser = super::common::whole_number,
        value_name = "N,…",
        default_value = "2000",
        value_delimiter = ','
    )]
    pub forms: Vec<usize>,
    /// 并行线程数（默认每个处理器核心一个）
    #[arg(long, value_name = "N", value_parser = super::common::whole_number)]
    pub jobs: Option<usize>,
    /// 把生成的工作簿和结果保存在此文件夹（已有相同数量的工作簿时直接使用），而不是临时文件夹
    #[arg(long, value_name = "文件夹")]
    pub dir: Option<PathBuf>,
    /// 要测量的阶段，用逗号分隔：floor、tables、pdfs、booklet、pdf-input（默认：全部）
    #[arg(
        long,
        hide_default_value = true,
        value_name = "列表",
        default_value = "floor,tables,pdfs,booklet,pdf-input",
        value_delimiter = ','
    )]
    pub stages: Vec<String>,
    /// 同时按其他做法完成同样的工作并比较用时：python3 + openpyxl 脚本（数据输出）、LibreOffice 打印（PDF），已安装时
    #[arg(long)]
    pub compare: bool,
    /// 改为运行恶意输入测试：每个用例（含大用例）各在一个新进程中运行，计时并对照上限测量内存
    #[arg(long)]
    pub hostile: bool,
    /// 与 --hostile 一起使用：只运行这些用例，用逗号分隔
    #[arg(long, value_name = "列表", value_delimiter = ',', requires = "hostile")]
    pub cases: Vec<String>,
    /// 与 --hostile 一起使用：用哪个程序运行用例（默认本程序），用于比较不同版本
    #[arg(long, value_name = "文件", requires = "hostile")]
    pub exe: Option<PathBuf>,
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
pub(super) struct Row {
    n: usize,
    stage: Stage,
    pub(super) seconds: f64,
    pub(super) cpu_seconds: Option<f64>,
    items: usize,
    peak_mb: Option<f64>,
    /// (a) only: the reading part (wall, processor).
    reading: Option<(f64, Option<f64>)>,
}

pub fn bench(args: BenchArgs) -> Result<ExitCode, String> {
    if args.hostile {
        return hostile(&args);
    }
    let stages: Vec<Stage> = args
        .stages
        .iter()
        .map(|s| {
            Stage::from_name(s.trim()).ok_or_else(|| {
                format!("未知的阶段“{s}”（floor、tables、pdfs、booklet、pdf-input）")
            })
        })
        .collect::<Result<_, _>>()?;
    set_jobs(args.jobs).map_err(|f| f.detail())?;
    let settings = Settings::builtin();
    let temp = std::env::temp_dir().join(format!("zipingbiao-bench-{}", std::process::id()));
    let root = args.dir.clone().unwrap_or_else(|| temp.clone());
    let measured = measure_all(&args, &stages, &root, &settings);
    // The generated workbooks go, however the run ended, unless the user keeps them.
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    let (rows, comparisons) = measured?;
    print!("{}", table(&rows));
    if !comparisons.is_empty() {
        println!();
        print!("{}", super::compare::table(&comparisons));
    }
    Ok(ExitCode::SUCCESS)
}

fn measure_all(
    args: &BenchArgs,
    stages: &[Stage],
    root: &Path,
    settings: &Settings,
) -> Result<(Vec<Row>, Vec<super::compare::Comparison>), String> {
    let mut rows: Vec<Row> = Vec::new();
    let mut comparisons = Vec::new();
    for &n in &args.forms {
        let input = root.join(format!("forms-{n}"));
        prepare(&input, n, settings)?;
        warm(&input);
        for &stage in stages {
            // A fresh folder per stage: clearing an old one is not part of the measurement.
            let out = root.join(format!("output-{n}-{}", stage.name()));
            let _ = std::fs::remove_dir_all(&out);
            let row = if stage == Stage::PdfInput {
                // The forms' own PDFs to read, made first by a stage of their own.
                let pdfs = root.join(format!("output-{n}-pdf-input-source"));
                let _ = std::fs::remove_dir_all(&pdfs);
                measure(Stage::FormPdfs, n, &input, &pdfs, args.jobs)?;
                let row = measure(stage, n, &pdfs.join("pdf"), &out, args.jobs);
                let _ = std::fs::remove_dir_all(&pdfs);
                row?
            } else {
                measure(stage, n, &input, &out, args.jobs)?
            };
            eprintln!("  N = {n}：{} {:.2} s", stage.title(), row.seconds);
            rows.push(row);
        }
        if args.compare {
            eprintln!("  N = {n}：对照（openpyxl 脚本、LibreOffice 打印）…");
            comparisons.extend(super::compare::compare(root, &input, n, args.jobs)?);
        }
    }
    Ok((rows, comparisons))
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
pub(super) fn measure(
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
    set_jobs(args.jobs).map_err(|f| f.detail())?;
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

/// `bench --hostile`: every hostile case, each made, run and checked in a process of its own
/// so that this one stays small (a child's peak memory as the kernel counts it includes the
/// peak of the process that started it).
fn hostile(args: &BenchArgs) -> Result<ExitCode, String> {
    use zipingbiao::bench::hostile::{self, MEMORY_LIMIT_MB, watch};
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let exe = args.exe.clone().unwrap_or_else(|| me.clone());
    let cases: Vec<_> = hostile::cases()
        .into_iter()
        .filter(|c| args.cases.is_empty() || args.cases.iter().any(|n| n == c.name))
        .collect();
    if cases.is_empty() {
        return Err("没有这样的用例".to_owned());
    }
    let root = args.dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("zipingbiao-hostile-{}", std::process::id()))
    });
    let mut t = String::from(
        "| 用例 | 文件 | 结果 | 用时 (s) | 峰值内存 (MB) | 上限 |\n|---|---:|---|---:|---:|---|\n",
    );
    let mut failed = 0;
    for case in &cases {
        let work = root.join(case.name);
        let _ = std::fs::remove_dir_all(&work);
        step(&me, "make", case.name, &work)?;
        // Killed well past the bounds: far enough to show how far past them a build goes.
        let caps = (
            std::time::Duration::from_secs_f64((case.seconds * 12.0).max(60.0)),
            MEMORY_LIMIT_MB * 4.0,
        );
        let cmd = watch::product_command(&exe, &work.join("in"), &work.join("out"));
        let watched = watch::run_watched(cmd, caps.0, caps.1).map_err(|e| e.to_string())?;
        std::fs::write(work.join("watched.json"), watched_json(&watched))
            .map_err(|e| e.to_string())?;
        let verdict = step(&me, "check", case.name, &work)?;
        let _ = std::fs::remove_dir_all(&work);
        let mut problems: Vec<String> =
            serde_json::from_str(&verdict).map_err(|e| e.to_string())?;
        if watched.seconds > case.seconds {
            problems.push(format!("over {} s", case.seconds));
        }
        if watched.peak_mb.is_some_and(|m| m > MEMORY_LIMIT_MB) {
            problems.push(format!("over {MEMORY_LIMIT_MB} MB"));
        }
        if !problems.is_empty() {
            failed += 1;
        }
        let result = if problems.is_empty() {
            "通过".to_owned()
        } else {
            let all = problems.join("; ").replace('|', "/");
            all.chars().take(300).collect::<String>()
        };
        let files =
            std::fs::read_to_string(root.join(format!("{}.files", case.name))).unwrap_or_default();
        let line = format!(
            "| {} | {} | {} | {:.2} | {} | {} s, {} MB |\n",
            case.name,
            files.trim(),
            result,
            watched.seconds,
            watched
                .peak_mb
                .map(|m| format!("{m:.0}"))
                .unwrap_or_else(|| "—".to_owned()),
            case.seconds,
            MEMORY_LIMIT_MB
        );
        eprint!("{line}");
        t.push_str(&line);
    }
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&root);
    }
    print!("{t}");
    println!("{} 个用例，{failed} 个未通过", cases.len());
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Runs one step of a hostile case in a child process; its standard output.
fn step(me: &Path, what: &str, case: &str, work: &Path) -> Result<String, String> {
    let output = Command::new(me)
        .args(["bench-hostile-step", what, case])
        .arg(work)
        .output()
        .map_err(|e| format!("无法启动：{e}"))?;
    if !output.status.success() {
        return Err(format!(
            "用例 {case} 的 {what} 步骤失败：{}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn watched_json(w: &zipingbiao::bench::hostile::watch::Watched) -> String {
    json!({
        "code": w.code,
        "killed": w.killed,
        "seconds": w.seconds,
        "peak_mb": w.peak_mb,
        "stderr": String::from_utf8_lossy(&w.stderr),
    })
    .to_string()
}

#[derive(Debug, Args)]
pub struct HostileStepArgs {
    /// make or check
    pub what: String,
    pub case: String,
    pub work: PathBuf,
}

/// The child's side of a hostile case: `make` writes its files into WORK/in (and what must
/// become of them into WORK/planted.json); `check` prints the problems of WORK/out as JSON.
pub fn hostile_step(args: HostileStepArgs) -> Result<ExitCode, String> {
    use zipingbiao::bench::hostile::{self, Planted, watch};
    let case = hostile::find(&args.case).ok_or_else(|| format!("没有用例“{}”", args.case))?;
    let planted_at = args.work.join("planted.json");
    match args.what.as_str() {
        "make" => {
            let input = args.work.join("in");
            std::fs::create_dir_all(&input).map_err(|e| e.to_string())?;
            let planted = case.make(&input).map_err(|e| e.to_string())?;
            let text = serde_json::to_string(&planted).map_err(|e| e.to_string())?;
            std::fs::write(&planted_at, text).map_err(|e| e.to_string())?;
            if let Some(root) = args.work.parent() {
                let _ = std::fs::write(
                    root.join(format!("{}.files", case.name)),
                    planted.len().to_string(),
                );
            }
        }
        "check" => {
            let text = std::fs::read_to_string(&planted_at).map_err(|e| e.to_string())?;
            let planted: Vec<Planted> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            let w: serde_json::Value = std::fs::read(args.work.join("watched.json"))
                .ok()
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default();
            let watched = watch::Watched {
                code: w["code"].as_i64().map(|c| c as i32),
                killed: w["killed"]
                    .as_str()
                    .map(|k| if k == "time" { "time" } else { "memory" }),
                seconds: w["seconds"].as_f64().unwrap_or_default(),
                peak_mb: w["peak_mb"].as_f64(),
                stdout: Vec::new(),
                stderr: w["stderr"].as_str().unwrap_or_default().as_bytes().to_vec(),
            };
            let problems = watch::verdict(&watched, &args.work.join("out"), &planted);
            println!(
                "{}",
                serde_json::to_string(&problems).map_err(|e| e.to_string())?
            );
        }
        other => return Err(format!("未知的步骤“{other}”")),
    }
    Ok(ExitCode::SUCCESS)
}
