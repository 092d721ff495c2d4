//! A laid-out form or booklet made a PDF document: pages and footers, the embedded font
//! (cut to the glyphs used), deterministic bytes, streams compressed at a chosen level.

use super::*;

/// The same id in every document, so the same input gives the same bytes (printpdf's own
/// ids come from a process-wide counter). Six capitals: it becomes the font's subset tag.
pub(super) fn font_id() -> FontId {
    FontId("ZPBFNT".to_owned())
}

pub(super) fn lay_out(font: &Font, blocks: &[Block]) -> Vec<Page> {
    let mut layout = Layout::new(font, font_id());
    for block in blocks {
        layout.add(block);
    }
    layout.pages
}

pub(super) fn with_footers(font: &Font, pages: Vec<Page>, first: usize, total: usize) -> Vec<Page> {
    let mut layout = Layout::new(font, font_id());
    layout.pages = pages;
    layout.add_footers(first, total);
    layout.pages
}

pub(super) fn document(font: &ParsedFont, title: &str, pages: Vec<Page>) -> PdfDocument {
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

pub(super) fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
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
pub(super) fn narrowed_font<'a>(
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
pub(super) fn finish(lo: lopdf::Document, identity: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing into memory cannot fail for want of space; an error here would be lopdf's.
    let _ = finish_to(lo, identity, &mut bytes);
    bytes
}

pub(super) fn finish_to(
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
pub(super) const PDF_COMPRESSION: u32 = 6;

/// Deflates every stream not yet filtered (page contents, the font subset, the ToUnicode
/// map), as lopdf's `compress` does, at [`PDF_COMPRESSION`].
pub(super) fn compress(lo: &mut lopdf::Document) {
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
