//! The 工作台 in a real browser: a headless Chromium walks a clerk's way through it — start,
//! run the samples, open a form, click a value and see its source cell marked, record a
//! decision, download summary.xlsx and find the decision in it.
//!
//! Needs Chromium (Debian's `chromium`; `$CHROME` names another). Without one the tests say
//! so and pass, so `cargo test` needs nothing but cargo; `.ci/run` installs it and sets
//! `ZIPINGBIAO_BROWSER_TESTS=required`, which makes a missing browser a failure.
//! `ZIPINGBIAO_SCREENSHOTS=docs` writes a screenshot of every page (1366×768) there.

#[path = "browser/cdp.rs"]
mod cdp;
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::json;
use zipingbiao::Settings;
use zipingbiao::serve::{self, Options};

/// The browser, or `None` where there is none and none is required.
fn browser() -> Option<cdp::Browser> {
    match cdp::find_browser() {
        Some(binary) => Some(cdp::Browser::launch(&binary, 1366, 768)),
        None if std::env::var("ZIPINGBIAO_BROWSER_TESTS").as_deref() == Ok("required") => {
            panic!("ZIPINGBIAO_BROWSER_TESTS=required, but no chromium was found (set $CHROME)")
        }
        None => {
            eprintln!("no chromium on PATH: the browser tests are skipped");
            None
        }
    }
}

/// Where screenshots go, when asked for.
fn screenshots() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("ZIPINGBIAO_SCREENSHOTS")?);
    let dir = if dir.is_absolute() {
        dir
    } else {
        common::repo().join(dir)
    };
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    Some(dir)
}

fn shoot(b: &mut cdp::Browser, name: &str) {
    if let Some(dir) = screenshots() {
        // Transitions and the smooth scroll settle first; the passing notice is not the page.
        std::thread::sleep(Duration::from_millis(600));
        b.eval("document.getElementById('toast').hidden = true; true");
        b.screenshot(&dir.join(format!("{name}.png")));
    }
}

fn js(value: &str) -> String {
    json!(value).to_string()
}

#[test]
fn a_clerk_runs_the_samples_decides_on_a_form_and_downloads_the_decision() {
    let Some(mut b) = browser() else { return };
    let work = tempfile::tempdir().expect("a working folder");
    let server = serve::start(Options::new(
        work.path().join("工作台"),
        Settings::builtin(),
    ))
    .expect("the 工作台 starts");
    assert!(server.addr.ip().is_loopback());
    let samples = common::repo().join("samples");

    // 开始: the folder typed, 开始复核, the progress to the end.
    b.navigate(&server.url);
    b.wait_for("document.getElementById('input')", "the 开始 page");
    b.eval(&format!(
        "document.getElementById('input').value = {}; document.getElementById('go').click(); true",
        js(&samples.display().to_string())
    ));
    let done = b.wait_for(
        "document.querySelector('.progress .ok') && document.querySelector('.progress .ok').textContent",
        "the run to finish",
    );
    assert_eq!(
        done,
        json!(format!(
            "完成：30 个文件，{} 份表，9 个文件未能读取",
            common::SAMPLE_FORMS
        ))
    );
    shoot(&mut b, "workbench-start");

    // The folder browser opens on the typed folder and lists its subfolders.
    b.eval("document.querySelector('.start .row button').click(); true");
    let listed = b.wait_for(
        "document.querySelector('.dialog .folders') && [...document.querySelectorAll('.dialog .folders li')].map(li => li.textContent).join('|')",
        "the folder browser",
    );
    assert!(
        listed
            .as_str()
            .is_some_and(|l| l.contains("四川省林业和草原局")),
        "{listed}"
    );
    shoot(&mut b, "workbench-browse");
    b.eval("[...document.querySelectorAll('.dialog button')].find(x => x.textContent === '取消').click(); true");

    // 总览
    b.eval("location.hash = '#/overview'; true");
    let forms = b.wait_for(
        "document.querySelector('.stats') && document.querySelector('.stats .stat b').parentNode.nextSibling.querySelector('b').textContent",
        "the overview",
    );
    assert_eq!(forms, json!(common::SAMPLE_FORMS.to_string()));
    shoot(&mut b, "workbench-overview");

    // 表单: every form listed; the search finds one.
    b.eval("location.hash = '#/forms'; true");
    let rows = b.wait_for(
        "document.querySelectorAll('.forms-table tbody tr').length",
        "the list of forms",
    );
    assert_eq!(rows, json!(common::SAMPLE_FORMS));
    shoot(&mut b, "workbench-forms");
    b.eval(
        "const s = document.getElementById('search'); s.value = '平安办'; s.dispatchEvent(new Event('input')); true",
    );
    let found = b.wait_for(
        "document.querySelectorAll('.forms-table tbody tr').length === 1 && document.querySelector('.forms-table tbody tr').textContent",
        "the search",
    );
    assert!(
        found.as_str().is_some_and(|t| t.contains("平安办工作经费")),
        "{found}"
    );

    // 表单详情: a value clicked marks its cell in the source; a source cell marks the value.
    b.eval("document.querySelector('.forms-table tbody tr').click(); true");
    b.wait_for(
        "document.querySelectorAll('.source table.grid td[data-pos]').length > 50",
        "the source beside the form",
    );
    let marked = b.eval(
        "(() => { const v = [...document.querySelectorAll('.official td[data-pos]')].find(td => td.textContent === '平安办工作经费'); \
         v.click(); const s = document.querySelector('.source td.marked'); \
         return s && [s.textContent, s.dataset.pos, v.dataset.pos]; })()",
    );
    assert_eq!(marked, json!(["平安办工作经费", "0,4,1", "0,4,1"]));
    let back = b.eval(
        "(() => { const s = [...document.querySelectorAll('.source td[data-pos]')].find(td => td.textContent === '淞南镇主管单位'); \
         s.click(); const v = document.querySelector('.official td.marked'); return v && v.textContent; })()",
    );
    assert_eq!(back, json!("淞南镇主管单位"));
    shoot(&mut b, "workbench-form");

    // A decision recorded on the page.
    b.eval(
        "document.getElementById('toast').hidden = true; document.getElementById('conclusion').value = '退回修改'; document.getElementById('score').value = '88'; \
         document.getElementById('opinion').value = '请补充未测评指标的偏差原因'; document.getElementById('reviewer').value = '张三'; \
         document.getElementById('save-decision').click(); true",
    );
    let toast = b.wait_for(
        "!document.getElementById('toast').hidden && document.getElementById('toast').textContent.startsWith('已保存') && document.getElementById('toast').textContent",
        "the decision saved",
    );
    assert!(
        toast
            .as_str()
            .is_some_and(|t| t.starts_with("已保存到复核记录.xlsx")),
        "{toast}"
    );
    let shown = b.wait_for(
        "document.querySelector('.scores') && document.querySelector('.scores').textContent.includes('最终 88') && \
         [document.getElementById('conclusion').value, document.getElementById('opinion').value, document.querySelector('.scores').textContent]",
        "the form shown again with its decision",
    );
    assert_eq!(
        shown,
        json!([
            "退回修改",
            "请补充未测评指标的偏差原因",
            "自评 96 分（优）复核 96 分（优）最终 88 分（良）错误 0警告 1"
        ])
    );

    b.eval("document.querySelector('.decision').scrollIntoView({ block: 'end' }); true");
    shoot(&mut b, "workbench-decision");

    // A workbook, a Word document and a PDF: the project's name marked in each source.
    for (ending, shot) in [
        (".xlsx", "workbench-form-sheet"),
        (".docx", "workbench-form-word"),
        (".pdf", "workbench-form-pdf"),
    ] {
        let project = b.eval(&format!(
            "(() => {{ const f = app.forms.find(f => f.file.endsWith({}) && f.counted); location.hash = '#/form/' + f.i; return f.project; }})()",
            js(ending)
        ));
        let project = project.as_str().expect("a project name").to_owned();
        b.wait_for(
            &format!(
                "document.querySelector('.form-nav b') && document.querySelector('.form-nav b').textContent.endsWith({}) \
                 && document.querySelectorAll('.source table.grid td[data-pos]').length > 20",
                js(&project)
            ),
            "the form and its source",
        );
        let marked = b.eval(
            "(() => { const v = document.querySelector('.official tr:nth-child(2) td.v'); v.click(); \
             const s = document.querySelector('.source td.marked'); return [v.textContent, s ? s.textContent : '']; })()",
        );
        let shown = marked[0].as_str().unwrap_or_default();
        let source = marked[1].as_str().unwrap_or_default();
        assert_eq!(shown, project, "{ending}");
        assert!(
            source.contains(&project),
            "{ending}: the source cell says {source:?}"
        );
        shoot(&mut b, shot);
    }

    // 下载: summary.xlsx, with the decision in it.
    let downloads = work.path().join("downloads");
    std::fs::create_dir_all(&downloads).expect("a download folder");
    b.download_into(&downloads);
    b.eval("location.hash = '#/downloads'; true");
    b.wait_for(
        "document.querySelector('a[download=\"summary.xlsx\"]')",
        "the downloads",
    );
    shoot(&mut b, "workbench-downloads");
    b.eval("document.querySelector('a[download=\"summary.xlsx\"]').click(); true");
    let workbook = wait_for_file(&downloads.join("summary.xlsx"));
    let row = summary_row(&workbook, "平安办工作经费");
    assert!(row.iter().any(|c| c == "退回修改"), "{row:?}");
    assert!(row.iter().any(|c| c == "88"), "{row:?}");
    server.stop().expect("the server stops");
}

#[test]
fn closing_the_last_page_ends_the_server() {
    let Some(mut b) = browser() else { return };
    let work = tempfile::tempdir().expect("a working folder");
    let mut options = Options::new(work.path().to_path_buf(), Settings::builtin());
    options.idle_exit = Some(Duration::from_secs(1));
    let server = serve::start(options).expect("the 工作台 starts");
    b.navigate(&server.url);
    b.wait_for("document.getElementById('input')", "the page");
    b.navigate("about:blank");
    let started = Instant::now();
    server.wait().expect("the server ends by itself");
    assert!(started.elapsed() < Duration::from_secs(30));
}

fn wait_for_file(path: &Path) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !path.is_file() {
        assert!(
            Instant::now() < deadline,
            "{} was not downloaded",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    path.to_path_buf()
}

/// The cells of the row of 汇总 whose project is `project`, as text.
fn summary_row(path: &Path, project: &str) -> Vec<String> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    // The download may still be settling: a workbook that does not open yet is read again.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut book: Xlsx<_> = loop {
        match open_workbook(path) {
            Ok(book) => break book,
            Err(e) if Instant::now() > deadline => panic!("{}: {e}", path.display()),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    let sheet = book.worksheet_range("汇总").expect("the 汇总 sheet");
    let text = |d: &Data| match d {
        Data::Float(f) => zipingbiao::normalize::decimal_string(
            rust_decimal::Decimal::try_from(*f).expect("a number"),
        ),
        other => other.to_string(),
    };
    sheet
        .rows()
        .map(|r| r.iter().map(text).collect::<Vec<_>>())
        .find(|r| r.iter().any(|c| c == project))
        .unwrap_or_else(|| panic!("no row of {project} in 汇总"))
}
