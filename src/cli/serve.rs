//! `serve`: the 工作台 — the clerk's window in the browser (see the library's `serve`).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use super::Failure;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// 工作文件夹：复核结果（结果/）和拖入的文件（上传/）保存在这里（默认：当前文件夹下的“工作台”）
    #[arg(
        long,
        value_name = "文件夹",
        default_value = "工作台",
        hide_default_value = true
    )]
    pub dir: PathBuf,
    /// 端口（默认：任选一个空闲端口）
    #[arg(
        long,
        value_name = "端口",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub port: u16,
    /// 监听的地址（默认 127.0.0.1，只有本机可以访问；改为本机的局域网地址如 192.168.1.5，网络上的其他电脑可用这个地址访问，须自行确保安全）
    #[arg(
        long,
        value_name = "地址",
        default_value = "127.0.0.1",
        hide_default_value = true
    )]
    pub listen: IpAddr,
    /// 不自动打开浏览器（只显示地址）
    #[arg(long)]
    pub no_browser: bool,
    /// 改过的配置所在文件夹：form.toml、scoring.toml、report.toml
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 并行线程数（默认每个处理器核心一个）
    #[arg(long, value_name = "N", value_parser = super::common::whole_number)]
    pub jobs: Option<usize>,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            dir: PathBuf::from("工作台"),
            port: 0,
            listen: IpAddr::from([127, 0, 0, 1]),
            no_browser: false,
            templates: None,
            jobs: None,
        }
    }
}

/// How long the server waits after the last page closed before it ends: long enough for
/// a reload, short enough that closing the tab is closing the program.
const LAST_PAGE_GRACE: Duration = Duration::from_secs(15);

pub fn serve(args: ServeArgs) -> Result<ExitCode, Failure> {
    use zipingbiao::serve;
    super::common::set_jobs(args.jobs)?;
    let settings = zipingbiao::Settings::load(args.templates.as_deref())?;
    let mut options = serve::Options::new(args.dir.clone(), settings);
    options.listen = args.listen;
    options.port = args.port;
    options.ctrl_c = true;
    options.idle_exit = Some(LAST_PAGE_GRACE);
    let server = serve::start(options).map_err(|e| Failure::Usage(e.to_string()))?;
    let dir = std::fs::canonicalize(&args.dir).unwrap_or(args.dir);
    println!("绩效自评表复核工作台已启动。");
    println!("地址：{}", server.url);
    println!(
        "工作文件夹：{}",
        zipingbiao::normalize::printable(&dir.display().to_string())
    );
    if !args.listen.is_loopback() {
        println!(
            "注意：正在监听 {}，网络上的其他电脑也能访问（仍需上面地址中的令牌）。",
            args.listen
        );
    }
    let opened = !args.no_browser && serve::browser::open(&server.url);
    if opened {
        println!("已在浏览器中打开。如没有打开，请把上面的地址复制到浏览器的地址栏。");
    } else {
        println!("请把上面的地址复制到浏览器的地址栏中打开。");
    }
    println!("关闭浏览器中的工作台页面，或在此窗口按 Ctrl+C，即可结束。");
    server.wait().map_err(|e| Failure::Usage(e.to_string()))?;
    println!("工作台已结束。");
    Ok(ExitCode::SUCCESS)
}

/// True where the program was started by a double-click: on Windows, a console made for
/// this process alone (from cmd or PowerShell the console is shared with the shell).
#[cfg(windows)]
pub fn double_clicked() -> bool {
    unsafe extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 4];
    // SAFETY: the buffer holds `ids.len()` process ids, as the count passed says.
    let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    attached == 1
}

/// Elsewhere a program started without a terminal is started by a person's tool, not a
/// double-click into a console: never.
#[cfg(not(windows))]
pub fn double_clicked() -> bool {
    false
}

/// After a double-click the console closes with the program: a message printed just before
/// would vanish unread, so the window waits for Enter.
pub fn hold_console() {
    println!("按回车键关闭此窗口。");
    let _ = std::io::stdin().read_line(&mut String::new());
}
