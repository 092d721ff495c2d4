//! The label vocabulary and the indicator taxonomy, loaded from `templates/form.toml`.
//!
//! The default is compiled in, so the program works from any folder; a user may load an
//! edited copy for a province's variant.

use std::collections::BTreeMap;

use regex::Regex;
// Looked up for every cell of every form, built from the templates only (a file's text is
// looked up, never inserted): the fast hash, not SipHash's defence against chosen keys.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;

use crate::model::Comparator;
use crate::normalize::{label_key, label_key_start};

/// The first comparator word in `words` (longest first) that `matches` the half-width text.
fn comparator_in(
    words: &[(String, Comparator)],
    text: &str,
    matches: impl Fn(&str, &str) -> bool,
) -> Option<(Comparator, usize)> {
    let t = crate::normalize::to_halfwidth(text);
    words
        .iter()
        .find(|(w, _)| matches(&t, w))
        .map(|(w, c)| (*c, w.len()))
}

/// The block of the form a label belongs to: a word names one field per block at most.
fn block_of(label: Label) -> u8 {
    LABELS
        .iter()
        .find(|(l, ..)| *l == label)
        .map_or(u8::MAX, |(.., block)| *block)
}

/// A label's key in `[labels]` of form.toml.
fn label_name(label: Label) -> &'static str {
    LABELS
        .iter()
        .find(|(l, ..)| *l == label)
        .map_or("?", |(_, key, _)| key)
}

mod compile;

use compile::*;

/// The template compiled into the program.
pub const DEFAULT_FORM_TEMPLATE: &str = include_str!("../../templates/form.toml");

/// Declares the labels once: the enum, each label's key in `[labels]` of form.toml, and the
/// block of the form it belongs to (a word may name one field per block at most).
macro_rules! labels {
    ($($(#[doc = $doc:literal])* $label:ident = $key:literal in $block:literal,)*) => {
        /// Every label the extractor looks for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Label {
            $($(#[doc = $doc])* $label,)*
        }

        /// Each label, its key in `[labels]` of form.toml and its block: the one list of them.
        const LABELS: &[(Label, &str, u8)] = &[$((Label::$label, $key, $block),)*];
    };
}

labels! {
    /// 项目名称
    ProjectName = "project_name" in 0,
    /// 主管部门
    Department = "department" in 0,
    /// 实施单位
    ImplementingUnit = "implementing_unit" in 0,
    /// 项目资金（万元）: the head of the funds block
    FundsHeader = "funds_header" in 1,
    /// 年初预算数
    Initial = "initial" in 1,
    /// 全年预算数 (调整后预算数)
    Adjusted = "adjusted" in 1,
    /// 全年执行数 (预算执行数)
    Executed = "executed" in 1,
    /// 分值 of the funds block
    FundsWeight = "funds_weight" in 1,
    /// 执行率
    FundsRate = "funds_rate" in 1,
    /// 得分 of the funds block
    FundsScore = "funds_score" in 1,
    /// 原因 and the like beside the funds rows
    FundsRemark = "funds_remark" in 1,
    /// 年度资金总额: the total row of the funds block
    FundsTotal = "funds_total" in 2,
    /// 其中：当年财政拨款
    CurrentYearAppropriation = "current_year_appropriation" in 2,
    /// 上年结转资金
    Carryover = "carryover" in 2,
    /// 其他资金
    Other = "other" in 2,
    /// 年度总体目标
    Goal = "goal" in 3,
    /// 预期目标
    GoalExpected = "goal_expected" in 3,
    /// 实际完成情况
    GoalAchieved = "goal_achieved" in 3,
    /// 绩效指标: the head of the indicator table
    IndicatorBlock = "indicator_block" in 4,
    /// 一级指标
    Level1 = "level1" in 4,
    /// 二级指标
    Level2 = "level2" in 4,
    /// 三级指标
    Level3 = "level3" in 4,
    /// 年度指标值
    Target = "target" in 4,
    /// 指标性质 (`≥`, `定性`) where the target is split over columns
    TargetDirection = "target_direction" in 4,
    /// 度量单位 where the target is split over columns
    TargetUnit = "target_unit" in 4,
    /// 实际完成值
    Actual = "actual" in 4,
    /// 分值 of an indicator row
    Weight = "weight" in 4,
    /// 得分 of an indicator row
    Score = "score" in 4,
    /// 偏差原因分析及改进措施
    Remark = "remark" in 4,
    /// 总分
    Total = "total" in 5,
}

/// A layout of the form's family and the texts that tell it (`[[layout]]` of form.toml).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The layout's name (`national`, `sichuan`), as a form's `layout` says it.
    pub name: String,
    /// What it is called in Chinese (`四川 部门预算项目支出绩效自评表`).
    pub title: String,
    /// Texts only it prints (a `*` at an end matches a prefix or an infix).
    pub signature: Vec<String>,
    /// How many of them a form must show to be in this layout.
    pub min: usize,
    /// The family's base layout (the national one): the others are it with changes, so it
    /// is chosen only where none of them reaches its minimum.
    #[serde(default)]
    pub base: bool,
}

/// The layouts' signature texts compiled once, each as `(layout index, text index)`:
/// matched as written (half-width, no whitespace), as a label (`其中：当年财政拨款` is
/// `当年财政拨款`; not for texts with letters or a colon, which must be written so), or as a
/// prefix (`X*`) or an infix (`*X*`). See `extract::layout`.
#[derive(Debug, Clone, Default)]
pub struct Signatures {
    /// Texts matched as written: text → (layout, text) pairs.
    pub by_text: HashMap<String, Vec<(usize, usize)>>,
    /// Texts matched as labels: label key → (layout, text) pairs.
    pub by_label: HashMap<String, Vec<(usize, usize)>>,
    /// The first characters of `by_label`'s keys: a cell starting with none of them is
    /// matched without building its label key.
    pub label_starts: HashSet<char>,
    /// Prefixes (`X*`) with their layout and text.
    pub prefixes: Vec<(usize, usize, String)>,
    /// Infixes (`*X*`) with their layout and text.
    pub infixes: Vec<(usize, usize, String)>,
}

impl Signatures {
    /// True where `text` may be, as a label, one of the signature texts.
    pub fn may_be_label(&self, text: &str) -> bool {
        may_start(&self.label_starts, text)
    }

    fn compile(layouts: &[Layout]) -> Signatures {
        let mut out = Signatures::default();
        for (l, layout) in layouts.iter().enumerate() {
            for (k, text) in layout.signature.iter().enumerate() {
                let t = compact_text(text);
                match (t.strip_prefix('*'), t.strip_suffix('*')) {
                    (Some(inner), Some(_)) => {
                        out.infixes
                            .push((l, k, inner.trim_end_matches('*').to_owned()));
                    }
                    (None, Some(prefix)) => out.prefixes.push((l, k, prefix.to_owned())),
                    _ => {
                        if !t.contains(['(', ':']) {
                            out.label_starts.extend(t.chars().next());
                            out.by_label.entry(t.clone()).or_default().push((l, k));
                        }
                        out.by_text.entry(t).or_default().push((l, k));
                    }
                }
            }
        }
        out
    }
}

/// A text compared as layouts compare it: half-width, no whitespace.
pub fn compact_text(s: &str) -> String {
    crate::normalize::to_halfwidth(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// How a text was taken for a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelMatch {
    /// One of the label's names in `[labels]`, as written or with the variants every name
    /// allows (a colon, a trailing note in brackets, 其中：).
    Name,
    /// By its meaning (rule `head-term`): no name of the label, but its head term after
    /// modifiers the vocabulary allows (参考分值 is a 分值, 年初设定目标值 a 目标值), or a name
    /// with a note in brackets inside it (项目（资金）名称), or one of names joined by `/`
    /// (单位名称/项目名称).
    Head,
}

/// A label matched by its head term: Chinese labels are head-final, so a label that ends in
/// `head` is one of `label`'s when what stands before it is made of `modifiers` (any of
/// them, in any order). A word that is no modifier keeps the label out: 专家评分 is no 得分
/// of the unit's.
#[derive(Debug, Clone)]
pub struct HeadTerm {
    /// The label it names.
    pub label: Label,
    /// The head term, as a label key (分值).
    pub head: String,
    /// The words allowed before it (参考, 指标, 自评 …), half-width without whitespace.
    pub modifiers: Vec<String>,
}

impl HeadTerm {
    /// True where `key` (a label key) is `head` after one or more modifiers.
    fn matches(&self, key: &str) -> bool {
        key.strip_suffix(self.head.as_str())
            .is_some_and(|before| !before.is_empty() && made_of(before, &self.modifiers))
    }
}

/// True where `text` is a run of `words` (each any number of times, in any order).
fn made_of(text: &str, words: &[String]) -> bool {
    let mut reached = vec![false; text.len() + 1];
    reached[0] = true;
    for at in 0..text.len() {
        if !reached[at] || !text.is_char_boundary(at) {
            continue;
        }
        for word in words {
            if text[at..].starts_with(word.as_str()) {
                reached[at + word.len()] = true;
            }
        }
    }
    reached[text.len()]
}

/// A label key without its notes in brackets anywhere (`项目(资金)名称` → `项目名称`).
fn without_notes(key: &str) -> std::borrow::Cow<'_, str> {
    if !key.contains('(') {
        return std::borrow::Cow::Borrowed(key);
    }
    let mut out = String::with_capacity(key.len());
    let mut depth = 0usize;
    for c in key.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What a taxonomy name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    /// A level-1 name.
    One(String),
    /// A level-2 name and its level 1.
    Two {
        /// The level-2 name.
        name: String,
        /// Its level 1.
        parent: String,
    },
}

/// The compiled vocabulary: label keys to labels, the taxonomy, section names, comparator
/// words, marks and name patterns, and the layouts.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    labels: HashMap<String, Vec<Label>>,
    titles: Vec<String>,
    levels: HashMap<String, Level>,
    level2_by_level1: HashMap<String, Vec<String>>,
    /// Every level-1 name, those that are also a level 2 elsewhere included.
    level1_names: HashSet<String>,
    /// The first characters of the label keys and of the taxonomy's keys: most cells (numbers,
    /// names, remarks) start with none of them and are told apart without building a key.
    label_starts: HashSet<char>,
    level_starts: HashSet<char>,
    /// Section label key → section name.
    sections: HashMap<String, String>,
    /// Section labels as written, longest first (to find them inside a cell).
    section_labels: Vec<(String, String)>,
    /// Comparator words, longest first.
    comparators: Vec<(String, Comparator)>,
    /// Each label's names as written (half-width, no whitespace), to find one inside a cell.
    label_words: HashMap<Label, Vec<String>>,
    signatures: Signatures,
    not_applicable: Vec<String>,
    placeholders: Vec<Regex>,
    numbering: Regex,
    codes: Vec<Regex>,
    layouts: Vec<Layout>,
    /// Labels matched by their head term, longest head first.
    heads: Vec<HeadTerm>,
}

/// Why a `form.toml` cannot be used, said so the user can fix the file (the file's path is
/// added by [`crate::config`]).
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    /// Not TOML, or not the shape `form.toml` has.
    #[error("格式有误：{0}")]
    Syntax(String),
    /// Well-formed, but contradicting itself (a word of two fields, a label unknown).
    #[error("内容有误：{0}")]
    Invalid(String),
}

impl Vocabulary {
    /// The compiled-in default.
    pub fn builtin() -> Self {
        // The default template is part of the program and covered by tests.
        Self::parse(DEFAULT_FORM_TEMPLATE).expect("the built-in templates/form.toml is valid")
    }

    /// Parses and validates the text of a `form.toml`.
    pub fn parse(text: &str) -> Result<Self, VocabularyError> {
        let file: TemplateFile =
            toml::from_str(text).map_err(|e| VocabularyError::Syntax(e.to_string()))?;
        let (labels, label_words) = compile_labels(&file)?;
        check_layouts(&file.layouts)?;
        let titles = compile_titles(&file)?;
        let Taxonomy {
            levels,
            level2_by_level1,
            level1_names,
        } = compile_taxonomy(&file)?;
        let (sections, section_labels) = compile_sections(&file);
        let comparators = compile_comparators(&file.comparators);
        let (placeholders, numbering, codes) = compile_patterns(&file)?;
        let heads = compile_heads(&file)?;
        let starts = |keys: Vec<&String>| keys.iter().filter_map(|k| k.chars().next()).collect();
        // A label matched by its head starts with a modifier.
        let head_words: Vec<&String> = heads.iter().flat_map(|h| &h.modifiers).collect();
        Ok(Vocabulary {
            level1_names,
            label_starts: starts(labels.keys().chain(head_words).collect()),
            label_words,
            level_starts: starts(levels.keys().collect()),
            labels,
            titles,
            levels,
            level2_by_level1,
            sections,
            section_labels,
            comparators,
            not_applicable: file.marks.not_applicable,
            placeholders,
            numbering,
            codes,
            signatures: Signatures::compile(&file.layouts),
            layouts: file.layouts,
            heads,
        })
    }

    /// The section a label cell names (`评价结论：` → `评价结论`).
    pub fn section(&self, text: &str) -> Option<&str> {
        if text.len() > MAX_LABEL_BYTES {
            return None;
        }
        self.sections.get(&label_key(text)).map(String::as_str)
    }

    /// Section labels as written (half-width), longest first, with their names.
    pub fn section_labels(&self) -> &[(String, String)] {
        &self.section_labels
    }

    /// The comparator a word at the start of `text` names, and the word's length in bytes
    /// of the half-width text (`≥`, `不低于`, `控制在`).
    pub fn comparator_at_start(&self, text: &str) -> Option<(Comparator, usize)> {
        comparator_in(&self.comparators, text, |t, w| t.starts_with(w))
    }

    /// The comparator `text` is, whole (a 指标性质 cell: `≥`, `不低于`).
    pub fn comparator(&self, text: &str) -> Option<Comparator> {
        let t = crate::normalize::to_halfwidth(text.trim());
        self.comparators
            .iter()
            .find(|(w, _)| *w == t)
            .map(|(_, c)| *c)
    }

    /// The comparator words, longest first.
    pub fn comparator_words(&self) -> &[(String, Comparator)] {
        &self.comparators
    }

    /// Not-applicable marks (`—`, `/`, `无`).
    pub fn not_applicable(&self) -> &[String] {
        &self.not_applicable
    }

    /// True where a level-3 name (numbering removed) is a template's empty row.
    pub fn is_placeholder(&self, name: &str) -> bool {
        let name = name.trim();
        self.placeholders.iter().any(|p| p.is_match(name))
    }

    /// The template's numbering at the start of a name (`指标1：`), as a byte length.
    pub fn numbering_len(&self, name: &str) -> Option<usize> {
        self.numbering
            .find(name)
            .filter(|m| m.start() == 0 && m.end() > 0)
            .map(|m| m.end())
    }

    /// A budget code before a name: (code, name).
    pub fn split_code<'a>(&self, text: &'a str) -> Option<(&'a str, &'a str)> {
        self.codes.iter().find_map(|r| {
            let caps = r.captures(text)?;
            let code = caps.name("code")?;
            let name = caps.name("name")?;
            // 2023-2025年…: a year range, no code.
            let c = code.as_str();
            let year_like = c.len() == 4 && (c.starts_with("19") || c.starts_with("20"));
            (!year_like).then(|| (c, name.as_str()))
        })
    }

    /// The layouts, in the template's order.
    pub fn layouts(&self) -> &[Layout] {
        &self.layouts
    }

    /// A label's names as written (half-width, no whitespace): `主管部门`, `主管单位`, ….
    pub fn label_words(&self, label: Label) -> &[String] {
        self.label_words.get(&label).map_or(&[], Vec::as_slice)
    }

    /// The layouts' signature texts, compiled.
    pub fn signatures(&self) -> &Signatures {
        &self.signatures
    }

    /// How a clerk calls a layout (its `title`): `四川 部门预算项目支出绩效自评表`; a form
    /// in none of them is `通用（按表头读取）`.
    pub fn layout_title<'a>(&'a self, name: &'a str) -> &'a str {
        match self.layouts.iter().find(|l| l.name == name) {
            Some(l) => &l.title,
            None if name == super::layout::GENERIC => "通用（按表头读取）",
            None => name,
        }
    }

    /// The layout whose title is `title` (as [`Vocabulary::layout_title`] gives it).
    pub fn layout_named(&self, title: &str) -> Option<&str> {
        match self.layouts.iter().find(|l| l.title == title) {
            Some(l) => Some(&l.name),
            None => (title == "通用（按表头读取）").then_some(super::layout::GENERIC),
        }
    }

    /// True where the cell text is this label, by one of its names or by its meaning.
    pub fn is(&self, label: Label, text: &str) -> bool {
        self.label_match(label, text).is_some()
    }

    /// How the cell text is this label, if it is: by a name, or by its head term (then
    /// the reader leaves a note, rule `head-term`). A name of another label wins (年度目标 is
    /// the goal's, never a target), unless that label is read by the same head in another
    /// block (自评得分, a name of the indicators' 得分, is the funds block's 得分 too).
    pub fn label_match(&self, label: Label, text: &str) -> Option<LabelMatch> {
        let keyed = self.label_keyed(text)?;
        let key: &str = &keyed.1;
        if let Some(found) = self.labels.get(key) {
            if found.contains(&label) {
                return Some(LabelMatch::Name);
            }
            let shares_head = |h: &HeadTerm| {
                h.label == label
                    && h.matches(key)
                    && self.heads.iter().any(|g| {
                        g.head == h.head
                            && found.contains(&g.label)
                            && block_of(g.label) != block_of(label)
                    })
            };
            return self
                .heads
                .iter()
                .any(shares_head)
                .then_some(LabelMatch::Head);
        }
        self.head_labels(key)
            .any(|l| l == label)
            .then_some(LabelMatch::Head)
    }

    /// `text`'s start and key ([`keyed`]) where it may be a label of this vocabulary.
    fn label_keyed(&self, text: &str) -> Option<Keyed> {
        if text.len() > MAX_LABEL_BYTES {
            return None;
        }
        let keyed = keyed(text);
        keyed
            .0
            .is_none_or(|c| self.label_starts.contains(&c))
            .then_some(keyed)
    }

    /// The labels a key that is no name is by its meaning: the names inside it (a note in
    /// brackets taken out, names joined by `/`) and the labels whose head term it ends in.
    fn head_labels<'a>(&'a self, key: &str) -> impl Iterator<Item = Label> + 'a {
        let plain = without_notes(key).into_owned();
        let named: Vec<Label> = std::iter::once(plain.as_str())
            .filter(|p| *p != key)
            .chain(plain.split('/').filter(|_| plain.contains('/')))
            .filter_map(|part| self.labels.get(part))
            .flatten()
            .copied()
            .collect();
        let by_head = self
            .heads
            .iter()
            .filter(move |h| h.matches(&plain))
            .map(|h| h.label);
        named.into_iter().chain(by_head)
    }

    /// The labels `text` is by its meaning only (rule `head-term`): empty where it is a name
    /// of the vocabulary, or no label.
    pub fn labels_by_meaning(&self, text: &str) -> Vec<Label> {
        let Some(keyed) = self.label_keyed(text) else {
            return Vec::new();
        };
        let key: &str = &keyed.1;
        if self.labels.contains_key(key) {
            return Vec::new();
        }
        let mut found: Vec<Label> = self.head_labels(key).collect();
        found.dedup();
        found
    }

    /// True where the cell text is any label of the vocabulary.
    pub fn is_any_label(&self, text: &str) -> bool {
        let Some(keyed) = self.label_keyed(text) else {
            return false;
        };
        let key: &str = &keyed.1;
        self.labels.contains_key(key) || self.head_labels(key).next().is_some()
    }

    /// The name of `label` that `text` (a label, its value after a colon left out) is one
    /// character off (`主管部们` for 主管部门): same length, four characters at least, one
    /// character different, and no label itself. Rule `near-miss-label`, for the identity
    /// block, where a typo would lose the unit's name.
    pub fn near_miss(&self, label: Label, text: &str) -> Option<&str> {
        let head = text.split_once(['：', ':']).map_or(text, |(h, _)| h);
        if head.len() > 64 || self.is_any_label(head) {
            return None;
        }
        let key: Vec<char> = label_key(head).chars().collect();
        if key.len() < 4 {
            return None;
        }
        self.label_words(label)
            .iter()
            .map(String::as_str)
            .find(|name| {
                let name: Vec<char> = name.chars().collect();
                name.len() == key.len()
                    && name.iter().zip(&key).filter(|(a, b)| a != b).count() == 1
            })
    }

    /// True where the cell holds a form title (财政项目支出绩效自评表).
    pub fn is_title(&self, text: &str) -> bool {
        if text.len() > MAX_LABEL_BYTES {
            return false;
        }
        let key = label_key(text);
        self.titles.iter().any(|t| key.contains(t.as_str()))
    }

    /// The taxonomy level of a name such as 质量指标 or 产出 (an alias), if it is one.
    pub fn level(&self, text: &str) -> Option<&Level> {
        if !may_start(&self.level_starts, text) {
            return None;
        }
        self.levels.get(&label_key(text))
    }

    /// The level-1 name `text` is, where it is one (成本指标 too, which is also a level 2).
    pub fn level1_name(&self, text: &str) -> Option<&str> {
        if !may_start(&self.level_starts, text) {
            return None;
        }
        let key = label_key(text);
        match self.levels.get(&key) {
            Some(Level::One(name)) => Some(name),
            _ => self.level1_names.get(&key).map(String::as_str),
        }
    }

    /// The level-2 names under a level 1.
    pub fn level2_names(&self, level1: &str) -> &[String] {
        self.level2_by_level1
            .get(level1)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// False where `text`'s key cannot start as any key whose first character is in `starts`.
/// Longer than any label or title, notes in brackets included: such a cell is a value (a
/// remark, a pasted paragraph), and building its key for every label asked of it made a
/// cell of megabytes cost seconds.
const MAX_LABEL_BYTES: usize = 1024;

/// A text's key's first character and its key, shared.
type Keyed = std::rc::Rc<(Option<char>, String)>;

/// `text`'s key's first character ([`label_key_start`]) and its key ([`label_key`]),
/// remembered per thread: the extractor asks every label of every cell it looks at, label
/// by label over the rows, so each text's key was built again for each label (a tenth of
/// reading a form). The memory is bounded: only texts of label length are kept (a longer
/// one, a remark or a sentence, is keyed each time), and past 16,384 texts it starts
/// again — a few MB a thread at most.
fn keyed(text: &str) -> Keyed {
    use std::cell::RefCell;
    use std::rc::Rc;
    /// Longer than any name of the vocabulary, notes included.
    const REMEMBERED_BYTES: usize = 192;
    thread_local! {
        static KEYS: RefCell<rustc_hash::FxHashMap<Box<str>, Keyed>> =
            RefCell::new(rustc_hash::FxHashMap::default());
    }
    if text.len() > REMEMBERED_BYTES {
        return Rc::new((label_key_start(text), label_key(text)));
    }
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some(found) = keys.get(text) {
            return Rc::clone(found);
        }
        if keys.len() >= 16_384 {
            keys.clear();
        }
        let made = Rc::new((label_key_start(text), label_key(text)));
        keys.insert(text.into(), Rc::clone(&made));
        made
    })
}

fn may_start(starts: &HashSet<char>, text: &str) -> bool {
    text.len() <= MAX_LABEL_BYTES && label_key_start(text).is_none_or(|c| starts.contains(&c))
}

#[cfg(test)]
mod tests;
