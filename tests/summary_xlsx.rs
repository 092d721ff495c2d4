//! summary.xlsx read back with calamine: sheets, every value of 汇总 against forms.json,
//! formulas and their cached values, totals; identical bytes on a second run; every form,
//! finding and rejected file of the samples listed.

mod common;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use common::{read_json, repo, run_into_temp};
use serde_json::Value;

const SEED: &str = include_str!("../samples/songnan-2023-self-evaluation.txt");

fn seed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("songnan-2023-self-evaluation.txt"), SEED).unwrap();
    dir
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn decimal(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn summary_of_the_seed_matches_forms_json_value_by_value() {
    let input = seed_folder();
    let out = run_into_temp(input.path());
    let forms = read_json(&out.path().join("forms.json"));
    let mut wb: Xlsx<_> =
        open_workbook(out.path().join("summary.xlsx")).expect("summary.xlsx opens");
    assert_eq!(
        wb.sheet_names(),
        [
            "汇总",
            "指标明细",
            "问题清单",
            "按主管部门汇总",
            "按实施单位汇总",
            "等级分布",
            "未识别文件",
            "说明"
        ]
    );

    let sheet: Range<Data> = wb.worksheet_range("汇总").unwrap();
    let formulas = wb.worksheet_formula("汇总").unwrap();
    let cell = |r: u32, c: u32| sheet.get_value((r, c));
    let formula = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(text(cell(0, 0)), "序号");
    assert_eq!(text(cell(0, 16)), "计入合计");
    assert_eq!(text(cell(0, 17)), "复核结论");
    assert_eq!(text(cell(0, 18)), "最终得分");
    assert_eq!(text(cell(0, 19)), "最终等级");
    assert_eq!(text(cell(0, 20)), "版式");
    assert_eq!(text(cell(0, 21)), "来源");
    let forms = forms.as_array().unwrap();
    let (mut initial, mut adjusted, mut executed) = (0.0, 0.0, 0.0);
    for r in 1..=5u32 {
        let project = text(cell(r, 3));
        let form = forms
            .iter()
            .find(|f| f["project_name"] == project.as_str())
            .expect("a form per row");
        let a = &form["assessment"];
        let total = &form["funds"]["total"];
        assert_eq!(number(cell(r, 0)), r as f64);
        assert_eq!(text(cell(r, 1)), form["department"].as_str().unwrap());
        assert_eq!(
            text(cell(r, 2)),
            form["implementing_unit"].as_str().unwrap()
        );
        assert_eq!(number(cell(r, 4)), form["year"].as_f64().unwrap());
        for (c, key) in [(5, "initial"), (6, "adjusted"), (7, "executed")] {
            assert!(
                close(number(cell(r, c)), decimal(&total[key])),
                "{project} {key}"
            );
        }
        initial += decimal(&total["initial"]);
        adjusted += decimal(&total["adjusted"]);
        executed += decimal(&total["executed"]);
        // 执行率: a live formula whose cached value is executed ÷ adjusted.
        assert_eq!(
            formula(r, 8),
            format!("IF(N(G{0})>0,H{0}/G{0},\"\")", r + 1)
        );
        assert!(close(
            number(cell(r, 8)),
            decimal(&total["executed"]) / decimal(&total["adjusted"])
        ));
        assert!(
            close(number(cell(r, 9)), decimal(&a["total"]["reported"])),
            "{project}"
        );
        assert!(
            close(number(cell(r, 10)), decimal(&a["total"]["rescored"])),
            "{project}"
        );
        assert_eq!(
            formula(r, 11),
            format!("IF(OR(J{0}=\"\",K{0}=\"\"),\"\",K{0}-J{0})", r + 1)
        );
        let diff = decimal(&a["total"]["rescored"]) - decimal(&a["total"]["reported"]);
        assert!(close(number(cell(r, 11)), diff), "{project}");
        assert!(formula(r, 12).contains("\"优\""));
        assert_eq!(text(cell(r, 12)), a["grade"]["reported"].as_str().unwrap());
        assert_eq!(text(cell(r, 13)), a["grade"]["rescored"].as_str().unwrap());
        assert_eq!(number(cell(r, 14)), a["counts"]["error"].as_f64().unwrap());
        assert_eq!(
            number(cell(r, 15)),
            a["counts"]["warning"].as_f64().unwrap()
        );
        // No decisions yet: no conclusion, the re-score stands, live from 复核总分.
        assert_eq!(text(cell(r, 17)), "");
        assert_eq!(formula(r, 18), format!("IF(K{0}=\"\",\"\",K{0})", r + 1));
        assert!(close(number(cell(r, 18)), decimal(&a["total"]["rescored"])));
        assert_eq!(text(cell(r, 19)), a["grade"]["rescored"].as_str().unwrap());
        assert_eq!(form["layout"], "national");
        assert_eq!(text(cell(r, 20)), "全国通用（财预〔2020〕10号）");
        let row = form["source"]["row"].as_u64().unwrap();
        assert_eq!(
            text(cell(r, 21)),
            format!("songnan-2023-self-evaluation.txt · 第{row}行")
        );
    }
    // The totals row: sums and the execution rate as formulas with their values.
    assert_eq!(text(cell(6, 0)), "合计");
    // Every form of the seed counts; the sums count the rows marked 是 only.
    for r in 1..=5 {
        assert_eq!(text(cell(r, 16)), "是");
    }
    assert_eq!(text(cell(6, 1)), "共 5 个项目");
    assert_eq!(formula(6, 5), "SUMIFS(F2:F6,Q2:Q6,\"是\")");
    assert!(close(number(cell(6, 5)), initial));
    assert!(close(number(cell(6, 6)), adjusted));
    assert!(close(number(cell(6, 7)), executed));
    assert!(close(number(cell(6, 8)), executed / adjusted));
    assert!(formula(6, 9).contains("SUMPRODUCT(G2:G6,J2:J6,--(Q2:Q6=\"是\"),--(N2:N6<>\"待核\"))"));
    // Budget-weighted average of the reported totals, by hand.
    let weighted: f64 = (1..=5u32)
        .map(|r| number(cell(r, 6)) * number(cell(r, 9)))
        .sum::<f64>()
        / adjusted;
    assert!(
        close(number(cell(6, 9)), weighted),
        "{} vs {weighted}",
        number(cell(6, 9))
    );

    // 指标明细: one row per indicator of the five forms.
    let details = wb.worksheet_range("指标明细").unwrap();
    let indicators: usize = forms
        .iter()
        .map(|f| f["indicators"].as_array().unwrap().len())
        .sum();
    assert_eq!(details.height(), indicators + 1);
    // 按主管部门汇总: one department, five projects, all 优.
    let departments = wb.worksheet_range("按主管部门汇总").unwrap();
    assert_eq!(text(departments.get_value((1, 0))), "主管部门");
    assert_eq!(text(departments.get_value((2, 0))), "淞南镇主管单位");
    assert_eq!(number(departments.get_value((2, 1))), 5.0);
    assert!(close(number(departments.get_value((2, 3))), adjusted));
    assert_eq!(number(departments.get_value((2, 9))), 5.0, "优");
    assert_eq!(departments.height(), 3, "title, header, one department");
    // 按实施单位汇总: each of the seed's units under its department, the same figures.
    let units = wb.worksheet_range("按实施单位汇总").unwrap();
    assert_eq!(text(units.get_value((1, 1))), "实施单位");
    let unit_projects: f64 = (2..units.height() as u32)
        .map(|r| {
            assert_eq!(text(units.get_value((r, 0))), "淞南镇主管单位");
            number(units.get_value((r, 2)))
        })
        .sum();
    assert_eq!(unit_projects, 5.0);
    // 等级分布: the re-scored grades of the five forms.
    let grades = wb.worksheet_range("等级分布").unwrap();
    let counts: Vec<(String, f64)> = (2..6)
        .map(|r| {
            (
                text(grades.get_value((r, 0))),
                number(grades.get_value((r, 1))),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [("优", 5.0), ("良", 0.0), ("中", 0.0), ("差", 0.0)].map(|(g, n)| (g.to_owned(), n))
    );
}

#[test]
fn two_runs_write_identical_bytes() {
    let input = seed_folder();
    let (a, b) = (run_into_temp(input.path()), run_into_temp(input.path()));
    for name in [
        "summary.xlsx",
        "forms.json",
        "findings.json",
        "rejected.json",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
        );
        assert!(x == y, "{name} differs between two runs");
    }
}

#[test]
fn samples_summary_lists_every_form_finding_and_rejected_file() {
    let out = common::samples_run();
    let forms = read_json(&out.path().join("forms.json"))
        .as_array()
        .unwrap()
        .len();
    let findings = read_json(&out.path().join("findings.json"))
        .as_array()
        .unwrap()
        .len();
    let rejected = read_json(&out.path().join("rejected.json"));
    let mut wb: Xlsx<_> = open_workbook(out.path().join("summary.xlsx")).unwrap();
    let rows = |wb: &mut Xlsx<_>, name: &str| wb.worksheet_range(name).unwrap().height();
    assert_eq!(
        rows(&mut wb, "汇总"),
        forms + 2,
        "header, a row per form, totals"
    );
    assert_eq!(rows(&mut wb, "问题清单"), findings + 1);
    let listed = wb.worksheet_range("未识别文件").unwrap();
    let files: Vec<String> = (1..listed.height() as u32)
        .map(|r| text(listed.get_value((r, 1))))
        .collect();
    let expected: Vec<String> = rejected
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(files, expected);
    // Errors come first in 问题清单, and each project links to its row in 汇总.
    let issues = wb.worksheet_range("问题清单").unwrap();
    assert_eq!(text(issues.get_value((1, 1))), "错误");
    // The links, read from the sheet's XML: one per finding, to a row of 汇总.
    let file = std::fs::File::open(out.path().join("summary.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet3.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    let links = xml.matches("location=\"'汇总'!A").count();
    assert_eq!(links, findings);
    let about = wb.worksheet_range("说明").unwrap();
    assert!(text(about.get_value((1, 1))).starts_with("zipingbiao"));
}

/// Past Excel's row limit 指标明细 continues on 指标明细（2）, （3）, …: here at 50 rows a
/// sheet, the samples' indicators spread over several sheets, each with its header, and
/// read together they are the rows of the single sheet, in order.
#[test]
fn indicator_rows_past_a_sheets_limit_continue_on_the_next_sheet() {
    use zipingbiao::Settings;
    use zipingbiao::pipeline::process_folder;
    use zipingbiao::report::{durable::Syncer, xlsx};
    let settings = Settings::builtin();
    let out = tempfile::tempdir().unwrap();
    let batch = process_folder(&repo().join("samples"), out.path(), &settings);
    let ctx = zipingbiao::report::Context::new(&batch, &settings, "samples");
    let rows: usize = batch.summaries.iter().map(|s| s.indicators).sum();
    assert!(rows > 150, "{rows}");

    let write = |name: &str, limit: u32| {
        let path = out.path().join(name);
        let sync = Syncer::start();
        xlsx::write_summary_with(&path, &ctx, &sync, limit).unwrap();
        sync.finish().unwrap();
        open_workbook::<Xlsx<_>, _>(&path).unwrap()
    };
    let mut whole = write("whole.xlsx", xlsx::ROWS_PER_SHEET);
    let mut split = write("split.xlsx", 50);

    let expected: Vec<Vec<String>> = whole
        .worksheet_range("指标明细")
        .unwrap()
        .rows()
        .map(|r| r.iter().map(|c| text(Some(c))).collect())
        .collect();
    assert_eq!(expected.len(), rows + 1);
    let names = split.sheet_names();
    let parts: Vec<&String> = names.iter().filter(|n| n.starts_with("指标明细")).collect();
    assert_eq!(parts.len(), rows.div_ceil(50));
    assert_eq!(parts[1].as_str(), "指标明细（2）");
    // The continuation sheets stand together, right after the first.
    assert_eq!(names[1], "指标明细");
    let mut got: Vec<Vec<String>> = Vec::new();
    for (k, name) in parts.iter().enumerate() {
        let sheet: Vec<Vec<String>> = split
            .worksheet_range(name)
            .unwrap()
            .rows()
            .map(|r| r.iter().map(|c| text(Some(c))).collect())
            .collect();
        assert_eq!(sheet[0], expected[0], "{name}: header");
        assert!(sheet.len() <= 51, "{name}: {} rows", sheet.len());
        if k + 1 < parts.len() {
            assert_eq!(sheet.len(), 51, "{name}");
        }
        got.extend(sheet.into_iter().skip(1));
    }
    assert_eq!(got, expected[1..]);
}

/// Every sheet prints on A4 landscape one page wide under its own header, 汇总 without its
/// screen-only columns (版式, 来源), and rows are as high as their wrapped text: a unit name
/// that takes three lines of 实施单位 gets three lines' height.
#[test]
fn the_workbook_prints_on_a4_landscape_with_rows_as_high_as_their_text() {
    let input = seed_folder();
    let out = run_into_temp(input.path());
    let path = out.path().join("summary.xlsx");
    let workbook = common::package_part(&path, "xl/workbook.xml");
    for names in [
        "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">汇总!$A$1:$T$7</definedName>",
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">汇总!$1:$1</definedName>",
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"3\">按主管部门汇总!$1:$2</definedName>",
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"4\">按实施单位汇总!$1:$2</definedName>",
    ] {
        assert!(workbook.contains(names), "{names} not in {workbook}");
    }
    for sheet in 1..=8 {
        let xml = common::package_part(&path, &format!("xl/worksheets/sheet{sheet}.xml"));
        for setting in [
            "<pageSetUpPr fitToPage=\"1\"/>",
            "paperSize=\"9\"",
            "orientation=\"landscape\"",
        ] {
            assert!(xml.contains(setting), "sheet{sheet}: {setting}");
        }
    }
    // 汇总: the header (自评等级 wraps in its narrow column) and each form's row.
    let summary = common::package_part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        summary.contains("<row r=\"1\" ht=\"35.25\" customHeight=\"1\""),
        "{summary}"
    );
    let forms = read_json(&out.path().join("forms.json"));
    for (i, form) in forms.as_array().unwrap().iter().enumerate() {
        let unit = form["implementing_unit"].as_str().unwrap();
        // 13 digits of room: six Chinese characters a line.
        let lines = unit.chars().count().div_ceil(6).max(1);
        // 21 px a line and 5 px of room, 0.75 pt a pixel.
        let height = (21 * lines + 5) as f64 * 0.75;
        let row = format!("<row r=\"{}\" ht=\"{height}\" customHeight=\"1\"", i + 2);
        assert!(
            lines < 2 || summary.contains(&row),
            "{unit}: {row} not in {summary}"
        );
    }
}

/// 指标明细's cells are written bare and formatted a run of columns at a time: every cell of
/// every indicator row, blank ones too, wears its column's format — bordered, wrapped text,
/// a two-place score, or plain text.
#[test]
fn every_indicator_cell_wears_its_columns_format() {
    let input = seed_folder();
    let out = run_into_temp(input.path());
    let path = out.path().join("summary.xlsx");
    let styles = common::package_part(&path, "xl/styles.xml");
    let cell_xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = regex::Regex::new(r"<xf [^>]*?(?:/>|>.*?</xf>)").unwrap();
    let xfs: Vec<&str> = xf.find_iter(cell_xfs).map(|m| m.as_str()).collect();
    let sheet = common::package_part(&path, "xl/worksheets/sheet2.xml");
    let cell = regex::Regex::new(r#"<c r="([A-Z]+)(\d+)" s="(\d+)""#).unwrap();
    let forms = read_json(&out.path().join("forms.json"));
    let indicators: usize = forms
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["indicators"].as_array().unwrap().len())
        .sum();
    // Below the header, a row per indicator; then the blank closing cell `end_streamed`
    // writes, in a format that shows nothing.
    let closing = indicators as u32 + 2;
    let mut styles_of: std::collections::BTreeMap<String, std::collections::BTreeSet<usize>> =
        Default::default();
    let mut rows: std::collections::BTreeMap<u32, usize> = Default::default();
    let mut closing_cells = Vec::new();
    for c in cell.captures_iter(&sheet) {
        let row: u32 = c[2].parse().unwrap();
        if row == closing {
            closing_cells.push(format!("{}{}", &c[1], &c[2]));
            let xf = xfs[c[3].parse::<usize>().unwrap()];
            assert!(
                xf.contains("borderId=\"0\"") && xf.contains("hidden=\"1\""),
                "{xf}"
            );
            continue;
        }
        if row == 1 {
            continue;
        }
        *rows.entry(row).or_default() += 1;
        styles_of
            .entry(c[1].to_owned())
            .or_default()
            .insert(c[3].parse().unwrap());
    }
    assert_eq!(closing_cells, [format!("A{closing}")]);
    assert!(sheet.contains(&format!("<c r=\"A{closing}\" s=")));
    assert_eq!(rows.len(), indicators);
    assert!(rows.values().all(|&n| n == 17), "{rows:?}");
    let columns = "ABCDEFGHIJKLMNOPQ";
    assert_eq!(
        styles_of.keys().map(String::as_str).collect::<String>(),
        columns
    );
    for (column, used) in &styles_of {
        assert_eq!(used.len(), 1, "column {column}: formats {used:?}");
        let xf = xfs[*used.first().unwrap()];
        assert!(
            !xf.contains("borderId=\"0\""),
            "{column}: no border in {xf}"
        );
        let (score, wrapped) = match column.as_str() {
            "H" | "I" | "J" => (true, false),
            "K" | "O" | "P" | "Q" => (false, false),
            _ => (false, true),
        };
        let id = &xf[xf.find("numFmtId=\"").unwrap() + 10..];
        let id = &id[..id.find('"').unwrap()];
        let two_places = format!("<numFmt numFmtId=\"{id}\" formatCode=\"0.00\"/>");
        assert_eq!(styles.contains(&two_places), score, "{column}: {xf}");
        assert_eq!(xf.contains("wrapText=\"1\""), wrapped, "{column}: {xf}");
    }
}

/// Every sheet of both workbooks lists its rows once each, in ascending order, and each
/// row's cells in ascending columns (ECMA-376 §18.3.1.73: Excel repairs a file that does
/// not). rust_xlsxwriter 0.102 wrote a streamed sheet's last row twice when that row had a
/// height: the samples' 汇总, 指标明细 and 问题清单 all ended so.
#[test]
fn every_sheet_lists_its_rows_once_in_order() {
    let out = common::samples_run();
    let row = regex::Regex::new(r#"<row r="(\d+)"[^>]*?(/?)>"#).unwrap();
    let cell = regex::Regex::new(r#"<c r="([A-Z]+)(\d+)""#).unwrap();
    for book in ["summary.xlsx", "复核记录.xlsx"] {
        let path = out.path().join(book);
        let file = std::fs::File::open(&path).unwrap();
        let names: Vec<String> = zip::ZipArchive::new(file)
            .unwrap()
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .filter(|n| n.starts_with("xl/worksheets/sheet"))
            .collect();
        assert!(names.len() >= 2, "{book}: {names:?}");
        for name in names {
            let xml = common::package_part(&path, &name);
            let rows: Vec<u32> = row
                .captures_iter(&xml)
                .map(|c| c[1].parse().unwrap())
                .collect();
            assert!(!rows.is_empty(), "{book} {name}: no rows");
            for pair in rows.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "{book} {name}: row {} after row {}",
                    pair[1],
                    pair[0]
                );
            }
            let mut last: Option<(u32, usize)> = None;
            for c in cell.captures_iter(&xml) {
                let letters = &c[1];
                let column = letters
                    .bytes()
                    .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize);
                let here = (c[2].parse().unwrap(), column);
                if let Some(before) = last {
                    assert!(
                        before < here,
                        "{book} {name}: {letters}{} after {before:?}",
                        here.0
                    );
                }
                last = Some(here);
            }
        }
    }
}
