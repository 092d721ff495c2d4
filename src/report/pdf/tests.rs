use super::*;

/// A form's PDF embeds only the glyphs it shows, and its text reads back whole through
/// the font's ToUnicode map: the project name and the reviewer's block, as a PDF reader
/// (here lopdf) extracts them.
#[test]
fn a_form_pdf_embeds_a_small_part_of_the_font_and_reads_back() {
    let settings = crate::config::Settings::builtin();
    let font = Font::bundled();
    let forms = crate::bench::seed_forms(&settings);
    let form = &forms[0];
    let a = crate::check::assess(form, &settings.rules, &settings.vocab);
    let pdf = render_form(&font, form, &a, true, &settings.vocab).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF lopdf reads");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("its text extracts");
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let name: String = form
        .project_name
        .value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(compact.contains(&name), "{name} in {compact}");
    assert!(compact.contains("复核意见"), "{compact}");
    assert!(
        compact.contains(&format!("第1页共{}页", pages.len())),
        "{compact}"
    );
    // The font program embedded is a few dozen KB of a 4 MB font.
    let whole = font.parsed.bytes().len();
    let program = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Length1").is_ok())
        .map(|s| s.decompressed_content().map(|c| c.len()).unwrap_or(0))
        .max()
        .expect("an embedded TrueType program");
    assert!(
        program > 1000 && program * 40 < whole,
        "{program} of {whole}"
    );
    // The same input, the same bytes.
    assert!(render_form(&font, form, &a, true, &settings.vocab).unwrap() == pdf);
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
