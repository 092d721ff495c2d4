//! Runs the stages over a folder: walk, read, extract, write.
//!
//! Each file is read and extracted on its own, with no shared mutable state, so files can
//! be spread over cores; results are put back in walk order, so output never depends on
//! timing. Every file walked ends as forms or as a rejection: nothing is dropped silently.

pub(crate) mod outdir;
mod previous;

use std::path::{Path, PathBuf};

use crate::batch::Batch;
use crate::check;
use crate::compare::{self, Comparison};
use crate::config::Settings;
use crate::extract::vocabulary::Vocabulary;
use crate::extract::{TooLarge, extract_forms};
use crate::model::{Form, Rejection};
use crate::read::{self, RejectionCode, limits::MAX_FORMS_PER_FILE};
use crate::report::{self, Outputs, Progress, Written};

/// A finished run: the batch it read, and what it should tell the user about its outputs.
#[derive(Debug)]
pub struct Run {
    /// Every form and rejection of the input.
    pub batch: Batch,
    /// This year against last year, with `--previous`.
    pub comparison: Option<Comparison>,
    /// Characters the PDFs' font lacked, and forms whose PDF could not be made.
    pub written: Written,
    /// Outputs of the earlier run that this run did not write and kept (`pdf`, `xlsx`, `json`).
    pub outputs_kept: Vec<String>,
    /// Outputs edited by hand since the earlier run, copied into a dated folder beside the
    /// output before it was replaced: the folder and the files.
    pub set_aside: Option<(PathBuf, Vec<String>)>,
    /// The decisions workbook as this run brought it up to date, and where the reviewer's
    /// earlier version was backed up (where it was edited since the tool wrote it).
    pub review: crate::review::Review,
    /// See [`Run::review`].
    pub review_backup: Option<String>,
}

/// One input file: where it is, and its path relative to the input folder (with `/`).
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The file's path as walked.
    pub path: PathBuf,
    /// The path relative to the input folder, with `/`.
    pub relative: String,
}

/// What became of one input file.
#[derive(Debug)]
pub enum Outcome {
    /// The forms found in it.
    Forms(Vec<Form>),
    /// Why it yields none.
    Rejected(Rejection),
}

/// Lists the files to read under `input`, sorted by path: hidden files and folders, Office
/// lock files (`~$…`), the output folder (when it lies inside the input) and every folder
/// carrying this tool's output marker (an earlier output, wherever it is) are skipped.
/// Entries that cannot be walked (permissions, broken links) are returned as rejections,
/// and so are pipes, sockets and devices, which are never opened.
pub fn collect_inputs(input: &Path, output: &Path) -> (Vec<InputFile>, Vec<Rejection>) {
    let output = output.canonicalize().ok();
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    // Linked folders are followed (a unit's folder may be a link); a link that loops back
    // is reported, not followed forever.
    let walker = walkdir::WalkDir::new(input)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            let hidden = entry.depth() > 0 && (name.starts_with('.') || name.starts_with("~$"));
            let is_dir = entry.file_type().is_dir();
            let is_output = is_dir
                && (entry.path().join(OUTPUT_MARKER).is_file()
                    || (output.is_some() && entry.path().canonicalize().ok() == output));
            !hidden && !is_output
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) if !entry.file_type().is_file() => {
                let file = InputFile {
                    relative: relative_path(input, entry.path()),
                    path: entry.path().to_path_buf(),
                };
                let kind = entry
                    .metadata()
                    .ok()
                    .and_then(|m| read::special_kind(&m))
                    .unwrap_or("特殊文件");
                let err = read::ReadError::NotAFile(kind);
                rejected.push(rejection(&file, err.code(), &err.reason_zh()));
            }
            Ok(entry) => files.push(InputFile {
                relative: relative_path(input, entry.path()),
                path: entry.into_path(),
            }),
            Err(err) => {
                let file = err
                    .path()
                    .map(|p| relative_path(input, p))
                    .unwrap_or_else(|| input.display().to_string());
                rejected.push(Rejection {
                    code: RejectionCode::IoError,
                    reason: format!(
                        "{file}：无法读取（{}）。请检查文件权限或链接。",
                        io_reason(&err)
                    ),
                    file,
                });
            }
        }
    }
    (files, rejected)
}

fn io_reason(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        "符号链接形成循环".to_owned()
    } else {
        err.io_error()
            .map(read::io_reason_zh)
            .unwrap_or_else(|| err.to_string())
    }
}

/// `input/单位A/表.txt` → `单位A/表.txt`, with `/` on every platform; a single file given as
/// the input is its own name.
pub fn relative_path(input: &Path, path: &Path) -> String {
    let rel = match path.strip_prefix(input) {
        Ok(rel) if rel.as_os_str().is_empty() => Path::new(path.file_name().unwrap_or_default()),
        Ok(rel) => rel,
        Err(_) => path,
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Reads and extracts one file. Pure: no shared state, safe to run in parallel.
pub fn process_file(file: &InputFile, vocab: &Vocabulary) -> Outcome {
    let reject =
        |code: RejectionCode, reason: String| Outcome::Rejected(rejection(file, code, &reason));
    let grids = match read::read_file(&file.path) {
        Ok(grids) => grids,
        Err(err) => return reject(err.code(), err.reason_zh()),
    };
    let mut forms: Vec<Form> = Vec::new();
    for grid in &grids {
        match extract_forms(grid, &file.relative, vocab) {
            Ok(found) => forms.extend(found),
            Err(too_large) => return reject(too_large.code(), too_large.reason_zh()),
        }
        if forms.len() > MAX_FORMS_PER_FILE {
            let too_many = TooLarge::Forms { count: forms.len() };
            return reject(too_many.code(), too_many.reason_zh());
        }
    }
    if forms.is_empty() {
        if let Some((grid, what)) = grids
            .iter()
            .find_map(|g| crate::extract::other_form_type(g, vocab).map(|w| (g, w)))
        {
            let sheet = grid
                .sheet
                .as_ref()
                .map(|s| format!("工作表“{s}”"))
                .unwrap_or_default();
            return reject(
                RejectionCode::OtherForm,
                format!(
                    "{sheet}是{what}，不是一份财政项目支出绩效自评表，未计入。如需复核，请报送每个项目各自的自评表。"
                ),
            );
        }
        return reject(
            RejectionCode::NoForm,
            "文件中没有找到绩效自评表（没有“项目名称”行及其后的项目资金表或绩效指标表）。请确认文件内容是否为财政项目支出绩效自评表。"
                .to_owned(),
        );
    }
    Outcome::Forms(forms)
}

/// Reads, checks and re-scores every file under `input`, keeping every form in memory (for
/// tests and small folders; `run` bounds its memory with [`Batch::spilling`]).
pub fn process_folder(input: &Path, output: &Path, settings: &Settings) -> Batch {
    let mut batch = Batch::default();
    match process_into(&mut batch, input, output, settings, &|_| {}) {
        Ok(()) => batch,
        // Only a spill can fail, and an in-memory batch has none.
        Err(_) => Batch::default(),
    }
}

/// Reads, checks and re-scores every file under `input` into `batch`. Files are read in
/// parallel, a slice at a time, and added in walk order; `progress` is called once per
/// file read (from any thread).
pub fn process_into(
    batch: &mut Batch,
    input: &Path,
    output: &Path,
    settings: &Settings,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let (files, mut rejected) = collect_inputs(input, output);
    batch.files = files.len() + rejected.len();
    progress(Progress::Started { files: files.len() });
    // A slice at a time, so finished forms leave memory (or go to the spill) while the
    // rest are read; large enough to keep every core busy. One slice's forms are added
    // while the next slice is read.
    let slice = (rayon::current_num_threads() * 32).max(64);
    let read = |chunk: &[InputFile]| -> Vec<Checked> {
        chunk
            .par_iter()
            .map(|file| {
                let outcome = check_file(file, settings);
                let forms = match &outcome {
                    Checked::Forms(forms) => forms.len(),
                    Checked::Rejected(_) => 0,
                };
                progress(Progress::FileRead {
                    file: &file.relative,
                    forms,
                });
                outcome
            })
            .collect()
    };
    let chunks: Vec<&[InputFile]> = files.chunks(slice).collect();
    let mut current = chunks.first().map(|c| read(c)).unwrap_or_default();
    for k in 0..chunks.len() {
        let add = || -> std::io::Result<()> {
            for outcome in current {
                match outcome {
                    Checked::Forms(forms) => {
                        for (form, a) in forms {
                            batch.push(form, a)?;
                        }
                    }
                    Checked::Rejected(r) => rejected.push(r),
                }
            }
            Ok(())
        };
        let (added, next) = rayon::join(add, || chunks.get(k + 1).map(|c| read(c)));
        added?;
        current = next.unwrap_or_default();
    }
    rejected.sort_by(|a, b| a.file.cmp(&b.file));
    batch.rejected = rejected;
    batch.finish()
}

/// Reads, extracts and checks one file; a panic on the way (ours or a dependency's) is its
/// rejection, `INTERNAL_ERROR`, and the batch goes on.
pub fn check_file(file: &InputFile, settings: &Settings) -> Checked {
    let work = || match process_file(file, &settings.vocab) {
        Outcome::Forms(forms) => Checked::Forms(
            forms
                .into_iter()
                .map(|form| {
                    let a = check::assess(&form, &settings.rules, &settings.vocab);
                    (form, a)
                })
                .collect(),
        ),
        Outcome::Rejected(r) => Checked::Rejected(r),
    };
    crate::isolate::catching(work).unwrap_or_else(|what| {
        Checked::Rejected(rejection(
            file,
            RejectionCode::InternalError,
            &format!(
                "读取此文件时程序内部出错（{what}），已跳过此文件，其他文件不受影响。请把此文件发给软件开发方以便修复。"
            ),
        ))
    })
}

/// One file read, extracted and checked: its forms with their assessments, or why not.
pub enum Checked {
    /// The file's forms with their assessments.
    Forms(Vec<(Form, check::Assessment)>),
    /// Why it yields none.
    Rejected(Rejection),
}

/// A rejection of `file`, its reason starting with the file's path.
fn rejection(file: &InputFile, code: RejectionCode, reason: &str) -> Rejection {
    Rejection {
        file: file.relative.clone(),
        code,
        reason: format!("{}：{}", file.relative, reason),
    }
}

/// Why a run could not finish.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The decisions workbook in the output folder cannot be read: it is left as it is.
    #[error(
        "复核记录 {path} 无法读取（{detail}），为免覆盖您填写的内容，本次没有运行。请用 Excel 打开检查，或把它移到别处后再运行。"
    )]
    Decisions {
        /// The workbook.
        path: String,
        /// Why, in Chinese.
        detail: String,
    },
    /// The input folder does not exist or cannot be opened.
    #[error("找不到要读取的文件夹或文件，或无法打开：{0}")]
    NoInput(String),
    /// The input holds no file to read (hidden files, lock files and earlier outputs left aside).
    #[error(
        "{0} 中没有可读取的文件（隐藏文件、Office 锁定文件和本工具以前的输出已跳过）。请放入各单位报送的自评表（.xlsx、.xls、.ods、.docx、.txt 等）后再运行。"
    )]
    NothingToRead(String),
    /// The output folder (or its staging folder beside it) cannot be written.
    #[error("无法写入输出文件夹 {path}：{detail}")]
    Output {
        /// The output folder.
        path: String,
        /// The system's reason, in Chinese.
        detail: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    #[error(
        "输出文件夹 {0} 不是空的，也不是本工具以前的输出，为免覆盖其中的文件已停止。请换一个输出文件夹（--out）。"
    )]
    /// The output folder holds files and is no earlier output of this tool.
    ForeignOutput(String),
    /// The output folder holds files this tool did not write.
    #[error("{}", user_files_zh(path, foreign))]
    UserFiles {
        /// The output folder.
        path: String,
        /// Files the tool did not write.
        foreign: Vec<String>,
    },
    /// Files of the output folder are open in another program (Windows: Excel, WPS), so
    /// the folder cannot be replaced.
    #[error(
        "输出文件夹 {path} 中的 {} 正被其他程序打开（如 Excel、WPS），无法替换。请先关闭后再运行；输出文件夹没有改动。",
        files.join("、")
    )]
    InUse {
        /// The output folder.
        path: String,
        /// The open files, relative to it, with `/`.
        files: Vec<String>,
    },
    /// The finished output could not be put in place of the old folder.
    #[error(
        "无法用新结果替换输出文件夹 {path}：{detail}。可能有程序正打开着该文件夹或其中的文件（Excel、WPS、资源管理器或命令行窗口），请关闭后再运行；原有的输出文件夹没有改动。"
    )]
    Replace {
        /// The output folder.
        path: String,
        /// The system's reason, in Chinese.
        detail: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// `--out` names a file.
    #[error("--out {0} 是一个文件，不是文件夹。请指定一个文件夹（不存在时会新建）。")]
    OutIsFile(String),
    #[error(
        "另一个正在运行的本程序正在写入输出文件夹 {0}（可能同时运行了两次）。请等它结束后再运行，或换一个输出文件夹（--out）。"
    )]
    /// Another run is writing the same output folder.
    Busy(String),
    /// `--previous` names nothing that holds last year's forms.
    #[error(
        "上年资料 {path} 无法使用：{reason}。--previous 应是上年的输出文件夹、其中的 forms.json，或上年收到的自评表所在的文件夹。"
    )]
    Previous {
        /// What `--previous` named.
        path: String,
        /// Why it cannot be used, in Chinese.
        reason: String,
    },
}

impl RunError {
    /// The output folder `path` could not be replaced by the new one: `source` says why.
    pub fn replace(path: &Path, source: std::io::Error) -> Self {
        RunError::Replace {
            path: path.display().to_string(),
            detail: read::io_reason_zh(&source),
            source,
        }
    }

    /// The output folder `path` could not be written: `source` says why.
    pub fn output(path: &Path, source: std::io::Error) -> Self {
        RunError::Output {
            path: path.display().to_string(),
            detail: read::io_reason_zh(&source),
            source,
        }
    }
}

fn user_files_zh(path: &str, foreign: &[String]) -> String {
    let list = |files: &[String]| {
        let shown: Vec<&str> = files.iter().take(5).map(String::as_str).collect();
        let more = if files.len() > shown.len() {
            format!(" 等 {} 个", files.len())
        } else {
            String::new()
        };
        crate::normalize::printable(&format!("{}{more}", shown.join("、"))).into_owned()
    };
    let parts = [format!("有不是本工具写出的文件（{}）", list(foreign))];
    let open = foreign.iter().any(|f| {
        f.rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with("~$") || n.starts_with(".~lock"))
    });
    let hint = if open {
        "其中有 Excel/WPS 打开文件时留下的锁定文件：请先关闭正在打开的结果文件。"
    } else {
        ""
    };
    format!(
        "输出文件夹 {path} 中{}。本工具只替换自己写出的文件，为免丢失这些文件已停止，什么也没有改动。{hint}请把它们移到别处后再运行，或换一个输出文件夹（--out）。",
        parts.join("，")
    )
}

/// Marks a folder as this tool's output, so a later run may replace it; it lists the files
/// the run wrote (see `pipeline/outdir.rs`).
pub const OUTPUT_MARKER: &str = ".zipingbiao-output";

/// Writes the decisions workbook into `staging`, with the earlier backups and — where the
/// reviewer edited it since the tool wrote it — the earlier version as a dated backup
/// (its path in the output folder).
fn write_review(
    out: &outdir::OutputDir,
    staging: &Path,
    review: &crate::review::Review,
) -> std::io::Result<Option<String>> {
    use crate::review::{BACKUPS, FILE};
    let mut bytes = crate::review::workbook::to_bytes(review).map_err(std::io::Error::other)?;
    crate::report::zip_origin::set_unix_origin(&mut bytes);
    // On disk before the folder is published, as every output is.
    use crate::report::durable::sync_file;
    std::fs::write(staging.join(FILE), bytes)?;
    sync_file(&staging.join(FILE))?;
    let (earlier, backups) = (out.target().join(FILE), out.target().join(BACKUPS));
    if backups.is_dir() {
        std::fs::create_dir_all(staging.join(BACKUPS))?;
        for entry in std::fs::read_dir(&backups)?.flatten() {
            let to = staging.join(BACKUPS).join(entry.file_name());
            if entry.path().is_file() && std::fs::hard_link(entry.path(), &to).is_err() {
                std::fs::copy(entry.path(), &to)?;
            }
        }
    }
    if !out.edited(FILE) {
        return Ok(None);
    }
    let name = format!("复核记录-{}.xlsx", crate::clock::stamp());
    std::fs::create_dir_all(staging.join(BACKUPS))?;
    std::fs::copy(&earlier, staging.join(BACKUPS).join(&name))?;
    sync_file(&staging.join(BACKUPS).join(&name))?;
    Ok(Some(format!("{BACKUPS}/{name}")))
}

/// Runs the whole job: reads `input`, writes the outputs to `output`.
pub fn run(input: &Path, output: &Path, settings: &Settings) -> Result<Run, RunError> {
    run_with(input, output, settings, Outputs::default(), &|_| {})
}

/// Runs the whole job. Everything is written to a staging folder beside `output`, which
/// replaces `output` only once complete (see `pipeline/outdir.rs`): an interrupted or failed run
/// leaves the previous output as it was, and a folder holding files that are not this
/// tool's is never replaced.
pub fn run_with(
    input: &Path,
    output: &Path,
    settings: &Settings,
    outputs: Outputs,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Run, RunError> {
    run_against(input, None, output, settings, outputs, progress)
}

/// [`run_with`], and with `previous` (last year's output folder, its forms.json or its
/// submissions) this year's forms paired with last year's: the findings across years, the
/// 同比 sheets and `comparison.json`.
pub fn run_against(
    input: &Path,
    previous: Option<&Path>,
    output: &Path,
    settings: &Settings,
    outputs: Outputs,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Run, RunError> {
    run_deciding(
        input,
        previous,
        output,
        settings,
        outputs,
        progress,
        &|_| {},
    )
}

/// [`run_against`], the decisions workbook (as the output folder holds it, with whatever the
/// reviewer typed in Excel) first changed by `decide`: how the clerk's window records a
/// decision, so the workbook stays the one record and Excel and the page agree. Without a
/// workbook (no earlier run) there is nothing to change.
pub fn run_deciding(
    input: &Path,
    previous: Option<&Path>,
    output: &Path,
    settings: &Settings,
    outputs: Outputs,
    progress: &(dyn Fn(Progress) + Sync),
    decide: &dyn Fn(&mut crate::review::Record),
) -> Result<Run, RunError> {
    if !input.is_dir() && !input.is_file() {
        return Err(RunError::NoInput(input.display().to_string()));
    }
    let failed = |e: std::io::Error| RunError::output(output, e);
    let out = outdir::OutputDir::claim(output)?;
    // The reviewer's decisions, before anything is read: a workbook that cannot be read is
    // never written over.
    let record_path = out.target().join(crate::review::FILE);
    let mut record =
        crate::review::workbook::read(&record_path).map_err(|detail| RunError::Decisions {
            path: record_path.display().to_string(),
            detail,
        })?;
    if let Some(record) = &mut record {
        decide(record);
    }
    // Last year first: a --previous that cannot be used stops the run before this year's
    // files are read.
    let prior = previous
        .map(|p| previous::load_previous(p, out.parent(), settings))
        .transpose()?;
    // Forms past the memory limit wait beside the output, on the disk it is written to.
    let mut batch = Batch::spilling(out.parent(), settings.forms_in_memory);
    if let Some(record) = &record {
        batch.copy_choices = crate::review::copy_choices(record);
    }
    process_into(&mut batch, input, output, settings, progress).map_err(failed)?;
    if batch.files == 0 {
        return Err(RunError::NothingToRead(input.display().to_string()));
    }
    let comparison = prior
        .map(|prior| compare::compare(&mut batch, prior, &settings.rules.year_over_year))
        .transpose()
        .map_err(failed)?;
    let review = crate::review::apply(&mut batch, record.as_ref(), &settings.rules);
    progress(Progress::Writing {
        forms: batch.summaries.len(),
    });
    let staging = out.stage().map_err(failed)?;
    let review_backup = match write_review(&out, &staging, &review) {
        Ok(backup) => backup,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(failed(e));
        }
    };
    let written = report::write_outputs(
        &staging,
        &batch,
        settings,
        &input.display().to_string(),
        comparison.as_ref(),
        outputs,
        progress,
    )
    .and_then(|written| Ok((written, out.carry_over(&staging, outputs)?)));
    let (written, outputs_kept) = match written {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(failed(e));
        }
    };
    let set_aside = out.set_aside().cloned();
    out.publish(&staging)?;
    Ok(Run {
        batch,
        comparison,
        written,
        outputs_kept,
        set_aside,
        review,
        review_backup,
    })
}
