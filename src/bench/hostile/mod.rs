//! The hostile-input suite: files made to break a reader — damaged compound files and zip
//! packages, sizes and counts far past any form, names no file system likes, special files
//! — each planted in a folder beside a good form.
//!
//! Every case says what must become of each file it plants. `cargo test` runs the small
//! cases (tests/hostile.rs); `zipingbiao bench --hostile` runs every case, the large ones
//! too, each in a fresh process, and measures its time and peak memory against
//! [`TIME_LIMIT`] and [`MEMORY_LIMIT_MB`].

pub mod forge;
pub mod watch;

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

fn xls_cfb_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let layout = forge::CfbLayout::read(XLS).ok_or_else(|| std::io::Error::other("xls"))?;
    let workbook = layout
        .entry(XLS, "Workbook")
        .ok_or_else(|| std::io::Error::other("no Workbook entry"))?;
    let start = u32::from_le_bytes(
        XLS[workbook + 0x74..workbook + 0x78]
            .try_into()
            .unwrap_or_default(),
    );
    let mut variants: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut edit = |name, f: &dyn Fn(&mut Vec<u8>)| {
        let mut b = XLS.to_vec();
        f(&mut b);
        variants.push((name, b));
    };
    edit("sector-shift", &|b| put_u16(b, 0x1E, 0x20));
    edit("fat-count", &|b| put_u32(b, 0x2C, 0x00FF_FFFF));
    edit("difat-out-of-range", &|b| put_u32(b, 0x4C, 0x0FFF_0000));
    edit("directory-sector", &|b| put_u32(b, 0x30, 0xFFFF_FFF0));
    edit("mini-fat", &|b| put_u32(b, 0x3C, 0x7FFF_FFFF));
    edit("stream-size", &|b| put_u32(b, workbook + 0x78, 0xFFFF_FFF0));
    edit("stream-start", &|b| {
        put_u32(b, workbook + 0x74, 0x0FFF_FFFF)
    });
    edit("sibling-loop", &|b| {
        for side in [0x44, 0x48, 0x4C] {
            put_u32(b, workbook + side, 1);
        }
    });
    edit("fat-entry-out-of-range", &|b| {
        if let Some(at) = layout.fat_entry(start) {
            put_u32(b, at, 0x7FFF_FFF0);
        }
    });
    edit("fat-zeroed", &|b| {
        if let Some(&at) = layout.fat_sectors.first() {
            b[at..at + layout.sector].fill(0);
        }
    });
    variants
        .into_iter()
        .map(|(name, b)| write(dir, &format!("损坏-{name}.xls"), &b, Expect::Accounted))
        .collect()
}

fn xls_fat_loop(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let layout = forge::CfbLayout::read(XLS).ok_or_else(|| std::io::Error::other("xls"))?;
    let workbook = layout
        .entry(XLS, "Workbook")
        .ok_or_else(|| std::io::Error::other("no Workbook entry"))?;
    let start = u32::from_le_bytes(
        XLS[workbook + 0x74..workbook + 0x78]
            .try_into()
            .unwrap_or_default(),
    );
    // The chain's first sector points to itself; its second points back to the first.
    [("self", start, start), ("back", start + 1, start)]
        .iter()
        .map(|&(name, at, target)| {
            let mut b = XLS.to_vec();
            if let Some(entry) = layout.fat_entry(at) {
                put_u32(&mut b, entry, target);
            }
            write(
                dir,
                &format!("循环-{name}.xls"),
                &b,
                rejected("CORRUPT_FILE"),
            )
        })
        .collect()
}

fn xls_biff_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let stream = forge::xls_workbook_stream(XLS)?;
    let mut rng = Lcg(2024);
    let mut out = Vec::new();
    for i in 0..60 {
        let mut s = stream.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(s.len());
            s[at] = match rng.below(4) {
                0 => 0,
                1 => 0xFF,
                _ => rng.below(256) as u8,
            };
        }
        let bytes = forge::xls_with_stream(&s)?;
        out.push(write(
            dir,
            &format!("biff/{i:02}.xls"),
            &bytes,
            Expect::Accounted,
        )?);
    }
    Ok(out)
}

fn xls_truncated(dir: &Path) -> std::io::Result<Vec<Planted>> {
    [10, 25, 50, 75, 95]
        .iter()
        .map(|pct| {
            let cut = XLS.len() * pct / 100;
            write(
                dir,
                &format!("截断-{pct}.xls"),
                &XLS[..cut],
                Expect::Accounted,
            )
        })
        .collect()
}

fn xls_far_cell(dir: &Path) -> std::io::Result<Vec<Planted>> {
    const LABELSST: u16 = 0x00FD;
    const DIMENSIONS: u16 = 0x0200;
    let stream = forge::xls_workbook_stream(XLS)?;
    let mut out = Vec::new();
    for (name, row, col) in [("last", 0xFFFF, 0x00FF), ("beyond", 0xFFFF, 0xFFFF)] {
        let mut s = stream.clone();
        if let Some(&at) = forge::biff_records(&s, LABELSST).last() {
            put_u16(&mut s, at, row);
            put_u16(&mut s, at + 2, col);
        }
        let bytes = forge::xls_with_stream(&s)?;
        out.push(write(
            dir,
            &format!("远处单元格-{name}.xls"),
            &bytes,
            rejected("SHEET_TOO_LARGE"),
        )?);
    }
    let mut s = stream;
    for at in forge::biff_records(&s, DIMENSIONS) {
        put_u32(&mut s, at + 4, 0x0010_0000);
        put_u16(&mut s, at + 10, 0x4000);
    }
    let bytes = forge::xls_with_stream(&s)?;
    out.push(write(
        dir,
        "声明过大.xls",
        &bytes,
        rejected("SHEET_TOO_LARGE"),
    )?);
    Ok(out)
}

fn xlsb_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let rows = rows_of(&first_form());
    let good = Xlsb::of_rows(&rows);
    let mut out = vec![write(dir, "完好.xlsb", &good.bytes(), Expect::Forms(1))?];
    let mut variant = |name: &str, f: &dyn Fn(&mut Xlsb)| -> std::io::Result<()> {
        let mut x = Xlsb::of_rows(&rows);
        f(&mut x);
        out.push(write(
            dir,
            &format!("损坏-{name}.xlsb"),
            &x.bytes(),
            Expect::Accounted,
        )?);
        Ok(())
    };
    variant("short-bundle", &|x| x.bundle_sheet = Some(vec![0; 6]))?;
    variant("unknown-rel", &|x| {
        let mut b = vec![0; 8];
        b.extend(forge::wide("rId9"));
        b.extend(forge::wide("Sheet1"));
        x.bundle_sheet = Some(b);
    })?;
    variant("rel-length", &|x| {
        let mut b = vec![0; 8];
        b.extend_from_slice(&0x0FFF_FFFFu32.to_le_bytes());
        x.bundle_sheet = Some(b);
    })?;
    variant("shared-string-index", &|x| {
        let mut body = 3u32.to_le_bytes().to_vec();
        body.extend_from_slice(&0u32.to_le_bytes());
        body.extend_from_slice(&0x00FF_FFFFu32.to_le_bytes());
        x.extra_sheet_records = forge::record(0x0007, &body);
    })?;
    variant("short-cell", &|x| {
        x.extra_sheet_records = forge::record(0x0005, &[1, 2])
    })?;
    variant("string-length", &|x| {
        let mut body = 0u32.to_le_bytes().to_vec();
        body.extend_from_slice(&0u32.to_le_bytes());
        body.extend_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        x.extra_sheet_records = forge::record(0x0006, &body);
    })?;
    // A record that declares 256 MB and ends at once.
    variant("record-length", &|x| {
        x.extra_sheet_records = vec![0x06, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3]
    })?;
    Ok(out)
}

fn xlsb_far_cell(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let rows = rows_of(&first_form());
    let mut out = Vec::new();
    for (name, row, col) in [("last", 1_048_575, 16_383), ("beyond", 1_000, 0xFFFF_FFF0)] {
        let mut x = Xlsb::of_rows(&rows);
        x.cells.push((row, col, "x".to_owned()));
        out.push(write(
            dir,
            &format!("远处单元格-{name}.xlsb"),
            &x.bytes(),
            rejected("SHEET_TOO_LARGE"),
        )?);
    }
    Ok(out)
}

fn ods_huge_repeat(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let good = forge::ods_table("自评表", &rows_of(&first_form()));
    let repeat = "<table:table table:name=\"重复\"><table:table-row table:number-rows-repeated=\"1000000\">\
        <table:table-cell office:value-type=\"string\" table:number-columns-repeated=\"16384\"><text:p>项目名称</text:p></table:table-cell>\
        </table:table-row></table:table>";
    let far = "<table:table table:name=\"远处\"><table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell/></table:table-row>\
        <table:table-row><table:table-cell table:number-columns-repeated=\"16000\"/><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>";
    Ok(vec![
        write(dir, "完好.ods", &forge::ods(&good), Expect::Forms(1))?,
        write(
            dir,
            "重复.ods",
            &forge::ods(&format!("{good}{repeat}")),
            rejected("SHEET_TOO_LARGE"),
        )?,
        write(
            dir,
            "远处.ods",
            &forge::ods(&format!("{good}{far}")),
            rejected("SHEET_TOO_LARGE"),
        )?,
    ])
}

// ---- zip packages ----

fn xlsx_missing_parts(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let members = forge::unzip(&form_xlsx(|_| {})?)?;
    let mut out = Vec::new();
    for (i, dropped) in members.iter().enumerate() {
        let kept: Vec<Member> = members
            .iter()
            .filter(|m| m.name != dropped.name)
            .map(|m| Member::new(m.name.clone(), m.data.clone()))
            .collect();
        out.push(write(
            dir,
            &format!("缺{i:02}.xlsx"),
            &forge::zip(&kept),
            Expect::Accounted,
        )?);
    }
    Ok(out)
}

fn xlsx_crc(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let members = forge::unzip(&form_xlsx(|_| {})?)?;
    let stored: Vec<Member> = members
        .into_iter()
        .map(|m| Member::new(m.name, m.data).stored())
        .collect();
    let mut bytes = forge::zip(&stored);
    let good = bytes.clone();
    // 12814895.16 → 92814895.16 in the sheet: what a flipped bit on a USB stick does.
    let needle = b"12814895.16";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .ok_or_else(|| std::io::Error::other("amount not in the sheet"))?;
    bytes[at] = b'9';
    Ok(vec![
        write(dir, "完好.xlsx", &good, Expect::Forms(1))?,
        write(dir, "校验和不符.xlsx", &bytes, rejected("CORRUPT_FILE"))?,
    ])
}

fn xlsx_lying_size(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let mut members = forge::unzip(&form_xlsx(|_| {})?)?;
    for m in &mut members {
        if m.name == "xl/sharedStrings.xml" {
            // A comment after the strings: 16 MB that deflate ~1000:1.
            m.data.extend_from_slice(b"<!--");
            m.data.resize(m.data.len() + (16 << 20), b'x');
            m.data.extend_from_slice(b"-->");
            m.declared_size = Some(1024);
        }
    }
    Ok(vec![write(
        dir,
        "谎报大小.xlsx",
        &forge::zip(&members),
        rejected("ZIP_BOMB"),
    )?])
}

fn xlsx_many_parts(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let mut members = forge::unzip(&form_xlsx(|_| {})?)?;
    members.extend((0..200_000).map(|i| Member::new(format!("x/{i}"), Vec::new()).stored()));
    Ok(vec![write(
        dir,
        "部件过多.xlsx",
        &forge::zip(&members),
        rejected("ZIP_BOMB"),
    )?])
}

/// The form's workbook with `extra` XML spliced into its form sheet: rows before
/// `</sheetData>` or elements after it.
fn xlsx_with_sheet_xml(rows: &str, after_data: &str) -> std::io::Result<Vec<u8>> {
    let mut members = forge::unzip(&form_xlsx(|_| {})?)?;
    for m in &mut members {
        if m.name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8_lossy(&m.data).into_owned();
            let mut xml = xml.replace("</sheetData>", &format!("{rows}</sheetData>{after_data}"));
            // The declared dimension would tell the reader the truth too early.
            if let Some(start) = xml.find("<dimension ")
                && let Some(len) = xml[start..].find("/>")
            {
                xml.replace_range(start..start + len + 2, "");
            }
            m.data = xml.into_bytes();
        }
    }
    Ok(forge::zip(&members))
}

fn xlsx_far_cell(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let bytes = xlsx_with_sheet_xml(
        "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row>",
        "",
    )?;
    Ok(vec![write(
        dir,
        "远处单元格.xlsx",
        &bytes,
        rejected("SHEET_TOO_LARGE"),
    )?])
}

fn xlsx_many_merges(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let mut merges = String::from("<mergeCells count=\"300000\">");
    for i in 0..300_000u32 {
        merges.push_str(&format!(
            "<mergeCell ref=\"A{}:Z{}\"/>",
            40 + i % 1000,
            1040 + i % 1000
        ));
    }
    merges.push_str("</mergeCells>");
    let bytes = xlsx_with_sheet_xml("", &merges)?;
    Ok(vec![write(
        dir,
        "合并过多.xlsx",
        &bytes,
        rejected("SHEET_TOO_LARGE"),
    )?])
}

fn xlsx_shared_strings(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let mut members = forge::unzip(&form_xlsx(|_| {})?)?;
    let mut rng = Lcg(7);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for m in &mut members {
        if m.name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8_lossy(&m.data).into_owned();
            let mut extra = String::with_capacity(110 << 20);
            for _ in 0..5_000_000 {
                extra.push_str("<si><t>");
                for _ in 0..6 {
                    extra.push(ALPHABET[rng.below(64)] as char);
                }
                extra.push_str("</t></si>");
            }
            m.data = xml
                .replace("</sst>", &format!("{extra}</sst>"))
                .into_bytes();
        }
    }
    Ok(vec![write(
        dir,
        "共享字符串过多.xlsx",
        &forge::zip(&members),
        rejected("FILE_TOO_LARGE"),
    )?])
}

fn xlsx_5m_cells(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let mut rows = String::with_capacity(120 << 20);
    let mut rng = Lcg(5);
    for r in 0..2_500u32 {
        rows.push_str(&format!("<row r=\"{}\">", r + 100));
        for c in 0..2_000u32 {
            rows.push_str(&format!(
                "<c r=\"{}{}\"><v>{}</v></c>",
                crate::read::grid::column_letters(c),
                r + 100,
                rng.below(100_000)
            ));
        }
        rows.push_str("</row>");
    }
    let bytes = xlsx_with_sheet_xml(&rows, "")?;
    Ok(vec![write(
        dir,
        "五百万格.xlsx",
        &bytes,
        rejected("SHEET_TOO_LARGE"),
    )?])
}

// ---- values and names ----

fn long_decimals(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let v = "9.1234567890123456789012345678";
    let tiny = "0.0000000012345678901234567890";
    let text = first_form()
        .replacen(
            "12,814,895.16\t12,814,895.16\t10\t100.00%\t10",
            &format!("{v}\t{v}\t{v}\t{tiny}%\t{v}"),
            1,
        )
        .replacen(
            ">=90%\t登记率96%、准确率97%\t5\t5",
            &format!(">={v}%\t登记率{tiny}%\t{v}\t{v}"),
            1,
        )
        .replacen(
            "下降\t全年同比下降14.6%\t5\t5",
            &format!("下降{v}%\t全年同比下降{v}%\t{tiny}\t{v}"),
            1,
        );
    let xlsx = form_xlsx(|form| {
        let d: rust_decimal::Decimal = v.parse().unwrap_or_default();
        form.funds.total.adjusted.value = Some(d);
        for ind in &mut form.indicators {
            ind.score.value = Some(d);
            ind.target.value = format!("≥{v}%");
        }
    })?;
    Ok(vec![
        write(dir, "长小数.txt", text.as_bytes(), Expect::Forms(1))?,
        write(dir, "长小数.xlsx", &xlsx, Expect::Forms(1))?,
    ])
}

fn control_characters(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = first_form()
        .replacen(
            "平安办工作经费",
            "平安办\u{1b}[31m工作\u{7}经费\u{85}\u{202e}",
            1,
        )
        .replacen(
            "上海市宝山区淞南镇城市运行管理中心",
            "运行\u{1b}]0;标题\u{7}中心\u{8}\u{fffe}",
            1,
        )
        .replacen("完成较好", "完成\u{1}较好\u{1f}", 1);
    Ok(vec![write(
        dir,
        "控制字符.txt",
        text.as_bytes(),
        Expect::Forms(1),
    )?])
}

fn long_texts(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let remark = "偏差原因".repeat(10_000);
    let unit = "单位".repeat(16_500);
    let text = first_form()
        .replacen("提前做好维护计划，并严格按照时间节点推进工作", &remark, 1)
        .replacen("上海市宝山区淞南镇城市运行管理中心", &unit, 1);
    Ok(vec![write(
        dir,
        "长文本.txt",
        text.as_bytes(),
        Expect::Forms(1),
    )?])
}

fn odd_names(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let wide = "𠀀".repeat(200) + &"😀".repeat(30);
    let mut out = Vec::new();
    for (i, (project, unit)) in [
        (wide.as_str(), wide.as_str()),
        ("CON", "NUL"),
        ("aux.pdf", "LPT9"),
        ("a/b\\c:d*e?f\"g<h>i|j", "../../.."),
        (" . ", "."),
        ("   ", "   "),
    ]
    .iter()
    .enumerate()
    {
        let text = first_form()
            .replacen("平安办工作经费", project, 1)
            .replacen("上海市宝山区淞南镇城市运行管理中心", unit, 1);
        out.push(write(
            dir,
            &format!("名称{i}.txt"),
            text.as_bytes(),
            Expect::Forms(1),
        )?);
    }
    Ok(out)
}

fn odd_file_names(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = first_form();
    let long = format!("{}.txt", "长".repeat(78));
    let mut out = vec![
        write(dir, "换行\n名称.txt", text.as_bytes(), Expect::Forms(1))?,
        write(
            dir,
            "转义\u{1b}[2J名称.txt",
            text.as_bytes(),
            Expect::Forms(1),
        )?,
        write(dir, &long, text.as_bytes(), Expect::Forms(1))?,
    ];
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"\xff\xfe-invalid-utf8.txt");
        std::fs::write(dir.join(name), text.as_bytes())?;
        out.push(planted(&name.to_string_lossy(), Expect::Forms(1)));
    }
    Ok(out)
}

fn special_files(dir: &Path) -> std::io::Result<Vec<Planted>> {
    #[cfg(unix)]
    {
        let fifo = dir.join("x.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status()?;
        if !made.success() {
            return Err(std::io::Error::other("mkfifo failed"));
        }
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.xlsx"))?;
        std::fs::create_dir_all(dir.join("循环"))?;
        std::os::unix::fs::symlink("..", dir.join("循环/上一级"))?;
        Ok(vec![
            planted("x.txt", rejected("NOT_A_FILE")),
            planted("zero.xlsx", rejected("NOT_A_FILE")),
            planted("循环/上一级", rejected("IO_ERROR")),
        ])
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(Vec::new())
    }
}

fn text_wide(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let line = "\t".repeat(2_000_000);
    Ok(vec![write(
        dir,
        "两百万栏.txt",
        line.as_bytes(),
        rejected("TEXT_TOO_LARGE"),
    )?])
}

fn many_forms(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = first_form().repeat(3_000);
    Ok(vec![write(
        dir,
        "三千份.txt",
        text.as_bytes(),
        rejected("TOO_MANY_FORMS"),
    )?])
}

fn text_empty_lines(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let bytes = vec![b'\n'; 49 << 20];
    Ok(vec![write(
        dir,
        "空行.txt",
        &bytes,
        rejected("TEXT_TOO_LARGE"),
    )?])
}

fn text_huge_field(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = format!("{}{}", first_form(), "很".repeat(15 << 20));
    Ok(vec![write(
        dir,
        "超长栏.txt",
        text.as_bytes(),
        Expect::Accounted,
    )?])
}

fn text_huge_label(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = format!("{}项目名称（{}）\t\n", first_form(), "很".repeat(15 << 20));
    Ok(vec![write(
        dir,
        "超长标签.txt",
        text.as_bytes(),
        Expect::Forms(1),
    )?])
}

fn text_100k_indicators(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let mut text = String::new();
    for line in first_form().lines() {
        text.push_str(line);
        text.push('\n');
        if line.contains("治安案件发生率") {
            for i in 0..100_000 {
                text.push_str(&format!("\t\t\t指标{i}\t={i}个\t{i}个\t1\t1\t\n"));
            }
        }
    }
    Ok(vec![write(
        dir,
        "十万指标.txt",
        text.as_bytes(),
        rejected("FORM_TOO_LARGE"),
    )?])
}

fn many_duplicates(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = first_form();
    (0..3_000)
        .map(|i| {
            write(
                dir,
                &format!("重复/{i:04}.txt"),
                text.as_bytes(),
                Expect::Forms(1),
            )
        })
        .collect()
}
