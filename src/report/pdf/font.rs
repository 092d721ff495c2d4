//! The font the PDFs are set in: the bundled Droid Sans Fallback (Apache-2.0, from the
//! `mupdf-fonts-droid` crate), or a font the user names (`templates/report.toml` or a flag),
//! parsed once per run and shared by every PDF.

use std::collections::HashMap;
use std::path::Path;
use std::sync::RwLock;

use printpdf::ParsedFont;

/// Points to millimetres.
pub const PT_MM: f32 = 25.4 / 72.0;

pub struct Font {
    pub parsed: ParsedFont,
    /// What the PDF calls it (`Droid Sans Fallback`), for messages.
    pub name: String,
    units_per_em: f32,
    /// Advance widths by character, in em, filled on first use.
    advances: RwLock<HashMap<char, f32>>,
}

/// Why a font cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("字体文件 {path} 无法读取：{detail}")]
    Io { path: String, detail: String },
    #[error("字体文件 {path} 不是可用的 TrueType/OpenType 字体（或字形序号 {index} 不存在）")]
    Invalid { path: String, index: usize },
    #[error("字体 {0} 不含中文字形，无法用于打印自评表")]
    NoChinese(String),
}

impl Font {
    /// The bundled font.
    pub fn bundled() -> Self {
        let droid = mupdf_fonts_droid::find_by_name("Droid Sans Fallback Full", false, false);
        let data = droid.map(|f| f.data).unwrap_or_default();
        // The bundled bytes are part of the program; a test renders with them.
        let parsed =
            ParsedFont::from_bytes(data, 0, &mut Vec::new()).expect("the bundled font parses");
        Self::new(parsed, "Droid Sans Fallback")
    }

    /// A font file the user names: TTF, OTF or a face of a TTC collection.
    pub fn load(path: &Path, index: usize) -> Result<Self, FontError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| FontError::Io {
            path: shown.clone(),
            detail: e.to_string(),
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
        Ok(Self::new(parsed, &name))
    }

    fn new(parsed: ParsedFont, name: &str) -> Self {
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        Font {
            parsed,
            name: name.to_owned(),
            units_per_em,
            advances: RwLock::new(HashMap::new()),
        }
    }

    /// Advance of one character in em.
    fn advance(&self, c: char) -> f32 {
        if let Some(a) = self.advances.read().ok().and_then(|m| m.get(&c).copied()) {
            return a;
        }
        let a = match self.parsed.lookup_glyph_index(c as u32) {
            Some(gid) => f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em,
            // A character the font lacks: count it as a full em, as the fallback box is.
            None => 1.0,
        };
        if let Ok(mut m) = self.advances.write() {
            m.insert(c, a);
        }
        a
    }

    /// Width of `text` at `size` points, in millimetres.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size * PT_MM
    }

    /// True where the font has a glyph for every character of `text`.
    pub fn covers(&self, text: &str) -> bool {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| self.parsed.lookup_glyph_index(c as u32).is_some())
    }
}
