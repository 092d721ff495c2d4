//! `template`: the blank fill-in workbook for submitters.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use zipingbiao::config::Settings;
use zipingbiao::report::template::write_template;

use super::Failure;

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Where to write the workbook.
    #[arg(long, default_value = "财政项目支出绩效自评表（模板）.xlsx")]
    pub out: PathBuf,
    /// The year printed in its title.
    #[arg(long, default_value_t = 2025)]
    pub year: i32,
    /// Folder with an edited form.toml (its taxonomy fills the drop-down lists).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

pub fn template(args: TemplateArgs) -> Result<ExitCode, Failure> {
    let settings = Settings::load(args.templates.as_deref())?;
    write_template(&args.out, &settings, args.year, None)
        .map_err(|e| zipingbiao::Error::write(&args.out, e))?;
    println!("已生成填报模板 → {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
