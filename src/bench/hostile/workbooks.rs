//! Hostile workbooks: damaged compound files and BIFF records, zip packages that lie or
//! inflate, sheets with a far cell or too many cells, strings or merges.

use super::*;

pub(super) fn xls_cfb_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xls_fat_loop(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xls_biff_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xls_truncated(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xls_far_cell(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsb_damaged(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsb_far_cell(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn ods_huge_repeat(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsx_missing_parts(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsx_crc(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsx_lying_size(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsx_many_parts(dir: &Path) -> std::io::Result<Vec<Planted>> {
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
pub(super) fn xlsx_with_sheet_xml(rows: &str, after_data: &str) -> std::io::Result<Vec<u8>> {
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

pub(super) fn xlsx_far_cell(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsx_many_merges(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsx_shared_strings(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn xlsx_5m_cells(dir: &Path) -> std::io::Result<Vec<Planted>> {
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
