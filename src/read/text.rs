//! Text dumps (`.txt`, `.tsv`): one line a row, tab-separated fields; and `.csv`, the same
//! with commas.
//!
//! Lines end in LF or CRLF. A field that is a properly quoted string in Excel's
//! "Unicode text" export (`"a ""b"""`, possibly spanning lines) is unquoted; any other quote
//! is text, as in `"两个实有"的登记率`, which a PDF copy leaves as written.

use super::encoding::{self, DecodeError};
use super::grid::{Cell, Grid, Pos, SourceKind};
use super::limits::{Limit, MAX_TEXT_FIELDS, MAX_TEXT_LINES};
use super::{GridReader, ReadError};

/// Reads delimited text: tabs for `.txt`/`.tsv`, commas for `.csv`.
pub struct TextReader {
    /// The field separator: tab or comma.
    pub delimiter: char,
}

impl TextReader {
    /// Tab-separated text (`.txt`, `.tsv`): what a copy from a PDF or a sheet gives.
    pub const TAB: TextReader = TextReader { delimiter: '\t' };
    /// Comma-separated text (`.csv`).
    pub const COMMA: TextReader = TextReader { delimiter: ',' };
}

impl GridReader for TextReader {
    fn read(&self, bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
        if bytes.is_empty() {
            return Err(ReadError::Empty);
        }
        let decoded = encoding::decode(bytes).map_err(|DecodeError::NotText| ReadError::NotText)?;
        check_size(&decoded.text, self.delimiter)?;
        let mut grid = Grid::new(SourceKind::Text, None);
        grid.rows = parse_delimited(&decoded.text, self.delimiter);
        if grid.rows.iter().all(|row| row.iter().all(Cell::is_blank)) {
            return Err(ReadError::Empty);
        }
        Ok(vec![grid])
    }
}

/// Refuses text with more lines or fields than [`MAX_TEXT_LINES`] and [`MAX_TEXT_FIELDS`],
/// counted before a single cell is made.
fn check_size(text: &str, delimiter: char) -> Result<(), Limit> {
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    if lines > MAX_TEXT_LINES {
        return Err(Limit::TextLines(lines));
    }
    let fields = lines + text.matches(delimiter).count();
    if fields > MAX_TEXT_FIELDS {
        return Err(Limit::TextFields(fields));
    }
    Ok(())
}

/// Splits tab-separated text into rows of cells, each cell at its (line, field) position.
pub fn parse_tsv(text: &str) -> Vec<Vec<Cell>> {
    parse_delimited(text, '\t')
}

/// Splits text on `delimiter` and line breaks, honouring Excel's quoting.
pub fn parse_delimited(text: &str, delimiter: char) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let mut rest = text;
    let mut line: u32 = 0;
    while !rest.is_empty() {
        let mut row = Vec::new();
        loop {
            let col = row.len() as u32;
            let pos = Pos::new(line, col);
            let (field, after, lines_used) = match quoted_field(rest, delimiter) {
                Some(q) => q,
                None => {
                    let end = rest.find([delimiter, '\n']).unwrap_or(rest.len());
                    let field = rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]);
                    (field.to_owned(), &rest[end..], 0)
                }
            };
            line += lines_used;
            row.push(Cell {
                text: field,
                pos,
                is_error: false,
            });
            if let Some(next) = after.strip_prefix(delimiter) {
                rest = next;
                continue;
            }
            // End of record: a line break (CR already consumed by the field) or the end.
            rest = after
                .strip_prefix("\r\n")
                .or_else(|| after.strip_prefix('\n'))
                .unwrap_or(after);
            line += 1;
            break;
        }
        rows.push(row);
    }
    rows
}

/// A field in Excel's quoting: opens with `"`, doubles inner quotes, closes with `"` right
/// before the delimiter, a line break or the end. Returns the content, the text after the closing
/// quote and how many line breaks the field spans; `None` if it is not such a field.
fn quoted_field(s: &str, delimiter: char) -> Option<(String, &str, u32)> {
    let body = s.strip_prefix('"')?;
    let mut content = String::new();
    let mut lines = 0;
    let mut chars = body.char_indices();
    while let Some((i, ch)) = chars.next() {
        match ch {
            '"' => {
                let after = &body[i + 1..];
                if after.starts_with('"') {
                    content.push('"');
                    chars.next();
                } else if after.is_empty()
                    || after.starts_with([delimiter, '\n'])
                    || after.starts_with("\r\n")
                {
                    return Some((content, after, lines));
                } else {
                    return None;
                }
            }
            '\n' => {
                lines += 1;
                if content.ends_with('\r') {
                    content.pop();
                }
                content.push('\n');
            }
            _ => content.push(ch),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn splits_lines_and_tabs_with_crlf_or_lf() {
        for text in ["a\tb\r\n\r\nc\t\td\r\n", "a\tb\n\nc\t\td\n"] {
            let rows = parse_tsv(text);
            assert_eq!(
                texts(&rows),
                vec![vec!["a", "b"], vec![""], vec!["c", "", "d"]]
            );
            assert_eq!(rows[2][2].pos, Pos::new(2, 2));
        }
    }

    #[test]
    fn lines_and_fields_past_the_limits_are_refused_before_any_cell_is_made() {
        let lines = "\n".repeat(MAX_TEXT_LINES);
        assert_eq!(
            TextReader::TAB.read(lines.as_bytes()).unwrap_err(),
            ReadError::Limit(Limit::TextLines(MAX_TEXT_LINES + 1))
        );
        let fields = "\t".repeat(MAX_TEXT_FIELDS);
        assert_eq!(
            TextReader::TAB.read(fields.as_bytes()).unwrap_err().code(),
            "TEXT_TOO_LARGE"
        );
        // Commas are no fields in a tab-separated file.
        assert!(check_size(&",".repeat(MAX_TEXT_FIELDS), '\t').is_ok());
    }

    #[test]
    fn last_line_without_break_is_kept() {
        assert_eq!(texts(&parse_tsv("x\ty")), vec![vec!["x", "y"]]);
    }

    #[test]
    fn excel_quoted_fields_are_unquoted_and_may_span_lines() {
        let rows = parse_tsv("\"年度\r\n指标值\"\t\"a \"\"b\"\"\"\tz\r\nnext\r\n");
        assert_eq!(
            texts(&rows),
            vec![vec!["年度\n指标值", "a \"b\"", "z"], vec!["next"]]
        );
        // The row after a two-line field starts on line 3 of the file.
        assert_eq!(rows[1][0].pos, Pos::new(2, 0));
        // `z` stands on the second line of the file, after the two-line field closed.
        assert_eq!(rows[0][2].pos, Pos::new(1, 2));
    }

    #[test]
    fn csv_uses_commas_and_quoted_thousands() {
        let rows = parse_delimited("年度资金总额,\"12,690,000.00\",10\r\n", ',');
        assert_eq!(
            texts(&rows),
            vec![vec!["年度资金总额", "12,690,000.00", "10"]]
        );
    }

    #[test]
    fn quotes_inside_text_stay_as_written() {
        let rows = parse_tsv("绩效指标\t\"两个实有\"的登记率、注销准确率\t>=90%\n");
        assert_eq!(texts(&rows)[0][1], "\"两个实有\"的登记率、注销准确率");
        // An unclosed quote is text too.
        assert_eq!(texts(&parse_tsv("\"abc\tx\n"))[0], vec!["\"abc", "x"]);
    }
}
