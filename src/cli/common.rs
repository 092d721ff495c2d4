//! What `run` and `check` share: the input, templates, parallelism, progress and the
//! summary printed at the end.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;

use zipingbiao::batch::Batch;
use zipingbiao::config::Settings;
use zipingbiao::pipeline::Run;

use super::Failure;

#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// 收到的自评表所在的文件夹（含子文件夹），或一个文件（默认：samples）
    #[arg(
        default_value = "samples",
        hide_default_value = true,
        value_name = "输入",
        help_heading = "参数"
    )]
    pub input: PathBuf,
    /// 改过的配置所在文件夹：form.toml（标签、指标分类）、scoring.toml（评分规则）、report.toml（PDF）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 并行线程数（默认每个处理器核心一个）
    #[arg(long, value_name = "N", value_parser = whole_number)]
    pub jobs: Option<usize>,
    /// 只显示错误
    #[arg(long, short)]
    pub quiet: bool,
    /// 在标准输出上给出 JSON 格式的结果（供其他程序读取），代替表格
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

/// A whole number as a clerk types it (full-width digits too), or why not, in Chinese.
pub fn whole_number(text: &str) -> Result<usize, String> {
    let halfwidth = zipingbiao::normalize::to_halfwidth(text.trim());
    halfwidth
        .parse()
        .map_err(|_| "不是一个不小于 0 的整数".to_owned())
}

/// The most worker threads `--jobs` takes: each reads a file at a time, and a file may take
/// up to 500 MB while it is read.
pub const MAX_JOBS: usize = 64;

/// `--jobs N`: the worker threads of this process, 1 to [`MAX_JOBS`]. Only the first call
/// sets the pool (`--watch` runs reuse it).
pub fn set_jobs(jobs: Option<usize>) -> Result<(), Failure> {
    if let Some(n) = jobs {
        if !(1..=MAX_JOBS).contains(&n) {
            return Err(Failure::Usage(format!(
                "--jobs 应在 1 到 {MAX_JOBS} 之间（本机有 {} 个处理器核心），而不是 {n}。",
                std::thread::available_parallelism().map_or(1, |p| p.get())
            )));
        }
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    Ok(())
}

impl InputArgs {
    pub fn settings(&self) -> Result<Settings, Failure> {
        set_jobs(self.jobs)?;
        Ok(Settings::load(self.templates.as_deref())?)
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
    /// `run` is the finished run where outputs were written (`None` for `check`).
    pub fn report(&self, batch: &Batch, run: Option<(&Run, &std::path::Path)>) {
        if self.json {
            println!("{}", summary_json(batch, run));
        } else if !self.quiet {
            print!(
                "{}",
                zipingbiao::normalize::printable(&summary_table(batch, run))
            );
        }
    }
}

pub fn summary_table(batch: &Batch, run: Option<(&Run, &std::path::Path)>) -> String {
    let stats = batch.statistics();
    let findings = batch.findings();
    let grades = |counts: &zipingbiao::batch::GradeCounts| {
        counts
            .iter()
            .map(|(g, n)| format!("　{g} {n}"))
            .collect::<String>()
    };
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
        findings.errors, findings.warnings, findings.infos
    ));
    t.push_str(&format!("自评等级{}\n", grades(&stats.reported)));
    t.push_str(&format!("复核等级{}\n", grades(&stats.rescored)));
    if stats.doubtful > 0 {
        let files: Vec<&str> = batch
            .summaries
            .iter()
            .filter(|f| f.counted() && f.doubtful())
            .map(|f| f.source.file.as_str())
            .take(5)
            .collect();
        let more = if stats.doubtful > files.len() {
            " 等"
        } else {
            ""
        };
        t.push_str(&format!(
            "其中 {} 份读取存疑，请对照原件核对（等级记为“待核”，不计入等级）：{}{more}\n",
            stats.doubtful,
            files.join("、")
        ));
    }
    if !batch.rejected.is_empty() {
        t.push_str("未识别的文件：\n");
        for r in batch.rejected.iter().take(MAX_LISTED) {
            // The reason names the file; its first sentence says what is wrong.
            let first = r.reason.split_inclusive('。').next().unwrap_or(&r.reason);
            t.push_str(&format!("　· {first}\n"));
        }
        if batch.rejected.len() > MAX_LISTED {
            t.push_str(&format!(
                "　等 {} 个，见 summary.xlsx 的“未识别文件”表\n",
                batch.rejected.len()
            ));
        }
    }
    let Some((run, out)) = run else {
        return t;
    };
    if let Some(c) = &run.comparison {
        t.push_str(&format!(
            "与上年对比　同一项目 {}　本年新增 {}　上年有、本年无 {}（上年资料：{}）\n",
            c.pairs.len(),
            c.new.len(),
            c.ended.len(),
            c.prior.source
        ));
    }
    let written = &run.written;
    if !written.pdf_missing_glyphs.is_empty() {
        let chars: String = written.pdf_missing_glyphs.iter().collect();
        t.push_str(&format!(
            "注意：PDF 所用字体缺少 {} 个字符，PDF 中印作 □：{chars}（可用 --font 换一个字库更全的字体）\n",
            written.pdf_missing_glyphs.len()
        ));
    }
    for skipped in &written.pdf_skipped {
        t.push_str(&format!(
            "注意：未能生成 PDF：{}（{}）：{}\n",
            skipped.project, skipped.file, skipped.reason
        ));
    }
    if !run.outputs_kept.is_empty() {
        t.push_str(&format!(
            "保留了上次运行的输出（本次未写出，内容仍是上次的）：{}\n",
            run.outputs_kept.join("、")
        ));
    }
    if let Some((folder, files)) = &run.set_aside {
        t.push_str(&format!(
            "上次的输出中有 {} 个文件被手工改过（{}），已先复制到 {} 保存，再由本次结果替换\n",
            files.len(),
            list_some(files, 5),
            folder.display()
        ));
    }
    t.push_str(&format!("输出 → {}\n", out.display()));
    let review = &run.review;
    let record = out.join(zipingbiao::review::FILE);
    if review.had_record {
        t.push_str(&format!(
            "复核记录：采用复核结论 {} 份，过期 {} 份，无法识别 {} 份（原因见“状态”栏）；退回修改 {} 份；问题不采纳 {} 条\n",
            review.applied, review.stale, review.invalid, review.returned.len(), review.dismissed
        ));
        // Projects submitted more than once whose counted copy the reviewer chose (计入合计).
        let chosen: std::collections::BTreeSet<usize> = batch
            .summaries
            .iter()
            .filter_map(|s| s.duplicate_of.as_ref())
            .filter(|d| d.why == zipingbiao::batch::CHOSEN_BY_REVIEWER)
            .map(|d| d.kept)
            .collect();
        if !chosen.is_empty() {
            t.push_str(&format!(
                "重复报送的项目中 {} 个按您在“计入合计”栏的选择计入\n",
                chosen.len()
            ));
        }
        t.push_str(&format!(
            "与上次相比：问题已解决 {} 条，仍存在 {} 条，新增 {} 条\n",
            review.resolved, review.remaining, review.new
        ));
        for &(i, resolved, remaining, new) in review.changes.iter().take(MAX_LISTED) {
            let form = &batch.summaries[i];
            t.push_str(&format!(
                "　· {}（{}）：已解决 {resolved} 条，仍存在 {remaining} 条，新增 {new} 条\n",
                form.project, form.source.file
            ));
        }
        if review.changes.len() > MAX_LISTED {
            t.push_str(&format!(
                "　等 {} 份，见复核记录的“问题复核”表\n",
                review.changes.len()
            ));
        }
        if let Some(backup) = &run.review_backup {
            t.push_str(&format!(
                "复核记录更新前的版本已备份为 {}（您填写的内容、自己加的列和工作表都已写回新的复核记录；您设置的颜色、字体等格式只保留在这份备份中）\n",
                out.join(backup).display()
            ));
        }
    }
    t.push_str(&format!(
        "复核记录 → {}（在黄色栏填写复核结论、复核得分、复核意见，问题可标“不采纳”{}；下次运行时采用）\n",
        record.display(),
        if batch.duplicates() > 0 {
            "，重复报送的项目在“计入合计”栏选定计入哪一份"
        } else {
            ""
        }
    ));
    if findings.errors + findings.warnings > 0 {
        t.push_str(&format!(
            "下一步：在 {} 的“问题清单”表逐条核对（错误在前），每份表的 PDF 在 {} 下\n",
            out.join("summary.xlsx").display(),
            out.join("pdf").display()
        ));
    }
    t
}

/// Files not read listed in the terminal; the rest are in summary.xlsx.
const MAX_LISTED: usize = 10;

/// Up to `n` items joined with 、, then 等 N 个.
pub fn list_some(items: &[String], n: usize) -> String {
    let shown: Vec<&str> = items.iter().take(n).map(String::as_str).collect();
    if items.len() > n {
        format!("{} 等 {} 个", shown.join("、"), items.len())
    } else {
        shown.join("、")
    }
}

pub fn summary_json(batch: &Batch, run: Option<(&Run, &std::path::Path)>) -> serde_json::Value {
    let stats = batch.statistics();
    let findings = batch.findings();
    let as_map = |g: &zipingbiao::batch::GradeCounts| {
        serde_json::Value::Object(g.iter().map(|(g, n)| (g.to_string(), json!(n))).collect())
    };
    let set_aside = run
        .and_then(|(run, _)| run.set_aside.as_ref())
        .map(|(folder, files)| json!({"folder": folder.display().to_string(), "files": files}));
    let (glyphs, skipped, kept) = match run {
        Some((run, _)) => (
            run.written
                .pdf_missing_glyphs
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>(),
            run.written
                .pdf_skipped
                .iter()
                .map(|s| json!({"file": s.file, "project": s.project, "reason": s.reason}))
                .collect::<Vec<_>>(),
            run.outputs_kept.clone(),
        ),
        None => Default::default(),
    };
    json!({
        "files": batch.files,
        "forms": batch.summaries.len(),
        "duplicates": batch.duplicates(),
        "rejected": batch.rejected.len(),
        "findings": {
            "error": findings.errors,
            "warning": findings.warnings,
            "info": findings.infos,
        },
        "grades": {"reported": as_map(&stats.reported), "rescored": as_map(&stats.rescored)},
        "pdf_missing_glyphs": glyphs,
        "pdf_skipped": skipped,
        "outputs_kept": kept,
        "set_aside": set_aside,
        "output": run.map(|(_, p)| p.display().to_string()),
    })
}
