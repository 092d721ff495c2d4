//! Writes `samples-2022/`: the bundled samples' units one year earlier, as a unit would
//! have filled the fill-in template for 2022 — for `--previous` (the year-over-year
//! comparison). Kept beside `samples/`, not in it, so the default run does not read it as
//! this year's input.
//!
//! Most projects continue from 2022 with the same indicators and targets, budgets 5% lower,
//! every target met and scored in full; against them this year's forms show nothing across
//! years. Some differ on purpose, each planted once:
//! - ended in 2022: 垃圾分类宣传经费 (宝山 市容所) and 土壤环境质量监测 (嘉定 监测站);
//! - new in 2023 (no 2022 form): 食品安全抽检监测经费, 农村公路安全生命防护工程,
//!   小型农田水利设施维修养护;
//! - named with the year in 2022 (`2022年城市道路养护经费`): paired by name all the same;
//! - renamed (基层农技推广体系建设补助 in 2022), paired by its 项目编码;
//! - TARGET_LOWERED: 地表水水质自动监测运维's 监测数据有效率 was ≥92% in 2022 (actual 95%),
//!   ≥90% in 2023;
//! - REMARK_REPEATED: 高标准农田建设项目's 新建高标准农田面积 was deducted in 2022 with the
//!   words of 2023's remark;
//! - BUDGET_CHANGED: 城乡居民医保参保补助 had 6,000,000 in 2022, 9,000,000 in 2023;
//! - SCORE_UP_EXECUTION_DOWN: 社区养老服务补贴 scored 10 points less in 2022 and spent all
//!   of its budget, 96.60% in 2023.
//!
//! Run: `cargo run --example make_previous_year` (it reads `samples/` first).

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use zipingbiao::Settings;
use zipingbiao::model::{Amounts, Form, Indicator};
use zipingbiao::report::template::write_template;

const YEAR: i32 = 2022;
const OUT: &str = "samples-2022";

/// 2023 projects with no 2022 form.
const NEW_IN_2023: [&str; 3] = [
    "食品安全抽检监测经费",
    "农村公路安全生命防护工程",
    "小型农田水利设施维修养护",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let settings = Settings::builtin();
    let scratch = std::env::temp_dir().join("zipingbiao-make-previous-year");
    let batch = zipingbiao::pipeline::process_folder(Path::new("samples"), &scratch, &settings);
    if Path::new(OUT).exists() {
        std::fs::remove_dir_all(OUT)?;
    }
    let mut written = 0;
    for i in 0..batch.summaries.len() {
        if !batch.summaries[i].counted() {
            continue;
        }
        let (form, _) = batch.load(i)?;
        if NEW_IN_2023.contains(&form.project_name.value.as_str()) {
            continue;
        }
        let mut last = a_year_earlier(&form);
        plant(&mut last);
        write(&last, &folder_of(&form), &settings)?;
        written += 1;
        // Projects that ended in 2022, beside a form of the same unit.
        if let Some(ended) = ended_beside(&form) {
            write(&ended, &folder_of(&form), &settings)?;
            written += 1;
        }
    }
    println!("{written} forms of {YEAR} → {OUT}/");
    Ok(())
}

/// The folder a form's file is in under `samples/` (the unit's folder), or one named after
/// its unit for a file at the top.
fn folder_of(form: &Form) -> PathBuf {
    match form.source.file.rsplit_once('/') {
        Some((folder, _)) => PathBuf::from(folder),
        None => PathBuf::from(&form.implementing_unit.value),
    }
}

fn write(form: &Form, folder: &Path, settings: &Settings) -> std::io::Result<()> {
    let dir = Path::new(OUT).join(folder);
    std::fs::create_dir_all(&dir)?;
    let name = form
        .project_name
        .value
        .rsplit_once('-')
        .map_or(form.project_name.value.as_str(), |(_, n)| n);
    write_template(
        &dir.join(format!("{name}-{YEAR}年度自评表.xlsx")),
        settings,
        YEAR,
        Some(form),
    )
}

/// `d` × `factor`, to the fen.
fn scaled(d: Option<Decimal>, factor: Decimal) -> Option<Decimal> {
    d.map(|d| (d * factor).round_dp(2))
}

fn scale(a: &mut Amounts, factor: Decimal) {
    for n in [&mut a.initial, &mut a.adjusted, &mut a.executed] {
        n.value = scaled(n.value, factor);
    }
}

/// The same project in 2022: budgets 5% lower, every target met, every score full (as this
/// year's where the form's points are on blocks), no remarks; the funds as the four rows
/// the template prints.
fn a_year_earlier(form: &Form) -> Form {
    let mut last = form.clone();
    last.year.value = Some(YEAR);
    let factor = Decimal::new(95, 2);
    let f = &mut last.funds;
    f.rows.clear();
    for a in [
        &mut f.total,
        &mut f.current_year_appropriation,
        &mut f.carryover,
        &mut f.other,
    ] {
        scale(a, factor);
    }
    f.score.value = f.weight.value;
    for ind in &mut last.indicators {
        ind.actual.value = ind.target.value.clone();
        // A form that gives its points to blocks (湖北) keeps its scores.
        ind.score.value = ind.weight.value.or(ind.score.value);
        ind.remark.value.clear();
        ind.extra.clear();
    }
    let scores: Decimal = last.indicators.iter().filter_map(|i| i.score.value).sum();
    last.total.score.value = Some(scores + last.funds.score.value.unwrap_or_default());
    last.sections.clear();
    last.groups.clear();
    last
}

fn indicator<'a>(form: &'a mut Form, level3: &str) -> &'a mut Indicator {
    form.indicators
        .iter_mut()
        .find(|i| i.level3.value == level3)
        .unwrap_or_else(|| panic!("{level3} is on {}", form.project_name.value))
}

/// Deducts `points` from `level3` of `form` with `remark`, and lowers the total with it.
fn deduct(form: &mut Form, level3: &str, points: Decimal, remark: &str) {
    let ind = indicator(form, level3);
    ind.score.value = ind.score.value.map(|s| s - points);
    ind.remark.value = remark.to_owned();
    form.total.score.value = form.total.score.value.map(|t| t - points);
}

/// The differences planted on purpose (see the module).
fn plant(last: &mut Form) {
    let funds_total = |f: &mut Form, adjusted: i64| {
        let a = &mut f.funds.total;
        let rate = match (a.executed.value, a.adjusted.value) {
            (Some(e), Some(b)) if b > Decimal::ZERO => e / b,
            _ => Decimal::ONE,
        };
        a.initial.value = Some(Decimal::from(adjusted));
        a.adjusted.value = Some(Decimal::from(adjusted));
        a.executed.value = Some((Decimal::from(adjusted) * rate).round_dp(2));
        f.funds.current_year_appropriation = f.funds.total.clone();
    };
    match last.project_name.value.as_str() {
        "城市道路养护经费" => last.project_name.value = format!("{YEAR}年城市道路养护经费"),
        "基层农技推广体系改革与建设补助" => {
            last.project_name.value = "51000023R000000012345-基层农技推广体系建设补助".to_owned();
        }
        "基层林业科技推广补助" => {
            last.project_name.value = "51000023R000000012345-基层林业科技推广补助".to_owned();
        }
        "地表水水质自动监测运维" => {
            let ind = indicator(last, "监测数据有效率");
            ind.target.value = "≥92%".to_owned();
            ind.actual.value = "95%".to_owned();
        }
        "高标准农田建设项目" => deduct(
            last,
            "新建高标准农田面积",
            Decimal::new(15, 1),
            "部分地块土地流转未完成，顺延至2024年实施",
        ),
        "城乡居民医保参保补助" => funds_total(last, 6_000_000),
        "社区养老服务补贴" => {
            deduct(
                last,
                "老年人居家生活质量",
                Decimal::from(10),
                "助餐服务点尚未建成",
            );
            let a = &mut last.funds.total;
            a.executed.value = a.adjusted.value;
            last.funds.current_year_appropriation = last.funds.total.clone();
        }
        _ => {}
    }
}

/// A project of 2022 that did not continue into 2023, written beside `form`'s unit.
fn ended_beside(form: &Form) -> Option<Form> {
    let (name, level3) = match (
        form.project_name.value.as_str(),
        form.implementing_unit.value.as_str(),
    ) {
        ("公园绿地养护经费", _) => ("垃圾分类宣传经费", "宣传活动场次"),
        ("环境空气质量监测能力建设", _) => ("土壤环境质量监测", "土壤监测点位数量"),
        _ => return None,
    };
    let mut ended = a_year_earlier(form);
    ended.project_name.value = name.to_owned();
    if let Some(first) = ended.indicators.first_mut() {
        first.level3.value = level3.to_owned();
    }
    Some(ended)
}
