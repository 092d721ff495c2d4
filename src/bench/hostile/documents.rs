//! Hostile Word documents and PDFs: damaged packages and XML, a table of millions of rows,
//! tables nested fifty thousand deep, a column past every integer; PDFs cut short, broken,
//! scanned, and one whose page inflates past its bound.

use super::forge::{self, Member};
use super::*;

pub(super) fn docx_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let good = forge::docx("<w:p><w:r><w:t>项目名称</w:t></w:r></w:p>", false);
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
            &forge::docx("<w:p><w:r><w:t>未闭合</w:r></w:p>", false),
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
            &forge::docx(
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
        &forge::docx(&nested, false),
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
        &forge::docx(&body, true),
        rejected("SHEET_TOO_LARGE"),
    )?])
}

pub(super) fn pdf_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let scan = forge::pdf(b"q 595 0 0 842 0 0 cm /Im1 Do Q")?;
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
            &forge::pdf(b"BT /F1 12 Tf (x) Tj ET")?,
            rejected("PDF_NOT_READ"),
        )?,
    ])
}

pub(super) fn pdf_bomb(dir: &Path) -> std::io::Result<Vec<Planted>> {
    // A page of 100 MB of spaces, deflated to some 100 KB; and one of two million drawing
    // operations (4 MB inflated), past the bound a page may hold.
    let operations = "n\n".repeat(2 * crate::read::limits::MAX_PDF_PAGE_OPERATIONS);
    Ok(vec![
        write(
            dir,
            "解压炸弹.pdf",
            &forge::pdf(&vec![b' '; 100 << 20])?,
            rejected("FILE_TOO_LARGE"),
        )?,
        write(
            dir,
            "指令过多.pdf",
            &forge::pdf(operations.as_bytes())?,
            rejected("FILE_TOO_LARGE"),
        )?,
    ])
}
