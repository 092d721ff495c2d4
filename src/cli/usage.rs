//! The command line in Chinese: the help's template and headings, and every usage error
//! clap reports said again in Chinese, with what was typed and what is expected (clap's own
//! messages are English, and a clerk reads Chinese).

use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::Cli;

/// The help of every command: what it does, its usage, its commands, arguments and options
/// (under the Chinese headings each command sets).
pub const HELP: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The arguments, or the exit code after help, the version or a usage error was printed.
pub fn parse() -> Result<Cli, ExitCode> {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match Cli::try_parse_from(&args) {
        Ok(cli) => Ok(cli),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                // Help and version are no errors; they print as clap lays them out.
                let _ = e.print();
                Err(ExitCode::SUCCESS)
            }
            _ => {
                let said = stray_words(&args[1.min(args.len())..]).unwrap_or_else(|| message(&e));
                eprintln!("{said}");
                Err(ExitCode::from(2))
            }
        },
    }
}

/// The commands, for a mistyped one.
const COMMANDS: [&str; 5] = ["run", "check", "template", "bench", "serve"];

/// A command line with words where none belong, said for what it most likely is: a
/// mistyped command (`chek 收到的表` → check), or a second folder where only the input is
/// taken (`收到的表 结果` → `--out 结果`). `None` where it is something else.
fn stray_words(args: &[String]) -> Option<String> {
    use clap::CommandFactory;
    let cli = Cli::command();
    let command = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .and_then(|first| cli.find_subcommand(first.as_str()));
    let takes_value = |flag: &str| {
        let (name, inline) = match flag.split_once('=') {
            Some((name, _)) => (name, true),
            None => (flag, false),
        };
        let find = |c: &clap::Command| {
            c.get_arguments()
                .find(|a| {
                    let long = name
                        .strip_prefix("--")
                        .is_some_and(|l| a.get_long() == Some(l));
                    let short = name.len() == 2
                        && name.strip_prefix('-').and_then(|s| s.chars().next()) == a.get_short();
                    long || short
                })
                .map(|a| a.get_action().takes_values())
        };
        !inline
            && command
                .and_then(find)
                .or_else(|| find(&cli))
                .unwrap_or(false)
    };
    let mut words = Vec::new();
    let mut skip = false;
    for a in args {
        if std::mem::take(&mut skip) {
            continue;
        }
        if a.starts_with('-') && a.len() > 1 {
            skip = takes_value(a);
        } else {
            words.push(a.as_str());
        }
    }
    if command.is_some() {
        words.remove(0);
    }
    let help = "运行 zipingbiao --help 查看用法。";
    if command.is_none()
        && let Some(first) = words.first()
        && !std::path::Path::new(first).exists()
        && let Some(meant) = COMMANDS.iter().find(|c| edit_distance(first, c) <= 2)
    {
        return Some(format!(
            "错误：没有“{first}”这个命令，也没有叫“{first}”的文件夹。是不是要用“{meant}”？{help}"
        ));
    }
    let [input, extra, ..] = words.as_slice() else {
        return None;
    };
    Some(format!(
        "错误：多了一个参数“{extra}”：只能给一个输入（“{input}”）。如果“{extra}”是要写入结果的文件夹，请用 --out {extra}。{help}"
    ))
}

/// A missing input named like a command (`tempalte`): the usage mistake it most likely is.
pub fn missing_input(input: &std::path::Path) -> Option<super::Failure> {
    if input.exists() {
        return None;
    }
    let typed = input.to_str()?;
    let meant = COMMANDS.iter().find(|c| edit_distance(typed, c) <= 2)?;
    Some(super::Failure::Usage(format!(
        "没有“{typed}”这个命令，也没有叫“{typed}”的文件夹。是不是要用“{meant}”？运行 zipingbiao --help 查看用法。"
    )))
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A usage error in Chinese: what is wrong, a suggestion where clap has one, and where the
/// help is.
pub fn message(e: &clap::Error) -> String {
    let text = |kind: ContextKind| -> Option<String> {
        match e.get(kind)? {
            ContextValue::String(s) => Some(s.clone()),
            ContextValue::Strings(v) => Some(v.join("、")),
            ContextValue::StyledStr(s) => Some(s.to_string()),
            ContextValue::StyledStrs(v) => Some(
                v.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
            ContextValue::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            // A value parser's own reason (already Chinese) comes as the error's source.
            let reason = std::error::Error::source(e)
                .map(|s| format!("：{s}"))
                .unwrap_or_default();
            let valid = text(ContextKind::ValidValue)
                .filter(|v| !v.is_empty())
                .map(|v| format!("；可用的值：{v}"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("{arg} 需要一个值{valid}")
            } else {
                format!("{arg} 的值“{value}”无效{reason}{valid}")
            }
        }
        ErrorKind::UnknownArgument => format!("没有“{arg}”这个选项"),
        ErrorKind::InvalidSubcommand => {
            format!("没有“{arg}”这个命令（可用：run、check、template、bench）")
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用等号连接（{arg}=值）"),
        ErrorKind::ArgumentConflict => {
            let other = text(ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} 不能与 {other} 同时使用")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令（run、check、template 或 bench）".to_owned(),
        ErrorKind::TooManyValues => format!("{arg} 给的值太多：“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 给的值个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8）".to_owned(),
        _ => format!("命令行有误（{}）", e.kind()),
    };
    let suggestion = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .or_else(|| text(ContextKind::SuggestedValue))
        .map(|s| format!("。是不是要用“{s}”？"))
        .unwrap_or_else(|| "。".to_owned());
    format!("错误：{what}{suggestion}运行 zipingbiao --help 查看用法。")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(args: &[&str]) -> String {
        let mut full = vec!["zipingbiao"];
        full.extend_from_slice(args);
        match Cli::try_parse_from(full) {
            Ok(_) => String::new(),
            Err(e) => message(&e),
        }
    }

    #[test]
    fn usage_errors_are_said_in_chinese_with_the_suggestion() {
        let unknown = error_of(&["--outptus", "json"]);
        assert!(unknown.contains("没有“--outptus”这个选项"), "{unknown}");
        assert!(unknown.contains("是不是要用“--outputs”"), "{unknown}");
        let bad = error_of(&["--outputs", "json,xslx"]);
        assert!(
            bad.contains("--outputs") && bad.contains("json,xslx"),
            "{bad}"
        );
        assert!(bad.contains("xslx"), "{bad}");
        let jobs = error_of(&["--jobs", "很多"]);
        assert!(
            jobs.contains("--jobs") && jobs.contains("“很多”无效"),
            "{jobs}"
        );
        for text in [unknown, bad, jobs] {
            assert!(
                !text.is_ascii() && text.contains("zipingbiao --help"),
                "{text}"
            );
        }
    }

    #[test]
    fn stray_words_are_said_for_what_they_most_likely_are() {
        let said = |args: &[&str]| {
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            stray_words(&args).unwrap_or_default()
        };
        let two = said(&["收到的自评表", "结果"]);
        assert!(
            two.contains("多了一个参数“结果”") && two.contains("--out 结果"),
            "{two}"
        );
        let run = said(&["run", "收到的自评表", "结果", "--jobs", "2"]);
        assert!(run.contains("多了一个参数“结果”"), "{run}");
        let typo = said(&["chek", "收到的自评表"]);
        assert!(
            typo.contains("没有“chek”这个命令") && typo.contains("“check”"),
            "{typo}"
        );
        // An option's value is no stray word; one input is fine.
        assert_eq!(said(&["收到的自评表", "--out", "结果"]), "");
        assert_eq!(said(&["check", "收到的自评表", "--previous", "去年"]), "");
        assert_eq!(edit_distance("chek", "check"), 1);
        assert_eq!(edit_distance("tempalte", "template"), 2);
    }

    #[test]
    fn the_help_is_chinese() {
        let help = Cli::try_parse_from(["zipingbiao", "--help"])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        for heading in ["用法：", "命令", "参数", "选项", "显示帮助", "结果文件夹"]
        {
            assert!(help.contains(heading), "{heading} in\n{help}");
        }
        for english in ["Usage:", "Options:", "Commands:", "Print help"] {
            assert!(!help.contains(english), "{english} in\n{help}");
        }
        let check = Cli::try_parse_from(["zipingbiao", "check", "--help"])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(check.contains("只显示错误"), "{check}");
        assert!(!check.contains("Options:"), "{check}");
    }
}
