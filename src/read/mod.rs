//! Stage 1: files → grids of cells with merges and provenance.
//!
//! One reader per format behind [`GridReader`]; [`read_file`] picks it by extension.
//! A reader never panics on bad bytes: it returns a [`ReadError`] that says, in Chinese for
//! the clerk and with a stable English code, why the file could not be read.

pub mod encoding;
pub mod grid;
pub mod text;

use std::path::Path;

pub use grid::{Cell, Grid, Merge, Pos, SourceKind};

/// Turns the bytes of one file into one grid per sheet.
pub trait GridReader {
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError>;
}

/// Why a file yields no grid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("empty file")]
    Empty,
    #[error("not a text file")]
    NotText,
    #[error("unsupported file type: {0}")]
    Unsupported(String),
    #[error("cannot read the file: {0}")]
    Io(String),
}

impl ReadError {
    /// Stable code for filters and integrations.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Empty => "EMPTY_FILE",
            ReadError::NotText => "NOT_TEXT",
            ReadError::Unsupported(_) => "UNSUPPORTED_FORMAT",
            ReadError::Io(_) => "IO_ERROR",
        }
    }

    /// What the clerk reads.
    pub fn reason_zh(&self) -> String {
        match self {
            ReadError::Empty => "文件为空，没有任何内容。请联系填报单位重新报送。".to_owned(),
            ReadError::NotText => {
                "文件扩展名是文本（.txt/.tsv/.csv），但内容不是文本（可能是改了扩展名的其他文件或已损坏）。请联系填报单位重新报送。"
                    .to_owned()
            }
            ReadError::Unsupported(ext) => unsupported_zh(ext),
            ReadError::Io(detail) => format!("无法读取文件（{detail}）。请检查文件权限或是否被其他程序占用。"),
        }
    }
}

fn unsupported_zh(ext: &str) -> String {
    let kind = match ext {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "et" => "电子表格",
        "pdf" => "PDF 文件",
        "doc" | "docx" | "wps" => "Word 文档",
        "" => "无扩展名的文件",
        _ => "此类文件",
    };
    format!("暂不支持读取{kind}（.{ext}）。请另存为制表符分隔的文本（.txt）后重新放入。")
}

/// The reader for a file, chosen by its extension (case-insensitive).
pub fn reader_for(path: &Path) -> Result<&'static dyn GridReader, ReadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "txt" | "tsv" => Ok(&text::TextReader::TAB),
        "csv" => Ok(&text::TextReader::COMMA),
        _ => Err(ReadError::Unsupported(ext)),
    }
}

/// Reads one file into grids. Only reads: the input is never opened for writing.
pub fn read_file(path: &Path) -> Result<Vec<Grid>, ReadError> {
    let reader = reader_for(path)?;
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io(e.kind().to_string()))?;
    reader.read(&bytes)
}
