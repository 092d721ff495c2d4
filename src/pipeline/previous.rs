//! `--previous`: last year's forms, from last year's output folder, its `forms.json`, or a
//! folder of last year's submissions read like any input.

use std::path::Path;

use super::{OUTPUT_MARKER, RunError, process_into};
use crate::batch::Batch;
use crate::compare::{Prior, PriorForm, read_forms_json};
use crate::config::Settings;

/// The largest last-year forms.json read (2 GB): ten times a province's 20,000 forms.
pub const MAX_FORMS_JSON_BYTES: u64 = 2 << 30;

/// Last year's forms from `path` (see the module). A folder of submissions is read and
/// checked with this year's settings; its forms past the memory limit wait in `spill_dir`.
/// Duplicate copies of last year are left out, as they are of this year.
pub fn load_previous(
    path: &Path,
    spill_dir: &Path,
    settings: &Settings,
) -> Result<Prior, RunError> {
    let failed = |reason: String| RunError::Previous {
        path: path.display().to_string(),
        reason,
    };
    let source = path.display().to_string();
    let forms_json = if path.is_file() {
        Some(path.to_path_buf())
    } else if path.is_dir()
        && path.join(OUTPUT_MARKER).is_file()
        && path.join("forms.json").is_file()
    {
        Some(path.join("forms.json"))
    } else {
        None
    };
    if let Some(json) = forms_json {
        // Bounded before it is read: a forms.json of 20,000 forms is about 300 MB.
        let size = std::fs::metadata(&json).map(|m| m.len()).unwrap_or(0);
        if size > MAX_FORMS_JSON_BYTES {
            return Err(failed(format!(
                "{} 有 {} MB，超过上年 forms.json 的上限 {} MB",
                json.display(),
                size >> 20,
                MAX_FORMS_JSON_BYTES >> 20
            )));
        }
        let file = std::fs::File::open(&json).map_err(|e| {
            failed(format!(
                "无法打开 {}（系统信息：{}）",
                json.display(),
                crate::read::io_reason_zh(&e)
            ))
        })?;
        let forms =
            read_forms_json(file).map_err(|e| failed(format!("{}：{e}", json.display())))?;
        return Ok(Prior { source, forms });
    }
    if !path.is_dir() {
        return Err(failed("不存在或无法打开".to_owned()));
    }
    let mut batch = Batch::spilling(spill_dir, settings.forms_in_memory);
    process_into(&mut batch, path, spill_dir, settings, &|_| {}).map_err(|e| {
        failed(format!(
            "读取时出错（系统信息：{}）",
            crate::read::io_reason_zh(&e)
        ))
    })?;
    let mut forms = Vec::new();
    for i in 0..batch.summaries.len() {
        if !batch.summaries[i].counted() {
            continue;
        }
        let (form, a) = batch.load(i).map_err(|e| {
            failed(format!(
                "读取时出错（系统信息：{}）",
                crate::read::io_reason_zh(&e)
            ))
        })?;
        forms.push(PriorForm::of(&form, &a));
    }
    if forms.is_empty() {
        return Err(failed("其中没有识别出自评表".to_owned()));
    }
    Ok(Prior { source, forms })
}
