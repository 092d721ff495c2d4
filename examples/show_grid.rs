//! Prints the grids a file is read into, as the extractor sees them: one line per row,
//! cells separated by tabs, then the merged ranges. For looking at what a reader made of a
//! PDF, a Word document or a workbook:
//!
//! ```text
//! cargo run --example show_grid -- samples/嘉定区生态环境局/环境监测站自评表.xlsx
//! ```
//!
//! With `--cells` after the file, also every cell that holds text with its position.

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: show_grid FILE");
        std::process::exit(2);
    };
    match zipingbiao::read_file(std::path::Path::new(&path)) {
        Ok(grids) => {
            for grid in grids {
                println!(
                    "== {:?} {} ({} rows, columns trusted: {})",
                    grid.kind,
                    grid.sheet.as_deref().unwrap_or(""),
                    grid.row_count(),
                    grid.columns_trusted()
                );
                for (r, row) in grid.rows.iter().enumerate() {
                    let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                    let at = row
                        .first()
                        .map(|c| c.pos.label(grid.kind))
                        .unwrap_or_default();
                    println!("{r:>3} [{at}] {}", cells.join(" | "));
                }
                if std::env::args().any(|a| a == "--cells") {
                    for cell in grid.rows.iter().flatten().filter(|c| !c.is_blank()) {
                        println!("{} = {}", cell.pos.label(grid.kind), cell.text);
                    }
                }
                for m in grid.merges() {
                    println!(
                        "merge rows {}..={} cols {}..={}",
                        m.first_row, m.last_row, m.first_col, m.last_col
                    );
                }
            }
        }
        Err(e) => {
            eprintln!("{} ({:?})", e.reason_zh(), e.code());
            std::process::exit(1);
        }
    }
}
