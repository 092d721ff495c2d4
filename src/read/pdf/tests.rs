use super::*;
use crate::read::RejectionCode;

/// A one-page PDF whose page content is `content` (the hostile suite's builder).
fn pdf(content: &[u8]) -> Vec<u8> {
    crate::bench::hostile::forge::pdf(content).unwrap()
}

#[test]
fn a_scan_a_pdf_with_text_and_a_broken_file_are_told_apart() {
    let scan = pdf(b"q 595 0 0 842 0 0 cm /Im1 Do Q");
    assert_eq!(
        PdfReader.read(&scan).unwrap_err().code(),
        RejectionCode::ScannedPdf
    );
    let text = pdf(b"BT /F1 12 Tf 72 700 Td (Xiang mu) Tj ET");
    let err = PdfReader.read(&text).unwrap_err();
    assert_eq!(err.code(), RejectionCode::PdfNotRead);
    assert!(err.reason_zh().contains(".xlsx"), "{}", err.reason_zh());
    let shown = pdf(b"BT [(A) 120 (B)]TJ ET");
    assert_eq!(
        PdfReader.read(&shown).unwrap_err().code(),
        RejectionCode::PdfNotRead
    );
    assert_eq!(
        PdfReader.read(b"%PDF-1.4 not really").unwrap_err().code(),
        RejectionCode::CorruptFile
    );
    let scan_reason = PdfReader.read(&scan).unwrap_err().reason_zh();
    assert!(scan_reason.contains("扫描件"), "{scan_reason}");
}

#[test]
fn a_content_stream_that_inflates_past_the_bound_is_refused_not_inflated() {
    let bomb = pdf(&vec![b' '; MAX_PDF_STREAM_BYTES + 1024]);
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let err = PdfReader.read(&bomb).unwrap_err();
    assert_eq!(err.code(), RejectionCode::FileTooLarge);
    assert!(err.reason_zh().contains("64 MB"), "{}", err.reason_zh());
}

#[test]
fn text_operators_are_found_only_as_operators() {
    assert!(shows_text(b"(a) Tj"));
    assert!(shows_text(b"<4F60>Tj\n"));
    assert!(shows_text(b"[(a)-3(b)] TJ"));
    assert!(shows_text(b"(next line)'"));
    assert!(!shows_text(b"/Im1 Do"));
    assert!(!shows_text(b"/TjX 1 0 R"));
}
