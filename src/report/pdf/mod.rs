//! Printable PDFs: one clean A4 form per project (`pdf/<主管部门>/<实施单位>/<项目名称>.pdf`)
//! and `booklet.pdf` for the batch — cover, contents, every form, nested bookmarks, page
//! numbers running through. The font is parsed once and shared; forms render in parallel.

pub mod font;
pub(crate) mod form;
pub(crate) mod layout;
pub(crate) mod text;

pub use form::{INDICATOR_WIDTHS, money};
pub use layout::PAD_X;
pub use text::wrap;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use lopdf::Bookmark;
use printpdf::{FontId, Mm, ParsedFont, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};
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

/// The same id in every document, so the same input gives the same bytes (printpdf's own
/// ids come from a process-wide counter). Six capitals: it becomes the font's subset tag.
fn font_id() -> FontId {
    FontId("ZPBFNT".to_owned())
}

fn lay_out(font: &Font, blocks: &[Block]) -> Vec<Page> {
    let mut layout = Layout::new(font, font_id());
    for block in blocks {
        layout.add(block);
    }
    layout.pages
}

fn with_footers(font: &Font, pages: Vec<Page>, first: usize, total: usize) -> Vec<Page> {
    let mut layout = Layout::new(font, font_id());
    layout.pages = pages;
    layout.add_footers(first, total);
    layout.pages
}

fn document(font: &ParsedFont, title: &str, pages: Vec<Page>) -> PdfDocument {
    let mut doc = PdfDocument::new(title);
    doc.resources
        .fonts
        .map
        .insert(font_id(), PdfFont::new(font.clone()));
    doc.pages = pages
        .into_iter()
        .map(|p| PdfPage::new(Mm(layout::PAGE_W), Mm(layout::PAGE_H), p.ops))
        .collect();
    doc
}

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    }
}

/// One form as a PDF.
pub fn render_form(
    font: &Font,
    form: &crate::model::Form,
    a: &crate::check::Assessment,
    review: bool,
    vocab: &Vocabulary,
) -> Vec<u8> {
    FormPages::new(font, form, a, review, vocab).into_pdf(&font.parsed)
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
            identity: format!(
                "{}|{:?}|{}",
                form.source.file, form.source.sheet, form.source.row
            ),
            pages: with_footers(font, pages, 1, total),
        }
    }

    /// The PDF, its text set in `font` (the run's font, or a part of it holding every
    /// glyph the pages show: the same glyphs, the same PDF).
    fn into_pdf(self, font: &ParsedFont) -> Vec<u8> {
        let doc = document(font, &self.title, self.pages);
        finish(
            doc.to_lopdf_document(&save_options(), &mut Vec::new()),
            &self.identity,
        )
    }
}

/// The part of `font` that these pages show, as a font of its own; `None` where it cannot
/// be made or would not show every character as the whole font does (the PDFs then subset
/// the whole font).
///
/// Each PDF embeds only the glyphs it uses, and cutting them out goes through every glyph
/// of the font it is cut from: 57,063 in the bundled CJK font, which made subsetting half
/// the time of writing a form's PDF. Cut once for a slice of forms first, each form's own
/// cut goes through a few thousand.
fn narrowed_font<'a>(
    font: &ParsedFont,
    pages: impl Iterator<Item = &'a Page>,
) -> Option<ParsedFont> {
    let mut chars: BTreeSet<char> = BTreeSet::new();
    for page in pages {
        for op in &page.ops {
            let printpdf::Op::ShowText { items } = op else {
                continue;
            };
            for item in items {
                if let printpdf::TextItem::Text(text) = item {
                    chars.extend(text.chars());
                }
            }
        }
    }
    let glyphs: BTreeMap<u16, String> = chars
        .iter()
        .filter_map(|&c| Some((font.lookup_glyph_index(c as u32)?, c.to_string())))
        .collect();
    let part = printpdf::subset_font(font, &glyphs).ok()?;
    // TrueType outlines only: a cut of a CFF font (.otf) came back mapping characters the
    // font lacks to glyphs it has.
    if !part.bytes.starts_with(&[0, 1, 0, 0]) {
        return None;
    }
    let mut narrowed = ParsedFont::from_bytes(&part.bytes, 0, &mut Vec::new())?;
    let same = chars.iter().all(|&c| {
        match (
            font.lookup_glyph_index(c as u32),
            narrowed.lookup_glyph_index(c as u32),
        ) {
            (None, None) => true,
            (Some(whole), Some(cut)) => {
                font.get_horizontal_advance(whole) == narrowed.get_horizontal_advance(cut)
            }
            _ => false,
        }
    });
    if !same {
        return None;
    }
    // The cut leaves out OS/2, from which the PDF's font descriptor takes the weight
    // (/StemV): describe the part as the whole it was cut from.
    narrowed.pdf_font_metrics = font.pdf_font_metrics;
    Some(narrowed)
}

/// Gives the document a file identifier derived from what it shows (printpdf draws one
/// from a process-wide counter, which differs between runs when forms render in
/// parallel), compresses it and writes it out.
fn finish(lo: lopdf::Document, identity: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail for want of space; an error here would be lopdf's.
    let _ = finish_to(lo, identity, &mut bytes);
    bytes
}

fn finish_to(
    mut lo: lopdf::Document,
    identity: &str,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // FNV-1a: stable across runs and platforms, which is all an /ID needs to be here.
    let hash = |seed: u64| {
        identity.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
        })
    };
    let id = format!(
        "{:016X}{:016X}",
        hash(0xCBF2_9CE4_8422_2325),
        hash(0x8422_2325_CBF2_9CE4)
    );
    let id = lopdf::Object::string_literal(id);
    lo.trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    compress(&mut lo);
    lo.save_to(&mut std::io::BufWriter::new(out))?;
    Ok(())
}

/// zlib level for the PDFs' streams: zlib's default. lopdf compresses at 9, the hardest
/// search for matches, which made the per-form PDFs ~10% slower to write for files 0.5%
/// smaller (2,000 forms: 7.3–7.8 s against 6.5–7.1 s; 71.4 MB against 71.7 MB).
const PDF_COMPRESSION: u32 = 6;

/// Deflates every stream not yet filtered (page contents, the font subset, the ToUnicode
/// map), as lopdf's `compress` does, at [`PDF_COMPRESSION`].
fn compress(lo: &mut lopdf::Document) {
    use std::io::Write;
    // Streams are independent: a booklet's thousands of pages deflate on every core.
    lo.objects.par_iter_mut().for_each(|(_, object)| {
        let lopdf::Object::Stream(stream) = object else {
            return;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            return;
        }
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(PDF_COMPRESSION));
        // Into memory: cannot fail but for want of memory; then the stream stays as it is.
        let Ok(compressed) = encoder
            .write_all(&stream.content)
            .and_then(|()| encoder.finish())
        else {
            return;
        };
        // As lopdf: only where it saves more than the filter entry costs.
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    });
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

/// `booklet.pdf`, or `booklet/<主管部门>.pdf` past `booklet_max_forms` forms.
pub fn write_booklets(
    out: &Path,
    ctx: &Context,
    font: &Font,
    review: bool,
    booklet_max_forms: usize,
    sync: &Syncer,
) -> std::io::Result<Vec<SkippedPdf>> {
    // A duplicate has its own PDF; the booklet prints each project once.
    let counted = Context {
        batch: ctx.batch,
        settings: ctx.settings,
        input: ctx.input,
        order: ctx
            .order
            .iter()
            .copied()
            .filter(|&i| ctx.batch.summaries[i].counted())
            .collect(),
    };
    let ctx = &counted;
    let skipped = std::sync::Mutex::new(Vec::new());
    if ctx.order.len() <= booklet_max_forms {
        write_staged(&out.join("booklet.pdf"), sync, |w| {
            write_booklet(ctx, font, review, w, &skipped)
        })?;
        return Ok(skipped.into_inner().unwrap_or_default());
    }
    let folder = out.join("booklet");
    std::fs::create_dir_all(&folder)?;
    let mut used: HashSet<String> = HashSet::new();
    for part in by_department(ctx) {
        // Two names that become one file name (A/B, A_B) or differ only in case get （2）.
        let stem = safe_name(&ctx.batch.summaries[part.order[0]].department);
        let name = (1..)
            .map(|n| match n {
                1 => format!("{stem}.pdf"),
                n => format!("{stem}（{n}）.pdf"),
            })
            .find(|name| used.insert(name.to_lowercase()))
            .unwrap_or_default();
        write_staged(&folder.join(name), sync, |w| {
            write_booklet(&part, font, review, w, &skipped)
        })?;
    }
    Ok(skipped.into_inner().unwrap_or_default())
}

/// The context split by 主管部门, each part in the workbook's order.
fn by_department<'a>(ctx: &Context<'a>) -> Vec<Context<'a>> {
    let mut parts: Vec<Context<'a>> = Vec::new();
    let mut last: Option<&str> = None;
    for &i in &ctx.order {
        let department = ctx.batch.summaries[i].department.as_str();
        match parts.last_mut() {
            Some(part) if last == Some(department) => part.order.push(i),
            _ => parts.push(Context {
                batch: ctx.batch,
                settings: ctx.settings,
                input: ctx.input,
                order: vec![i],
            }),
        }
        last = Some(department);
    }
    parts
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
    let slices = ctx
        .order
        .chunks(FORMS_PER_FONT)
        .zip(paths.chunks(FORMS_PER_FONT));
    let mut skipped = Vec::new();
    for (forms, paths) in slices {
        let laid: Vec<Result<FormPages, String>> = forms
            .par_iter()
            .map(|&i| {
                let (form, a) = ctx.load(i)?;
                Ok(catching(|| {
                    FormPages::new(font, &form, &a, review, &ctx.settings.vocab)
                }))
            })
            .collect::<std::io::Result<_>>()?;
        let part = narrowed_font(
            &font.parsed,
            laid.iter()
                .filter_map(|f| f.as_ref().ok())
                .flat_map(|f| &f.pages),
        );
        let slice_font = part.as_ref().unwrap_or(&font.parsed);
        let failed: Vec<SkippedPdf> = laid
            .into_par_iter()
            .zip(paths)
            .zip(forms)
            .filter_map(|((pages, path), &i)| {
                let written = pages
                    .and_then(|p| catching(|| p.into_pdf(slice_font)))
                    .map_err(|what| format!("排版时程序内部出错（{what}）"))
                    .and_then(|pdf| {
                        write_staged(&out.join(path), sync, |w| w.write_all(&pdf)).map_err(|e| {
                            format!("无法写出文件（{}）", crate::read::io_reason_zh(&e))
                        })
                    });
                progress(Progress::PdfWritten);
                written.err().map(|reason| skip(i, reason))
            })
            .collect();
        skipped.extend(failed);
    }
    Ok(skipped)
}

/// How many forms' PDFs share one cut of the font (see [`narrowed_font`]).
const FORMS_PER_FONT: usize = 128;

/// The booklet: cover, contents, every form; bookmarks per department, unit and project.
/// Written straight to `out`; each stage's copy of the pages is dropped once the next has
/// been made, since a large batch's booklet runs to tens of thousands of pages.
/// A form whose layout fails gets a page saying so, and is added to `skipped`.
pub fn write_booklet(
    ctx: &Context,
    font: &Font,
    review: bool,
    out: &mut dyn std::io::Write,
    skipped: &std::sync::Mutex<Vec<SkippedPdf>>,
) -> std::io::Result<()> {
    let forms: Vec<Vec<Page>> =
        ctx.order
            .par_iter()
            .map(|&i| {
                let (form, a) = ctx.load(i)?;
                Ok(catching(|| {
                    lay_out(font, &form::blocks(&form, &a, review, &ctx.settings.vocab))
                })
                .unwrap_or_else(|what| {
                    let summary = &ctx.batch.summaries[i];
                    if let Ok(mut list) = skipped.lock() {
                        list.push(SkippedPdf {
                            file: summary.source.file.clone(),
                            project: summary.project.clone(),
                            reason: format!("汇编中此表排版时程序内部出错（{what}）"),
                        });
                    }
                    let text = format!("《{}》无法排版（{what}），请查看原表。", summary.project);
                    lay_out(
                        font,
                        &[Block::Text {
                            text,
                            size: 12.0,
                            align: Align::Left,
                        }],
                    )
                }))
            })
            .collect::<std::io::Result<_>>()?;
    let cover = lay_out(font, &cover_blocks(ctx));
    // The contents' length does not depend on the page numbers it shows (they are short),
    // so lay it out once to count its pages, then again with the numbers.
    let count = lay_out(font, &contents_blocks(ctx, &vec![0; forms.len()])).len();
    let mut starts = Vec::with_capacity(forms.len());
    let mut next = cover.len() + count + 1;
    for pages in &forms {
        starts.push(next);
        next += pages.len();
    }
    let contents = lay_out(font, &contents_blocks(ctx, &starts));
    let total = next - 1;
    let mut pages = cover;
    pages.extend(contents);
    pages.extend(forms.into_iter().flatten());
    let pages = with_footers(font, pages, 1, total);
    let doc = document(&font.parsed, "财政项目支出绩效自评汇编", pages);
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save_options(), &mut warnings);
    drop(doc);
    add_bookmarks(&mut lo, ctx, &starts);
    let identity: String = ctx
        .rows()
        .map(|f| format!("{}|{:?}|{};", f.source.file, f.source.sheet, f.source.row))
        .collect();
    finish_to(lo, &identity, out)
}

/// Nested bookmarks: 主管部门 → 实施单位 → 项目, each at its first page.
fn add_bookmarks(lo: &mut lopdf::Document, ctx: &Context, starts: &[usize]) {
    let page_ids = lo.get_pages();
    let page = |n: usize| page_ids.get(&(n as u32)).copied();
    let mut departments: BTreeMap<&str, u32> = BTreeMap::new();
    let mut units: BTreeMap<(&str, &str), u32> = BTreeMap::new();
    let black = [0.0, 0.0, 0.0];
    for (form, &start) in ctx.rows().zip(starts) {
        let Some(target) = page(start) else { continue };
        let department = form.department.as_str();
        let unit = form.unit.as_str();
        let d = *departments.entry(department).or_insert_with(|| {
            lo.add_bookmark(
                Bookmark::new(or_unnamed(department), black, 1, target),
                None,
            )
        });
        let u = *units.entry((department, unit)).or_insert_with(|| {
            lo.add_bookmark(Bookmark::new(or_unnamed(unit), black, 0, target), Some(d))
        });
        lo.add_bookmark(
            Bookmark::new(or_unnamed(&form.project), black, 0, target),
            Some(u),
        );
    }
    if let Some(outline) = lo.build_outline()
        && let Ok(catalog) = lo.catalog_mut()
    {
        catalog.set("Outlines", lopdf::Object::Reference(outline));
        catalog.set("PageMode", lopdf::Object::Name(b"UseOutlines".to_vec()));
    }
}

/// A bookmark's title: printable, at most a line long, `（未填写）` where empty.
fn or_unnamed(s: &str) -> String {
    let s = crate::normalize::printable(s);
    if s.trim().is_empty() {
        "（未填写）".to_owned()
    } else {
        s.chars().take(120).collect()
    }
}

fn cover_blocks(ctx: &Context) -> Vec<Block> {
    let stats = Statistics::of(ctx.rows());
    let year = match stats.years.as_slice() {
        [] => String::new(),
        [y] => format!("{y}年度"),
        [first, .., last] => format!("{first}—{last}年度"),
    };
    let departments: HashSet<&str> = ctx.rows().map(|f| f.department.as_str()).collect();
    let grades = |counts: &GradeCounts| {
        counts
            .iter()
            .map(|(g, n)| format!("{g} {n}"))
            .collect::<Vec<_>>()
            .join("，")
    };
    let rate = stats
        .execution_rate()
        .map_or_else(|| "—".to_owned(), crate::normalize::percent_string);
    // Duplicates of this booklet's departments: not in it, and said so.
    let left_out = ctx
        .batch
        .summaries
        .iter()
        .filter(|f| !f.counted() && departments.contains(f.department.as_str()))
        .count();
    let duplicates = match left_out {
        0 => "无".to_owned(),
        n => format!(
            "另有 {n} 份与他表重复，未编入本册、未计入以上合计（见 summary.xlsx 汇总表“计入合计”列）"
        ),
    };
    let kv = |k: &str, v: String| {
        Row::new(vec![
            Cell::new(0, k).align(Align::Center).shaded(),
            Cell::new(1, v),
        ])
    };
    vec![
        Block::Space(55.0),
        Block::Text {
            text: format!("{year}财政项目支出绩效自评汇编"),
            size: 22.0,
            align: Align::Center,
        },
        Block::Space(8.0),
        Block::Text {
            text: "（含复核意见）".to_owned(),
            size: 12.0,
            align: Align::Center,
        },
        Block::Space(25.0),
        Block::Table(Table {
            widths: vec![50.0, 130.0],
            header: vec![],
            rows: vec![
                kv("主管部门", format!("{} 个", stats.departments)),
                kv("实施单位", format!("{} 个", stats.units)),
                kv("自评表", format!("{} 份", stats.forms)),
                kv(
                    "年初预算数合计",
                    format!("{} 元", form::money(stats.initial)),
                ),
                kv(
                    "全年预算数合计",
                    format!("{} 元", form::money(stats.adjusted)),
                ),
                kv(
                    "全年执行数合计",
                    format!("{} 元（执行率 {rate}）", form::money(stats.executed)),
                ),
                kv("自评等级分布", grades(&stats.reported)),
                kv("复核等级分布", grades(&stats.rescored)),
                kv("重复报送", duplicates),
                kv(
                    "复核发现问题",
                    format!(
                        "错误 {}，警告 {}，提示 {}",
                        stats.findings.errors, stats.findings.warnings, stats.findings.infos
                    ),
                ),
            ],
        }),
    ]
}

fn contents_blocks(ctx: &Context, starts: &[usize]) -> Vec<Block> {
    let header = Row::new(
        ["序号", "主管部门", "实施单位", "项目名称", "页码"]
            .iter()
            .enumerate()
            .map(|(i, h)| Cell::new(i, *h).align(Align::Center).shaded())
            .collect(),
    );
    let rows = ctx
        .rows()
        .zip(starts)
        .enumerate()
        .map(|(i, (form, start))| {
            Row::new(vec![
                Cell::new(0, (i + 1).to_string()).align(Align::Center),
                Cell::new(1, &form.department),
                Cell::new(2, &form.unit),
                Cell::new(3, &form.project),
                Cell::new(
                    4,
                    if *start == 0 {
                        "0000".to_owned()
                    } else {
                        start.to_string()
                    },
                )
                .align(Align::Right),
            ])
        })
        .collect();
    vec![
        Block::Text {
            text: "目　录".to_owned(),
            size: 16.0,
            align: Align::Center,
        },
        Block::Space(4.0),
        Block::Table(Table {
            widths: vec![12.0, 45.0, 50.0, 55.0, 18.0],
            header: vec![header],
            rows,
        }),
    ]
}

#[cfg(test)]
mod tests;
