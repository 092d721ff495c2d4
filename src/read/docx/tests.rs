use super::*;

use crate::bench::hostile::forge::{self, Member};

/// A `.docx` whose body is `body` (the hostile suite's builder).
fn docx(body: &str) -> Vec<u8> {
    forge::docx(body, false)
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|t| p(t)).collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
}

fn texts(grid: &Grid) -> Vec<Vec<&str>> {
    grid.rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect()
}

#[test]
fn paragraphs_and_tables_in_order_with_spans_and_vertical_merges() {
    let table = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
        tc("", &["项目名称"]),
        tc(r#"<w:gridSpan w:val="2"/>"#, &["城市道路养护"]),
        tc(r#"<w:vMerge w:val="restart"/>"#, &["产出指标"]),
        tc("", &["数量指标"]),
        tc("", &["≥95%"]),
        tc("<w:vMerge/>", &[]),
        tc("", &["质量指标", "（含抽检）"]),
        tc("", &["100%"]),
    );
    let bytes = docx(&format!(
        "{}{}<w:p/>{table}",
        p("项目支出绩效自评表"),
        p("（2023年度）")
    ));
    let grids = DocxReader.read(&bytes).unwrap();
    let g = &grids[0];
    assert!(g.columns_trusted());
    assert_eq!(
        texts(g),
        [
            vec!["项目支出绩效自评表"],
            vec!["（2023年度）"],
            vec!["项目名称", "城市道路养护"],
            vec!["产出指标", "数量指标", "≥95%"],
            vec!["", "质量指标\n（含抽检）", "100%"],
        ]
    );
    // The span is a merge over columns, the vMerge one down the rows.
    assert_eq!(
        g.merge_at(2, 1).map(|m| (m.last_row, m.last_col)),
        Some((2, 2))
    );
    assert_eq!(
        g.merge_at(3, 0).map(|m| (m.last_row, m.last_col)),
        Some((4, 0))
    );
    // Positions say the table, its row and column; or the paragraph.
    let at = |r: usize, c: usize| g.pos(r, c).describe_zh(SourceKind::Word);
    assert_eq!(at(0, 0), "第1段");
    assert_eq!(at(2, 1), "表1 第1行第2列");
    assert_eq!(at(4, 1), "表1 第3行第2列");
    assert_eq!(g.pos(4, 2).label(SourceKind::Word), "表1 第3行第3列");
}

#[test]
fn a_table_continued_after_a_page_break_continues_the_grid_and_nested_tables_add_lines() {
    let nested = format!(
        "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
        tc("", &["甲"]),
        tc("", &["1"]),
        tc("", &["乙"]),
        tc("", &["2"]),
    );
    let first = format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", tc("", &["三级指标"]));
    let second = format!(
        "<w:tbl><w:tr><w:tc><w:tcPr/>{}{nested}</w:tc></w:tr></w:tbl>",
        p("说明：")
    );
    let bytes = docx(&format!(
        r#"{first}<w:p><w:r><w:br w:type="page"/></w:r></w:p>{second}"#
    ));
    let g = &DocxReader.read(&bytes).unwrap()[0];
    assert_eq!(texts(g), [vec!["三级指标"], vec!["说明：\n甲 1\n乙 2"]]);
    assert_eq!(g.pos(1, 0).describe_zh(SourceKind::Word), "表2 第1行第1列");
}

#[test]
fn entities_breaks_and_tabs_are_text() {
    let bytes = docx(
        "<w:p><w:r><w:t>A&amp;B&#x4E2D;</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>y</w:t></w:r></w:p>",
    );
    let g = &DocxReader.read(&bytes).unwrap()[0];
    assert_eq!(texts(g), [vec!["A&B中 x\ny"]]);
}

#[test]
fn a_package_without_a_document_or_with_broken_xml_is_refused() {
    let not_word = forge::zip(&[Member::new("xl/workbook.xml", b"<workbook/>".to_vec())]);
    assert_eq!(
        DocxReader.read(&not_word).unwrap_err().code(),
        crate::read::RejectionCode::WrongContent
    );
    let broken = docx("<w:p><w:r><w:t>未闭合</w:r></w:p>");
    assert_eq!(
        DocxReader.read(&broken).unwrap_err().code(),
        crate::read::RejectionCode::CorruptFile
    );
    assert_eq!(
        DocxReader.read(b"not a zip").unwrap_err().code(),
        crate::read::RejectionCode::CorruptFile
    );
}

#[test]
fn a_cell_placed_far_right_is_refused_for_its_size_not_a_panic() {
    let far = format!(
        r#"<w:tbl><w:tr><w:trPr><w:gridBefore w:val="18446744073709551615"/></w:trPr>{}</w:tr></w:tbl>"#,
        tc(r#"<w:gridSpan w:val="64"/>"#, &["远处"])
    );
    let err = DocxReader.read(&docx(&far)).unwrap_err();
    assert_eq!(err.code(), crate::read::RejectionCode::SheetTooLarge);
    assert!(err.reason_zh().contains("表1 第1行"), "{}", err.reason_zh());
}

#[test]
fn word_97_and_wps_files_are_asked_for_as_docx() {
    for name in ["报告.doc", "报告.WPS"] {
        let err = crate::read::reader_for(std::path::Path::new(name))
            .err()
            .expect("refused");
        assert_eq!(err.code(), crate::read::RejectionCode::UnsupportedFormat);
        assert!(
            err.reason_zh().contains("另存为 .docx"),
            "{}",
            err.reason_zh()
        );
    }
    assert!(crate::read::reader_for(std::path::Path::new("报告.DOCX")).is_ok());
}
