//! Parts of names that are not the name: a template's numbering (`指标1：`, rule
//! `numbering`), a budget code (`219-`, `51000021R000000019951-`, rule `code-prefix`), and
//! rows a template leaves empty (`指标2：`, `……`, `/ / /`, rule `placeholder-row`). The
//! patterns are the vocabulary's (`[names]` and `[marks]` of form.toml).

use crate::model::{Located, Text};

use super::vocabulary::Vocabulary;

/// A level-3 name without the template's numbering before it.
pub fn without_numbering(name: Text, vocab: &Vocabulary) -> Text {
    match vocab.numbering_len(&name.value) {
        Some(len) => Located::new(name.value[len..].trim().to_owned(), name.at, name.raw),
        None => name,
    }
}

/// A name and the budget code written before it, split: (name, code).
pub fn split_code(field: Text, vocab: &Vocabulary) -> (Text, Option<Text>) {
    match vocab.split_code(&field.value) {
        Some((code, name)) => {
            let code = Located::new(code.to_owned(), field.at, field.raw.clone());
            (
                Located::new(name.trim().to_owned(), field.at, field.raw),
                Some(code),
            )
        }
        None => (field, None),
    }
}

/// True for a row a template left empty: no name once its numbering is gone (or a
/// placeholder such as `……`), and nothing in its target, actual or points either.
pub fn is_placeholder_row(level3: &str, values: &[&str], vocab: &Vocabulary) -> bool {
    let blank = |t: &str| {
        let t = t.trim();
        t.is_empty() || vocab.is_placeholder(t) || vocab.not_applicable().iter().any(|m| m == t)
    };
    let name = match vocab.numbering_len(level3) {
        Some(len) => &level3[len..],
        None => level3,
    };
    blank(name) && values.iter().all(|v| blank(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Text {
        Located::new(s.to_owned(), None, s)
    }

    #[test]
    fn numbering_goes_and_the_name_stays() {
        let v = Vocabulary::builtin();
        assert_eq!(
            without_numbering(text("指标1：新建沟渠长度"), &v).value,
            "新建沟渠长度"
        );
        assert_eq!(
            without_numbering(text("指标 12:受益人口"), &v).value,
            "受益人口"
        );
        assert_eq!(
            without_numbering(text("指标完成率"), &v).value,
            "指标完成率"
        );
        assert_eq!(
            without_numbering(text("新建沟渠长度"), &v).raw,
            "新建沟渠长度"
        );
    }

    #[test]
    fn codes_are_split_off_names_but_years_are_not_codes() {
        let v = Vocabulary::builtin();
        let (name, code) = split_code(text("219-某某镇人民政府"), &v);
        assert_eq!(
            (name.value.as_str(), code.map(|c| c.value)),
            ("某某镇人民政府", Some("219".into()))
        );
        let (name, code) = split_code(text("51000021R000000019951-工资性支出"), &v);
        assert_eq!(name.value, "工资性支出");
        assert_eq!(code.unwrap().value, "51000021R000000019951");
        let (name, code) = split_code(text("2023-2025年高标准农田建设"), &v);
        assert_eq!(
            (name.value.as_str(), code),
            ("2023-2025年高标准农田建设", None)
        );
        assert!(split_code(text("5G基站建设"), &v).1.is_none());
    }

    #[test]
    fn placeholder_rows_are_empty_template_rows_only() {
        let v = Vocabulary::builtin();
        assert!(is_placeholder_row("指标2：", &["", "", "", ""], &v));
        assert!(is_placeholder_row("……", &["", "", "", ""], &v));
        assert!(is_placeholder_row("/", &["/", "/", "", ""], &v));
        assert!(!is_placeholder_row("指标2：", &["≥90%", "", "", ""], &v));
        assert!(!is_placeholder_row("受益人口", &["", "", "", ""], &v));
    }
}
