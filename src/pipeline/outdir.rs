//! The output folder, taken and given back so that nothing of the user's is ever lost.
//!
//! - **Only our own files are replaced.** Every output folder carries a manifest
//!   ([`super::OUTPUT_MARKER`]): each file the run wrote, with its size and time. A folder
//!   that holds any other file is refused with the files named: the user moves them or picks
//!   another `--out`. `--out` naming a file is refused too.
//! - **An output edited by hand is set aside, not lost and not in the way.** One of ours
//!   changed since it was written (summary.xlsx annotated and saved in Excel) is copied into
//!   a dated folder beside the output, `<name>-手改备份-<YYYYMMDD-HHMMSS>`, before the run
//!   replaces it; the run says where.
//! - **One run at a time.** A lock file beside the folder (`.<name>.lock`) is held for the
//!   whole run; a second run on the same folder is refused at once.
//! - **The folder is always the old one or the new one.** Outputs are written into a staging
//!   folder beside it (`.<name>.partial-<pid>`), synced, then swapped in with one atomic
//!   exchange where the system has it (Linux `renameat2`, macOS `renamex_np`); elsewhere
//!   (Windows) two renames, with the old folder kept as `.<name>.previous-<pid>` in between,
//!   put back if the second fails, and by the next run if this one is killed between them.
//! - **Windows' rules are kept.** A file shown in Excel or WPS cannot be renamed or deleted,
//!   nor the folder it is in: such a file is looked for when the folder is taken and again
//!   just before the swap, and the run stops with the file named and nothing changed. A
//!   rename refused for a moment (a virus scanner reading a file just written) is tried again
//!   for a few seconds. Files are synced through handles opened for writing (Windows'
//!   `FlushFileBuffers` refuses a read-only one); no folder is opened as a file. The lock file
//!   stays, hidden, since Windows cannot remove a file another run may be opening.
//! - **What an interrupted run leaves, the next run clears.** Holding the lock, it puts a
//!   `.previous` folder back where the output folder is missing (a run killed between the
//!   two renames) and removes staging and previous folders that carry our marker.
//! - **`--outputs` replaces only what it names.** The outputs of the earlier run that this
//!   run does not write (its PDFs, say, under `--outputs json`) are carried into the new
//!   folder (hard links, or copies where links cannot be made) and listed as kept.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::{OUTPUT_MARKER, Outputs, RunError};

/// The output folder of a run, locked for it.
pub struct OutputDir {
    target: PathBuf,
    parent: PathBuf,
    name: String,
    /// The earlier run's files, from its manifest, where there was one.
    earlier: Option<Manifest>,
    /// Outputs changed by hand since they were written, copied aside: the folder and the
    /// files (relative, with `/`).
    set_aside: Option<(PathBuf, Vec<String>)>,
    lock: Option<(File, PathBuf)>,
}

/// What a run wrote: each file's path (relative, with `/`), size and modification time.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub files: BTreeMap<String, Stamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since the epoch, as the file system keeps it.
    pub modified: u128,
}

/// Which output a file of the folder belongs to.
fn kind_of(path: &str) -> Option<&'static str> {
    match path {
        "forms.json" | "findings.json" | "rejected.json" | "comparison.json" => Some("json"),
        "summary.xlsx" => Some("xlsx"),
        "report.docx" | "report.pdf" => Some("report"),
        p if p.starts_with("notices/") => Some("report"),
        "booklet.pdf" => Some("pdf"),
        p if (p.starts_with("pdf/") || p.starts_with("booklet/")) && p.ends_with(".pdf") => {
            Some("pdf")
        }
        _ => None,
    }
}

impl OutputDir {
    /// Takes `target` for a run: locks it, clears what an interrupted run left, and refuses
    /// it where replacing it would lose a file that is not this tool's.
    pub fn claim(target: &Path) -> Result<OutputDir, RunError> {
        let shown = target.display().to_string();
        let io = |e: std::io::Error| RunError::output(target, e);
        // A link to a folder: the folder it points to is the one replaced.
        let target = match std::fs::symlink_metadata(target) {
            Ok(m) if m.file_type().is_symlink() => target.canonicalize().map_err(io)?,
            _ => target.to_path_buf(),
        };
        if target.exists() && !target.is_dir() {
            return Err(RunError::OutIsFile(shown));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| RunError::OutIsFile(shown.clone()))?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        std::fs::create_dir_all(&parent).map_err(io)?;
        let mut dir = OutputDir {
            target,
            parent,
            name,
            earlier: None,
            set_aside: None,
            lock: None,
        };
        dir.lock = Some(dir.take_lock(&shown)?);
        dir.recover().map_err(io)?;
        let (earlier, changed) = dir.judge(&shown)?;
        dir.earlier = earlier;
        // Hours of work would be lost at the swap: say it now.
        dir.refuse_if_open(&shown)?;
        if !changed.is_empty() {
            let folder = dir.copy_aside(&changed).map_err(io)?;
            dir.set_aside = Some((folder, changed));
        }
        Ok(dir)
    }

    /// Outputs that were changed by hand since the earlier run wrote them, and the dated
    /// folder beside the output they were copied into.
    pub fn set_aside(&self) -> Option<&(PathBuf, Vec<String>)> {
        self.set_aside.as_ref()
    }

    /// Copies `files` (of the output folder) into a new dated folder beside it, keeping
    /// their paths; the folder.
    fn copy_aside(&self, files: &[String]) -> std::io::Result<PathBuf> {
        let stamp = crate::clock::stamp();
        let mut folder = self.parent.join(format!("{}-手改备份-{stamp}", self.name));
        let mut n = 1;
        while folder.exists() {
            n += 1;
            folder = self
                .parent
                .join(format!("{}-手改备份-{stamp}（{n}）", self.name));
        }
        for path in files {
            let to = folder.join(path);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::copy(self.target.join(path), &to)?;
            // On disk before the swap takes the original away.
            crate::report::durable::sync_file(&to)?;
            if let Some(dir) = to.parent() {
                sync_dir(dir);
            }
        }
        sync_dir(&self.parent);
        Ok(folder)
    }

    /// The output folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// True where `path` (relative) is in the folder and is not as the earlier run wrote it
    /// (edited since, or never written by it).
    pub fn edited(&self, path: &str) -> bool {
        let Some((_, Some(stamp))) = files_under(&self.target)
            .into_iter()
            .find(|(p, _)| p == path)
        else {
            return false;
        };
        self.earlier
            .as_ref()
            .and_then(|m| m.files.get(path))
            .is_none_or(|known| *known != stamp)
    }

    /// Where temporary files of the run go: beside the output, on its disk.
    pub fn parent(&self) -> &Path {
        &self.parent
    }

    fn sibling(&self, what: &str) -> PathBuf {
        self.parent
            .join(format!(".{}.{what}-{}", self.name, std::process::id()))
    }

    fn take_lock(&self, shown: &str) -> Result<(File, PathBuf), RunError> {
        let path = self.parent.join(format!(".{}.lock", self.name));
        loop {
            let file = lock_file_options()
                .open(&path)
                .map_err(|e| RunError::output(Path::new(shown), e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(RunError::Busy(shown.to_owned()));
                }
                // A file system without locks: go on without one.
                Err(std::fs::TryLockError::Error(_)) => return Ok((file, path)),
            }
            // The lock file may have been removed by the run that held it, just before we
            // locked it: then we hold a lock on a file no one else will find. Try again.
            if same_file(&file, &path) {
                return Ok((file, path));
            }
        }
    }

    /// Leftovers of interrupted runs: a `.previous` folder goes back where the output
    /// folder is missing; staging and previous folders that are ours are removed.
    fn recover(&self) -> std::io::Result<()> {
        let prefix = format!(".{}.", self.name);
        let mut previous: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
        let mut partial: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(&self.parent)?.flatten() {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let Some(rest) = file_name.strip_prefix(&prefix) else {
                continue;
            };
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            // Exactly `previous-<pid>` or `partial-<pid>`: an output folder named
            // `o.partial-1` has staging folders of its own, which are not this one's.
            let pid_after = |what: &str| {
                rest.strip_prefix(what)
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            };
            if pid_after("previous-") {
                let time = entry.metadata().and_then(|m| m.modified());
                previous.push((time.unwrap_or(std::time::UNIX_EPOCH), path));
            } else if pid_after("partial-") {
                partial.push(path);
            }
        }
        previous.sort();
        if !self.target.exists()
            && let Some((_, newest)) = previous.pop()
            && newest.join(OUTPUT_MARKER).exists()
        {
            rename_patiently(&newest, &self.target)?;
        }
        // Leftovers are only clutter: one that cannot be removed now (a file of it open on
        // Windows) is tried again by the next run.
        for dir in previous.into_iter().map(|(_, p)| p).chain(partial) {
            if dir.join(OUTPUT_MARKER).exists() {
                let _ = remove_dir_all_patiently(&dir);
            } else {
                // A staging folder killed before its marker was written is empty.
                let _ = std::fs::remove_dir(&dir);
            }
        }
        Ok(())
    }

    /// The earlier output's manifest and the files of it changed since, or why the folder
    /// may not be replaced.
    fn judge(&self, shown: &str) -> Result<(Option<Manifest>, Vec<String>), RunError> {
        let Ok(entries) = std::fs::read_dir(&self.target) else {
            return Ok((None, Vec::new()));
        };
        if entries.count() == 0 {
            return Ok((None, Vec::new()));
        }
        let marker = self.target.join(OUTPUT_MARKER);
        if !marker.is_file() {
            return Err(RunError::ForeignOutput(shown.to_owned()));
        }
        let text = std::fs::read_to_string(&marker).unwrap_or_default();
        // An output of an earlier version has an empty marker and no list: its files are
        // known by their names.
        let manifest: Option<Manifest> = serde_json::from_str(&text).ok();
        let mut foreign = Vec::new();
        let mut changed = Vec::new();
        for (path, stamp) in files_under(&self.target) {
            // The marker, and the reviewer's decisions workbook and its backups: the run
            // reads and keeps those itself.
            if path == OUTPUT_MARKER || is_reviewers(&path) {
                continue;
            }
            match (&manifest, stamp) {
                (Some(m), Some(stamp)) => match m.files.get(&path) {
                    Some(known) if *known == stamp => {}
                    Some(_) => changed.push(path),
                    None => foreign.push(path),
                },
                (None, Some(_)) if kind_of(&path).is_some() => {}
                _ => foreign.push(path),
            }
        }
        if foreign.is_empty() {
            return Ok((
                manifest.or_else(|| Some(legacy_manifest(&self.target))),
                changed,
            ));
        }
        Err(RunError::UserFiles {
            path: shown.to_owned(),
            foreign,
        })
    }

    /// Refuses the folder while a file in it is open in another program (Windows only:
    /// elsewhere an open file does not stop the swap).
    fn refuse_if_open(&self, shown: &str) -> Result<(), RunError> {
        if !cfg!(windows) || !self.target.is_dir() {
            return Ok(());
        }
        let held = |path: &String| crate::report::durable::open_elsewhere(&self.target.join(path));
        let open: Vec<String> = files_under(&self.target)
            .into_iter()
            .map(|(path, _)| path)
            .filter(held)
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        // A virus scanner holds a file for a moment only; Excel holds it until it is closed.
        std::thread::sleep(std::time::Duration::from_millis(500));
        let open: Vec<String> = open.into_iter().filter(held).collect();
        if open.is_empty() {
            return Ok(());
        }
        Err(RunError::InUse {
            path: shown.to_owned(),
            files: open,
        })
    }

    /// A new, empty staging folder carrying the marker.
    pub fn stage(&self) -> std::io::Result<PathBuf> {
        let staging = self.sibling("partial");
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        std::fs::write(staging.join(OUTPUT_MARKER), b"")?;
        Ok(staging)
    }

    /// Brings the earlier run's outputs that this run does not write into `staging`; the
    /// kinds brought (`pdf`, `xlsx`, `json`).
    pub fn carry_over(&self, staging: &Path, outputs: Outputs) -> std::io::Result<Vec<String>> {
        let Some(earlier) = &self.earlier else {
            return Ok(Vec::new());
        };
        let written = |kind: &str| match kind {
            "json" => outputs.json,
            "xlsx" => outputs.xlsx,
            "report" => outputs.report,
            _ => outputs.pdf,
        };
        let mut kinds: Vec<String> = Vec::new();
        for path in earlier.files.keys() {
            let Some(kind) = kind_of(path) else { continue };
            if written(kind) {
                continue;
            }
            let (from, to) = (self.target.join(path), staging.join(path));
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)?;
            }
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to)?;
            }
            if !kinds.iter().any(|k| k == kind) {
                kinds.push(kind.to_owned());
            }
        }
        kinds.sort_by_key(|k| {
            ["json", "xlsx", "pdf", "report"]
                .iter()
                .position(|o| o == k)
        });
        Ok(kinds)
    }

    /// Writes the manifest of `staging` and puts it in place of the output folder. On
    /// failure `staging` is removed and the output folder is as it was.
    pub fn publish(mut self, staging: &Path) -> Result<(), RunError> {
        let shown = self.target.display().to_string();
        let result = self
            .write_manifest(staging)
            .map_err(|e| RunError::output(&self.target, e))
            // A workbook opened since the run began would stop the swap half-way.
            .and_then(|()| self.refuse_if_open(&shown))
            .and_then(|()| {
                self.swap_in(staging)
                    .map_err(|e| RunError::replace(&self.target, e))
            });
        if result.is_err() {
            let _ = remove_dir_all_patiently(staging);
        }
        sync_dir(&self.parent);
        self.release();
        result
    }

    /// The list of what `staging` holds, written and synced into it.
    fn write_manifest(&self, staging: &Path) -> std::io::Result<()> {
        let manifest = Manifest {
            tool: format!("zipingbiao {}", env!("CARGO_PKG_VERSION")),
            files: files_under(staging)
                .into_iter()
                .filter(|(p, _)| p != OUTPUT_MARKER)
                .filter_map(|(p, stamp)| Some((p, stamp?)))
                .collect(),
        };
        let text = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
        // Synced through the handle that wrote it: Windows flushes only a writable one.
        let mut marker = File::create(staging.join(OUTPUT_MARKER))?;
        std::io::Write::write_all(&mut marker, &text)?;
        marker.sync_all()
    }

    /// `ZIPINGBIAO_FAIL_PUBLISH` (a test hook) makes the final rename fail.
    fn swap_in(&self, staging: &Path) -> std::io::Result<()> {
        let fail = std::env::var_os("ZIPINGBIAO_FAIL_PUBLISH").is_some();
        let simulated = || std::io::Error::other("simulated failure of the final rename");
        if !self.target.exists() {
            return if fail {
                Err(simulated())
            } else {
                rename_patiently(staging, &self.target)
            };
        }
        if fail {
            return Err(simulated());
        }
        if exchange(staging, &self.target).is_ok() {
            // `staging` now holds the earlier output; left over, the next run removes it.
            let _ = remove_dir_all_patiently(staging);
            return Ok(());
        }
        let previous = self.sibling("previous");
        rename_patiently(&self.target, &previous)?;
        if let Err(e) = rename_patiently(staging, &self.target) {
            let _ = rename_patiently(&previous, &self.target);
            return Err(e);
        }
        // The new output is in place: an old folder that cannot be removed now is only
        // clutter, removed by the next run.
        let _ = remove_dir_all_patiently(&previous);
        Ok(())
    }

    fn release(&mut self) {
        if let Some((file, path)) = self.lock.take() {
            // Removed while still held, so no other run can lock the old file after it.
            if cfg!(unix) {
                let _ = std::fs::remove_file(&path);
            }
            drop(file);
        }
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        self.release();
    }
}

/// How the lock file is opened: for writing, created when absent, never truncated; on
/// Windows created hidden, since it stays beside the output folder.
/// The decisions workbook and its backups: the reviewer's, read and carried by every run.
fn is_reviewers(path: &str) -> bool {
    path == crate::review::FILE
        || path
            .strip_prefix(crate::review::BACKUPS)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn lock_file_options() -> std::fs::OpenOptions {
    let mut options = File::options();
    options.create(true).truncate(false).write(true);
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        const FILE_ATTRIBUTE_HIDDEN: u32 = 0x2;
        options.attributes(FILE_ATTRIBUTE_HIDDEN);
    }
    options
}

/// Tries `step` again for a few seconds while Windows refuses it for a moment (a virus
/// scanner or the search indexer reading a file just written holds it briefly). A file
/// held open for good is found before (`refuse_if_open`), so the wait is rarely spent.
/// Elsewhere `step` runs once.
fn patiently(mut step: impl FnMut() -> std::io::Result<()>) -> std::io::Result<()> {
    let mut wait = std::time::Duration::from_millis(20);
    let mut waited = std::time::Duration::ZERO;
    loop {
        match step() {
            Err(e)
                if cfg!(windows)
                    && waited < std::time::Duration::from_secs(3)
                    && (e.kind() == std::io::ErrorKind::PermissionDenied
                        || crate::report::durable::is_sharing_violation(&e)) =>
            {
                std::thread::sleep(wait);
                waited += wait;
                wait = (wait * 2).min(std::time::Duration::from_millis(500));
            }
            other => return other,
        }
    }
}

fn rename_patiently(from: &Path, to: &Path) -> std::io::Result<()> {
    patiently(|| std::fs::rename(from, to))
}

///
/// The folder is one of ours (a staging folder, an earlier output): its marker goes last.
/// A run killed half-way through the removal leaves the marker, by which the next run
/// knows the rest as ours and removes it; removed first, it left a folder the next run
/// must leave alone (seen: `.o.partial-27024` after a kill during the swap's clean-up).
fn remove_dir_all_patiently(dir: &Path) -> std::io::Result<()> {
    use std::io::ErrorKind::NotFound;
    let gone = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() == NotFound => Ok(()),
        other => other,
    };
    patiently(|| {
        let entries = match std::fs::read_dir(dir) {
            Err(e) if e.kind() == NotFound => return Ok(()),
            other => other?,
        };
        for entry in entries {
            let entry = entry?;
            if entry.file_name() == OUTPUT_MARKER {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                gone(std::fs::remove_dir_all(&path))?;
            } else {
                gone(std::fs::remove_file(&path))?;
            }
        }
        gone(std::fs::remove_file(dir.join(OUTPUT_MARKER)))?;
        gone(std::fs::remove_dir(dir))
    })
}

/// A manifest for an earlier version's output folder: its files as they are now.
fn legacy_manifest(dir: &Path) -> Manifest {
    Manifest {
        tool: String::new(),
        files: files_under(dir)
            .into_iter()
            .filter_map(|(p, s)| Some((p, s?)))
            .filter(|(p, _)| kind_of(p).is_some())
            .collect(),
    }
}

/// Every file under `dir` (relative paths with `/`), with its stamp; `None` for what is no
/// regular file (a link, a pipe): never ours.
fn files_under(dir: &Path) -> Vec<(String, Option<Stamp>)> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let path = super::relative_path(dir, e.path());
            let stamp = e
                .file_type()
                .is_file()
                .then(|| e.metadata().ok())
                .flatten()
                .map(|m| Stamp {
                    size: m.len(),
                    modified: m
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_nanos()),
                });
            (path, stamp)
        })
        .collect()
}

/// Swaps two folders in one step, where the system can.
#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios"
)))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    // The lock file is never removed there, so it is always the same file.
    true
}

/// Makes the renames in `dir` durable (Unix; a no-op elsewhere).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_known_by_their_paths() {
        assert_eq!(kind_of("forms.json"), Some("json"));
        assert_eq!(kind_of("pdf/部门/单位/项目.pdf"), Some("pdf"));
        assert_eq!(kind_of("booklet/部门.pdf"), Some("pdf"));
        assert_eq!(kind_of("批注.txt"), None);
        assert_eq!(kind_of("pdf/说明.docx"), None);
    }

    /// One of our folders goes whole, its marker last, and a folder already gone is no
    /// error; a folder left half-removed still carries its marker, so it goes next time.
    #[test]
    fn our_folders_are_removed_with_their_marker_last() {
        let work = tempfile::tempdir().unwrap();
        let dir = work.path().join(".o.partial-1");
        std::fs::create_dir_all(dir.join("pdf/部门")).unwrap();
        std::fs::write(dir.join(OUTPUT_MARKER), b"{}").unwrap();
        std::fs::write(dir.join("forms.json"), b"[]").unwrap();
        std::fs::write(dir.join("pdf/部门/表.pdf"), b"%PDF").unwrap();
        remove_dir_all_patiently(&dir).unwrap();
        assert!(!dir.exists());
        // Already gone: nothing to do, no error.
        remove_dir_all_patiently(&dir).unwrap();
        // Killed half-way: the marker is still there, so the next run removes the rest.
        std::fs::create_dir_all(dir.join("pdf")).unwrap();
        std::fs::write(dir.join(OUTPUT_MARKER), b"{}").unwrap();
        let entries: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(entries.contains(&OUTPUT_MARKER.to_owned()));
        remove_dir_all_patiently(&dir).unwrap();
        assert!(!dir.exists());
    }
}
