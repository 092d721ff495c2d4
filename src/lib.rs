#![deny(missing_docs)]
//! 绩效自评表 — reads, checks and re-scores fiscal project expenditure performance
//! self-evaluation forms (财政项目支出绩效自评表).
//!
//! The stages, one module each, data flowing one way (`tests/layers.rs` holds the code to
//! it):
//!
//! [`read`] (files → grids of cells with provenance) → [`extract`] (grids → forms, by
//! labels) → [`model`] (the typed form) → [`check`] (validate, re-score, grade), configured
//! by [`config`] (the templates a user may edit, and the font); [`batch`] holds a folder's
//! forms, [`report`] writes forms.json, summary.xlsx and the PDFs from it, and [`pipeline`]
//! runs it all over a folder ([`run`]).
//!
//! # Example
//!
//! Read one submitted file, extract its forms, re-score each and print its grade:
//!
//! ```
//! use zipingbiao::{Settings, assess, extract_forms, read_file};
//!
//! let settings = Settings::builtin();
//! let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
//!     .join("samples/songnan-2023-self-evaluation.txt");
//! let grids = read_file(&file).expect("the sample is a readable text copy");
//! let forms = extract_forms(&grids[0], "songnan.txt", &settings.vocab).expect("within limits");
//! assert_eq!(forms.len(), 5);
//! for form in &forms {
//!     let a = assess(form, &settings.rules, &settings.vocab);
//!     println!(
//!         "{}：自评 {}，复核 {} 分（{}）",
//!         form.project_name.value,
//!         a.reported_grade,
//!         a.rescored_total,
//!         a.rescored_grade
//!     );
//! }
//! let first = assess(&forms[0], &settings.rules, &settings.vocab);
//! assert_eq!(first.rescored_grade, zipingbiao::Grade::Excellent);
//! ```
//!
//! The whole job — every file of a folder, the outputs written atomically — is
//! [`run`]`(input, output, &settings)`, which is what `cargo run --release` does on
//! `samples/`.

pub mod batch;
#[doc(hidden)]
pub mod bench;
pub mod check;
pub mod clock;
pub mod compare;
pub mod config;
mod error;
pub mod extract;
pub mod isolate;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod review;
pub mod serve;

pub use batch::{Batch, FormSummary};
pub use check::{Assessment, Grade, assess};
pub use config::Settings;
pub use error::{Error, Result};
pub use extract::extract_forms;
pub use model::{Form, Rejection};
pub use pipeline::{Run, run, run_against, run_with};
pub use read::{RejectionCode, read_file};
pub use report::{Outputs, Progress};
