//! What `run` and `check` share: the input, templates, parallelism, progress and the
//! summary printed at the end.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use zipingbiao::check::findings::Severity;
use zipingbiao::pipeline::{Batch, Settings};

#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Folder of submitted forms (searched recursively).
    #[arg(default_value = "samples")]
    pub input: PathBuf,
    /// Folder with edited form.toml (labels, taxonomy), scoring.toml (rules) or report.toml (PDF).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print a machine-readable summary (JSON) on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
}

impl Default for InputArgs {
    fn default() -> Self {
        InputArgs {
            input: PathBuf::from("samples"),
            templates: None,
            jobs: None,
            quiet: false,
            json: false,
        }
    }
}

/// The most worker threads `--jobs` takes: each reads a file at a time, and a file may take
/// up to 500 MB while it is read.
pub const MAX_JOBS: usize = 64;

/// `--jobs N`: the worker threads of this process, 1 to [`MAX_JOBS`]. Only the first call
/// sets the pool (`--watch` runs reuse it).
pub fn set_jobs(jobs: Option<usize>) -> Result<(), String> {
    if let Some(n) = jobs {
        if !(1..=MAX_JOBS).contains(&n) {
            return Err(format!(
                "--jobs 应在 1 到 {MAX_JOBS} 之间（本机有 {} 个处理器核心），而不是 {n}。",
                std::thread::available_parallelism().map_or(1, |p| p.get())
            ));
        }
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    Ok(())
}

impl InputArgs {
    pub fn settings(&self) -> Result<Settings, String> {
        set_jobs(self.jobs)?;
        Settings::load(self.templates.as_deref()).map_err(|e| e.to_string())
    }

    /// A progress bar on stderr when it is a terminal and the user wants output.
    pub fn progress(&self) -> ProgressBar {
        if self.quiet || self.json || !std::io::stderr().is_terminal() {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} 已读取 {pos} 个文件{msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        // Keeps turning while the outputs are written, when no file is read.
        bar.enable_steady_tick(std::time::Duration::from_millis(150));
        bar
    }

    /// The end-of-run summary: a table for people, JSON with `--json`, nothing with `--quiet`.
    pub fn report(&self, batch: &Batch, out: Option<&std::path::Path>) {
        if self.json {
            println!("{}", summary_json(batch, out));
        } else if !self.quiet {
            print!(
                "{}",
                zipingbiao::normalize::printable(&summary_table(batch, out))
            );
        }
    }
}

fn count(batch: &Batch, severity: Severity) -> usize {
    batch.count(severity)
}

fn grades(batch: &Batch, reported: bool) -> [usize; 4] {
    let mut n = [0; 4];
    for a in batch.counted() {
        let g = if reported {
            a.reported_grade
        } else {
            a.rescored_grade
        };
        if let Some(i) = ["优", "良", "中", "差"].iter().position(|x| *x == g) {
            n[i] += 1;
        }
    }
    n
}

pub fn summary_table(batch: &Batch, out: Option<&std::path::Path>) -> String {
    let (r, s) = (grades(batch, true), grades(batch, false));
    let mut t = String::new();
    let duplicates = match batch.duplicates() {
        0 => String::new(),
        n => format!("（其中 {n} 份重复报送，不计入合计）"),
    };
    t.push_str(&format!(
        "读取文件 {}　识别自评表 {}{duplicates}　未识别文件 {}\n",
        batch.files,
        batch.summaries.len(),
        batch.rejected.len()
    ));
    t.push_str(&format!(
        "问题　错误 {}　警告 {}　提示 {}\n",
        count(batch, Severity::Error),
        count(batch, Severity::Warning),
        count(batch, Severity::Info)
    ));
    t.push_str(&format!(
        "自评等级　优 {}　良 {}　中 {}　差 {}\n",
        r[0], r[1], r[2], r[3]
    ));
    t.push_str(&format!(
        "复核等级　优 {}　良 {}　中 {}　差 {}\n",
        s[0], s[1], s[2], s[3]
    ));
    if !batch.pdf_missing_glyphs.is_empty() {
        let chars: String = batch.pdf_missing_glyphs.iter().collect();
        t.push_str(&format!(
            "注意：PDF 所用字体缺少 {} 个字符，PDF 中印作 □：{chars}（可用 --font 换一个字库更全的字体）\n",
            batch.pdf_missing_glyphs.len()
        ));
    }
    for skipped in &batch.pdf_skipped {
        t.push_str(&format!(
            "注意：未能生成 PDF：{}（{}）：{}\n",
            skipped.project, skipped.file, skipped.reason
        ));
    }
    if !batch.outputs_kept.is_empty() {
        t.push_str(&format!(
            "保留了上次运行的输出（本次未写出，内容仍是上次的）：{}\n",
            batch.outputs_kept.join("、")
        ));
    }
    if let Some(out) = out {
        t.push_str(&format!("输出 → {}\n", out.display()));
    }
    t
}

pub fn summary_json(batch: &Batch, out: Option<&std::path::Path>) -> serde_json::Value {
    let as_map = |g: [usize; 4]| json!({"优": g[0], "良": g[1], "中": g[2], "差": g[3]});
    json!({
        "files": batch.files,
        "forms": batch.summaries.len(),
        "duplicates": batch.duplicates(),
        "rejected": batch.rejected.len(),
        "findings": {
            "error": count(batch, Severity::Error),
            "warning": count(batch, Severity::Warning),
            "info": count(batch, Severity::Info),
        },
        "grades": {"reported": as_map(grades(batch, true)), "rescored": as_map(grades(batch, false))},
        "pdf_missing_glyphs": batch.pdf_missing_glyphs.iter().map(char::to_string).collect::<Vec<_>>(),
        "pdf_skipped": batch.pdf_skipped.iter().map(|s| json!({"file": s.file, "project": s.project, "reason": s.reason})).collect::<Vec<_>>(),
        "outputs_kept": batch.outputs_kept,
        "output": out.map(|p| p.display().to_string()),
    })
}
