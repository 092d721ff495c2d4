//! `template`: the blank fill-in workbook for submitters.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use zipingbiao::config::Settings;
use zipingbiao::report::template::write_template;

use super::Failure;

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 模板保存到哪个文件（默认：财政项目支出绩效自评表（模板）.xlsx）
    #[arg(
        long,
        default_value = "财政项目支出绩效自评表（模板）.xlsx",
        hide_default_value = true,
        value_name = "文件"
    )]
    pub out: PathBuf,
    /// 标题中的年度（默认：上一年，即正在自评的年度）
    #[arg(long, value_name = "年度", value_parser = year)]
    pub year: Option<i32>,
    /// 改过的 form.toml 所在文件夹（其中的指标分类用作下拉列表）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
}

/// A year between 2000 and 2100, as a clerk types it.
fn year(text: &str) -> Result<i32, String> {
    match super::common::whole_number(text) {
        Ok(y) if (2000..=2100).contains(&y) => Ok(y as i32),
        _ => Err("应是 2000 到 2100 之间的年份，如 2024".to_owned()),
    }
}

/// The calendar year now (Beijing time), from the system clock: self-evaluation happens the
/// year after the one evaluated, so the template's default is the year before this.
fn this_year() -> i32 {
    zipingbiao::clock::beijing_now().0
}

pub fn template(args: TemplateArgs) -> Result<ExitCode, Failure> {
    let settings = Settings::load(args.templates.as_deref())?;
    let year = args.year.unwrap_or_else(|| this_year() - 1);
    write_template(&args.out, &settings, year, None)
        .map_err(|e| zipingbiao::Error::write(&args.out, e))?;
    println!("已生成填报模板 → {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
