use super::*;

/// A form set in a cut of the font holding the glyphs of several forms gives the very
/// PDF it gets from the whole font, and the cut is far smaller than the font.
#[test]
fn a_narrowed_font_gives_the_same_pdfs() {
    let settings = crate::config::Settings::builtin();
    let font = Font::bundled();
    let forms = crate::bench::seed_forms(&settings);
    assert_eq!(forms.len(), 5);
    let laid: Vec<FormPages> = forms
        .iter()
        .map(|f| {
            let a = crate::check::assess(f, &settings.rules, &settings.vocab);
            FormPages::new(&font, f, &a, true, &settings.vocab)
        })
        .collect();
    // A character the font lacks stays missing in the cut (the PDF leaves it out as
    // it would from the whole font).
    let lacking = '\u{20000}';
    assert_eq!(font.parsed.lookup_glyph_index(lacking as u32), None);
    let extra = Page {
        ops: vec![printpdf::Op::ShowText {
            items: vec![printpdf::TextItem::Text(format!("表{lacking}"))],
        }],
    };
    let pages = laid.iter().flat_map(|f| &f.pages).chain([&extra]);
    let part = narrowed_font(&font.parsed, pages).expect("the bundled font can be cut");
    assert_eq!(part.lookup_glyph_index(lacking as u32), None);
    let (whole, cut) = (font.parsed.num_glyphs(), part.num_glyphs());
    assert!(cut > 100 && cut * 20 < whole, "{cut} of {whole} glyphs");
    for (f, pages) in forms.iter().zip(laid) {
        let a = crate::check::assess(f, &settings.rules, &settings.vocab);
        let expected = render_form(&font, f, &a, true, &settings.vocab);
        assert!(
            pages.into_pdf(&part) == expected,
            "{}",
            f.project_name.value
        );
    }
}

#[test]
fn names_are_safe_on_windows() {
    assert_eq!(safe_name("城市道路养护经费"), "城市道路养护经费");
    assert_eq!(safe_name("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
    assert_eq!(safe_name("  项目. "), "项目");
    assert_eq!(safe_name("CON"), "_CON");
    assert_eq!(safe_name("com1.txt"), "_com1.txt");
    assert_eq!(safe_name(""), "未命名");
    assert_eq!(safe_name(&"长".repeat(200)).chars().count(), NAME_BYTES / 3);
    assert_eq!(safe_name(&"x".repeat(200)).chars().count(), NAME_CHARS);
    // Four-byte characters and emoji: cut by bytes, at a character.
    let wide = safe_name(&("𠀀".repeat(200) + "😀"));
    assert!(
        wide.len() <= NAME_BYTES && wide.chars().all(|c| c == '𠀀'),
        "{wide}"
    );
    assert_eq!(safe_name(" . "), "未命名");
    assert_eq!(safe_name("../../.."), "_.._");
    assert_eq!(safe_name("LPT9"), "_LPT9");
    assert_eq!(safe_name("aux .pdf"), "_aux .pdf");
    assert_eq!(safe_name("运行\u{1b}]0;标题\u{7}"), "运行_]0;标题_");
}
