//! The output folder never costs the user a file: files the tool did not write are never
//! deleted or hidden, `--out` naming a file is refused, `--outputs` replaces only what it
//! names, earlier output folders are never read as input, one run at a time, and a run
//! killed at any moment leaves the old output or the new one, never neither.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use common::{SAMPLE_FORMS, outputs_snapshot, read_json, repo, snapshot};

const SEED: &str = include_str!("../samples/songnan-2023-self-evaluation.txt");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zipingbiao"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn seed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("songnan.txt"), SEED).unwrap();
    dir
}

/// The names beside `dir` in its parent, sorted.
fn beside(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_the_user_put_in_the_output_folder_is_never_deleted() {
    let seed = seed_folder();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("结果");
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    let first = snapshot(&out);
    std::fs::write(out.join("批注.txt"), "请核对第3项").unwrap();
    let refused = run(&["run", s(seed.path()), "--out", s(&out), "-q"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    assert!(
        message.contains("批注.txt") && message.contains("不是本工具写出"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("批注.txt")).unwrap(),
        "请核对第3项"
    );
    let mut now = snapshot(&out);
    now.retain(|(p, _)| p != Path::new("批注.txt"));
    assert_eq!(now, first, "nothing was changed");
    assert_eq!(beside(work.path()), ["结果"], "nothing hidden beside it");
    // `check` writes nothing and is not held up by it.
    assert_eq!(run(&["check", s(seed.path()), "-q"]).status.code(), Some(0));
}

#[test]
fn an_output_edited_since_the_run_is_set_aside_and_the_run_goes_on() {
    let seed = seed_folder();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("o");
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    let written = std::fs::read(out.join("summary.xlsx")).unwrap();
    // Annotated and saved again in Excel: another size and time.
    let mut edited = written.clone();
    edited.extend_from_slice(b"edited");
    std::fs::write(out.join("summary.xlsx"), &edited).unwrap();
    let again = run(&["run", s(seed.path()), "--out", s(&out)]);
    assert!(again.status.success(), "{}", stderr(&again));
    let said = String::from_utf8_lossy(&again.stdout).into_owned();
    // The edited copy is in a dated folder beside the output, byte for byte, and named.
    let aside: Vec<String> = beside(work.path())
        .into_iter()
        .filter(|n| n.starts_with("o-手改备份-"))
        .collect();
    assert_eq!(aside.len(), 1, "{:?}", beside(work.path()));
    assert_eq!(
        std::fs::read(work.path().join(&aside[0]).join("summary.xlsx")).unwrap(),
        edited
    );
    assert!(
        said.contains(&aside[0]) && said.contains("summary.xlsx"),
        "{said}"
    );
    // The output is this run's again.
    assert_eq!(std::fs::read(out.join("summary.xlsx")).unwrap(), written);
    // An Excel lock file is the user's, named for what it is: the run stops.
    std::fs::write(out.join("~$summary.xlsx"), b"lock").unwrap();
    let refused = run(&["run", s(seed.path()), "--out", s(&out), "-q"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("请先关闭正在打开的结果文件"),
        "{}",
        stderr(&refused)
    );
}

#[test]
fn out_naming_a_file_is_refused_and_the_file_left_as_it_was() {
    let seed = seed_folder();
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("afile");
    std::fs::write(&file, "mine").unwrap();
    let refused = run(&["run", s(seed.path()), "--out", s(&file), "-q"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("是一个文件，不是文件夹"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(beside(work.path()), ["afile"]);
}

#[test]
fn outputs_replaces_what_it_names_and_keeps_the_rest_of_the_earlier_run() {
    let seed = seed_folder();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("o");
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    let before = outputs_snapshot(&out);
    let samples = repo().join("samples");
    let json = run(&[
        "run",
        s(&samples),
        "--out",
        s(&out),
        "--outputs",
        "json",
        "--json",
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    let summary: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        summary["outputs_kept"],
        serde_json::json!(["xlsx", "pdf", "report"])
    );
    // The JSON is the samples'; the workbook and PDFs are the earlier run's, byte for byte.
    assert_eq!(
        read_json(&out.join("forms.json")).as_array().unwrap().len(),
        SAMPLE_FORMS
    );
    let after = outputs_snapshot(&out);
    for (path, bytes) in &before {
        if !path.ends_with("forms.json")
            && !path.ends_with("findings.json")
            && !path.ends_with("rejected.json")
        {
            let kept = after.iter().find(|(p, _)| p == path);
            assert_eq!(kept.map(|(_, b)| b), Some(bytes), "{}", path.display());
        }
    }
    // The kept files are the tool's own: a full run replaces them without a word.
    let full = run(&["run", s(seed.path()), "--out", s(&out), "-q"]);
    assert!(full.status.success(), "{}", stderr(&full));
    assert_eq!(outputs_snapshot(&out), before);
}

#[test]
fn an_earlier_output_folder_inside_the_input_is_never_read_as_submissions() {
    let seed = seed_folder();
    let inside = seed.path().join("上次结果");
    assert!(
        run(&["run", s(seed.path()), "--out", s(&inside), "-q"])
            .status
            .success()
    );
    let check = run(&["check", s(seed.path()), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(
        (v["files"].as_u64(), v["forms"].as_u64()),
        (Some(1), Some(5))
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let other = run(&[
        "run",
        s(seed.path()),
        "--out",
        s(&elsewhere.path().join("o")),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&other.stdout).unwrap();
    assert_eq!(
        (
            v["files"].as_u64(),
            v["forms"].as_u64(),
            v["rejected"].as_u64()
        ),
        (Some(1), Some(5), Some(0))
    );
}

#[test]
fn leftovers_of_an_interrupted_run_are_cleared_and_a_half_published_output_restored() {
    let seed = seed_folder();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("o");
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    let first = snapshot(&out);
    // As a run killed between its two renames leaves it: the old output under its
    // temporary name, no output folder, and a staging folder.
    let previous = work.path().join(".o.previous-99999");
    std::fs::rename(&out, &previous).unwrap();
    let partial = work.path().join(".o.partial-99998");
    std::fs::create_dir_all(partial.join("pdf")).unwrap();
    std::fs::write(partial.join(zipingbiao::pipeline::OUTPUT_MARKER), b"").unwrap();
    std::fs::write(partial.join("pdf/半个.pdf"), vec![0u8; 1 << 16]).unwrap();
    // A folder of the user's that merely looks like ours is left alone, and so is the
    // staging folder of another output folder whose name starts like this one's.
    let theirs = work.path().join(".o.partial-12345");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("mine.txt"), "mine").unwrap();
    let other = work.path().join(".o.partial-1.partial-77");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join(zipingbiao::pipeline::OUTPUT_MARKER), b"").unwrap();
    // The next run puts the old output back first: a failing one leaves exactly that.
    let failed = bin()
        .args(["run", s(seed.path()), "--out", s(&out), "-q"])
        .env("ZIPINGBIAO_FAIL_PUBLISH", "1")
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(snapshot(&out), first, "the old output is back");
    assert_eq!(
        beside(work.path()),
        [".o.partial-1.partial-77", ".o.partial-12345", "o"]
    );
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    assert_eq!(snapshot(&out), first);
    assert_eq!(
        std::fs::read_to_string(theirs.join("mine.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_second_run_on_the_same_folder_is_refused_while_the_first_holds_it() {
    let seed = seed_folder();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("o");
    // What a running run holds: the lock beside the folder.
    let lock = std::fs::File::create(work.path().join(".o.lock")).unwrap();
    lock.try_lock().unwrap();
    let busy = run(&["run", s(seed.path()), "--out", s(&out), "-q"]);
    assert_eq!(busy.status.code(), Some(2));
    assert!(
        stderr(&busy).contains("另一个正在运行的本程序"),
        "{}",
        stderr(&busy)
    );
    assert!(!out.exists());
    drop(lock);
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    assert_eq!(
        beside(work.path()),
        ["o"],
        "the lock file goes with the run"
    );
}

/// Killed at many moments of a run: each time the folder is the complete old output or the
/// complete new one, and the next run clears whatever was left.
#[test]
fn a_run_killed_at_any_moment_leaves_a_complete_output() {
    let samples = repo().join("samples");
    let seed = seed_folder();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("o");
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    let old = outputs_snapshot(&out);
    // How long a whole run takes here, to spread the kills over it.
    let start = std::time::Instant::now();
    assert!(
        run(&["run", s(&samples), "--out", s(&out), "-q"])
            .status
            .success()
    );
    let new = outputs_snapshot(&out);
    let whole = start.elapsed();
    assert!(
        run(&["run", s(seed.path()), "--out", s(&out), "-q"])
            .status
            .success()
    );
    for k in 1..=12u32 {
        let mut child = bin()
            .args(["run", s(&samples), "--out", s(&out), "-q"])
            .spawn()
            .unwrap();
        std::thread::sleep(whole * k / 12 + Duration::from_millis(3 * u64::from(k)));
        let _ = child.kill();
        let _ = child.wait();
        let now = outputs_snapshot(&out);
        assert!(
            now == old || now == new,
            "kill {k}: the output is neither the old nor the new"
        );
        // Back to the old output for the next kill, clearing leftovers on the way.
        assert!(
            run(&["run", s(seed.path()), "--out", s(&out), "-q"])
                .status
                .success()
        );
        assert_eq!(beside(work.path()), ["o"], "kill {k}: leftovers cleared");
        assert_eq!(outputs_snapshot(&out), old);
    }
}

#[test]
fn jobs_beyond_the_bound_are_refused_in_chinese() {
    let seed = seed_folder();
    let o = run(&["check", s(seed.path()), "--jobs", "100000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--jobs 应在 1 到 64 之间"),
        "{}",
        stderr(&o)
    );
}
