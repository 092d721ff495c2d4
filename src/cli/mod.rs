//! Command-line arguments; one file per subcommand. Exit codes and error messages are
//! [`failure`]'s.

mod bench;
mod check;
mod common;
mod failure;
mod run;
mod template;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use failure::Failure;

/// 财政项目支出绩效自评表：批量提取、检查、复核评分、汇总、打印。
/// Reads a folder of performance self-evaluation forms, checks and re-scores them, and
/// writes a consolidated workbook and printable PDFs.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Without a subcommand, `run`'s options apply: `zipingbiao 收到的表 --out 结果`.
    #[command(flatten)]
    run: run::RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Everything: read, check, re-score, write JSON, summary.xlsx and PDFs (the default).
    Run(run::RunArgs),
    /// Read and check only; print the findings; exit 1 when one is an error.
    Check(check::CheckArgs),
    /// Write a blank fill-in workbook for submitters.
    Template(template::TemplateArgs),
    /// Time every stage on N generated official-layout workbooks (speed and peak memory).
    Bench(bench::BenchArgs),
    /// One stage of `bench`, run in its own process.
    #[command(hide = true)]
    BenchStage(bench::StageArgs),
    /// One step of `bench --hostile`, run in its own process.
    #[command(hide = true)]
    BenchHostileStep(bench::HostileStepArgs),
}

pub fn dispatch(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Some(Command::Run(args)) => run::run(args),
        Some(Command::Check(args)) => check::check(args),
        Some(Command::Template(args)) => template::template(args),
        Some(Command::Bench(args)) => bench::bench(args).map_err(Failure::Bench),
        Some(Command::BenchStage(args)) => bench::stage(args).map_err(Failure::Bench),
        Some(Command::BenchHostileStep(args)) => bench::hostile_step(args).map_err(Failure::Bench),
        None => run::run(cli.run),
    }
}
