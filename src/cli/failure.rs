//! Every way a command can fail, mapped here — and only here — to the exit code and the
//! Chinese message the clerk sees.
//!
//! Exit codes: 0 done; 1 `check` found errors in the forms, or no file held a form; 2 the
//! command could not be done (a usage mistake, templates or font that cannot be used, an input folder that cannot
//! be read, an output folder that cannot be written).

use std::process::ExitCode;

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// The library refused the job: its templates, its input, its output.
    Job(zipingbiao::Error),
    /// A flag with an impossible value (`--jobs 0`).
    Usage(String),
    /// The benchmark could not generate, run or measure.
    Bench(String),
    /// Files were read but none held a form (the outputs say why, file by file).
    NoForms {
        /// The input as named.
        input: String,
        /// How many files were read.
        files: usize,
        /// Where the reason each file was not read is to be found.
        reasons: String,
    },
}

impl Failure {
    /// The process's exit code.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::NoForms { .. } => ExitCode::from(1),
            Failure::Job(_) | Failure::Usage(_) | Failure::Bench(_) => ExitCode::from(2),
        }
    }

    /// The line printed on stderr: in Chinese, every control character made visible (a
    /// path or a template's text may hold one).
    pub fn message(&self) -> String {
        let text = match self {
            Failure::Bench(m) => format!("基准测试未能完成：{m}"),
            other => other.detail(),
        };
        format!("错误：{}", zipingbiao::normalize::printable(&text))
    }

    /// What went wrong, without the 错误： the message starts with.
    pub fn detail(&self) -> String {
        match self {
            Failure::Job(e) => e.to_string(),
            Failure::Usage(m) | Failure::Bench(m) => m.clone(),
            Failure::NoForms {
                input,
                files,
                reasons,
            } => format!(
                "{input} 中读取了 {files} 个文件，没有识别出任何财政项目支出绩效自评表（找的是有“项目名称”行和项目资金表或绩效指标表的表格）；{reasons}。"
            ),
        }
    }
}

impl<E: Into<zipingbiao::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Job(e.into())
    }
}
