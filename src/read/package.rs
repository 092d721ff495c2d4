//! Zip packages (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) checked before any reader opens them.
//!
//! calamine inflates the parts it needs as it goes and stops reading each one where the XML
//! ends, so neither a damaged member (its checksum is only verified at the member's end)
//! nor a lying directory (a member declaring 1 KB that inflates to gigabytes) is noticed.
//! Here, first, the directory is judged from the sizes it declares; then every member is
//! inflated once, within what it declares, and its CRC-32 compared: a changed digit in a
//! stored sheet is [`ReadError::Corrupt`], not a valid form with another amount.
//!
//! What the check inflates is not thrown away: a package of at most [`MAX_STORED_COPY`]
//! inflated bytes is kept as a copy with every member stored (zip's method 0), which the
//! readers open instead of the original — calamine then copies each part rather than
//! inflating it a second time (and the merges reader a third).

use std::io::{Cursor, Read, Write};

use super::ReadError;
use super::limits::{
    Limit, MAX_SHARED_STRINGS_BYTES, MAX_UNZIPPED_BYTES, MAX_ZIP_MEMBERS, MAX_ZIP_RATIO,
};

/// The largest package, inflated, kept as a stored copy: far above any form (a few hundred
/// KB), far below what a run may hold at once (one a thread).
pub const MAX_STORED_COPY: u64 = 32 << 20;

/// A package that passed every check: its member names, for telling the formats apart, and
/// the same package with its members stored, where it was small enough to copy.
#[derive(Debug)]
pub struct Package {
    pub names: Vec<String>,
    stored: Option<Vec<u8>>,
}

impl Package {
    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The bytes to open: the stored copy where there is one, else `original` (the bytes
    /// the package was checked from).
    pub fn bytes<'a>(&'a self, original: &'a [u8]) -> &'a [u8] {
        self.stored.as_deref().unwrap_or(original)
    }
}

/// Checks the package in `bytes`: member count, declared and real inflated sizes, CRCs.
pub fn check(bytes: &[u8]) -> Result<Package, ReadError> {
    check_copying(bytes, MAX_STORED_COPY)
}

/// [`check`], keeping a stored copy of a package of at most `max_copy` inflated bytes.
fn check_copying(bytes: &[u8], max_copy: u64) -> Result<Package, ReadError> {
    let members = declared_members(bytes)?;
    if members > MAX_ZIP_MEMBERS {
        return Err(Limit::Members(members).into());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| ReadError::Corrupt("文件被截断或压缩包已损坏".to_owned()))?;
    let mut names = Vec::with_capacity(zip.len());
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|_| ReadError::Corrupt("压缩包目录已损坏".to_owned()))?;
        let (size, packed) = (entry.size(), entry.compressed_size().max(1));
        let name = entry
            .name()
            .map_err(|_| ReadError::Corrupt("压缩包中的部件名称已损坏".to_owned()))?
            .into_owned();
        total = total.saturating_add(size);
        if is_shared_strings(&name) && size > MAX_SHARED_STRINGS_BYTES {
            return Err(Limit::SharedStrings(size).into());
        }
        if size > (1 << 20) && size / packed > MAX_ZIP_RATIO {
            return Err(Limit::Ratio { part: name, size }.into());
        }
        names.push(name);
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(Limit::Unzipped(total).into());
    }
    // One buffer for every member: a fresh 64 KB zeroed per member was 7% of the
    // instructions spent reading a workbook.
    let mut buf = vec![0u8; 1 << 16];
    let mut copy = (total <= max_copy).then(|| StoredCopy::new(total, names.len()));
    for (i, name) in names.iter().enumerate() {
        // A member the copy cannot take leaves the original to read.
        if let Some(c) = &mut copy
            && !c.start(name)
        {
            copy = None;
        }
        verify_member(&mut zip, i, &mut buf, copy.as_mut())?;
    }
    let stored = copy.and_then(StoredCopy::finish);
    Ok(Package { names, stored })
}

/// A package being copied with every member stored, as the check inflates it.
struct StoredCopy(zip::ZipWriter<Cursor<Vec<u8>>>);

impl StoredCopy {
    fn new(inflated: u64, members: usize) -> Self {
        // Headers: 30 + 46 bytes a member and its name twice; names are short.
        let capacity = inflated as usize + members * 256 + 22;
        StoredCopy(zip::ZipWriter::new(Cursor::new(Vec::with_capacity(
            capacity,
        ))))
    }

    /// Begins member `name`; false where the copy cannot hold it.
    fn start(&mut self, name: &str) -> bool {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        self.0.start_file(name, options).is_ok()
    }

    fn finish(self) -> Option<Vec<u8>> {
        self.0.finish().ok().map(Cursor::into_inner)
    }
}

impl Write for StoredCopy {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

fn is_shared_strings(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("sharedstrings.xml") || lower.ends_with("sharedstrings.bin")
}

/// Inflates member `i` to its end, into `copy` where given: the zip crate stops a member
/// that inflates past its declared size and compares its CRC-32 once the end is reached.
fn verify_member(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    i: usize,
    buf: &mut [u8],
    mut copy: Option<&mut StoredCopy>,
) -> Result<(), ReadError> {
    let mut member = zip
        .by_index(i)
        .map_err(|e| ReadError::Corrupt(format!("无法解开压缩包中的第 {} 个部件（{e}）", i + 1)))?;
    let name = member.name().map(|n| n.into_owned()).unwrap_or_default();
    let declared = member.size();
    let mut records = is_biff12_part(&name).then(Biff12Records::default);
    loop {
        match member.read(buf) {
            Ok(0) if records.as_ref().is_some_and(|r| !r.at_boundary()) => {
                return Err(ReadError::Corrupt(format!(
                    "压缩包中的部件“{name}”的记录被截断"
                )));
            }
            Ok(0) => return Ok(()),
            Ok(n) => {
                if let Some(r) = &mut records {
                    r.feed(&buf[..n]);
                }
                if let Some(c) = copy.as_mut() {
                    // Into memory already reserved: cannot fail short of memory itself.
                    c.write_all(&buf[..n])
                        .map_err(|e| ReadError::Corrupt(format!("无法复制部件“{name}”（{e}）")))?;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.to_string().contains("larger than its declared") => {
                return Err(Limit::SizeLie {
                    part: name,
                    declared,
                }
                .into());
            }
            Err(e) if e.to_string().contains("checksum") => {
                return Err(ReadError::Corrupt(format!(
                    "压缩包中的部件“{name}”校验和不符，内容已被改动或损坏"
                )));
            }
            Err(_) => {
                return Err(ReadError::Corrupt(format!(
                    "压缩包中的部件“{name}”数据已损坏"
                )));
            }
        }
    }
}

/// The `.xlsb` parts calamine reads as BIFF12 records.
fn is_biff12_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("xl/")
        && lower.ends_with(".bin")
        && (lower.starts_with("xl/worksheets/")
            || ["xl/workbook.bin", "xl/sharedstrings.bin", "xl/styles.bin"]
                .contains(&lower.as_str()))
}

/// Walks BIFF12 record headers as a part inflates (MS-XLSB 2.1.4: the type in one or two
/// bytes, the length in up to four, 7 bits each). calamine sizes a buffer from each
/// record's declared length before reading it; a part whose last record runs past the
/// part's end is damaged, and refusing it keeps that buffer within the part's real size.
#[derive(Default)]
struct Biff12Records {
    /// Header bytes of the record being read (type, then length).
    header: Vec<u8>,
    /// Body bytes still to come.
    body_left: u64,
}

impl Biff12Records {
    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.body_left > 0 {
                let skip = self.body_left.min(bytes.len() as u64);
                self.body_left -= skip;
                bytes = &bytes[skip as usize..];
                continue;
            }
            self.header.push(bytes[0]);
            bytes = &bytes[1..];
            if let Some(len) = self.header_length() {
                self.body_left = len;
                self.header.clear();
            }
        }
    }

    /// The body length once the header is complete.
    fn header_length(&self) -> Option<u64> {
        let h = &self.header;
        let type_len = if h[0] & 0x80 != 0 { 2 } else { 1 };
        let len_bytes = h.get(type_len..)?;
        let end = len_bytes.iter().take(4).position(|b| b & 0x80 == 0);
        let end = match end {
            Some(i) => i,
            None if len_bytes.len() >= 4 => 3,
            None => return None,
        };
        Some(
            len_bytes[..=end]
                .iter()
                .enumerate()
                .map(|(i, b)| u64::from(b & 0x7F) << (7 * i))
                .sum(),
        )
    }

    fn at_boundary(&self) -> bool {
        self.header.is_empty() && self.body_left == 0
    }
}

/// How many members the package's end record declares, read before the zip crate builds
/// its directory (one entry per member, whatever the count says).
fn declared_members(bytes: &[u8]) -> Result<u64, ReadError> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const ZIP64_LOCATOR: [u8; 4] = [0x50, 0x4b, 0x06, 0x07];
    const ZIP64_EOCD: [u8; 4] = [0x50, 0x4b, 0x06, 0x06];
    let corrupt = || ReadError::Corrupt("文件被截断或压缩包已损坏".to_owned());
    // The end record is the last 22 bytes, plus a comment of at most 65,535.
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let at = (from..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&i| bytes.get(i..i + 4) == Some(&EOCD))
        .ok_or_else(corrupt)?;
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let count = u16_at(at + 10).ok_or_else(corrupt)?;
    if count != 0xFFFF {
        return Ok(u64::from(count));
    }
    // Zip64: the locator just before the end record points to the zip64 end record.
    let u64_at = |i: usize| -> Option<u64> {
        Some(u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?))
    };
    let locator = at.checked_sub(20).ok_or_else(corrupt)?;
    if bytes.get(locator..locator + 4) != Some(&ZIP64_LOCATOR) {
        return Ok(u64::from(count));
    }
    let record = u64_at(locator + 8).ok_or_else(corrupt)? as usize;
    if bytes.get(record..record.saturating_add(4)) != Some(&ZIP64_EOCD) {
        return Err(corrupt());
    }
    u64_at(record + 32).ok_or_else(corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::hostile::forge::{Member, zip};

    #[test]
    fn a_sound_package_passes_and_lists_its_members() {
        let bytes = zip(&[
            Member::new("xl/workbook.xml", "<workbook/>"),
            Member::new("mimetype", "x").stored(),
        ]);
        let package = check(&bytes).unwrap();
        assert!(package.has("XL/Workbook.xml"));
        assert!(!package.has("content.xml"));
    }

    /// The members of the zip in `bytes`, in order: name, whether stored, content.
    fn members_of(bytes: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut m = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                m.read_to_end(&mut data).unwrap();
                let stored = m.compression() == zip::CompressionMethod::Stored;
                (m.name().unwrap().into_owned(), stored, data)
            })
            .collect()
    }

    #[test]
    fn a_checked_package_is_kept_with_its_members_stored() {
        let sheet = "<row><c><v>18612480.55</v></c></row>".repeat(400);
        let bytes = zip(&[
            Member::new("xl/workbook.xml", "<workbook/>"),
            Member::new("xl/worksheets/sheet1.xml", sheet.as_str()),
            Member::new("xl/media/图 1.png", vec![7u8; 3000]),
            Member::new("mimetype", "x").stored(),
        ]);
        let package = check(&bytes).unwrap();
        let copy = package.bytes(&bytes);
        assert_ne!(copy, &bytes[..]);
        let expected = [
            ("xl/workbook.xml", b"<workbook/>".to_vec()),
            ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
            ("xl/media/图 1.png", vec![7u8; 3000]),
            ("mimetype", b"x".to_vec()),
        ];
        let original = members_of(&bytes);
        let copied = members_of(copy);
        assert_eq!(copied.len(), expected.len());
        for ((name, data), ((o_name, _, o_data), (c_name, stored, c_data))) in
            expected.iter().zip(original.iter().zip(&copied))
        {
            assert_eq!((o_name.as_str(), o_data), (*name, data));
            assert_eq!((c_name.as_str(), c_data), (*name, data));
            assert!(stored, "{name} is not stored in the copy");
        }
        // Past the size kept, the original is what the readers open.
        let big = check_copying(&bytes, 100).unwrap();
        assert_eq!(big.bytes(&bytes), &bytes[..]);
    }

    #[test]
    fn a_name_written_twice_reads_from_the_copy_as_from_the_original() {
        let bytes = zip(&[
            Member::new("xl/sharedStrings.xml", "<sst>一</sst>"),
            Member::new("xl/sharedStrings.xml", "<sst>二</sst>"),
        ]);
        let package = check(&bytes).unwrap();
        let without_method = |members: Vec<(String, bool, Vec<u8>)>| {
            members
                .into_iter()
                .map(|(name, _, data)| (name, data))
                .collect::<Vec<_>>()
        };
        let original = without_method(members_of(&bytes));
        assert_eq!(original.len(), 1);
        assert_eq!(without_method(members_of(package.bytes(&bytes))), original);
    }

    #[test]
    fn a_changed_byte_in_a_stored_member_is_corrupt() {
        let mut bytes = zip(&[Member::new("xl/sheet.xml", "<v>18612480.55</v>").stored()]);
        let at = bytes.windows(3).position(|w| w == b"186").unwrap();
        bytes[at] = b'9';
        let err = check(&bytes).unwrap_err();
        assert_eq!(err.code(), "CORRUPT_FILE");
        assert!(
            err.reason_zh().contains("校验和不符"),
            "{}",
            err.reason_zh()
        );
    }

    #[test]
    fn a_member_inflating_past_its_declared_size_is_refused() {
        let mut member = Member::new("xl/sharedStrings.xml", vec![b'x'; 1 << 20]);
        member.declared_size = Some(1024);
        let err = check(&zip(&[member])).unwrap_err();
        assert_eq!(err.code(), "ZIP_BOMB");
        assert!(err.reason_zh().contains("xl/sharedStrings.xml"));
    }

    #[test]
    fn member_counts_and_shared_strings_are_judged_before_inflating() {
        let many: Vec<Member> = (0..MAX_ZIP_MEMBERS + 1)
            .map(|i| Member::new(format!("{i}"), Vec::new()).stored())
            .collect();
        assert_eq!(
            check(&zip(&many)).unwrap_err(),
            ReadError::Limit(Limit::Members(MAX_ZIP_MEMBERS + 1))
        );
        let mut strings = Member::new("xl/sharedStrings.xml", "<sst/>");
        strings.declared_size = Some(MAX_SHARED_STRINGS_BYTES as u32 + 1);
        assert_eq!(
            check(&zip(&[strings])).unwrap_err().code(),
            "FILE_TOO_LARGE"
        );
    }

    #[test]
    fn an_xlsb_record_running_past_its_part_is_corrupt() {
        use crate::bench::hostile::forge::record;
        let whole = [
            record(0x0081, &[]),
            record(0x0094, &[0; 16]),
            record(0x2FF, &[7; 300]),
        ]
        .concat();
        let mut walker = Biff12Records::default();
        for chunk in whole.chunks(7) {
            walker.feed(chunk);
        }
        assert!(walker.at_boundary());
        let cut = zip(&[Member::new(
            "xl/worksheets/sheet1.bin",
            &whole[..whole.len() - 1],
        )]);
        assert_eq!(check(&cut).unwrap_err().code(), "CORRUPT_FILE");
        // A record declaring 256 MB in a part of a few bytes.
        let lying = zip(&[Member::new(
            "xl/workbook.bin",
            vec![0x06, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2],
        )]);
        assert_eq!(check(&lying).unwrap_err().code(), "CORRUPT_FILE");
        // Other parts are not records.
        assert!(
            check(&zip(&[Member::new(
                "xl/printerSettings/p.bin",
                vec![0x06, 0xFF]
            )]))
            .is_ok()
        );
    }

    #[test]
    fn no_end_record_is_corrupt() {
        assert_eq!(
            check(b"PK\x03\x04garbage").unwrap_err().code(),
            "CORRUPT_FILE"
        );
    }
}
