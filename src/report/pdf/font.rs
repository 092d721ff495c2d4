//! The font the PDFs are set in, as the layout uses it: widths of text, and the characters
//! it has no glyph for. Which font that is ([`FontChoice`]) is settled, and a user's file
//! checked, when the settings are loaded ([`crate::config::font`]).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::config::{self, font::FontChoice, font::FontFace};

/// Points to millimetres.
pub const PT_MM: f32 = 25.4 / 72.0;

/// A font being set: measured per character (cached) and recording what it lacks.
pub struct Font {
    /// The parsed font file, shared with the settings it came from.
    pub parsed: Arc<FontFace>,
    /// What the PDF calls it (`Droid Sans Fallback`), for messages.
    pub name: String,
    units_per_em: f32,
    /// Glyph and advance width (in em) of each character of the Basic Multilingual Plane,
    /// filled on first use ([`pack`]); read without a lock, as every character of every
    /// form is looked up here on every core.
    plane: Box<[AtomicU64]>,
    /// The same for characters beyond it (rare).
    beyond: RwLock<HashMap<char, Option<(u16, f32)>>>,
    /// Characters the PDFs asked for that the font has no glyph for.
    missing: Mutex<BTreeSet<char>>,
}

/// What a character the font lacks is printed as, where the font has it: a PDF reader
/// would otherwise leave the character out without a trace.
const MISSING_MARK: char = '□';

impl Font {
    /// The bundled font.
    pub fn bundled() -> Self {
        Self::of(&FontChoice::Bundled)
    }

    /// The font a run's settings chose, ready to measure and set text in, with an empty
    /// record of missing glyphs.
    pub fn of(choice: &FontChoice) -> Self {
        match choice {
            FontChoice::Bundled => {
                Self::new(Arc::new(config::font::bundled()), "Droid Sans Fallback")
            }
            FontChoice::File { parsed, name, .. } => Self::new(Arc::clone(parsed), name),
        }
    }

    fn new(parsed: Arc<FontFace>, name: &str) -> Self {
        let units_per_em = f32::from(parsed.units_per_em());
        Font {
            parsed,
            name: name.to_owned(),
            units_per_em,
            plane: (0..=u16::MAX).map(|_| AtomicU64::new(0)).collect(),
            beyond: RwLock::new(HashMap::new()),
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

    /// The glyph showing `c` and its advance in em; `None` where the font has no glyph
    /// for it. Cached: layout, [`Font::printable`] and the PDF's text ask it of every
    /// character.
    pub fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let look_up = || {
            self.parsed.glyph(c).map(|gid| {
                let advance = self.parsed.advance(gid).unwrap_or(0);
                (gid, f32::from(advance) / self.units_per_em)
            })
        };
        if let Some(slot) = self.plane.get(c as usize) {
            let known = slot.load(Ordering::Relaxed);
            if known != 0 {
                return unpack(known);
            }
            let g = look_up();
            slot.store(pack(g), Ordering::Relaxed);
            return g;
        }
        if let Some(g) = self.beyond.read().ok().and_then(|m| m.get(&c).copied()) {
            return g;
        }
        let g = look_up();
        if let Ok(mut m) = self.beyond.write() {
            m.insert(c, g);
        }
        g
    }

    fn glyph_advance(&self, c: char) -> Option<f32> {
        self.glyph(c).map(|g| g.1)
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

/// A looked-up glyph as one word: bit 63 says it was looked up, bit 62 that the font has
/// it, then its glyph number (bits 32–47) and its advance (an `f32`, bits 0–31).
fn pack(glyph: Option<(u16, f32)>) -> u64 {
    match glyph {
        None => 1 << 63,
        Some((gid, advance)) => {
            1 << 63 | 1 << 62 | u64::from(gid) << 32 | u64::from(advance.to_bits())
        }
    }
}

fn unpack(word: u64) -> Option<(u16, f32)> {
    (word & 1 << 62 != 0).then(|| ((word >> 32) as u16, f32::from_bits(word as u32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyphs_pack_into_one_word_and_back() {
        for g in [None, Some((0, 0.0)), Some((57_062, 1.0)), Some((1, 0.551))] {
            assert_eq!(unpack(pack(g)), g);
            assert_ne!(pack(g), 0, "0 means not looked up yet");
        }
        let font = Font::bundled();
        let first = font.glyph('表');
        assert!(first.is_some());
        assert_eq!(font.glyph('表'), first, "the cached answer is the same");
        assert_eq!(font.glyph('\u{20000}'), None);
    }
}
