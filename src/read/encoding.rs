//! Decoding text dumps: UTF-8 (with or without BOM), UTF-16 (with BOM, or recognisably
//! without), and GB18030 — the superset of GBK that Chinese Windows writes by default.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, and the name of the encoding it was found in.
#[derive(Debug)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding it was found in (`UTF-8`, `gb18030`); the tests check the choice.
    #[cfg_attr(not(test), allow(dead_code))]
    pub encoding: &'static str,
}

/// Why bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or undecodable sequences: a binary file with a text extension.
    NotText,
}

/// Decodes a text dump, choosing the encoding from the BOM, the byte pattern, or UTF-8
/// validity, and falling back to GB18030.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_with(encoding, bytes);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::NotText);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8.name(),
        });
    }
    decode_with(GB18030, bytes)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors || (encoding != UTF_16LE && encoding != UTF_16BE && text.contains('\0')) {
        return Err(DecodeError::NotText);
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    })
}

/// UTF-16 saved without a BOM shows as text whose every other byte is zero (CJK text
/// has fewer zeros, so look for mostly-ASCII structure: tabs and digits).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zeros_at = |offset: usize| {
        sample
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // Tabs, line breaks and digits are ASCII, so a real UTF-16 dump of a form has a
    // large share of zero high bytes; binary files rarely show zeros on one side only.
    if odd * 4 >= pairs && even * 20 < pairs {
        Some(UTF_16LE)
    } else if even * 4 >= pairs && odd * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "项目名称\t平安办工作经费\r\n分值\t10\r\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!(plain.text, SAMPLE);
        assert_eq!(plain.encoding, "UTF-8");
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, SAMPLE);
    }

    #[test]
    fn gb18030() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, SAMPLE);
        assert_eq!(decoded.encoding, "gb18030");
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if little_endian {
                &[0xFF, 0xFE]
            } else {
                &[0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            let b = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        assert_eq!(decode(&utf16(SAMPLE, true, true)).unwrap().text, SAMPLE);
        assert_eq!(decode(&utf16(SAMPLE, false, true)).unwrap().text, SAMPLE);
    }

    #[test]
    fn utf16le_without_bom_when_mostly_ascii() {
        let text = "总分\t\t\t\t\t100\t96\r\n1\t2\t3\t4\t5\r\n";
        assert_eq!(decode(&utf16(text, true, false)).unwrap().text, text);
    }

    #[test]
    fn binary_is_not_text() {
        assert_eq!(
            decode(&[
                0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x08
            ])
            .unwrap_err(),
            DecodeError::NotText
        );
    }
}
