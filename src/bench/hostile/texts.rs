//! Hostile texts and names: decimals past any form, control characters, texts and names
//! past every limit, special files, lines and fields and forms by the hundred thousand.

use super::*;

pub(super) fn long_decimals(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn control_characters(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn long_texts(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn odd_names(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn odd_file_names(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = first_form();
    let long = format!("{}.txt", "长".repeat(78));
    let out = vec![
        write(dir, "换行\n名称.txt", text.as_bytes(), Expect::Forms(1))?,
        write(
            dir,
            "转义\u{1b}[2J名称.txt",
            text.as_bytes(),
            Expect::Forms(1),
        )?,
        write(dir, &long, text.as_bytes(), Expect::Forms(1))?,
    ];
    // A name that is no UTF-8: only Unix file systems can hold one.
    #[cfg(unix)]
    let out = {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"\xff\xfe-invalid-utf8.txt");
        std::fs::write(dir.join(name), text.as_bytes())?;
        let mut out = out;
        out.push(planted(&name.to_string_lossy(), Expect::Forms(1)));
        out
    };
    Ok(out)
}

pub(super) fn special_files(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn text_wide(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let line = "\t".repeat(2_000_000);
    Ok(vec![write(
        dir,
        "两百万栏.txt",
        line.as_bytes(),
        rejected("TEXT_TOO_LARGE"),
    )?])
}

pub(super) fn many_forms(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = first_form().repeat(3_000);
    Ok(vec![write(
        dir,
        "三千份.txt",
        text.as_bytes(),
        rejected("TOO_MANY_FORMS"),
    )?])
}

pub(super) fn text_empty_lines(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let bytes = vec![b'\n'; 49 << 20];
    Ok(vec![write(
        dir,
        "空行.txt",
        &bytes,
        rejected("TEXT_TOO_LARGE"),
    )?])
}

pub(super) fn text_huge_field(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = format!("{}{}", first_form(), "很".repeat(15 << 20));
    Ok(vec![write(
        dir,
        "超长栏.txt",
        text.as_bytes(),
        Expect::Accounted,
    )?])
}

pub(super) fn text_huge_label(dir: &Path) -> std::io::Result<Vec<Planted>> {
    let text = format!("{}项目名称（{}）\t\n", first_form(), "很".repeat(15 << 20));
    Ok(vec![write(
        dir,
        "超长标签.txt",
        text.as_bytes(),
        Expect::Forms(1),
    )?])
}

pub(super) fn text_100k_indicators(dir: &Path) -> std::io::Result<Vec<Planted>> {
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

pub(super) fn many_duplicates(dir: &Path) -> std::io::Result<Vec<Planted>> {
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
