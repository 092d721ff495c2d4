//! Breaking text into lines that fit a width, by Chinese line-breaking rules: a line may
//! break between any two Chinese characters but not inside a Latin word or number, never
//! starts with closing punctuation (。，、）…) and never ends with opening punctuation (（《“).

use super::font::Font;

/// Characters that may not start a line.
const NO_START: &str = "。，、；：？！）》」』】〕〉”’…—%％,.;:?!)]}·";
/// Characters that may not end a line.
const NO_END: &str = "（《「『【〔〈“‘([{";

/// Splits text into units that are never broken: one CJK character, or a run of other
/// characters without spaces (a word, a number, `>=90%`), or one space.
fn units(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let single = crate::normalize::is_cjk(c) || c.is_whitespace();
        if single {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            out.push(&text[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

/// The most characters one cell or paragraph prints: a printed form is read, and a text of
/// tens of thousands of characters (forms.json keeps it whole) would fill dozens of pages
/// and take seconds to lay out.
pub const PRINTED_CHARS: usize = 3_000;

/// `text` as it is printed: without control characters (they have no glyph, and some
/// viewers act on them), cut at [`PRINTED_CHARS`] with a note of how long it was.
pub fn printed(text: &str) -> std::borrow::Cow<'_, str> {
    let clean = crate::normalize::printable(text);
    if clean.len() <= PRINTED_CHARS {
        return clean;
    }
    let total = clean.chars().count();
    if total <= PRINTED_CHARS {
        return clean;
    }
    let mut cut: String = clean.chars().take(PRINTED_CHARS).collect();
    cut.push_str(&format!("……（全文共 {total} 字，以下从略，见 forms.json）"));
    std::borrow::Cow::Owned(cut)
}

/// Lines of `text` at `size` points fitting `width` millimetres. Explicit line breaks are
/// kept; a unit wider than the line is broken by character. The text is made printable first.
pub fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
    let text = printed(text);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(font, paragraph, size, width, &mut lines);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn wrap_paragraph(font: &Font, text: &str, size: f32, width: f32, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut line_width = 0.0;
    for unit in units(text) {
        let w = font.width(unit, size);
        if line_width + w <= width || line.is_empty() && w <= width {
            line.push_str(unit);
            line_width += w;
            continue;
        }
        // Closing punctuation hangs at the end of the line rather than start the next.
        if first_char(unit).is_some_and(|c| NO_START.contains(c)) && !line.is_empty() {
            line.push_str(unit);
            lines.push(std::mem::take(&mut line));
            line_width = 0.0;
            continue;
        }
        if unit.trim().is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0.0;
            continue;
        }
        // Opening punctuation at the end of a line moves down with what it opens.
        let mut carried = String::new();
        while let Some(last) = line.chars().last().filter(|c| NO_END.contains(*c)) {
            line.pop();
            carried.insert(0, last);
        }
        if !line.trim().is_empty() {
            lines.push(std::mem::take(&mut line).trim_end().to_owned());
        }
        line = carried;
        line_width = font.width(&line, size);
        if line_width + w <= width {
            line.push_str(unit);
            line_width += w;
        } else {
            // A word longer than the line: break it by character.
            for c in unit.chars() {
                let cw = font.width(c.encode_utf8(&mut [0; 4]), size);
                if line_width + cw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += cw;
            }
        }
    }
    lines.push(line.trim_end().to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static FONT: LazyLock<Font> = LazyLock::new(Font::bundled);

    #[test]
    fn chinese_breaks_anywhere_but_punctuation_never_starts_a_line() {
        let text = "加强宣传工作，在各类媒体平台上推出更多关于安全防范的信息，引导公众形成积极主动的安全意识。";
        for width in [20.0, 25.0, 31.0, 40.0, 55.0] {
            let lines = wrap(&FONT, text, 9.0, width);
            assert_eq!(lines.concat(), text, "nothing lost at {width}");
            for line in &lines[1..] {
                let c = line.chars().next().unwrap();
                assert!(
                    !NO_START.contains(c),
                    "{line:?} starts with {c} at width {width}"
                );
            }
            for line in &lines {
                // A line may exceed the width only by one hanging punctuation mark.
                let trimmed: String = line.chars().filter(|c| !NO_START.contains(*c)).collect();
                assert!(
                    FONT.width(&trimmed, 9.0) <= width + 0.01,
                    "{line:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn numbers_and_words_stay_whole_and_openers_move_down() {
        let lines = wrap(&FONT, "实际完成12,814,895.16元（含结转资金）", 9.0, 30.0);
        assert!(
            lines.iter().any(|l| l.contains("12,814,895.16")),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| !l.ends_with('（')), "{lines:?}");
        assert_eq!(wrap(&FONT, "", 9.0, 30.0), [""]);
    }
}
