//! The PDF file itself, written as it is made: each page's content goes out as soon as it is
//! drawn (compressed), and only object numbers and byte offsets stay in memory, so a
//! booklet of any size is written in the memory of a few forms. The text is set in the run's
//! font, embedded as the part of it the document shows (cut by `subsetter`), as a CID font
//! with Identity-H encoding, glyph widths and a ToUnicode map, so the text can be copied and
//! searched. Pages are ordered at the end, so a booklet's cover and contents, made last (they
//! need every form's page numbers), still come first.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, Write};

use flate2::{Compress, Compression, FlushCompress, Status};

use super::font::{Font, PT_MM};
use super::layout::{Op, PAGE_H, PAGE_W, Page};

/// zlib level for the PDFs' page contents: zlib's default. Level 9, the hardest search
/// for matches, made the per-form PDFs ~10% slower to write for files 0.5% smaller.
const PDF_COMPRESSION: u32 = 6;

/// zlib level for the embedded font program: glyph outlines are three fifths of what a
/// form's PDF compresses and shrink little (50 KB to 30 KB at level 6); the fastest level
/// gives nearly as much for a fraction of the time.
const FONT_COMPRESSION: u32 = 1;

/// What the content streams call the font.
pub const FONT_NAME: &str = "F1";

/// A picture drawn on a page: RGB pixels, row by row.
pub struct Image<'a> {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// Three bytes a pixel.
    pub rgb: &'a [u8],
}

/// The glyphs a document shows, renumbered densely for its font subset, with what the
/// PDF's font dictionaries need of each: width and the character it shows.
#[derive(Default)]
pub struct Glyphs {
    remapper: subsetter::GlyphRemapper,
    /// Width of each new glyph (index = new glyph id), in thousandths of an em.
    widths: Vec<u32>,
    /// The character each new glyph shows, for the ToUnicode map.
    chars: BTreeMap<u16, char>,
}

impl Glyphs {
    /// Takes in every glyph the pages' text uses. Only after this can [`encode`] set them.
    pub fn learn<'p>(&mut self, font: &Font, pages: impl IntoIterator<Item = &'p Page>) {
        for page in pages {
            for op in &page.ops {
                if let Op::Text { text, .. } = op {
                    self.learn_text(font, text);
                }
            }
        }
    }

    /// Takes in the glyphs of `text`, for [`show`].
    pub fn learn_text(&mut self, font: &Font, text: &str) {
        for c in text.chars() {
            if let Some((gid, advance)) = font.glyph(c) {
                self.add(gid, advance, c);
            }
        }
    }

    fn add(&mut self, gid: u16, advance: f32, c: char) {
        if self.remapper.get(gid).is_some() {
            return;
        }
        let new = self.remapper.remap(gid);
        let index = usize::from(new);
        if self.widths.len() <= index {
            self.widths.resize(index + 1, 0);
        }
        self.widths[index] = (advance * 1000.0).round().max(0.0) as u32;
        self.chars.insert(new, c);
    }
}

/// A page's drawing as a content stream, its text in the glyph numbers of `glyphs` (which
/// must have learnt the page). Coordinates are the layout's millimetres from the page's top
/// left, turned into points from its bottom left.
pub fn encode(font: &Font, glyphs: &Glyphs, page: &Page) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(page.ops.len() * 64);
    let pt = |mm: f32| num(mm / PT_MM);
    let mut line_width = false;
    // Writing into a String cannot fail.
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                baseline,
                size,
                text,
            } => {
                let _ = writeln!(
                    s,
                    "BT /{FONT_NAME} {} Tf {} {} Td {} ET",
                    num(*size),
                    pt(*x),
                    pt(PAGE_H - baseline),
                    show(font, glyphs, text)
                );
            }
            Op::Rect { x, y, w, h, shaded } => {
                let rect = format!("{} {} {} {} re", pt(*x), pt(PAGE_H - y - h), pt(*w), pt(*h));
                if *shaded {
                    let _ = writeln!(s, "0.92 g {rect} f 0 g");
                }
                if !line_width {
                    s.push_str("0.5 w\n");
                    line_width = true;
                }
                let _ = writeln!(s, "{rect} S");
            }
            Op::Image { id, x, y, w, h } => {
                let _ = writeln!(
                    s,
                    "q {} 0 0 {} {} {} cm /{id} Do Q",
                    pt(*w),
                    pt(*h),
                    pt(*x),
                    pt(PAGE_H - y - h)
                );
            }
        }
    }
    s.into_bytes()
}

/// `text` as a text-showing operator (`<…> Tj`) for a content stream whose font is `/F1`:
/// glyph numbers, two bytes each; a character the font has no glyph for (a space it lacks:
/// others were replaced by □ when laid out) moves on by one em, as the layout measured it.
pub fn show(font: &Font, glyphs: &Glyphs, text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 2 + 8);
    out.push('<');
    let mut gaps = false;
    for c in text.chars() {
        match font.glyph(c).and_then(|(gid, _)| glyphs.remapper.get(gid)) {
            Some(new) => {
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(HEX[usize::from(new >> shift & 0xF)]));
                }
            }
            None => {
                out.push_str("> -1000 <");
                gaps = true;
            }
        }
    }
    out.push('>');
    if gaps {
        format!("[{out}] TJ")
    } else {
        out.push_str(" Tj");
        out
    }
}

/// A number as content streams write it: at most three decimals, no trailing zeros.
/// Written by hand: formatting floats was a tenth of a PDF's cost.
pub fn num(v: f32) -> String {
    let thousandths = (f64::from(v) * 1000.0).round() as i64;
    let (sign, t) = if thousandths < 0 {
        ("-", thousandths.unsigned_abs())
    } else {
        ("", thousandths.unsigned_abs())
    };
    let (whole, frac) = (t / 1000, t % 1000);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 100 == 0 => format!("{sign}{whole}.{}", f / 100),
        f if f % 10 == 0 => format!("{sign}{whole}.{:02}", f / 10),
        f => format!("{sign}{whole}.{f:03}"),
    }
}

/// Deflated, where that makes the stream smaller. Each thread keeps one compressor and
/// resets it: a new one per stream allocated and zeroed its window and tables, which cost
/// more than compressing a page's few kilobytes.
pub fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        static DEFLATER: RefCell<Compress> =
            RefCell::new(Compress::new(Compression::new(PDF_COMPRESSION), true));
    }
    DEFLATER.with(|z| deflate_with(&mut z.borrow_mut(), data))
}

/// [`deflate`] at [`FONT_COMPRESSION`].
fn deflate_font(data: &[u8]) -> Option<Vec<u8>> {
    thread_local! {
        static DEFLATER: RefCell<Compress> =
            RefCell::new(Compress::new(Compression::new(FONT_COMPRESSION), true));
    }
    DEFLATER.with(|z| deflate_with(&mut z.borrow_mut(), data))
}

fn deflate_with(z: &mut Compress, data: &[u8]) -> Option<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let compressed = loop {
        let done = usize::try_from(z.total_in()).ok()?;
        let rest = data.get(done..)?;
        match z.compress_vec(rest, &mut out, FlushCompress::Finish).ok()? {
            Status::StreamEnd => break out,
            // Out of room: more, and on.
            Status::Ok | Status::BufError => out.reserve(out.capacity().max(4096)),
        }
    };
    (compressed.len() + 19 < data.len()).then_some(compressed)
}

/// An entry of the bookmarks: its title, the page it opens, and those under it.
pub struct Bookmark {
    /// What the reader's bookmark pane shows.
    pub title: String,
    /// The page it opens, counted from 0 in the document's final order.
    pub page: usize,
    /// The entries under it.
    pub children: Vec<Bookmark>,
}

/// A PDF being written: objects go out as they are made, their offsets kept for the cross
/// reference table.
pub struct Writer<'w> {
    out: io::BufWriter<&'w mut dyn Write>,
    written: u64,
    /// Each object's offset (index = object number - 1); `None` while only reserved.
    offsets: Vec<Option<u64>>,
    pages_id: u32,
    resources_id: u32,
    /// The program that made the document, if it is to be named.
    creator: Option<String>,
    font_id: u32,
    /// Page objects, in the order they were written.
    pages: Vec<u32>,
    images: Vec<(String, u32)>,
}

impl<'w> Writer<'w> {
    /// Starts a PDF on `out` (its header written at once).
    pub fn new(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut w = Writer {
            out: io::BufWriter::with_capacity(1 << 16, out),
            written: 0,
            offsets: Vec::new(),
            pages_id: 0,
            resources_id: 0,
            creator: None,
            font_id: 0,
            pages: Vec::new(),
            images: Vec::new(),
        };
        // The second line's bytes above 127 tell tools the file is binary.
        w.put(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")?;
        w.pages_id = w.reserve();
        w.resources_id = w.reserve();
        w.font_id = w.reserve();
        Ok(w)
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn reserve(&mut self) -> u32 {
        self.offsets.push(None);
        self.offsets.len() as u32
    }

    fn object(&mut self, id: u32, body: &[u8]) -> io::Result<()> {
        if let Some(slot) = self.offsets.get_mut(id as usize - 1) {
            *slot = Some(self.written);
        }
        self.put(format!("{id} 0 obj\n").as_bytes())?;
        self.put(body)?;
        self.put(b"\nendobj\n")
    }

    fn stream(&mut self, id: u32, dict: &str, data: &[u8], compressed: bool) -> io::Result<()> {
        let filter = if compressed {
            "/Filter/FlateDecode"
        } else {
            ""
        };
        let mut body = format!("<<{dict}{filter}/Length {}>>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.object(id, &body)
    }

    /// A stream deflated by `deflate` where that makes it smaller, else stored as it is.
    fn stream_deflated(
        &mut self,
        id: u32,
        dict: &str,
        data: &[u8],
        deflate: fn(&[u8]) -> Option<Vec<u8>>,
    ) -> io::Result<()> {
        match deflate(data) {
            Some(z) => self.stream(id, dict, &z, true),
            None => self.stream(id, dict, data, false),
        }
    }

    /// A content stream (already encoded with [`encode`], deflated or not); its object.
    pub fn content(&mut self, data: &[u8], compressed: bool) -> io::Result<u32> {
        let id = self.reserve();
        self.stream(id, "", data, compressed)?;
        Ok(id)
    }

    /// A content stream from its bytes, deflated here.
    pub fn content_of(&mut self, data: &[u8]) -> io::Result<u32> {
        let id = self.reserve();
        self.stream_deflated(id, "", data, deflate)?;
        Ok(id)
    }

    /// Names the program that made the document (`/Creator`).
    pub fn set_creator(&mut self, creator: &str) {
        self.creator = Some(creator.to_owned());
    }

    /// An A4 page drawing these content streams in turn; its index among the pages written.
    pub fn page(&mut self, contents: &[u32]) -> io::Result<usize> {
        self.page_sized(contents, (PAGE_W / PT_MM, PAGE_H / PT_MM))
    }

    /// A page of `size` (width, height in points) drawing these content streams in turn.
    pub fn page_sized(&mut self, contents: &[u32], size: (f32, f32)) -> io::Result<usize> {
        let id = self.reserve();
        let contents: Vec<String> = contents.iter().map(|c| format!("{c} 0 R")).collect();
        let body = format!(
            "<</Type/Page/Parent {} 0 R/MediaBox[0 0 {} {}]/Resources {} 0 R/Contents[{}]>>",
            self.pages_id,
            num(size.0),
            num(size.1),
            self.resources_id,
            contents.join(" ")
        );
        self.object(id, body.as_bytes())?;
        self.pages.push(id);
        Ok(self.pages.len() - 1)
    }

    /// A picture pages can draw as `/<name> Do`.
    pub fn image(&mut self, name: &str, image: &Image) -> io::Result<()> {
        let id = self.reserve();
        let dict = format!(
            "/Type/XObject/Subtype/Image/Width {}/Height {}/ColorSpace/DeviceRGB/BitsPerComponent 8",
            image.size.0, image.size.1
        );
        self.stream_deflated(id, &dict, image.rgb, deflate)?;
        self.images.push((name.to_owned(), id));
        Ok(())
    }

    /// Writes the font, the page tree (pages in `order`, indices of [`Writer::page`]; every
    /// page as written where `None`), the bookmarks, the document's title and identifier
    /// (derived from `identity`, so the same input gives the same bytes) and the cross
    /// reference table.
    pub fn finish(
        mut self,
        font: &Font,
        glyphs: &Glyphs,
        title: &str,
        identity: &str,
        order: Option<&[usize]>,
        bookmarks: &[Bookmark],
    ) -> io::Result<()> {
        self.write_font(font, glyphs)?;
        let images: String = self
            .images
            .iter()
            .map(|(name, id)| format!("/{name} {id} 0 R"))
            .collect();
        let resources = format!(
            "<</Font<</{FONT_NAME} {} 0 R>>/XObject<<{images}>>/ProcSet[/PDF/Text/ImageC]>>",
            self.font_id
        );
        self.object(self.resources_id, resources.as_bytes())?;
        let kids: Vec<u32> = match order {
            Some(order) => order
                .iter()
                .filter_map(|&i| self.pages.get(i).copied())
                .collect(),
            None => self.pages.clone(),
        };
        let refs: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
        let tree = format!(
            "<</Type/Pages/Count {}/Kids[{}]>>",
            kids.len(),
            refs.join(" ")
        );
        self.object(self.pages_id, tree.as_bytes())?;
        let outlines = self.write_bookmarks(bookmarks, &kids)?;
        let catalog = self.reserve();
        let outlines = match outlines {
            Some(id) => format!("/Outlines {id} 0 R/PageMode/UseOutlines"),
            None => String::new(),
        };
        self.object(
            catalog,
            format!(
                "<</Type/Catalog/Pages {} 0 R/Lang(zh-CN){outlines}>>",
                self.pages_id
            )
            .as_bytes(),
        )?;
        let info = self.reserve();
        let creator = match &self.creator {
            Some(c) => format!("/Creator<{}>/Producer<{}>", utf16_hex(c), utf16_hex(c)),
            None => format!("/Producer(zipingbiao {})", env!("CARGO_PKG_VERSION")),
        };
        self.object(
            info,
            format!("<</Title<{}>{creator}>>", utf16_hex(title)).as_bytes(),
        )?;
        let xref = self.written;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for offset in &self.offsets {
            // A reserved object never written (cannot happen) is listed as free.
            match offset {
                Some(o) => table.push_str(&format!("{o:010} 00000 n \n")),
                None => table.push_str("0000000000 65535 f \n"),
            }
        }
        let id = file_id(identity);
        table.push_str(&format!(
            "trailer\n<</Size {}/Root {catalog} 0 R/Info {info} 0 R/ID[<{id}><{id}>]>>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        ));
        self.put(table.as_bytes())?;
        self.out.flush()
    }

    /// The font as PDF objects: the subset's program, its descriptor, widths and ToUnicode.
    fn write_font(&mut self, font: &Font, glyphs: &Glyphs) -> io::Result<()> {
        let face = &font.parsed;
        let cff = face.is_cff();
        let program = subsetter::subset(face.bytes(), face.index(), &glyphs.remapper)
            .map_err(|e| io::Error::other(format!("字体子集无法生成：{e}")))?;
        let program_id = self.reserve();
        let length1 = if cff {
            "/Subtype/OpenType".to_owned()
        } else {
            format!("/Length1 {}", program.len())
        };
        self.stream_deflated(program_id, &length1, &program, deflate_font)?;
        let f = face.face();
        let scale = |v: i16| (f32::from(v) * 1000.0 / f32::from(face.units_per_em())).round();
        let bbox = f.global_bounding_box();
        let name = format!("{}+{}", subset_tag(glyphs), postscript_name(face));
        let weight = f32::from(f.weight().to_number());
        let descriptor_id = self.reserve();
        let descriptor = format!(
            "<</Type/FontDescriptor/FontName/{name}/Flags 32/FontBBox[{} {} {} {}]/ItalicAngle {}/Ascent {}/Descent {}/CapHeight {}/StemV {}/{} {program_id} 0 R>>",
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
            num(f.italic_angle()),
            scale(f.ascender()),
            scale(f.descender()),
            scale(f.capital_height().unwrap_or(f.ascender())),
            (10.0 + 220.0 * (weight - 50.0) / 900.0).round().max(10.0),
            if cff { "FontFile3" } else { "FontFile2" },
        );
        self.object(descriptor_id, descriptor.as_bytes())?;
        let widths: Vec<String> = glyphs.widths.iter().skip(1).map(u32::to_string).collect();
        let (subtype, gid_map) = if cff {
            ("CIDFontType0", "")
        } else {
            ("CIDFontType2", "/CIDToGIDMap/Identity")
        };
        let cid_font = format!(
            "<</Type/Font/Subtype/{subtype}/BaseFont/{name}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor {descriptor_id} 0 R/DW 1000/W[1[{}]]{gid_map}>>",
            widths.join(" ")
        );
        let cid_id = self.reserve();
        self.object(cid_id, cid_font.as_bytes())?;
        let unicode_id = self.reserve();
        let cmap = to_unicode(&glyphs.chars);
        self.stream_deflated(unicode_id, "", cmap.as_bytes(), deflate)?;
        let type0 = format!(
            "<</Type/Font/Subtype/Type0/BaseFont/{name}/Encoding/Identity-H/DescendantFonts[{cid_id} 0 R]/ToUnicode {unicode_id} 0 R>>"
        );
        self.object(self.font_id, type0.as_bytes())
    }

    /// The outline tree; its root object, if there are bookmarks. `kids` are the pages in
    /// their final order, which the bookmarks' page numbers count.
    fn write_bookmarks(&mut self, marks: &[Bookmark], kids: &[u32]) -> io::Result<Option<u32>> {
        if marks.is_empty() {
            return Ok(None);
        }
        let root = self.reserve();
        let (first, last, count) = self.write_level(marks, root, kids, true)?;
        self.object(
            root,
            format!("<</Type/Outlines/First {first} 0 R/Last {last} 0 R/Count {count}>>")
                .as_bytes(),
        )?;
        Ok(Some(root))
    }

    /// One level of bookmarks under `parent`: (first, last, how many show). The top level
    /// shows its entries open (departments and their units); lower ones are closed.
    fn write_level(
        &mut self,
        marks: &[Bookmark],
        parent: u32,
        kids: &[u32],
        open: bool,
    ) -> io::Result<(u32, u32, i64)> {
        let ids: Vec<u32> = marks.iter().map(|_| self.reserve()).collect();
        let mut shown = marks.len() as i64;
        for (i, mark) in marks.iter().enumerate() {
            let mut dict = format!("<</Title<{}>/Parent {parent} 0 R", utf16_hex(&mark.title));
            if i > 0 {
                dict.push_str(&format!("/Prev {} 0 R", ids[i - 1]));
            }
            if let Some(next) = ids.get(i + 1) {
                dict.push_str(&format!("/Next {next} 0 R"));
            }
            if let Some(page) = kids.get(mark.page) {
                dict.push_str(&format!("/Dest[{page} 0 R/XYZ null null null]"));
            }
            if !mark.children.is_empty() {
                let (first, last, count) = self.write_level(&mark.children, ids[i], kids, false)?;
                let count = if open {
                    shown += count;
                    count
                } else {
                    -(mark.children.len() as i64)
                };
                dict.push_str(&format!("/First {first} 0 R/Last {last} 0 R/Count {count}"));
            }
            dict.push_str(">>");
            self.object(ids[i], dict.as_bytes())?;
        }
        let (first, last) = (ids[0], ids[ids.len() - 1]);
        Ok((first, last, shown))
    }
}

/// The ToUnicode map: which character each glyph shows, for copying and searching text.
fn to_unicode(chars: &BTreeMap<u16, char>) -> String {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = chars.iter().collect();
    // At most 100 entries a block, as the CMap format asks.
    for block in entries.chunks(100) {
        s.push_str(&format!("{} beginbfchar\n", block.len()));
        for (gid, c) in block {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            s.push_str(&format!("<{gid:04X}> <{hex}>\n"));
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}

/// Text as a PDF string: UTF-16BE with its byte order mark, in hex.
fn utf16_hex(text: &str) -> String {
    let printable = crate::normalize::printable(text);
    std::iter::once(0xFEFF)
        .chain(printable.encode_utf16())
        .map(|u| format!("{u:04X}"))
        .collect()
}

/// FNV-1a: stable across runs and platforms, which is all a file identifier or a subset
/// tag needs to be here.
pub fn fnv1a(seed: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes.into_iter().fold(seed, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// The file identifier: `identity` hashed twice, differently seeded.
fn file_id(identity: &str) -> String {
    format!(
        "{:016X}{:016X}",
        fnv1a(0xCBF2_9CE4_8422_2325, identity.bytes()),
        fnv1a(0x8422_2325_CBF2_9CE4, identity.bytes())
    )
}

/// Six capitals naming the subset (PDF asks for a tag per distinct subset), from its glyphs.
fn subset_tag(glyphs: &Glyphs) -> String {
    let gids = glyphs.remapper.remapped_gids().flat_map(u16::to_le_bytes);
    let h = fnv1a(0xCBF2_9CE4_8422_2325, gids);
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect()
}

/// The font's PostScript name (name ID 6; else its full or family name), as a PDF name
/// can hold it.
fn postscript_name(face: &crate::config::font::FontFace) -> String {
    let names = face.face().names();
    let name: String = [6, 4, 1]
        .iter()
        .find_map(|&id| {
            names
                .into_iter()
                .filter(|n| n.name_id == id)
                // Unicode records, else a Macintosh one (ASCII bytes in these names).
                .find_map(|n| {
                    n.to_string()
                        .or_else(|| String::from_utf8(n.name.to_vec()).ok())
                })
        })
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        "Font".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one compressor a thread keeps gives whole streams, one after another, each as
    /// zlib reads it back; a stream compression would not shrink stays as it is.
    #[test]
    fn streams_deflate_whole_one_after_another() {
        use std::io::Read;
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for data in [b"BT /F1 9 Tf 1 2 Td <0001> Tj ET\n".repeat(300), big] {
            let z = deflate(&data).expect("smaller");
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&z[..])
                .read_to_end(&mut back)
                .unwrap();
            assert!(back == data);
        }
        assert_eq!(deflate(b"q Q"), None);
    }

    #[test]
    fn numbers_are_written_short() {
        assert_eq!(num(42.519_69), "42.52");
        assert_eq!(num(9.0), "9");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(28.346_46), "28.346");
        assert_eq!(num(-3.05), "-3.05");
        assert_eq!(num(0.001), "0.001");
        assert_eq!(num(1234.5), "1234.5");
        assert_eq!(num(-0.0004), "0");
    }

    #[test]
    fn a_lacking_space_moves_on_an_em() {
        let font = Font::bundled();
        let page = Page {
            ops: vec![Op::Text {
                x: 10.0,
                baseline: 20.0,
                size: 9.0,
                text: "表\u{2029}表".to_owned(),
            }],
        };
        let mut glyphs = Glyphs::default();
        glyphs.learn(&font, [&page]);
        let content = String::from_utf8(encode(&font, &glyphs, &page)).unwrap();
        assert_eq!(
            content,
            "BT /F1 9 Tf 28.346 785.197 Td [<0001> -1000 <0001>] TJ ET\n"
        );
        assert_eq!(glyphs.chars, BTreeMap::from([(1, '表')]));
        assert_eq!(glyphs.widths, vec![0, 1000]);
    }

    #[test]
    fn the_unicode_map_covers_characters_beyond_the_basic_plane() {
        let map = to_unicode(&BTreeMap::from([(1, '表'), (2, '𠀀')]));
        assert!(map.contains("2 beginbfchar\n<0001> <8868>\n<0002> <D840DC00>\n"));
    }
}
