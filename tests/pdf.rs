//! The printable PDFs: every field of each seed form is in its PDF's text, the font is an
//! embedded subset, the booklet has its pages and nested bookmarks, a long form paginates
//! with the header on every page, and the same input gives the same bytes.

mod common;

use std::path::{Path, PathBuf};

use common::{read_json, run_into_temp};
use lopdf::{Document, Object};
use serde_json::Value;
use zipingbiao::Settings;
use zipingbiao::report::pdf::{font::Font, render_form};

const SEED: &str = include_str!("../samples/songnan-2023-self-evaluation.txt");
const SEED_DIR: &str = "pdf/淞南镇主管单位/上海市宝山区淞南镇城市运行管理中心";

/// A folder holding only the seed, and its whole output (made once, shared by the tests).
fn seed_run() -> (PathBuf, PathBuf) {
    let input = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-seed-input");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("songnan-2023-self-evaluation.txt"), SEED).unwrap();
    let out = common::shared_run("seed", &input);
    (input, out)
}

/// The text of each page, line breaks removed (a wrapped cell continues on the next line).
fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages()
        .keys()
        .map(|&n| doc.extract_text(&[n]).unwrap_or_default().replace('\n', ""))
        .collect()
}

/// A bookmark's title (UTF-16 with its byte-order mark).
fn title(d: &lopdf::Dictionary) -> String {
    let bytes = d.get(b"Title").unwrap().as_str().unwrap();
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn money(v: &Value) -> String {
    let d: rust_decimal::Decimal = v.as_str().unwrap().parse().unwrap();
    zipingbiao::report::pdf::money(d)
}

#[test]
fn every_field_of_every_seed_form_is_in_its_pdf() {
    let (_input, out) = seed_run();
    let forms = read_json(&out.join("forms.json"));
    for form in forms.as_array().unwrap() {
        let name = form["project_name"].as_str().unwrap();
        let path = out.join(SEED_DIR).join(format!("{name}.pdf"));
        let doc = Document::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text: String = page_texts(&doc).concat();
        let mut expect = vec![
            name.to_owned(),
            form["department"].as_str().unwrap().to_owned(),
            form["implementing_unit"].as_str().unwrap().to_owned(),
            format!("{}年度", form["year"]),
            form["goal"]["expected"].as_str().unwrap().to_owned(),
            form["goal"]["achieved"].as_str().unwrap().to_owned(),
        ];
        for row in ["total", "current_year_appropriation", "carryover", "other"] {
            for col in ["initial", "adjusted", "executed"] {
                let v = &form["funds"][row][col];
                if !v.is_null() {
                    expect.push(money(v));
                }
            }
        }
        for ind in form["indicators"].as_array().unwrap() {
            for key in [
                "level1", "level2", "level3", "target", "actual", "remark", "weight", "score",
            ] {
                let v = ind[key].as_str().unwrap_or("");
                if !v.is_empty() {
                    expect.push(v.to_owned());
                }
            }
        }
        expect.push(form["total"]["score"].as_str().unwrap().to_owned());
        for field in expect {
            assert!(
                text.contains(&field),
                "{name}: {field:?} not in the PDF text"
            );
        }
        // The review block: the re-scored total and grade.
        let rescored = form["assessment"]["total"]["rescored"].as_str().unwrap();
        assert!(
            text.contains(&format!("{rescored}（优）")),
            "{name}: no re-scored total"
        );
        assert!(text.contains(&format!("第 1 页 共 {} 页", doc.get_pages().len())));
        // Each finding named in Chinese words; its English code only in the JSON.
        for finding in form["assessment"]["findings"].as_array().unwrap() {
            let code = finding["code"].as_str().unwrap();
            assert!(!text.contains(code), "{name}: {code} printed");
        }
    }
    let text: String = forms
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["project_name"].as_str().unwrap())
        .map(|name| out.join(SEED_DIR).join(format!("{name}.pdf")))
        .map(|p| page_texts(&Document::load(p).unwrap()).concat())
        .collect();
    for said in [
        "提示：大幅超额完成",
        "警告：计量单位不一致",
        "警告：完成目标仍扣分",
        // Where the totals differ (90 → 92.59), each re-scored indicator says why.
        "差异原因【实有人口登记正确率】自评 18 → 复核 19.59：",
        "【办理居住证满意度】自评 9 → 复核 10：",
    ] {
        assert!(text.contains(said), "{said} in no seed PDF");
    }
}

/// The embedded font programs of a document: (BaseFont, bytes of the font file).
fn fonts(doc: &Document) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        if dict.get(b"Type").ok().and_then(|t| t.as_name().ok()) != Some(b"FontDescriptor") {
            continue;
        }
        let name = dict
            .get(b"FontName")
            .ok()
            .and_then(|n| n.as_name().ok())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let file = dict
            .get(b"FontFile2")
            .ok()
            .and_then(|r| r.as_reference().ok());
        let size = file
            .and_then(|id| doc.get_object(id).ok())
            .and_then(|o| o.as_stream().ok())
            .map(|s| {
                s.decompressed_content()
                    .map(|c| c.len())
                    .unwrap_or(s.content.len())
            })
            .unwrap_or(0);
        out.push((name, size));
    }
    out
}

#[test]
fn the_font_is_embedded_as_a_subset() {
    let (_input, out) = seed_run();
    let doc = Document::load(out.join(SEED_DIR).join("综治中心事务.pdf")).unwrap();
    let embedded = fonts(&doc);
    assert_eq!(embedded.len(), 1, "{embedded:?}");
    let (name, size) = &embedded[0];
    // A subset is tagged ABCDEF+ and holds a few hundred glyphs, not the 5 MB font.
    assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "{name}");
    assert!(
        *size > 1_000 && *size < 400_000,
        "embedded font program of {size} bytes"
    );
}

#[test]
fn the_booklet_has_cover_contents_forms_and_nested_bookmarks() {
    let (_input, out) = seed_run();
    let form_pages: usize = [
        "平安办工作经费",
        "综治中心事务",
        "综治协管服务社",
        "网格化事务",
        "安全管理工作经费",
    ]
    .iter()
    .map(|n| {
        Document::load(out.join(SEED_DIR).join(format!("{n}.pdf")))
            .unwrap()
            .get_pages()
            .len()
    })
    .sum();
    let booklet = Document::load(out.join("booklet.pdf")).unwrap();
    let pages = page_texts(&booklet);
    // Cover and one page of contents, then the forms as printed alone.
    assert_eq!(pages.len(), 2 + form_pages);
    assert!(pages[0].contains("2023年度财政项目支出绩效自评汇编"));
    assert!(pages[0].contains("5 份"));
    assert!(pages[1].contains("目"));
    assert!(
        pages
            .last()
            .unwrap()
            .contains(&format!("第 {0} 页 共 {0} 页", pages.len()))
    );
    // Outline: 1 department, 1 unit under it, 5 projects under that.
    let catalog = booklet.catalog().unwrap();
    let outlines = booklet
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let first = |d: &lopdf::Dictionary| {
        booklet
            .get_dictionary(d.get(b"First").unwrap().as_reference().unwrap())
            .unwrap()
    };
    let count = |d: &lopdf::Dictionary| {
        d.get(b"Count")
            .ok()
            .and_then(|c| c.as_i64().ok())
            .unwrap_or(0)
            .abs()
    };
    let department = first(outlines);
    let unit = first(department);
    assert_eq!(count(unit), 5, "five projects under the unit");
    assert_eq!(title(department), "淞南镇主管单位");
    assert_eq!(title(unit), "上海市宝山区淞南镇城市运行管理中心");
}

#[test]
fn same_input_same_pdf_bytes() {
    let (input, a) = seed_run();
    let b = run_into_temp(&input);
    for file in [
        "booklet.pdf".to_owned(),
        format!("{SEED_DIR}/网格化事务.pdf"),
    ] {
        let read = |dir: &Path| std::fs::read(dir.join(&file)).unwrap();
        assert!(read(&a) == read(b.path()), "{file} differs between runs");
    }
}

#[test]
fn forty_indicators_with_long_remarks_paginate_with_the_header_on_every_page() {
    let settings = Settings::builtin();
    let grids = zipingbiao::read::GridReader::read(
        &zipingbiao::read::text::TextReader::TAB,
        SEED.as_bytes(),
    )
    .unwrap();
    let mut form = zipingbiao::extract::extract_forms(&grids[0], "seed.txt", &settings.vocab)
        .expect("within the limits")
        .remove(0);
    let template = form.indicators[0].clone();
    let long =
        "由于项目实施过程中受到多方面因素影响，部分工作未能按计划推进，下一步将加强统筹协调。";
    form.indicators = (0..40)
        .map(|i| {
            let mut ind = template.clone();
            ind.level2.value = ["数量指标", "质量指标", "时效指标", "成本指标"][i / 10].to_owned();
            ind.level3.value = format!("测试指标第{i}号");
            ind.remark.value = long.repeat(1 + i % 4);
            ind
        })
        .collect();
    // One remark alone is longer than a page.
    form.indicators[25].remark.value = long.repeat(60);
    let a = zipingbiao::check::assess(&form, &settings.rules, &settings.vocab);
    let bytes = render_form(&Font::bundled(), &form, &a, true, &settings.vocab).unwrap();
    std::fs::write(
        std::env::temp_dir().join("zipingbiao-40-indicators.pdf"),
        &bytes,
    )
    .unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let pages = page_texts(&doc);
    assert!(pages.len() >= 5, "{} pages", pages.len());
    let all = pages.concat();
    for i in 0..40 {
        assert_eq!(
            all.matches(&format!("测试指标第{i}号")).count(),
            1,
            "indicator {i}"
        );
    }
    // The page-long remark continues over the following pages: every one of its lines is
    // printed, in order.
    let font = Font::bundled();
    let width = zipingbiao::report::pdf::INDICATOR_WIDTHS[7] - 2.0 * zipingbiao::report::pdf::PAD_X;
    let wanted = zipingbiao::report::pdf::wrap(&font, &long.repeat(60), 9.0, width);
    let printed: Vec<String> = doc
        .get_pages()
        .keys()
        .flat_map(|&n| {
            doc.extract_text(&[n])
                .unwrap_or_default()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut next = 0;
    for line in &printed {
        if next < wanted.len() && *line == wanted[next] {
            next += 1;
        }
    }
    assert_eq!(
        next,
        wanted.len(),
        "{} of {} lines of the long remark printed in order",
        next,
        wanted.len()
    );
    assert!(wanted.len() > 60, "the remark is taller than a page");
    for (n, page) in pages.iter().enumerate() {
        if page.contains("测试指标第") {
            assert!(
                page.contains("三级指标"),
                "page {} has rows but no header",
                n + 1
            );
        }
        assert!(page.contains(&format!("第 {} 页 共 {} 页", n + 1, pages.len())));
    }
}

#[test]
fn a_batch_over_the_booklet_limit_gets_one_booklet_per_department() {
    let samples = common::repo().join("samples");
    let out = tempfile::tempdir().unwrap();
    let mut settings = Settings::builtin();
    settings.report.booklet_max_forms = 5;
    let batch = zipingbiao::run(&samples, out.path(), &settings)
        .unwrap()
        .batch;
    assert!(!out.path().join("booklet.pdf").exists());
    let mut departments: Vec<&str> = batch
        .summaries
        .iter()
        .map(|s| s.department.as_str())
        .collect();
    departments.sort_unstable();
    departments.dedup();
    let mut forms_seen = 0;
    for department in &departments {
        let path = out.path().join("booklet").join(format!(
            "{}.pdf",
            zipingbiao::report::pdf::safe_name(department)
        ));
        let doc = Document::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let pages = page_texts(&doc);
        let forms = batch
            .counted()
            .filter(|s| s.department == *department)
            .count();
        let duplicates = batch
            .summaries
            .iter()
            .filter(|s| s.department == *department && !s.counted())
            .count();
        if duplicates > 0 {
            assert!(
                pages[0].contains(&format!("另有 {duplicates} 份与他表重复，未编入本册")),
                "{}",
                pages[0]
            );
        }
        // The cover counts this department's forms only (each project once), and one
        // department is bookmarked.
        assert!(
            pages[0].contains(&format!("{forms} 份")),
            "{department}: {}",
            pages[0]
        );
        assert!(
            pages[0].contains("主管部门1 个"),
            "{department}: {}",
            pages[0]
        );
        forms_seen += forms;
    }
    assert_eq!(forms_seen + batch.duplicates(), batch.summaries.len());
    assert!(batch.duplicates() > 0, "the samples hold duplicates");
    let files = std::fs::read_dir(out.path().join("booklet"))
        .unwrap()
        .count();
    assert_eq!(files, departments.len());
}

#[test]
fn a_character_the_font_lacks_is_printed_as_a_mark_and_reported() {
    // U+20000 (CJK Extension B) is not in the bundled font.
    let input = tempfile::tempdir().unwrap();
    let seed = SEED.replace("平安办工作经费", "平安办\u{20000}工作经费");
    std::fs::write(input.path().join("seed.txt"), seed).unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = zipingbiao::run(input.path(), out.path(), &Settings::builtin()).unwrap();
    assert_eq!(run.written.pdf_missing_glyphs, ['\u{20000}']);
    // The data keeps the character; the PDF shows where it stands.
    let forms = read_json(&out.path().join("forms.json"));
    assert!(
        forms
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["project_name"] == "平安办\u{20000}工作经费")
    );
    let path = out
        .path()
        .join(SEED_DIR)
        .join("平安办\u{20000}工作经费.pdf");
    let doc = Document::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(page_texts(&doc).concat().contains("平安办□工作经费"));
}

/// The 复核意见 block stays whole: where it does not fit under the form it starts the next
/// page, under a title that names the project (a page with nothing else of the form).
#[test]
fn the_review_block_is_kept_together_under_the_projects_name() {
    let out = common::samples_run();
    let path = out
        .path()
        .join("pdf/雅安市乡村振兴局/名山区茶业发展中心/茶叶产业园基础设施建设.pdf");
    let doc = Document::load(&path).unwrap();
    let pages = page_texts(&doc);
    assert_eq!(pages.len(), 2);
    assert!(!pages[0].contains("复核意见"), "{}", pages[0]);
    assert!(
        pages[1].starts_with("复核意见（项目：茶叶产业园基础设施建设）"),
        "{}",
        pages[1]
    );
    assert!(pages[1].contains("复核总分（等级）") && pages[1].contains("来源"));
}

/// Departments in pinyin order (宝山 before 崇明 before 嘉定, not the code-point order 嘉定,
/// 宝山, 崇明), the same in 汇总, 按主管部门汇总, the booklet's contents and its bookmarks.
#[test]
fn departments_come_in_pinyin_order_in_the_workbook_the_contents_and_the_bookmarks() {
    use calamine::{Reader, Xlsx, open_workbook};
    const PINYIN: [&str; 19] = [
        "恩施市医疗保障局",
        "某某镇人民政府",
        "上海市宝山区绿化和市容管理局",
        "上海市崇明区农业农村委员会",
        "上海市嘉定区生态环境局",
        "上海市静安区文化和旅游局",
        "上海市闵行区卫生健康委员会",
        "上海市浦东新区建设和交通委员会",
        "上海市普陀区市场监督管理局",
        "上海市青浦区教育局",
        "上海市徐汇区民政局",
        "四川省林业和草原局",
        "四川省农业农村厅",
        "淞南镇主管单位",
        "通山县林业局",
        "咸宁市生态环境局",
        "咸宁市水利和湖泊局",
        "雅安市乡村振兴局",
        "秭归县交通运输局",
    ];
    let out = common::samples_run();
    let mut wb: Xlsx<_> = open_workbook(out.path().join("summary.xlsx")).unwrap();
    let summary = wb.worksheet_range("汇总").unwrap();
    let mut listed: Vec<String> = Vec::new();
    for r in 1..summary.height() as u32 - 1 {
        let department = summary.get_value((r, 1)).unwrap().to_string();
        if listed.last() != Some(&department) {
            listed.push(department);
        }
    }
    assert_eq!(listed, PINYIN, "汇总");
    let departments = wb.worksheet_range("按主管部门汇总").unwrap();
    let listed: Vec<String> = (2..departments.height() as u32)
        .map(|r| departments.get_value((r, 0)).unwrap().to_string())
        .collect();
    assert_eq!(listed, PINYIN, "按主管部门汇总");

    let booklet = Document::load(out.path().join("booklet.pdf")).unwrap();
    let pages = page_texts(&booklet);
    let contents: String = pages[1..4].concat();
    let at: Vec<usize> = PINYIN
        .iter()
        .map(|d| {
            contents
                .find(d)
                .unwrap_or_else(|| panic!("{d} not in the contents"))
        })
        .collect();
    assert!(at.is_sorted(), "contents in another order: {at:?}");
    let dictionary = |d: &lopdf::Dictionary, key: &[u8]| {
        d.get(key)
            .ok()
            .and_then(|r| r.as_reference().ok())
            .map(|r| booklet.get_dictionary(r).unwrap())
    };
    let outlines = dictionary(booklet.catalog().unwrap(), b"Outlines").unwrap();
    let mut bookmarks = Vec::new();
    let mut next = dictionary(outlines, b"First");
    while let Some(item) = next {
        bookmarks.push(title(item));
        next = dictionary(item, b"Next");
    }
    assert_eq!(bookmarks, PINYIN, "bookmarks");
}
