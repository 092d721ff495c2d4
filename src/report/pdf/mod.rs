//! Printable PDFs: one clean A4 form per project (`pdf/<主管部门>/<实施单位>/<项目名称>.pdf`)
//! and `booklet.pdf` for the batch — cover, contents, every form, nested bookmarks, page
//! numbers running through. The font is parsed once and shared; forms render in parallel.

mod analysis;
mod booklet;
mod document;
pub mod font;
pub(crate) mod form;
pub(crate) mod layout;
pub(crate) mod text;
pub mod writer;

pub use analysis::render_report;
pub use booklet::{write_booklet, write_booklets};
use document::*;
pub use form::{INDICATOR_WIDTHS, money};
pub use layout::PAD_X;
pub use text::wrap;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::batch::{GradeCounts, Statistics};
use crate::extract::vocabulary::Vocabulary;
use crate::isolate::catching;
use crate::report::Context;
use crate::report::Progress;
use crate::report::SkippedPdf;
use crate::report::durable::{Syncer, write_staged};

use font::Font;
use layout::{Align, Block, Cell, Layout, Page, Row, Table};

/// One form as a PDF; an error only where the font cannot be cut (see [`writer`]).
pub fn render_form(
    font: &Font,
    form: &crate::model::Form,
    a: &crate::check::Assessment,
    review: bool,
    vocab: &Vocabulary,
) -> std::io::Result<Vec<u8>> {
    FormPages::new(font, form, a, review, vocab).into_pdf(font)
}

/// A form laid out on its pages, footers included: everything its PDF shows.
struct FormPages {
    title: String,
    identity: String,
    pages: Vec<Page>,
}

impl FormPages {
    fn new(
        font: &Font,
        form: &crate::model::Form,
        a: &crate::check::Assessment,
        review: bool,
        vocab: &Vocabulary,
    ) -> Self {
        let pages = lay_out(font, &form::blocks(form, a, review, vocab));
        let total = pages.len();
        FormPages {
            title: crate::normalize::printable(&form.project_name.value).into_owned(),
            identity: match form.source.part {
                0 => format!(
                    "{}|{:?}|{}",
                    form.source.file, form.source.sheet, form.source.row
                ),
                part => format!(
                    "{}|{:?}|{}|{part}",
                    form.source.file, form.source.sheet, form.source.row
                ),
            },
            pages: with_footers(font, pages, 1, total),
        }
    }

    /// The PDF, its text set in `font`. Into memory: only the font's subsetter can fail,
    /// on a font it cannot cut (which the settings refuse when they load).
    fn into_pdf(self, font: &Font) -> std::io::Result<Vec<u8>> {
        pdf_bytes(font, &self.title, &self.identity, &self.pages, &[])
    }
}

/// Longest name a file or folder of the output gets, in UTF-8 bytes: well inside the 255
/// bytes of ext4 and the 255 UTF-16 units of NTFS, with room for `（12）.pdf`, and short
/// enough that `pdf/部门/单位/项目.pdf` stays usable on Windows.
const NAME_BYTES: usize = 150;
/// And in characters, for Windows' 260-character paths.
const NAME_CHARS: usize = 60;

/// A name Windows and every other system accept: no `<>:"/\\|?*` or control characters, no
/// leading or trailing dot or space, no reserved device name, not empty, at most
/// `NAME_CHARS` characters and `NAME_BYTES` bytes (cut at a character).
pub fn safe_name(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        let c =
            if "<>:\"/\\|?*".contains(c) || c.is_control() || crate::normalize::is_unprintable(c) {
                '_'
            } else {
                c
            };
        if s.chars().count() >= NAME_CHARS || s.len() + c.len_utf8() > NAME_BYTES {
            break;
        }
        s.push(c);
    }
    let s = s
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned();
    let stem = s
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(&stem.as_str())
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if s.is_empty() {
        "未命名".to_owned()
    } else if reserved {
        format!("_{s}")
    } else {
        s
    }
}

/// The PDF path of each form (relative to the output folder), in the workbook's order;
/// a name used twice gets （2）, （3）.
pub fn form_paths(ctx: &Context) -> Vec<PathBuf> {
    let mut used: HashSet<String> = HashSet::new();
    ctx.rows()
        .map(|form| {
            let dir = Path::new("pdf")
                .join(safe_name(&form.department))
                .join(safe_name(&form.unit));
            // A duplicate's PDF is named after its own file, so both copies can be seen.
            let stem = match form.duplicate_of {
                None => safe_name(&form.project),
                Some(_) => {
                    let file = form.source.file.rsplit('/').next().unwrap_or_default();
                    let project: String = form.project.chars().take(24).collect();
                    safe_name(&format!("{project}（重复·{file}）"))
                }
            };
            let mut n = 1;
            loop {
                let name = if n == 1 {
                    format!("{stem}.pdf")
                } else {
                    format!("{stem}（{n}）.pdf")
                };
                let path = dir.join(name);
                if used.insert(path.to_string_lossy().to_lowercase()) {
                    return path;
                }
                n += 1;
            }
        })
        .collect()
}

/// Writes every form's PDF under `out/pdf/` and `out/booklet.pdf`.
///
/// A batch of more than `booklet_max_forms` forms gets one booklet per 主管部门 instead,
/// `booklet/<主管部门>.pdf`: a booklet is laid out whole in memory (~300 KB a form), and a
/// province's tens of thousands of forms are printed department by department anyway.
pub fn write_pdfs(
    out: &Path,
    ctx: &Context,
    font: &Font,
    review: bool,
    booklet_max_forms: usize,
    sync: &Syncer,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<Vec<SkippedPdf>> {
    let mut skipped = write_form_pdfs(out, ctx, font, review, sync, progress)?;
    skipped.extend(write_booklets(
        out,
        ctx,
        font,
        review,
        booklet_max_forms,
        sync,
    )?);
    Ok(skipped)
}

/// Writes every form's PDF under `out/pdf/`, in parallel, each written as soon as it is
/// rendered. A form whose PDF cannot be made (its layout fails, its file cannot be
/// written) is skipped and returned with the reason; the others are written.
pub fn write_form_pdfs(
    out: &Path,
    ctx: &Context,
    font: &Font,
    review: bool,
    sync: &Syncer,
    progress: &(dyn Fn(Progress) + Sync),
) -> std::io::Result<Vec<SkippedPdf>> {
    let paths = form_paths(ctx);
    let folders: BTreeSet<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
    for folder in folders {
        std::fs::create_dir_all(out.join(folder))?;
    }
    let skip = |i: usize, reason: String| SkippedPdf {
        file: ctx.batch.summaries[i].source.file.clone(),
        project: ctx.batch.summaries[i].project.clone(),
        reason,
    };
    let skipped: Vec<SkippedPdf> = ctx
        .order
        .par_iter()
        .zip(&paths)
        .map(|(&i, path)| {
            let (form, a) = ctx.load(i)?;
            let written = catching(|| {
                FormPages::new(font, &form, &a, review, &ctx.settings.vocab).into_pdf(font)
            })
            .map_err(|what| format!("排版时程序内部出错（{what}）"))
            .and_then(|pdf| pdf.map_err(|e| format!("字体“{}”无法嵌入（{e}）", font.name)))
            .and_then(|pdf| {
                write_staged(&out.join(path), sync, |w| w.write_all(&pdf))
                    .map_err(|e| format!("无法写出文件（{}）", crate::read::io_reason_zh(&e)))
            });
            progress(Progress::PdfWritten);
            Ok(written.err().map(|reason| skip(i, reason)))
        })
        .collect::<std::io::Result<Vec<Option<SkippedPdf>>>>()?
        .into_iter()
        .flatten()
        .collect();
    Ok(skipped)
}

#[cfg(test)]
mod tests;
