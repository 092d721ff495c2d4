//! 工作台: the clerk's window — a page in the browser over a server on this computer.
//!
//! `zipingbiao serve` (or the .exe double-clicked) starts it and opens the browser. The
//! server listens on the loopback address only (unless told otherwise), on a free port; the
//! page's address carries a random token that every request must carry, the Host header
//! must name the server itself (no DNS rebinding) and a request from another site's page is
//! refused ([`guard`]). The work is the library's: a run is [`crate::pipeline::run_deciding`]
//! on the pipeline's own threads, one at a time per working folder ([`session`]); decisions
//! typed on the page are written into the decisions workbook by that run, so Excel and the
//! page agree. Source files are read only under the folder the clerk chose ([`source`]).
//!
//! The API (JSON, every request with the token as `?token=` or `X-Token`) is listed in the
//! README, *工作台*; the handlers are in [`api`].

mod api;
mod assets;
pub mod browser;
mod guard;
mod session;
mod source;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::config::Settings;

pub use session::Limits;

/// How the 工作台 is started.
#[derive(Debug, Clone)]
pub struct Options {
    /// The working folder: results (`结果/`), dropped files (`上传/`) and the last choice.
    pub workdir: PathBuf,
    /// The address to listen on: loopback unless the user says otherwise.
    pub listen: IpAddr,
    /// The port; 0 for a free one.
    pub port: u16,
    /// Templates, rules and font, as for `run`.
    pub settings: Settings,
    /// End the server this long after the last page closed (the clerk closed the tab);
    /// `None`: only when stopped.
    pub idle_exit: Option<Duration>,
    /// End on Ctrl+C (the terminal's window; not in tests, which share the process).
    pub ctrl_c: bool,
    /// Bounds on dropped files.
    pub limits: Limits,
}

impl Options {
    /// Loopback, a free port, no idle exit: what tests and embedders start from.
    pub fn new(workdir: PathBuf, settings: Settings) -> Self {
        Options {
            workdir,
            listen: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            settings,
            idle_exit: None,
            ctrl_c: false,
            limits: Limits::default(),
        }
    }
}

/// Why the 工作台 could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The working folder cannot be made.
    #[error("无法建立工作文件夹 {path}：{detail}")]
    Workdir {
        /// The folder.
        path: String,
        /// Why, in Chinese.
        detail: String,
    },
    /// The address cannot be listened on.
    #[error("无法在 {addr} 上启动工作台：{detail}")]
    Bind {
        /// The address.
        addr: String,
        /// Why, in Chinese.
        detail: String,
    },
    /// The system's random source failed (no token can be made).
    #[error("无法生成访问令牌：{0}")]
    Token(String),
    /// The server's runtime could not start.
    #[error("工作台无法启动：{0}")]
    Runtime(String),
}

/// What the handlers share: passed to each explicitly (axum's `State`).
pub(crate) struct Shared {
    token: String,
    /// The addresses the Host header may name (`127.0.0.1:port`, `localhost:port`).
    hosts: Vec<String>,
    settings: Settings,
    session: session::Session,
    /// Pages open now (each holds the event stream), whether one ever was, and since when
    /// none is.
    pages: AtomicUsize,
    ever_open: AtomicBool,
    none_since: std::sync::Mutex<Instant>,
    stop: tokio::sync::Notify,
    /// Set when the server ends: the pages' event streams close, so it need not wait on them.
    closing: tokio::sync::watch::Sender<bool>,
}

type State = Arc<Shared>;

/// A started 工作台.
pub struct Server {
    /// The address it listens on.
    pub addr: SocketAddr,
    /// The page's address, token included: what the browser is opened on.
    pub url: String,
    /// The token every request must carry.
    pub token: String,
    state: State,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Server {
    /// Blocks until the server ends (Ctrl+C, the last page closed, or [`Server::stop`]).
    pub fn wait(mut self) -> Result<(), ServeError> {
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(Err(e))) => Err(ServeError::Runtime(e)),
            Some(Err(_)) => Err(ServeError::Runtime("服务线程意外退出".to_owned())),
            _ => Ok(()),
        }
    }

    /// Ends the server (a run under way finishes first) and waits for it.
    pub fn stop(self) -> Result<(), ServeError> {
        self.state.stop.notify_one();
        self.wait()
    }
}

/// Starts the 工作台: binds its address, then serves on a thread of its own.
pub fn start(options: Options) -> Result<Server, ServeError> {
    std::fs::create_dir_all(&options.workdir).map_err(|e| ServeError::Workdir {
        path: options.workdir.display().to_string(),
        detail: crate::read::io_reason_zh(&e),
    })?;
    // Paths shown on the page are whole, whatever the folder was named on the command line.
    let workdir = std::path::absolute(&options.workdir).unwrap_or(options.workdir);
    let addr = SocketAddr::new(options.listen, options.port);
    let bind_error = |e: std::io::Error| ServeError::Bind {
        addr: addr.to_string(),
        detail: crate::read::io_reason_zh(&e),
    };
    let listener = std::net::TcpListener::bind(addr).map_err(bind_error)?;
    listener.set_nonblocking(true).map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let token = new_token()?;
    let port = addr.port();
    let mut hosts = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    hosts.push(match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{port}"),
        IpAddr::V4(ip) => format!("{ip}:{port}"),
    });
    let shown = if addr.ip().is_unspecified() || addr.ip().is_loopback() {
        format!("127.0.0.1:{port}")
    } else {
        hosts.last().cloned().unwrap_or_default()
    };
    let url = format!("http://{shown}/?token={token}");
    let state: State = Arc::new(Shared {
        token: token.clone(),
        hosts,
        session: session::Session::new(workdir, options.limits),
        settings: options.settings,
        pages: AtomicUsize::new(0),
        ever_open: AtomicBool::new(false),
        none_since: std::sync::Mutex::new(Instant::now()),
        stop: tokio::sync::Notify::new(),
        closing: tokio::sync::watch::Sender::new(false),
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ServeError::Runtime(e.to_string()))?;
    let served = Arc::clone(&state);
    let (idle_exit, ctrl_c) = (options.idle_exit, options.ctrl_c);
    let thread = std::thread::Builder::new()
        .name("工作台".to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
                let app = api::router(Arc::clone(&served));
                let ended = ended(Arc::clone(&served), idle_exit, ctrl_c);
                axum::serve(listener, app)
                    .with_graceful_shutdown(ended)
                    .await
                    .map_err(|e| e.to_string())
            })
        })
        .map_err(|e| ServeError::Runtime(e.to_string()))?;
    Ok(Server {
        addr,
        url,
        token,
        state,
        thread: Some(thread),
    })
}

/// Resolves when the server should end: stopped, Ctrl+C, or no page open for `idle_exit`
/// after one was (a run under way is never cut short: the check waits for it).
async fn ended(state: State, idle_exit: Option<Duration>, ctrl_c: bool) {
    use futures_util::future::select;
    let watcher = Arc::clone(&state);
    let stopped = Box::pin(watcher.stop.notified());
    let interrupted = Box::pin(async move {
        if ctrl_c && tokio::signal::ctrl_c().await.is_ok() {
            return;
        }
        std::future::pending::<()>().await
    });
    let idle = Box::pin(async move {
        let Some(grace) = idle_exit else {
            return std::future::pending::<()>().await;
        };
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let since = state
                .none_since
                .lock()
                .map(|t| t.elapsed())
                .unwrap_or_default();
            if state.ever_open.load(Ordering::SeqCst)
                && state.pages.load(Ordering::SeqCst) == 0
                && since >= grace
                && !state.session.busy()
            {
                return;
            }
        }
    });
    select(stopped, select(interrupted, idle)).await;
    watcher.closing.send_replace(true);
}

/// 128 random bits as 32 hexadecimal digits.
fn new_token() -> Result<String, ServeError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| ServeError::Token(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Shared {
    /// A page opened its event stream.
    fn page_opened(&self) {
        self.ever_open.store(true, Ordering::SeqCst);
        self.pages.fetch_add(1, Ordering::SeqCst);
    }

    /// A page's event stream ended (the tab closed or went elsewhere).
    fn page_closed(&self) {
        if self.pages.fetch_sub(1, Ordering::SeqCst) == 1
            && let Ok(mut since) = self.none_since.lock()
        {
            *since = Instant::now();
        }
    }
}
