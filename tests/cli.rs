//! The binary as a clerk runs it: exit codes, --json, an interrupted run, identical output
//! twice, hostile inputs among good ones, and the fill-in template read back.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{differences, read_json, repo, snapshot};
use serde_json::Value;

const SEED: &str = include_str!("../samples/songnan-2023-self-evaluation.txt");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zipingbiao"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn seed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("songnan.txt"), SEED).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn exit_codes() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("o");
    let samples = repo().join("samples");
    assert_eq!(
        run(&[
            "run",
            s(&samples),
            "--out",
            s(&target),
            "-q",
            "--outputs",
            "json"
        ])
        .status
        .code(),
        Some(0)
    );
    // The samples hold forms with errors; the seed alone has none.
    assert_eq!(run(&["check", s(&samples), "-q"]).status.code(), Some(1));
    let seed = seed_folder();
    assert_eq!(run(&["check", s(seed.path()), "-q"]).status.code(), Some(0));
    assert_eq!(
        run(&["run", "/no/such/folder", "--out", s(&target)])
            .status
            .code(),
        Some(2)
    );
    let bad = run(&["run", "--outputs", "json,bogus"]);
    assert_eq!(bad.status.code(), Some(2));
    // Said in Chinese, with what was typed and where the help is.
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(
        said.starts_with("错误：--outputs") && said.contains("“json,bogus”无效"),
        "{said}"
    );
    assert!(
        said.contains("zipingbiao --help") && !said.contains("error:"),
        "{said}"
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let help = run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let help = String::from_utf8_lossy(&help.stdout);
    for word in ["run", "check", "template", "用法：", "选项", "显示帮助"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn json_summary_parses() {
    let out = tempfile::tempdir().unwrap();
    let seed = seed_folder();
    let o = run(&[
        "run",
        s(seed.path()),
        "--out",
        s(&out.path().join("o")),
        "--json",
        "--outputs",
        "json,xlsx",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).expect("stdout is JSON");
    assert_eq!(v["files"], 1);
    assert_eq!(v["forms"], 5);
    assert_eq!(v["findings"]["error"], 0);
    assert_eq!(v["grades"]["rescored"]["优"], 5);
    assert!(out.path().join("o/summary.xlsx").exists());
    assert!(
        !out.path().join("o/booklet.pdf").exists(),
        "--outputs leaves PDFs out"
    );
}

#[test]
fn an_interrupted_run_leaves_the_previous_output_and_a_second_run_the_same_bytes() {
    let work = tempfile::tempdir().unwrap();
    let target = work.path().join("output");
    let seed = seed_folder();
    assert!(
        run(&["run", s(seed.path()), "--out", s(&target), "-q"])
            .status
            .success()
    );
    let first = snapshot(&target);
    assert!(first.iter().any(|(p, _)| p.ends_with("booklet.pdf")));

    // A second run that fails at the final rename: the old output stays, nothing is left over.
    let samples = repo().join("samples");
    let failed = bin()
        .args(["run", s(&samples), "--out", s(&target), "-q"])
        .env("ZIPINGBIAO_FAIL_PUBLISH", "1")
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(snapshot(&target), first, "the previous output is intact");
    let leftovers: Vec<_> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no staging folders left: {leftovers:?}");

    // The same input again: the same bytes in every file.
    assert!(
        run(&["run", s(seed.path()), "--out", s(&target), "-q"])
            .status
            .success()
    );
    assert_eq!(snapshot(&target), first);
}

/// A zip whose one part inflates 1000-fold.
fn zip_bomb(path: &Path) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/workbook.xml", options).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..20 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn hostile_inputs_are_rejected_while_good_forms_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("原件.txt"), SEED).unwrap();
    std::fs::write(p.join("重复报送.txt"), SEED).unwrap();
    zip_bomb(&p.join("炸弹.xlsx"));
    std::fs::write(p.join("空.xlsx"), b"").unwrap();
    std::fs::create_dir(p.join("其实是文件夹.xlsx")).unwrap();
    let locked = p.join("锁定.txt");
    std::fs::write(&locked, SEED).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        std::fs::create_dir(p.join("单位")).unwrap();
        std::os::unix::fs::symlink(p, p.join("单位").join("回到上级")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"\xff\xfe-gbk-name.txt");
        std::fs::write(p.join(name), SEED).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("o");
    let o = run(&["run", s(p), "--out", s(&target), "-q", "--outputs", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let forms = read_json(&target.join("forms.json"));
    let rejected = read_json(&target.join("rejected.json"));
    let code_of = |file: &str| {
        rejected
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["file"].as_str().unwrap().contains(file))
            .map(|r| r["code"].as_str().unwrap().to_owned())
    };
    assert_eq!(code_of("炸弹.xlsx").as_deref(), Some("ZIP_BOMB"));
    assert_eq!(code_of("空.xlsx").as_deref(), Some("EMPTY_FILE"));
    assert_eq!(
        code_of("其实是文件夹.xlsx"),
        None,
        "a folder is walked, not read"
    );
    #[cfg(unix)]
    {
        assert_eq!(
            code_of("回到上级").as_deref(),
            Some("IO_ERROR"),
            "{rejected}"
        );
        // Root reads a file whatever its mode; anyone else gets the file rejected.
        let readable = std::fs::read(&locked).is_ok();
        assert_eq!(code_of("锁定.txt").is_some(), !readable);
    }
    for r in rejected.as_array().unwrap() {
        assert!(!r["reason"].as_str().unwrap().is_empty());
    }
    // Every good form: the original, the duplicate, the odd name (and the locked one where readable).
    let by_file = |name: &str| {
        forms
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["source"]["file"].as_str().unwrap().contains(name))
            .count()
    };
    assert_eq!(by_file("原件.txt"), 5);
    assert_eq!(by_file("重复报送.txt"), 5);
    #[cfg(unix)]
    assert_eq!(by_file("gbk-name.txt"), 5);
    // The same form twice is a DUPLICATE_FORM finding, and both are kept.
    let findings = read_json(&target.join("findings.json"));
    let duplicates = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "DUPLICATE_FORM")
        .count();
    assert!(duplicates >= 10, "{duplicates} duplicate findings");
}

#[test]
fn a_filled_template_reads_back_field_for_field() {
    let settings = zipingbiao::Settings::builtin();
    let grids = zipingbiao::read::GridReader::read(
        &zipingbiao::read::text::TextReader::TAB,
        SEED.as_bytes(),
    )
    .unwrap();
    let forms = zipingbiao::extract::extract_forms(&grids[0], "seed.txt", &settings.vocab)
        .expect("within the limits");
    let dir = tempfile::tempdir().unwrap();
    // The blank template from the command line opens and holds no form yet.
    let blank = dir.path().join("模板.xlsx");
    assert!(run(&["template", "--out", s(&blank)]).status.success());
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&blank).unwrap();
    assert_eq!(
        calamine::Reader::sheet_names(&wb),
        ["自评表", "填报说明", "指标分类"]
    );
    let _ = calamine::Reader::worksheet_range(&mut wb, "自评表").unwrap();
    for (i, form) in forms.iter().enumerate() {
        let path = dir.path().join(format!("filled-{i}.xlsx"));
        zipingbiao::report::template::write_template(&path, &settings, 2023, Some(form)).unwrap();
        let file = zipingbiao::pipeline::InputFile {
            path: path.clone(),
            relative: "filled.xlsx".to_owned(),
        };
        let zipingbiao::pipeline::Outcome::Forms(back) =
            zipingbiao::pipeline::process_file(&file, &settings.vocab)
        else {
            panic!("the filled template is read as a form");
        };
        assert_eq!(back.len(), 1);
        let strip = |v: Value| {
            let mut v = v;
            for key in ["source", "provenance", "notes"] {
                v.as_object_mut().unwrap().remove(key);
            }
            v
        };
        let want = strip(zipingbiao::report::json::form_value(form));
        let got = strip(zipingbiao::report::json::form_value(&back[0]));
        let diffs = differences(&got, &want);
        assert!(diffs.is_empty(), "{}: {diffs:?}", form.project_name.value);
    }
}

/// The blank template: titled last year by default, A4 landscape one page wide, the
/// totals' cached values what a recalculating viewer shows (a viewer that does not
/// recalculate shows 分值 10, not 0), and each row's 二级指标 list the one under the 一级指标
/// chosen in that row, from the taxonomy.
#[test]
fn the_blank_template_prints_on_a4_with_last_years_title_right_totals_and_dependent_lists() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("模板.xlsx");
    assert!(run(&["template", "--out", s(&blank)]).status.success());
    // The year now, near enough: a run within two days of New Year is not checked.
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let years = secs as f64 / (365.2425 * 86_400.0);
    let day_of_year = years.fract() * 365.2425;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&blank).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut wb, "自评表").unwrap();
    let title = sheet.get_value((1, 0)).unwrap().to_string();
    if (2.0..363.0).contains(&day_of_year) {
        let last_year = 1970 + years.floor() as i32 - 1;
        assert_eq!(title, format!("（{last_year}年度）"));
    }
    // --year still sets it.
    let set = dir.path().join("2023.xlsx");
    assert!(
        run(&["template", "--out", s(&set), "--year", "2023"])
            .status
            .success()
    );
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&set).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut wb, "自评表").unwrap();
    assert_eq!(sheet.get_value((1, 0)).unwrap().to_string(), "（2023年度）");

    let form = common::package_part(&blank, "xl/worksheets/sheet1.xml");
    for cell in [
        // 执行率 blank until amounts are filled in (not 0.00%).
        "<c r=\"G6\" s=\"6\" t=\"str\"><f>IF(N(D6)&gt;0,E6/D6,\"\")</f><v></v></c>",
        "<f>F6+SUM(G13:G27)</f><v>10</v>",
        "<f>H6+SUM(H13:H27)</f><v>0</v>",
        "<pageSetUpPr fitToPage=\"1\"/>",
        "paperSize=\"9\"",
        "orientation=\"landscape\"",
        "sqref=\"B13:B27\"><formula1>\"产出指标,效益指标,满意度指标\"</formula1>",
        "sqref=\"C13:C27\"><formula1>INDIRECT($B13)</formula1>",
    ] {
        assert!(form.contains(cell), "{cell} not in {form}");
    }
    let workbook = common::package_part(&blank, "xl/workbook.xml");
    for name in [
        "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">自评表!$A$1:$I$28</definedName>",
        "<definedName name=\"产出指标\">'指标分类'!$A$2:$A$5</definedName>",
        "<definedName name=\"效益指标\">'指标分类'!$B$2:$B$5</definedName>",
        "<definedName name=\"满意度指标\">'指标分类'!$C$2:$C$2</definedName>",
        "<sheet name=\"指标分类\" sheetId=\"3\" state=\"hidden\"",
    ] {
        assert!(workbook.contains(name), "{name} not in {workbook}");
    }
    // The lists are the taxonomy's, each under its 一级指标.
    let lists = calamine::Reader::worksheet_range(&mut wb, "指标分类").unwrap();
    let column = |c: u32| -> Vec<String> {
        (0..lists.height() as u32)
            .filter_map(|r| lists.get_value((r, c)))
            .map(|v| v.to_string())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let settings = zipingbiao::Settings::builtin();
    for (c, level1) in ["产出指标", "效益指标", "满意度指标"]
        .into_iter()
        .enumerate()
    {
        let mut want = vec![level1.to_owned()];
        want.extend(settings.vocab.level2_names(level1).iter().cloned());
        assert_eq!(column(c as u32), want);
    }
}

/// Names from the files reach the terminal without their control characters: an ESC in a
/// project name would otherwise be a terminal escape (clear the screen, set the title).
#[test]
fn check_prints_names_without_terminal_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let seed = SEED.replacen(
        "平安办工作经费",
        "平安办\u{1b}[2J\u{1b}]0;标题\u{7}工作经费",
        1,
    );
    std::fs::write(dir.path().join("转义\u{1b}[31m.txt"), seed).unwrap();
    let out = run(&["check", s(dir.path())]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("平安办[2J]0;标题工作经费"), "{printed}");
    assert!(!printed.contains('\u{1b}') && !printed.contains('\u{7}'));
}

#[test]
fn a_font_that_cannot_be_used_stops_the_run_before_any_input_is_read() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let seed = seed_folder();
    let missing = work.path().join("无此字体.ttf");
    let o = run(&[
        "run",
        s(seed.path()),
        "--out",
        s(&out),
        "--font",
        s(&missing),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("错误：字体文件 ") && err.contains("无此字体.ttf 无法读取：找不到该文件"),
        "{err}"
    );
    assert!(!out.exists(), "nothing was written");
    assert!(
        o.stdout.is_empty(),
        "no summary of a run that did not happen"
    );

    // Not a font at all: said so, by name.
    let text = work.path().join("假字体.ttf");
    std::fs::write(&text, "不是字体").unwrap();
    let o = run(&["run", s(seed.path()), "--out", s(&out), "--font", s(&text)]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("不是可用的 TrueType/OpenType 字体"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_single_file_is_an_input_too() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("out");
    let file = repo().join("samples/songnan-2023-self-evaluation.txt");
    let o = run(&["run", s(&file), "--out", s(&out), "--outputs", "json", "-q"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let forms = common::read_json(&out.join("forms.json"));
    let files: Vec<&str> = forms
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["songnan-2023-self-evaluation.txt"; 5]);
    // check takes one file as well; a path that is nothing is refused, saying so.
    assert_eq!(run(&["check", s(&file), "-q"]).status.code(), Some(0));
    let missing = run(&[
        "run",
        s(&work.path().join("无此文件.xlsx")),
        "--out",
        s(&out),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("找不到要读取的文件夹或文件"));
}

#[test]
fn an_empty_folder_or_one_without_a_form_is_not_a_success() {
    let work = tempfile::tempdir().unwrap();
    let empty = work.path().join("空文件夹");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join(".隐藏.txt"), SEED).unwrap();
    let out = work.path().join("out");
    let o = run(&["run", s(&empty), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("中没有可读取的文件"));
    assert!(!out.exists(), "nothing written for nothing read");

    let notes = work.path().join("说明");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("报送说明.txt"), "请各单位于3月底前报送。\n").unwrap();
    let o = run(&["run", s(&notes), "--out", s(&out), "--outputs", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("读取了 1 个文件，没有识别出任何财政项目支出绩效自评表")
            && err.contains("rejected.json"),
        "{err}"
    );
    let rejected = common::read_json(&out.join("rejected.json"));
    assert_eq!(rejected[0]["code"], "NO_FORM");
}

#[test]
fn check_quiet_prints_the_errors_and_the_files_not_read_and_nothing_else() {
    let o = run(&["check", s(&repo().join("samples")), "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let kinds: std::collections::BTreeSet<&str> =
        out.lines().filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(
        kinds,
        std::collections::BTreeSet::from(["错误", "未识别"]),
        "{out}"
    );
}

#[test]
fn check_json_lists_every_finding_and_every_file_not_read() {
    let o = run(&["check", s(&repo().join("samples")), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let counted = ["error", "warning", "info"]
        .iter()
        .map(|k| v["findings"][k].as_u64().unwrap())
        .sum::<u64>();
    let listed = v["details"]["findings"].as_array().unwrap();
    assert_eq!(listed.len() as u64, counted);
    assert!(
        listed
            .iter()
            .all(|f| f["code"].is_string() && f["message"].is_string())
    );
    assert_eq!(
        v["details"]["rejected"].as_array().unwrap().len() as u64,
        v["rejected"].as_u64().unwrap()
    );
}

#[test]
fn the_terminal_names_the_files_not_read_and_says_what_to_do_next() {
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("结果");
    let done = run(&["run", s(&repo().join("samples")), "--out", s(&out)]);
    assert!(done.status.success());
    let said = String::from_utf8_lossy(&done.stdout).into_owned();
    // Nine files not read, each with its first sentence; under ten, so no 等.
    let listed: Vec<&str> = said.lines().filter(|l| l.starts_with("　· ")).collect();
    assert_eq!(listed.len(), 9, "{said}");
    assert!(
        listed.contains(
            &"　· 问题文件/社区养老服务补贴（加密）.xlsx：文件设置了打开密码，无法读取。"
        ),
        "{said}"
    );
    assert!(
        said.contains("下一步：") && said.contains("问题清单"),
        "{said}"
    );
}

#[test]
fn mistyped_commands_are_said_for_what_they_most_likely_are() {
    let seed = seed_folder();
    let two = run(&[s(seed.path()), "结果"]);
    assert_eq!(two.status.code(), Some(2));
    let said = String::from_utf8_lossy(&two.stderr).into_owned();
    assert!(
        said.contains("多了一个参数“结果”") && said.contains("--out 结果"),
        "{said}"
    );
    for (typed, meant) in [("chek", "check"), ("tempalte", "template")] {
        let wrong = run(&[typed, s(seed.path())]);
        let said = String::from_utf8_lossy(&wrong.stderr).into_owned();
        assert_eq!(wrong.status.code(), Some(2), "{said}");
        assert!(said.contains(&format!("是不是要用“{meant}”")), "{said}");
    }
    let alone = run(&["tempalte"]);
    assert!(String::from_utf8_lossy(&alone.stderr).contains("是不是要用“template”"));
}
