//! One working folder's state: the folders chosen, the run under way and its progress, the
//! last run's batch (what the pages show), the dropped files.
//!
//! Runs are serialised: one at a time per working folder (a lock held for the whole run),
//! whether started from 开始 or by a decision saved on a form.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};

use crate::batch::Batch;
use crate::config::Settings;
use crate::read::limits::size_zh;
use crate::report::{Outputs, Progress};
use crate::review::Record;

/// The folder of the working folder that holds each input's results.
pub const RESULTS: &str = "结果";
/// The folder of the working folder that holds dropped files, one folder per drop.
pub const UPLOADS: &str = "上传";
/// The working folder's memory of the last choice.
const CHOICE_FILE: &str = "工作台.json";

/// Bounds on what may be dropped on the page.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Bytes of one file (the readers refuse larger ones anyway).
    pub file_bytes: u64,
    /// Files of one drop.
    pub files: usize,
    /// Bytes of one drop.
    pub total_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_bytes: crate::read::limits::MAX_FILE_BYTES,
            files: 5_000,
            total_bytes: 2 << 30,
        }
    }
}

/// The folders a run reads: this year's submissions and, optionally, last year's.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Choice {
    /// 收到的自评表所在文件夹 (or one file).
    pub input: PathBuf,
    /// 上年资料.
    #[serde(default)]
    pub previous: Option<PathBuf>,
}

/// What the page is told of a run, pushed as it changes.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Status {
    /// `idle`, `running`, `done` or `failed`.
    pub state: &'static str,
    /// What the run is for: `run` (开始复核) or `decision` (a decision being written).
    pub purpose: &'static str,
    /// Files to read, files read, forms found so far.
    pub files: usize,
    /// See [`Status::files`].
    pub read: usize,
    /// See [`Status::files`].
    pub forms: usize,
    /// The file read last.
    pub file: String,
    /// Forms whose outputs are being written (0 while reading), and PDFs written.
    pub writing: usize,
    /// See [`Status::writing`].
    pub pdfs: usize,
    /// What happened, in Chinese (the error where it failed).
    pub message: String,
    /// Counts finished runs: the page reloads what it shows when it changes.
    pub generation: u64,
}

/// A finished run as the pages see it.
pub struct Loaded {
    /// The folders it read.
    pub choice: Choice,
    /// The input as the system names it (links resolved): source reads stay under it.
    pub root: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Its forms and rejections, the decisions applied.
    pub batch: Batch,
    /// When it finished (Beijing time).
    pub finished: String,
    /// Per form (batch index): its 序号 in 汇总 and its PDF in the output folder.
    pub places: Vec<(u32, PathBuf)>,
}

/// A working folder's state (see the module's comment).
pub struct Session {
    workdir: PathBuf,
    limits: Limits,
    choice: Mutex<Option<Choice>>,
    loaded: RwLock<Option<Arc<Loaded>>>,
    run_lock: Mutex<()>,
    busy: AtomicBool,
    status: tokio::sync::watch::Sender<Status>,
    /// Per drop: files and bytes received.
    drops: Mutex<HashMap<String, (usize, u64)>>,
}

impl Session {
    pub fn new(workdir: PathBuf, limits: Limits) -> Self {
        let choice = std::fs::read(workdir.join(CHOICE_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let idle = Status {
            state: "idle",
            ..Status::default()
        };
        Session {
            workdir,
            limits,
            choice: Mutex::new(choice),
            loaded: RwLock::new(None),
            run_lock: Mutex::new(()),
            busy: AtomicBool::new(false),
            status: tokio::sync::watch::Sender::new(idle),
            drops: Mutex::new(HashMap::new()),
        }
    }

    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// True while a run is under way.
    pub fn busy(&self) -> bool {
        self.busy.load(Ordering::SeqCst)
    }

    /// The last choice (of this server or, remembered, of an earlier one).
    pub fn choice(&self) -> Option<Choice> {
        self.choice.lock().ok().and_then(|c| c.clone())
    }

    /// The last finished run.
    pub fn loaded(&self) -> Option<Arc<Loaded>> {
        self.loaded.read().ok().and_then(|l| l.clone())
    }

    pub fn status(&self) -> Status {
        self.status.borrow().clone()
    }

    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<Status> {
        self.status.subscribe()
    }

    /// Where the results of `input` go: `结果/<its name>-<8 hex digits of its full path>`,
    /// so two folders of one name never share one.
    pub fn output_for(&self, input: &Path) -> PathBuf {
        let full = input.canonicalize().unwrap_or_else(|_| input.to_path_buf());
        let name = full
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "输入".to_owned());
        let path = full.to_string_lossy();
        let hash = crate::report::pdf::writer::fnv1a(0xcbf2_9ce4_8422_2325, path.bytes()) as u32;
        self.workdir
            .join(RESULTS)
            .join(format!("{name}-{hash:08x}"))
    }

    /// Runs the pipeline on `choice` (waiting for a run under way to finish), `decide`
    /// changing the decisions workbook first; the progress is pushed to every page. The
    /// error, in Chinese, where it failed.
    pub fn run(
        &self,
        settings: &Settings,
        choice: Choice,
        purpose: &'static str,
        decide: &dyn Fn(&mut Record),
    ) -> Result<Arc<Loaded>, String> {
        let _one_at_a_time = self
            .run_lock
            .lock()
            .map_err(|_| "上一次运行异常中断".to_owned())?;
        self.busy.store(true, Ordering::SeqCst);
        let generation = self.status.borrow().generation;
        self.status.send_replace(Status {
            state: "running",
            purpose,
            generation,
            ..Status::default()
        });
        let output = self.output_for(&choice.input);
        let progress = |step: Progress| {
            self.status.send_modify(|s| match step {
                Progress::Started { files } => s.files = files,
                Progress::FileRead { file, forms } => {
                    s.read += 1;
                    s.forms += forms;
                    s.file.clear();
                    s.file.push_str(file);
                }
                Progress::Writing { forms } => s.writing = forms,
                Progress::PdfWritten => s.pdfs += 1,
            });
        };
        let result = std::fs::create_dir_all(output.parent().unwrap_or(&self.workdir))
            .map_err(|e| crate::read::io_reason_zh(&e))
            .and_then(|()| {
                crate::pipeline::run_deciding(
                    &choice.input,
                    choice.previous.as_deref(),
                    &output,
                    settings,
                    Outputs::default(),
                    &progress,
                    decide,
                )
                .map_err(|e| e.to_string())
            });
        let outcome = result.map(|run| {
            let loaded = Arc::new(Loaded {
                root: choice
                    .input
                    .canonicalize()
                    .unwrap_or_else(|_| choice.input.clone()),
                choice: choice.clone(),
                output,
                places: crate::report::form_places(&run.batch, settings),
                batch: run.batch,
                finished: crate::clock::stamp(),
            });
            if let Ok(mut slot) = self.loaded.write() {
                *slot = Some(Arc::clone(&loaded));
            }
            loaded
        });
        if outcome.is_ok() {
            self.remember(choice);
        }
        self.status.send_modify(|s| {
            s.generation = generation + 1;
            match &outcome {
                Ok(loaded) => {
                    s.state = "done";
                    s.message = format!(
                        "完成：{} 个文件，{} 份表，{} 个文件未能读取",
                        loaded.batch.files,
                        loaded.batch.summaries.len(),
                        loaded.batch.rejected.len()
                    );
                }
                Err(e) => {
                    s.state = "failed";
                    s.message = e.clone();
                }
            }
        });
        self.busy.store(false, Ordering::SeqCst);
        outcome
    }

    fn remember(&self, choice: Choice) {
        if let Ok(bytes) = serde_json::to_vec_pretty(&choice) {
            // A choice not remembered costs the clerk a retyped path next time, no more.
            let _ = crate::report::write_atomic(&self.workdir.join(CHOICE_FILE), &bytes);
        }
        if let Ok(mut c) = self.choice.lock() {
            *c = Some(choice);
        }
    }

    /// A new folder for dropped files: its name.
    pub fn new_drop(&self) -> std::io::Result<String> {
        let base = crate::clock::stamp();
        let mut name = base.clone();
        let mut n = 1;
        while self.workdir.join(UPLOADS).join(&name).exists() {
            n += 1;
            name = format!("{base}-{n}");
        }
        std::fs::create_dir_all(self.workdir.join(UPLOADS).join(&name))?;
        if let Ok(mut drops) = self.drops.lock() {
            drops.insert(name.clone(), (0, 0));
        }
        Ok(name)
    }

    /// Counts a file of `bytes` into drop `name` against the limits: the drop's folder.
    pub fn admit_dropped(&self, name: &str, bytes: u64) -> Result<PathBuf, Refused> {
        let mut drops = self.drops.lock().map_err(|_| Refused::NoSuchDrop)?;
        // Only drops this server made are known: a name is never a path.
        let Some((files, total)) = drops.get_mut(name) else {
            return Err(Refused::NoSuchDrop);
        };
        let limits = self.limits;
        if bytes > limits.file_bytes {
            return Err(Refused::TooMuch(format!(
                "文件太大（{}），单个文件最多 {}",
                size_zh(bytes),
                size_zh(limits.file_bytes)
            )));
        }
        if *files + 1 > limits.files {
            return Err(Refused::TooMuch(format!(
                "一次最多拖入 {} 个文件",
                limits.files
            )));
        }
        if *total + bytes > limits.total_bytes {
            return Err(Refused::TooMuch(format!(
                "一次拖入的文件合计最多 {}",
                size_zh(limits.total_bytes)
            )));
        }
        *files += 1;
        *total += bytes;
        Ok(self.workdir.join(UPLOADS).join(name))
    }
}

/// Why a dropped file is not taken.
#[derive(Debug)]
pub enum Refused {
    /// No drop of that name was made by this server.
    NoSuchDrop,
    /// Past a limit: which, in Chinese.
    TooMuch(String),
}
