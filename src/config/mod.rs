//! Everything a user may adapt without recompiling, loaded and checked in one place:
//! `templates/form.toml` (labels per layout, comparator words, the taxonomy),
//! `templates/scoring.toml` (the scoring rules and grade bands), `templates/report.toml`
//! (how the PDFs are made) and the font they are set in.
//!
//! The defaults are compiled in; `--templates DIR` replaces each file that exists in `DIR`.
//! Every file is parsed and validated before any input is read, so a mistake in one stops
//! the run at once with the file named, never halfway through a batch.

pub mod font;

use std::path::{Path, PathBuf};

use crate::check::rules::{Rules, RulesError};
use crate::extract::vocabulary::{Vocabulary, VocabularyError};
use font::{FontChoice, FontError};

/// The compiled-in `templates/report.toml`.
pub const DEFAULT_REPORT: &str = include_str!("../../templates/report.toml");

/// What a user may adapt without recompiling, loaded and validated.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `form.toml`: labels, layouts, comparator words, the taxonomy.
    pub vocab: Vocabulary,
    /// `scoring.toml`: how forms are re-scored and graded.
    pub rules: Rules,
    /// `report.toml`: how the PDFs are made.
    pub report: ReportOptions,
    /// The font the PDFs are set in (`report.toml`'s `font`, or `--font`).
    pub font: FontChoice,
    /// How many whole forms a run keeps in memory; past that they wait in a temporary file
    /// beside the output (see [`crate::batch::Batch`]).
    pub forms_in_memory: usize,
}

/// [`Settings::forms_in_memory`] by default. A form held in memory costs ~35 KB of heap
/// (many small strings, and the allocator's slack around them) against ~0.5 KB for its
/// summary, and writing it to the spill and reading it back (twice: forms.json and 指标明细,
/// then again for the PDFs) was an eighth of a 2,000-form run's processor time: a city's few
/// thousand forms stay in memory (~100 MB at most), a province's go to disk. The same
/// bound as a single booklet's (`booklet_max_forms`).
pub const FORMS_IN_MEMORY: usize = 3_000;

/// `[pdf]` of `templates/report.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// Print the 复核意见 block after each form.
    pub review: bool,
    /// Past this many forms, one booklet per 主管部门 instead of one for the batch.
    pub booklet_max_forms: usize,
    /// The notices to units.
    pub notice: NoticeOptions,
}

/// How the notices that send returned forms back are made (`[notice]` of report.toml).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeOptions {
    /// Who sends them.
    #[serde(default = "default_office")]
    pub office: String,
    /// By when the corrected forms are to come back, as the notice says it.
    #[serde(default = "default_reply_by")]
    pub reply_by: String,
    /// One notice per 主管部门 or per 实施单位.
    #[serde(default)]
    pub per: NoticePer,
}

impl Default for NoticeOptions {
    fn default() -> Self {
        NoticeOptions {
            office: default_office(),
            reply_by: default_reply_by(),
            per: NoticePer::Department,
        }
    }
}

/// Whom a notice goes to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticePer {
    /// One per 主管部门.
    #[default]
    Department,
    /// One per 实施单位.
    Unit,
}

fn default_office() -> String {
    "财政局预算绩效管理科".to_owned()
}

fn default_reply_by() -> String {
    "收到本通知后10个工作日内".to_owned()
}

/// `templates/report.toml` as written.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile {
    pdf: PdfSection,
    #[serde(default)]
    notice: NoticeOptions,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PdfSection {
    /// A font file; empty for the bundled one. Relative to the folder of report.toml.
    #[serde(default)]
    font: PathBuf,
    #[serde(default)]
    font_index: usize,
    review: bool,
    #[serde(default = "default_booklet_max_forms")]
    booklet_max_forms: usize,
}

fn default_booklet_max_forms() -> usize {
    3_000
}

/// A template that cannot be used, said so the user can fix the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A template file, or the templates folder, cannot be read.
    #[error("模板文件 {path} 无法读取：{detail}")]
    Read {
        /// The file or folder as named.
        path: String,
        /// Why, in Chinese.
        detail: String,
        /// The system's error, where one is to blame.
        #[source]
        source: Option<std::io::Error>,
    },
    /// `form.toml` is malformed or inconsistent.
    #[error("模板文件 {path} {source}")]
    Form {
        /// The file as named.
        path: String,
        /// What is wrong in it.
        source: VocabularyError,
    },
    /// `scoring.toml` is malformed or inconsistent.
    #[error("模板文件 {path} {source}")]
    Scoring {
        /// The file as named.
        path: String,
        /// What is wrong in it.
        source: RulesError,
    },
    /// `report.toml` is malformed.
    #[error("模板文件 {path} 格式有误：{detail}")]
    Report {
        /// The file as named.
        path: String,
        /// The TOML parser's message.
        detail: String,
    },
    /// The font named in `report.toml` or by `--font` cannot be used.
    #[error(transparent)]
    Font(#[from] FontError),
}

impl Settings {
    /// The compiled-in templates and the bundled font.
    pub fn builtin() -> Self {
        Settings {
            vocab: Vocabulary::builtin(),
            rules: Rules::builtin(),
            // The default report.toml is part of the program and covered by tests.
            report: parse_report(DEFAULT_REPORT, "templates/report.toml")
                .expect("the built-in templates/report.toml is valid")
                .0,
            font: FontChoice::Bundled,
            forms_in_memory: FORMS_IN_MEMORY,
        }
    }

    /// The templates in `dir` where given (each file that exists there replaces the
    /// built-in one), else the built-in ones; a font `report.toml` names is loaded and
    /// checked too.
    pub fn load(dir: Option<&Path>) -> Result<Self, ConfigError> {
        let mut settings = Settings::builtin();
        let Some(dir) = dir else {
            return Ok(settings);
        };
        let [form, scoring, report] =
            ["form.toml", "scoring.toml", "report.toml"].map(|name| dir.join(name));
        if !form.exists() && !scoring.exists() && !report.exists() {
            return Err(ConfigError::Read {
                path: dir.display().to_string(),
                detail: "文件夹中没有 form.toml、scoring.toml 或 report.toml".to_owned(),
                source: None,
            });
        }
        if report.exists() {
            let (text, path) = read_template(&report)?;
            let (options, font) = parse_report(&text, &path)?;
            settings.report = options;
            if let Some((file, index)) = font {
                let file = if file.is_relative() {
                    dir.join(file)
                } else {
                    file
                };
                settings.font = FontChoice::load(&file, index)?;
            }
        }
        if form.exists() {
            let (text, path) = read_template(&form)?;
            settings.vocab =
                Vocabulary::parse(&text).map_err(|source| ConfigError::Form { path, source })?;
        }
        if scoring.exists() {
            let (text, path) = read_template(&scoring)?;
            settings.rules =
                Rules::parse(&text).map_err(|source| ConfigError::Scoring { path, source })?;
        }
        Ok(settings)
    }

    /// These settings with the PDFs set in the font file `path` (face `index` of a `.ttc`),
    /// read and checked now.
    pub fn with_font(mut self, path: &Path, index: usize) -> Result<Self, ConfigError> {
        self.font = FontChoice::load(path, index)?;
        Ok(self)
    }
}

/// A template file's text and its path as shown in messages.
fn read_template(path: &Path) -> Result<(String, String), ConfigError> {
    let shown = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((text, shown)),
        Err(e) => Err(ConfigError::Read {
            path: shown,
            detail: crate::read::io_reason_zh(&e),
            source: Some(e),
        }),
    }
}

/// `report.toml`'s options, and the font file it names (with its face) where it names one.
fn parse_report(
    text: &str,
    path: &str,
) -> Result<(ReportOptions, Option<(PathBuf, usize)>), ConfigError> {
    let file: ReportFile = toml::from_str(text).map_err(|e| ConfigError::Report {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    let pdf = file.pdf;
    let font = (!pdf.font.as_os_str().is_empty()).then_some((pdf.font, pdf.font_index));
    let options = ReportOptions {
        review: pdf.review,
        booklet_max_forms: pdf.booklet_max_forms,
        notice: file.notice,
    };
    Ok((options, font))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_font_in_report_toml_fails_the_load_with_the_font_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("report.toml"),
            "[pdf]\nfont = \"无此字体.ttf\"\nreview = true\n",
        )
        .unwrap();
        let err = Settings::load(Some(dir.path())).unwrap_err().to_string();
        assert!(err.starts_with("字体文件 "), "{err}");
        assert!(
            err.contains("无此字体.ttf") && err.contains("找不到该文件"),
            "{err}"
        );
    }

    #[test]
    fn each_file_error_names_its_file_and_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("scoring.toml"), "[grades\n").unwrap();
        let err = Settings::load(Some(dir.path())).unwrap_err();
        assert!(matches!(
            err,
            ConfigError::Scoring {
                source: RulesError::Syntax(_),
                ..
            }
        ));
        let shown = err.to_string();
        assert!(shown.contains("scoring.toml 格式有误："), "{shown}");

        let empty = tempfile::tempdir().unwrap();
        let err = Settings::load(Some(empty.path())).unwrap_err().to_string();
        assert!(err.contains("文件夹中没有 form.toml"), "{err}");
    }
}
