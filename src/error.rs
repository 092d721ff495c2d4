//! The crate's error: one variant per stage that can stop a job, each keeping its stage's
//! own typed error as its source. A file that cannot be read never stops a job — it becomes
//! a [`crate::model::Rejection`] with a [`crate::read::RejectionCode`] — so these are the
//! failures of the job itself: its templates, its input folder, its output folder.

use crate::config::ConfigError;
use crate::pipeline::RunError;

/// Why a job could not be done. Every message is in Chinese, for the clerk who ran it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The templates or the font cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The input folder cannot be read or the output folder cannot be written.
    #[error(transparent)]
    Run(#[from] RunError),
    /// A file the user named (the fill-in template, a temporary file) cannot be written.
    #[error("无法写入 {path}：{detail}")]
    Write {
        /// The file or folder.
        path: String,
        /// The system's reason, in Chinese.
        detail: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A failed write to `path`, its reason said in Chinese.
    pub fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        Error::Write {
            path: path.display().to_string(),
            detail: crate::read::io_reason_zh(&source),
            source,
        }
    }
}

/// A result whose error is the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
