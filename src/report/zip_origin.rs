//! The same bytes on Windows as on Linux for the packages we write (summary.xlsx,
//! report.docx, the fill-in template).
//!
//! The `zip` crate under rust_xlsxwriter and docx-rs records the system that wrote each
//! member ("version made by": MS-DOS on Windows, Unix elsewhere) and offers no way to fix it
//! through those crates. Everything else in the packages is equal, so a workbook made on a
//! clerk's Windows machine differed from the Linux one in two places per member: that byte,
//! and the MS-DOS attributes (the low 16 bits of the external attributes: 0x10 on a folder)
//! it adds beside the Unix permissions both write in the high 16. Here the central directory
//! of a finished package is rewritten to say Unix wherever it says MS-DOS, without the
//! MS-DOS attributes: the bytes Linux writes. Only our own packages, in the staging folder,
//! are touched.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const ZIP64_END: u32 = 0x0606_4b50;
/// The "version made by" system numbers (APPNOTE 4.4.2).
const MS_DOS: u8 = 0;
const UNIX: u8 = 3;
/// The end record (22 bytes) plus the longest comment it may carry.
const TAIL: u64 = 22 + 0xFFFF;
/// A central directory larger than this is no package of ours.
const DIRECTORY_LIMIT: u64 = 256 << 20;

/// Rewrites a package held in memory; `false` where `bytes` is no zip this understands
/// (then it is left as it was).
pub fn set_unix_origin(bytes: &mut [u8]) -> bool {
    let mut file = std::io::Cursor::new(bytes);
    rewrite(&mut file).unwrap_or(false)
}

/// Rewrites a package written to `path`, reading and writing only its central directory.
pub fn set_unix_origin_of_file(path: &Path) -> std::io::Result<()> {
    let mut file = File::options().read(true).write(true).open(path)?;
    rewrite(&mut file)?;
    Ok(())
}

fn rewrite<F: Read + Write + Seek>(file: &mut F) -> std::io::Result<bool> {
    let Some((offset, size)) = directory(file)? else {
        return Ok(false);
    };
    let len = usize::try_from(size).map_err(std::io::Error::other)?;
    let mut dir = vec![0u8; len];
    file.seek(SeekFrom::Start(offset))?;
    file.read_exact(&mut dir)?;
    if !mark_unix(&mut dir) {
        return Ok(false);
    }
    file.seek(SeekFrom::Start(offset))?;
    file.write_all(&dir)?;
    Ok(true)
}

/// Sets each member's system to Unix where it is MS-DOS; `false` if the directory does not
/// parse as a run of central headers.
fn mark_unix(dir: &mut [u8]) -> bool {
    let mut at = 0;
    while at < dir.len() {
        let Some(header) = dir.get(at..at + 46) else {
            return false;
        };
        if u32_at(header, 0) != CENTRAL_HEADER {
            return false;
        }
        let variable = usize::from(u16_at(header, 28))
            + usize::from(u16_at(header, 30))
            + usize::from(u16_at(header, 32));
        if dir[at + 5] == MS_DOS {
            dir[at + 5] = UNIX;
            // External attributes at 38..42: MS-DOS's in the low half, Unix's in the high.
            dir[at + 38] = 0;
            dir[at + 39] = 0;
        }
        at += 46 + variable;
    }
    at == dir.len()
}

/// Where the central directory starts and how long it is, from the end record (or its
/// zip64 form); `None` if there is none.
fn directory<F: Read + Seek>(file: &mut F) -> std::io::Result<Option<(u64, u64)>> {
    let len = file.seek(SeekFrom::End(0))?;
    let start = len.saturating_sub(TAIL);
    let mut tail = Vec::new();
    file.seek(SeekFrom::Start(start))?;
    file.take(TAIL).read_to_end(&mut tail)?;
    let Some(end) = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(&tail, i) == END_OF_DIRECTORY)
    else {
        return Ok(None);
    };
    let mut size = u64::from(u32_at(&tail, end + 12));
    let mut offset = u64::from(u32_at(&tail, end + 16));
    if offset == u64::from(u32::MAX) || size == u64::from(u32::MAX) {
        // Zip64: the locator stands right before the end record.
        let Some(locator) = end.checked_sub(20) else {
            return Ok(None);
        };
        if u32_at(&tail, locator) != ZIP64_LOCATOR {
            return Ok(None);
        }
        let mut record = [0u8; 56];
        file.seek(SeekFrom::Start(u64_at(&tail, locator + 8)))?;
        file.read_exact(&mut record)?;
        if u32_at(&record, 0) != ZIP64_END {
            return Ok(None);
        }
        size = u64_at(&record, 40);
        offset = u64_at(&record, 48);
    }
    let fits = offset.checked_add(size).is_some_and(|e| e <= len);
    Ok((fits && size <= DIRECTORY_LIMIT).then_some((offset, size)))
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::write::SimpleFileOptions;

    fn package(system: zip::System, large: bool) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .system(system)
            .unix_permissions(0o600)
            .last_modified_time(zip::DateTime::default())
            .large_file(large);
        zip.add_directory("xl/", options).unwrap();
        for (name, text) in [("[Content_Types].xml", "<Types/>"), ("xl/工作簿.xml", "表")] {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.set_comment("made by a test").unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_package_made_on_windows_gets_the_bytes_made_on_linux() {
        for large in [false, true] {
            let mut windows = package(zip::System::Dos, large);
            let linux = package(zip::System::Unix, large);
            assert_ne!(windows, linux, "the zip crate marks the system");
            assert!(set_unix_origin(&mut windows));
            assert_eq!(windows, linux, "zip64: {large}");
        }
    }

    #[test]
    fn a_file_is_rewritten_in_place_and_a_linux_package_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.xlsx");
        std::fs::write(&path, package(zip::System::Dos, false)).unwrap();
        set_unix_origin_of_file(&path).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            package(zip::System::Unix, false)
        );
        let mut linux = package(zip::System::Unix, false);
        assert!(set_unix_origin(&mut linux));
        assert_eq!(linux, package(zip::System::Unix, false));
    }

    #[test]
    fn what_is_no_zip_is_left_alone() {
        for mut bytes in [Vec::new(), b"PK\x05\x06 but short".to_vec(), vec![7u8; 300]] {
            let before = bytes.clone();
            assert!(!set_unix_origin(&mut bytes));
            assert_eq!(bytes, before);
        }
        // An end record that points past the end of the file.
        let mut bytes = package(zip::System::Dos, false);
        let end = bytes.len() - 22 - "made by a test".len();
        bytes[end + 16..end + 20].copy_from_slice(&u32::MAX.to_le_bytes());
        let before = bytes.clone();
        assert!(!set_unix_origin(&mut bytes));
        assert_eq!(bytes, before);
    }
}
