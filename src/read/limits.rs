//! How much of a file the readers will take on, decided before the work is spent.
//!
//! No submitted form comes anywhere near these: a form is a sheet of a few hundred cells in
//! a workbook of tens of kilobytes. A file past one is refused with its own reason, so one
//! hostile or broken file costs the batch a bounded amount of time and memory (checked by
//! `zipingbiao bench --hostile`: under 5 s and 500 MB a file).

use super::RejectionCode;

/// A file larger than this is not read at all.
pub const MAX_FILE_BYTES: u64 = 50 << 20;
/// What the members of a zip package (`.xlsx`, `.xlsb`, `.ods`) may inflate to, together.
pub const MAX_UNZIPPED_BYTES: u64 = 200 << 20;
/// How much a member over 1 MiB may inflate (uncompressed ÷ compressed).
pub const MAX_ZIP_RATIO: u64 = 200;
/// Members of a zip package: a workbook has a few dozen.
pub const MAX_ZIP_MEMBERS: u64 = 10_000;
/// The shared-strings part of a workbook, uncompressed: every text of every sheet.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 16 << 20;
/// Cells of a file's sheets together, counted as each sheet's rows × columns up to its last
/// value (what the reader holds in memory).
pub const MAX_CELLS: u64 = 2_000_000;
/// Worksheets in one workbook.
pub const MAX_SHEETS: usize = 1_000;
/// Merged ranges in one sheet.
pub const MAX_MERGES: usize = 100_000;
/// Cells the merged ranges of one sheet cover together.
pub const MAX_MERGED_CELLS: u64 = 4_000_000;
/// Lines of a text file.
pub const MAX_TEXT_LINES: usize = 200_000;
/// Fields (cells) of a text file together.
pub const MAX_TEXT_FIELDS: usize = 2_000_000;
/// Pages of a PDF: a form has a few, a district's booklet some hundreds.
pub const MAX_PDF_PAGES: usize = 5_000;
/// What one stream of a PDF may inflate to (a page's content, an object stream).
pub const MAX_PDF_STREAM_BYTES: usize = 64 << 20;
/// Drawing operations on one PDF page (its forms included): a printed form page has a
/// few thousand.
pub const MAX_PDF_PAGE_OPERATIONS: usize = 500_000;
/// Forms in one file.
pub const MAX_FORMS_PER_FILE: usize = 1_000;
/// Indicator rows in one form.
pub const MAX_INDICATOR_ROWS: usize = 1_000;

/// A limit a file went past, with what it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    /// The file's own size.
    FileBytes(u64),
    /// The package's members would inflate to this much together.
    Unzipped(u64),
    /// A member that inflates more than any workbook part does.
    Ratio {
        /// The member.
        part: String,
        /// What it inflates to.
        size: u64,
    },
    /// A member that inflates past the size its package declares for it.
    SizeLie {
        /// The member.
        part: String,
        /// The size the package declares.
        declared: u64,
    },
    /// Members of the package.
    Members(u64),
    /// The shared-strings part's size.
    SharedStrings(u64),
    /// A sheet's cells, where it stopped (the cell that went past, where known).
    Cells {
        /// The sheet.
        sheet: String,
        /// Rows read.
        rows: u64,
        /// Columns read.
        cols: u64,
        /// The cell that went past, where known.
        cell: Option<String>,
    },
    /// Sheets in the workbook.
    Sheets(usize),
    /// Merged ranges in one sheet.
    Merges {
        /// The sheet.
        sheet: String,
        /// How many.
        count: usize,
    },
    /// Lines of a text copy.
    TextLines(usize),
    /// Fields on one line of a text copy.
    TextFields(usize),
    /// Pages of a PDF.
    PdfPages(usize),
    /// A PDF stream that would inflate past this many bytes.
    PdfStream(u64),
    /// Drawing operations on one PDF page, at least this many.
    PdfOperations(usize),
}

impl Limit {
    /// The rejection code the file gets.
    pub fn code(&self) -> RejectionCode {
        match self {
            Limit::FileBytes(_) | Limit::SharedStrings(_) => RejectionCode::FileTooLarge,
            Limit::Unzipped(_)
            | Limit::Ratio { .. }
            | Limit::SizeLie { .. }
            | Limit::Members(_) => RejectionCode::ZipBomb,
            Limit::Cells { .. } | Limit::Sheets(_) | Limit::Merges { .. } => {
                RejectionCode::SheetTooLarge
            }
            Limit::TextLines(_) | Limit::TextFields(_) => RejectionCode::TextTooLarge,
            Limit::PdfPages(_) | Limit::PdfStream(_) | Limit::PdfOperations(_) => {
                RejectionCode::FileTooLarge
            }
        }
    }

    /// The reason, in Chinese, naming what was found and the limit.
    pub fn reason_zh(&self) -> String {
        const NOT_A_FORM: &str = "一份自评表远没有这么大，请检查是否放错了文件。";
        match self {
            Limit::FileBytes(bytes) => format!(
                "文件大小 {}（{} 字节），超过 {}（{} 字节）的上限。{NOT_A_FORM}",
                size_zh(*bytes),
                grouped(*bytes),
                size_zh(MAX_FILE_BYTES),
                grouped(MAX_FILE_BYTES)
            ),
            Limit::Unzipped(bytes) => format!(
                "文件解压后将达 {}，超过 {} 的上限（可能是恶意构造的压缩包），已拒绝读取。",
                size_zh(*bytes),
                size_zh(MAX_UNZIPPED_BYTES)
            ),
            Limit::Ratio { part, size } => format!(
                "文件中的部件“{part}”解压后达 {}，压缩比超过 {MAX_ZIP_RATIO} 倍（可能是恶意构造的压缩包），已拒绝读取。",
                size_zh(*size)
            ),
            Limit::SizeLie { part, declared } => format!(
                "文件中的部件“{part}”解压后超过它声明的大小 {}（文件已损坏或是恶意构造的压缩包），已拒绝读取。",
                size_zh(*declared)
            ),
            Limit::Members(n) => format!(
                "文件内含 {n} 个部件，超过 {MAX_ZIP_MEMBERS} 个的上限（工作簿通常只有几十个），已拒绝读取。"
            ),
            Limit::SharedStrings(bytes) => format!(
                "工作簿的文字部分（sharedStrings）达 {}，超过 {} 的上限。{NOT_A_FORM}",
                size_zh(*bytes),
                size_zh(MAX_SHARED_STRINGS_BYTES)
            ),
            Limit::Cells {
                sheet,
                rows,
                cols,
                cell,
            } => {
                let at = cell
                    .as_ref()
                    .map(|c| format!("单元格 {c} 有内容，"))
                    .unwrap_or_default();
                format!(
                    "工作表“{sheet}”{at}使表格达 {rows} 行 × {cols} 列，超过全文件 {} 个单元格的上限。请删除远离表格的多余内容后重新报送。",
                    grouped(MAX_CELLS)
                )
            }
            Limit::Sheets(n) => {
                format!("工作簿有 {n} 个工作表，超过 {MAX_SHEETS} 个的上限。{NOT_A_FORM}")
            }
            Limit::Merges { sheet, count } => format!(
                "工作表“{sheet}”有 {count} 处合并单元格，超过 {} 处（或合并区域合计 {} 个单元格）的上限。{NOT_A_FORM}",
                grouped(MAX_MERGES as u64),
                grouped(MAX_MERGED_CELLS)
            ),
            Limit::TextLines(n) => format!(
                "文本文件有 {} 行，超过 {} 行的上限。{NOT_A_FORM}",
                grouped(*n as u64),
                grouped(MAX_TEXT_LINES as u64)
            ),
            Limit::TextFields(n) => format!(
                "文本文件有 {} 个栏目，超过 {} 个的上限。{NOT_A_FORM}",
                grouped(*n as u64),
                grouped(MAX_TEXT_FIELDS as u64)
            ),
            Limit::PdfPages(n) => format!(
                "PDF 有 {} 页，超过 {} 页的上限。{NOT_A_FORM}",
                grouped(*n as u64),
                grouped(MAX_PDF_PAGES as u64)
            ),
            Limit::PdfStream(limit) => format!(
                "PDF 中有一段数据解压后超过 {}（可能是恶意构造的文件）。{NOT_A_FORM}",
                size_zh(*limit)
            ),
            Limit::PdfOperations(n) => format!(
                "PDF 的一页有 {} 个以上绘图指令，超过每页 {} 个的上限。{NOT_A_FORM}",
                grouped(*n as u64),
                grouped(MAX_PDF_PAGE_OPERATIONS as u64)
            ),
        }
    }
}

/// `52428800` → `50 MB`, `1536` → `1.5 KB`: sizes as a person reads them.
pub fn size_zh(bytes: u64) -> String {
    let (value, unit) = if bytes >= 1 << 30 {
        (bytes as f64 / (1u64 << 30) as f64, "GB")
    } else if bytes >= 1 << 20 {
        (bytes as f64 / (1u64 << 20) as f64, "MB")
    } else if bytes >= 1 << 10 {
        (bytes as f64 / 1024.0, "KB")
    } else {
        return format!("{bytes} 字节");
    };
    let text = format!("{value:.1}");
    format!("{} {unit}", text.strip_suffix(".0").unwrap_or(&text))
}

/// `2000000` → `2,000,000`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_counts_read_as_a_person_writes_them() {
        assert_eq!(size_zh(50 << 20), "50 MB");
        assert_eq!(size_zh(1536), "1.5 KB");
        assert_eq!(size_zh(52_500_000), "50.1 MB");
        assert_eq!(size_zh(12), "12 字节");
        assert_eq!(grouped(2_000_000), "2,000,000");
        assert_eq!(grouped(999), "999");
    }

    #[test]
    fn every_limit_has_a_code_and_names_its_bound() {
        let cells = Limit::Cells {
            sheet: "自评表".into(),
            rows: 1_048_576,
            cols: 16_384,
            cell: Some("XFD1048576".into()),
        };
        assert_eq!(cells.code(), "SHEET_TOO_LARGE");
        let reason = cells.reason_zh();
        assert!(
            reason.contains("XFD1048576") && reason.contains("2,000,000"),
            "{reason}"
        );
        assert_eq!(Limit::FileBytes(60 << 20).code(), "FILE_TOO_LARGE");
        assert!(
            Limit::FileBytes(60 << 20)
                .reason_zh()
                .contains("60 MB（62,914,560 字节），超过 50 MB（52,428,800 字节）")
        );
        assert_eq!(Limit::TextLines(9).code(), "TEXT_TOO_LARGE");
        assert_eq!(
            Limit::SizeLie {
                part: "xl/sharedStrings.xml".into(),
                declared: 1024
            }
            .code(),
            "ZIP_BOMB"
        );
    }
}
