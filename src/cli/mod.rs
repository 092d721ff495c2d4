//! Command-line arguments; one file per subcommand. Exit codes and error messages are
//! [`failure`]'s.

mod bench;
mod check;
mod common;
mod compare;
mod failure;
mod run;
mod serve;
mod template;
mod usage;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use failure::Failure;
pub use serve::{double_clicked, hold_console};
pub use usage::parse;

/// The 工作台 with its defaults: what a double-click starts.
pub fn serve_by_default() -> Result<ExitCode, Failure> {
    serve::serve(serve::ServeArgs::default())
}

/// 财政项目支出绩效自评表：批量提取、检查、复核评分、汇总、打印。
///
/// 读取一个文件夹中收到的自评表（电子表格、文本、PDF、Word），逐表检查、按规则复核评分，生成汇总工作簿、每份表的 PDF 和汇编。
#[derive(Debug, Parser)]
#[command(
    version,
    args_conflicts_with_subcommands = true,
    override_usage = "zipingbiao [命令] [选项] [输入]",
    help_template = usage::HELP,
    subcommand_help_heading = "命令",
    subcommand_value_name = "命令",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    next_help_heading = "选项"
)]
pub struct Cli {
    /// 显示帮助
    #[arg(short, long, action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Option<Command>,
    /// Without a subcommand, `run`'s options apply: `zipingbiao 收到的表 --out 结果`.
    #[command(flatten)]
    run: run::RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 全部：读取、检查、复核评分，生成 JSON、summary.xlsx 和 PDF（默认）
    #[command(
        override_usage = "zipingbiao run [选项] [输入]",
        help_template = usage::HELP,
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Run(run::RunArgs),
    /// 只读取和检查，显示发现的问题；有错误时退出码为 1
    #[command(
        override_usage = "zipingbiao check [选项] [输入]",
        help_template = usage::HELP,
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Check(check::CheckArgs),
    /// 生成供填报单位使用的空白填报模板（工作簿）
    #[command(
        override_usage = "zipingbiao template [选项]",
        help_template = usage::HELP,
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Template(template::TemplateArgs),
    /// 在生成的 N 份官方格式工作簿上测量各阶段的速度和内存峰值
    #[command(
        override_usage = "zipingbiao bench [选项]",
        help_template = usage::HELP,
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Bench(bench::BenchArgs),
    /// 工作台：在浏览器中选择文件夹、开始复核、逐份查看表和原表、记录复核决定
    #[command(
        override_usage = "zipingbiao serve [选项]",
        help_template = usage::HELP,
        next_help_heading = "选项",
        disable_help_flag = true
    )]
    Serve(serve::ServeArgs),
    /// One stage of `bench`, run in its own process.
    #[command(hide = true, disable_help_flag = true)]
    BenchStage(bench::StageArgs),
    /// One step of `bench --hostile`, run in its own process.
    #[command(hide = true, disable_help_flag = true)]
    BenchHostileStep(bench::HostileStepArgs),
}

pub fn dispatch(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Some(Command::Run(args)) => run::run(args),
        Some(Command::Check(args)) => check::check(args),
        Some(Command::Template(args)) => template::template(args),
        Some(Command::Bench(args)) => bench::bench(args).map_err(Failure::Bench),
        Some(Command::Serve(args)) => serve::serve(args),
        Some(Command::BenchStage(args)) => bench::stage(args).map_err(Failure::Bench),
        Some(Command::BenchHostileStep(args)) => bench::hostile_step(args).map_err(Failure::Bench),
        None => run::run(cli.run),
    }
}
