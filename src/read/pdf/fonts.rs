//! A page's fonts as the text interpreter needs them: how a shown string splits into
//! character codes, what each code reads as, and how far it advances.
//!
//! Only what tables need is decoded: the code's Unicode text (from the font's `/ToUnicode`
//! map or its simple encoding, through lopdf) and its advance width (`/W` of a CID font,
//! `/Widths` of a simple one). A code that maps to nothing reads as nothing, so a damaged
//! map loses characters, never the page.

use std::collections::HashMap;

use lopdf::Encoding;
use lopdf::{Dictionary, Document, Object};

use super::super::limits::MAX_PDF_STREAM_BYTES;

/// Advance of a code whose width the font does not give, in thousandths of an em.
const DEFAULT_WIDTH: f64 = 1000.0;

/// One font of a page.
pub(super) struct Font<'a> {
    /// Codes are two bytes (a composite, Type0 font), else one.
    two_byte: bool,
    encoding: Option<Encoding<'a>>,
    /// Advance widths by code, in thousandths of an em.
    widths: HashMap<u32, f64>,
    default_width: f64,
}

impl<'a> Font<'a> {
    /// The font described by `dict`. An encoding that fails to load (a damaged map) leaves
    /// the font without text rather than failing the page, unless it is a decompression bomb.
    pub(super) fn load(doc: &'a Document, dict: &'a Dictionary) -> Result<Self, lopdf::Error> {
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let encoding = match dict.get_font_encoding_with_limit(doc, MAX_PDF_STREAM_BYTES) {
            // A composite font is read through its map to Unicode (or a UTF-16 CMap); a
            // one-byte encoding lopdf falls back to would read its codes as garbage.
            Ok(Encoding::OneByteEncoding(_) | Encoding::Differences(_)) if two_byte => None,
            Ok(encoding) => Some(encoding),
            Err(e @ lopdf::Error::Decompress(_)) => return Err(e),
            Err(_) => None,
        };
        let mut font = Font {
            two_byte,
            encoding,
            widths: HashMap::new(),
            default_width: DEFAULT_WIDTH,
        };
        if two_byte {
            font.read_cid_widths(doc, dict);
        } else {
            font.read_simple_widths(doc, dict);
        }
        Ok(font)
    }

    /// `/Widths` from `/FirstChar` on; codes outside them advance half an em.
    fn read_simple_widths(&mut self, doc: &Document, dict: &Dictionary) {
        self.default_width = 500.0;
        let first = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
        let Ok(widths) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) else {
            return;
        };
        for (i, w) in widths.iter().enumerate().take(256) {
            if let Ok(w) = number(doc, w) {
                self.widths.insert((first + i as i64) as u32, w);
            }
        }
    }

    /// `/DW` and `/W` of the descendant CID font: `c [w1 w2 …]` and `c1 c2 w` entries.
    fn read_cid_widths(&mut self, doc: &Document, dict: &Dictionary) {
        let Some(cid) = dict
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|d| doc.dereference(d).ok())
            .and_then(|(_, d)| d.as_dict().ok())
        else {
            return;
        };
        if let Ok(dw) = cid.get(b"DW").and_then(|d| number(doc, d)) {
            self.default_width = dw;
        }
        let Ok(w) = cid.get_deref(b"W", doc).and_then(Object::as_array) else {
            return;
        };
        let mut i = 0;
        // At most 65,536 codes: a two-byte font has no more.
        while i + 1 < w.len() && self.widths.len() <= 1 << 16 {
            let Ok(first) = number(doc, &w[i]) else { break };
            let first = first as u32;
            match doc.dereference(&w[i + 1]).map(|(_, o)| o) {
                Ok(Object::Array(list)) => {
                    for (k, width) in list.iter().enumerate().take(1 << 16) {
                        if let Ok(width) = number(doc, width) {
                            self.widths.insert(first.saturating_add(k as u32), width);
                        }
                    }
                    i += 2;
                }
                _ => {
                    let (Ok(last), Some(Ok(width))) =
                        (number(doc, &w[i + 1]), w.get(i + 2).map(|o| number(doc, o)))
                    else {
                        break;
                    };
                    let last = (last as u32).min(first.saturating_add(1 << 16));
                    for code in first..=last {
                        self.widths.insert(code, width);
                    }
                    i += 3;
                }
            }
        }
    }

    /// The codes of a shown string, each with its text and advance (in em) and whether it
    /// is the single-byte code 32, which word spacing applies to.
    pub(super) fn codes(&self, bytes: &[u8]) -> Vec<Code> {
        let step = if self.two_byte { 2 } else { 1 };
        bytes
            .chunks(step)
            .map(|chunk| {
                let code = chunk.iter().fold(0u32, |c, &b| c << 8 | u32::from(b));
                let width = self
                    .widths
                    .get(&code)
                    .copied()
                    .unwrap_or(self.default_width);
                Code {
                    text: self.text(code, chunk),
                    advance: width / 1000.0,
                    is_space: !self.two_byte && code == 32,
                }
            })
            .collect()
    }

    fn text(&self, code: u32, bytes: &[u8]) -> String {
        match &self.encoding {
            Some(Encoding::UnicodeMapEncoding(map)) => map
                .get(code, bytes.len() as u8)
                .map(|units: Vec<u16>| String::from_utf16_lossy(units.as_slice()))
                .unwrap_or_default(),
            Some(encoding) => encoding.bytes_to_string(bytes).unwrap_or_default(),
            None => String::new(),
        }
    }
}

/// One character code of a shown string.
pub(super) struct Code {
    /// What it reads as (usually one character; empty where the font does not say).
    pub text: String,
    /// How far it moves the pen, in em.
    pub advance: f64,
    /// The single-byte space, widened by word spacing.
    pub is_space: bool,
}

/// An integer or real, through a reference.
pub(super) fn number(doc: &Document, o: &Object) -> Result<f64, lopdf::Error> {
    doc.dereference(o)
        .and_then(|(_, o)| o.as_float())
        .map(f64::from)
}
