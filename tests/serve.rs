//! The 工作台's API and its guard, spoken to as any program on this computer could: plain
//! HTTP over a socket, with and without the token, with other hosts and origins, with paths
//! that try to leave the chosen folders, and with drops past the limits.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use zipingbiao::Settings;
use zipingbiao::serve::{self, Limits, Options, Server};

/// An answer: status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The refusal's words.
    fn refusal(&self) -> String {
        self.json()["错误"].as_str().unwrap_or_default().to_owned()
    }
}

/// One request, its target sent exactly as given (no client normalises `..` away).
fn request(
    server: &Server,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(server.addr).expect("the server takes connections");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{}\r\n", server.addr.port()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("sent");
    stream.write_all(body).expect("sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("answered");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v == "chunked")
    {
        body = unchunked(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunked(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&raw[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 2 + size + 2..];
    }
    out
}

fn get(server: &Server, target: &str) -> Answer {
    let token = server.token.clone();
    request(server, "GET", target, &[("X-Token", &token)], b"")
}

fn post(server: &Server, target: &str, body: Value) -> Answer {
    let token = server.token.clone();
    request(
        server,
        "POST",
        target,
        &[("X-Token", &token), ("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )
}

fn start(work: &Path) -> Server {
    serve::start(Options::new(work.join("工作台"), Settings::builtin())).expect("the 工作台 starts")
}

/// Starts a run of `input` and waits for it to end; its final status.
fn run(server: &Server, input: &Path) -> Value {
    let started = post(server, "/api/run", json!({ "input": input }));
    assert_eq!(started.status, 202, "{}", started.refusal());
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let state = get(server, "/api/state").json();
        if state["status"]["state"] == "done" || state["status"]["state"] == "failed" {
            return state["status"].clone();
        }
        assert!(Instant::now() < deadline, "the run did not end: {state}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn it_listens_on_loopback_only_unless_told() {
    let work = tempfile::tempdir().expect("temp");
    let options = Options::new(work.path().to_path_buf(), Settings::builtin());
    assert!(options.listen.is_loopback());
    let server = serve::start(options).expect("starts");
    assert!(server.addr.ip().is_loopback());
    assert!(
        server
            .url
            .starts_with(&format!("http://127.0.0.1:{}/?token=", server.addr.port()))
    );
    assert_eq!(server.token.len(), 32);
    server.stop().expect("stops");
}

#[test]
fn every_request_needs_the_token() {
    let work = tempfile::tempdir().expect("temp");
    let server = start(work.path());
    for target in [
        "/",
        "/assets/app.js",
        "/api/state",
        "/api/events",
        "/api/browse?path=/",
        "/api/files/summary.xlsx",
    ] {
        let refused = request(&server, "GET", target, &[], b"");
        assert_eq!(refused.status, 401, "{target}");
        assert!(
            refused
                .refusal()
                .starts_with("拒绝访问：缺少或错误的访问令牌"),
            "{target}"
        );
        let wrong = request(
            &server,
            "GET",
            &format!(
                "{target}{}token=0123",
                if target.contains('?') { '&' } else { '?' }
            ),
            &[],
            b"",
        );
        assert_eq!(wrong.status, 401, "{target}");
        let wrong_header = request(
            &server,
            "GET",
            target,
            &[("X-Token", "00000000000000000000000000000000")],
            b"",
        );
        assert_eq!(wrong_header.status, 401, "{target}");
    }
    let refused = request(
        &server,
        "POST",
        "/api/run",
        &[("Content-Type", "application/json")],
        br#"{"input":"/"}"#,
    );
    assert_eq!(refused.status, 401);
    // With it: the page (token carried on to its files), by header or in the address.
    let page = request(
        &server,
        "GET",
        &format!("/?token={}", server.token),
        &[],
        b"",
    );
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(html.contains(&format!("/assets/app.js?token={}", server.token)));
    assert_eq!(get(&server, "/api/state").status, 200);
    // Every answer, refusals included, forbids caching, framing and sniffing.
    for answer in [page, request(&server, "GET", "/api/state", &[], b"")] {
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        assert_eq!(answer.header("x-frame-options"), Some("DENY"));
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
        assert!(
            answer
                .header("content-security-policy")
                .is_some_and(|c| c.contains("frame-ancestors 'none'"))
        );
    }
    server.stop().expect("stops");
}

#[test]
fn malformed_requests_are_refused_in_words() {
    let work = tempfile::tempdir().expect("temp");
    let server = start(work.path());
    let token = server.token.clone();
    let cases: [(&str, &str, &[u8], u16, &str); 4] = [
        ("GET", "/api/forms/abc", b"", 400, "请求的内容无法识别"),
        ("GET", "/api/nothing", b"", 404, "没有这个页面"),
        ("DELETE", "/api/state", b"", 405, "不支持这种请求方式"),
        (
            "POST",
            "/api/run",
            b"{not json",
            415,
            "请求的内容类型不对（应为 JSON）",
        ),
    ];
    for (method, target, body, status, words) in cases {
        let answer = request(&server, method, target, &[("X-Token", &token)], body);
        assert_eq!(answer.status, status, "{method} {target}");
        assert_eq!(answer.refusal(), words, "{method} {target}");
    }
    let bad_json = request(
        &server,
        "POST",
        "/api/run",
        &[("X-Token", &token), ("Content-Type", "application/json")],
        b"{not json",
    );
    assert_eq!(bad_json.status, 400);
    assert_eq!(bad_json.refusal(), "请求的内容无法识别");
    server.stop().expect("stops");
}

#[test]
fn another_host_or_site_is_refused() {
    let work = tempfile::tempdir().expect("temp");
    let server = start(work.path());
    let token = server.token.clone();
    let port = server.addr.port();
    // DNS rebinding: a name of the attacker's that points at 127.0.0.1.
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("127.0.0.1:{}", port + 1),
        String::new(),
    ] {
        let refused = request(
            &server,
            "GET",
            "/api/state",
            &[("Host", &host), ("X-Token", &token)],
            b"",
        );
        assert_eq!(refused.status, 403, "{host}");
        assert!(refused.refusal().contains("不是本工作台的地址"), "{host}");
    }
    let localhost = request(
        &server,
        "GET",
        "/api/state",
        &[("Host", &format!("localhost:{port}")), ("X-Token", &token)],
        b"",
    );
    assert_eq!(localhost.status, 200);
    // Another page open in the same browser.
    let cross = request(
        &server,
        "GET",
        "/api/state",
        &[("X-Token", &token), ("Sec-Fetch-Site", "cross-site")],
        b"",
    );
    assert_eq!(cross.status, 403);
    let same_site = request(
        &server,
        "GET",
        "/api/state",
        &[("X-Token", &token), ("Sec-Fetch-Site", "same-site")],
        b"",
    );
    assert_eq!(same_site.status, 403);
    let origin = request(
        &server,
        "POST",
        "/api/run",
        &[
            ("X-Token", &token),
            ("Origin", "http://evil.example"),
            ("Content-Type", "application/json"),
        ],
        br#"{"input":"/"}"#,
    );
    assert_eq!(origin.status, 403);
    let own = format!("http://127.0.0.1:{port}");
    let same = request(
        &server,
        "GET",
        "/api/state",
        &[
            ("X-Token", &token),
            ("Origin", &own),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        b"",
    );
    assert_eq!(same.status, 200);
    // No cross-origin access is granted to anyone.
    assert_eq!(same.header("access-control-allow-origin"), None);
    server.stop().expect("stops");
}

#[test]
fn the_samples_run_through_the_api_as_through_the_library() {
    let work = tempfile::tempdir().expect("temp");
    let server = start(work.path());
    let status = run(&server, &common::repo().join("samples"));
    assert_eq!(status["state"], "done", "{status}");
    assert_eq!(status["files"], 30);
    assert_eq!(status["read"], 30);
    assert_eq!(status["forms"], common::SAMPLE_FORMS);
    let overview = get(&server, "/api/overview").json();
    assert_eq!(overview["files"], 30);
    assert_eq!(overview["forms"], common::SAMPLE_FORMS);
    assert_eq!(overview["duplicates"], 3);
    assert_eq!(overview["rejected"].as_array().map(Vec::len), Some(9));
    let forms = get(&server, "/api/forms").json();
    let rows = forms["forms"].as_array().expect("a list");
    assert_eq!(rows.len(), common::SAMPLE_FORMS);
    // The 序号 are 汇总's: 1 to N, each once.
    let mut numbers: Vec<u64> = rows
        .iter()
        .map(|r| r["no"].as_u64().expect("a 序号"))
        .collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (1..=common::SAMPLE_FORMS as u64).collect::<Vec<_>>()
    );
    // Every form's PDF is a file of the results.
    for row in rows {
        let pdf = row["pdf"].as_str().expect("a PDF path");
        let encoded: Vec<String> = pdf.split('/').map(percent).collect();
        let answer = get(&server, &format!("/api/files/{}", encoded.join("/")));
        assert_eq!(answer.status, 200, "{pdf}");
        assert!(answer.body.starts_with(b"%PDF-"), "{pdf}");
    }
    // A form, its values with their cells, and the source holding those cells.
    let songnan = rows
        .iter()
        .find(|r| r["project"] == "平安办工作经费")
        .expect("the seed's form");
    let i = songnan["i"].as_u64().expect("an index");
    let detail = get(&server, &format!("/api/forms/{i}")).json();
    assert_eq!(
        detail["form"]["project_name"]["at"],
        json!({ "part": 0, "row": 4, "col": 1 })
    );
    let source = get(&server, &format!("/api/forms/{i}/source")).json();
    assert_eq!(source["kind"], "text");
    assert_eq!(
        source["grids"][0]["rows"][4][1],
        json!(["平安办工作经费", 0, 4, 1])
    );
    server.stop().expect("stops");
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn no_path_leaves_the_chosen_folders() {
    let work = tempfile::tempdir().expect("temp");
    let input = work.path().join("收到的表");
    std::fs::create_dir_all(&input).expect("input");
    let seed = common::repo().join("samples/songnan-2023-self-evaluation.txt");
    std::fs::copy(&seed, input.join("淞南.txt")).expect("a form");
    // A secret outside the folder that is itself a form, so the run reads it through the link.
    let outside = work.path().join("别处");
    std::fs::create_dir_all(&outside).expect("outside");
    std::fs::copy(&seed, outside.join("secret.txt")).expect("a secret");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.join("secret.txt"), input.join("link.txt"))
            .expect("a link");
        std::os::unix::fs::symlink(&outside, input.join("linked-folder")).expect("a folder link");
    }
    let server = start(work.path());
    let status = run(&server, &input);
    assert_eq!(status["state"], "done", "{status}");
    for target in [
        "/api/files/../../../etc/passwd",
        "/api/files/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/files/%2e%2e/%2e%2e/secret.txt",
        "/api/files/%2Fetc%2Fpasswd",
        "/api/files//etc/passwd",
        "/api/files/C:%5CWindows%5Cwin.ini",
        "/api/files/..%5C..%5Csecret.txt",
    ] {
        let refused = get(&server, target);
        assert!(
            refused.status == 403 || refused.status == 404,
            "{target}: {} {}",
            refused.status,
            String::from_utf8_lossy(&refused.body)
        );
        assert!(
            !String::from_utf8_lossy(&refused.body).contains("root:"),
            "{target}"
        );
    }
    assert_eq!(get(&server, "/api/files/summary.xlsx").status, 200);
    let forms = get(&server, "/api/forms").json();
    let rows = forms["forms"].as_array().expect("a list").clone();
    let index_of = |file: &str| -> Vec<u64> {
        rows.iter()
            .filter(|r| r["file"].as_str().is_some_and(|f| f.starts_with(file)))
            .map(|r| r["i"].as_u64().expect("index"))
            .collect()
    };
    for i in index_of("淞南.txt") {
        assert_eq!(get(&server, &format!("/api/forms/{i}/source")).status, 200);
        assert_eq!(get(&server, &format!("/api/forms/{i}/file")).status, 200);
    }
    #[cfg(unix)]
    {
        let linked: Vec<u64> = index_of("link.txt")
            .into_iter()
            .chain(index_of("linked-folder/"))
            .collect();
        assert_eq!(
            linked.len(),
            10,
            "the run reads through links (5 forms each)"
        );
        for i in linked {
            for what in ["source", "file"] {
                let refused = get(&server, &format!("/api/forms/{i}/{what}"));
                assert_eq!(refused.status, 403, "form {i} {what}");
                assert!(
                    refused.refusal().contains("不在所选的文件夹内"),
                    "{}",
                    refused.refusal()
                );
            }
        }
    }
    server.stop().expect("stops");
}

#[test]
fn drops_are_bounded_and_stay_in_their_folder() {
    let work = tempfile::tempdir().expect("temp");
    let mut options = Options::new(work.path().join("工作台"), Settings::builtin());
    options.limits = Limits {
        file_bytes: 1_000,
        files: 3,
        total_bytes: 1_500,
    };
    let server = serve::start(options).expect("starts");
    let token = server.token.clone();
    let drop = post(&server, "/api/drops", json!({})).json();
    let id = drop["id"].as_str().expect("an id").to_owned();
    let put = |name: &str, bytes: usize| {
        request(
            &server,
            "PUT",
            &format!("/api/drops/{id}?path={}", percent(name)),
            &[("X-Token", &token)],
            &vec![b'x'; bytes],
        )
    };
    let big = put("大.xlsx", 2_000);
    assert_eq!(big.status, 413);
    assert!(big.refusal().starts_with("文件太大"), "{}", big.refusal());
    assert_eq!(put("单位/一.txt", 800).status, 200);
    let over_total = put("二.txt", 800);
    assert_eq!(over_total.status, 413);
    assert!(
        over_total.refusal().contains("合计最多"),
        "{}",
        over_total.refusal()
    );
    assert_eq!(put("../逃出.txt", 10).status, 400);
    assert_eq!(put("a/../../逃出.txt", 10).status, 400);
    // A leading slash or a drive is no way out: the file stays in the drop.
    assert_eq!(put("/etc/x.txt", 10).status, 200);
    assert_eq!(put("C:\\x.txt", 10).status, 200);
    let count = put("四.txt", 10);
    assert_eq!(count.status, 413, "{}", count.refusal());
    assert!(count.refusal().contains("最多拖入 3 个文件"));
    let unknown = request(
        &server,
        "PUT",
        "/api/drops/..?path=x.txt",
        &[("X-Token", &token)],
        b"x",
    );
    assert_eq!(unknown.status, 404);
    let folder = Path::new(drop["path"].as_str().expect("a path"));
    assert!(folder.join("单位/一.txt").is_file());
    assert!(folder.join("etc/x.txt").is_file());
    assert!(folder.join("C_/x.txt").is_file());
    assert!(!work.path().join("工作台/上传/逃出.txt").exists());
    assert!(!folder.join("大.xlsx").exists());
    server.stop().expect("stops");
}

#[test]
fn decisions_typed_on_the_page_are_the_workbooks() {
    let work = tempfile::tempdir().expect("temp");
    let server = start(work.path());
    let input = common::repo().join("samples");
    assert_eq!(run(&server, &input)["state"], "done");
    let rows = get(&server, "/api/forms").json()["forms"]
        .as_array()
        .expect("a list")
        .clone();
    let form = rows
        .iter()
        .find(|r| r["project"] == "平安办工作经费")
        .expect("the seed's form");
    let i = form["i"].as_u64().expect("index");
    // Refused in words: a score past the total, a conclusion that is none.
    let bad = post(
        &server,
        &format!("/api/forms/{i}/decision"),
        json!({ "score": "120" }),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.refusal(), "复核得分“120”不是 0 到 100 之间的数");
    let bad = post(
        &server,
        &format!("/api/forms/{i}/decision"),
        json!({ "conclusion": "同意" }),
    );
    assert_eq!(bad.refusal(), "复核结论只能是 通过、退回修改、待复核");
    let saved = post(
        &server,
        &format!("/api/forms/{i}/decision"),
        json!({ "conclusion": "退回修改", "score": "88", "opinion": "请补充偏差原因", "reviewer": "张三", "date": "2026-12-07" }),
    );
    assert_eq!(saved.status, 200, "{}", saved.refusal());
    // The finding not accepted leaves the count.
    assert_eq!(form["warnings"], 1);
    let dismissed = post(
        &server,
        &format!("/api/forms/{i}/findings/0"),
        json!({ "handling": "不采纳", "note": "已电话核实" }),
    );
    assert_eq!(dismissed.status, 200, "{}", dismissed.refusal());
    let after = get(&server, &format!("/api/forms/{i}")).json();
    assert_eq!(after["summary"]["conclusion"], "退回修改");
    assert_eq!(after["summary"]["final"], "88");
    assert_eq!(after["summary"]["warnings"], 0);
    assert_eq!(after["findings"][0]["dismissed"], true);
    // In the workbook, where Excel shows it.
    let output = get(&server, "/api/state").json()["loaded"]["output"]
        .as_str()
        .expect("output")
        .to_owned();
    let record = zipingbiao::review::workbook::read(&Path::new(&output).join("复核记录.xlsx"))
        .expect("readable")
        .expect("there");
    let row = record
        .forms
        .rows
        .iter()
        .find(|r| record.forms.get(r, "项目名称") == "平安办工作经费")
        .expect("the form's row");
    assert_eq!(record.forms.get(row, "复核结论"), "退回修改");
    assert_eq!(record.forms.get(row, "复核得分"), "88");
    assert_eq!(record.forms.get(row, "复核意见"), "请补充偏差原因");
    assert_eq!(record.forms.get(row, "复核人"), "张三");
    assert_eq!(record.forms.get(row, "状态"), "已采用");
    let finding = record
        .findings
        .rows
        .iter()
        .find(|r| record.findings.get(r, "项目名称") == "平安办工作经费")
        .expect("the finding's row");
    assert_eq!(record.findings.get(finding, "处理"), "不采纳");
    assert_eq!(record.findings.get(finding, "说明"), "已电话核实");
    // Two more runs of the folder: everything typed on the page is still there.
    for _ in 0..2 {
        assert_eq!(run(&server, &input)["state"], "done");
    }
    let again = zipingbiao::review::workbook::read(&Path::new(&output).join("复核记录.xlsx"))
        .expect("readable")
        .expect("there");
    assert_eq!(again.forms, record.forms);
    assert_eq!(again.findings, record.findings);
    // The notice to the unit is among the downloads.
    let files = get(&server, "/api/files").json();
    let notices: Vec<&str> = files["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .filter(|p| p.starts_with("notices/"))
        .collect();
    assert!(!notices.is_empty(), "{files}");
    server.stop().expect("stops");
}
