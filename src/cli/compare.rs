//! `bench --compare`: the same work done the way the office would otherwise do it, timed
//! beside the tool on the same workbooks — an analyst's openpyxl script for the data
//! (forms.json and a summary workbook, `src/bench/compare/openpyxl_forms.py`) and
//! LibreOffice printing the workbooks for the PDFs — where python3 with openpyxl, or
//! LibreOffice, is installed; what is missing is said and skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use zipingbiao::bench::{self, Stage};

use super::bench::{Row, measure};

/// The analyst's script, carried in the program so `bench` needs no source tree.
const OPENPYXL_SCRIPT: &str = include_str!("../bench/compare/openpyxl_forms.py");

/// How many workbooks LibreOffice prints (it manages ~6 a second): enough for a steady
/// rate, few enough to take half a minute.
const PRINTED: usize = 200;

/// One line of the comparison: the tool's time beside the other way's.
pub struct Comparison {
    n: usize,
    work: &'static str,
    ours: (f64, Option<f64>),
    other: &'static str,
    theirs: Option<(f64, Option<f64>)>,
    /// Why the other way was not measured.
    missing: Option<String>,
}

/// How many times the tool's side of the data comparison is run: a run of a second is at
/// the mercy of a busy moment on the machine, the script's half a minute is not; the
/// median of runs before and after the script is set against it.
const TOOL_RUNS: usize = 5;

/// Measures both ways at `n` forms (the workbooks in `input`).
pub fn compare(
    root: &Path,
    input: &Path,
    n: usize,
    jobs: Option<usize>,
) -> Result<Vec<Comparison>, String> {
    let out = root.join("compare-tables");
    let mut runs = Vec::with_capacity(TOOL_RUNS);
    let run_tool = |runs: &mut Vec<(f64, Option<f64>)>| -> Result<(), String> {
        let _ = std::fs::remove_dir_all(&out);
        let row = measure(Stage::Tables, n, input, &out, jobs)?;
        runs.push((row.seconds, row.cpu_seconds));
        Ok(())
    };
    for _ in 0..TOOL_RUNS / 2 {
        run_tool(&mut runs)?;
    }
    let mut line = openpyxl(root, input, n);
    while runs.len() < TOOL_RUNS {
        run_tool(&mut runs)?;
    }
    line.ours = medians(&runs);
    Ok(vec![line, printing(root, input, n, jobs)?])
}

/// The median wall-clock and processor times of `runs`, each on its own.
fn medians(runs: &[(f64, Option<f64>)]) -> (f64, Option<f64>) {
    fn median(mut v: Vec<f64>) -> Option<f64> {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied()
    }
    let wall = median(runs.iter().map(|r| r.0).collect()).unwrap_or(f64::NAN);
    let cpu: Option<Vec<f64>> = runs.iter().map(|r| r.1).collect();
    (wall, cpu.and_then(median))
}

/// The analyst's script over the workbooks; the tool's side is filled in by the caller.
fn openpyxl(root: &Path, input: &Path, n: usize) -> Comparison {
    let mut line = Comparison {
        n,
        // TOOL_RUNS, said in words.
        work: "读取 → forms.json + summary.xlsx（本程序 5 次的中位数）",
        ours: (f64::NAN, None),
        other: "python3 + openpyxl 脚本",
        theirs: None,
        missing: None,
    };
    let python = if cfg!(windows) { "python" } else { "python3" };
    let ready = Command::new(python)
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        line.missing = Some(format!("未找到 {python} 或其 openpyxl 模块"));
        return line;
    }
    let script = root.join("openpyxl_forms.py");
    if let Err(e) = std::fs::write(&script, OPENPYXL_SCRIPT) {
        line.missing = Some(format!("无法写出脚本：{e}"));
        return line;
    }
    let out = root.join(format!("compare-openpyxl-{n}"));
    let mut cmd = Command::new(python);
    cmd.arg(&script).arg(input).arg(&out);
    match timed(&mut cmd) {
        Ok(t) => line.theirs = Some(t),
        Err(e) => line.missing = Some(e),
    }
    line
}

/// The first [`PRINTED`] workbooks, printed to PDF by the tool (a PDF each and the
/// booklet) and by LibreOffice (a PDF each).
fn printing(
    root: &Path,
    input: &Path,
    n: usize,
    jobs: Option<usize>,
) -> Result<Comparison, String> {
    let k = n.min(PRINTED);
    let folder = root.join(format!("compare-print-{k}"));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(input)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.truncate(k);
    let mut copies = Vec::with_capacity(k);
    for (i, file) in files.iter().enumerate() {
        let copy = folder.join(format!("{:05}.xlsx", i + 1));
        std::fs::copy(file, &copy).map_err(|e| e.to_string())?;
        copies.push(copy);
    }
    let mut ours = (0.0, Some(0.0));
    for stage in [Stage::FormPdfs, Stage::Booklet] {
        let out = root.join(format!("compare-print-{k}-{}", stage.name()));
        let _ = std::fs::remove_dir_all(&out);
        let row: Row = measure(stage, k, &folder, &out, jobs)?;
        ours.0 += row.seconds;
        ours.1 = ours.1.zip(row.cpu_seconds).map(|(a, b)| a + b);
    }
    let mut line = Comparison {
        n: k,
        work: "逐表 PDF + 汇编",
        ours,
        other: "LibreOffice 逐个打印为 PDF",
        theirs: None,
        missing: None,
    };
    let Some(office) = libreoffice() else {
        line.missing = Some("未找到 LibreOffice（soffice）".to_owned());
        return Ok(line);
    };
    // A profile of its own, made by one untimed print first: a clerk's LibreOffice has one.
    let profile = root.join("compare-libreoffice-profile");
    let profile_url = format!(
        "file:///{}",
        profile.display().to_string().trim_start_matches('/')
    );
    let print = |files: &[PathBuf], out: &Path| {
        let mut cmd = Command::new(&office);
        cmd.arg(format!("-env:UserInstallation={profile_url}"))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(out)
            .args(files);
        cmd
    };
    let warm_out = root.join("compare-libreoffice-warm");
    let _ = print(&copies[..1.min(copies.len())], &warm_out).output();
    let out = root.join(format!("compare-libreoffice-{k}"));
    let _ = std::fs::remove_dir_all(&out);
    match timed(&mut print(&copies, &out)) {
        Ok(t) => {
            let printed = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
            if printed == k {
                line.theirs = Some(t);
            } else {
                line.missing = Some(format!("LibreOffice 只打印了 {printed}/{k} 个"));
            }
        }
        Err(e) => line.missing = Some(e),
    }
    Ok(line)
}

/// LibreOffice's command, where it is installed.
fn libreoffice() -> Option<PathBuf> {
    let names: &[&str] = if cfg!(windows) {
        &[
            r"C:\Program Files\LibreOffice\program\soffice.exe",
            r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
        ]
    } else {
        &["soffice", "libreoffice"]
    };
    names.iter().map(PathBuf::from).find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Runs `cmd` to its end: its wall-clock time and processor time (Linux).
fn timed(cmd: &mut Command) -> Result<(f64, Option<f64>), String> {
    let cpu_before = bench::children_cpu_seconds();
    let start = std::time::Instant::now();
    let output = cmd.output().map_err(|e| format!("无法启动：{e}"))?;
    let seconds = start.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "运行失败：{}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let cpu = bench::children_cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    Ok((seconds, cpu))
}

/// The comparison as a table: both ways' wall-clock and processor time, and how many
/// times faster the tool is in each.
pub fn table(lines: &[Comparison]) -> String {
    let mut t = String::from(
        "| N | 工作 | 本程序 用时 (s) | 本程序 CPU (s) | 对照做法 | 对照 用时 (s) | 对照 CPU (s) | 用时之比 | CPU 之比 |\n|---:|---|---:|---:|---|---:|---:|---:|---:|\n",
    );
    let secs = |c: Option<f64>| c.map_or_else(|| "—".to_owned(), |c| format!("{c:.2}"));
    for l in lines {
        let (theirs_wall, theirs_cpu, wall_ratio, cpu_ratio) = match l.theirs {
            Some((wall, cpu)) => (
                format!("{wall:.2}"),
                secs(cpu),
                format!("{:.1}×", wall / l.ours.0.max(1e-9)),
                cpu.zip(l.ours.1).map_or_else(
                    || "—".to_owned(),
                    |(c, o)| format!("{:.1}×", c / o.max(1e-9)),
                ),
            ),
            None => (
                l.missing.clone().unwrap_or_default(),
                "—".to_owned(),
                "—".to_owned(),
                "—".to_owned(),
            ),
        };
        t.push_str(&format!(
            "| {} | {} | {:.2} | {} | {} | {theirs_wall} | {theirs_cpu} | {wall_ratio} | {cpu_ratio} |\n",
            l.n,
            l.work,
            l.ours.0,
            secs(l.ours.1),
            l.other,
        ));
    }
    t
}
