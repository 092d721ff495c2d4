//! PDFs: a form printed or exported to PDF (WPS and Excel "导出为PDF", a LibreOffice print, the
//! copies published with the final accounts, this tool's own printouts) read back into one
//! grid for the whole document.
//!
//! Each page is played back (`content.rs`: characters with their boxes, ruling lines), its
//! tables rebuilt from the rules (`table.rs`), and the pages put one under another
//! (`layout.rs`), so a table continued on the next page continues the form. Where no page
//! has a ruled table, the lines are split at wide gaps into an untrusted grid, which the
//! extractor aligns by content as it does a text copy.
//!
//! A scan (pages of images, no text) can only be retyped, an encrypted or broken file
//! cannot be opened, and one past the limits is refused for its size; each says what to do.
//! Loading is bounded like the other readers: the file's size (`MAX_FILE_BYTES`), the pages
//! ([`MAX_PDF_PAGES`]), what any one stream may inflate to ([`MAX_PDF_STREAM_BYTES`],
//! object and cross-reference streams included, so a decompression bomb is refused, not
//! inflated), the drawing operations of a page
//! ([`MAX_PDF_PAGE_OPERATIONS`](super::limits::MAX_PDF_PAGE_OPERATIONS), counted before they
//! are decoded) and the characters of the document ([`MAX_CELLS`]).

mod content;
mod fonts;
mod layout;
mod page;
mod pieces;
mod table;

use lopdf::{Document, LoadOptions};

use super::grid::Grid;
use super::limits::{Limit, MAX_CELLS, MAX_PDF_PAGES, MAX_PDF_STREAM_BYTES};
use super::{GridReader, ReadError};

/// Reads `.pdf` files.
#[derive(Debug, Clone, Copy)]
pub struct PdfReader;

impl GridReader for PdfReader {
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
        let options = LoadOptions {
            max_decompressed_size: Some(MAX_PDF_STREAM_BYTES),
            ..LoadOptions::default()
        };
        let doc = Document::load_mem_with_options(bytes, options).map_err(load_error)?;
        let page_ids = doc.get_pages();
        if page_ids.len() > MAX_PDF_PAGES {
            return Err(Limit::PdfPages(page_ids.len()).into());
        }
        let mut interpreter = content::Interpreter::new(&doc);
        let mut pages: Vec<content::Page> = Vec::with_capacity(page_ids.len());
        let mut glyphs = 0u64;
        for (i, &id) in page_ids.values().enumerate() {
            let page = interpreter.page(id, i as u32 + 1)?;
            glyphs = glyphs.saturating_add(page.glyphs.len() as u64);
            if glyphs > MAX_CELLS {
                return Err(Limit::Cells {
                    sheet: "PDF".to_owned(),
                    rows: pages.len() as u64 + 1,
                    cols: 1,
                    cell: None,
                }
                .into());
            }
            pages.push(page);
        }
        if glyphs == 0 {
            let unmapped = pages.iter().any(|p| p.unmapped > 0);
            return Err(if unmapped {
                ReadError::PdfNotRead
            } else {
                ReadError::Scanned
            });
        }
        if pieces::printed_by_spreadsheet(&doc) {
            pages = pieces::join(pages);
        }
        Ok(vec![layout::grid(&pages)?])
    }
}

pub(super) fn load_error(e: lopdf::Error) -> ReadError {
    match e {
        lopdf::Error::Decryption(_) => ReadError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { limit }) => {
            Limit::PdfStream(limit as u64).into()
        }
        other => ReadError::Corrupt(format!("PDF 无法解析（{other}）")),
    }
}

#[cfg(test)]
mod tests;
