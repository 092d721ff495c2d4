//! Which font the PDFs are set in: the bundled Droid Sans Fallback (Apache-2.0, from the
//! `mupdf-fonts-droid` crate, licence in `templates/fonts/`), or a file the user names
//! (`templates/report.toml` or `--font`). A user's file is read and checked here, when the
//! settings are loaded, so a wrong path fails before any input is read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use owned_ttf_parser::{AsFaceRef, Face, GlyphId, OwnedFace};

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
        parsed: Arc<FontFace>,
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
        let parsed = u32::try_from(index)
            .ok()
            .and_then(|i| FontFace::from_bytes(bytes, i))
            .ok_or(FontError::Invalid {
                path: shown.clone(),
                index,
            })?;
        let Some(glyph) = parsed.glyph('表') else {
            return Err(FontError::NoChinese(shown));
        };
        // The PDFs embed a part of the font: one that cannot be cut (a CFF2 variable font,
        // a damaged glyph table) is refused now, before any input is read, not after.
        let part = subsetter::GlyphRemapper::new_from_glyphs(&[glyph]);
        if subsetter::subset(parsed.bytes(), parsed.index(), &part).is_err() {
            return Err(FontError::Invalid { path: shown, index });
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
pub fn bundled() -> FontFace {
    let droid = mupdf_fonts_droid::find_by_name("Droid Sans Fallback Full", false, false);
    let data = droid.map(|f| f.data).unwrap_or_default();
    // The bundled bytes are part of the program; a test renders with them.
    FontFace::from_bytes(data.to_vec(), 0).expect("the bundled font parses")
}

/// One face of a TrueType/OpenType file, parsed: what the layout measures text with and
/// the PDFs embed a part of.
pub struct FontFace {
    face: OwnedFace,
    index: u32,
}

impl FontFace {
    /// The face `index` of a font file (0 but in a `.ttc` collection); `None` where the
    /// bytes are not a font with such a face, or the face has no outlines a PDF can embed.
    pub fn from_bytes(bytes: Vec<u8>, index: u32) -> Option<Self> {
        let face = OwnedFace::from_vec(bytes, index).ok()?;
        let tables = face.as_face_ref().tables();
        if tables.glyf.is_none() && tables.cff.is_none() {
            return None;
        }
        Some(FontFace { face, index })
    }

    /// The parsed face.
    pub fn face(&self) -> &Face<'_> {
        self.face.as_face_ref()
    }

    /// The file's bytes, every face of a collection included.
    pub fn bytes(&self) -> &[u8] {
        self.face.as_slice()
    }

    /// Which face of the file this is.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The glyph that shows `c`, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.face().glyph_index(c).map(|g| g.0)
    }

    /// A glyph's advance width in font units.
    pub fn advance(&self, glyph: u16) -> Option<u16> {
        self.face().glyph_hor_advance(GlyphId(glyph))
    }

    /// Font units per em (1000 or 2048, typically).
    pub fn units_per_em(&self) -> u16 {
        self.face().units_per_em().max(1)
    }

    /// Whether the outlines are CFF (an `.otf`), not TrueType `glyf`.
    pub fn is_cff(&self) -> bool {
        self.face().tables().cff.is_some()
    }
}
