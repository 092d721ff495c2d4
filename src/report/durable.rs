//! Output files made durable without making their writers wait.
//!
//! A run writes into a staging folder that only replaces the output once everything in it
//! is written (see `pipeline::publish`), so a file there needs no temporary name of its own;
//! what it needs is to be on disk before the folder is published, or a power cut just after
//! could leave a published file empty. Syncing each file where it is written made the
//! per-form PDFs wait on the disk ~20% of their time; a [`Syncer`] thread syncs each file
//! once it is written while the next ones are made, and the run waits for it only at the end.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Files waiting to be synced at most; a writer that gets this far ahead waits, so a slow
/// disk cannot leave thousands of files open.
const QUEUE: usize = 64;

/// Syncs files handed to it, in a thread of its own.
pub struct Syncer {
    queue: Option<SyncSender<File>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Syncer {
    /// A syncer with its thread started.
    pub fn start() -> Self {
        let (queue, files) = sync_channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("zipingbiao-sync".to_owned())
            .spawn(move || sync_all(files))
            .ok();
        Syncer {
            queue: Some(queue),
            thread,
        }
    }

    /// Syncs `file` now if the thread could not be started or has stopped, later otherwise.
    pub fn sync_later(&self, file: File) -> std::io::Result<()> {
        match (&self.queue, &self.thread) {
            (Some(queue), Some(_)) => queue.send(file).or_else(|failed| failed.0.sync_all()),
            _ => file.sync_all(),
        }
    }

    /// Waits until every file handed over is on disk; the first failure, if any.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.wait()
    }

    fn wait(&mut self) -> std::io::Result<()> {
        // Closing the queue ends the thread's loop once it has synced what is queued.
        self.queue = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other(
                "the thread syncing the outputs stopped",
            )),
            None => Ok(()),
        }
    }
}

impl Drop for Syncer {
    /// A syncer dropped unfinished (a write failed on the way) still waits for its thread,
    /// so no sync outlives the run that asked for it.
    fn drop(&mut self) {
        let _ = self.wait();
    }
}

fn sync_all(files: Receiver<File>) -> std::io::Result<()> {
    let mut first_error = Ok(());
    for file in files {
        if let Err(e) = file.sync_all()
            && first_error.is_ok()
        {
            first_error = Err(e);
        }
    }
    first_error
}

/// Writes a new file in a staging folder: written whole, then handed to `sync`.
pub fn write_staged(
    path: &Path,
    sync: &Syncer,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut file = BufWriter::with_capacity(1 << 16, File::create(path)?);
    write(&mut file)?;
    sync.sync_later(file.into_inner().map_err(|e| e.into_error())?)
}

/// Whether another program holds `path` open so that it cannot be replaced: on Windows, a
/// workbook shown in Excel or WPS (opened without sharing delete) blocks renaming and
/// deleting it and the folder it is in. Asked by opening the file with no sharing at all,
/// which fails with a sharing violation while any other handle is open. Elsewhere an open
/// file never blocks a rename: always `false`.
pub fn open_elsewhere(path: &Path) -> bool {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        let probe = File::options().read(true).share_mode(0).open(path);
        probe.is_err_and(|e| is_sharing_violation(&e))
    }
    #[cfg(not(windows))]
    {
        let _ = path;
        false
    }
}

/// A Windows sharing or lock violation (`ERROR_SHARING_VIOLATION`, `ERROR_LOCK_VIOLATION`):
/// the file is open in another program.
pub fn is_sharing_violation(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// Hands a file something else wrote (summary.xlsx) to `sync`.
pub fn sync_written(path: &Path, sync: &Syncer) -> std::io::Result<()> {
    sync.sync_later(open_to_sync(path)?)
}

/// Puts a file written or copied whole on disk now.
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    open_to_sync(path)?.sync_all()
}

/// `path` opened for writing: Windows flushes only a file opened so.
fn open_to_sync(path: &Path) -> std::io::Result<File> {
    File::options().write(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_written_whole_and_the_syncer_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let sync = Syncer::start();
        for i in 0..(QUEUE * 3) {
            write_staged(&dir.path().join(format!("{i}.txt")), &sync, |w| {
                w.write_all(format!("file {i}").as_bytes())
            })
            .unwrap();
        }
        sync.finish().unwrap();
        for i in 0..(QUEUE * 3) {
            let text = std::fs::read_to_string(dir.path().join(format!("{i}.txt"))).unwrap();
            assert_eq!(text, format!("file {i}"));
        }
    }
}
