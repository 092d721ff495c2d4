//! What a page is in the document, before its content is played back: its box, its
//! resources, and how many operations its content holds (counted before any decoding, so
//! a page of millions is refused at the cost of one scan); and the rectangle arithmetic
//! the interpreter uses.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::fonts::number;

/// A rectangle in PDF user space (y up): x0, y0, x1, y1.
pub(super) type Area = [f64; 4];

/// How many operators a content stream holds, at most: its words that start with a letter
/// or a quote, outside strings, names and comments (a cheap scan, before any decoding).
pub(super) fn operators(content: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < content.len() {
        match content[i] {
            b'(' => {
                // A string: nested parentheses, backslash escapes.
                let mut depth = 1;
                i += 1;
                while i < content.len() && depth > 0 {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            b'%' => {
                while i < content.len() && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'/' => {
                // A name.
                i += 1;
                while i < content.len() && is_regular(content[i]) {
                    i += 1;
                }
                continue;
            }
            b'<' | b'>' | b'[' | b']' | b'{' | b'}' => {}
            b if b.is_ascii_whitespace() => {}
            first => {
                let start = i;
                while i < content.len() && is_regular(content[i]) {
                    i += 1;
                }
                if first.is_ascii_alphabetic() || first == b'\'' || first == b'"' {
                    count += 1;
                }
                if i > start {
                    continue;
                }
            }
        }
        i += 1;
    }
    count
}

/// A byte that can be part of a word of a content stream.
fn is_regular(b: u8) -> bool {
    !b.is_ascii_whitespace() && !b"()<>[]{}/%".contains(&b)
}

/// The smallest area holding `points`.
pub(super) fn bbox(points: &[(f64, f64)]) -> Area {
    points.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |[x0, y0, x1, y1], &(x, y)| [x0.min(x), y0.min(y), x1.max(x), y1.max(y)],
    )
}

/// The smallest area holding both.
pub(super) fn union(a: Area, b: Area) -> Area {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// Where both areas overlap (empty where x0 > x1 or y0 > y1).
pub(super) fn intersect(a: Area, b: Area) -> Area {
    [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ]
}

/// The page's media box (crop box where there is one), inherited from its parents.
pub(super) fn media_box(doc: &Document, page: &Dictionary) -> Option<Area> {
    let mut node = page;
    for _ in 0..32 {
        for key in [b"CropBox".as_slice(), b"MediaBox"] {
            if let Ok(a) = node.get_deref(key, doc).and_then(Object::as_array) {
                let v: Vec<f64> = a.iter().filter_map(|o| number(doc, o).ok()).collect();
                if let [x0, y0, x1, y1] = v[..]
                    && x0.is_finite()
                    && (x1 - x0).abs() > 1.0
                    && (y1 - y0).abs() > 1.0
                {
                    return Some([x0, y0, x1, y1]);
                }
            }
        }
        node = node
            .get_deref(b"Parent", doc)
            .and_then(Object::as_dict)
            .ok()?;
    }
    None
}

/// The page's resource dictionaries, its own first, then those inherited.
pub(super) fn page_resources(doc: &Document, page_id: ObjectId) -> Vec<&Dictionary> {
    let Ok((own, inherited)) = doc.get_page_resources(page_id) else {
        return Vec::new();
    };
    own.into_iter()
        .chain(
            inherited
                .iter()
                .filter_map(|&id| doc.get_dictionary(id).ok()),
        )
        .collect()
}
