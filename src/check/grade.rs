//! The four grades of the scoring rules, and the mark of a form that has none.

/// A form's grade: 优 (excellent), 良 (good), 中 (fair), 差 (poor) by the bands of
/// `scoring.toml`, or 未评分 for a form with no points to grade (a 目标自评表).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Grade {
    /// 优: at least `grades.excellent` points (90 by the national rules).
    Excellent,
    /// 良: at least `grades.good` (80).
    Good,
    /// 中: at least `grades.fair` (60).
    Fair,
    /// 差: below `grades.fair`.
    Poor,
    /// 未评分: the form has no 得分 to grade.
    #[default]
    Ungraded,
    /// 待核: what was read of the form does not hold together (READ_DOUBTFUL): no grade is
    /// given until a person has compared it with the original.
    Doubtful,
}

impl Grade {
    /// The four grades a scored form can have, best first (the columns of every grade table).
    pub const GRADED: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    /// The grade as the forms and reports write it: 优, 良, 中, 差 or 未评分.
    pub fn name(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
            Grade::Ungraded => "未评分",
            Grade::Doubtful => "待核",
        }
    }

    /// True for 优, 良, 中 and 差.
    pub fn is_graded(self) -> bool {
        self.index().is_some()
    }

    /// The place of a scored grade in [`Grade::GRADED`].
    pub fn index(self) -> Option<usize> {
        Grade::GRADED.iter().position(|g| *g == self)
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_order_are_the_forms() {
        let names: Vec<&str> = Grade::GRADED.iter().map(|g| g.name()).collect();
        assert_eq!(names, ["优", "良", "中", "差"]);
        assert_eq!(Grade::Ungraded.to_string(), "未评分");
        assert_eq!(Grade::Fair.index(), Some(2));
        assert_eq!(Grade::Ungraded.index(), None);
        assert!(Grade::Excellent < Grade::Poor);
    }
}
