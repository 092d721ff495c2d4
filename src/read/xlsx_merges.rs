//! A worksheet's merged ranges without reading its cells again.
//!
//! calamine finds a sheet's `<mergeCells>` by parsing the whole sheet XML event by event
//! up to them — every cell a second time, after the cells pass: 9% of the instructions a
//! workbook's reading took. `<mergeCells>` follows `<sheetData>` (ECMA-376 Part 1, 18.3.1.99,
//! CT_Worksheet's sequence), and no `<` stands unescaped in text, so the sheet's last
//! `</sheetData>` end tag marks where the cells end: only what follows is parsed.
//!
//! The sheet's part is found as calamine finds it: the package's officeDocument
//! relationship names the workbook, the workbook's relationships each sheet's part, paths
//! looked up case-insensitively with `\` read as `/`; sheets paired with calamine's list by
//! their order in the workbook. Wherever a step does not hold (a missing part, a sheet
//! without `</sheetData>`, a reference that is no cell range), [`Merges::of`] says `None`
//! and calamine reads that sheet's merges itself. Only the part after the cells is kept in
//! memory, at most 16 MB of it.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The parts of a workbook's sheets, and the package to read them from.
pub struct Merges<'a> {
    zip: Zip<'a>,
    /// Lower-case path with `/` → the member's name as stored.
    names: HashMap<String, String>,
    /// Each sheet's part, in the workbook's order.
    parts: Vec<String>,
}

impl<'a> Merges<'a> {
    /// The package in `bytes` (already checked by `package::check`), its sheets' parts
    /// resolved; `None` where they cannot be.
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let names = zip
            .file_names()
            .flatten()
            .map(|n| (n.replace('\\', "/").to_ascii_lowercase(), n.into_owned()))
            .collect();
        let mut merges = Merges {
            zip,
            names,
            parts: Vec::new(),
        };
        merges.parts = merges.sheet_parts()?;
        Some(merges)
    }

    /// How many sheets the workbook lists (chart sheets included), in its order.
    pub fn sheets(&self) -> usize {
        self.parts.len()
    }

    /// The merged ranges of the workbook's sheet number `index` (in the workbook's order,
    /// chart sheets counted), or `None` where this way cannot tell.
    pub fn of(&mut self, index: usize) -> Option<Vec<Dimensions>> {
        let part = self.parts.get(index)?.clone();
        let name = self.stored_name(&part);
        let sheet = self.zip.by_name(&name).ok()?;
        merge_cells(&after_cells(sheet, 1 << 16)?)
    }

    /// The member's name as stored for `path` (looked up as calamine does).
    fn stored_name(&self, path: &str) -> String {
        self.names
            .get(&path.to_ascii_lowercase())
            .cloned()
            .unwrap_or_else(|| path.to_owned())
    }

    /// The whole member at `path`: the package's small parts (relationships, workbook).
    fn member(&mut self, path: &str) -> Option<Vec<u8>> {
        let name = self.stored_name(path);
        let mut file = self.zip.by_name(&name).ok()?;
        // The size was checked against the package's limits before any reader ran.
        let mut bytes = Vec::with_capacity(usize::try_from(file.size()).ok()?);
        file.read_to_end(&mut bytes).ok()?;
        Some(bytes)
    }

    /// Each sheet's part, in the workbook's order.
    fn sheet_parts(&mut self) -> Option<Vec<String>> {
        let package = self.member("_rels/.rels")?;
        let workbook = relationships(&package)
            .into_iter()
            .find(|r| r.kind.ends_with("/relationships/officeDocument"))?
            .target;
        let (dir, name) = match workbook.rfind('/') {
            Some(i) => workbook.split_at(i + 1),
            None => ("", workbook.as_str()),
        };
        let dir = dir.strip_prefix('/').unwrap_or(dir).to_owned();
        let name = if name.is_empty() {
            "workbook.xml"
        } else {
            name
        };
        let rels = self.member(&format!("{dir}_rels/{name}.rels"))?;
        let targets: HashMap<String, String> = relationships(&rels)
            .into_iter()
            .map(|r| (r.id, r.target))
            .collect();
        let book = self.member(&format!("{dir}{name}"))?;
        let mut parts = Vec::new();
        let mut reader = quick_xml::Reader::from_reader(book.as_slice());
        loop {
            match reader.read_event().ok()? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                    let id = attribute(&e, |key| key == "id" || key.ends_with(":id"))?;
                    let target = targets.get(&id)?;
                    parts.push(match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_owned(),
                        None => format!("{dir}{target}"),
                    });
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Some(parts)
    }
}

/// A relationship of a `.rels` part.
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// The relationships of a `.rels` part; none where it does not parse.
fn relationships(xml: &[u8]) -> Vec<Relationship> {
    let mut found = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let get = |name: &str| attribute(&e, |key| key == name).unwrap_or_default();
                found.push(Relationship {
                    id: get("Id"),
                    kind: get("Type"),
                    target: get("Target"),
                });
            }
            Ok(Event::Eof) | Err(_) => return found,
            _ => {}
        }
    }
}

/// The unescaped value of the first attribute whose name `wanted` accepts.
fn attribute(e: &BytesStart, wanted: impl Fn(&str) -> bool) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| wanted(a.key.as_ref()))
        .and_then(|a| {
            quick_xml::escape::unescape(a.value.as_ref())
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Where the sheet's cells end: just after its last `</sheetData>` (or `</x:sheetData>`)
/// end tag; `None` where it has none (an empty `<sheetData/>`).
fn sheet_data_end(xml: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"sheetData>";
    let mut search = xml.len();
    while let Some(at) = find_last(&xml[..search], NAME) {
        // Back over a prefix (`x:`) to the `</` that opens the tag.
        let mut open = at;
        if open > 0 && xml[open - 1] == b':' {
            let prefix = xml[..open - 1]
                .iter()
                .rev()
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
                .count();
            open = if prefix > 0 { open - 1 - prefix } else { 0 };
        }
        if open >= 2 && &xml[open - 2..open] == b"</" {
            return Some(at + NAME.len());
        }
        search = at;
    }
    None
}

/// What follows the sheet's cells (after its last `</sheetData>`), read from `sheet` in
/// chunks of `chunk` bytes: only the bytes from the last end tag seen on are kept (a few
/// before any, for a tag split between chunks), so memory is the tail's, not the sheet's.
/// `None` where there is no end tag, the member does not inflate, or the tail passes
/// [`MAX_TAIL`] (calamine's pass, which streams, reads that sheet).
fn after_cells(mut sheet: impl Read, chunk: usize) -> Option<Vec<u8>> {
    // Enough for `</` and a prefix of any length a producer writes.
    const OVERLAP: usize = 64;
    let mut tail: Vec<u8> = Vec::new();
    let mut found = false;
    let mut buf = vec![0u8; chunk];
    loop {
        let n = match sheet.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        // Only the new bytes (and the overlap before them) are searched: a tail read
        // whole at every chunk would cost the square of its length.
        let from = tail.len().saturating_sub(OVERLAP);
        tail.extend_from_slice(&buf[..n]);
        if let Some(end) = sheet_data_end(&tail[from..]) {
            tail.drain(..from + end);
            found = true;
        } else if !found {
            tail.drain(..tail.len().saturating_sub(OVERLAP));
        }
        if tail.len() > MAX_TAIL {
            return None;
        }
    }
    found.then_some(tail)
}

/// The most of a sheet after its cells this way keeps (mergeCells, page setup, lists of
/// conditional formats): 16 MB.
const MAX_TAIL: usize = 16 << 20;

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(haystack, needle)
}

/// The `ref`s of the `<mergeCell>`s inside `<mergeCells>` in `tail` (what follows the
/// cells); `None` where one is no cell range or the XML does not parse.
fn merge_cells(tail: &[u8]) -> Option<Vec<Dimensions>> {
    // The tail opens inside <worksheet>: a root of our own gives its end tag a start.
    let mut wrapped = Vec::with_capacity(tail.len() + 3);
    wrapped.extend_from_slice(b"<r>");
    wrapped.extend_from_slice(tail);
    let mut reader = quick_xml::Reader::from_reader(wrapped.as_slice());
    reader.config_mut().check_end_names = false;
    let mut inside = false;
    let mut found = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "mergeCells" => inside = true,
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => inside = false,
            Event::Start(e) | Event::Empty(e)
                if inside && e.local_name().as_ref() == "mergeCell" =>
            {
                if let Some(range) = attribute(&e, |key| key == "ref") {
                    found.push(dimension(&range)?);
                }
            }
            Event::Eof => return Some(found),
            _ => {}
        }
    }
}

/// `B2:D5` (or `B2`, a range of one cell) as 0-based (row, column) corners.
fn dimension(range: &str) -> Option<Dimensions> {
    let mut corners = range.split(':').map(cell);
    let start = corners.next()??;
    let end = match corners.next() {
        Some(end) => end?,
        None => start,
    };
    if corners.next().is_some() {
        return None;
    }
    Some(Dimensions { start, end })
}

/// `D5` → (4, 3), `$D$5` alike.
fn cell(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (col, row) = reference.split_at(letters);
    if col.is_empty() || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = col.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cells_end_at_the_last_sheet_data_end_tag() {
        let xml = b"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>sheetData&gt;</t></is></c></row></sheetData><mergeCells/></worksheet>";
        let end = sheet_data_end(xml).expect("an end tag");
        assert!(xml[..end].ends_with(b"</sheetData>"));
        let prefixed = b"<x:worksheet><x:sheetData></x:sheetData><x:mergeCells/></x:worksheet>";
        let end = sheet_data_end(prefixed).expect("a prefixed end tag");
        assert!(prefixed[..end].ends_with(b"</x:sheetData>"));
        assert_eq!(sheet_data_end(b"<worksheet><sheetData/></worksheet>"), None);
        // Text that only spells the name is no tag.
        assert_eq!(sheet_data_end(b"<t>mysheetData></t>"), None);
    }

    #[test]
    fn the_tail_is_found_across_chunks_and_bounded() {
        let xml: &[u8] = b"<x:worksheet><x:sheetData><x:row/></x:sheetData><x:mergeCells><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>";
        // Every chunk size, so the end tag is split at every place.
        for chunk in 1..xml.len() + 2 {
            let tail = after_cells(xml, chunk).expect("a tail");
            assert!(tail.starts_with(b"<x:mergeCells>"), "chunk {chunk}");
            let found = merge_cells(&tail).expect("parses");
            assert_eq!(found.len(), 1, "chunk {chunk}");
        }
        assert_eq!(
            after_cells(&b"<worksheet><sheetData/></worksheet>"[..], 4),
            None
        );
        let mut long = b"<worksheet><sheetData></sheetData><extLst>".to_vec();
        long.resize(long.len() + MAX_TAIL + 1, b' ');
        assert_eq!(after_cells(long.as_slice(), 1 << 16), None);
    }

    #[test]
    fn merges_are_read_from_the_tail() {
        let tail = b"<sheetCalcPr/><mergeCells count=\"3\"><mergeCell ref=\"A1:I1\"/><mergeCell ref=\"$B$3:B5\"></mergeCell><mergeCell ref=\"AA10\"/></mergeCells><pageMargins/></worksheet>";
        let found = merge_cells(tail).expect("parses");
        let corners: Vec<_> = found.iter().map(|d| (d.start, d.end)).collect();
        assert_eq!(
            corners,
            [((0, 0), (0, 8)), ((2, 1), (4, 1)), ((9, 26), (9, 26))]
        );
        assert_eq!(
            merge_cells(b"<mergeCells><mergeCell ref=\"A0:B2\"/></mergeCells>"),
            None
        );
        assert_eq!(
            merge_cells(b"<mergeCells><mergeCell ref=\"1:2\"/></mergeCells>"),
            None
        );
        assert_eq!(merge_cells(b"<pageMargins/></worksheet>"), Some(Vec::new()));
    }
}

#[cfg(test)]
mod against_calamine {
    use calamine::Reader;

    /// Every workbook the tests hold: each sheet's merges read this way are calamine's.
    #[test]
    fn every_workbook_here_gives_calamines_merges() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sheets = 0;
        let mut left_to_calamine = Vec::new();
        for folder in ["samples", "samples-2022", "tests"] {
            for entry in walkdir::WalkDir::new(root.join(folder))
                .into_iter()
                .flatten()
            {
                let path = entry.path();
                let is_xlsx = path.extension().is_some_and(|e| {
                    e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm")
                });
                if !is_xlsx {
                    continue;
                }
                let Ok(bytes) = std::fs::read(path) else {
                    continue;
                };
                let Ok(mut wb) = calamine::Xlsx::new(std::io::Cursor::new(bytes.as_slice())) else {
                    continue;
                };
                let Some(mut quick) = super::Merges::new(&bytes) else {
                    continue;
                };
                let names: Vec<String> = wb.sheet_names().to_vec();
                assert_eq!(quick.sheets(), names.len(), "{}", path.display());
                for (i, name) in names.iter().enumerate() {
                    let Ok(expected) = wb.merge_cells_by_sheet_name(name) else {
                        continue;
                    };
                    match quick.of(i) {
                        Some(found) => {
                            assert_eq!(found, expected, "{} sheet {name}", path.display());
                            sheets += 1;
                        }
                        None => left_to_calamine.push(format!("{} {name}", path.display())),
                    }
                }
            }
        }
        eprintln!("{sheets} sheets compared; left to calamine: {left_to_calamine:#?}");
        assert!(sheets > 100, "only {sheets} sheets compared");
        // Only damaged packages (refused before any reader runs) are left to calamine.
        assert!(
            left_to_calamine
                .iter()
                .all(|s| s.contains("fuzz-regressions")),
            "{left_to_calamine:?}"
        );
    }
}
