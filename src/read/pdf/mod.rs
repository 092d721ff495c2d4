//! PDFs: told apart before anything is read from them. A scan (pages of images, no text) can
//! only be retyped, an encrypted or broken file cannot be opened, and one past the limits is
//! refused for its size; each says what to do. A PDF with a text layer is not yet read into
//! a grid either: it is asked for as the workbook or the Word document it was printed from.
//!
//! Loading is bounded like the other readers: the file's size (`MAX_FILE_BYTES`), the pages
//! ([`MAX_PDF_PAGES`]), and what any one stream may inflate to ([`MAX_PDF_STREAM_BYTES`],
//! object and cross-reference streams included), so a decompression bomb is refused, not
//! inflated.

use lopdf::{Document, LoadOptions};

use super::grid::Grid;
use super::limits::{Limit, MAX_PDF_PAGES, MAX_PDF_STREAM_BYTES};
use super::{GridReader, ReadError};

/// Reads `.pdf` files (as far as telling them apart; see the module).
#[derive(Debug, Clone, Copy)]
pub struct PdfReader;

impl GridReader for PdfReader {
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
        let options = LoadOptions {
            max_decompressed_size: Some(MAX_PDF_STREAM_BYTES),
            ..LoadOptions::default()
        };
        let doc = Document::load_mem_with_options(bytes, options).map_err(load_error)?;
        let pages = doc.get_pages();
        if pages.len() > MAX_PDF_PAGES {
            return Err(Limit::PdfPages(pages.len()).into());
        }
        let mut text = false;
        for &page in pages.values() {
            let content = doc
                .get_page_content_with_limit(page, MAX_PDF_STREAM_BYTES)
                .map_err(load_error)?;
            if shows_text(&content) {
                text = true;
                break;
            }
        }
        if text {
            Err(ReadError::PdfNotRead)
        } else {
            Err(ReadError::Scanned)
        }
    }
}

fn load_error(e: lopdf::Error) -> ReadError {
    match e {
        lopdf::Error::Decryption(_) => ReadError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            Limit::PdfStream(limit as u64).into()
        }
        other => ReadError::Corrupt(format!("PDF 无法解析（{other}）")),
    }
}

/// True where a page's content shows text: a `Tj`, `TJ`, `'` or `"` operator, after the
/// string or array it shows (a scan's pages only paint images).
fn shows_text(content: &[u8]) -> bool {
    let is_space = |b: u8| b.is_ascii_whitespace();
    content.windows(2).enumerate().any(|(i, w)| {
        let op = w == b"Tj" || w == b"TJ";
        let before = i.checked_sub(1).map(|j| content[j]);
        let after = content.get(i + 2).copied();
        op && before.is_some_and(|b| is_space(b) || matches!(b, b')' | b'>' | b']'))
            && after.is_none_or(is_space)
    }) || content
        .windows(2)
        .any(|w| matches!(w, [b')', b'\''] | [b')', b'"']))
}

#[cfg(test)]
mod tests;
