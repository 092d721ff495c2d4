//! Time and peak memory of writing summary.xlsx for a large batch.
//!
//! `cargo run --release --example bench_summary -- 20000`: replicates the seed's five forms
//! to N forms (each with its own project name), checks them, and times writing the
//! workbook alone. Peak memory is the process's high-water mark (VmHWM, Linux).

use std::time::Instant;

use zipingbiao::pipeline::{Batch, Settings};
use zipingbiao::read::{GridReader, text::TextReader};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let settings = Settings::builtin();
    let seed = include_str!("../samples/songnan-2023-self-evaluation.txt");
    let grids = TextReader::TAB.read(seed.as_bytes())?;
    let seed_forms = zipingbiao::extract::extract_forms(&grids[0], "seed.txt", &settings.vocab);
    let mut batch = Batch::default();
    for i in 0..n {
        let mut form = seed_forms[i % seed_forms.len()].clone();
        form.project_name.value =
            format!("{}（{}）", form.project_name.value, i / seed_forms.len());
        form.department.value = format!("第{}主管部门", i % 40);
        batch.forms.push(form);
    }
    batch.files = n / seed_forms.len();
    batch.assessments = batch
        .forms
        .iter()
        .map(|f| zipingbiao::check::assess(f, &settings.rules, &settings.vocab))
        .collect();
    zipingbiao::check::batch::check(&batch.forms, &mut batch.assessments);
    let before = peak_rss_mb();
    let out = tempfile_dir()?;
    let ctx = zipingbiao::report::xlsx::Context::new(&batch, &settings, "bench");
    let start = Instant::now();
    zipingbiao::report::xlsx::write_summary(&out.join("summary.xlsx"), &ctx)?;
    let took = start.elapsed();
    let size = std::fs::metadata(out.join("summary.xlsx"))?.len();
    let indicators: usize = batch.forms.iter().map(|f| f.indicators.len()).sum();
    println!(
        "summary.xlsx for {n} forms ({indicators} indicator rows): {:.2} s, {:.1} MB file; peak RSS {:.0} MB before writing, {:.0} MB after",
        took.as_secs_f64(),
        size as f64 / 1e6,
        before,
        peak_rss_mb()
    );
    std::fs::remove_dir_all(&out)?;
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("zipingbiao-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
