//! The handlers: one small function per request, the state passed in, errors as responses
//! (`{"错误": "…"}` with a status). Work that touches the disk or the batch runs on the
//! blocking pool, never on the server's one thread.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use futures_util::Stream;
use serde::Deserialize;
use serde_json::{Value, json};

use super::session::{Choice, Loaded, Refused};
use super::source::{confined, kind_name};
use crate::batch::FormSummary;
use crate::check::Grade;
use crate::check::findings::{Finding, Severity};
use crate::normalize::decimal_string;

/// An answer that is not the one asked for: its status and why, in Chinese.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Why, in Chinese.
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "错误": self.message }))).into_response()
    }
}

type Answer<T> = Result<T, ApiError>;

/// Every route, behind the guard.
pub(super) fn router(state: super::State) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/assets/{name}", get(asset))
        .route("/api/state", get(current))
        .route("/api/events", get(events))
        .route("/api/run", post(start_run))
        .route("/api/browse", get(browse))
        .route("/api/drops", post(new_drop))
        .route("/api/drops/{id}", put(drop_file))
        .route("/api/overview", get(overview))
        .route("/api/forms", get(forms))
        .route("/api/forms/{i}", get(form))
        .route("/api/forms/{i}/source", get(source))
        .route("/api/forms/{i}/file", get(source_file))
        .route("/api/forms/{i}/decision", post(decide))
        .route("/api/forms/{i}/findings/{k}", post(handle_finding))
        .route("/api/files", get(files))
        .route("/api/files/{*path}", get(download))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "没有这个页面") })
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            super::guard::guard,
        ))
        .with_state(state)
}

/// Runs `work` on the blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Answer<T> + Send + 'static,
) -> Answer<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "程序内部出错"))?
}

async fn page(State(state): State<super::State>) -> Response {
    let html = super::assets::INDEX.replace("{{TOKEN}}", &state.token);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

async fn asset(UrlPath(name): UrlPath<String>) -> Answer<Response> {
    let (body, kind) = super::assets::named(&name)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "没有这个文件"))?;
    Ok(([(header::CONTENT_TYPE, kind)], body).into_response())
}

/// The last run, or an error telling the page to start one.
fn loaded(state: &super::Shared) -> Answer<Arc<Loaded>> {
    state.session.loaded().ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "还没有复核结果：请先在“开始”页选择文件夹并开始复核",
        )
    })
}

async fn current(State(state): State<super::State>) -> Json<Value> {
    let loaded = state.session.loaded().map(|l| {
        json!({
            "input": l.choice.input,
            "previous": l.choice.previous,
            "output": l.output,
            "finished": l.finished,
            "files": l.batch.files,
            "forms": l.batch.summaries.len(),
        })
    });
    let limits = state.session.limits();
    Json(json!({
        "choice": state.session.choice(),
        "status": state.session.status(),
        "loaded": loaded,
        "workdir": state.session.workdir(),
        "limits": { "file_bytes": limits.file_bytes, "files": limits.files, "total_bytes": limits.total_bytes },
        "total": decimal_string(state.settings.rules.weights.total),
    }))
}

/// Counts a page as open while it holds the event stream.
struct OpenPage(super::State);

impl Drop for OpenPage {
    fn drop(&mut self) {
        self.0.page_closed();
    }
}

/// The run's progress, pushed: the status now, then each change.
async fn events(
    State(state): State<super::State>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    use futures_util::future::{Either, select};
    state.page_opened();
    let status = state.session.subscribe();
    let closing = state.closing.subscribe();
    let page = OpenPage(Arc::clone(&state));
    let stream = futures_util::stream::unfold(
        (status, closing, page, true),
        |(mut status, mut closing, page, first)| async move {
            if !first {
                let changed = select(Box::pin(status.changed()), Box::pin(closing.changed()));
                match changed.await {
                    Either::Left((Ok(()), _)) => {}
                    _ => return None,
                }
            }
            let now = status.borrow_and_update().clone();
            let event = Event::default()
                .event("status")
                .json_data(&now)
                .unwrap_or_default();
            Some((Ok(event), (status, closing, page, false)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(5)))
}

#[derive(Debug, Deserialize)]
struct RunRequest {
    input: String,
    #[serde(default)]
    previous: Option<String>,
}

/// A path as a clerk pastes it: Explorer's 复制为路径 puts it in quotes.
fn pasted(path: &str) -> PathBuf {
    PathBuf::from(path.trim().trim_matches(['"', '“', '”', '\'']).trim())
}

async fn start_run(
    State(state): State<super::State>,
    Json(request): Json<RunRequest>,
) -> Answer<(StatusCode, Json<Value>)> {
    let input = pasted(&request.input);
    if input.as_os_str().is_empty() {
        return Err(ApiError::bad("请先选择收到的自评表所在的文件夹"));
    }
    if !input.exists() {
        return Err(ApiError::bad(format!(
            "找不到文件夹“{}”，请检查路径",
            input.display()
        )));
    }
    let previous = request
        .previous
        .as_deref()
        .map(pasted)
        .filter(|p| !p.as_os_str().is_empty());
    if let Some(p) = &previous
        && !p.exists()
    {
        return Err(ApiError::bad(format!(
            "找不到上年资料“{}”，请检查路径",
            p.display()
        )));
    }
    if state.session.busy() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "正在复核，请等本次完成后再开始",
        ));
    }
    let choice = Choice { input, previous };
    let worker = Arc::clone(&state);
    tokio::task::spawn_blocking(move || {
        // The outcome reaches the page through the status stream.
        let _ = worker.session.run(&worker.settings, choice, "run", &|_| {});
    });
    Ok((StatusCode::ACCEPTED, Json(json!({ "已开始": true }))))
}

#[derive(Debug, Deserialize)]
struct BrowseQuery {
    #[serde(default)]
    path: String,
}

/// File names the readers take, for the count shown beside a folder.
const READABLE: [&str; 13] = [
    "xlsx", "xlsm", "xls", "xlsb", "ods", "et", "txt", "tsv", "csv", "pdf", "docx", "wps", "json",
];

async fn browse(Query(query): Query<BrowseQuery>) -> Answer<Json<Value>> {
    blocking(move || {
        let start = if query.path.trim().is_empty() {
            home()
        } else {
            pasted(&query.path)
        };
        let entries = std::fs::read_dir(&start).map_err(|e| {
            ApiError::bad(format!(
                "无法打开“{}”：{}",
                start.display(),
                crate::read::io_reason_zh(&e)
            ))
        })?;
        let mut folders = Vec::new();
        let mut readable = 0usize;
        for entry in entries.flatten().take(20_000) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.starts_with('$') || name.starts_with("~$") {
                continue;
            }
            match std::fs::metadata(entry.path()) {
                Ok(m) if m.is_dir() => folders.push(name),
                Ok(m) if m.is_file() => {
                    let ext = Path::new(&name)
                        .extension()
                        .map(|e| e.to_string_lossy().to_lowercase())
                        .unwrap_or_default();
                    if READABLE.contains(&ext.as_str()) {
                        readable += 1;
                    }
                }
                _ => {}
            }
        }
        folders.sort();
        folders.truncate(2_000);
        let folders: Vec<Value> = folders
            .into_iter()
            .map(|name| json!({ "name": name, "path": start.join(&name) }))
            .collect();
        Ok(Json(json!({
            "path": start,
            "parent": start.parent(),
            "folders": folders,
            "readable": readable,
            "roots": roots(),
        })))
    })
    .await
}

/// Where browsing starts: the user's home folder.
fn home() -> PathBuf {
    std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The drives of this computer (Windows), or `/`.
fn roots() -> Vec<PathBuf> {
    if cfg!(windows) {
        (b'A'..=b'Z')
            .map(|d| PathBuf::from(format!("{}:\\", d as char)))
            .filter(|p| p.exists())
            .collect()
    } else {
        vec![PathBuf::from("/")]
    }
}

async fn new_drop(State(state): State<super::State>) -> Answer<Json<Value>> {
    blocking(move || {
        let id = state.session.new_drop().map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法建立上传文件夹：{}", crate::read::io_reason_zh(&e)),
            )
        })?;
        let path = state
            .session
            .workdir()
            .join(super::session::UPLOADS)
            .join(&id);
        Ok(Json(json!({ "id": id, "path": path })))
    })
    .await
}

#[derive(Debug, Deserialize)]
struct DropQuery {
    path: String,
}

/// A dropped file's path inside its drop: plain names only, at most 8 deep, characters
/// Windows does not allow in a name replaced.
fn drop_path(relative: &str) -> Answer<PathBuf> {
    let parts: Vec<&str> = relative
        .split(['/', '\\'])
        .filter(|p| !p.is_empty())
        .collect();
    let bad = parts.is_empty()
        || parts.len() > 8
        || relative.len() > 600
        || parts.iter().any(|p| *p == "." || *p == "..");
    if bad {
        return Err(ApiError::bad(format!("文件名“{relative}”不可用")));
    }
    Ok(parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| match c {
                    '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
                    c if c.is_control() => '_',
                    c => c,
                })
                .collect::<String>()
        })
        .collect())
}

async fn drop_file(
    State(state): State<super::State>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<DropQuery>,
    headers: HeaderMap,
    body: Body,
) -> Answer<Json<Value>> {
    use futures_util::StreamExt;
    use tokio::io::AsyncWriteExt;
    let relative = drop_path(&query.path)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| ApiError::new(StatusCode::LENGTH_REQUIRED, "请求缺少文件大小"))?;
    let too_large = |m: String| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, m);
    let folder = state
        .session
        .admit_dropped(&id, declared)
        .map_err(|refused| match refused {
            Refused::NoSuchDrop => {
                ApiError::new(StatusCode::NOT_FOUND, "没有这个上传批次，请重新拖入文件")
            }
            Refused::TooMuch(why) => too_large(why),
        })?;
    let path = folder.join(&relative);
    let failed = |e: std::io::Error| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "无法保存“{}”：{}",
                query.path,
                crate::read::io_reason_zh(&e)
            ),
        )
    };
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(failed)?;
    }
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .await
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                ApiError::bad(format!("“{}”重复拖入", query.path))
            } else {
                failed(e)
            }
        })?;
    let received = async {
        let mut stream = body.into_data_stream();
        let mut written = 0u64;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|_| ApiError::bad("上传中断"))?;
            written += chunk.len() as u64;
            if written > declared {
                return Err(too_large("文件比声明的大小更大".to_owned()));
            }
            file.write_all(&chunk).await.map_err(failed)?;
        }
        file.flush().await.map_err(failed)?;
        Ok(written)
    }
    .await;
    let written = match received {
        Ok(written) => written,
        Err(refused) => {
            // A file cut short is no submission: it would be read, and rejected, as one.
            drop(file);
            let _ = tokio::fs::remove_file(&path).await;
            return Err(refused);
        }
    };
    Ok(Json(json!({ "saved": query.path, "bytes": written })))
}

/// A grade's name, and the order grades are listed in.
fn grade_names() -> Vec<&'static str> {
    Grade::GRADED
        .iter()
        .chain(&[Grade::Doubtful, Grade::Ungraded])
        .map(|g| g.name())
        .collect()
}

async fn overview(State(state): State<super::State>) -> Answer<Json<Value>> {
    let loaded = loaded(&state)?;
    let batch = &loaded.batch;
    let mut kinds: Vec<(String, &'static str, &'static str, usize)> = Vec::new();
    let mut reported = std::collections::BTreeMap::<&str, usize>::new();
    let mut rescored = std::collections::BTreeMap::<&str, usize>::new();
    for s in batch.counted() {
        for f in &s.findings {
            let code = f.code.as_str();
            match kinds.iter_mut().find(|k| k.0 == code) {
                Some(k) => k.3 += 1,
                None => kinds.push((
                    code.to_owned(),
                    f.code.title_zh(),
                    f.code.severity().zh(),
                    1,
                )),
            }
        }
        *reported.entry(s.reported_grade.name()).or_default() += 1;
        *rescored.entry(s.rescored_grade.name()).or_default() += 1;
    }
    kinds.sort_by(|a, b| b.3.cmp(&a.3).then(a.0.cmp(&b.0)));
    let d = batch.decisions(&state.settings.rules).unwrap_or_default();
    let counted = batch.counted().count();
    let undecided = counted - d.passed - d.returned - d.pending;
    let decided: Vec<Value> = [
        ("通过", d.passed),
        ("退回修改", d.returned),
        ("待复核", d.pending),
        ("未复核", undecided),
    ]
    .iter()
    .map(|(conclusion, count)| json!({ "conclusion": conclusion, "count": count }))
    .collect();
    let doubtful: Vec<Value> = batch
        .summaries
        .iter()
        .enumerate()
        .filter(|(_, s)| s.doubtful())
        .map(|(i, s)| row_json(&loaded, i, s, &state.settings))
        .collect();
    let rejected: Vec<Value> = batch
        .rejected
        .iter()
        .map(|r| json!({ "file": r.file, "code": r.code, "reason": r.reason }))
        .collect();
    Ok(Json(json!({
        "files": batch.files,
        "forms": batch.summaries.len(),
        "counted": counted,
        "duplicates": batch.duplicates(),
        "with_errors": batch.counted().filter(|s| s.count(Severity::Error) > 0).count(),
        "rejected": rejected,
        "doubtful": doubtful,
        "findings": kinds.iter().map(|k| json!({ "code": k.0, "title": k.1, "severity": k.2, "count": k.3 })).collect::<Vec<_>>(),
        "grades": grade_names().iter().map(|g| json!({
            "grade": g,
            "reported": reported.get(g).copied().unwrap_or(0),
            "rescored": rescored.get(g).copied().unwrap_or(0),
        })).collect::<Vec<_>>(),
        "decisions": decided,
        "output": loaded.output,
        "finished": loaded.finished,
    })))
}

fn number(d: Option<rust_decimal::Decimal>) -> Value {
    d.map_or(Value::Null, |d| Value::String(decimal_string(d)))
}

/// A form as the list shows it.
fn row_json(
    loaded: &Loaded,
    i: usize,
    s: &FormSummary,
    settings: &crate::config::Settings,
) -> Value {
    let (no, pdf) = loaded.places.get(i).cloned().unwrap_or_default();
    let pdf = pdf
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    json!({
        "i": i,
        "no": no,
        "pdf": pdf,
        "department": s.department,
        "unit": s.unit,
        "project": s.project,
        "year": s.year,
        "file": s.source.file,
        "where": s.source.describe(),
        "reported": number(s.reported_total),
        "rescored": number(s.rescored()),
        "reported_grade": s.reported_grade.name(),
        "rescored_grade": s.rescored_grade.name(),
        "final": number(s.final_score()),
        "final_grade": s.final_grade(&settings.rules).name(),
        "errors": s.count(Severity::Error),
        "warnings": s.count(Severity::Warning),
        "conclusion": s.conclusion(),
        "doubtful": s.doubtful(),
        "duplicate_of": s.duplicate_of.as_ref().map(|d| d.kept),
        "counted": s.counted(),
    })
}

async fn forms(State(state): State<super::State>) -> Answer<Json<Value>> {
    let loaded = loaded(&state)?;
    let rows: Vec<Value> = loaded
        .batch
        .summaries
        .iter()
        .enumerate()
        .map(|(i, s)| row_json(&loaded, i, s, &state.settings))
        .collect();
    Ok(Json(
        json!({ "forms": rows, "generation": state.session.status().generation }),
    ))
}

fn summary_at(loaded: &Loaded, i: usize) -> Answer<&FormSummary> {
    loaded.batch.summaries.get(i).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("没有第 {i} 份表（结果已更新，请返回列表）"),
        )
    })
}

fn finding_json(k: usize, f: &Finding, s: &FormSummary, dismissed: bool) -> Value {
    json!({
        "k": k,
        "code": f.code.as_str(),
        "title": f.code.title_zh(),
        "severity": f.code.severity().zh(),
        "at": f.at.map(|p| [p.part, p.row, p.col]),
        "where": f.at.map(|p| p.describe_zh(s.source.kind)),
        "indicator": f.indicator,
        "message": f.message,
        "dismissed": dismissed,
    })
}

/// The findings of a form as the page numbers them: the counted ones, then those not accepted.
fn all_findings(s: &FormSummary) -> impl Iterator<Item = (&Finding, bool)> {
    s.findings
        .iter()
        .map(|f| (f, false))
        .chain(s.dismissed.iter().map(|f| (f, true)))
}

async fn form(
    State(state): State<super::State>,
    UrlPath(i): UrlPath<usize>,
) -> Answer<Json<Value>> {
    let loaded = loaded(&state)?;
    blocking(move || {
        let s = summary_at(&loaded, i)?;
        let (form, assessment) = loaded.batch.load(i).map_err(|e| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法取出这份表：{}", crate::read::io_reason_zh(&e)),
            )
        })?;
        // Each indicator's score in the re-scored total: re-scored, or the reported one kept.
        let rescored: Vec<Value> = assessment
            .indicators
            .iter()
            .zip(&form.indicators)
            .map(|(a, ind)| {
                json!({
                    "rescored": number(Some(a.score_used(ind))),
                    "kept": a.rescored.is_none(),
                    "reason": a.reason,
                })
            })
            .collect();
        let findings: Vec<Value> = all_findings(s)
            .enumerate()
            .map(|(k, (f, dismissed))| finding_json(k, f, s, dismissed))
            .collect();
        let row = row_json(&loaded, i, s, &state.settings);
        let form = serde_json::to_value(&*form)
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        Ok(Json(json!({
            "summary": row,
            "form": form,
            "kind": kind_name(s.source.kind),
            "indicators": rescored,
            "budget_score": number(assessment.budget.score),
            "budget_reason": assessment.budget.reason,
            "findings": findings,
            "resolved": s.resolved,
            "review": s.review,
            "duplicate": s.duplicate_of.as_ref().map(|d| json!({
                "kept": d.kept,
                "kept_no": loaded.places.get(d.kept).map(|p| p.0),
                "why": d.why,
            })),
        })))
    })
    .await
}

async fn source(
    State(state): State<super::State>,
    UrlPath(i): UrlPath<usize>,
) -> Answer<Json<Value>> {
    let loaded = loaded(&state)?;
    blocking(move || {
        let s = summary_at(&loaded, i)?;
        super::source::source_of(&loaded.root, s).map(Json)
    })
    .await
}

/// The submitted file itself, under the chosen folder: shown by the browser where it can
/// (a PDF, opened at the form's page by the page), else downloaded.
async fn source_file(
    State(state): State<super::State>,
    UrlPath(i): UrlPath<usize>,
) -> Answer<Response> {
    let loaded = loaded(&state)?;
    let s = summary_at(&loaded, i)?;
    let path = confined(&loaded.root, &s.source.file)?;
    send_file(path, true).await
}

#[derive(Debug, Deserialize)]
struct DecisionRequest {
    #[serde(default)]
    conclusion: String,
    #[serde(default)]
    score: String,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    copy: String,
}

async fn decide(
    State(state): State<super::State>,
    UrlPath(i): UrlPath<usize>,
    Json(request): Json<DecisionRequest>,
) -> Answer<Json<Value>> {
    use crate::review::{CONCLUSIONS, COPY_CHOICE, COPY_CHOICES};
    let conclusion = request.conclusion.trim();
    if !conclusion.is_empty() && !CONCLUSIONS.contains(&conclusion) {
        return Err(ApiError::bad(format!(
            "复核结论只能是 {}",
            CONCLUSIONS.join("、")
        )));
    }
    let score = request.score.trim();
    crate::review::typed_score(score, state.settings.rules.weights.total).map_err(ApiError::bad)?;
    let copy = request.copy.trim();
    if !copy.is_empty() && !COPY_CHOICES.contains(&copy) {
        return Err(ApiError::bad("计入合计只能是“是”或“否”"));
    }
    let cells = vec![
        ("复核结论", conclusion.to_owned()),
        ("复核得分", score.to_owned()),
        ("复核意见", request.opinion),
        ("复核人", request.reviewer),
        ("复核日期", request.date),
        (COPY_CHOICE, copy.to_owned()),
    ];
    let loaded = loaded(&state)?;
    summary_at(&loaded, i)?;
    let choice = loaded.choice.clone();
    rerun(state, choice, move |record| {
        crate::review::set_form(record, &loaded.batch, i, &cells)
    })
    .await
}

#[derive(Debug, Deserialize)]
struct HandlingRequest {
    #[serde(default)]
    handling: String,
    #[serde(default)]
    note: String,
}

async fn handle_finding(
    State(state): State<super::State>,
    UrlPath((i, k)): UrlPath<(usize, usize)>,
    Json(request): Json<HandlingRequest>,
) -> Answer<Json<Value>> {
    let handling = request.handling.trim().to_owned();
    if !handling.is_empty() && !crate::review::HANDLING.contains(&handling.as_str()) {
        return Err(ApiError::bad("处理只能是“采纳”或“不采纳”"));
    }
    let loaded = loaded(&state)?;
    let s = summary_at(&loaded, i)?;
    if all_findings(s).nth(k).is_none() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "没有这条问题（结果已更新，请刷新）",
        ));
    }
    let cells = vec![("处理", handling), ("说明", request.note)];
    let choice = loaded.choice.clone();
    rerun(state, choice, move |record| {
        let s = &loaded.batch.summaries[i];
        all_findings(s)
            .nth(k)
            .is_some_and(|(f, _)| crate::review::set_finding(record, s, f, &cells) > 0)
    })
    .await
}

/// Runs again on `choice` — the folders of the run whose forms `edit` names by index — the
/// decisions workbook first changed by `edit` (true where it found its row): the decision
/// is in the workbook and every output.
async fn rerun(
    state: super::State,
    choice: Choice,
    edit: impl Fn(&mut crate::review::Record) -> bool + Send + 'static,
) -> Answer<Json<Value>> {
    blocking(move || {
        let found = std::sync::atomic::AtomicBool::new(false);
        let decide = |record: &mut crate::review::Record| {
            if edit(record) {
                found.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        };
        let loaded = state
            .session
            .run(&state.settings, choice, "decision", &decide)
            .map_err(|e| ApiError::new(StatusCode::CONFLICT, e))?;
        if !found.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "复核记录.xlsx 中找不到这一行（可能已在 Excel 中删除），未保存；结果已重新生成，请刷新后再试",
            ));
        }
        Ok(Json(json!({
            "saved": true,
            "record": loaded.output.join(crate::review::FILE),
            "message": format!("已保存到复核记录.xlsx，结果已更新（{}）", loaded.finished),
        })))
    })
    .await
}

async fn files(State(state): State<super::State>) -> Answer<Json<Value>> {
    let loaded = loaded(&state)?;
    blocking(move || {
        let root = &loaded.output;
        let mut listed = Vec::new();
        for entry in walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = crate::pipeline::relative_path(root, entry.path());
            let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            listed.push(json!({ "path": relative, "bytes": bytes }));
        }
        Ok(Json(json!({ "output": root, "files": listed })))
    })
    .await
}

async fn download(
    State(state): State<super::State>,
    UrlPath(path): UrlPath<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Answer<Response> {
    let loaded = loaded(&state)?;
    let path = confined(&loaded.output, &path)?;
    send_file(path, query.get("inline").is_some_and(|v| v == "1")).await
}

/// The file at `path`, streamed, named for saving; shown in the browser where `inline`.
async fn send_file(path: PathBuf, inline: bool) -> Answer<Response> {
    let file = tokio::fs::File::open(&path).await.map_err(|e| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("无法打开文件：{}", crate::read::io_reason_zh(&e)),
        )
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = Path::new(&name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "json" => "application/json",
        "txt" | "tsv" | "csv" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let inline = inline && ext == "pdf";
    let disposition = format!(
        "{}; filename*=UTF-8''{}",
        if inline { "inline" } else { "attachment" },
        percent_encoded(&name)
    );
    let stream = futures_util::stream::unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut buffer = vec![0u8; 64 * 1024];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok::<_, std::io::Error>(buffer), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// RFC 5987: every byte but letters, digits and `-._~` as `%XX`.
fn percent_encoded(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_path_stays_inside_its_drop() {
        assert_eq!(
            drop_path("单位A/自评表.xlsx").expect("plain"),
            PathBuf::from("单位A").join("自评表.xlsx")
        );
        assert_eq!(
            drop_path("a\\b:c?.txt").expect("windows names"),
            PathBuf::from("a").join("b_c_.txt")
        );
        for bad in ["", "../x.txt", "a/../../x", "/", "a/./b"] {
            assert!(drop_path(bad).is_err(), "{bad}");
        }
        // A leading slash is no root: the path stays inside the drop.
        assert_eq!(
            drop_path("/etc/passwd").expect("relative"),
            PathBuf::from("etc").join("passwd")
        );
    }

    #[test]
    fn names_are_percent_encoded_for_saving() {
        assert_eq!(percent_encoded("a b.pdf"), "a%20b.pdf");
        assert_eq!(percent_encoded("表"), "%E8%A1%A8");
    }

    #[test]
    fn a_pasted_path_loses_its_quotes() {
        assert_eq!(pasted(" \"C:\\表\" "), PathBuf::from("C:\\表"));
        assert_eq!(pasted("“/home/表”"), PathBuf::from("/home/表"));
    }
}
