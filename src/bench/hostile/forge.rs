//! Builders for hostile files: zip packages byte by byte (so sizes and checksums can lie),
//! minimal `.xlsb` and `.ods` workbooks, `.docx` documents and PDFs, and `.xls` compound files taken apart and put back.
//!
//! Real writers refuse to make damaged files, so these write the formats' bytes directly;
//! each builder makes the smallest file the readers accept, and the cases bend one thing.

use std::io::{Cursor, Read, Write};

/// One member of a hand-made zip package.
pub struct Member {
    pub name: String,
    /// What the member holds, uncompressed.
    pub data: Vec<u8>,
    /// Deflate it (else stored as is).
    pub deflate: bool,
    /// The uncompressed size the headers declare, where it should lie.
    pub declared_size: Option<u32>,
    /// The CRC the headers declare, where it should lie.
    pub declared_crc: Option<u32>,
}

impl Member {
    pub fn new(name: impl Into<String>, data: impl Into<Vec<u8>>) -> Self {
        Member {
            name: name.into(),
            data: data.into(),
            deflate: true,
            declared_size: None,
            declared_crc: None,
        }
    }

    pub fn stored(mut self) -> Self {
        self.deflate = false;
        self
    }
}

/// A zip package of `members`, written field by field (PKWARE APPNOTE 4.3).
pub fn zip(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for m in members {
        let crc = m.declared_crc.unwrap_or_else(|| crc32(&m.data));
        let packed = if m.deflate {
            let mut enc =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            let _ = enc.write_all(&m.data);
            enc.finish().unwrap_or_default()
        } else {
            m.data.clone()
        };
        let size = m.declared_size.unwrap_or(m.data.len() as u32);
        let method: u16 = if m.deflate { 8 } else { 0 };
        let offset = out.len() as u32;
        let name = m.name.as_bytes();
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
        out.extend_from_slice(&method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date: 1980-01-01
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&(packed.len() as u32).to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&packed);
        // Its central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by
        central.extend_from_slice(&20u16.to_le_bytes()); // needed
        central.extend_from_slice(&0x0800u16.to_le_bytes());
        central.extend_from_slice(&method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&(packed.len() as u32).to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let central_at = out.len() as u32;
    let count = members.len().min(0xFFFF) as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// CRC-32 (IEEE), bit by bit: the cases are small and this needs no table.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The members of a real zip package (a workbook the template wrote), in order.
pub fn unzip(bytes: &[u8]) -> std::io::Result<Vec<Member>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(std::io::Error::other)?;
    let mut members = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(std::io::Error::other)?;
        let mut data = Vec::new();
        file.read_to_end(&mut data)?;
        let name = file.name().map_err(std::io::Error::other)?.into_owned();
        members.push(Member::new(name, data));
    }
    Ok(members)
}

// ---- .xlsb: BIFF12 records (MS-XLSB 2.1.4) ----

/// One BIFF12 record: its type and length as 7-bit varints, then the body.
pub fn record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if typ < 0x80 {
        out.push(typ as u8);
    } else {
        out.push((typ & 0x7F) as u8 | 0x80);
        out.push((typ >> 7) as u8);
    }
    let mut len = body.len();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(body);
    out
}

/// An XLWideString: character count, then UTF-16LE.
pub fn wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// What a minimal `.xlsb` workbook holds: one sheet of inline-string cells.
pub struct Xlsb {
    /// (row, column, text), in row order.
    pub cells: Vec<(u32, u32, String)>,
    /// The body of the BrtBundleSh record (`None`: a well-formed one naming `rId1`).
    pub bundle_sheet: Option<Vec<u8>>,
    /// Extra records placed before the sheet data ends.
    pub extra_sheet_records: Vec<u8>,
}

impl Xlsb {
    pub fn of_rows(rows: &[Vec<String>]) -> Self {
        let cells = rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .filter(|(_, t)| !t.is_empty())
                    .map(move |(c, t)| (r as u32, c as u32, t.clone()))
            })
            .collect();
        Xlsb {
            cells,
            bundle_sheet: None,
            extra_sheet_records: Vec::new(),
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        let bundle = self.bundle_sheet.clone().unwrap_or_else(|| {
            let mut b = Vec::new();
            b.extend_from_slice(&0u32.to_le_bytes()); // visible
            b.extend_from_slice(&1u32.to_le_bytes()); // tab id
            b.extend(wide("rId1"));
            b.extend(wide("Sheet1"));
            b
        });
        let mut book = Vec::new();
        book.extend(record(0x0083, &[])); // BrtBeginBook
        book.extend(record(0x008F, &[])); // BrtBeginBundleShs
        book.extend(record(0x009C, &bundle)); // BrtBundleSh
        book.extend(record(0x0090, &[])); // BrtEndBundleShs
        book.extend(record(0x009D, &[0; 12])); // BrtCalcProp: names end here
        book.extend(record(0x0084, &[])); // BrtEndBook

        let (last_row, last_col) = self
            .cells
            .iter()
            .fold((0, 0), |(r, c), cell| (r.max(cell.0), c.max(cell.1)));
        let mut dim = Vec::new();
        for v in [0, last_row, 0, last_col] {
            dim.extend_from_slice(&v.to_le_bytes());
        }
        let mut sheet = Vec::new();
        sheet.extend(record(0x0081, &[])); // BrtBeginSheet
        sheet.extend(record(0x0094, &dim)); // BrtWsDim
        sheet.extend(record(0x0091, &[])); // BrtBeginSheetData
        let mut row = None;
        for (r, c, text) in &self.cells {
            if row != Some(*r) {
                let mut hdr = r.to_le_bytes().to_vec();
                hdr.extend_from_slice(&[0; 13]);
                sheet.extend(record(0x0000, &hdr)); // BrtRowHdr
                row = Some(*r);
            }
            let mut body = c.to_le_bytes().to_vec();
            body.extend_from_slice(&0u32.to_le_bytes()); // style
            body.extend(wide(text));
            sheet.extend(record(0x0006, &body)); // BrtCellSt
        }
        sheet.extend_from_slice(&self.extra_sheet_records);
        sheet.extend(record(0x0092, &[])); // BrtEndSheetData
        sheet.extend(record(0x0082, &[])); // BrtEndSheet

        let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
            <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
            <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.bin\"/>\
            </Relationships>";
        zip(&[
            Member::new("[Content_Types].xml", CONTENT_TYPES_XLSB),
            Member::new("xl/workbook.bin", book),
            Member::new("xl/_rels/workbook.bin.rels", rels),
            Member::new("xl/worksheets/sheet1.bin", sheet),
        ])
    }
}

const CONTENT_TYPES_XLSB: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
    <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
    <Default Extension=\"bin\" ContentType=\"application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/>\
    <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
    </Types>";

// ---- .ods ----

/// An `.ods` package around `table` (the `<table:table>` elements of content.xml).
pub fn ods(tables: &str) -> Vec<u8> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
        xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
        xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
        <office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>\
        </office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    zip(&[
        Member::new("mimetype", "application/vnd.oasis.opendocument.spreadsheet").stored(),
        Member::new("content.xml", content),
        Member::new("META-INF/manifest.xml", manifest),
    ])
}

/// An `.ods` table of string cells, one `<table:table-row>` per row.
pub fn ods_table(name: &str, rows: &[Vec<String>]) -> String {
    let mut t = format!("<table:table table:name=\"{name}\">");
    for row in rows {
        t.push_str("<table:table-row>");
        for cell in row {
            if cell.is_empty() {
                t.push_str("<table:table-cell/>");
            } else {
                t.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    xml_escape(cell)
                ));
            }
        }
        t.push_str("</table:table-row>");
    }
    t.push_str("</table:table>");
    t
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ---- .xls: compound files and BIFF8 records ----

/// The `Workbook` stream of an `.xls` file.
pub fn xls_workbook_stream(xls: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(xls))?;
    let mut stream = cfb.open_stream("/Workbook")?;
    let mut data = Vec::new();
    stream.read_to_end(&mut data)?;
    Ok(data)
}

/// A fresh compound file holding `stream` as its `Workbook`.
pub fn xls_with_stream(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    {
        let mut s = cfb.create_stream("/Workbook")?;
        s.write_all(stream)?;
    }
    cfb.flush()?;
    Ok(cfb.into_inner().into_inner())
}

/// Offsets of the BIFF records of `typ` in a Workbook stream, body first byte.
pub fn biff_records(stream: &[u8], typ: u16) -> Vec<usize> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos + 4 <= stream.len() {
        let t = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        if t == typ {
            out.push(pos + 4);
        }
        pos += 4 + len;
    }
    out
}

/// A compound file's layout, read from its header and directory (MS-CFB 2.2, 2.6).
pub struct CfbLayout {
    pub sector: usize,
    /// File offsets of the FAT sectors' entries.
    pub fat_sectors: Vec<usize>,
    /// File offset of each directory entry.
    pub entries: Vec<usize>,
}

impl CfbLayout {
    pub fn read(b: &[u8]) -> Option<Self> {
        let u32_at = |at: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
        };
        let shift = u16::from_le_bytes([*b.get(0x1E)?, *b.get(0x1F)?]);
        let sector = 1usize << shift.min(16);
        let offset = |sid: u32| (sid as usize + 1) * sector;
        let nfat = u32_at(0x2C)? as usize;
        let fat_sectors: Vec<usize> = (0..nfat.min(109))
            .filter_map(|i| u32_at(0x4C + 4 * i).map(offset))
            .collect();
        let dir = offset(u32_at(0x30)?);
        let entries = (0..sector / 128).map(|i| dir + 128 * i).collect();
        Some(CfbLayout {
            sector,
            fat_sectors,
            entries,
        })
    }

    /// The directory entry named `name`.
    pub fn entry(&self, b: &[u8], name: &str) -> Option<usize> {
        self.entries.iter().copied().find(|&at| {
            let Some(e) = b.get(at..at + 128) else {
                return false;
            };
            let len = u16::from_le_bytes([e[0x40], e[0x41]]) as usize;
            let units: Vec<u16> = e[..len.min(64)]
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .take_while(|&u| u != 0)
                .collect();
            String::from_utf16_lossy(&units) == name
        })
    }

    /// The file offset of FAT entry `sid`.
    pub fn fat_entry(&self, sid: u32) -> Option<usize> {
        let per = self.sector / 4;
        let sector = self.fat_sectors.get(sid as usize / per)?;
        Some(sector + 4 * (sid as usize % per))
    }
}

pub fn put_u32(b: &mut [u8], at: usize, v: u32) {
    if let Some(slot) = b.get_mut(at..at + 4) {
        slot.copy_from_slice(&v.to_le_bytes());
    }
}

pub fn put_u16(b: &mut [u8], at: usize, v: u16) {
    if let Some(slot) = b.get_mut(at..at + 2) {
        slot.copy_from_slice(&v.to_le_bytes());
    }
}

/// A deterministic generator, so every case is the same on every machine.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// A `.docx` whose body is `body` (WordprocessingML), its document part stored (not
/// deflated) where `stored`.
pub fn docx(body: &str, stored: bool) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let document = Member::new("word/document.xml", xml.into_bytes());
    zip(&[
        Member::new(
            "[Content_Types].xml",
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_vec(),
        ),
        if stored { document.stored() } else { document },
    ])
}

/// A one-page A4 PDF whose page content is `content`, deflated, with no fonts.
pub fn pdf(content: &[u8]) -> std::io::Result<Vec<u8>> {
    pdf_document(&[content], None, false)
}

/// An A4 PDF of `pages` (each a page's content, deflated), its `/Creator` `creator`. With
/// `fonts`, every page has `/F1` (Helvetica, WinAnsi: show `(text)`) and `/F2` (a composite
/// font whose two-byte codes are the UTF-16 code units they show: `<9879 76EE>` is 项目).
pub fn pdf_document(
    pages: &[&[u8]],
    creator: Option<&str>,
    fonts: bool,
) -> std::io::Result<Vec<u8>> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let resources = if fonts {
        let helvetica = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        // Each code is the UTF-16 code unit it shows: one range per high byte, as a
        // range may not cross one.
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CMapName /Forged def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for block in (0..256).collect::<Vec<u32>>().chunks(64) {
            cmap.push_str(&format!("{} beginbfrange\n", block.len()));
            for hi in block {
                cmap.push_str(&format!("<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>\n"));
            }
            cmap.push_str("endbfrange\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
        let cid = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "Forged",
            "DW" => 1000,
        });
        let composite = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "Forged",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid.into()],
            "ToUnicode" => to_unicode,
        });
        dictionary! { "Font" => dictionary! { "F1" => helvetica, "F2" => composite } }
    } else {
        dictionary! {}
    };
    let mut kids: Vec<Object> = Vec::new();
    for content in pages {
        let mut stream = Stream::new(dictionary! {}, content.to_vec());
        stream.compress().map_err(std::io::Error::other)?;
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources.clone(),
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    if let Some(creator) = creator {
        let info = doc.add_object(dictionary! {
            "Creator" => Object::string_literal(creator),
        });
        doc.trailer.set("Info", info);
    }
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_and_zip_are_what_the_zip_crate_reads() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let bytes = zip(&[
            Member::new("a.txt", "hello hello hello"),
            Member::new("b.txt", "stored").stored(),
        ]);
        let members = unzip(&bytes).unwrap();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].data, b"hello hello hello");
        assert_eq!(members[1].data, b"stored");
    }

    #[test]
    fn a_minimal_xlsb_opens_in_calamine() {
        use calamine::Reader;
        let rows = vec![vec!["项目名称".to_owned(), "测试".to_owned()]];
        let bytes = Xlsb::of_rows(&rows).bytes();
        let mut wb = calamine::Xlsb::new(Cursor::new(bytes)).unwrap();
        let range = wb.worksheet_range("Sheet1").unwrap();
        assert_eq!(
            range.get_value((0, 1)).map(|d| d.to_string()),
            Some("测试".into())
        );
    }
}
