//! Notices that send returned forms back (问题反馈单): for every 主管部门 (or 实施单位, as
//! `[notice] per` says) with a form the reviewer returned (复核结论 退回修改 in
//! 复核记录.xlsx), a notice in the style of an official letter — the recipient, what is
//! returned and by when it is to come back, then per form its figures, the reviewer's
//! opinion and every finding the reviewer accepted with its file, sheet and cell — and one
//! list of every returned form. Each is a [`Report`], written as Word and as PDF like the
//! year-end analysis.

use super::Context;
use super::analysis::{Part, Report};
use crate::batch::FormSummary;
use crate::check::findings::Severity;
use crate::config::NoticePer;
use crate::normalize::decimal_string;

/// The folder of the notices in the output folder.
pub const FOLDER: &str = "notices";

/// A notice and the name its files get (without extension).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// `问题反馈单-某区教育局`.
    pub name: String,
    /// What it says.
    pub report: Report,
}

/// The notices of the batch, one per recipient with a returned form, and the list of all
/// returned forms last; none where no form was returned.
pub fn notices(ctx: &Context) -> Vec<Notice> {
    let options = &ctx.settings.report.notice;
    let returned: Vec<&FormSummary> = ctx
        .rows()
        .filter(|f| f.conclusion() == "退回修改")
        .collect();
    if returned.is_empty() {
        return Vec::new();
    }
    let recipient = |f: &FormSummary| -> String {
        let name = match options.per {
            NoticePer::Department => &f.department,
            NoticePer::Unit => &f.unit,
        };
        if name.trim().is_empty() {
            "（未填写单位）".to_owned()
        } else {
            name.clone()
        }
    };
    let year = returned.iter().find_map(|f| f.year);
    let year_text = year.map(|y| format!("{y}年度")).unwrap_or_default();
    let mut recipients: Vec<String> = Vec::new();
    for f in &returned {
        let r = recipient(f);
        if !recipients.contains(&r) {
            recipients.push(r);
        }
    }
    let mut out: Vec<Notice> = recipients
        .iter()
        .map(|to| {
            let forms: Vec<&FormSummary> = returned
                .iter()
                .copied()
                .filter(|f| &recipient(f) == to)
                .collect();
            Notice {
                name: format!("问题反馈单-{}", super::pdf::safe_name(to)),
                report: notice_to(to, &forms, &year_text, ctx),
            }
        })
        .collect();
    out.push(Notice {
        name: "退回修改清单".to_owned(),
        report: list(&returned, &year_text, ctx),
    });
    out
}

/// The notice to `to` of its returned `forms`.
fn notice_to(to: &str, forms: &[&FormSummary], year: &str, ctx: &Context) -> Report {
    let options = &ctx.settings.report.notice;
    let mut parts = vec![
        Part::Paragraph(format!("{to}：")),
        Part::Paragraph(format!(
            "经复核，贵单位报送的{year}项目支出绩效自评表中，以下 {} 份存在需要修改的问题，现予退回。请对照下列问题逐项核实修改，于{}将修改后的自评表重新报送。重新报送时请保持项目名称不变，文件名可注明“更正”。",
            forms.len(),
            options.reply_by
        )),
    ];
    for (n, f) in forms.iter().enumerate() {
        parts.push(Part::Heading(format!(
            "{}、{}",
            chinese_number(n + 1),
            f.project
        )));
        let reported = f.reported_total.map_or("未填写".to_owned(), decimal_string);
        let rescored = f.rescored().map_or("未评分".to_owned(), decimal_string);
        parts.push(Part::Paragraph(format!(
            "实施单位：{}；报送文件：{}；自评总分 {reported}，复核总分 {rescored}。",
            f.unit, f.source.file
        )));
        if let Some(d) = &f.review
            && !d.opinion.is_empty()
        {
            parts.push(Part::Paragraph(format!("复核意见：{}", d.opinion)));
        }
        if !f.resolved.is_empty() {
            parts.push(Part::Paragraph(format!(
                "与上次反馈相比，已更正 {} 项：{}。以下为仍需修改的问题。",
                f.resolved.len(),
                f.resolved.join("；")
            )));
        }
        let rows: Vec<Vec<String>> = f
            .findings
            .iter()
            .filter(|x| x.severity() != Severity::Info)
            .enumerate()
            .map(|(k, x)| {
                vec![
                    (k + 1).to_string(),
                    format!("{}：{}", x.severity().zh(), x.code.title_zh()),
                    location(f, x),
                    match &x.indicator {
                        Some(i) => format!("【{i}】{}", x.message),
                        None => x.message.clone(),
                    },
                ]
            })
            .collect();
        if rows.is_empty() {
            parts.push(Part::Paragraph(
                "本表没有工具发现的错误或警告，请按复核意见修改。".to_owned(),
            ));
        } else {
            parts.push(Part::Table {
                columns: vec![
                    ("序号".to_owned(), 0.8, true),
                    ("问题".to_owned(), 1.6, false),
                    ("位置".to_owned(), 2.4, false),
                    ("需核实修改的内容".to_owned(), 5.0, false),
                ],
                rows,
            });
        }
    }
    parts.push(Part::Paragraph(String::new()));
    parts.push(Part::Paragraph(format!(
        "{}　{}",
        options.office,
        crate::clock::today()
    )));
    Report {
        title: format!("{year}项目支出绩效自评问题反馈单"),
        parts,
    }
}

/// The list of every returned form.
fn list(forms: &[&FormSummary], year: &str, ctx: &Context) -> Report {
    let options = &ctx.settings.report.notice;
    let rows = forms
        .iter()
        .enumerate()
        .map(|(k, f)| {
            vec![
                (k + 1).to_string(),
                f.department.clone(),
                f.unit.clone(),
                f.project.clone(),
                f.count(Severity::Error).to_string(),
                f.count(Severity::Warning).to_string(),
                f.review
                    .as_ref()
                    .map(|d| d.opinion.clone())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Report {
        title: format!("{year}项目支出绩效自评退回修改清单"),
        parts: vec![
            Part::Paragraph(format!(
                "共退回 {} 份自评表，请于{}重新报送。（{}　{}）",
                forms.len(),
                options.reply_by,
                options.office,
                crate::clock::today()
            )),
            Part::Table {
                columns: vec![
                    ("序号".to_owned(), 0.8, true),
                    ("主管部门".to_owned(), 2.0, false),
                    ("实施单位".to_owned(), 2.4, false),
                    ("项目名称".to_owned(), 2.6, false),
                    ("错误".to_owned(), 0.7, true),
                    ("警告".to_owned(), 0.7, true),
                    ("复核意见".to_owned(), 3.0, false),
                ],
                rows,
            },
        ],
    }
}

/// Where a finding is, in words a unit's clerk reads without Excel's notation:
/// `单位/表.xlsx 工作表“市容整治”H18单元格`, or `表.txt 第12行第4栏` (问题清单 writes the
/// shorter `表.xlsx · 市容整治!H18` for the office).
fn location(form: &FormSummary, finding: &crate::check::findings::Finding) -> String {
    let at = finding.at.map(|p| match &form.source.sheet {
        Some(sheet) => format!("工作表“{sheet}”{}单元格", p.a1()),
        None => p.describe_zh(form.source.kind),
    });
    match at {
        Some(at) => format!("{} {at}", form.source.file),
        None => form.source.file.clone(),
    }
}

/// 一, 二, … 九十九: the numbers of official headings.
fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn headings_are_numbered_as_official_text_numbers_them() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100]
            .into_iter()
            .map(chinese_number)
            .collect();
        assert_eq!(
            got,
            ["一", "九", "十", "十一", "二十", "二十一", "九十九", "100"]
        );
    }
}
