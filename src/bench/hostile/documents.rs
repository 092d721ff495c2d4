//! Hostile Word documents and PDFs: damaged packages and XML, a table of millions of rows,
//! tables nested fifty thousand deep, a column past every integer; PDFs cut short, broken,
//! scanned, and one whose page inflates past its bound.

use super::forge::{self, Member};
use super::*;

/// A `.docx` whose body is `body`, its document part stored (not deflated) where `stored`.
fn docx_with_body(body: &str, stored: bool) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let document = Member::new("word/document.xml", xml.into_bytes());
    forge::zip(&[
        Member::new(
            "[Content_Types].xml",
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_vec(),
        ),
        if stored { document.stored() } else { document },
    ])
}

pub(super) fn docx_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let good = docx_with_body("<w:p><w:r><w:t>项目名称</w:t></w:r></w:p>", false);
    let mut out = vec![
        write(
            dir,
            "截断.docx",
            &good[..good.len() / 2],
            rejected("CORRUPT_FILE"),
        )?,
        write(
            dir,
            "坏XML.docx",
            &docx_with_body("<w:p><w:r><w:t>未闭合</w:r></w:p>", false),
            rejected("CORRUPT_FILE"),
        )?,
        write(
            dir,
            "不是Word.docx",
            &forge::zip(&[Member::new("xl/workbook.xml", b"<workbook/>".to_vec())]),
            rejected("WRONG_CONTENT"),
        )?,
        write(
            dir,
            "远处的单元格.docx",
            &docx_with_body(
                r#"<w:tbl><w:tr><w:trPr><w:gridBefore w:val="18446744073709551615"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p><w:r><w:t>远</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
                false,
            ),
            rejected("SHEET_TOO_LARGE"),
        )?,
    ];
    // Tables nested 50,000 deep: a depth count, no recursion.
    let nested = format!(
        "{}<w:p><w:r><w:t>最里面</w:t></w:r></w:p>{}",
        "<w:tbl><w:tr><w:tc>".repeat(50_000),
        "</w:tc></w:tr></w:tbl>".repeat(50_000)
    );
    out.push(write(
        dir,
        "层层嵌套.docx",
        &docx_with_body(&nested, false),
        rejected("NO_FORM"),
    )?);
    Ok(out)
}

pub(super) fn docx_many_rows(dir: &Path) -> std::io::Result<Vec<Planted>> {
    // 2.1 million empty table rows, stored so the package is no zip bomb: 15 MB.
    let body = format!("<w:tbl>{}</w:tbl>", "<w:tr/>".repeat(2_100_000));
    Ok(vec![write(
        dir,
        "两百万行.docx",
        &docx_with_body(&body, true),
        rejected("SHEET_TOO_LARGE"),
    )?])
}

/// A one-page PDF whose page content is `content`, deflated.
fn pdf_with_content(content: &[u8]) -> std::io::Result<Vec<u8>> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut stream = Stream::new(dictionary! {}, content.to_vec());
    stream.compress().map_err(std::io::Error::other)?;
    let content_id = doc.add_object(stream);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

pub(super) fn pdf_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let scan = pdf_with_content(b"q 595 0 0 842 0 0 cm /Im1 Do Q")?;
    Ok(vec![
        write(
            dir,
            "只有文件头.pdf",
            b"%PDF-1.4\n",
            rejected("CORRUPT_FILE"),
        )?,
        write(
            dir,
            "截断.pdf",
            &scan[..scan.len() / 2],
            rejected("CORRUPT_FILE"),
        )?,
        write(dir, "扫描件.pdf", &scan, rejected("SCANNED_PDF"))?,
        write(
            dir,
            "导出的.pdf",
            &pdf_with_content(b"BT /F1 12 Tf (x) Tj ET")?,
            rejected("PDF_NOT_READ"),
        )?,
    ])
}

pub(super) fn pdf_bomb(dir: &Path) -> std::io::Result<Vec<Planted>> {
    // A page of 100 MB of spaces, deflated to some 100 KB.
    Ok(vec![write(
        dir,
        "解压炸弹.pdf",
        &pdf_with_content(&vec![b' '; 100 << 20])?,
        rejected("FILE_TOO_LARGE"),
    )?])
}
