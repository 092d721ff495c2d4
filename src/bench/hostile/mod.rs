//! The hostile-input suite: files made to break a reader — damaged compound files and zip
//! packages, sizes and counts far past any form, names no file system likes, special files
//! — each planted in a folder beside a good form.
//!
//! Every case says what must become of each file it plants. `cargo test` runs the small
//! cases (tests/hostile.rs); `zipingbiao bench --hostile` runs every case, the large ones
//! too, each in a fresh process, and measures its time and peak memory against
//! [`TIME_LIMIT`] and [`MEMORY_LIMIT_MB`].

mod documents;
pub mod forge;
mod texts;
pub mod watch;
mod workbooks;

use documents::*;
use texts::*;
use workbooks::*;

use std::path::Path;

use forge::{Lcg, Member, Xlsb, put_u16, put_u32};

/// No single hostile file may take longer than this (seconds, the whole run of its folder).
pub const TIME_LIMIT: f64 = 5.0;
/// Nor more memory than this (peak resident, MB).
pub const MEMORY_LIMIT_MB: f64 = 500.0;

/// What must become of a planted file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Expect {
    /// Read, with this many forms.
    Forms(usize),
    /// In rejected.json with this code.
    Rejected(String),
    /// Either: forms, or a rejection with any code (random damage).
    Accounted,
}

/// A file a case wrote, relative to its folder (with `/`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Planted {
    pub file: String,
    pub expect: Expect,
}

/// One hostile case.
pub struct Case {
    pub name: &'static str,
    /// What it does and what broke before, in a line.
    pub about: &'static str,
    /// Too big or slow for `cargo test`: run by `bench --hostile` only.
    pub large: bool,
    /// Its own bound on the run's time where it is a whole batch, not one file.
    pub seconds: f64,
    make: fn(&Path) -> std::io::Result<Vec<Planted>>,
}

/// The good form planted in every case folder: the seed's first form.
pub const GOOD_FILE: &str = "好表.txt";

impl Case {
    /// Writes the case's files into `dir` (which must exist): the good form and the
    /// hostile ones. Returns what must become of each.
    pub fn make(&self, dir: &Path) -> std::io::Result<Vec<Planted>> {
        std::fs::write(dir.join(GOOD_FILE), first_form())?;
        let mut planted = vec![planted(GOOD_FILE, Expect::Forms(1))];
        planted.extend((self.make)(dir)?);
        Ok(planted)
    }
}

fn rejected(code: &str) -> Expect {
    Expect::Rejected(code.to_owned())
}

/// The case named `name`.
pub fn find(name: &str) -> Option<Case> {
    cases().into_iter().find(|c| c.name == name)
}

fn planted(file: &str, expect: Expect) -> Planted {
    Planted {
        file: file.to_owned(),
        expect,
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8], expect: Expect) -> std::io::Result<Planted> {
    if let Some(parent) = Path::new(name).parent() {
        std::fs::create_dir_all(dir.join(parent))?;
    }
    std::fs::write(dir.join(name), bytes)?;
    Ok(planted(name, expect))
}

const fn case(
    name: &'static str,
    about: &'static str,
    large: bool,
    make: fn(&Path) -> std::io::Result<Vec<Planted>>,
) -> Case {
    Case {
        name,
        about,
        large,
        seconds: TIME_LIMIT,
        make,
    }
}

/// Every case, small ones first.
pub fn cases() -> Vec<Case> {
    let mut all = vec![
        case(
            "xls-cfb-damaged",
            "damaged .xls compound-file headers, FAT and directory (calamine panicked in cfb.rs)",
            false,
            xls_cfb_damaged,
        ),
        case(
            "xls-cfb-fat-loop",
            "a FAT chain that loops back on itself (memory without bound)",
            false,
            xls_fat_loop,
        ),
        case(
            "xls-biff-damaged",
            "random damage to the BIFF records of an .xls (panics in xls.rs)",
            false,
            xls_biff_damaged,
        ),
        case(
            "xls-truncated",
            ".xls files cut short",
            false,
            xls_truncated,
        ),
        case(
            "xls-far-cell",
            "an .xls cell at the far row and column, a DIMENSIONS record of 16 billion cells",
            false,
            xls_far_cell,
        ),
        case(
            "xlsb-damaged",
            "damaged .xlsb records: short records, unknown ids, bad string indexes (panics in xlsb/mod.rs)",
            false,
            xlsb_damaged,
        ),
        case(
            "xlsb-far-cell",
            "an .xlsb cell at the far column (memory without bound)",
            false,
            xlsb_far_cell,
        ),
        case(
            "ods-huge-repeat",
            "an .ods cell repeated over a million rows and every column",
            false,
            ods_huge_repeat,
        ),
        case(
            "xlsx-missing-parts",
            "an .xlsx missing each of its parts in turn",
            false,
            xlsx_missing_parts,
        ),
        case(
            "xlsx-crc",
            "an .xlsx with one stored digit changed (read as valid, 9x the amount)",
            false,
            xlsx_crc,
        ),
        case(
            "xlsx-lying-size",
            "a zip member that declares 1 KB and inflates to 16 MB",
            false,
            xlsx_lying_size,
        ),
        case(
            "xlsx-many-parts",
            "a zip package of 200,000 members",
            false,
            xlsx_many_parts,
        ),
        case(
            "xlsx-far-cell",
            "a form with one value in cell XFD1048576",
            false,
            xlsx_far_cell,
        ),
        case(
            "xlsx-many-merges",
            "300,000 merged ranges over one sheet",
            false,
            xlsx_many_merges,
        ),
        case(
            "long-decimals",
            "amounts, rates, weights and scores with 28-digit fractions (panic in the workers)",
            false,
            long_decimals,
        ),
        case(
            "control-characters",
            "ESC, BEL, C1 and bidi controls in names (summary.xlsx invalid XML, raw terminal escapes)",
            false,
            control_characters,
        ),
        case(
            "long-texts",
            "a remark of 40,000 characters, a unit name of 33,000 (summary.xlsx failed)",
            false,
            long_texts,
        ),
        case(
            "odd-names",
            "names of 4-byte characters and emoji, reserved and forbidden names (PDF name too long)",
            false,
            odd_names,
        ),
        case(
            "odd-file-names",
            "input file names with control characters, newlines and 240 bytes",
            false,
            odd_file_names,
        ),
        case(
            "special-files",
            "a FIFO named x.txt, a link to /dev/zero named .xlsx, a link loop (the run blocked)",
            false,
            special_files,
        ),
        case(
            "text-wide",
            "a text line of 2 million fields",
            false,
            text_wide,
        ),
        case(
            "many-forms",
            "one text file of 3,000 forms",
            false,
            many_forms,
        ),
        case(
            "docx-damaged",
            "Word documents cut short, with broken XML, not Word inside, a column past every integer (a panic), tables nested 50,000 deep",
            false,
            docx_damaged,
        ),
        case(
            "pdf-damaged",
            "PDFs with only a header, cut short, scanned, exported from a workbook",
            false,
            pdf_damaged,
        ),
        case(
            "xlsx-shared-strings",
            "a shared-strings part of 5 million strings",
            true,
            xlsx_shared_strings,
        ),
        case(
            "xlsx-5m-cells",
            "a sheet of 5 million cells (23 s before it was rejected)",
            true,
            xlsx_5m_cells,
        ),
        case(
            "text-empty-lines",
            "49 MB of empty lines (memory without bound)",
            true,
            text_empty_lines,
        ),
        case(
            "text-huge-field",
            "one text field of 45 MB",
            true,
            text_huge_field,
        ),
        case(
            "text-huge-label",
            "a 45 MB cell that starts like a label (项目名称…)",
            true,
            text_huge_label,
        ),
        case(
            "text-100k-indicators",
            "a text form of 100,000 indicator rows (minutes)",
            true,
            text_100k_indicators,
        ),
        case(
            "pdf-bomb",
            "a PDF page of 100 KB that inflates to 100 MB",
            true,
            pdf_bomb,
        ),
        case(
            "docx-many-rows",
            "a Word table of 2.1 million empty rows",
            true,
            docx_many_rows,
        ),
    ];
    all.push(Case {
        seconds: 30.0,
        ..case(
            "many-duplicates",
            "3,000 copies of one form (did not finish in 2 minutes)",
            true,
            many_duplicates,
        )
    });
    all
}

// ---- the seed ----

const SEED: &str = include_str!("../../../samples/songnan-2023-self-evaluation.txt");
const XLS: &[u8] = include_bytes!(
    "../../../samples/浦东新区建交委/公路管理署-城市道路养护-自评表（97-2003格式）.xls"
);

/// The seed's first form, as text.
pub fn first_form() -> String {
    let lines: Vec<&str> = SEED.lines().collect();
    let second = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("财政项目支出绩效自评表"))
        .nth(1)
        .map(|(i, _)| i)
        .unwrap_or(lines.len());
    lines[..second].join("\n") + "\n"
}

fn rows_of(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// The seed's first form as an .xlsx written by the fill-in template.
fn form_xlsx(edit: impl FnOnce(&mut crate::model::Form)) -> std::io::Result<Vec<u8>> {
    let settings = crate::config::Settings::builtin();
    let mut form = super::seed_forms(&settings)
        .into_iter()
        .next()
        .ok_or_else(|| std::io::Error::other("the seed gives no form"))?;
    edit(&mut form);
    crate::report::template::template_bytes(&settings, 2023, Some(&form))
        .map_err(std::io::Error::other)
}

// ---- panics ----
