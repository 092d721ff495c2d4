use super::*;
use crate::bench::hostile::forge;
use crate::read::{Merge, RejectionCode, SourceKind};

/// A one-page PDF whose page content is `content`, with no fonts (the hostile suite's builder).
fn pdf(content: &[u8]) -> Vec<u8> {
    forge::pdf(content).unwrap()
}

/// A PDF of these pages, with the forged fonts.
fn document(pages: &[&str], creator: Option<&str>) -> Vec<u8> {
    let pages: Vec<&[u8]> = pages.iter().map(|p| p.as_bytes()).collect();
    forge::pdf_document(&pages, creator, true).unwrap()
}

/// `text` shown with the composite font `/F2` at (x, y), 10 pt: each character one code.
fn show(x: f64, y: f64, text: &str) -> String {
    let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("BT /F2 10 Tf {x} {y} Td <{hex}> Tj ET\n")
}

/// The ruling lines of a lattice: rows at `ys`, columns at `xs`, every border drawn but
/// those in `gaps` (vertical borders: (column boundary index, row index)).
fn lattice(xs: &[f64], ys: &[f64], gaps: &[(usize, usize)]) -> String {
    let mut out = String::from("0.5 w\n");
    let (left, right) = (xs[0], xs[xs.len() - 1]);
    for y in ys {
        out.push_str(&format!("{left} {y} m {right} {y} l S\n"));
    }
    for (i, x) in xs.iter().enumerate() {
        for r in 0..ys.len() - 1 {
            if !gaps.contains(&(i, r)) {
                out.push_str(&format!("{x} {} m {x} {} l S\n", ys[r], ys[r + 1]));
            }
        }
    }
    out
}

fn texts(grid: &Grid) -> Vec<Vec<String>> {
    grid.rows
        .iter()
        .map(|row| row.iter().map(|c| c.text.clone()).collect())
        .collect()
}

#[test]
fn a_ruled_table_is_rebuilt_with_its_merges_and_positions() {
    // Three columns, two rows; the second row's last two cells are one (no border between).
    let content = lattice(
        &[50.0, 150.0, 250.0, 350.0],
        &[800.0, 780.0, 760.0],
        &[(2, 1)],
    ) + &show(52.0, 785.0, "项目名称")
        + &show(152.0, 785.0, "社区养老")
        + &show(252.0, 785.0, "服务")
        + &show(52.0, 765.0, "年度总体目标")
        + &show(152.0, 765.0, "为老年人提供服务")
        + &show(200.0, 30.0, "第 1 页 共 1 页");
    let grids = PdfReader.read(&document(&[&content], None)).unwrap();
    let grid = &grids[0];
    assert_eq!(grid.kind, SourceKind::Pdf);
    assert!(grid.columns_trusted());
    // The page number at the foot is not in the grid.
    assert_eq!(
        texts(grid),
        [
            vec!["项目名称", "社区养老", "服务"],
            vec!["年度总体目标", "为老年人提供服务"]
        ]
    );
    assert_eq!(
        grid.merges(),
        &[Merge {
            first_row: 1,
            first_col: 1,
            last_row: 1,
            last_col: 2
        }]
    );
    assert_eq!(grid.pos(1, 1).label(SourceKind::Pdf), "第1页 第2行第2列");
}

#[test]
fn page_numbers_in_the_margins_are_left_out_and_titles_kept() {
    let content = show(200.0, 810.0, "2023年度财政项目支出绩效自评表")
        + &lattice(&[50.0, 150.0, 250.0], &[790.0, 770.0], &[])
        + &show(52.0, 775.0, "项目名称")
        + &show(152.0, 775.0, "道路养护")
        + &show(280.0, 30.0, "- 1 -");
    let grids = PdfReader.read(&document(&[&content], None)).unwrap();
    // The title, the empty stretch under it (an empty row, as in the sheet), the table.
    assert_eq!(
        texts(&grids[0]),
        [
            vec!["", "2023年度财政项目支出绩效自评表"],
            vec![],
            vec!["项目名称", "道路养护"]
        ]
    );
}

#[test]
fn lines_of_a_cell_are_joined_without_spaces_between_chinese_and_with_one_between_words() {
    let content = lattice(&[50.0, 250.0], &[800.0, 760.0], &[])
        + &show(52.0, 788.0, "完成道路")
        + &show(52.0, 776.0, "养护")
        + "BT /F1 10 Tf 52 766 Td (Road) Tj ET\n"
        + &lattice(&[50.0, 250.0], &[700.0, 660.0], &[])
        + "BT /F1 10 Tf 52 688 Td (Annual road) Tj ET\n"
        + "BT /F1 10 Tf 52 676 Td (maintenance) Tj ET\n";
    let grids = PdfReader.read(&document(&[&content], None)).unwrap();
    let rows = texts(&grids[0]);
    assert_eq!(rows[0], ["完成道路养护Road"]);
    assert_eq!(rows.last().unwrap(), &["Annual road maintenance"]);
}

#[test]
fn a_page_without_rules_is_split_at_wide_gaps_into_an_untrusted_grid() {
    let content = show(50.0, 800.0, "项目名称")
        + &show(200.0, 800.0, "社区养老服务补贴")
        + &show(50.0, 780.0, "主管部门")
        + &show(200.0, 780.0, "徐汇区民政局");
    let grids = PdfReader.read(&document(&[&content], None)).unwrap();
    assert_eq!(grids[0].kind, SourceKind::PdfText);
    assert!(!grids[0].columns_trusted());
    assert_eq!(
        texts(&grids[0]),
        [
            vec!["项目名称", "社区养老服务补贴"],
            vec!["主管部门", "徐汇区民政局"]
        ]
    );
}

#[test]
fn a_sheet_printed_in_pieces_is_put_back_side_by_side_only_from_a_spreadsheet() {
    let ys = [800.0, 780.0, 760.0];
    let left = lattice(&[50.0, 150.0, 250.0], &ys, &[])
        + &show(52.0, 785.0, "项目名称")
        + &show(152.0, 785.0, "道路")
        + &show(52.0, 765.0, "总分");
    let right =
        lattice(&[50.0, 120.0], &ys, &[]) + &show(52.0, 785.0, "分值") + &show(52.0, 765.0, "100");
    let joined = PdfReader
        .read(&document(&[&left, &right], Some("Calc")))
        .unwrap();
    assert_eq!(
        texts(&joined[0]),
        [vec!["项目名称", "道路", "分值"], vec!["总分", "", "100"]]
    );
    // The right piece's cells say the page they are on, and their column on it.
    assert_eq!(
        joined[0].pos(0, 2).label(SourceKind::Pdf),
        "第2页 第1行第1列"
    );
    // The same pages from a word processor are two tables, one under the other.
    let apart = PdfReader
        .read(&document(&[&left, &right], Some("Writer")))
        .unwrap();
    assert_eq!(apart[0].row_count(), 4);
    // Two pages of one shape from a spreadsheet are two forms, not two pieces.
    let twice = PdfReader
        .read(&document(&[&left, &left], Some("Microsoft® Excel® 2016")))
        .unwrap();
    assert_eq!(twice[0].row_count(), 4);
}

#[test]
fn text_run_over_the_cut_between_pieces_is_one_cell_again() {
    let ys = [800.0, 780.0];
    // The long text is drawn on both pages, clipped to each page's printed area.
    let clip = |x0: f64, x1: f64| format!("q {x0} 700 {} 150 re W n\n", x1 - x0);
    let left = lattice(&[50.0, 150.0, 250.0], &ys, &[])
        + &show(52.0, 785.0, "目标")
        + &clip(50.0, 250.0)
        + &show(152.0, 785.0, "完成全年道路养护任务并按期验收")
        + "Q\n";
    let right = lattice(&[50.0, 150.0], &ys, &[])
        + &clip(50.0, 150.0)
        + &show(-48.0, 785.0, "完成全年道路养护任务并按期验收")
        + "Q\n";
    let grids = PdfReader
        .read(&document(&[&left, &right], Some("Calc")))
        .unwrap();
    assert_eq!(
        texts(&grids[0]),
        [vec!["目标", "完成全年道路养护任务并按期验收"]]
    );
}

#[test]
fn a_cell_taller_than_its_row_is_placed_by_the_centre_of_its_lines() {
    // Header row 780–800 with 年度 / 指标值 drawn centred on it, spilling above and below;
    // the value row under it.
    let content = lattice(&[50.0, 150.0], &[800.0, 780.0, 760.0], &[])
        + &show(52.0, 791.0, "年度")
        + &show(52.0, 779.0, "指标值")
        + &show(52.0, 765.0, "≥95%");
    let grids = PdfReader.read(&document(&[&content], None)).unwrap();
    assert_eq!(texts(&grids[0]), [vec!["年度指标值"], vec!["≥95%"]]);
}

#[test]
fn a_scan_text_without_a_font_and_a_broken_file_are_told_apart() {
    let scan = pdf(b"q 595 0 0 842 0 0 cm /Im1 Do Q");
    assert_eq!(
        PdfReader.read(&scan).unwrap_err().code(),
        RejectionCode::ScannedPdf
    );
    let scan_reason = PdfReader.read(&scan).unwrap_err().reason_zh();
    assert!(scan_reason.contains("扫描件"), "{scan_reason}");
    let unreadable = pdf(b"BT /F1 12 Tf 72 700 Td (Xiang mu) Tj ET");
    let err = PdfReader.read(&unreadable).unwrap_err();
    assert_eq!(err.code(), RejectionCode::PdfNotRead);
    assert!(err.reason_zh().contains(".xlsx"), "{}", err.reason_zh());
    assert_eq!(
        PdfReader.read(b"%PDF-1.4 not really").unwrap_err().code(),
        RejectionCode::CorruptFile
    );
}

#[test]
fn a_content_stream_that_inflates_past_the_bound_is_refused_not_inflated() {
    let bomb = pdf(&vec![b' '; MAX_PDF_STREAM_BYTES + 1024]);
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let err = PdfReader.read(&bomb).unwrap_err();
    assert_eq!(err.code(), RejectionCode::FileTooLarge);
    assert!(err.reason_zh().contains("64 MB"), "{}", err.reason_zh());
}

#[test]
fn a_page_of_more_operations_than_the_bound_is_refused() {
    let ops = "n\n".repeat(crate::read::limits::MAX_PDF_PAGE_OPERATIONS + 1);
    let err = PdfReader.read(&pdf(ops.as_bytes())).unwrap_err();
    assert_eq!(err.code(), RejectionCode::FileTooLarge);
    assert!(err.reason_zh().contains("绘图指令"), "{}", err.reason_zh());
}

#[test]
fn operators_are_counted_without_decoding() {
    use super::page::operators;
    assert_eq!(
        operators(b"q 1 0 0 1 0 0 cm /F1 12 Tf (a) Tj [(b) -3 (c)] TJ Q"),
        6
    );
    assert_eq!(
        operators(b"(strings (with) Tj inside) Tj % a comment Tj\n n"),
        2
    );
    assert_eq!(operators(b"<4F60> Tj /Name1 /Name2 BT ET"), 3);
}

#[test]
fn lines_a_cell_clips_away_are_its_own_not_its_neighbours() {
    // Rows 800–785, 785–770 (the goal, 15 pt high, its three lines clipped to it as Excel
    // prints them) and 770–755 (the header). The goal's first line lies over the row above,
    // its last line `66%。` over the header's 得分.
    let goal_clip = "q 50 770 200 15 re W n\n";
    let content = lattice(
        &[50.0, 150.0, 250.0],
        &[800.0, 785.0, 770.0, 755.0],
        &[(1, 1)],
    ) + "q 50 785 100 15 re W n\n"
        + &show(52.0, 789.0, "年度")
        + "Q\n"
        + goal_clip
        + &show(52.0, 789.5, "养护县乡道路126公里")
        + &show(52.0, 776.0, "结算完成率97.5%占比")
        + &show(52.0, 762.5, "66%。")
        + "Q\n"
        + "q 50 755 100 15 re W n\n"
        + &show(52.0, 759.0, "指标")
        + "Q\nq 150 755 100 15 re W n\n"
        + &show(152.0, 759.0, "得分")
        + "Q\n";
    let grids = PdfReader.read(&document(&[&content], None)).unwrap();
    assert_eq!(
        texts(&grids[0]),
        [
            vec!["年度", ""],
            vec!["养护县乡道路126公里结算完成率97.5%占比66%。"],
            vec!["指标", "得分"]
        ]
    );
}

#[test]
fn a_clip_over_several_cells_places_nothing() {
    // A clip around the whole table (the printed area) is no cell's: its text is placed by
    // where it lies, and what it hides stays out.
    let content = lattice(&[50.0, 150.0], &[800.0, 785.0, 770.0], &[])
        + "q 50 770 100 30 re W n\n"
        + &show(52.0, 789.0, "年度")
        + &show(52.0, 774.0, "指标")
        + &show(52.0, 700.0, "看不见")
        + "Q\n";
    let grids = PdfReader.read(&document(&[&content], None)).unwrap();
    assert_eq!(texts(&grids[0]), [vec!["年度"], vec!["指标"]]);
}
