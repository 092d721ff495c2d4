//! `form.toml` as written (the serde shapes) and its compilation into the vocabulary's
//! tables, each part checked with a message that names what to fix.

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TemplateFile {
    pub(super) labels: BTreeMap<String, Vec<String>>,
    pub(super) taxonomy: Vec<Level1Entry>,
    #[serde(default)]
    pub(super) aliases: HashMap<String, String>,
    #[serde(default)]
    pub(super) sections: BTreeMap<String, Vec<String>>,
    pub(super) comparators: ComparatorLists,
    pub(super) marks: Marks,
    pub(super) names: NamePatterns,
    #[serde(default, rename = "layout")]
    pub(super) layouts: Vec<Layout>,
    #[serde(default, rename = "head")]
    pub(super) heads: Vec<HeadEntry>,
}

/// `[[head]]`: labels matched by their head term (see [`HeadTerm`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HeadEntry {
    pub(super) labels: Vec<String>,
    pub(super) heads: Vec<String>,
    pub(super) modifiers: Vec<String>,
}

/// `[[head]]` compiled: one [`HeadTerm`] per head word and label, longest head first; every
/// label named must be one of `[labels]`, and heads and modifiers are written as keys.
pub(super) fn compile_heads(file: &TemplateFile) -> Result<Vec<HeadTerm>, VocabularyError> {
    let invalid = VocabularyError::Invalid;
    let mut out = Vec::new();
    for entry in &file.heads {
        let modifiers: Vec<String> = entry
            .modifiers
            .iter()
            .map(|m| compact_text(m))
            .filter(|m| !m.is_empty())
            .collect();
        for name in &entry.labels {
            let Some(&(label, ..)) = LABELS.iter().find(|(_, key, _)| key == name) else {
                return Err(invalid(format!("[[head]] 中的“{name}”不是可用的标签")));
            };
            for head in &entry.heads {
                let head = label_key(head);
                if head.is_empty() {
                    return Err(invalid(format!("[[head]] {name} 的 heads 中有空的名称")));
                }
                out.push(HeadTerm {
                    label,
                    head,
                    modifiers: modifiers.clone(),
                });
            }
        }
    }
    out.sort_by_key(|h| std::cmp::Reverse(h.head.len()));
    Ok(out)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ComparatorLists {
    pub(super) at_least: Vec<String>,
    pub(super) at_most: Vec<String>,
    pub(super) more_than: Vec<String>,
    pub(super) less_than: Vec<String>,
    pub(super) equal: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Marks {
    pub(super) not_applicable: Vec<String>,
    pub(super) placeholders: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NamePatterns {
    pub(super) numbering: String,
    pub(super) codes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Level1Entry {
    pub(super) level1: String,
    pub(super) level2: Vec<String>,
}

/// `[labels]`: each label key's names, as label keys and as written; every label needs one,
/// and one word may head columns of two blocks (分值 in the funds and the indicator table),
/// never two fields of one block: a header could not say which it is.
#[allow(clippy::type_complexity)]
pub(super) fn compile_labels(
    file: &TemplateFile,
) -> Result<(HashMap<String, Vec<Label>>, HashMap<Label, Vec<String>>), VocabularyError> {
    let invalid = VocabularyError::Invalid;
    if let Some(unknown) = file
        .labels
        .keys()
        .find(|k| *k != "title" && !LABELS.iter().any(|(_, key, _)| key == *k))
    {
        return Err(invalid(format!("[labels] 中的“{unknown}”不是可用的标签")));
    }
    let mut labels: HashMap<String, Vec<Label>> = HashMap::default();
    let mut label_words: HashMap<Label, Vec<String>> = HashMap::default();
    for &(label, key, _) in LABELS {
        let names = file.labels.get(key).map(Vec::as_slice).unwrap_or(&[]);
        label_words.insert(
            label,
            names
                .iter()
                .map(|n| compact_text(n))
                .filter(|n| !n.is_empty())
                .collect(),
        );
        if names.iter().all(|n| label_key(n).is_empty()) {
            return Err(invalid(format!("[labels] {key} 至少需要一个名称")));
        }
        for name in names {
            let entry = labels.entry(label_key(name)).or_default();
            if !entry.contains(&label) {
                entry.push(label);
            }
        }
    }
    for (key, found) in &labels {
        for (i, a) in found.iter().enumerate() {
            if let Some(b) = found[i + 1..]
                .iter()
                .find(|b| block_of(**b) == block_of(*a))
            {
                return Err(invalid(format!(
                    "[labels] 中“{key}”同时列在 {} 和 {} 下，同一表块中一个名称只能属于一个栏目",
                    label_name(*a),
                    label_name(*b)
                )));
            }
        }
    }
    Ok((labels, label_words))
}

/// `[[layout]]`: names once each, and a `min` a form can reach.
pub(super) fn check_layouts(layouts: &[Layout]) -> Result<(), VocabularyError> {
    let invalid = VocabularyError::Invalid;
    let mut layout_names = HashSet::default();
    for layout in layouts {
        if !layout_names.insert(layout.name.as_str()) {
            return Err(invalid(format!("[[layout]] “{}”重复出现", layout.name)));
        }
        if layout.min == 0 || layout.min > layout.signature.len() {
            return Err(invalid(format!(
                "[[layout]] “{}”的 min = {} 须在 1 到 signature 的条数（{}）之间",
                layout.name,
                layout.min,
                layout.signature.len()
            )));
        }
    }
    Ok(())
}

/// `[labels] title`: the form's titles, as label keys.
pub(super) fn compile_titles(file: &TemplateFile) -> Result<Vec<String>, VocabularyError> {
    let invalid = VocabularyError::Invalid;
    let title = file.labels.get("title").map(Vec::as_slice).unwrap_or(&[]);
    if title.iter().all(|t| label_key(t).is_empty()) {
        return Err(invalid("[labels] title 至少需要一个名称".to_owned()));
    }
    Ok(title.iter().map(|t| label_key(t)).collect())
}

/// The taxonomy compiled: each name's level, the level 2s of each level 1, the level 1s.
pub(super) struct Taxonomy {
    pub(super) levels: HashMap<String, Level>,
    pub(super) level2_by_level1: HashMap<String, Vec<String>>,
    pub(super) level1_names: HashSet<String>,
}

/// `[[taxonomy]]` and `[aliases]`: a level 1 once, a level 2 under one level 1, an alias
/// naming a known level.
pub(super) fn compile_taxonomy(file: &TemplateFile) -> Result<Taxonomy, VocabularyError> {
    let invalid = VocabularyError::Invalid;
    let mut levels = HashMap::default();
    let mut level2_by_level1: HashMap<String, Vec<String>> = HashMap::default();
    let mut level1_names = HashSet::default();
    for entry in &file.taxonomy {
        let one = label_key(&entry.level1);
        if !level1_names.insert(one.clone()) {
            return Err(invalid(format!("一级指标“{one}”重复出现")));
        }
        // A level 1 that is also a level 2 elsewhere (成本指标: a level 2 of 产出指标 in
        // the 2020 table, a level 1 of its own since 2021) keeps its level-2 entry; the
        // level-1 reading is asked for by `is_level1`.
        match levels.get(&one) {
            Some(Level::Two { .. }) => {}
            _ => {
                levels.insert(one.clone(), Level::One(one.clone()));
            }
        }
        for two in &entry.level2 {
            let two = label_key(two);
            let level = Level::Two {
                name: two.clone(),
                parent: one.clone(),
            };
            match levels.get(&two) {
                Some(Level::Two { .. }) => {
                    return Err(invalid(format!("二级指标“{two}”出现在多个一级指标下")));
                }
                Some(Level::One(_)) if !level1_names.contains(&two) => {}
                Some(Level::One(_)) => {}
                None => {}
            }
            levels.insert(two.clone(), level);
            level2_by_level1.entry(one.clone()).or_default().push(two);
        }
    }
    for (alias, canonical) in &file.aliases {
        let Some(level) = levels.get(&label_key(canonical)).cloned() else {
            return Err(invalid(format!(
                "别名“{alias}”指向的“{canonical}”不在指标体系中"
            )));
        };
        levels.entry(label_key(alias)).or_insert(level);
    }
    Ok(Taxonomy {
        levels,
        level2_by_level1,
        level1_names,
    })
}

/// `[sections]`: label key → section name, and the labels as written, longest first.
#[allow(clippy::type_complexity)]
pub(super) fn compile_sections(
    file: &TemplateFile,
) -> (HashMap<String, String>, Vec<(String, String)>) {
    let mut sections = HashMap::default();
    let mut section_labels = Vec::new();
    for (name, aliases) in &file.sections {
        for alias in aliases {
            sections.insert(label_key(alias), name.clone());
            section_labels.push((crate::normalize::to_halfwidth(alias), name.clone()));
        }
    }
    section_labels.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
    (sections, section_labels)
}

/// `[comparators]`: every word with its comparator, longest first.
pub(super) fn compile_comparators(c: &ComparatorLists) -> Vec<(String, Comparator)> {
    let mut comparators: Vec<(String, Comparator)> = [
        (&c.at_least, Comparator::AtLeast),
        (&c.at_most, Comparator::AtMost),
        (&c.more_than, Comparator::MoreThan),
        (&c.less_than, Comparator::LessThan),
        (&c.equal, Comparator::Equal),
    ]
    .into_iter()
    .flat_map(|(words, kind)| {
        words
            .iter()
            .map(move |w| (crate::normalize::to_halfwidth(w), kind))
    })
    .collect();
    comparators.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
    comparators
}

/// `[marks] placeholders` and `[names]`: the regular expressions, each checked.
pub(super) fn compile_patterns(
    file: &TemplateFile,
) -> Result<(Vec<Regex>, Regex, Vec<Regex>), VocabularyError> {
    let invalid = VocabularyError::Invalid;
    let pattern = |p: &str| Regex::new(p).map_err(|e| invalid(format!("正则表达式“{p}”有误：{e}")));
    let placeholders = file
        .marks
        .placeholders
        .iter()
        .map(|p| pattern(p))
        .collect::<Result<_, _>>()?;
    let codes: Vec<Regex> = file
        .names
        .codes
        .iter()
        .map(|p| pattern(p))
        .collect::<Result<_, _>>()?;
    if let Some(bad) = codes.iter().find(|r| {
        !r.capture_names().flatten().any(|n| n == "code")
            || !r.capture_names().flatten().any(|n| n == "name")
    }) {
        return Err(invalid(format!(
            "[names] codes 中的“{}”须有 (?P<code>…) 和 (?P<name>…) 两组",
            bad.as_str()
        )));
    }
    Ok((placeholders, pattern(&file.names.numbering)?, codes))
}
