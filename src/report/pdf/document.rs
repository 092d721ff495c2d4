//! A laid-out form, report or booklet made a PDF document: pages and footers, then the file
//! written by [`super::writer`] (the font cut to the glyphs used, deterministic bytes).

use super::*;
use writer::{Glyphs, Image, Writer};

pub(super) fn lay_out(font: &Font, blocks: &[Block]) -> Vec<Page> {
    let mut layout = Layout::new(font);
    for block in blocks {
        layout.add(block);
    }
    layout.pages
}

pub(super) fn with_footers(font: &Font, pages: Vec<Page>, first: usize, total: usize) -> Vec<Page> {
    let mut layout = Layout::new(font);
    layout.pages = pages;
    layout.add_footers(first, total);
    layout.pages
}

/// A document of these pages (footers included) and pictures, as the bytes of a PDF; its
/// identifier derived from `identity`, so the same input gives the same bytes.
pub(super) fn pdf_bytes(
    font: &Font,
    title: &str,
    identity: &str,
    pages: &[Page],
    images: &[(String, Image)],
) -> std::io::Result<Vec<u8>> {
    let mut glyphs = Glyphs::default();
    glyphs.learn(font, pages);
    let mut bytes = Vec::new();
    let mut w = Writer::new(&mut bytes)?;
    for (name, image) in images {
        w.image(name, image)?;
    }
    for page in pages {
        let content = w.content_of(&writer::encode(font, &glyphs, page))?;
        w.page(&[content])?;
    }
    w.finish(font, &glyphs, title, identity, None, &[])?;
    Ok(bytes)
}
