//! The review loop over several runs (issue 26): the decisions workbook written by one run,
//! edited and saved by another program (rows reordered, decisions typed, a column and a sheet
//! of the reviewer's added), read back by the next run and applied everywhere; then a
//! corrected submission: the decision on changed figures 过期, a finding resolved; nothing
//! typed lost at any step.

mod common;

use std::io::Write;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{read_json, repo};

const SEED: &str = include_str!("../samples/songnan-2023-self-evaluation.txt");

type Sheet = (String, Vec<Vec<String>>);

/// Every sheet of a workbook, every cell as text.
fn sheets(path: &Path) -> Vec<Sheet> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|row| {
                    row.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::Float(f) => zipingbiao::normalize::decimal_string(
                                rust_decimal::Decimal::try_from(*f).unwrap().normalize(),
                            ),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

fn sheet<'a>(all: &'a [Sheet], name: &str) -> &'a Vec<Vec<String>> {
    &all.iter().find(|(n, _)| n == name).unwrap().1
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0].iter().position(|h| h == header).unwrap()
}

/// The row of `rows` whose `header` cell is `value`.
fn row_of<'a>(rows: &'a [Vec<String>], header: &str, value: &str) -> &'a Vec<String> {
    let c = column(rows, header);
    rows.iter()
        .find(|r| r.get(c).is_some_and(|v| v == value))
        .unwrap()
}

fn letters(mut c: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            return s;
        }
        c = c / 26 - 1;
    }
}

fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Saves `sheets` as another program would: a minimal package of its own making — inline
/// strings, numbers as numbers, no styles, no drop-downs, nothing of the tool's formatting.
fn save_as_another_program(path: &Path, sheets: &[Sheet]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, text: String| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    };
    let overrides: String = (1..=sheets.len())
        .map(|i| format!("<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"))
        .collect();
    put(
        "[Content_Types].xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>{overrides}</Types>"
        ),
    );
    put("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_owned());
    let list: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                "<sheet name=\"{}\" sheetId=\"{}\" r:id=\"rId{}\"/>",
                escape(name),
                i + 1,
                i + 1
            )
        })
        .collect();
    put(
        "xl/workbook.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{list}</sheets></workbook>"
        ),
    );
    let rels: String = (1..=sheets.len())
        .map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"))
        .collect();
    put(
        "xl/_rels/workbook.xml.rels",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
        ),
    );
    for (i, (_, rows)) in sheets.iter().enumerate() {
        let mut data = String::new();
        for (r, row) in rows.iter().enumerate() {
            data.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                let at = format!("{}{}", letters(c), r + 1);
                if let Some(formula) = v.strip_prefix('=') {
                    // A formula and the value it last gave (8: the sheet's B1 times two).
                    data.push_str(&format!(
                        "<c r=\"{at}\"><f>{}</f><v>8</v></c>",
                        escape(formula)
                    ));
                } else if v.parse::<f64>().is_ok() {
                    data.push_str(&format!("<c r=\"{at}\"><v>{v}</v></c>"));
                } else {
                    data.push_str(&format!(
                        "<c r=\"{at}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                        escape(v)
                    ));
                }
            }
            data.push_str("</row>");
        }
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{data}</sheetData></worksheet>"
            ),
        );
    }
    zip.finish().unwrap();
}

fn run(input: &Path, out: &Path) -> String {
    let done = std::process::Command::new(env!("CARGO_BIN_EXE_zipingbiao"))
        .args([
            "run",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    String::from_utf8_lossy(&done.stdout).into_owned()
}

/// Sets `header` of the row whose 项目名称 is `project`.
fn type_in(rows: &mut [Vec<String>], project: &str, header: &str, value: &str) {
    let (p, c) = (column(rows, "项目名称"), column(rows, header));
    let row = rows.iter_mut().find(|r| r[p] == project).unwrap();
    if row.len() <= c {
        row.resize(c + 1, String::new());
    }
    row[c] = value.to_owned();
}

#[test]
fn decisions_typed_by_another_program_are_kept_applied_and_made_stale_by_a_correction() {
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("收到的自评表"), work.path().join("结果"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("songnan.txt"), SEED).unwrap();
    let record = out.join("复核记录.xlsx");

    // Run 1: the workbook, one row per form and per finding, no decisions.
    let said = run(&input, &out);
    assert!(said.contains("复核记录 →"), "{said}");
    let mut book = sheets(&record);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["表单复核", "问题复核", "填写说明"]);
    assert_eq!(sheet(&book, "表单复核").len(), 6, "a header and five forms");
    assert_eq!(
        sheet(&book, "问题复核").len(),
        8,
        "a header and seven findings"
    );

    // The reviewer, in another program: rows sorted the other way, decisions typed, a
    // column and a sheet of their own; every finding row's 处理 left empty but one.
    {
        let forms = &mut book[0].1;
        forms[1..].reverse();
        type_in(forms, "平安办工作经费", "复核结论", "通过");
        type_in(forms, "综治中心事务", "复核结论", "退回修改");
        type_in(
            forms,
            "综治中心事务",
            "复核意见",
            "预算调整幅度过大，请补充说明后重新报送",
        );
        type_in(forms, "综治协管服务社", "复核结论", "通过");
        type_in(forms, "综治协管服务社", "复核得分", "91");
        type_in(forms, "综治协管服务社", "复核人", "王会计");
        type_in(forms, "网格化事务", "复核结论", "待复核");
        forms[0].push("我的备注".to_owned());
        type_in(forms, "平安办工作经费", "我的备注", "已电话联系");
        let findings = &mut book[1].1;
        let code = column(findings, "代码");
        let row = findings
            .iter_mut()
            .find(|r| r[code] == "NOT_MEASURED")
            .unwrap();
        let (handling, note) = (9, 10);
        row.resize(row.len().max(note + 1), String::new());
        row[handling] = "不采纳".to_owned();
        row[note] = "单位已提供计量说明".to_owned();
    }
    book.insert(
        2,
        (
            "我的统计".to_owned(),
            vec![vec!["本周复核".into(), "4".into(), "=B1*2".into()]],
        ),
    );
    save_as_another_program(&record, &book);
    let typed = sheets(&record);

    // Run 2: every decision applied, nothing typed lost, the edited file backed up.
    let said = run(&input, &out);
    assert!(
        said.contains("采用复核结论 4 份，过期 0 份，无法识别 0 份")
            && said.contains("退回修改 1 份")
            && said.contains("问题不采纳 1 条"),
        "{said}"
    );
    // The run says where the reviewer's own formatting is kept: only in the backup.
    assert!(
        said.contains("复核记录更新前的版本已备份为") && said.contains("格式只保留在这份备份中"),
        "{said}"
    );
    let backups: Vec<_> = std::fs::read_dir(out.join("复核记录备份"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1);
    let book = sheets(&record);
    let forms = sheet(&book, "表单复核");
    let order = |rows: &[Vec<String>]| -> Vec<String> {
        let p = column(rows, "项目名称");
        rows[1..].iter().map(|r| r[p].clone()).collect()
    };
    assert_eq!(
        order(forms),
        order(sheet(&typed, "表单复核")),
        "the reviewer's order"
    );
    for project in [
        "平安办工作经费",
        "综治中心事务",
        "综治协管服务社",
        "网格化事务",
    ] {
        for header in ["复核结论", "复核得分", "复核意见", "复核人"] {
            let had = &row_of(sheet(&typed, "表单复核"), "项目名称", project)
                [column(sheet(&typed, "表单复核"), header)];
            assert_eq!(
                &row_of(forms, "项目名称", project)[column(forms, header)],
                had,
                "{project} {header}"
            );
        }
        assert_eq!(
            row_of(forms, "项目名称", project)[column(forms, "状态")],
            "已采用"
        );
    }
    assert_eq!(
        row_of(forms, "项目名称", "平安办工作经费")[column(forms, "我的备注")],
        "已电话联系"
    );
    assert_eq!(
        sheet(&book, "我的统计"),
        &vec![vec!["本周复核".to_owned(), "4".to_owned(), "8".to_owned()]]
    );
    let mut wb: Xlsx<_> = open_workbook(&record).unwrap();
    let formulas = wb.worksheet_formula("我的统计").unwrap();
    assert_eq!(
        formulas.get_value((0, 2)).map(String::as_str),
        Some("B1*2"),
        "the formula kept"
    );
    let findings = sheet(&book, "问题复核");
    let dismissed = row_of(findings, "代码", "NOT_MEASURED");
    assert_eq!(dismissed[column(findings, "说明")], "单位已提供计量说明");

    // The outputs carry the decisions: 汇总's conclusion and final score, the finding out
    // of every count and marked in 问题清单, the reviewer's score in the form's PDF.
    let summary = sheets(&out.join("summary.xlsx"));
    let rows = sheet(&summary, "汇总");
    let helper = row_of(rows, "项目名称", "综治协管服务社");
    assert_eq!(helper[column(rows, "复核结论")], "通过");
    assert_eq!(helper[column(rows, "最终得分")], "91");
    assert_eq!(helper[column(rows, "最终等级")], "优");
    assert_eq!(
        helper[column(rows, "复核总分")],
        "92.59",
        "the machine's re-score stands beside"
    );
    assert_eq!(
        row_of(rows, "项目名称", "综治中心事务")[column(rows, "复核结论")],
        "退回修改"
    );
    let totals = rows.iter().find(|r| r[0] == "合计").unwrap();
    assert_eq!(
        totals[column(rows, "复核结论")],
        "通过 2，退回修改 1，待复核 1"
    );
    let issues = sheet(&summary, "问题清单");
    assert_eq!(row_of(issues, "代码", "NOT_MEASURED")[1], "不采纳");
    let findings_json = read_json(&out.join("findings.json"));
    assert!(
        findings_json
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "NOT_MEASURED")
    );
    let pdf = out.join("pdf/淞南镇主管单位/上海市宝山区淞南镇城市运行管理中心/综治协管服务社.pdf");
    let text: String = zipingbiao::read::read_file(&pdf)
        .unwrap()
        .iter()
        .flat_map(|g| (0..g.row_count()).flat_map(move |r| g.row(r).iter().map(|c| c.text.clone())))
        .collect();
    assert!(
        text.contains("复核人评定得分") && text.contains("91（优，为最终得分）"),
        "{text}"
    );
    // The returned form goes back in a notice to its 主管部门, Word and PDF, with the
    // reviewer's opinion; the list names every returned form.
    let pdf_text = |path: &Path| -> String {
        zipingbiao::read::read_file(path)
            .unwrap()
            .iter()
            .flat_map(|g| {
                (0..g.row_count()).flat_map(move |r| g.row(r).iter().map(|c| c.text.clone()))
            })
            .collect()
    };
    let notice = out.join("notices/问题反馈单-淞南镇主管单位.pdf");
    assert!(notice.with_extension("docx").exists());
    let said = pdf_text(&notice);
    assert!(
        said.contains("淞南镇主管单位：")
            && said.contains("一、综治中心事务")
            && said.contains("预算调整幅度过大，请补充说明后重新报送")
            && said.contains("收到本通知后10个工作日内")
            && !said.contains("平安办工作经费"),
        "{said}"
    );
    let list = pdf_text(&out.join("notices/退回修改清单.pdf"));
    assert!(
        list.contains("共退回 1 份自评表") && list.contains("综治中心事务"),
        "{list}"
    );

    // The unit corrects and sends again: 综治协管服务社's 总分 changes (its decision was made
    // on the old figures: 过期, not applied); 综治中心事务's budget no longer adjusted (its
    // finding resolved, its decision on unchanged figures still applied).
    let block = SEED.find("项目名称\t综治中心事务").unwrap();
    let mut corrected = SEED[..block].to_owned();
    corrected.push_str(
        &SEED[block..]
            .replacen("500,000.00\t327,298.72", "327,298.72\t327,298.72", 1)
            .replacen("500000\t327298.72", "327298.72\t327298.72", 1)
            .replacen("总分\t\t\t\t\t100\t90\t", "总分\t\t\t\t\t100\t91\t", 1),
    );
    assert_ne!(corrected, SEED);
    std::fs::write(input.join("songnan.txt"), corrected).unwrap();
    let said = run(&input, &out);
    assert!(said.contains("过期 1 份"), "{said}");
    assert!(said.contains("问题已解决 1 条"), "{said}");
    assert!(
        said.contains("· 综治中心事务（songnan.txt）：已解决 1 条，仍存在 0 条，新增 0 条"),
        "{said}"
    );
    // Still returned: its notice says what was corrected since.
    let notice = pdf_text(&out.join("notices/问题反馈单-淞南镇主管单位.pdf"));
    assert!(notice.contains("与上次反馈相比，已更正 1 项"), "{notice}");
    // The booklet's cover and the report count the decisions and the final grades.
    let cover = pdf_text(&out.join("booklet.pdf"));
    assert!(
        cover.contains("复核人结论") && cover.contains("通过 1，退回修改 1，待复核 1"),
        "{cover}"
    );
    let report = pdf_text(&out.join("report.pdf"));
    assert!(
        report.contains("复核通过")
            && report.contains("按最终得分")
            && report.contains("按全年预算数加权平均分"),
        "{report}"
    );
    assert!(cover.contains("加权平均分"), "{cover}");
    let book = sheets(&record);
    let forms = sheet(&book, "表单复核");
    let helper = row_of(forms, "项目名称", "综治协管服务社");
    let status = &helper[column(forms, "状态")];
    assert!(
        status.starts_with("过期") && status.contains("自评总分 90→91"),
        "{status}"
    );
    assert_eq!(helper[column(forms, "复核得分")], "91", "kept, not applied");
    assert_eq!(
        row_of(forms, "项目名称", "综治中心事务")[column(forms, "状态")],
        "已采用"
    );
    let findings = sheet(&book, "问题复核");
    let resolved = row_of(findings, "代码", "LARGE_BUDGET_ADJUSTMENT");
    assert!(
        resolved[column(findings, "状态")].starts_with("已解决"),
        "{resolved:?}"
    );
    assert_eq!(
        row_of(findings, "代码", "NOT_MEASURED")[column(findings, "说明")],
        "单位已提供计量说明"
    );
    let summary = sheets(&out.join("summary.xlsx"));
    let rows = sheet(&summary, "汇总");
    let helper = row_of(rows, "项目名称", "综治协管服务社");
    assert_eq!(
        helper[column(rows, "复核结论")],
        "",
        "a stale decision is not applied"
    );
    assert_eq!(
        helper[column(rows, "最终得分")],
        helper[column(rows, "复核总分")]
    );
    assert_eq!(
        std::fs::read_dir(out.join("复核记录备份")).unwrap().count(),
        1,
        "a workbook the tool wrote and nobody edited needs no backup"
    );
    let _ = repo();
}

#[test]
fn a_copy_named_as_corrected_supersedes_the_first_submission() {
    // The unit sends the same forms again as 《…（更正）》 — with one more mistake, even: the
    // clerk's rule is the file name, not the error count.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("收到的自评表"), work.path().join("结果"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("songnan.txt"), SEED).unwrap();
    let worse = SEED.replacen(
        "项目名称\t平安办工作经费",
        "项目名称\t平安办工作经费\n主管部门\t",
        1,
    );
    std::fs::write(input.join("songnan（更正）.txt"), worse).unwrap();
    let said = run(&input, &out);
    // The reviewer is told where to choose otherwise.
    assert!(
        said.contains("重复报送的项目在“计入合计”栏选定计入哪一份"),
        "{said}"
    );
    let findings = read_json(&out.join("findings.json"));
    let duplicates: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "DUPLICATE_FORM")
        .collect();
    // Every form of each file is told; the first file's yield to the corrected copies.
    assert_eq!(duplicates.len(), 10);
    let yielding: Vec<_> = duplicates
        .iter()
        .filter(|d| d["file"] == "songnan.txt")
        .collect();
    assert_eq!(yielding.len(), 5);
    for d in yielding {
        let message = d["message"].as_str().unwrap();
        assert!(
            message.contains("文件名注明更正") && message.contains("本表不计入合计"),
            "{d}"
        );
    }
    let forms = read_json(&out.join("forms.json"));
    assert_eq!(forms.as_array().unwrap().len(), 10);
    let summary = sheets(&out.join("summary.xlsx"));
    let rows = sheet(&summary, "汇总");
    let counted = column(rows, "计入合计");
    let source = column(rows, "来源");
    for row in &rows[1..rows.len() - 1] {
        let corrected = row[source].contains("更正");
        assert_eq!(row[counted] == "是", corrected, "{row:?}");
    }

    // The reviewer names the first file's copy of one project as the one that counts, in
    // the decisions workbook (计入合计 是), typed by another program: it counts, whatever
    // the file names say; the other projects still follow the 更正 mark.
    let record = out.join("复核记录.xlsx");
    let mut book = sheets(&record);
    {
        let forms = &mut book[0].1;
        let (p, f, c) = (
            column(forms, "项目名称"),
            column(forms, "来源文件"),
            column(forms, "计入合计"),
        );
        let row = forms
            .iter_mut()
            .find(|r| r[p] == "平安办工作经费" && r[f] == "songnan.txt")
            .unwrap();
        row[c] = "是".to_owned();
    }
    save_as_another_program(&record, &book);
    let said = run(&input, &out);
    assert!(
        said.contains("重复报送的项目中 1 个按您在“计入合计”栏的选择计入"),
        "{said}"
    );
    let summary = sheets(&out.join("summary.xlsx"));
    let rows = sheet(&summary, "汇总");
    let (counted, source, project) = (
        column(rows, "计入合计"),
        column(rows, "来源"),
        column(rows, "项目名称"),
    );
    for row in &rows[1..rows.len() - 1] {
        let chosen = row[project] == "平安办工作经费";
        let expected = if chosen {
            !row[source].contains("更正")
        } else {
            row[source].contains("更正")
        };
        assert_eq!(row[counted] == "是", expected, "{row:?}");
    }
    // Both copies of that project are told why, the corrected one that it does not count.
    let findings = read_json(&out.join("findings.json"));
    let chosen: Vec<(&str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "DUPLICATE_FORM")
        .map(|f| (f["file"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .filter(|(_, m)| m.contains("复核人在复核记录中选定"))
        .collect();
    assert_eq!(chosen.len(), 2, "{chosen:?}");
    assert!(
        chosen
            .iter()
            .any(|(file, m)| file.contains("更正") && m.contains("本表不计入合计")),
        "{chosen:?}"
    );
    // The choice stays in the workbook, the reviewer's as typed.
    let book = sheets(&record);
    let forms = sheet(&book, "表单复核");
    let (p, f, c) = (
        column(forms, "项目名称"),
        column(forms, "来源文件"),
        column(forms, "计入合计"),
    );
    let kept: Vec<&Vec<String>> = forms
        .iter()
        .filter(|r| r.get(c).is_some_and(|v| v == "是"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0][p].as_str(), kept[0][f].as_str()),
        ("平安办工作经费", "songnan.txt")
    );
}
