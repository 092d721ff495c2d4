//! The scale benchmark behind `zipingbiao bench`: a corpus of official-layout workbooks and
//! the stages timed on it.
//!
//! The corpus is the seed's five forms, each written through the fill-in template (the
//! official 9-column layout with merges, formulas and drop-downs) with its own project
//! name, department, unit and amounts, one workbook per form in `部门/单位/` folders — what
//! a district's year-end folder looks like. Each stage runs in a fresh process (see the CLI),
//! so its peak memory is its own.

pub mod hostile;

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::batch::Batch;
use crate::config::Settings;
use crate::model::{Form, Number};
use crate::pipeline;
use crate::read::{GridReader, text::TextReader};
use crate::report;
use crate::report::{Outputs, Progress};

/// What a stage measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// calamine opening every workbook and reading every sheet's values: the floor.
    CalamineFloor,
    /// read + extract + check + forms.json (+ findings.json, rejected.json) + summary.xlsx.
    Tables,
    /// One PDF per form (the forms are read first, untimed).
    FormPdfs,
    /// booklet.pdf (the forms are read first, untimed).
    Booklet,
    /// Reading PDFs back: every page of a folder of the forms' own PDFs (the output of
    /// [`Stage::FormPdfs`]) read into grids and their forms extracted; `items` counts pages.
    PdfInput,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::CalamineFloor,
        Stage::Tables,
        Stage::FormPdfs,
        Stage::Booklet,
        Stage::PdfInput,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::CalamineFloor => "floor",
            Stage::Tables => "tables",
            Stage::FormPdfs => "pdfs",
            Stage::Booklet => "booklet",
            Stage::PdfInput => "pdf-input",
        }
    }

    pub fn from_name(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.name() == name)
    }

    /// How the table in the README names it.
    pub fn title(self) -> &'static str {
        match self {
            Stage::CalamineFloor => "calamine 读取（下限）",
            Stage::Tables => "(a) 读取+提取+检查+forms.json+summary.xlsx",
            Stage::FormPdfs => "(b) 逐表 PDF",
            Stage::Booklet => "(c) 汇编 booklet.pdf",
            Stage::PdfInput => "(d) 读取 PDF（每秒：页）",
        }
    }
}

/// One stage's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    pub seconds: f64,
    /// Processor time over all threads (user + system), where the system tells it.
    pub cpu_seconds: Option<f64>,
    /// Forms (or, for the floor, workbooks) the stage went through.
    pub items: usize,
    /// For (a): the part until every file is read, extracted and checked; the rest is
    /// writing the outputs.
    pub reading: Option<Span>,
}

/// Wall-clock and processor time of a part of a stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub seconds: f64,
    pub cpu_seconds: Option<f64>,
}

/// A point in time, on the wall clock and in processor time used so far.
#[derive(Debug, Clone, Copy)]
struct Mark {
    wall: Instant,
    cpu: Option<f64>,
}

impl Mark {
    fn now() -> Self {
        Mark {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn span_to(self, end: Mark) -> Span {
        Span {
            seconds: end.wall.duration_since(self.wall).as_secs_f64(),
            cpu_seconds: end.cpu.zip(self.cpu).map(|(e, s)| e - s),
        }
    }
}

/// The seed's five forms, which the corpus varies.
pub fn seed_forms(settings: &Settings) -> Vec<Form> {
    let seed = include_str!("../../samples/songnan-2023-self-evaluation.txt");
    TextReader::TAB
        .read(seed.as_bytes())
        .map(|grids| {
            grids
                .iter()
                .filter_map(|g| crate::extract::extract_forms(g, "seed.txt", &settings.vocab).ok())
                .flatten()
                .collect()
        })
        .unwrap_or_default()
}

const DEPARTMENTS: [&str; 12] = [
    "区教育局",
    "区卫生健康委",
    "区民政局",
    "区建设和交通委",
    "区农业农村委",
    "区文化旅游局",
    "区生态环境局",
    "区绿化和市容管理局",
    "区公安分局",
    "区人力资源和社会保障局",
    "区水务局",
    "区司法局",
];

/// Form `i` of the corpus: seed form `i mod 5` under its own name, department and unit,
/// its amounts scaled so no two forms are alike.
pub fn corpus_form(seeds: &[Form], i: usize) -> Option<Form> {
    let mut form = seeds.get(i % seeds.len().max(1))?.clone();
    let department = DEPARTMENTS[i % DEPARTMENTS.len()];
    let unit = i / DEPARTMENTS.len() % 40;
    form.department.value = department.to_owned();
    form.implementing_unit.value = format!(
        "{}第{}所属单位",
        department.trim_start_matches('区'),
        unit + 1
    );
    form.project_name.value = format!("{}（{:05}）", form.project_name.value, i + 1);
    let factor = Decimal::new(100 + (i % 37) as i64, 2);
    let funds = &mut form.funds;
    for amounts in [
        &mut funds.total,
        &mut funds.current_year_appropriation,
        &mut funds.carryover,
        &mut funds.other,
    ] {
        for n in [
            &mut amounts.initial,
            &mut amounts.adjusted,
            &mut amounts.executed,
        ] {
            scale(n, factor);
        }
    }
    Some(form)
}

fn scale(n: &mut Number, factor: Decimal) {
    if let Some(v) = n.value {
        n.value = Some((v * factor).round_dp(2));
    }
}

/// Writes `n` workbooks under `dir` (in parallel). Returns how many were written.
pub fn generate(dir: &Path, n: usize, settings: &Settings) -> std::io::Result<usize> {
    let seeds = seed_forms(settings);
    if seeds.is_empty() {
        return Err(std::io::Error::other("the bundled seed gives no form"));
    }
    (0..n).into_par_iter().try_for_each(|i| {
        let form = corpus_form(&seeds, i).ok_or_else(|| std::io::Error::other("no seed"))?;
        let folder = dir
            .join(&form.department.value)
            .join(&form.implementing_unit.value);
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(format!("{:05}.xlsx", i + 1));
        report::template::write_template(&path, settings, 2023, Some(&form))
            .map_err(std::io::Error::other)
    })?;
    Ok(n)
}

/// Runs one stage over the workbooks in `input`, writing into `out` (a folder that may be
/// replaced).
pub fn run_stage(
    stage: Stage,
    input: &Path,
    out: &Path,
    settings: &Settings,
) -> std::io::Result<Timing> {
    match stage {
        Stage::CalamineFloor => calamine_floor(input),
        Stage::Tables => {
            let outputs = Outputs {
                json: true,
                xlsx: true,
                pdf: false,
                report: false,
            };
            let start = Mark::now();
            let read_at = std::sync::Mutex::new(None);
            let progress = |p: Progress| {
                if matches!(p, Progress::Writing { .. })
                    && let Ok(mut at) = read_at.lock()
                {
                    *at = Some(Mark::now());
                }
            };
            let summary = pipeline::run_with(input, out, settings, outputs, &progress)
                .map_err(std::io::Error::other)?;
            let whole = start.span_to(Mark::now());
            let reading = read_at.into_inner().ok().flatten();
            Ok(Timing {
                seconds: whole.seconds,
                cpu_seconds: whole.cpu_seconds,
                items: summary.batch.summaries.len(),
                reading: reading.map(|at| start.span_to(at)),
            })
        }
        Stage::PdfInput => pdf_input(input, settings),
        Stage::FormPdfs | Stage::Booklet => {
            // The forms are read as `run` reads them (spilled past the memory limit), untimed.
            let spill = out.with_extension("spill");
            let mut batch = Batch::spilling(&spill, settings.forms_in_memory);
            pipeline::process_into(&mut batch, input, out, settings, &|_| {})?;
            std::fs::create_dir_all(out)?;
            let font = report::pdf::font::Font::of(&settings.font);
            let shown = input.display().to_string();
            let ctx = report::Context::new(&batch, settings, &shown);
            let options = &settings.report;
            let start = Mark::now();
            // As in a run: the files are on disk when the stage ends.
            let sync = report::durable::Syncer::start();
            if stage == Stage::FormPdfs {
                report::pdf::write_form_pdfs(out, &ctx, &font, options.review, &sync, &|_| {})?;
            } else {
                report::pdf::write_booklets(
                    out,
                    &ctx,
                    &font,
                    options.review,
                    options.booklet_max_forms,
                    &sync,
                )?;
            }
            sync.finish()?;
            let span = start.span_to(Mark::now());
            let batch_len = batch.summaries.len();
            drop(ctx);
            drop(batch);
            let _ = std::fs::remove_dir_all(&spill);
            Ok(Timing {
                seconds: span.seconds,
                cpu_seconds: span.cpu_seconds,
                items: batch_len,
                reading: None,
            })
        }
    }
}

/// Every PDF under `input` read into a grid and its forms extracted, in parallel like a run;
/// `items` are the pages read.
fn pdf_input(input: &Path, settings: &Settings) -> std::io::Result<Timing> {
    let (files, _) = pipeline::collect_inputs(input, Path::new(""));
    let start = Mark::now();
    let pages: Vec<(usize, usize)> = files
        .par_iter()
        .map(|file| {
            let Ok(grids) = crate::read::read_file(&file.path) else {
                return (0, 0);
            };
            let pages = grids
                .iter()
                .flat_map(|g| g.rows.iter().flatten())
                .map(|c| c.pos.part as usize)
                .max()
                .unwrap_or(0);
            let forms: usize = grids
                .iter()
                .filter_map(|g| crate::extract::extract_forms(g, "", &settings.vocab).ok())
                .map(|f| f.len())
                .sum();
            (pages, forms)
        })
        .collect();
    let span = start.span_to(Mark::now());
    let (pages, forms) = pages
        .iter()
        .fold((0, 0), |(p, f), &(pp, ff)| (p + pp, f + ff));
    if forms != files.len() {
        return Err(std::io::Error::other(format!(
            "{forms} forms read back from {} PDFs",
            files.len()
        )));
    }
    Ok(Timing {
        seconds: span.seconds,
        cpu_seconds: span.cpu_seconds,
        items: pages,
        reading: None,
    })
}

/// Opens every workbook under `input` with calamine and reads every sheet's cells, in
/// parallel like the real run: what no reader built on calamine can beat.
fn calamine_floor(input: &Path) -> std::io::Result<Timing> {
    use calamine::Reader;
    let (files, _) = pipeline::collect_inputs(input, Path::new(""));
    let start = Mark::now();
    let cells: usize = files
        .par_iter()
        .map(|file| {
            let Ok(mut wb) = calamine::open_workbook_auto(&file.path) else {
                return 0;
            };
            let names = wb.sheet_names();
            names
                .iter()
                .filter_map(|name| wb.worksheet_range(name).ok())
                .map(|range| range.used_cells().count())
                .sum::<usize>()
        })
        .sum();
    if cells == 0 && !files.is_empty() {
        return Err(std::io::Error::other("calamine read no cell"));
    }
    let span = start.span_to(Mark::now());
    Ok(Timing {
        seconds: span.seconds,
        cpu_seconds: span.cpu_seconds,
        items: files.len(),
        reading: None,
    })
}

/// Processor time the process has used so far, all threads, user and system (Linux;
/// `None` elsewhere).
pub fn cpu_seconds() -> Option<f64> {
    stat_seconds(11)
}

/// Processor time of the children this process has waited for, user and system, their own
/// children included when they waited for them (Linux; `None` elsewhere): what a program
/// the benchmark runs beside the tool costs.
pub fn children_cpu_seconds() -> Option<f64> {
    stat_seconds(13)
}

/// Two fields of /proc/self/stat, user and system time, `skip` fields after the command
/// name, in seconds. /proc counts them in USER_HZ ticks, which Linux fixes at 100 a second.
fn stat_seconds(skip: usize) -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name may hold spaces; the fields after it are plain numbers.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(skip);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) as f64 / 100.0)
}

/// The process's peak resident memory so far, in MB (Linux; `None` elsewhere).
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
