//! Writes the Word samples: forms pasted into a unit's Word document, as units send them.
//!
//! Each is made from a bundled sample workbook of its layout, sheet by sheet as the program
//! reads it (every cell's text and merge), with the unit's names changed: the rows above a
//! form (title, year, 金额单位) become paragraphs, the form a Word table (merges as
//! `w:gridSpan` and `w:vMerge`), and one form is broken over two tables by a page break.
//! Its expected extraction is the workbook's expected JSON with the same names changed and
//! the source the document — so the test says the Word copy reads exactly as the workbook.
//!
//! The same for the layouts no document here describes: `tests/fixtures/word-undescribed/`,
//! their expected JSON in `tests/fixtures/word-undescribed-expected/`.
//!
//! `cargo run --example make_word_samples` (writes `samples/…/*.docx`,
//! `tests/expected/*-word-2023.json` and `tests/fixtures/word-undescribed/`).

use std::io::{Cursor, Write};
use std::path::Path;

use serde_json::Value;
use zipingbiao::read::{Grid, Pos, read_file};

/// One document to write.
struct Doc {
    /// The workbook it is made from, and its expected JSON.
    workbook: &'static str,
    expected: &'static str,
    /// The sheets of the workbook it holds, in order.
    sheets: &'static [&'static str],
    /// The folder the document's source path is relative to, and the document under it.
    root: &'static str,
    out: &'static str,
    /// Its expected JSON.
    out_expected: &'static str,
    /// Names changed (in the cells and the expected JSON alike).
    rename: &'static [(&'static str, &'static str)],
    /// A row (its first cell's text) before which the form's table is broken by a page.
    break_before: Option<&'static str>,
    /// Paragraphs of the report before the form.
    preamble: &'static [&'static str],
}

/// The layouts no document here describes (`make_undescribed_samples`), pasted into Word.
const UNDESCRIBED: &str = "tests/fixtures/word-undescribed/";

const DOCS: [Doc; 6] = [
    Doc {
        workbook: "samples/四川省农业农村厅/农技推广总站与种子站-部门预算项目支出绩效自评表.xlsx",
        expected: "tests/expected/sichuan-2023.json",
        sheets: &["农技推广"],
        root: "samples/",
        out: "samples/四川省林业和草原局/林业科技推广总站-2023年度项目支出绩效自评报告.docx",
        out_expected: "tests/expected/sichuan-word-2023.json",
        rename: &[
            ("四川省农业农村厅", "四川省林业和草原局"),
            ("四川省农业技术推广总站", "四川省林业科技推广总站"),
            ("基层农技推广体系改革与建设补助", "基层林业科技推广补助"),
        ],
        break_before: None,
        preamble: &[
            "四川省林业科技推广总站2023年度项目支出绩效自评报告",
            "附件1",
        ],
    },
    Doc {
        workbook: "samples/湖北省咸宁市生态环境局/2023年度项目绩效自评表（两个项目）.xlsx",
        expected: "tests/expected/hubei-2023.json",
        sheets: &["自评表"],
        root: "samples/",
        out: "samples/湖北省咸宁市水利和湖泊局/2023年度项目绩效自评表（两个项目）.docx",
        out_expected: "tests/expected/hubei-word-2023.json",
        rename: &[("咸宁市生态环境局", "咸宁市水利和湖泊局")],
        break_before: Some("年度绩效目标2"),
        preamble: &[],
    },
    Doc {
        workbook: "tests/fixtures/undescribed/某县交通运输局/乡村道路养护专项资金-自评表.xlsx",
        expected: "tests/fixtures/undescribed-expected.json",
        sheets: &["自评表"],
        root: UNDESCRIBED,
        out: "tests/fixtures/word-undescribed/某县交通运输局/乡村道路养护专项资金绩效自评报告.docx",
        out_expected: "tests/fixtures/word-undescribed-expected/special-fund.json",
        rename: &[],
        break_before: Some("一级指标"),
        preamble: &["乡村道路养护专项资金绩效自评报告", "附件"],
    },
    Doc {
        workbook: "tests/fixtures/undescribed/某市文化广电旅游局/城市书房运营-绩效自评表.xlsx",
        expected: "tests/fixtures/undescribed-expected.json",
        sheets: &["自评表"],
        root: UNDESCRIBED,
        out: "tests/fixtures/word-undescribed/某市文化广电旅游局/城市书房运营-绩效自评表.docx",
        out_expected: "tests/fixtures/word-undescribed-expected/framework-2020.json",
        rename: &[],
        break_before: None,
        preamble: &[],
    },
    Doc {
        workbook: "tests/fixtures/undescribed/某区教育局/课后服务补助-自评表.xlsx",
        expected: "tests/fixtures/undescribed-expected.json",
        sheets: &["自评表"],
        root: UNDESCRIBED,
        out: "tests/fixtures/word-undescribed/某区教育局/课后服务补助-自评表.docx",
        out_expected: "tests/fixtures/word-undescribed-expected/total-first.json",
        rename: &[],
        break_before: None,
        preamble: &["课后服务补助项目支出绩效自评情况"],
    },
    Doc {
        workbook: "tests/fixtures/undescribed/某市卫生健康委员会/重大传染病防控经费-绩效评价表.xlsx",
        expected: "tests/fixtures/undescribed-expected.json",
        sheets: &["自评表"],
        root: UNDESCRIBED,
        out: "tests/fixtures/word-undescribed/某市卫生健康委员会/重大传染病防控经费绩效评价报告.docx",
        out_expected: "tests/fixtures/word-undescribed-expected/evaluation-sheet.json",
        rename: &[],
        break_before: Some("指标类别"),
        preamble: &["重大传染病防控经费绩效评价报告", "一、项目基本情况"],
    },
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for doc in &DOCS {
        let grids = read_file(Path::new(doc.workbook))?;
        let mut writer = DocWriter::default();
        for p in doc.preamble {
            writer.paragraph(p);
        }
        // Where each sheet row went: (sheet, grid row) → the document's position.
        let mut placed: Vec<(String, usize, Pos)> = Vec::new();
        for sheet in doc.sheets {
            let grid = grids
                .iter()
                .find(|g| g.sheet.as_deref() == Some(*sheet))
                .ok_or("no such sheet")?;
            for (row, pos) in writer.sheet(grid, doc) {
                placed.push(((*sheet).to_owned(), row, pos));
            }
        }
        let bytes = writer.finish()?;
        let out = Path::new(doc.out);
        std::fs::create_dir_all(out.parent().ok_or("no folder")?)?;
        std::fs::write(out, bytes)?;

        let mut expected: Value = serde_json::from_str(&renamed(
            &std::fs::read_to_string(doc.expected)?,
            doc.rename,
        ))?;
        let file = doc.out.trim_start_matches(doc.root);
        // The forms of this workbook (its path renamed, as the expected JSON is).
        let workbook = renamed(doc.workbook, doc.rename);
        let forms = expected.as_array_mut().ok_or("not a list")?;
        forms.retain(|f| {
            f["source"]["sheet"]
                .as_str()
                .is_some_and(|s| doc.sheets.contains(&s))
                && f["source"]["file"]
                    .as_str()
                    .is_some_and(|f| workbook.ends_with(f))
        });
        for form in forms {
            let source = &mut form["source"];
            let sheet = source["sheet"].as_str().unwrap_or_default().to_owned();
            let row = source["row"].as_u64().unwrap_or(1) as usize - 1;
            // The form starts at its first row that holds text in the document.
            let at = placed
                .iter()
                .filter(|(s, r, _)| *s == sheet && *r >= row)
                .min_by_key(|(_, r, _)| *r)
                .map(|(_, _, p)| *p)
                .ok_or("the form's row is not in the document")?;
            source["file"] = file.into();
            source["sheet"] = Value::Null;
            source["row"] = (at.row + 1).into();
        }
        let text = serde_json::to_string_pretty(&expected)? + "\n";
        std::fs::write(doc.out_expected, text)?;
        println!("{} ← {}", doc.out, doc.workbook);
    }
    Ok(())
}

fn renamed(text: &str, rename: &[(&str, &str)]) -> String {
    rename
        .iter()
        .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The body of a document as it is written, and where the next paragraph or table row goes.
#[derive(Default)]
struct DocWriter {
    body: String,
    paragraphs: u32,
    tables: u32,
    table_rows: u32,
    in_table: bool,
}

impl DocWriter {
    fn paragraph(&mut self, text: &str) -> Pos {
        self.close_table();
        let runs: Vec<String> = text
            .split('\n')
            .map(|line| format!("<w:t xml:space=\"preserve\">{}</w:t>", escape(line)))
            .collect();
        self.body
            .push_str(&format!("<w:p><w:r>{}</w:r></w:p>", runs.join("<w:br/>")));
        self.paragraphs += 1;
        Pos::in_part(0, self.paragraphs - 1, 0)
    }

    fn page_break(&mut self) {
        self.close_table();
        self.body
            .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        self.paragraphs += 1;
    }

    fn close_table(&mut self) {
        if self.in_table {
            self.body.push_str("</w:tbl>");
            self.in_table = false;
        }
    }

    /// One sheet: rows with one text before a form's table are paragraphs, the form a table
    /// that a blank row ends.
    /// Returns where each grid row went.
    fn sheet(&mut self, grid: &Grid, doc: &Doc) -> Vec<(usize, Pos)> {
        let width = grid.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut placed = Vec::new();
        let mut in_form = false;
        for (r, row) in grid.rows.iter().enumerate() {
            let texts: Vec<&str> = row
                .iter()
                .map(|c| c.text.trim())
                .filter(|t| !t.is_empty())
                .collect();
            // A blank row ends the form's table: what follows is paragraphs again.
            if texts.is_empty() {
                in_form = false;
                self.close_table();
                continue;
            }
            let first = texts[0];
            if !in_form && texts.len() == 1 {
                placed.push((r, self.paragraph(&renamed(first, doc.rename))));
                continue;
            }
            if doc.break_before.is_some_and(|b| first.starts_with(b)) {
                self.page_break();
            }
            in_form = true;
            placed.push((r, self.table_row(grid, r, width, doc)));
        }
        self.close_table();
        placed
    }

    fn table_row(&mut self, grid: &Grid, r: usize, width: usize, doc: &Doc) -> Pos {
        if !self.in_table {
            let line = |side: &str| {
                format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
            };
            let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
                .iter()
                .map(|s| line(s))
                .collect();
            let columns = "<w:gridCol w:w=\"1400\"/>".repeat(width);
            self.body.push_str(&format!(
                "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>{borders}</w:tblBorders></w:tblPr><w:tblGrid>{columns}</w:tblGrid>"
            ));
            self.in_table = true;
            self.tables += 1;
            self.table_rows = 0;
        }
        self.body.push_str("<w:tr>");
        let mut c = 0;
        while c < width {
            let merge = grid.merge_covering(r, c);
            let (span, vmerge, text) = match merge {
                Some(m) if m.first_col == c => {
                    let span = m.last_col - m.first_col + 1;
                    let vmerge = match (m.first_row == r, m.last_row > m.first_row) {
                        (true, true) => "<w:vMerge w:val=\"restart\"/>",
                        (false, _) => "<w:vMerge/>",
                        _ => "",
                    };
                    let text = if m.first_row == r {
                        grid.text(r, c)
                    } else {
                        ""
                    };
                    (span, vmerge, text)
                }
                Some(_) => {
                    c += 1;
                    continue;
                }
                None => (1, "", grid.text(r, c)),
            };
            let span_xml = if span > 1 {
                format!("<w:gridSpan w:val=\"{span}\"/>")
            } else {
                String::new()
            };
            let paragraphs: String = renamed(text, doc.rename)
                .split('\n')
                .map(|line| {
                    format!(
                        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                        escape(line)
                    )
                })
                .collect();
            self.body.push_str(&format!(
                "<w:tc><w:tcPr>{span_xml}{vmerge}</w:tcPr>{paragraphs}</w:tc>"
            ));
            c += span;
        }
        self.body.push_str("</w:tr>");
        self.table_rows += 1;
        Pos::in_part(self.tables, self.table_rows - 1, 0)
    }

    fn finish(mut self) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        self.close_table();
        let mut out = Vec::new();
        let mut zip = zip::ZipWriter::new(Cursor::new(&mut out));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        let parts: [(&str, String); 4] = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_owned(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_owned(),
            ),
            (
                "word/_rels/document.xml.rels",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#.to_owned(),
            ),
            (
                "word/document.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>"#,
                    self.body
                ),
            ),
        ];
        for (name, text) in parts {
            zip.start_file(name, options)?;
            zip.write_all(text.as_bytes())?;
        }
        zip.finish()?;
        Ok(out)
    }
}
