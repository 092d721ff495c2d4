//! A form's source as the page shows it beside the form: the sheet (or the text copy, the
//! Word tables, the PDF's rebuilt pages) as a grid, each cell with its position, so the page
//! marks the cell a value was read from.
//!
//! Files are opened only under the folder the clerk chose: a path is taken relative to it,
//! never with `..` or a root, and what it names — links resolved — must still lie under
//! the folder as the system names it.

use std::path::{Component, Path, PathBuf};

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::api::ApiError;
use crate::batch::FormSummary;
use crate::read::{Grid, SourceKind};

/// Cells sent of one source: a sheet past this is cut, and the page says so.
const MAX_CELLS: usize = 60_000;

/// The path `relative` names under `root` (a folder, or the one file chosen), refused where
/// it leaves it: by `..`, by a root or drive, or by a link pointing out.
pub fn confined(root: &Path, relative: &str) -> Result<PathBuf, ApiError> {
    let outside = || {
        ApiError::new(
            StatusCode::FORBIDDEN,
            format!("拒绝访问：“{relative}”不在所选的文件夹内"),
        )
    };
    let root = root.canonicalize().map_err(|_| outside())?;
    if root.is_file() {
        // One file chosen: that file and nothing else.
        let name = root.file_name().map(|n| n.to_string_lossy().into_owned());
        return match name {
            Some(name) if name == relative => Ok(root),
            _ => Err(outside()),
        };
    }
    let path = Path::new(relative);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    if relative.is_empty() || !plain {
        return Err(outside());
    }
    let full = root.join(path).canonicalize().map_err(|_| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("找不到文件“{relative}”（可能已被移走或改名）"),
        )
    })?;
    if !full.starts_with(&root) {
        return Err(outside());
    }
    Ok(full)
}

/// The source of form `summary`, read again from `root`: its grids as JSON.
pub fn source_of(root: &Path, summary: &FormSummary) -> Result<Value, ApiError> {
    let path = confined(root, &summary.source.file)?;
    let grids = crate::read::read_file(&path).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("{}：{}", summary.source.file, e.reason_zh()),
        )
    })?;
    let wanted: Vec<&Grid> = grids
        .iter()
        .filter(|g| g.sheet == summary.source.sheet)
        .collect();
    let shown = if wanted.is_empty() {
        grids.iter().take(1).collect()
    } else {
        wanted
    };
    let mut budget = MAX_CELLS;
    let mut cut = false;
    let grids: Vec<Value> = shown
        .into_iter()
        .map(|g| grid_json(g, &mut budget, &mut cut))
        .collect();
    Ok(json!({
        "file": summary.source.file,
        "sheet": summary.source.sheet,
        "kind": kind_name(summary.source.kind),
        "part": summary.source.part,
        "grids": grids,
        "cut": cut,
    }))
}

/// How the page names a kind of source.
pub fn kind_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Text => "text",
        SourceKind::Sheet => "sheet",
        SourceKind::Word => "word",
        SourceKind::Pdf | SourceKind::PdfText => "pdf",
    }
}

/// A grid: rows of `[text, part, row, col]` (an error value's text marked by a fifth
/// element), merges as `[first_row, first_col, last_row, last_col]` in grid indices.
fn grid_json(grid: &Grid, budget: &mut usize, cut: &mut bool) -> Value {
    let mut rows = Vec::new();
    for r in 0..grid.row_count() {
        let row = grid.row(r);
        if row.len() > *budget {
            *cut = true;
            break;
        }
        *budget -= row.len();
        let cells: Vec<Value> = row
            .iter()
            .map(|c| {
                let mut cell = json!([c.text, c.pos.part, c.pos.row, c.pos.col]);
                if c.is_error
                    && let Some(cell) = cell.as_array_mut()
                {
                    cell.push(json!(1));
                }
                cell
            })
            .collect();
        rows.push(Value::Array(cells));
    }
    let kept = rows.len();
    let merges: Vec<Value> = grid
        .merges()
        .iter()
        .filter(|m| m.first_row < kept)
        .map(|m| {
            json!([
                m.first_row,
                m.first_col,
                m.last_row.min(kept.saturating_sub(1)),
                m.last_col
            ])
        })
        .collect();
    json!({ "sheet": grid.sheet, "rows": rows, "merges": merges })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_may_not_leave_the_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("in/单位")).expect("folders");
        std::fs::write(dir.path().join("in/单位/表.txt"), "x").expect("file");
        std::fs::write(dir.path().join("secret.txt"), "x").expect("file");
        let root = dir.path().join("in");
        assert!(confined(&root, "单位/表.txt").is_ok());
        for bad in ["../secret.txt", "单位/../../secret.txt", "", "/etc/passwd"] {
            let refused = confined(&root, bad).expect_err(bad);
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{bad}");
        }
        let absolute = dir.path().join("secret.txt").display().to_string();
        assert!(confined(&root, &absolute).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .expect("link");
            let refused = confined(&root, "link.txt").expect_err("a link out");
            assert_eq!(refused.status, StatusCode::FORBIDDEN);
        }
    }

    #[test]
    fn one_file_chosen_is_the_only_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("表.txt"), "x").expect("file");
        std::fs::write(dir.path().join("别的.txt"), "x").expect("file");
        let root = dir.path().join("表.txt");
        assert!(confined(&root, "表.txt").is_ok());
        assert!(confined(&root, "别的.txt").is_err());
    }
}
