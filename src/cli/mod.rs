//! Command-line arguments; one file per subcommand.

mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use zipingbiao::pipeline::Settings;

/// 财政项目支出绩效自评表：批量提取、检查、复核评分。
/// Reads a folder of performance self-evaluation forms and writes what it found to an output folder.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read every form under INPUT and write forms.json and rejected.json (the default).
    Run(run::RunArgs),
}

pub fn dispatch(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Some(Command::Run(args)) => run::run(args),
        None => run::run(run::RunArgs::default()),
    }
}

/// The templates: built in, or `DIR/form.toml` and `DIR/scoring.toml` where the user gave
/// `--templates DIR`.
fn settings(templates: Option<&PathBuf>) -> Result<Settings, String> {
    Settings::load(templates.map(PathBuf::as_path)).map_err(|e| e.to_string())
}
