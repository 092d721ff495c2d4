//! `booklet.pdf`: the cover with the batch's figures, the contents, every form with its page
//! numbers running through, and bookmarks nested 主管部门 → 实施单位 → 项目 (one booklet per
//! 主管部门 past `booklet_max_forms`).

use super::*;
use writer::{Bookmark, Glyphs, Writer};

/// `booklet.pdf`, or `booklet/<主管部门>.pdf` past `booklet_max_forms` forms.
pub fn write_booklets(
    out: &Path,
    ctx: &Context,
    font: &Font,
    review: bool,
    booklet_max_forms: usize,
    sync: &Syncer,
) -> std::io::Result<Vec<SkippedPdf>> {
    // A duplicate has its own PDF; the booklet prints each project once.
    let counted = Context {
        batch: ctx.batch,
        settings: ctx.settings,
        input: ctx.input,
        order: ctx
            .order
            .iter()
            .copied()
            .filter(|&i| ctx.batch.summaries[i].counted())
            .collect(),
        comparison: ctx.comparison,
    };
    let ctx = &counted;
    let skipped = std::sync::Mutex::new(Vec::new());
    if ctx.order.len() <= booklet_max_forms {
        write_staged(&out.join("booklet.pdf"), sync, |w| {
            write_booklet(ctx, font, review, w, &skipped)
        })?;
        return Ok(skipped.into_inner().unwrap_or_default());
    }
    let folder = out.join("booklet");
    std::fs::create_dir_all(&folder)?;
    let mut used: HashSet<String> = HashSet::new();
    for part in by_department(ctx) {
        // Two names that become one file name (A/B, A_B) or differ only in case get （2）.
        let stem = safe_name(&ctx.batch.summaries[part.order[0]].department);
        let name = (1..)
            .map(|n| match n {
                1 => format!("{stem}.pdf"),
                n => format!("{stem}（{n}）.pdf"),
            })
            .find(|name| used.insert(name.to_lowercase()))
            .unwrap_or_default();
        write_staged(&folder.join(name), sync, |w| {
            write_booklet(&part, font, review, w, &skipped)
        })?;
    }
    Ok(skipped.into_inner().unwrap_or_default())
}

/// The context split by 主管部门, each part in the workbook's order.
pub(super) fn by_department<'a>(ctx: &Context<'a>) -> Vec<Context<'a>> {
    let mut parts: Vec<Context<'a>> = Vec::new();
    let mut last: Option<&str> = None;
    for &i in &ctx.order {
        let department = ctx.batch.summaries[i].department.as_str();
        match parts.last_mut() {
            Some(part) if last == Some(department) => part.order.push(i),
            _ => parts.push(Context {
                batch: ctx.batch,
                settings: ctx.settings,
                input: ctx.input,
                order: vec![i],
                comparison: ctx.comparison,
            }),
        }
        last = Some(department);
    }
    parts
}

/// The booklet: cover, contents, every form; bookmarks per department, unit and project.
/// Written straight to `out` as it is made, a slice of forms at a time: a large batch's
/// booklet runs to tens of thousands of pages, and only their object numbers stay.
/// A form whose layout fails gets a page saying so, and is added to `skipped`.
pub fn write_booklet(
    ctx: &Context,
    font: &Font,
    review: bool,
    out: &mut dyn std::io::Write,
    skipped: &std::sync::Mutex<Vec<SkippedPdf>>,
) -> std::io::Result<()> {
    let mut w = Writer::new(out)?;
    let mut glyphs = Glyphs::default();
    // The forms first, a slice at a time laid out on every core and written at once: only
    // page numbers and object numbers stay (the footers, which need the page count, and
    // the cover and contents, which need every form's first page, are added after).
    let mut bodies: Vec<Vec<u32>> = Vec::with_capacity(ctx.order.len());
    for slice in ctx.order.chunks(FORMS_AT_ONCE) {
        let laid: Vec<Vec<Page>> = slice
            .par_iter()
            .map(|&i| form_pages(ctx, font, review, i, skipped))
            .collect::<std::io::Result<_>>()?;
        glyphs.learn(font, laid.iter().flatten());
        let contents: Vec<Vec<(Vec<u8>, bool)>> = laid
            .par_iter()
            .map(|pages| {
                pages
                    .iter()
                    .map(|p| {
                        let data = writer::encode(font, &glyphs, p);
                        match writer::deflate(&data) {
                            Some(z) => (z, true),
                            None => (data, false),
                        }
                    })
                    .collect()
            })
            .collect();
        drop(laid);
        for form in contents {
            let mut ids = Vec::with_capacity(form.len());
            for (data, compressed) in form {
                ids.push(w.content(&data, compressed)?);
            }
            bodies.push(ids);
        }
    }
    let cover = lay_out(font, &cover_blocks(ctx));
    // The contents' length does not depend on the page numbers it shows (they are short),
    // so lay it out once to count its pages, then again with the numbers.
    let count = lay_out(font, &contents_blocks(ctx, &vec![0; bodies.len()])).len();
    let mut starts = Vec::with_capacity(bodies.len());
    let mut next = cover.len() + count + 1;
    for form in &bodies {
        starts.push(next);
        next += form.len();
    }
    let total = next - 1;
    let mut front = cover;
    front.extend(lay_out(font, &contents_blocks(ctx, &starts)));
    let front = with_footers(font, front, 1, total);
    glyphs.learn(font, &front);
    let mut order = Vec::with_capacity(total);
    for page in &front {
        let content = w.content_of(&writer::encode(font, &glyphs, page))?;
        order.push(w.page(&[content])?);
    }
    // The forms' pages get their footers now the count is known: one small stream each,
    // drawn after the page's body.
    for (n, &body) in (front.len() + 1..).zip(bodies.iter().flatten()) {
        let footer = with_footers(font, vec![Page { ops: Vec::new() }], n, total);
        glyphs.learn(font, &footer);
        let footer = footer.first().map(|p| writer::encode(font, &glyphs, p));
        let footer = w.content_of(&footer.unwrap_or_default())?;
        order.push(w.page(&[body, footer])?);
    }
    let identity: String = ctx
        .rows()
        .map(|f| format!("{}|{:?}|{};", f.source.file, f.source.sheet, f.source.row))
        .collect();
    let marks = bookmarks(ctx, &starts);
    w.finish(
        font,
        &glyphs,
        "财政项目支出绩效自评汇编",
        &identity,
        Some(&order),
        &marks,
    )
}

/// How many forms are laid out together before their pages are written: enough to keep
/// every core busy, few enough that a booklet's memory does not grow with the batch.
const FORMS_AT_ONCE: usize = 64;

/// One form's pages as the booklet prints them; a form whose layout fails is a page saying
/// so (and listed as skipped), so the booklet's numbering still holds.
fn form_pages(
    ctx: &Context,
    font: &Font,
    review: bool,
    i: usize,
    skipped: &std::sync::Mutex<Vec<SkippedPdf>>,
) -> std::io::Result<Vec<Page>> {
    let (form, a) = ctx.load(i)?;
    Ok(
        catching(|| lay_out(font, &form::blocks(&form, &a, review, &ctx.settings.vocab)))
            .unwrap_or_else(|what| {
                let summary = &ctx.batch.summaries[i];
                if let Ok(mut list) = skipped.lock() {
                    list.push(SkippedPdf {
                        file: summary.source.file.clone(),
                        project: summary.project.clone(),
                        reason: format!("汇编中此表排版时程序内部出错（{what}）"),
                    });
                }
                let text = format!("《{}》无法排版（{what}），请查看原表。", summary.project);
                lay_out(
                    font,
                    &[Block::Text {
                        text,
                        size: 12.0,
                        align: Align::Left,
                    }],
                )
            }),
    )
}

/// Nested bookmarks: 主管部门 → 实施单位 → 项目, each at its first page (counted from 1).
pub(super) fn bookmarks(ctx: &Context, starts: &[usize]) -> Vec<Bookmark> {
    let mut departments: Vec<Bookmark> = Vec::new();
    let mut seen: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut department_at: BTreeMap<&str, usize> = BTreeMap::new();
    for (form, &start) in ctx.rows().zip(starts) {
        let page = start.saturating_sub(1);
        let (department, unit) = (form.department.as_str(), form.unit.as_str());
        let d = *department_at.entry(department).or_insert_with(|| {
            departments.push(Bookmark {
                title: or_unnamed(department),
                page,
                children: Vec::new(),
            });
            departments.len() - 1
        });
        let key = (department, unit);
        let (d, u) = *seen.entry(key).or_insert_with(|| {
            departments[d].children.push(Bookmark {
                title: or_unnamed(unit),
                page,
                children: Vec::new(),
            });
            (d, departments[d].children.len() - 1)
        });
        departments[d].children[u].children.push(Bookmark {
            title: or_unnamed(&form.project),
            page,
            children: Vec::new(),
        });
    }
    departments
}

/// A bookmark's title: printable, at most a line long, `（未填写）` where empty.
pub(super) fn or_unnamed(s: &str) -> String {
    let s = crate::normalize::printable(s);
    if s.trim().is_empty() {
        "（未填写）".to_owned()
    } else {
        s.chars().take(120).collect()
    }
}

pub(super) fn cover_blocks(ctx: &Context) -> Vec<Block> {
    let stats = Statistics::of(ctx.rows());
    let year = match stats.years.as_slice() {
        [] => String::new(),
        [y] => format!("{y}年度"),
        [first, .., last] => format!("{first}—{last}年度"),
    };
    let departments: HashSet<&str> = ctx.rows().map(|f| f.department.as_str()).collect();
    let grades = |counts: &GradeCounts| {
        counts
            .iter()
            .map(|(g, n)| format!("{g} {n}"))
            .collect::<Vec<_>>()
            .join("，")
    };
    let rate = stats
        .execution_rate()
        .map_or_else(|| "—".to_owned(), crate::normalize::percent_string);
    // Duplicates of this booklet's departments: not in it, and said so.
    let left_out = ctx
        .batch
        .summaries
        .iter()
        .filter(|f| !f.counted() && departments.contains(f.department.as_str()))
        .count();
    let duplicates = match left_out {
        0 => "无".to_owned(),
        n => format!(
            "另有 {n} 份与他表重复，未编入本册、未计入以上合计（见 summary.xlsx 汇总表“计入合计”列）"
        ),
    };
    let kv = |k: &str, v: String| {
        Row::new(vec![
            Cell::new(0, k).align(Align::Center).shaded(),
            Cell::new(1, v),
        ])
    };
    vec![
        Block::Space(55.0),
        Block::Text {
            text: format!("{year}财政项目支出绩效自评汇编"),
            size: 22.0,
            align: Align::Center,
        },
        Block::Space(8.0),
        Block::Text {
            text: "（含复核意见）".to_owned(),
            size: 12.0,
            align: Align::Center,
        },
        Block::Space(25.0),
        Block::Table(Table {
            widths: vec![50.0, 130.0],
            header: vec![],
            rows: vec![
                kv("主管部门", format!("{} 个", stats.departments)),
                kv("实施单位", format!("{} 个", stats.units)),
                kv("自评表", format!("{} 份", stats.forms)),
                kv(
                    "年初预算数合计",
                    format!("{} 元", form::money(stats.initial)),
                ),
                kv(
                    "全年预算数合计",
                    format!("{} 元", form::money(stats.adjusted)),
                ),
                kv(
                    "全年执行数合计",
                    format!("{} 元（执行率 {rate}）", form::money(stats.executed)),
                ),
                kv("自评等级分布", grades(&stats.reported)),
                kv("复核等级分布", grades(&stats.rescored)),
            ]
            .into_iter()
            // The reviewer's decisions (复核记录.xlsx), where there are any.
            .chain(
                crate::batch::Decisions::of(
                    ctx.rows().filter(|f| f.counted()),
                    &ctx.settings.rules,
                )
                .map(|d| {
                    let average = d
                        .final_weighted
                        .average()
                        .map_or("—".to_owned(), |a| format!("{:.2}", a.round_dp(2)));
                    [
                        kv("复核人结论", d.text()),
                        kv(
                            "最终等级分布",
                            format!("{}（加权平均分 {average}）", grades(&d.final_grades)),
                        ),
                    ]
                })
                .into_iter()
                .flatten(),
            )
            .chain([
                kv("重复报送", duplicates),
                kv(
                    "复核发现问题",
                    format!(
                        "错误 {}，警告 {}，提示 {}",
                        stats.findings.errors, stats.findings.warnings, stats.findings.infos
                    ),
                ),
            ])
            .collect(),
        }),
    ]
}

pub(super) fn contents_blocks(ctx: &Context, starts: &[usize]) -> Vec<Block> {
    let header = Row::new(
        ["序号", "主管部门", "实施单位", "项目名称", "页码"]
            .iter()
            .enumerate()
            .map(|(i, h)| Cell::new(i, *h).align(Align::Center).shaded())
            .collect(),
    );
    let rows = ctx
        .rows()
        .zip(starts)
        .enumerate()
        .map(|(i, (form, start))| {
            Row::new(vec![
                Cell::new(0, (i + 1).to_string()).align(Align::Center),
                Cell::new(1, &form.department),
                Cell::new(2, &form.unit),
                Cell::new(3, &form.project),
                Cell::new(
                    4,
                    if *start == 0 {
                        "0000".to_owned()
                    } else {
                        start.to_string()
                    },
                )
                .align(Align::Right),
            ])
        })
        .collect();
    vec![
        Block::Text {
            text: "目　录".to_owned(),
            size: 16.0,
            align: Align::Center,
        },
        Block::Space(4.0),
        Block::Table(Table {
            widths: vec![12.0, 45.0, 50.0, 55.0, 18.0],
            header: vec![header],
            rows,
        }),
    ]
}
