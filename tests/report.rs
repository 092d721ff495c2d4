//! The written analysis, report.docx and report.pdf: its figures are the workbook's, the
//! two files say the same, the bytes repeat, and the section on last year is there only
//! with --previous.

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::repo;
use zipingbiao::Settings;
use zipingbiao::pipeline::run_against;
use zipingbiao::report::Outputs;

const OUTPUTS: Outputs = Outputs {
    json: false,
    xlsx: true,
    pdf: false,
    report: true,
};

fn run(previous: Option<&Path>) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    run_against(
        &repo().join("samples"),
        previous,
        &out.path().join("out"),
        &Settings::builtin(),
        OUTPUTS,
        &|_| {},
    )
    .unwrap();
    out
}

fn zip_part(path: &Path, name: &str) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut part = zip.by_name(name).ok()?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut part, &mut bytes).unwrap();
    Some(bytes)
}

/// The text of the Word document, a paragraph (or table cell) a line.
fn docx_text(path: &Path) -> String {
    let xml = String::from_utf8(zip_part(path, "word/document.xml").unwrap()).unwrap();
    let mut text = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some((_, rest)) = piece.split_once('>') else {
            continue;
        };
        let Some((t, after)) = rest.split_once("</w:t>") else {
            continue;
        };
        text.push_str(&t.replace("&quot;", "\"").replace("&amp;", "&"));
        if after.contains("</w:p>") {
            text.push('\n');
        }
    }
    text
}

fn pdf_text(path: &Path) -> String {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().replace('\n', "")
}

fn number(v: Option<&Data>) -> f64 {
    match v {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// `1234567.8` as the tables write it: `1,234,567.80`.
fn money(v: f64) -> String {
    let fen = (v * 100.0).round() as i64;
    let yuan = (fen / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in yuan.chars().enumerate() {
        if i > 0 && (yuan.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{grouped}.{:02}", fen % 100)
}

#[test]
fn the_reports_figures_are_the_workbooks_and_both_files_say_the_same() {
    let dir = run(Some(&repo().join("samples-2022")));
    let out = dir.path().join("out");
    let text = docx_text(&out.join("report.docx"));
    let mut wb: Xlsx<_> = open_workbook(out.join("summary.xlsx")).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let totals = summary.height() as u32 - 1;
    assert_eq!(summary.get_value((totals, 0)).unwrap().to_string(), "合计");
    let (initial, adjusted, executed) = (
        number(summary.get_value((totals, 5))),
        number(summary.get_value((totals, 6))),
        number(summary.get_value((totals, 7))),
    );
    let rate = number(summary.get_value((totals, 8)));
    let (reported, rescored) = (
        number(summary.get_value((totals, 9))),
        number(summary.get_value((totals, 10))),
    );
    for sentence in [
        format!("年初预算数合计 {} 元", money(initial)),
        format!("全年预算数合计 {} 元", money(adjusted)),
        format!("全年执行数合计 {} 元", money(executed)),
        format!("为 {:.2}%", rate * 100.0),
        format!("自评平均分 {reported:.2}，复核平均分 {rescored:.2}"),
        "纳入统计的项目 30 个".to_owned(),
    ] {
        assert!(text.contains(&sentence), "{sentence} not in\n{text}");
    }
    // The grades, as 等级分布 counts them (this year and last).
    let grades = wb.worksheet_range("等级分布").unwrap();
    let counts = |c: u32| -> String {
        ["优", "良", "中", "差"]
            .iter()
            .enumerate()
            .map(|(i, g)| format!("“{g}”{}个", number(grades.get_value((2 + i as u32, c)))))
            .collect::<Vec<_>>()
            .join("、")
    };
    assert!(
        text.contains(&format!("重新评分后，评为{}", counts(1))),
        "{text}"
    );
    assert!(
        text.contains(&format!("上年复核等级为{}，本年为{}", counts(2), counts(1))),
        "{text}"
    );
    // Each department's row: its projects and budget as 按主管部门汇总 has them.
    let departments = wb.worksheet_range("按主管部门汇总").unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for r in 2..departments.height() as u32 {
        let name = departments.get_value((r, 0)).unwrap().to_string();
        let at = lines
            .iter()
            .rposition(|l| *l == name)
            .unwrap_or_else(|| panic!("{name} has no row"));
        assert_eq!(
            lines[at + 1],
            format!("{}", number(departments.get_value((r, 1))))
        );
        assert_eq!(lines[at + 2], money(number(departments.get_value((r, 3)))));
    }
    // Last year: the pairs of 同比.
    assert!(text.contains("六、与上年对比"));
    assert!(text.contains("两年均有自评表的项目 27 个（其中 1 个按项目编码对应"));
    assert!(text.contains("本年新增项目 3 个，上年有而本年没有的项目 2 个"));
    assert!(text.contains("两年对比发现需要关注的情况 4 项"));
    // The PDF says what the Word document says.
    let pdf = pdf_text(&out.join("report.pdf"));
    for line in text.lines().filter(|l| l.chars().count() > 4) {
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        let pdf_compact: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
        let head: String = compact.chars().take(12).collect();
        assert!(pdf_compact.contains(&head), "{head} not in the PDF");
    }
    // Two charts, pictures in both files.
    assert!(zip_part(&out.join("report.docx"), "word/media/rIdImage1.png").is_some());
    assert!(zip_part(&out.join("report.docx"), "word/media/rIdImage2.png").is_some());
    let doc = lopdf::Document::load(out.join("report.pdf")).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
            })
        })
        .count();
    assert_eq!(images, 2);
}

#[test]
fn without_previous_there_is_no_section_on_last_year_and_the_bytes_repeat() {
    let (a, b) = (run(None), run(None));
    let text = docx_text(&a.path().join("out/report.docx"));
    assert!(text.contains("五、发现的主要问题"));
    assert!(!text.contains("与上年"), "{text}");
    assert!(text.contains("六、说明"));
    for file in ["report.docx", "report.pdf"] {
        let read = |d: &tempfile::TempDir| std::fs::read(d.path().join("out").join(file)).unwrap();
        assert!(read(&a) == read(&b), "{file} differs between runs");
    }
}
