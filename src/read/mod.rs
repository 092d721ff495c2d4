//! Stage 1: files → grids of cells with merges and provenance.
//!
//! One reader per format behind [`GridReader`]; [`read_file`] picks it by extension.
//! A reader never panics on bad bytes: it returns a [`ReadError`] that says, in Chinese for
//! the clerk and with a stable English code, why the file could not be read.

pub mod cell_text;
pub mod docx;
pub(crate) mod encoding;
pub(crate) mod grid;
pub mod limits;
pub(crate) mod ods;
pub(crate) mod package;
pub mod pdf;
mod rejection;
pub mod text;
pub mod workbook;
pub(crate) mod xls;
pub(crate) mod xlsb;
pub(crate) mod xlsx;
mod xlsx_merges;

pub use rejection::RejectionCode;
use std::path::Path;

pub use grid::{Cell, Grid, Merge, Pos, SourceKind};
pub use limits::Limit;

/// Turns the bytes of one file into one grid per sheet.
pub trait GridReader {
    /// One grid per sheet (one for a text copy), or why the bytes cannot be read.
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError>;
}

/// Why a file yields no grid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// The file has no bytes.
    #[error("empty file")]
    Empty,
    /// Not text in any encoding read (a binary file named `.txt`).
    #[error("not a text file")]
    NotText,
    /// A file type no reader takes (the extension).
    #[error("unsupported file type: {0}")]
    Unsupported(String),
    /// The file cannot be opened (the reason).
    #[error("cannot read the file: {0}")]
    Io(String),
    /// A damaged file (what is wrong).
    #[error("damaged or truncated: {0}")]
    Corrupt(String),
    /// A password-protected workbook.
    #[error("password protected")]
    Encrypted,
    /// A workbook extension on other content (CSV text, a Word document).
    #[error("not a workbook: {0}")]
    WrongContent(String),
    /// A named pipe, socket or device: never opened, since reading one can block forever.
    #[error("not a regular file: {0}")]
    NotAFile(&'static str),
    /// Past one of the [`limits`].
    #[error("over a limit: {0:?}")]
    Limit(Limit),
    /// A PDF of scanned pages: no text layer to read.
    #[error("a scanned PDF")]
    Scanned,
    /// A PDF whose text is drawn in fonts that do not say which characters they show.
    #[error("a PDF with text that cannot be decoded")]
    PdfNotRead,
}

impl From<Limit> for ReadError {
    fn from(limit: Limit) -> Self {
        ReadError::Limit(limit)
    }
}

impl ReadError {
    /// Stable code for filters and integrations.
    pub fn code(&self) -> RejectionCode {
        match self {
            ReadError::Empty => RejectionCode::EmptyFile,
            ReadError::NotText => RejectionCode::NotText,
            ReadError::Unsupported(_) => RejectionCode::UnsupportedFormat,
            ReadError::Io(_) => RejectionCode::IoError,
            ReadError::Corrupt(_) => RejectionCode::CorruptFile,
            ReadError::Encrypted => RejectionCode::Encrypted,
            ReadError::WrongContent(_) => RejectionCode::WrongContent,
            ReadError::NotAFile(_) => RejectionCode::NotAFile,
            ReadError::Limit(limit) => limit.code(),
            ReadError::Scanned => RejectionCode::ScannedPdf,
            ReadError::PdfNotRead => RejectionCode::PdfNotRead,
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
            ReadError::NotAFile(kind) => format!(
                "这不是普通文件，而是{kind}，读取它可能永远等不到结束，已跳过。自评表应是普通的电子表格或文本文件。"
            ),
            ReadError::Limit(limit) => limit.reason_zh(),
            ReadError::Scanned => "这是扫描件（PDF 中只有图像，没有文字层），表中的数字无法读取。请填报单位报送电子表格原件（.xlsx）或 Word 文档（.docx），不要打印后再扫描。".to_owned(),
            ReadError::PdfNotRead => "PDF 中的文字所用字体没有字符对照表，无法识别出文字（常见于部分打印驱动生成的 PDF）。请填报单位报送电子表格原件（.xlsx），或用 Excel、WPS“导出为 PDF”重新生成后报送。".to_owned(),
        }
    }
}

fn unsupported_zh(ext: &str) -> String {
    match ext {
        "doc" | "wps" => format!(
            "暂不支持读取 Word 97–2003 或 WPS 文字的旧格式（.{ext}）。请在 Word 或 WPS 中打开后另存为 .docx（或把自评表另存为 .xlsx）后重新报送。"
        ),
        "zip" | "rar" | "7z" | "tar" | "gz" | "tgz" | "bz2" | "xz" => format!(
            "这是压缩包（.{ext}），其中的文件不会自动读取。请先解压，把其中的自评表放入输入文件夹后重新运行。"
        ),
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "heic" => format!(
            "这是图片（.{ext}，扫描件或照片），表中的数字无法读取。请填报单位报送电子表格原件（.xlsx）或由其导出的 PDF。"
        ),
        "" => {
            "这是没有扩展名的文件，无法判断格式。如是自评表，请加上扩展名（如 .xlsx）后重新放入。"
                .to_owned()
        }
        _ => format!(
            "暂不支持读取此类文件（.{ext}）。自评表请报送电子表格（.xlsx、.xls、.et、.ods）、Word 文档（.docx）、PDF 或制表符分隔的文本（.txt）。"
        ),
    }
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
        "et" | "ett" => Ok(&workbook::EtReader),
        "docx" => Ok(&docx::DocxReader),
        "pdf" => Ok(&pdf::PdfReader),
        _ => Err(ReadError::Unsupported(ext)),
    }
}

/// Reads one file into grids. Only reads: the input is never opened for writing, and a
/// file that is not a regular file (a named pipe, a device) is never read, since a read
/// from one may never end.
pub fn read_file(path: &Path) -> Result<Vec<Grid>, ReadError> {
    let reader = reader_for(path)?;
    let bytes = read_bounded(path)?;
    reader.read(&bytes)
}

/// The bytes of a regular file of at most [`limits::MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(io_reason_zh(&e));
    let kind = special_kind(&std::fs::metadata(path).map_err(io)?);
    if let Some(kind) = kind {
        return Err(ReadError::NotAFile(kind));
    }
    let file = open_nonblocking(path).map_err(io)?;
    // The file may have been swapped for a pipe since: judge the one actually opened.
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = special_kind(&meta) {
        return Err(ReadError::NotAFile(kind));
    }
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(Limit::FileBytes(meta.len()).into());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read no more than the limit, in case the file grows while it is read.
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, limits::MAX_FILE_BYTES + 1),
        &mut bytes,
    )
    .map_err(io)?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(Limit::FileBytes(bytes.len() as u64).into());
    }
    Ok(bytes)
}

/// An operating-system error as the clerk reads it: what happened, in Chinese, with the
/// system's own words after it for whoever helps them.
pub fn io_reason_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "找不到该文件或文件夹",
        K::PermissionDenied => "没有访问权限",
        K::AlreadyExists => "同名文件已存在",
        K::StorageFull => "磁盘空间已满",
        K::ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        K::InvalidFilename => "文件名无效或过长",
        K::IsADirectory => "这是一个文件夹",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::ResourceBusy => "文件正被其他程序占用",
        K::CrossesDevices => "不能跨磁盘移动",
        K::TimedOut => "操作超时",
        K::Interrupted => "操作被中断",
        K::UnexpectedEof => "文件意外结束",
        K::OutOfMemory => "内存不足",
        _ => "读写出错",
    };
    // Windows says a file is open in another program with codes std has no kind for.
    let what = if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
        "文件正被其他程序打开（如 Excel、WPS），请先关闭"
    } else {
        what
    };
    // The system's own words stay, marked, for whoever helps the clerk.
    format!("{what}（系统信息：{e}）")
}

/// What a file that is not a regular file is, in Chinese; `None` for a regular file.
pub fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("命名管道（FIFO）");
        }
        if t.is_socket() {
            return Some("套接字");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("设备文件");
        }
    }
    if t.is_dir() {
        return Some("文件夹");
    }
    Some("特殊文件")
}

/// Opens for reading without waiting on a writer: opening a FIFO blocks until one comes.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refused_file_type_is_told_what_to_do_with_it() {
        let reason = |name: &str| match reader_for(Path::new(name)) {
            Err(e) => e.reason_zh(),
            Ok(_) => String::new(),
        };
        assert!(reason("报送材料.zip").contains("请先解压"));
        assert!(reason("扫描件.PNG").contains("图片") && reason("照片.jpg").contains(".xlsx"));
        assert!(reason("自评报告.doc").contains("另存为 .docx"));
        assert!(reason("无扩展名").contains("没有扩展名"));
        assert!(reason("表.numbers").contains("Word 文档（.docx）、PDF"));
        assert!(reader_for(Path::new("表.ET")).is_ok() && reader_for(Path::new("表.pdf")).is_ok());
    }
}
