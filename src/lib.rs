//! 绩效自评表 — reads, checks and re-scores fiscal project expenditure performance
//! self-evaluation forms (财政项目支出绩效自评表).
//!
//! The pipeline, one stage a module, data flowing one way:
//! [`read`] (files → grids) → [`extract`] (grids → forms) → [`model`] (the typed form) →
//! [`check`] (validate, re-score, grade) → [`report`] (JSON). [`pipeline`] runs it over a
//! folder.

pub mod batch;
pub mod bench;
pub mod check;
pub mod config;
mod error;
pub mod extract;
pub mod isolate;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod report;

pub use batch::{Batch, FormSummary};
pub use check::{Assessment, Grade, assess};
pub use config::Settings;
pub use error::{Error, Result};
pub use extract::extract_forms;
pub use model::{Form, Rejection};
pub use pipeline::{Run, run, run_with};
pub use read::{RejectionCode, read_file};
pub use report::{Outputs, Progress};
