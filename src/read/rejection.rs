//! The stable codes a file is rejected with, whichever stage rejects it. Filters, scripts
//! and the README key on these; the Chinese reason beside each says what to do.

/// Why a file yields no form, as a stable English code (`rejected.json`, 未识别文件).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RejectionCode {
    /// The file has no bytes.
    EmptyFile,
    /// A `.txt`/`.csv`/`.tsv` that is not text in any encoding we read.
    NotText,
    /// A file type the tool does not read.
    UnsupportedFormat,
    /// The file cannot be opened or walked to (permissions, a broken or looping link).
    IoError,
    /// A damaged workbook or package.
    CorruptFile,
    /// Password-protected.
    Encrypted,
    /// The extension says one format, the content is another.
    WrongContent,
    /// A pipe, socket or device, which is never opened.
    NotAFile,
    /// Larger than any form, on disk or in its shared strings.
    FileTooLarge,
    /// A package that would unpack to far more than it holds.
    ZipBomb,
    /// A sheet with more cells, sheets or merges than a form has.
    SheetTooLarge,
    /// A text copy with more lines or fields than a form has.
    TextTooLarge,
    /// More forms in one file than any unit sends.
    TooManyForms,
    /// A form with more rows than any form has.
    FormTooLarge,
    /// Another kind of form (a project list, a 部门整体支出 form), not a project's self-evaluation.
    OtherForm,
    /// Readable, but no self-evaluation form found in it.
    NoForm,
    /// A PDF of scanned pages: images, no text to read.
    ScannedPdf,
    /// A PDF with a text layer, which this version does not read into a form yet.
    PdfNotRead,
    /// The program failed on this file (a bug); the batch went on.
    InternalError,
}

impl RejectionCode {
    /// Every code, in the order of this list.
    pub const ALL: [RejectionCode; 19] = [
        RejectionCode::EmptyFile,
        RejectionCode::NotText,
        RejectionCode::UnsupportedFormat,
        RejectionCode::IoError,
        RejectionCode::CorruptFile,
        RejectionCode::Encrypted,
        RejectionCode::WrongContent,
        RejectionCode::NotAFile,
        RejectionCode::FileTooLarge,
        RejectionCode::ZipBomb,
        RejectionCode::SheetTooLarge,
        RejectionCode::TextTooLarge,
        RejectionCode::TooManyForms,
        RejectionCode::FormTooLarge,
        RejectionCode::OtherForm,
        RejectionCode::NoForm,
        RejectionCode::ScannedPdf,
        RejectionCode::PdfNotRead,
        RejectionCode::InternalError,
    ];

    /// The code as written in the outputs (`EMPTY_FILE`).
    pub fn as_str(self) -> &'static str {
        match self {
            RejectionCode::EmptyFile => "EMPTY_FILE",
            RejectionCode::NotText => "NOT_TEXT",
            RejectionCode::UnsupportedFormat => "UNSUPPORTED_FORMAT",
            RejectionCode::IoError => "IO_ERROR",
            RejectionCode::CorruptFile => "CORRUPT_FILE",
            RejectionCode::Encrypted => "ENCRYPTED",
            RejectionCode::WrongContent => "WRONG_CONTENT",
            RejectionCode::NotAFile => "NOT_A_FILE",
            RejectionCode::FileTooLarge => "FILE_TOO_LARGE",
            RejectionCode::ZipBomb => "ZIP_BOMB",
            RejectionCode::SheetTooLarge => "SHEET_TOO_LARGE",
            RejectionCode::TextTooLarge => "TEXT_TOO_LARGE",
            RejectionCode::TooManyForms => "TOO_MANY_FORMS",
            RejectionCode::FormTooLarge => "FORM_TOO_LARGE",
            RejectionCode::OtherForm => "OTHER_FORM",
            RejectionCode::NoForm => "NO_FORM",
            RejectionCode::ScannedPdf => "SCANNED_PDF",
            RejectionCode::PdfNotRead => "PDF_NOT_READ",
            RejectionCode::InternalError => "INTERNAL_ERROR",
        }
    }
}

impl std::fmt::Display for RejectionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RejectionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for RejectionCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_screaming_snake_case() {
        let names: std::collections::BTreeSet<&str> =
            RejectionCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), RejectionCode::ALL.len());
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        );
        assert_eq!(RejectionCode::ZipBomb.to_string(), "ZIP_BOMB");
    }
}
