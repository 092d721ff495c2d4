//! Which font the PDFs are set in: the bundled Droid Sans Fallback (Apache-2.0, from the
//! `mupdf-fonts-droid` crate, licence in `templates/fonts/`), or a file the user names
//! (`templates/report.toml` or `--font`). A user's file is read and checked here, when the
//! settings are loaded, so a wrong path fails before any input is read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use printpdf::ParsedFont;

/// The font chosen for the PDFs.
#[derive(Clone, Default)]
pub enum FontChoice {
    /// Droid Sans Fallback, compiled in; parsed when the PDFs are made, as it needs no check.
    #[default]
    Bundled,
    /// A font file, parsed and known to have Chinese glyphs.
    File {
        /// The file as the user named it.
        path: PathBuf,
        /// The face of a `.ttc` collection (0 for a single font).
        index: usize,
        /// What messages call it (the file's stem).
        name: String,
        /// The parsed face, shared by every PDF of a run.
        parsed: Arc<ParsedFont>,
    },
}

impl std::fmt::Debug for FontChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontChoice::Bundled => f.write_str("Bundled"),
            FontChoice::File { path, index, .. } => {
                write!(f, "File({}, face {index})", path.display())
            }
        }
    }
}

/// Why a font cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// The file cannot be read.
    #[error("字体文件 {path} 无法读取：{detail}")]
    Io {
        /// The file as named.
        path: String,
        /// The system's reason, in Chinese.
        detail: String,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },
    /// Not a TrueType/OpenType font, or no such face in the collection.
    #[error("字体文件 {path} 不是可用的 TrueType/OpenType 字体（或字形序号 {index} 不存在）")]
    Invalid {
        /// The file as named.
        path: String,
        /// The face asked for.
        index: usize,
    },
    /// A font without Chinese glyphs would print every form as boxes.
    #[error("字体 {0} 不含中文字形，无法用于打印自评表")]
    NoChinese(String),
}

impl FontChoice {
    /// Reads and checks a font file the user names: TTF, OTF or a face of a TTC collection.
    pub fn load(path: &Path, index: usize) -> Result<Self, FontError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| FontError::Io {
            path: shown.clone(),
            detail: crate::read::io_reason_zh(&e),
            source: e,
        })?;
        let parsed =
            ParsedFont::from_bytes(&bytes, index, &mut Vec::new()).ok_or(FontError::Invalid {
                path: shown.clone(),
                index,
            })?;
        if parsed.lookup_glyph_index('表' as u32).is_none() {
            return Err(FontError::NoChinese(shown));
        }
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or(shown);
        Ok(FontChoice::File {
            path: path.to_path_buf(),
            index,
            name,
            parsed: Arc::new(parsed),
        })
    }
}

/// The bundled font, parsed.
pub fn bundled() -> ParsedFont {
    let droid = mupdf_fonts_droid::find_by_name("Droid Sans Fallback Full", false, false);
    let data = droid.map(|f| f.data).unwrap_or_default();
    // The bundled bytes are part of the program; a test renders with them.
    ParsedFont::from_bytes(data, 0, &mut Vec::new()).expect("the bundled font parses")
}
