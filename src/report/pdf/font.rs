//! The font the PDFs are set in: the bundled Droid Sans Fallback (Apache-2.0, from the
//! `mupdf-fonts-droid` crate), or a font the user names (`templates/report.toml` or a flag),
//! parsed once per run and shared by every PDF.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Mutex, RwLock};

use printpdf::ParsedFont;

/// Points to millimetres.
pub const PT_MM: f32 = 25.4 / 72.0;

pub struct Font {
    pub parsed: ParsedFont,
    /// What the PDF calls it (`Droid Sans Fallback`), for messages.
    pub name: String,
    units_per_em: f32,
    /// Advance widths by character, in em, filled on first use.
    advances: RwLock<HashMap<char, Option<f32>>>,
    /// Characters the PDFs asked for that the font has no glyph for.
    missing: Mutex<BTreeSet<char>>,
}

/// What a character the font lacks is printed as, where the font has it: a PDF reader
/// would otherwise leave the character out without a trace.
const MISSING_MARK: char = '□';

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
            missing: Mutex::new(BTreeSet::new()),
        }
    }

    /// `text` as it can be printed: each character the font lacks replaced by a visible mark
    /// (□, or ? in a font without it) and remembered for [`Font::missing`].
    pub fn printable<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let lacks =
            |c: char| !c.is_whitespace() && !c.is_control() && self.glyph_advance(c).is_none();
        if !text.chars().any(lacks) {
            return Cow::Borrowed(text);
        }
        let mark = if lacks(MISSING_MARK) {
            '?'
        } else {
            MISSING_MARK
        };
        let mut missing = self.missing.lock().unwrap_or_else(|e| e.into_inner());
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if lacks(c) {
                        missing.insert(c);
                        mark
                    } else {
                        c
                    }
                })
                .collect(),
        )
    }

    /// The characters the PDFs needed and the font lacks, so far (printed as □).
    pub fn missing(&self) -> Vec<char> {
        let missing = self.missing.lock().unwrap_or_else(|e| e.into_inner());
        missing.iter().copied().collect()
    }

    /// Advance of one character in em; `None` where the font has no glyph for it. Cached:
    /// layout and [`Font::printable`] ask it of every character.
    fn glyph_advance(&self, c: char) -> Option<f32> {
        if let Some(a) = self.advances.read().ok().and_then(|m| m.get(&c).copied()) {
            return a;
        }
        let a = self
            .parsed
            .lookup_glyph_index(c as u32)
            .map(|gid| f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em);
        if let Ok(mut m) = self.advances.write() {
            m.insert(c, a);
        }
        a
    }

    /// Advance of one character in em. A character the font lacks counts as a full em, as
    /// the mark printed for it does.
    fn advance(&self, c: char) -> f32 {
        self.glyph_advance(c).unwrap_or(1.0)
    }

    /// Width of `text` at `size` points, in millimetres.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size * PT_MM
    }
}
