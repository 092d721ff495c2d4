//! Stage 1: files → grids of cells with merges and provenance.
//!
//! One reader per format behind [`GridReader`]; [`read_file`] picks it by extension.
//! A reader never panics on bad bytes: it returns a [`ReadError`] that says, in Chinese for
//! the clerk and with a stable English code, why the file could not be read.

pub mod cell_text;
pub mod encoding;
pub mod grid;
pub mod ods;
pub mod text;
pub mod workbook;
pub mod xls_formats;

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
    #[error("damaged or truncated: {0}")]
    Corrupt(String),
    #[error("password protected")]
    Encrypted,
    /// A workbook extension on other content (CSV text, a Word document).
    #[error("not a workbook: {0}")]
    WrongContent(String),
    #[error("sheet {sheet} is {rows} × {cols} cells")]
    SheetTooLarge { sheet: String, rows: u64, cols: u64 },
    #[error("file of {0} bytes is over the size limit")]
    TooLarge(u64),
    /// A zip package that would inflate to far more than any workbook (a zip bomb).
    #[error("zip package inflates to {0} bytes")]
    ZipBomb(u64),
}

/// No submitted form comes near these; a file beyond them is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 50 << 20;
/// What the parts of a workbook package may inflate to, together.
pub const MAX_UNZIPPED_BYTES: u64 = 300 << 20;
/// How much one part may inflate (uncompressed ÷ compressed), for parts over 1 MB.
pub const MAX_ZIP_RATIO: u64 = 200;

impl ReadError {
    /// Stable code for filters and integrations.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Empty => "EMPTY_FILE",
            ReadError::NotText => "NOT_TEXT",
            ReadError::Unsupported(_) => "UNSUPPORTED_FORMAT",
            ReadError::Io(_) => "IO_ERROR",
            ReadError::Corrupt(_) => "CORRUPT_FILE",
            ReadError::Encrypted => "ENCRYPTED",
            ReadError::WrongContent(_) => "WRONG_CONTENT",
            ReadError::SheetTooLarge { .. } => "SHEET_TOO_LARGE",
            ReadError::TooLarge(_) => "FILE_TOO_LARGE",
            ReadError::ZipBomb(_) => "ZIP_BOMB",
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
            ReadError::Corrupt(detail) => {
                format!("文件已损坏或不完整，无法打开（{detail}）。请联系填报单位重新导出后报送。")
            }
            ReadError::Encrypted => "文件设置了打开密码，无法读取。请联系填报单位取消密码后重新报送。".to_owned(),
            ReadError::WrongContent(actual) => format!(
                "扩展名是电子表格，但内容是{actual}。请用 Excel 或 WPS 打开后另存为 .xlsx 再放入。"
            ),
            ReadError::TooLarge(bytes) => format!(
                "文件大小 {:.1} MB，超过 {} MB 的上限，一份自评表不会这么大。请检查是否放错了文件。",
                *bytes as f64 / 1_048_576.0,
                MAX_FILE_BYTES >> 20
            ),
            ReadError::ZipBomb(bytes) => format!(
                "文件解压后将达 {:.0} MB，远超一份自评表的大小（可能是恶意构造的压缩包），已拒绝读取。",
                *bytes as f64 / 1_048_576.0
            ),
            ReadError::SheetTooLarge { sheet, rows, cols } => format!(
                "工作表“{sheet}”有 {rows} 行 × {cols} 列，远超一份自评表的大小，已拒绝读取。请删除多余内容后重新报送。"
            ),
        }
    }
}

fn unsupported_zh(ext: &str) -> String {
    let kind = match ext {
        "et" | "ett" => "WPS 表格专有格式",
        "pdf" => "PDF 文件",
        "doc" | "docx" | "wps" => "Word 文档",
        "" => "无扩展名的文件",
        _ => "此类文件",
    };
    format!("暂不支持读取{kind}（.{ext}）。请另存为 .xlsx 或制表符分隔的文本（.txt）后重新放入。")
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
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(&workbook::WorkbookReader),
        _ => Err(ReadError::Unsupported(ext)),
    }
}

/// Reads one file into grids. Only reads: the input is never opened for writing.
pub fn read_file(path: &Path) -> Result<Vec<Grid>, ReadError> {
    let reader = reader_for(path)?;
    let io = |e: std::io::Error| ReadError::Io(e.kind().to_string());
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(size));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(size as usize);
    // Read no more than the limit, in case the file grows while it is read.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    reader.read(&bytes)
}
