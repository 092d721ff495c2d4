//! The form spill: forms and their assessments written one after another to a temporary
//! file the system deletes however the run ends, each read back by its byte span.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use crate::check::Assessment;
use crate::model::Form;

/// Forms and their assessments written one after another to a temporary file (JSON, one
/// value each), found again by their byte span. The file has no name the user could see:
/// the system removes it when the batch is dropped, or when the run ends however it ends.
#[derive(Debug)]
pub(super) struct Spill {
    writer: Option<BufWriter<File>>,
    reader: Mutex<Option<File>>,
    spans: Vec<(u64, usize)>,
    end: u64,
}

impl Spill {
    pub(super) fn create(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let file = tempfile::tempfile_in(dir)?;
        Ok(Spill {
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            reader: Mutex::new(None),
            spans: Vec::new(),
            end: 0,
        })
    }

    pub(super) fn push(&mut self, form: &Form, assessment: &Assessment) -> std::io::Result<()> {
        let bytes = serde_json::to_vec(&(form, assessment)).map_err(std::io::Error::other)?;
        let writer = self
            .writer
            .as_mut()
            .ok_or_else(|| std::io::Error::other("form spill already finished"))?;
        writer.write_all(&bytes)?;
        self.spans.push((self.end, bytes.len()));
        self.end += bytes.len() as u64;
        Ok(())
    }

    pub(super) fn finish(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.writer.take() {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            *self
                .reader
                .lock()
                .map_err(|_| std::io::Error::other("spill lock"))? = Some(file);
        }
        Ok(())
    }

    pub(super) fn read(&self, i: usize) -> std::io::Result<(Form, Assessment)> {
        let &(start, len) = self
            .spans
            .get(i)
            .ok_or_else(|| std::io::Error::other(format!("no form {i} in the spill")))?;
        let mut bytes = vec![0; len];
        {
            let mut guard = self
                .reader
                .lock()
                .map_err(|_| std::io::Error::other("spill lock"))?;
            let file = guard
                .as_mut()
                .ok_or_else(|| std::io::Error::other("form spill read before it was finished"))?;
            file.seek(SeekFrom::Start(start))?;
            file.read_exact(&mut bytes)?;
        }
        serde_json::from_slice(&bytes).map_err(std::io::Error::other)
    }
}
