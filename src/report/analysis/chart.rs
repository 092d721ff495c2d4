//! A column chart drawn as pixels, so the Word report and its PDF show the same picture:
//! bars per category (one per series, side by side), the count over each bar, a scale with
//! grid lines, the categories under the bars and a legend where there are two series. Text
//! is rasterised from the bundled CJK font; the bytes depend on the figures only.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};

/// A column chart of counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Printed above the bars.
    pub title: String,
    /// Under the bars, left to right.
    pub categories: Vec<String>,
    /// Each series: its name (the legend) and a count per category.
    pub series: Vec<(String, Vec<usize>)>,
}

/// The picture's size in pixels: 16 cm wide at 150 dpi.
pub const WIDTH: u32 = 960;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 480;

/// The series' colours (blue, then orange), RGB.
const COLOURS: [[u8; 3]; 2] = [[0x44, 0x72, 0xC4], [0xED, 0x7D, 0x31]];
const INK: [u8; 3] = [0x26, 0x26, 0x26];
const GRID: [u8; 3] = [0xD9, 0xD9, 0xD9];

/// RGB pixels, row by row from the top.
pub struct Picture {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// Three bytes a pixel.
    pub rgb: Vec<u8>,
}

impl Picture {
    fn new(width: u32, height: u32) -> Self {
        Picture {
            width,
            height,
            rgb: vec![0xFF; (width * height * 3) as usize],
        }
    }

    /// Blends `colour` into pixel (x, y) by `alpha` (0–1); outside the picture, nothing.
    fn blend(&mut self, x: i64, y: i64, colour: [u8; 3], alpha: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        let at = ((y as u32 * self.width + x as u32) * 3) as usize;
        let a = alpha.clamp(0.0, 1.0);
        for (k, c) in colour.iter().enumerate() {
            let old = f32::from(self.rgb[at + k]);
            self.rgb[at + k] = (old + (f32::from(*c) - old) * a).round() as u8;
        }
    }

    fn fill(&mut self, x0: i64, y0: i64, x1: i64, y1: i64, colour: [u8; 3]) {
        for y in y0.max(0)..y1.min(i64::from(self.height)) {
            for x in x0.max(0)..x1.min(i64::from(self.width)) {
                self.blend(x, y, colour, 1.0);
            }
        }
    }

    /// The picture as a PNG file.
    pub fn png(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let written = encoder
            .write_header()
            .and_then(|mut w| w.write_image_data(&self.rgb));
        // Writing to memory fails only on a size that does not match the pixels.
        match written {
            Ok(()) => bytes,
            Err(_) => Vec::new(),
        }
    }
}

/// Draws text with the bundled font.
struct Pen {
    font: FontRef<'static>,
}

impl Pen {
    fn new() -> Option<Self> {
        let droid = mupdf_fonts_droid::find_by_name("Droid Sans Fallback Full", false, false)?;
        FontRef::try_from_slice(droid.data)
            .ok()
            .map(|font| Pen { font })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let scaled = self.font.as_scaled(PxScale::from(size));
        text.chars()
            .map(|c| scaled.h_advance(scaled.glyph_id(c)))
            .sum()
    }

    /// `text` with its baseline at `y`, starting at `x`.
    fn write(&self, pic: &mut Picture, text: &str, x: f32, y: f32, size: f32, colour: [u8; 3]) {
        let scale = PxScale::from(size);
        let scaled = self.font.as_scaled(scale);
        let mut pen_x = x;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            let glyph = id.with_scale_and_position(scale, point(pen_x, y));
            pen_x += scaled.h_advance(id);
            if let Some(outline) = self.font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    pic.blend(
                        bounds.min.x as i64 + i64::from(gx),
                        bounds.min.y as i64 + i64::from(gy),
                        colour,
                        coverage,
                    );
                });
            }
        }
    }

    fn centred(&self, pic: &mut Picture, text: &str, cx: f32, y: f32, size: f32, colour: [u8; 3]) {
        let w = self.width(text, size);
        self.write(pic, text, cx - w / 2.0, y, size, colour);
    }
}

/// A round step for the scale: 1, 2 or 5 times a power of ten, about five steps to `max`.
fn step_for(max: usize) -> usize {
    let rough = (max.max(1) as f64 / 5.0).max(1.0);
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(rough);
    step.round().max(1.0) as usize
}

impl Chart {
    /// The chart drawn at [`WIDTH`] × [`HEIGHT`].
    pub fn draw(&self) -> Picture {
        let mut pic = Picture::new(WIDTH, HEIGHT);
        let Some(pen) = Pen::new() else {
            return pic;
        };
        let (w, h) = (WIDTH as f32, HEIGHT as f32);
        pen.centred(&mut pic, &self.title, w / 2.0, 40.0, 28.0, INK);
        let legend = self.series.len() > 1;
        // The plot: room for the scale on the left, the categories below, the legend right.
        let (left, right, top, bottom) = (
            80.0,
            if legend { w - 150.0 } else { w - 40.0 },
            80.0,
            h - 70.0,
        );
        let max = self
            .series
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .max()
            .unwrap_or(0);
        let step = step_for(max);
        let top_value = (max.div_ceil(step).max(1) * step) as f32;
        let y_of = |v: f32| bottom - (bottom - top) * v / top_value;
        let mut v = 0;
        while v as f32 <= top_value {
            let y = y_of(v as f32);
            pic.fill(
                left as i64,
                y as i64,
                right as i64,
                y as i64 + 2,
                if v == 0 { INK } else { GRID },
            );
            let label = v.to_string();
            let lw = pen.width(&label, 20.0);
            pen.write(&mut pic, &label, left - 12.0 - lw, y + 7.0, 20.0, INK);
            v += step;
        }
        let n = self.categories.len().max(1) as f32;
        let slot = (right - left) / n;
        let bars = self.series.len().max(1) as f32;
        let bar = slot * 0.6 / bars;
        for (k, category) in self.categories.iter().enumerate() {
            let x0 = left + slot * k as f32 + slot * 0.2;
            for (s, (_, values)) in self.series.iter().enumerate() {
                let value = values.get(k).copied().unwrap_or(0);
                let bx = x0 + bar * s as f32;
                let by = y_of(value as f32);
                pic.fill(
                    bx as i64,
                    by as i64,
                    (bx + bar - 4.0) as i64,
                    bottom as i64,
                    COLOURS[s % 2],
                );
                pen.centred(
                    &mut pic,
                    &value.to_string(),
                    bx + bar / 2.0 - 2.0,
                    by - 8.0,
                    20.0,
                    INK,
                );
            }
            pen.centred(
                &mut pic,
                category,
                left + slot * (k as f32 + 0.5),
                bottom + 34.0,
                22.0,
                INK,
            );
        }
        if legend {
            for (s, (name, _)) in self.series.iter().enumerate() {
                let y = top + 20.0 + 40.0 * s as f32;
                pic.fill(
                    (right + 24.0) as i64,
                    (y - 16.0) as i64,
                    (right + 44.0) as i64,
                    (y + 4.0) as i64,
                    COLOURS[s % 2],
                );
                pen.write(&mut pic, name, right + 52.0, y + 2.0, 22.0, INK);
            }
        }
        pic
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_steps_are_round() {
        assert_eq!(step_for(0), 1);
        assert_eq!(step_for(4), 1);
        assert_eq!(step_for(27), 10);
        assert_eq!(step_for(9), 2);
        assert_eq!(step_for(230), 50);
    }

    #[test]
    fn bars_are_drawn_to_scale_in_their_colours() {
        let chart = Chart {
            title: "复核等级分布".into(),
            categories: ["优", "良", "中", "差"].map(String::from).to_vec(),
            series: vec![
                ("本年".into(), vec![10, 5, 0, 0]),
                ("上年".into(), vec![8, 0, 0, 2]),
            ],
        };
        let pic = chart.draw();
        assert_eq!(pic.rgb.len(), (WIDTH * HEIGHT * 3) as usize);
        let at = |x: u32, y: u32| {
            let i = ((y * WIDTH + x) * 3) as usize;
            [pic.rgb[i], pic.rgb[i + 1], pic.rgb[i + 2]]
        };
        // The plot is 730 px wide over four categories; 优's first bar from x ≈ 116.
        // Its top is at 10 of a scale to 10: the plot's top (80); the foot is at 410.
        assert_eq!(at(125, 200), COLOURS[0]);
        assert_eq!(at(125, 405), COLOURS[0]);
        // 良's second bar (上年, 0) is not drawn; its first (本年, 5) reaches half way.
        let x = (80.0 + 182.5 + 182.5 * 0.2 + 5.0) as u32;
        assert_eq!(at(x, 300), COLOURS[0]);
        assert_eq!(at(x, 200), [0xFF; 3]);
        // The same figures give the same bytes.
        assert_eq!(pic.png(), chart.draw().png());
        assert!(pic.png().starts_with(b"\x89PNG\r\n\x1a\n"));
    }
}
