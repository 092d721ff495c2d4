//! Running a case: the program in a child process, watched for time and memory, and its
//! outputs checked against what the case planted.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Expect, Planted};

/// What a watched child did.
#[derive(Debug, Clone)]
pub struct Watched {
    /// The exit code, where it exited.
    pub code: Option<i32>,
    /// Why it was stopped, where it was.
    pub killed: Option<&'static str>,
    pub seconds: f64,
    /// Peak resident memory (Linux: the kernel's own count).
    pub peak_mb: Option<f64>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Runs `cmd`, killing it past `time_cap` or `memory_cap_mb` of resident memory.
pub fn run_watched(
    mut cmd: Command,
    time_cap: Duration,
    memory_cap_mb: f64,
) -> std::io::Result<Watched> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let mut killed = None;
    let (code, peak_mb) = loop {
        if let Some(done) = reap(&mut child)? {
            break done;
        }
        if killed.is_none() {
            if start.elapsed() > time_cap {
                killed = Some("time");
            } else if resident_mb(child.id()).is_some_and(|mb| mb > memory_cap_mb) {
                killed = Some("memory");
            }
            if killed.is_some() {
                let _ = child.kill();
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let seconds = start.elapsed().as_secs_f64();
    Ok(Watched {
        code,
        killed,
        seconds,
        peak_mb,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    })
}

/// The child's exit code and peak memory once it has ended, `None` while it runs.
#[cfg(target_os = "linux")]
fn reap(child: &mut std::process::Child) -> std::io::Result<Option<(Option<i32>, Option<f64>)>> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, and wait4 writes it only for this child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child; the pointers are to live locals.
    let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
    if r == 0 {
        return Ok(None);
    }
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok(Some((code, Some(usage.ru_maxrss as f64 / 1024.0))))
}

#[cfg(not(target_os = "linux"))]
fn reap(child: &mut std::process::Child) -> std::io::Result<Option<(Option<i32>, Option<f64>)>> {
    Ok(child.try_wait()?.map(|s| (s.code(), None)))
}

fn resident_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The product's command on a case folder: `run IN --out OUT --json --jobs 2`.
pub fn product_command(exe: &Path, input: &Path, output: &Path) -> Command {
    let mut cmd = Command::new(exe);
    cmd.arg("run")
        .arg(input)
        .arg("--out")
        .arg(output)
        .arg("--json")
        .arg("--jobs")
        .arg("2");
    cmd
}

/// What is wrong with a run of the product on `planted`: killed, failed, or outputs that do
/// not account for every file as planted.
pub fn verdict(watched: &Watched, output: &Path, planted: &[Planted]) -> Vec<String> {
    match (watched.killed, watched.code) {
        (Some(why), _) => vec![format!("killed ({why})")],
        (None, Some(0)) => check_outputs(output, planted),
        (None, code) => vec![format!("exit {code:?}: {}", last_line(&watched.stderr))],
    }
}

fn last_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .rev()
        .find(|l| l.contains("panicked") || l.contains("错误"))
        .or_else(|| text.lines().rev().find(|l| !l.trim().is_empty()))
        .unwrap_or("")
        .chars()
        .take(160)
        .collect()
}

/// Every planted file as it must be in forms.json and rejected.json; summary.xlsx valid
/// XML; one PDF per form.
pub fn check_outputs(out: &Path, planted: &[Planted]) -> Vec<String> {
    let mut problems = Vec::new();
    let read = |name: &str| -> Value {
        std::fs::read(out.join(name))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(Value::Null)
    };
    let (forms, rejected) = (read("forms.json"), read("rejected.json"));
    let mut form_count: BTreeMap<String, usize> = BTreeMap::new();
    for f in forms.as_array().into_iter().flatten() {
        let file = f["source"]["file"].as_str().unwrap_or_default().to_owned();
        *form_count.entry(file).or_default() += 1;
    }
    let mut codes: BTreeMap<String, String> = BTreeMap::new();
    for r in rejected.as_array().into_iter().flatten() {
        let file = r["file"].as_str().unwrap_or_default().to_owned();
        codes.insert(file, r["code"].as_str().unwrap_or_default().to_owned());
    }
    for p in planted {
        let n = form_count.remove(&p.file).unwrap_or(0);
        let code = codes.remove(&p.file);
        let ok = match (&p.expect, n, code.as_deref()) {
            (Expect::Forms(want), got, None) => got == *want,
            (Expect::Rejected(want), 0, Some(got)) => got == *want,
            (Expect::Accounted, got, None) => got > 0,
            (Expect::Accounted, 0, Some(_)) => true,
            _ => false,
        };
        if !ok {
            problems.push(format!(
                "{:?}: expected {:?}, got {n} forms, rejection {code:?}",
                p.file, p.expect
            ));
        }
    }
    for (file, n) in form_count {
        problems.push(format!(
            "{file:?}: {n} forms from a file the case did not plant"
        ));
    }
    for (file, code) in codes {
        problems.push(format!(
            "{file:?}: rejected ({code}) but the case did not plant it"
        ));
    }
    if let Some(bad) = invalid_xml_part(&out.join("summary.xlsx")) {
        problems.push(format!("summary.xlsx: {bad}"));
    }
    let forms_n = forms.as_array().map_or(0, Vec::len);
    let pdfs = walkdir::WalkDir::new(out.join("pdf"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    if pdfs != forms_n {
        problems.push(format!("{pdfs} PDFs for {forms_n} forms"));
    }
    problems
}

/// The first part of an .xlsx holding a character XML 1.0 forbids, if any.
pub fn invalid_xml_part(xlsx: &Path) -> Option<String> {
    let Ok(bytes) = std::fs::read(xlsx) else {
        return Some("missing".to_owned());
    };
    let Ok(members) = super::forge::unzip(&bytes) else {
        return Some("not a zip package".to_owned());
    };
    members.iter().find_map(|m| {
        let text = String::from_utf8_lossy(&m.data);
        text.chars()
            .find(|&c| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                    || matches!(c, '\u{fffe}' | '\u{ffff}')
            })
            .map(|c| format!("{} holds U+{:04X}", m.name, c as u32))
    })
}
